"""The served app, timed as users feel it: `streamlit run serve.py` in its own process, driven over its websocket
(maeul.web.visitor) side by side with a trivial 7-page app that has the same sidebar and Streamlit's fastest
settings. Page-to-page reruns with one session, N concurrent sessions (p95 and throughput), memory over many
reruns, the garbage-collection settings compared, and the first visit after a start or an upload against a warm one.

Every ratio compares measurements made in the same loop (alternating) or in alternating blocks, so both apps see
the same machine load.
"""

from __future__ import annotations

import csv
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from maeul import ROOT
from maeul.web.visitor import Visitor

# Streamlit's fastest settings: no collection after each run, no file watcher, no magic, no usage statistics.
FAST_CONFIG = """[browser]
gatherUsageStats = false

[client]
toolbarMode = "viewer"
showErrorDetails = "none"

[server]
headless = true
fileWatcherType = "none"

[runner]
fastReruns = true
magicEnabled = false
postScriptGC = false
"""

# The GC settings compared on the dashboard: (extra command-line options, extra environment).
VARIANTS = {
    "shipped": ([], {}),  # .streamlit/config.toml: postScriptGC = false; gc.freeze() after imports (maeul.web.warm)
    "freeze_only": (["--runner.postScriptGC", "true"], {}),
    "no_freeze": ([], {"MAEUL_GC_FREEZE": "0"}),
    "streamlit_default": (["--runner.postScriptGC", "true"], {"MAEUL_GC_FREEZE": "0"}),
}
WARMED = re.compile(r"maeul\.warm: data version (\d+): \d+ pages warmed")


def trivial_app(root: Path) -> Path:
    """Write the trivial app under root: app.py with the dashboard's page config, navigation (same titles, paths
    and icons) and sidebar widgets (same options and labels), 7 pages that draw nothing, and FAST_CONFIG."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import app
    from maeul.i18n import t
    from maeul.read.rules import all_quarters

    with open(ROOT / "data" / "districts.csv", encoding="utf-8") as fh:
        names = {r["code"]: r["name_ko"] for r in csv.DictReader(fh)}
    pages = [(f"views/{slug}.py", slug, t(key, "ko"), icon) for _path, slug, key, icon in app.PAGES]
    for path, *_ in pages:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("import streamlit as st\n", encoding="utf-8")
    bases = {b: t(f"basis.{b}", "ko") for b in ("dong", "equal", "none")}
    (root / ".streamlit").mkdir(exist_ok=True)
    (root / ".streamlit" / "config.toml").write_text(FAST_CONFIG, encoding="utf-8")
    text = f'''import streamlit as st

NAMES = {names!r}
QUARTERS = {[q.label for q in all_quarters()]!r}
BASES = {bases!r}
PAGES = {pages!r}

st.set_page_config(page_title="trivial", layout="wide")
nav = st.navigation([st.Page(p, title=title, url_path=slug, icon=icon, default=(i == 0))
                     for i, (p, slug, title, icon) in enumerate(PAGES)])
with st.sidebar:
    st.multiselect({t("sidebar.district")!r}, options=list(NAMES), format_func=NAMES.get, key="gu",
                   help={t("sidebar.district_help")!r}, placeholder={t("sidebar.all")!r})
    st.selectbox({t("sidebar.as_of")!r}, QUARTERS, index=len(QUARTERS) - 1, key="q")
    st.selectbox({t("sidebar.basis")!r}, list(BASES), key="basis", format_func=BASES.get)
    st.radio({t("sidebar.lang")!r}, ["ko", "en"], key="lang", horizontal=True,
             format_func={{"ko": "한국어", "en": "English"}}.get)
    st.caption({t("sidebar.link")!r})
nav.run()
'''
    (root / "app.py").write_text(text, encoding="utf-8")
    return root / "app.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run <script>` on a free port in its own process (output to a file), as the browser tests start
    it; ``url`` once healthy. A context manager: always stopped."""

    def __init__(self, script: Path, log_path: Path, *, cwd: Path, env: dict | None = None, args: list[str] = ()):
        self.script, self.log_path, self.cwd = script, log_path, cwd
        self.env = dict(os.environ, **(env or {}))
        self.args = list(args)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.started_s: float | None = None  # from launch until the health check answered

    def __enter__(self) -> Server:
        cmd = [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(self.port), "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false", *self.args]
        self._log = open(self.log_path, "w", encoding="utf-8")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=self.cwd, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            self._wait_healthy(60)
        except BaseException:
            self.__exit__()
            raise
        self.started_s = time.perf_counter() - t0
        return self

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"server {self.script} did not start:\n{self.log()[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_warmed(self, version: int | None = None, timeout: float = 120) -> float:
        """Seconds waited until the server logged a finished warming (of `version`, else of any version)."""
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < timeout:
            found = [int(v) for v in WARMED.findall(self.log())]
            if found and (version is None or version in found):
                return time.perf_counter() - t0
            time.sleep(0.05)
        raise RuntimeError(f"no warming of version {version} logged:\n{self.log()[-3000:]}")

    def rss_mb(self) -> float:
        """The server process's resident memory."""
        with open(f"/proc/{self.proc.pid}/status", encoding="ascii") as fh:
            kb = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
        return round(kb / 1024, 1)

    def errors(self) -> list[str]:
        text = self.log()
        return [line for line in text.splitlines() if "Traceback" in line or "page error" in line]

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def maeul_server(db_path: str, workdir: Path, variant: str = "shipped", *, env: dict | None = None) -> Server:
    """The dashboard as it is deployed (serve.py, .streamlit/config.toml) on db_path, with a GC variant."""
    args, var_env = VARIANTS[variant]
    return Server(ROOT / "serve.py", workdir / f"maeul-{variant}.log", cwd=ROOT,
                  env={"MAEUL_DB": str(db_path), **var_env, **(env or {})}, args=args)


