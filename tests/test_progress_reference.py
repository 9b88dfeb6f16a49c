"""A slow, obviously-correct pandas reference of the progress rules, read straight from data/ CSVs, checked
against the query layer on random data (hypothesis)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maeul.read.progress import progress
from tests.progress_fixtures import add_actuals, fresh_db

pytestmark = pytest.mark.slow  # hypothesis: 60 random databases, each built from data/

DATA = Path(__file__).resolve().parent.parent / "data"
IND = pd.read_csv(DATA / "plan" / "indicator.csv", dtype={"code": str})
TGT = pd.read_csv(DATA / "plan" / "target.csv", dtype={"indicator_code": str})
STG = pd.read_csv(DATA / "plan" / "stage.csv", dtype={"indicator_code": str})
DIST = pd.read_csv(DATA / "districts.csv", dtype={"code": str})
PUB = pd.read_csv(DATA / "published" / "published_actuals.csv", dtype={"indicator_code": str, "district_code": str})
DONGS = dict(zip(DIST["code"], DIST["dong_count_plan"]))
CODES = ["1-1-1", "1-2-1", "2-1-1", "4-3-1", "3-1-1", "3-1-4", "4-1-1", "K1", "2-2-1-1", "3-2-1"]
DISTRICTS = [None, "11680", "11110"]


def nz(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def target(code, year):
    r = TGT[(TGT.indicator_code == code) & (TGT.year == year)]
    if len(r):
        return nz(r.iloc[0]["value"]), nz(r.iloc[0]["stage"])
    return None, None


def ref_one(ind, rows, y, q, district):
    code, kind = ind["code"], ind["target_kind"]
    qi = y * 4 + q - 1
    base = nz(ind["baseline"])
    base_year = nz(ind["baseline_year"])
    start = base if (kind == "cumulative" and base is not None and base_year is not None and base_year < 2018) else 0.0

    # target for the year, with the baseline → later target interpolation for goal/headline indicators
    tv, ts = target(code, y)
    if tv is None and ts is None and kind in ("level", "cumulative") and base is not None and base_year is not None:
        later = [(yy, target(code, yy)[0]) for yy in range(y + 1, 2023) if target(code, yy)[0] is not None]
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
            share = 1 / 25
        else:
            share = DONGS[district] / 424
    tgt = None if (share is None or tv is None) else (tv - offset) * share

    r = rows[(rows.code == code) & (rows.year * 4 + rows.quarter - 1 <= qi)]
    if district is None:
        if kind in ("level", "milestone"):
            r = r[r.district.isna()]
    else:
        r = r[r.district == district]
    st0 = start if district is None else 0.0
    actual, stage, source = None, None, None
    if len(r):
        source = "업로드"
        if kind == "annual":
            ry = r[r.year == y]
            actual = float(ry.value.sum()) if len(ry) else None
        elif kind == "cumulative":
            actual = st0 + float(r.value.sum())
        elif kind == "level":
            rv = r[r.value.notna()].sort_values(["year", "quarter"])
            actual = float(rv.value.iloc[-1]) if len(rv) else None
        else:
            rs = r[r.stage.notna()].sort_values(["year", "quarter"])
            stage = rs.stage.iloc[-1] if len(rs) else None
    else:
        p = PUB[(PUB.indicator_code == code) & (PUB.year >= 2018) & (PUB.year * 4 + PUB.quarter - 1 <= qi)]
        p = p[p.district_code.isna()] if district is None else p[p.district_code == district]
        if len(p) and (kind != "annual" or p.sort_values(["year", "quarter"]).iloc[-1].year == y):
            last = p.sort_values(["year", "quarter"]).iloc[-1]
            source, actual = "공표", float(last.value)

    if actual is None and stage is None and source == "업로드":
        source = None  # rows exist, but none that count for this year: no data, no source
    if kind == "milestone":
        order = list(STG[STG.indicator_code == code].sort_values("ord").stage)
        if ts is None or ts not in order or share is None:
            return dict(actual=None, target=None, status="목표 없음", source=source)
        if stage is None:
            return dict(actual=None, target=None, status="자료 없음", source=source)
        a, e = order.index(stage) + 1, order.index(ts) + 1
        status = "달성" if (a >= len(order) and a >= e) else "정상" if a >= e else "주의" if e - a <= 1 else "지연"
        return dict(actual=None, target=None, status=status, source=source)

    if tgt is None:
        return dict(actual=actual, target=None, status="목표 없음", source=source)
    if kind == "annual":
        expected = tgt * q / 4
    elif kind == "cumulative":
        pv, _ = target(code, y - 1) if y > 2018 else (None, None)
        prev = (pv - offset) * share if pv is not None else st0
        expected = prev + (tgt - prev) * q / 4
    else:
        expected = tgt
    if expected <= 0:
        return dict(actual=actual, target=tgt, status="목표 없음", source=source)
    if actual is None:
        return dict(actual=None, target=tgt, status="자료 없음", source=source)
    rate, year_rate = actual / expected, (actual / tgt if tgt > 0 else None)
    status = ("달성" if year_rate is not None and year_rate >= 1 else "정상" if rate >= 0.9
              else "주의" if rate >= 0.7 else "지연")
    return dict(actual=actual, target=tgt, status=status, source=source)


rows_strategy = st.lists(
    st.tuples(st.sampled_from(CODES), st.sampled_from(DISTRICTS), st.integers(2018, 2022), st.integers(1, 4),
              st.integers(0, 400), st.sampled_from(["조사·기획", "개발", "운영"])),
    max_size=40)


@pytest.fixture(scope="module")
def con():
    c = fresh_db()
    yield c
    c.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_strategy, y=st.integers(2018, 2022), q=st.integers(1, 4), district=st.sampled_from(DISTRICTS))
def test_query_layer_agrees_with_reference(con, rows, y, q, district):
    con.execute("DELETE FROM actual")
    con.execute("DELETE FROM upload")
    seen, clean = set(), []
    for code, d, yy, qq, v, s in rows:
        if (code, d, yy, qq) in seen:
            continue
        seen.add((code, d, yy, qq))
        is_ms = IND.set_index("code").loc[code, "target_kind"] == "milestone"
        clean.append((code, d, yy, qq, None if is_ms else float(v), s if is_ms else None))
    if clean:
        add_actuals(con, clean)
    frame = pd.DataFrame(clean, columns=["code", "district", "year", "quarter", "value", "stage"])
    got = progress(con, f"{y}Q{q}", district=district).set_index("code")
    for ind in IND[IND.code.isin(CODES)].to_dict("records"):
        want = ref_one(ind, frame, y, q, district)
        g = got.loc[ind["code"]]
        assert g["status"] == want["status"], (ind["code"], dict(g), want)
        assert nz(g["source"]) == want["source"], ind["code"]
        for col in ("actual", "target"):
            gv, wv = nz(g[col]), want[col]
            if wv is None:
                assert gv is None, (ind["code"], col, gv)
            else:
                assert gv == pytest.approx(wv), (ind["code"], col)
