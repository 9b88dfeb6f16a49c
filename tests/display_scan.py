"""What a page shows, as text, and the display faults a user would see in it — shared by the AppTest matrix
(tests/test_display_matrix.py) and the real-browser matrix (tests/test_browser_matrix.py).

`collect(at)` walks an AppTest run's element tree and returns every piece of text a user can read, each with where
it sits: markdown, captions, titles, alerts, metrics, widget labels, options, help and placeholders, expander and
tab labels, download buttons, table headers and cells (through their column config: option labels, formats), plotly
figures (titles, axis titles, tick texts, legend names, annotations, text, hover templates and the customdata /
values they show) and pydeck tooltips. `faults(items, lang)` checks them:

- **missing or broken numbers** — a visible `None`, `nan`/`NaN`, `inf`, `<NA>`, `NaT`;
- **float noise** — more decimals than the formatter (maeul.present.format.number: whole → none, below 10 → two,
  else one) shows: "40.0943", "1,000.0", "12.50"; in a table, a float cell whose value is not what
  `format.number_value` keeps and whose column has no fixed format; in a figure, a hover template that shows a raw
  float (`%{y}` without a d3 format) of such a value;
- **English mode leaks Korean** — any Hangul outside ALLOWED_HANGUL (see there: what may stay Korean, and why);
- **Korean mode leaks English** — any word of KO_FORBIDDEN (English interface words that have a Korean label) or a
  snake_case identifier (a raw column name);
- **clipped labels** — a status/label column (tinted labels from a column config's options) whose width is
  smaller than its longest label needs (`needed_width`: a documented per-character estimate).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from google.protobuf.message import Message

# ------------------------------------------------------------------ what counts as a fault

HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")
# 'None reported' / 'None of …' are English; a bare None (or None beside a unit or number) is a missing value.
BROKEN = re.compile(r"(?<![\w.])(None(?!\s+[a-z])|nan|NaN|NaT|<NA>|-?inf|-?Infinity|undefined|null)(?![\w(])")
# A number with more decimals than the formatter shows: 3+ decimals, 2 decimals from 10 up, or a whole number
# written with '.0' ("1,000.0"). Dates (2022.01.20) and versions are not numbers of this shape: they are skipped by
# requiring no further '.digit' after the match.
NUMBER = re.compile(r"(?<![\w.,])-?(\d{1,3}(?:,\d{3})+|\d+)\.(\d+)(?![\d.]|\.\d)")

# Hangul that may stay in English mode — each with why:
# - the language switch's own name (한국어): a language is named in its own script;
# - 행정동 names (청운효자동 …): place names with no English form in our data (the 자치구 have one: Gangnam-gu);
# - the boundary data's required attribution, quoted as its licence asks, with its English version beside it
#   (data/geo/ATTRIBUTION.md; the element is exempt in both languages);
# - user text: what someone typed (file, user and space names, notes, explanations, reasons) is shown as typed
#   (the sample data's is Korean): table columns in USER_TEXT_COLUMNS, Items marked user=True;
# - the indicators' transcription notes (data/plan/indicator.csv `note`, shown in the strategy page's expander that
#   says so): written for auditors in English and quoting the printed Korean plan word for word, in both modes;
# - the plan's inconsistency records (data/plan/data_quality_notes.csv, the quality page says they are written in
#   English and quote the plan): exempt from every check, as their worked arithmetic (15,776 ÷ 18,836 = 83.75 %)
#   shows the decimals on purpose.
ALLOWED_HANGUL = {"한국어"}
ROOT = Path(__file__).resolve().parent.parent


def _dong_names() -> frozenset[str]:
    import csv

    with open(ROOT / "data" / "geo" / "seoul_dong_codes_2018_2022.csv", encoding="utf-8") as fh:
        return frozenset(r["dong_nm"] for r in csv.DictReader(fh))


PLACE_NAMES = _dong_names()


def _transcription_notes() -> frozenset[str]:
    import csv

    with open(ROOT / "data" / "plan" / "indicator.csv", encoding="utf-8") as fh:
        return frozenset(r["note"].strip() for r in csv.DictReader(fh) if r["note"].strip())


PLAN_NOTES = _transcription_notes()


def _quality_records() -> frozenset[str]:
    import csv

    with open(ROOT / "data" / "plan" / "data_quality_notes.csv", encoding="utf-8") as fh:
        return frozenset(v.strip() for r in csv.DictReader(fh) for k, v in r.items() if k != "id" and v.strip())


QUALITY_RECORDS = _quality_records()
QUALITY_MD = re.compile(r"^(\*\*DQB?\d+\*\*|DQB?\d+ — )")  # a record as markdown or as a picker label
QUALITY_LINE = re.compile(r"^[^:]{1,20}: (.*)$", re.S)  # 'Figure A: …' / '수치 A: …' as the browser shows a record


def quality_record(text: str) -> bool:
    """Whether text is (a line of) one of the plan's inconsistency records."""
    s = text.strip()
    m = QUALITY_LINE.match(s)
    return s in QUALITY_RECORDS or bool(QUALITY_MD.match(s)) or bool(m and m.group(1).strip() in QUALITY_RECORDS)
