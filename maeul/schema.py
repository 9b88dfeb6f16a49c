"""The DuckDB schema: plan tables (rebuilt from data/ on every build) and user tables (uploads, kept).

Every table and column is documented in README.md ("Data dictionary"); tests/test_docs.py fails when one is not.
"""

from __future__ import annotations

# Plan tables: dropped and recreated from data/ by maeul.build.build().
PLAN_TABLES_SQL = """
CREATE TABLE strategy (
    code VARCHAR PRIMARY KEY,
    seq INTEGER NOT NULL,
    name_ko VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    aim_ko VARCHAR,
    aim_en VARCHAR
);
CREATE TABLE task (
    code VARCHAR PRIMARY KEY,
    strategy_code VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    name_ko VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL
);
CREATE TABLE unit_project (
    code VARCHAR PRIMARY KEY,
    task_code VARCHAR NOT NULL,
    strategy_code VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    name_ko VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    novelty VARCHAR,
    department VARCHAR,
    goal_ko VARCHAR,
    section VARCHAR
);
CREATE TABLE indicator (
    code VARCHAR PRIMARY KEY,
    unit_project_code VARCHAR,
    task_code VARCHAR,
    strategy_code VARCHAR,
    role VARCHAR NOT NULL,
    name_ko VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    direction VARCHAR NOT NULL,
    target_kind VARCHAR NOT NULL,
    scope VARCHAR NOT NULL,
    district_basis VARCHAR NOT NULL,
    baseline DOUBLE,
    baseline_year INTEGER,
    baseline_text VARCHAR,
    printed_total VARCHAR,
    source_section VARCHAR,
    note VARCHAR,
    seq INTEGER NOT NULL
);
CREATE TABLE target (
    indicator_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    value DOUBLE,
    stage VARCHAR,
    printed VARCHAR,
    source_section VARCHAR,
    PRIMARY KEY (indicator_code, year)
);
CREATE TABLE stage (
    indicator_code VARCHAR NOT NULL,
    ord INTEGER NOT NULL,
    stage VARCHAR NOT NULL,
    PRIMARY KEY (indicator_code, ord)
);
CREATE TABLE budget_line (
    code VARCHAR PRIMARY KEY,
    unit_project_code VARCHAR NOT NULL,
    task_code VARCHAR NOT NULL,
    strategy_code VARCHAR NOT NULL,
    name_ko VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    funding VARCHAR NOT NULL,
    included_in VARCHAR,
    counted_in_viii BOOLEAN NOT NULL,
    printed_total VARCHAR,
    source_section VARCHAR,
    note VARCHAR
);
CREATE TABLE budget_plan (
    line_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    amount_mn DOUBLE NOT NULL,
    printed VARCHAR,
    PRIMARY KEY (line_code, year)
);
CREATE TABLE investment_plan_viii (
    level VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    amount_mn DOUBLE,
    printed VARCHAR
);
CREATE TABLE district (
    code VARCHAR PRIMARY KEY,
    name_ko VARCHAR NOT NULL,
    name_short VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    kostat_code VARCHAR,
    dong_count INTEGER NOT NULL,
    area_km2 DOUBLE,
    dong_count_2018 INTEGER,
    dong_count_2021_04 INTEGER,
    dong_count_2022_03 INTEGER,
    pop_total_2021q2 BIGINT,
    households_2021q2 BIGINT,
    pop_65plus_2021q2 BIGINT
);
CREATE TABLE district_stat (
    district_code VARCHAR,
    stat VARCHAR NOT NULL,
    year INTEGER,
    value DOUBLE,
    unit VARCHAR,
    source VARCHAR
);
CREATE TABLE district_stat_label (
    stat VARCHAR PRIMARY KEY,
    label_ko VARCHAR,
    label_en VARCHAR,
    unit VARCHAR
);
CREATE TABLE data_quality_note (
    id VARCHAR PRIMARY KEY,
    "where" VARCHAR,
    figure_a VARCHAR,
    figure_b VARCHAR,
    model_uses VARCHAR,
    why VARCHAR
);
CREATE TABLE published_actual (
    indicator_code VARCHAR NOT NULL,
    district_code VARCHAR,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    value DOUBLE,
    stage VARCHAR,
    unit VARCHAR,
    ref_period VARCHAR,
    kind VARCHAR,
    publisher VARCHAR,
    source_date VARCHAR,
    url VARCHAR,
    confidence VARCHAR,
    description VARCHAR
);
"""

PLAN_TABLES = [
    "strategy", "task", "unit_project", "indicator", "target", "stage", "budget_line", "budget_plan",
    "investment_plan_viii", "district", "district_stat", "district_stat_label", "data_quality_note",
    "published_actual",
]

