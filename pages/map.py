"""지도 (map): the 25 자치구 coloured by a chosen measure, with 행정동 lines, district labels, community spaces by
type and 열린육아방 — drawn from local boundary files only (no basemap, no outside request; see maeul/maps.py)."""

import streamlit as st

from maeul import maps, ui
from maeul import views_districts as vd
from maeul.i18n import t

vd.register_all(ui.register)
f = ui.filters()
ui.banners(f)

LAYERS = [  # (session key, label key, default)
    ("map_layer_gu", "map.layer.choropleth", True),
    ("map_layer_dong", "map.layer.dongs", False),
    ("map_layer_labels", "map.layer.labels", True),
    ("map_layer_spaces", "map.layer.spaces", True),
    ("map_layer_childcare", "map.layer.childcare", True),
]




def _measure_caption(measure: str, indicator_row, values, lang: str) -> str:
    spec = vd.MEASURES[measure]
    src = spec["source"]
    if src == "indicator":
        sources = sorted({str(s) for s in values["source"].dropna()}) if len(values) else []
        src_text = ", ".join(t(f"source.{s}", lang) for s in sources) or t("map.source.no_actuals", lang)
        basis = sorted({str(b) for b in values.get("target_basis", []) if isinstance(b, str)})
        return t("map.source.indicator", lang, section=indicator_row.get("source_section") or "–",
                 sources=src_text, basis=t(f"basis.{f.basis}", lang), bases=", ".join(basis) or "–", as_of=f.as_of)
    if measure == "dong_count":
        return t("map.source.dong_count", lang,
                 source=ui.cached("vd_stat_source", "resident_tax_individual_per_dong") or "–")
    if src == "plan_tax_table":
        return t("map.source.plan_table", lang, source=ui.cached("vd_stat_source", spec["stat"]) or "–")
    if src == "population":
        return t("map.source.population", lang, source=ui.cached("vd_stat_source", "population_registered") or "–")
    is_sample = bool(values["is_sample"].any()) if "is_sample" in values.columns else False
    spaces_src = t("map.source.spaces_sample" if is_sample else "map.source.spaces", lang, as_of=f.as_of)
    if src == "spaces_population":
        pop = ui.cached("vd_stat_source", "population_registered") or "–"
        return spaces_src + " " + t("map.source.population", lang, source=pop)
    return spaces_src