def trivial_server(workdir: Path) -> Server:
    root = workdir / "trivial"
    root.mkdir(exist_ok=True)
    return Server(trivial_app(root), workdir / "trivial.log", cwd=root)


def _check(visit, where: str, problems: list[str]) -> float:
    if visit.status != "FINISHED_SUCCESSFULLY" or visit.exceptions or visit.errors:
        problems.append(f"{where}: {visit.status} {visit.exceptions[:1]} {visit.errors[:1]}")
    return visit.seconds * 1000


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def page_paths() -> list[str]:
    """The dashboard's pages as url paths, the default page ("") first — the same in the trivial app."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import app

    return [""] + [slug for _p, slug, *_ in app.PAGES[1:]]


def page_name(path: str) -> str:
    return path or "overview"


def one_session(m_url: str, t_url: str, repeat: int, problems: list[str]) -> dict:
    """Page-to-page reruns (a click in the navigation, always to another page), one session on each app, the two
    apps alternately: medians overall and per page."""
    m_ms: dict[str, list[float]] = {}
    t_ms: dict[str, list[float]] = {}
    with Visitor(m_url) as m, Visitor(t_url) as tv:
        _check(m.open(), "maeul open", problems)
        _check(tv.open(), "trivial open", problems)
        seq = list(m.pages)[1:] + list(m.pages)[:1]
        for p in seq:  # one untimed round: every page compiled and cached in this session
            m.goto(p)
            tv.goto(p)
        for _ in range(repeat):
            for p in seq:
                m_ms.setdefault(page_name(p), []).append(_check(m.goto(p), f"maeul {p}", problems))
                t_ms.setdefault(page_name(p), []).append(_check(tv.goto(p), f"trivial {p}", problems))
    m_all = [x for v in m_ms.values() for x in v]
    t_all = [x for v in t_ms.values() for x in v]
    med_m, med_t = statistics.median(m_all), statistics.median(t_all)
    return {"rerun_ms": round(med_m, 1), "trivial_rerun_ms": round(med_t, 2), "rerun_ratio": round(med_m / med_t, 2),
            "rerun_p95_ms": round(p95(m_all), 1), "trivial_rerun_p95_ms": round(p95(t_all), 2),
            "rerun_ms_by_page": {p: round(statistics.median(v), 1) for p, v in m_ms.items()}}


def concurrent(url: str, sessions: int, reruns: int, problems: list[str]) -> tuple[list[float], float]:
    """`sessions` visitors, each in its own thread, each clicking through the pages `reruns` times (starting on
    different pages), all at once: every rerun's ms and the reruns per second over the whole block."""
    visitors = [Visitor(url) for _ in range(sessions)]
    try:
        for v in visitors:
            _check(v.open(), "open", problems)
        pages = list(visitors[0].pages)
        lat: list[list[float]] = [[] for _ in visitors]
        spans: list[tuple[float, float]] = [(0.0, 0.0)] * sessions
        barrier = threading.Barrier(sessions)

        def work(i: int) -> None:
            order = pages[i % len(pages):] + pages[:i % len(pages)]
            barrier.wait()
            t0 = time.perf_counter()
            for k in range(reruns):
                lat[i].append(_check(visitors[i].goto(order[(k + 1) % len(order)]), f"session {i}", problems))
            spans[i] = (t0, time.perf_counter())

        threads = [threading.Thread(target=work, args=(i,)) for i in range(sessions)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        for v in visitors:
            v.close()
    wall = max(e for _, e in spans) - min(s for s, _ in spans)
    return [x for v in lat for x in v], sessions * reruns / wall


def many_sessions(m_url: str, t_url: str, sessions: int, reruns: int, problems: list[str], blocks: int = 2) -> dict:
    """concurrent() on each app in alternating blocks (dashboard, trivial, dashboard, …): p95, median, throughput."""
    m_lat, t_lat, m_tp, t_tp = [], [], [], []
    for _ in range(blocks):
        lat, tp = concurrent(m_url, sessions, reruns, problems)
        m_lat += lat
        m_tp.append(tp)
        lat, tp = concurrent(t_url, sessions, reruns, problems)
        t_lat += lat
        t_tp.append(tp)
    mp, tp95 = p95(m_lat), p95(t_lat)
    mt, tt = statistics.median(m_tp), statistics.median(t_tp)
    return {"sessions": sessions, "reruns_per_session": reruns * blocks,
            "p95_ms": round(mp, 1), "trivial_p95_ms": round(tp95, 1), "p95_ratio": round(mp / tp95, 2),
            "median_ms": round(statistics.median(m_lat), 1), "trivial_median_ms": round(statistics.median(t_lat), 1),
            "throughput_per_s": round(mt, 1), "trivial_throughput_per_s": round(tt, 1),
            "throughput_share": round(mt / tt, 3)}


def memory(server: Server, reruns: int, every: int, problems: list[str]) -> dict:
    """The server's resident memory over `reruns` page-to-page reruns of one session (sampled every `every`)."""
    samples = [(0, server.rss_mb())]
    with Visitor(server.url) as v:
        _check(v.open(), "memory open", problems)
        pages = list(v.pages)
        for k in range(1, reruns + 1):
            _check(v.goto(pages[k % len(pages)]), "memory", problems)
            if k % every == 0:
                samples.append((k, server.rss_mb()))
    half = samples[len(samples) // 2][1]
    return {"rss_mb": samples, "rss_growth_mb": round(samples[-1][1] - samples[0][1], 1),
            "rss_growth_second_half_mb": round(samples[-1][1] - half, 1)}


def _fresh_open(url: str, path: str, problems: list[str]) -> float:
    """A new session opening the page's URL (a visitor arriving): ms until the page finished."""
    with Visitor(url) as v:
        return _check(v.open(path), f"open {page_name(path)}", problems)


def _first_round(url: str, problems: list[str]) -> dict[str, float]:
    """Each page's first visit: a new session each, in page order."""
    return {page_name(p): _fresh_open(url, p, problems) for p in page_paths()}


def _compare(firsts: list[dict[str, float]], url: str, repeat: int, problems: list[str]) -> dict:
    """First visits (one dict per start or upload; the median per page) against `repeat` later visits of each page
    (the warm ones, each a new session): ms per page, first ÷ warm per page and over all pages."""
    paths = page_paths()
    first = {page_name(p): round(statistics.median(f[page_name(p)] for f in firsts), 1) for p in paths}
    warm: dict[str, list[float]] = {page_name(p): [] for p in paths}
    for _ in range(repeat):
        for p in paths:
            warm[page_name(p)].append(_fresh_open(url, p, problems))
    warm_ms = {p: round(statistics.median(v), 1) for p, v in warm.items()}
    return {"first_ms": first, "warm_ms": warm_ms, "first_ratio": {p: round(first[p] / warm_ms[p], 2) for p in first},
            "total_ratio": round(sum(first.values()) / sum(warm_ms.values()), 2), "rounds": len(firsts),
            "first_samples_ms": {p: [round(f[p], 1) for f in firsts] for p in first},
            "warm_spread_ms": {p: [round(min(v), 1), round(max(v), 1)] for p, v in warm.items()}}


def first_visits(db_path: str, workdir: Path, repeat: int, problems: list[str], rounds: int = 3) -> dict:
    """The first visit of every page after a start and after an upload, against warm visits of the same page.

    - after_start: `rounds` fresh servers (serve.py); on each, once it logged that warming finished, every page's
      first visit (``warm_s``: how long warming took after the health check — a visitor arriving earlier finds part
      of it cold); the median per page over the rounds;
    - after_upload: on the last server, `rounds` small uploads committed from outside (as the command line would),
      each rolled back after the first visits; visits begin once the new version is warmed (``warm_s``: from the
      commit);
    - unwarmed_after_start: one fresh server with MAEUL_WARM=0: what warming saves."""
    from maeul.bench.ingest import rollback_while_served, upload_while_served

    out: dict = {}
    with maeul_server(db_path, workdir, env={"MAEUL_WARM": "0"}) as s:
        out["unwarmed_after_start"] = _compare([_first_round(s.url, problems)], s.url, repeat, problems)
        problems += s.errors()
    firsts, warm_s = [], []
    for i in range(rounds):
        with maeul_server(db_path, workdir) as s:
            warm_s.append(s.wait_warmed())
            firsts.append(_first_round(s.url, problems))
            if i < rounds - 1:
                problems += s.errors()
                continue
            out["after_start"] = {"warm_s": round(statistics.median(warm_s), 2),
                                  **_compare(firsts, s.url, repeat, problems)}
            firsts, warm_s = [], []
            for _ in range(rounds):
                t0 = time.perf_counter()
                upload_id, version = upload_while_served(db_path)
                s.wait_warmed(version)
                warm_s.append(time.perf_counter() - t0)
                firsts.append(_first_round(s.url, problems))
                s.wait_warmed(rollback_while_served(db_path, upload_id))
            out["after_upload"] = {"warm_s": round(statistics.median(warm_s), 2),
                                   **_compare(firsts, s.url, repeat, problems)}
            problems += s.errors()
    return out


def _variant(variant: str, ms: Server, ts: Server, repeat: int, sessions: int, reruns: int, memory_reruns: int,
             problems: list[str], log) -> dict:
    """One GC variant of the dashboard (running as ms) against the trivial app (ts)."""
    r: dict = {"warm_s": round(ms.wait_warmed(), 2), "load_avg": list(os.getloadavg())}
    r.update(one_session(ms.url, ts.url, repeat, problems))
    log(f"  served [{variant}] 1 session: {r['rerun_ms']} ms vs trivial {r['trivial_rerun_ms']} ms "
        f"({r['rerun_ratio']}×)")
    r.update(many_sessions(ms.url, ts.url, sessions, reruns, problems))
    log(f"  served [{variant}] {sessions} sessions: p95 {r['p95_ms']} ms vs {r['trivial_p95_ms']} ms "
        f"({r['p95_ratio']}×); {r['throughput_per_s']}/s vs {r['trivial_throughput_per_s']}/s")
    if memory_reruns and variant in ("shipped", "streamlit_default"):
        r["memory"] = memory(ms, memory_reruns, max(1, memory_reruns // 10), problems)
        log(f"  served [{variant}] RSS over {memory_reruns} reruns: {r['memory']['rss_mb'][0][1]} → "
            f"{r['memory']['rss_mb'][-1][1]} MB")
    return r


def measure_served(db_path: str, repeat: int, *, sessions: int = 10, reruns: int = 14,
                   variants: list[str] | None = None, memory_reruns: int = 500, first: bool = True,
                   browser_repeat: int = 3, log=print) -> dict:
    """Every served measurement on db_path: per GC variant (VARIANTS; the shipped one first) one-session reruns,
    `sessions` concurrent sessions and (shipped and Streamlit's default only) memory over `memory_reruns` reruns,
    each against the trivial app; the browser timings (shipped, `browser_repeat` times, 0 = none); then the first
    visits (after start and upload, and unwarmed)."""
    import tempfile

    from maeul.bench import browser

    variants = list(VARIANTS) if variants is None else variants
    problems: list[str] = []
    res: dict = {"variants": {}, "sessions": sessions, "load_avg_before": list(os.getloadavg())}
    with tempfile.TemporaryDirectory(prefix="maeul-served-") as tmp_name:
        tmp = Path(tmp_name)
        with trivial_server(tmp) as ts:
            for variant in variants:
                with maeul_server(db_path, tmp, variant) as ms:
                    res["variants"][variant] = _variant(variant, ms, ts, repeat, sessions, reruns, memory_reruns,
                                                        problems, log)
                    if variant == "shipped" and browser_repeat:
                        why_not = browser.available()
                        res["browser"] = {"skipped": why_not} if why_not else browser.measure_browser(
                            ms.url, ts.url, [(page_name(p), p) for p in page_paths()], browser_repeat, log=log)
                    problems += ms.errors()
            problems += ts.errors()
        if first:
            res["first_visit"] = first_visits(db_path, tmp, repeat, problems)
            fv = res["first_visit"]
            log(f"  first visit ÷ warm (all pages): after start {fv['after_start']['total_ratio']}×, after upload "
                f"{fv['after_upload']['total_ratio']}×, unwarmed {fv['unwarmed_after_start']['total_ratio']}×")
    res["problems"] = problems[:20]
    res["load_avg_after"] = list(os.getloadavg())
    return res
