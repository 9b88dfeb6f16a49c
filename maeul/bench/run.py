"""Benchmark of the query layer, the upload path and every page at 1×, 10× and 30× the plan's data.

Run: `python -m maeul.bench [--scales 1,10,30] [--repeat N] [--out bench/results.json] [--md bench/LATEST.md]`.
See bench/README.md for what is generated and measured. Nothing here runs at import time of the app.

Data (per scale s, written straight into a temporary DuckDB file, the plan tables built from data/):
- 1× = every indicator × (citywide + 25 자치구) × 20 quarters 2018Q1–2022Q4, the real shape (68 × 26 × 20 rows).
- s× = s times that row count: more areas (the 424 행정동 of 2018 as extra district keys, up to 450 areas in all),
  then, once the key grid is full, more correction uploads (re-submitted keys). Every scale has at least 5 %
  superseded rows (correction uploads written after the 20 quarterly uploads) and one rolled-back correction upload.
- Budget execution rows (every 예산 line × the same areas × 20 quarters) and 500 community spaces, so every page
  has data.

Every timing is the median of `repeat` runs; ratios compare medians measured in the same loop (interleaved runs).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from maeul import DATA_DIR, PLAN_YEARS, ROOT
from maeul.read.rules import parse_quarter

BASE_AREAS = 26  # citywide + 25 자치구
QUARTERS = [(y, q) for y in PLAN_YEARS for q in (1, 2, 3, 4)]
MAX_AREAS = BASE_AREAS + 424
MIN_SUPERSEDED = 0.05  # share of superseded rows at every scale (correction uploads)
AS_OF = "2022Q4"  # the app's default as-of quarter once every quarter is in (the heaviest: every row counts)
DISTRICT = "11680"  # 강남구
PAGES = ["overview", "strategy", "budget", "map", "districts", "upload", "quality"]
INGEST_ROWS = 100_000
BENCH_USER = "bench"
EMPTY_PAGE = "import streamlit as st\n"
SIDEBAR_ONLY_PAGE = "from maeul.web import sidebar\n\nsidebar.sidebar()\n"
# The app's shell (app.main(): page config, navigation, sidebar) over stand-in pages that draw only what every page
# draws first (the 예시/no-data banner) and a title: the floor a real page's rerun starts from.
STAND_IN_PAGE = """import streamlit as st

from maeul.web import sidebar, widgets


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    widgets.banners(f)
    st.title("stand-in")


render()
"""


def shell_app_script(root: Path) -> str:
    """Write a stand-in for every page of app.PAGES under ``root``; return a script running app.main over them."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import app

    for path, *_ in app.PAGES:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(STAND_IN_PAGE, encoding="utf-8")
    return (f"import sys\nfrom pathlib import Path\n\nsys.path.insert(0, {str(ROOT)!r})\nimport app  # noqa: E402\n\n"
            f"app.main(Path({str(root)!r}))\n")


# ------------------------------------------------------------------------------------------ data generation

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


