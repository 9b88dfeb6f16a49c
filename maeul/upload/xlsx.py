"""Reading the rows of an XLSX workbook as text cells, streaming, with every cost bounded.

openpyxl builds Python objects for every element it meets (a workbook whose sheet declares no dimension is parsed
in full just to open it, and an inline string costs ~30 µs), so a small hostile file keeps it busy for minutes. This
module reads the few parts an upload needs with the standard library's expat parser:

- ``workbook_sheets``: the sheets in order, with their state (visible, hidden, veryHidden) and part, and the date
  system (1900 or 1904);
- ``shared_strings``: the shared-string table, each string cut to ``cell_cap`` characters (the length it had is
  kept, for the "too long" message);
- ``cell_formats``: per cell style, whether its number format shows a percentage or a date;
- ``sheet_rows``: (Excel row number, cells as text) of one sheet, cells past ``max_col`` ignored.

Cells read as they show in Excel where it matters for an upload: a number with a percent format as '35%', a date as
'2019-03-01', TRUE/FALSE as Y/N, a formula as its last computed value. Parts that declare a DTD are refused
(:class:`XlsxError`), so no entity is ever expanded. Number formats come from openpyxl's tables (BUILTIN_FORMATS,
is_date_format) — openpyxl itself parses nothing here.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

_R_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
         "http://purl.oclc.org/ooxml/officeDocument/relationships")


class XlsxError(ValueError):
    """A workbook part that cannot be read (missing, malformed, or declaring a DTD)."""


@dataclass(frozen=True)
class Sheet:
    name: str
    state: str  # visible | hidden | veryHidden
    part: str  # zip member, e.g. xl/worksheets/sheet1.xml


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _open(zf: zipfile.ZipFile, member: str):
    """A part, opened for streaming; refused when it declares a DTD anywhere (so no entity is ever expanded)."""
    try:
        with zf.open(member) as f:
            tail = b""
            while chunk := f.read(1 << 20):
                piece = tail + chunk
                if b"<!DOCTYPE" in piece or b"<!ENTITY" in piece:
                    raise XlsxError(f"{member} declares a DTD")
                tail = piece[-16:]
    except KeyError:
        raise XlsxError(f"missing part {member}") from None
    return zf.open(member)


def _tree(zf: zipfile.ZipFile, member: str) -> ET.Element:
    with _open(zf, member) as f:
        try:
            return ET.parse(f).getroot()
        except ET.ParseError as e:
            raise XlsxError(f"{member}: {e}") from None


def _rel_targets(zf: zipfile.ZipFile, rels: str, base: str) -> dict[str, str]:
    """Relationship id → zip member, from a .rels part (targets relative to `base` or absolute)."""
    if rels not in zf.namelist():
        return {}
    out = {}
    for rel in _tree(zf, rels):
        target = rel.get("Target") or ""
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out[rel.get("Id") or ""] = path
    return out


def workbook_sheets(zf: zipfile.ZipFile) -> tuple[list[Sheet], bool]:
    """(the worksheets in workbook order, whether the workbook counts dates from 1904)."""
    root = _tree(zf, "xl/workbook.xml")
    targets = _rel_targets(zf, "xl/_rels/workbook.xml.rels", "xl")
    sheets, date1904 = [], False
    for el in root.iter():
        name = _local(el.tag)
        if name == "workbookPr":
            date1904 = (el.get("date1904") or "").lower() in ("1", "true")
        elif name == "sheet":
            rid = next((el.get(f"{{{ns}}}id") for ns in _R_NS if el.get(f"{{{ns}}}id")), None)
            part = targets.get(rid or "", "")
            if part.startswith("xl/worksheets/"):  # chart sheets and dialog sheets hold no cells
                sheets.append(Sheet(el.get("name") or "", el.get("state") or "visible", part))
    return sheets, date1904


def _text_of(el: ET.Element) -> str:
    """The text of a string item (<si> or <is>): its <t>, or the <t> of each rich-text run; phonetic runs (<rPh>)
    are not part of the text."""
    parts = []
    for child in el:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def shared_strings(zf: zipfile.ZipFile, cell_cap: int) -> tuple[list[str], dict[int, int]]:
    """(the shared strings, each cut to `cell_cap` characters; {index: length} of those that were cut)."""
    if "xl/sharedStrings.xml" not in zf.namelist():
        return [], {}
    strings: list[str] = []
    long: dict[int, int] = {}
    with _open(zf, "xl/sharedStrings.xml") as f:
        try:
            for _, el in ET.iterparse(f, events=("end",)):
                if _local(el.tag) != "si":
                    continue
                text = _text_of(el)
                if len(text) > cell_cap:
                    long[len(strings)] = len(text)
                    text = text[:cell_cap]
                strings.append(text)
                el.clear()
        except ET.ParseError as e:
            raise XlsxError(f"sharedStrings.xml: {e}") from None
    return strings, long


def cell_formats(zf: zipfile.ZipFile) -> list[str]:
    """Per cell style (the `s` of a cell): 'percent', 'date', 'timedelta' or '' — from the style's number format."""
    if "xl/styles.xml" not in zf.namelist():
        return []
    root = _tree(zf, "xl/styles.xml")
    custom = {el.get("numFmtId"): el.get("formatCode") or "" for el in root.iter() if _local(el.tag) == "numFmt"}
    kinds = []
    for xfs in (el for el in root if _local(el.tag) == "cellXfs"):
        for xf in xfs:
            fid = xf.get("numFmtId") or "0"
            code = custom.get(fid)
            if code is None and fid.isdigit():
                code = BUILTIN_FORMATS.get(int(fid), "")
            code = code or ""
            kinds.append("timedelta" if is_timedelta_format(code) else "date" if is_date_format(code)
                         else "percent" if "%" in code else "")
    return kinds


