"""자치구 비교 (districts) page model: the indicators that can be compared across districts, one indicator ranked
across the districts (derived targets named as derived), small multiples of a few indicators, one district's
profile and two districts side by side.

Pure functions of (data, filters, widget values): ``data`` answers named queries (maeul.read.registry), and what
comes back is plain data, display tables, texts and plotly figures. No Streamlit, no session state.
"""

from __future__ import annotations

import pandas as pd

from maeul.i18n import LANGS, pick, t
from maeul.present import district_charts as dc
from maeul.present import format as fmt
from maeul.present import maps
from maeul.present.filters import Filters
from maeul.present.models.common import district_names, value_text
from maeul.read import rules

FIRST_DISTRICT = "11110"  # 종로구: the profile and comparison open on it when no district is chosen
MAX_MULTIPLES = 6
STATUS_ORDER = tuple(rules.STATUSES)  # the profile's count line, zeros included
RANKING_COLUMNS = ["district", "district_name", "district_name_en", "code", "name", "unit", "as_of", "target",
                   "expected", "actual", "rate", "status", "target_basis", "derived", "source", "rank"]
MULTIPLES_COLUMNS = ["district", "district_name", "code", "name", "unit", "as_of", "target", "expected", "actual",
                     "rate", "status", "target_basis", "source"]
COMPARE_VALUES = ("target", "expected", "actual", "rate", "status", "target_basis", "source")


# ------------------------------------------------------------------ shared by the map and districts pages

def indicator_label(row, lang: str) -> str:
    """'1-1-1 이웃만들기 사업 (건)': code, name in the chosen language, unit — for indicator pickers."""
    return f"{row['code']} {pick(row, 'name', lang)} ({fmt.unit_label(row.get('unit'), lang)})"


def indicator_choices(data, lang: str) -> dict:
    """The indicators that can be compared across districts (codes in plan order), their picker labels, the first
    primary one (the default choice) and up to four primary annual/cumulative ones (the small multiples' default)."""
    opts = data("district_indicator_options")
    if opts.empty:
        return {"codes": (), "labels": {}, "default": None, "multi_default": ()}
    prim = opts[opts["role"] == "primary"]
    multi = prim[prim["kind"].isin(["annual", "cumulative"])]
    return {"codes": tuple(opts["code"]),
            "labels": {r["code"]: indicator_label(r, lang) for r in opts.to_dict("records")},
            "default": (prim if len(prim) else opts)["code"].iloc[0],
            "multi_default": tuple((multi if len(multi) else opts)["code"].head(4))}


def indicator_row(data, code: str | None) -> dict:
    """One row of the district indicator options (code, names, unit, source_section, …); {} when unknown."""
    if not code:
        return {}
    opts = data("district_indicator_options")
    row = opts[opts["code"] == code] if len(opts) else opts
    return row.iloc[0].to_dict() if len(row) else {}


def sources_text(df: pd.DataFrame, lang: str) -> str:
    """Where the actuals in df come from ('업로드, 예시'), or '실적 없음'."""
    s = sorted({str(x) for x in df.get("source", pd.Series(dtype="object")).dropna()})
    return ", ".join(t(f"source.{x}", lang) for x in s) or t("districts.no_actuals", lang)


# ------------------------------------------------------------------ page options

def options(data, f: Filters) -> dict:
    """The indicators to choose from, the districts (code → name), the line naming the sidebar's districts (and
    the page's intro with it, as one caption), and the districts the profile and the comparison open on (the
    sidebar's first two, else 종로구 and the next)."""
    names = district_names(data, f.lang)
    codes = tuple(names)
    sel = [c for c in f.districts if c in names]
    a = sel[0] if sel else FIRST_DISTRICT if FIRST_DISTRICT in names else codes[0]
    b = sel[1] if len(sel) > 1 else next(c for c in codes if c != a)
    selected = (t("districts.selected", f.lang, names=", ".join(names.get(c, c) for c in f.districts))
                if f.districts else "")
    intro = t("districts.intro", f.lang) + (f"  \n{selected}" if selected else "")  # one element, not two
    return {**indicator_choices(data, f.lang), "districts": codes, "names": names, "selected": selected,
            "intro": intro,
            "profile_default": a, "compare_default": (a, b), "max_multiples": MAX_MULTIPLES}


# ------------------------------------------------------------------ ranking

