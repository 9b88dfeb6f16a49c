"""Review of reported figures: which figures are verified (their periods approved), the explanations staff gave
(원인 and 대책) and progress with both joined in.

Rules (README "보고 주기"):
- A (quarter, district) — or the city's own rows — is approved while an approval row for it has no unlock; the
  period is then locked (maeul.upload.review and the upload path refuse changes to it).
- A progress figure is verified when every current uploaded row it is made of lies in an approved period: an annual
  figure the as-of year's rows up to the as-of quarter; a running total every row up to the as-of quarter; a level
  or stage the latest row (per district in scope). Citywide counts are made of the city's and every district's rows,
  citywide levels of the city's rows only (as progress counts them). Sample (예시) figures are never verified,
  published (공표) figures always are; no data → verified is None.
- The explanation of a figure is the latest one given for its indicator, the as-of quarter and its scope (the city's
  own for citywide figures; with several districts, each district's, named).

``review_columns(con, prog, as_of, district)`` adds ``verified`` and ``explanation`` to a progress frame (the CLI's
progress command and the page-facing queries use it); ``progress`` / ``progress_by_district`` here are what the
registry serves pages, with ``verified_only`` to keep only verified figures.
"""

from __future__ import annotations

import pandas as pd

from maeul.read import progress as progress_mod
from maeul.read.rules import NO_DATA, parse_quarter

SOURCE_UPLOAD, SOURCE_SAMPLE, SOURCE_PUBLISHED = "업로드", "예시", "공표"

# Progress columns about the plan (kept when a figure is hidden because it is not verified); every other column is
# about the actual and is emptied.
PLAN_SIDE = {"code", "name", "name_en", "role", "kind", "unit", "direction", "scope", "unit_project_code",
             "task_code", "strategy_code", "source_section", "district", "district_name", "as_of", "target",
             "target_stage", "expected", "expected_stage", "target_basis", "share", "ptd_target", "plan_total",
             "final_stage", "verified", "explanation"}

EXPLANATION_COLUMNS = ["explanation_id", "indicator_code", "district_code", "year", "quarter", "cause", "measure",
                       "measure_owner", "measure_due", "written_at", "user", "upload_id"]

# Per indicator (and district when grouped by district): are the rows of each window all approved, non-sample?
_VERIFY_SQL = """
WITH ap AS (SELECT DISTINCT year, quarter, district_code FROM approval WHERE unlocked_at IS NULL),
cur AS (
    SELECT c.indicator_code, c.district_code, {group} AS grp, c.year, c.year * 4 + c.quarter - 1 AS qi,
           (c.value IS NOT NULL OR c.stage IS NOT NULL) AS has_value,
           (NOT coalesce(c.is_sample, FALSE) AND ap.year IS NOT NULL) AS ok
    FROM actual_current c
    LEFT JOIN ap ON ap.year = c.year AND ap.quarter = c.quarter AND ap.district_code IS NOT DISTINCT FROM c.district_code
    WHERE c.year * 4 + c.quarter - 1 <= $qi AND {where}
),
win AS (
    SELECT indicator_code, grp, bool_and(ok) FILTER (WHERE year = $year) AS ok_year, bool_and(ok) AS ok_all
    FROM cur GROUP BY indicator_code, grp
),
lat AS (
    SELECT indicator_code, grp, bool_and(ok) AS ok_latest FROM (
        SELECT indicator_code, grp, arg_max(ok, qi) AS ok FROM cur WHERE has_value AND {latest_where}
        GROUP BY indicator_code, grp, district_code)
    GROUP BY indicator_code, grp
)
SELECT w.indicator_code, w.grp, w.ok_year, w.ok_all, l.ok_latest FROM win w LEFT JOIN lat l USING (indicator_code, grp)
"""


def _any_approval(con) -> bool:
    with con.cursor() as cur:
        return bool(cur.execute("SELECT count(*) FROM approval WHERE unlocked_at IS NULL").fetchone()[0])


def _codes(district) -> list[str] | None:
    if district is None:
        return None
    return [district] if isinstance(district, str) else sorted(set(district))


def verification(con, as_of: str, district=None, per_district: bool = False) -> dict[tuple, dict]:
    """{(indicator_code, group): {ok_year, ok_all, ok_latest}} for a scope: group None for one scope (citywide,
    a district or several), the district code with per_district=True (every district)."""
    q = parse_quarter(as_of)
    if not _any_approval(con):  # nothing approved: no uploaded figure is verified (the usual case early on)
        return {}
    codes = _codes(district)
    if per_district:
        group, where, latest_where = "c.district_code", "c.district_code IS NOT NULL", "TRUE"
    elif codes is None:
        group, where, latest_where = "''", "TRUE", "district_code IS NULL"
    else:
        group, where, latest_where = "''", "list_contains($codes, c.district_code)", "TRUE"
    sql = _VERIFY_SQL.format(group=group, where=where, latest_where=latest_where)
    params = {"qi": q.index, "year": q.year}
    if "$codes" in sql:
        params["codes"] = codes
    with con.cursor() as cur:
        rows = cur.execute(sql, params).fetchall()
    return {(c, None if g == "" else g): {"ok_year": oy, "ok_all": oa, "ok_latest": ol} for c, g, oy, oa, ol in rows}


