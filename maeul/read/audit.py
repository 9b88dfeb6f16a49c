"""Reads of the audit trail (the ``event`` table, written by maeul.plan.write with every change)."""

from __future__ import annotations

import pandas as pd

EVENT_COLUMNS = ["event_id", "at", "user", "action", "quarter", "district_code", "district", "scope", "upload_id",
                 "indicator_code", "before", "after", "detail"]


def events(con, action: str | None = None, quarter: str | None = None, district="*", user: str | None = None,
           limit: int | None = None) -> pd.DataFrame:
    """Every event, newest first, filtered: action (None = all), quarter ('2021Q4'), district ('*' = any, None =
    the city's rows, a code), user (case-insensitive, exact). Columns: EVENT_COLUMNS (``at`` = when it happened,
    KST; ``district`` = the district's name, 서울시 for the city's rows, '' when the event is about no district)."""
    where, params = ["TRUE"], {}
    if action:
        where.append("e.action = $action")
        params["action"] = action
    if quarter:
        where.append("e.quarter = $quarter")
        params["quarter"] = quarter
    if district is None:
        where.append("e.district_code IS NULL AND e.scope = 'city'")
    elif district != "*":
        where.append("e.district_code = $district")
        params["district"] = district
    if user:
        where.append('lower(e."user") = lower($user)')
        params["user"] = user.strip()
    sql = ('SELECT e.event_id, e.occurred_at AS at, e."user", e.action, e.quarter, e.district_code, '
           "CASE WHEN e.district_code IS NOT NULL THEN coalesce(d.name_ko, e.district_code) "
           "WHEN e.scope = 'city' THEN '서울시' ELSE '' END AS district, e.scope, e.upload_id, e.indicator_code, "
           "e.before, e.after, e.detail FROM event e LEFT JOIN district d ON d.code = e.district_code WHERE "
           + " AND ".join(where) + " ORDER BY e.event_id DESC" + (" LIMIT $limit" if limit else ""))
    if limit:
        params["limit"] = int(limit)
    with con.cursor() as cur:
        df = cur.execute(sql, params).df()
    for col in ("district_code", "quarter", "indicator_code", "before", "after", "detail", "scope"):
        c = df[col].astype(object)
        df[col] = c.where(c.notna(), None)
    df["upload_id"] = pd.Series([None if pd.isna(v) else int(v) for v in df["upload_id"]], index=df.index,
                                dtype=object)  # plain ints, None when the event is about no upload
    return df[EVENT_COLUMNS]


def event_users(con) -> list[str]:
    """Everyone who appears in the audit trail, sorted."""
    with con.cursor() as cur:
        return [r[0] for r in cur.execute('SELECT DISTINCT "user" FROM event ORDER BY 1').fetchall()]
