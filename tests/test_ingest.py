"""Reading and validating uploads: encodings, formats, row numbers, and the corpus of bad files.

Every bad file must yield its expected error code and leave the database exactly as it was (row count and content
hash of every table).
"""

from __future__ import annotations

import datetime as dt
import functools
import io

import pytest
from conftest import copy_of, fingerprint
from fixtures.make_fixtures import ACTUALS, FORMATS, SPACES, bad_cases, codes, csv_bytes, encode, good_cases

from maeul.present import export
from maeul.upload import reader as upload_reader
from maeul.upload import validate as upload_validate
from maeul.upload.messages import MESSAGES
from maeul.upload.reader import read_upload
from maeul.upload.spec import MAX_UPLOAD_BYTES
from maeul.upload.store import commit, preview
from maeul.upload.validate import validate

# --- the corpus ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_con(built_db_file):
    """One database for the whole corpus: every case must leave it untouched, which each test checks."""
    c = copy_of(built_db_file)
    # a committed upload first, so "untouched" also covers the user tables
    ok = csv_bytes(ACTUALS, [["2018", "4", "강남구", codes(c).count_both, "5", "기존 값"]])
    assert commit(c, ok, "before.csv", "setup").upload_id == 1
    yield c
    c.close()


@functools.cache
def _collection_con():
    """The cases need codes from the database: one build at collection time."""
    from maeul.plan.db import connect

    return connect(":memory:")


def _corpus_params():
    con = _collection_con()
    params = []
    for case in bad_cases(con):
        if case.raw is not None:
            params.append(pytest.param(case, "raw", id=f"{case.name}"))
            continue
        for fmt in case.formats:
            params.append(pytest.param(case, fmt, id=f"{case.name}-{fmt}"))
    return params


@pytest.fixture
def corpus_before(corpus_con):
    """The shared database as each test finds it (a refusal for scope before it added an audit event)."""
    return fingerprint(corpus_con)


AUDIT = {"event", "seq:event_seq", "meta"}  # a refusal for scope is recorded (and bumps the data version)


@pytest.mark.parametrize(("case", "fmt"), _corpus_params())
def test_bad_file_yields_its_code_and_changes_nothing(corpus_con, corpus_before, case, fmt):
    data = case.raw if case.raw is not None else encode(case.header, case.rows, fmt)
    name = "upload.xlsx" if fmt == "xlsx" else "upload.csv"
    before = corpus_before
    result = commit(corpus_con, data, name, "tester", scope=case.scope)
    codes_found = [e.code for e in result.errors]
    assert case.expected in codes_found, (codes_found, [e.message_ko for e in result.errors])
    assert result.upload_id is None and result.rows == 0 and not result.duplicate
    for e in result.errors:  # every error carries both languages and a known code
        assert e.code in MESSAGES and e.message_ko and e.message_en
    after = fingerprint(corpus_con)
    if "outside_user_scope" in codes_found:  # nothing changed but the audit trail: one 'refused' event
        assert {k: v for k, v in after.items() if k not in AUDIT} == {k: v for k, v in before.items()
                                                                       if k not in AUDIT}
        assert after["event"][0] == before["event"][0] + 1
    else:
        assert after == before


@pytest.mark.parametrize("size", [MAX_UPLOAD_BYTES + 1, 50 * 1024 * 1024])
def test_too_large_file_is_refused_before_reading(corpus_con, corpus_before, size):
    data = b"a" * size  # generated here: never committed to git
    result = commit(corpus_con, data, "big.csv", "tester")
    assert [e.code for e in result.errors] == ["file_too_large"]
    assert fingerprint(corpus_con) == corpus_before


def test_too_many_rows(corpus_con, corpus_before, monkeypatch):
    monkeypatch.setattr(upload_reader, "MAX_ROWS", 5)
    c = codes(corpus_con)
    rows = [["2019", str(q), d, c.count_both, "1", ""] for q in (1, 2, 3, 4) for d in ("강남구", "종로구")]
    result = commit(corpus_con, csv_bytes(ACTUALS, rows), "many.csv", "tester")
    assert "too_many_rows" in [e.code for e in result.errors]
    assert fingerprint(corpus_con) == corpus_before