def _col_index(ref: str | None, previous: int) -> int:
    """0-based column of a cell reference ('C7' → 2); the next column when the cell has none."""
    if not ref:
        return previous + 1
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
    return n - 1 if n else previous + 1


def num_text(v: float) -> str:
    """A number as a cell shows it without format: whole numbers without '.0', others with up to 15 digits."""
    if math.isnan(v) or math.isinf(v):
        return str(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return format(v, ".15g")


def value_text(v: object) -> str:
    """A Python cell value as text (dates ISO, booleans Y/N)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Y" if v else "N"
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return num_text(v)
    return str(v)


_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def _number(raw: str, kind: str, date1904: bool) -> str:
    if not _NUMBER.fullmatch(raw):
        return raw
    if kind in ("", "percent") and re.fullmatch(r"\s*[+-]?\d+\s*", raw):
        n = int(raw)
        return f"{n * 100}%" if kind == "percent" else str(n)
    v = float(raw)
    if kind == "percent":
        return num_text(round(v * 100, 9)) + "%"
    if kind in ("date", "timedelta") and math.isfinite(v):
        try:
            return value_text(from_excel(v, MAC_EPOCH if date1904 else WINDOWS_EPOCH, timedelta=kind == "timedelta"))
        except (OverflowError, ValueError):
            return num_text(v)
    return num_text(v)


@dataclass
class _Context:
    strings: list[str]
    kinds: list[str]
    date1904: bool


def _cell(el: ET.Element, ctx: _Context) -> tuple[str, int | None]:
    """(the cell as text, index of the shared string it shows or None)."""
    t = el.get("t") or "n"
    if t == "inlineStr":
        inline = next((c for c in el if _local(c.tag) == "is"), None)
        return ("" if inline is None else _text_of(inline)), None
    raw = next((c.text or "" for c in el if _local(c.tag) == "v"), "")
    if t == "s":
        try:
            i = int(raw)
            return ctx.strings[i], i
        except (ValueError, IndexError):
            raise XlsxError(f"cell {el.get('r')} refers to shared string {raw[:20]!r}") from None
    if t == "b":
        return ("Y" if raw.strip() in ("1", "true") else "N") if raw else "", None
    if t in ("str", "e", "d"):
        return raw, None
    if not raw:
        return "", None
    s = el.get("s")
    kind = ctx.kinds[int(s)] if s and s.isdigit() and int(s) < len(ctx.kinds) else ""
    return _number(raw, kind, ctx.date1904), None


_MAIN_NS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main")
_ROW_TAGS = {"row"} | {f"{{{ns}}}row" for ns in _MAIN_NS}
_CELL_TAGS = {"c"} | {f"{{{ns}}}c" for ns in _MAIN_NS}


def sheet_rows(zf: zipfile.ZipFile, part: str, strings: list[str], kinds: list[str], date1904: bool,
               max_col: int) -> Iterator[tuple[int, list[str], list[int]]]:
    """(Excel row number, cells as text up to `max_col` columns, the shared-string index behind each cell or -1)
    for every row with a cell. Each row is cleared once read (its empty shell stays: ~70 bytes a row)."""
    ctx = _Context(strings, kinds, date1904)
    row_no = 0
    with _open(zf, part) as f:
        try:
            for _, el in ET.iterparse(f, events=("end",)):
                if el.tag not in _ROW_TAGS:
                    continue
                r = el.get("r")
                row_no = int(r) if r and r.isdigit() else row_no + 1
                cells: dict[int, tuple[str, int | None]] = {}
                col = -1
                for c in el:
                    if c.tag not in _CELL_TAGS:
                        continue
                    col = _col_index(c.get("r"), col)
                    if 0 <= col < max_col:
                        cells[col] = _cell(c, ctx)
                el.clear()
                if cells:
                    width = max(cells) + 1
                    texts = [cells[i][0] if i in cells else "" for i in range(width)]
                    refs = [-1 if cells.get(i, ("", None))[1] is None else cells[i][1] for i in range(width)]
                    yield row_no, texts, refs
        except ET.ParseError as e:
            raise XlsxError(f"{part}: {e}") from None
