"""The reporting cycle's page models with exact values: 보고 현황 (maeul.present.models.reporting), 감사 기록
(maeul.present.models.audit), the upload page's 'what is due' and pre-filled template (models.upload, upload.prefill),
and the explanation and verified marks on the strategy and overview models.

Data: uploads at controlled times through the real upload path — 강남구 2021Q4 on the due date (1-1-1 with an
explanation, 1-2-1), 서초구 2021Q4 a day late (1-1-1), 강남구 2021Q3 (1-1-1) — and 강남구 2021Q4 approved.
"""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures.make_fixtures import ACTUALS, csv_bytes

from maeul.present import format as fmt
from maeul.present.filters import Filters
from maeul.present.models import audit as audit_model
from maeul.present.models import overview as ov
from maeul.present.models import reporting as model
from maeul.present.models import strategy as sm
from maeul.present.models import upload as up
from maeul.read.registry import Reader
from maeul.upload import prefill, review, store
from maeul.upload.reader import read_upload

EXPL = ACTUALS + ["원인", "대책", "대책 담당", "대책 기한"]
TODAY = dt.date(2022, 2, 10)
CITY = Filters((), "2021Q4", "dong", "ko")
GANGNAM = Filters(("11680",), "2021Q4", "dong", "ko")
SEOCHO_EN = Filters(("11650",), "2021Q4", "dong", "en")


def _at(con, monkeypatch, when, rows, name, header=ACTUALS):
    monkeypatch.setattr(store, "_now", lambda: when)
    res = store.commit(con, csv_bytes(header, rows), name, "kim")
    assert res.ok, [e.message_ko for e in res.errors]


@pytest.fixture(scope="module")
def con(built_db_file):
    """One database for the whole module (the tests only read it): the uploads and approval above."""
    from tests.conftest import copy_of

    c = copy_of(built_db_file)
    with pytest.MonkeyPatch.context() as mp:
        _at(c, mp, dt.datetime(2021, 10, 15, 9, 0), [["2021", "3", "강남구", "1-1-1", "2", ""]], "q3.csv")
        _at(c, mp, dt.datetime(2022, 1, 20, 17, 30),
            [["2021", "4", "강남구", "1-1-1", "3", "", "행사 취소", "하반기 확대", "마을팀", "2022-06-30"],
             ["2021", "4", "강남구", "1-2-1", "2", "", "", "", "", ""]], "gangnam.csv", EXPL)
        _at(c, mp, dt.datetime(2022, 1, 21, 8, 0), [["2021", "4", "서초구", "1-1-1", "1", ""]], "seocho.csv")
        mp.setattr("maeul.upload.review.now_kst", lambda: dt.datetime(2022, 2, 1, 10, 0))
        review.approve(c, "2021Q4", "11680", "lee")
    yield c
    c.close()


@pytest.fixture
def data(con):
    return Reader(con)


def test_header_and_rule(data):
    m = model.header(data, CITY, TODAY)
    assert m["scope"] == "**범위:** 서울시와 25개 자치구 · **분기:** 2021Q4 · **기준일:** 2022-02-10"
    assert m["rule"].startswith("2021Q4 보고 마감은 2022-01-20, 유예 기간은 2022-01-30까지입니다.")
    assert model.header(data, SEOCHO_EN, TODAY)["scope"] == "**Scope:** Seocho-gu · **Quarter:** 2021Q4 · " \
                                                            "**As of:** 2022-02-10"


def test_quarter_table(data):
    m = model.quarter(data, CITY, TODAY)
    assert m["metrics"] == [("기한 내 보고", "1"), ("지연 보고", "1"), ("미보고", "24"), ("보고 기간", "0"),
                            ("승인(확정)", "1")]
    rows = m["table"].set_index("district")
    assert rows.loc["강남구"].to_dict() == {"due": "2022-01-20", "first_upload": "2022-01-20 17:30",
                                          "state": ["on_time"], "rows": "2 / 26",
                                          "approved": "lee · 2022-02-01 10:00"}
    assert rows.loc["서초구", "state"] == ["late_grace"] and rows.loc["서초구", "approved"] == "–"
    assert rows.loc["서울시", "rows"] == "0 / 19" and list(m["table"]["district"][:2]) == ["서울시", "종로구"]
    assert len(m["data"]) == 26 and m["labels"]["options"]["late_grace"] == "지연 보고 (유예 내)"
    en = model.quarter(data, SEOCHO_EN, TODAY)
    assert en["table"].to_dict("records") == [{"district": "Seocho-gu", "due": "2022-01-20",
                                               "first_upload": "2022-01-21 08:00", "state": ["late_grace"],
                                               "rows": "1 / 26", "approved": "–"}]
    assert en["metrics"][1] == ("Late", "1")


