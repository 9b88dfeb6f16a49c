"""Progress of every indicator against the plan's 2018–2022 targets, as of a quarter, citywide or per district.

The rules (what a quarterly value means per target kind, expected-by-now, rate, status, district shares,
projection) are documented in README ("진도 산정 규칙") and the thresholds live in maeul.read.rules.
Actual rows are aggregated in DuckDB with bound parameters; the per-indicator arithmetic on the ~90
aggregated rows is plain Python.
"""

from __future__ import annotations

import concurrent.futures
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import pandas as pd

from maeul import PLAN_YEARS
from maeul.plan import schema
from maeul.read import rules
from maeul.read.rules import FIRST_QUARTER, LAST_QUARTER, Quarter, parse_quarter

SOURCE_UPLOAD = "업로드"
SOURCE_SAMPLE = "예시"
SOURCE_PUBLISHED = "공표"

BASES = ("dong", "equal", "none")

# One row per (indicator, district_code) with the aggregates progress needs; district_code NULL = citywide rows.
# {source}: the current actual rows (schema.actual_current_mat while it is up to date, else computed from `actual`).
# Within one (indicator, district) group every quarter occurs once, so count(value) counts the quarters with a value.
_AGG = """
SELECT indicator_code, {group} AS district_code,
       count(*) AS n,
       count(*) FILTER (WHERE year = $year) AS n_year,
       sum(value) FILTER (WHERE year = $year) AS sum_year,
       sum(value) AS sum_all,
       arg_max(value, qi) FILTER (WHERE value IS NOT NULL) AS last_value,
       max(qi) FILTER (WHERE value IS NOT NULL) AS last_value_qi,
       arg_max(stage, qi) FILTER (WHERE stage IS NOT NULL) AS last_stage,
       max(qi) FILTER (WHERE stage IS NOT NULL) AS last_stage_qi,
       count(value) AS n_value_quarters,
       regr_slope(value, qi) AS slope,
       regr_intercept(value, qi) AS intercept,
       bool_and(is_sample) AS all_sample
FROM (
    SELECT indicator_code, district_code, year, value, stage, is_sample, year * 4 + quarter - 1 AS qi
    FROM {source}
    WHERE year * 4 + quarter - 1 <= $qi{where}
)
GROUP BY ALL
"""

# Citywide: counts add citywide rows and every district's rows; levels and stages use citywide rows only. So the
# citywide rows are aggregated in full (key None) and the district rows of an indicator only as ONE group of counts
# and sums (key '*') — from the per-quarter totals (schema.actual_district_total) while they are up to date.
_ALL_DISTRICTS = "*"
_DISTRICT_SUMS = """
SELECT indicator_code, '{all}' AS district_code,
       {n} AS n,
       coalesce({n} FILTER (WHERE year = $year), 0) AS n_year,
       {total} FILTER (WHERE year = $year) AS sum_year,
       {total} AS sum_all,
       NULL::DOUBLE AS last_value,
       max(year * 4 + quarter - 1) FILTER (WHERE {has_value}) AS last_value_qi,
       NULL::VARCHAR AS last_stage, NULL::INTEGER AS last_stage_qi, NULL::BIGINT AS n_value_quarters,
       NULL::DOUBLE AS slope, NULL::DOUBLE AS intercept,
       bool_and({sample}) AS all_sample
FROM {source}
WHERE {district_rows}year * 4 + quarter - 1 <= $qi
GROUP BY indicator_code
"""
_CITY_ROWS = " AND district_code IS NULL"
_LISTED = " AND list_contains($districts, district_code)"

AGG_CITY_SQL = (
    _AGG.format(group="NULL::VARCHAR", source="actual_current_mat", where=_CITY_ROWS) + "UNION ALL"
    + _DISTRICT_SUMS.format(all=_ALL_DISTRICTS, n="sum(n_rows)", total="sum(value_sum)", has_value="n_values > 0",
                            sample="all_sample", source="actual_district_total", district_rows=""))
AGG_DISTRICTS_SQL = _AGG.format(group="district_code", source="actual_current_mat", where=_LISTED)
# The same while the materialised rows are stale (written outside maeul.upload.store, or a preview transaction).
AGG_CITY_STALE_SQL = (
    f"WITH cur AS MATERIALIZED ({schema.ACTUAL_CURRENT_SQL.format(and_stale='', where='')})"
    + _AGG.format(group="NULL::VARCHAR", source="cur", where=_CITY_ROWS) + "UNION ALL"
    + _DISTRICT_SUMS.format(all=_ALL_DISTRICTS, n="count(*)", total="sum(value)", has_value="value IS NOT NULL",
                            sample="is_sample", source="cur", district_rows="district_code IS NOT NULL AND "))
AGG_DISTRICTS_STALE_SQL = _AGG.format(
    group="district_code", source=f"({schema.ACTUAL_CURRENT_SQL.format(and_stale='', where='')}) AS cur",
    where=_LISTED)

PUBLISHED_SQL = """
SELECT indicator_code, district_code, year, quarter, year * 4 + quarter - 1 AS qi, value, stage,
       ref_period, publisher, source_date, url, description, coalesce(comparable, TRUE) AS comparable
FROM published_actual
WHERE year >= $first_year AND year * 4 + quarter - 1 <= $qi
ORDER BY qi
"""

