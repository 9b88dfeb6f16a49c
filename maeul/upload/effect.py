"""What a pending upload would do to progress: before/after for the indicators it touches, in the districts its rows
are for (a 강남구 file: 강남구's progress; rows without a district: the city's), computed by inserting the validated
rows through the one write path with commit=False (always rolled back)."""

from __future__ import annotations

import duckdb
import pandas as pd

from maeul.plan.write import write
from maeul.read.progress import Direct, progress, progress_by_district
from maeul.upload.store import insert_rows
from maeul.upload.validate import Validated

COLUMNS = ["district", "code", "name", "name_en", "unit", "kind", "target", "expected", "actual", "actual_stage",
           "rate", "status", "source"]
AFTER = ["actual", "actual_stage", "rate", "status", "source"]


def file_districts(validated: Validated) -> list[str | None]:
    """The districts a file's rows are for (MOIS codes), the city's own rows (None) first."""
    if validated.rows.empty or "district_code" not in validated.rows.columns:
        return []
    codes = {None if pd.isna(c) else str(c) for c in validated.rows["district_code"]}
    return sorted(codes, key=lambda c: (c is not None, c or ""))


def file_quarter(validated: Validated) -> str | None:
    """The latest quarter a file reports ('2022Q4'), or None when it has no dated rows."""
    rows = validated.rows
    if rows.empty or not {"year", "quarter"} <= set(rows.columns):
        return None
    year, quarter = max(zip(rows["year"].astype(int), rows["quarter"].astype(int)))
    return f"{year}Q{quarter}"


def _measure(con, as_of: str, districts: list[str | None], codes: list[str], basis: str) -> pd.DataFrame:
    """Progress of `codes` as of `as_of` in each of `districts` (None = citywide), one frame with a district column."""
    parts = []
    if None in districts:
        parts.append(progress(con, as_of, district=None, basis=basis, previous=False).assign(district=None))
    codes_of = [d for d in districts if d is not None]
    if len(codes_of) == 1:
        parts.append(progress(con, as_of, district=codes_of[0], basis=basis, previous=False)
                     .assign(district=codes_of[0]))
    elif codes_of:  # one aggregate query for all districts, then the file's
        by = progress_by_district(con, as_of, basis=basis, codes=codes)
        parts.append(by[by["district"].isin(codes_of)])
    df = pd.concat(parts, ignore_index=True)
    return df[df["code"].isin(codes)]


def progress_effect(con: duckdb.DuckDBPyConnection, validated: Validated, as_of: str | None = None,
                    basis: str = "dong") -> pd.DataFrame:
    """Per (district, indicator) pair of the file's rows (district None = citywide): actual, rate and status as of
    `as_of` (default: the latest quarter in the file) now and after the upload (not committed); the district's
    target under `basis`. Ordered by district (the city first), then plan order.

    Empty frame for budget/space uploads or when nothing would change.
    """
    if validated.kind != "actuals" or validated.errors or validated.rows.empty:
        return pd.DataFrame()
    as_of = as_of or file_quarter(validated)
    codes = sorted(set(validated.rows["indicator_code"]))
    districts = file_districts(validated)
    before = _measure(con, as_of, districts, codes, basis)

    def insert_and_measure(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        # An id above every existing upload, so the previewed rows supersede current values as a commit would.
        uid = cur.execute("SELECT coalesce(max(upload_id), 0) + 1 FROM upload").fetchone()[0]
        cur.execute(
            """INSERT INTO upload (upload_id, uploaded_at, "user", file_name, sha256, kind, rows, encoding, status,
                                   is_sample) VALUES (?, now(), 'preview', 'preview', '', 'actuals', 0, '', 'committed',
                                   FALSE)""", [uid])
        insert_rows(cur, "actuals", validated.rows, uid)
        return _measure(Direct(cur), as_of, districts, codes, basis)

    after = write(con, insert_and_measure, commit=False)  # under the writer lock, always rolled back
    key = ["district", "code"]
    b = before[COLUMNS].astype({"district": object})
    a = after[key + AFTER].astype({"district": object}).rename(columns={c: f"{c}_after" for c in AFTER})
    out = b.merge(a, on=key, how="left")
    pairs = {(None if pd.isna(d) else str(d), c)
             for d, c in zip(validated.rows["district_code"], validated.rows["indicator_code"])}
    out = out[[(None if pd.isna(d) else d, c) in pairs for d, c in zip(out["district"], out["code"])]]
    order = {d: i for i, d in enumerate(districts)}
    out["_d"] = out["district"].map(lambda d: order[None if pd.isna(d) else d])
    return out.sort_values(["_d"], kind="stable").drop(columns="_d").reset_index(drop=True)
