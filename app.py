"""Entry point: page config, the shared sidebar (filters bound to the URL) and navigation.

Run: streamlit run serve.py (production: it serves this file and warms every page, see maeul.web.warm) or
streamlit run app.py. Pages live in pages/, logic in maeul/.
"""

import base64
from pathlib import Path

import streamlit as st

from maeul.i18n import t
from maeul.web import documents, sidebar, warm

HERE = Path(__file__).parent
# The favicon as a data URL: no outside request, and Streamlit passes it on as is (a file path is read, hashed and
# registered as a media file on every run, ~0.4 ms).
FAVICON = "data:image/png;base64," + base64.b64encode((HERE / "static" / "favicon.png").read_bytes()).decode()

# Material icons are drawn with the icon font Streamlit bundles (no emoji font or outside request needed).
PAGES = [
    ("pages/overview.py", "overview", "nav.overview", ":material/dashboard:"),
    ("pages/strategy.py", "strategy", "nav.strategy", ":material/account_tree:"),
    ("pages/budget.py", "budget", "nav.budget", ":material/payments:"),
    ("pages/map.py", "map", "nav.map", ":material/map:"),
    ("pages/districts.py", "districts", "nav.districts", ":material/location_city:"),
    ("pages/upload.py", "upload", "nav.upload", ":material/upload_file:"),
    ("pages/reporting.py", "reporting", "nav.reporting", ":material/event_available:"),
    ("pages/quality.py", "quality", "nav.quality", ":material/fact_check:"),
    ("pages/audit.py", "audit", "nav.audit", ":material/history:"),
]


def main(root: Path = HERE) -> None:
    """Page config, navigation over PAGES (files under ``root``), the shared sidebar, then the chosen page.
    ``root`` is only changed by the benchmark, which runs this shell with stand-in pages."""
    warm.start()  # once per server process (a no-op after that, and outside a server); serve.py starts it earlier
    st.set_page_config(
        page_title="마을공동체 기본계획 대시보드",
        page_icon=FAVICON,  # a local image: no icon font or CDN request
        layout="wide",
    )
    lang = st.session_state.get("lang") or st.query_params.get("lang") or "ko"
    lang = lang if lang in ("ko", "en") else "ko"  # the sidebar validates and syncs it; nav titles need it first
    nav = st.navigation([
        st.Page(str(root / path), title=t(key, lang), url_path=slug, icon=icon, default=(i == 0))
        for i, (path, slug, key, icon) in enumerate(PAGES)
    ])
    f = sidebar.sidebar()
    documents.briefing_buttons(f)
    documents.print_stylesheet()
    nav.run()


if __name__ == "__main__":  # streamlit run app.py (and AppTest) run it as __main__; the bench imports it
    main()