def test_grid_and_timeliness(data):
    m = model.grid(data, GANGNAM, TODAY)
    assert m["quarters"][0] == "2021Q4" and m["quarters"][-1] == "2018Q1" and len(m["quarters"]) == 16  # newest first
    assert list(m["table"].columns[:3]) == ["district", "2021Q4", "2021Q3"]
    row = m["table"].iloc[0].to_dict()
    assert row["district"] == "강남구" and row["2021Q4"] == ["on_time", "verified"] and row["2021Q3"] == ["on_time"]
    assert row["2021Q2"] == ["missing"]
    assert m["data"].iloc[0]["2021Q4"] == "on_time+approved" and m["height"] == 73
    # every quarter column as wide as its widest cell: two pills side by side, whole, in either language
    text = m["labels"]["options"]
    assert m["col_width"] == model.cell_px(["on_time", "verified"], text)
    assert m["col_width"] == (fmt.text_px("기한 내 보고") + fmt.text_px("확정") + 2 * fmt.PILL_PADDING + 6
                              + fmt.CELL_PADDING)
    en = model.grid(data, Filters(GANGNAM.districts, GANGNAM.as_of, GANGNAM.basis, "en"), TODAY)
    assert en["col_width"] == model.cell_px(["on_time", "verified"], en["labels"]["options"])
    assert en["col_width"] >= fmt.column_px(["Missing"], pill=True)
    t = model.timeliness(data, GANGNAM, TODAY)["table"].iloc[0].to_dict()
    assert t == {"district": "강남구", "on_time": 2, "late": 0, "missing": 14, "due_quarters": 16, "share": 12.0}


def test_unexplained_behind_figures_name_the_owner(data):
    m = model.unexplained(data, Filters(("11680", "11650"), "2021Q4", "dong", "ko"))
    rows = m["table"].to_dict("records")
    # 1-1-1 is behind in both districts; 강남구 explained it, 서초구 did not
    assert {"district": "서초구", "code": "1-1-1", "indicator": "이웃만들기 사업", "rate": 2.0,
            "owner": "지역공동체담당관(자치구)"} in rows
    assert not [r for r in rows if r["district"] == "강남구" and r["code"] == "1-1-1"]
    assert m["data"]["district_code"].tolist().count("11650") >= 1
    assert m["caption"].startswith(f"2021Q4 기준 '지연'인데 원인·대책이 없는 수치 {len(rows)}건입니다.")


def test_approvals_and_review_choices(data):
    m = model.approvals(data, CITY)
    assert m["table"].to_dict("records") == [{"period": "2021Q4", "district": "강남구",
                                              "approved": "lee · 2022-02-01 10:00", "state": ["verified"],
                                              "unlocked": "–"}]
    choices = model.approve_options(data, CITY, TODAY, ("11680", "11650"))
    assert choices == {"11650": "서초구 · 지연 보고 (유예 내) · 1개 지표"}  # 강남구 is approved already
    assert len(model.approve_options(data, CITY, TODAY, None)) == 25  # admin: the city and 24 districts left
    assert model.unlock_options(data, CITY) == {"2021Q4|11680": "2021Q4 · 강남구 · lee · 2022-02-01 10:00"}


def test_audit_table(data):
    o = audit_model.options(data, CITY)
    assert o["actions"][:3] == ["*", "upload", "rollback"] and o["users"] == ["", "kim", "lee"]
    assert o["districts"][:3] == ["*", "", "11110"] and o["district_labels"][""] == "서울시"
    m = audit_model.table(data, CITY, "*", "2021Q4", "11680", "")
    assert m["count"] == "3건 (최근 것부터)"
    assert m["table"][["user", "action", "quarter", "district", "indicator"]].values.tolist() == [
        ["lee", "승인", "2021Q4", "강남구", "–"], ["kim", "설명", "2021Q4", "강남구", "1-1-1"],
        ["kim", "업로드", "2021Q4", "강남구", "–"]]  # '–' where an event has no indicator, never an empty cell
    assert m["table"].iloc[0]["change"] == "잠정 (provisional) → 확정 (verified, locked)"
    assert m["table"].iloc[2]["at"] == "2022-01-20 17:30"  # the upload's own time
    up_only = audit_model.table(data, CITY, "upload", "*", "*", "kim")
    assert len(up_only["data"]) == 3 and set(up_only["data"]["action"]) == {"upload"}
    assert audit_model._change('{"1-1-1": 10.0}', '{"1-1-1": 12.5}') == "1-1-1: 10 → 12.5"
    assert audit_model._change(None, None) == "–"


