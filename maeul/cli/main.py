"""Command line: a thin layer over the library. build/budget/progress live here; the other modules of maeul.cli
register their own subcommands (upload: ingest, uploads, rollback, template, sample; users: user; backup; briefing)."""

from __future__ import annotations

import argparse
import os
import sys

from maeul.cli.output import add_format_arg, emit
from maeul.cli.reporting import REVIEW_COLUMNS, review_step


def _cmd_build(args: argparse.Namespace) -> int:
    from maeul.plan.build import build
    from maeul.plan.db import connect, db_path

    con = connect(args.db)
    counts = build(con)
    con.close()
    print(f"built {db_path(args.db)}")
    for table, n in counts.items():
        print(f"  {table:22s} {n:6d}")
    return 0


def _cmd_budget(args: argparse.Namespace) -> int:
    from maeul.plan.db import connect
    from maeul.read.queries import budget

    con = connect(args.db, read_only=True)
    df = budget(con, year=args.year, by=args.by)
    emit(df[["code", "name", "year", "planned"]], args.format)
    return 0


def _cmd_progress(args: argparse.Namespace) -> int:
    from maeul.plan.db import connect
    from maeul.read.progress import progress
    from maeul.read.queries import resolve_district

    con = connect(args.db, read_only=True)
    district = None
    if args.district:
        district = resolve_district(con, args.district)
        if district is None:
            print(f"알 수 없는 자치구입니다: {args.district}", file=sys.stderr)
            return 2
    df = progress(con, args.as_of, district=district, basis=args.basis)
    df = review_step(con, df, args.as_of, district)  # the reporting cycle: verified, explanation
    if args.level != "indicator":
        emit(rollup_output(con, df, args.level), args.format)
    else:
        emit(progress_output(df), args.format)
    return 0


def progress_output(df):
    """The CLI's view of progress: milestones show their stages in target/expected/actual; running totals say their
    published anchor and what was added since; `previous_status` is the status a quarter earlier; `direction` is a
    성과지표's change since its baseline (improving | unchanged | worsening | not_comparable), null elsewhere; and
    from the reporting cycle `verified` and `explanation`."""
    cols = ["code", "name", "kind", "unit", "target", "expected", "actual", "rate", "status", "source",
            "anchor", "anchor_period", "added", "n_reporting", "previous_status"]
    out = df[cols + [c for c in REVIEW_COLUMNS if c in df.columns]].copy()
    out["direction"] = df["trend"].where(df["role"] == "headline", None)
    ms = df["kind"] == "milestone"
    for col in ("target", "expected", "actual"):
        out[col] = out[col].astype(object)
        out.loc[ms, col] = df.loc[ms, f"{col}_stage"]
    return out


def rollup_output(con, df, level: str):
    """Progress above the indicator level: code, name, rate, status, n_rated, n_indicators (and the status and rate
    a quarter earlier) for every unit project, task, strategy, or the plan."""
    from maeul.read.progress import rollup
    from maeul.read.queries import hierarchy

    roll = rollup(df, level)
    names = {"plan": "2기 마을공동체 기본계획"}
    h = hierarchy(con)
    for col, name in (("unit_project_code", "project_name"), ("task_code", "task_name"),
                      ("strategy_code", "strategy_name")):
        names.update({str(c): n for c, n in zip(h[col], h[name]) if isinstance(c, str)})
    roll.insert(1, "name", [names.get(str(c), "") for c in roll["code"]])
    return roll[["code", "name", "rate", "status", "n_rated", "n_indicators", "previous_rate", "previous_status"]]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m maeul", description="maeul: 2기 마을공동체 기본계획 dashboard tools")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the DuckDB database from data/")
    b.add_argument("--db", help="database file (default $MAEUL_DB or var/maeul.duckdb)")
    b.set_defaults(func=_cmd_build)

    g = sub.add_parser("budget", help="planned budget as section Ⅷ counts it (백만원)")
    g.add_argument("--db")
    g.add_argument("--year", type=int)
    g.add_argument("--by", choices=["strategy", "task", "project", "line"], default="strategy")
    add_format_arg(g)
    g.set_defaults(func=_cmd_budget)

    r = sub.add_parser("progress", help="progress of every indicator as of a quarter")
    r.add_argument("--db")
    r.add_argument("--as-of", required=True, help="e.g. 2020Q4")
    r.add_argument("--district", help="자치구 name (강남구, 강남) or code (11680)")
    r.add_argument("--level", choices=["indicator", "unit_project", "task", "strategy", "plan"], default="indicator",
                   help="indicator rows (default) or roll-ups: code, name, rate, status, n_rated, n_indicators")
    r.add_argument("--basis", choices=["dong", "equal", "none"], default="dong",
                   help="how citywide targets are shared out to a district")
    add_format_arg(r)
    r.set_defaults(func=_cmd_progress)

    from maeul.cli import backup, briefing, reporting, upload, users

    for mod in (upload, users, backup, briefing, reporting):
        mod.register(sub)
    return p


EXIT_BUSY = 75  # EX_TEMPFAIL: the database is held by another process; trying again later may work


def main(argv: list[str] | None = None) -> int:
    """Run one command. Every failure a person can cause or meet ends in one line on stderr, never a traceback:
    exit 75 while another process holds the database (try again), 1 for a database file that cannot be used or a
    request that was refused, 2 for a bad argument. MAEUL_DEBUG=1 prints the traceback of an unexpected error."""
    from maeul.plan.db import DatabaseError

    parser = build_parser()
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", None) or "ko"
    try:
        return int(args.func(args) or 0)
    except DatabaseError as e:
        print(("오류: " if lang == "ko" else "error: ") + e.message(lang), file=sys.stderr)
        return EXIT_BUSY if e.busy else 1
    except ValueError as e:
        print(f"오류: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `… | head`: the reader left; not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("중단했습니다 (interrupted).", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - one line for a person; the traceback on request
        if os.environ.get("MAEUL_DEBUG"):
            raise
        print(f"오류(예상하지 못한 문제): {type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ''} "
              "— MAEUL_DEBUG=1 로 다시 실행하면 자세한 내용이 나옵니다.", file=sys.stderr)
        return 1