QUOTED = ("통계청 통계지리정보서비스",)  # an element quoting the required attribution: exempt from language checks

# Table columns (their English headers) whose cells are user text: shown as typed, Korean or not.
USER_TEXT_COLUMNS = {"File", "File name", "User", "Note", "Notes", "Name", "Space", "Address", "Cause", "Measure",
                     "Measure owner", "Explanation", "Reason", "Detail", "Before", "After", "By", "Uploaded by",
                     "Approved by", "Unlocked by", "Unlock reason", "Description"}

# English interface words that have a Korean label: in Korean mode, none of them may show.
KO_FORBIDDEN = re.compile(
    r"\b(Achieved|On track|Watch|Behind|No data|No target|Not rated|Target|Actual|Expected|Planned|Executed|"
    r"Source|Status|Upload|Sample|Published|District|Quarter|Citywide|All of Seoul|Improving|Worsening|"
    r"Unchanged|Not comparable|cases|sites|persons|people|points|dongs|KRW|Derived|derived|interpolated|"
    r"Provisional|Verified|Download|Rate|Year|Total|Budget|Strategy|Task|Indicator|Unit project)\b")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
URL = re.compile(r"(https?://|www\.)\S+|\S+@\S+|\S+\.(csv|xlsx|pdf|hwpx|duckdb|md)(?![A-Za-z0-9])|CC BY \d\.\d|\bver\d+\b")


@dataclass(frozen=True)
class Item:
    where: str  # element kind and position, e.g. "caption", "dataframe[2] cell 상태", "plotly[0] xaxis.title"
    text: str
    user: bool = False  # user text (shown as typed): exempt from the language checks


# ------------------------------------------------------------------ collecting an AppTest run

_SKIP_FIELDS = {"id", "deferred_file_id", "type", "tag", "icon", "raw_value", "column_order", "config", "theme",
                "form_id", "key", "url", "spec", "json", "columns", "arrow_data", "data", "mime", "width",
                "height", "element_id", "css", "mapbox_token", "selection_mode", "default", "value",
                "initial_chunk", "format", "body_is_html", "color", "delta_color", "pathname"}


def collect(at) -> list[Item]:
    """Every piece of text a user can read on an AppTest run's page (sidebar included)."""
    items: list[Item] = []
    counters: dict[str, int] = {}

    def walk(node):
        kind = getattr(node, "type", type(node).__name__)
        proto = getattr(node, "proto", None)
        if kind == "dataframe":
            i = counters["dataframe"] = counters.get("dataframe", -1) + 1
            items.extend(dataframe_items(node, f"dataframe[{i}]"))
        elif kind == "plotly_chart":
            i = counters["plotly"] = counters.get("plotly", -1) + 1
            items.extend(plotly_items(json.loads(proto.spec), f"plotly[{i}]"))
        elif kind == "deck_gl_json_chart":
            items.extend(deck_items(json.loads(proto.json)))
        elif isinstance(proto, Message):
            for path, s in proto_strings(proto):
                items.append(Item(f"{kind}.{path}", s))
        for label in (getattr(node, "label", None),) if kind in ("expander", "tab", "status") else ():
            if label:
                items.append(Item(f"{kind}.label", label))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return items


def proto_strings(m: Message, path: str = ""):
    """(field path, text) of every string field of a protobuf message worth reading (ids, keys, JSON skipped)."""
    for fd, v in m.ListFields():
        if fd.name in _SKIP_FIELDS:
            continue
        p = f"{path}.{fd.name}" if path else fd.name
        values = v if fd.is_repeated else [v]
        for x in values:
            if isinstance(x, Message):
                yield from proto_strings(x, p)
            elif isinstance(x, str) and x.strip():
                yield p, x


def column_config(el) -> dict:
    return json.loads(el.proto.columns or "{}")


