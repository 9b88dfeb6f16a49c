"""Unit tests of maeul/present/charts.py (figure builders and formatting) and pure helpers of the overview and
strategy page models (maeul/present/models), on small hand-made DataFrames: assertions on the figure data, not only
that a figure is returned."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from maeul.present import charts
from maeul.present import format as fmt
from maeul.present.charts import STATUS_COLORS
from maeul.present.models import overview as ov
from maeul.present.models import strategy as sm
from maeul.read.rules import ACHIEVED, BEHIND, NO_DATA, NO_TARGET, ON_TRACK, STATUSES, WATCH

# ------------------------------------------------------------------ formatting


@pytest.mark.parametrize("value, unit, lang, expected", [
    (1234, "건", "ko", "1,234건"),
    (1234.0, "개소", "en", "1,234 sites"),
    (38.9, "%", "ko", "38.9%"),
    (3.82, "명", "ko", "3.82명"),
    (12345.67, "백만원", "ko", "12,345.7백만원"),
    (None, "건", "ko", "–"),
    (float("nan"), "%", "ko", "–"),
    (7, None, "ko", "7"),
    (5, "unknown-unit", "ko", "5 unknown-unit"),
])
def test_fmt_value(value, unit, lang, expected):
    assert fmt.num(value, unit, lang) == expected


def test_fmt_rate_never_shows_zero_for_missing():
    assert fmt.rate(None) == "–"
    assert fmt.rate(float("nan")) == "–"
    assert fmt.rate(0.874) == "87%"
    assert fmt.rate(0.0) == "0%"
    assert fmt.rate(float("inf")) == "∞"


def test_fmt_amount_has_separators_and_unit():
    assert fmt.amount(15194) == "15,194백만원"
    assert fmt.amount(15194, "en") == "KRW 15,194 mn"
    assert fmt.amount(None) == "–"


def test_status_colours_cover_every_status_once():
    assert set(STATUS_COLORS) == set(STATUSES)
    assert set(charts.STATUS_BADGE) == set(STATUSES) == set(charts.STATUS_TINTS) == set(charts.STATUS_TEXT_COLORS)
    # 달성/정상/주의/지연 must look different from each other
    assert len({STATUS_COLORS[s] for s in (ACHIEVED, ON_TRACK, WATCH, BEHIND)}) == 4


def test_status_text_md_and_css():
    assert fmt.status_text(BEHIND, "ko") == "● 지연"
    assert fmt.status_text(BEHIND, "en", icon=False) == "Behind"
    assert fmt.status_md(ON_TRACK, "ko") == ":green[● 정상]"
    assert fmt.status_text("nonsense", "ko") == "● 자료 없음"
    md = fmt.status_counts_md({ACHIEVED: 2, BEHIND: 1, WATCH: 0}, "ko")
    assert md == ":blue[●] 달성 2 · :red[●] 지연 1"
    assert fmt.status_counts_md({}, "ko") == "–"
    assert charts.STATUS_TINTS[BEHIND] in charts.status_css(BEHIND)


def test_status_pills_hold_the_stored_status_in_the_status_column_only():
    df = pd.DataFrame({"name": ["a", "b", "c"], "status": ["● 지연", "● 정상", "?"], "_status": [BEHIND, ON_TRACK, "x"]})
    out = charts.status_pills(df)
    assert out["status"].tolist() == [[BEHIND], [ON_TRACK], [NO_DATA]]  # unknown → 자료 없음
    assert out["name"].tolist() == ["a", "b", "c"]
    assert df["status"].tolist() == ["● 지연", "● 정상", "?"]  # the input is left alone


# ------------------------------------------------------------------ status mix and gauge

def test_status_mix_bar_one_segment_per_present_status_in_rule_order():
    counts = pd.DataFrame({"status": STATUSES, "count": [2, 0, 3, 1, 4, 0, 0]})
    fig = charts.status_mix_bar(counts, "ko")
    assert isinstance(fig, go.Figure)
    assert [tr.x[0] for tr in fig.data] == [2, 3, 1, 4]
    assert [tr.marker.color for tr in fig.data] == [STATUS_COLORS[s] for s in (ACHIEVED, WATCH, BEHIND, NO_DATA)]
    assert fig.data[0].text[0] == "달성 2"
    assert fig.layout.barmode == "stack"
    en = charts.status_mix_bar(counts, "en")
    assert en.data[0].name == "Achieved 2"


def test_status_mix_bar_has_room_for_every_legend_row():
    four = charts.status_mix_bar(pd.DataFrame({"status": STATUSES, "count": [2, 0, 3, 1, 4, 0, 0]}), "en")
    seven = charts.status_mix_bar(pd.DataFrame({"status": STATUSES, "count": [1] * 7}), "en")
    for fig, rows in ((four, 2), (seven, 4)):  # two entries to a row, 22 px each, below a bar of the same height
        assert fig.layout.margin.b == 22 * rows + 16
        assert fig.layout.height - fig.layout.margin.t - fig.layout.margin.b == charts.MIX_BAR_PX
    assert seven.layout.legend.yanchor == "top"


def test_status_mix_bar_empty():
    fig = charts.status_mix_bar(pd.DataFrame({"status": [], "count": []}), "ko")
    assert len(fig.data) == 0


def test_progress_gauge_value_colour_and_no_data():
    fig = charts.progress_gauge(0.8, WATCH, "ko")
    ind = fig.data[0]
    assert ind.value == pytest.approx(80)
    assert ind.gauge.bar.color == STATUS_COLORS[WATCH]
    assert "number" in ind.mode
    capped = charts.progress_gauge(1.4, ACHIEVED, "ko").data[0]
    assert capped.value == pytest.approx(100)
    empty = charts.progress_gauge(None, NO_DATA, "ko")
    assert empty.data[0].mode == "gauge"  # no number: never '0 %'
    assert any(a.text == "자료 없음" for a in empty.layout.annotations)


# ------------------------------------------------------------------ indicator chart

def _yearly(values, stages=None):
    years = [2018, 2019, 2020, 2021, 2022]
    return pd.DataFrame({"year": years, "target": values, "target_stage": stages or [None] * 5,
                         "target_basis": ["계획"] * 5})


def _series(rows):
    df = pd.DataFrame(rows, columns=["year", "quarter", "value", "stage", "source", "detail"])
    df["label"] = df["year"].astype(str) + "Q" + df["quarter"].astype(str)
    df["n_rows"] = 1
    return df


def test_annual_frame_targets_ytd_expected_and_projection():
    yearly = _yearly([100, 100, 100, 100, 100])
    series = _series([(2018, q, 20, None, "업로드", None) for q in (1, 2, 3, 4)]
                     + [(2019, 1, 30, None, "업로드", None), (2019, 2, 10, None, "업로드", None),
                        (2019, 3, 99, None, "업로드", None)])  # after as_of: left out
    row = {"expected": 50.0, "actual": 40.0, "ptd_actual": 120.0, "projection": 400.0, "source": "업로드"}
    f = charts.indicator_chart_frame("annual", yearly, series, row, "2019Q2")
    tgt = f[f["series"] == "target"]
    assert len(tgt) == 20 and set(tgt["value"]) == {100.0}
    run = f[f["series"] == "actual_run"].set_index("period")["value"]
    assert run["2018Q4"] == 80 and run["2019Q1"] == 30 and run["2019Q2"] == 40  # year-to-date resets in 2019
    assert "2019Q3" not in run.index
    q = f[f["series"] == "actual_q"].set_index("period")["value"]
    assert q["2019Q2"] == 10
    exp = f[f["series"] == "expected"]
    assert list(exp["period"]) == ["2019Q2"] and list(exp["value"]) == [50.0]
    proj = f[f["series"] == "projection"].set_index("period")["value"]
    pace = 120 / 6  # 6 quarters so far
    assert proj["2019Q4"] == pytest.approx(40 + pace * 2)
    assert proj["2022Q4"] == pytest.approx(pace * 4)


def test_cumulative_frame_starts_from_baseline_and_places_published_points():
    yearly = _yearly([50, 100, 230, 380, 450])
    series = _series([(2018, 1, 5, None, "업로드", None), (2018, 2, 10, None, "업로드", None),
                      (2017, 4, 5, None, "공표", "시 보도자료 2018-01-01 · url"),
                      (2018, 4, 20, None, "공표", "신문 2019-01-02 · https://example.org/a")])
    row = {"expected": 25.0, "actual": 20.0, "projection": 65.0, "source": "업로드", "actual_period": "~2018Q2"}
    f = charts.indicator_chart_frame("cumulative", yearly, series, row, "2018Q2", start=5.0, baseline=5,
                                     baseline_year=2017)
    run = f[f["series"] == "actual_run"].set_index("period")["value"]
    assert list(run) == [10.0, 20.0]  # 5 (baseline) + 5, + 10
    base = f[f["series"] == "baseline"]
    assert list(base["period"]) == ["≤2017"] and list(base["value"]) == [5.0]
    pub = f[f["series"] == "published"]
    assert list(pub["period"]) == ["≤2017"]  # the 2018Q4 point is after the as-of quarter
    proj = f[f["series"] == "projection"].set_index("period")["value"]
    assert proj["2018Q2"] == 20.0 and proj["2022Q4"] == 65.0


def test_indicator_chart_traces_targets_published_and_expected():
    yearly = _yearly([50, 100, 230, 380, 450])
    series = _series([(2018, 1, 5, None, "업로드", None), (2020, 4, 100, None, "공표",
                                                        "서울신문 2021-05-04 · https://example.org/x")])
    row = {"expected": 230.0, "actual": 105.0, "projection": 300.0, "source": "업로드"}
    frame = charts.indicator_chart_frame("cumulative", yearly, series, row, "2020Q4", start=0.0)
    fig = charts.indicator_chart(frame, "cumulative", "개", "ko")
    by_name = {tr.name: tr for tr in fig.data}
    target = by_name["계획 목표"]
    assert target.line.shape == "hv"
    assert sorted({y for y in target.y if y is not None}) == [50, 100, 230, 380, 450]
    assert list(target.x) == charts.QUARTER_LABELS and target.y[8] == 230  # 2020Q1
    pub = by_name["공표 수치"]
    assert pub.marker.symbol == "diamond"
    assert list(pub.x) == ["2020Q4"] and "https://example.org/x" in pub.customdata[0][1]
    exp = by_name["현재 기대치"]
    assert list(exp.x) == ["2020Q4"] and list(exp.y) == [230.0]
    assert by_name["추세 전망(~2022년 4분기)"].line.dash == "dash"
    assert isinstance(fig.data[0], go.Bar)  # quarterly counts as bars
    assert list(fig.layout.xaxis.categoryarray)[:2] == ["2018Q1", "2018Q2"]
    derived = charts.indicator_chart(frame, "cumulative", "개", "en", derived=True)
    assert "Derived target (district share)" in {tr.name for tr in derived.data}
    assert derived.layout.yaxis.title.text == "Unit: units"


def test_level_chart_without_actuals_still_draws_targets_and_baseline():
    yearly = _yearly([None, None, 65.8, None, 70.0])
    yearly.loc[2, "target_basis"] = "보간"  # 2020 interpolated from the baseline: drawn dotted, named as such
    frame = charts.indicator_chart_frame("level", yearly, None, {"expected": 65.8}, "2020Q4", baseline=59.5,
                                         baseline_year=2017)
    fig = charts.indicator_chart(frame, "level", "%", "ko")
    names = {tr.name for tr in fig.data}
    assert {"계획 목표", "목표(보간: 계획서에 연도별 값 없음)", "기준값", "현재 기대치"} <= names
    interp = next(tr for tr in fig.data if tr.name.startswith("목표(보간"))
    assert interp.line.dash == "dot" and [y for y in interp.y if y is not None] == [65.8] * 4
    assert "실적" not in names and "추세 전망(~2022년 4분기)" not in names
    assert fig.layout.xaxis.categoryarray[0] == "≤2017"


def test_milestone_chart_plots_stage_order():
    stages = ["조사·기획", "개발", "운영"]
    yearly = _yearly([None] * 5, ["조사·기획", "개발", "운영", "운영", "운영"])
    series = _series([(2018, 4, None, "조사·기획", "업로드", None), (2019, 4, None, "개발", "업로드", None)])
    frame = charts.indicator_chart_frame("milestone", yearly, series, {"expected_stage": "운영"}, "2020Q2",
                                         stages=stages)
    fig = charts.indicator_chart(frame, "milestone", "단계", "ko", stages=stages)
    by_name = {tr.name: tr for tr in fig.data}
    assert list(by_name["실적"].y) == [1, 2]
    assert list(by_name["현재 기대치"].y) == [3]
    assert list(fig.layout.yaxis.ticktext) == stages


# ------------------------------------------------------------------ districts, headline, budget

def test_district_bar_sorted_by_rate_coloured_by_status_with_derived_targets():
    df = pd.DataFrame({
        "district": ["11110", "11140", "11170"], "label": ["종로구", "중구", "용산구"],
        "actual": [5.0, 9.0, None], "target": [8.0, 8.0, 9.0], "rate": [0.6, 1.2, None],
        "status": [BEHIND, ACHIEVED, NO_DATA], "target_basis": ["파생(동 수 비율)"] * 3,
    })
    fig = charts.district_bar(df, "개", "ko", highlight=("11110",))
    *bars, tgt = fig.data
    assert list(fig.layout.yaxis.categoryarray) == ["중구", "종로구", "용산구"]  # by rate, none last
    # one trace per status, named by it in its colour: the legend says what the colours mean
    assert [(b.name, list(b.y), b.marker.color) for b in bars] == [
        ("달성", ["중구"], STATUS_COLORS[ACHIEVED]), ("지연", ["종로구"], STATUS_COLORS[BEHIND]),
        ("자료 없음", ["용산구"], STATUS_COLORS[NO_DATA])]
    assert bars[0].legendgrouptitle.text == "실적 막대 색 = 상태"
    assert list(bars[1].marker.line.width) == [2.5]  # the selected district is outlined
    assert tgt.name == "파생 목표(자치구 몫)" and list(tgt.x) == [8.0, 8.0, 9.0]
    assert list(tgt.customdata[0]) == ["8개", "파생(동 수 비율)"]
    en = charts.district_bar(df.assign(target=[40.094, 0.321, 9.0]), "개", "en")
    assert [b.name for b in en.data[:-1]] == ["Achieved", "Behind", "No data"]
    # the target as the table rounds it (fmt.planned), the basis in words: no '40.09 units', no Korean in English
    assert [list(c) for c in en.data[-1].customdata] == [["0 units", "derived (share of dongs)"],
                                                         ["40 units", "derived (share of dongs)"],
                                                         ["9 units", "derived (share of dongs)"]]


def test_district_bar_label_and_table_read_the_same_rate():
    """A chart label and the table for the same figure agree: a rate of 0.905 is '90%' in the hover and 90 in the
    table's progress column (both truncated, like the status)."""
    from maeul.present import format as fmt
    from maeul.present.models import strategy as sm

    df = pd.DataFrame({"district": ["11110"], "label": ["종로구"], "actual": [90.5], "target": [100.0],
                       "expected": [100.0], "rate": [0.905], "status": ["정상"], "target_basis": ["파생(동 수 비율)"]})
    hover = charts.district_bar(df, "건", "ko").data[0].customdata[0][1]
    cell = sm.district_table(df, "건", "ko")["rate"].iloc[0]
    assert hover == fmt.rate(0.905) == f"{cell:.0f}%" == "90%"


