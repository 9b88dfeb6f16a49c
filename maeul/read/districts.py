"""Queries for the map (지도) and district (자치구 비교) pages: one value per 자치구 for a chosen measure, a
district fact sheet, spaces as of a quarter, and the GeoJSON-derived frames — plain functions fn(con, ...)
returning DataFrames, listed in maeul.read.registry (cached by data version like every other query). No Streamlit here.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from maeul.read import geo, queries, review
from maeul.read.rules import Quarter, parse_quarter

# Measures the map can colour districts by. unit None = the indicator's own unit; kind "rate" = a fraction
# shown as %. source: where the figure comes from (caption key map.source.<source>).
MEASURES: dict[str, dict] = {
    "ind_rate": {"unit": "%", "kind": "rate", "indicator": True, "source": "indicator"},
    "ind_actual": {"unit": None, "kind": "count", "indicator": True, "source": "indicator"},
    "ind_target": {"unit": None, "kind": "count", "indicator": True, "source": "indicator"},
    "dong_count": {"unit": "개", "kind": "count", "indicator": False, "source": "plan_tax_table"},
    "population": {"unit": "명", "kind": "count", "indicator": False, "source": "population"},
    "households": {"unit": "세대", "kind": "count", "indicator": False, "source": "population"},
    "tax_levied": {"unit": "백만원", "kind": "count", "indicator": False, "source": "plan_tax_table",
                   "stat": "resident_tax_individual_levied"},
    "tax_collected": {"unit": "백만원", "kind": "count", "indicator": False, "source": "plan_tax_table",
                      "stat": "resident_tax_individual_collected"},
    "tax_per_dong": {"unit": "백만원", "kind": "count", "indicator": False, "source": "plan_tax_table",
                     "stat": "resident_tax_individual_per_dong"},
    "spaces_total": {"unit": "개소", "kind": "count", "indicator": False, "source": "spaces"},
    "spaces_per_10k": {"unit": "개소/만 명", "kind": "count", "indicator": False, "source": "spaces_population"},
    "childcare_rooms": {"unit": "개소", "kind": "count", "indicator": False, "source": "spaces"},
    "childcare_per_dong": {"unit": "개소/동", "kind": "count", "indicator": False, "source": "spaces"},
}

MEASURE_COLUMNS = ["district_code", "district_name", "district_name_en", "value", "unit", "detail", "source"]


def _quarter_end(q: Quarter) -> dt.date:
    month = q.quarter * 3
    nxt = dt.date(q.year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _base(con) -> pd.DataFrame:
    d = queries.districts(con)
    return d.rename(columns={"code": "district_code", "name_ko": "district_name", "name_en": "district_name_en"})


# ------------------------------------------------------------------ boundaries (GeoJSON-derived)

def geo_districts(con=None) -> pd.DataFrame:
    """seoul_gu.geojson as a table (code, names, area, 동 수 per version, label point, bounds)."""
    return geo.gu_frame()


def geo_dongs(con=None, district: str | None = None) -> pd.DataFrame:
    """행정동 (2021 boundaries, 425) with 2021Q2 주민등록인구, for one district or all."""
    return geo.dong_frame(district)


def geo_attribution(con=None) -> str:
    """The boundary files' required attribution (data/geo/ATTRIBUTION.md, its quoted block) as Markdown."""
    return geo.attribution_text()


# ------------------------------------------------------------------ spaces

def spaces_as_of(con, as_of: str | None = None, district: str | None = None) -> pd.DataFrame:
    """Spaces open at the end of the as-of quarter (opened ≤ quarter end, not closed by then; no opening date =
    counted), from space_current (uploaded list, or sample rows flagged is_sample). as_of None = open today."""
    end = _quarter_end(parse_quarter(as_of)) if as_of else None
    with con.cursor() as cur:
        return cur.execute("""
            SELECT s.district_code, d.name_ko AS district_name, d.name_en AS district_name_en, s.name, s.space_type,
                   s.dong_code, s.address, s.lat, s.lon, s.opened, s.closed, s.has_childcare_room, s.is_sample,
                   s.upload_id
            FROM space_current s JOIN district d ON d.code = s.district_code
            WHERE ($d IS NULL OR s.district_code = $d)
              AND (CASE WHEN $end IS NULL THEN s.closed IS NULL
                        ELSE (s.opened IS NULL OR s.opened <= $end) AND (s.closed IS NULL OR s.closed > $end) END)
            ORDER BY s.district_code, s.space_type, s.name""", {"d": district, "end": end}).df()


