"""The pre-filled actuals template of a quarter: one row per (district, indicator owed) — the user's districts, the
quarter, the indicators the plan makes them report (maeul.read.reporting.required_indicators) — with last quarter's
value for reference, the explanation columns (원인, 대책, 대책 담당, 대책 기한) and the indicator's name.

The reference columns (지표명(참고), 전분기 실적(참고)) are read and ignored by maeul.upload.reader, so the file goes
back through the ordinary upload path as it is, once 실적 is filled in.
"""

from __future__ import annotations

import csv
import io

import duckdb
import pandas as pd

from maeul.read.reporting import owes, required_indicators
from maeul.read.rules import FIRST_QUARTER, Quarter, parse_quarter
from maeul.upload.spec import CITYWIDE_LABEL, HEADERS_KO

COLUMNS = ["year", "quarter", "district", "indicator", "value", "note", "cause", "measure", "measure_owner",
           "measure_due", "indicator_name", "previous"]
HEADERS = dict(zip(["year", "quarter", "district", "indicator", "value", "note", "cause", "measure",
                    "measure_owner", "measure_due", "indicator_name", "previous"], HEADERS_KO["actuals"]))

HELP = [
    "# {quarter} 실적 보고 양식 (미리 채움) — '#'으로 시작하는 줄은 읽지 않습니다.",
    "# 실적 칸을 채워 올리세요. 보고하지 않을 행은 지우세요 (빈 실적은 오류입니다).",
    "# 원인·대책(담당, 기한)은 목표보다 앞서거나 뒤처진 이유와 계획을 적는 칸입니다 (선택).",
    "# 지표명(참고)·전분기 실적(참고)은 참고용이며 읽지 않습니다.",
]


def _previous(q: Quarter) -> Quarter | None:
    if q <= FIRST_QUARTER:
        return None
    return Quarter(q.year - 1, 4) if q.quarter == 1 else Quarter(q.year, q.quarter - 1)


def _plain(v) -> str:
    """A number as a cell Excel reads back as the same number: 12 (not 12.0), 3.5; '' when missing."""
    if v is None or pd.isna(v):
        return ""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def prefilled_rows(con: duckdb.DuckDBPyConnection, quarter: str, districts: tuple) -> pd.DataFrame:
    """The template's rows (COLUMNS) for ``quarter`` and ``districts`` (codes; None = the city's own rows), the
    city first, then districts in code order, indicators in plan order."""
    q = parse_quarter(quarter)
    req = required_indicators(con, q.year)
    prev = _previous(q)
    with con.cursor() as cur:
        names = dict(cur.execute("SELECT code, name_ko FROM district").fetchall())
        inds = {c: (n, k) for c, n, k in cur.execute("SELECT code, name_ko, target_kind FROM indicator").fetchall()}
        last = {} if prev is None else {
            (c, d): (v, s) for c, d, v, s in cur.execute(
                "SELECT indicator_code, district_code, value, stage FROM actual_current WHERE year = ? AND quarter = ?",
                [prev.year, prev.quarter]).fetchall()}
    rows = []
    for d in sorted(set(districts), key=lambda c: (c is not None, c or "")):
        for code in owes(req, d):
            name, kind = inds[code]
            v, s = last.get((code, d), (None, None))
            shown = (s or "") if kind == "milestone" else _plain(v)
            rows.append({"year": q.year, "quarter": q.quarter, "district": CITYWIDE_LABEL if d is None else names[d],
                         "indicator": code, "value": "", "note": "", "cause": "", "measure": "", "measure_owner": "",
                         "measure_due": "", "indicator_name": name, "previous": shown})
    return pd.DataFrame(rows, columns=COLUMNS)


def prefilled_csv(con: duckdb.DuckDBPyConnection, quarter: str, districts: tuple) -> bytes:
    """The pre-filled template as CSV (UTF-8 with BOM, for Korean Excel); help as # rows at the end."""
    df = prefilled_rows(con, quarter, districts)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([HEADERS[c] for c in COLUMNS])
    for rec in df.itertuples(index=False):
        w.writerow(list(rec))
    for line in HELP:
        w.writerow([line.format(quarter=parse_quarter(quarter).label)])
    return buf.getvalue().encode("utf-8-sig")


def prefilled_xlsx(con: duckdb.DuckDBPyConnection, quarter: str, districts: tuple) -> bytes:
    """The pre-filled template as XLSX: sheet 1 '입력' (codes and texts kept as text), then '도움말'."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    df = prefilled_rows(con, quarter, districts)
    wb = Workbook()
    ws = wb.active
    ws.title = "입력"
    ws.append([HEADERS[c] for c in COLUMNS])
    for c in ws[1]:
        c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for rec in df.itertuples(index=False):
        ws.append([v if k in ("year", "quarter") else str(v) for k, v in zip(COLUMNS, rec)])
    for i, col in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = 40 if col in ("indicator_name", "cause", "measure") else 14
        if col not in ("year", "quarter"):
            for cell in ws[letter][1:]:
                cell.number_format = "@"  # keep 1-1-1 from becoming a date
    ws.freeze_panes = "A2"
    help_sheet = wb.create_sheet("도움말")
    for line in HELP:
        help_sheet.append([line.format(quarter=parse_quarter(quarter).label).lstrip("# ")])
    help_sheet.column_dimensions["A"].width = 110
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def prefilled_bytes(con: duckdb.DuckDBPyConnection, quarter: str, districts: tuple, fmt: str = "csv") -> bytes:
    return prefilled_xlsx(con, quarter, districts) if fmt == "xlsx" else prefilled_csv(con, quarter, districts)


def prefilled_filename(quarter: str, fmt: str = "csv") -> str:
    return f"maeul_actuals_{parse_quarter(quarter).label}.{'xlsx' if fmt == 'xlsx' else 'csv'}"