def test_headline_chart_baseline_target_and_latest():
    df = pd.DataFrame({"label": ["이웃신뢰도", "행정기관 신뢰율"], "unit": ["%", "%"], "baseline": [59.5, None],
                       "target": [70.0, 70.0], "actual": [38.9, None], "status": [BEHIND, NO_TARGET],
                       "actual_period": ["2020", None], "detail": ["서울신문 (2021-05-04)", ""]})
    fig = charts.headline_chart(df, "ko")
    by_name = {tr.name: tr for tr in fig.data if tr.name}
    assert list(by_name["최근 실적"].x) == [38.9]
    assert list(by_name["최근 실적"].marker.color) == [STATUS_COLORS[BEHIND]]
    assert list(by_name["2022년 목표"].x) == [70.0, 70.0]
    assert list(by_name["기준값"].x) == [59.5]
    assert "서울신문" in by_name["최근 실적"].customdata[0][2]
    assert "공표 수치" not in by_name
    df2 = df.assign(pub_value=[38.9, None], pub_period=["2020", None], publisher=["서울신문", None],
                    source_date=["2021-05-04", None], url=["https://example.org/k1", None])
    pub = {tr.name: tr for tr in charts.headline_chart(df2, "ko").data if tr.name}["공표 수치"]
    assert list(pub.x) == [38.9] and pub.marker.symbol == "diamond"
    assert pub.customdata[0][2] == "서울신문 (2021-05-04)" and pub.customdata[0][3] == "https://example.org/k1"
    # when the latest result already is that published figure it is not drawn twice
    same = {tr.name for tr in charts.headline_chart(df2.assign(source=["공표", None]), "ko").data if tr.name}
    assert "공표 수치" not in same