INDICATOR_SQL = """
SELECT i.code, i.name_ko, i.name_en, i.role, i.target_kind, i.unit, i.direction, i.scope, i.district_basis,
       i.baseline, i.baseline_year, i.baseline_in_target, i.unit_project_code, i.task_code, i.strategy_code,
       i.source_section, i.seq
FROM indicator i ORDER BY i.seq
"""


class Direct:
    """Wraps a cursor that must be queried as is (e.g. inside an open transaction that a preview rolls back):
    progress then runs its queries on it instead of opening a new cursor, which would not see the transaction."""

    def __init__(self, cur: duckdb.DuckDBPyConnection):
        self.cur = cur


@contextmanager
def _cursor(con):
    if isinstance(con, Direct):
        yield con.cur
    else:
        with con.cursor() as cur:
            yield cur


@dataclass(frozen=True)
class PlanData:
    """The plan side of progress (indicators, targets, stages, district dong counts): changes only on rebuild."""

    indicators: list[dict]
    targets: dict[tuple[str, int], tuple[float | None, str | None]]
    stages: dict[str, list[str]]
    dong_counts: dict[str, int]
    district_names: dict[str, str]

    @property
    def total_dongs(self) -> int:
        return sum(self.dong_counts.values())


def _records(cur, sql: str, params=None) -> list[dict]:
    """Rows as dicts (plain Python values, NULL → None): cheaper than a DataFrame for a few hundred rows."""
    res = cur.execute(sql, params or {})
    cols = [d[0] for d in res.description]
    return [dict(zip(cols, r)) for r in res.fetchall()]


def load_plan(con: duckdb.DuckDBPyConnection) -> PlanData:
    with _cursor(con) as cur:
        inds = _records(cur, INDICATOR_SQL)
        tg = cur.execute("SELECT indicator_code, year, value, stage FROM target").fetchall()
        st = cur.execute("SELECT indicator_code, stage FROM stage ORDER BY indicator_code, ord").fetchall()
        dc = cur.execute("SELECT code, dong_count, name_ko FROM district ORDER BY code").fetchall()
    targets = {(c, int(y)): (None if v is None else float(v), s) for c, y, v, s in tg}
    stages: dict[str, list[str]] = {}
    for c, s in st:
        stages.setdefault(c, []).append(s)
    inds = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in inds]
    return PlanData(inds, targets, stages, {c: int(n) for c, n, _ in dc}, {c: nm for c, _, nm in dc})


def _num(v):
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


PLAN_START_QI = FIRST_QUARTER.index - 1  # the end of 2017: where running totals and the plan's baselines sit


def _year_target(plan: PlanData, ind: dict, year: int) -> tuple[float | None, str | None, str]:
    """(value, stage, basis) of the plan's target for that year: as printed ("계획"), or — where the plan names
    only a later year — a straight line from the start to that year ("보간"). The start is the plan's baseline;
    for a cumulative goal without one ("2018~2022 누계"), 0 at the end of 2017."""
    code = ind["code"]
    value, stage = plan.targets.get((code, year), (None, None))
    if value is not None or stage is not None:
        return value, stage, "계획"
    later = [(y, plan.targets[(code, y)][0]) for y in PLAN_YEARS
             if y > year and plan.targets.get((code, y), (None, None))[0] is not None]
    base, base_year = _num(ind.get("baseline")), ind.get("baseline_year")
    if ind["target_kind"] == "cumulative" and base is None:
        base, base_year = 0.0, PLAN_YEARS[0] - 1
    if ind["target_kind"] in ("level", "cumulative") and later and base is not None and base_year is not None:
        y2, v2 = later[0]
        base_year = int(base_year)
        if base_year < year < y2:
            return base + (v2 - base) * (year - base_year) / (y2 - base_year), None, "보간"
    return None, None, "없음"


def _start_value(plan: PlanData, ind: dict) -> float:
    """Running total at the end of 2017 for cumulative indicators: the plan's pre-2018 baseline when the plan's
    running-total targets include it (indicator.baseline_in_target; 2-1-1's 91 = 26 + 65), else 0 (4-3-1's 50,
    100, … count only rooms opened since 2018) — actuals count the same way."""
    base, base_year = _num(ind.get("baseline")), ind.get("baseline_year")
    if (base is not None and base_year is not None and int(base_year) < PLAN_YEARS[0]
            and ind.get("baseline_in_target") is True):
        return base
    return 0.0


def _level_start(ind: dict) -> float | None:
    """The level before 2018 that a level indicator's first target ramps from: its pre-2018 baseline, else None
    (the 2018 target then applies from the first quarter: where the level started is not known)."""
    base, base_year = _num(ind.get("baseline")), ind.get("baseline_year")
    if base is not None and base_year is not None and int(base_year) < PLAN_YEARS[0]:
        return base
    return None


def district_share(plan: PlanData, ind: dict, district: str, basis: str) -> tuple[float | None, str]:
    """The district's share of a citywide target and a label saying how it was derived."""
    if ind["scope"] == "citywide" or ind["district_basis"] == "none" or basis == "none":
        return None, "없음"
    if ind["target_kind"] == "level" and ind["unit"] in ("%", "점"):
        return 1.0, "파생(시 목표 수준 동일)"
    if basis == "equal" or ind["district_basis"] == "equal":
        return 1.0 / len(plan.dong_counts), "파생(25개 자치구 균등)"
    return plan.dong_counts[district] / plan.total_dongs, "파생(동 수 비율)"


