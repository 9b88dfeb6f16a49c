"""Benchmark of the query layer, the upload path and every page at 1×, 10× and 30× the plan's data.

Run: `python -m maeul.bench [--scales 1,10,30] [--repeat N] [--out bench/results.json] [--md bench/LATEST.md]`.
See bench/README.md for what is generated and measured. Nothing here runs at import time of the app.

Modules: generate (synthetic data per scale), query_layer (progress against the pandas reference of reference,
budget_flows), ingest (the 100k-row upload path: every maeul.upload import of the bench), pages (AppTest page
reruns), served (the served app over its websocket against a trivial app: reruns, concurrent sessions, memory, GC
variants, first visits), browser (headless chromium: opening pages, changing the district), timing (medians,
side-by-side runs), report (targets, results JSON, Markdown table); here: one scale and the command line.

Every timing is the median of `repeat` runs; ratios compare medians measured in the same loop (interleaved runs).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from maeul import ROOT
from maeul.bench.generate import generate
from maeul.bench.ingest import measure_ingest
from maeul.bench.pages import PAGES, measure_pages
from maeul.bench.query_layer import AS_OF, DISTRICT, measure_progress
from maeul.bench.report import machine, table, verdicts, write_json, write_markdown
from maeul.bench.served import VARIANTS


def run_scale(scale: float, repeat: int, workdir: Path, *, pages: list[str] | None = PAGES, ingest: bool = True,
              breakdown: bool = True, seed: int = 7, served: dict | None = None, log=print) -> dict:
    """Generate the data of one scale in workdir and run every measurement on it; the results of that scale.
    ``served``: keyword arguments of maeul.bench.served.measure_served to time the served app too (None = not)."""
    path = workdir / f"bench_{scale:g}x.duckdb"
    for p in (path, Path(f"{path}.wal")):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    info = generate(path, scale, seed=seed)
    res: dict = {"scale": scale, **info, "generate_s": round(time.perf_counter() - t, 1)}
    log(f"[{scale:g}×] {info['rows']:,} actual rows ({info['current']:,} current) in {res['generate_s']} s")
    con = duckdb.connect(str(path))
    try:
        res.update(measure_progress(con, repeat))
    finally:
        con.close()
    log(f"[{scale:g}×] progress {res['progress_ms']} ms citywide, {res['progress_district_ms']} ms {DISTRICT}; "
        f"pandas ×{res['pandas_ratio']}; budget_flows {res['budget_ms']} ms")
    if pages:
        res.update(measure_pages(str(path), repeat, pages, breakdown=breakdown))
        log(f"[{scale:g}×] page rerun ÷ empty page: {res['page_rerun_ratio']}")
    if served is not None:
        from maeul.bench.served import measure_served

        log(f"[{scale:g}×] served app (websocket, browser, first visits) against the trivial app")
        res["served"] = measure_served(str(path), repeat, log=log, **served)
    if ingest:
        res.update(measure_ingest(str(path), repeat))
        log(f"[{scale:g}×] ingest 100k rows {res['ingest_100k_s']:.2f} s, rollback {res['rollback_100k_s']:.2f} s")
    return res


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m maeul.bench", description=__doc__.split("\n")[0])
    ap.add_argument("--scales", default="1,10,30", help="comma-separated multiples of the plan's shape")
    ap.add_argument("--repeat", type=int, default=7, help="runs per measurement (the median is reported)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    ap.add_argument("--md", default=str(ROOT / "bench" / "LATEST.md"), help="markdown table ('' = none)")
    ap.add_argument("--pages", default=",".join(PAGES), help="pages to rerun ('' = none)")
    ap.add_argument("--no-ingest", action="store_true")
    ap.add_argument("--no-breakdown", action="store_true", help="skip the profiled per-page breakdown")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--served", default="1", help="scales at which to time the served app ('' = none)")
    ap.add_argument("--sessions", type=int, default=10, help="concurrent sessions for the served p95/throughput")
    ap.add_argument("--served-variants", default=",".join(VARIANTS),
                    help="garbage-collection variants of the served app (the shipped one is the one targets use)")
    ap.add_argument("--memory-reruns", type=int, default=500, help="reruns watched for memory growth (0 = none)")
    ap.add_argument("--browser-repeat", type=int, default=3, help="browser runs per page (0 = no browser timing)")
    ap.add_argument("--no-first-visit", action="store_true", help="skip first visit after start/upload")
    return ap


def main(argv: list[str] | None = None) -> int:
    """`python -m maeul.bench …`: run every scale, write the results JSON (--out) and the Markdown table (--md)."""
    ap = _parser()
    args = ap.parse_args(argv)
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    pages = [p for p in args.pages.split(",") if p.strip()]
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        ap.error(f"unknown pages: {unknown} (choose from {PAGES})")
    if args.repeat < 1:
        ap.error("--repeat must be ≥ 1")
    variants = [v for v in args.served_variants.split(",") if v.strip()]
    if [v for v in variants if v not in VARIANTS] or (variants and variants[0] != "shipped"):
        ap.error(f"--served-variants: choose from {list(VARIANTS)}, 'shipped' first")
    served_scales = {float(s) for s in args.served.split(",") if s.strip()}
    served = {"sessions": args.sessions, "variants": variants, "memory_reruns": args.memory_reruns,
              "first": not args.no_first_visit, "browser_repeat": args.browser_repeat}
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    doc = {"generated_at": time.strftime("%Y-%m-%d %H:%M:%S %z"), "machine": machine(), "repeat": args.repeat,
           "as_of": AS_OF, "district": DISTRICT, "command": "python -m maeul.bench " + " ".join(argv or sys.argv[1:]),
           "scales": {}}
    with tempfile.TemporaryDirectory(prefix="maeul-bench-") as tmp:
        for sc in scales:
            doc["scales"][f"{sc:g}"] = run_scale(sc, args.repeat, Path(tmp), pages=pages, ingest=not args.no_ingest,
                                                 breakdown=not args.no_breakdown, seed=args.seed,
                                                 served=served if sc in served_scales else None)
    doc["targets"] = {label: ok for label, ok in verdicts(doc["scales"])}
    out = write_json(doc, args.out)
    text = table(doc)
    print(text)
    if args.md:
        write_markdown(doc, text, args.md)
    print(f"\nwrote {out}" + (f" and {args.md}" if args.md else ""))
    return 0
