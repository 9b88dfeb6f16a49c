"""The briefing as an XLSX workbook: one sheet per view — summary (headline and core values), indicators (every
indicator in scope), budget, districts, data quality, sources — each with the scope and as-of in its first rows,
Korean headers with units, numbers as numbers with formats, rates as % numbers (the header says so), frozen header
rows and fitted column widths (maeul.present.export.xlsx_bytes)."""

from __future__ import annotations

import pandas as pd

from maeul.briefing.content import Briefing, Table
from maeul.present import format as fmt
from maeul.present.export import Block, Col, Sheet, export_frame, xlsx_bytes


def _block(tb: Table, lang: str, title: bool = True) -> Block:
    return Block(tb.frame(lang), tb.cols, tb.title if title else "")


def _lines(b: Briefing, what: str) -> tuple[str, ...]:
    state = b.label("state.short.verified" if b.verified else "state.short.provisional")
    return (f"{b.title} — {what}",
            f"{b.label('cover.scope')}: {b.scope} · {b.label('cover.as_of')}: {b.as_of} · "
            f"{b.label('cover.made')}: {b.made} · {b.label('cover.state')}: {state}")


SUMMARY_COLS = (Col("item", "brief.col.item"), Col("value", "brief.col.value"))


def _summary(b: Briefing) -> Sheet:
    lang = b.lang
    h = b.headline
    items = [{"item": f"{b.label('overall')} (%)", "value": fmt.rate_number(h["rate"])},
             {"item": b.label("overall"), "value": h["status_label"]}]
    items += [{"item": label, "value": n} for _s, label, n in h["mix"]]
    items += [{"item": b.label("cover.state"), "value": b.state_note}]
    if b.sample:
        items.append({"item": b.label("cover.sample"), "value": ""})
    summary = export_frame(pd.DataFrame(items), SUMMARY_COLS, lang)
    return Sheet(b.label("sheet.summary"), (Block(summary, SUMMARY_COLS, b.label("headline")),
                                            _block(b.values, lang), _block(b.kpis, lang), _block(b.behind, lang)),
                 _lines(b, b.label("sheet.summary")))


LINE_COLS = (Col("text", "brief.col.text"),)


def _text_block(title: str, lines, lang: str) -> Block:
    return Block(export_frame(pd.DataFrame({"text": list(lines)}), LINE_COLS, lang), LINE_COLS, title)


def render(b: Briefing) -> bytes:
    """The briefing as XLSX bytes."""
    lang = b.lang
    district_blocks = (_block(b.districts, lang),)
    if b.district:
        district_blocks = (_block(b.district["table"], lang),) + district_blocks
    sheets = [
        _summary(b),
        Sheet(b.label("sheet.indicators"), (_block(b.appendix, lang, title=False),),
              _lines(b, b.appendix.title)),
        Sheet(b.label("sheet.budget"), (_block(b.budget, lang, title=False),), _lines(b, b.budget.title)),
        Sheet(b.label("sheet.districts"), district_blocks, _lines(b, b.districts.title)),
        Sheet(b.label("sheet.quality"), (_text_block(b.label("caveats"), b.caveats, lang),
                                         _block(b.quality, lang)), _lines(b, b.label("sheet.quality"))),
        Sheet(b.label("sheet.sources"), (_text_block(b.label("sources"), b.sources, lang),),
              _lines(b, b.label("sheet.sources"))),
    ]
    return xlsx_bytes(sheets)
