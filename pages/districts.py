"""자치구 비교 (districts, for the committee): a ranking of the districts on one indicator (derived targets named as
derived), small multiples of key indicators, one district's profile, and two districts side by side.

Widgets and drawing only: every figure, table and text comes from maeul.present.models.districts, memoised with
cache.memo by the filters and the widget values it reads."""

import streamlit as st

from maeul.i18n import t
from maeul.present.filters import Filters
from maeul.present.models import districts as model
from maeul.present.theme import CHART_CONFIG
from maeul.web import cache, sidebar, widgets


def _rate_config(lang: str) -> dict:
    """Column config of a progress table: the rate as a whole % (targets, expected and actuals are text already,
    with their units and derived values rounded by the model)."""
    return {t("col.rate", lang): st.column_config.NumberColumn(format="%.0f%%")}


def ranking(f: Filters, om: dict) -> None:
    lang = f.lang
    st.subheader(t("districts.ranking.title", lang))
    codes, labels = list(om["codes"]), om["labels"]
    if st.session_state.get("dist_indicator") not in codes:
        st.session_state["dist_indicator"] = om["default"]
    c1, c2 = st.columns([2, 1])
    with c1:
        code = widgets.sticky(st.selectbox, "dist_indicator", None, t("districts.indicator", lang), codes,
                              format_func=lambda c: labels.get(c, c))
    with c2:
        value = widgets.sticky(st.radio, "dist_value", "rate", t("districts.value", lang),
                               ["rate", "actual", "target"], horizontal=True,
                               format_func=lambda v: t(f"districts.value.{v}", lang))
    m = cache.memo("districts.ranking", lambda: model.ranking(cache.DATA, f, code, value), *f.key, code, value)
    st.plotly_chart(m["chart"], key="dist_rank_chart", config=CHART_CONFIG)
    st.caption(m["caption"])
    if m["basis_note"]:
        st.info(m["basis_note"])
    for line in m["selected"]:
        st.markdown(line)
    if m["data"] is not None:
        widgets.download(m["data"], m["csv_name"], f, key="dl_dist_rank")


def multiples(f: Filters, om: dict) -> None:
    lang = f.lang
    st.subheader(t("districts.multiples.title", lang))
    codes, labels = list(om["codes"]), om["labels"]
    if "dist_multi" not in st.session_state:
        st.session_state["dist_multi"] = list(om["multi_default"])
    st.session_state["dist_multi"] = [c for c in st.session_state["dist_multi"] if c in codes]
    chosen = tuple(widgets.sticky(st.multiselect, "dist_multi", [], t("districts.multiples.pick", lang), codes,
                                  max_selections=om["max_multiples"], format_func=lambda c: labels.get(c, c)))
    if not chosen:
        st.info(t("districts.multiples.none", lang))
        return
    m = cache.memo("districts.multiples", lambda: model.multiples(cache.DATA, f, chosen), *f.key, chosen)
    st.plotly_chart(m["chart"], key="dist_multi_chart", config=CHART_CONFIG)
    st.caption(m["caption"])
    widgets.download(m["data"], m["csv_name"], f, key="dl_dist_multi")


def _profile_tables(f: Filters, m: dict) -> None:
    lang = f.lang
    left, right = st.columns([1, 1])
    with left:
        st.markdown(f"**{t('districts.profile.dongs', lang)}**")
        widgets.table(m["dongs_view"], hide_index=True, height=300, column_config={
            t("districts.col.pop", lang): st.column_config.NumberColumn(format="localized"),
            t("districts.col.area", lang): st.column_config.NumberColumn(format="%.2f")})
        st.caption(m["dongs_caption"])
        widgets.download(m["dongs"], m["csv_names"]["dongs"], f, key="dl_dist_dongs")
    with right:
        st.markdown(f"**{t('districts.profile.tax', lang)}**")
        if m["tax_view"].empty:
            st.info(t("districts.profile.no_tax", lang))
        else:
            widgets.table(m["tax_view"], hide_index=True, column_config={
                t("districts.col.value", lang): st.column_config.NumberColumn(format="localized"),
                t("col.year", lang): st.column_config.NumberColumn(format="%d")})
            st.caption(m["tax_caption"])
            widgets.download(m["tax"], m["csv_names"]["tax"], f, key="dl_dist_tax")


