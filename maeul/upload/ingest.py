"""The quarterly upload path: read a CSV/XLSX file, validate it against the plan, preview, commit, roll back.

Pure of Streamlit: the upload page and `python -m maeul ingest` call the same functions.

- `read_upload(data, name)` — bytes in, a DataFrame of text cells with canonical column names out (encoding and
  file kind detected), plus file-level errors.
- `validate(con, read, scope=...)` — every cell checked against the plan tables; all errors at once.
- `preview(con, validated)` — which rows are new, which supersede a current value, which change nothing.
- `commit(con, data, name, user)` — reads and validates again, then writes everything in one transaction (or nothing).
- `rollback(con, upload_id, user)` — marks an upload rolled back; what was current before it is current again.

Rows are only ever added. The current value of a key is the row of the latest committed upload (the
`*_current` views in maeul/schema.py); a rollback only flips `upload.status`.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import duckdb
import pandas as pd

from maeul import PLAN_YEARS
from maeul.plan import schema
from maeul.plan.write import Rollback, write
from maeul.present.export import safe_cell, safe_frame  # noqa: F401 - re-exported for callers
from maeul.present.export import safe_csv_bytes as to_csv_bytes  # noqa: F401
from maeul.upload.messages import KIND_LABELS, pair

# --- limits and fixed vocabularies ------------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # 20 MB
MAX_ROWS = 200_000
MAX_ERRORS = 1_000  # errors kept per file; the rest are counted in one `too_many_errors` entry
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 10  # title rows above the header that are skipped
MAX_XLSX_UNPACKED = 400 * 1024 * 1024  # sum of the XLSX zip members' sizes (zip-bomb guard)
MAX_TEXT = {"note": 2000, "name": 200, "address": 500}

SEOUL_LAT = (37.41, 37.72)
SEOUL_LON = (126.76, 127.19)
SPACE_TYPES = ("우리마을공간", "마을기업", "마을예술창작소", "마을활력소", "신축 동주민센터", "기타")
KINDS = ("actuals", "budget", "spaces")
COUNT_UNITS = {"건", "개", "개소", "명", "회", "동"}
CITYWIDE_NAMES = {"", "서울시", "서울특별시", "서울", "서울시전체", "시전체", "citywide", "seoul", "seoulcity"}
CITYWIDE_LABEL = "서울시"
SAMPLE_NOTE = "예시 데이터"

# Canonical column names (the DataFrame of a ReadResult) and the Korean template headers, in template order.
COLUMNS: dict[str, list[str]] = {
    "actuals": ["year", "quarter", "district", "indicator", "value", "note"],
    "budget": ["year", "quarter", "district", "line", "amount", "note"],
    "spaces": ["name", "type", "district", "dong", "address", "lat", "lon", "opened", "closed", "childcare", "note"],
}
HEADERS_KO: dict[str, list[str]] = {
    "actuals": ["연도", "분기", "자치구", "지표코드", "실적", "비고"],
    "budget": ["연도", "분기", "자치구", "예산코드", "집행액(백만원)", "비고"],
    "spaces": ["이름", "유형", "자치구", "행정동코드", "주소", "위도", "경도", "개소일", "폐소일", "열린육아방", "비고"],
}
OPTIONAL: dict[str, set[str]] = {
    "actuals": {"note"},
    "budget": {"note"},
    "spaces": {"dong", "address", "opened", "closed", "childcare", "note"},
}
# Columns that only one kind has: they decide the kind of a file.
_KIND_MARKERS: dict[str, set[str]] = {
    "actuals": {"indicator", "value"},
    "budget": {"line", "amount"},
    "spaces": {"name", "type", "dong", "address", "lat", "lon", "opened", "closed", "childcare"},
}
# Header text (normalised by _norm_header) → canonical column.
_ALIASES: dict[str, list[str]] = {
    "year": ["연도", "년도", "year", "yr"],
    "quarter": ["분기", "quarter", "qtr", "q"],
    "district": ["자치구", "구", "자치구명", "자치구코드", "district", "district_code", "gu"],
    "indicator": ["지표코드", "지표", "indicator", "indicator_code"],
    "value": ["실적", "실적값", "value"],
    "line": ["예산코드", "예산", "line", "line_code", "budget_code", "budget_line"],
    "amount": ["집행액(백만원)", "집행액", "집행액(백만)", "amount", "amount_mn", "amount(mn)", "execution"],
    "note": ["비고", "메모", "note", "notes", "remark", "remarks"],
    "name": ["이름", "명칭", "공간명", "name"],
    "type": ["유형", "공간유형", "type", "space_type"],
    "dong": ["행정동코드", "행정동", "동코드", "dong", "dong_code"],
    "address": ["주소", "address"],
    "lat": ["위도", "lat", "latitude"],
    "lon": ["경도", "lon", "lng", "long", "longitude"],
    "opened": ["개소일", "개소", "opened", "open_date", "opened_on"],
    "closed": ["폐소일", "폐소", "closed", "close_date", "closed_on"],
    "childcare": ["열린육아방", "childcare", "has_childcare_room", "open_childcare_room"],
}

# Table, key columns and value columns per kind (history, preview and commit use them).
_TABLES: dict[str, tuple[str, list[str], list[str]]] = {
    "actuals": ("actual", ["indicator_code", "district_code", "year", "quarter"], ["value", "stage", "note"]),
    "budget": ("budget_execution", ["line_code", "district_code", "year", "quarter"], ["amount_mn", "note"]),
    "spaces": ("space", ["district_code", "name"],
               ["space_type", "dong_code", "address", "lat", "lon", "opened", "closed", "has_childcare_room", "note"]),
}
_CURRENT_VIEW = {"actuals": "actual_current", "budget": "budget_execution_current", "spaces": "space_current"}

_KST = dt.timezone(dt.timedelta(hours=9))


# --- result types ---------------------------------------------------------------------------------------------

@dataclass
class UploadError:
    """One problem in an uploaded file. `row` is the row number Excel shows (header = row 1); None = whole file."""

    row: int | None
    column: str | None
    value: str | None
    code: str
    message_ko: str
    message_en: str

    def message(self, lang: str = "ko") -> str:
        return self.message_en if lang == "en" else self.message_ko


def make_error(code: str, row: int | None = None, column: str | None = None, value: object = None,
               **params) -> UploadError:
    """An UploadError with its messages filled from MESSAGES[code]."""
    text = None if value is None else str(value)
    params.setdefault("value", text if text is not None else "")
    if column is not None:
        params.setdefault("column", column)
    ko, en = pair(code, **params)
    return UploadError(row, column, text, code, ko, en)


class IngestError(Exception):
    """A refused rollback/commit request; `str(e)` holds the Korean and the English message."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        self.message_ko, self.message_en = pair(code, **params)
        super().__init__(f"{self.message_ko} / {self.message_en}")

    def message(self, lang: str = "ko") -> str:
        return self.message_en if lang == "en" else self.message_ko


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


