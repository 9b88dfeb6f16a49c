"""Upload templates: CSV (UTF-8 with BOM, code list as # comment rows) and XLSX (input sheet + code-list sheets).

Both open correctly in Korean Excel, and both read back through maeul.upload.reader.read_upload as an empty file of
the right kind (the # rows and the extra sheets are ignored).
"""

from __future__ import annotations

import csv
import io

import duckdb
import pandas as pd

from maeul import PLAN_YEARS
from maeul.upload.errors import IngestError
from maeul.upload.spec import CITYWIDE_LABEL, HEADERS_KO, KINDS, SEOUL_LAT, SEOUL_LON, SPACE_TYPES

_TARGET_KIND_KO = {"annual": "연간 실적(분기 중 건수)", "cumulative": "누적 지표(분기 중 새로 늘어난 수)",
                   "level": "수준(분기 말 값)", "milestone": "단계"}
_SCOPE_KO = {"both": "서울시·자치구", "citywide": "서울시만(자치구 비움)", "district": "자치구만"}

_HELP: dict[str, list[str]] = {
    "actuals": [
        "# 실적 입력 양식 — '#'으로 시작하는 줄은 읽지 않습니다 (지워도 되고 남겨 두어도 됩니다).",
        f"# 연도 {PLAN_YEARS[0]}~{PLAN_YEARS[-1]} / 분기 1~4 / 자치구: 이름(강남구·강남) 또는 코드(11680), "
        f"서울시 전체는 비우거나 '{CITYWIDE_LABEL}'",
        "# 실적: 숫자(1,000 / 35% / 3.5) — 단계 지표는 아래 목록의 단계 이름",
        "# 예: 2019 / 1 / 강남구 / 1-1-1 / 25 / (비고)",
    ],
    "budget": [
        "# 예산 집행 입력 양식 — '#'으로 시작하는 줄은 읽지 않습니다.",
        f"# 연도 {PLAN_YEARS[0]}~{PLAN_YEARS[-1]} / 분기 1~4 / 자치구: 이름 또는 코드, 서울시 전체는 비움",
        "# 집행액: 그 분기에 집행한 금액(백만원). 예산 항목만 입력할 수 있습니다 (비예산·포함 항목 제외).",
        "# 예: 2019 / 2 / (비움) / 1-1-1-B1 / 230.5 / (비고)",
    ],
    "spaces": [
        "# 공동체 공간 입력 양식 — '#'으로 시작하는 줄은 읽지 않습니다.",
        "# 유형: " + " · ".join(SPACE_TYPES),
        f"# 위도 {SEOUL_LAT[0]}~{SEOUL_LAT[1]}, 경도 {SEOUL_LON[0]}~{SEOUL_LON[1]} (서울 안) / "
        "행정동코드: 10자리(예: 1168064000, 비워도 됨)",
        "# 개소일·폐소일: 2019-03-01 / 열린육아방: Y 또는 N",
        "# 예: 마을공간 온 / 우리마을공간 / 강남구 / 1168064000 / 서울특별시 강남구 … / 37.4979 / 127.0276 / "
        "2018-05-01 / / Y / (비고)",
    ],
}


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise IngestError("unknown_kind_name", value=kind)


def code_tables(con: duckdb.DuckDBPyConnection, kind: str) -> dict[str, pd.DataFrame]:
    """The valid codes for `kind`, as named tables (sheet name → DataFrame with Korean column names)."""
    _check_kind(kind)
    with con.cursor() as cur:
        districts = cur.execute(
            "SELECT code AS 코드, name_ko AS 자치구, name_short AS 줄임, name_en AS 영문 FROM district ORDER BY code"
        ).df()
        tables: dict[str, pd.DataFrame] = {}
        if kind == "actuals":
            ind = cur.execute("""
                SELECT i.code, i.name_ko, i.unit, i.target_kind, i.scope,
                       string_agg(s.stage, ' → ' ORDER BY s.ord) AS stages
                FROM indicator i LEFT JOIN stage s ON s.indicator_code = i.code
                GROUP BY ALL ORDER BY min(i.seq)
            """).df()
            ind["입력"] = [
                (st if isinstance(st, str) and st else "단계") if k == "milestone" else f"숫자({u})"
                for k, u, st in zip(ind["target_kind"], ind["unit"], ind["stages"])
            ]
            tables["지표코드"] = pd.DataFrame({
                "지표코드": ind["code"], "지표": ind["name_ko"], "단위": ind["unit"],
                "종류": ind["target_kind"].map(lambda k: _TARGET_KIND_KO.get(k, k)),
                "범위": ind["scope"].map(lambda s: _SCOPE_KO.get(s, s)), "입력": ind["입력"],
            })
        elif kind == "budget":
            tables["예산코드"] = cur.execute("""
                SELECT b.code AS 예산코드, b.name_ko AS 항목, b.unit_project_code AS 단위사업
                FROM budget_line b WHERE b.funding = '예산' ORDER BY b.code
            """).df()
        else:
            tables["유형"] = pd.DataFrame({"유형": list(SPACE_TYPES)})
            tables["열린육아방"] = pd.DataFrame({"값": ["Y", "N"], "뜻": ["있음", "없음"]})
    tables["자치구"] = districts
    return tables


