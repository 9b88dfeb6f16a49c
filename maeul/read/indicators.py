"""Reads behind one indicator's detail and the overview's budget cards, for the scope shown (citywide, one
district or several): each plan year's target as progress derives it, the quarterly series, and budget execution
by core value. Plain functions fn(con, ...) returning DataFrames (listed in maeul.read.registry)."""

from __future__ import annotations

import duckdb
import pandas as pd

from maeul import PLAN_YEARS
from maeul.read import progress as progress_mod
from maeul.read import queries


def yearly_targets(con: duckdb.DuckDBPyConnection, district=None, basis: str = "dong") -> pd.DataFrame:
    """Each indicator's target for every plan year in the scope shown (code, year, target, target_stage,
    target_basis): progress() as of each year's fourth quarter, so derived district targets and interpolated
    years follow exactly the rules progress uses."""
    plan = progress_mod.load_plan(con)
    dist = list(district) if isinstance(district, tuple) else district
    frames = []
    for y in PLAN_YEARS:
        p = progress_mod.progress(con, f"{y}Q4", dist, basis, plan=plan)
        frames.append(p[["code", "target", "target_stage", "target_basis"]].assign(year=y))
    return pd.concat(frames, ignore_index=True)[["code", "year", "target", "target_stage", "target_basis"]]


def scope_series(con: duckdb.DuckDBPyConnection, code: str, district=None, kind: str = "annual") -> pd.DataFrame:
    """Quarterly actuals of one indicator for the scope shown (queries.indicator_series), for several districts
    too: counts add up per quarter; a level or stage only when exactly one of the districts reported (as progress
    does). Published (공표) points are only shown citywide or for one district."""
    if district is None or isinstance(district, str):
        return queries.indicator_series(con, code, district)
    parts = [queries.indicator_series(con, code, d) for d in district]
    parts = [p[p["source"] != "공표"] for p in parts]
    parts = [p for p in parts if len(p)]
    cols = ["year", "quarter", "label", "value", "stage", "source", "detail", "n_rows"]
    if not parts:
        return pd.DataFrame(columns=cols)
    if kind in ("level", "milestone"):
        return parts[0][cols] if len(parts) == 1 else pd.DataFrame(columns=cols)
    df = pd.concat(parts, ignore_index=True)
    out = (df.groupby(["year", "quarter", "label"], as_index=False)
             .agg(value=("value", "sum"), n_rows=("n_rows", "sum"),
                  source=("source", lambda s: "예시" if (s == "예시").all() else "업로드")))
    out["stage"] = None
    out["detail"] = None
    return out[cols]


def budget_scope(con: duckdb.DuckDBPyConnection, as_of: str, district=None) -> pd.DataFrame:
    """queries.budget_execution by strategy for the scope shown; several districts: executed amounts add up
    (the plan's amounts are citywide, so planned columns stay empty for any district scope)."""
    if district is None or isinstance(district, str):
        return queries.budget_execution(con, as_of, "strategy", district)
    parts = [queries.budget_execution(con, as_of, "strategy", d) for d in district]
    out = parts[0].copy()
    for col in ("executed_year", "executed_to_date"):
        out[col] = sum(p[col].to_numpy() for p in parts)
    out["has_execution"] = pd.concat([p["has_execution"] for p in parts], axis=1).any(axis=1).to_numpy()
    out[["rate_year", "rate_to_date"]] = None
    return out
