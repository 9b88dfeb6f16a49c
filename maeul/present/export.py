"""Exports users open in spreadsheets — the one export vocabulary of the app.

Every CSV and XLSX the app hands out (page downloads, the briefing workbook) is made here from a frame and a list of
columns (``Col``): Korean headers (English in English mode) that say the unit — '실적(건)', '달성률(%)',
'집행(백만원)' —, numbers as numbers rounded as they are shown (maeul.present.format: no float noise), progress
rates as the whole percent the app shows (one scale, said in the header), statuses as plain words, text cells with
spreadsheet formulas neutralised, UTF-8 with BOM for Korean Excel, and file names that carry the scope and the
quarter (``export_name``: 'maeul_강남구_2021Q4_지표.csv').

Column kinds (``Col.kind``):
    text, code   text as it is ('–' nowhere: an empty cell is empty); a number in a 'text' column stays a number
    value        a measured value in the row's own unit (column ``unit``; a milestone row gives its stage,
                 from ``<key>_stage``) — pair it with a 'unit' column
    number       a number in the column's fixed unit (``Col.unit``, said in the header)
    rate         a progress rate (fraction in the data) → whole percent, truncated as shown ('달성률(%)')
    percent      a share without a status (fraction) → percent with one decimal ('집행률(%)')
    amount       백만원 at 0.1 백만원 ('집행(백만원)')
    status       a status as its word ('지연' / 'Behind')
    source       where an actual came from ('업로드', '공표', …)
    kind         a target kind ('누계' / 'Cumulative')
    unit         a unit ('개소' / 'sites')
    bool         yes/no as words ('예' / 'Yes')
    basis        a target basis ('파생(동 수 비율)' / 'derived (share of dongs)')
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pandas as pd

from maeul.i18n import TEXT, t
from maeul.present import format as fmt

# Text starting with these runs as a formula in Excel/LibreOffice (full-width forms included).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

KINDS = ("text", "code", "value", "number", "rate", "percent", "amount", "status", "source", "kind", "unit", "bool",
         "basis")
NUMERIC_KINDS = ("value", "number", "rate", "percent", "amount")


def safe_cell(s):
    """Neutralise a text cell for CSV/Excel export: text starting with = + - @ (or a tab/CR) gets a leading ' so
    spreadsheets show it instead of running it. Non-text values (a negative number is a number) are unchanged."""
    if isinstance(s, str) and s.startswith(FORMULA_START):
        return "'" + s
    return s


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text cell (and column name) passed through safe_cell."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype):
            # element-wise and kept as object: Series.map would turn a column of ints and blanks into floats (90.0)
            out[c] = pd.Series([safe_cell(v) for v in out[c].tolist()], index=out.index, dtype=object)
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def safe_csv_bytes(df: pd.DataFrame) -> bytes:
    """A download-ready CSV: neutralised cells, UTF-8 with BOM (opens correctly in Korean Excel)."""
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")


# ------------------------------------------------------------------ the column vocabulary


@dataclass(frozen=True)
class Col:
    """One exported column: the source column ``key``, its header (an i18n key, or literal text when it is not
    one), its ``kind`` (see the module docstring) and, for 'number', the unit said in the header."""

    key: str
    label: str
    kind: str = "text"
    unit: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown export column kind: {self.kind}")


def _label(label: str, lang: str) -> str:
    return t(label, lang) if label in TEXT else label


def header_unit(col: Col, lang: str = "ko") -> str:
    """The unit a column's header says: '%' for rates and shares, '백만원' / 'KRW mn' for amounts, the fixed unit of a
    'number' column; '' otherwise."""
    if col.kind in ("rate", "percent"):
        return "%"
    if col.kind == "amount":
        return t("unit.mn", lang)
    if col.kind == "number" and col.unit:
        return fmt.unit_label(col.unit, lang)
    return ""


def header(col: Col, lang: str = "ko") -> str:
    """'달성률(%)' / 'Rate (%)': the column's label with the unit it is counted in."""
    label, unit = _label(col.label, lang), header_unit(col, lang)
    if not unit or unit in label:
        return label
    return f"{label}({unit})" if lang == "ko" else f"{label} ({unit})"


