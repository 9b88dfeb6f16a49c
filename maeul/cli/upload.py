"""Subcommands of `python -m maeul` for the upload path: ingest, uploads, rollback, template, sample, remove-sample.

A thin layer over maeul.upload (reader, validate, store, history, templates, sample). Exit codes: 0 success (also
"already uploaded, nothing changed"), 1 the request was refused (validation errors, implausible values without
--force, unknown upload …) and nothing was changed; main() adds 75 (database busy) and 2 (bad argument).
Commands that only read (uploads, template, ingest --dry-run) open the database read-only, so they run beside the
dashboard. Text users typed (names, cell values) is printed without control characters (maeul.cli.output).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from maeul.cli.output import add_format_arg, emit
from maeul.present.format import plain
from maeul.upload.messages import message


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "operator"


def _user(args: argparse.Namespace) -> str:
    return args.user or default_user()


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="database file (default $MAEUL_DB or var/maeul.duckdb)")


def _add_lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["ko", "en"], default="ko", help="language of messages (default ko)")


def _add_user(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", help="who makes the change (default: the login name). A user configured in the secrets "
                                  "file acts with that user's scope; any other name acts as the operator")
    p.add_argument("--secrets", help="secrets file with [auth.users] (default .streamlit/secrets.toml)")


def _scope(acting):
    """The scope a command acts with: the configured user's, or None (the operator, unrestricted)."""
    return None if acting is None else acting.scope


def _acting(args: argparse.Namespace, con):
    """The configured user behind --user (its scope applies), or None: an operator, unrestricted."""
    from maeul.auth.users import cli_user

    return cli_user(_user(args), getattr(args, "secrets", None), con)


def _refused(errors, args: argparse.Namespace) -> int:
    from maeul.upload.errors import error_frame

    emit(error_frame(errors, args.lang), args.format)
    print(message("rejected", args.lang, count=len(errors)), file=sys.stderr)
    if errors and all(e.code == "implausible_value" for e in errors):
        print(message("force_hint", args.lang), file=sys.stderr)
    return 1


def _dry_run(con, data: bytes, path: Path, scope, args: argparse.Namespace) -> int:
    from maeul.upload.history import kind_label
    from maeul.upload.reader import read_upload
    from maeul.upload.store import preview
    from maeul.upload.validate import validate

    validated = validate(con, read_upload(data, path.name), scope=scope)
    if validated.errors or (validated.warnings and not args.force):
        return _refused(validated.errors or validated.warnings, args)
    pv = preview(con, validated)
    print(message("dry_run", args.lang, kind=kind_label(pv.kind, args.lang), rows=len(validated.rows), **pv.counts))
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from maeul.plan.db import connect
    from maeul.upload.history import kind_label
    from maeul.upload.store import commit

    path = Path(args.file)
    if not path.is_file():
        print(plain(message("file_not_found", args.lang, path=str(path))), file=sys.stderr)
        return 1
    data = path.read_bytes()
    con = connect(args.db, read_only=args.dry_run)
    try:
        scope = _scope(_acting(args, con))
        if args.dry_run:
            return _dry_run(con, data, path, scope, args)
        result = commit(con, data, path.name, _user(args), scope=scope, confirm=args.force)
        if result.errors:
            return _refused(result.errors, args)
        if result.duplicate:
            print(message("duplicate_file", args.lang, upload_id=result.upload_id))
            return 0
        print(message("committed", args.lang, upload_id=result.upload_id, kind=kind_label(result.kind, args.lang),
                      rows=result.rows, **{"new": 0, "superseding": 0, "unchanged": 0, **result.counts}))
        return 0
    finally:
        con.close()


def _cmd_uploads(args: argparse.Namespace) -> int:
    from maeul.plan.db import connect
    from maeul.read.uploads import list_uploads

    con = connect(args.db, read_only=True)
    try:
        df = list_uploads(con)
    finally:
        con.close()
    if df.empty and args.format == "table":
        print(message("no_uploads", args.lang))
        return 0
    for c in ("uploaded_at", "rolled_back_at"):
        df[c] = df[c].map(lambda v: None if v is None or str(v) == "NaT" else v.isoformat(sep=" "))
    cols = ["upload_id", "uploaded_at", "user", "file_name", "sha256", "kind", "rows", "encoding", "status",
            "is_sample"]
    if args.format == "json":
        cols += ["rolled_back_at", "rolled_back_by"]
    emit(df[cols], args.format)
    return 0