@dataclass
class Validated:
    """Rows ready for the table of their kind (index = Excel row) and every error found."""

    rows: pd.DataFrame
    errors: list[UploadError]
    kind: str | None
    read: ReadResult | None = None


@dataclass
class Preview:
    """What a commit would change. `rows` = validated rows + old values + `change` (new|superseding|unchanged)."""

    kind: str | None
    rows: pd.DataFrame
    counts: dict[str, int]
    indicator_codes: list[str]
    line_codes: list[str]


@dataclass
class CommitResult:
    upload_id: int | None
    rows: int
    duplicate: bool
    errors: list[UploadError]
    kind: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading --------------------------------------------------------------------------------------------------

# Cell parsers are pure functions of their text, and upload files repeat the same few texts (years, quarters,
# district names, codes, small numbers) on every row: memoised, a 100,000-row file parses each distinct text once.
_memo = functools.lru_cache(maxsize=1 << 16)


def clear_parse_caches() -> None:
    """Forget memoised cell texts (benchmarks measure a cold start with it)."""
    for fn in (_norm_text, _stage_key, _district_key, parse_number, _parse_int, parse_date, parse_yes_no):
        fn.cache_clear()


def _rows_of(df: pd.DataFrame) -> list[dict]:
    """The rows of a text DataFrame as dicts (as DataFrame.to_dict('records'), much faster for 100k rows)."""
    cols = list(df.columns)
    return [dict(zip(cols, vals)) for vals in zip(*(df[c].tolist() for c in cols))]


@_memo
def _norm_text(s: str) -> str:
    """NFKC (full-width digits and %, compatibility jamo), no BOM/zero-width characters, outer whitespace stripped."""
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("\ufeff", "").replace("\u200b", "")
    return s.strip()


def _norm_header(s: str) -> str:
    s = _norm_text(s).lower()
    s = re.sub(r"\s+", "", s)
    return s.rstrip("*")


_HEADER_LOOKUP: dict[str, str] = {_norm_header(a): canon for canon, names in _ALIASES.items() for a in names}


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


def _csv_records(text: str) -> tuple[list[tuple[int, list[str]]], list[UploadError]]:
    """Records (Excel row number, cells) of CSV text; comment and blank rows dropped."""
    first, _, rest = text.partition("\n")
    m = re.fullmatch(r'"?sep=([,;\t|])"?[,;]*', first.strip())
    if m:  # Excel's delimiter hint line: Excel does not show it as a row, so neither do we
        delimiter, text = m.group(1), rest
    else:
        delimiter = _sniff_delimiter(text)
    text = _blank_comment_lines(text)
    records: list[tuple[int, list[str]]] = []
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


def _xlsx_records(data: bytes) -> tuple[list[tuple[int, list[str]]], list[UploadError]]:
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
    records: list[tuple[int, list[str]]] = []
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


def _detect_kind(canon: list[str | None]) -> str | None:
    present = {c for c in canon if c}
    scores = {k: len(present & m) for k, m in _KIND_MARKERS.items()}
    best = max(scores.values())
    if best == 0:
        return None
    winners = [k for k, s in scores.items() if s == best]
    return winners[0] if len(winners) == 1 else None


def _expected(kind: str) -> str:
    return ", ".join(HEADERS_KO[kind])


def _table(records: list[tuple[int, list[str]]], errors: list[UploadError]
           ) -> tuple[pd.DataFrame, str | None, dict[str, str]]:
    """Header detection, kind detection, column mapping; data rows as text."""
    # comment rows (first cell starts with #) are tolerated anywhere
    records = [(n, cells) for n, cells in records if not cells[0].lstrip(" \t\ufeff").startswith("#")]
    if not records:
        return pd.DataFrame(), None, {}
    # the header is the first row naming known columns; a title row or two above it is skipped
    start = 0
    for i, (_, cells) in enumerate(records[:HEADER_SEARCH_ROWS]):
        if _detect_kind([_HEADER_LOOKUP.get(_norm_header(h)) for h in cells]) is not None:
            start = i
            break
    header_row, header = records[start]
    header = [_norm_text(h) for h in header]
    while header and not header[-1]:  # trailing empty header cells (XLSX pads rows to the sheet's width)
        header.pop()
    data = records[start + 1:]
    canon = [_HEADER_LOOKUP.get(_norm_header(h)) if h else None for h in header]
    kind = _detect_kind(canon)
    if kind is None:
        errors.append(make_error("unknown_kind", row=header_row, value=", ".join(h for h in header if h)[:200],
                                 actuals=_expected("actuals"), budget=_expected("budget"),
                                 spaces=_expected("spaces")))
        width = len(header)
        cols = [h or f"column{i + 1}" for i, h in enumerate(header)]
        cols = [c if cols.index(c) == i else f"{c}.{i}" for i, c in enumerate(cols)]
        rows = [([_norm_text(c) for c in cells] + [""] * width)[:width] for _, cells in data[:MAX_ROWS]]
        df = pd.DataFrame(rows, columns=cols, index=[n for n, _ in data[:MAX_ROWS]], dtype=str)
        df.index.name = "row"
        return df, None, {}

    headers: dict[str, str] = {}
    keep: list[tuple[int, str]] = []  # (position, canonical)
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

    width = len(header)
    rows, index = [], []
    for n, cells in data:
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            errors.append(make_error("extra_cells", row=n, value=extra[0][:100]))
        rows.append([_norm_text(cells[i]) if i < len(cells) else "" for i, _ in keep])
        index.append(n)
    cols = [c for _, c in keep]
    df = pd.DataFrame(rows, columns=cols, index=index, dtype=str) if rows else pd.DataFrame(columns=cols, dtype=str)
    for c in COLUMNS[kind]:  # optional columns absent from the file read as empty
        if c not in df.columns:
            df[c] = ""
    df = df[COLUMNS[kind]]
    df.index.name = "row"
    return df, kind, headers