def _aggregate(con, q: Quarter, districts: list[str] | None) -> dict[tuple[str, str | None], dict]:
    """Aggregates per (indicator, district). districts None = citywide: citywide rows (key None) and all district
    rows together (key '*'); otherwise one group per listed district that has rows."""
    params = {"year": q.year, "qi": q.index}
    if districts is not None:
        params["districts"] = list(districts)
    with _cursor(con) as cur:
        own = not isinstance(con, Direct)  # one snapshot for the freshness check and the query
        if own:
            cur.execute("BEGIN TRANSACTION")
        try:
            fresh = schema.current_is_fresh(cur)
            if districts is None:
                sql = AGG_CITY_SQL if fresh else AGG_CITY_STALE_SQL
            else:
                sql = AGG_DISTRICTS_SQL if fresh else AGG_DISTRICTS_STALE_SQL
            rows = _records(cur, sql, params)
        finally:
            if own:
                cur.execute("ROLLBACK")
    return {(r["indicator_code"], r["district_code"]): r for r in rows}


DISTRICT_ROWS_SQL = """
WITH d AS (
    SELECT indicator_code, district_code,
           arg_max(value, qi) FILTER (WHERE value IS NOT NULL) AS last_value,
           max(qi) FILTER (WHERE value IS NOT NULL) AS last_qi,
           count(*) AS n, bool_and(is_sample) AS all_sample
    FROM (SELECT indicator_code, district_code, value, is_sample, year * 4 + quarter - 1 AS qi FROM actual_current)
    WHERE district_code IS NOT NULL AND qi <= $qi
    GROUP BY ALL)
SELECT indicator_code, count(*) AS n_reporting, sum(n) AS n, sum(last_value) AS last_value,
       max(last_qi) AS last_value_qi, count(last_value) AS n_summed, bool_and(all_sample) AS all_sample
FROM d GROUP BY indicator_code
"""

SUM_AFTER_SQL = """
SELECT count(*) AS n, sum(value) AS total, bool_and(is_sample) AS all_sample
FROM actual_current
WHERE indicator_code = $code AND year * 4 + quarter - 1 > $after AND year * 4 + quarter - 1 <= $qi
  AND (CASE WHEN $all THEN TRUE ELSE list_contains($districts, district_code) END)
"""


def _district_rows(con, q: Quarter) -> dict[str, dict]:
    """Per indicator, over the district rows up to the quarter: how many districts reported (n_reporting), and each
    district's latest value summed (the citywide level of a count when there is no citywide row)."""
    with _cursor(con) as cur:
        rows = _records(cur, DISTRICT_ROWS_SQL, {"qi": q.index})
    out = {}
    for r in rows:
        r.update(n_year=None, sum_year=None, sum_all=None, last_stage=None, last_stage_qi=None,
                 n_value_quarters=None, slope=None, intercept=None)
        out[r["indicator_code"]] = r
    return out


def _sum_after(con, q: Quarter, code: str, after_qi: int, districts: list[str] | None) -> dict:
    """Uploaded (or sample) rows of one indicator after a published anchor's quarter, up to the as-of quarter:
    every row citywide (districts None), else those districts' rows."""
    params = {"code": code, "after": after_qi, "qi": q.index, "all": districts is None,
              "districts": list(districts or [])}
    with _cursor(con) as cur:
        return _records(cur, SUM_AFTER_SQL, params)[0]


def _published(con, q: Quarter) -> dict[tuple[str, str | None], dict]:
    """Latest published point per (indicator, district) at or before the as-of quarter, from 2018 on."""
    with _cursor(con) as cur:
        rows = _records(cur, PUBLISHED_SQL, {"first_year": PLAN_YEARS[0], "qi": q.index})
    out = {}
    for r in rows:  # ordered by qi: the last wins
        out[(r["indicator_code"], r["district_code"])] = r
    return out


def _combine(ind: dict, groups: list[dict], citywide: bool) -> dict | None:
    """Aggregate of several groups. Citywide: counts add citywide rows and every district's rows; levels and
    stages use citywide rows (a level counting units without citywide rows is summed from the districts later, in
    progress()). Several districts: counts add up; a level counting units (개소, 명 …) adds up each district's latest
    value; other levels and stages only when exactly one of the districts reported."""
    if not groups:
        return None
    if ind["target_kind"] in ("level", "milestone"):
        if citywide:
            city = [g for g in groups if g["district_code"] is None or pd.isna(g["district_code"])]
            return city[0] if city else None
        if len(groups) == 1:
            return groups[0]
        if ind["target_kind"] == "level" and ind["unit"] in rules.COUNT_UNITS:
            return _level_sum(groups)
        return None
    n = sum(int(g["n"]) for g in groups)
    n_year = sum(int(g["n_year"]) for g in groups)
    return {
        "n": n, "n_year": n_year,
        "sum_year": sum(_num(g["sum_year"]) or 0.0 for g in groups) if n_year else None,
        "sum_all": sum(_num(g["sum_all"]) or 0.0 for g in groups),
        "last_value": None, "last_value_qi": max(_num(g["last_value_qi"]) or -1 for g in groups),
        "last_stage": None, "last_stage_qi": None, "n_value_quarters": None, "slope": None, "intercept": None,
        "all_sample": all(bool(g["all_sample"]) for g in groups),
    }


