"""Unit tests of the overview page model (maeul/present/models/overview.py) on the plan with a small upload: the
plan and core-value roll-ups, the budget lines of the cards, the ranked tables, the headline indicators and the
header — exact numbers and texts, no Streamlit."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures.make_fixtures import ACTUALS, BUDGET, csv_bytes

from maeul.present import export
from maeul.present.filters import Filters
from maeul.present.models import overview as ov
from maeul.read.registry import Reader
from maeul.read.rules import NO_DATA
from maeul.upload.store import commit

CITY = Filters((), "2020Q4", "dong", "ko")
GANGNAM = Filters(("11680",), "2020Q4", "dong", "ko")


def _actuals(con) -> None:
    """1-1-1 (annual, 1,000건 a year): 100 a quarter citywide + 10 a quarter in 강남구 → 440 of 1,000 (44 %);
    3-2-2 (annual, 510명 in 2020): 150 a quarter → 600 (118 %, 달성)."""
    rows = ([["2020", q, "", "1-1-1", "100", ""] for q in (1, 2, 3, 4)]
            + [["2020", q, "강남구", "1-1-1", "10", ""] for q in (1, 2, 3, 4)]
            + [["2020", q, "", "3-2-2", "150", ""] for q in (1, 2, 3, 4)])
    assert commit(con, csv_bytes(ACTUALS, rows), "a.csv", "kim").ok


def _budget(con) -> None:
    """1-1-1-B1 (core value 1): 300 in 2019Q4, 175 a quarter in 2020 citywide, 20 in 강남구 2020Q4 (백만원)."""
    rows = ([["2019", "4", "", "1-1-1-B1", "300", ""]] + [["2020", q, "", "1-1-1-B1", "175", ""] for q in (1, 2, 3, 4)]
            + [["2020", "4", "강남구", "1-1-1-B1", "20", ""]])
    assert commit(con, csv_bytes(BUDGET, rows), "b.csv", "kim").ok


# ------------------------------------------------------------------ header


def test_header_citywide_and_districts(con):
    data = Reader(con)
    h = ov.header(data, CITY)
    assert h["title"] == "개요: 계획은 제대로 가고 있는가"
    assert h["scope"] == "**범위:** 서울시 전체 · **기준 분기:** 2020Q4 말"
    assert h["note"] is None
    en = ov.header(data, Filters(("11680", "11110"), "2020Q4", "equal", "en"))
    assert en["title"] == "Overview: is the plan on track?"
    assert en["scope"] == "**Scope:** Gangnam-gu, Jongno-gu · **As of:** end of 2020Q4"
    assert en["note"] == ("Computed from the 2 selected district(s)' results against **derived targets** (citywide "
                          "targets shared out, basis: Equal (1/25)). Indicators managed only citywide show as "
                          "'no target'.")


# ------------------------------------------------------------------ plan roll-up


def test_plan_rollup_of_committed_actuals(con):
    _actuals(con)
    m = ov.plan(Reader(con), CITY, False)
    r = m["r"]
    assert r["rate"] == pytest.approx(0.72)  # mean of 0.44 and 1.0 (118 % capped at 100 %)
    assert r["status"] == "주의"
    assert (r["n_rated"], r["n_indicators"]) == (2, 26)
    assert m["status"] == "**전체 상태:** :orange[● 주의]"
    assert m["rated"] == "평가 가능한 대표지표: **2개** / 전체 26개"
    assert m["nothing_rated"] is None
    assert m["gauge"].data[0].value == 72
    assert [tr.x[0] for tr in m["mix"].data] == [1, 1, 24]  # 달성, 지연, 자료 없음
    assert m["rule"] == "집계 규칙: 단위사업 대표지표 달성률(기대치 대비, 100% 상한)의 평균. 자료 없음·목표 없음 지표는 제외."
    assert list(m["data"]["count"]) == [1, 0, 0, 1, 24, 0, 0]
    assert set(m["data"]["scope"]) == {"서울시 전체"} and set(m["data"]["plan_status"]) == {"주의"}
    assert m["upload_text"].endswith(" · a\\.csv")  # a file name is user text: escaped for the caption
    assert m["upload_date"] == pd.Timestamp(Reader(con)("latest_upload")["uploaded_at"]).strftime("%Y-%m-%d")


def test_plan_rollup_budget_weighted(con):
    _actuals(con)
    m = ov.plan(Reader(con), CITY, True)
    # weights: planned budget of the unit projects, 1-1-1 5,000 and 3-2-2 30,807 (백만원)
    assert m["r"]["rate"] == pytest.approx((0.44 * 5000 + 1.0 * 30807) / (5000 + 30807))
    assert m["r"]["status"] == "정상"
    assert m["rule"].endswith("(예산 가중: 단위사업별 계획 예산 2018~2022, Ⅷ 기준. 예산 없는 사업 가중치 0)")
    assert set(m["data"]["weighted"]) == {True}


def test_plan_without_actuals_says_no_data_never_zero(con):
    m = ov.plan(Reader(con), CITY, False)
    assert m["r"]["rate"] is None and m["r"]["status"] == NO_DATA
    assert (m["r"]["n_rated"], m["r"]["n_indicators"]) == (0, 26)
    assert m["nothing_rated"] == "실적이 아직 없어 진도를 계산할 수 없습니다 (0%가 아니라 '자료 없음'입니다)."
    assert m["gauge"].data[0].mode == "gauge"
    assert m["upload_date"] == "업로드 없음" and m["upload_text"] is None


def test_plan_for_a_district_uses_its_own_actuals(con):
    _actuals(con)
    r = ov.plan(Reader(con), GANGNAM, False)["r"]
    assert r["rate"] == pytest.approx(40 / (1000 * 22 / 424))  # 40건 of 강남구's share (22 of 424 동) of 1,000
    assert (r["status"], r["n_rated"], r["목표 없음"]) == ("주의", 1, 13)


# ------------------------------------------------------------------ core-value cards


def test_cards_citywide_with_budget_execution(con):
    _actuals(con)
    _budget(con)
    m = ov.cards(Reader(con), CITY, False)
    assert [c["code"] for c in m["cards"]] == ["1", "2", "3", "4"]
    c1 = m["cards"][0]
    assert {k: c1[k] for k in ("name", "aim", "rate_text", "bar", "status", "status_md", "indicators", "counts")} == {
        "name": "사회적 우정", "aim": "연대와 협력의 경험 축적", "rate_text": "44%", "bar": 0.44, "status": "지연",
        "status_md": ":red[● 지연]", "indicators": "평가 지표 1/5개", "counts": ":red[●] 지연 1 · :gray[●] 자료 없음 4"}
    assert c1["budget_metric"] == "51%"  # 720 of 1,400 (citywide rows and 강남구's 20)
    # the rate to date is a share without a status, rounded as the budget page rounds it (1,020 ÷ 4,110 = 24.8 %)
    assert c1["budget_lines"] == "집행 720 / 계획 1,400 백만원  \n2018년~ 누계: 집행 1,020 / 계획 4,110 백만원 (25%)"
    c2, c3 = m["cards"][1], m["cards"][2]
    assert (c2["rate"], c2["rate_text"], c2["bar"], c2["status"]) == (None, "자료 없음", None, NO_DATA)
    assert c2["budget_metric"] == "–"  # missing: a dash in the metric, said small in the caption
    assert c2["budget_lines"] == "집행 실적 미업로드  \n올해 계획 15,194 백만원  \n2018년~ 계획 누계 36,659 백만원"
    assert (c3["rate_text"], c3["bar"], c3["status"]) == ("100%", 1.0, "달성")
    assert m["budget_label"] == "2020년 예산 집행률 (Q4까지)"
    assert m["district_note"] == ("'–' 표시 카드: 서울시 전체의 2020년 예산 집행 실적이 Q4까지 업로드되지 않았습니다(0이 아님). "
                                  "담당자가 데이터 업로드 화면에서 예산 집행 양식으로 올리면 표시됩니다.")
    assert m["chart_title"] == "예산 계획 대비 집행 (2018년~2020Q4 누계, 백만원)"
    assert m["frame"].to_dict("list") == {
        "code": ["1", "2", "3", "4"], "label": ["1 사회적 우정", "2 주민자치", "3 지속가능", "4 분권·협치"],
        "planned": [4110.0, 36659.0, 40531.0, 57436.0], "executed": [1020.0, 0.0, 0.0, 0.0],
        "has_execution": [True, False, False, False]}
    assert list(m["chart"].data[0].x) == [4110.0, 36659.0, 40531.0, 57436.0]


def test_cards_for_a_district_in_english_show_amounts(con):
    _actuals(con)
    _budget(con)
    m = ov.cards(Reader(con), Filters(("11680",), "2020Q4", "dong", "en"), False)
    c1 = m["cards"][0]
    assert (c1["name"], c1["rate_text"], c1["status_md"]) == ("Social friendship", "77%", ":orange[● Watch]")
    assert c1["aim"] == "Accumulating experiences of solidarity and cooperation"
    assert (c1["budget_metric"], c1["budget_lines"]) == ("KRW 20 mn", "District spending since 2018: KRW 20 mn")
    assert m["cards"][1]["budget_metric"] == "–"
    assert m["budget_label"] == "2020 district spending (to Q4)"
    assert m["district_note"] == (
        "The plan budgets citywide only, so for districts only executed amounts are shown. Cards showing '–': no "
        "2020 budget execution has been uploaded for Gangnam-gu up to Q4 (not zero). Staff can add it with the "
        "budget-execution template on the Data upload page.")
    assert list(m["frame"]["label"]) == ["1 Social friendship", "2 Resident self-governance", "3 Sustainability",
                                         "4 Decentralisation and collaborative governance"]
    assert list(m["frame"]["executed"]) == [20.0, 0.0, 0.0, 0.0]


# ------------------------------------------------------------------ furthest behind / ahead


def test_ranks_of_rated_indicators(con):
    _actuals(con)
    m = ov.ranks(Reader(con), CITY)
    behind = m["behind"]
    assert behind.drop(columns="status").to_dict("records") == [
        {"code": "1-1-1", "indicator": "이웃만들기 사업", "project": "1-1-1 모임형성 지원을 통한 참여자 확대",
         "rate": 44.0, "actual": "440건", "expected": "1,000건", "verified": "잠정", "explanation": "",
         "_status": "지연"},
        {"code": "3-2-2", "indicator": "마을공동체 일자리 창출", "project": "3-2-2 마을일자리 창출 및 경력관리 시스템 구축",
         "rate": 117.0, "actual": "600명", "expected": "510명", "verified": "잠정", "explanation": "",
         "_status": "달성"},
    ]
    assert list(behind["status"]) == [["지연"], ["달성"]]  # status pills
    assert list(m["ahead"]["code"]) == ["3-2-2", "1-1-1"]
    assert list(m["data"]["group"]) == ["가장 뒤처진", "가장 뒤처진", "가장 앞선", "가장 앞선"]
    assert list(m["data"]["status"]) == ["지연", "달성", "달성", "지연"]  # raw: the export vocabulary words them
    out = export.page_frame(m["data"], "ko")
    assert list(out.columns[:4]) == ["구분", "코드", "이름", "단위사업"]
    assert out.iloc[0][["달성률(%)", "상태", "실적", "현재 기대치"]].tolist() == [44, "지연", 440, 1000]


def test_ranks_empty_without_actuals(con):
    m = ov.ranks(Reader(con), CITY)
    assert m["behind"].empty and m["ahead"].empty and m["data"] is None


# ------------------------------------------------------------------ headline indicators


def test_headline_citywide_with_published_figure(con):
    m = ov.headline(Reader(con), CITY)
    assert list(m["df"]["code"]) == ["K1", "K2", "K3", "K4", "K5", "K6"]
    k1 = m["df"].iloc[0]
    assert (k1["baseline"], k1["baseline_year"], k1["target"], k1["actual"]) == (59.5, 2017, 70.0, 38.9)
    # the 2020 survey is not comparable with the 2017 baseline: shown, labelled, no status (issue 12)
    assert (k1["status"], k1["source"], k1["pub_value"], k1["pub_period"]) == ("판정 안 함", "공표", 38.9, "2020")
    assert k1["detail"] == "서울시의회 예산정책담당관 보고서 via 서울신문 (2021-05-04)"
    table = m["table"].set_index("code")
    assert table.loc["K1"].drop("status").to_dict() == {
        "indicator": "이웃신뢰도", "baseline": "59.5% (2017)", "target": "70%", "actual": "38.9% (2020)",
        "source": "서울시의회 예산정책담당관 보고서 via 서울신문 (2021-05-04)",
        "published": "38.9% (2020) — 서울시의회 예산정책담당관 보고서 via 서울신문 (2021-05-04)",
        "url": "https://go.seoul.co.kr/news/newsView.php?id=20210504500079", "direction": "비교 불가",
        "_status": "판정 안 함"}
    assert table.loc["K2", ["baseline", "target", "actual", "published"]].tolist() == ["90.6% (2017)", "95%", "–", "–"]
    assert table.loc["K5", "_status"] == "목표 없음"
    assert m["notes"] == ["K1 이웃신뢰도: 이웃을 신뢰한다는 응답 비율(2020년 서울시민 인식조사) — 주의: 2017년과 조사 "
                          "대상·방법이 달라 직접 비교하기 어려움"]


def test_latest_published_up_to_the_quarter(con):
    published = Reader(con)("published")
    assert ov.latest_published(published, "K1", "2019Q4") is None
    p = ov.latest_published(published, "K1", "2020Q4")
    assert (p["value"], p["ref_period"], p["source_date"]) == (38.9, "2020", "2021-05-04")


def test_upload_texts():
    latest = {"uploaded_at": "2021-10-05 14:03:27", "file_name": "실적.csv", "is_sample": True}
    assert ov.upload_date(latest) == "2021-10-05"
    assert ov.upload_text(latest) == "2021-10-05 14:03 · 실적\\.csv (예시)"
    assert ov.upload_text({**latest, "is_sample": False}, "en") == "2021-10-05 14:03 · 실적\\.csv"
    hostile = {**latest, "file_name": "![a](https:host?x) [다시 로그인](https:evil?y)\x1b[2J.csv"}
    assert ov.upload_text(hostile, "en") == ("2021-10-05 14:03 · \\!\\[a\\]\\(https\\:host?x\\) \\[다시 로그인\\]"
                                             "\\(https\\:evil?y\\)\\[2J\\.csv (Sample)")
    assert ov.upload_date(None) == "업로드 없음"


# ------------------------------------------------------------------ issue 16: one rule per kind of figure


def test_year_to_date_budget_label_says_up_to_which_quarter(con):
    q1 = ov.cards(Reader(con), Filters((), "2018Q1", "dong", "ko"), False)
    assert q1["budget_label"] == "2018년 예산 집행률 (Q1까지)"
    en = ov.cards(Reader(con), Filters(("11680",), "2019Q3", "dong", "en"), False)
    assert en["budget_label"] == "2019 district spending (to Q3)"


def test_card_execution_rate_reads_as_the_budget_page_and_its_chart(con):
    """The execution rate is a share without a status (rounded, fmt.percent): the overview card, the budget page's
    table and its bar label say the same for the same figure (1,020 ÷ 4,110 = 24.8 % → 25 % everywhere)."""
    from maeul.present.models import budget as bm

    _budget(con)
    data = Reader(con)
    card = ov.cards(data, CITY, False)["cards"][0]
    ex = bm.execution(data, CITY, "strategy")
    table = ex["show"].set_index("code").loc["1"]
    bar = ex["fig"].data[-1]
    label = dict(zip(bar.y, bar.text))["1 사회적 우정"]
    assert card["budget_metric"] == table["rate_year"] == label == "51%"  # 720 ÷ 1,400 = 51.4 %
    assert "(25%)" in card["budget_lines"] and table["rate_to_date"] == "25%"


def test_gauge_label_and_sentence_truncate_the_progress_rate_alike(con):
    """A progress rate is truncated everywhere it is shown (a '90%' is never short of 정상): 0.905 reads 90 % on the
    gauge, in the cards and in the sentence of changes."""
    from maeul.present import charts
    from maeul.present import format as fmt

    fig = charts.progress_gauge(0.905, "정상")
    shown = f"{fig.data[0].value:,.0f}{fig.data[0].number.suffix}"
    assert shown == fmt.rate(0.905) == "90%"
    roll = pd.DataFrame({"code": ["1"], "rate": [0.905], "status": ["정상"], "n_rated": [1], "n_indicators": [1]})
    strategies = pd.DataFrame({"code": ["1"], "seq": [1], "name": ["사회적 우정"], "aim": ["…"]})
    budget = pd.DataFrame(columns=["code"])
    assert ov.strategy_cards(roll, strategies, budget)[0]["rate_text"] == "90%"
