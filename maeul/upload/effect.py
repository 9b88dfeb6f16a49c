"""What a pending upload would do to progress: before/after for the indicators it touches, computed by inserting
the validated rows through the one write path with commit=False (always rolled back)."""

from __future__ import annotations

import duckdb
import pandas as pd

from maeul.plan.write import write
from maeul.read.progress import Direct, progress
from maeul.upload.store import insert_rows
from maeul.upload.validate import Validated


def progress_effect(con: duckdb.DuckDBPyConnection, validated: Validated, as_of: str,
                    district=None) -> pd.DataFrame:
    """Per affected indicator: actual, rate and status as of `as_of` now and after the upload (not committed).

    Empty frame for budget/space uploads or when nothing would change.
    """
    if validated.kind != "actuals" or validated.errors or validated.rows.empty:
        return pd.DataFrame()
    codes = sorted(set(validated.rows["indicator_code"]))
    before = progress(con, as_of, district=district)

    def insert_and_measure(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        # An id above every existing upload, so the previewed rows supersede current values as a commit would.
        uid = cur.execute("SELECT coalesce(max(upload_id), 0) + 1 FROM upload").fetchone()[0]
        cur.execute(
            """INSERT INTO upload (upload_id, uploaded_at, "user", file_name, sha256, kind, rows, encoding, status,
                                   is_sample) VALUES (?, now(), 'preview', 'preview', '', 'actuals', 0, '', 'committed',
                                   FALSE)""", [uid])
        insert_rows(cur, "actuals", validated.rows, uid)
        return progress(Direct(cur), as_of, district=district)

    after = write(con, insert_and_measure, commit=False)  # under the writer lock, always rolled back
    cols = ["code", "name", "name_en", "unit", "kind", "target", "expected", "actual", "actual_stage", "rate",
            "status", "source"]
    b = before[before["code"].isin(codes)][cols].set_index("code")
    a = after[after["code"].isin(codes)][["code", "actual", "actual_stage", "rate", "status", "source"]].set_index(
        "code")
    out = b.join(a.add_suffix("_after")).reset_index()
    return out