def test_budget_bar_hides_execution_that_was_never_uploaded():
    df = pd.DataFrame({"label": ["1 사회적 우정", "2 주민자치"], "planned": [4110.0, 36659.0],
                       "executed": [0.0, 30181.5], "has_execution": [False, True]})
    fig = charts.budget_bar(df, "ko")
    planned, executed = fig.data
    assert list(planned.x) == [4110.0, 36659.0]
    assert math.isnan(executed.x[0]) and executed.x[1] == 30181.5
    assert executed.text[0] == "" and executed.text[1] == "30,182백만원"


# ------------------------------------------------------------------ page-model helpers (pure)

def test_budget_texts_say_not_uploaded_instead_of_zero_percent():
    none = ov.budget_texts({"has_execution": False, "planned_year": 1400.0, "planned_to_date": 4110.0,
                            "executed_year": 0.0, "executed_to_date": 0.0}, "ko")
    assert none["budget_metric"] == "–"
    assert "0%" not in none["budget_metric"] + none["budget_lines"]
    assert none["budget_lines"].startswith("집행 실적 미업로드") and "1,400" in none["budget_lines"]
    some = ov.budget_texts({"has_execution": True, "planned_year": 1400.0, "planned_to_date": 4110.0,
                            "executed_year": 1302.1, "executed_to_date": 3466.5, "rate_year": 0.93007,
                            "rate_to_date": 0.8434}, "ko")
    assert some["budget_metric"] == "93%" and "1,302" in some["budget_lines"] and "(84%)" in some["budget_lines"]
    district = ov.budget_texts({"has_execution": True, "planned_year": None, "executed_year": 12.0,
                                "executed_to_date": 30.0}, "en")
    assert district["budget_metric"] == "KRW 12 mn"


