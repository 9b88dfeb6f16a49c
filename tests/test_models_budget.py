"""The 예산 흐름 page's model (maeul.present.models.budget) and the budget-data rules (maeul.read.budget), on the plan
alone and after a small budget-execution upload through the real ingest path. Exact values throughout.

Plan figures (section Ⅷ as printed, 백만원): 2018 35,505 · 2019 46,799 · 2020 56,432 · 2021 53,818 · 2022 64,007 =
256,561; strategy 1 plans 1,430 in 2021 and 5,540 in 2018–2021, strategy 2 59,133 in 2018–2021.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from fixtures.make_fixtures import BUDGET, csv_bytes

from maeul.present.filters import Filters
from maeul.present.models import budget as model
from maeul.read import budget as rules
from maeul.read.registry import Reader
from maeul.upload.store import commit

CITY = Filters((), "2021Q4", "dong", "ko")
GANGNAM = Filters(("11680",), "2021Q4", "dong", "ko")
TWO = Filters(("11680", "11110"), "2021Q4", "dong", "ko")

# 연도, 분기, 자치구, 예산코드, 집행액(백만원): strategy 1 lines in 강남구 and 종로구, a strategy 2 line citywide,
# and one row after the as-of quarter 2021Q4
ROWS = [
    [2019, 2, "강남구", "1-1-1-B1", 120, ""],
    [2019, 3, "강남구", "1-1-2-B1", 30, ""],
    [2020, 1, "종로구", "1-1-1-B1", 40, ""],
    [2019, 4, "", "2-1-1-B1", 500, ""],
    [2022, 1, "강남구", "1-1-1-B1", 999, ""],
]


@pytest.fixture
def data(con):
    return Reader(con)


@pytest.fixture
def executed(con):
    """The plan plus the five execution rows above, committed like an upload."""
    res = commit(con, csv_bytes(BUDGET, ROWS), "budget.csv", "test")
    assert not res.errors, res.errors
    return Reader(con)


# ------------------------------------------------------------------ small helpers

def test_year_choice_period_and_future():
    assert model.YEAR_OPTIONS == ("2018–2022", "2018", "2019", "2020", "2021", "2022")
    assert model.year_of("2018–2022") is None and model.year_of(None) is None and model.year_of("2020") == 2020
    assert model.period_label(None, "ko") == "2018–2022년 합계"
    assert model.period_label(2019, "ko") == "2019년"
    assert model.period_label(None, "en") == "2018–2022 total"
    assert model.future_year(2022, "2021Q4") and not model.future_year(2021, "2021Q4")
    assert not model.future_year(None, "2018Q1")
    assert model.filters_key(Filters(("11680",), "2020Q2", "equal", "en")) == (("11680",), "2020Q2", "en")


def test_scope_text_and_notes(data):
    assert model.scope_text(data, CITY) == "서울시 전체"
    assert model.scope_text(data, TWO) == "강남구, 종로구"
    assert model.scope_text(data, Filters(("11680",), "2021Q4", "dong", "en")) == "Gangnam-gu"
    assert model.scope_notes(data, CITY) == {"page": None, "execution": None}
    notes = model.scope_notes(data, GANGNAM)
    assert notes["execution"] == "선택한 자치구: 강남구 — 계획 열은 비어 있습니다(계획은 서울시 전체 기준)."
    assert notes["page"].startswith("계획 예산은 서울시 전체 기준입니다") and "(강남구)" in notes["page"]


# ------------------------------------------------------------------ the rules about the data

def test_funding_rules():
    assert rules.FUNDING_KINDS == ("예산", "비예산", "포함")
    assert rules.outside_reason("비예산") == "none_budget"
    assert rules.outside_reason("포함") == "included"
    assert rules.outside_reason("예산") == "left_out"
    assert rules.own_amount({"funding": "예산", "total": 60.0}) == 60.0
    assert rules.own_amount({"funding": "예산", "total": float("nan")}) is None
    assert rules.own_amount({"funding": "비예산", "total": 10.0}) is None
    assert rules.own_amount({"funding": "포함", "total": None}) is None


def test_execution_rate_rule():
    assert rules.execution_rate(650.0, 46799.0) == pytest.approx(650 / 46799)
    assert rules.execution_rate(0.0, 100.0) == 0.0  # execution uploaded, none spent: a real 0
    assert rules.execution_rate(None, 100.0) is None  # nothing uploaded: no rate, not 0
    assert rules.execution_rate(50.0, 0.0) is None
    assert rules.execution_rate(50.0, 100.0, ("11680",)) is None  # the plan is citywide
    assert rules.execution_rate(50.0, 100.0, "11680") is None
    assert rules.executed_total(pd.DataFrame(columns=["level", "executed"])) is None
    assert rules.executed_total(pd.DataFrame({"level": [1, 1, 2], "executed": [1.5, 2.0, 9.0]})) == 3.5
    assert rules.planned_total(pd.DataFrame(columns=["level", "planned"])) == 0.0


def test_viii_matches_tolerance():
    rows = pd.DataFrame({"printed_amount": [100.0, 50.0], "computed": [100.4, 50.0], "match": [True, True]})
    assert rules.RECON_TOLERANCE == 0.5
    assert rules.viii_matches(rows)
    assert not rules.viii_matches(rows.assign(computed=[100.6, 50.0]))
    assert not rules.viii_matches(rows.assign(match=[True, False]))


def test_rate_metric_and_cell():
    assert model.rate_metric(None, 100.0, CITY) == ("–", "집행 실적이 업로드되지 않아 집행률을 계산하지 않습니다 (0%가 아님).")
    assert model.rate_metric(50.0, 100.0, GANGNAM) == ("–", "계획 예산은 서울시 전체 기준이라 자치구별 집행률은 계산하지 않습니다.")
    rate, help_ = model.rate_metric(50.0, 100.0, CITY)
    assert rate == "50%" and help_.startswith("집행액 ÷ 계획 예산.")
    assert model.rate_cell(0.034, True, "ko") == "3%"
    assert model.rate_cell(None, True, "ko") == "–"
    assert model.rate_cell(float("nan"), True, "ko") == "–"
    assert model.rate_cell(0.5, False, "ko") == "집행 실적 없음"
    assert model.rate_cell(None, False, "en") == "No execution reported"


def test_funding_and_printed_labels():
    none = {"funding": "비예산", "included_in": None, "printed_total": None}
    inc = {"funding": "포함", "included_in": "센터 운영", "printed_total": ""}
    own = {"funding": "예산", "included_in": None, "printed_total": None}
    assert model.funding_label(none, "ko") == "비예산"
    assert model.funding_label(inc, "ko") == "센터 운영에 포함"
    assert model.funding_label(inc, "ko", short=True) == "타 예산에 포함"
    assert model.funding_label(own, "en") == "Budget"
    assert model.outside_label(none, "ko") == "비예산 사업 (금액 없음)"
    assert model.outside_label(inc, "ko") == "센터 운영에 포함 (따로 세지 않음)"
    assert model.outside_label(own, "ko") == "Ⅵ에는 금액이 있으나 Ⅷ 합계에서 빠짐"
    assert model.printed_total(none, "ko") == "비예산"
    assert model.printed_total(inc, "ko") == "타 예산에 포함"
    assert model.printed_total(own, "ko") == "–"
    assert model.printed_total({**own, "printed_total": "1,200"}, "ko") == "1,200"


# ------------------------------------------------------------------ sections on the plan alone

def test_header_plan_total_per_viii(data):
    m = model.header(data, CITY, None)
    assert m == {
        "planned": "2,566억원", "planned_caption": "2018–2022년 합계 · 256,561백만원",
        "executed_label": "집행액 (~2021Q4)", "executed": "–",
        "executed_caption": "서울시 전체: 2018–2022년 합계 집행 실적이 2021Q4까지 업로드되지 않았습니다(0이 아님). "
                            "데이터 업로드 화면의 예산 집행 양식으로 올릴 수 있습니다.",
        "rate": "–", "rate_help": "집행 실적이 업로드되지 않아 집행률을 계산하지 않습니다 (0%가 아님).",
        "recon": "일치", "recon_caption": "Ⅷ 인쇄 256,561백만원 · 항목 합계 256,561백만원",
    }
    y = model.header(data, CITY, 2019)
    assert (y["planned"], y["planned_caption"]) == ("468억원", "2019년 · 46,799백만원")
    assert y["recon_caption"] == "Ⅷ 인쇄 46,799백만원 · 항목 합계 46,799백만원"
    en = model.header(data, Filters((), "2021Q4", "dong", "en"), 2018)
    assert (en["planned"], en["executed"], en["recon"]) == ("KRW 35.5 bn", "–", "Matches")
    assert en["executed_caption"] == ("All of Seoul: no 2018 execution uploaded up to 2021Q4 (not zero). Staff "
                                      "can add it with the budget-execution template on the Data upload page.")


def test_reconciliation(data):
    m = model.reconciliation(data, None, "ko")
    assert m["n_bad"] == 0
    assert m["verdict"].startswith("Ⅷ 인쇄 합계와 일치: 2018–2022년 합계 예산 항목을 더한 값이")
    assert "합계 256,561백만원 그대로입니다" in m["verdict"]
    assert list(m["show"].columns) == ["level", "code", "name", "year", "printed", "printed_amount", "computed",
                                       "diff", "match"]
    assert len(m["show"]) == len(m["data"]) == 155
    first = m["show"].iloc[0]
    assert (first["level"], first["name"], first["year"], first["printed_amount"], first["match"]) == \
        ("총계", "총계", 2018, 35505.0, "일치")
    one = model.reconciliation(data, 2020, "en")
    assert len(one["show"]) == 31 and set(one["show"]["year"]) == {2020}
    assert one["show"].iloc[0]["name"] == "Total" and one["show"].iloc[0]["printed_amount"] == 56432.0
    assert "56,432" in one["verdict"] and one["verdict"].startswith("Matches section Ⅷ as printed: the 2020 budget")


def test_sankeys_without_execution(data):
    m = model.sankeys(data, CITY, None, False)
    assert m["fig"].layout.meta == {"total": 256561.0, "value": "planned"}
    assert m["fig"].layout.title.text == \
        "2018–2022년 합계 계획 예산 256,561백만원 (2,566억원): 총예산 → 전략 → 추진과제 → 단위사업"
    assert m["fig2"] is None and m["ex_flows"] is None
    assert m["notice"].startswith("집행 실적 없음 — 2021Q4까지 서울시 전체의 집행 실적이 업로드되지 않았습니다.")
    assert set(m["data"]["level"]) == {1, 2, 3}
    assert set(model.sankeys(data, CITY, 2019, True)["data"]["level"]) == {1, 2, 3, 4}
    future = model.sankeys(data, CITY, 2022, False)
    assert future["notice"] == "2022년은 기준 분기(2021Q4) 이후라 아직 집행 실적이 없습니다."


def test_treemap_and_bar(data):
    m = model.treemap(data, 2019, "ko")
    assert m["treemap"].layout.meta == {"total": 46799.0}
    assert m["bar"].layout.meta == {"totals": {"2018": 35505.0, "2019": 46799.0, "2020": 56432.0, "2021": 53818.0,
                                               "2022": 64007.0}}
    assert [b.name for b in m["bar"].data[:4]] == ["사회적 우정", "주민자치", "지속가능", "분권·협치"]
    assert m["bar"].data[4].text[0] == "<b>35,505</b>"
    en = model.treemap(data, None, "en")
    assert [b.name for b in en["bar"].data[:2]] == ["Social friendship", "Resident self-governance"]
    assert en["treemap"].layout.meta == {"total": 256561.0}


def test_execution_without_uploads(data):
    m = model.execution(data, CITY, "strategy")
    assert m["fig"] is None
    assert m["notice"].startswith("집행 실적 없음 — 2021Q4까지 서울시 전체의")
    show = m["show"]
    assert show["code"].tolist() == ["1", "2", "3", "4"]
    assert show["name"].tolist() == ["사회적 우정", "주민자치", "지속가능", "분권·협치"]
    assert show["planned_year"].tolist() == [1430.0, 22474.0, 11295.0, 18619.0]
    assert show["planned_to_date"].tolist() == [5540.0, 59133.0, 51826.0, 76055.0]
    assert show["executed_to_date"].isna().all()
    assert set(show["rate_year"]) == set(show["rate_to_date"]) == {"집행 실적 없음"}


def test_lines(data):
    m = model.lines(data, "ko")
    assert m["sum_caption"] == ("Ⅷ 집계 항목의 연도별 합계(백만원): 2018 35,505 · 2019 46,799 · 2020 56,432 · "
                                "2021 53,818 · 2022 64,007 · 5년 합계 256,561백만원 (2,566억원)")
    show = m["show"]
    assert len(show) == 39
    assert list(show.columns) == ["code", "project", "name", "funding_label", "counted_in_viii", "y2018", "y2019",
                                  "y2020", "y2021", "y2022", "printed_total"]
    row = show.set_index("code").loc["2-2-2-B1"]
    assert (row["project"], row["funding_label"], row["printed_total"]) == \
        ("2-2-2 주민자치회 주도 지역발전 지원", "비예산", "비예산")
    out = m["out_table"].set_index("code")
    assert len(out) == 11
    assert out.loc["3-1-5-B1", "amount"] == 60.0
    assert out.loc["3-1-5-B1", "kind"] == "Ⅵ에는 금액이 있으나 Ⅷ 합계에서 빠짐"
    assert out.loc["2-2-2-B1", "kind"] == "비예산 사업 (금액 없음)" and math.isnan(out.loc["2-2-2-B1", "amount"])
    assert out.loc["4-3-1-B1", "kind"] == "공동육아 마을공동체사업 예산에 포함 (따로 세지 않음)"
    assert (out["kind"].str.startswith("비예산")).sum() == 5
    assert len(m["out"]) == 11


# ------------------------------------------------------------------ after a budget-execution upload

def test_header_executed_citywide_and_per_district(executed):
    city = model.header(executed, CITY, None)
    # 120 + 30 + 40 + 500 up to 2021Q4 (the 2022Q1 row is after the as-of quarter)
    assert (city["executed"], city["executed_caption"]) == ("6.9억원", "= 690백만원 · 서울시 전체")
    assert city["rate"] == "0%"  # 690 / 256,561, rounded
    y2019 = model.header(executed, CITY, 2019)
    assert (y2019["executed"], y2019["executed_caption"], y2019["rate"]) == ("6.5억원", "= 650백만원 · 서울시 전체", "1%")
    gangnam = model.header(executed, GANGNAM, None)
    assert (gangnam["executed"], gangnam["executed_caption"]) == ("1.5억원", "= 150백만원 · 강남구")
    assert gangnam["rate"] == "–" and gangnam["rate_help"].startswith("계획 예산은 서울시 전체 기준이라")
    assert gangnam["planned"] == "2,566억원"  # the plan stays citywide
    two = model.header(executed, TWO, None)
    assert two["executed_caption"] == "= 190백만원 · 강남구, 종로구"
    later = model.header(executed, Filters(("11680",), "2022Q1", "dong", "ko"), 2022)
    assert later["executed_caption"] == "= 999백만원 · 강남구"
    nothing = model.header(executed, Filters(("11140",), "2021Q4", "dong", "ko"), None)
    assert (nothing["executed"], nothing["rate"]) == ("–", "–")  # said small: in the caption, not headline-sized
    assert nothing["executed_caption"].startswith("중구: 2018–2022년 합계 집행 실적이 2021Q4까지 업로드되지 않았습니다")


def test_sankeys_with_execution(executed):
    city = model.sankeys(executed, CITY, None, False)
    assert city["notice"] is None
    assert city["fig2"].layout.meta == {"total": 690.0, "value": "executed"}
    assert city["fig2"].layout.title.text == "집행액 690백만원 (6.9억원) (서울시 전체)"
    assert city["exec_title"] == "집행액의 흐름 — 2018–2022년 합계, 2021Q4까지"
    assert city["ex_flows"].query("level == 1").set_index("to")["executed"].to_dict() == {"1": 190.0, "2": 500.0}
    assert any("집행률" in h for h in city["fig"].data[0].link.customdata)
    gangnam = model.sankeys(executed, GANGNAM, None, True)
    assert gangnam["fig2"].layout.meta["total"] == 150.0
    assert not any("집행률" in h for h in gangnam["fig"].data[0].link.customdata)
    assert gangnam["ex_flows"].query("level == 4").set_index("to")["executed"].to_dict() == \
        {"1-1-1-B1": 120.0, "1-1-2-B1": 30.0}
    assert model.sankeys(executed, CITY, 2022, False)["fig2"] is None  # after the as-of quarter


def test_execution_table_after_upload(executed):
    city = model.execution(executed, CITY, "strategy")
    assert city["notice"] is None and city["fig"] is not None
    rows = city["show"].set_index("code")
    assert rows.loc["1", "executed_to_date"] == 190.0 and rows.loc["2", "executed_to_date"] == 500.0
    assert rows.loc["1", "executed_year"] == 0.0  # execution uploaded, none in 2021: a real 0
    assert (rows.loc["1", "rate_to_date"], rows.loc["1", "rate_year"]) == ("3%", "0%")  # 190 / 5,540; 0 / 1,430
    assert rows.loc["2", "rate_to_date"] == "1%"  # 500 / 59,133
    assert rows.loc["3", "rate_to_date"] == "집행 실적 없음" and pd.isna(rows.loc["3", "executed_to_date"])
    gangnam = model.execution(executed, GANGNAM, "line")["show"].set_index("code")
    assert gangnam.loc["1-1-1-B1", "executed_to_date"] == 120.0
    assert gangnam.loc["1-1-1-B1", "rate_to_date"] == "–"  # a district: no rate
    assert pd.isna(gangnam.loc["1-1-1-B1", "planned_to_date"])
    assert gangnam.loc["2-1-1-B1", "rate_to_date"] == "집행 실적 없음"  # that line's execution is citywide
    two = model.execution(executed, TWO, "strategy")["show"].set_index("code")
    assert two.loc["1", "executed_to_date"] == 190.0 and two.loc["1", "rate_to_date"] == "–"