def _level_sum(groups: list[dict]) -> dict | None:
    """Several districts' levels of a count as one: the sum of each district's latest value (as of the quarter)."""
    with_value = [g for g in groups if _num(g.get("last_value")) is not None]
    if not with_value:
        return None
    return {"n": sum(int(g["n"]) for g in with_value), "n_year": None, "sum_year": None, "sum_all": None,
            "last_value": sum(_num(g["last_value"]) for g in with_value),
            "last_value_qi": max(_num(g["last_value_qi"]) for g in with_value),
            "last_stage": None, "last_stage_qi": None, "n_value_quarters": None, "slope": None, "intercept": None,
            "all_sample": all(bool(g["all_sample"]) for g in with_value), "n_summed": len(with_value)}


def _qlabel(qi) -> str | None:
    qi = _num(qi)
    if qi is None or qi < 0:
        return None
    qi = int(qi)
    return f"{qi // 4}Q{qi % 4 + 1}"


def _shares(plan: PlanData, ind: dict, districts: list[str], basis: str) -> tuple[float | None, str | None]:
    parts = [district_share(plan, ind, d, basis) for d in districts]
    if any(p[0] is None for p in parts):
        return None, "없음"
    if ind["target_kind"] == "level" and ind["unit"] in ("%", "점"):
        return 1.0, parts[0][1]
    return sum(p[0] for p in parts), parts[0][1]


@dataclass(frozen=True)
class _Scope:
    """What one evaluate() call needs to know about its scope.

    district: None citywide, else the district codes joined with ','. share: the scope's share of a citywide
    target (1.0 citywide, None = no target for this scope) and share_basis, the label saying how it was derived
    (None citywide). Cumulative indicators count from the plan's pre-2018 baseline citywide (start); a district's
    derived target covers only what is new since 2018 (district baselines are not in the plan), so the baseline
    is taken off the citywide target before it is shared out (offset) and the district's actual starts at 0.
    """

    district: str | None
    share: float | None
    share_basis: str | None
    start: float
    offset: float


def _scope(plan: PlanData, ind: dict, district: str | list[str] | None, basis: str) -> _Scope:
    """The _Scope of evaluate(): citywide when district is None, else that district or those districts."""
    dlist = [district] if isinstance(district, str) else district
    city_start = _start_value(plan, ind) if ind["target_kind"] == "cumulative" else 0.0
    if dlist is None:
        return _Scope(None, 1.0, None, start=city_start, offset=0.0)
    share, share_basis = _shares(plan, ind, dlist, basis)
    return _Scope(",".join(dlist), share, share_basis, start=0.0, offset=city_start)


def _empty_row(ind: dict, q: Quarter, scope: _Scope) -> dict:
    """The indicator's identity and scope, with every figure still empty (in the order of COLUMNS)."""
    return {
        "code": ind["code"], "name": ind["name_ko"], "name_en": ind["name_en"], "role": ind["role"],
        "kind": ind["target_kind"], "unit": ind["unit"], "direction": ind["direction"], "scope": ind["scope"],
        "unit_project_code": ind["unit_project_code"], "task_code": ind["task_code"],
        "strategy_code": ind["strategy_code"], "source_section": ind["source_section"],
        "district": scope.district, "as_of": q.label,
        "target": None, "target_stage": None, "expected": None, "expected_stage": None,
        "actual": None, "actual_stage": None, "actual_period": None,
        "rate": None, "year_rate": None, "status": rules.NO_TARGET, "source": None, "source_detail": None,
        "target_basis": None, "share": scope.share,
        "ptd_actual": None, "ptd_target": None, "plan_total": None, "projection": None, "projected_reach": None,
        "final_stage": None, "anchor": None, "anchor_period": None, "added": None, "n_reporting": None,
        "comparable": None, "trend": None,
    }


def _target_basis(scope: _Scope, year_basis: str) -> str:
    """How the scope's target was derived: the year's basis (계획/보간/없음) citywide, the share's label for
    districts (with ·보간 when the shared-out citywide target is itself interpolated)."""
    label = scope.share_basis or year_basis
    if scope.district is not None and year_basis == "보간" and scope.share is not None:
        return f"{label}·보간"
    return label


def _expected(plan: PlanData, ind: dict, q: Quarter, scope: _Scope, target: float) -> float:
    """Expected by the as-of quarter, from the scope's target for the year: annual — the target pro rata of the
    quarters elapsed in the year; cumulative and level — a straight line within the year from where the previous
    year ended (its target, printed or interpolated; for 2018 the start) to this year's target, so a level that
    rises from 10 % to 20 % expects 12.5 % in Q1 rather than jumping to 20 % (a level with no known start applies
    its first target from Q1)."""
    kind, elapsed = ind["target_kind"], q.quarter
    if kind == "annual":
        return target * elapsed / 4
    prev_val = _year_target(plan, ind, q.year - 1)[0] if q.year > PLAN_YEARS[0] else None
    if kind == "cumulative":
        prev = (prev_val - scope.offset) * scope.share if prev_val is not None else scope.start
    else:
        if prev_val is None:
            prev_val = _level_start(ind)
        if prev_val is None:
            return target
        prev = prev_val * scope.share
    return prev + (target - prev) * elapsed / 4


