"""The DuckDB schema: plan tables (rebuilt from data/ on every build) and user tables (uploads, kept).

Every table and column is documented in README.md ("Data dictionary"); tests/test_docs.py fails when one is not.
"""

from __future__ import annotations

# Plan tables: dropped and recreated from data/ by maeul.plan.build.build().
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
    department_en VARCHAR,
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
    baseline_in_target BOOLEAN,
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
    derived_from VARCHAR,
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
    included_in_en VARCHAR,
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
    source VARCHAR,
    source_en VARCHAR
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
CREATE TABLE reporting_calendar (
    quarter VARCHAR NOT NULL,
    due_days INTEGER,
    due_date DATE,
    grace_days INTEGER NOT NULL,
    note VARCHAR
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
    publisher_en VARCHAR,
    source_date VARCHAR,
    url VARCHAR,
    confidence VARCHAR,
    comparable BOOLEAN,
    description VARCHAR,
    description_en VARCHAR
);
"""

PLAN_TABLES = [
    "strategy", "task", "unit_project", "indicator", "target", "stage", "budget_line", "budget_plan",
    "investment_plan_viii", "district", "district_stat", "district_stat_label", "data_quality_note",
    "published_actual", "reporting_calendar",
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
CREATE TABLE IF NOT EXISTS actual_current_mat (
    indicator_code VARCHAR NOT NULL,
    district_code VARCHAR,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    value DOUBLE,
    stage VARCHAR,
    note VARCHAR,
    upload_id INTEGER NOT NULL,
    is_sample BOOLEAN
);
CREATE TABLE IF NOT EXISTS event (
    event_id BIGINT PRIMARY KEY,
    occurred_at TIMESTAMP NOT NULL,
    "user" VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    quarter VARCHAR,
    district_code VARCHAR,
    scope VARCHAR,
    upload_id INTEGER,
    indicator_code VARCHAR,
    before VARCHAR,
    after VARCHAR,
    detail VARCHAR
);
CREATE TABLE IF NOT EXISTS approval (
    approval_id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    district_code VARCHAR,
    approved_at TIMESTAMP NOT NULL,
    approved_by VARCHAR NOT NULL,
    unlocked_at TIMESTAMP,
    unlocked_by VARCHAR,
    unlock_reason VARCHAR
);
CREATE TABLE IF NOT EXISTS explanation (
    explanation_id INTEGER PRIMARY KEY,
    indicator_code VARCHAR NOT NULL,
    district_code VARCHAR,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    cause VARCHAR,
    measure VARCHAR,
    measure_owner VARCHAR,
    measure_due DATE,
    written_at TIMESTAMP NOT NULL,
    "user" VARCHAR NOT NULL,
    upload_id INTEGER
);
CREATE TABLE IF NOT EXISTS actual_district_total (
    indicator_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    n_rows BIGINT NOT NULL,
    n_values BIGINT NOT NULL,
    value_sum DOUBLE,
    all_sample BOOLEAN
);
"""

USER_TABLES = ["upload", "actual", "budget_execution", "space", "meta", "event", "approval", "explanation",
               "actual_current_mat", "actual_district_total"]

# --- the current actual rows, materialised ----------------------------------------------------------------------
# `actual_current_mat` holds exactly what ACTUAL_CURRENT_SQL computes (per key, the row of the latest committed
# upload), so that reads do not deduplicate every row ever uploaded on each query (~1M rows after years of
# corrections). maeul.upload.store keeps it up to date inside the same transaction as every commit, rollback and sample
# removal, and stamps it with a signature of its inputs (meta key `actual_current_sig`: the row count of `actual`
# and the committed uploads). The view `actual_current` reads the table only while that stamp equals the live
# signature; after any other write (a test fixture, a hand-made INSERT, a preview inside a rolled-back
# transaction) it computes the rows from `actual` as before: never wrong, only slower until the next refresh.
# `actual_district_total` (Σ of the district rows per indicator and quarter, from the same current rows) is
# refreshed and stamped together with it; maeul.read.progress reads both only while the stamp matches.

CURRENT_SIG_KEY = "actual_current_sig"

# A signature of everything the current rows depend on (rows are only ever added; uploads change status).
CURRENT_SIG_SQL = (
    "(SELECT count(*) FROM actual)::VARCHAR || '|' || (SELECT md5(coalesce(string_agg(upload_id::VARCHAR "
    "|| CASE WHEN is_sample THEN 's' ELSE '' END, ',' ORDER BY upload_id), '')) FROM upload "
    "WHERE status = 'committed')"
)

# The definition of the current rows: per key, the row of the latest committed upload.
ACTUAL_CURRENT_SQL = """
SELECT a.indicator_code, a.district_code, a.year, a.quarter,
       arg_max(a.value, a.upload_id) AS value,
       arg_max(a.stage, a.upload_id) AS stage,
       arg_max(a.note, a.upload_id) AS note,
       max(a.upload_id) AS upload_id,
       arg_max(u.is_sample, a.upload_id) AS is_sample
FROM actual a JOIN (SELECT upload_id, is_sample FROM upload WHERE status = 'committed' {and_stale}) u USING (upload_id)
{where}
GROUP BY a.indicator_code, a.district_code, a.year, a.quarter
"""