def figure_verified(kind: str, source, checks: dict | None) -> bool | None:
    """Whether one progress figure is verified (see the module's rules) from its kind, source and verification()."""
    if not isinstance(source, str) or not source:
        return None
    if source == SOURCE_PUBLISHED:
        return True
    if source != SOURCE_UPLOAD or not checks:
        return False
    field = {"annual": "ok_year", "cumulative": "ok_all"}.get(kind, "ok_latest")
    return bool(checks.get(field))


# --- explanations ---------------------------------------------------------------------------------------------------

def explanation_text(cause, measure, owner=None, due=None) -> str | None:
    """'원인: … / 대책: … (담당: …, 기한: 2022-03-31)' — what exports, the CLI and briefings show; None when empty."""
    parts = []
    if _present(cause):
        parts.append(f"원인: {str(cause).strip()}")
    if _present(measure):
        extra = [f"담당: {str(owner).strip()}" if _present(owner) else "",
                 f"기한: {pd.Timestamp(due).date().isoformat()}" if _present(due) else ""]
        extra = [e for e in extra if e]
        parts.append(f"대책: {str(measure).strip()}" + (f" ({', '.join(extra)})" if extra else ""))
    return " / ".join(parts) or None


def _present(v) -> bool:
    try:
        if v is None or pd.isna(v):
            return False
    except (TypeError, ValueError):
        pass
    return str(v).strip() != ""


def explanations(con, as_of: str | None = None, district="*", code: str | None = None) -> pd.DataFrame:
    """The current explanation (the latest given) per (indicator, district, quarter), newest first.

    as_of: only that quarter (None = every quarter); district: '*' = every district and the city, None = the
    city's, a code or a tuple of codes; code: one indicator (None = all)."""
    where, params = ["TRUE"], {}
    if as_of is not None:
        q = parse_quarter(as_of)
        where.append("year = $year AND quarter = $q")
        params.update(year=q.year, q=q.quarter)
    if district is None:
        where.append("district_code IS NULL")
    elif district != "*":
        where.append("list_contains($codes, district_code)")
        params["codes"] = _codes(district)
    if code is not None:
        where.append("indicator_code = $code")
        params["code"] = code
    sql = ("SELECT explanation_id, indicator_code, district_code, year, quarter, cause, measure, measure_owner, "
           'measure_due, written_at, "user", upload_id FROM explanation WHERE explanation_id IN ('
           "SELECT max(explanation_id) FROM explanation "
           "GROUP BY indicator_code, district_code, year, quarter) AND " + " AND ".join(where)
           + " ORDER BY explanation_id DESC")
    with con.cursor() as cur:
        df = cur.execute(sql, params).df()
    codes = df["district_code"].astype(object)
    df["district_code"] = codes.where(codes.notna(), None)
    df["text"] = [explanation_text(*r) for r in zip(df["cause"], df["measure"], df["measure_owner"],
                                                    df["measure_due"])]
    return df


def _any_explanation(con, as_of: str) -> bool:
    q = parse_quarter(as_of)
    with con.cursor() as cur:
        return bool(cur.execute("SELECT count(*) FROM explanation WHERE year = ? AND quarter = ?",
                                [q.year, q.quarter]).fetchone()[0])


def _district_names(con) -> dict[str, str]:
    with con.cursor() as cur:
        return dict(cur.execute("SELECT code, name_ko FROM district").fetchall())


def _scope_explanations(con, as_of: str, district) -> dict[str, str]:
    """indicator code → the explanation text for the scope (see the module's rules)."""
    if not _any_explanation(con, as_of):
        return {}
    ex = explanations(con, as_of, district)
    ex = ex[ex["text"].notna()]
    if district is None or isinstance(district, str):
        return dict(zip(ex["indicator_code"], ex["text"]))
    names = _district_names(con)
    out: dict[str, list[str]] = {}
    for c, d, text in sorted(zip(ex["indicator_code"], ex["district_code"], ex["text"]), key=lambda r: (r[0], r[1])):
        out.setdefault(c, []).append(f"{names.get(d, d)}: {text}")
    return {c: " | ".join(v) for c, v in out.items()}


# --- progress with review -------------------------------------------------------------------------------------------

def review_columns(con, prog: pd.DataFrame, as_of: str, district=None) -> pd.DataFrame:
    """``prog`` (a progress() frame of that as-of quarter and scope) with ``verified`` (True / False / None when
    there is no data) and ``explanation`` (text, or None) added."""
    checks = verification(con, as_of, district)
    texts = _scope_explanations(con, as_of, district)
    out = prog.copy()
    out["verified"] = pd.Series([figure_verified(k, s, checks.get((c, None))) for c, k, s in
                                 zip(out["code"], out["kind"], out["source"])], index=out.index, dtype=object)
    out["explanation"] = pd.Series([texts.get(c) for c in out["code"]], index=out.index, dtype=object)
    return out


