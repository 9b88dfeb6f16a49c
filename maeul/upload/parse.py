"""Cell texts → values: numbers (1,000 / 35% / 1,000건), whole numbers with a suffix (2019년, 3분기), dates, yes/no,
and 자치구 names or codes → MOIS district codes.

Pure functions of their text, memoised: upload files repeat the same few texts (years, quarters, district names,
codes, small numbers) on every row, so a 100,000-row file parses each distinct text once.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata

import duckdb

from maeul.upload.spec import CITYWIDE_NAMES

_memo = functools.lru_cache(maxsize=1 << 16)


def clear_parse_caches() -> None:
    """Forget memoised cell texts (benchmarks measure a cold start with it)."""
    for fn in (norm_text, stage_key, district_key, parse_number, parse_int, parse_date, parse_yes_no):
        fn.cache_clear()


# --- normalising ------------------------------------------------------------------------------------------------

# Superscripts, subscripts, fractions and circled numbers (Unicode category No: ², ₂, ½, ①): NFKC would make digits
# of them (10² → 102), so they are kept as they are and a number holding one is not a number.
_ODD_DIGITS = "".join(chr(i) for i in range(0x10000) if unicodedata.category(chr(i)) == "No")
_ODD_DIGIT_RE = re.compile(f"([{re.escape(_ODD_DIGITS)}])")


@_memo
def norm_text(s: str) -> str:
    """NFKC (full-width digits and %, compatibility jamo) except for superscripts, fractions and circled numbers,
    no BOM/zero-width characters, outer whitespace stripped."""
    if _ODD_DIGIT_RE.search(s):
        s = "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(_ODD_DIGIT_RE.split(s)))
    else:
        s = unicodedata.normalize("NFKC", s)
    s = s.replace("\ufeff", "").replace("\u200b", "")
    return s.strip()


@_memo
def stage_key(s: str) -> str:
    """A stage name as compared: no spaces or punctuation, lower case ('기반 조성' = '기반조성')."""
    return re.sub(r"[\s·ㆍ・.,/\-?]", "", norm_text(s)).lower()


@_memo
def district_key(s: str) -> str:
    """A district name or code as looked up: no spaces, lower case."""
    return re.sub(r"\s+", "", norm_text(s)).lower()


# --- numbers, dates, yes/no -------------------------------------------------------------------------------------

_NUM_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_DATE_LIKE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}월\s*\d{1,2}일?)$")


def looks_like_date(text: str) -> bool:
    """Whether a cell reads as a date (Excel turns codes such as 1-1-1 into dates)."""
    return bool(_DATE_LIKE.match(norm_text(text)))


def _odd_digits(text: str) -> bool:
    return _ODD_DIGIT_RE.search(text) is not None


@_memo
def parse_number(text: str, unit: str | None = None) -> tuple[float | None, bool]:
    """(value, had_percent_sign); value None when `text` is not a number. Accepts 1,000 / 35% / 3.5 / 1,000건 and
    full-width digits; not 10² or ①. -0 reads as 0."""
    if _odd_digits(text):
        return None, text.rstrip().endswith("%")
    t = norm_text(text).replace("\u2212", "-").replace(" ", "")
    percent = t.endswith("%")
    if percent:
        t = t[:-1]
    elif unit and unit != "%" and t.endswith(unit) and len(t) > len(unit):
        t = t[: -len(unit)]
    if not _NUM_RE.fullmatch(t):
        return None, percent
    v = float(t.replace(",", "")) + 0.0  # + 0.0 turns -0.0 into 0.0
    if math.isinf(v) or math.isnan(v):
        return None, percent
    return v, percent


@_memo
def parse_int(text: str, suffixes: tuple[str, ...]) -> int | None:
    """A whole number, with one of `suffixes` allowed before or after it (2019년, 3분기, Q3); None otherwise."""
    if _odd_digits(text):
        return None
    t = norm_text(text).replace(" ", "")
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
    t = norm_text(text)
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
    t = norm_text(text).lower().replace(" ", "")
    if t in _YES:
        return True
    if t in _NO:
        return False
    return None


# --- districts -------------------------------------------------------------------------------------------------

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
                out[district_key(str(k))] = code
    return out


def resolve_district(text: str, lookup: dict[str, str]) -> tuple[bool, str | None]:
    """(ok, code): ok False = unknown; code None = citywide (empty or 서울시)."""
    key = district_key(text or "")
    if key in CITYWIDE_NAMES:
        return True, None
    if re.fullmatch(r"\d{5}\.0+", key):
        key = key.split(".")[0]
    code = lookup.get(key)
    return (code is not None), code

