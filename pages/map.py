"""지도 (map): the 25 자치구 coloured by a chosen measure, with 행정동 lines, district labels, community spaces by
type and 열린육아방 — drawn from local boundary files only (no basemap, no outside request; see maeul/maps.py).

Each section is a model (queries through cache.cached, frames, the Deck, texts; no st.*) memoised with cache.memo by
every input it reads, and a draw part that only shows what the model returned.
"""

import streamlit as st

from maeul.i18n import t
from maeul.present import format as fmt
from maeul.present import maps
from maeul.read import districts as vd
from maeul.read import geo
from maeul.web import cache, sidebar, widgets

f = sidebar.filters()
widgets.banners(f)

LAYERS = [  # (session key, label key, default)
    ("map_layer_gu", "map.layer.choropleth", True),
    ("map_layer_dong", "map.layer.dongs", False),
    ("map_layer_labels", "map.layer.labels", True),
    ("map_layer_spaces", "map.layer.spaces", True),
    ("map_layer_childcare", "map.layer.childcare", True),
]


def _measure_caption(measure: str, indicator_row, values, as_of: str, basis: str, lang: str) -> str:
    spec = vd.MEASURES[measure]
    src = spec["source"]
    if src == "indicator":
        sources = sorted({str(s) for s in values["source"].dropna()}) if len(values) else []
        src_text = ", ".join(t(f"source.{s}", lang) for s in sources) or t("map.source.no_actuals", lang)
        bases = sorted({str(b) for b in values.get("target_basis", []) if isinstance(b, str)})
        return t("map.source.indicator", lang, section=indicator_row.get("source_section") or "–",
                 sources=src_text, basis=t(f"basis.{basis}", lang), bases=", ".join(bases) or "–", as_of=as_of)
    if measure == "dong_count":
        return t("map.source.dong_count", lang,
                 source=cache.cached("stat_source", "resident_tax_individual_per_dong") or "–")
    if src == "plan_tax_table":
        return t("map.source.plan_table", lang, source=cache.cached("stat_source", spec["stat"]) or "–")
    if src == "population":
        return t("map.source.population", lang, source=cache.cached("stat_source", "population_registered") or "–")
    is_sample = bool(values["is_sample"].any()) if "is_sample" in values.columns else False
    spaces_src = t("map.source.spaces_sample" if is_sample else "map.source.spaces", lang, as_of=as_of)
    if src == "spaces_population":
        pop = cache.cached("stat_source", "population_registered") or "–"
        return spaces_src + " " + t("map.source.population", lang, source=pop)
    return spaces_src


def _options_model(lang: str) -> dict:
    """Whether there are actuals (the first visit's measure) and the indicators to choose from (memo)."""
    opts = cache.cached("district_indicator_options")
    codes = tuple(opts["code"])
    labels = {r["code"]: vd.indicator_label(r, lang) for r in opts.to_dict("records")}
    prim = opts[opts["role"] == "primary"]
    return {"has_actuals": cache.presence()[0], "codes": codes, "labels": labels,
            "default": (prim["code"].iloc[0] if len(prim) else codes[0]) if codes else None,
            "rows": {r["code"]: r for r in opts.to_dict("records")}}


def _spaces_model(as_of: str) -> dict:
    """The spaces open as of the quarter (None when none are uploaded) and their types in legend order (memo)."""
    status = cache.cached("spaces_status")
    spaces = cache.cached("spaces_as_of", as_of) if status["n"] else None
    types_present: list[str] = []
    if spaces is not None and not spaces.empty:
        present = set(spaces["space_type"])
        types_present = [x for x in maps.SPACE_COLORS if x in present] + sorted(present - set(maps.SPACE_COLORS))
    return {"status": status, "spaces": spaces, "sample": bool(status["n_sample"]), "types": tuple(types_present)}


