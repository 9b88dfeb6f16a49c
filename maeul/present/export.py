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
    role         an indicator's role ('대표지표' / 'Primary')
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

KINDS = ("text", "code", "value", "number", "rate", "percent", "amount", "status", "source", "kind", "trend", "verified", "unit", "bool",
         "basis", "role")
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
    """An i18n key's text, or the label itself; 'key@who' → 'text [who]' (a column per district)."""
    if "@" in label:
        base, who = label.split("@", 1)
        return f"{_label(base, lang)} [{who}]"
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
    if k in NUMERIC_KINDS and not _is_number(v):
        return str(v)  # text where a number was expected (a stage, a printed cell): kept as text
    if k in ("value", "number"):
        return fmt.number_value(v)
    if k == "rate":
        return fmt.rate_number(v)
    if k == "percent":
        return fmt.percent_value(v)
    if k == "amount":
        return fmt.amount_value(v)
    if k == "status":  # a progress status as its word; other states (an upload's 'committed') as they are
        return fmt.status_label(v, lang) if fmt.known_status(v) == v else str(v)
    if k in ("source", "kind", "role", "trend"):
        return _word(f"{k}.{v}", lang) or str(v)
    if k == "verified":
        return fmt.verified_text(bool(v), lang)
    if k == "unit":
        return fmt.unit_label(str(v), lang)
    if k == "bool":
        return t("export.yes" if bool(v) else "export.no", lang)
    if k == "basis":
        return fmt.basis_text(v, lang) or None
    if k == "text" and isinstance(v, (int, float)) and not isinstance(v, bool):
        return fmt.number_value(v)  # a number in a free column stays a number
    return str(v)


def _is_number(v) -> bool:
    if isinstance(v, bool):
        return False
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return True


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


def frame_xlsx_bytes(frame: pd.DataFrame, name: str = "data", lines: tuple[str, ...] = (),
                     cols: tuple[Col, ...] | None = None) -> bytes:
    """One exported frame as a one-sheet workbook (a page's download as XLSX): numbers stay numbers (with the
    formats of ``cols``' kinds when given), codes such as '1-1-1' stay text (a CSV opened in Excel turns them into
    dates)."""
    if cols is None or len(cols) != len(frame.columns):
        cols = tuple(Col(str(c), str(c), "number" if _numeric(frame[c]) else "text") for c in frame.columns)
    return xlsx_bytes([Sheet(name, (Block(frame, cols),), lines)])


def _numeric(s: pd.Series) -> bool:
    vals = [v for v in s.tolist() if v is not None and not fmt.missing(v)]
    return bool(vals) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals)


# ------------------------------------------------------------------ file names

_UNSAFE = re.compile(r'[\\/:*?"<>|\[\]\s\x00-\x1f]+')


def _part(s) -> str:
    return _UNSAFE.sub("-", str(s)).strip("-.")


def export_name(scope: str, quarter: str | None, what: str, ext: str = "csv") -> str:
    """'maeul_강남구_2021Q4_지표.csv': the app, the scope ('서울시전체', '강남구', '강남구-송파구'; left out when
    empty), the quarter (left out when None) and what the file holds; characters a file system refuses become '-'."""
    scope = _part(scope.replace(", ", "-").replace(" ", "")) if scope else ""
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


# ------------------------------------------------------------------ page downloads: the known columns

