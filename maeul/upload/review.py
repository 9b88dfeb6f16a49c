"""The reporting cycle's writes: approve a quarter for a district (or the city), unlock it, and record an
explanation (원인 and 대책) — each one transaction through maeul.plan.write.write with its audit event; a request
refused for scope or role is recorded as a 'refused' event on its own.

Who may (the page and the CLI pass what the acting user may, as sets of district codes with None = the city's rows;
None = unrestricted, the operator or an admin):
- approve: ``scope`` = the districts the user may approve (reviewer: their districts; admin/operator: None);
- unlock: ``admin`` True (admin or operator) and a reason;
- explain: ``scope`` = the districts the user may write (staff: their districts), as for uploads.
Approving locks the period: maeul.upload.validate and maeul.upload.store refuse uploads and rollbacks touching it
until it is unlocked. Nothing is deleted: an unlock stamps the approval row, a new explanation supersedes the older.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from maeul.plan.events import Event, next_id, now_kst, track
from maeul.plan.write import record_event, write
from maeul.read.review import explanation_text
from maeul.read.rules import parse_quarter
from maeul.upload.errors import IngestError
from maeul.upload.parse import parse_date

MAX_EXPLANATION = {"cause": 2000, "measure": 2000, "measure_owner": 200}
MAX_REASON = 500
CITY_LABEL = "서울시"


def district_label(con, code: str | None) -> str:
    if code is None:
        return CITY_LABEL
    with con.cursor() as cur:
        row = cur.execute("SELECT name_ko FROM district WHERE code = ?", [code]).fetchone()
    if row is None:
        raise IngestError("unknown_district_name", value=code)
    return row[0]


def _scope_text(con, scope) -> str:
    if scope is None:
        return "전체"
    if not scope:
        return "없음"
    return ", ".join(district_label(con, c) for c in sorted(scope, key=lambda c: (c is not None, c or "")))


def _clean_user(user: str) -> str:
    return (user or "").strip()[:200] or "unknown"


def _refuse(con, user: str, code: str, quarter: str | None, district_code: str | None, what: str, lock=None,
            **params) -> IngestError:
    """Record a refused request as an event (its own write) and return the error to raise."""
    err = IngestError(code, **params)
    record_event(con, Event("refused", user, quarter, district_code, "city" if district_code is None else "district",
                            detail=f"{what}: {err.message_ko}"), lock=lock)
    return err


def _active(cur, year: int, quarter: int, district: str | None):
    return cur.execute(
        "SELECT approval_id, approved_by, approved_at FROM approval WHERE year = ? AND quarter = ? "
        "AND district_code IS NOT DISTINCT FROM ? AND unlocked_at IS NULL ORDER BY approval_id LIMIT 1",
        [year, quarter, district]).fetchone()


def approve(con: duckdb.DuckDBPyConnection, quarter: str, district: str | None, user: str, *,
            scope: set[str | None] | None = None, lock=None) -> int:
    """Approve (and lock) ``quarter`` for ``district`` (None = the city's rows); returns the approval id.
    ``scope``: the districts the acting user may approve (None = unrestricted)."""
    q = parse_quarter(quarter)
    user = _clean_user(user)
    name = district_label(con, district)
    if scope is not None and district not in scope:
        raise _refuse(con, user, "approve_not_allowed", q.label, district, "approve", lock, district=name,
                      period=q.label, scope=_scope_text(con, scope))

    def store(cur: duckdb.DuckDBPyConnection) -> int:
        row = _active(cur, q.year, q.quarter, district)
        if row is not None:
            raise IngestError("already_approved", district=name, period=q.label, by=row[1], at=str(row[2])[:16])
        approval_id = next_id(cur, "approval", "approval_id")
        cur.execute("INSERT INTO approval (approval_id, year, quarter, district_code, approved_at, approved_by) "
                    "VALUES (?, ?, ?, ?, ?, ?)", [approval_id, q.year, q.quarter, district, now_kst(), user])
        n = cur.execute("SELECT count(*) FROM actual_current WHERE year = ? AND quarter = ? "
                        "AND district_code IS NOT DISTINCT FROM ?", [q.year, q.quarter, district]).fetchone()[0]
        track(Event("approve", user, q.label, district, "city" if district is None else "district",
                    before="잠정 (provisional)", after="확정 (verified, locked)",
                    detail=f"{name} {q.label} 승인 #{approval_id}: 현재 실적 {int(n)}행"))
        return approval_id

    return int(write(con, store, lock=lock))


def unlock(con: duckdb.DuckDBPyConnection, quarter: str, district: str | None, user: str, reason: str, *,
           admin: bool = True, lock=None) -> int:
    """Unlock an approved ``quarter`` of ``district`` (None = the city's rows) with a reason: its figures are
    provisional again and uploads may change them. Only an admin (or the operator); returns the approval id."""
    q = parse_quarter(quarter)
    user = _clean_user(user)
    name = district_label(con, district)
    reason = (reason or "").strip()
    if not admin:
        raise _refuse(con, user, "unlock_admin_only", q.label, district, "unlock", lock)
    if not reason:
        raise IngestError("unlock_reason_needed")
    reason = reason[:MAX_REASON]

    def store(cur: duckdb.DuckDBPyConnection) -> int:
        row = _active(cur, q.year, q.quarter, district)
        if row is None:
            raise IngestError("not_approved", district=name, period=q.label)
        cur.execute("UPDATE approval SET unlocked_at = ?, unlocked_by = ?, unlock_reason = ? WHERE approval_id = ?",
                    [now_kst(), user, reason, int(row[0])])
        track(Event("unlock", user, q.label, district, "city" if district is None else "district",
                    before="확정 (verified, locked)", after="잠정 (provisional)",
                    detail=f"{name} {q.label} 잠금 해제 (approval #{int(row[0])}, 승인 {row[1]}): {reason}"))
        return int(row[0])

    return int(write(con, store, lock=lock))


# --- explanations --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Explanation:
    """What staff write about one indicator, district (None = the city) and quarter."""

    indicator_code: str
    district_code: str | None
    quarter: str
    cause: str | None = None
    measure: str | None = None
    measure_owner: str | None = None
    measure_due: dt.date | None = None


def _text(v) -> str | None:
    s = "" if v is None else str(v).strip()
    return s or None


def check_explanation(con, e: Explanation) -> Explanation:
    """The explanation cleaned (texts stripped, the deadline as a date) or IngestError: an unknown indicator, a
    district explanation of a citywide-only indicator, nothing written, a text too long, a bad date."""
    q = parse_quarter(e.quarter)
    with con.cursor() as cur:
        row = cur.execute("SELECT scope FROM indicator WHERE code = ?", [e.indicator_code]).fetchone()
    if row is None:
        raise IngestError("explanation_unknown_indicator", value=e.indicator_code)
    if row[0] == "citywide" and e.district_code is not None:
        raise IngestError("explanation_citywide_only", indicator=e.indicator_code)
    texts = {k: _text(getattr(e, k)) for k in MAX_EXPLANATION}
    if not texts["cause"] and not texts["measure"]:
        raise IngestError("explanation_empty")
    for k, limit in MAX_EXPLANATION.items():
        if texts[k] and len(texts[k]) > limit:
            raise IngestError("explanation_too_long", column=k, length=len(texts[k]), max=limit)
    due = e.measure_due
    if due is not None and not isinstance(due, dt.date):
        raw = _text(due)
        due = parse_date(raw) if raw else None
        if raw and due is None:
            raise IngestError("bad_due_date", value=raw[:50])
    return Explanation(e.indicator_code, e.district_code, q.label, texts["cause"], texts["measure"],
                       texts["measure_owner"], due)


def insert_explanations(cur: duckdb.DuckDBPyConnection, items: list[Explanation], user: str,
                        upload_id: int | None = None, at: dt.datetime | None = None) -> None:
    """Store explanations (inside the writer's transaction), each with its 'explanation' event (before = the one
    it supersedes); ``at``: when they were written (default now; an upload's time for its explanations)."""
    at = at or now_kst()
    for e in items:
        explanation_id = next_id(cur, "explanation", "explanation_id")
        q = parse_quarter(e.quarter)
        old = cur.execute(
            "SELECT cause, measure, measure_owner, measure_due FROM explanation WHERE indicator_code = ? "
            "AND district_code IS NOT DISTINCT FROM ? AND year = ? AND quarter = ? ORDER BY explanation_id DESC "
            "LIMIT 1", [e.indicator_code, e.district_code, q.year, q.quarter]).fetchone()
        cur.execute(
            'INSERT INTO explanation (explanation_id, indicator_code, district_code, year, quarter, cause, measure, '
            'measure_owner, measure_due, written_at, "user", upload_id) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [explanation_id, e.indicator_code, e.district_code, q.year, q.quarter, e.cause, e.measure, e.measure_owner,
             e.measure_due, at, user, upload_id])
        track(Event("explanation", user, q.label, e.district_code, "city" if e.district_code is None else "district",
                    upload_id=upload_id, indicator_code=e.indicator_code, at=at,
                    detail=f"{e.indicator_code} {q.label} 설명 ({'업로드 #' + str(upload_id) if upload_id else '화면'})",
                    before=explanation_text(*old) if old else None,
                    after=explanation_text(e.cause, e.measure, e.measure_owner, e.measure_due)))


def explain(con: duckdb.DuckDBPyConnection, e: Explanation, user: str, *, scope: set[str | None] | None = None,
            lock=None) -> Explanation:
    """Record one explanation (the form on the strategy page). ``scope``: the districts the user may write (None =
    unrestricted); outside it → IngestError and a 'refused' event."""
    user = _clean_user(user)
    name = district_label(con, e.district_code)
    if scope is not None and e.district_code not in scope:
        raise _refuse(con, user, "explanation_outside_scope", parse_quarter(e.quarter).label, e.district_code,
                      f"explanation {e.indicator_code}", lock, district=name, scope=_scope_text(con, scope))
    clean = check_explanation(con, e)
    write(con, lambda cur: insert_explanations(cur, [clean], user), lock=lock)
    return clean
