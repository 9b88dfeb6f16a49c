"""Page reruns measured with Streamlit's AppTest: every page's first (cold-cache) run, then its reruns side by side
with an empty page's, the shared sidebar alone and the app's shell over stand-in pages (the floor of every page),
and where a rerun's time goes (cProfile, in separate runs)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from maeul import ROOT
from maeul.bench.timing import duration_s, side_by_side

PAGES = ["overview", "strategy", "budget", "map", "districts", "upload", "quality"]

# What a page's rerun is compared with: an empty page, and the shared sidebar alone.
EMPTY_PAGE = "import streamlit as st\n"
SIDEBAR_ONLY_PAGE = "from maeul.web import sidebar\n\nsidebar.sidebar()\n"
# The app's shell (app.main(): page config, navigation, sidebar) over stand-in pages that draw only what every page
# draws first (the 예시/no-data banner) and a title: the floor a real page's rerun starts from.
STAND_IN_PAGE = """import streamlit as st

from maeul.web import sidebar, widgets


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    widgets.banners(f)
    st.title("stand-in")


render()
"""


def shell_app_script(root: Path) -> str:
    """Write a stand-in for every page of app.PAGES under ``root``; return a script running app.main over them."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import app

    for path, *_ in app.PAGES:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(STAND_IN_PAGE, encoding="utf-8")
    return (f"import sys\nfrom pathlib import Path\n\nsys.path.insert(0, {str(ROOT)!r})\nimport app  # noqa: E402\n\n"
            f"app.main(Path({str(root)!r}))\n")



# Where a rerun's time goes: the first category a call enters (by file), measured with cProfile in separate runs.
_CATEGORIES = [
    ("maeul queries via ui.cached (cache hits: copy + data version)", lambda f, n: f.endswith("maeul/web/cache.py")
     and n == "cached"),
    ("chart/map builders (maeul charts, budget_charts, district_charts, maps)",
     lambda f, n: any(f.endswith(f"maeul/present/{m}.py") for m in ("charts", "budget_charts", "district_charts",
                                                                    "maps"))),
    ("data shaping (maeul.present.models)", lambda f, n: "maeul/present/models/" in f),
    ("CSV for download buttons (maeul.present.export)", lambda f, n: f.endswith("maeul/present/export.py")),
    ("st.dataframe / st.table", lambda f, n: f.endswith("streamlit/elements/arrow.py")),
    ("st.plotly_chart", lambda f, n: f.endswith("streamlit/elements/plotly_chart.py")),
    ("st.pydeck_chart", lambda f, n: f.endswith("streamlit/elements/deck_gl_json_chart.py")),
    ("page script compile (magic, bytecode)", lambda f, n: "streamlit/runtime/scriptrunner/magic.py" in f
     or "streamlit/runtime/scriptrunner/script_cache.py" in f),
]


def _category(func: tuple) -> str | None:
    f, _, n = func
    f = f.replace("\\", "/")
    for name, test in _CATEGORIES:
        if test(f, n):
            return name
    return None


def _breakdown(stats, runs: int, cached_s: dict[str, float]) -> dict:
    """ms per rerun entering each category from outside every category (nested calls counted once), the costliest
    functions entered that way, and the time spent in ui.cached per query name."""
    out: dict[str, float] = {}
    funcs: dict[str, float] = {}
    total = 0.0
    for func, (_cc, _nc, _tt, _ct, callers) in stats.stats.items():
        if func[2] == "_run_script_thread" and "local_script_runner" in func[0]:
            total = max(total, _ct)
        cat = _category(func)
        if cat is None:
            continue
        for caller, info in callers.items():
            if _category(caller) is None:
                out[cat] = out.get(cat, 0.0) + info[3]
                label = f"{Path(func[0]).stem}.{func[2]}"
                funcs[label] = funcs.get(label, 0.0) + info[3]
    res: dict = {k: round(v / runs * 1000, 1) for k, v in sorted(out.items(), key=lambda kv: -kv[1])}
    res["other (Streamlit elements, pandas, app.py, sidebar)"] = round((total - sum(out.values())) / runs * 1000, 1)
    res["total (profiled, slower than unprofiled)"] = round(total / runs * 1000, 1)
    top = sorted(funcs.items(), key=lambda kv: -kv[1])[:8]
    res["top functions"] = {k: round(v / runs * 1000, 1) for k, v in top}
    res["ui.cached by query"] = {k: round(v / runs * 1000, 1)
                                 for k, v in sorted(cached_s.items(), key=lambda kv: -kv[1])[:8]}
    return res