@pytest.mark.parametrize(("case", "fmt"), [
    pytest.param(case, fmt, id=f"{case.name}-{fmt}")
    for case in good_cases(_collection_con())
    for fmt in case.formats
])
def test_good_file_is_accepted(con, case, fmt):
    data = encode(case.header, case.rows, fmt)
    result = commit(con, data, "good." + ("xlsx" if fmt == "xlsx" else "csv"), "tester")
    assert result.errors == [], [(e.row, e.code, e.value) for e in result.errors]
    assert result.rows == len(case.rows)
    enc = con.execute("SELECT encoding FROM upload WHERE upload_id = ?", [result.upload_id]).fetchone()[0]
    assert enc == fmt


def test_fresh_copy_equals_a_fresh_build(con):
    from maeul.plan.db import connect

    assert fingerprint(con) == fingerprint(connect(":memory:"))


# --- reading ---------------------------------------------------------------------------------------------------

def test_encodings_are_detected_and_reported():
    text = "연도,분기,자치구,지표코드,실적,비고\r\n2019,1,강남구,1-1-1,3,똠 뷁\r\n"
    assert read_upload(b"\xef\xbb\xbf" + text.encode(), "a.csv").encoding == "utf-8-sig"
    assert read_upload(text.encode("utf-8"), "a.csv").encoding == "utf-8"
    r = read_upload(text.encode("cp949"), "a.csv")
    assert r.encoding == "cp949" and r.errors == []
    assert r.df.loc[2, "note"] == "똠 뷁"
    with pytest.raises(UnicodeDecodeError):
        "똠 뷁".encode("cp949").decode("euc-kr")  # why the fallback is cp949, not euc-kr


def test_cp949_file_with_rare_hangul_commits(con):
    c = codes(con)
    data = csv_bytes(ACTUALS, [["2020", "3", "도봉구", c.count_both, "4", "똠방각하 뷁 햏"]], "cp949")
    result = commit(con, data, "cp949.csv", "tester")
    assert result.errors == []
    assert con.execute("SELECT note FROM actual").fetchone()[0] == "똠방각하 뷁 햏"
    assert con.execute("SELECT encoding FROM upload").fetchone()[0] == "cp949"


def test_utf16_tab_separated_excel_unicode_text():
    text = "연도\t분기\t자치구\t지표코드\t실적\t비고\r\n2019\t1\t강남구\t1-1-1\t3\t\r\n"
    r = read_upload(text.encode("utf-16"), "unicode.txt")
    assert r.errors == [] and r.kind == "actuals" and r.encoding == "utf-16"
    assert r.df.iloc[0].tolist() == ["2019", "1", "강남구", "1-1-1", "3", ""] + [""] * 6  # + optional columns


def test_row_numbers_are_excel_rows_with_blank_and_comment_rows():
    text = ("# 주석\n"
            "연도,분기,자치구,지표코드,실적,비고\n"
            "\n"
            "2019,1,강남구,1-1-1,3,\n"
            "# 중간 주석\n"
            '2019,2,강남구,1-1-1,4,"두 줄\n비고"\n'
            "2019,3,강남구,1-1-1,x,\n")
    r = read_upload(text.encode(), "a.csv")
    assert r.errors == []
    assert list(r.df.index) == [4, 6, 7]  # the quoted line break stays inside row 6, as in Excel
    assert r.df.loc[6, "note"] == "두 줄\n비고"


def test_row_number_of_an_error(con):
    c = codes(con)
    data = csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "3", ""], [""] * 6,
                               ["2019", "2", "강남구", c.count_both, "abc", ""]])
    v = validate(con, read_upload(data, "a.csv"))
    assert [(e.row, e.column, e.value, e.code) for e in v.errors] == [(4, "실적", "abc", "not_a_number")]
    assert v.rows.empty  # any error: no rows


def test_all_errors_at_once(con):
    c = codes(con)
    rows = [["2030", "9", "강남시", "9-9-9", "x", ""], ["2019", "1", "강남구", c.count_both, "-1", ""]]
    v = validate(con, read_upload(csv_bytes(ACTUALS, rows), "a.csv"))
    assert sorted((e.row, e.code) for e in v.errors) == [
        (2, "quarter_out_of_range"), (2, "unknown_district"), (2, "unknown_indicator"), (2, "year_out_of_range"),
        (3, "negative_value")]


def test_error_messages_name_column_and_value_in_both_languages(con):
    v = validate(con, read_upload(csv_bytes(ACTUALS, [["2019", "1", "강남시", "1-1-1", "1", ""]]), "a.csv"))
    (e,) = v.errors
    assert e.column == "자치구" and e.value == "강남시"
    assert "강남시" in e.message_ko and "강남시" in e.message_en
    assert e.message("en") == e.message_en and e.message() == e.message_ko


