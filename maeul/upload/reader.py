"""Bytes of an uploaded file → a ReadResult: the file's rows as text cells under canonical column names, the kind of
file (actuals, budget, spaces) and every file-level problem.

CSV in UTF-8, UTF-8 with BOM, CP949 or UTF-16 (Excel's "유니코드 텍스트"), comma/tab/semicolon separated; XLSX
(first sheet). Title rows above the header and '#' comment rows are skipped; row numbers stay the ones Excel shows.
Never raises on bad input.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd

from maeul.upload import spec
from maeul.upload.errors import UploadError, make_error
from maeul.upload.parse import norm_text
from maeul.upload.spec import COLUMNS, HEADER_ALIASES, HEADERS_KO, KIND_MARKERS, OPTIONAL

MAX_ROWS = 200_000
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 10  # title rows above the header that are skipped
MAX_XLSX_UNPACKED = 400 * 1024 * 1024  # sum of the XLSX zip members' sizes (zip-bomb guard)

Records = list[tuple[int, list[str]]]  # (Excel row number, cells as text)


@dataclass
class ReadResult:
    """A file as read: `df` has canonical column names and text cells ('' = empty); its index is the Excel row."""

    df: pd.DataFrame
    kind: str | None
    encoding: str | None
    errors: list[UploadError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # canonical column → header as written in the file
    name: str = ""
    size: int = 0
    sha256: str = ""


def norm_header(s: str) -> str:
    """A header cell as looked up in HEADER_ALIASES: no spaces, lower case, no trailing * (required-column mark)."""
    s = norm_text(s).lower()
    s = re.sub(r"\s+", "", s)
    return s.rstrip("*")


_HEADER_LOOKUP: dict[str, str] = {norm_header(a): canon for canon, names in HEADER_ALIASES.items() for a in names}


# --- bytes → text ------------------------------------------------------------------------------------------------

def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(sample) // 200)


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """(text, encoding): BOM → utf-8-sig; else strict utf-8; else cp949. (None, None) when nothing fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            return None, None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "유니코드 텍스트" (UTF-16, tab-separated)
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError:
        return None, None


# --- CSV --------------------------------------------------------------------------------------------------------

def _blank_comment_lines(text: str) -> str:
    """Replace lines starting with # (outside quoted cells) by empty lines, so row numbers stay as Excel shows them."""
    out = []
    in_quote = False
    for line in text.split("\n"):
        if not in_quote:
            stripped = line.lstrip(" \t\ufeff")
            if stripped.startswith("#") or stripped.startswith('"#'):
                out.append("")
                continue
        if line.count('"') % 2:
            in_quote = not in_quote
        out.append(line)
    return "\n".join(out)


def _sniff_delimiter(text: str) -> str:
    for line in text[:200_000].splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if "," in s:
            return ","
        if "\t" in s:
            return "\t"
        if ";" in s:
            return ";"
        return ","
    return ","


def _csv_records(text: str) -> tuple[Records, list[UploadError]]:
    """Records (Excel row number, cells) of CSV text; comment and blank rows dropped."""
    first, _, rest = text.partition("\n")
    m = re.fullmatch(r'"?sep=([,;\t|])"?[,;]*', first.strip())
    if m:  # Excel's delimiter hint line: Excel does not show it as a row, so neither do we
        delimiter, text = m.group(1), rest
    else:
        delimiter = _sniff_delimiter(text)
    text = _blank_comment_lines(text)
    records: Records = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    n = 0
    try:
        for n, cells in enumerate(reader, start=1):
            if cells and any(c.strip() for c in cells):
                records.append((n, cells[:MAX_COLUMNS + 1]))
                if len(records) > MAX_ROWS + 1:
                    break
    except csv.Error as e:
        return records, [make_error("csv_parse", row=n + 1, detail=str(e))]
    return records, []


# --- XLSX -------------------------------------------------------------------------------------------------------