def _measure_model(measure: str, indicator: str | None, indicator_row: dict, as_of: str, basis: str,
                   lang: str) -> dict:
    """One measure by district: values, legend classes, caption, the table as shown and the CSV (memo)."""
    spec = vd.MEASURES[measure]
    values = cache.cached("district_measure", measure, as_of, basis, indicator)
    unit = spec["unit"] or (indicator_row.get("unit") if indicator_row else None)
    kind = spec["kind"]
    measure_label = t(f"map.measure.{measure}", lang)
    if indicator:
        measure_label = f"{measure_label} · {indicator}"
    name_col = "district_name_en" if lang == "en" else "district_name"
    table = values.copy()
    table["rank"] = table["value"].rank(ascending=False, method="min")
    value_head = f"{t(f'map.measure.{measure}', lang)} ({unit})" if unit else t(f"map.measure.{measure}", lang)
    show = table[["district_code", name_col, "value", "rank"]].rename(columns={
        "district_code": t("col.code", lang), name_col: t("col.district", lang), "value": value_head,
        "rank": t("map.col.rank", lang)})
    if kind == "rate":
        show[value_head] = [fmt.rate_value(v) for v in show[value_head]]
    extra = [c for c in ("actual", "expected", "status", "target_basis", "spaces_total", "childcare_rooms", "source")
             if c in table.columns]
    for c in extra:
        show[t(f"map.col.{c}", lang)] = table[c].map(lambda s: t(f"status.{s}", lang)) if c == "status" else table[c]
    csv = values.copy()
    csv.insert(3, "measure", measure)
    csv.insert(4, "indicator", indicator or "")
    csv.insert(5, "as_of", as_of)
    return {
        "values": values, "unit": unit, "kind": kind, "measure_label": measure_label,
        "bins": maps.legend_bins(values["value"], kind=kind, lang=lang),
        "n_missing": int(values["value"].isna().sum()) if len(values) else 25,
        "caption": _measure_caption(measure, indicator_row, values, as_of, basis, lang),
        "table_title": t("map.table_title", lang, measure=measure_label),
        "show": show, "value_head": value_head, "csv": csv,
    }


def _deck_model(mm: dict, sm: dict, measure: str, shown: dict, chosen: tuple, highlight: tuple, lang: str) -> dict:
    """The Deck and its legend for a measure, the layers shown and the chosen space types (memo)."""
    spaces = sm["spaces"]
    if spaces is not None and not spaces.empty:
        spaces = spaces[spaces["space_type"].isin(chosen)]
    bins, unit, kind = mm["bins"], mm["unit"], mm["kind"]
    deck = maps.build_map(
        mm["values"], bins, measure_label=mm["measure_label"], unit=unit, kind=kind, lang=lang,
        show_choropleth=shown["map_layer_gu"], show_dongs=shown["map_layer_dong"],
        show_labels=shown["map_layer_labels"], spaces=spaces, show_spaces=shown["map_layer_spaces"],
        show_childcare=shown["map_layer_childcare"], highlight=highlight, sample_spaces=sm["sample"],
        extra_col="detail")
    # cache.memo serialises the Deck once (st.pydeck_chart would otherwise turn it into JSON on every rerun)
    points = []
    tag = f" ({t('map.sample_tag', lang)})" if sm["sample"] else ""
    if shown["map_layer_spaces"] and spaces is not None and not spaces.empty:
        for x in [y for y in sm["types"] if y in set(spaces["space_type"])]:
            points.append((maps.space_type_label(x, lang) + tag, maps.SPACE_COLORS.get(x, maps.SPACE_COLORS["기타"]),
                           "dot"))
    if shown["map_layer_childcare"] and spaces is not None and bool(spaces["has_childcare_room"].any()):
        points.append((t("map.childcare", lang) + tag, maps.CHILDCARE_RGB, "ring"))
    gu = shown["map_layer_gu"]
    title = t(f"map.measure.{measure}", lang) if gu else t("map.legend.no_choropleth", lang)
    legend = maps.legend_html(title, bins if gu else [], unit if gu else None, lang,
                              n_missing=mm["n_missing"] if gu else 0, points=points)
    return {"deck": deck, "legend": legend, "alt": t("map.alt", lang, measure=mm["measure_label"])}


