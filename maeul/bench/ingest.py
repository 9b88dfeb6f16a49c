"""The upload path at 100,000 rows: a valid actuals CSV as a district office would send it, committed through
maeul.upload.store and rolled back, each timed.

Every import of maeul.upload by the benchmark is in this module, just below.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
import time

import duckdb
import numpy as np
import pandas as pd

from maeul.bench.generate import BASE_AREAS, BENCH_USER, QUARTERS
from maeul.upload import parse, store
from maeul.upload.spec import HEADERS_KO

INGEST_ROWS = 100_000
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
            # poisson(12) counts exceed the plausibility bound of small-target indicators: confirmed, as a user would
            res = store.commit(con, data, f"bench_{n_rows}_{i}.csv", BENCH_USER, confirm=True)
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


def upload_while_served(path: str, n_rows: int = 500) -> tuple[int, int]:
    """Commit a small actuals upload (n_rows) to a database a running server also uses, as the command line would
    (waiting while the server's connection holds the file): (upload id, the new data version)."""
    from pathlib import Path

    from maeul.plan import db, write

    con = db.open_file(Path(path), wait=30)
    try:
        data = actuals_csv(con, n_rows, [], salt=f"served bench {time.time_ns()}")
        res = store.commit(con, data, "bench_served.csv", BENCH_USER)
        if not res.ok:
            raise RuntimeError(f"bench upload refused: {[e.message_en for e in res.errors[:5]]}")
        with con.cursor() as cur:
            return res.upload_id, write.data_version(cur)
    finally:
        con.close()


def rollback_while_served(path: str, upload_id: int) -> int:
    """Roll back upload_id (see upload_while_served); the new data version."""
    from pathlib import Path

    from maeul.plan import db, write

    con = db.open_file(Path(path), wait=30)
    try:
        store.rollback(con, upload_id, BENCH_USER)
        with con.cursor() as cur:
            return write.data_version(cur)
    finally:
        con.close()
