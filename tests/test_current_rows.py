"""The materialised current actuals (schema.actual_current_mat + actual_district_total) always equal their
definition: kept up to date by every ingest commit, rollback and sample removal; any other write makes them stale,
and then the view and progress compute from `actual` instead — the same results, only slower."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from maeul.plan import schema
from maeul.read.progress import progress, progress_by_district
from maeul.upload import store
from tests.progress_fixtures import add_actuals

HEADER = "연도,분기,자치구,지표코드,실적,비고\n"
CODES = ["1-1-1", "2-1-1", "3-1-1", "1-1-1-G1", "3-1-4", "K1", "4-3-1", "2-2-1-1", "4-1-1", "3-2-1"]
CITY_ONLY = {"1-1-1-G1", "3-1-1", "3-1-4", "K1"}  # scope citywide
PERCENT = {"1-1-1-G1", "3-1-1", "K1"}
DISTRICTS = ["서울시", "강남구", "종로구", "마포구"]
DISTRICT_CODES = [None, "11680", "11110", "11440"]
STAGES = ["조사·기획", "개발", "운영"]
AS_OFS = ["2018Q3", "2020Q2", "2022Q4"]


def _definition(con) -> pd.DataFrame:
    cols = schema.MAT_COLUMNS.split(", ")
    sql = schema.ACTUAL_CURRENT_SQL.format(and_stale="", where="")
    return con.execute(sql).df()[cols].sort_values(cols[:4], na_position="first").reset_index(drop=True)


def _table(con, name: str, cols: list[str]) -> pd.DataFrame:
    return con.execute(f"SELECT {', '.join(cols)} FROM {name}").df().sort_values(
        cols[:4] if name != "actual_district_total" else cols[:3], na_position="first").reset_index(drop=True)


def assert_materialised_equals_definition(con) -> None:
    assert schema.current_is_fresh(con)
    cols = schema.MAT_COLUMNS.split(", ")
    pd.testing.assert_frame_equal(_table(con, "actual_current_mat", cols), _definition(con), check_dtype=False)
    pd.testing.assert_frame_equal(_table(con, "actual_current", cols), _definition(con), check_dtype=False)
    tcols = ["indicator_code", "year", "quarter", "n_rows", "n_values", "value_sum", "all_sample"]
    want = con.execute(schema.TOTALS_SQL.format(source="(" + schema.ACTUAL_CURRENT_SQL.format(
        and_stale="", where="") + ")")).df()[tcols].sort_values(tcols[:3]).reset_index(drop=True)
    pd.testing.assert_frame_equal(_table(con, "actual_district_total", tcols), want, check_dtype=False)


def _csv(rng: random.Random, n: int) -> bytes:
    lines, seen = [], set()
    while len(lines) < n:
        code, d = rng.choice(CODES), rng.choice(DISTRICTS)
        if code in CITY_ONLY and d != "서울시":
            continue
        y, q = rng.randint(2018, 2022), rng.randint(1, 4)
        if (code, d, y, q) in seen:
            continue
        seen.add((code, d, y, q))
        v = rng.choice(STAGES) if code == "3-1-4" else (f"{rng.uniform(1, 90):.1f}" if code in PERCENT
                                                        else str(rng.randint(0, 300)))
        lines.append(f"{y},{q},{d},{code},{v},r{rng.random()}")
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


def _progress_all(con) -> list[pd.DataFrame]:
    out = []
    for as_of in AS_OFS:
        out.append(progress(con, as_of))
        out.append(progress(con, as_of, "11680"))
        out.append(progress(con, as_of, ["11680", "11110"]))
        out.append(progress_by_district(con, as_of))
    return out


def _stale(con) -> None:
    con.execute("DELETE FROM meta WHERE key = ?", [schema.CURRENT_SIG_KEY])
    assert not schema.current_is_fresh(con)


@pytest.mark.parametrize("seed", [1, pytest.param(2, marks=pytest.mark.slow), pytest.param(3, marks=pytest.mark.slow)])
def test_ingest_keeps_the_materialised_rows_equal_to_their_definition(con, seed):
    rng = random.Random(seed)
    ids = []
    for i in range(5):
        res = store.commit(con, _csv(rng, rng.randint(5, 60)), f"f{i}.csv", "tester", is_sample=(i == 1),
                           confirm=True)  # random values may exceed the plausibility bound
        assert res.ok, res.errors[:3]
        ids.append(res.upload_id)
        assert_materialised_equals_definition(con)
    store.rollback(con, ids[2], "tester")
    assert_materialised_equals_definition(con)
    store.rollback(con, ids[4], "tester")  # the newest: older values are current again
    assert_materialised_equals_definition(con)
    assert store.remove_sample(con, "tester") == 1
    assert_materialised_equals_definition(con)
    res = store.commit(con, _csv(rng, 30), "again.csv", "tester", confirm=True)
    assert res.ok
    assert_materialised_equals_definition(con)


@pytest.mark.parametrize("seed", [4, pytest.param(5, marks=pytest.mark.slow)])
def test_progress_is_the_same_fresh_and_stale(con, seed):
    rng = random.Random(seed)
    for i in range(4):
        assert store.commit(con, _csv(rng, 80), f"g{i}.csv", "tester", confirm=True).ok
    store.rollback(con, 2, "tester")
    fresh = _progress_all(con)
    _stale(con)
    stale = _progress_all(con)
    for a, b in zip(fresh, stale):
        pd.testing.assert_frame_equal(a, b)


def test_a_write_outside_ingest_is_seen_at_once(con):
    assert store.commit(con, _csv(random.Random(9), 40), "h.csv", "tester", confirm=True).ok
    assert_materialised_equals_definition(con)
    before = progress(con, "2022Q4").set_index("code")
    add_actuals(con, [("1-1-1", "11680", 2022, 4, 1000.0, None)])  # straight into the table, as fixtures do
    assert not schema.current_is_fresh(con)
    after = progress(con, "2022Q4").set_index("code")
    assert after.loc["1-1-1", "actual"] == pytest.approx((before.loc["1-1-1", "actual"] or 0) + 1000)
    con.execute("UPDATE upload SET status = 'rolled_back' WHERE upload_id = (SELECT max(upload_id) FROM upload)")
    assert progress(con, "2022Q4").set_index("code").loc["1-1-1", "actual"] == before.loc["1-1-1", "actual"]
    # the next ingest write recomputes everything and stamps it fresh again
    assert store.commit(con, _csv(random.Random(10), 20), "i.csv", "tester", confirm=True).ok
    assert_materialised_equals_definition(con)


def test_refresh_if_stale(con):
    add_actuals(con, [("2-1-1", None, 2019, 1, 5.0, None)])
    assert schema.refresh_current_if_stale(con) is True
    assert_materialised_equals_definition(con)
    assert schema.refresh_current_if_stale(con) is False
