"""Named read queries for pages and commands: plain functions, bound parameters, DataFrames out.

Each opens its own cursor (`with con.cursor()`), so one cached connection serves Streamlit's threads.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from maeul import PLAN_YEARS
from maeul.read.rules import Quarter, parse_quarter


def _df(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> pd.DataFrame:
    with con.cursor() as cur:
        return cur.execute(sql, params or []).df()


def _codes(district) -> list[str] | None:
    """None (citywide), one code, or several codes → None or a list of codes for `list_contains`."""
    if district is None:
        return None
    return [district] if isinstance(district, str) else sorted(set(district))


def _one(con: duckdb.DuckDBPyConnection, sql: str, params=None):
    with con.cursor() as cur:
        return cur.execute(sql, params or []).fetchone()


# ---------------------------------------------------------------- districts

def districts(con) -> pd.DataFrame:
    """The 25 자치구 with 동 수 (as printed in the plan), area and 2021Q2 population."""
    return _df(con, "SELECT * FROM district ORDER BY code")


def resolve_district(con, text: str | None) -> str | None:
    """'강남구', '강남', 'Gangnam-gu' or '11680' → '11680'; '', '서울시', '전체' → None; unknown → None.

    Use is_citywide() to tell "citywide" from "unknown" when that matters.
    """
    if text is None:
        return None
    t = str(text).strip()
    if not t or is_citywide(t):
        return None
    row = _one(con, """
        SELECT code FROM district
        WHERE code = $t OR name_ko = $t OR name_short = $t OR lower(name_en) = lower($t)
           OR lower(replace(name_en, '-gu', '')) = lower($t) OR name_ko = $t || '구'
        LIMIT 1""", {"t": t})
    return row[0] if row else None


def is_citywide(text: str | None) -> bool:
    return str(text or "").strip() in ("", "서울시", "서울", "서울특별시", "전체", "citywide", "Seoul", "11000")


def district_stats(con, district: str | None = None) -> pd.DataFrame:
    """district_stat rows with their labels; district None = all rows (citywide rows have district_code NULL)."""
    return _df(con, """
        SELECT s.district_code, d.name_ko AS district_name, s.stat, l.label_ko, l.label_en, s.year, s.value,
               coalesce(s.unit, l.unit) AS unit, s.source, s.source_en
        FROM district_stat s
        LEFT JOIN district_stat_label l USING (stat)
        LEFT JOIN district d ON d.code = s.district_code
        WHERE $d IS NULL OR s.district_code = $d
        ORDER BY s.stat, s.district_code NULLS FIRST, s.year""", {"d": district})


# ---------------------------------------------------------------- plan structure

def hierarchy(con) -> pd.DataFrame:
    """Every indicator with its unit project, task and strategy names (value → task → project → indicator)."""
    return _df(con, """
        SELECT s.code AS strategy_code, s.name_ko AS strategy_name, s.name_en AS strategy_name_en,
               t.code AS task_code, t.name_ko AS task_name, t.name_en AS task_name_en,
               p.code AS unit_project_code, p.name_ko AS project_name, p.name_en AS project_name_en,
               p.novelty, p.department, p.department_en, p.goal_ko, p.section,
               i.code, i.name_ko AS name, i.name_en, i.role, i.unit, i.target_kind AS kind, i.scope,
               i.baseline, i.baseline_year, i.baseline_text, i.baseline_in_target, i.printed_total, i.source_section, i.note, i.seq
        FROM indicator i
        LEFT JOIN unit_project p ON p.code = i.unit_project_code
        LEFT JOIN task t ON t.code = i.task_code
        LEFT JOIN strategy s ON s.code = i.strategy_code
        ORDER BY i.seq""")


def strategies(con) -> pd.DataFrame:
    return _df(con, "SELECT * FROM strategy ORDER BY seq")


def tasks(con) -> pd.DataFrame:
    return _df(con, "SELECT * FROM task ORDER BY code")


def unit_projects(con) -> pd.DataFrame:
    return _df(con, "SELECT * FROM unit_project ORDER BY code")


def targets(con, code: str) -> pd.DataFrame:
    """The plan's targets for one indicator, 2018–2022, with the printed cell."""
    return _df(con, "SELECT year, value, stage, printed, source_section FROM target WHERE indicator_code = ? "
                    "ORDER BY year", [code])


def stages(con, code: str) -> list[str]:
    return [r[0] for r in _df(con, "SELECT stage FROM stage WHERE indicator_code = ? ORDER BY ord",
                              [code]).itertuples(index=False)]


# ---------------------------------------------------------------- actuals

