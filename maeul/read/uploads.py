"""Reads of the upload tables: the upload list, the latest upload, the stored file, and whether any (sample) actual
rows are current. Plain functions fn(con, ...) (listed in maeul.read.registry)."""

from __future__ import annotations

import math

import duckdb
import pandas as pd

UPLOAD_COLUMNS = ["upload_id", "uploaded_at", "user", "file_name", "sha256", "kind", "rows", "encoding", "status",
                  "is_sample", "rolled_back_at", "rolled_back_by"]


def list_uploads(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every upload, newest first (without the raw bytes)."""
    with con.cursor() as cur:
        return cur.execute(
            'SELECT upload_id, uploaded_at, "user", file_name, sha256, kind, rows, encoding, status, is_sample, '
            "rolled_back_at, rolled_back_by FROM upload ORDER BY upload_id DESC"
        ).df()


def latest_upload(con: duckdb.DuckDBPyConnection) -> dict | None:
    """The newest committed upload as a dict (keys as in list_uploads), or None."""
    with con.cursor() as cur:
        df = cur.execute(
            'SELECT upload_id, uploaded_at, "user", file_name, sha256, kind, rows, encoding, status, is_sample, '
            "rolled_back_at, rolled_back_by FROM upload WHERE status = 'committed' ORDER BY upload_id DESC LIMIT 1"
        ).df()
    if df.empty:
        return None
    rec = df.iloc[0].to_dict()
    return {k: (None if (v is pd.NaT or (isinstance(v, float) and math.isnan(v))) else v) for k, v in rec.items()}


def has_sample_rows(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether any sample upload is committed (the app then labels figures as 예시)."""
    with con.cursor() as cur:
        return bool(cur.execute("SELECT count(*) FROM upload WHERE is_sample AND status = 'committed'")
                    .fetchone()[0])


def raw_bytes(con: duckdb.DuckDBPyConnection, upload_id: int) -> bytes | None:
    """The file exactly as uploaded."""
    with con.cursor() as cur:
        row = cur.execute("SELECT raw FROM upload WHERE upload_id = ?", [int(upload_id)]).fetchone()
    return None if row is None or row[0] is None else bytes(row[0])


def has_actuals(con: duckdb.DuckDBPyConnection) -> bool:
    """True while any actual row (uploaded or sample) is current."""
    with con.cursor() as cur:
        return bool(cur.execute("SELECT count(*) FROM actual_current").fetchone()[0])