def test_english_headers_use_the_users_names_in_errors(con):
    data = csv_bytes(["Year", "Quarter", "District", "Indicator", "Value", "Note"], [["2019", "1", "", "1-1-1", "", ""]])
    v = validate(con, read_upload(data, "a.csv"))
    assert [(e.column, e.code) for e in v.errors] == [("Value", "missing_value")]


def test_kind_detection_from_headers():
    assert read_upload(csv_bytes(ACTUALS, [["2019"] * 6]), "x").kind == "actuals"
    assert read_upload(csv_bytes(["year", "quarter", "district", "line", "amount", "note"], [["1"] * 6]), "x"
                       ).kind == "budget"
    assert read_upload(csv_bytes(SPACES, [["1"] * 11]), "x").kind == "spaces"
    r = read_upload(csv_bytes(["연도", "분기"], [["2019", "1"]]), "x")
    assert r.kind is None and [e.code for e in r.errors] == ["unknown_kind"]


def test_whitespace_full_width_and_semicolons_are_tolerated(con):
    c = codes(con)
    text = f"연도;분기;자치구;지표코드;실적;비고\n２０１９ ; １ ;\u3000강남구\u3000; {c.count_both} ; １,０００ ;\n"
    r = read_upload(text.encode(), "a.csv")
    v = validate(con, r)
    assert v.errors == []
    assert v.rows.iloc[0][["district_code", "year", "quarter", "value"]].tolist() == ["11680", 2019, 1, 1000.0]


