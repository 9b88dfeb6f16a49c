"""Hostile input on the upload path (issue 13): what the corpus in tests/fixtures/make_fixtures.py cannot say with an
error code alone — bounded errors, rows that must be read (not dropped), the sheet that is read, values stored as
given, confirmation of implausible values, and the scope check before the duplicate check.

The memory and time of the worst files under the size cap are measured in a child process in
tests/test_hostile_limits.py (slow).
"""

from __future__ import annotations

import pytest
from conftest import fingerprint
from fixtures.make_fixtures import (
    ACTUALS,
    codes,
    count_bound,
    csv_bytes,
    raw_xlsx,
    shared_string_bomb,
    sheet_rows_xml,
)

from maeul.upload import reader as upload_reader
from maeul.upload import spec
from maeul.upload import validate as upload_validate
from maeul.upload.errors import error_frame, make_error
from maeul.upload.reader import read_upload
from maeul.upload.store import commit, preview
from maeul.upload.validate import validate

# --- bounded: cells, errors, the error table -----------------------------------------------------------------


def test_an_error_quotes_at_most_a_clip_of_its_cell():
    e = make_error("bad_year", 2, "연도" * 500, "9" * 100_000, first=2018, last=2022)
    assert len(e.value) == spec.MAX_VALUE_CHARS + 1 and e.value.endswith("…")
    assert len(e.message_ko) < 500 and len(e.message_en) < 500
    assert len(e.column) == spec.MAX_VALUE_CHARS + 1


def test_every_error_of_a_file_of_long_cells_is_short(con):
    c = codes(con)
    rows = [["x" * 50_000, "1", "강남구", c.count_both, "y" * 50_000, ""] for _ in range(30)]
    v = validate(con, read_upload(csv_bytes(ACTUALS, rows, "utf-8"), "long.csv"))
    assert {e.code for e in v.errors} == {"bad_year", "not_a_number"}
    table = error_frame(v.errors)
    assert table["value"].str.len().max() <= spec.MAX_VALUE_CHARS + 1
    assert table["message"].str.len().max() < 500


def test_a_long_shared_string_is_read_truncated_and_reported_with_its_length(con):
    c = codes(con)
    shared = ["가" * 5_000]
    rows_xml = sheet_rows_xml([ACTUALS, ["2019", "1", "강남구", c.count_both, "3", ("s", 0)]])
    r = read_upload(raw_xlsx([("입력", rows_xml, "visible")], shared), "long.xlsx")
    assert r.errors == [] and len(r.df.loc[2, "note"]) == spec.MAX_CELL_CHARS
    assert r.long_cells == {(2, "note"): 5_000}
    (e,) = validate(con, r).errors
    assert e.code == "text_too_long" and "5,000" in e.message_ko


def test_a_shared_string_bomb_is_refused_before_it_is_copied(monkeypatch):
    monkeypatch.setattr(spec, "MAX_TOTAL_CHARS", 100_000)
    r = read_upload(shared_string_bomb(200, 1_000), "bomb.xlsx")
    assert [e.code for e in r.errors] == ["content_too_large"] and r.df.empty


def test_cells_and_rows_of_a_workbook_are_counted_before_openpyxl_parses_them(monkeypatch):
    monkeypatch.setattr(upload_reader, "MAX_XLSX_CELLS", 50)
    rows = [ACTUALS] + [["2019", "1", "강남구", "1-1-1", "3", "x"]] * 20  # 126 cells
    r = read_upload(raw_xlsx([("입력", sheet_rows_xml(rows), "visible")]), "many.xlsx")
    assert [e.code for e in r.errors] == ["xlsx_too_many_cells"]
    assert "126" in r.errors[0].message_ko


def test_errors_of_reading_are_capped_like_the_rest(con, monkeypatch):
    monkeypatch.setattr(upload_validate, "MAX_ERRORS", 10)
    c = codes(con)
    rows = [["2019", "1", "강남구", c.count_both, "3", "", "남는 칸"] for _ in range(40)]
    v = validate(con, read_upload(csv_bytes(ACTUALS, rows), "extra.csv"))
    assert len(v.errors) == 11 and v.errors[-1].code == "too_many_errors"


# --- every row Excel shows is read --------------------------------------------------------------------------


