"""Synthetic data for the benchmark: a database with the plan tables built from data/ and uploads at a scale.

Data (per scale s, written straight into a temporary DuckDB file, the plan tables built from data/):
- 1× = every indicator × (citywide + 25 자치구) × 20 quarters 2018Q1–2022Q4, the real shape (68 × 26 × 20 rows).
- s× = s times that row count: more areas (the 424 행정동 of 2018 as extra district keys, up to 450 areas in all),
  then, once the key grid is full, more correction uploads (re-submitted keys). Every scale has at least 5 %
  superseded rows (correction uploads written after the 20 quarterly uploads) and one rolled-back correction upload.
- Budget execution rows (every 예산 line × the same areas × 20 quarters) and 500 community spaces, so every page
  has data.

Upload ids: 1–20 the quarterly actuals uploads, then the correction uploads (the last one rolled back), then one
budget upload per quarter, then the spaces upload.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from maeul import DATA_DIR, PLAN_YEARS
from maeul.plan import schema
from maeul.plan.db import connect
from maeul.plan.write import bump_data_version

BASE_AREAS = 26  # citywide + 25 자치구
QUARTERS = [(y, q) for y in PLAN_YEARS for q in (1, 2, 3, 4)]
MAX_AREAS = BASE_AREAS + 424
MIN_SUPERSEDED = 0.05  # share of superseded rows at every scale (correction uploads)
BENCH_USER = "bench"
N_SPACES = 500
SPACE_TYPES = ["우리마을공간", "마을기업", "마을예술창작소", "마을활력소"]


def _dong_codes() -> list[str]:
    d = pd.read_csv(DATA_DIR / "geo" / "seoul_dong_codes_2018_2022.csv", dtype=str)
    return sorted(d.loc[d["in_2018"] == "1", "adm_cd2"].tolist())


def plan_shape(con) -> dict:
    """Number of indicators and the 1× row count (every indicator × 26 areas × 20 quarters)."""
    n_ind = con.execute("SELECT count(*) FROM indicator").fetchall()[0][0]
    return {"indicators": int(n_ind), "rows_1x": int(n_ind) * BASE_AREAS * len(QUARTERS)}


def layout(scale: float, n_ind: int) -> dict:
    """Areas, key count and superseded row count for a scale (see the module docstring)."""
    target_rows = round(scale * n_ind * BASE_AREAS * len(QUARTERS))
    floor = BASE_AREAS if scale >= 1 else 1  # below 1× (smoke tests): fewer areas
    areas = min(MAX_AREAS, max(floor, round(scale * BASE_AREAS / (1 + MIN_SUPERSEDED))))
    keys = areas * n_ind * len(QUARTERS)
    superseded = max(target_rows - keys, round(MIN_SUPERSEDED * keys))
    return {"target_rows": target_rows, "areas": areas, "keys": keys, "superseded": superseded}


def _values(rng: np.random.Generator, kinds: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Plausible numbers per row: counts for annual/cumulative, 0–100 for %/점 levels, counts otherwise."""
    v = rng.poisson(12, len(kinds)).astype("float64")
    pct = (kinds == "level") & np.isin(units, ["%", "점"])
    v[pct] = np.round(rng.uniform(20, 95, int(pct.sum())), 1)
    v[kinds == "milestone"] = np.nan
    return v


def _stages(rng: np.random.Generator, codes: np.ndarray, kinds: np.ndarray, stages: dict[str, list[str]]):
    out = np.full(len(codes), None, dtype=object)
    for i in np.flatnonzero(kinds == "milestone"):
        order = stages.get(codes[i]) or ["운영"]
        out[i] = order[int(rng.integers(len(order)))]
    return out


@dataclass(frozen=True)
class _Plan:
    """What the generator reads from the plan tables: indicators (code, target_kind, unit, in seq order), the
    stage order per milestone indicator, the 25 district codes and the 예산 budget lines."""

    indicators: pd.DataFrame
    stages: dict[str, list[str]]
    districts: list[str]
    budget_lines: list[str]


def _read_plan(con) -> _Plan:
    ind = con.execute("SELECT code, target_kind, unit FROM indicator ORDER BY seq").df()
    stages: dict[str, list[str]] = {}
    for c, s in con.execute("SELECT indicator_code, stage FROM stage ORDER BY indicator_code, ord").fetchall():
        stages.setdefault(c, []).append(s)
    districts = [r[0] for r in con.execute("SELECT code FROM district ORDER BY code").fetchall()]
    lines = [r[0] for r in con.execute("SELECT code FROM budget_line WHERE funding = '예산' ORDER BY code")
             .fetchall()]
    return _Plan(ind, stages, districts, lines)