def space_summary(con, as_of: str | None = None) -> pd.DataFrame:
    """Per district: spaces open as of the quarter, by type, 열린육아방, and whether any row is sample (예시)."""
    sp = spaces_as_of(con, as_of)
    base = _base(con)[["district_code", "district_name", "district_name_en", "dong_count", "pop_total_2021q2"]]
    if sp.empty:
        out = base.assign(spaces_total=0, childcare_rooms=0, is_sample=False)
        return out
    piv = sp.pivot_table(index="district_code", columns="space_type", values="name", aggfunc="count", fill_value=0)
    piv.columns = [f"type:{c}" for c in piv.columns]
    agg = sp.groupby("district_code").agg(spaces_total=("name", "count"),
                                          childcare_rooms=("has_childcare_room", "sum"),
                                          is_sample=("is_sample", "any"))
    out = base.merge(agg, left_on="district_code", right_index=True, how="left")
    out = out.merge(piv, left_on="district_code", right_index=True, how="left")
    num = [c for c in out.columns if c.startswith("type:")] + ["spaces_total", "childcare_rooms"]
    out[num] = out[num].fillna(0).astype(int)
    out["is_sample"] = out["is_sample"].fillna(False).astype(bool)
    return out


def spaces_status(con) -> dict:
    """{'n': current spaces, 'n_sample': of which sample} — to tell "none uploaded" from "sample only"."""
    with con.cursor() as cur:
        n, n_sample = cur.execute(
            "SELECT count(*), count(*) FILTER (WHERE is_sample) FROM space_current WHERE closed IS NULL").fetchone()
    return {"n": int(n or 0), "n_sample": int(n_sample or 0)}


# ------------------------------------------------------------------ district facts

def district_facts(con) -> pd.DataFrame:
    """One row per 자치구: 동 수 (plan), 2021 행정동 수 (GeoJSON), area, 2021Q2 인구·세대·65세 이상, and the 2016
    주민세 개인균등분 부과/징수/동별 배분 (백만원) from the plan's table."""
    base = _base(con)
    stats = queries.district_stats(con)
    for key in ("tax_levied", "tax_collected", "tax_per_dong"):
        st = stats[(stats["stat"] == MEASURES[key]["stat"]) & stats["district_code"].notna()]
        base = base.merge(st[["district_code", "value"]].rename(columns={"value": key}), on="district_code",
                          how="left")
    gu = geo.gu_frame()[["district_code", "dong_count_2021_04"]]
    base = base.drop(columns=[c for c in ("dong_count_2021_04",) if c in base.columns]).merge(
        gu, on="district_code", how="left")
    return base


def stat_source(con, stat: str, lang: str = "ko") -> str | None:
    """The cited source of a district statistic (first row), for captions; English from `source_en`."""
    s = queries.district_stats(con)
    s = s[(s["stat"] == stat) & s["source"].notna()]
    if s.empty:
        return None
    row = s.iloc[0]
    return str(row["source_en"]) if lang == "en" and isinstance(row.get("source_en"), str) else str(row["source"])


# ------------------------------------------------------------------ indicators by district

def indicator_options(con) -> pd.DataFrame:
    """Indicators that can be compared across districts (scope both/district), in plan order."""
    h = queries.hierarchy(con)
    if h.empty:
        return h
    return h[h["scope"] != "citywide"].reset_index(drop=True)


def indicator_by_district(con, code: str, as_of: str, basis: str = "dong", verified_only: bool = False) -> pd.DataFrame:
    """progress() of one indicator for each of the 25 districts (derived targets per basis), with English names,
    the rank on rate (1 = best), whether the target is derived (target_basis starts with 파생), and whether each
    figure is verified (maeul.read.review; verified_only: only verified figures)."""
    df = review.progress_by_district(con, as_of, basis, (code,), verified_only)
    if df.empty:
        return df
    names = _base(con)[["district_code", "district_name_en"]].rename(columns={"district_code": "district"})
    df = df.merge(names, on="district", how="left")
    df["derived"] = df["target_basis"].astype("string").str.startswith("파생").fillna(False).astype(bool)
    df["rank"] = df["rate"].astype("float64").rank(ascending=False, method="min")
    return df