def _app_test(timeout: float):
    """app.py run once (its default page), as a browser opening the dashboard."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    return at


def _switch(at, page: str):
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    at.run()


def _profiled_reruns(at, runs: int) -> dict:
    """Rerun `runs` times under cProfile (script thread only) with ui.cached timed per query name."""
    import cProfile
    import pstats

    from streamlit.testing.v1 import local_script_runner as lsr

    from maeul.web import cache

    prof = cProfile.Profile()
    orig_thread, orig_cached = lsr.LocalScriptRunner._run_script_thread, cache.cached
    cached_s: dict[str, float] = {}
    cached_n: dict[str, int] = {}

    def profiled(self):
        prof.enable()
        try:
            return orig_thread(self)
        finally:
            prof.disable()

    def timed_cached(name, *a, **kw):
        t = time.perf_counter()
        try:
            return orig_cached(name, *a, **kw)
        finally:
            cached_s[name] = cached_s.get(name, 0.0) + time.perf_counter() - t
            cached_n[name] = cached_n.get(name, 0) + 1

    lsr.LocalScriptRunner._run_script_thread, cache.cached = profiled, timed_cached
    try:
        for _ in range(runs):
            at.run()
    finally:
        lsr.LocalScriptRunner._run_script_thread, cache.cached = orig_thread, orig_cached
    res = _breakdown(pstats.Stats(prof), runs, cached_s)
    res["ui.cached calls per rerun"] = {"total": sum(cached_n.values()) // runs,
                                        **{k: v // runs for k, v in sorted(cached_n.items(), key=lambda kv: -kv[1])}}
    return res


def measure_pages(path: str, repeat: int, pages: list[str] = PAGES, breakdown: bool = True,
                  timeout: float = 120) -> dict:
    """For every page: the first (cold-cache) run, then reruns side by side with an empty page's reruns."""
    from streamlit.testing.v1 import local_script_runner as lsr

    os.environ["MAEUL_DB"] = str(path)
    # The server compiles each page script once (one ScriptCache per server); AppTest gives every run a new cache
    # and so recompiles (and magic-rewrites) the page on every rerun. Share one cache, as the server does.
    from streamlit.testing.v1 import app_test

    shared_cache = lsr.ScriptCache()
    saved = (lsr.ScriptCache, app_test.ScriptCache)
    lsr.ScriptCache = app_test.ScriptCache = lambda: shared_cache
    # Every server rerun runs app.py (navigation, sidebar) and then the page: once app.py has called st.navigation,
    # Streamlit's old pages/-folder mode is off for the life of the process. AppTest switches it back on before
    # every run (a folder named pages/ sits beside app.py), and its reruns then run the page script alone, without
    # app.py — cheaper than the server by the whole shell. Keep it off, as on a running server.
    from streamlit.runtime.pages_manager import PagesManager

    orig_init = PagesManager.__init__

    def server_like_init(self, *a, **kw):
        orig_init(self, *a, **kw)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = server_like_init
    try:
        return _measure_pages(path, repeat, pages, breakdown, timeout)
    finally:
        lsr.ScriptCache, app_test.ScriptCache = saved
        PagesManager.__init__ = orig_init
        PagesManager.uses_pages_directory = None


def _measure_pages(path: str, repeat: int, pages: list[str], breakdown: bool, timeout: float) -> dict:
    """The measurements of measure_pages(), run while its server-like patches of AppTest are in place."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from maeul.web import cache

    empty = AppTest.from_string(EMPTY_PAGE, default_timeout=timeout)
    empty.run()
    # for scale: the shared sidebar alone (what every page pays before its own content)
    shell = AppTest.from_string(SIDEBAR_ONLY_PAGE, default_timeout=timeout)
    shell.run()
    e_ms, s_ms = side_by_side(empty.run, shell.run, repeat)
    with tempfile.TemporaryDirectory(prefix="maeul-shell-") as tmp:
        floor = AppTest.from_string(shell_app_script(Path(tmp)), default_timeout=timeout)
        floor.run()
        floor_errors = [str(e.value)[:200] for e in floor.exception]
        e2_ms, f_ms = side_by_side(empty.run, floor.run, repeat)
    ratios, rerun_ms, empty_ms, cold_ms, errors, parts = {}, {}, {}, {}, {}, {}
    for page in pages:
        at = _app_test(timeout)
        # cold: as after an upload, when the data version changes (queries and built figures/tables both miss)
        st.cache_data.clear()
        cache.memo_clear()
        cold_ms[page] = round(duration_s(lambda at=at, page=page: _switch(at, page)) * 1000, 1)
        errors[page] = [str(e.value)[:200] for e in at.exception] + [str(e.value)[:200] for e in at.error]
        e_ms, p_ms = side_by_side(empty.run, at.run, repeat)
        ratios[page] = round(p_ms / e_ms, 1)
        rerun_ms[page], empty_ms[page] = round(p_ms, 1), round(e_ms, 2)
        if breakdown:
            parts[page] = _profiled_reruns(at, max(2, repeat // 2))
    return {"page_rerun_ratio": ratios, "page_rerun_ms": rerun_ms, "empty_rerun_ms": empty_ms,
            "sidebar_only_rerun_ratio": round(s_ms / e_ms, 1), "sidebar_only_rerun_ms": round(s_ms, 1),
            "shell_rerun_ratio": round(f_ms / e2_ms, 1), "shell_rerun_ms": round(f_ms, 1),
            "shell_errors": floor_errors,
            "page_cold_ms": cold_ms, "page_errors": {k: v for k, v in errors.items() if v},
            "page_rerun_breakdown_ms": parts}
