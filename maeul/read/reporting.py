"""The quarterly reporting calendar and who has reported: due dates, what each district (and the city) owes, and the
state of every (district, quarter) — on time, late, missing, open, not required.

The rules (README "보고 주기"):
- A quarter's report is due ``due_days`` after the quarter ends (or on ``due_date``), with ``grace_days`` of grace:
  data/reporting_calendar.csv, row '*' for every quarter, a row per quarter (e.g. 2020Q1) to change one.
- A district owes, for a year, the plan's yearly-schedule lines (primary and sub indicators) that have a district
  share of that year's target (progress gives the district a target); the city (서울시, district_code NULL) owes the
  citywide-only ones with a target that year. Goals (추진목표, e.g. 1-1-1-G2 = Σ 1-1-1) and 성과지표 (surveys) are
  not quarterly reports. Nothing owed → not_required.
- The first upload of a (district, quarter) is the earliest committed, non-sample actuals upload with a row for it.
  Up to the due date → on_time; after it → late (``in_grace`` while within the grace days). No upload: open until the
  due date, missing after it. Everything is judged as of a reference date ``today`` (default: today in Seoul);
  uploads after that date do not count yet.

Plain functions fn(con, ...) (the page-facing ones are listed in maeul.read.registry).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from maeul.plan.events import now_kst
from maeul.read import progress as progress_mod
from maeul.read.rules import FIRST_QUARTER, Quarter, all_quarters, parse_quarter

STATES = ("on_time", "late", "missing", "open", "not_required")
ON_TIME, LATE, MISSING, OPEN, NOT_REQUIRED = STATES
DEFAULT_DUE_DAYS = 20
DEFAULT_GRACE_DAYS = 10
CITY = None  # the city's own (citywide) rows

STATUS_COLUMNS = ["district_code", "district", "quarter", "year", "q", "due", "grace_end", "first_upload_at",
                  "state", "in_grace", "rows", "required", "approved", "approved_by", "approved_at"]


# --- the calendar ------------------------------------------------------------------------------------------------

def today_kst() -> dt.date:
    return now_kst().date()


def quarter_end(q: Quarter) -> dt.date:
    """The last day of a quarter (2021Q4 → 2021-12-31)."""
    first_next = dt.date(q.year + 1, 1, 1) if q.quarter == 4 else dt.date(q.year, 3 * q.quarter + 1, 1)
    return first_next - dt.timedelta(days=1)


def _calendar_rows(con) -> dict[str, tuple]:
    """quarter label ('*' = default) → (due_days, due_date, grace_days) from the reporting_calendar table."""
    with con.cursor() as cur:
        rows = cur.execute("SELECT quarter, due_days, due_date, grace_days FROM reporting_calendar").fetchall()
    return {str(q).strip().upper(): (d, dd, g) for q, d, dd, g in rows}


def due_dates(q: Quarter, rows: dict[str, tuple]) -> tuple[dt.date, dt.date]:
    """(due date, last day of grace) of a quarter under the calendar rows (see _calendar_rows)."""
    default = rows.get("*", (DEFAULT_DUE_DAYS, None, DEFAULT_GRACE_DAYS))
    days, date, grace = rows.get(q.label, default)
    if date is None and days is None:
        days, date = default[0] if default[0] is not None else DEFAULT_DUE_DAYS, default[1]
    grace = DEFAULT_GRACE_DAYS if grace is None else int(grace)
    due = date if date is not None else quarter_end(q) + dt.timedelta(days=int(days))
    if isinstance(due, dt.datetime):
        due = due.date()
    return due, due + dt.timedelta(days=grace)


def calendar(con) -> pd.DataFrame:
    """Every plan quarter with its end, due date and last day of grace."""
    rows = _calendar_rows(con)
    out = []
    for q in all_quarters():
        due, grace_end = due_dates(q, rows)
        out.append({"quarter": q.label, "year": q.year, "q": q.quarter, "quarter_end": quarter_end(q), "due": due,
                    "grace_end": grace_end})
    return pd.DataFrame(out)


def current_quarter(today: dt.date | None = None) -> str:
    """The quarter being reported on ``today``: the latest plan quarter that has ended (the first one before the
    plan's first quarter ends; the last one after the plan)."""
    today = today or today_kst()
    ended = [q for q in all_quarters() if quarter_end(q) < today]
    return ended[-1].label if ended else FIRST_QUARTER.label


def state_for(required: bool, due: dt.date, grace_end: dt.date, first_upload_at, today: dt.date) -> tuple[str, bool]:
    """(state, in_grace) of one (district, quarter): see the module's rules. ``first_upload_at`` (a datetime or
    None) must already leave out uploads after ``today``."""
    if not required:
        return NOT_REQUIRED, False
    if first_upload_at is None or pd.isna(first_upload_at):
        return (OPEN, False) if today <= due else (MISSING, False)
    day = pd.Timestamp(first_upload_at).date()
    if day <= due:
        return ON_TIME, False
    return LATE, day <= grace_end


# --- what is owed --------------------------------------------------------------------------------------------------

REPORTED_ROLES = ("primary", "sub")  # the plan's 연차별 추진계획 lines; goals (추진목표) and 성과지표 are sums of
#                                     them or yearly surveys, not quarterly reports


def _has_target(df: pd.DataFrame) -> pd.Series:
    """Indicators owed for the year: a yearly-schedule line (primary or sub) with a target (or stage) in it."""
    return df["role"].isin(REPORTED_ROLES) & (df["target"].notna() | df["target_stage"].notna())


_REQUIRED: dict[tuple, dict] = {}  # (year, plan signature) → required_indicators(); plan data only


def required_indicators(con, year: int) -> dict[str | None, tuple[str, ...]]:
    """{CITY: citywide-only indicators with a target in ``year``, '*': indicators every district owes (a district
    share of that year's target)}, each in plan order. Depends on plan data only (kept per plan signature)."""
    key = (int(year), _plan_signature(con))
    if key not in _REQUIRED:
        if len(_REQUIRED) > 64:
            _REQUIRED.clear()
        _REQUIRED[key] = _required(con, int(year))
    return dict(_REQUIRED[key])


def _plan_signature(con) -> tuple:
    with con.cursor() as cur:
        return tuple(cur.execute(
            "SELECT (SELECT count(*) || ':' || coalesce(sum(hash(indicator_code, year, value, stage)), 0) FROM target), "
            "(SELECT coalesce(sum(hash(code, scope, district_basis, seq)), 0) FROM indicator), "
            "(SELECT coalesce(sum(hash(code, dong_count)), 0) FROM district)").fetchone())


def _required(con, year: int) -> dict:
    q = f"{year}Q4"
    city = progress_mod.progress(con, q, None)
    city_codes = tuple(city.loc[(city["scope"] == "citywide") & _has_target(city), "code"])
    with con.cursor() as cur:
        first = cur.execute("SELECT min(code) FROM district").fetchone()[0]
    dist = progress_mod.progress(con, q, first, "dong")
    dist_codes = tuple(dist.loc[(dist["scope"] != "citywide") & _has_target(dist), "code"])
    return {CITY: city_codes, "*": dist_codes}


def owes(required: dict, district_code: str | None) -> tuple[str, ...]:
    """The indicators a district (or CITY) owes, from required_indicators()."""
    return required[CITY] if district_code is None else required["*"]


# --- who has reported -----------------------------------------------------------------------------------------------

_FIRST_UPLOADS_SQL = """
SELECT a.district_code, a.year, a.quarter, min(u.uploaded_at) AS first_upload_at,
       count(DISTINCT a.indicator_code) AS rows
FROM actual a JOIN upload u USING (upload_id)
WHERE u.status = 'committed' AND NOT u.is_sample AND u.uploaded_at < $until
GROUP BY ALL
"""

_APPROVED_SQL = """
SELECT district_code, year, quarter, approved_by, approved_at FROM approval WHERE unlocked_at IS NULL
"""


def _districts(con) -> list[tuple[str | None, str]]:
    with con.cursor() as cur:
        rows = cur.execute("SELECT code, name_ko FROM district ORDER BY code").fetchall()
    return [(CITY, "서울시")] + [(c, n) for c, n in rows]


def _keyed(cur, sql: str, params: dict | None = None) -> dict[tuple, tuple]:
    """{(district_code, year, quarter): the other columns} of a query whose first three columns are that key."""
    out = {}
    for r in cur.execute(sql, params or {}).fetchall():
        out[(r[0], int(r[1]), int(r[2]))] = r[3:]
    return out


def reporting_status(con, quarter: str | None = None, today: dt.date | None = None,
                     districts: tuple | None = None) -> pd.DataFrame:
    """One row per (district, quarter) — the city first (district_code None) — for one quarter or (quarter None)
    every plan quarter, as of ``today``: the columns of STATUS_COLUMNS. ``districts``: a tuple of codes to keep
    (None = every district and the city; include None in the tuple for the city)."""
    today = today or today_kst()
    until = dt.datetime.combine(today + dt.timedelta(days=1), dt.time())
    quarters = [parse_quarter(quarter)] if quarter else all_quarters()
    cal = _calendar_rows(con)
    with con.cursor() as cur:
        first = _keyed(cur, _FIRST_UPLOADS_SQL, {"until": until})
        approved = _keyed(cur, _APPROVED_SQL)
    names = [(c, n) for c, n in _districts(con) if districts is None or c in set(districts)]
    required = {y: required_indicators(con, y) for y in sorted({q.year for q in quarters})}
    rows = []
    for q in quarters:
        due, grace_end = due_dates(q, cal)
        for code, name in names:
            n_required = len(owes(required[q.year], code))
            fu, n_rows = first.get((code, q.year, q.quarter), (None, 0))
            state, in_grace = state_for(n_required > 0, due, grace_end, fu, today)
            ap = approved.get((code, q.year, q.quarter))
            rows.append({"district_code": code, "district": name, "quarter": q.label, "year": q.year,
                         "q": q.quarter, "due": due, "grace_end": grace_end, "first_upload_at": fu, "state": state,
                         "in_grace": in_grace, "rows": int(n_rows), "required": n_required,
                         "approved": ap is not None, "approved_by": ap[0] if ap else None,
                         "approved_at": ap[1] if ap else None})
    return _object_codes(pd.DataFrame(rows, columns=STATUS_COLUMNS))


def on_time_counts(status: pd.DataFrame) -> pd.DataFrame:
    """Per district (the city first, then as ``status`` lists them): how many quarters of ``status``
    (reporting_status rows) were on time, late, missing, open and not required, the quarters that were due
    (on time + late + missing) and the on-time share of those (None when none was due)."""
    cols = ["district_code", "district", *STATES, "due_quarters", "on_time_share"]
    counts: dict = {}
    for code, name, state in zip(status["district_code"], status["district"], status["state"]):
        row = counts.setdefault(code, {"district_code": code, "district": name, **{s: 0 for s in STATES}})
        row[state] += 1
    out = []
    for row in counts.values():
        due = row[ON_TIME] + row[LATE] + row[MISSING]
        out.append({**row, "due_quarters": due, "on_time_share": row[ON_TIME] / due if due else None})
    return _object_codes(pd.DataFrame(out, columns=cols))


def _object_codes(df: pd.DataFrame) -> pd.DataFrame:
    """district_code as plain objects, so the city's None stays None (not NaN)."""
    codes = df["district_code"].astype(object)
    df["district_code"] = codes.where(codes.notna(), None)
    return df


def reporting_grid(con, until_quarter: str, today: dt.date | None = None, districts: tuple | None = None
                   ) -> pd.DataFrame:
    """reporting_status for every plan quarter up to ``until_quarter`` (what the page's grid and the on-time counts
    are made of)."""
    last = parse_quarter(until_quarter)
    df = reporting_status(con, None, today, districts)
    return df[(df["year"] * 4 + df["q"] - 1) <= last.index].reset_index(drop=True)


def locked_periods(cur: duckdb.DuckDBPyConnection) -> dict[tuple[int, int, str | None], tuple[str, object]]:
    """{(year, quarter, district_code): (approved_by, approved_at)} of every approved — locked — period (inside a
    transaction: pass its cursor)."""
    return {(int(y), int(q), d): (by, at) for y, q, d, by, at in cur.execute(
        "SELECT year, quarter, district_code, approved_by, approved_at FROM approval WHERE unlocked_at IS NULL "
        "ORDER BY approval_id").fetchall()}