def test_upload_page_what_is_due_and_the_prefilled_template(data, con):
    assert up.due_quarters(TODAY)[:2] == ["2021Q4", "2021Q3"] and up.due_quarters(dt.date(2018, 2, 1)) == ["2018Q1"]
    districts = up.due_scope({"11650", None}, data)
    assert districts == (None, "11650") and len(up.due_scope(None, data)) == 26
    m = up.due(data, CITY, "2021Q4", TODAY, districts)
    assert m["title"] == "2021Q4 보고 — 마감 2022-01-20"
    assert m["table"].to_dict("records") == [
        {"district": "서울시", "state": ["missing"], "first_upload": "–", "rows": "0 / 19", "approved": "–"},
        {"district": "서초구", "state": ["late_grace"], "first_upload": "2022-01-21 08:00", "rows": "1 / 26",
         "approved": "–"}]
    assert "1-1-1" in set(m["unexplained"]["code"])
    rows = prefill.prefilled_rows(con, "2021Q4", ("11680",))
    assert len(rows) == 26 and rows.iloc[0][["district", "indicator", "value", "previous"]].tolist() == [
        "강남구", "1-1-1", "", "2"]
    for fmt_ in ("csv", "xlsx"):
        read = read_upload(prefill.prefilled_bytes(con, "2021Q4", ("11680",), fmt_), f"t.{fmt_}")
        assert read.errors == [] and read.kind == "actuals" and len(read.df) == 26
    assert prefill.prefilled_filename("2021Q4", "xlsx") == "maeul_actuals_2021Q4.xlsx"


@pytest.mark.slow  # ~1.4 s: progress of several scopes
def test_explanations_and_verified_marks_on_strategy_and_overview(data):
    m = sm.detail(data, GANGNAM, "1-1-1")
    assert [e["md"] for e in m["explanations"]] == [
        "**강남구** — 원인: 행사 취소 · 대책: 하반기 확대 (담당: 마을팀, 기한: 2022\\-06\\-30) · kim · 2022\\-01\\-20 17\\:30"]
    assert m["status_line"].endswith("· **잠정**")  # 2021Q3 is not approved: the year's figure is provisional
    assert m["unexplained_owner"] is None
    seocho = sm.detail(data, Filters(("11650",), "2021Q4", "dong", "ko"), "1-1-1")
    assert seocho["explanations"] == [] and seocho["unexplained_owner"] == "지역공동체담당관(자치구)"
    form = sm.explanation_form(data, GANGNAM, "1-1-1", ("11680",))
    assert form["districts"] == ["11680"] and form["current"]["11680"]["cause"] == "행사 취소"
    assert form["current"]["11680"]["measure_due"] == dt.date(2022, 6, 30)
    assert sm.explanation_form(data, GANGNAM, "1-1-2", ("11680",))["districts"] == []  # citywide only
    assert sm.explanation_form(data, CITY, "1-1-2", None)["districts"] == [None]
    tree = sm.tree(data, GANGNAM, "", (), ())["data"].set_index("code")
    assert tree.loc["1-1-1", "explanation"] == "원인: 행사 취소 / 대책: 하반기 확대 (담당: 마을팀, 기한: 2022-06-30)"
    shown = sm.tree(data, GANGNAM, "", (), ())["view"].set_index("code")  # the download keeps raw figures (issue 15)
    assert shown.loc["1-2-1", "verified"] == "확정" and shown.loc["1-1-1", "verified"] == "잠정"
    assert tree.loc["1-2-1", "verified"] is True or tree.loc["1-2-1", "verified"] == True  # noqa: E712
    ranks = ov.ranks(data, GANGNAM)
    assert ranks["behind_notes"][0] == ("**1\\-1\\-1** 원인\\: 행사 취소 / 대책\\: 하반기 확대 \\(담당\\: 마을팀, "
                                        "기한\\: 2022\\-06\\-30\\)")
    only = sm.tree(data, Filters(("11680",), "2021Q4", "dong", "ko", True), "", (), ())["view"].set_index("code")
    assert only.loc["1-1-1", "actual"] == "–" and only.loc["1-2-1", "actual"] == "2회"
