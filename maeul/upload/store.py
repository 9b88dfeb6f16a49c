"""Validated rows against the stored tables: what a commit would change (`preview`), and the writes — `commit`,
`rollback`, `remove_sample` — each one transaction through maeul.plan.write.write (the one write path).

Rows are only ever added. The current value of a key is the row of the latest committed upload (the `*_current`
views in maeul/plan/schema.py); a rollback only flips `upload.status`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from maeul.plan import schema
from maeul.plan.events import Event, track
from maeul.plan.write import Rollback, record_event, write
from maeul.read.reporting import locked_periods
from maeul.upload import review, spec
from maeul.upload.errors import IngestError, UploadError, make_error
from maeul.upload.reader import read_upload
from maeul.upload.spec import CURRENT_VIEW, TABLES
from maeul.upload.validate import Validated, validate

_KST = dt.timezone(dt.timedelta(hours=9))


@dataclass
class Preview:
    """What a commit would change. `rows` = validated rows + old values + `change` (new|superseding|unchanged)."""

    kind: str | None
    rows: pd.DataFrame
    counts: dict[str, int]
    indicator_codes: list[str]
    line_codes: list[str]


@dataclass
class CommitResult:
    upload_id: int | None
    rows: int
    duplicate: bool
    errors: list[UploadError]
    kind: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- preview ---------------------------------------------------------------------------------------------------

def _key_join(keys: list[str], a: str, b: str) -> str:
    return " AND ".join(f"{a}.{k} IS NOT DISTINCT FROM {b}.{k}" for k in keys)


def _isna(x) -> bool:
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _same(a, b) -> bool:
    na, nb = _isna(a), _isna(b)
    if na or nb:
        return na and nb
    if isinstance(a, (dt.date, dt.datetime)) or isinstance(b, (dt.date, dt.datetime)):
        return str(a)[:10] == str(b)[:10]
    return a == b


def preview(con: duckdb.DuckDBPyConnection, validated: Validated) -> Preview:
    """Compare validated rows with the current values: each row is new, superseding (its key has another current
    value) or unchanged. For actuals, `indicator_codes` lists the indicators a commit would change."""
    kind = validated.kind
    empty_counts = {"new": 0, "superseding": 0, "unchanged": 0}
    if kind is None or validated.errors or validated.rows.empty:
        return Preview(kind, pd.DataFrame(), empty_counts, [], [])
    table, keys, values = TABLES[kind]
    view = CURRENT_VIEW[kind]
    rows = validated.rows.reset_index()
    rows["_ord"] = range(len(rows))
    old_cols = list(values)
    with con.cursor() as cur:
        cur.register("_preview_rows", rows)
        try:
            # the current row of each key: the view names its upload, the table holds every column of that row
            old = cur.execute(
                f"SELECT r._ord, {', '.join(f't.{c} AS old_{c}' for c in old_cols)}, c.upload_id AS old_upload_id "
                f"FROM _preview_rows r JOIN {view} c ON {_key_join(keys, 'r', 'c')} "
                f"JOIN {table} t ON t.upload_id = c.upload_id AND {_key_join(keys, 't', 'c')}"
            ).df()
        finally:
            cur.unregister("_preview_rows")
    merged = rows.merge(old, on="_ord", how="left").sort_values("_ord")
    changes = []
    old_ids = merged["old_upload_id"].tolist() if "old_upload_id" in merged.columns else [None] * len(merged)
    pairs = [(merged[c].tolist(), merged[f"old_{c}"].tolist()) for c in old_cols]
    for i, oid in enumerate(old_ids):
        if oid is None or pd.isna(oid):
            changes.append("new")
        elif all(_same(new_v[i], old_v[i]) for new_v, old_v in pairs):
            changes.append("unchanged")
        else:
            changes.append("superseding")
    merged["change"] = changes
    merged = merged.drop(columns=["_ord"]).set_index("row")
    if "old_upload_id" in merged.columns:
        merged["old_upload_id"] = merged["old_upload_id"].astype("Int64")
    counts = {k: int((merged["change"] == k).sum()) for k in ("new", "superseding", "unchanged")}
    changed = merged[merged["change"] != "unchanged"]
    indicators = sorted(changed["indicator_code"].unique().tolist()) if kind == "actuals" else []
    lines = sorted(changed["line_code"].unique().tolist()) if kind == "budget" else []
    return Preview(kind, merged, counts, indicators, lines)


# --- commit and rollback ---------------------------------------------------------------------------------------

def _now() -> dt.datetime:
    """Seoul local time (KST, no daylight saving), stored without zone."""
    return dt.datetime.now(_KST).replace(tzinfo=None, microsecond=0)


def insert_rows(cur: duckdb.DuckDBPyConnection, kind: str, rows: pd.DataFrame, upload_id: int) -> None:
    df = rows.reset_index(drop=True)
    cur.register("_ingest_rows", df)
    try:
        if kind == "actuals":
            cur.execute("INSERT INTO actual SELECT indicator_code, district_code, year, quarter, value, stage, note, ? "
                        "FROM _ingest_rows", [upload_id])
        elif kind == "budget":
            cur.execute("INSERT INTO budget_execution SELECT line_code, district_code, year, quarter, amount_mn, note, "
                        "? FROM _ingest_rows", [upload_id])
        else:
            cur.execute("INSERT INTO space SELECT name, space_type, district_code, dong_code, address, lat, lon, "
                        "CAST(opened AS DATE), CAST(closed AS DATE), has_childcare_room, note, ? FROM _ingest_rows",
                        [upload_id])
    finally:
        cur.unregister("_ingest_rows")


_DUPLICATE_SQL = ("SELECT upload_id, kind FROM upload WHERE sha256 = ? AND status = 'committed' "
                  "ORDER BY upload_id LIMIT 1")


def _committed_upload_with(con: duckdb.DuckDBPyConnection, sha256: str) -> tuple[int, str] | None:
    """(upload_id, kind) of the oldest committed upload with these bytes."""
    with con.cursor() as cur:
        row = cur.execute(_DUPLICATE_SQL, [sha256]).fetchone()
    return None if row is None else (int(row[0]), row[1])


def commit(con: duckdb.DuckDBPyConnection, data: bytes, name: str, user: str, *,
           scope: set[str | None] | None = None, is_sample: bool = False, lock=None,
           confirm: bool = False) -> CommitResult:
    """Read, validate and store an uploaded file in one transaction. Any error → nothing written. The same bytes as
    an upload that is still committed → `duplicate=True` (upload_id = that upload) and nothing written.

    `scope`: district codes the user may write (None in the set = citywide); None = no restriction. A restricted
    user's file is checked against the scope before it is compared with stored uploads, so nobody learns the id of
    another district's upload. `confirm`: the user has seen the file's warnings (implausible values) and wants it
    stored anyway; without it a file with warnings is refused with the warnings as its errors.
    `lock`: serialises writers (default: one lock per process)."""
    data = bytes(data or b"")
    if scope is None and len(data) <= spec.MAX_UPLOAD_BYTES:  # the same bytes are committed: nothing to do
        dup = _committed_upload_with(con, hashlib.sha256(data).hexdigest())
        if dup is not None:
            return CommitResult(dup[0], 0, True, [], dup[1])
    read = read_upload(data, name)
    validated = validate(con, read, scope=scope)
    kind = validated.kind
    user = (user or "").strip()[:200] or "unknown"
    file_name = (read.name or "upload")[:255]
    if validated.errors:
        record_refusal(con, user, file_name, validated.errors, lock)
        return CommitResult(None, 0, False, validated.errors, kind)
    if validated.warnings and not confirm:  # implausible values the user has not confirmed: nothing stored
        return CommitResult(None, 0, False, validated.warnings, kind)
    counts: dict[str, int] = {}

    def store(cur: duckdb.DuckDBPyConnection) -> CommitResult:
        pv = preview(cur, validated)
        counts.update(pv.counts)
        dup = cur.execute(_DUPLICATE_SQL, [read.sha256]).fetchone()  # again, inside the transaction
        if dup is not None:
            raise Rollback(CommitResult(int(dup[0]), 0, True, [], kind))
        locked = lock_errors(cur, kind, validated.rows)  # an approval may have come after validate()
        if locked:
            raise Rollback(CommitResult(None, 0, False, locked, kind))
        upload_id = int(cur.execute("SELECT nextval('upload_seq')").fetchone()[0])
        was_fresh = schema.current_is_fresh(cur)
        uploaded_at = _now()
        cur.execute(
            'INSERT INTO upload (upload_id, uploaded_at, "user", file_name, sha256, kind, rows, encoding, status, '
            "is_sample, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'committed', ?, ?)",
            [upload_id, uploaded_at, user, file_name, read.sha256, kind, len(validated.rows), read.encoding,
             bool(is_sample), data],
        )
        insert_rows(cur, kind, validated.rows, upload_id)
        schema.fold_upload(cur, upload_id, was_fresh)  # the materialised current rows, same transaction
        for event in upload_events(pv, upload_id, file_name, user, is_sample):
            track(dataclasses.replace(event, at=uploaded_at))
        if kind == "actuals":
            review.insert_explanations(cur, explanations_of(validated.rows), user, upload_id, at=uploaded_at)
        return CommitResult(upload_id, len(validated.rows), False, [], kind, counts)

    result = write(con, store, lock=lock)
    if result.errors:
        record_refusal(con, user, file_name, result.errors, lock)
    return result


# --- the reporting cycle: locked periods, events, explanations ---------------------------------------------------

# Refusals recorded as 'refused' events: those for scope (who may do what). A file or rollback refused because its
# period is locked changes nothing at all, the audit trail included (the lock itself is an event already).
REFUSAL_CODES = ("outside_user_scope",)


def record_refusal(con, user: str, file_name: str, errors: list[UploadError], lock=None) -> bool:
    """A file refused for scope: a 'refused' event (nothing else is stored); True when one was recorded. commit()
    calls it; the upload page calls it once per file it shows such errors for (it validates before any commit)."""
    recorded = False
    for code in REFUSAL_CODES:
        errs = [e for e in errors if e.code == code]
        if errs:
            record_event(con, Event("refused", user, detail=f"upload {file_name}: {code} ({len(errs)}) — "
                                                            f"{errs[0].message_ko}"), lock=lock)
            recorded = True
    return recorded


def lock_errors(cur: duckdb.DuckDBPyConnection, kind: str | None, rows: pd.DataFrame) -> list[UploadError]:
    """One 'period_locked' error per approved (locked) (quarter, district) that ``rows`` would change."""
    if kind not in spec.LOCKED_KINDS or rows is None or rows.empty:
        return []
    locked = locked_periods(cur)
    hits: dict[tuple, list] = {}
    for n, y, q, d in zip(rows.index, rows["year"], rows["quarter"], rows["district_code"]):
        key = (int(y), int(q), d)
        if key in locked:
            hits.setdefault(key, []).append(n)
    names = dict(cur.execute("SELECT code, name_ko FROM district").fetchall())
    return [make_error("period_locked", int(lines[0]), None, f"{y}Q{q}", period=f"{y}Q{q}",
                       district=names.get(d, spec.CITYWIDE_LABEL), by=locked[(y, q, d)][0],
                       at=str(locked[(y, q, d)][1])[:16], count=len(lines))
            for (y, q, d), lines in hits.items()]


def explanations_of(rows: pd.DataFrame) -> list[review.Explanation]:
    """The explanations given in an actuals file's explanation columns (rows with a cause or a measure)."""
    if rows is None or rows.empty or "cause" not in rows.columns:
        return []
    given = _non_blank(rows["cause"])
    if "measure" in rows.columns:
        given |= _non_blank(rows["measure"])
    out = []
    for r in rows.loc[given.to_numpy()].to_dict("records"):  # only those rows: a 100k-row file has a handful
        if r.get("cause") or r.get("measure"):
            due = r.get("measure_due")
            out.append(review.Explanation(r["indicator_code"], r["district_code"], f"{r['year']}Q{r['quarter']}",
                                          r.get("cause"), r.get("measure"), r.get("measure_owner"),
                                          dt.date.fromisoformat(due) if due else None))
    return out