def dataframe_items(el, where: str) -> list[Item]:
    """Headers and cells of an st.dataframe as shown: list cells through their options' labels; numbers checked
    for float noise unless the column fixes its format; missing cells as Streamlit draws them (the
    table's placeholder, else 'None')."""
    import numpy as np
    import pandas as pd

    df = el.value
    cfg = column_config(el)
    order = list(el.proto.column_order) or [str(c) for c in df.columns]
    out: list[Item] = []
    for col in df.columns:
        c = cfg.get(str(col), {})
        if c.get("hidden") or str(col) not in order and list(el.proto.column_order):
            continue
        header = c.get("label") or str(col)
        user = header in USER_TEXT_COLUMNS
        out.append(Item(f"{where} header", header))
        if c.get("help"):
            out.append(Item(f"{where} help {header}", c["help"]))
        tc = c.get("type_config", {})
        labels = {o["value"]: o.get("label", o["value"]) for o in tc.get("options", [])}
        fixed = bool(tc.get("format")) and re.search(r"%[.\d]*[df]|%d", str(tc.get("format"))) is not None
        for v in df[col]:
            cell = f"{where} cell {header}"
            if isinstance(v, (list, tuple, np.ndarray)):
                for x in list(v):
                    out.append(Item(cell, str(labels.get(x, x)), user))
            elif v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT:
                if c.get("type_config", {}).get("type") not in ("progress",):
                    out.append(Item(cell, el.proto.placeholder or "None"))  # what the grid draws for a gap
            elif isinstance(v, float) and not fixed:
                out.append(Item(cell, noise_text(v)))
            elif isinstance(v, (int, float)) or hasattr(v, "item"):
                continue
            else:
                out.append(Item(cell, str(v), user))
    return out


def noise_text(v: float) -> str:
    """A float as Streamlit would show it unformatted, if it carries more decimals than the formatter keeps
    (so NUMBER flags it); otherwise the formatter's text."""
    from maeul.present import format as fmt

    if math.isinf(v):
        return "inf"
    kept = fmt.number_value(v)
    return repr(v) if kept is not None and abs(kept - v) > 1e-9 else fmt.number(v)


_PLOTLY_TEXT_KEYS = {"title", "text", "name", "hovertemplate", "hovertext", "ticktext", "texttemplate", "label",
                     "labels", "legendgrouptitle", "header", "cells", "values"}


def plotly_items(spec: dict, where: str) -> list[Item]:
    """Texts of a plotly figure a reader sees: titles, axes, ticks, legend names, annotations, text, hover texts
    (templates and the customdata/values they show)."""
    out: list[Item] = []

    def strings(obj, path):
        if isinstance(obj, str):
            if obj.strip():
                out.append(Item(f"{where} {path}", obj))
        elif isinstance(obj, dict):
            for k, v in obj.items():
                if k in _PLOTLY_TEXT_KEYS or k == "text":
                    strings(v, f"{path}.{k}")
                elif isinstance(v, (dict, list)) and k not in ("x", "y", "z", "ids", "parents", "marker",
                                                                "line", "geojson", "source", "target", "colorscale"):
                    strings(v, f"{path}.{k}")
        elif isinstance(obj, list):
            for x in obj:
                strings(x, path)

    for i, tr in enumerate(spec.get("data", [])):
        strings({k: v for k, v in tr.items() if k in _PLOTLY_TEXT_KEYS or k in ("node", "link", "header", "cells")},
                f"trace[{i}]")
        out.extend(hover_items(tr, f"{where} trace[{i}]"))
        if tr.get("hovertemplate") and "customdata" in tr.get("hovertemplate", ""):
            strings(tr.get("customdata"), f"trace[{i}].customdata")
    strings(spec.get("layout", {}), "layout")
    return out


_RAW_FIELD = re.compile(r"%\{(x|y|z|value|customdata\[\d+\]|r|theta)\}")


def hover_items(trace: dict, where: str) -> list[Item]:
    """A hover template that shows a value with no d3 format: the values it would show, as Plotly shows them."""
    out = []
    tpl = trace.get("hovertemplate") or ""
    for m in _RAW_FIELD.finditer(tpl):
        field = m.group(1)
        if field.startswith("customdata"):
            idx = int(field[field.index("[") + 1:-1])
            vals = [row[idx] if isinstance(row, list) and len(row) > idx else None
                    for row in trace.get("customdata") or []]
        else:
            vals = trace.get(field) or []
            if isinstance(vals, dict):  # typed array (bdata): plotly shows them raw too; decode is not worth it
                continue
        for v in vals if isinstance(vals, list) else []:
            if isinstance(v, float) and not math.isnan(v):
                t = noise_text(v)
                if t != _plain_number(v):
                    out.append(Item(f"{where} hover %{{{field}}}", t))
    return out


