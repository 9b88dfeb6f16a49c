"""Opening the DuckDB database: one path rule for the app and every command."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from maeul import ROOT

DEFAULT_DB = ROOT / "var" / "maeul.duckdb"


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: `path` if given, else $MAEUL_DB, else var/maeul.duckdb in the checkout."""
    if path:
        return Path(path)
    env = os.environ.get("MAEUL_DB")
    return Path(env) if env else DEFAULT_DB


def connect(path: str | os.PathLike | None = None, *, build_if_missing: bool = True) -> duckdb.DuckDBPyConnection:
    """Open (and on first use build) the database. `":memory:"` gives a fresh in-memory database."""
    from maeul.build import build, ensure_user_tables

    if str(path) == ":memory:":
        con = duckdb.connect(":memory:")
        build(con)
        return con
    p = db_path(path)
    fresh = not p.exists()
    if fresh and not build_if_missing:
        raise FileNotFoundError(f"데이터베이스 파일이 없습니다: {p}")
    p.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(p))
    if fresh or not _has_table(con, "indicator"):
        build(con)
    else:
        ensure_user_tables(con)
    return con


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(row and row[0])


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A number that changes whenever plan data is rebuilt or an upload is committed or rolled back."""
    row = con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
    return int(row[0]) if row else 0


def bump_data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Advance the data version (call inside the transaction that changes data)."""
    v = data_version(con) + 1
    con.execute(
        "INSERT INTO meta VALUES ('data_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [str(v)],
    )
    return v
