"""Bytes of an uploaded file → a ReadResult: the file's rows as text cells under canonical column names, the kind of
file (actuals, budget, spaces) and every file-level problem.

CSV in UTF-8, UTF-8 with BOM, CP949 or UTF-16 (Excel's "유니코드 텍스트"), comma/tab/semicolon separated; XLSX
(the first visible sheet; macro-enabled and password-protected workbooks are refused). Title rows above the header
and the template's '#' block are skipped; row numbers stay the ones Excel shows, and the rows read are the rows Excel
shows — a quoting error, a file that is not cleanly UTF-8/UTF-16/CP949, or a file too large once unpacked is refused
with its cause. Memory is bounded per cell, per file and per error, whatever the file holds. Never raises on bad
input.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd

from maeul.upload import spec, xlsx
from maeul.upload.errors import UploadError, make_error
from maeul.upload.parse import norm_text
from maeul.upload.spec import COLUMNS, HEADER_ALIASES, HEADERS_KO, KIND_MARKERS, OPTIONAL

MAX_ROWS = 200_000
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 10  # title rows above the header that are skipped
MAX_XLSX_UNPACKED = 200 * 1024 * 1024  # sum of the XLSX zip members' sizes (zip-bomb guard)

Records = list[tuple[int, list[str]]]  # (Excel row number, cells as text)


@dataclass
class ReadResult:
    """A file as read: `df` has canonical column names and text cells ('' = empty); its index is the Excel row."""

    df: pd.DataFrame
    kind: str | None
    encoding: str | None
    errors: list[UploadError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # canonical column → header as written in the file
    long_cells: dict[tuple[int, str], int] = field(default_factory=dict)  # (row, column) → length before truncation
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


def _line_at(data: bytes, pos: int) -> int:
    """The line (1-based) holding byte `pos` (CR-only files count CRs)."""
    return max(data.count(b"\n", 0, pos), data.count(b"\r", 0, pos)) + 1


# Runs of two or more UTF-8 encoded Hangul syllables: real CP949 text essentially never has them (measured: none in the
# whole plan document encoded as CP949, against ~30 single accidental ones), a file with UTF-8 lines always does.
_UTF8_HANGUL_RUN = re.compile(rb"(?:[\xea-\xed][\x80-\xbf]{2}){2,}")


def _plausible_korean(ch: str) -> bool:
    """A non-ASCII character that Korean text from Excel holds: the 2,350 common Hangul syllables (KS X 1001), jamo,
    Latin-1, punctuation and the symbol blocks Korean documents use (Ⅷ, ①, ※, →, ㎡ …)."""
    o = ord(ch)
    if 0xAC00 <= o <= 0xD7A3:
        b = ch.encode("cp949")
        return len(b) == 2 and 0xB0 <= b[0] <= 0xC8 and b[1] >= 0xA1
    return (0xA0 <= o <= 0xFF or 0x2000 <= o <= 0x27BF or 0x3000 <= o <= 0x303F or 0x3130 <= o <= 0x318F
            or 0x3200 <= o <= 0x33FF or 0xFF00 <= o <= 0xFFEF)


def _cp949_garbled(text: str) -> bool:
    """Text that decoded as CP949 but reads as garbage (Shift-JIS or UTF-8 bytes read as CP949 give rare syllables,
    hanja and kana): more than a quarter of its non-ASCII characters, and at least 4."""
    counts = Counter(text)  # counted in C; only the distinct characters are kept
    total = sum(n for ch, n in counts.items() if ord(ch) > 127)
    odd = sum(n for ch, n in counts.items() if ord(ch) > 127 and not _plausible_korean(ch))
    return odd >= 4 and odd * 4 > total


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start
    return len(data)


def _line_bytes(data: bytes, pos: int) -> bytes:
    start = max(data.rfind(b"\n", 0, pos), data.rfind(b"\r", 0, pos)) + 1
    ends = [i for i in (data.find(b"\n", pos), data.find(b"\r", pos)) if i >= 0]
    return data[start:min(ends) if ends else len(data)]


def _likely_cause(data: bytes) -> tuple[str, int]:
    """(cause, line) of bytes that are not UTF-8/UTF-16/CP949: 'mixed' (UTF-8 text with CP949 lines), 'broken_utf8'
    (UTF-8 text with bytes that are no encoding at all), 'shift_jis', or 'unknown'."""
    if len(_UTF8_HANGUL_RUN.findall(data[:2_000_000])) >= 2:
        pos = _first_bad_utf8(data)
        try:
            _line_bytes(data, pos).decode("cp949")
            return "mixed", _line_at(data, pos)
        except UnicodeDecodeError:
            return "broken_utf8", _line_at(data, pos)
    try:
        data.decode("shift_jis")
        return "shift_jis", 0
    except UnicodeDecodeError:
        pass
    return "unknown", 0


def _encoding_error(data: bytes, cause: str | None = None) -> UploadError:
    found, line = _likely_cause(data)
    cause = cause or found
    if cause == "mixed":
        return make_error("mixed_encoding", line=line or _line_at(data, _first_bad_utf8(data)))
    if cause == "broken_utf8":
        return make_error("undecodable", cause_ko=f"UTF-8 파일의 {line}번째 줄에 UTF-8이 아닌 바이트가 있습니다",
                          cause_en=f"line {line} of a UTF-8 file holds bytes that are not UTF-8")
    return make_error("undecodable", **ENCODING_CAUSES[cause])


ENCODING_CAUSES = {
    "shift_jis": {"cause_ko": "일본어(Shift-JIS) 인코딩으로 저장된 파일 같습니다",
                  "cause_en": "it looks like a Japanese (Shift-JIS) file"},
    "garbled": {"cause_ko": "CP949로 읽으면 글자가 깨집니다 (다른 인코딩으로 저장된 파일 같습니다)",
                "cause_en": "read as CP949 its text is garbled (it was saved in another encoding)"},
    "unknown": {"cause_ko": "UTF-8, UTF-16, CP949 어느 것으로도 읽히지 않습니다",
                "cause_en": "it reads as neither UTF-8, UTF-16 nor CP949"},
}


def _decode(data: bytes) -> tuple[str | None, str | None, UploadError | None]:
    """(text, encoding, None), or (None, None, the error naming the likely cause). BOM → utf-8-sig (strict); UTF-16
    BOM → utf-16; strict UTF-8; else CP949 — unless the bytes hold UTF-8 Hangul too (a mixed file) or read as
    CP949 only as garbage (Shift-JIS …)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", None
        except UnicodeDecodeError:
            return None, None, _encoding_error(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "유니코드 텍스트" (UTF-16, tab-separated)
        try:
            return data.decode("utf-16"), "utf-16", None
        except UnicodeDecodeError:
            return None, None, _encoding_error(data, "unknown")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    if len(_UTF8_HANGUL_RUN.findall(data[:2_000_000])) >= 2:
        return None, None, _encoding_error(data)
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None, None, _encoding_error(data)
    if _cp949_garbled(text):
        cause = "shift_jis" if _likely_cause(data)[0] == "shift_jis" else "garbled"
        return None, None, _encoding_error(data, cause)
    return text, "cp949", None


# --- cells within bounds -----------------------------------------------------------------------------------------

class _Budget:
    """What reading may keep: each cell at most MAX_CELL_CHARS characters (a longer one is kept truncated and its
    length remembered), all cells together at most MAX_TOTAL_CHARS characters and MAX_CELLS non-empty cells."""

    def __init__(self) -> None:
        self.chars = 0
        self.cells = 0
        self.long: dict[tuple[int, int], int] = {}  # (Excel row, column position) → length of a truncated cell
        self.exceeded: UploadError | None = None

    def take(self, n: int, cells: list[str]) -> bool:
        """Cells of row `n` bounded in place; False once the file holds more than the totals allow."""
        for i, c in enumerate(cells):
            if not c:
                continue
            size = len(c)
            if size > spec.MAX_CELL_CHARS:
                self.long[(n, i)] = size
                cells[i] = c[:spec.MAX_CELL_CHARS]
            self.chars += min(size, spec.MAX_CELL_CHARS)
            self.cells += 1
        if self.chars > spec.MAX_TOTAL_CHARS or self.cells > spec.MAX_CELLS:
            self.exceeded = make_error("content_too_large", chars=spec.MAX_TOTAL_CHARS, cells=spec.MAX_CELLS)
            return False
        return True


# --- CSV --------------------------------------------------------------------------------------------------------

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


def _csv_error(e: csv.Error, row: int) -> UploadError:
    text = str(e)
    if "unexpected end of data" in text:
        return make_error("unclosed_quote", row=row)
    if "expected after" in text:
        return make_error("bad_quote", row=row)
    if "field larger than field limit" in text:
        return make_error("csv_parse", row=row, detail=f"칸 하나가 {csv.field_size_limit():,}자를 넘습니다 / "
                                                       f"a cell holds more than {csv.field_size_limit():,} characters")
    return make_error("csv_parse", row=row, detail=text[:200])


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _shape(text: str) -> str:
    """What a cell looks like: digits 9, Hangul 가, Latin a, runs collapsed, spaces dropped ('2019' → '9')."""
    out = re.sub(r"\d+", "9", text.strip())
    out = re.sub(r"[가-힣]+", "가", out)
    out = re.sub(r"[A-Za-z]+", "a", out)
    return re.sub(r"(.)\1+", r"\1", out.replace(" ", ""))


def _glued(cells: list[str], delimiter: str, width: int) -> bool:
    """Whether a record swallowed a line that is a row of its own: a quoted cell went on over a line with as many
    separators as a row has and beginning like this record does (an unclosed quote joined the next rows into one
    cell). A line inside a cell is counted with the separators that follow the cell when the cell ends on it, i.e.
    as the line stands in the file. A note line with many commas that does not begin like a row is a note."""
    need = max(1, width - 1)
    first = _shape(_LINE_BREAK.split(cells[0])[0]) if cells else ""
    for i, c in enumerate(cells):
        if "\n" not in c and "\r" not in c:
            continue
        lines = _LINE_BREAK.split(c)[1:]
        for j, line in enumerate(lines):
            after = len(cells) - 1 - i if j == len(lines) - 1 else 0
            if line.count(delimiter) + after >= need and _shape(line.split(delimiter)[0]) == first:
                return True
    return False


def _csv_records(text: str, budget: _Budget) -> tuple[Records, list[UploadError]]:
    """Records (Excel row number, cells) of CSV text; blank rows dropped. Quoting is strict: a quote left open, text
    after a closing quote, or a quoted cell that swallowed whole rows is an error, never a row silently lost."""
    first, _, rest = text.partition("\n")
    m = re.fullmatch(r'"?sep=([,;\t|])"?[,;]*', first.strip())
    if m:  # Excel's delimiter hint line: Excel does not show it as a row, so neither do we
        delimiter, text = m.group(1), rest
    else:
        delimiter = _sniff_delimiter(text)
    records: Records = []
    errors: list[UploadError] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    n = start = width = 0
    try:
        for n, cells in enumerate(reader, start=1):
            if reader.line_num - start > 1 and _glued(cells, delimiter, width) and len(errors) < 20:
                errors.append(make_error("quote_glued_rows", row=n, line=start + 1))
            start = reader.line_num
            width = max(width, len(cells))
            if cells and any(c.strip() for c in cells):
                cells = cells[:MAX_COLUMNS + 1]
                if not budget.take(n, cells):
                    return records, [budget.exceeded]
                records.append((n, cells))
                if len(records) > MAX_ROWS + 1:
                    break
    except csv.Error as e:
        return records, errors + [_csv_error(e, n + 1)]
    return records, errors


# --- XLSX -------------------------------------------------------------------------------------------------------

# Parts of a workbook other than the sheets and shared strings are small in any real file (styles, workbook,
# relationships); a huge one is an attack on the parser.
MAX_XLSX_PART = 5 * 1024 * 1024
_BIG_PARTS = re.compile(r"xl/(worksheets/sheet\d+\.xml|sharedStrings\.xml)$")
# What a workbook may hold, counted (as text, ~0.1 s per 20 MB) before anything is parsed: parsing costs Python time
# for every element, so these bound the time of any workbook under the size cap. 50,000 rows of the widest kind
# (spaces, 11 columns) fit; larger uploads go as CSV (MAX_ROWS).
MAX_XLSX_CELLS = 600_000  # <c> elements of all worksheets, and strings of the shared-string table
MAX_XLSX_ROWS = 100_000  # <row> elements of all worksheets
MAX_XLSX_STRING_ELEMENTS = 2_000_000  # rich-text runs of the shared-string table
_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?(?:worksheet|sst)[\s>]")


def _count_tags(zf: zipfile.ZipFile, member: str, names: list[bytes]) -> list[int]:
    """How many elements of each name a zip member holds, read 1 MB at a time (counted as text, not parsed: the
    part's own namespace prefix is found from its root element; a piece is cut at its last '<' so no tag is split
    or counted twice)."""
    counts = [0] * len(names)
    tail = b""
    with zf.open(member) as f:
        head = f.read(1 << 16)
        m = _PREFIX.search(head)
        prefix = b"<" + ((m.group(1) or b"") if m else b"")
        tags = [[prefix + n + end for end in (b" ", b">", b"/", b"\t", b"\r", b"\n")] for n in names]
        chunk = head
        while True:
            buf = tail + chunk
            cut = buf.rfind(b"<") if chunk else len(buf)
            cut = len(buf) if cut <= 0 else cut
            piece = buf[:cut]
            for i, forms in enumerate(tags):
                counts[i] += sum(piece.count(t) for t in forms)
            tail = buf[cut:]
            if not chunk:
                return counts
            chunk = f.read(1 << 20)


def _too_many_elements(zf: zipfile.ZipFile, names: set[str]) -> UploadError | None:
    """More cells or rows in the worksheets, or strings in the shared-string table, than MAX_XLSX_* allow. Counted
    before any part is parsed."""
    cells = rows = 0
    for m in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
        c, r = _count_tags(zf, m, [b"c", b"row"])
        cells, rows = cells + c, rows + r
    si = runs = 0
    if "xl/sharedStrings.xml" in names:
        si, runs = _count_tags(zf, "xl/sharedStrings.xml", [b"si", b"r"])
    if cells > MAX_XLSX_CELLS or rows > MAX_XLSX_ROWS or si > MAX_XLSX_CELLS or runs > MAX_XLSX_STRING_ELEMENTS:
        return make_error("xlsx_too_many_cells", n=max(cells, rows, si, runs), max=MAX_XLSX_CELLS)
    return None


def _xlsx_package_error(data: bytes) -> UploadError | None:
    """A zip that is not a plain workbook we may read: no workbook part, macros (a macro-enabled workbook renamed
    .xlsx), parts too large unpacked (zipfile never inflates a member past its declared size), or more cells, rows
    or strings than any upload needs."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names and not any(n.lower().endswith("vbaproject.bin") for n in names):
                return make_error("binary_file")
            unpacked = sum(i.file_size for i in infos)
            big = [i.file_size for i in infos if i.file_size > MAX_XLSX_PART and not _BIG_PARTS.match(i.filename)
                   and i.filename.endswith((".xml", ".rels"))]
            if unpacked > MAX_XLSX_UNPACKED or big:
                return make_error("file_too_large", size=max([unpacked, *big]), max=MAX_XLSX_UNPACKED)
            types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in types:
                return make_error("macro_workbook")
            return _too_many_elements(zf, names)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError, KeyError) as e:
        return make_error("bad_xlsx", detail=str(e) or type(e).__name__)
    return None


def _visible_sheet(sheets: list[xlsx.Sheet]) -> tuple[xlsx.Sheet | None, UploadError | None]:
    """The first visible worksheet; none visible → an error naming the sheets there are."""
    if not sheets:
        return None, make_error("no_data_rows")
    for sheet in sheets:
        if sheet.state == "visible":
            return sheet, None
    names = ", ".join(f"{s.name}({s.state})" for s in sheets)
    return None, make_error("no_visible_sheet", sheets=names)


def _sheet_records(zf: zipfile.ZipFile, budget: _Budget) -> tuple[Records, list[UploadError]]:
    sheets, date1904 = xlsx.workbook_sheets(zf)
    sheet, err = _visible_sheet(sheets)
    if err is not None:
        return [], [err]
    strings, long_strings = xlsx.shared_strings(zf, spec.MAX_CELL_CHARS)
    records: Records = []
    for n, cells, refs in xlsx.sheet_rows(zf, sheet.part, strings, xlsx.cell_formats(zf), date1904,
                                          MAX_COLUMNS + 1):
        if not any(c.strip() for c in cells):
            continue
        for i, ref in enumerate(refs):
            if ref in long_strings:
                budget.long[(n, i)] = long_strings[ref]
        if not budget.take(n, cells):
            return records, [budget.exceeded]
        records.append((n, cells))
        if len(records) > MAX_ROWS + 1:
            break
    return records, []


def _xlsx_records(data: bytes, budget: _Budget) -> tuple[Records, list[UploadError]]:
    """The rows of the first visible sheet (maeul.upload.xlsx: streamed, every cost bounded)."""
    err = _xlsx_package_error(data)
    if err is not None:
        return [], [err]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return _sheet_records(zf, budget)
    except (xlsx.XlsxError, zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, KeyError) as e:
        return [], [make_error("bad_xlsx", detail=f"{type(e).__name__}: {e}"[:300])]


def _ole_error(data: bytes) -> UploadError:
    """An OLE2 compound file: a password-protected workbook (its package is encrypted inside one) or an old .xls."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return make_error("encrypted_file")
    return make_error("xls_not_supported")


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
                errors: list[UploadError], long: dict) -> pd.DataFrame:
    """The data rows as text under the kind's columns (absent optional columns read as empty); index = Excel row.
    `long`: {(row, position): length} of truncated cells in, {(row, column): length} out (same dict)."""
    for (n, i), size in list(long.items()):
        del long[(n, i)]
        for pos, c in keep:
            if pos == i:
                long[(n, c)] = size
    rows, index = [], []
    extra_rows = 0
    for n, cells in data:
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            extra_rows += 1
            if extra_rows <= 100:
                errors.append(make_error("extra_cells", row=n, value=extra[0]))
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


