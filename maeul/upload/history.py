"""The history of a key (every row ever uploaded for it, and which one is current) and the name of a kind of
upload in words."""

from __future__ import annotations

import duckdb
import pandas as pd

from maeul.i18n import pick_pair
from maeul.upload.errors import IngestError
from maeul.upload.messages import KIND_LABELS
from maeul.upload.parse import district_lookup, resolve_district
from maeul.upload.spec import LOCKED_KINDS, TABLES

_KEY_ALIASES = {"indicator": "indicator_code", "district": "district_code", "line": "line_code",
                "type": "space_type"}


def history(con: duckdb.DuckDBPyConnection, kind: str, key: dict) -> pd.DataFrame:
    """Every row ever uploaded for a key (or for the keys matching a partial key), oldest first, with its upload and
    whether it is the current value. `key` uses table column names (indicator_code, district_code, year, quarter;
    line_code …; district_code, name); district_code None = citywide; a district name is resolved."""
    if kind not in TABLES:
        raise IngestError("unknown_kind_name", value=kind)
    table, keys, values = TABLES[kind]
    conds, params = [], []
    for k, v in (key or {}).items():
        col = _KEY_ALIASES.get(k, k)
        if col not in keys:
            raise IngestError("bad_history_key", value=k)
        if col == "district_code":
            if v is not None:
                ok, code = resolve_district(str(v), district_lookup(con))
                v = code if ok else str(v)
            if v is None:
                conds.append("t.district_code IS NULL")
                continue
        conds.append(f"t.{col} = ?")
        params.append(v)
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    partition = ", ".join(f"t.{k}" for k in keys)
    sql = f"""
        SELECT {', '.join(f't.{c}' for c in keys + values)}, t.upload_id, u.uploaded_at, u."user", u.file_name,
               u.status, u.is_sample,
               (u.status = 'committed' AND t.upload_id = max(CASE WHEN u.status = 'committed' THEN t.upload_id END)
                    OVER (PARTITION BY {partition})) AS current
        FROM {table} t JOIN upload u USING (upload_id)
        {where}
        ORDER BY {', '.join(f't.{k}' for k in keys)}, t.upload_id
    """
    with con.cursor() as cur:
        df = cur.execute(sql, params).df()
    df["current"] = df["current"].fillna(False).astype(bool)
    return df


def kind_label(kind: str | None, lang: str = "ko") -> str:
    """The kind in words (실적 · 예산 집행 · 공동체 공간, or English); an unknown kind as given."""
    if kind not in KIND_LABELS:
        return str(kind)
    ko, en = KIND_LABELS[kind]
    return pick_pair((ko, en), lang)



def upload_periods(con: duckdb.DuckDBPyConnection, upload_id: int) -> list[tuple]:
    """(year, quarter, district_code) of the rows an upload holds — what rolling it back touches (year and quarter
    None for a spaces list), sorted; [] for an unknown upload."""
    with con.cursor() as cur:
        row = cur.execute("SELECT kind FROM upload WHERE upload_id = ?", [int(upload_id)]).fetchone()
        if row is None or row[0] not in TABLES:
            return []
        table = TABLES[row[0]][0]
        cols = "year, quarter, district_code" if row[0] in LOCKED_KINDS else "NULL, NULL, district_code"
        rows = cur.execute(f"SELECT DISTINCT {cols} FROM {table} WHERE upload_id = ?", [int(upload_id)]).fetchall()
    return sorted(rows, key=lambda r: (r[0] or 0, r[1] or 0, r[2] or ""))
