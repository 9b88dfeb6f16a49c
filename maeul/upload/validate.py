"""A ReadResult checked against the plan: every cell of every row, all errors at once (up to MAX_ERRORS), and the
rows ready for the table of their kind when there are none.

- `validate(con, read, scope=...)` — scope = the district codes the user may write (None in the set = citywide).
  Besides errors, `Validated.warnings` lists actuals above PLAUSIBLE_FACTOR × their indicator's largest yearly target
  (or baseline): valid, but stored only when the user confirms (maeul.upload.store.commit(confirm=True)). Values of
  MAX_VALUE or more are errors.
- per kind: `_validate_actuals` (indicator codes, units, stages, citywide/district scope), `_validate_budget`
  (executable budget lines, amounts), `_validate_spaces` (types, 행정동 codes, coordinates inside Seoul, dates).
- the plan reference data they check against (`_Ref`, loaded once per file).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from maeul import PLAN_YEARS
from maeul.read.reporting import locked_periods
from maeul.upload.errors import UploadError, make_error
from maeul.upload.parse import (
    district_lookup,
    looks_like_date,
    norm_text,
    parse_date,
    parse_int,
    parse_number,
    parse_yes_no,
    resolve_district,
    stage_key,
)
from maeul.upload.reader import ReadResult
from maeul.upload.spec import (
    CITYWIDE_LABEL,
    COLUMNS,
    COUNT_UNITS,
    HEADERS_KO,
    LOCKED_KINDS,
    MAX_TEXT,
    ROW_COLUMNS,
    SEOUL_LAT,
    SEOUL_LON,
    SPACE_TYPES,
)

MAX_ERRORS = 1_000  # errors kept per file; the rest are counted in one `too_many_errors` entry
MAX_VALUE = 1e12  # no count, percentage or amount (백만원) of this plan comes near; beyond it a cell is an error
PLAUSIBLE_FACTOR = 10  # a value above 10× the larger of an indicator's largest yearly target and its baseline
# is implausible: kept as a warning that must be confirmed (the page's checkbox, the CLI's --force) before storing


@dataclass
class Validated:
    """Rows ready for the table of their kind (index = Excel row), every error found, and warnings: values that
    are valid but implausible (PLAUSIBLE_FACTOR), which a commit stores only when confirmed."""

    rows: pd.DataFrame
    errors: list[UploadError]
    kind: str | None
    read: ReadResult | None = None
    warnings: list[UploadError] = field(default_factory=list)


# --- the plan's reference data ------------------------------------------------------------------------------------

@dataclass
class _Ref:
    indicators: dict[str, dict]
    indicator_lookup: dict[str, str]
    stages: dict[str, list[str]]
    all_stages: set[str]
    district_lookup: dict[str, str]
    district_names: dict[str, str]
    lines: dict[str, str]
    line_lookup: dict[str, str]
    bounds: dict[str, float]  # indicator → the value above which an actual is implausible


def _load_ref(con: duckdb.DuckDBPyConnection) -> _Ref:
    with con.cursor() as cur:
        ind = cur.execute(
            "SELECT code, unit, target_kind, scope, name_ko FROM indicator").fetchall()
        stage_rows = cur.execute("SELECT indicator_code, stage FROM stage ORDER BY indicator_code, ord").fetchall()
        dist = cur.execute("SELECT code, name_ko FROM district").fetchall()
        lines = cur.execute("SELECT code, funding FROM budget_line").fetchall()
        bounds = cur.execute(
            "SELECT i.code, greatest(max(t.value), max(i.baseline)) * ? FROM indicator i "
            "LEFT JOIN target t ON t.indicator_code = i.code WHERE i.unit <> '%' GROUP BY i.code",
            [PLAUSIBLE_FACTOR]).fetchall()  # percentages are bounded by 100 already
    indicators = {c: {"unit": u, "target_kind": k, "scope": s, "name_ko": n} for c, u, k, s, n in ind}
    stages: dict[str, list[str]] = {}
    for code, st in stage_rows:
        stages.setdefault(code, []).append(st)
    return _Ref(
        indicators=indicators,
        indicator_lookup={c.upper(): c for c in indicators},
        stages=stages,
        all_stages={stage_key(s) for _, s in stage_rows},
        district_lookup=district_lookup(con),
        district_names={c: n for c, n in dist},
        lines={c: f for c, f in lines},
        line_lookup={c.upper(): c for c, _ in lines},
        bounds={c: float(b) for c, b in bounds if b is not None and b > 0},
    )


# --- helpers shared by the kinds ---------------------------------------------------------------------------------

class _Errors:
    """Collects errors up to MAX_ERRORS and counts the rest."""

    def __init__(self, initial: list[UploadError]):
        self.items = list(initial[:MAX_ERRORS])
        self.dropped = max(0, len(initial) - MAX_ERRORS)

    def add(self, err: UploadError) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append(err)
        else:
            self.dropped += 1

    def finish(self) -> list[UploadError]:
        out = list(self.items)
        if self.dropped:
            out.append(make_error("too_many_errors", shown=len(self.items), more=self.dropped))
        return out


def _rows_of(df: pd.DataFrame) -> list[dict]:
    """The rows of a text DataFrame as dicts (as DataFrame.to_dict('records'), much faster for 100k rows)."""
    cols = list(df.columns)
    return [dict(zip(cols, vals)) for vals in zip(*(df[c].tolist() for c in cols))]


def _label(col: str, read: ReadResult, kind: str) -> str:
    """The column name the user wrote (or the template's Korean header)."""
    if col in read.headers:
        return read.headers[col]
    return HEADERS_KO[kind][COLUMNS[kind].index(col)]


def _district_label(code: str | None, ref: _Ref) -> str:
    return CITYWIDE_LABEL if code is None else ref.district_names.get(code, code)


def _year_quarter(r: dict, n: int, kind: str, read: ReadResult, err: _Errors) -> tuple[int | None, int | None]:
    first, last = PLAN_YEARS[0], PLAN_YEARS[-1]
    year = quarter = None
    y = r["year"]
    if not y:
        err.add(make_error("missing_value", n, _label("year", read, kind), y))
    else:
        year = parse_int(y, ("년",))
        if year is None:
            err.add(make_error("bad_year", n, _label("year", read, kind), y, first=first, last=last))
        elif not first <= year <= last:
            err.add(make_error("year_out_of_range", n, _label("year", read, kind), y, first=first, last=last))
            year = None
    q = r["quarter"]
    if not q:
        err.add(make_error("missing_value", n, _label("quarter", read, kind), q))
    else:
        quarter = parse_int(q, ("분기", "q"))
        if quarter is None:
            err.add(make_error("bad_quarter", n, _label("quarter", read, kind), q))
        elif not 1 <= quarter <= 4:
            err.add(make_error("quarter_out_of_range", n, _label("quarter", read, kind), q))
            quarter = None
    return year, quarter


def _district(r: dict, n: int, kind: str, read: ReadResult, ref: _Ref, err: _Errors,
              scope: set[str | None] | None) -> tuple[bool, str | None]:
    raw = r["district"]
    ok, code = resolve_district(raw, ref.district_lookup)
    col = _label("district", read, kind)
    if not ok:
        err.add(make_error("unknown_district", n, col, raw))
        return False, None
    if scope is not None and code not in scope:
        err.add(make_error("outside_user_scope", n, col, _district_label(code, ref)))
        return False, code
    return True, code


def _text(r: dict, col: str, n: int, kind: str, read: ReadResult, err: _Errors) -> str | None:
    v = r.get(col, "")
    length = read.long_cells.get((n, col), len(v))  # a cell longer than spec.MAX_CELL_CHARS was read truncated
    if length > MAX_TEXT.get(col, MAX_TEXT["note"]):
        err.add(make_error("text_too_long", n, _label(col, read, kind), v[:50] + "…", length=length,
                           max=MAX_TEXT.get(col, MAX_TEXT["note"])))
    return v or None


def _code_hint(v: str) -> dict:
    if looks_like_date(v):
        return {"hint_ko": " (엑셀이 코드를 날짜로 바꾼 것 같습니다. 셀 서식을 '텍스트'로 하고 다시 입력해 주세요)"}
    return {}


def _lookup_code(raw: str, lookup: dict[str, str], unknown: str, n: int, column: str, err: _Errors) -> str | None:
    """A code cell → the canonical code, or None with a missing/unknown error (and a hint when Excel turned the
    code into a date)."""
    code = lookup.get(norm_text(raw).upper()) if raw else None
    if not raw:
        err.add(make_error("missing_value", n, column, raw))
    elif code is None:
        e = make_error(unknown, n, column, raw)
        hint = _code_hint(raw)
        if hint:
            e.message_ko += hint["hint_ko"]
            e.message_en += " (Excel may have turned the code into a date: format the cell as text)"
        err.add(e)
    return code


def _check_duplicate(key: tuple, n: int, seen: dict, err: _Errors, column: str, shown: str) -> None:
    if key in seen:
        err.add(make_error("duplicate_key", n, column, shown, first_row=seen[key], key=shown))
    else:
        seen[key] = n


# --- per kind ----------------------------------------------------------------------------------------------------

def _actual_value(r: dict, n: int, code: str, district: str | None, d_ok: bool, read: ReadResult, ref: _Ref,
                  err: _Errors) -> tuple[float | None, str | None]:
    """(value, stage) of an actuals row of a known indicator: its unit, stages and citywide/district scope checked."""
    kind = "actuals"
    value = stage = None
    raw_value = r["value"]
    col_val = _label("value", read, kind)
    info = ref.indicators[code]
    unit = info["unit"]
    stages = ref.stages.get(code, [])
    stages_text = ", ".join(stages) if stages else "-"
    if info["scope"] == "citywide" and district is not None:
        err.add(make_error("scope_citywide_only", n, _label("district", read, kind), r["district"],
                           indicator=code))
    elif info["scope"] == "district" and district is None and d_ok:
        err.add(make_error("scope_district_only", n, _label("district", read, kind), r["district"],
                           indicator=code))
    if not raw_value:
        err.add(make_error("missing_value", n, col_val, raw_value))
    elif info["target_kind"] == "milestone":
        num, _ = parse_number(raw_value, unit)
        match = [s for s in stages if stage_key(s) == stage_key(raw_value)]
        if match:
            stage = match[0]
        elif num is not None:
            err.add(make_error("number_for_milestone", n, col_val, raw_value, indicator=code,
                               stages=stages_text))
        else:
            err.add(make_error("unknown_stage", n, col_val, raw_value, indicator=code, stages=stages_text))
    else:
        num, percent = parse_number(raw_value, unit)
        if num is None:
            code_ = "stage_for_numeric" if stage_key(raw_value) in ref.all_stages else "not_a_number"
            err.add(make_error(code_, n, col_val, raw_value, indicator=code))
        elif num < 0:
            err.add(make_error("negative_value", n, col_val, raw_value))
        elif percent and unit != "%":
            err.add(make_error("percent_not_allowed", n, col_val, raw_value, indicator=code, unit=unit))
        elif unit == "%" and num > 100:
            err.add(make_error("percent_over_100", n, col_val, raw_value))
        elif num >= MAX_VALUE:
            err.add(make_error("value_too_large", n, col_val, raw_value, max=f"{MAX_VALUE:,.0f}"))
        elif unit in COUNT_UNITS and num != int(num):
            err.add(make_error("not_integer", n, col_val, raw_value, unit=unit))
        else:
            value = num
    return value, stage


def _validate_actuals(read: ReadResult, ref: _Ref, err: _Errors, scope) -> list[dict]:
    out = []
    seen: dict[tuple, int] = {}
    kind = "actuals"
    for n, r in zip(read.df.index, _rows_of(read.df)):
        before = len(err.items) + err.dropped
        year, quarter = _year_quarter(r, n, kind, read, err)
        d_ok, district = _district(r, n, kind, read, ref, err, scope)
        raw_code = r["indicator"]
        col_ind = _label("indicator", read, kind)
        code = _lookup_code(raw_code, ref.indicator_lookup, "unknown_indicator", n, col_ind, err)
        value = stage = None
        if code is not None:
            value, stage = _actual_value(r, n, code, district, d_ok, read, ref, err)
        note = _text(r, "note", n, kind, read, err)
        explanation = _explanation_cells(r, n, read, err)
        if code is not None and year is not None and quarter is not None and d_ok:
            shown = f"{code} / {_district_label(district, ref)} / {year}년 {quarter}분기"
            _check_duplicate((code, district, year, quarter), n, seen, err, col_ind, shown)
        if len(err.items) + err.dropped == before:
            out.append({"row": n, "indicator_code": code, "district_code": district, "year": year,
                        "quarter": quarter, "value": value, "stage": stage, "note": note, **explanation})
    return out


NO_EXPLANATION = {"cause": None, "measure": None, "measure_owner": None, "measure_due": None}


def _explanation_cells(r: dict, n: int, read: ReadResult, err: _Errors) -> dict:
    """The optional explanation of an actuals row (원인, 대책, 대책 담당, 대책 기한; maeul.upload.review stores it):
    texts within their length, the deadline a date, and a cause or a measure when anything is given."""
    kind = "actuals"
    if not (r.get("cause") or r.get("measure") or r.get("measure_owner") or r.get("measure_due")):
        return dict(NO_EXPLANATION)  # most rows: nothing to check
    out = {c: _text(r, c, n, kind, read, err) for c in ("cause", "measure", "measure_owner")}
    raw_due = r.get("measure_due", "")
    due = parse_date(raw_due) if raw_due else None
    if raw_due and due is None:
        err.add(make_error("bad_date", n, _label("measure_due", read, kind), raw_due))
    out["measure_due"] = due.isoformat() if due else None
    if (out["measure_owner"] or raw_due) and not (out["cause"] or out["measure"]):
        err.add(make_error("explanation_empty", n, _label("cause", read, kind), ""))
    return out


def _validate_budget(read: ReadResult, ref: _Ref, err: _Errors, scope) -> list[dict]:
    out = []
    seen: dict[tuple, int] = {}
    kind = "budget"
    for n, r in zip(read.df.index, _rows_of(read.df)):
        before = len(err.items) + err.dropped
        year, quarter = _year_quarter(r, n, kind, read, err)
        d_ok, district = _district(r, n, kind, read, ref, err, scope)
        raw_code = r["line"]
        col_line = _label("line", read, kind)
        code = _lookup_code(raw_code, ref.line_lookup, "unknown_budget_line", n, col_line, err)
        if code is not None and ref.lines[code] != "예산":
            err.add(make_error("budget_not_executable", n, col_line, raw_code, funding=ref.lines[code]))
            code = None
        raw_amount = r["amount"]
        col_amt = _label("amount", read, kind)
        amount = None
        if not raw_amount:
            err.add(make_error("missing_value", n, col_amt, raw_amount))
        else:
            num, percent = parse_number(raw_amount, "백만원")
            if num is None or percent:
                err.add(make_error("not_a_number", n, col_amt, raw_amount))
            elif num < 0:
                err.add(make_error("negative_value", n, col_amt, raw_amount))
            elif num >= MAX_VALUE:
                err.add(make_error("value_too_large", n, col_amt, raw_amount, max=f"{MAX_VALUE:,.0f}"))
            else:
                amount = num
        note = _text(r, "note", n, kind, read, err)
        if code is not None and year is not None and quarter is not None and d_ok:
            shown = f"{code} / {_district_label(district, ref)} / {year}년 {quarter}분기"
            _check_duplicate((code, district, year, quarter), n, seen, err, col_line, shown)
        if len(err.items) + err.dropped == before:
            out.append({"row": n, "line_code": code, "district_code": district, "year": year, "quarter": quarter,
                        "amount_mn": amount, "note": note})
    return out


def _coordinate(raw: str, n: int, col: str, err: _Errors) -> float | None:
    if not raw:
        err.add(make_error("missing_value", n, col, raw))
        return None
    t = norm_text(raw).replace(" ", "")
    if not re.fullmatch(r"[+-]?\d+(?:\.\d+)?", t):
        err.add(make_error("bad_coordinate", n, col, raw))
        return None
    return float(t)


def _dong(r: dict, n: int, district: str | None, read: ReadResult, ref: _Ref, err: _Errors) -> str | None:
    """The 10-digit 행정동 code of a space (optional), inside its district when that is known."""
    raw_dong = r["dong"]
    if not raw_dong:
        return None
    t = norm_text(raw_dong).replace(" ", "").removesuffix(".0")
    if not re.fullmatch(r"\d{10}", t):
        err.add(make_error("bad_dong_code", n, _label("dong", read, "spaces"), raw_dong))
    elif district is not None and not t.startswith(district):
        err.add(make_error("dong_not_in_district", n, _label("dong", read, "spaces"), raw_dong,
                           district=_district_label(district, ref)))
    else:
        return t
    return None


_BBOX = {"lat_min": SEOUL_LAT[0], "lat_max": SEOUL_LAT[1], "lon_min": SEOUL_LON[0], "lon_max": SEOUL_LON[1]}


def _lat_lon(r: dict, n: int, read: ReadResult, err: _Errors) -> tuple[float | None, float | None]:
    """Latitude and longitude inside Seoul (swapped ones are named as such)."""
    col_lat, col_lon = _label("lat", read, "spaces"), _label("lon", read, "spaces")
    lat = _coordinate(r["lat"], n, col_lat, err)
    lon = _coordinate(r["lon"], n, col_lon, err)
    if lat is not None and lon is not None:
        lat_in = SEOUL_LAT[0] <= lat <= SEOUL_LAT[1]
        lon_in = SEOUL_LON[0] <= lon <= SEOUL_LON[1]
        if not lat_in and not lon_in and SEOUL_LON[0] <= lat <= SEOUL_LON[1] and SEOUL_LAT[0] <= lon <= SEOUL_LAT[1]:
            err.add(make_error("latlon_swapped", n, col_lat, r["lat"], lat=r["lat"], lon=r["lon"]))
        else:
            if not lat_in:
                err.add(make_error("outside_seoul", n, col_lat, r["lat"], **_BBOX))
            if not lon_in:
                err.add(make_error("outside_seoul", n, col_lon, r["lon"], **_BBOX))
    return lat, lon


def _dates(r: dict, n: int, read: ReadResult, err: _Errors) -> dict[str, dt.date | None]:
    """{'opened': date or None, 'closed': date or None}; closed before opened is an error."""
    dates: dict[str, dt.date | None] = {}
    for col in ("opened", "closed"):
        raw = r[col]
        dates[col] = None
        if raw:
            d = parse_date(raw)
            if d is None:
                err.add(make_error("bad_date", n, _label(col, read, "spaces"), raw))
            dates[col] = d
    if dates["opened"] and dates["closed"] and dates["closed"] < dates["opened"]:
        err.add(make_error("closed_before_opened", n, _label("closed", read, "spaces"), r["closed"],
                           opened=r["opened"]))
    return dates


def _validate_spaces(read: ReadResult, ref: _Ref, err: _Errors, scope) -> list[dict]:
    out = []
    seen: dict[tuple, int] = {}
    kind = "spaces"
    types = {re.sub(r"\s+", "", t): t for t in SPACE_TYPES}
    for n, r in zip(read.df.index, _rows_of(read.df)):
        before = len(err.items) + err.dropped
        name = r["name"]
        col_name = _label("name", read, kind)
        if not name:
            err.add(make_error("missing_value", n, col_name, name))
        _text(r, "name", n, kind, read, err)
        raw_type = r["type"]
        space_type = types.get(re.sub(r"\s+", "", norm_text(raw_type)))
        if not raw_type:
            err.add(make_error("missing_value", n, _label("type", read, kind), raw_type))
        elif space_type is None:
            err.add(make_error("unknown_space_type", n, _label("type", read, kind), raw_type,
                               types=", ".join(SPACE_TYPES)))
        d_ok, district = _district(r, n, kind, read, ref, err, scope)
        if d_ok and district is None:
            err.add(make_error("space_needs_district", n, _label("district", read, kind), r["district"]))
            d_ok = False
        dong = _dong(r, n, district if d_ok else None, read, ref, err)
        address = _text(r, "address", n, kind, read, err)
        lat, lon = _lat_lon(r, n, read, err)
        dates = _dates(r, n, read, err)
        childcare = parse_yes_no(r["childcare"])
        if childcare is None:
            err.add(make_error("bad_yes_no", n, _label("childcare", read, kind), r["childcare"]))
        note = _text(r, "note", n, kind, read, err)
        if name and d_ok:
            shown = f"{_district_label(district, ref)} / {name}"
            _check_duplicate((district, name), n, seen, err, col_name, shown)
        if len(err.items) + err.dropped == before:
            out.append({"row": n, "name": name, "space_type": space_type, "district_code": district,
                        "dong_code": dong, "address": address, "lat": lat, "lon": lon,
                        "opened": dates["opened"].isoformat() if dates["opened"] else None,
                        "closed": dates["closed"].isoformat() if dates["closed"] else None,
                        "has_childcare_room": bool(childcare), "note": note})
    return out


def _check_period_locks(con: duckdb.DuckDBPyConnection, kind: str, rows: list[dict], read: ReadResult, ref: _Ref,
                        err: _Errors) -> None:
    """Rows that would change an approved — locked — (quarter, district): one error per period, at its first row,
    so the whole file is refused (maeul.upload.store checks again inside the transaction)."""
    if kind not in LOCKED_KINDS or not rows:
        return
    with con.cursor() as cur:
        locked = locked_periods(cur)
    hits: dict[tuple, list[int]] = {}
    for r in rows:
        key = (r["year"], r["quarter"], r["district_code"])
        if key in locked:
            hits.setdefault(key, []).append(r["row"])
    for (year, quarter, district), lines in sorted(hits.items(), key=lambda kv: kv[1][0]):
        by, at = locked[(year, quarter, district)]
        period = f"{year}Q{quarter}"
        err.add(make_error("period_locked", lines[0], _label("quarter", read, kind), period, period=period,
                           district=_district_label(district, ref), by=by, at=str(at)[:16], count=len(lines)))


# --- all together ------------------------------------------------------------------------------------------------

def _rows_frame(kind: str | None, rows: list[dict]) -> pd.DataFrame:
    """Checked rows as a typed frame of ROW_COLUMNS[kind] (index = Excel row)."""
    if kind is None:
        return pd.DataFrame()
    cols = ROW_COLUMNS[kind]
    df = pd.DataFrame(rows, columns=["row"] + cols)
    df = df.set_index("row")
    for c in ("year", "quarter"):
        if c in df.columns:
            df[c] = df[c].astype("int64")
    for c in ("value", "amount_mn", "lat", "lon"):
        if c in df.columns:
            df[c] = df[c].astype("float64")
    for c in df.columns:
        if c not in ("year", "quarter", "value", "amount_mn", "lat", "lon", "has_childcare_room"):
            df[c] = df[c].astype(object).where(df[c].notna(), None)
    if "has_childcare_room" in df.columns:
        df["has_childcare_room"] = df["has_childcare_room"].astype(bool)
    return df


def _implausible(rows: list[dict], read: ReadResult, ref: _Ref) -> list[UploadError]:
    """Warnings for actuals above their indicator's plausibility bound (at most MAX_ERRORS)."""
    out: list[UploadError] = []
    col = _label("value", read, "actuals")
    for r in rows:
        bound = ref.bounds.get(r["indicator_code"])
        if bound is not None and r["value"] is not None and r["value"] > bound and len(out) < MAX_ERRORS:
            out.append(make_error("implausible_value", r["row"], col, read.df.at[r["row"], "value"],
                                  indicator=r["indicator_code"], bound=f"{bound:,.0f}", factor=PLAUSIBLE_FACTOR))
    return out


def validate(con: duckdb.DuckDBPyConnection, read: ReadResult, *, scope: set[str | None] | None = None) -> Validated:
    """Check every row of `read` against the plan tables. `scope` = district codes the user may write (None in the
    set = citywide); scope None = no restriction. Rows come back only when there are no errors at all."""
    err = _Errors(read.errors)
    kind = read.kind
    # without a required column (or with far too many rows) the cells are not worth checking one by one
    if kind is None or read.df.empty or any(e.code in ("too_many_rows", "missing_column") for e in read.errors):
        return Validated(_rows_frame(kind, []), err.finish(), kind, read)
    ref = _load_ref(con)
    fn = {"actuals": _validate_actuals, "budget": _validate_budget, "spaces": _validate_spaces}[kind]
    rows = fn(read, ref, err, scope)
    _check_period_locks(con, kind, rows, read, ref, err)
    errors = err.finish()
    warnings = _implausible(rows, read, ref) if kind == "actuals" and not errors else []
    return Validated(_rows_frame(kind, [] if errors else rows), errors, kind, read, warnings)