def _targets(plan: PlanData, ind: dict, q: Quarter, scope: _Scope) -> dict:
    """The scope's target for the as-of year and what is expected by now: target, target_stage, expected,
    expected_stage, target_basis, and final_stage (the plan's 2022 stage) for milestones. No share → no target."""
    t_val, t_stage, t_basis = _year_target(plan, ind, q.year)
    out = {"target_basis": _target_basis(scope, t_basis)}
    if scope.share is None:
        t_val, t_stage = None, None
    if ind["target_kind"] == "milestone":
        final = plan.targets.get((ind["code"], PLAN_YEARS[-1]), (None, None))[1]
        return {**out, "target_stage": t_stage, "expected_stage": t_stage, "final_stage": final}
    if t_val is not None:
        target = (t_val - scope.offset) * scope.share
        out.update(target=target, expected=_expected(plan, ind, q, scope, target))
        if t_stage:
            out["target_stage"] = t_stage
    return out


def _uploaded_actual(ind: dict, q: Quarter, agg: dict) -> dict:
    """The actual from the scope's uploaded (or sample) rows. Annual: sum of the as-of year's quarters (and of all
    quarters so far: ptd_actual); level: the latest value (a count summed over districts: each one's latest);
    milestone: the latest stage."""
    kind = ind["target_kind"]
    out = {"source": SOURCE_SAMPLE if bool(agg["all_sample"]) else SOURCE_UPLOAD}
    if kind == "annual":
        if int(agg["n_year"]) > 0:
            out["actual"] = _num(agg["sum_year"])
            out["actual_period"] = f"{q.year}Q1–{q.label}"
        out["ptd_actual"] = _num(agg["sum_all"])
    elif kind == "level":
        out["actual"] = _num(agg["last_value"])
        out["actual_period"] = _qlabel(agg["last_value_qi"])
    else:
        out["actual_stage"] = agg["last_stage"] if isinstance(agg["last_stage"], str) else None
        out["actual_period"] = _qlabel(agg["last_stage_qi"])
    return out


def _published_actual(ind: dict, pub: dict) -> dict:
    """The actual from the latest published point (value, or stage for milestones) and where it was published;
    comparable False when it does not measure what the plan's baseline measured."""
    out = {"source": SOURCE_PUBLISHED, "source_detail": _citation(pub), "actual_period": f"{pub['ref_period']}",
           "comparable": bool(pub.get("comparable", True))}
    if ind["target_kind"] == "milestone":
        out["actual_stage"] = pub["stage"] if isinstance(pub["stage"], str) else None
    else:
        out["actual"] = _num(pub["value"])
    return out


def _citation(pub: dict) -> str:
    return f"{pub['publisher']} ({pub['source_date']}) {pub['url']}"


def _cumulative_actual(q: Quarter, agg: dict | None, pub: dict | None, start: float) -> dict:
    """A running total: an anchor plus what was uploaded after it. The anchor is the latest published total for
    the scope at or before the quarter (uploaded quarters up to the anchor's are taken as inside it), else the
    start (the counted pre-2018 baseline, or 0) at the end of 2017. So adding data never makes a running total
    fall below a published one. ``agg['after']`` holds the rows after a published anchor (progress() adds it)."""
    uploaded = agg is not None and int(agg["n"]) > 0
    if pub is not None and _num(pub["value"]) is not None:
        after = (agg or {}).get("after") or {"n": 0, "total": None, "all_sample": None}
        added, n_added, sample = _num(after["total"]) or 0.0, int(after["n"] or 0), bool(after["all_sample"])
        anchor, anchor_period = _num(pub["value"]), str(pub["ref_period"])
    elif uploaded:
        added, n_added, sample = _num(agg["sum_all"]) or 0.0, int(agg["n"]), bool(agg["all_sample"])
        anchor, anchor_period = start, (str(PLAN_YEARS[0] - 1) if start else None)
    else:
        return {}
    actual = anchor + added
    out = {"actual": actual, "actual_period": f"~{q.label}", "ptd_actual": actual, "added": added if n_added else None,
           "anchor": anchor if (pub is not None or anchor) else None, "anchor_period": anchor_period}
    if n_added:
        out["source"] = SOURCE_SAMPLE if sample else SOURCE_UPLOAD
        if pub is not None:
            out["source_detail"] = _citation(pub)
    else:
        out.update(source=SOURCE_PUBLISHED, source_detail=_citation(pub))
    return out


def _actual(ind: dict, q: Quarter, agg: dict | None, pub: dict | None, start: float) -> dict:
    """The actual as of the quarter (actual, actual_stage, actual_period, ptd_actual, source, source_detail, and
    for running totals anchor/anchor_period/added): cumulative — see _cumulative_actual; otherwise uploads (or
    sample) where the scope has rows, else the published point (for annual indicators only one of the as-of year).
    Uploaded rows without any value or stage leave no source."""
    if ind["target_kind"] == "cumulative":
        return _cumulative_actual(q, agg, pub, start)
    if agg is not None and int(agg["n"]) > 0:
        out = _uploaded_actual(ind, q, agg)
        if out.get("actual") is None and out.get("actual_stage") is None:
            out["source"] = None
        return out
    if pub is not None and (ind["target_kind"] != "annual" or int(pub["year"]) == q.year):
        return _published_actual(ind, pub)
    return {}


