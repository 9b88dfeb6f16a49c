"""Audit events: every change records itself, in the same transaction as the change.

A write function running inside ``maeul.plan.write.write`` calls ``track(Event(...))``; ``write`` stores the events
it collected just before it commits, so an event exists exactly when its change does (a rolled-back or failed write
leaves neither). A refused request — nothing changed — is recorded on its own by ``write.record_event``.
Modelled on datasette's ``track_event``.

The ``event`` table is append-only: nothing in maeul updates or deletes its rows (tests/test_audit.py checks the
source), and an event outlives what it describes (a rolled-back upload keeps its upload event).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
from dataclasses import dataclass

import duckdb

# What an event can say happened (README "보고 주기" lists them).
ACTIONS = ("upload", "rollback", "approve", "unlock", "explanation", "sample_load", "sample_remove", "refused")

# scope of an event: one district's figures, the citywide (서울시) rows, or every district at once
SCOPES = ("district", "city", "all")

_KST = dt.timezone(dt.timedelta(hours=9))
MAX_TEXT = 4000  # characters kept of before/after/detail

_PENDING: contextvars.ContextVar[list | None] = contextvars.ContextVar("maeul_pending_events", default=None)


def now_kst() -> dt.datetime:
    """Seoul local time (KST, no daylight saving), stored without zone, to the second (as upload.uploaded_at)."""
    return dt.datetime.now(_KST).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class Event:
    """One change (or refused request). quarter '2021Q4' (None = not about one quarter); district_code None with
    scope 'city' = the citywide rows; before/after: what the change replaced and what it put in (text or a
    JSON-able value), where that applies."""

    action: str
    user: str
    quarter: str | None = None
    district_code: str | None = None
    scope: str | None = None
    upload_id: int | None = None
    indicator_code: str | None = None
    before: object = None
    after: object = None
    detail: str | None = None
    at: dt.datetime | None = None  # when (default: when the write stores it), e.g. an upload's uploaded_at

    def __post_init__(self):
        if self.action not in ACTIONS:
            raise ValueError(f"unknown event action: {self.action}")
        if self.scope is not None and self.scope not in SCOPES:
            raise ValueError(f"unknown event scope: {self.scope}")


def _text(v) -> str | None:
    if v is None:
        return None
    s = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str, sort_keys=True)
    return s if len(s) <= MAX_TEXT else s[:MAX_TEXT - 1] + "…"


def track(event: Event) -> None:
    """Record ``event`` with the write that is running (inside a ``write`` function only)."""
    pending = _PENDING.get()
    if pending is None:
        raise RuntimeError("track() outside maeul.plan.write.write: events are stored with the change they describe")
    pending.append(event)


def begin() -> tuple[list, contextvars.Token]:
    """(the list events of this write go into, the token to end it with) — used by ``write``."""
    pending: list[Event] = []
    return pending, _PENDING.set(pending)


def end(token: contextvars.Token) -> None:
    _PENDING.reset(token)


def store(cur: duckdb.DuckDBPyConnection, events: list[Event], at: dt.datetime | None = None) -> None:
    """Insert ``events`` (inside the writer's transaction), all with the same time."""
    if not events:
        return
    at = at or now_kst()
    first = next_id(cur, "event", "event_id")
    rows = [(first + i, e.at or at, (e.user or "").strip()[:200] or "unknown", e.action, e.quarter, e.district_code, e.scope,
             None if e.upload_id is None else int(e.upload_id), e.indicator_code, _text(e.before), _text(e.after),
             _text(e.detail)) for i, e in enumerate(events)]
    cur.executemany(
        'INSERT INTO event (event_id, occurred_at, "user", action, quarter, district_code, scope, upload_id, '
        "indicator_code, before, after, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def next_id(cur: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    """The next number of a table's id column (inside the writer's transaction, under its lock). Not a sequence:
    DuckDB sequences advance even when the transaction rolls back, and these numbers should not skip."""
    return int(cur.execute(f"SELECT coalesce(max({column}), 0) + 1 FROM {table}").fetchone()[0])
