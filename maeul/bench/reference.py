"""The progress rules of README (진도 산정 규칙) in plain pandas, from the raw tables held in memory: the reference
the query layer (maeul.read.progress) is compared with, for results and for speed.

Written apart from maeul.read.progress on purpose (no shared helpers), so that a disagreement shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from maeul import PLAN_YEARS
from maeul.read import rules
from maeul.read.rules import Quarter, parse_quarter

KEY = ["indicator_code", "district_code", "year", "quarter"]


def load_frames(con) -> dict[str, pd.DataFrame]:
    """Every table the progress rules read, as DataFrames held in memory (the pandas version starts from these)."""
    with con.cursor() as cur:
        return {
            "actual": cur.execute("SELECT indicator_code, district_code, year, quarter, value, stage, upload_id "
                                  "FROM actual").df(),
            "upload": cur.execute("SELECT upload_id, status, is_sample FROM upload").df(),
            "indicator": cur.execute("SELECT * FROM indicator ORDER BY seq").df(),
            "target": cur.execute("SELECT indicator_code, year, value, stage FROM target").df(),
            "stage": cur.execute("SELECT indicator_code, ord, stage FROM stage").df(),
            "district": cur.execute("SELECT code, dong_count FROM district").df(),
            "published": cur.execute("SELECT * FROM published_actual").df(),
        }


def _nz(v):
    if v is None:
        return None
    try:
        return None if pd.isna(v) else v
    except (TypeError, ValueError):
        return v


@dataclass(frozen=True)
class _Plan:
    """The plan tables as lookups: targets[(code, year)] = (value, stage), stage order per indicator, dong counts
    per district and their total."""

    targets: dict[tuple[str, int], tuple]
    stage_order: dict[str, list[str]]
    dongs: dict[str, int]
    total_dongs: int


def _plan(fr: dict[str, pd.DataFrame]) -> _Plan:
    tg = fr["target"]
    targets = {(c, int(yy)): (_nz(v), _nz(s)) for c, yy, v, s in tg[["indicator_code", "year", "value", "stage"]]
               .itertuples(index=False)}
    stage_order = {c: list(g.sort_values("ord")["stage"]) for c, g in fr["stage"].groupby("indicator_code")}
    dongs = dict(zip(fr["district"]["code"], fr["district"]["dong_count"]))
    return _Plan(targets, stage_order, dongs, sum(dongs.values()))


def _current_rows(fr: dict[str, pd.DataFrame], qi: int, district: str | None) -> dict[str, pd.DataFrame]:
    """Current rows (latest committed upload per key) up to quarter index qi, of the district (all rows when
    citywide), per indicator code."""
    up = fr["upload"]
    committed = up.loc[up["status"] == "committed", ["upload_id", "is_sample"]]
    cur = fr["actual"].merge(committed, on="upload_id")
    cur = cur.sort_values("upload_id", kind="stable").drop_duplicates(KEY, keep="last")
    cur = cur[cur["year"] * 4 + cur["quarter"] - 1 <= qi]
    if district is not None:
        cur = cur[cur["district_code"] == district]
    return dict(tuple(cur.groupby("indicator_code", sort=False)))


def _latest_published(fr: dict[str, pd.DataFrame], qi: int, district: str | None) -> dict[str, pd.Series]:
    """The latest published point per indicator code from 2018 up to quarter index qi (citywide or the district)."""
    pub = fr["published"]
    pub = pub[(pub["year"] >= PLAN_YEARS[0]) & (pub["year"] * 4 + pub["quarter"] - 1 <= qi)]
    pub = pub[pub["district_code"].isna()] if district is None else pub[pub["district_code"] == district]
    pub = pub.sort_values(["year", "quarter"], kind="stable")
    return {c: g.iloc[-1] for c, g in pub.groupby("indicator_code", sort=False)}


def _start(ind: dict) -> float:
    """Running total before 2018 of a cumulative indicator: its pre-2018 baseline when the plan's targets include it."""
    base, base_year = _nz(ind["baseline"]), _nz(ind["baseline_year"])
    if ind["target_kind"] == "cumulative" and base is not None and base_year is not None \
            and base_year < PLAN_YEARS[0] and _nz(ind.get("baseline_in_target")) is True:
        return base
    return 0.0


