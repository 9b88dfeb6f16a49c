"""The benchmark's results: the targets of issue 7 checked against the medians, the results JSON and the Markdown
table (bench/LATEST.md, pasted into README)."""

from __future__ import annotations

import json
import os
import platform
import statistics
from pathlib import Path

import duckdb
import pandas as pd

from maeul.bench.pages import PAGES
from maeul.bench.query_layer import AS_OF, DISTRICT

PAGE_LIMITS = {1: 3, 30: 5}  # page rerun ÷ empty page, by scale (issue 7)
FIRST_VISIT_SLACK = 1.1  # "no slower than a warm one": the first visits of all pages ≤ 1.1 × their warm medians


def _shipped(r: dict) -> dict | None:
    return r.get("served", {}).get("variants", {}).get("shipped")


def _first(r: dict, when: str) -> float | None:
    fv = r.get("served", {}).get("first_visit", {}).get(when)
    return None if fv is None else fv["total_ratio"] <= FIRST_VISIT_SLACK


def _browser(r: dict) -> bool | None:
    b = r.get("served", {}).get("browser")
    return None if not b or "ratio" not in b else max(b["ratio"].values()) <= 2


TARGETS = [  # (label, scale, test) — from issues 7 and 16, checked against the medians, never tuned to them
    ("page rerun ≤ 3× empty page at 1× (every page)", 1,
     lambda r: max(r["page_rerun_ratio"].values()) <= PAGE_LIMITS[1] if r.get("page_rerun_ratio") else None),
    ("page rerun ≤ 5× empty page at 30× (every page)", 30,
     lambda r: max(r["page_rerun_ratio"].values()) <= PAGE_LIMITS[30] if r.get("page_rerun_ratio") else None),
    ("progress as of a quarter at 30× ≤ 50 ms uncached", 30, lambda r: r["progress_ms"] <= 50),
    ("progress at 30× ≥ 5× faster than pandas", 30, lambda r: r["pandas_ratio"] >= 5),
    ("100k-row ingest ≤ 3 s", None, lambda r: r["ingest_100k_s"] <= 3 if "ingest_100k_s" in r else None),
    ("served: page-to-page rerun median, 1 session ≤ 3× the trivial app", None,
     lambda r: _shipped(r)["rerun_ratio"] <= 3 if _shipped(r) else None),
    ("served: p95 with 10 concurrent sessions ≤ 3× the trivial app", None,
     lambda r: _shipped(r)["p95_ratio"] <= 3 if _shipped(r) and r["served"]["sessions"] == 10 else None),
    ("served: throughput (10 sessions) ≥ ⅓ of the trivial app's", None,
     lambda r: _shipped(r)["throughput_share"] >= 1 / 3 if _shipped(r) and r["served"]["sessions"] == 10 else None),
    ("browser: opening each page and changing the district ≤ 2× the trivial app (every page)", None, _browser),
    ("memory: the server's RSS grows ≤ 10 MB over the second half of the watched reruns (shipped settings)", None,
     lambda r: _shipped(r)["memory"]["rss_growth_second_half_mb"] <= 10 if (_shipped(r) or {}).get("memory")
     else None),
    (f"first visit after start no slower than a warm one (all pages; ≤ {FIRST_VISIT_SLACK}×)", None,
     lambda r: _first(r, "after_start")),
    (f"first visit after an upload no slower than a warm one (all pages; ≤ {FIRST_VISIT_SLACK}×)", None,
     lambda r: _first(r, "after_upload")),
]


def verdicts(results: dict[str, dict]) -> list[tuple[str, bool | None]]:
    """(label, met) for every target: None when a scale or measurement it needs was not run."""
    out = []
    for label, scale, test in TARGETS:
        rows = [r for r in results.values() if scale is None or r["scale"] == scale]
        if not rows:
            out.append((label, None))
            continue
        vals = [v for v in (test(r) for r in rows) if v is not None]  # scales where it was measured
        out.append((label, all(vals) if vals else None))
    return out


def _fmt(v, digits=1) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}"