def _stage_rate_and_status(plan: PlanData, ind: dict, row: dict) -> dict:
    """Milestones: rate = ordinal of the actual stage ÷ ordinal of the expected stage in the plan's stage order,
    kept inside the band of its status (rules.stage_rate)."""
    order = plan.stages.get(ind["code"], [])
    expected, actual = row["expected_stage"], row["actual_stage"]
    if expected is None or expected not in order:
        return {"status": rules.NO_TARGET}
    if row["actual"] is None and actual is None:
        return {"status": rules.NO_DATA}
    if actual not in order:
        return {"status": rules.NO_DATA}
    a, e = order.index(actual) + 1, order.index(expected) + 1
    status = rules.status_for_stage(a, e, len(order))
    rate = rules.stage_rate(a, e, status)
    return {"rate": rate, "year_rate": rate, "status": status}


def _too_small(ind: dict, scope: _Scope, expected: float) -> bool:
    """A district's derived target to date of under one unit of a count (0.35 개소): a rate on it would turn one
    site into 288 % and none into 0 %, so such a figure is shown without a status."""
    return (scope.district is not None and isinstance(scope.share_basis, str) and scope.share_basis.startswith("파생")
            and ind["unit"] in rules.COUNT_UNITS and expected < 1.0)


def _value_rate_and_status(ind: dict, q: Quarter, scope: _Scope, row: dict) -> dict:
    """Values: rate = actual ÷ expected by now, year_rate = actual ÷ the year's target (inverted where lower is
    better: a cap). A cap on a yearly or running count cannot be judged reached before the year is over, so it
    has no year_rate (and no 달성) until Q4. No status for a figure not comparable with the baseline or a district
    target to date under one unit (rules.NOT_RATED)."""
    exp, act, tgt = row["expected"], row["actual"], row["target"]
    if tgt is None or exp is None or exp <= 0:
        return {"status": rules.NO_TARGET}
    if act is None:
        return {"status": rules.NO_DATA}
    if row.get("comparable") is False or _too_small(ind, scope, exp):
        return {"status": rules.NOT_RATED}
    if ind["direction"] == "lower":
        rate = exp / act if act > 0 else float("inf")
        year_rate = tgt / act if act > 0 else float("inf")
        if ind["target_kind"] in ("annual", "cumulative") and q.quarter < 4:
            year_rate = None
    else:
        rate = act / exp
        year_rate = act / tgt if tgt > 0 else None
    return {"rate": rate, "year_rate": year_rate, "status": rules.status_for(rate, year_rate)}


def _rate_and_status(plan: PlanData, ind: dict, q: Quarter, scope: _Scope, row: dict) -> dict:
    """rate, year_rate and status of a row whose targets and actual are filled in (thresholds: maeul.read.rules)."""
    if ind["target_kind"] == "milestone":
        return _stage_rate_and_status(plan, ind, row)
    return _value_rate_and_status(ind, q, scope, row)


def _trend(ind: dict, row: dict) -> str | None:
    """For a level with a baseline (성과지표 K1–K4 and the goals): the direction since the baseline, apart from
    being on or off trajectory — improving, unchanged, worsening; not_comparable for a figure that does not measure
    what the baseline measured; None without an actual or a baseline."""
    base, act = _num(ind.get("baseline")), row["actual"]
    if ind["target_kind"] != "level" or base is None or act is None:
        return None
    if row.get("comparable") is False:
        return "not_comparable"
    diff = act - base if ind["direction"] != "lower" else base - act
    if abs(diff) < 1e-9:
        return "unchanged"
    return "improving" if diff > 0 else "worsening"


def _plan_to_date(plan: PlanData, ind: dict, q: Quarter, scope: _Scope, expected: float | None) -> dict:
    """The scope's plan total (plan_total) and what the plan expects in total by now (ptd_target). Annual: sum of
    the yearly targets, and of the earlier years' targets plus this year's expected; cumulative and level: the
    2022 target (else the last one the plan names), ptd_target = expected (cumulative only)."""
    kind, code, share = ind["target_kind"], ind["code"], scope.share
    if share is None:
        return {}
    if kind == "annual":
        totals = [plan.targets.get((code, y), (None, None))[0] for y in PLAN_YEARS]
        if not any(v is not None for v in totals):
            return {}
        before = sum(v for y, v in zip(PLAN_YEARS, totals) if v is not None and y < q.year) * share
        return {"plan_total": sum(v for v in totals if v is not None) * share,
                "ptd_target": before + (expected or 0.0)}
    if kind not in ("cumulative", "level"):
        return {}
    final = plan.targets.get((code, PLAN_YEARS[-1]), (None, None))[0]
    if final is None:
        defined = [plan.targets[(code, y)][0] for y in PLAN_YEARS
                   if plan.targets.get((code, y), (None, None))[0] is not None]
        final = defined[-1] if defined else None
    out = {"plan_total": (final - scope.offset) * share if final is not None else None}
    if kind == "cumulative":
        out["ptd_target"] = expected
    return out