def test_a_note_written_first_that_starts_with_hash_is_stored(con):
    c = codes(con)
    header = ["비고", "연도", "분기", "자치구", "지표코드", "실적"]
    rows = [["#1 주민 모임", "2019", "1", "강남구", c.count_both, "3"], ["# 둘째", "2019", "2", "강남구", c.count_both, "4"]]
    res = commit(con, csv_bytes(header, rows), "hash.csv", "t")
    assert res.errors == [] and res.rows == 2
    assert sorted(r[0] for r in con.execute("SELECT note FROM actual").fetchall()) == ["# 둘째", "#1 주민 모임"]


def test_a_multi_line_note_whose_second_line_starts_with_hash_stays_one_row_after_a_stray_quote():
    text = ("연도,분기,자치구,지표코드,실적,비고\n2019,1,강남구,1-1-1,3,x\"y\n"
            "2019,2,강남구,1-1-1,4,\"두 줄\n#둘째\"\n2019,3,강남구,1-1-1,5,\n2019,4,강남구,1-1-1,6,\n")
    r = read_upload(text.encode(), "a.csv")
    assert r.errors == [] and list(r.df.index) == [2, 3, 4, 5]
    assert r.df.loc[2, "note"] == 'x"y' and r.df.loc[3, "note"] == "두 줄\n#둘째"


@pytest.mark.parametrize("text", [
    '2019,1,강남구,1-1-1,3,"메모\n2019,2,강남구,1-1-1,4,메모"\n2019,3,강남구,1-1-1,5,\n',  # glued
    '2019,1,강남구,1-1-1,3,"메모\n2019,2,강남구,1-1-1,4,\n',  # open to the end
    '2019,1,강남구,1-1-1,3,"메모"끝\n2019,2,강남구,1-1-1,4,\n',  # text after the closing quote
])
def test_a_quoting_error_refuses_the_file_with_its_row(text):
    r = read_upload(("연도,분기,자치구,지표코드,실적,비고\n" + text).encode(), "a.csv")
    assert r.errors and r.errors[0].row == 2
    assert r.errors[0].code in ("quote_glued_rows", "unclosed_quote", "bad_quote")
    assert "2행" in r.errors[0].message_ko and "row 2" in r.errors[0].message_en.lower()


def test_a_note_line_full_of_commas_is_a_note_but_a_swallowed_row_is_not():
    ok = "연도,분기,자치구,지표코드,실적,비고\n2019,1,강남구,1-1-1,3,\"참여자\n김, 이, 박, 최, 정, 강 외\"\n"
    r = read_upload(ok.encode(), "a.csv")
    assert r.errors == [] and r.df.loc[2, "note"] == "참여자\n김, 이, 박, 최, 정, 강 외"
    note_first = ('비고,연도,분기,자치구,지표코드,실적\n"메모\n다른 메모,2019,2,강남구,1-1-1,4",2019,1,강남구,1-1-1,3\n')
    assert [e.code for e in read_upload(note_first.encode(), "a.csv").errors] == ["quote_glued_rows"]


def test_the_template_help_lines_are_skipped_wherever_the_rows_are_put():
    text = ("연도,분기,자치구,지표코드,실적,비고\n2019,1,강남구,1-1-1,3,\n# 안내 줄\n\"# 예: 2019, 1, 강남구\"\n"
            "2019,2,강남구,1-1-1,4,\n")
    r = read_upload(text.encode(), "a.csv")
    assert r.errors == [] and list(r.df.index) == [2, 5]


def test_the_first_visible_sheet_is_read_not_a_hidden_first_one(con):
    c = codes(con)
    hidden = sheet_rows_xml([ACTUALS, ["2019", "1", "강남구", c.count_both, "999", "숨김"]])
    shown = sheet_rows_xml([ACTUALS, ["2019", "1", "강남구", c.count_both, "7", "보임"]])
    r = read_upload(raw_xlsx([("숨김", hidden, "hidden"), ("입력", shown, "visible")]), "h.xlsx")
    assert r.errors == [] and r.df.loc[2, "value"] == "7" and r.df.loc[2, "note"] == "보임"


def test_no_visible_sheet_names_the_sheets():
    rows = sheet_rows_xml([ACTUALS])
    r = read_upload(raw_xlsx([("가", rows, "hidden"), ("나", rows, "veryHidden")]), "h.xlsx")
    (e,) = r.errors
    assert e.code == "no_visible_sheet" and "가(hidden)" in e.message_ko and "나(veryHidden)" in e.message_en


