"""The display matrix in a real browser: every page × (ko, en) × (citywide, 강남구, 강남구+송파구) of
`streamlit run app.py` with the sample data (loaded through the upload path), opened by URL (?gu=…&lang=…) in one
Debian chromium, one tab.

Reads what the browser shows — the visible DOM text of the page and sidebar and the text of every plotly SVG
(axes, ticks, legends, labels) — and fails on the faults tests/display_scan.py defines (None/nan/inf, float noise,
Korean in English mode, English interface words in Korean mode). Table cells are drawn on a canvas and cannot be
read here: tests/test_display_matrix.py reads them through AppTest, with the clipped-label check. A screenshot of
every combination goes to tests/artifacts/matrix/ (git-ignored) for a person to look at.

The server and browser fixtures are tests/test_browser.py's (one server for this module, one browser).
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests import display_scan as scan
from tests.test_browser import ARTIFACTS, CHROMIUM, browser, server, wait_idle  # noqa: F401 - fixtures
from tests.test_display_matrix import PAGES, SCOPES

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(),
                                 reason="Debian chromium not installed")]

SHOTS = ARTIFACTS / "matrix"
FAULTS_FILE = SHOTS / "faults.txt"


@pytest.fixture(scope="module")
def tab(browser, server):  # noqa: F811 - the imported fixtures
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    pg = ctx.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    FAULTS_FILE.write_text("", encoding="utf-8")
    yield pg
    ctx.close()


def visible_items(pg) -> list[scan.Item]:
    """What a reader sees: the visible text of the main area and the sidebar, line by line, and the text of every
    plotly SVG (titles, ticks, legends, annotations, bar and sankey labels)."""
    items = []
    # Material icons are drawn from ligature names ('account_tree'): text in the DOM, a picture on screen.
    icons = set(pg.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stIconMaterial"]'))
                               .map(e => e.textContent.trim())"""))
    for where, sel in (("main", '[data-testid="stMain"]'), ("sidebar", '[data-testid="stSidebar"]')):
        loc = pg.locator(sel)
        if loc.count():
            items += [scan.Item(where, line) for line in loc.first.inner_text().splitlines()
                      if line.strip() and line.strip() not in icons]
    svg = pg.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"] svg text'))
                              .map(t => t.textContent).filter(s => s && s.trim())""")
    items += [scan.Item("plotly svg", s) for s in svg]
    return items


def settle(pg) -> None:
    """The run finished and every plotly chart on the page has drawn its SVG."""
    wait_idle(pg, timeout=60_000)
    pg.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    pg.wait_for_function("""() => {
        const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
        return Array.from(charts).every(c => c.querySelector('svg.main-svg'));
    }""", timeout=30_000)
    wait_idle(pg, timeout=60_000)


def screenshot(pg, path) -> None:
    """The whole page: Streamlit scrolls inside its main area, so a full-page shot of a normal window shows only
    the top; the window is made as tall as the content for the shot."""
    h = pg.evaluate("""() => Math.max(...Array.from(document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stMainBlockContainer"], [data-testid="stSidebarContent"]'))
        .map(e => e.scrollHeight), 1000)""")
    pg.set_viewport_size({"width": 1400, "height": min(int(h) + 80, 15000)})
    pg.wait_for_timeout(250)
    pg.screenshot(path=str(path))
    pg.set_viewport_size({"width": 1400, "height": 1000})


@pytest.mark.parametrize("scope", list(SCOPES))
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_reads_clean_in_the_browser(tab, server, page, lang, scope):  # noqa: F811
    params = [f"lang={lang}"] + ([f"gu={','.join(SCOPES[scope])}"] if SCOPES[scope] else [])
    tab.goto(f"{server}/{'' if page == 'overview' else page}?{'&'.join(params)}")
    settle(tab)
    screenshot(tab, SHOTS / f"{page}_{lang}_{scope}.png")
    assert tab.locator('[data-testid="stException"]').count() == 0
    faults = scan.faults(visible_items(tab), lang)
    if faults:
        with open(FAULTS_FILE, "a", encoding="utf-8") as fh:
            fh.writelines(f"{page} · {lang} · {scope} · {f}\n" for f in faults)
    counts = Counter(faults)
    assert not faults, f"{page} · {lang} · {scope}: {len(faults)} faults\n" + "\n".join(
        f"[{n}×] {f[:300]}" for f, n in counts.most_common())