def table(doc: dict) -> str:
    """The Markdown report of a results document: one row per scale, page reruns per page and scale, targets."""
    res = doc["scales"]
    keys = list(res)
    lines = [
        "| scale | actual rows (current) | progress ms citywide | progress ms 1 district | pandas ÷ query "
        "| budget_flows ms | ingest 100k s |",
        "|---|---|---|---|---|---|---|",
    ]
    for k in keys:
        r = res[k]
        lines.append(
            f"| {r['scale']:g}× | {r['rows']:,} ({r['current']:,}) | {_fmt(r['progress_ms'])} "
            f"| {_fmt(r['progress_district_ms'])} | {_fmt(r['pandas_ratio'])}× | {_fmt(r['budget_ms'])} "
            f"| {_fmt(r.get('ingest_100k_s'), 2)} |")
    pages = [p for p in PAGES if any(p in res[k].get("page_rerun_ratio", {}) for k in keys)]
    if pages:
        lines += ["", "Page rerun (server side, AppTest) ÷ empty page rerun, with the page's median rerun in ms:", "",
                  "| page | " + " | ".join(f"{res[k]['scale']:g}×" for k in keys) + " |",
                  "|---|" + "---|" * len(keys)]
        for p in pages:
            cells = []
            for k in keys:
                r = res[k]
                ratio, ms = r.get("page_rerun_ratio", {}).get(p), r.get("page_rerun_ms", {}).get(p)
                cells.append("–" if ratio is None else f"{ratio:g}× ({ms:,.0f} ms)")
            lines.append(f"| {p} | " + " | ".join(cells) + " |")
        empties = [f"{res[k]['scale']:g}×: {statistics.median(res[k]['empty_rerun_ms'].values()):.1f} ms"
                   for k in keys if res[k].get("empty_rerun_ms")]
        lines += ["", "Empty page rerun (median over the page loops): " + ", ".join(empties) + "."]
        shells = [f"{res[k]['scale']:g}×: {res[k]['sidebar_only_rerun_ratio']:g}× "
                  f"({res[k]['sidebar_only_rerun_ms']:,.0f} ms)" for k in keys if "sidebar_only_rerun_ms" in res[k]]
        if shells:
            lines += ["The shared sidebar alone (`sidebar.sidebar()` on an otherwise empty page) ÷ empty page: "
                      + ", ".join(shells) + "."]
        floors = [f"{res[k]['scale']:g}×: {res[k]['shell_rerun_ratio']:g}× ({res[k]['shell_rerun_ms']:,.0f} ms)"
                  for k in keys if "shell_rerun_ms" in res[k]]
        if floors:
            lines += ["The app's shell (`app.main()`: page config, navigation, sidebar) with a page that draws only "
                      "the banner and a title ÷ empty page — the floor of every page: " + ", ".join(floors) + "."]
    stale = [f"{res[k]['scale']:g}×: {_fmt(res[k]['progress_stale_ms'])} ms" for k in keys
             if res[k].get("progress_stale_ms") is not None]
    if stale:
        lines += ["", "Progress (citywide) while the materialised current rows are stale (e.g. inside the upload "
                  "preview's transaction): " + ", ".join(stale) + "."]
    for k in keys:
        if res[k].get("served"):
            lines += served_lines(res[k]["served"], res[k]["scale"])
    lines += ["", "Targets (issues 7 and 16):", ""]
    for (label, scale, _), (_, ok) in zip(TARGETS, verdicts(res)):
        line = f"- {'met' if ok else 'not measured' if ok is None else '**not met**'}: {label}"
        limit = PAGE_LIMITS.get(scale) if label.startswith("page rerun") else None
        ratios = next((r.get("page_rerun_ratio") for r in res.values() if r["scale"] == scale), None)
        if limit and ratios:
            within = [f"{p} {v:g}×" for p, v in ratios.items() if v <= limit]
            over = [f"{p} {v:g}×" for p, v in ratios.items() if v > limit]
            line += f" — within: {', '.join(within) or 'none'}; over: {', '.join(over) or 'none'}"
        lines.append(line)
    return "\n".join(lines)


def _variant_rows(served: dict) -> list[str]:
    rows = ["| GC setting | 1 session rerun ms (÷ trivial) | 10 sessions p95 ms (÷ trivial) | reruns/s (share of "
            "trivial) | RSS over reruns |", "|---|---|---|---|---|"]
    names = {"shipped": "shipped: postScriptGC off + gc.freeze", "freeze_only": "postScriptGC on + gc.freeze",
             "no_freeze": "postScriptGC off, no freeze", "streamlit_default": "Streamlit default (postScriptGC on)"}
    for v, r in served["variants"].items():
        mem = r.get("memory")
        rss = f"{mem['rss_mb'][0][1]:g} → {mem['rss_mb'][-1][1]:g} MB ({mem['rss_mb'][-1][0]})" if mem else "–"
        rows.append(f"| {names.get(v, v)} | {r['rerun_ms']:g} ({r['rerun_ratio']:g}×) | {r['p95_ms']:,.0f} "
                    f"({r['p95_ratio']:g}×) | {r['throughput_per_s']:g} ({r['throughput_share']:.2f}) | {rss} |")
    return rows