def test_a_macro_workbook_is_refused_and_nothing_of_it_is_stored(con):
    before = fingerprint(con)
    data = raw_xlsx([("입력", sheet_rows_xml([ACTUALS, ["2019", "1", "강남구", codes(con).count_both, "3", ""]]),
                      "visible")], vba_part=True)
    res = commit(con, data, "report.xlsx", "t")
    assert [e.code for e in res.errors] == ["macro_workbook"]
    assert fingerprint(con) == before


# --- values as given ------------------------------------------------------------------------------------------


def test_minus_zero_is_stored_as_zero(con):
    c = codes(con)
    res = commit(con, csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "-0", ""]]), "z.csv", "t")
    assert res.errors == []
    (v,) = con.execute("SELECT value FROM actual").fetchone()
    assert v == 0 and str(v) == "0.0"


def test_superscripts_are_kept_in_notes_and_refused_in_numbers(con):
    c = codes(con)
    v = validate(con, read_upload(csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "3", "면적 10m²"]]),
                                  "a.csv"))
    assert v.errors == [] and v.rows["note"].tolist() == ["면적 10m²"]
    v = validate(con, read_upload(csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "10²", ""]]), "a.csv"))
    assert [(e.code, e.value) for e in v.errors] == [("not_a_number", "10²")]


def test_an_implausible_value_needs_confirming(con):
    c = codes(con)
    bound = count_bound(con, c.count_both)
    data = csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, str(bound + 1), ""],
                               ["2019", "2", "강남구", c.count_both, str(bound), ""]])
    v = validate(con, read_upload(data, "a.csv"))
    assert v.errors == [] and [(w.row, w.code) for w in v.warnings] == [(2, "implausible_value")]
    assert f"{bound:,}" in v.warnings[0].message_ko
    assert preview(con, v).counts["new"] == 2  # the preview shows the rows; the page asks for the confirmation
    before = fingerprint(con)
    res = commit(con, data, "a.csv", "t")
    assert [e.code for e in res.errors] == ["implausible_value"] and fingerprint(con) == before
    res = commit(con, data, "a.csv", "t", confirm=True)
    assert res.errors == [] and res.rows == 2


# --- scope before the duplicate check ------------------------------------------------------------------------


def test_another_districts_identical_file_is_refused_by_scope_not_named_as_a_duplicate(con):
    c = codes(con)
    data = csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "3", ""]])
    first = commit(con, data, "gangnam.csv", "gangnam_staff", scope={"11680"})
    assert first.errors == [] and first.upload_id is not None
    other = commit(con, data, "copy.csv", "jongno_staff", scope={"11110"})
    assert not other.duplicate and other.upload_id is None
    assert [e.code for e in other.errors] == ["outside_user_scope"]
    assert str(first.upload_id) not in " ".join(e.message_ko + e.message_en for e in other.errors)
    again = commit(con, data, "again.csv", "gangnam_staff", scope={"11680"})
    assert again.duplicate and again.upload_id == first.upload_id


# --- workbooks read as Excel shows them, without openpyxl's parser ------------------------------------------


def test_a_workbook_part_declaring_entities_is_refused():
    import io
    import zipfile

    data = raw_xlsx([("입력", sheet_rows_xml([ACTUALS, [("s", 0)]]), "visible")], ["x"])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "xl/sharedStrings.xml":
                body = body.replace(b"<sst", b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                                            b"<sst").replace(b">x<", b">&b;<")
            zout.writestr(info, body)
    r = read_upload(out.getvalue(), "dtd.xlsx")
    assert [e.code for e in r.errors] == ["bad_xlsx"] and "DTD" in r.errors[0].message_en


def test_workbook_cells_read_as_excel_shows_them():
    import datetime as dt
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["a", "b", "c", "d", "e", "f"])
    ws.append([1, 0.355, dt.datetime(2019, 3, 1), True, 1168064000, -0.0])
    ws["A2"].number_format = "0%"
    ws["B2"].number_format = "0.0%"
    hidden = wb.create_sheet("숨김", 0)
    hidden.sheet_state = "hidden"
    hidden.append(["hidden"])
    buf = io.BytesIO()
    wb.save(buf)
    r = read_upload(buf.getvalue(), "cells.xlsx")
    assert r.df.loc[2].tolist() == ["100%", "35.5%", "2019-03-01", "Y", "1168064000", "0"]
