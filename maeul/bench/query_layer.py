"""Timings of the query layer: progress() citywide and for one district against the plain pandas reference,
progress() while the materialised current rows are stale, progress_by_district() and budget_flows()."""

from __future__ import annotations

import time

from maeul.bench.reference import compare_progress, load_frames, pandas_progress
from maeul.bench.timing import median_ms, side_by_side
from maeul.plan import schema
from maeul.read import progress, queries

AS_OF = "2022Q4"  # the app's default as-of quarter once every quarter is in (the heaviest: every row counts)
DISTRICT = "11680"  # 강남구


def _stale_progress_ms(con, repeat: int) -> float | None:
    """progress() while the materialised current rows are stale (a write outside maeul.upload.store, or the upload
    page's preview of a file's effect, which inserts its rows in a transaction it rolls back): progress computes
    from `actual`. None in versions before the materialised rows (nothing to compare)."""
    if not hasattr(schema, "CURRENT_SIG_KEY"):
        return None
    with con.cursor() as cur:
        cur.execute("BEGIN TRANSACTION")
        try:
            cur.execute("DELETE FROM meta WHERE key = ?", [schema.CURRENT_SIG_KEY])
            return median_ms(lambda: progress.progress(progress.Direct(cur), AS_OF), min(repeat, 3))
        finally:
            cur.execute("ROLLBACK")


def measure_progress(con, repeat: int) -> dict:
    """progress() citywide and for one district, uncached (plan tables read on every call, as a cache miss does),
    each side by side with the plain pandas version on the same data; plus progress_by_district and budget_flows."""
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
    stale_ms = _stale_progress_ms(con, repeat)
    return {
        "progress_ms": round(q_ms, 1), "progress_district_ms": round(qd_ms, 1),
        "progress_stale_ms": None if stale_ms is None else round(stale_ms, 1),
        "pandas_ms": round(p_ms, 1), "pandas_district_ms": round(pd_ms, 1),
        "pandas_ratio": round(p_ms / q_ms, 1), "pandas_district_ratio": round(pd_ms / qd_ms, 1),
        "pandas_load_s": round(load_s, 2), "pandas_mismatches": mismatches,
        "progress_by_district_ms": round(median_ms(lambda: progress.progress_by_district(con, AS_OF), repeat), 1),
        "budget_ms": round(median_ms(lambda: queries.budget_flows(con), repeat), 1),
    }