# Every column a page hands out, once: its header (i18n 'xcol.<name>' unless given) and kind. Page models keep their
# frames as they are (raw values); export_frame(df, None, lang) turns them into export frames with these columns.
KNOWN: dict[str, tuple[str, str, str | None]] = {
    # name: (label key, kind, fixed unit)
    "code": ("col.code", "code", None), "name": ("col.name", "text", None), "name_ko": ("col.name", "text", None),
    "label": ("col.name", "text", None), "indicator": ("exp.indicator", "text", None),
    "project": ("exp.project", "text", None), "project_name": ("exp.project", "text", None),
    "ref_period": ("xcol.pub_period", "code", None), "source_name": ("xcol.from_name", "text", None),
    "target_name": ("xcol.to_name", "text", None), "strategy": ("exp.strategy", "text", None),
    "task": ("exp.task", "text", None), "group": ("exp.group", "text", None), "unit": ("col.unit", "unit", None),
    "kind": ("col.kind", "kind", None), "role": ("xcol.role", "role", None), "status": ("col.status", "status", None),
    "source": ("col.source", "source", None), "target": ("col.target", "value", None),
    "expected": ("col.expected", "value", None), "actual": ("col.actual", "value", None),
    "value": ("xcol.value", "value", None), "rate": ("col.rate", "rate", None),
    "year_rate": ("xcol.year_rate", "rate", None), "projected_reach": ("xcol.projected_reach", "bool", None),
    "baseline": ("exp.baseline", "value", None), "baseline_year": ("exp.baseline_year", "code", None),
    "actual_period": ("exp.period", "code", None), "period": ("exp.period", "code", None),
    "target_basis": ("exp.target_basis", "basis", None), "basis": ("exp.target_basis", "basis", None),
    "share": ("xcol.share", "percent", None), "ptd_actual": ("xcol.ptd_actual", "value", None),
    "ptd_target": ("xcol.ptd_target", "value", None), "plan_total": ("xcol.plan_total", "value", None),
    "projection": ("xcol.projection", "value", None), "final_stage": ("xcol.final_stage", "text", None),
    "detail": ("xcol.detail", "text", None), "source_detail": ("xcol.detail", "text", None),
    "pub_value": ("exp.published_value", "value", None), "pub_period": ("xcol.pub_period", "code", None),
    "publisher": ("exp.publisher", "text", None), "source_date": ("exp.source_date", "text", None),
    "url": ("exp.url", "text", None), "note": ("exp.note", "text", None), "description": ("exp.note", "text", None),
    "planned": ("charts.planned", "amount", None), "executed": ("charts.executed", "amount", None),
    "has_execution": ("exp.has_execution", "bool", None), "year": ("col.year", "code", None),
    "quarter": ("xcol.quarter", "code", None), "planned_year": ("exp.planned_year", "amount", None),
    "executed_year": ("exp.executed_year", "amount", None), "planned_to_date": ("exp.planned_to_date", "amount", None),
    "executed_to_date": ("exp.executed_to_date", "amount", None), "rate_year": ("exp.exec_rate_year", "percent", None),
    "rate_to_date": ("exp.exec_rate_to_date", "percent", None), "count": ("exp.count", "number", None),
    "scope": ("exp.scope", "text", None), "as_of": ("exp.as_of", "code", None),
    "plan_rate": ("exp.plan_rate", "rate", None), "plan_status": ("exp.plan_status", "status", None),
    "weighted": ("exp.weighted", "bool", None), "district": ("brief.col.district_code", "code", None),
    "district_code": ("brief.col.district_code", "code", None), "district_name": ("col.district", "text", None),
    "indicator_code": ("col.code", "code", None), "rank": ("exp.rank", "number", None),
    "derived": ("exp.derived", "bool", None), "direction": ("xcol.direction", "text", None),
    "previous_status": ("xcol.previous_status", "status", None), "previous_rate": ("xcol.previous_rate", "rate", None),
    "change": ("xcol.change", "text", None), "trend": ("overview.col.direction", "trend", None),
    "anchor": ("xcol.anchor", "value", None), "anchor_period": ("xcol.anchor_period", "code", None),
    "added": ("xcol.added", "value", None), "n_reporting": ("xcol.n_reporting", "number", None),
    "comparable": ("xcol.comparable", "bool", None), "verified": ("xcol.verified", "verified", None),
    "explanation": ("xcol.explanation", "text", None), "provisional": ("xcol.provisional", "bool", None),
    "unit_project_code": ("xcol.project_code", "code", None), "task_code": ("xcol.task_code", "code", None),
    "strategy_code": ("xcol.strategy_code", "code", None), "source_section": ("xcol.section", "text", None),
    "department": ("xcol.department", "text", None), "level": ("xcol.level", "number", None),
    "from": ("xcol.from", "code", None), "to": ("xcol.to", "code", None), "from_name": ("xcol.from_name", "text", None),
    "to_name": ("xcol.to_name", "text", None), "quarters_reported": ("xcol.quarters_reported", "number", None),
    "quarters_expected": ("xcol.quarters_expected", "number", None), "last_quarter": ("xcol.last_quarter", "code", None),
    "quarters_behind": ("xcol.quarters_behind", "number", None), "rows": ("xcol.rows", "number", None),
    "n_actual": ("xcol.n_actual", "number", None), "n_published": ("xcol.n_published", "number", None),
    "has_data": ("xcol.has_data", "bool", None), "id": ("brief.col.id", "code", None),
    "where": ("brief.col.where", "text", None), "figure_a": ("brief.col.a", "text", None),
    "figure_b": ("brief.col.b", "text", None), "model_uses": ("brief.col.uses", "text", None),
    "why": ("brief.col.why", "text", None), "funding": ("xcol.funding", "text", None),
    "included_in": ("xcol.included_in", "text", None), "counted_in_viii": ("xcol.counted_in_viii", "bool", None),
    "printed_total": ("xcol.printed", "text", None), "printed": ("xcol.printed", "text", None),
    "y2018": ("xcol.y2018", "amount", None), "y2019": ("xcol.y2019", "amount", None),
    "y2020": ("xcol.y2020", "amount", None), "y2021": ("xcol.y2021", "amount", None),
    "y2022": ("xcol.y2022", "amount", None), "total": ("brief.total", "amount", None),
    "printed_amount": ("xcol.printed_amount", "amount", None), "computed": ("xcol.computed", "amount", None),
    "diff": ("xcol.diff", "amount", None), "match": ("xcol.match", "bool", None),
    "series": ("xcol.series", "text", None), "stage": ("xcol.stage", "text", None),
    "confidence": ("xcol.confidence", "text", None), "measure": ("xcol.measure", "text", None),
    "space_type": ("xcol.space_type", "text", None), "dong_code": ("xcol.adm_cd2", "code", None),
    "adm_cd2": ("xcol.adm_cd2", "code", None), "dong_name": ("xcol.dong", "text", None),
    "address": ("xcol.address", "text", None), "lat": ("xcol.lat", "number", None),
    "lon": ("xcol.lon", "number", None), "opened": ("xcol.opened", "text", None),
    "closed": ("xcol.closed", "text", None), "has_childcare_room": ("xcol.childcare", "bool", None),
    "is_sample": ("xcol.is_sample", "bool", None), "upload_id": ("xcol.upload_id", "code", None),
    "area_km2": ("xcol.area", "number", "km²"), "pop_total_2021q2": ("xcol.pop", "number", "명"),
    "stat": ("xcol.stat", "code", None), "label_ko": ("xcol.item", "text", None),
    "uploaded_at": ("xcol.uploaded_at", "text", None), "user": ("xcol.user", "text", None),
    "file_name": ("xcol.file_name", "text", None), "sha256": ("xcol.sha256", "text", None),
    "encoding": ("xcol.encoding", "text", None), "rolled_back_at": ("xcol.rolled_back_at", "text", None),
    "rolled_back_by": ("xcol.rolled_back_by", "text", None),
}
# Left out of downloads: positions for drawing, internal indexes, and the stage columns a 'value' column already
# reads for milestones; '<x>_en' columns are the English of '<x>' (picked by language).
DROPPED = ("label_lon", "label_lat", "lon_min", "lat_min", "lon_max", "lat_max", "last_qi", "target_stage",
           "expected_stage", "actual_stage")