def _hashed(cells: list[str]) -> bool:
    return cells[0].lstrip(" \t\ufeff").startswith("#")


def _without_comments(records: Records) -> Records:
    """The rows without the template's marked '#' lines: '#' rows above the header, and rows whose only text is
    '#' text in the first cell (the help and code lists the CSV template carries below its header, wherever the
    data rows were put around them). A row with a value in any other cell is data even when its first cell starts
    with '#' (a note column written first): no row that could hold data is ever skipped."""
    plain = [r for r in records if not _hashed(r[1])]
    if not plain:
        return []
    header_row = plain[_header_index(plain)][0]
    return [(n, cells) for n, cells in records
            if not (_hashed(cells) and (n < header_row or not any(c.strip() for c in cells[1:])))]


def _table(records: Records, errors: list[UploadError], long: dict) -> tuple[pd.DataFrame, str | None, dict[str, str]]:
    """Header detection, kind detection, column mapping; data rows as text."""
    records = _without_comments(records)
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
    return _data_frame(kind, len(header), keep, data, errors, long), kind, headers


def _records(data: bytes, result: ReadResult, budget: _Budget) -> tuple[Records, list[UploadError]]:
    """The file's rows as text cells (sets result.encoding), or the file-level errors that stop reading."""
    if data.startswith(b"PK\x03\x04"):
        result.encoding = "xlsx"
        return _xlsx_records(data, budget)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return [], [_ole_error(data)]
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and _looks_binary(data):
        return [], [make_error("binary_file")]
    text, encoding, err = _decode(data)
    if err is not None:
        return [], [err]
    if _looks_binary(text[:65536].encode("utf-8", "replace")):
        return [], [make_error("binary_file")]
    result.encoding = encoding
    return _csv_records(text, budget)