@widgets.guarded
def render() -> None:
    lang = f.lang
    st.title(t("map.title", lang))
    st.caption(t("map.intro", lang))
    om = cache.memo("map.options", lambda: _options_model(lang), lang)

    # ---- measure and layers
    measures = list(vd.MEASURES)
    if st.session_state.get("map_measure") not in measures:  # first visit: an indicator once there are actuals
        st.session_state["map_measure"] = "ind_rate" if om["has_actuals"] else "dong_count"
    c1, c2 = st.columns([1, 2])
    with c1:
        measure = widgets.sticky(st.selectbox, "map_measure", None, t("map.measure", lang), measures,
                            format_func=lambda m: t(f"map.measure.{m}", lang), help=t("map.measure_help", lang))
    spec = vd.MEASURES[measure]
    indicator, indicator_row = None, {}
    if spec["indicator"]:
        if not om["codes"]:
            c2.info(t("map.no_indicators", lang))
            measure, spec = "dong_count", vd.MEASURES["dong_count"]
        else:
            codes, labels = list(om["codes"]), om["labels"]
            if st.session_state.get("map_indicator") not in codes:
                st.session_state["map_indicator"] = om["default"]
            with c2:
                indicator = widgets.sticky(st.selectbox, "map_indicator", None, t("map.indicator", lang), codes,
                                      format_func=lambda c: labels.get(c, c))
            indicator_row = om["rows"][indicator]
    cols = st.columns(len(LAYERS))
    shown = {}
    for col, (key, label, default) in zip(cols, LAYERS):
        with col:
            shown[key] = bool(widgets.sticky(st.toggle, key, default, t(label, lang)))

    # ---- data
    mm = cache.memo("map.measure", lambda: _measure_model(measure, indicator, indicator_row, f.as_of, f.basis, lang),
                 measure, indicator, f.as_of, f.basis, lang)
    sm = cache.memo("map.spaces", lambda: _spaces_model(f.as_of), f.as_of)
    status, sample_spaces, types_present = sm["status"], sm["sample"], list(sm["types"])
    chosen: tuple = ()
    if types_present:
        kept = [x for x in st.session_state.get("map_space_types", types_present) if x in types_present]
        st.session_state["map_space_types"] = kept
        chosen = tuple(widgets.sticky(st.multiselect, "map_space_types", types_present, t("map.space_types", lang),
                                 types_present, format_func=lambda x: maps.space_type_label(x, lang)))
    layers = tuple(shown[k] for k, _, _ in LAYERS)
    dm = cache.memo("map.deck", lambda: _deck_model(mm, sm, measure, shown, chosen, f.districts, lang),
                 *f.key, measure, indicator, layers, chosen)

    # ---- map + legend
    m_col, l_col = st.columns([3, 1])
    with m_col:
        st.pydeck_chart(dm["deck"], height=620, key="map_deck", alt=dm["alt"])
    with l_col:
        st.html(dm["legend"])
        if f.districts:
            st.caption(t("map.zoomed", lang, n=len(f.districts)))

    # ---- sources and attribution
    st.caption(mm["caption"])
    if mm["kind"] == "rate" and f.basis == "none":
        st.info(t("map.basis_none", lang))
    st.caption(t("map.source.boundaries", lang))
    st.caption(t("map.attribution_title", lang) + "  \n" + geo.attribution_text())

    # ---- spaces status
    if not status["n"]:
        st.info(t("map.no_spaces", lang))
    elif sample_spaces:
        st.warning(t("map.sample_spaces", lang, n=status["n_sample"]))

    # ---- the measure by district (table + CSV)
    st.subheader(mm["table_title"])
    widgets.table(mm["show"], hide_index=True, column_config={
        mm["value_head"]: st.column_config.NumberColumn(format="%.0f%%" if mm["kind"] == "rate" else "localized"),
        t("map.col.rank", lang): st.column_config.NumberColumn(format="%d"),
    })
    widgets.download(mm["csv"], f"map_{measure}{'_' + indicator if indicator else ''}_{f.as_of}.csv", f,
                key="dl_map_measure")


render()