def _word(key: str, lang: str) -> str | None:
    return t(key, lang) if key in TEXT else None


def value(v, col: Col, row: dict | None = None, lang: str = "ko"):
    """The exported value of one cell: a number for the numeric kinds (None when missing), a word for statuses,
    sources, kinds and units, text otherwise."""
    row = row or {}
    k = col.kind
    if k == "value" and row.get("kind") == "milestone":
        stage = row.get(f"{col.key}_stage")
        return None if fmt.missing(stage) else str(stage)
    if fmt.missing(v):
        return None
    if k in ("value", "number"):
        return fmt.number_value(v)
    if k == "rate":
        return fmt.rate_number(v)
    if k == "percent":
        return fmt.percent_value(v)
    if k == "amount":
        return fmt.amount_value(v)
    if k == "status":
        return fmt.status_label(v, lang)
    if k in ("source", "kind"):
        return _word(f"{k}.{v}", lang) or str(v)
    if k == "unit":
        return fmt.unit_label(str(v), lang)
    if k == "bool":
        return t("export.yes" if bool(v) else "export.no", lang)
    if k == "basis":
        return fmt.basis_text(v, lang) or None
    if k == "text" and isinstance(v, (int, float)) and not isinstance(v, bool):
        return fmt.number_value(v)  # a number in a free column stays a number
    return str(v)


def display(v, col: Col, row: dict | None = None, lang: str = "ko") -> str:
    """The same cell as text for a printed table (briefings): the figure as the app shows it, without the unit the
    header already says; '–' when missing."""
    row = row or {}
    out = value(v, col, row, lang)
    if out is None:
        return fmt.DASH
    k = col.kind
    if k == "value" and row.get("kind") != "milestone":
        return fmt.number(v)
    if k == "number":
        return fmt.number(v)
    if k == "rate":
        return fmt.rate(v).rstrip("%")
    if k == "percent":
        return fmt.number(out, 1)
    if k == "amount":
        return fmt.number(v, 0)
    return str(out)


def export_frame(df: pd.DataFrame, cols: list[Col] | tuple[Col, ...], lang: str = "ko") -> pd.DataFrame:
    """``df`` as it is exported: one column per ``Col`` (missing source columns stay empty), headers with units,
    values per kind (numbers as Python numbers in object columns, so a CSV writes 90, not 90.0, and a missing
    figure is an empty cell)."""
    rows = df.to_dict("records") if len(df) else []
    out = {}
    for c in cols:
        out[header(c, lang)] = pd.Series([value(r.get(c.key), c, r, lang) for r in rows], dtype=object)
    return pd.DataFrame(out, columns=[header(c, lang) for c in cols])


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """An exported frame as CSV for Korean Excel (UTF-8 with BOM, formulas neutralised)."""
    return safe_csv_bytes(frame)


def frame_xlsx_bytes(frame: pd.DataFrame, name: str = "data", lines: tuple[str, ...] = ()) -> bytes:
    """One exported frame as a one-sheet workbook (a page's download as XLSX): numbers stay numbers, codes such
    as '1-1-1' stay text (a CSV opened in Excel turns them into dates)."""
    cols = tuple(Col(str(c), str(c), "number" if pd.api.types.is_numeric_dtype(frame[c]) or _numeric(frame[c])
                     else "text") for c in frame.columns)
    return xlsx_bytes([Sheet(name, (Block(frame, cols),), lines)])


def _numeric(s: pd.Series) -> bool:
    vals = [v for v in s.tolist() if v is not None and not fmt.missing(v)]
    return bool(vals) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals)


# ------------------------------------------------------------------ file names

_UNSAFE = re.compile(r'[\\/:*?"<>|\[\]\s\x00-\x1f]+')


def _part(s) -> str:
    return _UNSAFE.sub("-", str(s)).strip("-.")