_PER_DISTRICT = re.compile(r"^(?P<base>.+)_(?P<code>\d{5})$")


def _known_col(name: str, names: dict[str, str] | None) -> Col:
    """The Col of a page column: the vocabulary's, '<base>_<district code>' as the base's with the district's name,
    anything else under its own name as text."""
    if name in KNOWN:
        label, kind, unit = KNOWN[name]
        return Col(name, label, kind, unit)
    m = _PER_DISTRICT.match(name)
    if m and m.group("base") in KNOWN:
        label, kind, unit = KNOWN[m.group("base")]
        return Col(name, f"{label}@{(names or {}).get(m.group('code'), m.group('code'))}", kind, unit)
    return Col(name, name, "text")


def auto_cols(df: pd.DataFrame, lang: str = "ko", names: dict[str, str] | None = None) -> tuple[Col, ...]:
    """The export columns of a page's frame: known columns in their order, internal ones dropped, bilingual pairs
    ('name' and 'name_en') as one column in the chosen language."""
    cols = []
    for c in map(str, df.columns):
        if c.startswith("_") or c in DROPPED or (c.endswith("_en") and (c[:-3] in df.columns
                                                                        or f"{c[:-3]}_ko" in df.columns)):
            continue
        cols.append(_known_col(c, names))
    return tuple(cols)


