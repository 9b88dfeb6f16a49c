"""The briefing as PDF: Typst (the ``typst`` package from PyPI, a self-contained compiler: no browser, no network,
no system library) lays out briefing.typ with the briefing's texts from a JSON file and its charts as SVG (vector),
embedding a subset of NanumGothic. A4 portrait, page numbers, a running header from page 2.

Why Typst: it typesets Korean with proper line breaking and tables that split across pages with their header row
repeated, in ~0.1 s; the data goes in as JSON, so no user text is ever read as markup. See README ("Briefings").
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from maeul.briefing import charts, fonts
from maeul.briefing.content import Briefing, Table
from maeul.present import format as fmt
from maeul.present.export import NUMERIC_KINDS
from maeul.present.theme import STATUS_TEXT_COLORS, STATUS_TINTS

TEMPLATE = Path(__file__).with_name("briefing.typ")


def table_json(tb: Table, lang: str, bold_last: bool = False) -> dict:
    """A table for the template: title, headers, cells as printed, column widths and alignment, and the status
    column's tint and ink per row."""
    kinds = [c.kind for c in tb.cols]
    status_col = kinds.index("status") if "status" in kinds else -1
    statuses = tb.statuses()
    return {
        "title": tb.title, "headers": tb.headers(lang), "rows": tb.cells(lang),
        "widths": list(tb.widths) if len(tb.widths) == len(tb.cols) else [1] * len(tb.cols),
        "align": ["right" if k in NUMERIC_KINDS else "left" for k in kinds],
        "status_col": status_col, "note": tb.note, "bold_last": bold_last,
        "tints": [STATUS_TINTS.get(fmt.known_status(s)) if s else None for s in statuses],
        "inks": [STATUS_TEXT_COLORS.get(fmt.known_status(s)) if s else None for s in statuses],
    }


def document_json(b: Briefing, chart_files: dict[str, str]) -> dict:
    """Everything the template prints, as strings (and colours)."""
    lang = b.lang
    status = fmt.known_status(b.headline["status"])
    state = "verified" if b.verified else "provisional"
    district = None
    if b.district:
        district = table_json(b.district["table"], lang)
    return {
        "lang": lang, "title": b.title, "org": b.label("org"), "scope": b.scope, "as_of": b.as_of, "made": b.made,
        "made_by": b.label("made_by"), "page_word": b.label("page"),
        "state_short": b.label(f"state.short.{state}"), "state_note": b.state_note,
        "state_fill": "#daf0e3" if b.verified else "#fdf0c8",
        "sample_note": b.label("cover.sample") if b.sample else "",
        "cover": [[b.label("cover.scope"), b.scope], [b.label("cover.as_of"), b.as_of],
                  [b.label("cover.made"), b.made], [b.label("cover.state"), b.label(f"state.short.{state}")]],
        "labels": {k: b.label(k) for k in ("headline", "overall", "map", "map_note", "dots", "sources", "caveats")},
        "headline": {"rate_text": b.headline["rate_text"], "status_label": b.headline["status_label"],
                     "lines": b.headline["lines"], "tint": STATUS_TINTS[status], "ink": STATUS_TEXT_COLORS[status]},
        "values": table_json(b.values, lang), "kpis": table_json(b.kpis, lang),
        "behind": table_json(b.behind, lang), "budget": table_json(b.budget, lang, bold_last=True),
        "budget_note": b.budget_note, "district": district, "appendix": table_json(b.appendix, lang),
        "sources": list(b.sources), "caveats": list(b.caveats), "charts": chart_files,
    }


def _link_fonts(dest: Path) -> None:
    """Regular and bold NanumGothic only (so Typst never picks ExtraBold or Light from the same folder)."""
    dest.mkdir()
    for f in fonts.font_files():
        try:
            os.symlink(f, dest / f.name)
        except OSError:  # pragma: no cover - a file system without symlinks
            shutil.copy(f, dest / f.name)


def render(b: Briefing) -> bytes:
    """The briefing as PDF bytes."""
    import typst

    with tempfile.TemporaryDirectory(prefix="maeul-brief-") as tmp:
        root = Path(tmp)
        files = {}
        for name, fig in charts.all_charts(b).items():
            (root / f"{name}.svg").write_bytes(charts.svg(fig))
            files[name] = f"{name}.svg"
        (root / "data.json").write_text(json.dumps(document_json(b, files), ensure_ascii=False), encoding="utf-8")
        shutil.copy(TEMPLATE, root / "main.typ")
        _link_fonts(root / "fonts")
        return typst.compile(str(root / "main.typ"), root=str(root), font_paths=[str(root / "fonts")],
                             ignore_system_fonts=True)