def _non_blank(col: pd.Series) -> pd.Series:
    """True where a text cell holds something (not None/NaN/'')."""
    return col.notna() & col.astype(str).str.len().gt(0)


_KEY_COLUMN = {"actuals": "indicator_code", "budget": "line_code", "spaces": "name"}
_VALUE_COLUMN = {"actuals": "value", "budget": "amount_mn", "spaces": "space_type"}


def _shown(rows: pd.DataFrame, pos, prefix: str, kind: str) -> list:
    """The value each row at positions ``pos`` shows (before: prefix 'old_'): the value, for a milestone its stage;
    None when missing. Plain Python values (the events are stored as JSON)."""
    vcol, scol = f"{prefix}{_VALUE_COLUMN[kind]}", f"{prefix}stage"
    vals = rows[vcol].iloc[pos].tolist() if vcol in rows.columns else [None] * len(pos)
    stages = rows[scol].iloc[pos].tolist() if kind == "actuals" and scol in rows.columns else [None] * len(pos)
    out = []
    for v, st in zip(vals, stages):
        if kind == "actuals" and (v is None or pd.isna(v)):
            v = st
        out.append(None if v is None or (isinstance(v, float) and pd.isna(v)) else v)
    return out


def upload_events(pv: Preview, upload_id: int, file_name: str, user: str, is_sample: bool) -> list[Event]:
    """The events of a committed upload: one 'upload' per (quarter, district) it touches, with the values it
    supersedes (before → after, by indicator/line, at most 200 an event); a sample upload is one 'sample_load'
    event. Built from column arrays: a 100k-row file touches ~500 (quarter, district) pairs."""
    rows = pv.rows
    if is_sample or rows.empty:
        return [Event("sample_load" if is_sample else "upload", user, scope="all", upload_id=upload_id,
                      detail=f"#{upload_id} {file_name}: {len(rows)}행")]
    kind = pv.kind
    rows = rows.reset_index(drop=True)
    quarterly = "quarter" in rows.columns and kind != "spaces"
    keys = ["year", "quarter", "district_code"] if quarterly else ["district_code"]
    change = rows["change"].to_numpy()
    names = rows[_KEY_COLUMN[kind]].astype(str).to_numpy()
    events = []
    for key, pos in rows.groupby(keys, dropna=False, sort=True).indices.items():
        key = key if isinstance(key, tuple) else (key,)
        district = None if pd.isna(key[-1]) else key[-1]
        quarter = f"{int(key[0])}Q{int(key[1])}" if quarterly else None
        ch = change[pos]
        counts = {c: int((ch == c).sum()) for c in ("new", "superseding", "unchanged")}
        sup = pos[ch == "superseding"][:200]
        before = dict(zip(names[sup].tolist(), _shown(rows, sup, "old_", kind)))
        after = dict(zip(names[sup].tolist(), _shown(rows, sup, "", kind)))
        events.append(Event(
            "upload", user, quarter, district, "city" if district is None else "district", upload_id=upload_id,
            before=before or None, after=after or None,
            detail=f"#{upload_id} {file_name}: {len(pos)}행 (새 값 {counts['new']}, 바뀐 값 "
                   f"{counts['superseding']}, 같은 값 {counts['unchanged']})"))
    return events