def _projection(ind: dict, agg: dict | None, q: Quarter, start: float, row: dict) -> dict:
    """Projection to 2022Q4 from uploaded (or sample) rows, and whether it reaches the plan total. Annual and
    cumulative: the pace so far carried on over all plan quarters; level: the least-squares line through the
    quarterly values (the latest value when fewer than two quarters have one)."""
    kind = ind["target_kind"]
    if row["source"] not in (SOURCE_UPLOAD, SOURCE_SAMPLE) or row["plan_total"] is None:
        return {}
    quarters_so_far = q.index - FIRST_QUARTER.index + 1
    quarters_all = LAST_QUARTER.index - FIRST_QUARTER.index + 1
    projection = None
    if kind == "annual" and row["ptd_actual"] is not None:
        projection = row["ptd_actual"] / quarters_so_far * quarters_all
    elif kind == "cumulative" and row["actual"] is not None:
        projection = start + (row["actual"] - start) / quarters_so_far * quarters_all
    elif kind == "level" and agg is not None:
        slope, icpt = _num(agg.get("slope")), _num(agg.get("intercept"))
        nq = _num(agg.get("n_value_quarters")) or 0
        if slope is not None and icpt is not None and nq >= 2:
            projection = icpt + slope * LAST_QUARTER.index
        else:
            projection = row["actual"]
    if projection is None:
        return {}
    if ind["direction"] == "lower":
        return {"projection": projection, "projected_reach": projection <= row["plan_total"]}
    return {"projection": projection, "projected_reach": projection >= row["plan_total"] - 1e-9}


def evaluate(plan: PlanData, ind: dict, q: Quarter, agg: dict | None, pub: dict | None,
             district: str | list[str] | None, basis: str) -> dict:
    """Progress of one indicator for one scope (citywide when district is None; a list = those districts).

    Each step fills in its own columns of the row from what the earlier ones left there: targets and expected by
    now, the actual, rate and status, plan to date, projection.
    """
    scope = _scope(plan, ind, district, basis)
    row = _empty_row(ind, q, scope)
    row.update(_targets(plan, ind, q, scope))
    row.update(_actual(ind, q, agg, pub, scope.start))
    row.update(_rate_and_status(plan, ind, q, scope, row))
    row["trend"] = _trend(ind, row)
    row.update(_plan_to_date(plan, ind, q, scope, row["expected"]))
    row.update(_projection(ind, agg, q, scope.start, row))
    return row


COLUMNS = [
    "code", "name", "name_en", "role", "kind", "unit", "direction", "scope", "unit_project_code", "task_code",
    "strategy_code", "source_section", "district", "as_of", "target", "target_stage", "expected", "expected_stage",
    "actual", "actual_stage", "actual_period", "rate", "year_rate", "status", "source", "source_detail",
    "target_basis", "share", "ptd_actual", "ptd_target", "plan_total", "projection", "projected_reach",
    "final_stage", "anchor", "anchor_period", "added", "n_reporting", "comparable", "trend",
    "previous_status", "previous_rate",
]


def _with_anchor(con, q: Quarter, ind: dict, agg: dict | None, pub: dict | None,
                 districts: list[str] | None) -> dict | None:
    """For a running total with a published anchor: the scope's rows after the anchor's quarter (agg['after'])."""
    if ind["target_kind"] != "cumulative" or pub is None or _num(pub["value"]) is None:
        return agg
    after = _sum_after(con, q, ind["code"], int(pub["qi"]), districts)
    return {**(agg or {"n": 0, "all_sample": None}), "after": after}


def _citywide_level(ind: dict, agg: dict | None, district_rows: dict | None) -> dict | None:
    """A level counting units (개소, 명 …) citywide: the citywide rows where there are any, else the districts' latest
    values summed. Percentages and scores are never summed."""
    if (agg is not None or ind["target_kind"] != "level" or ind["unit"] not in rules.COUNT_UNITS
            or not district_rows or not district_rows.get("n_summed")):
        return agg
    return district_rows


