"""`python -m maeul briefing --as-of 2021Q4 [--district 강남구 …] [--strategy 2] [--lang ko|en]
--format pdf|hwpx|xlsx --out FILE` — the same briefing the pages offer (maeul.briefing does the work).

A bad scope (an unknown district, a core value other than 1–4, a quarter outside the plan) exits 1 with one line
saying what was wrong, in Korean (and English)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _districts(con, names: list[str]) -> tuple[str, ...]:
    from maeul.read.queries import is_citywide, resolve_district

    codes = []
    for name in names:
        for part in (p.strip() for p in name.split(",")):
            if not part or is_citywide(part):
                continue
            code = resolve_district(con, part)
            if code is None:
                raise ValueError(f"알 수 없는 자치구입니다 (unknown district): {part}")
            codes.append(code)
    return tuple(dict.fromkeys(codes))


def _cmd_briefing(args: argparse.Namespace) -> int:
    from maeul.briefing.render import render
    from maeul.plan.db import connect
    from maeul.present.filters import Filters
    from maeul.read.registry import Reader
    from maeul.read.rules import parse_quarter

    con = connect(args.db, read_only=True)
    try:
        as_of = parse_quarter(args.as_of).label
        f = Filters(_districts(con, args.district or []), as_of, args.basis, args.lang)
        if args.strategy is not None and args.strategy not in ("1", "2", "3", "4"):
            raise ValueError(f"핵심가치는 1–4 중 하나입니다 (strategy must be 1–4): {args.strategy}")
        data = render(Reader(con), f, args.format, strategy=args.strategy)
    except ValueError as e:
        print(f"오류: {e}", file=sys.stderr)
        return 1
    finally:
        con.close()
    out = Path(args.out)
    out.write_bytes(data)
    print(f"{out} ({len(data):,} bytes)")
    return 0


def register(sub) -> None:
    p = sub.add_parser("briefing", help="a briefing of the plan, a core value or districts as PDF, HWPX or XLSX")
    p.add_argument("--db", help="database file (default $MAEUL_DB or var/maeul.duckdb)")
    p.add_argument("--as-of", required=True, help="e.g. 2021Q4")
    p.add_argument("--district", nargs="+", action="extend", metavar="자치구",
                   help="one or several 자치구 (name or code); several are added together")
    p.add_argument("--strategy", help="one core value (핵심가치) 1–4")
    p.add_argument("--basis", choices=["dong", "equal", "none"], default="dong",
                   help="how citywide targets are shared out to districts")
    p.add_argument("--lang", choices=["ko", "en"], default="ko")
    p.add_argument("--format", choices=["pdf", "hwpx", "xlsx"], required=True)
    p.add_argument("--out", required=True, help="file to write")
    p.set_defaults(func=_cmd_briefing)