def test_ranked_orders_rated_primary_and_sub_only():
    prog = pd.DataFrame({
        "code": ["a", "b", "c", "d", "K1"], "name": list("abcdK"), "name_en": list("ABCDK"),
        "role": ["primary", "sub", "primary", "goal", "headline"], "kind": ["annual"] * 5, "unit": ["건"] * 5,
        "rate": [0.5, 1.3, None, 0.1, 0.2], "status": [BEHIND, ACHIEVED, NO_DATA, BEHIND, BEHIND],
        "actual": [5, 13, None, 1, 2], "expected": [10, 10, 10, 10, 10], "unit_project_code": ["1-1-1"] * 5,
        "actual_stage": [None] * 5, "expected_stage": [None] * 5,
    })
    hier = pd.DataFrame({"code": ["a", "b"], "project_name": ["사업", "사업"], "project_name_en": ["P", "P"]})
    behind = ov.ranked(prog, hier, "ko", n=5)
    assert list(behind["code"]) == ["a", "b"]  # goal/headline and unrated left out
    assert list(ov.ranked(prog, hier, "en", ahead=True)["indicator"]) == ["B", "A"]
    assert behind.iloc[0]["rate"] == pytest.approx(50)


def test_cumulative_start_only_citywide_before_2018():
    assert sm.cumulative_start("cumulative", 26, 2017, None) == 26
    assert sm.cumulative_start("cumulative", 26, 2017, "11680") == 0
    assert sm.cumulative_start("cumulative", 0, 2018, None) == 0
    assert sm.cumulative_start("annual", 26, 2017, None) == 0


def test_basis_text_translates_derived_labels():
    assert fmt.basis_text("파생(동 수 비율)", "ko") == "파생(동 수 비율)"
    assert fmt.basis_text("파생(동 수 비율)·보간", "en") == "derived (share of dongs)·interpolated"
    assert fmt.basis_text("없음", "en") == ""
    assert fmt.is_derived("파생(25개 자치구 균등)") and not fmt.is_derived("계획")
