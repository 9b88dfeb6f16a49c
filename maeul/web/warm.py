"""What the server does once, so users do not pay for it: freeze the import-time objects out of the garbage
collector's way, and build every page's default view in the background — after the server starts and after every
change of the data version — so the first visitor finds it built.

Warming runs a visitor (maeul.web.visitor): one session of this very server, opening each page of the navigation
with the default filters over the websocket, as a browser tab would. It therefore fills exactly what a visitor's run
fills — st.cache_data (named queries), cache.memo (figures, tables, texts), Streamlit's compiled page scripts — and
needs no list of the pages' memo keys (which change with the pages). Warming through the data layer directly
(Reader + page models outside a script run) would have to repeat every page's memo name and key by hand, and
st.cache_data's entries are only written from a script run.

``start()`` is called by serve.py's lifespan (at server start, before anyone connects) and by app.py on every run
(a no-op after the first; with plain ``streamlit run app.py`` the first visitor starts it). Changes of the data —
an upload or rollback on the upload page, a command-line write — are noticed by polling the data version (the
database file's signature, ~20 µs) every POLL_SECONDS. MAEUL_WARM=0 turns warming off (the freeze stays).
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import pkgutil
import threading
import time
import urllib.request

import streamlit as st

from maeul.web import compat

log = logging.getLogger("maeul.warm")

POLL_SECONDS = float(os.environ.get("MAEUL_WARM_POLL", "1.0"))  # how often the data version is checked
START_TIMEOUT = 60.0  # seconds to wait for the server to answer its health check
# Imported before the freeze: the libraries every page uses and maeul's own modules (the CLI and bench are not).
HEAVY = ("pandas", "pyarrow", "numpy", "duckdb", "plotly.graph_objects", "plotly.io", "pydeck",
         "streamlit.elements.plotly_chart", "streamlit.elements.deck_gl_json_chart", "streamlit.elements.arrow")
MAEUL_PACKAGES = ("maeul.plan", "maeul.read", "maeul.present", "maeul.upload", "maeul.auth", "maeul.i18n",
                  "maeul.web")

_lock = threading.Lock()
_started = False
_frozen = False
state = {"warmed_version": None, "runs": 0, "last_seconds": None, "last_error": None}  # for tests and diagnostics


def enabled() -> bool:
    return os.environ.get("MAEUL_WARM", "1") != "0"


def freeze_imports() -> int:
    """Import what every page needs, collect once, then move every object alive into the collector's permanent
    generation (gc.freeze): later collections — Streamlit's after every run, Python's own — walk only what was made
    since, instead of the ~175k objects pandas, pyarrow and plotly leave behind. Once per process; returns the
    number of objects frozen. MAEUL_GC_FREEZE=0 skips it (the benchmark compares)."""
    global _frozen
    with _lock:
        if _frozen or os.environ.get("MAEUL_GC_FREEZE", "1") == "0":
            return 0
        _frozen = True
    names = list(HEAVY)
    for pkg_name in MAEUL_PACKAGES:
        pkg = importlib.import_module(pkg_name)
        names += [info.name for info in pkgutil.walk_packages(pkg.__path__, pkg_name + ".")]
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as e:  # noqa: BLE001 - a module that cannot load here is simply not frozen; never stop a start
            log.warning("not imported before the freeze: %s (%s)", name, e)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def base_url() -> str:
    """http://host:port/<base path> of this server, reachable from itself."""
    host = st.get_option("server.address") or "127.0.0.1"
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    path = (st.get_option("server.baseUrlPath") or "").strip("/")
    scheme = "https" if st.get_option("server.sslCertFile") else "http"
    return f"{scheme}://{host}:{st.get_option('server.port')}" + (f"/{path}" if path else "")


def start(server: bool = False) -> bool:
    """Freeze the imports, keep compiled page scripts when the last session leaves (compat.keep_compiled_scripts)
    and start the warming thread, once per server process. ``server=True`` when called at
    server start (serve.py); otherwise only inside a running server (not under AppTest or a bare script run).
    True when this call started the thread."""
    global _started
    if not (server or compat.in_server()):
        return False
    freeze_imports()
    compat.keep_compiled_scripts()
    with _lock:
        if _started or not enabled():
            return False
        _started = True
    _ensure_log_handler()
    threading.Thread(target=_loop, args=(base_url(),), name="maeul-warm", daemon=True).start()
    return True


def warm(url: str, timeout: float = 120.0) -> list[str]:
    """Open every page of the navigation with the default filters, in one new session; the url paths warmed.
    Raises RuntimeError when a page did not draw cleanly (an error or traceback, e.g. while a command held the
    database file): what it showed was not worth keeping, and the loop tries again."""
    from maeul.web.visitor import Visitor

    with Visitor(url, timeout=timeout) as v:
        runs = {"": v.open()}
        for page in [p for p in v.pages if p != ""]:
            runs[page] = v.goto(page)
    failed = {p or "/": (r.exceptions + r.errors)[:1] or r.status for p, r in runs.items()
              if r.status != "FINISHED_SUCCESSFULLY" or r.exceptions or r.errors}
    if failed:
        raise RuntimeError(f"pages not warmed: {failed}")
    return list(runs)


def _loop(url: str) -> None:
    """Wait for the server, warm, then warm again whenever the data version changes."""
    from maeul.web import cache

    if url.startswith("https:"):
        log.info("the server speaks TLS itself: no warming")  # the visitor would not trust its certificate
        return
    if not _wait_healthy(url):
        log.warning("server at %s did not answer; no warming", url)
        return
    failures = 0
    while True:
        wait = POLL_SECONDS
        try:
            before = cache.version_now()  # None before any page ran in this process
            if before is None or before != state["warmed_version"]:
                t0 = time.perf_counter()
                pages = warm(url)
                # Warming left many new long-lived objects (what memo holds): collect now, while nobody waits,
                # rather than in the middle of the next visitor's run (Python's own full collection would come
                # soon; after this one it waits until a quarter more long-lived objects pile up).
                gc.collect()
                # the version the pages saw is at least `before`; a change during warming is caught next time
                state.update(warmed_version=before if before is not None else cache.version_now(),
                             runs=state["runs"] + 1, last_seconds=round(time.perf_counter() - t0, 2),
                             last_error=None)
                log.info("data version %s: %d pages warmed in %.2f s", state["warmed_version"], len(pages),
                         state["last_seconds"])
            failures = 0
        except Exception as e:  # noqa: BLE001 - a busy file, a restart: try again, less often each time
            failures += 1
            wait = min(60.0, POLL_SECONDS * 2 ** failures)
            state["last_error"] = f"{type(e).__name__}: {e}"
            log.warning("warming failed (next try in %.0f s): %s", wait, state["last_error"])
        time.sleep(wait)


def _wait_healthy(url: str) -> bool:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def _ensure_log_handler() -> None:
    """Streamlit configures only its own loggers: give maeul.warm a line on stderr (the server log)."""
    if not log.handlers:
        h = logging.StreamHandler()
        h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(h)
        log.setLevel(logging.INFO)
        log.propagate = False