def indicator_series(con, code: str, district: str | None = None) -> pd.DataFrame:
    """Quarterly actual values of one indicator (uploads/sample) for a scope, plus published points.

    Citywide for counts = citywide rows + Σ district rows per quarter; levels/stages: citywide rows only.
    district: None, a code, or several codes (counts add up; levels/stages are not combined).
    Columns: year, quarter, label, value, stage, source, detail.
    """
    kind_row = _one(con, "SELECT target_kind FROM indicator WHERE code = ?", [code])
    if kind_row is None:
        raise ValueError(f"알 수 없는 지표 코드입니다: {code}")
    kind = kind_row[0]
    codes = _codes(district)
    counts = kind in ("annual", "cumulative")
    if codes is not None and len(codes) > 1 and not counts:
        codes = ["(several)"]  # levels and stages are never combined across districts
    up = _df(con, """
        SELECT year, quarter, sum(value) AS value, max(stage) AS stage,
               CASE WHEN bool_and(is_sample) THEN '예시' ELSE '업로드' END AS source,
               count(*) AS n_rows
        FROM actual_current
        WHERE indicator_code = $code
          AND (CASE WHEN $d IS NULL THEN ($counts OR district_code IS NULL)
                    ELSE list_contains($d, district_code) END)
        GROUP BY year, quarter ORDER BY year, quarter""",
             {"code": code, "d": codes, "counts": counts})
    up["detail"] = None
    one = None if codes is None else (codes[0] if len(codes) == 1 else "(several)")
    pub = _df(con, """
        SELECT year, quarter, value, stage, '공표' AS source, 1 AS n_rows,
               publisher || ' ' || source_date || ' · ' || coalesce(description, '') || ' · ' || url AS detail
        FROM published_actual
        WHERE indicator_code = $code AND district_code IS NOT DISTINCT FROM $d
        ORDER BY year, quarter""", {"code": code, "d": one})
    df = pd.concat([x for x in (up, pub) if len(x)], ignore_index=True) if len(up) or len(pub) else up
    df["label"] = df["year"].astype(int).astype(str) + "Q" + df["quarter"].astype(int).astype(str)
    return df[["year", "quarter", "label", "value", "stage", "source", "detail", "n_rows"]]


