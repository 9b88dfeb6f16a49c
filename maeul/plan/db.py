"""Opening the DuckDB database: one path rule for the app and every command; a fresh file is built from data/.

DuckDB lets one process hold a database file read-write, or several hold it read-only, never both. So that staff can
run `python -m maeul …` while the dashboard serves:
- the dashboard holds the file only while it works: ``SharedConnection`` opens it on first use, shares it between
  Streamlit's threads (a cursor per query), and closes it once nobody has used it for ``idle`` seconds; its data
  version is read from the file's signature (size, time, inode of the file and its WAL) without opening it;
- a command opens the file read-only where it only reads, and retries for up to ``wait`` seconds while another
  process holds it; if it still cannot get in, ``DatabaseError("busy")`` says so in one line (the CLI exits 75).
A path that is a folder, or a file that is not a DuckDB database (a CSV, JSON, Parquet, XLSX …), is refused with
its own message instead of DuckDB silently opening an empty in-memory database.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from pathlib import Path

import duckdb

from maeul import ROOT
from maeul.i18n import t
from maeul.plan.build import build, ensure_user_tables
from maeul.plan.schema import PLAN_TABLES, USER_TABLES
from maeul.plan.write import data_version

DEFAULT_DB = ROOT / "var" / "maeul.duckdb"
DB_SUFFIXES = (".duckdb", ".db", ".ddb")
DEFAULT_WAIT = float(os.environ.get("MAEUL_DB_WAIT", "10"))  # seconds to wait while another process holds the file
_MAGIC = b"DUCK"     # bytes 8–11 of every DuckDB database file


class DatabaseError(Exception):
    """The database file cannot be used. ``code``: busy (another process holds it; try again), directory,
    bad_suffix, not_duckdb, missing, corrupt. ``message(lang)`` is one line for a person."""

    def __init__(self, code: str, path, detail: str = ""):
        super().__init__(f"{code}: {path} {detail}".strip())
        self.code, self.path, self.detail = code, str(path), detail

    @property
    def busy(self) -> bool:
        return self.code == "busy"

    def message(self, lang: str = "ko") -> str:
        return t(f"db.{self.code}", lang, path=self.path, detail=self.detail)


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: `path` if given, else $MAEUL_DB, else var/maeul.duckdb in the checkout."""
    if path:
        return Path(path)
    env = os.environ.get("MAEUL_DB")
    return Path(env) if env else DEFAULT_DB


def _file_kind(head: bytes) -> str:
    """What a non-DuckDB file looks like, for the message."""
    if head.startswith(b"PAR1"):
        return "Parquet"
    if head.startswith(b"PK"):
        return "ZIP/XLSX"
    if head.startswith(b"SQLite format 3"):
        return "SQLite"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "JSON"
    return "text/CSV" if head and all(32 <= b < 127 or b in (9, 10, 13) or b >= 128 for b in head) else "?"


def check_path(p: Path) -> None:
    """Refuse a folder, a name without a database suffix, and an existing file that is not a DuckDB database."""
    if p.is_dir():
        raise DatabaseError("directory", p)
    if p.suffix.lower() not in DB_SUFFIXES:
        raise DatabaseError("bad_suffix", p, ", ".join(DB_SUFFIXES))
    if p.exists() and p.stat().st_size > 0:
        try:
            with open(p, "rb") as fh:
                head = fh.read(16)
        except OSError as e:
            raise DatabaseError("corrupt", p, type(e).__name__) from None
        if head[8:12] != _MAGIC:
            raise DatabaseError("not_duckdb", p, _file_kind(head))


def _is_lock_conflict(e: Exception) -> bool:
    text = str(e)
    return "Could not set lock" in text or "Conflicting lock" in text


def open_file(p: Path, *, read_only: bool = False, wait: float = DEFAULT_WAIT) -> duckdb.DuckDBPyConnection:
    """duckdb.connect with the file's checks, retried while another process holds the file (up to ``wait``
    seconds, backing off from 50 ms to 0.5 s)."""
    check_path(p)
    deadline, pause = time.monotonic() + max(wait, 0.0), 0.05
    while True:
        try:
            return duckdb.connect(str(p), read_only=read_only)
        except duckdb.ConnectionException as e:
            if read_only and "different configuration" in str(e):
                # this process already holds the file read-write: share that (DuckDB allows one configuration per
                # file and process); the caller only reads
                return duckdb.connect(str(p))
            raise DatabaseError("corrupt", p, str(e).splitlines()[0][:200]) from None
        except duckdb.Error as e:
            if not _is_lock_conflict(e):
                raise DatabaseError("corrupt", p, str(e).splitlines()[0][:200]) from None
            if time.monotonic() >= deadline:
                raise DatabaseError("busy", p) from None
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def connect(path: str | os.PathLike | None = None, *, build_if_missing: bool = True, read_only: bool = False,
            wait: float = DEFAULT_WAIT) -> duckdb.DuckDBPyConnection:
    """Open (and on first use build) the database. `":memory:"` gives a fresh in-memory database.

    read_only=True opens an existing, up-to-date database for reading, shared with other readers (a missing file is
    built first, read-write). ``wait``: seconds to wait while another process holds the file."""
    if str(path) == ":memory:":
        con = duckdb.connect(":memory:")
        build(con)
        return con
    p = db_path(path)
    fresh = not p.exists()
    if fresh and not build_if_missing:
        raise DatabaseError("missing", p)
    if fresh:
        check_path(p)
        p.parent.mkdir(parents=True, exist_ok=True)
    if read_only and not fresh:
        con = open_file(p, read_only=True, wait=wait)
        if not _missing_tables(con, PLAN_TABLES + USER_TABLES):
            return con
        con.close()  # an empty or older file: bring it up to date read-write first
    con = open_file(p, wait=wait)
    try:
        if fresh or _missing_tables(con, PLAN_TABLES):  # a new file, or one written before a plan table existed
            build(con)
        else:
            ensure_user_tables(con)
    except BaseException:
        con.close()
        raise
    if read_only:
        con.close()
        return open_file(p, read_only=True, wait=wait)
    return con


