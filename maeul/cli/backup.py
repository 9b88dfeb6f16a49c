"""`python -m maeul backup [DIR]` and `python -m maeul restore SRC` (maeul.ops.backup does the work)."""

from __future__ import annotations

import argparse
import sys

from maeul.ops.backup import BackupError, backup, restore


def _cmd_backup(args: argparse.Namespace) -> int:
    try:
        path = backup(args.db, args.dir, export=args.export)
    except BackupError as e:
        print(f"오류: {e}", file=sys.stderr)
        return 1
    print(path)
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    try:
        res = restore(args.src, args.db, force=args.force)
    except BackupError as e:
        print(f"오류: {e}", file=sys.stderr)
        return 1
    print(f"복원했습니다 (restored): {args.src} → {res.db} ({res.tables} tables)")
    if res.previous:
        print(f"이전 파일 (previous database kept as): {res.previous}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("backup", help="write a consistent copy of the database (prints its path)")
    p.add_argument("dir", nargs="?", help="folder for the backup (default: backups/ beside the database)")
    p.add_argument("--db", help="database file (default $MAEUL_DB or var/maeul.duckdb)")
    p.add_argument("--export", action="store_true",
                   help="write an EXPORT DATABASE folder (Parquet; readable by later DuckDB versions) instead of a "
                        ".duckdb file")
    p.set_defaults(func=_cmd_backup)

    r = sub.add_parser("restore", help="bring a backup back (.duckdb file or EXPORT folder); stop the app first")
    r.add_argument("src", metavar="FILE_OR_DIR")
    r.add_argument("--db", help="database file to restore into (default $MAEUL_DB or var/maeul.duckdb)")
    r.add_argument("--force", action="store_true", help="replace an existing database (it is kept aside)")
    r.set_defaults(func=_cmd_restore)
