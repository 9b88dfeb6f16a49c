"""The one write path: every change to the database goes through ``write(con, fn)``.

``write`` takes the process-wide writer lock, opens a cursor, begins a transaction, runs ``fn(cur)``, bumps the data
version and commits — or rolls everything back when ``fn`` raises. Upload commit, rollback, sample load and removal
and the plan build use it; the upload preview uses it with ``commit=False`` (the rows are inserted, progress is
computed on that cursor, and everything is rolled back); a backup holds the same lock (``holding_lock``) so it
never copies half a write. Modelled on datasette's ``execute_write_fn``.

Audit events (maeul.plan.events) belong to this path: ``event=`` adds one, and a write function may call
``events.track(...)`` for more; they are stored inside the same transaction just before it commits, so a change and
its event exist together or not at all. ``record_event`` stores the event of a refused request on its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager, suppress
from typing import TypeVar

import duckdb

from maeul.plan import events as events_mod
from maeul.plan.events import Event

T = TypeVar("T")

WRITE_LOCK = threading.RLock()  # one writer at a time per process (readers never wait for it); re-entrant,
#                                so a write that must first (re)open the database cannot wait on itself


class Rollback(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised by a write function to end the transaction without changing anything: ``write`` rolls back and returns
    ``value`` (e.g. an upload that turns out to be a duplicate inside the transaction)."""

    def __init__(self, value=None):
        super().__init__("rollback")
        self.value = value


def data_version(cur: duckdb.DuckDBPyConnection) -> int:
    """A number that changes whenever plan data is rebuilt or an upload is committed or rolled back."""
    row = cur.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
    return int(row[0]) if row else 0


def bump_data_version(cur: duckdb.DuckDBPyConnection) -> int:
    """Advance the data version (inside the transaction that changes data; ``write`` does it for you)."""
    v = data_version(cur) + 1
    cur.execute(
        "INSERT INTO meta VALUES ('data_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [str(v)],
    )
    return v


@contextmanager
def holding_lock(lock=None):
    """Hold the writer lock without a transaction (a backup reads a consistent database while it is held)."""
    with lock or WRITE_LOCK:
        yield


def write(con: duckdb.DuckDBPyConnection, fn: Callable[[duckdb.DuckDBPyConnection], T], *, commit: bool = True,
          bump: bool = True, lock=None, event: Event | None = None) -> T:
    """Run ``fn(cur)`` in one transaction under the writer lock and return what it returns.

    commit=True: store the events (``event`` and those ``fn`` tracked), bump the data version and commit (any
    exception rolls back and propagates; ``Rollback(value)`` rolls back and returns ``value``). commit=False: always
    roll back — for previews computed on ``cur``; no event is stored. bump=False: commit without a new data version
    (upkeep that changes no figure, e.g. refreshing derived rows). ``lock``: the writer lock (default: one per
    process; tests pass their own). The cursor is taken before the lock: opening a shared connection may itself
    write (schema upkeep) and must not wait for this write."""
    with con.cursor() as cur, lock or WRITE_LOCK:
        cur.execute("BEGIN TRANSACTION")
        pending, token = events_mod.begin()
        if event is not None:
            pending.append(event)
        try:
            result = fn(cur)
        except Rollback as r:
            cur.execute("ROLLBACK")
            return r.value
        except BaseException:
            with suppress(Exception):
                cur.execute("ROLLBACK")
            raise
        finally:
            events_mod.end(token)
        try:
            if commit:
                events_mod.store(cur, pending)
                if bump:
                    bump_data_version(cur)
                cur.execute("COMMIT")
            else:
                cur.execute("ROLLBACK")
        except BaseException:
            with suppress(Exception):
                cur.execute("ROLLBACK")
            raise
        return result


def record_event(con: duckdb.DuckDBPyConnection, event: Event, *, lock=None) -> None:
    """Store one event on its own (a refused request changes nothing else). It bumps the data version, so pages
    that list events show it on their next run."""
    write(con, lambda cur: None, lock=lock, event=event)