# User tables: created once, never dropped by a rebuild. Rows are only ever added; an upload's rows are
# "current" unless a later committed upload has the same key or the upload was rolled back.
USER_TABLES_SQL = """
CREATE SEQUENCE IF NOT EXISTS upload_seq START 1;
CREATE TABLE IF NOT EXISTS upload (
    upload_id INTEGER PRIMARY KEY,
    uploaded_at TIMESTAMP NOT NULL,
    "user" VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    rows INTEGER NOT NULL,
    encoding VARCHAR,
    status VARCHAR NOT NULL,
    is_sample BOOLEAN NOT NULL DEFAULT FALSE,
    rolled_back_at TIMESTAMP,
    rolled_back_by VARCHAR,
    raw BLOB
);
CREATE TABLE IF NOT EXISTS actual (
    indicator_code VARCHAR NOT NULL,
    district_code VARCHAR,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    value DOUBLE,
    stage VARCHAR,
    note VARCHAR,
    upload_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS budget_execution (
    line_code VARCHAR NOT NULL,
    district_code VARCHAR,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    amount_mn DOUBLE NOT NULL,
    note VARCHAR,
    upload_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS space (
    name VARCHAR NOT NULL,
    space_type VARCHAR NOT NULL,
    district_code VARCHAR NOT NULL,
    dong_code VARCHAR,
    address VARCHAR,
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    opened DATE,
    closed DATE,
    has_childcare_room BOOLEAN NOT NULL DEFAULT FALSE,
    note VARCHAR,
    upload_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
"""

USER_TABLES = ["upload", "actual", "budget_execution", "space", "meta"]

# Views over user tables: the current value per key is the row of the latest committed upload.
VIEWS_SQL = """
CREATE OR REPLACE VIEW actual_current AS
SELECT a.indicator_code, a.district_code, a.year, a.quarter,
       arg_max(a.value, a.upload_id) AS value,
       arg_max(a.stage, a.upload_id) AS stage,
       arg_max(a.note, a.upload_id) AS note,
       max(a.upload_id) AS upload_id,
       arg_max(u.is_sample, a.upload_id) AS is_sample
FROM actual a JOIN upload u USING (upload_id)
WHERE u.status = 'committed'
GROUP BY a.indicator_code, a.district_code, a.year, a.quarter;

CREATE OR REPLACE VIEW budget_execution_current AS
SELECT e.line_code, e.district_code, e.year, e.quarter,
       arg_max(e.amount_mn, e.upload_id) AS amount_mn,
       arg_max(e.note, e.upload_id) AS note,
       max(e.upload_id) AS upload_id
FROM budget_execution e JOIN upload u USING (upload_id)
WHERE u.status = 'committed'
GROUP BY e.line_code, e.district_code, e.year, e.quarter;

CREATE OR REPLACE VIEW space_current AS
SELECT s.district_code, s.name,
       arg_max(s.space_type, s.upload_id) AS space_type,
       arg_max(s.dong_code, s.upload_id) AS dong_code,
       arg_max(s.address, s.upload_id) AS address,
       arg_max(s.lat, s.upload_id) AS lat,
       arg_max(s.lon, s.upload_id) AS lon,
       arg_max(s.opened, s.upload_id) AS opened,
       arg_max(s.closed, s.upload_id) AS closed,
       arg_max(s.has_childcare_room, s.upload_id) AS has_childcare_room,
       max(s.upload_id) AS upload_id,
       arg_max(u.is_sample, s.upload_id) AS is_sample
FROM space s JOIN upload u USING (upload_id)
WHERE u.status = 'committed'
GROUP BY s.district_code, s.name;

CREATE OR REPLACE VIEW budget_planned AS
SELECT b.code AS line_code, b.unit_project_code, b.task_code, b.strategy_code, p.year, p.amount_mn,
       b.counted_in_viii
FROM budget_line b JOIN budget_plan p ON p.line_code = b.code;

CREATE OR REPLACE VIEW budget_viii_by_project AS
SELECT unit_project_code AS code, year, sum(amount_mn) AS planned
FROM budget_planned WHERE counted_in_viii GROUP BY ALL;

CREATE OR REPLACE VIEW budget_viii_by_task AS
SELECT task_code AS code, year, sum(amount_mn) AS planned
FROM budget_planned WHERE counted_in_viii GROUP BY ALL;

CREATE OR REPLACE VIEW budget_viii_by_strategy AS
SELECT strategy_code AS code, year, sum(amount_mn) AS planned
FROM budget_planned WHERE counted_in_viii GROUP BY ALL;

CREATE OR REPLACE VIEW budget_viii_by_year AS
SELECT year, sum(amount_mn) AS planned
FROM budget_planned WHERE counted_in_viii GROUP BY ALL;
"""

# The views above, for the data dictionary test.
VIEWS = [
    "actual_current", "budget_execution_current", "space_current", "budget_planned",
    "budget_viii_by_project", "budget_viii_by_task", "budget_viii_by_strategy", "budget_viii_by_year",
]
