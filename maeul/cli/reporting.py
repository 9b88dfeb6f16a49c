"""Subcommands of `python -m maeul` for the reporting cycle: reporting (who has reported a quarter), approve, unlock,
audit; and the review columns (`verified`, `explanation`) the progress command adds.

A thin layer over maeul.read.reporting / review / audit and maeul.upload.review. Exit codes: 0 success, 1 refused
(nothing changed; a refusal for role or scope is recorded as an audit event), 2 a bad argument.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from maeul.cli.output import add_format_arg, emit
from maeul.cli.upload import _acting, _add_db, _add_lang, _add_user, _user

REPORTING_KEYS = ["district_code", "district", "quarter", "due", "first_upload_at", "state", "in_grace", "rows",
                  "approved"]
AUDIT_KEYS = ["at", "user", "action", "quarter", "district_code", "detail"]
REVIEW_COLUMNS = ["verified", "explanation"]  # what the progress command adds


def _iso(v) -> str | None:
    if v is None or (isinstance(v, float) and v != v) or str(v) in ("NaT", "None", "nan"):
        return None
    return v.isoformat(sep=" ") if isinstance(v, dt.datetime) else (v.isoformat() if hasattr(v, "isoformat")
                                                                    else str(v))


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"날짜 형식이 아닙니다 (예: 2022-01-25): {text}") from None


def _district(con, text: str | None) -> str | None:
    """--district as a code (None = the city's rows); an unknown name is a bad argument."""
    from maeul.read.queries import is_citywide, resolve_district

    if text is None or is_citywide(text):
        return None
    code = resolve_district(con, text)
    if code is None:
        raise ValueError(f"알 수 없는 자치구입니다 (unknown district): {text}")
    return code


def review_step(con, df, as_of: str, district):
    """The progress command's review step: `verified` and `explanation` joined in (maeul.read.review)."""
    from maeul.read.review import review_columns

    return review_columns(con, df, as_of, district)


def _cmd_reporting(args: argparse.Namespace) -> int:
    from maeul.plan.db import connect
    from maeul.read.reporting import current_quarter, reporting_status
    from maeul.read.rules import parse_quarter

    today = _date(args.date)
    quarter = parse_quarter(args.quarter).label if args.quarter else current_quarter(today)
    con = connect(args.db, read_only=True)
    try:
        df = reporting_status(con, quarter, today)
    finally:
        con.close()
    out = df[REPORTING_KEYS].copy()
    for col in ("due", "first_upload_at"):
        out[col] = [_iso(v) for v in out[col]]
    emit(out, args.format)
    return 0


def _cmd_approve(args: argparse.Namespace) -> int:
    from maeul.plan.db import connect
    from maeul.read.rules import parse_quarter
    from maeul.upload.errors import IngestError
    from maeul.upload.messages import message
    from maeul.upload.review import approve, district_label

    con = connect(args.db)
    try:
        district = _district(con, args.district)
        acting = _acting(args, con)
        scope = None if acting is None else acting.review_scope
        try:
            approve(con, args.quarter, district, _user(args), scope=scope)
        except IngestError as e:
            print(e.message(args.lang), file=sys.stderr)
            return 1
        print(message("approved", args.lang, district=district_label(con, district), period=parse_quarter(args.quarter).label,
                      by=_user(args)))
    finally:
        con.close()
    return 0


def _cmd_unlock(args: argparse.Namespace) -> int:
    from maeul.plan.db import connect
    from maeul.read.rules import parse_quarter
    from maeul.upload.errors import IngestError
    from maeul.upload.messages import message
    from maeul.upload.review import district_label, unlock

    con = connect(args.db)
    try:
        district = _district(con, args.district)
        acting = _acting(args, con)
        try:
            unlock(con, args.quarter, district, _user(args), args.reason,
                   admin=acting is None or acting.is_admin)
        except IngestError as e:
            print(e.message(args.lang), file=sys.stderr)
            return 1
        print(message("unlocked", args.lang, district=district_label(con, district), period=parse_quarter(args.quarter).label,
                      by=_user(args), reason=args.reason.strip()))
    finally:
        con.close()
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from maeul.plan.db import connect
    from maeul.plan.events import ACTIONS
    from maeul.read.audit import events
    from maeul.read.rules import parse_quarter

    if args.action and args.action not in ACTIONS:
        raise ValueError(f"action은 {', '.join(ACTIONS)} 중 하나입니다: {args.action}")
    con = connect(args.db, read_only=True)
    try:
        district = "*" if args.district is None else _district(con, args.district)
        quarter = parse_quarter(args.quarter).label if args.quarter else None
        df = events(con, args.action, quarter, district, args.by)
    finally:
        con.close()
    keys = AUDIT_KEYS if args.format != "json" or not args.full else list(df.columns)
    out = df[keys].copy()
    out["at"] = [_iso(v) for v in out["at"]]
    emit(out, args.format)
    return 0


def register(sub) -> None:
    p = sub.add_parser("reporting", help="who has reported a quarter: due date, first upload, state, approval")
    p.add_argument("--quarter", help="e.g. 2021Q4 (default: the quarter being reported today)")
    p.add_argument("--date", help="judge as of this date (YYYY-MM-DD; default: today in Seoul)")
    _add_db(p)
    add_format_arg(p)
    p.set_defaults(func=_cmd_reporting)

    p = sub.add_parser("approve", help="approve (and lock) a quarter for a district or the city (reviewer/admin)")
    p.add_argument("quarter", help="e.g. 2021Q4")
    p.add_argument("--district", help="자치구 name or code (강남구, 11680); none = the citywide (서울시) rows")
    _add_db(p)
    _add_user(p)
    _add_lang(p)
    p.set_defaults(func=_cmd_approve)

    p = sub.add_parser("unlock", help="unlock an approved quarter with a reason (admin)")
    p.add_argument("quarter", help="e.g. 2021Q4")
    p.add_argument("--district", help="자치구 name or code; none = the citywide (서울시) rows")
    p.add_argument("--reason", required=True, help="why it must change (recorded)")
    _add_db(p)
    _add_user(p)
    _add_lang(p)
    p.set_defaults(func=_cmd_unlock)

    p = sub.add_parser("audit", help="the audit trail: every change and refused request, newest first")
    p.add_argument("--action", help="upload, rollback, approve, unlock, explanation, sample_load, sample_remove, "
                                    "refused")
    p.add_argument("--quarter", help="e.g. 2021Q4")
    p.add_argument("--district", help="자치구 name or code; 서울시 = the citywide rows")
    p.add_argument("--by", help="only events of this user")
    p.add_argument("--full", action="store_true", help="with --format json: every column (scope, upload_id, "
                                                        "indicator_code, before, after)")
    _add_db(p)
    add_format_arg(p)
    p.set_defaults(func=_cmd_audit)