def test_district_forms(con):
    c = codes(con)
    forms = ["강남구", "강남", "11680", "Gangnam-gu", "gangnam", "서울특별시 강남구"]
    rows = [[str(2018 + i % 5), str(1 + i // 5), f, c.count_both, "1", ""] for i, f in enumerate(forms)]
    v = validate(con, read_upload(csv_bytes(ACTUALS, rows), "a.csv"))
    assert v.errors == []
    assert set(v.rows["district_code"]) == {"11680"}
    for form in ("", "서울시", "서울특별시"):
        v = validate(con, read_upload(csv_bytes(ACTUALS, [["2019", "1", form, c.count_both, "1", ""]]), "a.csv"))
        assert v.errors == [] and v.rows["district_code"].tolist() == [None]


def test_values_numbers_percent_and_stages(con):
    c = codes(con)
    rows = [["2019", "1", "강남구", c.count_both, "1,000", ""],
            ["2019", "1", "", c.percent, "35%", ""],
            ["2019", "2", "", c.percent, "3.5", ""],
            ["2019", "1", "", c.milestone, c.stages[-1], ""],
            ["2019", "1", "종로구", c.count_both, f"12{c.count_unit}", ""]]
    v = validate(con, read_upload(csv_bytes(ACTUALS, rows), "a.csv"))
    assert v.errors == []
    assert v.rows["value"].tolist()[:3] == [1000.0, 35.0, 3.5]
    assert v.rows.iloc[3]["stage"] == c.stages[-1] and v.rows.iloc[3]["value"] != v.rows.iloc[3]["value"]  # NaN
    assert v.rows.iloc[4]["value"] == 12.0


def test_xlsx_cells_numbers_percent_dates_and_first_sheet_only(con):
    from openpyxl import Workbook

    c = codes(con)
    wb = Workbook()
    ws = wb.active
    ws.append(ACTUALS)
    ws.append([2019, 1, 11680, c.count_both, 1000, None])
    ws.append([2019.0, 2.0, "강남구", c.count_both, 12.0, "비고"])
    ws.append([2019, 1, None, c.percent, 0.35, None])
    ws["E4"].number_format = "0%"
    wb.create_sheet("두번째").append(["이것은", "읽지", "않음"])
    buf = io.BytesIO()
    wb.save(buf)
    r = read_upload(buf.getvalue(), "a.xlsx")
    assert r.encoding == "xlsx" and r.errors == []
    assert r.df["value"].tolist() == ["1000", "12", "35%"]
    assert r.df["district"].tolist() == ["11680", "강남구", ""]
    v = validate(con, r)
    assert v.errors == [] and v.rows["value"].tolist() == [1000.0, 12.0, 35.0]

    wb = Workbook()
    ws = wb.active
    ws.append(SPACES)
    ws.append(["공간", "마을기업", "강남구", 1168064000, None, 37.5, 127.03, dt.datetime(2019, 3, 1), None, True, None])
    buf = io.BytesIO()
    wb.save(buf)
    v = validate(con, read_upload(buf.getvalue(), "s.xlsx"))
    assert v.errors == []
    row = v.rows.iloc[0]
    assert (row["opened"], row["dong_code"], bool(row["has_childcare_room"])) == ("2019-03-01", "1168064000", True)


def test_spaces_values(con):
    rows = [["공간 하나", "신축동주민센터", "강남", "", "", "37.5", "127.0", "2019. 3. 1.", "20210630", "예", ""],
            ["공간 둘", "기타", "11680", "1168064000", "", "37.5", "127.0", "2019-03", "", "N", ""]]
    v = validate(con, read_upload(csv_bytes(SPACES, rows), "s.csv"))
    assert v.errors == []
    assert v.rows["space_type"].tolist() == ["신축 동주민센터", "기타"]
    assert v.rows["opened"].tolist() == ["2019-03-01", "2019-03-01"]
    assert v.rows["closed"].tolist() == ["2021-06-30", None]
    assert v.rows["has_childcare_room"].tolist() == [True, False]


def test_scope_restricts_districts_and_citywide(con):
    c = codes(con)
    rows = [["2019", "1", "강남구", c.count_both, "1", ""], ["2019", "1", "", c.count_both, "1", ""],
            ["2019", "1", "종로구", c.count_both, "1", ""]]
    data = csv_bytes(ACTUALS, rows)
    v = validate(con, read_upload(data, "a.csv"), scope={"11680", None})
    assert [(e.row, e.code, e.value) for e in v.errors] == [(4, "outside_user_scope", "종로구")]
    assert validate(con, read_upload(data, "a.csv"), scope={"11680", None, "11110"}).errors == []
    assert validate(con, read_upload(data, "a.csv")).errors == []


def test_scope_district_only_indicator(con):
    c = codes(con)
    con.execute("UPDATE indicator SET scope = 'district' WHERE code = ?", [c.count_both])
    v = validate(con, read_upload(csv_bytes(ACTUALS, [["2019", "1", "", c.count_both, "1", ""]]), "a.csv"))
    assert [e.code for e in v.errors] == ["scope_district_only"]


def test_error_list_is_capped(con, monkeypatch):
    monkeypatch.setattr(upload_validate, "MAX_ERRORS", 10)
    rows = [["2019", "1", "강남시", "9-9-9", "x", ""]] * 20
    v = validate(con, read_upload(csv_bytes(ACTUALS, rows), "a.csv"))
    assert len(v.errors) == 11 and v.errors[-1].code == "too_many_errors"
    assert "30" in v.errors[-1].message_ko  # 20 rows × 2 errors = 40: 10 shown, 30 more


def test_formula_text_is_stored_as_given(con):
    c = codes(con)
    data = csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "1", "=1+1"]])
    assert commit(con, data, "a.csv", "t").errors == []
    assert con.execute("SELECT note FROM actual").fetchone()[0] == "=1+1"


# --- preview ---------------------------------------------------------------------------------------------------

def test_preview_new_superseding_unchanged(con):
    c = codes(con)
    first = csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "10", ""],
                                ["2019", "1", "종로구", c.count_both, "5", ""]])
    assert commit(con, first, "1.csv", "t").errors == []
    second = csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "12", ""],
                                 ["2019", "1", "종로구", c.count_both, "5", ""],
                                 ["2019", "1", "", c.percent, "40", ""]])
    pv = preview(con, validate(con, read_upload(second, "2.csv")))
    assert pv.counts == {"new": 1, "superseding": 1, "unchanged": 1}
    assert pv.rows["change"].tolist() == ["superseding", "unchanged", "new"]
    assert pv.rows["old_value"].tolist()[:2] == [10.0, 5.0]
    assert pv.rows["old_upload_id"].tolist()[:2] == [1, 1]
    assert pv.indicator_codes == sorted({c.count_both, c.percent})
    assert list(pv.rows.index) == [2, 3, 4]


def test_preview_of_invalid_file_is_empty(con):
    pv = preview(con, validate(con, read_upload(b"", "a.csv")))
    assert pv.rows.empty and pv.counts == {"new": 0, "superseding": 0, "unchanged": 0}