def _selected_lines(df: pd.DataFrame, f: Filters, names: dict[str, str], unit) -> list[str]:
    """One markdown line per district chosen in the sidebar: rank of n, rate, status, actual / expected."""
    lines = []
    for c in f.districts:
        r = df[df["district"] == c]
        if not len(r):
            continue
        r = r.iloc[0]
        rank = "–" if pd.isna(r["rank"]) else f"{int(r['rank'])}"
        lines.append(t("districts.ranking.selected", f.lang, name=names.get(c, c), rank=rank, n=len(names),
                       rate=fmt.rate(r["rate"]), status=fmt.status_label(r["status"], f.lang),
                       actual=fmt.num(r["actual"], unit, f.lang), expected=fmt.planned(r["expected"], unit, f.lang)))
    return lines


def ranking(data, f: Filters, code: str, value: str) -> dict:
    """One indicator ranked across the districts on ``value`` (rate, actual or target): the chart, its caption, a
    note when the sidebar shares no targets out, the sidebar districts' lines and the CSV (None without rows)."""
    lang = f.lang
    row = indicator_row(data, code)
    df = data("indicator_by_district", code, f.as_of, f.basis, f.verified_only)
    derived = dc.derived_label(df, lang) if len(df) else t("districts.chart.plan_target", lang)
    csv = None
    if len(df):
        csv = df[[c for c in RANKING_COLUMNS if c in df.columns]].sort_values("rank")
    return {
        "chart": dc.ranking_bar(df, value, lang=lang, unit=row.get("unit"), highlight=f.districts),
        "caption": t("districts.caption.ranking", lang, section=fmt.plan_text(row.get("source_section"), lang) or "–",
                     as_of=f.as_of, basis=t(f"basis.{f.basis}", lang), derived=derived,
                     sources=sources_text(df, lang)),
        "basis_note": t("districts.basis_none", lang) if f.basis == "none" else "",
        "selected": _selected_lines(df, f, district_names(data, lang), row.get("unit")),
        "data": csv, "csv_name": f"districts_ranking_{code}_{f.as_of}.csv",
    }


# ------------------------------------------------------------------ small multiples

def multiples(data, f: Filters, chosen: tuple[str, ...]) -> dict:
    """Small multiples of the chosen indicators' rates across districts, their caption and the CSV."""
    lang = f.lang
    df = data("progress_by_district", f.as_of, f.basis, chosen, f.verified_only)
    names_en = data("districts")[["code", "name_en"]].rename(columns={"code": "district",
                                                                      "name_en": "district_name_en"})
    df = df.merge(names_en, on="district", how="left")
    rows = {c: indicator_row(data, c) for c in chosen}
    titles = [(c, pick(rows[c], "name", lang)) for c in chosen]
    sections = "; ".join(f"{c}: {fmt.plan_text(rows[c].get('source_section'), lang) or '–'}" for c in chosen)
    return {
        "chart": dc.small_multiples(df, titles, lang=lang, highlight=f.districts),
        "caption": t("districts.caption.multiples", lang, sections=sections, as_of=f.as_of,
                     basis=t(f"basis.{f.basis}", lang), sources=sources_text(df, lang)),
        "data": df[MULTIPLES_COLUMNS], "csv_name": f"districts_multiples_{f.as_of}.csv",
    }


# ------------------------------------------------------------------ district facts

def facts(data, as_of: str) -> pd.DataFrame:
    """District facts with the spaces open as of the quarter ("–", not 0, while nothing is uploaded)."""
    out = data("district_facts")
    spaces = data("space_summary", as_of)[["district_code", "spaces_total", "childcare_rooms"]]
    out = out.merge(spaces, on="district_code", how="left")
    if not data("spaces_status")["n"]:  # nothing uploaded: "–", not 0
        out[["spaces_total", "childcare_rooms"]] = float("nan")
    return out


# ------------------------------------------------------------------ one district's profile

def _metrics(data, fr: pd.Series, lang: str) -> dict:
    places = t("districts.unit.places", lang)
    return {"metrics": [
        (t("districts.fact.population", lang),
         fmt.num(fr.get("pop_total_2021q2"), t("districts.unit.people", lang), lang)),
        (t("districts.fact.households", lang),
         fmt.num(fr.get("households_2021q2"), t("districts.unit.households", lang), lang)),
        (t("districts.fact.dong_count", lang), fmt.num(fr.get("dong_count"), t("districts.unit.count", lang), lang)),
        (t("districts.fact.area", lang), fmt.num(fr.get("area_km2"), "km²", lang, digits=1)),
        (t("districts.fact.spaces", lang), fmt.num(fr.get("spaces_total"), places, lang)),
        (t("districts.fact.childcare", lang), fmt.num(fr.get("childcare_rooms"), places, lang)),
    ], "facts_caption": t("districts.caption.facts", lang,
                          pop=data("stat_source", "population_registered", lang) or "–")}