_FRESH_SQL = f"coalesce((SELECT value FROM meta WHERE key = '{CURRENT_SIG_KEY}') = ({CURRENT_SIG_SQL}), FALSE)"

MAT_COLUMNS = "indicator_code, district_code, year, quarter, value, stage, note, upload_id, is_sample"

# While fresh, the second branch joins `actual` with an empty upload list: DuckDB skips almost all of it.
ACTUAL_CURRENT_VIEW_SQL = f"""
CREATE OR REPLACE VIEW actual_current AS
WITH fresh AS (SELECT {_FRESH_SQL} AS ok)
SELECT {MAT_COLUMNS} FROM actual_current_mat WHERE (SELECT ok FROM fresh)
UNION ALL
{ACTUAL_CURRENT_SQL.format(and_stale="AND NOT (SELECT ok FROM fresh)", where="")};
"""

# Per indicator and quarter: the district rows of the current actuals summed up (citywide counts add them).
TOTALS_SQL = """
SELECT indicator_code, year, quarter, count(*) AS n_rows, count(value) AS n_values, sum(value) AS value_sum,
       bool_and(is_sample) AS all_sample
FROM {source}
WHERE district_code IS NOT NULL
GROUP BY indicator_code, year, quarter
"""

_KEY_MATCH = ("m.indicator_code = k.indicator_code AND m.district_code IS NOT DISTINCT FROM k.district_code "
              "AND m.year = k.year AND m.quarter = k.quarter")


def _totals_and_stamp(cur) -> None:
    """Recompute actual_district_total from actual_current_mat and stamp both as matching the inputs now."""
    cur.execute("DELETE FROM actual_district_total")
    cur.execute("INSERT INTO actual_district_total " + TOTALS_SQL.format(source="actual_current_mat"))
    cur.execute(f"INSERT INTO meta SELECT '{CURRENT_SIG_KEY}', {CURRENT_SIG_SQL} "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value")


def current_is_fresh(cur) -> bool:
    """Whether actual_current_mat matches `actual` and `upload` as they are now (in the caller's transaction)."""
    return bool(cur.execute(f"SELECT {_FRESH_SQL}").fetchall()[0][0])


def refresh_current(cur) -> None:
    """Recompute actual_current_mat from scratch and stamp it (call inside the writer's transaction)."""
    cur.execute("DELETE FROM actual_current_mat")
    cur.execute(f"INSERT INTO actual_current_mat ({MAT_COLUMNS}) "
                + ACTUAL_CURRENT_SQL.format(and_stale="", where="")
                + " ORDER BY district_code NULLS FIRST, indicator_code, year, quarter")
    _totals_and_stamp(cur)


def refresh_current_if_stale(cur) -> bool:
    """Refresh when the stamp does not match (e.g. a database written before the table existed); True if it did."""
    if current_is_fresh(cur):
        return False
    refresh_current(cur)
    return True


def fold_upload(cur, upload_id: int, was_fresh: bool) -> None:
    """After a committed upload's rows were inserted (same transaction): its rows become current for their keys.

    `was_fresh`: current_is_fresh() before the upload was written. When it was not (or when an upload id above this
    one is current somewhere), the table is recomputed from scratch instead."""
    newest = cur.execute("SELECT max(upload_id) FROM actual_current_mat").fetchall()[0][0]
    if not was_fresh or (newest is not None and newest >= upload_id):
        refresh_current(cur)
        return
    cur.execute(f"DELETE FROM actual_current_mat m USING (SELECT indicator_code, district_code, year, quarter "
                f"FROM actual WHERE upload_id = $u) k WHERE {_KEY_MATCH}", {"u": upload_id})
    cur.execute(f"INSERT INTO actual_current_mat ({MAT_COLUMNS}) SELECT a.indicator_code, a.district_code, a.year, "
                "a.quarter, a.value, a.stage, a.note, a.upload_id, u.is_sample FROM actual a JOIN upload u "
                "USING (upload_id) WHERE a.upload_id = $u AND u.status = 'committed'", {"u": upload_id})
    _totals_and_stamp(cur)


def recompute_keys(cur, upload_ids: list[int], was_fresh: bool) -> None:
    """After uploads changed status (same transaction): recompute the current row of every key they touch.

    `was_fresh`: current_is_fresh() before the change; when it was not, the table is recomputed from scratch."""
    if not was_fresh:
        refresh_current(cur)
        return
    ids = [int(u) for u in upload_ids]
    keys = ("(SELECT DISTINCT indicator_code, district_code, year, quarter FROM actual "
            "WHERE list_contains($ids, upload_id))")
    cur.execute(f"DELETE FROM actual_current_mat m USING {keys} k WHERE {_KEY_MATCH}", {"ids": ids})
    touched = (f"WHERE EXISTS (SELECT 1 FROM {keys} k WHERE k.indicator_code = a.indicator_code "
               "AND k.district_code IS NOT DISTINCT FROM a.district_code AND k.year = a.year AND k.quarter = a.quarter)")
    cur.execute(f"INSERT INTO actual_current_mat ({MAT_COLUMNS}) "
                + ACTUAL_CURRENT_SQL.format(and_stale="", where=touched), {"ids": ids})
    _totals_and_stamp(cur)


# Views over user tables: the current value per key is the row of the latest committed upload.
VIEWS_SQL = ACTUAL_CURRENT_VIEW_SQL + """
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