def generate(path: str | os.PathLike, scale: float, seed: int = 7) -> dict:
    """Build a database at `path` (plan tables from data/) and fill it with synthetic uploads at `scale`.

    Returns counts: rows (in `actual`), current (keys), superseded, rolled_back, uploads, areas, budget_rows."""
    from maeul.plan import schema
    from maeul.plan.db import connect
    from maeul.plan.write import bump_data_version

    rng = np.random.default_rng(seed)
    con = connect(path)
    try:
        ind = con.execute("SELECT code, target_kind, unit FROM indicator ORDER BY seq").df()
        stages: dict[str, list[str]] = {}
        for c, s in con.execute("SELECT indicator_code, stage FROM stage ORDER BY indicator_code, ord").fetchall():
            stages.setdefault(c, []).append(s)
        districts = [r[0] for r in con.execute("SELECT code FROM district ORDER BY code").fetchall()]
        lay = layout(scale, len(ind))
        areas = ([None] + districts + _dong_codes())[: lay["areas"]]

        # the key grid: quarter-major (one quarterly upload per quarter), then area, then indicator
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

        # correction uploads: re-submitted keys, each key at most once per upload; the last one is rolled back
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
            "value": _values(rng, kinds[idx], units[idx]), "stage": _stages(rng, codes[idx], kinds[idx], stages),
            "note": None, "upload_id": upload_ids.astype("int32"),
        })
        actual["note"] = actual["note"].astype(object)

        # budget execution: every 예산 line × the same areas × 20 quarters, one upload per quarter
        lines = [r[0] for r in con.execute("SELECT code FROM budget_line WHERE funding = '예산' ORDER BY code")
                 .fetchall()]
        b_q = np.repeat(np.arange(n_q), n_area * len(lines))
        b_a = np.tile(np.repeat(np.arange(n_area), len(lines)), n_q)
        b_l = np.tile(np.arange(len(lines)), n_area * n_q)
        first_budget_upload = n_q + n_corr + 1
        budget = pd.DataFrame({
            "line_code": np.array(lines, dtype=object)[b_l], "district_code": np.array(areas, dtype=object)[b_a],
            "year": np.array([y for y, _ in QUARTERS])[b_q].astype("int32"),
            "quarter": np.array([q for _, q in QUARTERS])[b_q].astype("int32"),
            "amount_mn": np.round(rng.uniform(0, 50, len(b_q)), 1), "note": None,
            "upload_id": (first_budget_upload + b_q).astype("int32"),
        })
        budget["note"] = budget["note"].astype(object)

        # 500 community spaces in one upload
        space_upload = first_budget_upload + n_q
        n_sp = 500
        sp_d = np.array(districts, dtype=object)[rng.integers(len(districts), size=n_sp)]
        spaces = pd.DataFrame({
            "name": [f"벤치 공간 {i + 1}" for i in range(n_sp)],
            "space_type": np.array(["우리마을공간", "마을기업", "마을예술창작소", "마을활력소"], dtype=object)[
                rng.integers(4, size=n_sp)],
            "district_code": sp_d, "dong_code": None, "address": None,
            "lat": rng.uniform(37.45, 37.68, n_sp), "lon": rng.uniform(126.8, 127.15, n_sp),
            "opened": pd.NaT, "closed": pd.NaT, "has_childcare_room": rng.random(n_sp) < 0.2, "note": None,
            "upload_id": np.full(n_sp, space_upload, dtype="int32"),
        })
        for c in ("dong_code", "address", "note"):
            spaces[c] = spaces[c].astype(object)
        spaces["opened"] = pd.to_datetime(spaces["opened"]).dt.date
        spaces["closed"] = pd.to_datetime(spaces["closed"]).dt.date

        counts = actual.groupby("upload_id").size()
        b_counts = budget.groupby("upload_id").size()
        up_rows = []
        for uid in range(1, space_upload + 1):
            if uid <= n_q + n_corr:
                kind, n = "actuals", int(counts.get(uid, 0))
            elif uid < space_upload:
                kind, n = "budget", int(b_counts.get(uid, 0))
            else:
                kind, n = "spaces", n_sp
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

        con.execute("BEGIN TRANSACTION")
        for table, df in (("upload", uploads), ("actual", actual), ("budget_execution", budget),
                          ("space", spaces)):
            con.register("_bench_src", df)
            cols = ", ".join(f'"{c}"' for c in df.columns)
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _bench_src")
            con.unregister("_bench_src")
        con.execute(f"SELECT max(nextval('upload_seq')) FROM range({space_upload})")  # ids continue after ours
        refresh = getattr(schema, "refresh_current", None)
        if refresh is not None:  # a materialised current-rows table, when the schema keeps one
            refresh(con)
        bump_data_version(con)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        rolled = int(sizes[-1])
        return {"rows": len(actual), "current": n_keys, "superseded": int(sup), "rolled_back": rolled,
                "uploads": space_upload, "areas": n_area, "budget_rows": len(budget)}
    finally:
        con.close()


# ------------------------------------------------------------------------------------------ timing helpers