def _year_target(ind: dict, plan: _Plan, y: int) -> tuple:
    """(value, stage) of the year's target, interpolated from the baseline (level, cumulative) when the plan
    names only a later year."""
    code, kind = ind["code"], ind["target_kind"]
    base, base_year = _nz(ind["baseline"]), _nz(ind["baseline_year"])
    if kind == "cumulative" and base is None:  # a '2018~2022 누계' goal runs from 0 at the end of 2017
        base, base_year = 0.0, PLAN_YEARS[0] - 1
    tv, ts = plan.targets.get((code, y), (None, None))
    if tv is None and ts is None and kind in ("level", "cumulative") and base is not None \
            and base_year is not None:
        later = [(yy, plan.targets[(code, yy)][0]) for yy in PLAN_YEARS
                 if yy > y and plan.targets.get((code, yy), (None, None))[0] is not None]
        if later and base_year < y < later[0][0]:
            tv = base + (later[0][1] - base) * (y - base_year) / (later[0][0] - base_year)
    return tv, ts


def _share(ind: dict, plan: _Plan, district: str | None) -> float | None:
    """The district's share of a citywide target (1.0 citywide, None = no district target)."""
    if district is None:
        return 1.0
    if ind["scope"] == "citywide" or ind["district_basis"] == "none":
        return None
    if ind["target_kind"] == "level" and ind["unit"] in ("%", "점"):
        return 1.0
    if ind["district_basis"] == "equal":
        return 1 / len(plan.dongs)
    return plan.dongs[district] / plan.total_dongs


COUNT_UNITS = {"건", "개", "개소", "명", "회", "동", "세대"}


def _last_value(r: pd.DataFrame) -> float | None:
    rv = r[r["value"].notna()].sort_values(["year", "quarter"])
    return float(rv["value"].iloc[-1]) if len(rv) else None


def _running_total(r: pd.DataFrame | None, p: pd.Series | None, st0: float) -> tuple:
    """A cumulative indicator: the latest published total (at or before the quarter) plus the rows after it,
    else the start plus every row."""
    if p is not None and _nz(p["value"]) is not None:
        after = r[r["year"] * 4 + r["quarter"] - 1 > int(p["year"]) * 4 + int(p["quarter"]) - 1] \
            if r is not None else None
        if after is None or after.empty:
            return float(p["value"]), None, "공표"
        return float(p["value"]) + float(after["value"].sum()), None, ("예시" if bool(after["is_sample"].all())
                                                                         else "업로드")
    if r is None or r.empty:
        return None, None, None
    return st0 + float(r["value"].sum()), None, "예시" if bool(r["is_sample"].all()) else "업로드"


def _actual(ind: dict, r: pd.DataFrame | None, p: pd.Series | None, y: int, district: str | None, st0: float
            ) -> tuple:
    """(actual, stage, source): running totals from a published anchor; otherwise uploads before published figures
    (annual: only a point of the as-of year); a level counting units citywide without citywide rows: the districts'
    latest values summed."""
    kind = ind["target_kind"]
    if kind == "cumulative":
        return _running_total(r, p, st0)
    if r is not None and district is None and kind in ("level", "milestone"):
        city = r[r["district_code"].isna()]
        if kind == "level" and city.empty and ind["unit"] in COUNT_UNITS:
            per = [v for v in (_last_value(g) for _, g in r.groupby("district_code")) if v is not None]
            if per:
                return float(sum(per)), None, "예시" if bool(r["is_sample"].all()) else "업로드"
        r = city
    actual = stage = source = None
    if r is not None and len(r):
        source = "예시" if bool(r["is_sample"].all()) else "업로드"
        if kind == "annual":
            ry = r[r["year"] == y]
            actual = float(ry["value"].sum()) if len(ry) else None
        elif kind == "level":
            actual = _last_value(r)
        else:
            rs = r[r["stage"].notna()].sort_values(["year", "quarter"])
            stage = rs["stage"].iloc[-1] if len(rs) else None
    elif p is not None and (kind != "annual" or int(p["year"]) == y):
        source = "공표"
        if kind == "milestone":
            stage = _nz(p["stage"])
        else:
            actual = _nz(p["value"])
            actual = None if actual is None else float(actual)
    if actual is None and stage is None and source != "공표":
        source = None
    return actual, stage, source


def _stage_status(order: list[str], ts, stage, share: float | None) -> str:
    if ts is None or ts not in order or share is None:
        return rules.NO_TARGET
    if stage is None or stage not in order:
        return rules.NO_DATA
    a, e = order.index(stage) + 1, order.index(ts) + 1
    return rules.status_for_stage(a, e, len(order))