def _upload_districts(cur: duckdb.DuckDBPyConnection, kind: str, upload_id: int) -> set[str | None]:
    table = TABLES[kind][0]
    return {r[0] for r in cur.execute(f"SELECT DISTINCT district_code FROM {table} WHERE upload_id = ?",
                                      [upload_id]).fetchall()}


def rollback(con: duckdb.DuckDBPyConnection, upload_id: int, user: str, *,
             scope: set[str | None] | None = None, own_only: bool = False, lock=None) -> None:
    """Mark an upload rolled back: for every key it touched, the value before it is current again.

    scope: the districts the acting user may change (None = unrestricted); own_only: staff may roll back only
    uploads they made themselves (admins pass False)."""
    user = (user or "").strip()[:200] or "unknown"

    def mark(cur: duckdb.DuckDBPyConnection) -> None:
        row = cur.execute('SELECT status, kind, "user" FROM upload WHERE upload_id = ?', [int(upload_id)]).fetchone()
        if row is None:
            raise IngestError("upload_not_found", upload_id=upload_id)
        status, kind, owner = row
        if own_only and (owner or "").casefold() != user.casefold():
            raise IngestError("rollback_not_owner", upload_id=upload_id, owner=owner)
        if status != "committed":
            raise IngestError("already_rolled_back", upload_id=upload_id)
        if scope is not None and kind in TABLES and not _upload_districts(cur, kind, upload_id) <= set(scope):
            raise IngestError("rollback_outside_scope", upload_id=upload_id)
        periods = _upload_periods(cur, kind, upload_id)
        _refuse_locked_rollback(cur, periods, upload_id)
        was_fresh = schema.current_is_fresh(cur)
        cur.execute("UPDATE upload SET status = 'rolled_back', rolled_back_at = ?, rolled_back_by = ? "
                    "WHERE upload_id = ?", [_now(), user, int(upload_id)])
        schema.recompute_keys(cur, [int(upload_id)], was_fresh)
        for year, quarter, district in periods:
            track(Event("rollback", user, None if year is None else f"{year}Q{quarter}", district,
                        "city" if district is None else "district", upload_id=int(upload_id),
                        before="committed", after="rolled_back", detail=f"#{upload_id} {owner or ''}의 업로드를 되돌림"))

    try:
        write(con, mark, lock=lock)
    except IngestError as e:
        if e.code in ("rollback_outside_scope", "rollback_not_owner"):
            record_event(con, Event("refused", user, upload_id=int(upload_id),
                                    detail=f"rollback #{upload_id}: {e.code} — {e.message_ko}"), lock=lock)
        raise


