"""Fixture builders for progress tests: a fresh in-memory database and actual rows written as one upload each.

Rows are written straight to the tables (not through ingest) so the progress tests do not depend on the upload
path; ingest has its own tests.
"""

from __future__ import annotations

import hashlib

import duckdb

from maeul.plan.db import connect
from maeul.plan.write import bump_data_version


def fresh_db() -> duckdb.DuckDBPyConnection:
    return connect(":memory:")


def add_actuals(con, rows: list[tuple], *, sample: bool = False, user: str = "test") -> int:
    """rows: (indicator_code, district_code|None, year, quarter, value|None, stage|None). Returns the upload id."""
    uid = con.execute("SELECT nextval('upload_seq')").fetchone()[0]
    digest = hashlib.sha256(repr((uid, rows)).encode()).hexdigest()
    con.execute(
        """INSERT INTO upload (upload_id, uploaded_at, "user", file_name, sha256, kind, rows, encoding, status,
                               is_sample) VALUES (?, now(), ?, 'fixture.csv', ?, 'actuals', ?, 'utf-8', 'committed', ?)""",
        [uid, user, digest, len(rows), sample])
    con.executemany(
        "INSERT INTO actual (indicator_code, district_code, year, quarter, value, stage, note, upload_id) "
        "VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
        [list(r) + [uid] for r in rows])
    bump_data_version(con)
    return uid
