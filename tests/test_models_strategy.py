"""Unit tests of the strategy-tracking page model (maeul/present/models/strategy.py) on the plan with a small upload:
the task roll-up, the indicator table and its filters, the selection box, and one indicator in detail (numbers,
facts, chart, printed targets, actuals, district breakdown) — exact numbers and texts, no Streamlit."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures.make_fixtures import ACTUALS, csv_bytes

from maeul.present import export
from maeul.present.filters import Filters
from maeul.present.models import strategy as sm
from maeul.read.registry import Reader
from maeul.upload.store import commit

CITY = Filters((), "2020Q4", "dong", "ko")
GANGNAM = Filters(("11680",), "2020Q4", "dong", "ko")
PLAN_TOTAL_HELP = "연간 지표는 2018~2022 합계, 누계·수준 지표는 2022년 목표, 단계 지표는 마지막 단계."


@pytest.fixture
def data(con):
    """The plan with 2020 actuals: 1-1-1 (annual, 1,000건 a year) 100 a quarter citywide + 10 a quarter in 강남구
    (440 of 1,000: 44 %, 지연); 3-2-2 (annual, 510명 in 2020) 150 a quarter (600: 달성)."""
    rows = ([["2020", q, "", "1-1-1", "100", ""] for q in (1, 2, 3, 4)]
            + [["2020", q, "강남구", "1-1-1", "10", ""] for q in (1, 2, 3, 4)]
            + [["2020", q, "", "3-2-2", "150", ""] for q in (1, 2, 3, 4)])
    assert commit(con, csv_bytes(ACTUALS, rows), "a.csv", "kim").ok
    return Reader(con)


def test_header(con):
    d = Reader(con)
    assert sm.header(d, CITY) == {
        "title": "전략 추적",
        "subtitle": "핵심가치 → 추진과제 → 단위사업 → 지표 순으로 진도를 봅니다. 아래에서 지표를 고르면 분기별 추이와 "
                    "자치구별 현황이 나옵니다.",
        "scope": "**범위:** 서울시 전체 · **기준 분기:** 2020Q4 말",
        "note": None}
    en = sm.header(d, Filters(("11680", "11110"), "2020Q4", "equal", "en"))
    assert en["scope"] == "**Scope:** Gangnam-gu, Jongno-gu · **As of:** end of 2020Q4"
    assert en["note"] == ("Selected districts' results are compared with **derived targets** (citywide targets shared "
                          "out, basis: Equal (1/25)); the plan itself does not set these per district.")


# ------------------------------------------------------------------ tasks and the indicator table


def test_task_rollup_table(data):
    table = sm.tasks(data, CITY)["table"]
    assert len(table) == 10
    assert table.iloc[0].to_dict() == {"strategy": "1 사회적 우정", "task": "1-1 공동체 참여자 확대·다양화", "rate": 44.0,
                                       "status": ["지연"], "n": "1 / 2", "counts": "지연 1 · 자료 없음 1",
                                       "_status": "지연"}
    t32 = table.set_index("task").loc["3-2 정책지원 전문가 양성·배치"]
    assert (t32["rate"], t32["_status"], t32["n"]) == (100.0, "달성", "1 / 2")  # 118 % capped at 100 %
    t12 = table.set_index("task").loc["1-2 교육을 통한 정책 공감대 확산"]
    assert pd.isna(t12["rate"]) and t12["_status"] == "자료 없음" and t12["counts"] == "자료 없음 3"


def test_tree_options(con):
    o = sm.tree_options(Reader(con), Filters((), "2020Q4", "dong", "en"))
    assert o["strategies"] == ["", "1", "2", "3", "4"]
    assert o["strategy_labels"] == {"1": "1 Social friendship", "2": "2 Resident self-governance",
                                    "3": "3 Sustainability", "4": "4 Decentralisation and collaborative governance"}
    assert o["roles"] == ["primary", "sub", "goal", "headline"] and o["default_roles"] == ["primary", "sub"]
    assert o["role_labels"] == {"primary": "Primary", "sub": "Sub-indicator", "goal": "Goal", "headline": "Headline"}
    assert o["statuses"] == ["달성", "정상", "주의", "지연", "자료 없음", "목표 없음", "판정 안 함"]
    assert o["status_labels"]["지연"] == "● Behind"


def test_tree_filtered_by_core_value_role_and_status(data):
    m = sm.tree(data, CITY, "1", ("primary",), ("지연",))
    row = m["view"].iloc[0].to_dict()
    assert len(m["view"]) == 1 and row == {
        "strategy": "1 사회적 우정", "task": "1-1 공동체 참여자 확대·다양화", "project": "1-1-1 모임형성 지원을 통한 참여자 확대",
        "code": "1-1-1", "indicator": "이웃만들기 사업", "role": "대표지표", "kind": "연간 실적", "unit": "건",
        "target": "1,000건", "expected": "1,000건", "actual": "440건", "period": "2020Q1–2020Q4", "rate": 44.0,
        "status": ["지연"], "source": "업로드", "department": "지역공동체담당관(자치구)", "target_basis": "계획",
        "verified": "잠정", "explanation": "", "_status": "지연", "_role": "primary", "_strategy_code": "1"}
    assert m["height"] == 73
    assert m["caption"].startswith("68개 지표 중 1개 표시.")
    assert m["target_label"] == "2020년 목표"
    assert list(m["data"].columns) == ["strategy", "task", "project", "code", "indicator", "role", "department",
                                       "unit", "kind", "target", "target_stage", "expected", "expected_stage",
                                       "actual", "actual_stage", "actual_period", "rate", "status", "source",
                                       "target_basis", "verified", "explanation"]
    out = export.page_frame(m["data"], "ko")  # exported: numbers as numbers, rate as %, the status as its word
    assert out.iloc[0]["상태"] == "지연" and isinstance(out.iloc[0]["달성률(%)"], int)
    assert "목표 유형" in out.columns and "target_stage" not in out.columns


def test_tree_unfiltered_and_default_roles(data):
    every = sm.tree(data, CITY, "", (), ())
    assert (len(every["view"]), every["height"]) == (68, 560)
    assert every["caption"].startswith("68개 지표 중 68개 표시.")
    assert list(every["view"]["code"][-6:]) == ["K1", "K2", "K3", "K4", "K5", "K6"]  # headline indicators last
    assert len(sm.tree(data, CITY, "", ("primary", "sub"), ())["view"]) == 48


def test_headline_indicators_form_their_own_group(data):
    view = sm.tree(data, CITY, "", ("headline",), ())["view"]
    assert list(view["code"]) == ["K1", "K2", "K3", "K4", "K5", "K6"]
    k1 = view.iloc[0]
    assert (k1["strategy"], k1["task"], k1["project"], k1["_strategy_code"]) == ("성과지표(계획 전체)", "", "", "")
    assert sm.tree(data, CITY, "1", ("headline",), ())["view"].empty


def test_options_in_plan_order(con):
    d = Reader(con)
    options = sm.options(d, CITY)
    assert len(options) == 68
    assert list(options.items())[:2] == [("1-1-1", "1-1-1 · 이웃만들기 사업"),
                                          ("1-1-1-G1", "1-1-1-G1 · 직접 참여자 규모(서울시민 대비 비율)")]
    assert list(options)[-1] == "K6"
    en = sm.options(d, Filters((), "2020Q4", "dong", "en"))
    assert en["1-1-1"] == "1-1-1 · Neighbour-making projects (resident group formation) supported"


# ------------------------------------------------------------------ one indicator in detail


def test_detail_of_an_annual_indicator_citywide(data):
    m = sm.detail(data, CITY, "1-1-1")
    assert m["title"] == "1-1-1 · 이웃만들기 사업"
    assert m["status_line"] == ":red[● 지연] · 대표지표 · 연간 실적 · **잠정**"  # uploaded, not approved
    assert m["metrics"] == [
        ("2020년 목표", "1,000건", None), ("현재 기대치", "1,000건", None),
        ("2020년 실적 (Q4까지)", "440건", "실적 시점: 2020Q1–2020Q4 · 보고한 자치구 1곳"), ("달성률", "44%", None),
        ("계획 전체 목표", "5,000건", PLAN_TOTAL_HELP)]
    assert m["facts"] == ("- **목표 유형**: 연간 실적\n- **단위**: 건\n- **추진부서**: 지역공동체담당관(자치구)\n"
                          "- **계획서 위치**: Ⅶ 연차별 추진계획; Ⅵ 단위사업 1-1-1 연차별 추진계획\n- **기준값**: –\n"
                          "- **계(계획서 표기)**: 5,000\n- **목표 근거**: 계획\n"
                          "- **추세 전망(2022년 4분기)**: 733건 · 목표 미달 예상")  # a count: whole
    assert m["note"].startswith("Annual count (연간 약 1,000건).")
    assert m["citywide_note"] is False
    assert m["chart_caption"] == ("출처: 목표 — 「2기 마을공동체 기본계획」 Ⅶ 연차별 추진계획; Ⅵ 단위사업 1-1-1 연차별 "
                                  "추진계획; 실적 — 업로드. 속이 빈 회색 점은 아직 승인되지 않은(잠정) 분기입니다.")
    traces = {tr.name: list(tr.y) for tr in m["chart"].data}
    assert traces["분기 실적"] == [110.0] * 4
    assert traces["연내 누적 실적"] == [110.0, 220.0, 330.0, 440.0]
    assert traces["현재 기대치"] == [1000.0]
    assert traces["추세 전망(~2022년 4분기)"] == pytest.approx([440.0, 440.0, 440 / 3, 440 / 3])  # 440 in 12 quarters
    assert traces["잠정 (승인 전)"] == [110.0, 220.0, 330.0, 440.0]  # nothing approved: every quarter provisional
    assert m["chart_data"].shape == (33, 10) and set(m["chart_data"]["scope"]) == {"서울시 전체"}
    assert m["chart_data"]["provisional"].sum() == 8  # the quarterly bars and the running line
    assert m["printed"].to_dict("records")[2] == {"year": 2020, "printed": "1,000건", "used": "1,000건",
                                                  "basis": "계획", "section": "Ⅶ 연차별 추진계획"}
    assert len(m["printed"]) == 5
    assert m["actuals"].to_dict("list") == {"period": ["2020Q1", "2020Q2", "2020Q3", "2020Q4"],
                                            "value": ["110건"] * 4, "source": ["업로드"] * 4, "detail": [""] * 4}


def test_detail_district_breakdown(data):
    dist = sm.detail(data, CITY, "1-1-1")["districts"]
    assert dist["skip"] is None
    assert len(dist["table"]) == 25
    gangnam = dist["table"].set_index("district").loc["강남구"].to_dict()
    assert gangnam == {"target": "52건", "basis": "파생(동 수 비율)", "expected": "52건", "actual": "40건",
                       "rate": 77.0, "status": ["주의"], "_status": "주의"}
    assert dist["table"].set_index("district").loc["종로구", "actual"] == "–"
    assert list(dist["chart"].data[0].y[:1]) == ["강남구"]  # the only district with a rate comes first
    assert dist["caption"].endswith("자치구 목표는 시 목표를 나눈 파생 목표입니다 (파생(동 수 비율)).")
    row = dist["data"].set_index("district").loc["11680"]
    assert (row["label"], row["actual"], row["code"]) == ("강남구", 40.0, "1-1-1")
    assert row["target"] == pytest.approx(1000 * 22 / 424)


def test_detail_for_a_district_uses_derived_targets(data):
    m = sm.detail(data, GANGNAM, "1-1-1")
    assert m["metrics"] == [
        ("2020년 목표", "52건", None), ("현재 기대치", "52건", None),
        ("2020년 실적 (Q4까지)", "40건", "실적 시점: 2020Q1–2020Q4"), ("달성률", "77%", None),
        ("계획 전체 목표", "259건", PLAN_TOTAL_HELP)]  # a derived figure, rounded for its unit (issue 12)
    assert "- **목표 근거**: 파생(동 수 비율)\n- **추세 전망(2022년 4분기)**: 67건 · 목표 미달 예상" in m["facts"]
    assert m["chart_caption"].endswith("실적 — 업로드. 자치구 목표는 시 목표를 나눈 파생 목표입니다 (파생(동 수 비율)). "
                                       "속이 빈 회색 점은 아직 승인되지 않은(잠정) 분기입니다.")
    assert "파생 목표(자치구 몫)" in {tr.name for tr in m["chart"].data}
    assert list(m["printed"]["used"]) == ["52건"] * 5 and list(m["printed"]["printed"]) == ["1,000건"] * 5
    assert list(m["actuals"]["value"]) == ["10건"] * 4
    assert set(m["chart_data"]["scope"]) == {"강남구"}


def test_detail_of_a_citywide_headline_indicator(con):
    d = Reader(con)
    m = sm.detail(d, CITY, "K1")
    # K1 2020 is not comparable with the baseline: labelled, no rate (issue 12); a published figure is 확정 (issue 14)
    assert m["status_line"] == ":violet[● 판정 안 함] · 성과지표 · 수준(연말) · **확정**"
    assert m["metrics"][2] == ("실적", "38.9%", "실적 시점: 2020 · 기준치와 비교 불가(조사 대상이 다름)")
    assert m["metrics"][3][:2] == ("달성률", "판정 안 함") and "비교할 수 없는 조사" in m["metrics"][3][2]
    assert "- **기준값**: 59.5% (2017)\n" in m["facts"] and m["facts"].endswith("- **목표 근거**: 보간")
    assert [tr.name for tr in m["chart"].data] == ["계획 목표", "목표(보간: 계획서에 연도별 값 없음)", "기준값", "공표 수치",
                                                   "현재 기대치"]
    assert list(m["printed"]["printed"]) == ["–", "–", "–", "–", "70%"]
    assert list(m["printed"]["used"]) == ["61.6%", "63.7%", "65.8%", "67.9%", "70%"]
    assert list(m["actuals"]["period"]) == ["2017Q4", "2020Q4"] and set(m["actuals"]["source"]) == {"공표"}
    assert m["districts"] == {"skip": "strategy.citywide_only"}
    assert sm.detail(d, Filters(("11680",), "2021Q4", "dong", "ko"), "K1")["citywide_note"] is True


def test_detail_in_english(data):
    m = sm.detail(data, Filters((), "2020Q4", "dong", "en"), "1-1-1")
    assert m["title"] == "1-1-1 · Neighbour-making projects (resident group formation) supported"
    assert m["metrics"][:4] == [("2020 target", "1,000 cases", None), ("Expected by now", "1,000 cases", None),
                                ("2020 actual (to Q4)", "440 cases",
                                 "Result period: 2020Q1–2020Q4 · districts reported: 1"),
                                ("Rate", "44%", None)]


def test_no_district_breakdown_for_milestones(con):
    row = {"scope": "both", "kind": "milestone", "unit": "단계"}
    assert sm.districts(Reader(con), CITY, "x", row) == {"skip": "strategy.milestone_no_district"}


# ------------------------------------------------------------------ pure helpers


def test_baseline_text():
    assert sm.baseline_text({"baseline": 5.0, "baseline_year": 2017,
                             "baseline_text": "2017년 기준 3개 자치구 5개소"}, "개", "ko") \
        == "5개 (2017) — 2017년 기준 3개 자치구 5개소"
    assert sm.baseline_text({"baseline": 59.5, "baseline_year": 2017, "baseline_text": "59.5%"}, "%", "ko") \
        == "59.5% (2017)"
    assert sm.baseline_text({"baseline": None, "baseline_text": "매년 1,000여개"}, "개", "ko") == "매년 1,000여개"
    assert sm.baseline_text({}, "개", "ko") == "–"


def test_district_frame_and_table():
    pbd = pd.DataFrame({"district": ["11680", "99999"], "district_name": ["강남구", "어딘가"], "actual": [40.0, None],
                        "target": [51.886, 10.0], "expected": [51.886, 10.0], "rate": [0.7709, None],
                        "status": ["주의", "자료 없음"], "target_basis": ["파생(동 수 비율)", "파생(동 수 비율)"],
                        "source": ["업로드", None], "actual_period": ["2020Q1–2020Q4", None]})
    frame = sm.district_frame(pbd, {"11680": "Gangnam-gu"})
    assert list(frame["label"]) == ["Gangnam-gu", "어딘가"]  # the stored name where the code has none
    table = sm.district_table(frame, "건", "en")
    assert pd.isna(table.loc[1, "rate"])
    assert table.drop(columns="rate").to_dict("records") == [
        {"district": "Gangnam-gu", "target": "52 cases", "basis": "derived (share of dongs)",
         "expected": "52 cases", "actual": "40 cases", "status": "● Watch", "_status": "주의"},
        {"district": "어딘가", "target": "10 cases", "basis": "derived (share of dongs)", "expected": "10 cases",
         "actual": "–", "status": "● No data", "_status": "자료 없음"}]
    assert table.loc[0, "rate"] == 77.0


# ------------------------------------------------------------------ issue 16: display


def test_metric_labels_say_the_quarter_and_the_width_shows_every_value_whole(data):
    from maeul.present import format as fmt

    m = sm.detail(data, Filters((), "2020Q2", "dong", "en"), "1-1-1")
    assert m["metrics"][2][0] == "2020 actual (to Q2)"  # an annual count is year-to-date
    assert sm.detail(data, CITY, "4-3-1")["metrics"][2][0] == "실적"  # a running total is not
    widest = max(fmt.text_px(v, sm.METRIC_FONT) for _label, v, _h in m["metrics"])
    assert m["metric_width"] >= widest and m["metric_width"] >= fmt.text_px("2020 actual (to Q2)") + 20


@pytest.mark.parametrize("raw, code", [
    ("4-3-1", "4-3-1"),
    ("4-3-1 · 열린육아방 운영(누계)", "4-3-1"),                       # a Korean link from before codes were stored
    ("4-3-1 · Open childcare rooms (running total)", "4-3-1"),     # an English one: the same indicator
    ("K1 · Trust in neighbours", "K1"),
    ("9-9-9", None), ("", None), (None, None),
])
def test_indicator_from_link_reads_codes_and_old_labels(raw, code):
    assert sm.indicator_from_link(raw, ["1-1-1", "4-3-1", "K1"]) == code


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_status_columns_are_as_wide_as_the_longest_label(lang):
    """The status pill column fits the language's longest status label (English 'Not rated', 'On track' were cut
    to 'On tr', 'Achie')."""
    from maeul.present import format as fmt
    from maeul.read.rules import STATUSES

    longest = max((fmt.status_label(s, lang) for s in STATUSES), key=fmt.text_px)
    assert fmt.status_width(lang) >= fmt.text_px(longest) + fmt.CELL_PADDING + fmt.PILL_PADDING
    assert fmt.text_px("Not rated") > fmt.text_px("On tr") and fmt.text_px("판정 안 함") >= 5 * 10


def test_district_table_has_no_raw_none_or_float_noise(data):
    """Every cell of the district breakdown reads as a person writes it: derived targets rounded for their unit
    (fmt.planned), '–' for missing, no None/nan/inf, no three decimals."""
    import re

    table = sm.detail(data, CITY, "1-1-1")["districts"]["table"]
    cells = [str(v) for col in ("district", "target", "basis", "expected", "actual") for v in table[col]]
    assert not [c for c in cells if c in ("None", "nan", "inf", "") or re.search(r"\d\.\d{2,}", c)]
    assert table["rate"].isna().sum() > 0  # districts without data: no rate, shown as the table's '–' placeholder