def _num_text(v: float) -> str:
    if math.isnan(v) or math.isinf(v):
        return str(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return format(v, ".15g")


def _cell_text(v: object, number_format: str | None) -> str:
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
        if number_format and "%" in number_format:
            return _num_text(round(v * 100, 9)) + "%"
        return _num_text(v)
    return str(v)


def _xlsx_records(data: bytes) -> tuple[Records, list[UploadError]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            unpacked = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as e:
        return [], [make_error("bad_xlsx", detail=str(e) or type(e).__name__)]
    if "xl/workbook.xml" not in names:
        return [], [make_error("binary_file")]
    if unpacked > MAX_XLSX_UNPACKED:
        return [], [make_error("file_too_large", size=unpacked, max=MAX_XLSX_UNPACKED)]
    records: Records = []
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not wb.worksheets:
                return [], [make_error("no_data_rows")]
            ws = wb.worksheets[0]
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # ignore the sheet's declared size (A1:XFD1048576 would pad every row)
            empty_run = 0
            for n, row in enumerate(ws.iter_rows(), start=1):
                cells = [_cell_text(c.value, getattr(c, "number_format", None)) for c in row[:MAX_COLUMNS + 1]]
                if not any(c.strip() for c in cells):
                    empty_run += 1
                    if empty_run > MAX_ROWS:  # a sheet of nothing but gaps
                        break
                    continue
                empty_run = 0
                if cells[0].lstrip().startswith("#"):
                    continue
                records.append((n, cells))
                if len(records) > MAX_ROWS + 1:
                    break
        finally:
            wb.close()
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        return [], [make_error("bad_xlsx", detail=f"{type(e).__name__}: {e}"[:300])]
    return records, []


# --- header and kind ----------------------------------------------------------------------------------------------

def _detect_kind(canon: list[str | None]) -> str | None:
    present = {c for c in canon if c}
    scores = {k: len(present & m) for k, m in KIND_MARKERS.items()}
    best = max(scores.values())
    if best == 0:
        return None
    winners = [k for k, s in scores.items() if s == best]
    return winners[0] if len(winners) == 1 else None


def _expected(kind: str) -> str:
    return ", ".join(HEADERS_KO[kind])


def _header_index(records: Records) -> int:
    """The header is the first row naming known columns; a title row or two above it is skipped."""
    for i, (_, cells) in enumerate(records[:HEADER_SEARCH_ROWS]):
        if _detect_kind([_HEADER_LOOKUP.get(norm_header(h)) for h in cells]) is not None:
            return i
    return 0


def _unknown_kind_frame(header: list[str], data: Records) -> pd.DataFrame:
    """The rows of a file of no known kind, under its own header (unique names; blank → columnN)."""
    width = len(header)
    cols = [h or f"column{i + 1}" for i, h in enumerate(header)]
    cols = [c if cols.index(c) == i else f"{c}.{i}" for i, c in enumerate(cols)]
    rows = [([norm_text(c) for c in cells] + [""] * width)[:width] for _, cells in data[:MAX_ROWS]]
    df = pd.DataFrame(rows, columns=cols, index=[n for n, _ in data[:MAX_ROWS]], dtype=str)
    df.index.name = "row"
    return df


def _map_columns(kind: str, header: list[str], canon: list[str | None], header_row: int, data: Records,
                 errors: list[UploadError]) -> tuple[list[tuple[int, str]], dict[str, str]]:
    """([(position, canonical column)] to keep, {canonical column: header as written}); unknown, duplicate,
    unnamed and missing columns become errors."""
    headers: dict[str, str] = {}
    keep: list[tuple[int, str]] = []
    for i, (h, c) in enumerate(zip(header, canon)):
        if not h:
            if any(i < len(cells) and cells[i].strip() for _, cells in data):
                errors.append(make_error("blank_column_name", row=header_row, column=f"#{i + 1}", position=i + 1))
            continue
        if c is None or c not in COLUMNS[kind]:
            errors.append(make_error("unknown_column", row=header_row, column=h, value=h, expected=_expected(kind)))
            continue
        if c in headers:
            errors.append(make_error("duplicate_column", row=header_row, column=h, value=h))
            continue
        headers[c] = h
        keep.append((i, c))
    for c, ko in zip(COLUMNS[kind], HEADERS_KO[kind]):
        if c not in headers and c not in OPTIONAL[kind]:
            errors.append(make_error("missing_column", row=header_row, column=ko, value=""))
    return keep, headers


def _data_frame(kind: str, width: int, keep: list[tuple[int, str]], data: Records,
                errors: list[UploadError]) -> pd.DataFrame:
    """The data rows as text under the kind's columns (absent optional columns read as empty); index = Excel row."""
    rows, index = [], []
    for n, cells in data:
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            errors.append(make_error("extra_cells", row=n, value=extra[0][:100]))
        rows.append([norm_text(cells[i]) if i < len(cells) else "" for i, _ in keep])
        index.append(n)
    cols = [c for _, c in keep]
    df = pd.DataFrame(rows, columns=cols, index=index, dtype=str) if rows else pd.DataFrame(columns=cols, dtype=str)
    for c in COLUMNS[kind]:
        if c not in df.columns:
            df[c] = ""
    df = df[COLUMNS[kind]]
    df.index.name = "row"
    return df


def _table(records: Records, errors: list[UploadError]) -> tuple[pd.DataFrame, str | None, dict[str, str]]:
    """Header detection, kind detection, column mapping; data rows as text."""
    # comment rows (first cell starts with #) are tolerated anywhere
    records = [(n, cells) for n, cells in records if not cells[0].lstrip(" \t\ufeff").startswith("#")]
    if not records:
        return pd.DataFrame(), None, {}
    start = _header_index(records)
    header_row, header = records[start]
    header = [norm_text(h) for h in header]
    while header and not header[-1]:  # trailing empty header cells (XLSX pads rows to the sheet's width)
        header.pop()
    data = records[start + 1:]
    canon = [_HEADER_LOOKUP.get(norm_header(h)) if h else None for h in header]
    kind = _detect_kind(canon)
    if kind is None:
        errors.append(make_error("unknown_kind", row=header_row, value=", ".join(h for h in header if h)[:200],
                                 actuals=_expected("actuals"), budget=_expected("budget"),
                                 spaces=_expected("spaces")))
        return _unknown_kind_frame(header, data), None, {}
    keep, headers = _map_columns(kind, header, canon, header_row, data, errors)
    return _data_frame(kind, len(header), keep, data, errors), kind, headers


def read_upload(data: bytes, name: str) -> ReadResult:
    """Read an uploaded CSV (UTF-8, UTF-8 with BOM, CP949) or XLSX (first sheet).

    Never raises on bad input: problems are returned as `errors` (file-level errors have row None).
    """
    data = bytes(data or b"")
    name = PurePath(str(name or "")).name
    sha = hashlib.sha256(data).hexdigest()
    result = ReadResult(pd.DataFrame(), None, None, [], {}, name, len(data), sha)
    if len(data) > spec.MAX_UPLOAD_BYTES:
        result.errors.append(make_error("file_too_large", size=len(data), max=spec.MAX_UPLOAD_BYTES))
        return result
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        result.errors.append(make_error("empty_file"))
        return result
    errors: list[UploadError] = []
    if data.startswith(b"PK\x03\x04"):
        result.encoding = "xlsx"
        records, errs = _xlsx_records(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        result.errors.append(make_error("xls_not_supported"))
        return result
    else:
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and _looks_binary(data):
            result.errors.append(make_error("binary_file"))
            return result
        text, encoding = _decode(data)
        if text is None:
            result.errors.append(make_error("undecodable"))
            return result
        if _looks_binary(text[:65536].encode("utf-8", "replace")):
            result.errors.append(make_error("binary_file"))
            return result
        result.encoding = encoding
        records, errs = _csv_records(text)
    errors.extend(errs)
    if errs and not records:
        result.errors = errors
        return result
    df, kind, headers = _table(records, errors)
    result.df, result.kind, result.headers = df, kind, headers
    if len(df) > MAX_ROWS:
        errors.append(make_error("too_many_rows", max=MAX_ROWS))
        result.df = df.iloc[:MAX_ROWS]
    elif len(df) == 0 and not any(e.code in ("missing_column", "unknown_kind") for e in errors):
        errors.append(make_error("no_data_rows"))
    result.errors = errors
    return result
