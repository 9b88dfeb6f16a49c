"""The upload page's model (maeul.present.models.upload): exact texts and tables, without Streamlit."""

from __future__ import annotations

import math

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
    assert list(table.columns) == ["행(엑셀)", "열", "값", "오류 코드", "설명"]
    assert table["행(엑셀)"].tolist() == [2, 2, 2]
    assert table["열"].tolist() == ["연도", "자치구", "실적"]
    assert table["값"].tolist() == ["2030", "강남시", "x"]
    assert table["오류 코드"].tolist() == ["year_out_of_range", "unknown_district", "not_a_number"]
    assert table["설명"].tolist()[2] == "숫자가 아닙니다: 'x'"
    rows = m.error_rows(v.errors, "en")
    assert list(rows.columns) == ["row", "column", "value", "code", "message"]
    assert rows["code"].tolist() == ["year_out_of_range", "unknown_district", "not_a_number"]
    assert list(m.error_table(v.errors, "en").columns) == ["Row (Excel)", "Column", "Value", "Error code", "Message"]


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
    assert table["변경"].tolist() == ["바뀐 값", "같은 값", "새 값"]
    assert table["자치구"].tolist() == ["서울시 전체", "강남구", "종로구"]
    assert table["실적"].tolist() == [1500.0, 5.0, 3.0]
    assert table["기존 실적"].tolist()[:2] == [100.0, 5.0] and math.isnan(table["기존 실적"].tolist()[2])
    assert table["비고"].tolist() == ["메모", None, None]
    en = m.preview_table(pv.rows, data, "en")
    assert list(en.columns)[:3] == ["Change", "Indicator", "District"]
    assert list(en.columns)[-1] == "previous Note"
    assert en["District"].tolist() == ["All of Seoul", "Gangnam-gu", "Jongno-gu"]
    assert en["Change"].tolist() == ["superseding", "unchanged", "new"]
    effect = m.progress_effect_table(con, v, "2019Q1", "ko")
    assert effect.to_dict("list") == {
        "코드": ["1-1-1"], "이름": ["이웃만들기 사업"], "목표": ["1,000건"],
        "실적 (저장 전)": ["105건"], "실적 (저장 후)": ["1,508건"],
        "상태 (저장 전)": ["지연"], "상태 (저장 후)": ["달성"],
    }
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
        "행 수": [10, 2, 1],
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
