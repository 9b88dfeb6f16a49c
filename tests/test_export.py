"""The export vocabulary (maeul.present.export): headers with units, numbers as numbers rounded as shown, one rate
scale, statuses as words, formulas neutralised, file names with scope and quarter, XLSX read back."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from maeul.present import export
from maeul.present import format as fmt
from maeul.present.export import Block, Col, Sheet

COLS = (Col("code", "col.code", "code"), Col("name", "col.name"), Col("unit", "col.unit", "unit"),
        Col("actual", "col.actual", "value"), Col("rate", "col.rate", "rate"), Col("share", "exp.exec_rate_year",
                                                                                   "percent"),
        Col("amount", "col.executed", "amount"), Col("n", "exp.count", "number", unit="개소"),
        Col("status", "col.status", "status"), Col("source", "col.source", "source"))

ROWS = pd.DataFrame([
    {"code": "3-1-3", "name": "=HYPERLINK(\"x\")", "unit": "개소", "kind": "cumulative", "actual": 43.0,
     "rate": 0.90579, "share": 0.45678, "amount": 1394.6000000000001, "n": 12.0, "status": "지연", "source": "업로드"},
    {"code": "1-2-2", "name": "시민 교양강좌", "unit": "단계", "kind": "milestone", "actual": None,
     "actual_stage": "운영", "rate": None, "share": None, "amount": None, "n": None, "status": "자료 없음",
     "source": None},
])


def test_headers_say_the_unit_in_korean_and_english():
    assert [export.header(c, "ko") for c in COLS] == [
        "코드", "이름", "단위", "실적", "달성률(%)", "올해 집행률(%)", "집행(백만원)", "지표 수(개소)", "상태", "출처"]
    assert export.header(COLS[4], "en") == "Rate (%)"
    assert export.header(COLS[6], "en") == "Executed (KRW mn)"  # the label already says the unit: not twice
    assert export.header(COLS[7], "en") == "Indicators (sites)"


def test_values_are_numbers_rounded_as_shown_statuses_words():
    out = export.export_frame(ROWS, COLS, "ko")
    first = out.iloc[0].tolist()
    assert first == ["3-1-3", "=HYPERLINK(\"x\")", "개소", 43, 90, 45.7, 1394.6, 12, "지연", "업로드"]
    assert isinstance(first[3], int) and isinstance(first[4], int)  # 43, not 43.0; the whole % the app shows
    assert first[4] == fmt.rate_value(0.90579)  # the same figure as the app's bars and the "90%" label
    second = out.iloc[1].tolist()
    assert second[3] == "운영" and second[4] is None and second[8] == "자료 없음"  # a milestone gives its stage
    en = export.export_frame(ROWS, COLS, "en").iloc[0].tolist()
    assert en[2] == "sites" and en[8] == "Behind" and en[9] == "Upload"


def test_csv_has_bom_neutralised_formulas_and_no_float_noise():
    raw = export.csv_bytes(export.export_frame(ROWS, COLS, "ko"))
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "1394.6," in text and "0000000001" not in text
    assert ",90,45.7," in text  # 90, not 90.0 or 0.9058
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert back["달성률(%)"].iloc[0] == 90


@pytest.mark.parametrize("scope, quarter, what, ext, name", [
    ("강남구", "2021Q4", "지표", "csv", "maeul_강남구_2021Q4_지표.csv"),
    ("서울시 전체", "2021Q4", "브리핑", "pdf", "maeul_서울시전체_2021Q4_브리핑.pdf"),
    ("강남구, 송파구", "2020Q2", "예산", "xlsx", "maeul_강남구-송파구_2020Q2_예산.xlsx"),
    ("a/b:c", None, "x*y", "csv", "maeul_a-b-c_x-y.csv"),
])
def test_export_name_carries_scope_and_quarter(scope, quarter, what, ext, name):
    assert export.export_name(scope, quarter, what, ext) == name


def test_export_names_differ_between_citywide_and_a_district():
    assert export.export_name("서울시 전체", "2021Q4", "지표") != export.export_name("강남구", "2021Q4", "지표")


def test_xlsx_reads_back_numbers_formats_frozen_header_and_lines():
    frame = export.export_frame(ROWS, COLS, "ko")
    data = export.xlsx_bytes([Sheet("지표", (Block(frame, COLS),), ("제목", "범위: 강남구 · 2021Q4"))])
    ws = openpyxl.load_workbook(io.BytesIO(data))["지표"]
    assert ws["A1"].value == "제목" and ws["A2"].value == "범위: 강남구 · 2021Q4"
    assert [c.value for c in ws[4]][:5] == ["코드", "이름", "단위", "실적", "달성률(%)"]
    assert ws.freeze_panes == "A5"
    row = [c for c in ws[5]]
    assert row[3].value == 43 and row[4].value == 90 and row[6].value == 1394.6
    assert row[4].number_format == "0" and row[6].number_format == "#,##0"
    assert row[1].value == "'=HYPERLINK(\"x\")"  # neutralised like the CSV
    assert ws.column_dimensions["B"].width >= 10


def test_frame_xlsx_keeps_codes_as_text_and_numbers_as_numbers():
    frame = pd.DataFrame({"코드": ["1-1-1", "3-1"], "값": pd.Series([1.5, None], dtype=object)})
    ws = openpyxl.load_workbook(io.BytesIO(export.frame_xlsx_bytes(frame))).active
    assert ws["A2"].value == "1-1-1" and ws["A2"].data_type == "s"
    assert ws["B2"].value == 1.5 and ws["B3"].value is None


def test_format_export_numbers():
    assert fmt.number_value(1394.6000000000001) == 1394.6
    assert fmt.number_value(2.716666) == 2.72 and fmt.number_value(51.886) == 51.9 and fmt.number_value(7.0) == 7
    assert fmt.rate_number(0.69999) == 69 and fmt.rate_number(float("inf")) is None and fmt.rate_number(None) is None
    assert fmt.percent_value(0.45678) == 45.7 and fmt.amount_value(100.04) == 100