def _indicator_measure(con, measure: str, indicator: str, as_of: str, basis: str, verified_only: bool = False
                       ) -> pd.DataFrame:
    df = indicator_by_district(con, indicator, as_of, basis, verified_only)
    if df.empty:
        return pd.DataFrame(columns=MEASURE_COLUMNS)
    col = {"ind_rate": "rate", "ind_actual": "actual", "ind_target": "expected"}[measure]
    out = pd.DataFrame({
        "district_code": df["district"], "district_name": df["district_name"],
        "district_name_en": df["district_name_en"],
        "value": pd.to_numeric(df[col], errors="coerce").astype("float64"),
        "unit": "%" if measure == "ind_rate" else df["unit"],
        "source": df["source"], "target": df["target"], "expected": df["expected"], "actual": df["actual"],
        "rate": df["rate"], "status": df["status"], "target_basis": df["target_basis"],
        "actual_period": df["actual_period"],
    })
    out["detail"] = ""  # the tooltip line is written by the page model (maeul.present.models.map)
    return out


def district_measure(con, measure: str, as_of: str | None = None, basis: str = "dong",
                     indicator: str | None = None, verified_only: bool = False) -> pd.DataFrame:
    """One value per 자치구 (25 rows) for a measure of MEASURES; NaN = no data.

    Columns: district_code, district_name, district_name_en, value, unit, detail (empty: the map model writes the
    tooltip line), source, plus measure-specific ones (target, expected, actual, rate, status, target_basis for
    indicator measures; the numerator/denominator for ratios).
    """
    if measure not in MEASURES:
        raise ValueError(f"알 수 없는 측정값입니다: {measure}")
    spec = MEASURES[measure]
    if spec["indicator"]:
        if not indicator:
            raise ValueError("지표를 골라 주세요.")
        return _indicator_measure(con, measure, indicator, as_of or Quarter(2022, 4).label, basis, verified_only)
    facts = district_facts(con)
    out = facts[["district_code", "district_name", "district_name_en"]].copy()
    out["unit"] = spec["unit"]
    out["detail"] = ""
    if measure == "dong_count":
        out["value"] = facts["dong_count"].astype("float64")
        out["dong_count_2021_04"] = facts["dong_count_2021_04"]
        out["source"] = "계획"
    elif measure in ("population", "households"):
        col = "pop_total_2021q2" if measure == "population" else "households_2021q2"
        out["value"] = pd.to_numeric(facts[col], errors="coerce").astype("float64")
        out["source"] = "2021Q2 주민등록인구"
    elif measure.startswith("tax_"):
        out["value"] = pd.to_numeric(facts[measure], errors="coerce").astype("float64")
        out["source"] = "계획"
        if measure == "tax_per_dong":
            out["dong_count"] = facts["dong_count"]
    else:  # spaces-based
        sm = space_summary(con, as_of)
        sm = facts[["district_code", "dong_count", "pop_total_2021q2"]].merge(
            sm[["district_code", "spaces_total", "childcare_rooms", "is_sample"]], on="district_code", how="left")
        has_spaces = bool(sm["spaces_total"].fillna(0).sum() > 0)
        pop = pd.to_numeric(sm["pop_total_2021q2"], errors="coerce").astype("float64")
        if measure == "spaces_total":
            v = sm["spaces_total"]
        elif measure == "childcare_rooms":
            v = sm["childcare_rooms"]
        elif measure == "spaces_per_10k":
            v = sm["spaces_total"] / pop * 10_000
        else:
            v = sm["childcare_rooms"] / sm["dong_count"].astype("float64")
        out["value"] = pd.to_numeric(v, errors="coerce").astype("float64") if has_spaces else float("nan")
        out["spaces_total"] = sm["spaces_total"].values
        out["childcare_rooms"] = sm["childcare_rooms"].values
        out["is_sample"] = sm["is_sample"].fillna(False).values
        out["source"] = ["예시" if s else "업로드" for s in out["is_sample"]] if has_spaces else None
    return out.reset_index(drop=True)
