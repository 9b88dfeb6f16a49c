"""The upload page's model (maeul.present.models.upload): exact texts and tables, without Streamlit."""

from __future__ import annotations

import pandas as pd
import pytest

from maeul.auth.users import User
from maeul.present.models import upload as m
from maeul.read.registry import Reader
from maeul.upload import store

ACTUALS_HEADER = "연도,분기,자치구,지표코드,실적,비고\n"


def _csv(body: str) -> bytes:
    return (ACTUALS_HEADER + body).encode("utf-8-sig")


@pytest.fixture
def data(con):
    return Reader(con)


# --- templates and scope ----------------------------------------------------------------------------------------

def test_template_files_per_kind():
    files = m.template_files("ko")
    assert [title for title, _ in files] == ["실적 (지표)", "예산 집행", "공동체 공간 목록"]
    actuals = files[0][1]
    assert [(f.kind, f.fmt, f.label, f.mime) for f in actuals] == [
        ("actuals", "csv", "CSV 양식", "text/csv"),
        ("actuals", "xlsx", "XLSX 양식", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ]
    assert [f.file_name.rsplit(".", 1)[1] for f in actuals] == ["csv", "xlsx"]
    assert [f.label for f in m.template_files("en")[2][1]] == ["CSV template", "XLSX template"]


def test_scope_text(data):
    assert m.scope_text(None, data, "ko") == "전체 (관리자)"
    assert m.scope_text(None, data, "en") == "everything (admin)"
    # citywide first, then by code; names in Korean (as the page always showed them)
    assert m.scope_text({"11680", None, "11110"}, data, "ko") == "서울시, 종로구, 강남구"
    assert m.scope_text({"11680"}, data, "en") == "강남구"


# --- a chosen file ----------------------------------------------------------------------------------------------

def test_read_info_and_error_tables(con):
    v = m.pending(con, _csv("2030,1,강남시,1-1-1,x,\n"), "bad.csv", {"11680"})
    assert m.read_info(v.read, "ko") == "파일 종류: 실적 (지표) · 인코딩: utf-8-sig · 데이터 행: 1행"
    table = m.error_table(v.errors, "ko")
    assert list(table.columns) == ["행(엑셀)", "열", "값", "설명", "오류 코드"]
    assert table["행(엑셀)"].tolist() == ["2", "2", "2"]
    assert table["열"].tolist() == ["연도", "자치구", "실적"]
    assert table["값"].tolist() == ["2030", "강남시", "x"]
    assert table["오류 코드"].tolist() == ["year_out_of_range", "unknown_district", "not_a_number"]
    assert table["설명"].tolist()[2] == "숫자가 아닙니다: 'x'"
    rows = m.error_rows(v.errors, "en")
    assert list(rows.columns) == ["row", "column", "value", "code", "message"]
    assert rows["code"].tolist() == ["year_out_of_range", "unknown_district", "not_a_number"]
    assert list(m.error_table(v.errors, "en").columns) == ["Row (Excel)", "Column", "Value", "Message", "Error code"]


def test_read_info_of_an_unreadable_file(con):
    v = m.pending(con, b"", "empty.csv", None)
    assert m.read_info(v.read, "en") == "File kind: – · encoding: – · data rows: 0"
    assert [e.code for e in v.errors] == ["empty_file"]


def test_pending_preview_and_tables(con, data):
    assert store.commit(con, _csv("2019,1,,1-1-1,100,\n2019,1,강남구,1-1-1,5,\n"), "a.csv", "kim").ok
    v = m.pending(con, _csv('2019,1,,1-1-1,"1,500",메모\n2019,1,강남구,1-1-1,5,\n2019,1,종로구,1-1-1,3,\n'), "b.csv",
                  None)
    assert v.errors == []
    before = con.execute("SELECT count(*) FROM actual").fetchone()[0]
    pv = m.preview(con, v)
    assert m.change_metrics(pv.counts, "ko") == [("새 값", "1"), ("기존 값 대체", "1"), ("변경 없음", "1")]
    assert m.change_metrics(pv.counts, "en") == [("New", "1"), ("Replaces a value", "1"), ("Unchanged", "1")]
    table = m.preview_table(pv.rows, data, "ko")
    assert list(table.columns) == ["변경", "지표코드", "자치구", "연도", "분기", "실적", "단계", "비고", "기존 실적",
                                   "기존 단계", "기존 비고"]
    assert table.to_dict("list") == {  # every cell text as the app writes it: units, '–' for no value, no None
        "변경": ["바뀐 값", "같은 값", "새 값"], "지표코드": ["1-1-1"] * 3, "자치구": ["서울시 전체", "강남구", "종로구"],
        "연도": ["2019"] * 3, "분기": ["1"] * 3, "실적": ["1,500건", "5건", "3건"], "단계": ["", "", ""],
        "비고": ["메모", "", ""], "기존 실적": ["100건", "5건", "–"], "기존 단계": ["", "", "–"], "기존 비고": ["", "", "–"],
    }
    en = m.preview_table(pv.rows, data, "en")
    assert list(en.columns)[:3] == ["Change", "Indicator", "District"]
    assert list(en.columns)[-1] == "previous Note"
    assert en["District"].tolist() == ["All of Seoul", "Gangnam-gu", "Jongno-gu"]
    assert en["Change"].tolist() == ["superseding", "unchanged", "new"]
    assert en["Value"].tolist() == ["1,500 cases", "5 cases", "3 cases"]
    effect = m.progress_effect(con, v, data, "dong", "ko")
    # each row's own district: the city's row → 서울시 전체, 강남구's → 강남구 (unchanged), 종로구's → 종로구;
    # districts' targets are their share of the city's, rounded for a count (1,000 × 동 수 비율 → 52건, 40건)
    assert effect["table"].to_dict("list") == {
        "자치구": ["서울시 전체", "종로구", "강남구"], "코드": ["1-1-1"] * 3, "이름": ["이웃만들기 사업"] * 3,
        "목표": ["1,000건", "40건", "52건"],
        "실적 (저장 전)": ["105건", "–", "5건"], "실적 (저장 후)": ["1,508건", "3건", "5건"],
        "상태 (저장 전)": ["지연", "자료 없음", "지연"], "상태 (저장 후)": ["달성", "지연", "지연"],
    }
    assert effect["caption"] == "영향받는 지표의 진도 — 서울시 전체, 종로구, 강남구 (2019Q1 기준, 저장 전 → 저장 후)"
    assert con.execute("SELECT count(*) FROM actual").fetchone()[0] == before  # nothing written


def test_preview_table_of_no_rows(data):
    assert m.preview_table(pd.DataFrame(), data, "ko").empty


def test_effect_table_units_names_and_missing_values():
    eff = pd.DataFrame([
        {"code": "2-1-1", "name": "주민 비율", "name_en": "Share of residents", "unit": "%", "target": 40.0,
         "actual": 38.94, "actual_after": float("nan"), "status": "정상", "status_after": "자료 없음"},
        {"code": "3-1-1", "name": "공간", "name_en": None, "unit": "개소", "target": 1234.0,
         "actual": None, "actual_after": 7.0, "status": None, "status_after": "주의"},
    ])
    assert m.effect_table(eff, "en").to_dict("list") == {
        "District": ["All of Seoul", "All of Seoul"],  # no district column: the city's rows
        "Code": ["2-1-1", "3-1-1"],
        "Name": ["Share of residents", "공간"],  # no English name: the Korean one
        "Target": ["40%", "1,234 sites"],
        "Actual (Before)": ["38.9%", "–"],
        "Actual (After)": ["–", "7 sites"],
        "Status (Before)": ["On track", "No data"],
        "Status (After)": ["No data", "Watch"],
    }
    assert m.effect_table(eff, "ko")["목표"].tolist() == ["40%", "1,234개소"]
    assert m.effect_table(pd.DataFrame(), "ko").empty


def test_effect_table_rounds_a_districts_share_of_a_target():
    """A district's target is its share of the city's: shown rounded for its unit, never 40.094건 or 0.321동."""
    eff = pd.DataFrame([
        {"district": "11680", "code": "1-1-1", "name": "이웃만들기", "unit": "건", "target": 40.094, "actual": 3.0,
         "actual_after": 4.0, "status": "지연", "status_after": "지연"},
        {"district": "11680", "code": "2-2-1-1", "name": "마을계획", "unit": "동", "target": 0.321,
         "actual": None, "actual_after": 1.0, "status": None, "status_after": "달성"},
        {"district": None, "code": "3-1-5-G1", "name": "기금", "unit": "백만원", "target": 4000.5,
         "actual": float("inf"), "actual_after": 12.25, "status": "달성", "status_after": "달성"},
    ])
    table = m.effect_table(eff, "ko", {"11680": "강남구"})
    assert table["자치구"].tolist() == ["강남구", "강남구", "서울시 전체"]
    assert table["목표"].tolist() == ["40건", "0동", "4,000.5백만원"]
    assert table["실적 (저장 전)"].tolist() == ["3건", "–", "∞백만원"]
    assert table["실적 (저장 후)"].tolist() == ["4건", "1동", "12.2백만원"]
    assert not any(c in str(v) for v in table.to_numpy().ravel() for c in ("None", "nan", "inf"))


# --- history and rollback ---------------------------------------------------------------------------------------

def _uploads() -> pd.DataFrame:
    return pd.DataFrame({
        "upload_id": [3, 2, 1],
        "uploaded_at": pd.to_datetime(["2024-05-02 09:30:00", "2024-05-01 10:00:00", "2024-04-30 08:00:05"]),
        "user": ["kim", "park", "KIM"],
        "file_name": ["c.csv", "b.xlsx", "a.csv"],
        "sha256": ["a" * 64, "b" * 64, "c" * 64],
        "kind": ["actuals", "budget", "other"],
        "rows": [10, 2, 1],
        "encoding": ["cp949", "xlsx", "utf-8"],
        "status": ["committed", "committed", "rolled_back"],
        "is_sample": [False, True, False],
        "rolled_back_at": pd.to_datetime([None, None, "2024-05-03 11:00:00"]),
        "rolled_back_by": [None, None, "boss"],
    })


def test_upload_table():
    table = m.upload_table(_uploads(), "ko")
    assert table.to_dict("list") == {
        "번호": [3, 2, 1],
        "올린 시각": ["2024-05-02 09:30:00", "2024-05-01 10:00:00", "2024-04-30 08:00:05"],
        "올린 사람": ["kim", "park", "KIM"],
        "파일": ["c.csv", "b.xlsx", "a.csv"],
        "종류": ["실적 (지표)", "예산 집행", "other"],
        "행 수": ["10", "2", "1"],
        "인코딩": ["cp949", "xlsx", "utf-8"],
        "상태": ["반영됨", "반영됨", "되돌림"],
        "예시": ["", "예시", ""],
        "되돌린 시각": ["", "", "2024-05-03 11:00:00"],
        "되돌린 사람": ["", "", "boss"],
        "SHA-256 (앞 12자)": ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"],
    }
    assert list(m.upload_table(_uploads(), "en").columns)[:3] == ["No.", "Uploaded at", "By"]


def test_history_reads_the_upload_list(con, data):
    assert store.commit(con, _csv("2019,1,,1-1-1,100,\n"), "a.csv", "kim").ok
    uploads, table = m.history(data, "en")
    assert uploads["file_name"].tolist() == ["a.csv"]
    assert table["File"].tolist() == ["a.csv"] and table["Status"].tolist() == ["Committed"]
    assert table["Kind"].tolist() == ["Results (indicators)"]


def test_rollback_choices():
    staff = User("kim", "staff", frozenset({"11680"}))
    admin = User("boss", "admin")
    viewer = User("lee", "viewer")
    uploads = _uploads()
    assert m.rollback_choices(uploads, staff) == {
        3: m.RollbackChoice("#3 · c.csv · kim · 2024-05-02 09:30:00", "c.csv"),
    }  # upload 1 is kim's too (names compare case-insensitively) but already rolled back
    assert list(m.rollback_choices(uploads, admin)) == [3, 2]
    assert m.rollback_choices(uploads, admin)[2].label == "#2 · b.xlsx · park · 2024-05-01 10:00:00"
    assert m.rollback_choices(uploads, viewer) == {}
    assert m.rollback_choices(uploads, None) == {}
    assert m.rollback_choices(uploads.iloc[0:0], admin) == {}


# --- issue 16: numbered steps, every preview cell as a person writes it, errors in full, rollback confirmation ----

def test_steps_are_numbered_in_the_order_shown_without_gaps():
    viewer = m.Steps("ko")
    assert [viewer.title("templates"), viewer.title("history")] == ["1. 양식 내려받기", "2. 업로드 이력"]
    staff = m.Steps("en")  # a file with errors: no preview step, the history is 3
    assert [staff.title(s) for s in ("templates", "file", "history")] == [
        "1. Download a template", "2. Upload a file", "3. Upload history"]
    admin = m.Steps("ko")
    assert [admin.title(s) for s in m.STEPS] == [
        "1. 양식 내려받기", "2. 파일 올리기", "3. 미리보기: 저장하면 바뀌는 내용", "4. 업로드 이력", "5. 백업"]
    assert admin.shown == list(m.STEPS)


BUDGET = "연도,분기,자치구,예산코드,집행액(백만원),비고\n2019,1,,1-1-1-B1,\"1,000.5\",\n"
SPACES = ("이름,유형,자치구,행정동코드,주소,위도,경도,개소일,폐소일,열린육아방,비고\n"
          "역삼 마을공간,우리마을공간,강남구,,강남구 역삼동,37.5,127.04,2019-03-01,,Y,\n")


@pytest.mark.parametrize("lang,body,expected", [
    ("ko", BUDGET, {"변경": ["새 값"], "예산코드": ["1-1-1-B1"], "자치구": ["서울시 전체"], "연도": ["2019"],
                    "분기": ["1"], "집행액(백만원)": ["1,000.5백만원"], "비고": [""], "기존 집행액(백만원)": ["–"],
                    "기존 비고": ["–"]}),
    ("en", SPACES, {"Change": ["new"], "Name": ["역삼 마을공간"], "Type": ["우리마을공간"], "District": ["Gangnam-gu"],
                    "Dong code": ["–"], "Address": ["강남구 역삼동"], "Latitude": ["37.50000"],
                    "Longitude": ["127.04000"], "Opened": ["2019-03-01"], "Closed": ["–"],
                    "Open childcare room": ["Yes"], "Note": [""]}),
])
def test_preview_cells_of_budget_and_spaces_files(con, data, lang, body, expected):
    v = m.pending(con, body.encode("utf-8-sig"), "f.csv", None)
    assert v.errors == []
    table = m.preview_table(m.preview(con, v).rows, data, lang)
    got = table.to_dict("list")
    assert {k: got[k] for k in expected} == expected
    cells = [str(x) for x in table.to_numpy().ravel()]
    assert all(isinstance(x, str) for x in table.to_numpy().ravel())
    assert not [c for c in cells if c in ("None", "nan", "NaN", "<NA>", "NaT", "inf")], cells


def test_error_lines_give_every_message_in_full_as_text():
    from maeul.upload.errors import make_error

    long_value = "1" * 90 + "[x](https://evil.example)"
    errors = [make_error("not_a_number", 3, "실적", long_value), make_error("empty_file")]
    md = m.error_lines(errors, "ko")
    lines = md.split("\n")
    assert len(lines) == 2
    assert lines[0].startswith("- **3행 · 실적** — 숫자가 아닙니다\\: ")
    assert "1" * 90 in lines[0] and "\\[x\\]\\(https\\:" in lines[0]  # the whole quoted value, as text
    assert lines[1].startswith("- **파일 전체** — ")
    assert m.error_lines(errors, "en").split("\n")[0].startswith("- **Row 3 · 실적** — ")
    table = m.error_table(errors, "ko")
    assert table["행(엑셀)"].tolist() == ["3", "–"] and table["열"].tolist() == ["실적", "–"]


def test_rollback_summary_names_what_will_be_undone(data):
    upload = {"upload_id": 41, "file_name": "강남_*2022Q4*.csv", "kind": "actuals", "rows": 1234}
    periods = [(2022, 3, "11680"), (2022, 4, "11680"), (2022, 4, None)]
    text = m.rollback_summary(upload, periods, data, "ko")
    assert text.startswith("**업로드 #41를 되돌립니다.** 파일: 강남\\_\\*2022Q4\\*\\.csv · 종류: 실적 (지표) · 1,234행 · "
                           "자치구: 서울시 전체, 강남구 · 기간: 2022Q3, 2022Q4")
    en = m.rollback_summary({**upload, "kind": "spaces"}, [(None, None, "11680")], data, "en")
    assert "districts: Gangnam-gu · periods: no period (spaces list)" in en
    many = [(2019 + i // 4, i % 4 + 1, "11680") for i in range(8)]
    assert "기간: 2019Q1, 2019Q2, 2019Q3, 2019Q4, 2020Q1 외 3개" in m.rollback_summary(upload, many, data, "ko")