def keep_verified(prog: pd.DataFrame) -> pd.DataFrame:
    """Only verified figures: rows whose figure is not verified keep their plan side and lose their actual side
    (actual, rate, status … as if there were no data: status 자료 없음)."""
    out = prog.copy()
    hide = out["verified"].map(lambda v: v is False)
    if not hide.any():
        return out
    for col in out.columns:
        if col in PLAN_SIDE:
            continue
        if col == "status":
            out.loc[hide, col] = NO_DATA
        else:
            out[col] = out[col].astype(object)
            out.loc[hide, col] = None
    return out


def progress(con, as_of: str, district=None, basis: str = "dong", verified_only: bool = False) -> pd.DataFrame:
    """maeul.read.progress.progress with review_columns (and, with verified_only, keep_verified) — what pages read
    as the named query "progress"."""
    df = review_columns(con, progress_mod.progress(con, as_of, district=district, basis=basis), as_of, district)
    return keep_verified(df) if verified_only else df


def progress_by_district(con, as_of: str, basis: str = "dong", codes=None, verified_only: bool = False
                         ) -> pd.DataFrame:
    """maeul.read.progress.progress_by_district with ``verified`` and ``explanation`` per district row."""
    df = progress_mod.progress_by_district(con, as_of, basis=basis, codes=codes)
    checks = verification(con, as_of, per_district=True)
    texts = {}
    if _any_explanation(con, as_of):
        ex = explanations(con, as_of, "*")
        texts = {(c, d): t for c, d, t in zip(ex["indicator_code"], ex["district_code"], ex["text"]) if t}
    df["verified"] = pd.Series([figure_verified(k, s, checks.get((c, d))) for c, k, s, d in
                                zip(df["code"], df["kind"], df["source"], df["district"])], index=df.index,
                               dtype=object)
    df["explanation"] = pd.Series([texts.get((c, d)) for c, d in zip(df["code"], df["district"])], index=df.index,
                                  dtype=object)
    return keep_verified(df) if verified_only else df


def series_verified(con, code: str, district=None) -> pd.DataFrame:
    """Per quarter of one indicator's current rows in a scope (citywide: every row; a district or several: theirs):
    year, quarter, label, verified (all of that quarter's rows approved and not sample)."""
    codes = _codes(district)
    sql = """
        WITH ap AS (SELECT DISTINCT year, quarter, district_code FROM approval WHERE unlocked_at IS NULL)
        SELECT c.year, c.quarter, bool_and(NOT coalesce(c.is_sample, FALSE) AND ap.year IS NOT NULL) AS verified
        FROM actual_current c
        LEFT JOIN ap ON ap.year = c.year AND ap.quarter = c.quarter
             AND ap.district_code IS NOT DISTINCT FROM c.district_code
        WHERE c.indicator_code = $code AND ($codes IS NULL OR list_contains($codes, c.district_code))
        GROUP BY ALL ORDER BY c.year, c.quarter"""
    with con.cursor() as cur:
        df = cur.execute(sql, {"code": code, "codes": codes}).df()
    df["label"] = [f"{int(y)}Q{int(q)}" for y, q in zip(df["year"], df["quarter"])]
    return df[["year", "quarter", "label", "verified"]]


def approvals(con) -> pd.DataFrame:
    """Every approval, newest first, with the district's name (서울시 for the city's rows)."""
    with con.cursor() as cur:
        df = cur.execute(
            "SELECT a.approval_id, a.year, a.quarter, a.year || 'Q' || a.quarter AS period, a.district_code, "
            "coalesce(d.name_ko, '서울시') AS district, a.approved_at, a.approved_by, a.unlocked_at, a.unlocked_by, "
            "a.unlock_reason, a.unlocked_at IS NULL AS active FROM approval a LEFT JOIN district d "
            "ON d.code = a.district_code ORDER BY a.approval_id DESC").df()
    codes = df["district_code"].astype(object)
    df["district_code"] = codes.where(codes.notna(), None)
    return df


def review_counts(con) -> tuple[int, int]:
    """(current uploaded — not sample — actual rows, those of them not in an approved period): what the banner on
    every page says about provisional figures."""
    with con.cursor() as cur:
        row = cur.execute(
            "WITH ap AS (SELECT DISTINCT year, quarter, district_code FROM approval WHERE unlocked_at IS NULL) "
            "SELECT count(*), count(*) FILTER (WHERE ap.year IS NULL) FROM actual_current c LEFT JOIN ap "
            "ON ap.year = c.year AND ap.quarter = c.quarter AND ap.district_code IS NOT DISTINCT FROM c.district_code "
            "WHERE NOT coalesce(c.is_sample, FALSE)").fetchone()
    return int(row[0]), int(row[1])