def _dongs(data, code: str, fr: pd.Series, lang: str) -> dict:
    dongs = data("geo_dongs", code)
    view = dongs[["dong_name", "adm_cd2", "area_km2", "pop_total_2021q2"]].assign(
        area_km2=pd.array([fmt.number_value(x, 2) for x in dongs["area_km2"]], dtype="Float64"),
        pop_total_2021q2=pd.array([fmt.number_value(x) for x in dongs["pop_total_2021q2"]], dtype="Int64"),
    ).rename(columns={
        "dong_name": t("districts.col.dong", lang), "adm_cd2": t("districts.col.adm_cd2", lang),
        "area_km2": t("districts.col.area", lang), "pop_total_2021q2": t("districts.col.pop", lang)})
    return {"dongs": dongs, "dongs_view": view,
            "dongs_caption": t("districts.caption.dongs", lang, n=len(dongs), plan=fmt.num(fr.get("dong_count")))}


TAX_STATS = ("resident_tax_individual_levied", "resident_tax_individual_collected", "resident_tax_individual_per_dong")


def _tax(data, code: str, lang: str) -> dict:
    stats = data("district_stats", code)
    tax = stats[stats["stat"].isin(TAX_STATS)].copy()
    tax = tax.sort_values("stat", key=lambda c: c.map(TAX_STATS.index))
    view = pd.DataFrame({t("districts.col.item", lang): [pick(r, "label_ko", lang) for r in tax.to_dict("records")],
                         t("col.year", lang): tax["year"],
                         t("districts.col.value", lang): pd.array([fmt.number_value(v) for v in tax["value"]],
                                                                  dtype="Float64"),
                         t("col.unit", lang): [fmt.unit_label(u, lang) for u in tax["unit"]]})
    src = [pick(r, "source", lang) for r in tax.to_dict("records") if isinstance(r.get("source"), str)]
    return {"tax": tax, "tax_view": view,
            "tax_caption": t("districts.caption.tax", lang, source=src[0] if src else "–")}


def _spaces(data, code: str, as_of: str, lang: str) -> dict:
    sp = data("spaces_as_of", as_of, code)
    out = {"spaces": sp, "spaces_sample": False, "spaces_counts": "", "spaces_view": None}
    if sp.empty:
        return out
    places = t("districts.unit.places", lang)
    counts = sp.groupby("space_type").size()
    view = fmt.plain_frame(sp[["name", "space_type", "dong_code", "address", "opened", "has_childcare_room",
                               "is_sample"]], ["name", "address"])  # names and addresses staff typed, as text
    view["space_type"] = view["space_type"].map(lambda x: maps.space_type_label(x, lang))
    view["opened"] = [fmt.date_text(d) for d in view["opened"]]  # 2015-12-31, not 2015-12-31 00:00:00
    out.update({
        "spaces_sample": bool(sp["is_sample"].any()),
        "spaces_counts": " · ".join(f"{maps.space_type_label(k, lang)} {fmt.num(v, places, lang)}"
                                    for k, v in counts.items()),
        "spaces_view": view.rename(columns={
            "name": t("col.name", lang), "space_type": t("districts.col.space_type", lang),
            "dong_code": t("districts.col.adm_cd2", lang), "address": t("districts.col.address", lang),
            "opened": t("districts.col.opened", lang), "has_childcare_room": t("districts.col.childcare", lang),
            "is_sample": t("districts.col.is_sample", lang)}),
    })
    return out


