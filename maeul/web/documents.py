"""Documents a page hands out besides its data: the sidebar's briefing buttons (PDF, HWPX, XLSX of the current
scope and quarter, built on click) and the print stylesheet that keeps the browser's own print of any page free of
the sidebar, toolbars and buttons."""

from __future__ import annotations

import logging

import streamlit as st

from maeul.briefing import render as briefing
from maeul.i18n import t
from maeul.present.filters import Filters
from maeul.present.theme import METRIC_CSS
from maeul.read.registry import Reader
from maeul.web import cache

# The browser's print (Ctrl+P) of any page: no sidebar, header, toolbar, buttons or download buttons; the page's
# content uses the full width of the paper, and charts and tables are not split across pages where avoidable.
PRINT_CSS = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"], header,
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stDownloadButton"], .stDownloadButton, [data-testid="stBaseButton-secondary"], button,
  [data-testid="stSidebarNav"], [data-testid="stExpanderToggleIcon"] { display: none !important; }
  [data-testid="stMain"], [data-testid="stAppViewContainer"], .main { margin-left: 0 !important; }
  [data-testid="stMainBlockContainer"], .block-container { max-width: 100% !important; padding: 0.5cm !important; }
  [data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stTable"] { break-inside: avoid; }
  @page { size: A4 portrait; margin: 12mm; }
}
</style>"""


def print_stylesheet() -> None:
    """Inject the print stylesheet and the app's screen CSS (theme.METRIC_CSS: metrics wrap rather than truncate),
    as one element (st.html with only style tags takes no space on the page)."""
    st.html(PRINT_CSS + METRIC_CSS)


def _document(f: Filters, fmt: str, strategy: str | None = None) -> bytes:
    """Run on click, on a thread of its own without the script's context: plain (uncached) reads on the shared
    connection."""
    try:
        return briefing.render(Reader(cache.get_con()), f, fmt, strategy=strategy)
    except Exception:
        logging.getLogger("maeul").exception("briefing %s failed", fmt)
        raise


def briefing_buttons(f: Filters, strategy: str | None = None) -> None:
    """The briefing downloads for the current filters — in the sidebar, or (with ``strategy``, a core value '1'–'4')
    where the page calls it; each document is made only when clicked."""
    spec = cache.memo("documents.briefing_buttons", lambda: briefing.buttons(cache.DATA, f, strategy), *f.key,
                      strategy)
    where = st.sidebar if strategy is None else st.container(horizontal=True)
    with where:
        if strategy is None:
            st.caption(t("brief.sidebar", f.lang))
        for b in spec:
            st.download_button(b["label"], lambda fmt=b["fmt"]: _document(f, fmt, strategy),
                               file_name=b["file_name"], mime=b["mime"], help=b["help"], on_click="ignore",
                               key=f"dl_brief_{b['fmt']}" + (f"_{strategy}" if strategy else ""),
                               width="stretch" if strategy is None else "content")
