"""What a person waits for in a real browser: headless Debian chromium (Playwright) opening each page in a new tab
and then choosing a district (강남구) in the sidebar, on the dashboard and on the trivial app side by side. Each app
has its own browser profile that has visited it once (its scripts are in the HTTP cache, as for a returning user);
each page opens in a new tab, so Plotly's bundle is parsed again, as it is for every new tab.

"Done" is when the page has stopped changing: the app reports its script finished and the document then stays
without a DOM mutation for QUIET_MS (plotly and deck.gl draw after the script finished; the time of the last
mutation is the time that counts). Opening is timed from the navigation start, the district change from the click
on the option (the list is then closed with Escape, which sends the choice).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
QUIET_MS = 600
TIMEOUT_MS = 90_000
DISTRICT = "강남구"

# Installed before any page script: the time of the last DOM mutation.
_OBSERVER = """
window.__maeul = {last: 0};
new MutationObserver(() => { window.__maeul.last = performance.now(); })
  .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""
_IDLE = ('[data-testid="stApp"][data-test-script-state="notRunning"]'
         '[data-test-connection-state="CONNECTED"]')


def available() -> str | None:
    """None when the browser measurement can run here, else why not."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not installed (apt-get install chromium fonts-nanum)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed"
    return None


class _Runs:
    """Script runs the server reported finished to this tab (script_finished frames on its websocket)."""

    def __init__(self, pg):
        self.finished = 0
        pg.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        from maeul.web import compat

        if isinstance(payload, bytes):
            done = compat.read_message(payload).finished
            if done is not None and done != "FINISHED_EARLY_FOR_RERUN":
                self.finished += 1

    def wait_past(self, pg, n: int) -> None:
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while self.finished <= n:
            if time.monotonic() > deadline:
                raise TimeoutError("no script run finished")
            pg.wait_for_timeout(10)


def _quiet(pg) -> float:
    """Wait until the app is idle and the DOM has been still for QUIET_MS; the time of the last mutation (ms on the
    page's clock)."""
    pg.wait_for_selector(_IDLE, timeout=TIMEOUT_MS)
    pg.wait_for_function(f"performance.now() - window.__maeul.last > {QUIET_MS}", timeout=TIMEOUT_MS,
                         polling=50)
    return pg.evaluate("window.__maeul.last")


def open_and_choose(ctx, url: str) -> tuple[float, float, list[str]]:
    """A new tab of the browser context ctx opens url until drawn, then 강남구 is chosen in the sidebar until
    redrawn: (open ms, change ms, problems seen)."""
    problems: list[str] = []
    pg = ctx.new_page()
    try:
        runs = _Runs(pg)
        pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        pg.goto(url)
        runs.wait_past(pg, 0)
        pg.wait_for_selector('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', timeout=TIMEOUT_MS)
        open_ms = _quiet(pg)
        box = pg.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input').first
        box.click()
        box.fill(DISTRICT[:2])
        option = pg.get_by_role("option", name=DISTRICT).first
        option.wait_for(timeout=TIMEOUT_MS)
        before = runs.finished
        t0 = pg.evaluate("performance.now()")
        option.click()
        pg.keyboard.press("Escape")  # the multiselect sends its value when its list closes
        runs.wait_past(pg, before)
        change_ms = _quiet(pg) - t0
        if pg.locator('[data-testid="stException"]').count():
            problems.append(f"exception on {url}")
        return open_ms, change_ms, problems
    finally:
        pg.close()


def _context(browser, url: str):
    """A browser profile for one app, as a person's browser that has opened the app before: its HTTP cache holds
    the app's scripts (one untimed visit)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    ctx.add_init_script(_OBSERVER)
    open_and_choose(ctx, url)
    return ctx


def measure_browser(m_url: str, t_url: str, pages: list[tuple[str, str]], repeat: int, log=print) -> dict:
    """Every page opened and its district changed, `repeat` times, alternating dashboard and trivial app: medians
    per page, and the dashboard ÷ trivial ratio of open + change per page. ``pages``: (name, url path)."""
    from playwright.sync_api import sync_playwright

    res: dict = {"open_ms": {}, "change_ms": {}, "trivial_open_ms": {}, "trivial_change_ms": {}, "ratio": {},
                 "problems": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            m_ctx, t_ctx = _context(browser, m_url), _context(browser, t_url)
            for name, path in pages:
                m_runs, t_runs = [], []
                for _ in range(repeat):
                    for runs, ctx, url in ((m_runs, m_ctx, m_url), (t_runs, t_ctx, t_url)):
                        o, c, probs = open_and_choose(ctx, f"{url}/{path}")
                        runs.append((o, c))
                        res["problems"] += probs
                res["open_ms"][name] = round(statistics.median(o for o, _ in m_runs))
                res["change_ms"][name] = round(statistics.median(c for _, c in m_runs))
                res["trivial_open_ms"][name] = round(statistics.median(o for o, _ in t_runs))
                res["trivial_change_ms"][name] = round(statistics.median(c for _, c in t_runs))
                total = statistics.median(o + c for o, c in m_runs)
                res["ratio"][name] = round(total / statistics.median(o + c for o, c in t_runs), 2)
                log(f"  browser {name}: open {res['open_ms'][name]} ms + district {res['change_ms'][name]} ms vs "
                    f"trivial {res['trivial_open_ms'][name]} + {res['trivial_change_ms'][name]} ms "
                    f"({res['ratio'][name]}×)")
        finally:
            browser.close()
    res["started_at"] = time.strftime("%H:%M:%S")
    return res