def progress_view(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """progress() rows as a readable table: values with their units (derived targets rounded for their unit), rate
    as the whole % shown, status, kind and target basis translated; '–' for what is missing (never None)."""
    recs = df.to_dict("records")
    return pd.DataFrame({
        t("col.code", lang): df["code"], t("col.name", lang): [pick(r, "name", lang) for r in df.to_dict("records")],
        t("col.kind", lang): df["kind"].map(lambda k: t(f"kind.{k}", lang) if isinstance(k, str) else fmt.DASH),
        t("col.unit", lang): [fmt.unit_label(u, lang) for u in df["unit"]],
        t("col.target", lang): [value_text(r, "target", lang) for r in recs],
        t("col.expected", lang): [value_text(r, "expected", lang) for r in recs],
        t("col.actual", lang): [value_text(r, "actual", lang) for r in recs],
        t("col.rate", lang): [fmt.rate_value(v) for v in df["rate"]],
        t("col.status", lang): [fmt.status_label(s, lang) for s in df["status"]],
        t("districts.col.target_basis", lang): [fmt.basis_text(b, lang) or fmt.DASH for b in df["target_basis"]],
        t("col.source", lang): df["source"].map(lambda s: t(f"source.{s}", lang) if isinstance(s, str) else fmt.DASH),
    }, index=df.index)


def _progress(data, code: str, f: Filters) -> dict:
    lang = f.lang
    pr = data("progress", f.as_of, code, f.basis, f.verified_only)
    pr = pr[pr["scope"] != "citywide"]  # city-only indicators (a city system, a citywide survey) have no district part
    counts = pr["status"].value_counts()
    return {"progress": pr,
            "progress_counts": " · ".join(f"{fmt.status_label(s, lang)} {int(counts.get(s, 0))}"
                                          for s in STATUS_ORDER),
            "progress_view": progress_view(pr, lang),
            "progress_caption": t("districts.caption.progress", lang, basis=t(f"basis.{f.basis}", lang),
                                  sources=sources_text(pr, lang)) + " " + t("districts.missing_note", lang)}


def profile(data, f: Filters, code: str) -> dict:
    """One district's fact sheet: name, six metrics, its 행정동, 2016 주민세, spaces open as of the quarter and
    progress by indicator — each with its display table, caption and CSV (and its file name)."""
    lang = f.lang
    fr = facts(data, f.as_of).set_index("district_code").loc[code]
    return {"name": district_names(data, lang).get(code, code), **_metrics(data, fr, lang),
            **_dongs(data, code, fr, lang), **_tax(data, code, lang), **_spaces(data, code, f.as_of, lang),
            **_progress(data, code, f),
            "csv_names": {"dongs": f"dongs_{code}.csv", "tax": f"resident_tax_2016_{code}.csv",
                          "spaces": f"spaces_{code}_{f.as_of}.csv", "progress": f"progress_{code}_{f.as_of}.csv"}}


# ------------------------------------------------------------------ two districts side by side

def compare(data, f: Filters, a: str, b: str) -> dict:
    """Two districts side by side: the facts table (its number columns), the paired-rate chart, its caption, the
    CSVs, and a note when the same district is chosen twice."""
    lang = f.lang
    names = district_names(data, lang)
    table = dc.facts_side_by_side(facts(data, f.as_of), a, b, lang=lang)
    pa = data("progress", f.as_of, a, f.basis, f.verified_only)
    pb = data("progress", f.as_of, b, f.basis, f.verified_only)
    both = pa.assign(district=a).merge(pb.assign(district=b), on=["code", "name", "name_en", "unit", "kind"],
                                       suffixes=(f"_{a}", f"_{b}"))
    keep = ["code", "name", "name_en", "unit", "kind"] + [f"{c}_{x}" for x in (a, b) for c in COMPARE_VALUES]
    return {
        "same": t("districts.compare.same", lang) if a == b else "",
        "table": table, "num_cols": list(table.columns[2:]),
        "facts_caption": t("districts.caption.compare_facts", lang) + " " + t("districts.missing_note", lang),
        "chart": dc.compare_two(pa, pb, names.get(a, a), names.get(b, b), lang=lang),
        "caption": t("districts.caption.compare", lang, as_of=f.as_of, basis=t(f"basis.{f.basis}", lang),
                     sources=sources_text(pd.concat([pa, pb]), lang)),
        "data": both[[c for c in keep if c in both.columns]],
        "csv_names": {"facts": f"districts_facts_{a}_{b}.csv", "data": f"districts_compare_{a}_{b}_{f.as_of}.csv"},
    }


def view_from_link(raw, views: dict[str, str], default: str = "ranking") -> str:
    """The districts page's view from a link's ?view=: its code ('profile'), or — for links written before codes —
    its label in either language ('자치구 프로필'); anything else opens the default view."""
    if raw in views:
        return raw
    labels = {t(key, lang): code for code, key in views.items() for lang in LANGS}
    return labels.get(raw, default)
