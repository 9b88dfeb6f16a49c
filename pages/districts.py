"""자치구 비교 (districts, for the committee): a ranking of the 25 districts on one indicator (derived targets
named as derived), small multiples of key indicators, one district's profile, and two districts side by side.

Each section is a model (queries through cache.cached, frames, figures, texts; no st.*) memoised with cache.memo by
every input it reads, and a draw part that only shows what the model returned."""

import pandas as pd
import streamlit as st

from maeul.i18n import t
from maeul.present import district_charts as dc
from maeul.present import format as fmt
from maeul.present import maps
from maeul.present.filters import Filters
from maeul.read import districts as vd
from maeul.web import cache, sidebar, widgets

f = sidebar.filters()
widgets.banners(f)

ALL_CODE_DEFAULT = "11110"


def _sources(df: pd.DataFrame, lang: str) -> str:
    s = sorted({str(x) for x in df.get("source", pd.Series(dtype="object")).dropna()})
    return ", ".join(t(f"source.{x}", lang) for x in s) or t("districts.no_actuals", lang)


def _progress_view(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """progress() rows as a readable table (rate in %, status translated)."""
    name = "name_en" if lang == "en" else "name"
    out = pd.DataFrame({
        t("col.code", lang): df["code"], t("col.name", lang): df[name].fillna(df["name"]),
        t("col.kind", lang): df["kind"].map(lambda k: t(f"kind.{k}", lang) if isinstance(k, str) else ""),
        t("col.unit", lang): df["unit"], t("col.target", lang): df["target"],
        t("col.expected", lang): df["expected"], t("col.actual", lang): df["actual"],
        t("col.rate", lang): [fmt.rate_value(v) for v in df["rate"]],
        t("col.status", lang): df["status"].map(lambda s: t(f"status.{s}", lang)),
        t("districts.col.target_basis", lang): df["target_basis"],
        t("col.source", lang): df["source"].map(lambda s: t(f"source.{s}", lang) if isinstance(s, str) else ""),
    })
    return out


def _num_config(df: pd.DataFrame, lang: str) -> dict:
    cfg = {}
    for c in (t("col.target", lang), t("col.expected", lang), t("col.actual", lang)):
        if c in df.columns:
            cfg[c] = st.column_config.NumberColumn(format="localized")
    if t("col.rate", lang) in df.columns:
        cfg[t("col.rate", lang)] = st.column_config.NumberColumn(format="%.0f%%")
    return cfg


def _two_defaults(codes: list[str]) -> tuple[str, str]:
    sel = [c for c in f.districts if c in codes]
    a = sel[0] if sel else ALL_CODE_DEFAULT if ALL_CODE_DEFAULT in codes else codes[0]
    b = sel[1] if len(sel) > 1 else next(c for c in codes if c != a)
    return a, b


# ------------------------------------------------------------------ models (no st.*; called through cache.memo)

def _facts_model(as_of: str) -> pd.DataFrame:
    """District facts with the spaces open as of the quarter ("–", not 0, while nothing is uploaded) (memo)."""
    facts = cache.cached("district_facts")
    spaces = cache.cached("space_summary", as_of)[["district_code", "spaces_total", "childcare_rooms"]]
    facts = facts.merge(spaces, on="district_code", how="left")
    if not cache.cached("spaces_status")["n"]:  # nothing uploaded: "–", not 0
        facts[["spaces_total", "childcare_rooms"]] = float("nan")
    return facts


def _options_model(lang: str) -> dict:
    """The indicators that can be compared across districts, their labels and the default choices (memo)."""
    opts = cache.cached("district_indicator_options")
    if opts.empty:
        return {"opts": opts, "codes": (), "labels": {}, "default": None, "multi_default": ()}
    prim = opts[opts["role"] == "primary"]
    multi = opts[(opts["role"] == "primary") & opts["kind"].isin(["annual", "cumulative"])]
    return {"opts": opts, "codes": tuple(opts["code"]),
            "labels": {r["code"]: vd.indicator_label(r, lang) for r in opts.to_dict("records")},
            "default": prim["code"].iloc[0] if len(prim) else opts["code"].iloc[0],
            "multi_default": tuple((multi if len(multi) else opts)["code"].head(4))}


def _ranking_model(opts: pd.DataFrame, code: str, value: str, f: Filters) -> dict:
    """One indicator ranked across the 25 districts: chart, caption, the selected districts' lines, CSV (memo)."""
    lang = f.lang
    names = sidebar.district_names(lang)
    row = opts[opts["code"] == code].iloc[0].to_dict()
    df = cache.cached("indicator_by_district", code, f.as_of, f.basis)
    derived = dc.derived_label(df, lang) if len(df) else t("districts.chart.plan_target", lang)
    selected = []
    for c in f.districts:
        r = df[df["district"] == c]
        if len(r):
            r = r.iloc[0]
            rank = "–" if pd.isna(r["rank"]) else f"{int(r['rank'])}"
            selected.append(t("districts.ranking.selected", lang, name=names.get(c, c), rank=rank,
                              rate=fmt.percent(r["rate"]), status=t(f"status.{r['status']}", lang),
                              actual=fmt.num(r["actual"], row.get("unit"), lang),
                              expected=fmt.num(r["expected"], row.get("unit"), lang)))
    data = None
    if len(df):
        cols = ["district", "district_name", "district_name_en", "code", "name", "unit", "as_of", "target",
                "expected", "actual", "rate", "status", "target_basis", "derived", "source", "rank"]
        data = df[[c for c in cols if c in df.columns]].sort_values("rank")
    return {
        "chart": dc.ranking_bar(df, value, lang=lang, unit=row.get("unit"), highlight=f.districts),
        "caption": t("districts.caption.ranking", lang, section=row.get("source_section") or "–",
                     as_of=f.as_of, basis=t(f"basis.{f.basis}", lang), derived=derived,
                     sources=_sources(df, lang)),
        "selected": selected, "data": data,
    }


def _multiples_model(opts: pd.DataFrame, chosen: tuple, f: Filters) -> dict:
    """Small multiples of the chosen indicators across districts, caption and CSV (memo)."""
    lang = f.lang
    df = cache.cached("progress_by_district", f.as_of, f.basis, chosen)
    names_en = cache.cached("districts")[["code", "name_en"]].rename(columns={"code": "district",
                                                                       "name_en": "district_name_en"})
    df = df.merge(names_en, on="district", how="left")
    name_col = "name_en" if lang == "en" else "name"
    titles = [(c, str(opts.loc[opts["code"] == c, name_col].fillna("").iloc[0] or
                      opts.loc[opts["code"] == c, "name"].iloc[0])) for c in chosen]
    sections = "; ".join(f"{c}: {opts.loc[opts['code'] == c, 'source_section'].iloc[0] or '–'}" for c in chosen)
    cols = ["district", "district_name", "code", "name", "unit", "as_of", "target", "expected", "actual", "rate",
            "status", "target_basis", "source"]
    return {
        "chart": dc.small_multiples(df, titles, lang=lang, highlight=f.districts),
        "caption": t("districts.caption.multiples", lang, sections=sections, as_of=f.as_of,
                     basis=t(f"basis.{f.basis}", lang), sources=_sources(df, lang)),
        "data": df[cols],
    }


def _profile_model(facts: pd.DataFrame, code: str, as_of: str, basis: str, lang: str) -> dict:
    """One district's fact sheet: metrics, 행정동, 주민세, spaces and progress, with captions and CSVs (memo)."""
    names = sidebar.district_names(lang)
    fr = facts[facts["district_code"] == code].iloc[0]
    places = t("districts.unit.places", lang)
    m = {"name": names.get(code, code), "metrics": [
        (t("districts.fact.population", lang),
         fmt.num(fr.get("pop_total_2021q2"), t("districts.unit.people", lang), lang)),
        (t("districts.fact.households", lang),
         fmt.num(fr.get("households_2021q2"), t("districts.unit.households", lang), lang)),
        (t("districts.fact.dong_count", lang), fmt.num(fr.get("dong_count"), t("districts.unit.count", lang), lang)),
        (t("districts.fact.area", lang), fmt.num(fr.get("area_km2"), "km²", lang, digits=1)),
        (t("districts.fact.spaces", lang), fmt.num(fr.get("spaces_total"), places, lang)),
        (t("districts.fact.childcare", lang), fmt.num(fr.get("childcare_rooms"), places, lang)),
    ], "facts_caption": t("districts.caption.facts", lang,
                          pop=cache.cached("stat_source", "population_registered") or "–")}

    dongs = cache.cached("geo_dongs", code)
    m["dongs"] = dongs
    m["dongs_view"] = dongs[["dong_name", "adm_cd2", "area_km2", "pop_total_2021q2"]].rename(columns={
        "dong_name": t("districts.col.dong", lang), "adm_cd2": t("districts.col.adm_cd2", lang),
        "area_km2": t("districts.col.area", lang), "pop_total_2021q2": t("districts.col.pop", lang)})
    m["dongs_caption"] = t("districts.caption.dongs", lang, n=len(dongs), plan=fmt.num(fr.get("dong_count")))

    stats = cache.cached("district_stats", code)
    order = ["resident_tax_individual_levied", "resident_tax_individual_collected",
             "resident_tax_individual_per_dong"]
    tax = stats[stats["stat"].isin(order)].copy()
    tax = tax.sort_values("stat", key=lambda c: c.map(order.index))
    label = "label_en" if lang == "en" else "label_ko"
    m["tax"] = tax
    m["tax_view"] = pd.DataFrame({t("districts.col.item", lang): tax[label], t("col.year", lang): tax["year"],
                                  t("districts.col.value", lang): tax["value"], t("col.unit", lang): tax["unit"]})
    src = tax["source"].dropna()
    m["tax_caption"] = t("districts.caption.tax", lang, source=src.iloc[0] if len(src) else "–")

    sp = cache.cached("spaces_as_of", as_of, code)
    m["spaces"] = sp
    if not sp.empty:
        m["spaces_sample"] = bool(sp["is_sample"].any())
        counts = sp.groupby("space_type").size()
        m["spaces_counts"] = " · ".join(f"{maps.space_type_label(k, lang)} {fmt.num(v, places, lang)}"
                                        for k, v in counts.items())
        sv = sp[["name", "space_type", "dong_code", "address", "opened", "has_childcare_room", "is_sample"]].copy()
        sv["space_type"] = sv["space_type"].map(lambda x: maps.space_type_label(x, lang))
        m["spaces_view"] = sv.rename(
            columns={"name": t("col.name", lang), "space_type": t("districts.col.space_type", lang),
                     "dong_code": t("districts.col.adm_cd2", lang), "address": t("districts.col.address", lang),
                     "opened": t("districts.col.opened", lang),
                     "has_childcare_room": t("districts.col.childcare", lang),
                     "is_sample": t("districts.col.is_sample", lang)})

    pr = cache.cached("progress", as_of, code, basis)
    pr = pr[pr["scope"] != "citywide"]  # city-only indicators (a city system, a citywide survey) have no district part
    counts = pr["status"].value_counts()
    m["progress"] = pr
    m["progress_counts"] = " · ".join(f"{t(f'status.{s}', lang)} {int(counts.get(s, 0))}"
                                      for s in ("달성", "정상", "주의", "지연", "자료 없음", "목표 없음"))
    m["progress_view"] = _progress_view(pr, lang)
    m["progress_caption"] = t("districts.caption.progress", lang, basis=t(f"basis.{basis}", lang),
                              sources=_sources(pr, lang))
    return m


def _compare_model(facts: pd.DataFrame, a: str, b: str, as_of: str, basis: str, lang: str) -> dict:
    """Two districts side by side: facts table, progress chart, caption and CSVs (memo)."""
    names = sidebar.district_names(lang)
    table = dc.facts_side_by_side(facts, a, b, lang=lang)
    pa = cache.cached("progress", as_of, a, basis)
    pb = cache.cached("progress", as_of, b, basis)
    both = pa.assign(district=a).merge(pb.assign(district=b), on=["code", "name", "name_en", "unit", "kind"],
                                       suffixes=(f"_{a}", f"_{b}"))
    keep = ["code", "name", "name_en", "unit", "kind"] + [f"{c}_{x}" for x in (a, b) for c in
                                                           ("target", "expected", "actual", "rate", "status",
                                                            "target_basis", "source")]
    return {
        "table": table, "num_cols": [c for c in table.columns[2:]],
        "chart": dc.compare_two(pa, pb, names.get(a, a), names.get(b, b), lang=lang),
        "caption": t("districts.caption.compare", lang, as_of=as_of, basis=t(f"basis.{basis}", lang),
                     sources=_sources(pd.concat([pa, pb]), lang)),
        "data": both[[c for c in keep if c in both.columns]],
    }


# ------------------------------------------------------------------ sections (widgets and drawing)

def ranking(om: dict, lang: str) -> None:
    st.subheader(t("districts.ranking.title", lang))
    codes, labels = list(om["codes"]), om["labels"]
    if st.session_state.get("dist_indicator") not in codes:
        st.session_state["dist_indicator"] = om["default"]
    c1, c2 = st.columns([2, 1])
    with c1:
        code = widgets.sticky(st.selectbox, "dist_indicator", None, t("districts.indicator", lang), codes,
                         format_func=lambda c: labels.get(c, c))
    with c2:
        value = widgets.sticky(st.radio, "dist_value", "rate", t("districts.value", lang), ["rate", "actual", "target"],
                          horizontal=True, format_func=lambda v: t(f"districts.value.{v}", lang))
    m = cache.memo("districts.ranking", lambda: _ranking_model(om["opts"], code, value, f), *f.key, code, value)
    st.plotly_chart(m["chart"], key="dist_rank_chart")
    st.caption(m["caption"])
    if f.basis == "none":
        st.info(t("districts.basis_none", lang))
    for line in m["selected"]:
        st.markdown(line)
    if m["data"] is not None:
        widgets.download(m["data"], f"districts_ranking_{code}_{f.as_of}.csv", f, key="dl_dist_rank")


def multiples(om: dict, lang: str) -> None:
    st.subheader(t("districts.multiples.title", lang))
    codes, labels = list(om["codes"]), om["labels"]
    if "dist_multi" not in st.session_state:
        st.session_state["dist_multi"] = list(om["multi_default"])
    st.session_state["dist_multi"] = [c for c in st.session_state["dist_multi"] if c in codes]
    chosen = widgets.sticky(st.multiselect, "dist_multi", [], t("districts.multiples.pick", lang), codes,
                       max_selections=6, format_func=lambda c: labels.get(c, c))
    if not chosen:
        st.info(t("districts.multiples.none", lang))
        return
    chosen = tuple(chosen)
    m = cache.memo("districts.multiples", lambda: _multiples_model(om["opts"], chosen, f), *f.key, chosen)
    st.plotly_chart(m["chart"], key="dist_multi_chart")
    st.caption(m["caption"])
    widgets.download(m["data"], f"districts_multiples_{f.as_of}.csv", f, key="dl_dist_multi")


def profile(codes: list[str], names: dict[str, str], facts: pd.DataFrame, lang: str) -> None:
    st.subheader(t("districts.profile.title", lang))
    default = next((c for c in f.districts if c in codes), ALL_CODE_DEFAULT if ALL_CODE_DEFAULT in codes else codes[0])
    # the key follows the sidebar selection, so choosing districts there re-points the profile
    code = widgets.sticky(st.selectbox, "dist_profile|" + "_".join(f.districts or ("all",)), default,
                     t("districts.profile.pick", lang), codes, format_func=lambda c: names.get(c, c))
    m = cache.memo("districts.profile", lambda: _profile_model(facts, code, f.as_of, f.basis, lang),
                code, f.as_of, f.basis, lang)
    st.markdown(f"### {m['name']}")
    for col, (label, value) in zip(st.columns(3) + st.columns(3), m["metrics"]):
        col.metric(label, value)
    st.caption(m["facts_caption"])

    left, right = st.columns([1, 1])
    with left:
        st.markdown(f"**{t('districts.profile.dongs', lang)}**")
        widgets.table(m["dongs_view"], hide_index=True, height=300, column_config={
            t("districts.col.pop", lang): st.column_config.NumberColumn(format="localized"),
            t("districts.col.area", lang): st.column_config.NumberColumn(format="%.2f")})
        st.caption(m["dongs_caption"])
        widgets.download(m["dongs"], f"dongs_{code}.csv", f, key="dl_dist_dongs")
    with right:
        st.markdown(f"**{t('districts.profile.tax', lang)}**")
        if m["tax_view"].empty:
            st.info(t("districts.profile.no_tax", lang))
        else:
            widgets.table(m["tax_view"], hide_index=True, column_config={
                t("districts.col.value", lang): st.column_config.NumberColumn(format="localized"),
                t("col.year", lang): st.column_config.NumberColumn(format="%d")})
            st.caption(m["tax_caption"])
            widgets.download(m["tax"], f"resident_tax_2016_{code}.csv", f, key="dl_dist_tax")

    st.markdown(f"**{t('districts.profile.spaces', lang, as_of=f.as_of)}**")
    if m["spaces"].empty:
        st.info(t("districts.profile.no_spaces", lang))
    else:
        if m["spaces_sample"]:
            st.warning(t("districts.profile.sample_spaces", lang))
        st.markdown(m["spaces_counts"])
        widgets.table(m["spaces_view"], hide_index=True, height=260)
        widgets.download(m["spaces"], f"spaces_{code}_{f.as_of}.csv", f, key="dl_dist_spaces")
    st.caption(t("districts.caption.spaces", lang))

    st.markdown(f"**{t('districts.profile.progress', lang, as_of=f.as_of)}**")
    st.markdown(m["progress_counts"])
    pv = m["progress_view"]
    widgets.table(pv, hide_index=True, height=360, column_config=_num_config(pv, lang))
    st.caption(m["progress_caption"])
    widgets.download(m["progress"], f"progress_{code}_{f.as_of}.csv", f, key="dl_dist_progress")


def compare(codes: list[str], names: dict[str, str], facts: pd.DataFrame, lang: str) -> None:
    st.subheader(t("districts.compare.title", lang))
    da, db = _two_defaults(codes)
    suffix = "_".join(f.districts or ("all",))
    c1, c2 = st.columns(2)
    with c1:
        a = widgets.sticky(st.selectbox, "dist_cmp_a|" + suffix, da, t("districts.compare.a", lang), codes,
                      format_func=lambda c: names.get(c, c))
    with c2:
        b = widgets.sticky(st.selectbox, "dist_cmp_b|" + suffix, db, t("districts.compare.b", lang), codes,
                      format_func=lambda c: names.get(c, c))
    if a == b:
        st.info(t("districts.compare.same", lang))
    m = cache.memo("districts.compare", lambda: _compare_model(facts, a, b, f.as_of, f.basis, lang),
                a, b, f.as_of, f.basis, lang)
    table = m["table"]
    widgets.table(table, hide_index=True, height=36 * (len(table) + 1) + 4, column_config={
        c: st.column_config.NumberColumn(format="localized") for c in m["num_cols"]})
    st.caption(t("districts.caption.compare_facts", lang))
    widgets.download(table, f"districts_facts_{a}_{b}.csv", f, key="dl_dist_cmp_facts")
    st.plotly_chart(m["chart"], key="dist_cmp_chart")
    st.caption(m["caption"])
    widgets.download(m["data"], f"districts_compare_{a}_{b}_{f.as_of}.csv", f, key="dl_dist_cmp")


@widgets.guarded
def render() -> None:
    lang = f.lang
    st.title(t("districts.title", lang))
    st.caption(t("districts.intro", lang))
    names = sidebar.district_names(lang)
    codes = list(names)
    facts = cache.memo("districts.facts", lambda: _facts_model(f.as_of), f.as_of)
    if f.districts:
        st.markdown(t("districts.selected", lang, names=", ".join(names.get(c, c) for c in f.districts)))
    om = cache.memo("districts.options", lambda: _options_model(lang), lang)
    tabs = st.tabs([t("districts.tab.ranking", lang), t("districts.tab.multiples", lang),
                    t("districts.tab.profile", lang), t("districts.tab.compare", lang)])
    with tabs[0]:
        if not om["codes"]:
            st.info(t("districts.no_indicators", lang))
        else:
            ranking(om, lang)
    with tabs[1]:
        if not om["codes"]:
            st.info(t("districts.no_indicators", lang))
        else:
            multiples(om, lang)
    with tabs[2]:
        profile(codes, names, facts, lang)
    with tabs[3]:
        compare(codes, names, facts, lang)


render()