def export_name(scope: str, quarter: str | None, what: str, ext: str = "csv") -> str:
    """'maeul_강남구_2021Q4_지표.csv': the app, the scope ('서울시전체', '강남구', '강남구-송파구'), the quarter
    (left out when None) and what the file holds; characters a file system refuses become '-'."""
    scope = _part(scope.replace(", ", "-").replace(" ", "")) or "scope"
    parts = ["maeul", scope] + ([_part(quarter)] if quarter else []) + [_part(what)]
    return "_".join(p for p in parts if p) + f".{ext}"


# ------------------------------------------------------------------ XLSX


@dataclass(frozen=True)
class Block:
    """One table on a worksheet: an optional title row, then the exported frame under its header row. ``cols``
    are the frame's columns (their kinds give the number formats)."""

    frame: pd.DataFrame
    cols: tuple[Col, ...]
    title: str = ""


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its name, the lines above its tables (title, scope, as-of) and its tables."""

    name: str
    blocks: tuple[Block, ...]
    lines: tuple[str, ...] = ()


NUMBER_FORMATS = {"rate": "0", "percent": "0.0", "amount": "#,##0"}  # number/value: see _number_format


def _number_format(kind: str, v) -> str | None:
    """The cell format of a number: the kind's, else thousands separators with the decimals it has."""
    if kind in NUMBER_FORMATS:
        return NUMBER_FORMATS[kind]
    if kind in ("number", "value"):
        return "#,##0" if float(v).is_integer() else "#,##0.0#"
    return None
HEAD_FILL = "E8EEF5"


def _text_width(s) -> int:
    s = "" if s is None else str(s)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _write_block(ws, block: Block, row: int, widths: dict[int, int]) -> int:
    """Write one block from ``row``; return the row of its header (for freezing) — widths collects the widest
    cell per column (Korean characters count double)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    if block.title:
        ws.cell(row=row, column=1, value=safe_cell(block.title)).font = Font(bold=True, size=11)
        row += 1
    kinds = [c.kind for c in block.cols] if len(block.cols) == len(block.frame.columns) else []
    for j, name in enumerate(block.frame.columns, start=1):
        cell = ws.cell(row=row, column=j, value=safe_cell(name))
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=HEAD_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        widths[j] = max(widths.get(j, 0), min(_text_width(name), 24))
        kind = kinds[j - 1] if kinds else "text"
        for i, v in enumerate(block.frame[name].tolist(), start=row + 1):
            c = ws.cell(row=i, column=j, value=safe_cell(v))
            if isinstance(v, (int, float)) and not isinstance(v, bool) and _number_format(kind, v):
                c.number_format = _number_format(kind, v)
            if i - row <= 500:
                widths[j] = max(widths[j], _text_width(v))
    return row


def _write_sheet(ws, sheet: Sheet) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for i, line in enumerate(sheet.lines, start=1):
        ws.cell(row=i, column=1, value=safe_cell(line)).font = Font(bold=(i == 1), size=13 if i == 1 else 10)
    row = len(sheet.lines) + (2 if sheet.lines else 1)
    widths: dict[int, int] = {}
    freeze = None
    for block in sheet.blocks:
        head = _write_block(ws, block, row, widths)
        freeze = freeze or head + 1
        row = head + len(block.frame) + 2
    for j, w in widths.items():
        ws.column_dimensions[get_column_letter(j)].width = min(60, w + 2)
    if freeze and len(sheet.blocks) == 1:  # with several tables on a sheet only the first header could stay
        ws.freeze_panes = ws.cell(row=freeze, column=1)


def xlsx_bytes(sheets: list[Sheet] | tuple[Sheet, ...]) -> bytes:
    """A workbook with one worksheet per Sheet: the lines first, then each table under a bold header row (frozen
    below it when the sheet has one table), numbers as numbers with formats (rates and shares as % numbers, the
    header says so), column widths to fit, text neutralised like the CSV."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(re.sub(r"[\[\]:*?/\\]", "-", sheet.name)[:31] or "sheet")  # Excel's rule
        _write_sheet(ws, sheet)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