def profile(f: Filters, om: dict) -> None:
    lang = f.lang
    st.subheader(t("districts.profile.title", lang))
    names = om["names"]
    # the key follows the sidebar selection, so choosing districts there re-points the profile
    code = widgets.sticky(st.selectbox, "dist_profile|" + "_".join(f.districts or ("all",)), om["profile_default"],
                          t("districts.profile.pick", lang), list(om["districts"]),
                          format_func=lambda c: names.get(c, c))
    m = cache.memo("districts.profile", lambda: model.profile(cache.DATA, f, code), *f.key, code)
    st.markdown(f"### {m['name']}")
    widgets.metrics(m["metrics"][:3], key="dist_people")  # two rows of three at full width, fewer when narrow
    widgets.metrics(m["metrics"][3:], key="dist_places")
    st.caption(m["facts_caption"])
    _profile_tables(f, m)

    title = f"**{t('districts.profile.spaces', lang, as_of=f.as_of)}**"
    if m["spaces"].empty:
        st.markdown(title)
        st.info(t("districts.profile.no_spaces", lang))
    else:
        st.markdown(f"{title}  \n{m['spaces_counts']}")  # title and counts: one element
        if m["spaces_sample"]:
            st.warning(t("districts.profile.sample_spaces", lang))
        widgets.table(m["spaces_view"], hide_index=True, height=260)
        widgets.download(m["spaces"], m["csv_names"]["spaces"], f, key="dl_dist_spaces")
    st.caption(t("districts.caption.spaces", lang))

    st.markdown(f"**{t('districts.profile.progress', lang, as_of=f.as_of)}**  \n{m['progress_counts']}")
    widgets.table(m["progress_view"], hide_index=True, height=360, column_config=_rate_config(lang))
    st.caption(m["progress_caption"])
    widgets.download(m["progress"], m["csv_names"]["progress"], f, key="dl_dist_progress")


def compare(f: Filters, om: dict) -> None:
    lang = f.lang
    st.subheader(t("districts.compare.title", lang))
    names, codes = om["names"], list(om["districts"])
    da, db = om["compare_default"]
    suffix = "_".join(f.districts or ("all",))
    c1, c2 = st.columns(2)
    with c1:
        a = widgets.sticky(st.selectbox, "dist_cmp_a|" + suffix, da, t("districts.compare.a", lang), codes,
                           format_func=lambda c: names.get(c, c))
    with c2:
        b = widgets.sticky(st.selectbox, "dist_cmp_b|" + suffix, db, t("districts.compare.b", lang), codes,
                           format_func=lambda c: names.get(c, c))
    m = cache.memo("districts.compare", lambda: model.compare(cache.DATA, f, a, b), *f.key, a, b)
    if m["same"]:
        st.info(m["same"])
    table = m["table"]
    widgets.table(table, hide_index=True, height=36 * (len(table) + 1) + 4, column_config={
        c: st.column_config.NumberColumn(format="localized") for c in m["num_cols"]})
    st.caption(m["facts_caption"])
    widgets.download(table, m["csv_names"]["facts"], f, key="dl_dist_cmp_facts")
    st.plotly_chart(m["chart"], key="dist_cmp_chart", config=CHART_CONFIG)
    st.caption(m["caption"])
    widgets.download(m["data"], m["csv_names"]["data"], f, key="dl_dist_cmp")


VIEWS = {"ranking": "districts.tab.ranking", "multiples": "districts.tab.multiples",
         "profile": "districts.tab.profile", "compare": "districts.tab.compare"}
DEFAULT_VIEW = "ranking"


def _view(lang: str) -> str:
    """The view shown, kept in the URL by its code (?view=profile, so a copied link opens it in either language):
    only it runs and is drawn (st.tabs would draw all four every time)."""
    if "districts_view" not in st.session_state:
        st.session_state["districts_view"] = model.view_from_link(st.query_params.get("view"), VIEWS)
    view = st.segmented_control(t("districts.view", lang), list(VIEWS), required=True, key="districts_view",
                                format_func=lambda v: t(VIEWS[v], lang), label_visibility="collapsed",
                                width="stretch")
    if st.query_params.get("view") != view and (view != DEFAULT_VIEW or "view" in st.query_params):
        if view == DEFAULT_VIEW:
            del st.query_params["view"]
        else:
            st.query_params["view"] = view
    return view


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    widgets.banners(f)
    lang = f.lang
    st.title(t("districts.title", lang))
    om = cache.memo("districts.options", lambda: model.options(cache.DATA, f), *f.key)
    st.caption(om["intro"])
    view = _view(lang)
    if view in ("ranking", "multiples") and not om["codes"]:
        st.info(t("districts.no_indicators", lang))
    else:
        {"ranking": ranking, "multiples": multiples, "profile": profile, "compare": compare}[view](f, om)


render()
