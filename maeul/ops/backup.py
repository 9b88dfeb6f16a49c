"""Backup and restore of the DuckDB database: `python -m maeul backup [DIR]`, `python -m maeul restore SRC`.

How a backup stays consistent while the app may be reading or writing
- `backup(con, dir)` (inside the app's process, e.g. an admin button): holds the writer lock of maeul.plan.write (no
  upload or rollback of this process runs meanwhile) and copies every table, view and sequence with
  `COPY FROM DATABASE` inside ONE read transaction — DuckDB's MVCC snapshot, so readers keep reading and the copy
  is the database as of one instant, never half an upload.
- `backup(path, dir)` (the command line): opens the file read-only. DuckDB locks a database file held read-write
  by another process, so while the dashboard runs this refuses with a clear message (stop the app, or use the
  in-app backup); when it is not running, nothing can change the file during the copy.
- Either way the copy goes to `<name>.partial` first, is checked (row count and content hash of every table and
  the next value of every sequence must equal the source's, taken in the same transaction), checkpointed, fsynced
  and only then renamed to its final name: a file called `maeul-*.duckdb` is always a complete backup.

Formats: a single DuckDB file (default; exact, fast), or with `--export` a folder written by `EXPORT DATABASE`
(schema.sql + load.sql + one Parquet file per table) that a later DuckDB version can read back. `restore`
accepts either.

Restore never touches the live file until the new one is complete: it builds `<db>.restore-tmp`, checks it
against the source, refuses if the target exists and `force` is not given, refuses if another process has the
target open (stop the dashboard first), keeps the previous file as `<db>.pre-restore-<time>.duckdb` (a hard
link, so no extra space), then swaps with an atomic rename.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from maeul.plan.db import _is_lock_conflict
from maeul.plan.write import holding_lock

# Tables a maeul database must have (a restore source without them is refused).
REQUIRED_TABLES = ("indicator", "district", "upload", "actual", "meta")



class BackupError(Exception):
    """A refused or failed backup/restore; the message says why and what to do."""


@dataclass
class Restored:
    db: Path
    previous: Path | None
    tables: int


# --- helpers ---------------------------------------------------------------------------------------------------

def _q(path: str | os.PathLike) -> str:
    """A path as an SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _unique(path: Path) -> Path:
    if not path.exists() and not _partial(path).exists():
        return path
    for i in range(2, 1000):
        p = path.with_name(f"{path.stem}-{i}{path.suffix}")
        if not p.exists() and not _partial(p).exists():
            return p
    raise BackupError(f"백업 파일 이름을 정할 수 없습니다 (cannot choose a backup name): {path}")


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        for p in (path, Path(str(path) + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def _fsync(path: Path) -> None:
    """Flush a file (or every file of a folder) and its folder entry to disk."""
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    for f in files:
        fd = os.open(f, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    with contextlib.suppress(OSError):
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_DAMAGED = ("corrupt", "checksum", "could not read enough bytes", "unexpected end", "invalid", "serializ",
            "failed to read", "truncated")


def _friendly(e: Exception, path: Path) -> BackupError:
    """The true reason in one line: held by another process (DuckDB's own lock-conflict wording, not any message
    that happens to contain 'lock'), not a DuckDB file, or damaged."""
    text = str(e)
    first = text.splitlines()[0][:200] if text else type(e).__name__
    low = text.lower()
    if _is_lock_conflict(e) or "already attached" in low:
        return BackupError(
            f"데이터베이스 파일을 다른 프로세스(실행 중인 대시보드 등)가 쓰고 있습니다: {path}. 잠시 후 다시 하거나, "
            f"앱 안의 백업을 쓰세요. (The database is open in another process, e.g. the running dashboard.) [{first}]")
    if "not a valid duckdb database" in low:
        return BackupError(f"DuckDB 데이터베이스 파일이 아닙니다 (not a DuckDB database file): {path}")
    if any(w in low for w in _DAMAGED):
        return BackupError(f"백업 파일이 손상되었습니다 — 다른 백업을 쓰세요 (the backup file is damaged; use another "
                           f"backup): {path} [{first}]")
    return BackupError(f"{path}: {first}")


def fingerprint(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> dict[str, tuple]:
    """{table: (row count, sum of row hashes)} for every base table of `catalog` (default: the current database),
    plus {'seq:<name>': (next value,)} for every sequence. Equal fingerprints = equal contents."""
    cat = catalog or con.execute("SELECT current_database()").fetchone()[0]
    out: dict[str, tuple] = {}
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main' "
        "AND NOT temporary ORDER BY table_name", [cat]).fetchall()]
    for t in tables:
        n, h = con.execute(
            f"SELECT count(*), coalesce(sum(hash(x)::HUGEINT), 0) FROM {_ident(cat)}.main.{_ident(t)} x").fetchone()
        out[t] = (int(n), int(h))
    for name, last, start, inc in con.execute(
            "SELECT sequence_name, last_value, start_value, increment_by FROM duckdb_sequences() "
            "WHERE database_name = ? AND schema_name = 'main'", [cat]).fetchall():
        out[f"seq:{name}"] = (int(start) if last is None else int(last) + int(inc),)
    return out


def _diff(a: dict, b: dict) -> list[str]:
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


# --- backup ----------------------------------------------------------------------------------------------------

def backup(con_or_path, out_dir: str | os.PathLike | None = None, *, export: bool = False, lock=None) -> Path:
    """Write a consistent copy of the database into `out_dir` (default: `backups/` beside the database file) and
    return its path: `maeul-YYYYmmdd-HHMMSS.duckdb`, or with `export=True` a folder `maeul-YYYYmmdd-HHMMSS/`
    written by EXPORT DATABASE (Parquet). `con_or_path`: an open connection (the app's; its writer lock is held
    during the copy) or a database file path (opened read-only; refused while another process has it open)."""
    from maeul.plan.db import db_path

    if not isinstance(con_or_path, (str, os.PathLike)):  # an open connection (the app's shared one)
        con, own, src_path = con_or_path, False, None
    else:
        src_path = db_path(con_or_path)
        if not src_path.is_file():
            raise BackupError(f"데이터베이스 파일이 없습니다 (no such database): {src_path}")
        con, own = duckdb.connect(":memory:"), True
    if out_dir is None:
        out_dir = (src_path or db_path()).parent / "backups"
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    final = _unique(out / (f"maeul-{_stamp()}" + ("" if export else ".duckdb")))
    tmp = _partial(final)
    _remove(tmp)
    try:
        with con.cursor() as cur, holding_lock(lock):  # the cursor first: opening may write
            if own:
                src_cat = f"maeul_src_{uuid.uuid4().hex[:12]}"
                try:
                    cur.execute(f"ATTACH {_q(src_path)} AS {src_cat} (READ_ONLY)")
                except duckdb.Error as e:
                    raise _friendly(e, src_path) from None
            else:
                src_cat = cur.execute("SELECT current_database()").fetchone()[0]
            try:
                before = _copy_out(cur, src_cat, tmp, export)
            finally:
                if own:
                    with contextlib.suppress(duckdb.Error):
                        cur.execute(f"DETACH {src_cat}")
        after = _read_fingerprint(tmp)
        bad = _diff(before, after)
        if bad:
            raise BackupError(f"백업 검증 실패 (the copy differs from the database): {', '.join(bad[:10])}")
        _fsync(tmp)
        os.replace(tmp, final)
        _fsync(final)
    except BaseException:
        _remove(tmp)
        raise
    finally:
        if own:
            con.close()
    return final


def _copy_out(cur: duckdb.DuckDBPyConnection, src_cat: str, tmp: Path, export: bool) -> dict:
    """Copy catalog `src_cat` to `tmp` in one transaction; returns the source's fingerprint in that snapshot."""
    dst = f"maeul_bk_{uuid.uuid4().hex[:12]}"
    if not export:
        cur.execute(f"ATTACH {_q(tmp)} AS {dst}")
    try:
        cur.execute("BEGIN TRANSACTION")
        try:
            before = fingerprint(cur, src_cat)
            if export:
                cur.execute(f"EXPORT DATABASE {_ident(src_cat)} TO {_q(tmp.resolve())} (FORMAT parquet)")
            else:
                cur.execute(f"COPY FROM DATABASE {_ident(src_cat)} TO {dst}")
            cur.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                cur.execute("ROLLBACK")
            raise
        if not export:
            cur.execute(f"CHECKPOINT {dst}")
    finally:
        if not export:
            with contextlib.suppress(duckdb.Error):
                cur.execute(f"DETACH {dst}")
    return before


def _open_copy(src: Path) -> tuple[duckdb.DuckDBPyConnection, str]:
    """A connection where `src` (a .duckdb file, read-only; or an EXPORT folder, imported in memory) is catalog
    `name`."""
    con = duckdb.connect(":memory:")
    try:
        if src.is_dir():
            if not (src / "schema.sql").is_file() or not (src / "load.sql").is_file():
                raise BackupError(f"EXPORT DATABASE 폴더가 아닙니다 (no schema.sql/load.sql): {src}")
            con.execute(f"IMPORT DATABASE {_q(src.resolve())}")
            return con, "memory"
        name = f"maeul_chk_{uuid.uuid4().hex[:12]}"
        con.execute(f"ATTACH {_q(src)} AS {name} (READ_ONLY)")
        return con, name
    except BaseException:
        con.close()
        raise


def _read_fingerprint(src: Path) -> dict:
    try:
        con, cat = _open_copy(src)
    except duckdb.Error as e:
        raise _friendly(e, src) from None
    try:
        return fingerprint(con, cat)
    finally:
        con.close()


# --- restore ---------------------------------------------------------------------------------------------------

def restore(src: str | os.PathLike, db_path: str | os.PathLike | None = None, force: bool = False) -> Restored:
    """Bring a backup (a .duckdb file or an EXPORT DATABASE folder) back as the database at `db_path` (default
    $MAEUL_DB or var/maeul.duckdb). Refuses to replace an existing database unless `force`; refuses while another
    process (the dashboard) has it open. The new file is built and checked beside the target, then swapped in
    with one atomic rename; the previous file is kept as `<name>.pre-restore-<time>.duckdb`."""
    from maeul.plan.db import db_path as default_db_path

    src = Path(src)
    target = default_db_path(db_path)
    if not src.exists():
        raise BackupError(f"백업이 없습니다 (no such backup): {src}")
    if target.exists() and not force:
        raise BackupError(f"{target} 이(가) 이미 있습니다. 덮어쓰려면 --force를 주세요 (exists; use --force to "
                          f"replace it — the current file is then kept as *.pre-restore-*.duckdb)")
    if src.resolve() == target.resolve():
        raise BackupError("백업과 대상이 같은 파일입니다 (source and target are the same file)")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".restore-tmp")
    _remove(tmp)
    try:
        try:
            expected = _build_copy(src, tmp)
        except duckdb.Error as e:  # damaged pages show up while copying, not only when opening
            raise _friendly(e, src) from None
        got = _read_fingerprint(tmp)
        bad = _diff(expected, got)
        if bad:
            raise BackupError(f"복원 검증 실패 (the restored copy differs from the backup): {', '.join(bad[:10])}")
        missing = [t for t in REQUIRED_TABLES if t not in got]
        if missing:
            raise BackupError(f"maeul 데이터베이스 백업이 아닙니다 (not a maeul backup; missing tables: "
                              f"{', '.join(missing)})")
        _fsync(tmp)
        previous = _set_aside(target) if target.exists() else None
        os.replace(tmp, target)
        _fsync(target)
    except BaseException:
        _remove(tmp)
        raise
    return Restored(target, previous, sum(1 for k in got if not k.startswith("seq:")))


def _build_copy(src: Path, tmp: Path) -> dict:
    """Write `src` into the new database file `tmp`; returns the source's fingerprint."""
    try:
        src_con, src_cat = _open_copy(src)
    except duckdb.Error as e:
        raise _friendly(e, src) from None
    try:
        expected = fingerprint(src_con, src_cat)
        dst = f"maeul_new_{uuid.uuid4().hex[:12]}"
        src_con.execute(f"ATTACH {_q(tmp)} AS {dst}")
        try:
            src_con.execute(f"COPY FROM DATABASE {_ident(src_cat)} TO {dst}")
            src_con.execute(f"CHECKPOINT {dst}")
        finally:
            src_con.execute(f"DETACH {dst}")
    finally:
        src_con.close()
    if Path(str(tmp) + ".wal").exists():
        raise BackupError(f"복원 파일에 WAL이 남았습니다 (unexpected WAL beside {tmp})")
    return expected


def _set_aside(target: Path) -> Path:
    """Make sure no other process has `target` open (and fold its WAL into it), then keep it under a new name."""
    try:
        duckdb.connect(str(target)).close()  # raises when another process holds the file; checkpoints its WAL
    except duckdb.Error as e:
        err = _friendly(e, target)
        if "다른 프로세스" in str(err):
            raise err from None
        # an unreadable (damaged) file: with --force it is replaced, and still kept aside below
    if Path(str(target) + ".wal").exists():
        raise BackupError(f"{target}.wal 이(가) 남아 있습니다: 대시보드를 멈췄는지 확인하세요 (a WAL file is left; "
                          f"is the dashboard still running?)")
    previous = _unique(target.with_name(f"{target.stem}.pre-restore-{_stamp()}{target.suffix}"))
    try:
        os.link(target, previous)
    except OSError:
        shutil.copy2(target, previous)
    return previous