_STOP = {"content_too_large", "unclosed_quote", "bad_quote", "csv_parse"}  # rows read up to them are not the file


def read_upload(data: bytes, name: str) -> ReadResult:
    """Read an uploaded CSV (UTF-8, UTF-8 with BOM, CP949, UTF-16) or XLSX (its first visible sheet).

    Never raises on bad input: problems are returned as `errors` (file-level errors have row None). Memory stays
    bounded whatever the file holds (spec.MAX_CELL_CHARS, MAX_TOTAL_CHARS, MAX_CELLS).
    """
    data = bytes(data or b"")
    name = PurePath(str(name or "")).name
    sha = hashlib.sha256(data).hexdigest()
    result = ReadResult(pd.DataFrame(), None, None, [], {}, {}, name, len(data), sha)
    if len(data) > spec.MAX_UPLOAD_BYTES:
        result.errors.append(make_error("file_too_large", size=len(data), max=spec.MAX_UPLOAD_BYTES))
        return result
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        result.errors.append(make_error("empty_file"))
        return result
    budget = _Budget()
    records, errors = _records(data, result, budget)
    if not records or any(e.code in _STOP for e in errors):
        result.errors = errors or [make_error("no_data_rows")]
        return result
    df, kind, headers = _table(records, errors, budget.long)
    result.df, result.kind, result.headers, result.long_cells = df, kind, headers, budget.long
    if len(df) > MAX_ROWS:
        errors.append(make_error("too_many_rows", max=MAX_ROWS))
        result.df = df.iloc[:MAX_ROWS]
    elif len(df) == 0 and not any(e.code in ("missing_column", "unknown_kind") for e in errors):
        errors.append(make_error("no_data_rows"))
    result.errors = errors
    return result