def latest_quarter_with_data(con) -> str | None:
    """The latest quarter (e.g. '2021Q3') that has any current actual row, or None."""
    row = _one(con, "SELECT max(year * 4 + quarter - 1) FROM actual_current")
    if not row or row[0] is None:
        return None
    qi = int(row[0])
    return Quarter(qi // 4, qi % 4 + 1).label


def coverage(con, as_of: str | Quarter | None = None) -> pd.DataFrame:
    """Quarters reported per district × indicator (uploads and sample), for the data-quality heat map.

    Only quarterly-reported indicators that take district rows (primary and sub; goal and headline indicators
    are yearly or one-off). A quarter is expected from 2018Q1 to the as-of quarter in the years the plan sets a
    target for the indicator (e.g. 마을계획 동 only 2018–2020); quarters_reported counts those quarters only.
    """
    q = parse_quarter(as_of) if as_of else Quarter(PLAN_YEARS[-1], 4)
    return _df(con, """
        WITH ind AS (SELECT code FROM indicator WHERE scope <> 'citywide' AND target_kind IN ('annual','cumulative')
                     AND role IN ('primary', 'sub')),
        qs AS (SELECT t.indicator_code AS code, t.year, qq.quarter
               FROM target t CROSS JOIN (SELECT unnest([1, 2, 3, 4]) AS quarter) qq
               WHERE (t.value > 0 OR t.stage IS NOT NULL) AND t.year * 4 + qq.quarter - 1 <= $qi),
        expected AS (SELECT code, count(*) AS n FROM qs GROUP BY code),
        got AS (
            SELECT a.indicator_code, a.district_code, count(DISTINCT a.year * 4 + a.quarter) AS quarters,
                   max(a.year * 4 + a.quarter - 1) AS last_qi
            FROM actual_current a
            JOIN qs ON qs.code = a.indicator_code AND qs.year = a.year AND qs.quarter = a.quarter
            WHERE a.district_code IS NOT NULL
            GROUP BY ALL)
        SELECT d.code AS district_code, d.name_ko AS district_name, ind.code AS indicator_code,
               coalesce(got.quarters, 0) AS quarters_reported,
               coalesce(expected.n, 0) AS quarters_expected,
               got.last_qi
        FROM district d CROSS JOIN ind
        LEFT JOIN expected ON expected.code = ind.code
        LEFT JOIN got ON got.indicator_code = ind.code AND got.district_code = d.code
        ORDER BY d.code, ind.code""", {"qi": q.index})


def stale_districts(con, as_of: str | Quarter | None = None) -> pd.DataFrame:
    """Per district: the latest quarter it reported anything, and how many quarters behind the as-of quarter."""
    q = parse_quarter(as_of) if as_of else Quarter(PLAN_YEARS[-1], 4)
    df = _df(con, """
        SELECT d.code AS district_code, d.name_ko AS district_name, max(a.year * 4 + a.quarter - 1) AS last_qi,
               count(a.indicator_code) AS rows
        FROM district d LEFT JOIN actual_current a
          ON a.district_code = d.code AND a.year * 4 + a.quarter - 1 <= $qi
        GROUP BY ALL ORDER BY last_qi NULLS FIRST, d.code""", {"qi": q.index})
    df["last_quarter"] = df["last_qi"].map(
        lambda v: None if pd.isna(v) else Quarter(int(v) // 4, int(v) % 4 + 1).label)
    df["quarters_behind"] = df["last_qi"].map(lambda v: None if pd.isna(v) else q.index - int(v))
    return df


def quality_notes(con) -> pd.DataFrame:
    return _df(con, 'SELECT id, "where", figure_a, figure_b, model_uses, why FROM data_quality_note ORDER BY id')


def published(con) -> pd.DataFrame:
    return _df(con, "SELECT * FROM published_actual ORDER BY indicator_code, year, quarter")


# ---------------------------------------------------------------- budget

_BY = {
    "strategy": ("budget_viii_by_strategy", "strategy"),
    "task": ("budget_viii_by_task", "task"),
    "project": ("budget_viii_by_project", "unit_project"),
}


def budget(con, year: int | None = None, by: str = "strategy") -> pd.DataFrame:
    """Planned amounts (백만원) as section Ⅷ counts them, per strategy / task / project / line and year."""
    if year is not None and year not in PLAN_YEARS:
        raise ValueError(f"연도는 {PLAN_YEARS[0]}–{PLAN_YEARS[-1]} 사이여야 합니다: {year}")
    if by == "line":
        return _df(con, """
            SELECT b.code, b.name_ko AS name, b.name_en, b.unit_project_code, p.year, p.amount_mn AS planned
            FROM budget_line b JOIN budget_plan p ON p.line_code = b.code
            WHERE b.counted_in_viii AND ($y IS NULL OR p.year = $y)
            ORDER BY b.code, p.year""", {"y": year})
    if by not in _BY:
        raise ValueError(f"by must be strategy, task, project or line: {by}")
    view, table = _BY[by]
    return _df(con, f"""
        SELECT v.code, n.name_ko AS name, n.name_en, v.year, v.planned
        FROM {view} v JOIN {table} n ON n.code = v.code
        WHERE $y IS NULL OR v.year = $y
        ORDER BY v.code, v.year""", {"y": year})


def budget_lines(con) -> pd.DataFrame:
    """Every 소요예산 line with funding kind (예산/비예산/포함), whether Ⅷ counts it, and 2018–2022 amounts."""
    df = _df(con, """
        SELECT b.code, b.unit_project_code, p.name_ko AS project_name, b.task_code, b.strategy_code,
               b.name_ko AS name, b.name_en, b.funding, b.included_in, b.included_in_en, b.counted_in_viii,
               b.printed_total,
               b.source_section, b.note,
               sum(bp.amount_mn) FILTER (WHERE bp.year = 2018) AS y2018,
               sum(bp.amount_mn) FILTER (WHERE bp.year = 2019) AS y2019,
               sum(bp.amount_mn) FILTER (WHERE bp.year = 2020) AS y2020,
               sum(bp.amount_mn) FILTER (WHERE bp.year = 2021) AS y2021,
               sum(bp.amount_mn) FILTER (WHERE bp.year = 2022) AS y2022,
               sum(bp.amount_mn) AS total
        FROM budget_line b
        JOIN unit_project p ON p.code = b.unit_project_code
        LEFT JOIN budget_plan bp ON bp.line_code = b.code
        GROUP BY ALL ORDER BY b.code""")
    return df


def budget_flows(con, year: int | None = None) -> pd.DataFrame:
    """Links for the Sankey 총예산 → 전략 → 과제 → 단위사업 → 예산 항목, planned as Ⅷ counts it (백만원).

    Columns: level (1..4), source, source_name, target, target_name, planned.
    """
    return _df(con, """
        WITH p AS (
            SELECT bp.strategy_code, bp.task_code, bp.unit_project_code, bp.line_code, sum(bp.amount_mn) AS amt
            FROM budget_planned bp WHERE bp.counted_in_viii AND ($y IS NULL OR bp.year = $y)
            GROUP BY ALL HAVING sum(bp.amount_mn) > 0)
        SELECT 1 AS level, 'total' AS source, '총예산' AS source_name, s.code AS target, s.name_ko AS target_name,
               sum(amt) AS planned
        FROM p JOIN strategy s ON s.code = p.strategy_code GROUP BY ALL
        UNION ALL
        SELECT 2, s.code, s.name_ko, t.code, t.name_ko, sum(amt)
        FROM p JOIN strategy s ON s.code = p.strategy_code JOIN task t ON t.code = p.task_code GROUP BY ALL
        UNION ALL
        SELECT 3, t.code, t.name_ko, u.code, u.name_ko, sum(amt)
        FROM p JOIN task t ON t.code = p.task_code JOIN unit_project u ON u.code = p.unit_project_code GROUP BY ALL
        UNION ALL
        SELECT 4, u.code, u.name_ko, b.code, b.name_ko, sum(amt)
        FROM p JOIN unit_project u ON u.code = p.unit_project_code JOIN budget_line b ON b.code = p.line_code
        GROUP BY ALL
        ORDER BY 1, 2, 4""", {"y": year})


def budget_execution(con, as_of: str | Quarter, by: str = "strategy", district: str | None = None) -> pd.DataFrame:
    """Planned vs executed (백만원) per strategy / task / project / line: the as-of year and 2018–to date.

    planned_year = the as-of year's plan; executed_year = executed in that year up to the as-of quarter;
    planned_to_date = Σ plan 2018 … as-of year; executed_to_date = Σ executed 2018Q1 … as-of quarter.
    Only lines section Ⅷ counts enter strategy/task/project totals; by="line" lists every 예산 line.
    The plan is citywide: for districts (one code or several) only executed amounts are shown (planned is NULL).
    """
    q = parse_quarter(as_of)
    key = {"strategy": "strategy_code", "task": "task_code", "project": "unit_project_code",
           "line": "line_code"}[by]
    name_table = {"strategy": "strategy", "task": "task", "project": "unit_project", "line": "budget_line"}[by]
    df = _df(con, f"""
        WITH plan AS (
            SELECT {key} AS code,
                   sum(amount_mn) FILTER (WHERE year = $year) AS planned_year,
                   sum(amount_mn) FILTER (WHERE year <= $year) AS planned_to_date
            FROM budget_planned WHERE counted_in_viii OR $all_lines
            GROUP BY ALL),
        ex AS (
            SELECT bp.{key} AS code,
                   sum(e.amount_mn) FILTER (WHERE e.year = $year) AS executed_year,
                   sum(e.amount_mn) AS executed_to_date
            FROM budget_execution_current e
            JOIN (SELECT DISTINCT line_code, unit_project_code, task_code, strategy_code FROM budget_planned
                  WHERE counted_in_viii OR $all_lines) bp
              ON bp.line_code = e.line_code
            WHERE e.year * 4 + e.quarter - 1 <= $qi AND ($d IS NULL OR list_contains($d, e.district_code))
            GROUP BY ALL)
        SELECT plan.code, n.name_ko AS name, n.name_en,
               CASE WHEN $d IS NULL THEN plan.planned_year END AS planned_year,
               coalesce(ex.executed_year, 0) AS executed_year,
               CASE WHEN $d IS NULL THEN plan.planned_to_date END AS planned_to_date,
               coalesce(ex.executed_to_date, 0) AS executed_to_date,
               ex.code IS NOT NULL AS has_execution
        FROM plan JOIN {name_table} n ON n.code = plan.code
        LEFT JOIN ex ON ex.code = plan.code
        ORDER BY plan.code""", {"year": q.year, "qi": q.index, "d": _codes(district), "all_lines": by == "line"})
    df["rate_year"] = df["executed_year"] / df["planned_year"].where(df["planned_year"] > 0)
    df["rate_to_date"] = df["executed_to_date"] / df["planned_to_date"].where(df["planned_to_date"] > 0)
    df.loc[~df["has_execution"], ["rate_year", "rate_to_date"]] = None
    return df


def project_budget_weights(con) -> dict[str, float]:
    """unit_project_code → planned 2018–2022 total as Ⅷ counts it (weights for the budget-weighted roll-up)."""
    df = _df(con, "SELECT code, sum(planned) AS planned FROM budget_viii_by_project GROUP BY code")
    return dict(zip(df["code"], df["planned"].astype(float)))


# ---------------------------------------------------------------- spaces

def spaces(con, district: str | None = None, include_closed: bool = False) -> pd.DataFrame:
    """Current community spaces (uploaded list, or sample), optionally for one district."""
    return _df(con, """
        SELECT s.*, d.name_ko AS district_name
        FROM space_current s JOIN district d ON d.code = s.district_code
        WHERE ($d IS NULL OR s.district_code = $d) AND ($closed OR s.closed IS NULL)
        ORDER BY s.district_code, s.space_type, s.name""", {"d": district, "closed": include_closed})
