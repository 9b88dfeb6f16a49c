"""Opening the DuckDB database: one path rule for the app and every command; a fresh file is built from data/."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from maeul import ROOT
from maeul.plan.build import build, ensure_user_tables
from maeul.plan.write import data_version  # noqa: F401 - the version is read wherever a connection is

DEFAULT_DB = ROOT / "var" / "maeul.duckdb"


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: `path` if given, else $MAEUL_DB, else var/maeul.duckdb in the checkout."""
    if path:
        return Path(path)
    env = os.environ.get("MAEUL_DB")
    return Path(env) if env else DEFAULT_DB


def connect(path: str | os.PathLike | None = None, *, build_if_missing: bool = True) -> duckdb.DuckDBPyConnection:
    """Open (and on first use build) the database. `":memory:"` gives a fresh in-memory database."""
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