def _previous(q: Quarter) -> Quarter | None:
    i = q.index - 1
    return None if i < FIRST_QUARTER.index else Quarter(i // 4, i % 4 + 1)


def _add_previous(df: pd.DataFrame, before: pd.DataFrame | None) -> pd.DataFrame:
    """previous_status and previous_rate: the same indicator and scope a quarter earlier (None in 2018Q1)."""
    if before is None:
        df["previous_status"], df["previous_rate"] = None, None
        return df
    prev = before.set_index("code")
    df["previous_status"] = df["code"].map(prev["status"])
    df["previous_rate"] = df["code"].map(prev["rate"])
    return df


class _Done:
    """A result already computed (the Future interface _start_previous returns)."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="maeul-progress")


def _start_previous(con, q: Quarter, district, basis: str, plan: PlanData):
    """The same progress a quarter earlier (None in 2018Q1), computed beside this one on its own cursor (DuckDB runs
    queries without the GIL, so the two passes overlap on two cores); inside a caller's transaction (Direct) it runs
    here, on that transaction's cursor."""
    before = _previous(q)
    if before is None:
        return _Done(None)
    if isinstance(con, Direct):
        return _Done(progress(con, before, district, basis, plan, False))
    return _POOL.submit(progress, con, before, district, basis, plan, False)


def progress(con: duckdb.DuckDBPyConnection, as_of: str | Quarter, district: str | list[str] | None = None,
             basis: str = "dong", plan: PlanData | None = None, previous: bool = True) -> pd.DataFrame:
    """One row per indicator: target, expected by now, actual, rate, status and source as of a quarter.

    district: a MOIS code (11680) for one district, a list of codes for those districts together (counts add up;
    levels of counts add each district's latest value; other levels only when one district reported), None for
    citywide. basis: how a citywide target is shared out to a district — "dong" (동 수 ÷ Σ동 수, or 1/25 where the
    plan itself sets a per-district target), "equal" (1/25) or "none" (no district targets). previous: also give
    each indicator's status and rate a quarter earlier (previous_status, previous_rate).
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}")
    q = parse_quarter(as_of)
    plan = plan or load_plan(con)
    dlist = None if district is None else ([district] if isinstance(district, str) else sorted(set(district)))
    if dlist is not None:
        unknown = [d for d in dlist if d not in plan.dong_counts]
        if unknown or not dlist:
            raise ValueError(f"알 수 없는 자치구 코드입니다: {', '.join(unknown) or '(없음)'}")
    earlier = _start_previous(con, q, district, basis, plan) if previous else None
    aggs = _aggregate(con, q, dlist)
    pubs = _published(con, q)
    district_rows = _district_rows(con, q) if dlist is None else {}
    by_ind: dict[str, list[dict]] = {}
    for (code, _d), a in aggs.items():
        by_ind.setdefault(code, []).append(a)
    rows = []
    for ind in plan.indicators:
        code = ind["code"]
        groups = by_ind.get(code, [])
        agg = _combine(ind, groups, citywide=dlist is None)
        if dlist is None:
            agg = _citywide_level(ind, agg, district_rows.get(code))
        pub = pubs.get((code, dlist[0] if dlist and len(dlist) == 1 else None)) if (
            dlist is None or len(dlist) == 1) else None
        row = evaluate(plan, ind, q, _with_anchor(con, q, ind, agg, pub, dlist), pub, dlist, basis)
        row["n_reporting"] = (int((district_rows.get(code) or {}).get("n_reporting") or 0) if dlist is None
                              else sum(1 for g in groups if g["district_code"] is not None and int(g["n"]) > 0))
        rows.append(row)
    df = pd.DataFrame(rows, columns=COLUMNS)
    return _add_previous(df, None if earlier is None else earlier.result())


def progress_by_district(con: duckdb.DuckDBPyConnection, as_of: str | Quarter, basis: str = "dong",
                         codes: list[str] | None = None, plan: PlanData | None = None) -> pd.DataFrame:
    """progress() for all 25 districts at once (one aggregate query), optionally for some indicators only."""
    q = parse_quarter(as_of)
    plan = plan or load_plan(con)
    aggs = _aggregate(con, q, list(plan.dong_counts))
    pubs = _published(con, q)
    inds = [i for i in plan.indicators if codes is None or i["code"] in codes]
    rows = []
    for d in plan.dong_counts:
        for ind in inds:
            agg, pub = aggs.get((ind["code"], d)), pubs.get((ind["code"], d))
            row = evaluate(plan, ind, q, _with_anchor(con, q, ind, agg, pub, [d]), pub, d, basis)
            row["n_reporting"] = 1 if agg is not None and int(agg["n"]) > 0 else 0
            rows.append(row)
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["district_name"] = df["district"].map(plan.district_names)
    return df


ROLLUP_LEVELS = {"unit_project": "unit_project_code", "task": "task_code", "strategy": "strategy_code", "plan": None}


def _rollup_group(g: pd.DataFrame, rate_col: str, status_col: str) -> tuple[float | None, str, int]:
    """(mean capped rate, status, n_rated) of one group's primary indicators."""
    capped = g[rate_col].astype("float64").clip(upper=rules.ROLLUP_CAP)
    rated = capped.notna()
    wsum = g.loc[rated, "w"].sum()
    mean = float((capped[rated] * g.loc[rated, "w"]).sum() / wsum) if rated.any() and wsum > 0 else None
    return mean, rules.rollup_status(mean, list(g[status_col])), int(rated.sum())


def rollup(df: pd.DataFrame, level: str, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """Unit project / task / strategy / plan progress from the primary indicators of its unit projects.

    Rule (shown on screen): mean of each indicator's rate capped at 100 % (rules.ROLLUP_CAP), over indicators
    that have a rate; optionally weighted by the unit project's planned budget (weights: unit_project_code → 백만원;
    projects without budget then weigh 0). Status from the same thresholds. When ``df`` carries the previous
    quarter (previous_rate, previous_status), so does the roll-up.
    """
    key = ROLLUP_LEVELS[level]
    prim = df[df["role"] == "primary"].copy()
    prim["w"] = 1.0 if weights is None else prim["unit_project_code"].map(weights).fillna(0.0).astype(float)
    with_previous = "previous_rate" in prim.columns and "previous_status" in prim.columns
    groups = [("plan", prim)] if key is None else list(prim.groupby(key, sort=True))
    out = []
    for code, g in groups:
        mean, status, n_rated = _rollup_group(g, "rate", "status")
        counts = g["status"].value_counts().to_dict()
        rec = {"code": code, "n_indicators": len(g), "n_rated": n_rated, "rate": mean, "status": status}
        for s in rules.STATUSES:
            rec[s] = int(counts.get(s, 0))
        if with_previous:
            had = g["previous_status"].notna().any()
            prev_rate, prev_status, _n = _rollup_group(g, "previous_rate", "previous_status")
            rec["previous_rate"], rec["previous_status"] = (prev_rate, prev_status) if had else (None, None)
        out.append(rec)
    return pd.DataFrame(out)


def status_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Number of indicators per status, in the order of rules.STATUSES."""
    counts = df["status"].value_counts()
    return pd.DataFrame({"status": rules.STATUSES, "count": [int(counts.get(s, 0)) for s in rules.STATUSES]})