def _plain_number(v: float) -> str:
    from maeul.present import format as fmt

    return fmt.number(v)


def deck_items(spec: dict) -> list[Item]:
    """Tooltip templates of a pydeck map."""
    out = []
    tip = spec.get("tooltip") if isinstance(spec, dict) else None
    if isinstance(tip, dict):
        for k in ("html", "text"):
            if tip.get(k):
                out.append(Item("deck tooltip", re.sub(r"<[^>]+>", " ", tip[k])))
    return out


# ------------------------------------------------------------------ checking

def faults(items: list[Item], lang: str) -> list[str]:
    """Every display fault in items, as 'kind · where · text' lines."""
    out = []
    for it in items:
        if quality_record(it.text):
            continue
        text = URL.sub(" ", it.text)
        for m in BROKEN.finditer(text):
            out.append(f"missing · {it.where} · {m.group(0)!r} in {it.text[:120]!r}")
        for m in NUMBER.finditer(text):
            whole, dec = m.group(1).replace(",", ""), m.group(2)
            zero = set(dec) == {"0"} and not re.match(r"\s?(%|bn\b|억)", text[m.end():])
            if len(dec) > 2 or (len(dec) == 2 and int(whole) >= 10) or zero:
                out.append(f"float noise · {it.where} · {m.group(0)!r} in {it.text[:120]!r}")
        if it.user or any(q in text for q in QUOTED) or it.text.strip() in PLACE_NAMES | PLAN_NOTES:
            continue
        if lang == "en":
            leaks = [h for h in HANGUL.findall(text) if h not in ALLOWED_HANGUL and h not in PLACE_NAMES]
            if leaks:
                out.append(f"Korean in English · {it.where} · {it.text[:160]!r}")
        else:
            words = KO_FORBIDDEN.findall(text) + SNAKE.findall(text)
            if words:
                out.append(f"English in Korean · {it.where} · {sorted(set(words))} in {it.text[:120]!r}")
    return out


# ------------------------------------------------------------------ clipped labels

# Width a label needs in a table cell, estimated from its characters at Streamlit's 14 px table font: a Hangul
# syllable (or any wide character) ~14 px, a Latin capital, digit or '%' ~9 px, any other character ~7 px; plus
# 16 px of cell padding, and for a tinted label (a MultiselectColumn's pill) 16 px of pill padding. Streamlit's
# named widths: small 75 px, medium 200 px, large 400 px. Generous to the text: a label measured this way fits.
PX_WIDE, PX_UPPER, PX_OTHER, PAD_CELL, PAD_PILL = 14, 9, 7, 16, 16
NAMED_WIDTH = {"small": 75, "medium": 200, "large": 400}


def text_px(s: str) -> int:
    px = 0
    for ch in s:
        if HANGUL.match(ch) or ord(ch) > 0x2E80:
            px += PX_WIDE
        elif ch.isupper() or ch.isdigit() or ch == "%":
            px += PX_UPPER
        else:
            px += PX_OTHER
    return px


def needed_width(labels, pill: bool = True) -> int:
    """Pixels a column needs to show its longest label unclipped (see the constants above)."""
    return max((text_px(str(s)) for s in labels), default=0) + PAD_CELL + (PAD_PILL if pill else 0)


def clipped(at) -> list[str]:
    """Label columns (a column config with options: status pills, tinted labels) narrower than their labels."""
    import numpy as np

    out = []
    for i, el in enumerate(at.dataframe):
        df = el.value
        for col, c in column_config(el).items():
            tc = c.get("type_config", {})
            opts = {o["value"]: o.get("label", o["value"]) for o in tc.get("options", [])}
            width = c.get("width")
            if not opts or width is None or col not in df.columns:
                continue
            px = NAMED_WIDTH.get(width, width) if isinstance(width, str) else int(width)
            shown = {opts.get(x, x) for v in df[col] if isinstance(v, (list, tuple, np.ndarray)) for x in list(v)}
            need = needed_width(shown)
            if shown and px < need:
                longest = max(shown, key=text_px)
                out.append(f"clipped label · dataframe[{i}] column {c.get('label') or col} · width {width} "
                           f"({px} px) < {need} px for {longest!r}")
    return out
