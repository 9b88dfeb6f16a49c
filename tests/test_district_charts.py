"""maeul.present.district_charts (plotly) and maeul.read.districts (queries behind the map and districts pages)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from maeul.present import district_charts as dc
from maeul.present import format as fmt
from maeul.read import districts as vd

CODES = ["11110", "11140", "11170", "11680"]
NAMES = ["종로구", "중구", "용산구", "강남구"]
NAMES_EN = ["Jongno-gu", "Jung-gu", "Yongsan-gu", "Gangnam-gu"]


def _by_district(rates=(0.5, 0.8, None, 1.2), basis="파생(동 수 비율)", code="1-1-1") -> pd.DataFrame:
    status = {None: "자료 없음"}
    rows = []
    for c, n, ne, r in zip(CODES, NAMES, NAMES_EN, rates):
        s = status.get(r) or ("지연" if r < 0.7 else "주의" if r < 0.9 else "정상" if r < 1 else "달성")
        rows.append({"district": c, "district_name": n, "district_name_en": ne, "code": code, "name": "이웃만들기",
                     "name_en": "Neighbours", "unit": "건", "kind": "annual", "target": 40.0, "expected": 20.0,
                     "actual": None if r is None else 20.0 * r, "rate": r, "status": s, "target_basis": basis,
                     "source": None if r is None else "예시"})
    return pd.DataFrame(rows)


def _bar_y(fig, i=0):
    return [str(y) for y in fig.data[i].y]


# ------------------------------------------------------------------ ranking

def test_ranking_rate_orders_best_on_top_and_missing_at_bottom():
    fig = dc.ranking_bar(_by_district(), "rate")
    ys = _bar_y(fig)
    # plotly draws the first category at the bottom: no data first, best last
    assert ys[0] == "용산구" and ys[-1] == "강남구"
    xs = list(fig.data[0].x)
    assert math.isnan(xs[0]) and xs[-1] == pytest.approx(120)
    # no bar for a missing value, and plotly draws no bar text for it either: a grey mark says why
    marks = [tr for tr in fig.data if tr.type == "scatter" and tr.mode == "text"]
    assert len(marks) == 1 and list(marks[0].y) == ["용산구"] and list(marks[0].text) == ["자료 없음"]
    assert list(marks[0].x) == [0]
    colors = list(fig.data[0].marker.color)
    assert colors[-1] == dc.STATUS_COLORS["달성"] and colors[1] == dc.STATUS_COLORS["지연"]
    assert {tr.name for tr in fig.data[1:] if tr.type == "bar"} == {"달성", "정상", "주의", "지연"}


def test_ranking_hover_rounds_derived_expected_values_for_their_unit():
    df = _by_district()
    df["expected"] = [33.0188679245283, 42.45283018867924, 35.4, 20.0]
    fig = dc.ranking_bar(df, "rate", unit="건")
    shown = {row[2] for row in fig.data[0].customdata}
    assert shown == {"33", "42", "35", "20"}  # as the tables show them: whole cases, not 33.0 or 33.02


def test_ranking_marks_derived_targets_as_derived():
    fig = dc.ranking_bar(_by_district(), "target", unit="건")
    assert "파생 목표" in fig.data[0].name and "동 수 비율" in fig.data[0].name
    assert fig.data[0].marker.pattern.shape == "/"
    fig = dc.ranking_bar(_by_district(), "actual", unit="건")
    assert fig.data[0].name == "실적" and "파생 목표" in fig.data[1].name
    plan = dc.ranking_bar(_by_district(basis="계획"), "target")
    assert plan.data[0].name == "계획 목표"
    en = dc.ranking_bar(_by_district(), "target", lang="en")
    assert en.data[0].name == "Derived target (share of dongs)"
    mixed = dc.derived_label(_by_district(basis="파생(25개 자치구 균등)·보간"), "ko")
    assert mixed == "파생 목표(25개 자치구 균등, 보간)"
    assert fmt.derivation("보간", "en") == "interpolated"  # not derived: the basis in words, never Korean in English


def test_ranking_highlights_selected_districts():
    fig = dc.ranking_bar(_by_district(), "rate", highlight=("11680",))
    ys = _bar_y(fig)
    assert "<b>강남구</b>" in ys
    widths = list(fig.data[0].marker.line.width)
    assert widths[ys.index("<b>강남구</b>")] > 0 and sum(widths) == widths[ys.index("<b>강남구</b>")]


def test_ranking_english_names_and_empty():
    fig = dc.ranking_bar(_by_district(), "rate", lang="en")
    assert "Gangnam-gu" in _bar_y(fig)
    empty = dc.ranking_bar(pd.DataFrame(), "rate")
    assert empty.layout.annotations and "자료 없음" in empty.layout.annotations[0].text
    nodata = dc.ranking_bar(_by_district(rates=(None, None, None, None)), "rate")
    (marks,) = nodata.data  # no bars: every district says why, in grey where its bar would be
    assert marks.mode == "text" and list(marks.text) == ["자료 없음"] * 4 and len(set(marks.y)) == 4
    no_target = _by_district(rates=(None, None, None, None)).assign(status="목표 없음")
    en = dc.ranking_bar(no_target, "rate", lang="en")
    assert list(en.data[0].text) == ["No target"] * 4 and not en.layout.annotations  # not "no data"


# ------------------------------------------------------------------ small multiples

def test_small_multiples_one_panel_per_indicator():
    df = pd.concat([_by_district(code="1-1-1"), _by_district(rates=(1.0, 0.2, 0.3, 0.95), code="3-1-3")])
    fig = dc.small_multiples(df, [("1-1-1", "이웃만들기"), ("3-1-3", "마을활력소")], highlight=("11110",))
    titles = [a.text for a in fig.layout.annotations]
    assert titles[:2] == ["이웃만들기", "마을활력소"]
    axes = {tr.xaxis for tr in fig.data}
    assert axes == {"x", "x2"}
    # each status appears once in the legend
    legend = [tr.name for tr in fig.data if tr.showlegend]
    assert len(legend) == len(set(legend))
    # unselected districts are faded
    opac = [o for tr in fig.data if tr.type == "bar" for o in tr.marker.opacity]
    assert 1.0 in opac and 0.35 in opac


def test_small_multiples_horizontal_names_and_no_data_marks():
    """District names on the y axis (horizontal, readable), panels sharing them; a district without a rate gets
    its status as grey text at 0 instead of an empty row."""
    df = pd.concat([_by_district(code="1-1-1"), _by_district(rates=(None, 0.2, 0.3, None), code="3-1-3")])
    fig = dc.small_multiples(df, [("1-1-1", "이웃만들기"), ("3-1-3", "마을활력소")])
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert bars and all(tr.orientation == "h" for tr in bars)
    assert {y for tr in bars for y in tr.y} <= set(NAMES)
    marks = [(tr.xaxis, list(tr.y), list(tr.text)) for tr in fig.data if tr.type == "scatter"]
    assert marks == [("x", ["용산구"], ["자료 없음"]), ("x2", ["종로구", "강남구"], ["자료 없음", "자료 없음"])]
    assert all(tr.x == (0,) * len(tr.y) for tr in fig.data if tr.type == "scatter")
    assert fig.layout.yaxis.tickangle is None and fig.layout.xaxis.tickangle is None  # nothing rotated
    assert fig.layout.yaxis2.matches == "y" or fig.layout.yaxis2.showticklabels is False  # names once per row
    # the panel height follows the districts: 4 districts here, 25 on the page
    assert fig.layout.height == dc.MULTIPLES_ROW_PX * 4 + 40 + 110
    en = dc.small_multiples(df, [("3-1-3", "Community hubs")], lang="en")
    assert [list(tr.text) for tr in en.data if tr.type == "scatter"] == [["No data", "No data"]]


def test_small_multiples_empty():
    fig = dc.small_multiples(pd.DataFrame(), [])
    assert fig.layout.annotations


# ------------------------------------------------------------------ two districts

def _progress(rates):
    return pd.DataFrame([{"code": c, "name": n, "name_en": n, "unit": "건", "rate": r,
                          "status": "정상" if r else "자료 없음", "actual": r, "expected": 1.0}
                         for c, n, r in zip(["1-1-1", "1-2-1", "2-1-1"], ["가", "나", "다"], rates)])


def test_compare_two_pairs_bars_and_drops_unrated():
    fig = dc.compare_two(_progress([0.5, None, 1.0]), _progress([0.9, None, None]), "종로구", "강남구")
    assert [tr.name for tr in fig.data] == ["종로구", "강남구"]
    assert len(fig.data[0].y) == 2  # 1-2-1 has no rate for either district
    assert list(fig.data[0].x) == pytest.approx([50, 100])
    empty = dc.compare_two(_progress([None] * 3), _progress([None] * 3), "A", "B")
    assert empty.layout.annotations


def test_facts_side_by_side():
    facts = pd.DataFrame({"district_code": ["11110", "11680"], "district_name": ["종로구", "강남구"],
                          "district_name_en": ["Jongno-gu", "Gangnam-gu"], "pop_total_2021q2": [155106, 537800],
                          "households_2021q2": [73525, 232707], "dong_count": [17, 22], "tax_per_dong": [14.0, 49.0]})
    t = dc.facts_side_by_side(facts, "11110", "11680")
    assert list(t.columns) == ["항목", "단위", "종로구", "강남구", "차이(A−B)"]
    row = t[t["항목"] == "주민등록인구"].iloc[0]
    assert row["종로구"] == 155106 and row["차이(A−B)"] == 155106 - 537800 and row["단위"] == "명"
    en = dc.facts_side_by_side(facts, "11110", "11680", lang="en")
    assert "Gangnam-gu" in en.columns
    # every unit in English, 세대 included (it used to show in Korean)
    assert dict(zip(en["Item"], en["Unit"]))["Households"] == "households"
    assert not [u for u in en["Unit"] if any("가" <= ch <= "힣" for ch in str(u))]


# ------------------------------------------------------------------ queries (views_districts) on the real build

def test_district_measures_on_plan_data(con):
    for m in ("dong_count", "population", "households", "tax_levied", "tax_collected", "tax_per_dong"):
        df = vd.district_measure(con, m, "2021Q4")
        assert len(df) == 25 and df["value"].notna().all(), m
        assert set(vd.MEASURE_COLUMNS) <= set(df.columns)
    tax = vd.district_measure(con, "tax_per_dong").set_index("district_code")["value"]
    assert tax["11110"] == 14  # the plan's table: 종로구 동별 배분 14백만원
    assert vd.district_measure(con, "dong_count")["value"].sum() == 424
    # no spaces uploaded: space measures are "no data", not zero
    assert vd.district_measure(con, "spaces_total", "2021Q4")["value"].isna().all()
    with pytest.raises(ValueError):
        vd.district_measure(con, "nope")
    with pytest.raises(ValueError):
        vd.district_measure(con, "ind_rate", "2021Q4")


def test_indicator_measure_without_actuals_is_no_data(con):
    opts = vd.indicator_options(con)
    assert len(opts) and (opts["scope"] != "citywide").all()
    code = opts["code"].iloc[0]
    df = vd.district_measure(con, "ind_rate", "2021Q4", "dong", code)
    assert len(df) == 25 and df["value"].isna().all()
    target = vd.district_measure(con, "ind_target", "2021Q4", "dong", code)
    assert target["value"].notna().any()
    assert target["target_basis"].astype(str).str.startswith("파생").any()


def test_district_facts_and_geo(con):
    facts = vd.district_facts(con)
    assert len(facts) == 25
    assert {"tax_levied", "tax_collected", "tax_per_dong", "dong_count_2021_04", "pop_total_2021q2"} <= set(facts)
    assert len(vd.geo_dongs(con, "11680")) == facts.set_index("district_code").loc["11680", "dong_count_2021_04"]
    assert "열린데이터광장" in vd.stat_source(con, "population_registered")


def test_spaces_as_of_respects_opening_and_closing(con):
    con.execute("INSERT INTO upload VALUES (900, now(), 't', 's.csv', 'x', 'spaces', 3, 'utf-8', 'committed', "
                "false, NULL, NULL, NULL)")
    con.execute("""INSERT INTO space VALUES
        ('가', '우리마을공간', '11110', NULL, NULL, 37.58, 126.98, DATE '2019-05-01', NULL, true, NULL, 900),
        ('나', '마을기업', '11110', NULL, NULL, 37.58, 126.98, DATE '2022-05-01', NULL, false, NULL, 900),
        ('다', '마을기업', '11680', NULL, NULL, 37.50, 127.05, NULL, DATE '2020-01-15', false, NULL, 900)""")
    assert set(vd.spaces_as_of(con, "2019Q4")["name"]) == {"가", "다"}
    assert set(vd.spaces_as_of(con, "2020Q1")["name"]) == {"가"}
    assert set(vd.spaces_as_of(con, "2022Q2")["name"]) == {"가", "나"}
    assert set(vd.spaces_as_of(con, None)["name"]) == {"가", "나"}
    assert vd.spaces_status(con) == {"n": 2, "n_sample": 0}
    summary = vd.space_summary(con, "2022Q2").set_index("district_code")
    assert summary.loc["11110", "spaces_total"] == 2 and summary.loc["11110", "childcare_rooms"] == 1
    assert summary.loc["11680", "spaces_total"] == 0
    m = vd.district_measure(con, "spaces_per_10k", "2022Q2").set_index("district_code")
    assert m.loc["11110", "value"] == pytest.approx(2 / 155106 * 10_000)
    assert m.loc["11110", "source"] == "업로드"


@pytest.mark.slow  # loads the sample data set
def test_sample_spaces_flagged(con):
    sample = pytest.importorskip("maeul.upload.sample")
    sample.load_sample(con, seed=7, user="test")
    st = vd.spaces_status(con)
    assert st["n"] > 0 and st["n_sample"] == st["n"]
    df = vd.district_measure(con, "spaces_total", "2022Q4")
    assert df["value"].notna().all() and set(df["source"]) == {"예시"}
    ranked = vd.indicator_by_district(con, vd.indicator_options(con)["code"].iloc[0], "2021Q4", "dong")
    assert len(ranked) == 25 and ranked["rate"].notna().any()
    assert ranked["derived"].any() and ranked["rank"].min() == 1