def _time(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def median_ms(fn: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    return statistics.median(_time(fn) for _ in range(repeat)) * 1000


def side_by_side(fa: Callable[[], object], fb: Callable[[], object], repeat: int, warmup: int = 1
                 ) -> tuple[float, float]:
    """Medians (ms) of two functions measured in the same loop, alternately, so both see the same machine load."""
    for _ in range(warmup):
        fa()
        fb()
    ta, tb = [], []
    for _ in range(repeat):
        ta.append(_time(fa))
        tb.append(_time(fb))
    return statistics.median(ta) * 1000, statistics.median(tb) * 1000


# ------------------------------------------------------------------------------------------ plain pandas progress

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


def pandas_progress(fr: dict[str, pd.DataFrame], as_of: str, district: str | None = None) -> pd.DataFrame:
    """The progress rules of README (진도 산정 규칙) in plain pandas, from the raw tables: current rows (latest
    committed upload per key), actual as of the quarter per target kind, uploads before published figures, the
    year's target (interpolated from the baseline where the plan names only a later year), the district share,
    expected by now, rate and status. Columns: code, actual, actual_stage, target, status, source."""
    from maeul.read import rules

    q = parse_quarter(as_of)
    y, qq, qi = q.year, q.quarter, q.index
    up = fr["upload"]
    committed = up.loc[up["status"] == "committed", ["upload_id", "is_sample"]]
    cur = fr["actual"].merge(committed, on="upload_id")
    cur = cur.sort_values("upload_id", kind="stable").drop_duplicates(KEY, keep="last")
    cur = cur[cur["year"] * 4 + cur["quarter"] - 1 <= qi]
    if district is not None:
        cur = cur[cur["district_code"] == district]
    by_code = dict(tuple(cur.groupby("indicator_code", sort=False)))

    tg = fr["target"]
    targets = {(c, int(yy)): (_nz(v), _nz(s)) for c, yy, v, s in tg[["indicator_code", "year", "value", "stage"]]
               .itertuples(index=False)}
    stage_order = {c: list(g.sort_values("ord")["stage"]) for c, g in fr["stage"].groupby("indicator_code")}
    dongs = dict(zip(fr["district"]["code"], fr["district"]["dong_count"]))
    total_dongs = sum(dongs.values())
    pub = fr["published"]
    pub = pub[(pub["year"] >= PLAN_YEARS[0]) & (pub["year"] * 4 + pub["quarter"] - 1 <= qi)]
    pub = pub[pub["district_code"].isna()] if district is None else pub[pub["district_code"] == district]
    pub = pub.sort_values(["year", "quarter"], kind="stable")
    pub_last = {c: g.iloc[-1] for c, g in pub.groupby("indicator_code", sort=False)}

    out = []
    for ind in fr["indicator"].to_dict("records"):
        code, kind = ind["code"], ind["target_kind"]
        base, base_year = _nz(ind["baseline"]), _nz(ind["baseline_year"])
        start = base if (kind == "cumulative" and base is not None and base_year is not None
                         and base_year < PLAN_YEARS[0]) else 0.0
        tv, ts = targets.get((code, y), (None, None))
        if tv is None and ts is None and kind in ("level", "cumulative") and base is not None \
                and base_year is not None:
            later = [(yy, targets[(code, yy)][0]) for yy in PLAN_YEARS
                     if yy > y and targets.get((code, yy), (None, None))[0] is not None]
            if later and base_year < y < later[0][0]:
                tv = base + (later[0][1] - base) * (y - base_year) / (later[0][0] - base_year)
        share, offset = 1.0, 0.0
        if district is not None:
            offset = start
            if ind["scope"] == "citywide" or ind["district_basis"] == "none":
                share = None
            elif kind == "level" and ind["unit"] in ("%", "점"):
                share = 1.0
            elif ind["district_basis"] == "equal":
                share = 1 / len(dongs)
            else:
                share = dongs[district] / total_dongs
        tgt = None if (share is None or tv is None) else (tv - offset) * share

        r = by_code.get(code)
        if r is not None and district is None and kind in ("level", "milestone"):
            r = r[r["district_code"].isna()]
        st0 = start if district is None else 0.0
        actual = stage = source = None
        if r is not None and len(r):
            source = "예시" if bool(r["is_sample"].all()) else "업로드"
            if kind == "annual":
                ry = r[r["year"] == y]
                actual = float(ry["value"].sum()) if len(ry) else None
            elif kind == "cumulative":
                actual = st0 + float(r["value"].sum())
            elif kind == "level":
                rv = r[r["value"].notna()].sort_values(["year", "quarter"])
                actual = float(rv["value"].iloc[-1]) if len(rv) else None
            else:
                rs = r[r["stage"].notna()].sort_values(["year", "quarter"])
                stage = rs["stage"].iloc[-1] if len(rs) else None
        elif code in pub_last and (kind != "annual" or int(pub_last[code]["year"]) == y):
            p = pub_last[code]
            source = "공표"
            if kind == "milestone":
                stage = _nz(p["stage"])
            else:
                actual = _nz(p["value"])
                actual = None if actual is None else float(actual)
        if actual is None and stage is None and source != "공표":
            source = None

        row = {"code": code, "actual": actual, "actual_stage": stage, "target": None, "status": rules.NO_TARGET,
               "source": source}
        if kind == "milestone":
            order = stage_order.get(code, [])
            if ts is None or ts not in order or share is None:
                row["status"] = rules.NO_TARGET
            elif stage is None or stage not in order:
                row["status"] = rules.NO_DATA
            else:
                a, e = order.index(stage) + 1, order.index(ts) + 1
                row["status"] = rules.status_for_stage(a, e, len(order))
            out.append(row)
            continue
        row["target"] = tgt
        if tgt is None:
            out.append(row)
            continue
        if kind == "annual":
            expected = tgt * qq / 4
        elif kind == "cumulative":
            pv = targets.get((code, y - 1), (None, None))[0] if y > PLAN_YEARS[0] else None
            prev = (pv - offset) * share if pv is not None else st0
            expected = prev + (tgt - prev) * qq / 4
        else:
            expected = tgt
        if expected <= 0:
            row["status"] = rules.NO_TARGET
        elif actual is None:
            row["status"] = rules.NO_DATA
        else:
            if ind["direction"] == "lower":
                rate = expected / actual if actual > 0 else float("inf")
                year_rate = tgt / actual if actual > 0 else float("inf")
            else:
                rate = actual / expected
                year_rate = actual / tgt if tgt > 0 else None
            row["status"] = rules.status_for(rate, year_rate)
        out.append(row)
    return pd.DataFrame(out)


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


# ------------------------------------------------------------------------------------------ ingest of 100k rows

SYNTHETIC_PREFIX = "BENCH-"


def add_synthetic_indicators(con, n: int) -> list[str]:
    """Extra annual count indicators (scope both) in the bench database only.

    Why: the plan's 68 indicators allow at most 18,360 distinct valid actuals rows (34 district-level indicators ×
    26 areas + 34 citywide-only ones, × 20 quarters) and a file may not repeat a key, so no valid 100,000-row file
    exists without more indicators."""
    seq0 = con.execute("SELECT coalesce(max(seq), 0) FROM indicator").fetchall()[0][0]
    codes = [f"{SYNTHETIC_PREFIX}{i + 1:03d}" for i in range(n)]
    df = pd.DataFrame({
        "code": codes, "role": "sub", "name_ko": [f"벤치 지표 {i + 1}" for i in range(n)],
        "name_en": [f"Bench indicator {i + 1}" for i in range(n)], "unit": "건", "direction": "higher",
        "target_kind": "annual", "scope": "both", "district_basis": "dong", "seq": [seq0 + 1 + i for i in range(n)],
    })
    con.register("_bench_ind", df)
    cols = ", ".join(df.columns)
    con.execute(f"INSERT INTO indicator ({cols}) SELECT {cols} FROM _bench_ind")
    con.unregister("_bench_ind")
    return codes


def actuals_csv(con, n_rows: int, extra_codes: list[str], salt: str, seed: int = 11) -> bytes:
    """A valid actuals upload of exactly n_rows rows as a district office would send it: UTF-8 with BOM, the
    template's Korean headers, district names in Korean (서울시 for citywide). First every valid key of the plan's
    indicators (they supersede current values), then rows of the synthetic indicators."""
    from maeul.upload.spec import HEADERS_KO

    rng = np.random.default_rng(seed)
    ind = con.execute("SELECT code, target_kind, unit, scope FROM indicator ORDER BY seq").fetchall()
    stages: dict[str, list[str]] = {}
    for c, s in con.execute("SELECT indicator_code, stage FROM stage ORDER BY indicator_code, ord").fetchall():
        stages.setdefault(c, []).append(s)
    names = [r[0] for r in con.execute("SELECT name_ko FROM district ORDER BY code").fetchall()]
    extra = set(extra_codes)
    rows: list[list[str]] = []
    plan = [r for r in ind if r[0] not in extra] + [r for r in ind if r[0] in extra]
    for code, kind, unit, scope in plan:
        areas = ["서울시"] if scope == "citywide" else ["서울시"] + names
        for y, q in QUARTERS:
            for a in areas:
                if kind == "milestone":
                    order = stages.get(code) or ["운영"]
                    v = order[int(rng.integers(len(order)))]
                elif unit in ("%", "점"):
                    v = f"{rng.uniform(20, 95):.1f}"
                else:
                    v = str(int(rng.poisson(12)))
                rows.append([str(y), str(q), a, code, v, ""])
                if len(rows) == n_rows:
                    break
            if len(rows) == n_rows:
                break
        if len(rows) == n_rows:
            break
    if len(rows) < n_rows:
        raise ValueError(f"only {len(rows)} distinct valid rows: add more synthetic indicators")
    rows[0][5] = salt  # a different note per run: different bytes, so never refused as a duplicate file
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADERS_KO["actuals"])
    w.writerows(rows)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def measure_ingest(path: str, repeat: int, n_rows: int = INGEST_ROWS) -> dict:
    """maeul.upload.store.commit (read + validate + preview + write) of an n_rows actuals CSV, then a rollback of it
    (timed separately), `repeat` times: the file supersedes current values every time."""
    from maeul.upload import parse, store

    con = duckdb.connect(str(path))
    try:
        per_area_quarter = BASE_AREAS * len(QUARTERS)
        valid_plan_rows = con.execute(
            "SELECT sum(CASE WHEN scope = 'citywide' THEN 1 ELSE ? END) FROM indicator", [BASE_AREAS]
        ).fetchall()[0][0] * len(QUARTERS)
        n_extra = max(0, math.ceil((n_rows - valid_plan_rows) / per_area_quarter))
        extra = add_synthetic_indicators(con, n_extra)
        commit_s, rollback_s = [], []
        for i in range(repeat):
            data = actuals_csv(con, n_rows, extra, salt=f"bench run {i} {time.time_ns()}")
            parse.clear_parse_caches()  # a cold start every run: nothing memoised from the previous file
            t = time.perf_counter()
            res = store.commit(con, data, f"bench_{n_rows}_{i}.csv", BENCH_USER)
            commit_s.append(time.perf_counter() - t)
            if not res.ok or res.rows != n_rows:
                raise RuntimeError(f"bench upload refused: {[e.message_en for e in res.errors[:5]]}")
            t = time.perf_counter()
            store.rollback(con, res.upload_id, BENCH_USER)
            rollback_s.append(time.perf_counter() - t)
        return {"ingest_100k_s": statistics.median(commit_s), "rollback_100k_s": statistics.median(rollback_s),
                "ingest_file_mb": round(len(data) / 1e6, 2), "ingest_synthetic_indicators": n_extra}
    finally:
        con.close()


# ------------------------------------------------------------------------------------------ page reruns (AppTest)

# Where a rerun's time goes: the first category a call enters (by file), measured with cProfile in separate runs.
_CATEGORIES = [
    ("maeul queries via ui.cached (cache hits: copy + data version)", lambda f, n: f.endswith("maeul/web/cache.py")
     and n == "cached"),
    ("chart/map builders (maeul charts, budget_charts, district_charts, maps)",
     lambda f, n: any(f.endswith(f"maeul/{m}.py") for m in ("charts", "budget_charts", "district_charts", "maps"))),
    ("data shaping (maeul.views_*)", lambda f, n: "maeul/views_" in f),
    ("CSV for download buttons (maeul.present.export)", lambda f, n: f.endswith("maeul/export.py")),
    ("st.dataframe / st.table", lambda f, n: f.endswith("streamlit/elements/arrow.py")),
    ("st.plotly_chart", lambda f, n: f.endswith("streamlit/elements/plotly_chart.py")),
    ("st.pydeck_chart", lambda f, n: f.endswith("streamlit/elements/deck_gl_json_chart.py")),
    ("page script compile (magic, bytecode)", lambda f, n: "streamlit/runtime/scriptrunner/magic.py" in f
     or "streamlit/runtime/scriptrunner/script_cache.py" in f),
]


def _category(func: tuple) -> str | None:
    f, _, n = func
    f = f.replace("\\", "/")
    for name, test in _CATEGORIES:
        if test(f, n):
            return name
    return None


def _breakdown(stats, runs: int, cached_s: dict[str, float]) -> dict:
    """ms per rerun entering each category from outside every category (nested calls counted once), the costliest
    functions entered that way, and the time spent in ui.cached per query name."""
    out: dict[str, float] = {}
    funcs: dict[str, float] = {}
    total = 0.0
    for func, (_cc, _nc, _tt, _ct, callers) in stats.stats.items():
        if func[2] == "_run_script_thread" and "local_script_runner" in func[0]:
            total = max(total, _ct)
        cat = _category(func)
        if cat is None:
            continue
        for caller, info in callers.items():
            if _category(caller) is None:
                out[cat] = out.get(cat, 0.0) + info[3]
                label = f"{Path(func[0]).stem}.{func[2]}"
                funcs[label] = funcs.get(label, 0.0) + info[3]
    res: dict = {k: round(v / runs * 1000, 1) for k, v in sorted(out.items(), key=lambda kv: -kv[1])}
    res["other (Streamlit elements, pandas, app.py, sidebar)"] = round((total - sum(out.values())) / runs * 1000, 1)
    res["total (profiled, slower than unprofiled)"] = round(total / runs * 1000, 1)
    top = sorted(funcs.items(), key=lambda kv: -kv[1])[:8]
    res["top functions"] = {k: round(v / runs * 1000, 1) for k, v in top}
    res["ui.cached by query"] = {k: round(v / runs * 1000, 1)
                                 for k, v in sorted(cached_s.items(), key=lambda kv: -kv[1])[:8]}
    return res


def _app_test(timeout: float):
    """app.py run once (its default page), as a browser opening the dashboard."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    return at


def _switch(at, page: str):
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    at.run()


def _profiled_reruns(at, runs: int) -> dict:
    """Rerun `runs` times under cProfile (script thread only) with ui.cached timed per query name."""
    import cProfile
    import pstats

    from streamlit.testing.v1 import local_script_runner as lsr

    from maeul.web import cache

    prof = cProfile.Profile()
    orig_thread, orig_cached = lsr.LocalScriptRunner._run_script_thread, cache.cached
    cached_s: dict[str, float] = {}
    cached_n: dict[str, int] = {}

    def profiled(self):
        prof.enable()
        try:
            return orig_thread(self)
        finally:
            prof.disable()

    def timed_cached(name, *a, **kw):
        t = time.perf_counter()
        try:
            return orig_cached(name, *a, **kw)
        finally:
            cached_s[name] = cached_s.get(name, 0.0) + time.perf_counter() - t
            cached_n[name] = cached_n.get(name, 0) + 1

    lsr.LocalScriptRunner._run_script_thread, cache.cached = profiled, timed_cached
    try:
        for _ in range(runs):
            at.run()
    finally:
        lsr.LocalScriptRunner._run_script_thread, cache.cached = orig_thread, orig_cached
    res = _breakdown(pstats.Stats(prof), runs, cached_s)
    res["ui.cached calls per rerun"] = {"total": sum(cached_n.values()) // runs,
                                        **{k: v // runs for k, v in sorted(cached_n.items(), key=lambda kv: -kv[1])}}
    return res


def measure_pages(path: str, repeat: int, pages: list[str] = PAGES, breakdown: bool = True,
                  timeout: float = 120) -> dict:
    """For every page: the first (cold-cache) run, then reruns side by side with an empty page's reruns."""
    from streamlit.testing.v1 import local_script_runner as lsr

    os.environ["MAEUL_DB"] = str(path)
    # The server compiles each page script once (one ScriptCache per server); AppTest gives every run a new cache
    # and so recompiles (and magic-rewrites) the page on every rerun. Share one cache, as the server does.
    from streamlit.testing.v1 import app_test

    shared_cache = lsr.ScriptCache()
    saved = (lsr.ScriptCache, app_test.ScriptCache)
    lsr.ScriptCache = app_test.ScriptCache = lambda: shared_cache
    # Every server rerun runs app.py (navigation, sidebar) and then the page: once app.py has called st.navigation,
    # Streamlit's old pages/-folder mode is off for the life of the process. AppTest switches it back on before
    # every run (a folder named pages/ sits beside app.py), and its reruns then run the page script alone, without
    # app.py — cheaper than the server by the whole shell. Keep it off, as on a running server.
    from streamlit.runtime.pages_manager import PagesManager

    orig_init = PagesManager.__init__

    def server_like_init(self, *a, **kw):
        orig_init(self, *a, **kw)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = server_like_init
    try:
        return _measure_pages(path, repeat, pages, breakdown, timeout)
    finally:
        lsr.ScriptCache, app_test.ScriptCache = saved
        PagesManager.__init__ = orig_init
        PagesManager.uses_pages_directory = None


def _measure_pages(path: str, repeat: int, pages: list[str], breakdown: bool, timeout: float) -> dict:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from maeul.web import cache

    empty = AppTest.from_string(EMPTY_PAGE, default_timeout=timeout)
    empty.run()
    # for scale: the shared sidebar alone (what every page pays before its own content)
    shell = AppTest.from_string(SIDEBAR_ONLY_PAGE, default_timeout=timeout)
    shell.run()
    e_ms, s_ms = side_by_side(empty.run, shell.run, repeat)
    with tempfile.TemporaryDirectory(prefix="maeul-shell-") as tmp:
        floor = AppTest.from_string(shell_app_script(Path(tmp)), default_timeout=timeout)
        floor.run()
        floor_errors = [str(e.value)[:200] for e in floor.exception]
        e2_ms, f_ms = side_by_side(empty.run, floor.run, repeat)
    ratios, rerun_ms, empty_ms, cold_ms, errors, parts = {}, {}, {}, {}, {}, {}
    for page in pages:
        at = _app_test(timeout)
        # cold: as after an upload, when the data version changes (queries and built figures/tables both miss)
        st.cache_data.clear()
        cache.memo_clear()
        cold_ms[page] = round(_time(lambda at=at, page=page: _switch(at, page)) * 1000, 1)
        errors[page] = [str(e.value)[:200] for e in at.exception] + [str(e.value)[:200] for e in at.error]
        e_ms, p_ms = side_by_side(empty.run, at.run, repeat)
        ratios[page] = round(p_ms / e_ms, 1)
        rerun_ms[page], empty_ms[page] = round(p_ms, 1), round(e_ms, 2)
        if breakdown:
            parts[page] = _profiled_reruns(at, max(2, repeat // 2))
    return {"page_rerun_ratio": ratios, "page_rerun_ms": rerun_ms, "empty_rerun_ms": empty_ms,
            "sidebar_only_rerun_ratio": round(s_ms / e_ms, 1), "sidebar_only_rerun_ms": round(s_ms, 1),
            "shell_rerun_ratio": round(f_ms / e2_ms, 1), "shell_rerun_ms": round(f_ms, 1),
            "shell_errors": floor_errors,
            "page_cold_ms": cold_ms, "page_errors": {k: v for k, v in errors.items() if v},
            "page_rerun_breakdown_ms": parts}


# ------------------------------------------------------------------------------------------ one scale, all scales

def measure_progress(con, repeat: int) -> dict:
    """progress() citywide and for one district, uncached (plan tables read on every call, as a cache miss does),
    each side by side with the plain pandas version on the same data; plus progress_by_district and budget_flows."""
    from maeul.plan import schema
    from maeul.read import progress, queries
    t = time.perf_counter()
    frames = load_frames(con)
    load_s = time.perf_counter() - t
    mismatches = {}
    for district in (None, DISTRICT):
        bad = compare_progress(progress.progress(con, AS_OF, district), pandas_progress(frames, AS_OF, district))
        if bad:
            mismatches[district or "citywide"] = bad
    q_ms, p_ms = side_by_side(lambda: progress.progress(con, AS_OF), lambda: pandas_progress(frames, AS_OF), repeat)
    qd_ms, pd_ms = side_by_side(lambda: progress.progress(con, AS_OF, DISTRICT),
                                lambda: pandas_progress(frames, AS_OF, DISTRICT), repeat)
    # while the materialised current rows are stale (a write outside maeul.upload.ingest, or the upload page's preview of
    # a file's effect, which inserts its rows in a transaction it rolls back): progress computes from `actual`
    stale_ms = None
    if hasattr(schema, "CURRENT_SIG_KEY"):  # (absent in versions before the materialised rows: nothing to compare)
        with con.cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                cur.execute("DELETE FROM meta WHERE key = ?", [schema.CURRENT_SIG_KEY])
                stale_ms = median_ms(lambda: progress.progress(progress.Direct(cur), AS_OF), min(repeat, 3))
            finally:
                cur.execute("ROLLBACK")
    return {
        "progress_ms": round(q_ms, 1), "progress_district_ms": round(qd_ms, 1),
        "progress_stale_ms": None if stale_ms is None else round(stale_ms, 1),
        "pandas_ms": round(p_ms, 1), "pandas_district_ms": round(pd_ms, 1),
        "pandas_ratio": round(p_ms / q_ms, 1), "pandas_district_ratio": round(pd_ms / qd_ms, 1),
        "pandas_load_s": round(load_s, 2), "pandas_mismatches": mismatches,
        "progress_by_district_ms": round(median_ms(lambda: progress.progress_by_district(con, AS_OF), repeat), 1),
        "budget_ms": round(median_ms(lambda: queries.budget_flows(con), repeat), 1),
    }


def run_scale(scale: float, repeat: int, workdir: Path, *, pages: list[str] | None = PAGES, ingest: bool = True,
              breakdown: bool = True, seed: int = 7, log=print) -> dict:
    path = workdir / f"bench_{scale:g}x.duckdb"
    for p in (path, Path(f"{path}.wal")):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    info = generate(path, scale, seed=seed)
    res: dict = {"scale": scale, **info, "generate_s": round(time.perf_counter() - t, 1)}
    log(f"[{scale:g}×] {info['rows']:,} actual rows ({info['current']:,} current) in {res['generate_s']} s")
    con = duckdb.connect(str(path))
    try:
        res.update(measure_progress(con, repeat))
    finally:
        con.close()
    log(f"[{scale:g}×] progress {res['progress_ms']} ms citywide, {res['progress_district_ms']} ms {DISTRICT}; "
        f"pandas ×{res['pandas_ratio']}; budget_flows {res['budget_ms']} ms")
    if pages:
        res.update(measure_pages(str(path), repeat, pages, breakdown=breakdown))
        log(f"[{scale:g}×] page rerun ÷ empty page: {res['page_rerun_ratio']}")
    if ingest:
        res.update(measure_ingest(str(path), repeat))
        log(f"[{scale:g}×] ingest 100k rows {res['ingest_100k_s']:.2f} s, rollback {res['rollback_100k_s']:.2f} s")
    return res


PAGE_LIMITS = {1: 3, 30: 5}  # page rerun ÷ empty page, by scale (issue 7)
TARGETS = [  # (label, scale, test) — from issue 7, checked against the medians, never tuned to them
    ("page rerun ≤ 3× empty page at 1× (every page)", 1,
     lambda r: max(r["page_rerun_ratio"].values()) <= PAGE_LIMITS[1] if r.get("page_rerun_ratio") else None),
    ("page rerun ≤ 5× empty page at 30× (every page)", 30,
     lambda r: max(r["page_rerun_ratio"].values()) <= PAGE_LIMITS[30] if r.get("page_rerun_ratio") else None),
    ("progress as of a quarter at 30× ≤ 50 ms uncached", 30, lambda r: r["progress_ms"] <= 50),
    ("progress at 30× ≥ 5× faster than pandas", 30, lambda r: r["pandas_ratio"] >= 5),
    ("100k-row ingest ≤ 3 s", None, lambda r: r["ingest_100k_s"] <= 3 if "ingest_100k_s" in r else None),
]


def verdicts(results: dict[str, dict]) -> list[tuple[str, bool | None]]:
    out = []
    for label, scale, test in TARGETS:
        rows = [r for r in results.values() if scale is None or r["scale"] == scale]
        if not rows:
            out.append((label, None))
            continue
        vals = [test(r) for r in rows]
        out.append((label, None if any(v is None for v in vals) else all(vals)))
    return out


def _fmt(v, digits=1) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}"


def table(doc: dict) -> str:
    res = doc["scales"]
    keys = list(res)
    lines = [
        "| scale | actual rows (current) | progress ms citywide | progress ms 1 district | pandas ÷ query "
        "| budget_flows ms | ingest 100k s |",
        "|---|---|---|---|---|---|---|",
    ]
    for k in keys:
        r = res[k]
        lines.append(
            f"| {r['scale']:g}× | {r['rows']:,} ({r['current']:,}) | {_fmt(r['progress_ms'])} "
            f"| {_fmt(r['progress_district_ms'])} | {_fmt(r['pandas_ratio'])}× | {_fmt(r['budget_ms'])} "
            f"| {_fmt(r.get('ingest_100k_s'), 2)} |")
    pages = [p for p in PAGES if any(p in res[k].get("page_rerun_ratio", {}) for k in keys)]
    if pages:
        lines += ["", "Page rerun (server side, AppTest) ÷ empty page rerun, with the page's median rerun in ms:", "",
                  "| page | " + " | ".join(f"{res[k]['scale']:g}×" for k in keys) + " |",
                  "|---|" + "---|" * len(keys)]
        for p in pages:
            cells = []
            for k in keys:
                r = res[k]
                ratio, ms = r.get("page_rerun_ratio", {}).get(p), r.get("page_rerun_ms", {}).get(p)
                cells.append("–" if ratio is None else f"{ratio:g}× ({ms:,.0f} ms)")
            lines.append(f"| {p} | " + " | ".join(cells) + " |")
        empties = [f"{res[k]['scale']:g}×: {statistics.median(res[k]['empty_rerun_ms'].values()):.1f} ms"
                   for k in keys if res[k].get("empty_rerun_ms")]
        lines += ["", "Empty page rerun (median over the page loops): " + ", ".join(empties) + "."]
        shells = [f"{res[k]['scale']:g}×: {res[k]['sidebar_only_rerun_ratio']:g}× "
                  f"({res[k]['sidebar_only_rerun_ms']:,.0f} ms)" for k in keys if "sidebar_only_rerun_ms" in res[k]]
        if shells:
            lines += ["The shared sidebar alone (`sidebar.sidebar()` on an otherwise empty page) ÷ empty page: "
                      + ", ".join(shells) + "."]
        floors = [f"{res[k]['scale']:g}×: {res[k]['shell_rerun_ratio']:g}× ({res[k]['shell_rerun_ms']:,.0f} ms)"
                  for k in keys if "shell_rerun_ms" in res[k]]
        if floors:
            lines += ["The app's shell (`app.main()`: page config, navigation, sidebar) with a page that draws only "
                      "the banner and a title ÷ empty page — the floor of every page: " + ", ".join(floors) + "."]
    stale = [f"{res[k]['scale']:g}×: {_fmt(res[k]['progress_stale_ms'])} ms" for k in keys
             if res[k].get("progress_stale_ms") is not None]
    if stale:
        lines += ["", "Progress (citywide) while the materialised current rows are stale (e.g. inside the upload "
                  "preview's transaction): " + ", ".join(stale) + "."]
    lines += ["", "Targets (issue 7):", ""]
    for (label, scale, _), (_, ok) in zip(TARGETS, verdicts(res)):
        line = f"- {'met' if ok else 'not measured' if ok is None else '**not met**'}: {label}"
        limit = PAGE_LIMITS.get(scale) if label.startswith("page rerun") else None
        ratios = next((r.get("page_rerun_ratio") for r in res.values() if r["scale"] == scale), None)
        if limit and ratios:
            within = [f"{p} {v:g}×" for p, v in ratios.items() if v <= limit]
            over = [f"{p} {v:g}×" for p, v in ratios.items() if v > limit]
            line += f" — within: {', '.join(within) or 'none'}; over: {', '.join(over) or 'none'}"
        lines.append(line)
    return "\n".join(lines)


def machine() -> dict:
    import streamlit

    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "duckdb": duckdb.__version__, "streamlit": streamlit.__version__, "pandas": pd.__version__,
            "load_avg_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m maeul.bench", description=__doc__.split("\n")[0])
    ap.add_argument("--scales", default="1,10,30", help="comma-separated multiples of the plan's shape")
    ap.add_argument("--repeat", type=int, default=7, help="runs per measurement (the median is reported)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    ap.add_argument("--md", default=str(ROOT / "bench" / "LATEST.md"), help="markdown table ('' = none)")
    ap.add_argument("--pages", default=",".join(PAGES), help="pages to rerun ('' = none)")
    ap.add_argument("--no-ingest", action="store_true")
    ap.add_argument("--no-breakdown", action="store_true", help="skip the profiled per-page breakdown")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    pages = [p for p in args.pages.split(",") if p.strip()]
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        ap.error(f"unknown pages: {unknown} (choose from {PAGES})")
    if args.repeat < 1:
        ap.error("--repeat must be ≥ 1")
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    doc = {"generated_at": time.strftime("%Y-%m-%d %H:%M:%S %z"), "machine": machine(), "repeat": args.repeat,
           "as_of": AS_OF, "district": DISTRICT, "command": "python -m maeul.bench " + " ".join(argv or sys.argv[1:]),
           "scales": {}}
    with tempfile.TemporaryDirectory(prefix="maeul-bench-") as tmp:
        for sc in scales:
            doc["scales"][f"{sc:g}"] = run_scale(sc, args.repeat, Path(tmp), pages=pages, ingest=not args.no_ingest,
                                                 breakdown=not args.no_breakdown, seed=args.seed)
    doc["targets"] = {label: ok for label, ok in verdicts(doc["scales"])}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    text = table(doc)
    print(text)
    if args.md:
        md = Path(args.md)
        md.parent.mkdir(parents=True, exist_ok=True)
        m = doc["machine"]
        md.write_text(
            f"<!-- written by `python -m maeul.bench`; paste into README -->\n"
            f"Benchmark of {doc['generated_at']} — `{doc['command'].strip()}` — {m['cpus']} cores, Python "
            f"{m['python']}, DuckDB {m['duckdb']}, Streamlit {m['streamlit']}, pandas {m['pandas']}; medians of "
            f"{doc['repeat']} runs; progress as of {AS_OF}, district {DISTRICT} (강남구).\n\n{text}\n",
            encoding="utf-8")
    print(f"\nwrote {out}" + (f" and {args.md}" if args.md else ""))
    return 0