@ui.guarded
def render() -> None:
    lang = f.lang
    st.title(t("map.title", lang))
    st.caption(t("map.intro", lang))

    # ---- measure and layers
    measures = list(vd.MEASURES)
    if st.session_state.get("map_measure") not in measures:  # first visit: an indicator once there are actuals
        st.session_state["map_measure"] = "ind_rate" if ui.cached("has_actuals") else "dong_count"
    c1, c2 = st.columns([1, 2])
    with c1:
        measure = ui.sticky(st.selectbox, "map_measure", None, t("map.measure", lang), measures,
                         format_func=lambda m: t(f"map.measure.{m}", lang), help=t("map.measure_help", lang))
    spec = vd.MEASURES[measure]
    indicator, indicator_row = None, {}
    if spec["indicator"]:
        opts = ui.cached("vd_indicator_options")
        if opts.empty:
            c2.info(t("map.no_indicators", lang))
            measure, spec = "dong_count", vd.MEASURES["dong_count"]
        else:
            codes = list(opts["code"])
            labels = {r["code"]: f"{r['code']} {r['name_en'] if lang == 'en' and r.get('name_en') else r['name']}"
                      f" ({r['unit']})" for r in opts.to_dict("records")}
            if st.session_state.get("map_indicator") not in codes:
                prim = opts[opts["role"] == "primary"]
                st.session_state["map_indicator"] = prim["code"].iloc[0] if len(prim) else codes[0]
            with c2:
                indicator = ui.sticky(st.selectbox, "map_indicator", None, t("map.indicator", lang), codes,
                                   format_func=lambda c: labels.get(c, c))
            indicator_row = opts[opts["code"] == indicator].iloc[0].to_dict()
    cols = st.columns(len(LAYERS))
    shown = {}
    for col, (key, label, default) in zip(cols, LAYERS):
        with col:
            shown[key] = ui.sticky(st.toggle, key, default, t(label, lang))

    # ---- data
    values = ui.cached("vd_district_measure", measure, f.as_of, f.basis, indicator)
    unit = spec["unit"] or (indicator_row.get("unit") if indicator_row else None)
    kind = spec["kind"]
    bins = maps.legend_bins(values["value"], kind=kind, lang=lang)
    n_missing = int(values["value"].isna().sum()) if len(values) else 25
    status = ui.cached("vd_spaces_status")
    spaces = ui.cached("vd_spaces_as_of", f.as_of) if status["n"] else None
    sample_spaces = bool(status["n_sample"])
    types_present: list[str] = []
    if spaces is not None and not spaces.empty:
        types_present = [x for x in maps.SPACE_COLORS if x in set(spaces["space_type"])] + sorted(
            set(spaces["space_type"]) - set(maps.SPACE_COLORS))
        kept = [x for x in st.session_state.get("map_space_types", types_present) if x in types_present]
        st.session_state["map_space_types"] = kept
        chosen = ui.sticky(st.multiselect, "map_space_types", types_present, t("map.space_types", lang), types_present,
                        format_func=lambda x: maps.space_type_label(x, lang))
        spaces = spaces[spaces["space_type"].isin(chosen)]
    measure_label = t(f"map.measure.{measure}", lang)
    if indicator:
        measure_label = f"{measure_label} · {indicator}"
    deck = maps.build_map(
        values, bins, measure_label=measure_label, unit=unit, kind=kind, lang=lang,
        show_choropleth=shown["map_layer_gu"], show_dongs=shown["map_layer_dong"],
        show_labels=shown["map_layer_labels"], spaces=spaces, show_spaces=shown["map_layer_spaces"],
        show_childcare=shown["map_layer_childcare"], highlight=f.districts, sample_spaces=sample_spaces,
        extra_col="detail")

    # ---- map + legend
    m_col, l_col = st.columns([3, 1])
    with m_col:
        st.pydeck_chart(deck, height=620, key="map_deck", alt=t("map.alt", lang, measure=measure_label))
    with l_col:
        points = []
        tag = f" ({t('map.sample_tag', lang)})" if sample_spaces else ""
        if shown["map_layer_spaces"] and spaces is not None and not spaces.empty:
            for x in [y for y in types_present if y in set(spaces["space_type"])]:
                points.append((maps.space_type_label(x, lang) + tag, maps.SPACE_COLORS.get(x, maps.SPACE_COLORS["기타"]),
                               "dot"))
        if shown["map_layer_childcare"] and spaces is not None and bool(spaces["has_childcare_room"].any()):
            points.append((t("map.childcare", lang) + tag, maps.CHILDCARE_RGB, "ring"))
        title = t(f"map.measure.{measure}", lang) if shown["map_layer_gu"] else t("map.legend.no_choropleth", lang)
        st.html(maps.legend_html(title, bins if shown["map_layer_gu"] else [], unit if shown["map_layer_gu"] else None,
                                 lang, n_missing=n_missing if shown["map_layer_gu"] else 0, points=points))
        if f.districts:
            st.caption(t("map.zoomed", lang, n=len(f.districts)))

    # ---- sources and attribution
    ui.source_caption(f, _measure_caption(measure, indicator_row, values, lang))
    if kind == "rate" and f.basis == "none":
        st.info(t("map.basis_none", lang))
    ui.source_caption(f, t("map.source.boundaries", lang))
    st.caption(t("map.attribution_title", lang) + "  \n" + maps.attribution_text())

    # ---- spaces status
    if not status["n"]:
        st.info(t("map.no_spaces", lang))
    elif sample_spaces:
        st.warning(t("map.sample_spaces", lang, n=status["n_sample"]))

    # ---- the measure by district (table + CSV)
    st.subheader(t("map.table_title", lang, measure=measure_label))
    name_col = "district_name_en" if lang == "en" else "district_name"
    table = values.copy()
    table["rank"] = table["value"].rank(ascending=False, method="min")
    value_head = f"{t(f'map.measure.{measure}', lang)} ({unit})" if unit else t(f"map.measure.{measure}", lang)
    show = table[["district_code", name_col, "value", "rank"]].rename(columns={
        "district_code": t("col.code", lang), name_col: t("col.district", lang), "value": value_head,
        "rank": t("map.col.rank", lang)})
    if kind == "rate":
        show[value_head] = show[value_head] * 100
    extra = [c for c in ("actual", "expected", "status", "target_basis", "spaces_total", "childcare_rooms", "source")
             if c in table.columns]
    for c in extra:
        show[t(f"map.col.{c}", lang)] = table[c].map(lambda s: t(f"status.{s}", lang)) if c == "status" else table[c]
    st.dataframe(show, hide_index=True, column_config={
        value_head: st.column_config.NumberColumn(format="%.0f%%" if kind == "rate" else "localized"),
        t("map.col.rank", lang): st.column_config.NumberColumn(format="%d"),
    })
    csv = values.copy()
    csv.insert(3, "measure", measure)
    csv.insert(4, "indicator", indicator or "")
    csv.insert(5, "as_of", f.as_of)
    ui.download(csv, f"map_{measure}{'_' + indicator if indicator else ''}_{f.as_of}.csv", f, key="dl_map_measure")


render()
