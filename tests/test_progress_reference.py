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
PUB = pd.read_csv(DATA / "published" / "published_actuals.csv",
                  dtype={"indicator_code": str, "district_code": str, "comparable": str})
DONGS = dict(zip(DIST["code"], DIST["dong_count_plan"]))
CODES = ["1-1-1", "1-2-1", "2-1-1", "4-3-1", "3-1-1", "3-1-4", "4-1-1", "K1", "2-2-1-1", "3-2-1", "4-1-3-2",
         "4-2-2-7", "1-1-1-G2", "3-2-2-G1", "3-1-5-G1"]
DISTRICTS = [None, "11680", "11110", "11410"]  # 11410 서대문구 has a published 2-1-1 running total (2018Q4: 5)
COUNTS = {"건", "개", "개소", "명", "회", "동", "세대"}


def nz(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def target(code, year):
    r = TGT[(TGT.indicator_code == code) & (TGT.year == year)]
    if len(r):
        return nz(r.iloc[0]["value"]), nz(r.iloc[0]["stage"])
    return None, None


def year_target(ind, y):
    """The year's target: printed/derived, else a straight line from the baseline (a cumulative goal without one:
    from 0 at the end of 2017) to the next year with a target."""
    code, kind = ind["code"], ind["target_kind"]
    tv, ts = target(code, y)
    if tv is not None or ts is not None:
        return tv, ts
    base, base_year = nz(ind["baseline"]), nz(ind["baseline_year"])
    if kind == "cumulative" and base is None:
        base, base_year = 0.0, 2017
    if kind in ("level", "cumulative") and base is not None and base_year is not None:
        later = [(yy, target(code, yy)[0]) for yy in range(y + 1, 2023) if target(code, yy)[0] is not None]
        if later and base_year < y < later[0][0]:
            return base + (later[0][1] - base) * (y - base_year) / (later[0][0] - base_year), None
    return None, None


def share_of(ind, district):
    if district is None:
        return 1.0
    if ind["scope"] == "citywide" or ind["district_basis"] == "none":
        return None
    if ind["target_kind"] == "level" and ind["unit"] in ("%", "점"):
        return 1.0
    return 1 / 25 if ind["district_basis"] == "equal" else DONGS[district] / 424


def latest(r):
    rv = r[r.value.notna()].sort_values(["year", "quarter"])
    return float(rv.value.iloc[-1]) if len(rv) else None


def published(code, district, qi):
    p = PUB[(PUB.indicator_code == code) & (PUB.year >= 2018) & (PUB.year * 4 + PUB.quarter - 1 <= qi)]
    p = p[p.district_code.isna()] if district is None else p[p.district_code == district]
    return p.sort_values(["year", "quarter"]).iloc[-1] if len(p) else None


def ref_actual(ind, rows, y, qi, district, st0):
    """(actual, stage, source, comparable) for the scope."""
    code, kind = ind["code"], ind["target_kind"]
    r = rows[(rows.code == code) & (rows.year * 4 + rows.quarter - 1 <= qi)]
    mine = r if district is None else r[r.district == district]
    pub = published(code, district, qi)
    if kind == "cumulative":
        if pub is not None:
            after = mine[mine.year * 4 + mine.quarter - 1 > pub.year * 4 + pub.quarter - 1]
            return float(pub.value) + float(after.value.sum()), None, ("업로드" if len(after) else "공표"), True
        if len(mine):
            return st0 + float(mine.value.sum()), None, "업로드", True
        return None, None, None, True
    if district is None and kind in ("level", "milestone"):
        city = mine[mine.district.isna()]
        if kind == "level" and city.empty and ind["unit"] in COUNTS:
            per = [latest(g) for _, g in mine[mine.district.notna()].groupby("district")]
            per = [v for v in per if v is not None]
            if per:
                return float(sum(per)), None, "업로드", True
        mine = city
    if len(mine):
        if kind == "annual":
            ry = mine[mine.year == y]
            return (float(ry.value.sum()) if len(ry) else None), None, "업로드", True
        if kind == "level":
            return latest(mine), None, "업로드", True
        rs = mine[mine.stage.notna()].sort_values(["year", "quarter"])
        return None, (rs.stage.iloc[-1] if len(rs) else None), "업로드", True
    if pub is not None and (kind != "annual" or pub.year == y):
        return float(pub.value), None, "공표", bool(pub.comparable != "no")
    return None, None, None, True


def ref_expected(ind, y, q, tgt, share, offset, st0):
    kind = ind["target_kind"]
    if kind == "annual":
        return tgt * q / 4
    pv = year_target(ind, y - 1)[0] if y > 2018 else None
    if kind == "cumulative":
        prev = (pv - offset) * share if pv is not None else st0
    else:
        base, base_year = nz(ind["baseline"]), nz(ind["baseline_year"])
        if pv is None and base is not None and base_year is not None and base_year < 2018:
            pv = base
        if pv is None:
            return tgt
        prev = pv * share
    return prev + (tgt - prev) * q / 4


def ref_one(ind, rows, y, q, district):
    code, kind = ind["code"], ind["target_kind"]
    qi = y * 4 + q - 1
    base, base_year = nz(ind["baseline"]), nz(ind["baseline_year"])
    counted = kind == "cumulative" and str(ind.get("baseline_in_target")) == "yes"
    start = base if (counted and base is not None and base_year is not None and base_year < 2018) else 0.0
    tv, ts = year_target(ind, y)
    share = share_of(ind, district)
    offset = start if district is not None else 0.0
    st0 = start if district is None else 0.0
    tgt = None if (share is None or tv is None) else (tv - offset) * share
    actual, stage, source, comparable = ref_actual(ind, rows, y, qi, district, st0)
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
        return dict(actual=actual, target=None, expected=None, status="목표 없음", source=source)
    expected = ref_expected(ind, y, q, tgt, share, offset, st0)
    if expected <= 0:
        return dict(actual=actual, target=tgt, expected=expected, status="목표 없음", source=source)
    if actual is None:
        return dict(actual=None, target=tgt, expected=expected, status="자료 없음", source=source)
    derived = district is not None and not (kind == "level" and ind["unit"] in ("%", "점"))
    if not comparable or (derived and ind["unit"] in COUNTS and expected < 1):
        return dict(actual=actual, target=tgt, expected=expected, status="판정 안 함", source=source)
    rate, year_rate = actual / expected, (actual / tgt if tgt > 0 else None)
    status = ("달성" if year_rate is not None and year_rate >= 1 else "정상" if rate >= 0.9
              else "주의" if rate >= 0.7 else "지연")
    return dict(actual=actual, target=tgt, expected=expected, status=status, source=source)


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
        for col in ("actual", "target", "expected"):
            if col not in want:
                continue  # milestones: stages, compared through the status
            gv, wv = nz(g[col]), want[col]
            if wv is None:
                assert gv is None, (ind["code"], col, gv)
            else:
                assert gv == pytest.approx(wv), (ind["code"], col)