def test_preview_spaces_and_budget(con):
    c = codes(con)
    sp = csv_bytes(SPACES, [["공간", "기타", "강남구", "", "", "37.5", "127.0", "", "", "N", "a"]])
    assert commit(con, sp, "s.csv", "t").errors == []
    sp2 = csv_bytes(SPACES, [["공간", "기타", "강남구", "", "", "37.5", "127.0", "", "", "N", "b"]])
    assert preview(con, validate(con, read_upload(sp2, "s2.csv"))).counts["superseding"] == 1
    assert preview(con, validate(con, read_upload(sp, "s.csv"))).counts["unchanged"] == 1
    bd = csv_bytes(["연도", "분기", "자치구", "예산코드", "집행액(백만원)", "비고"], [["2019", "1", "", c.line_ok, "3", ""]])
    pv = preview(con, validate(con, read_upload(bd, "b.csv")))
    assert pv.counts["new"] == 1 and pv.line_codes == [c.line_ok]


# --- export safety ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "out"), [
    ("=1+1", "'=1+1"), ("+82", "'+82"), ("-3", "'-3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=x", "'\t=x"),
    ("보통 글", "보통 글"), ("", ""), (None, None), (-3, -3), (1.5, 1.5), ("a=b", "a=b"),
])
def test_safe_cell(cell, out):
    assert export.safe_cell(cell) == out


def test_to_csv_bytes_neutralises_and_has_bom():
    import pandas as pd

    df = pd.DataFrame({"비고": ["=HYPERLINK(\"http://x\")", "좋음", None], "n": [1, -2, 3]})
    data = export.safe_csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",-2" in text  # numbers are not text: left alone


def test_formats_constant_matches_encodings_reported():
    assert set(FORMATS) <= {"utf-8-sig", "utf-8", "cp949", "xlsx", "utf-16"}


def test_title_rows_above_the_header_and_excel_sep_line():
    t = "2019년 1분기 실적 보고,,,,,\n,,,,,\n연도,분기,자치구,지표코드,실적,비고\n2019,1,강남구,1-1-1,3,\n"
    r = read_upload(t.encode(), "a.csv")
    assert r.errors == [] and r.kind == "actuals" and list(r.df.index) == [4]
    t = "sep=;\n연도;분기;자치구;지표코드;실적;비고\n2019;1;강남구;1-1-1;3;a,b\n"
    r = read_upload(t.encode(), "a.csv")
    assert r.errors == [] and list(r.df.index) == [2] and r.df.loc[2, "note"] == "a,b"


def test_old_mac_line_endings_and_comments():
    t = "연도,분기,자치구,지표코드,실적,비고\r# 주석\r2019,1,강남구,1-1-1,3,\r"
    r = read_upload(t.encode(), "a.csv")
    assert r.errors == [] and list(r.df.index) == [3]


def _patch_xlsx(data: bytes, old: bytes, new: bytes) -> bytes:
    import re
    import zipfile

    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(old, new, body)
            zout.writestr(info, body)
    return out.getvalue()


def test_xlsx_declaring_a_huge_sheet_is_read_quickly():
    import time

    from fixtures.make_fixtures import xlsx_bytes

    data = xlsx_bytes(ACTUALS, [["2019", "1", "강남구", "1-1-1", "3", ""]])
    data = _patch_xlsx(data, rb'<dimension ref="[A-Z0-9:]+" ?/>', b'<dimension ref="A1:XFD1048576" />')
    t = time.monotonic()
    r = read_upload(data, "huge.xlsx")
    assert time.monotonic() - t < 2
    assert r.errors == [] and len(r.df) == 1


def test_xlsx_with_gaps_keeps_excel_row_numbers():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(ACTUALS)
    ws.append([2019, 1, "강남구", "1-1-1", 3, None])
    for col, v in zip("ABCDE", [2019, 2, "종로구", "1-1-1", "x"]):
        ws[f"{col}9"] = v
    buf = io.BytesIO()
    wb.save(buf)
    r = read_upload(buf.getvalue(), "gaps.xlsx")
    assert list(r.df.index) == [2, 9]


def test_missing_column_is_reported_once_not_per_row(con):
    rows = [["2019", "1", "강남구", "1-1-1", ""]] * 5
    v = validate(con, read_upload(csv_bytes(["연도", "분기", "자치구", "지표코드", "비고"], rows), "a.csv"))
    assert [(e.row, e.column, e.code) for e in v.errors] == [(1, "실적", "missing_column")]
