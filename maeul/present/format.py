"""One formatter per kind of figure. Every number, rate, amount, unit and status label the app shows — in tables,
charts, maps, captions and exports — goes through here, so the same value reads the same everywhere.

Kinds:
- a measured value with its unit (``num``): whole numbers without decimals; others with one (two below 10).
  Korean units follow the number directly ("1,234건", "38.9%"); English ones after a space ("1,234 sites").
- a progress rate (``rate``): actual ÷ expected as a whole percent, **truncated** — a shown "70%" is never a 지연
  (< 70 %) and "100%" never short of the target; ∞ for a lower-is-better indicator at zero.
- a share or ratio without a status (``percent``): budget execution, a part of a total — rounded.
- an amount in 백만원 (``amount``), in 억원 / KRW bn (``amount_eok``), or both (``amount_both``).
- a status (``status_label``, ``status_text`` with its mark, ``status_md`` in its colour for markdown).
- a date (``date_text``: 2022-01-20) and a time (``datetime_text``: 2022-01-20 17:00, KST as stored).
- whether a figure is verified (``verified_text``: 확정 / 잠정 / –).
Missing values read "–", never 0.

Exports (CSV/XLSX) carry the same figures as numbers: ``number_value``, ``rate_number`` (the whole percent
``rate`` shows), ``percent_value``, ``amount_value`` — rounded as shown, no float noise; maeul.present.export puts
them under headers that say the unit.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from maeul.i18n import t
from maeul.present.theme import STATUS_BADGE, STATUS_COLORS, STATUS_MARK
from maeul.read.rules import NO_DATA, STATUSES

DASH = "–"


def missing(v) -> bool:
    """None, NaN, pd.NA or NaT."""
    if v is None or v is pd.NA:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


# ------------------------------------------------------------------ numbers with units

# English units for one of a thing (the vocabulary itself is i18n "unit.*": 건 cases, 개소 sites, 명 people …).
UNIT_SINGULAR_EN = {"cases": "case", "units": "unit", "sites": "site", "people": "person", "times": "time",
                    "points": "point", "dongs": "dong", "households": "household"}


def unit_label(unit: str | None, lang: str = "ko") -> str:
    """The unit for display, from the one unit vocabulary (i18n "unit.*"): '개소' → 'sites', '명' → 'people',
    '백만원' → 'KRW mn' in English; unknown units are shown as they are."""
    if not unit:
        return ""
    try:
        return t(f"unit.{unit}", lang)
    except KeyError:
        return unit


def number(v, digits: int | None = None) -> str:
    """The number alone with thousands separators: whole → no decimals, else one (two below 10, trailing zeros
    dropped); ``digits`` fixes the decimals. Missing → '–'; ±∞ → '∞'."""
    if missing(v):
        return DASH
    v = float(v)
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    if digits is not None:
        return f"{v:,.{digits}f}"
    if abs(v - round(v)) < 1e-9:
        return f"{round(v):,.0f}"
    if abs(v) < 10:
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    return f"{v:,.1f}"


def with_unit(text: str, unit: str | None, lang: str = "ko") -> str:
    """'1,234' + '건' → '1,234건' (a Korean unit follows the number) / '1,234 cases', '1 case' (English units after
    a space, singular for 1); '%' always follows directly; money in English as format.amount: 'KRW 1,234 mn'."""
    u = unit_label(unit, lang)
    if not u or text == DASH:
        return text
    if lang == "en" and unit == "백만원":
        return f"KRW {text} mn"
    attached = u == "%" or ("\uac00" <= u[0] <= "\ud7a3")
    if not attached and text == "1":
        u = UNIT_SINGULAR_EN.get(u, u)
    return f"{text}{u}" if attached else f"{text} {u}"


def num(v, unit: str | None = None, lang: str = "ko", digits: int | None = None) -> str:
    """A measured value with its unit: 1234 → '1,234건', 38.9 → '38.9%', None → '–'."""
    return with_unit(number(v, digits), unit, lang)


WHOLE_UNITS = frozenset({"건", "개", "개소", "명", "회", "동", "세대", "백만원"})


def planned(v, unit: str | None = None, lang: str = "ko") -> str:
    """A derived target or expected value (a district's share of a citywide figure), rounded for its unit: people,
    sites and other counts as whole numbers, money to the 백만원 — 40.094 → '40건', 0.35 → '0개소' — never three
    decimals of a site. Other units as ``num``. (The exact figure stays in the data, charts' hovers and exports.)"""
    if missing(v):
        return DASH
    if unit in WHOLE_UNITS:
        return with_unit(number(round(float(v)), 0), unit, lang)
    return num(v, unit, lang)


def planned_value(v, unit: str | None = None) -> float | int | None:
    """The number ``planned`` shows, as a number for sortable table columns and exports: whole for counts and money
    (WHOLE_UNITS), else as ``number_value``. Missing or ±∞ → None."""
    x = number_value(v)
    if x is None or unit not in WHOLE_UNITS:
        return x
    return int(round(float(v)))


def number_value(v, digits: int | None = None) -> float | int | None:
    """The number ``number`` shows, as a number for spreadsheets: whole → int, else rounded like ``number`` (two
    decimals below 10, one above; ``digits`` fixes them), so an export never carries float noise
    (1394.6000000000001 → 1394.6). Missing or ±∞ → None."""
    if missing(v):
        return None
    v = float(v)
    if math.isinf(v):
        return None
    if digits is None and abs(v - round(v)) < 1e-9:
        return int(round(v))
    return round(v, digits if digits is not None else (2 if abs(v) < 10 else 1))


# ------------------------------------------------------------------ rates and percentages

def rate_value(r) -> float | None:
    """A progress rate as the whole percent shown (truncated), for bars and progress columns; None when missing.
    Capped at 999 (a rate of 12.3 reads '999%+' nowhere: the cap only keeps bars drawable)."""
    if missing(r):
        return None
    r = float(r)
    if math.isinf(r):
        return 999.0
    return float(min(math.floor(r * 100 + 1e-9), 999))


def rate(r) -> str:
    """A progress rate (fraction) → '69%' (truncated, so it never contradicts its status); '–' when missing."""
    if missing(r):
        return DASH
    if math.isinf(float(r)):
        return "∞"
    return f"{math.floor(float(r) * 100 + 1e-9):,.0f}%"


def rate_number(r) -> int | None:
    """A progress rate as the whole percent ``rate`` shows (truncated), for exports: 0.9058 → 90; missing → None;
    ∞ (a lower-is-better indicator at zero) → None (a spreadsheet cell cannot hold it; the status says it)."""
    if missing(r) or math.isinf(float(r)):
        return None
    return int(math.floor(float(r) * 100 + 1e-9))


def percent_value(x, digits: int = 1) -> float | None:
    """A share or ratio (fraction) as a percent number for exports: 0.4567 → 45.7; missing or ∞ → None."""
    if missing(x) or math.isinf(float(x)):
        return None
    return round(float(x) * 100, digits)


def percent(x, digits: int = 0) -> str:
    """A share or ratio without a status (fraction) → '46%' / '12.5%' (rounded); '–' when missing."""
    if missing(x):
        return DASH
    x = float(x)
    if math.isinf(x):
        return "∞"
    return f"{x * 100:,.{digits}f}%"


def share(part, whole, digits: int = 1) -> str:
    """part ÷ whole as a percentage ('12.5%'); '–' when either is missing or whole is 0."""
    if missing(part) or missing(whole) or not whole:
        return DASH
    return percent(float(part) / float(whole), digits)


# ------------------------------------------------------------------ money (백만원)

def amount(v, lang: str = "ko") -> str:
    """An amount in 백만원: '1,234백만원' / 'KRW 1,234 mn'."""
    if missing(v):
        return DASH
    return f"{float(v):,.0f}백만원" if lang == "ko" else f"KRW {float(v):,.0f} mn"


def amount_value(v) -> float | int | None:
    """An amount in 백만원 as a number for exports, at the data's precision (0.1 백만원 = 10만원): 1394.6000000000001 →
    1394.6; whole amounts as int. Missing → None."""
    if missing(v):
        return None
    v = round(float(v), 1)
    return int(v) if v == int(v) else v


def amount_eok(v, lang: str = "ko") -> str:
    """12345 (백만원) → '123억원' / 'KRW 12.3 bn' (1억원 = 100백만원; 1 bn = 1,000 mn)."""
    if missing(v):
        return DASH
    v = float(v)
    if lang == "ko":
        eok = v / 100
        return f"{eok:,.0f}억원" if abs(eok) >= 100 else f"{eok:,.1f}억원"
    return f"KRW {v / 1000:,.1f} bn"


def amount_both(v, lang: str = "ko") -> str:
    """백만원 with the 억원 figure alongside from 1억원 up: '35,505백만원 (355억원)'."""
    if missing(v):
        return DASH
    if abs(float(v)) >= 100:
        return f"{amount(v, lang)} ({amount_eok(v, lang)})"
    return amount(v, lang)


# ------------------------------------------------------------------ statuses

def known_status(status) -> str:
    return status if status in STATUS_COLORS else NO_DATA


def status_label(status, lang: str = "ko") -> str:
    """'지연' / 'Behind' (unknown → 자료 없음)."""
    return t(f"status.{known_status(status)}", lang)


def status_text(status, lang: str = "ko", icon: bool = True) -> str:
    """'● 지연' / '● Behind': the status label with its mark (plain text)."""
    label = status_label(status, lang)
    return f"{STATUS_MARK} {label}" if icon else label


def status_md(status, lang: str = "ko") -> str:
    """Streamlit markdown of a status in its colour: ':red[● 지연]'."""
    s = known_status(status)
    return f":{STATUS_BADGE[s]}[{STATUS_MARK} {status_label(s, lang)}]"


def status_counts_md(counts, lang: str = "ko") -> str:
    """':blue[●] 달성 2 · :red[●] 지연 1' from a mapping status → count (zero counts left out); '–' when empty."""
    parts = []
    for s in STATUSES:
        n = counts.get(s, 0) if hasattr(counts, "get") else 0
        n = 0 if missing(n) else int(n)
        if n > 0:
            parts.append(f":{STATUS_BADGE[s]}[{STATUS_MARK}] {status_label(s, lang)} {n}")
    return " · ".join(parts) if parts else DASH


def status_counts_text(counts, lang: str = "ko") -> str:
    """'달성 2 · 정상 3 · 지연 1' from a mapping status → count (zero counts left out); '–' when empty."""
    parts = [f"{status_label(s, lang)} {int(counts.get(s, 0))}" for s in STATUSES
             if not missing(counts.get(s, 0)) and int(counts.get(s, 0) or 0) > 0]
    return " · ".join(parts) if parts else DASH


# ------------------------------------------------------------------ widths of table columns (st.dataframe)

# Pixels a character takes at the tables' 14 px font (NanumGothic / the system sans-serif), on the wide side so a
# column set from them never cuts its longest label: Hangul and other wide characters a full em, Latin by shape.
# (Checked in headless chromium against canvas measureText for Source Sans and Noto Sans CJK at 14 and 36 px: within
# +0–12 % of the real width.)
_NARROW = set("iljtfI.,:;'!|() ")
_WIDE_LATIN = set("mwMW@")
CELL_PADDING = 20     # st.dataframe's cell padding, both sides
PILL_PADDING = 24     # a status label's tinted pill (MultiselectColumn), both sides, on top of the cell's


def text_px(text, size: int = 14) -> int:
    """The width, in pixels, ``text`` takes in a table cell (an estimate on the wide side: Hangul, CJK and other
    wide characters one em; Latin letters, digits and marks by their shape)."""
    total = 0.0
    for ch in str(text):
        if ord(ch) >= 0x1100:
            total += 1.0
        elif ch in _NARROW:
            total += 0.36
        elif ch == "%":
            total += 1.05
        elif ch in _WIDE_LATIN:
            total += 0.9
        elif ch.isupper():
            total += 0.68
        else:
            total += 0.6
    return int(total * size + 0.999)


def column_px(texts, header: str = "", pill: bool = False, least: int = 60) -> int:
    """A column width that shows its longest text (and its header) whole: cell padding, plus a pill's own padding
    for a status label."""
    widest = max([text_px(x) for x in texts if x is not None] + [text_px(header) - (PILL_PADDING if pill else 0), 0])
    return max(least, widest + CELL_PADDING + (PILL_PADDING if pill else 0))


def status_width(lang: str = "ko") -> int:
    """The width of a status column: the longest status label of the language (Korean '판정 안 함', English 'On
    track' / 'Not rated' …) in its pill, never cut ('On tr', 'Achie')."""
    return column_px([status_label(s, lang) for s in STATUSES], pill=True)


# ------------------------------------------------------------------ target basis (progress.target_basis)

_DERIVED = re.compile(r"^파생\((?P<how>[^)]*)\)(?P<interp>·보간)?$")
_BASIS_KEYS = {"계획": "strategy.basis.plan", "보간": "strategy.basis.interp"}
_HOW_KEYS = {"동 수 비율": "dong", "25개 자치구 균등": "equal", "시 목표 수준 동일": "same_level"}


def is_derived(basis) -> bool:
    return isinstance(basis, str) and basis.startswith("파생")


def derivation(basis, lang: str = "ko") -> str:
    """How a target was obtained, short: '동 수 비율, 보간' / 'share of dongs, interpolated'; '계획' → 'plan';
    '' for none."""
    if not isinstance(basis, str) or not basis or basis == "없음":
        return ""
    m = _DERIVED.match(basis)
    if not m:
        key = _BASIS_KEYS.get(basis)
        return t(key, lang) if key else basis
    how = m.group("how")
    out = t(f"districts.basis.{how}", lang) if how in _HOW_KEYS else how
    return out + (f", {t('districts.basis.보간', lang)}" if m.group("interp") else "")


def basis_text(basis, lang: str = "ko") -> str:
    """The target basis as a label: '파생(동 수 비율)·보간' (Korean as stored) / 'derived (share of dongs)·interpolated';
    '계획' → plan; '보간' → interpolated; '' for none."""
    if not isinstance(basis, str) or not basis or basis == "없음":
        return ""
    if lang == "ko":
        return basis
    out = basis
    for how, key in _HOW_KEYS.items():
        out = out.replace(f"파생({how})", t(f"strategy.basis.{key}", lang))
    for ko, key in _BASIS_KEYS.items():
        out = out.replace(ko, t(key, lang))
    return out


# ------------------------------------------------------------------ the plan's words (stages, sections, quoted cells)

def stage_label(stage, lang: str = "ko") -> str:
    """A milestone stage as shown: '운영' / 'Operation' (data/plan's stage_en, i18n "stage.*"); a stage without an
    English name as it is; '–' when missing."""
    if missing(stage) or not str(stage).strip():
        return DASH
    s = str(stage)
    if lang != "en":
        return s
    try:
        return t(f"stage.{s}", lang)
    except KeyError:
        return s


_KO_COUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?(개소|백만원|억원|세대|건|개|명|회|점|동)(?![\uac00-\ud7a3])")
_KO_YEAR = re.compile(r"(\d{4})년(?![\uac00-\ud7a3])")


def plan_text(text, lang: str = "ko") -> str:
    """A heading or cell quoted from the plan — a section ('Ⅵ 단위사업 3-1-3 연차별 추진계획'), a target as printed
    ('1,000건', '65(91)') — in the chosen language: Korean as printed; English through the plan's vocabulary
    (i18n.plan_terms.SECTION_TERMS), its counts in the one unit vocabulary ('1,000 cases') and stage names in
    English. '' for None/NaN."""
    if missing(text):
        return ""
    out = str(text)
    if lang != "en":
        return out
    from maeul.i18n.plan_terms import SECTION_TERMS

    if f"stage.{out.strip()}" in _stage_keys():
        return stage_label(out.strip(), lang)
    for ko, en in SECTION_TERMS:
        out = out.replace(ko, en)
    out = _KO_COUNT.sub(lambda m: with_unit(m.group(1), m.group(2), lang), out)
    return _KO_YEAR.sub(r"\1", out)


def _stage_keys():
    from maeul.i18n.plan_terms import TEXT

    return TEXT


# ------------------------------------------------------------------ dates and review

def date_text(v) -> str:
    """A date (or the date of a time) as 2022-01-20; '–' when missing."""
    if missing(v):
        return DASH
    return pd.Timestamp(v).strftime("%Y-%m-%d")


def datetime_text(v) -> str:
    """A time as 2022-01-20 17:00 (stored in KST, shown as it is); '–' when missing."""
    if missing(v):
        return DASH
    return pd.Timestamp(v).strftime("%Y-%m-%d %H:%M")


def verified_text(v, lang: str = "ko") -> str:
    """A figure's review mark: 확정 (verified: its periods approved) / 잠정 (provisional) / '–' (no data)."""
    if v is True:
        return t("review.verified", lang)
    if v is False:
        return t("review.provisional", lang)
    return DASH


# ------------------------------------------------------------------ text

def short_label(name, limit: int = 16) -> str:
    """A long name shortened for a chart label (the hover keeps the full name)."""
    name = str(name)
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def text(v) -> str:
    """A text cell: '' for None/NaN."""
    return "" if missing(v) else str(v)


def text_or_dash(v) -> str:
    """A text value for display: '–' for None/NaN/empty."""
    return DASH if missing(v) or not str(v).strip() else str(v)


# Characters that carry markdown (or, in GitHub-flavoured markdown, make a bare URL or e-mail address a link: ':'
# of http://, '@' of mail, '.' of www.); '&' would start an entity.
_MD_SPECIAL = "\\`*_{}[]<>()#+-.!|~$:@&"
# Control characters (C0 but tab and newline, DEL, C1 — ESC/CSI/OSC reach a terminal) and the bidirectional
# overrides and isolates that reorder how a name reads (U+202A–U+202E, U+2066–U+2069).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(text) -> str:
    """User text (a file, user, space name, a note, a comment) for a plain-text place — a table cell, a select
    box, a file name, the terminal: control characters removed; '' for None/NaN."""
    if missing(text):
        return ""
    return _CONTROL.sub("", str(text))


def plain_frame(df: pd.DataFrame, columns=None) -> pd.DataFrame:
    """A copy of `df` with `plain` applied to its text cells (all object/string columns, or `columns`)."""
    out = df.copy()
    for c in columns if columns is not None else out.columns:
        if c in out.columns and (out[c].dtype == object or pd.api.types.is_string_dtype(out[c])):
            out[c] = pd.Series([plain(v) if isinstance(v, str) else v for v in out[c]], index=out.index,
                               dtype=out[c].dtype)
    return out


def md_escape(text) -> str:
    """THE way user text (file, user and space names, notes, comments) and other text from the data goes into
    markdown (st.markdown, st.caption, st.info …): control characters removed, line breaks as spaces, every
    markdown character backslash-escaped — no emphasis, maths, heading, image, raw HTML or link (bare URLs and
    e-mail addresses included) can come out of it. '–' for None/NaN/empty/non-text."""
    if not isinstance(text, str) or not text:
        return DASH
    text = " ".join(plain(text).splitlines())
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)