def read_upload(data: bytes, name: str) -> ReadResult:
    """Read an uploaded CSV (UTF-8, UTF-8 with BOM, CP949) or XLSX (first sheet).

    Never raises on bad input: problems are returned as `errors` (file-level errors have row None).
    """
    data = bytes(data or b"")
    name = PurePath(str(name or "")).name
    sha = hashlib.sha256(data).hexdigest()
    result = ReadResult(pd.DataFrame(), None, None, [], {}, name, len(data), sha)
    if len(data) > MAX_UPLOAD_BYTES:
        result.errors.append(make_error("file_too_large", size=len(data), max=MAX_UPLOAD_BYTES))
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


# --- reference data for validation -----------------------------------------------------------------------------

@dataclass
class _Ref:
    indicators: dict[str, dict]
    indicator_lookup: dict[str, str]
    stages: dict[str, list[str]]
    all_stages: set[str]
    district_lookup: dict[str, str]
    district_names: dict[str, str]
    lines: dict[str, str]
    line_lookup: dict[str, str]


@_memo
def _stage_key(s: str) -> str:
    return re.sub(r"[\s·ㆍ・.,/\-?]", "", _norm_text(s)).lower()


@_memo
def _district_key(s: str) -> str:
    return re.sub(r"\s+", "", _norm_text(s)).lower()