def served_lines(served: dict, scale: float) -> list[str]:
    """The served app's section of the Markdown report: websocket reruns against the trivial app per GC setting,
    the browser timings per page and the first visits."""
    sh = served["variants"].get("shipped")
    lines = ["", f"Served app at {scale:g}× (`streamlit run serve.py`, driven over its websocket) against a trivial "
             f"7-page app with the same sidebar and Streamlit's fastest settings, both on this machine (load "
             f"{served['load_avg_before'][0]:.1f} before, {served['load_avg_after'][0]:.1f} after):", ""]
    if sh:
        lines += [f"- page-to-page rerun, 1 session: {sh['rerun_ms']:g} ms vs {sh['trivial_rerun_ms']:g} ms "
                  f"(**{sh['rerun_ratio']:g}×**); {served['sessions']} concurrent sessions: p95 {sh['p95_ms']:,.0f} ms "
                  f"vs {sh['trivial_p95_ms']:,.0f} ms (**{sh['p95_ratio']:g}×**), {sh['throughput_per_s']:g} vs "
                  f"{sh['trivial_throughput_per_s']:g} reruns/s (**{sh['throughput_share']:.2f}** of the trivial app's)",
                  ""]
    lines += _variant_rows(served)
    b = served.get("browser")
    if b and "ratio" in b:
        lines += ["", "Headless chromium, each page opened in a new tab then 강남구 chosen, until the page stops "
                  "changing (median ms; dashboard ÷ trivial app of open + change):", "",
                  "| page | open | district change | trivial open | trivial change | ratio |", "|---|---|---|---|---|---|"]
        lines += [f"| {p} | {b['open_ms'][p]:,} | {b['change_ms'][p]:,} | {b['trivial_open_ms'][p]:,} | "
                  f"{b['trivial_change_ms'][p]:,} | {b['ratio'][p]:g}× |" for p in b["ratio"]]
    elif b:
        lines += ["", f"Browser timings skipped: {b.get('skipped')}"]
    fv = served.get("first_visit")
    if fv:
        cols = [("after_start", "after start (warmed)"), ("after_upload", "after upload (warmed)"),
                ("unwarmed_after_start", "after start, MAEUL_WARM=0")]
        lines += ["", "First visit of each page (a new session) ÷ the median of later visits, ms in brackets:", "",
                  "| page | " + " | ".join(c for _, c in cols) + " |", "|---|---|---|---|"]
        for p in fv["after_start"]["first_ms"]:
            lines.append(f"| {p} | " + " | ".join(
                f"{fv[k]['first_ratio'][p]:g}× ({fv[k]['first_ms'][p]:,.0f} / {fv[k]['warm_ms'][p]:,.0f})"
                for k, _ in cols) + " |")
        lines.append("| all pages | " + " | ".join(f"**{fv[k]['total_ratio']:g}×**" for k, _ in cols) + " |")
        lines += ["", f"Warming took {fv['after_start']['warm_s']:g} s after the server answered, "
                  f"{fv['after_upload']['warm_s']:g} s after the upload's commit."]
    return lines


def machine() -> dict:
    """The machine and library versions the benchmark ran with."""
    import streamlit

    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "duckdb": duckdb.__version__, "streamlit": streamlit.__version__, "pandas": pd.__version__,
            "load_avg_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None}


def write_json(doc: dict, path: str | Path) -> Path:
    """The results document as JSON at path (folders created)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return out


def write_markdown(doc: dict, text: str, path: str | Path) -> None:
    """The table (text, from table(doc)) with a line saying when, how and on what it was measured, at path."""
    md = Path(path)
    md.parent.mkdir(parents=True, exist_ok=True)
    m = doc["machine"]
    md.write_text(
        f"<!-- written by `python -m maeul.bench`; paste into README -->\n"
        f"Benchmark of {doc['generated_at']} — `{doc['command'].strip()}` — {m['cpus']} cores, Python "
        f"{m['python']}, DuckDB {m['duckdb']}, Streamlit {m['streamlit']}, pandas {m['pandas']}; medians of "
        f"{doc['repeat']} runs; progress as of {AS_OF}, district {DISTRICT} (강남구).\n\n{text}\n",
        encoding="utf-8")