def _cmd_rollback(args: argparse.Namespace) -> int:
    from maeul.plan.db import connect
    from maeul.upload.errors import IngestError
    from maeul.upload.store import rollback

    con = connect(args.db)
    try:
        acting = _acting(args, con)
        rollback(con, args.upload_id, _user(args), scope=_scope(acting),
                 own_only=acting is not None and not acting.is_admin)
    except IngestError as e:
        print(plain(e.message(args.lang)), file=sys.stderr)
        return 1
    finally:
        con.close()
    print(message("rolled_back", args.lang, upload_id=args.upload_id))
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    from maeul.plan.db import connect
    from maeul.upload.templates import template_bytes

    fmt = "xlsx" if args.xlsx or (args.out and args.out.lower().endswith(".xlsx")) else "csv"
    con = connect(args.db, read_only=True)
    try:
        data = template_bytes(con, args.kind, fmt)
    finally:
        con.close()
    if args.out and args.out != "-":
        Path(args.out).write_bytes(data)
        print(args.out, file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def _cmd_sample(args: argparse.Namespace) -> int:
    from maeul.plan.db import connect
    from maeul.upload.errors import IngestError
    from maeul.upload.sample import load_sample, write_sample_files

    if not args.out and not args.load:
        print("--out DIR 또는 --load 중 하나는 있어야 합니다 (give --out DIR and/or --load).", file=sys.stderr)
        return 1
    con = connect(args.db)
    try:
        if args.out:
            paths = write_sample_files(con, args.seed, args.out)
            print(message("sample_written", args.lang, count=len(paths), out=args.out))
        if args.load:
            acting = _acting(args, con)
            try:
                results = load_sample(con, args.seed, _user(args), scope=_scope(acting))
            except IngestError as e:
                print(plain(e.message(args.lang)), file=sys.stderr)
                return 1
            print(message("sample_loaded", args.lang, count=sum(1 for r in results if not r.duplicate)))
    finally:
        con.close()
    return 0


def _cmd_remove_sample(args: argparse.Namespace) -> int:
    from maeul.plan.db import connect
    from maeul.upload.errors import IngestError
    from maeul.upload.store import remove_sample

    con = connect(args.db)
    try:
        acting = _acting(args, con)
        n = remove_sample(con, _user(args), scope=_scope(acting))
    except IngestError as e:
        print(plain(e.message(args.lang)), file=sys.stderr)
        return 1
    finally:
        con.close()
    print(message("sample_removed", args.lang, count=n))
    return 0


def register(sub) -> None:
    """Add the upload subcommands to the `python -m maeul` parser's subparsers."""
    p = sub.add_parser("ingest", help="validate and store a quarterly upload (CSV/XLSX)")
    p.add_argument("file", help="CSV (UTF-8, UTF-8 with BOM, CP949) or XLSX file")
    _add_db(p)
    _add_user(p)
    p.add_argument("--dry-run", action="store_true", help="validate and show what would change; store nothing")
    p.add_argument("--force", action="store_true",
                   help="store values that look implausible (above 10× the plan's largest yearly target)")
    add_format_arg(p)
    _add_lang(p)
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("uploads", help="list uploads, newest first")
    _add_db(p)
    add_format_arg(p)
    _add_lang(p)
    p.set_defaults(func=_cmd_uploads)

    p = sub.add_parser("rollback", help="roll back an upload (the values before it become current again)")
    p.add_argument("upload_id", type=int)
    _add_db(p)
    _add_user(p)
    _add_lang(p)
    p.set_defaults(func=_cmd_rollback)

    p = sub.add_parser("template", help="write an upload template (CSV with BOM, or XLSX with --xlsx / .xlsx)")
    p.add_argument("kind", choices=["actuals", "budget", "spaces"])
    p.add_argument("--out", help="output file (default: stdout); a name ending in .xlsx writes XLSX")
    p.add_argument("--xlsx", action="store_true", help="write XLSX instead of CSV")
    _add_db(p)
    p.set_defaults(func=_cmd_template)

    p = sub.add_parser("sample", help="write (and/or load) 예시 sample data for 2018Q1–2022Q4")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", help="folder to write the sample files into")
    p.add_argument("--load", action="store_true", help="also commit the files into the database as sample uploads")
    _add_db(p)
    _add_user(p)
    _add_lang(p)
    p.set_defaults(func=_cmd_sample)

    p = sub.add_parser("remove-sample", help="roll back every sample upload at once")
    _add_db(p)
    _add_user(p)
    _add_lang(p)
    p.set_defaults(func=_cmd_remove_sample)