def template_csv(con: duckdb.DuckDBPyConnection, kind: str) -> bytes:
    """The CSV template: header row, then the help and code lists as # comment rows. UTF-8 with BOM."""
    tables = code_tables(con, kind)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADERS_KO[kind])
    for line in _HELP[kind]:
        w.writerow([line])
    for title, df in tables.items():
        w.writerow([f"# [{title}] " + " | ".join(df.columns)])
        for rec in df.itertuples(index=False):
            w.writerow(["# " + " | ".join("" if pd.isna(v) else str(v) for v in rec)])
    return buf.getvalue().encode("utf-8-sig")


def template_xlsx(con: duckdb.DuckDBPyConnection, kind: str) -> bytes:
    """The XLSX template: sheet 1 '입력' (header only; code columns formatted as text, drop-down lists), then one
    sheet per code list and a '도움말' sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    tables = code_tables(con, kind)
    wb = Workbook()
    ws = wb.active
    ws.title = "입력"
    headers = HEADERS_KO[kind]
    ws.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for i, h in enumerate(headers, start=1):
        c = ws.cell(row=1, column=i)
        c.font, c.fill = bold, fill
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(10, min(40, 2 * len(h) + 6))
        if h in ("자치구", "지표코드", "예산코드", "행정동코드", "실적", "비고", "이름", "주소"):
            ws.column_dimensions[letter].number_format = "@"  # keep 1-1-1 and 3-1 from becoming dates
    ws.freeze_panes = "A2"

    def add_list(column_name: str, sheet: str, n: int) -> None:
        if column_name not in headers or n == 0:
            return
        letter = get_column_letter(headers.index(column_name) + 1)
        dv = DataValidation(type="list", formula1=f"'{sheet}'!$A$2:$A${n + 1}", allow_blank=True,
                            showErrorMessage=False)
        dv.add(f"{letter}2:{letter}5000")
        ws.add_data_validation(dv)

    for title, df in tables.items():
        sh = wb.create_sheet(title)
        sh.append(list(df.columns))
        for c in sh[1]:
            c.font, c.fill = bold, fill
        for rec in df.itertuples(index=False):
            sh.append(["" if pd.isna(v) else str(v) for v in rec])
        for i, col in enumerate(df.columns, start=1):
            width = max([len(str(col))] + [len(str(v)) for v in df[col].tolist()]) + 2
            sh.column_dimensions[get_column_letter(i)].width = max(8, min(60, width * 1.6))
        sh.freeze_panes = "A2"
    add_list("지표코드", "지표코드", len(tables.get("지표코드", ())))
    add_list("예산코드", "예산코드", len(tables.get("예산코드", ())))
    add_list("유형", "유형", len(tables.get("유형", ())))
    add_list("열린육아방", "열린육아방", 2)
    if "자치구" in headers:
        letter = get_column_letter(headers.index("자치구") + 1)
        dv = DataValidation(type="list", formula1=f"'자치구'!$B$2:$B${len(tables['자치구']) + 1}",
                            allow_blank=True, showErrorMessage=False)
        dv.add(f"{letter}2:{letter}5000")
        ws.add_data_validation(dv)
    help_sheet = wb.create_sheet("도움말")
    for line in _HELP[kind]:
        help_sheet.append([line.lstrip("# ")])
    help_sheet.column_dimensions["A"].width = 120
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_bytes(con: duckdb.DuckDBPyConnection, kind: str, fmt: str = "csv") -> bytes:
    """The template in `fmt` ('csv' or 'xlsx')."""
    if fmt == "xlsx":
        return template_xlsx(con, kind)
    return template_csv(con, kind)


def template_filename(kind: str, fmt: str = "csv") -> str:
    _check_kind(kind)
    return f"maeul_{kind}_template.{'xlsx' if fmt == 'xlsx' else 'csv'}"