def district_lookup(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Normalised name/code → MOIS district code (강남구, 강남, 11680, Gangnam-gu, 서울시 강남구 …)."""
    with con.cursor() as cur:
        rows = cur.execute("SELECT code, name_ko, name_short, name_en FROM district").fetchall()
    out: dict[str, str] = {}
    for code, ko, short, en in rows:
        keys = {code, ko, short, en, f"서울특별시{ko}", f"서울시{ko}", f"서울{ko}"}
        if en:
            keys |= {en.replace("-gu", ""), en.replace("-gu", "gu"), en.replace("-", " ")}
        for k in keys:
            if k:
                out[_district_key(str(k))] = code
    return out


def resolve_district(text: str, lookup: dict[str, str]) -> tuple[bool, str | None]:
    """(ok, code): ok False = unknown; code None = citywide (empty or 서울시)."""
    key = _district_key(text or "")
    if key in CITYWIDE_NAMES:
        return True, None
    if re.fullmatch(r"\d{5}\.0+", key):
        key = key.split(".")[0]
    code = lookup.get(key)
    return (code is not None), code


def _load_ref(con: duckdb.DuckDBPyConnection) -> _Ref:
    with con.cursor() as cur:
        ind = cur.execute(
            "SELECT code, unit, target_kind, scope, name_ko FROM indicator").fetchall()
        stage_rows = cur.execute("SELECT indicator_code, stage FROM stage ORDER BY indicator_code, ord").fetchall()
        dist = cur.execute("SELECT code, name_ko FROM district").fetchall()
        lines = cur.execute("SELECT code, funding FROM budget_line").fetchall()
    indicators = {c: {"unit": u, "target_kind": k, "scope": s, "name_ko": n} for c, u, k, s, n in ind}
    stages: dict[str, list[str]] = {}
    for code, st in stage_rows:
        stages.setdefault(code, []).append(st)
    return _Ref(
        indicators=indicators,
        indicator_lookup={c.upper(): c for c in indicators},
        stages=stages,
        all_stages={_stage_key(s) for _, s in stage_rows},
        district_lookup=district_lookup(con),
        district_names={c: n for c, n in dist},
        lines={c: f for c, f in lines},
        line_lookup={c.upper(): c for c, _ in lines},
    )


# --- cell parsers ----------------------------------------------------------------------------------------------

_NUM_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_DATE_LIKE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}월\s*\d{1,2}일?)$")


@_memo
def parse_number(text: str, unit: str | None = None) -> tuple[float | None, bool]:
    """(value, had_percent_sign); value None when `text` is not a number. Accepts 1,000 / 35% / 3.5 / 1,000건."""
    t = _norm_text(text).replace("\u2212", "-").replace(" ", "")
    percent = t.endswith("%")
    if percent:
        t = t[:-1]
    elif unit and unit != "%" and t.endswith(unit) and len(t) > len(unit):
        t = t[: -len(unit)]
    if not _NUM_RE.fullmatch(t):
        return None, percent
    v = float(t.replace(",", ""))
    if math.isinf(v) or math.isnan(v):
        return None, percent
    return v, percent


@_memo
def _parse_int(text: str, suffixes: tuple[str, ...]) -> int | None:
    t = _norm_text(text).replace(" ", "")
    for s in suffixes:
        if t.lower().endswith(s.lower()) and len(t) > len(s):
            t = t[: -len(s)]
        if t.lower().startswith(s.lower()) and len(t) > len(s):
            t = t[len(s):]
    m = re.fullmatch(r"[+-]?\d{1,9}(?:\.0+)?", t)
    return int(float(t)) if m else None


@_memo
def parse_date(text: str) -> dt.date | None:
    """2019-03-01, 2019.3.1, 2019. 3. 1., 2019/03/01, 20190301, 2019-03 (→ the 1st), 2019년 3월 1일."""
    t = _norm_text(text)
    t = re.sub(r"\s+", "", t)
    t = re.sub(r"(\d{2}):(\d{2})(:\d{2})?$", "", t).rstrip("T")
    m = (re.fullmatch(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?", t)
         or re.fullmatch(r"(\d{4})년(\d{1,2})월(\d{1,2})일?", t)
         or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", t))
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = re.fullmatch(r"(\d{4})[-./](\d{1,2})\.?", t) or re.fullmatch(r"(\d{4})년(\d{1,2})월", t)
        if not m:
            return None
        y, mo, d = int(m.group(1)), int(m.group(2)), 1
    if not 1900 <= y <= 2100:
        return None
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


_YES = {"y", "yes", "예", "네", "o", "○", "있음", "유", "true", "1", "운영", "t"}
_NO = {"", "n", "no", "아니오", "아니요", "x", "×", "없음", "무", "false", "0", "미운영", "f", "-"}


@_memo
def parse_yes_no(text: str) -> bool | None:
    t = _norm_text(text).lower().replace(" ", "")
    if t in _YES:
        return True
    if t in _NO:
        return False
    return None


# --- validation ------------------------------------------------------------------------------------------------

class _Errors:
    """Collects errors up to MAX_ERRORS and counts the rest."""

    def __init__(self, initial: list[UploadError]):
        self.items = list(initial)
        self.dropped = 0

    def add(self, err: UploadError) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append(err)
        else:
            self.dropped += 1

    def finish(self) -> list[UploadError]:
        out = list(self.items)
        if self.dropped:
            out.append(make_error("too_many_errors", shown=len(self.items), more=self.dropped))
        return out


def _label(col: str, read: ReadResult, kind: str) -> str:
    """The column name the user wrote (or the template's Korean header)."""
    if col in read.headers:
        return read.headers[col]
    return HEADERS_KO[kind][COLUMNS[kind].index(col)]


def _district_label(code: str | None, ref: _Ref) -> str:
    return CITYWIDE_LABEL if code is None else ref.district_names.get(code, code)


def _year_quarter(r: dict, n: int, kind: str, read: ReadResult, err: _Errors) -> tuple[int | None, int | None]:
    first, last = PLAN_YEARS[0], PLAN_YEARS[-1]
    year = quarter = None
    y = r["year"]
    if not y:
        err.add(make_error("missing_value", n, _label("year", read, kind), y))
    else:
        year = _parse_int(y, ("년",))
        if year is None:
            err.add(make_error("bad_year", n, _label("year", read, kind), y, first=first, last=last))
        elif not first <= year <= last:
            err.add(make_error("year_out_of_range", n, _label("year", read, kind), y, first=first, last=last))
            year = None
    q = r["quarter"]
    if not q:
        err.add(make_error("missing_value", n, _label("quarter", read, kind), q))
    else:
        quarter = _parse_int(q, ("분기", "q"))
        if quarter is None:
            err.add(make_error("bad_quarter", n, _label("quarter", read, kind), q))
        elif not 1 <= quarter <= 4:
            err.add(make_error("quarter_out_of_range", n, _label("quarter", read, kind), q))
            quarter = None
    return year, quarter


def _district(r: dict, n: int, kind: str, read: ReadResult, ref: _Ref, err: _Errors,
              scope: set[str | None] | None) -> tuple[bool, str | None]:
    raw = r["district"]
    ok, code = resolve_district(raw, ref.district_lookup)
    col = _label("district", read, kind)
    if not ok:
        err.add(make_error("unknown_district", n, col, raw))
        return False, None
    if scope is not None and code not in scope:
        err.add(make_error("outside_user_scope", n, col, _district_label(code, ref)))
        return False, code
    return True, code


def _text(r: dict, col: str, n: int, kind: str, read: ReadResult, err: _Errors) -> str | None:
    v = r.get(col, "")
    if len(v) > MAX_TEXT.get(col, MAX_TEXT["note"]):
        err.add(make_error("text_too_long", n, _label(col, read, kind), v[:50] + "…", length=len(v),
                           max=MAX_TEXT.get(col, MAX_TEXT["note"])))
    return v or None


def _code_hint(v: str) -> dict:
    if _DATE_LIKE.match(_norm_text(v)):
        return {"hint_ko": " (엑셀이 코드를 날짜로 바꾼 것 같습니다. 셀 서식을 '텍스트'로 하고 다시 입력해 주세요)"}
    return {}


def _lookup_code(raw: str, lookup: dict[str, str], unknown: str, n: int, column: str, err: _Errors) -> str | None:
    """A code cell → the canonical code, or None with a missing/unknown error (and a hint when Excel turned the
    code into a date)."""
    code = lookup.get(_norm_text(raw).upper()) if raw else None
    if not raw:
        err.add(make_error("missing_value", n, column, raw))
    elif code is None:
        e = make_error(unknown, n, column, raw)
        hint = _code_hint(raw)
        if hint:
            e.message_ko += hint["hint_ko"]
            e.message_en += " (Excel may have turned the code into a date: format the cell as text)"
        err.add(e)
    return code


def _check_duplicate(key: tuple, n: int, seen: dict, err: _Errors, column: str, shown: str) -> None:
    if key in seen:
        err.add(make_error("duplicate_key", n, column, shown, first_row=seen[key], key=shown))
    else:
        seen[key] = n


def _validate_actuals(read: ReadResult, ref: _Ref, err: _Errors, scope) -> list[dict]:
    out = []
    seen: dict[tuple, int] = {}
    kind = "actuals"
    for n, r in zip(read.df.index, _rows_of(read.df)):
        before = len(err.items) + err.dropped
        year, quarter = _year_quarter(r, n, kind, read, err)
        d_ok, district = _district(r, n, kind, read, ref, err, scope)
        raw_code = r["indicator"]
        col_ind = _label("indicator", read, kind)
        code = _lookup_code(raw_code, ref.indicator_lookup, "unknown_indicator", n, col_ind, err)
        value = stage = None
        raw_value = r["value"]
        col_val = _label("value", read, kind)
        if code is not None:
            info = ref.indicators[code]
            unit = info["unit"]
            stages = ref.stages.get(code, [])
            stages_text = ", ".join(stages) if stages else "-"
            if info["scope"] == "citywide" and district is not None:
                err.add(make_error("scope_citywide_only", n, _label("district", read, kind), r["district"],
                                   indicator=code))
            elif info["scope"] == "district" and district is None and d_ok:
                err.add(make_error("scope_district_only", n, _label("district", read, kind), r["district"],
                                   indicator=code))
            if not raw_value:
                err.add(make_error("missing_value", n, col_val, raw_value))
            elif info["target_kind"] == "milestone":
                num, _ = parse_number(raw_value, unit)
                match = [s for s in stages if _stage_key(s) == _stage_key(raw_value)]
                if match:
                    stage = match[0]
                elif num is not None:
                    err.add(make_error("number_for_milestone", n, col_val, raw_value, indicator=code,
                                       stages=stages_text))
                else:
                    err.add(make_error("unknown_stage", n, col_val, raw_value, indicator=code, stages=stages_text))
            else:
                num, percent = parse_number(raw_value, unit)
                if num is None:
                    code_ = "stage_for_numeric" if _stage_key(raw_value) in ref.all_stages else "not_a_number"
                    err.add(make_error(code_, n, col_val, raw_value, indicator=code))
                elif num < 0:
                    err.add(make_error("negative_value", n, col_val, raw_value))
                elif percent and unit != "%":
                    err.add(make_error("percent_not_allowed", n, col_val, raw_value, indicator=code, unit=unit))
                elif unit == "%" and num > 100:
                    err.add(make_error("percent_over_100", n, col_val, raw_value))
                elif unit in COUNT_UNITS and num != int(num):
                    err.add(make_error("not_integer", n, col_val, raw_value, unit=unit))
                else:
                    value = num
        note = _text(r, "note", n, kind, read, err)
        if code is not None and year is not None and quarter is not None and d_ok:
            shown = f"{code} / {_district_label(district, ref)} / {year}년 {quarter}분기"
            _check_duplicate((code, district, year, quarter), n, seen, err, col_ind, shown)
        if len(err.items) + err.dropped == before:
            out.append({"row": n, "indicator_code": code, "district_code": district, "year": year,
                        "quarter": quarter, "value": value, "stage": stage, "note": note})
    return out


def _validate_budget(read: ReadResult, ref: _Ref, err: _Errors, scope) -> list[dict]:
    out = []
    seen: dict[tuple, int] = {}
    kind = "budget"
    for n, r in zip(read.df.index, _rows_of(read.df)):
        before = len(err.items) + err.dropped
        year, quarter = _year_quarter(r, n, kind, read, err)
        d_ok, district = _district(r, n, kind, read, ref, err, scope)
        raw_code = r["line"]
        col_line = _label("line", read, kind)
        code = _lookup_code(raw_code, ref.line_lookup, "unknown_budget_line", n, col_line, err)
        if code is not None and ref.lines[code] != "예산":
            err.add(make_error("budget_not_executable", n, col_line, raw_code, funding=ref.lines[code]))
            code = None
        raw_amount = r["amount"]
        col_amt = _label("amount", read, kind)
        amount = None
        if not raw_amount:
            err.add(make_error("missing_value", n, col_amt, raw_amount))
        else:
            num, percent = parse_number(raw_amount, "백만원")
            if num is None or percent:
                err.add(make_error("not_a_number", n, col_amt, raw_amount))
            elif num < 0:
                err.add(make_error("negative_value", n, col_amt, raw_amount))
            else:
                amount = num
        note = _text(r, "note", n, kind, read, err)
        if code is not None and year is not None and quarter is not None and d_ok:
            shown = f"{code} / {_district_label(district, ref)} / {year}년 {quarter}분기"
            _check_duplicate((code, district, year, quarter), n, seen, err, col_line, shown)
        if len(err.items) + err.dropped == before:
            out.append({"row": n, "line_code": code, "district_code": district, "year": year, "quarter": quarter,
                        "amount_mn": amount, "note": note})
    return out


def _coordinate(raw: str, n: int, col: str, err: _Errors) -> float | None:
    if not raw:
        err.add(make_error("missing_value", n, col, raw))
        return None
    t = _norm_text(raw).replace(" ", "")
    if not re.fullmatch(r"[+-]?\d+(?:\.\d+)?", t):
        err.add(make_error("bad_coordinate", n, col, raw))
        return None
    return float(t)


def _validate_spaces(read: ReadResult, ref: _Ref, err: _Errors, scope) -> list[dict]:
    out = []
    seen: dict[tuple, int] = {}
    kind = "spaces"
    types = {re.sub(r"\s+", "", t): t for t in SPACE_TYPES}
    bbox = {"lat_min": SEOUL_LAT[0], "lat_max": SEOUL_LAT[1], "lon_min": SEOUL_LON[0], "lon_max": SEOUL_LON[1]}
    for n, r in zip(read.df.index, _rows_of(read.df)):
        before = len(err.items) + err.dropped
        name = r["name"]
        col_name = _label("name", read, kind)
        if not name:
            err.add(make_error("missing_value", n, col_name, name))
        _text(r, "name", n, kind, read, err)
        raw_type = r["type"]
        space_type = types.get(re.sub(r"\s+", "", _norm_text(raw_type)))
        if not raw_type:
            err.add(make_error("missing_value", n, _label("type", read, kind), raw_type))
        elif space_type is None:
            err.add(make_error("unknown_space_type", n, _label("type", read, kind), raw_type,
                               types=", ".join(SPACE_TYPES)))
        d_ok, district = _district(r, n, kind, read, ref, err, scope)
        if d_ok and district is None:
            err.add(make_error("space_needs_district", n, _label("district", read, kind), r["district"]))
            d_ok = False
        dong = None
        raw_dong = r["dong"]
        if raw_dong:
            t = _norm_text(raw_dong).replace(" ", "").removesuffix(".0")
            if not re.fullmatch(r"\d{10}", t):
                err.add(make_error("bad_dong_code", n, _label("dong", read, kind), raw_dong))
            elif d_ok and not t.startswith(district):
                err.add(make_error("dong_not_in_district", n, _label("dong", read, kind), raw_dong,
                                   district=_district_label(district, ref)))
            else:
                dong = t
        address = _text(r, "address", n, kind, read, err)
        col_lat, col_lon = _label("lat", read, kind), _label("lon", read, kind)
        lat = _coordinate(r["lat"], n, col_lat, err)
        lon = _coordinate(r["lon"], n, col_lon, err)
        if lat is not None and lon is not None:
            lat_in = SEOUL_LAT[0] <= lat <= SEOUL_LAT[1]
            lon_in = SEOUL_LON[0] <= lon <= SEOUL_LON[1]
            if not lat_in and not lon_in and SEOUL_LON[0] <= lat <= SEOUL_LON[1] and SEOUL_LAT[0] <= lon <= SEOUL_LAT[1]:
                err.add(make_error("latlon_swapped", n, col_lat, r["lat"], lat=r["lat"], lon=r["lon"]))
            else:
                if not lat_in:
                    err.add(make_error("outside_seoul", n, col_lat, r["lat"], **bbox))
                if not lon_in:
                    err.add(make_error("outside_seoul", n, col_lon, r["lon"], **bbox))
        dates = {}
        for col in ("opened", "closed"):
            raw = r[col]
            dates[col] = None
            if raw:
                d = parse_date(raw)
                if d is None:
                    err.add(make_error("bad_date", n, _label(col, read, kind), raw))
                dates[col] = d
        if dates["opened"] and dates["closed"] and dates["closed"] < dates["opened"]:
            err.add(make_error("closed_before_opened", n, _label("closed", read, kind), r["closed"],
                               opened=r["opened"]))
        childcare = parse_yes_no(r["childcare"])
        if childcare is None:
            err.add(make_error("bad_yes_no", n, _label("childcare", read, kind), r["childcare"]))
        note = _text(r, "note", n, kind, read, err)
        if name and d_ok:
            shown = f"{_district_label(district, ref)} / {name}"
            _check_duplicate((district, name), n, seen, err, col_name, shown)
        if len(err.items) + err.dropped == before:
            out.append({"row": n, "name": name, "space_type": space_type, "district_code": district,
                        "dong_code": dong, "address": address, "lat": lat, "lon": lon,
                        "opened": dates["opened"].isoformat() if dates["opened"] else None,
                        "closed": dates["closed"].isoformat() if dates["closed"] else None,
                        "has_childcare_room": bool(childcare), "note": note})
    return out


# Columns of Validated.rows per kind: the table's columns without upload_id.
ROW_COLUMNS: dict[str, list[str]] = {
    "actuals": ["indicator_code", "district_code", "year", "quarter", "value", "stage", "note"],
    "budget": ["line_code", "district_code", "year", "quarter", "amount_mn", "note"],
    "spaces": ["name", "space_type", "district_code", "dong_code", "address", "lat", "lon", "opened", "closed",
               "has_childcare_room", "note"],
}


def _rows_frame(kind: str | None, rows: list[dict]) -> pd.DataFrame:
    if kind is None:
        return pd.DataFrame()
    cols = ROW_COLUMNS[kind]
    df = pd.DataFrame(rows, columns=["row"] + cols)
    df = df.set_index("row")
    for c in ("year", "quarter"):
        if c in df.columns:
            df[c] = df[c].astype("int64")
    for c in ("value", "amount_mn", "lat", "lon"):
        if c in df.columns:
            df[c] = df[c].astype("float64")
    for c in df.columns:
        if c not in ("year", "quarter", "value", "amount_mn", "lat", "lon", "has_childcare_room"):
            df[c] = df[c].astype(object).where(df[c].notna(), None)
    if "has_childcare_room" in df.columns:
        df["has_childcare_room"] = df["has_childcare_room"].astype(bool)
    return df


def validate(con: duckdb.DuckDBPyConnection, read: ReadResult, *, scope: set[str | None] | None = None) -> Validated:
    """Check every row of `read` against the plan tables. `scope` = district codes the user may write (None in the
    set = citywide); scope None = no restriction. Rows come back only when there are no errors at all."""
    err = _Errors(read.errors)
    kind = read.kind
    # without a required column (or with far too many rows) the cells are not worth checking one by one
    if kind is None or read.df.empty or any(e.code in ("too_many_rows", "missing_column") for e in read.errors):
        return Validated(_rows_frame(kind, []), err.finish(), kind, read)
    ref = _load_ref(con)
    fn = {"actuals": _validate_actuals, "budget": _validate_budget, "spaces": _validate_spaces}[kind]
    rows = fn(read, ref, err, scope)
    errors = err.finish()
    return Validated(_rows_frame(kind, [] if errors else rows), errors, kind, read)


def error_frame(errors: list[UploadError], lang: str = "ko") -> pd.DataFrame:
    """Errors as a table (row, column, value, code, message) for the page and the CLI."""
    return pd.DataFrame(
        [{"row": e.row, "column": e.column, "value": e.value, "code": e.code, "message": e.message(lang)}
         for e in errors],
        columns=["row", "column", "value", "code", "message"],
    )


# --- preview ---------------------------------------------------------------------------------------------------

def _key_join(keys: list[str], a: str, b: str) -> str:
    return " AND ".join(f"{a}.{k} IS NOT DISTINCT FROM {b}.{k}" for k in keys)


def _isna(x) -> bool:
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _same(a, b) -> bool:
    na, nb = _isna(a), _isna(b)
    if na or nb:
        return na and nb
    if isinstance(a, (dt.date, dt.datetime)) or isinstance(b, (dt.date, dt.datetime)):
        return str(a)[:10] == str(b)[:10]
    return a == b


def preview(con: duckdb.DuckDBPyConnection, validated: Validated) -> Preview:
    """Compare validated rows with the current values: each row is new, superseding (its key has another current
    value) or unchanged. For actuals, `indicator_codes` lists the indicators a commit would change."""
    kind = validated.kind
    empty_counts = {"new": 0, "superseding": 0, "unchanged": 0}
    if kind is None or validated.errors or validated.rows.empty:
        return Preview(kind, pd.DataFrame(), empty_counts, [], [])
    table, keys, values = _TABLES[kind]
    view = _CURRENT_VIEW[kind]
    rows = validated.rows.reset_index()
    rows["_ord"] = range(len(rows))
    old_cols = list(values)
    with con.cursor() as cur:
        cur.register("_preview_rows", rows)
        try:
            # the current row of each key: the view names its upload, the table holds every column of that row
            old = cur.execute(
                f"SELECT r._ord, {', '.join(f't.{c} AS old_{c}' for c in old_cols)}, c.upload_id AS old_upload_id "
                f"FROM _preview_rows r JOIN {view} c ON {_key_join(keys, 'r', 'c')} "
                f"JOIN {table} t ON t.upload_id = c.upload_id AND {_key_join(keys, 't', 'c')}"
            ).df()
        finally:
            cur.unregister("_preview_rows")
    merged = rows.merge(old, on="_ord", how="left").sort_values("_ord")
    changes = []
    old_ids = merged["old_upload_id"].tolist() if "old_upload_id" in merged.columns else [None] * len(merged)
    pairs = [(merged[c].tolist(), merged[f"old_{c}"].tolist()) for c in old_cols]
    for i, oid in enumerate(old_ids):
        if oid is None or pd.isna(oid):
            changes.append("new")
        elif all(_same(new_v[i], old_v[i]) for new_v, old_v in pairs):
            changes.append("unchanged")
        else:
            changes.append("superseding")
    merged["change"] = changes
    merged = merged.drop(columns=["_ord"]).set_index("row")
    if "old_upload_id" in merged.columns:
        merged["old_upload_id"] = merged["old_upload_id"].astype("Int64")
    counts = {k: int((merged["change"] == k).sum()) for k in ("new", "superseding", "unchanged")}
    changed = merged[merged["change"] != "unchanged"]
    indicators = sorted(changed["indicator_code"].unique().tolist()) if kind == "actuals" else []
    lines = sorted(changed["line_code"].unique().tolist()) if kind == "budget" else []
    return Preview(kind, merged, counts, indicators, lines)


# --- commit and rollback ---------------------------------------------------------------------------------------

def _now() -> dt.datetime:
    """Seoul local time (KST, no daylight saving), stored without zone."""
    return dt.datetime.now(_KST).replace(tzinfo=None, microsecond=0)


def insert_rows(cur: duckdb.DuckDBPyConnection, kind: str, rows: pd.DataFrame, upload_id: int) -> None:
    df = rows.reset_index(drop=True)
    cur.register("_ingest_rows", df)
    try:
        if kind == "actuals":
            cur.execute("INSERT INTO actual SELECT indicator_code, district_code, year, quarter, value, stage, note, ? "
                        "FROM _ingest_rows", [upload_id])
        elif kind == "budget":
            cur.execute("INSERT INTO budget_execution SELECT line_code, district_code, year, quarter, amount_mn, note, "
                        "? FROM _ingest_rows", [upload_id])
        else:
            cur.execute("INSERT INTO space SELECT name, space_type, district_code, dong_code, address, lat, lon, "
                        "CAST(opened AS DATE), CAST(closed AS DATE), has_childcare_room, note, ? FROM _ingest_rows",
                        [upload_id])
    finally:
        cur.unregister("_ingest_rows")


_DUPLICATE_SQL = ("SELECT upload_id, kind FROM upload WHERE sha256 = ? AND status = 'committed' "
                  "ORDER BY upload_id LIMIT 1")


def _committed_upload_with(con: duckdb.DuckDBPyConnection, sha256: str) -> tuple[int, str] | None:
    """(upload_id, kind) of the oldest committed upload with these bytes."""
    with con.cursor() as cur:
        row = cur.execute(_DUPLICATE_SQL, [sha256]).fetchone()
    return None if row is None else (int(row[0]), row[1])


def commit(con: duckdb.DuckDBPyConnection, data: bytes, name: str, user: str, *,
           scope: set[str | None] | None = None, is_sample: bool = False, lock=None) -> CommitResult:
    """Read, validate and store an uploaded file in one transaction. Any error → nothing written. The same bytes as
    an upload that is still committed → `duplicate=True` (upload_id = that upload) and nothing written.

    `scope`: district codes the user may write (None in the set = citywide); None = no restriction.
    `lock`: serialises writers (default: one lock per process)."""
    data = bytes(data or b"")
    if len(data) <= MAX_UPLOAD_BYTES:  # the same bytes are committed already: nothing to read or write
        dup = _committed_upload_with(con, hashlib.sha256(data).hexdigest())
        if dup is not None:
            return CommitResult(dup[0], 0, True, [], dup[1])
    read = read_upload(data, name)
    validated = validate(con, read, scope=scope)
    kind = validated.kind
    if validated.errors:
        return CommitResult(None, 0, False, validated.errors, kind)
    user = (user or "").strip()[:200] or "unknown"
    file_name = (read.name or "upload")[:255]
    counts: dict[str, int] = {}

    def store(cur: duckdb.DuckDBPyConnection) -> CommitResult:
        counts.update(preview(cur, validated).counts)
        dup = cur.execute(_DUPLICATE_SQL, [read.sha256]).fetchone()  # again, inside the transaction
        if dup is not None:
            raise Rollback(CommitResult(int(dup[0]), 0, True, [], kind))
        upload_id = int(cur.execute("SELECT nextval('upload_seq')").fetchone()[0])
        was_fresh = schema.current_is_fresh(cur)
        cur.execute(
            'INSERT INTO upload (upload_id, uploaded_at, "user", file_name, sha256, kind, rows, encoding, status, '
            "is_sample, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'committed', ?, ?)",
            [upload_id, _now(), user, file_name, read.sha256, kind, len(validated.rows), read.encoding,
             bool(is_sample), data],
        )
        insert_rows(cur, kind, validated.rows, upload_id)
        schema.fold_upload(cur, upload_id, was_fresh)  # the materialised current rows, same transaction
        return CommitResult(upload_id, len(validated.rows), False, [], kind, counts)

    return write(con, store, lock=lock)


def _upload_districts(cur: duckdb.DuckDBPyConnection, kind: str, upload_id: int) -> set[str | None]:
    table = _TABLES[kind][0]
    return {r[0] for r in cur.execute(f"SELECT DISTINCT district_code FROM {table} WHERE upload_id = ?",
                                      [upload_id]).fetchall()}


def rollback(con: duckdb.DuckDBPyConnection, upload_id: int, user: str, *,
             scope: set[str | None] | None = None, own_only: bool = False, lock=None) -> None:
    """Mark an upload rolled back: for every key it touched, the value before it is current again.

    scope: the districts the acting user may change (None = unrestricted); own_only: staff may roll back only
    uploads they made themselves (admins pass False)."""
    user = (user or "").strip()[:200] or "unknown"

    def mark(cur: duckdb.DuckDBPyConnection) -> None:
        row = cur.execute('SELECT status, kind, "user" FROM upload WHERE upload_id = ?', [int(upload_id)]).fetchone()
        if row is None:
            raise IngestError("upload_not_found", upload_id=upload_id)
        status, kind, owner = row
        if own_only and (owner or "").casefold() != user.casefold():
            raise IngestError("rollback_not_owner", upload_id=upload_id, owner=owner)
        if status != "committed":
            raise IngestError("already_rolled_back", upload_id=upload_id)
        if scope is not None and kind in _TABLES and not _upload_districts(cur, kind, upload_id) <= set(scope):
            raise IngestError("rollback_outside_scope", upload_id=upload_id)
        was_fresh = schema.current_is_fresh(cur)
        cur.execute("UPDATE upload SET status = 'rolled_back', rolled_back_at = ?, rolled_back_by = ? "
                    "WHERE upload_id = ?", [_now(), user, int(upload_id)])
        schema.recompute_keys(cur, [int(upload_id)], was_fresh)

    write(con, mark, lock=lock)


def remove_sample(con: duckdb.DuckDBPyConnection, user: str, *, scope: set[str | None] | None = None,
                  lock=None) -> int:
    """Roll back every committed sample upload at once; returns how many. Sample data spans every district, so
    only an unrestricted (admin or operator) scope may remove it."""
    user = (user or "").strip()[:200] or "unknown"
    if scope is not None:
        raise IngestError("sample_admin_only")

    def mark(cur: duckdb.DuckDBPyConnection) -> int:
        ids = [r[0] for r in cur.execute(
            "SELECT upload_id FROM upload WHERE is_sample AND status = 'committed'").fetchall()]
        if not ids:
            raise Rollback(0)
        was_fresh = schema.current_is_fresh(cur)
        cur.execute("UPDATE upload SET status = 'rolled_back', rolled_back_at = ?, rolled_back_by = ? "
                    "WHERE is_sample AND status = 'committed'", [_now(), user])
        schema.recompute_keys(cur, ids, was_fresh)
        return len(ids)

    return int(write(con, mark, lock=lock))


# --- history of a key ---------------------------------------------------------------------------------------

_KEY_ALIASES = {"indicator": "indicator_code", "district": "district_code", "line": "line_code",
                "type": "space_type"}


def history(con: duckdb.DuckDBPyConnection, kind: str, key: dict) -> pd.DataFrame:
    """Every row ever uploaded for a key (or for the keys matching a partial key), oldest first, with its upload and
    whether it is the current value. `key` uses table column names (indicator_code, district_code, year, quarter;
    line_code …; district_code, name); district_code None = citywide; a district name is resolved."""
    if kind not in _TABLES:
        raise IngestError("unknown_kind_name", value=kind)
    table, keys, values = _TABLES[kind]
    conds, params = [], []
    for k, v in (key or {}).items():
        col = _KEY_ALIASES.get(k, k)
        if col not in keys:
            raise IngestError("bad_history_key", value=k)
        if col == "district_code":
            if v is not None:
                ok, code = resolve_district(str(v), district_lookup(con))
                v = code if ok else str(v)
            if v is None:
                conds.append("t.district_code IS NULL")
                continue
        conds.append(f"t.{col} = ?")
        params.append(v)
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    partition = ", ".join(f"t.{k}" for k in keys)
    sql = f"""
        SELECT {', '.join(f't.{c}' for c in keys + values)}, t.upload_id, u.uploaded_at, u."user", u.file_name,
               u.status, u.is_sample,
               (u.status = 'committed' AND t.upload_id = max(CASE WHEN u.status = 'committed' THEN t.upload_id END)
                    OVER (PARTITION BY {partition})) AS current
        FROM {table} t JOIN upload u USING (upload_id)
        {where}
        ORDER BY {', '.join(f't.{k}' for k in keys)}, t.upload_id
    """
    with con.cursor() as cur:
        df = cur.execute(sql, params).df()
    df["current"] = df["current"].fillna(False).astype(bool)
    return df


def kind_label(kind: str | None, lang: str = "ko") -> str:
    if kind not in KIND_LABELS:
        return str(kind)
    ko, en = KIND_LABELS[kind]
    return en if lang == "en" else ko


# --- export safety ---------------------------------------------------------------------------------------------

# Text safety for exports lives in maeul.present.export (safe_cell, safe_frame, to_csv_bytes are re-exported above).

