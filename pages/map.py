"""지도 (map): the 자치구 coloured by a chosen measure, with 행정동 lines, district labels, community spaces by type
and 열린육아방 — drawn from local boundary files only (no basemap, no outside request; see maeul/present/maps.py).

Widgets and drawing only: every figure, table and text comes from maeul.present.models.map, memoised with
cache.memo by the filters and the widget values it reads.
"""

import streamlit as st

from maeul.i18n import t
from maeul.present.filters import Filters
from maeul.present.models import map as model
from maeul.web import cache, sidebar, widgets


def _measure(f: Filters, om: dict) -> tuple[str, str | None]:
    """The measure and (for indicator measures) the indicator chosen."""
    lang = f.lang
    measures = list(om["measures"])
    if st.session_state.get("map_measure") not in measures:  # first visit: an indicator once there are actuals
        st.session_state["map_measure"] = om["first_measure"]
    c1, c2 = st.columns([1, 2])
    with c1:
        measure = widgets.sticky(st.selectbox, "map_measure", None, t("map.measure", lang), measures,
                                 format_func=om["measure_labels"].get, help=t("map.measure_help", lang))
    if measure not in om["needs_indicator"]:
        return measure, None
    if not om["codes"]:
        c2.info(t("map.no_indicators", lang))
        return om["fallback_measure"], None
    codes, labels = list(om["codes"]), om["labels"]
    if st.session_state.get("map_indicator") not in codes:
        st.session_state["map_indicator"] = om["default_indicator"]
    with c2:
        indicator = widgets.sticky(st.selectbox, "map_indicator", None, t("map.indicator", lang), codes,
                                   format_func=lambda c: labels.get(c, c))
    return measure, indicator


def _layers(om: dict) -> tuple[str, ...]:
    """The layers switched on (names of model.LAYERS): toggles side by side, wrapping onto a second line when the
    page is narrow (fixed columns cut their labels to "Distr…" at 800 px)."""
    shown = []
    with st.container(horizontal=True, wrap=True, gap="medium", key="map_layers"):
        for name, label, default in om["layers"]:
            if widgets.sticky(st.toggle, f"map_layer_{name}", default, label):
                shown.append(name)
    return tuple(shown)


def _space_types(f: Filters, sm: dict) -> tuple[str, ...]:
    """The space types chosen (all present ones at first)."""
    types = list(sm["types"])
    if not types:
        return ()
    st.session_state["map_space_types"] = [x for x in st.session_state.get("map_space_types", types) if x in types]
    return tuple(widgets.sticky(st.multiselect, "map_space_types", types, t("map.space_types", f.lang), types,
                                format_func=lambda x: sm["type_labels"].get(x, x)))


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    widgets.banners(f)
    lang = f.lang
    st.title(t("map.title", lang))
    st.caption(t("map.intro", lang))
    om = cache.memo("map.options", lambda: model.options(cache.DATA, f), *f.key)
    measure, indicator = _measure(f, om)
    layers = _layers(om)
    mm = cache.memo("map.measure", lambda: model.measure(cache.DATA, f, measure, indicator),
                    *f.key, measure, indicator)
    sm = cache.memo("map.spaces", lambda: model.spaces(cache.DATA, f), *f.key)
    chosen = _space_types(f, sm)
    dm = cache.memo("map.deck", lambda: model.deck(cache.DATA, f, measure, indicator, layers, chosen),
                    *f.key, measure, indicator, layers, chosen)

    # ---- map + legend
    m_col, l_col = st.columns([3, 1])
    with m_col:
        st.pydeck_chart(dm["deck"], height=620, key="map_deck", alt=dm["alt"])
    with l_col:
        st.html(dm["legend"])
        if dm["zoomed"]:
            st.caption(dm["zoomed"])

    # ---- sources and attribution (one element)
    st.caption("  \n".join((mm["caption"], om["boundaries"], om["attribution"])))
    if mm["basis_note"]:
        st.info(mm["basis_note"])

    # ---- spaces status
    if sm["notice"]:
        kind, text = sm["notice"]
        (st.info if kind == "info" else st.warning)(text)

    # ---- the measure by district (table + CSV)
    st.subheader(mm["table_title"])
    widgets.table(mm["show"], hide_index=True, column_config={
        mm["value_head"]: st.column_config.NumberColumn(format="%.0f%%" if mm["kind"] == "rate" else "localized"),
        mm["rank_head"]: st.column_config.NumberColumn(format="%d"),
    })
    st.caption(mm["table_caption"])
    widgets.download(mm["csv"], mm["csv_name"], f, key="dl_map_measure")


render()