def _upload_periods(cur: duckdb.DuckDBPyConnection, kind: str, upload_id: int) -> list[tuple]:
    """(year, quarter, district_code) of an upload's rows (year and quarter None for spaces), sorted."""
    if kind not in TABLES:
        return []
    table = TABLES[kind][0]
    cols = "year, quarter, district_code" if kind in spec.LOCKED_KINDS else "NULL, NULL, district_code"
    rows = cur.execute(f"SELECT DISTINCT {cols} FROM {table} WHERE upload_id = ?", [int(upload_id)]).fetchall()
    return sorted(rows, key=lambda r: (r[0] or 0, r[1] or 0, r[2] or ""))


def _refuse_locked_rollback(cur: duckdb.DuckDBPyConnection, periods: list[tuple], upload_id: int) -> None:
    locked = locked_periods(cur)
    for year, quarter, district in periods:
        if year is not None and (year, quarter, district) in locked:
            name = spec.CITYWIDE_LABEL if district is None else cur.execute(
                "SELECT name_ko FROM district WHERE code = ?", [district]).fetchone()[0]
            raise IngestError("rollback_period_locked", upload_id=upload_id, period=f"{year}Q{quarter}",
                              district=name)


def remove_sample(con: duckdb.DuckDBPyConnection, user: str, *, scope: set[str | None] | None = None,
                  lock=None) -> int:
    """Roll back every committed sample upload at once; returns how many. Sample data spans every district, so
    only an unrestricted (admin or operator) scope may remove it."""
    user = (user or "").strip()[:200] or "unknown"
    if scope is not None:
        err = IngestError("sample_admin_only")
        record_event(con, Event("refused", user, scope="all", detail=f"remove sample: {err.message_ko}"), lock=lock)
        raise err

    def mark(cur: duckdb.DuckDBPyConnection) -> int:
        ids = [r[0] for r in cur.execute(
            "SELECT upload_id FROM upload WHERE is_sample AND status = 'committed'").fetchall()]
        if not ids:
            raise Rollback(0)
        was_fresh = schema.current_is_fresh(cur)
        cur.execute("UPDATE upload SET status = 'rolled_back', rolled_back_at = ?, rolled_back_by = ? "
                    "WHERE is_sample AND status = 'committed'", [_now(), user])
        schema.recompute_keys(cur, ids, was_fresh)
        track(Event("sample_remove", user, scope="all", before="committed", after="rolled_back",
                    detail=f"예시 데이터 업로드 {len(ids)}건 되돌림: #{', #'.join(str(i) for i in ids)}"))
        return len(ids)

    return int(write(con, mark, lock=lock))