@dataclass(frozen=True)
class _Actuals:
    """The generated `actual` rows and how they were cut into uploads (n_corr correction uploads after the
    quarterly ones; the last correction upload, of rolled_back rows, is the rolled-back one)."""

    rows: pd.DataFrame
    n_corr: int
    rolled_back: int


def _actual_rows(rng: np.random.Generator, plan: _Plan, areas: list, lay: dict) -> _Actuals:
    """The key grid (quarter-major: one quarterly upload per quarter, then area, then indicator) and the
    correction uploads: re-submitted keys, each key at most once per upload."""
    ind = plan.indicators
    n_ind, n_area, n_q = len(ind), len(areas), len(QUARTERS)
    qi = np.repeat(np.arange(n_q), n_area * n_ind)
    ai = np.tile(np.repeat(np.arange(n_area), n_ind), n_q)
    ii = np.tile(np.arange(n_ind), n_area * n_q)
    codes = ind["code"].to_numpy()[ii]
    kinds = ind["target_kind"].to_numpy()[ii]
    units = ind["unit"].to_numpy()[ii]
    area_arr = np.array(areas, dtype=object)[ai]
    years = np.array([y for y, _ in QUARTERS])[qi]
    quarters = np.array([q for _, q in QUARTERS])[qi]
    upload_of_key = qi + 1  # quarterly uploads 1..20

    n_keys, sup = lay["keys"], lay["superseded"]
    per_upload = max(1, n_keys // n_q)
    n_corr = max(2, math.ceil(sup / per_upload))
    sizes = [sup // n_corr + (1 if i < sup % n_corr else 0) for i in range(n_corr)]
    corr_idx = [rng.choice(n_keys, size=s, replace=False) for s in sizes]
    corr_upload = np.concatenate([np.full(s, n_q + 1 + i) for i, s in enumerate(sizes)])
    idx = np.concatenate([np.arange(n_keys)] + corr_idx)
    upload_ids = np.concatenate([upload_of_key, corr_upload])

    actual = pd.DataFrame({
        "indicator_code": codes[idx], "district_code": area_arr[idx],
        "year": years[idx].astype("int32"), "quarter": quarters[idx].astype("int32"),
        "value": _values(rng, kinds[idx], units[idx]), "stage": _stages(rng, codes[idx], kinds[idx], plan.stages),
        "note": None, "upload_id": upload_ids.astype("int32"),
    })
    actual["note"] = actual["note"].astype(object)
    return _Actuals(actual, n_corr, int(sizes[-1]))


def _budget_rows(rng: np.random.Generator, lines: list[str], areas: list, first_upload: int) -> pd.DataFrame:
    """Budget execution: every 예산 line × the areas × 20 quarters, one upload per quarter from first_upload."""
    n_area, n_q = len(areas), len(QUARTERS)
    b_q = np.repeat(np.arange(n_q), n_area * len(lines))
    b_a = np.tile(np.repeat(np.arange(n_area), len(lines)), n_q)
    b_l = np.tile(np.arange(len(lines)), n_area * n_q)
    budget = pd.DataFrame({
        "line_code": np.array(lines, dtype=object)[b_l], "district_code": np.array(areas, dtype=object)[b_a],
        "year": np.array([y for y, _ in QUARTERS])[b_q].astype("int32"),
        "quarter": np.array([q for _, q in QUARTERS])[b_q].astype("int32"),
        "amount_mn": np.round(rng.uniform(0, 50, len(b_q)), 1), "note": None,
        "upload_id": (first_upload + b_q).astype("int32"),
    })
    budget["note"] = budget["note"].astype(object)
    return budget


def _space_rows(rng: np.random.Generator, districts: list[str], upload_id: int) -> pd.DataFrame:
    """N_SPACES community spaces at random places in Seoul, in one upload."""
    n_sp = N_SPACES
    sp_d = np.array(districts, dtype=object)[rng.integers(len(districts), size=n_sp)]
    spaces = pd.DataFrame({
        "name": [f"벤치 공간 {i + 1}" for i in range(n_sp)],
        "space_type": np.array(SPACE_TYPES, dtype=object)[rng.integers(4, size=n_sp)],
        "district_code": sp_d, "dong_code": None, "address": None,
        "lat": rng.uniform(37.45, 37.68, n_sp), "lon": rng.uniform(126.8, 127.15, n_sp),
        "opened": pd.NaT, "closed": pd.NaT, "has_childcare_room": rng.random(n_sp) < 0.2, "note": None,
        "upload_id": np.full(n_sp, upload_id, dtype="int32"),
    })
    for c in ("dong_code", "address", "note"):
        spaces[c] = spaces[c].astype(object)
    spaces["opened"] = pd.to_datetime(spaces["opened"]).dt.date
    spaces["closed"] = pd.to_datetime(spaces["closed"]).dt.date
    return spaces


def _upload_rows(actual: pd.DataFrame, budget: pd.DataFrame, n_corr: int, space_upload: int, scale: float
                 ) -> pd.DataFrame:
    """The `upload` rows for every upload id (actuals, then budget, then spaces); the last correction upload is
    rolled back."""
    n_q = len(QUARTERS)
    counts = actual.groupby("upload_id").size()
    b_counts = budget.groupby("upload_id").size()
    up_rows = []
    for uid in range(1, space_upload + 1):
        if uid <= n_q + n_corr:
            kind, n = "actuals", int(counts.get(uid, 0))
        elif uid < space_upload:
            kind, n = "budget", int(b_counts.get(uid, 0))
        else:
            kind, n = "spaces", N_SPACES
        status = "rolled_back" if uid == n_q + n_corr else "committed"
        up_rows.append({
            "upload_id": uid, "uploaded_at": pd.Timestamp("2023-01-01") + pd.Timedelta(hours=uid),
            "user": BENCH_USER, "file_name": f"bench_{uid}.csv", "sha256": f"bench-{scale}-{uid}",
            "kind": kind, "rows": n, "encoding": "utf-8", "status": status, "is_sample": False,
            "rolled_back_at": pd.Timestamp("2023-02-01") if status == "rolled_back" else pd.NaT,
            "rolled_back_by": BENCH_USER if status == "rolled_back" else None, "raw": None,
        })
    uploads = pd.DataFrame(up_rows)
    uploads["rolled_back_by"] = uploads["rolled_back_by"].astype(object)
    uploads["raw"] = uploads["raw"].astype(object)
    return uploads


def _insert(con, tables: list[tuple[str, pd.DataFrame]], last_upload: int) -> None:
    """Write the frames into their tables in one transaction, move upload_seq past last_upload, bring the
    materialised current rows up to date and bump the data version; then checkpoint."""
    con.execute("BEGIN TRANSACTION")
    for table, df in tables:
        con.register("_bench_src", df)
        cols = ", ".join(f'"{c}"' for c in df.columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _bench_src")
        con.unregister("_bench_src")
    con.execute(f"SELECT max(nextval('upload_seq')) FROM range({last_upload})")  # ids continue after ours
    refresh = getattr(schema, "refresh_current", None)
    if refresh is not None:  # a materialised current-rows table, when the schema keeps one
        refresh(con)
    bump_data_version(con)
    con.execute("COMMIT")
    con.execute("CHECKPOINT")


def generate(path: str | os.PathLike, scale: float, seed: int = 7) -> dict:
    """Build a database at `path` (plan tables from data/) and fill it with synthetic uploads at `scale`.

    Returns counts: rows (in `actual`), current (keys), superseded, rolled_back, uploads, areas, budget_rows."""
    rng = np.random.default_rng(seed)
    con = connect(path)
    try:
        plan = _read_plan(con)
        lay = layout(scale, len(plan.indicators))
        areas = ([None] + plan.districts + _dong_codes())[: lay["areas"]]
        act = _actual_rows(rng, plan, areas, lay)
        first_budget_upload = len(QUARTERS) + act.n_corr + 1
        budget = _budget_rows(rng, plan.budget_lines, areas, first_budget_upload)
        space_upload = first_budget_upload + len(QUARTERS)
        spaces = _space_rows(rng, plan.districts, space_upload)
        uploads = _upload_rows(act.rows, budget, act.n_corr, space_upload, scale)
        _insert(con, [("upload", uploads), ("actual", act.rows), ("budget_execution", budget), ("space", spaces)],
                space_upload)
        return {"rows": len(act.rows), "current": lay["keys"], "superseded": int(lay["superseded"]),
                "rolled_back": act.rolled_back, "uploads": space_upload, "areas": len(areas),
                "budget_rows": len(budget)}
    finally:
        con.close()