def page_frame(df: pd.DataFrame, lang: str = "ko", names: dict[str, str] | None = None) -> pd.DataFrame:
    """A page's download frame as exported: auto_cols, English names from '<x>_en' in English mode."""
    cols = auto_cols(df, lang, names)
    src = df.copy()
    if lang == "en":
        for c in cols:
            base = c.key[:-3] if c.key.endswith("_ko") else c.key
            if f"{base}_en" in src.columns:
                src[c.key] = [v if not fmt.missing(v) and str(v).strip() else k
                              for k, v in zip(src[c.key], src[f"{base}_en"])]
    return export_frame(src, cols, lang)


def page_file_name(file_name: str, as_of: str, scope: str, lang: str = "ko", ext: str = "csv") -> str:
    """A page's download name ('overview_plan_2021Q4.csv') as the file users get: 'maeul_강남구_2021Q4_개요-진도.csv' —
    the scope, the quarter when the page's name has it, and what the file holds in the user's language."""
    stem = file_name.rsplit(".", 1)[0]
    has_quarter = f"_{as_of}" in stem
    stem = stem.replace(f"_{as_of}", "")
    key = max((k for k in FILE_WHAT if stem == k or stem.startswith(k + "_")), key=len, default=None)
    rest = stem[len(key):] if key else ""
    for word, label in SUFFIX_WHAT.items():
        rest = rest.replace(f"_{word}", "_" + t(label, lang))
    what = (t(f"xname.{key}", lang) + rest) if key else stem
    place = None if key in PLAN_WIDE else scope
    return export_name(place or "", as_of if has_quarter else None, what, ext)


# The pages' file names (their stems without the quarter) → i18n 'xname.<stem>'; PLAN_WIDE ones hold plan data that
# no district filter changes, so their names carry no scope.
FILE_WHAT = ("overview_plan", "overview_budget", "overview_headline", "overview_ranking", "overview_changes", "strategy_indicators",
             "indicator", "budget_viii_reconciliation", "budget_flows", "budget_executed_flows", "budget_treemap",
             "budget_by_year_strategy", "budget_execution", "budget_lines_outside_viii", "budget_lines", "coverage",
             "stale_districts", "indicator_data", "data_quality_notes", "published_figures", "districts_ranking",
             "districts_multiples", "dongs", "resident_tax_2016", "spaces", "progress", "districts_facts",
             "districts_compare", "map", "upload_errors", "uploads")
SUFFIX_WHAT = {"districts": "xname.by_district"}
PLAN_WIDE = {"budget_viii_reconciliation", "budget_flows", "budget_treemap", "budget_by_year_strategy",
             "budget_lines_outside_viii", "budget_lines", "data_quality_notes", "published_figures", "uploads",
             "upload_errors"}