def _expected(ind: dict, plan: _Plan, q: Quarter, tgt: float, share: float, offset: float, st0: float) -> float:
    kind = ind["target_kind"]
    if kind == "annual":
        return tgt * q.quarter / 4
    pv = _year_target(ind, plan, q.year - 1)[0] if q.year > PLAN_YEARS[0] else None
    if kind == "cumulative":
        prev = (pv - offset) * share if pv is not None else st0
        return prev + (tgt - prev) * q.quarter / 4
    base, base_year = _nz(ind["baseline"]), _nz(ind["baseline_year"])
    if pv is None and base is not None and base_year is not None and base_year < PLAN_YEARS[0]:
        pv = base
    if pv is None:
        return tgt
    return pv * share + (tgt - pv * share) * q.quarter / 4


def _value_status(ind: dict, q: Quarter, expected: float, actual: float | None, tgt: float, small: bool,
                  comparable: bool) -> str:
    if expected <= 0:
        return rules.NO_TARGET
    if actual is None:
        return rules.NO_DATA
    if not comparable or (small and expected < 1):
        return rules.NOT_RATED
    if ind["direction"] == "lower":
        rate = expected / actual if actual > 0 else float("inf")
        year_rate = tgt / actual if actual > 0 else float("inf")
        if ind["target_kind"] in ("annual", "cumulative") and q.quarter < 4:
            year_rate = None
    else:
        rate = actual / expected
        year_rate = actual / tgt if tgt > 0 else None
    return rules.status_for(rate, year_rate)


def _reference_row(ind: dict, plan: _Plan, q: Quarter, district: str | None, r: pd.DataFrame | None,
                   p: pd.Series | None) -> dict:
    """One indicator's row: code, actual, actual_stage, target, status, source."""
    code, kind = ind["code"], ind["target_kind"]
    start = _start(ind)
    tv, ts = _year_target(ind, plan, q.year)
    share = _share(ind, plan, district)
    offset = 0.0 if district is None else start
    tgt = None if (share is None or tv is None) else (tv - offset) * share
    st0 = start if district is None else 0.0
    actual, stage, source = _actual(ind, r, p, q.year, district, st0)
    row = {"code": code, "actual": actual, "actual_stage": stage, "target": None, "status": rules.NO_TARGET,
           "source": source}
    if kind == "milestone":
        row["status"] = _stage_status(plan.stage_order.get(code, []), ts, stage, share)
        return row
    row["target"] = tgt
    if tgt is not None:
        small = district is not None and ind["unit"] in COUNT_UNITS and not (
            kind == "level" and ind["unit"] in ("%", "점"))
        comparable = not (source == "공표" and p is not None and _nz(p.get("comparable")) is False)
        row["status"] = _value_status(ind, q, _expected(ind, plan, q, tgt, share, offset, st0), actual, tgt, small,
                                      comparable)
    return row


def pandas_progress(fr: dict[str, pd.DataFrame], as_of: str, district: str | None = None) -> pd.DataFrame:
    """The progress rules of README (진도 산정 규칙) in plain pandas, from the raw tables: current rows (latest
    committed upload per key), actual as of the quarter per target kind, uploads before published figures, the
    year's target (interpolated from the baseline where the plan names only a later year), the district share,
    expected by now, rate and status. Columns: code, actual, actual_stage, target, status, source."""
    q = parse_quarter(as_of)
    plan = _plan(fr)
    by_code = _current_rows(fr, q.index, district)
    pub_last = _latest_published(fr, q.index, district)
    return pd.DataFrame([_reference_row(ind, plan, q, district, by_code.get(ind["code"]), pub_last.get(ind["code"]))
                         for ind in fr["indicator"].to_dict("records")])


def compare_progress(got: pd.DataFrame, want: pd.DataFrame) -> list[str]:
    """Indicators where the query layer and the pandas version disagree (status, source, actual, target)."""
    g = got.set_index("code")
    bad = []
    for w in want.to_dict("records"):
        r = g.loc[w["code"]]
        w = {k: _nz(v) for k, v in w.items()}
        same = r["status"] == w["status"] and _nz(r["source"]) == w["source"]
        for col in ("actual", "target"):
            a, b = _nz(r[col]), w[col]
            same = same and ((a is None and b is None) or (a is not None and b is not None
                                                            and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)))
        same = same and _nz(r["actual_stage"]) == w["actual_stage"]
        if not same:
            bad.append(w["code"])
    return bad
