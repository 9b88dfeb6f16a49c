"""The briefing as HWPX (Hancom's open, zipped XML format that Korean public offices file and edit), written with
``python-hwpx`` (Apache-2.0) without Hangul: real paragraphs, real tables (header row repeated on every page,
status cells tinted), the charts as 200 dpi PNG pictures, A4 portrait, page numbers in the footer — so a 주무관 can
edit it into a 보고서. Same content and wording as the PDF (content.Briefing)."""

from __future__ import annotations

from maeul.briefing import charts
from maeul.briefing.content import Briefing, Table
from maeul.present import format as fmt
from maeul.present.theme import STATUS_TINTS

TEXT_WIDTH = 48189  # HWPUNIT: A4 (210 mm) less 20 mm margins each side = 170 mm × 283.46
HEAD_FILL = "#E8EEF5"


class _Doc:
    """A python-hwpx document with the briefing's paragraph and character styles."""

    def __init__(self):
        from hwpx import HwpxDocument

        self.doc = doc = HwpxDocument.new()
        doc.page.setup(paper_size="A4", orientation="PORTRAIT", margin_left_mm=20, margin_right_mm=20,
                       margin_top_mm=18, margin_bottom_mm=15)
        st = doc.styles
        self.title = st.ensure_run(bold=True, size=18, color="#1F3B63")
        self.h1 = st.ensure_run(bold=True, size=13, color="#1F3B63")
        self.h2 = st.ensure_run(bold=True, size=10.5)
        self.big = st.ensure_run(bold=True, size=22)
        self.body = st.ensure_run(size=10)
        self.small = st.ensure_run(size=8.5, color="#555555")
        self.cell = st.ensure_run(size=8.5)
        self.cell_bold = st.ensure_run(size=8.5, bold=True)
        self._first = True

    def para(self, text: str, style=None) -> None:
        if self._first:  # a new document starts with an empty paragraph holding the section settings
            p = self.doc.paragraphs[0]
            p.text = text
            for run in p.element.iter():
                if run.tag.endswith("}run"):
                    run.set("charPrIDRef", str(style or self.body))
            self._first = False
            return
        self.doc.add_paragraph(text, char_pr_id_ref=style or self.body, inherit_style=False)

    def picture(self, fig, width_mm: float = 160) -> None:
        w, h = fig.get_size_inches()
        width_mm = min(width_mm, w * 25.4)
        self.doc.add_picture(charts.png(fig), "png", width_mm=width_mm, height_mm=width_mm * h / w, align="CENTER")

    def table(self, tb: Table, lang: str) -> None:
        """A table: bold shaded header row (repeated on every page), cells as printed, numbers right-aligned,
        the status column tinted in the status colour."""
        heads, cells = tb.headers(lang), tb.cells(lang)
        n_rows, n_cols = len(cells) + 1, len(heads)
        t = self.doc.add_table(n_rows, n_cols, width=TEXT_WIDTH, char_pr_id_ref=self.cell)
        widths = list(tb.widths) if len(tb.widths) == n_cols else [1] * n_cols
        t.set_column_widths(widths)
        kinds = [c.kind for c in tb.cols]
        grid = [r.cells for r in t.rows]  # direct cell access: table.set_cell_text rebuilds the grid every call
        fills = _Fills(t)
        for j, h in enumerate(heads):
            grid[0][j].set_text(h)
            fills.shade(grid[0][j], HEAD_FILL)
        for i, (row, status) in enumerate(zip(cells, tb.statuses()), start=1):
            for j, text in enumerate(row):
                grid[i][j].set_text(text)
                if kinds[j] == "status" and status:
                    fills.shade(grid[i][j], STATUS_TINTS[fmt.known_status(status)].upper())
        _style_cells(t, kinds, self.cell, self.cell_bold)
        if tb.note:
            self.para(tb.note, self.small)


class _Fills:
    """Cell shading through one border-fill definition per colour (what table.set_cell_shading makes, without its
    per-call grid rebuild)."""

    def __init__(self, table):
        self.table, self.ids = table, {}
        self.document = table.paragraph.section.document

    def shade(self, cell, color: str) -> None:
        base = cell.element.get("borderFillIDRef") or self.table.element.get("borderFillIDRef")
        key = (color, base)
        if key not in self.ids:
            self.ids[key] = self.document.ensure_shading_border_fill(color, base_border_fill_id=base)
        cell.element.set("borderFillIDRef", self.ids[key])


def _style_cells(t, kinds: list[str], cell: str, bold: str) -> None:
    """Header row bold and marked as the header Hancom repeats on every page; body cells in the small cell font."""
    t.element.set("repeatHeader", "1")
    for r, tr in enumerate(x for x in t.element if x.tag.endswith("}tr")):
        for tc in (x for x in tr if x.tag.endswith("}tc")):
            if r == 0:
                tc.set("header", "1")
            for run in tc.iter():
                if run.tag.endswith("}run"):
                    run.set("charPrIDRef", str(bold if r == 0 else cell))
    t.mark_dirty()


def _cover(d: _Doc, b: Briefing) -> None:
    d.para(b.label("org"), d.small)
    d.para(b.title, d.title)
    state = b.label("state.short.verified" if b.verified else "state.short.provisional")
    for k, v in ((b.label("cover.scope"), b.scope), (b.label("cover.as_of"), b.as_of),
                 (b.label("cover.made"), b.made), (b.label("cover.state"), state)):
        d.para(f"{k}: {v}", d.body)
    d.para(b.state_note, d.h2)
    if b.sample:
        d.para(b.label("cover.sample"), d.h2)


def _headline(d: _Doc, b: Briefing, figs: dict) -> None:
    d.para(b.label("headline"), d.h1)
    d.para(f"{b.label('overall')}: {b.headline['rate_text']} ({b.headline['status_label']})", d.big)
    for line in b.headline["lines"]:
        d.para("• " + line, d.body)
    if "mix" in figs:
        d.picture(figs["mix"], 110)
    d.para(b.values.title, d.h2)
    if "values" in figs:
        d.picture(figs["values"], 140)
    d.table(b.values, b.lang)


def render(b: Briefing) -> bytes:
    """The briefing as HWPX bytes."""
    d = _Doc()
    figs = charts.all_charts(b)
    _cover(d, b)
    _headline(d, b, figs)
    for tb in (b.kpis, b.behind):
        d.para(tb.title, d.h1)
        d.table(tb, b.lang)
    d.para(b.budget.title, d.h1)
    if "budget" in figs:
        d.picture(figs["budget"], 140)
    d.table(b.budget, b.lang)
    d.para(b.budget_note, d.small)
    if "map" in figs:
        d.para(b.label("map"), d.h1)
        d.picture(figs["map"], 130)
        d.para(b.label("map_note"), d.small)
    if b.district:
        d.para(b.district["table"].title, d.h1)
        d.para(b.label("dots"), d.h2)
        if "dots" in figs:
            d.picture(figs["dots"], 160)
        d.table(b.district["table"], b.lang)
    d.para(b.appendix.title, d.h1)
    d.table(b.appendix, b.lang)
    for title, lines in ((b.label("sources"), b.sources), (b.label("caveats"), b.caveats)):
        d.para(title, d.h1)
        for line in lines:
            d.para("- " + line, d.body)
    d.doc.page.set_page_number(format="page", prefix="- ", suffix=" -")
    return d.doc.to_bytes()