def _missing_tables(con: duckdb.DuckDBPyConnection, names: list[str]) -> list[str]:
    """The tables of ``names`` the database does not have (yet)."""
    have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return [n for n in names if n not in have]


def file_signature(p: Path) -> tuple:
    """(inode, size, mtime in ns) of the database file and of its write-ahead log: any committed change, a
    checkpoint or a restored file changes it; reads do not."""
    out = []
    for f in (p, Path(str(p) + ".wal")):
        try:
            s = f.stat()
            out.append((s.st_ino, s.st_size, s.st_mtime_ns))
        except OSError:
            out.append(None)
    return tuple(out)


class SharedConnection:
    """One read-write connection to a database file, shared by a process's threads, opened when first needed and
    closed after ``idle`` seconds without use, so other processes (the command line) can open the file in between.

    Use it as a DuckDB connection through cursors: ``with shared.cursor() as cur: cur.execute(...)`` — the file stays
    open while any cursor is open. ``data_version()`` answers from the file signature while it is unchanged."""

    def __init__(self, path: str | os.PathLike, *, idle: float = 1.0, wait: float = 5.0):
        self.path = Path(path)
        self.idle, self.wait = idle, wait
        self._cond = threading.Condition()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._timer: threading.Timer | None = None
        self._version: tuple | None = None  # (file signature, data version)
        self.opened = 0  # how many times the file was opened (tests, diagnostics)

    # ---- lease
    def _acquire(self) -> duckdb.DuckDBPyConnection:
        with self._cond:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._con is None:
                # the first open builds or brings the file up to date; later ones (after an idle close) only open it
                self._con = (open_file(self.path, wait=self.wait) if self.opened
                             else connect(self.path, wait=self.wait))
                self.opened += 1
            self._users += 1
            return self._con

    def _release(self) -> None:
        with self._cond:
            self._users -= 1
            if self._users == 0 and self._con is not None:
                if self.idle <= 0:
                    self._close_locked()
                else:
                    self._timer = threading.Timer(self.idle, self._close_if_idle)
                    self._timer.daemon = True
                    self._timer.start()

    def _close_if_idle(self) -> None:
        with self._cond:
            if self._users == 0:
                self._close_locked()

    def _close_locked(self) -> None:
        """Close the file; first note its data version, and after closing its signature (closing checkpoints and so
        changes the file, but no other process could write while this one held it), so the next version check
        needs no reopening."""
        if self._con is None:
            return
        con, self._con = self._con, None
        try:
            with con.cursor() as cur:
                v = data_version(cur)
        except duckdb.Error:
            v = None
        con.close()
        self._version = None if v is None else (file_signature(self.path), v)

    def cursor(self) -> _LeasedCursor:
        """A cursor that keeps the file open until it is closed (or its ``with`` block ends)."""
        con = self._acquire()
        try:
            cur = con.cursor()
        except BaseException:
            self._release()
            raise
        return _LeasedCursor(cur, self)

    def close(self) -> None:
        """Close the file now if no cursor is open (the next cursor opens it again)."""
        with self._cond:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._users == 0:
                self._close_locked()

    @property
    def is_open(self) -> bool:
        return self._con is not None

    # ---- data version without opening the file
    def data_version(self) -> int:
        """The data version, read from the database only when the file signature changed since the last read."""
        sig = file_signature(self.path)
        cached = self._version
        if cached is not None and cached[0] == sig and sig[0] is not None:
            return cached[1]
        with self.cursor() as cur:
            v = data_version(cur)
        self._version = (file_signature(self.path), v)
        return v


class _LeasedCursor:
    """A DuckDB cursor holding a SharedConnection open; everything else is the cursor's own."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, owner: SharedConnection):
        self._cur = cur
        self._done = weakref.finalize(self, _finish, cur, owner)

    def __getattr__(self, name):
        return getattr(self._cur, name)

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        return self._cur

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._done()


def _finish(cur: duckdb.DuckDBPyConnection, owner: SharedConnection) -> None:
    try:
        cur.close()
    finally:
        owner._release()
