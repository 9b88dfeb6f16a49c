"""데이터 품질 (data quality): what is missing, who is late, where the plan contradicts itself, which published
figures are in use.

Draws only: every section's texts, tables and figures come from maeul.present.models.quality through cache.memo
(built once per data version, filters and widget values, shared, never changed afterwards).
"""

from __future__ import annotations

import streamlit as st

from maeul.i18n import t
from maeul.present.filters import Filters
from maeul.present.models import quality as model
from maeul.present.theme import CHART_CONFIG
from maeul.web import cache, sidebar, widgets


def _metrics(f: Filters) -> None:
    lang = f.lang
    m = cache.memo("quality.metrics", lambda: model.metrics(cache.DATA, f), *model.filters_key(f))
    widgets.metrics([
        (t("quality.m_no_data", lang), m["no_data"], t("quality.m_no_data_help", lang, as_of=f.as_of)),
        (t("quality.m_stale", lang), m["late"], t("quality.m_stale_help", lang, as_of=f.as_of)),
        (t("quality.m_notes", lang), m["notes"], t("quality.m_notes_help", lang)),
        (t("quality.m_published", lang), m["published"], t("quality.m_published_help", lang))], key="dq")


def _heatmap(f: Filters) -> None:
    """The coverage heat map (the page's largest figure) in an expander that runs and draws it only when opened;
    its label says how many cells miss quarters, so the count is in view without opening it."""
    lang = f.lang
    st.subheader(t("quality.heat_title", lang, as_of=f.as_of))
    m = cache.memo("quality.heatmap", lambda: model.heatmap(cache.DATA, f), *model.filters_key(f))
    if m["empty"]:
        st.info(m["empty"])
        return
    if m["nothing"]:
        st.info(m["nothing"])
    box = st.expander(m["label"], key="dq_heatmap", on_change="rerun")
    if not box.open:
        return
    with box:
        st.plotly_chart(m["fig"], key="coverage_heatmap", config=CHART_CONFIG)
        st.caption(t("quality.heat_howto", lang, as_of=f.as_of) + " " + t("quality.src_upload", lang))
        widgets.download(m["data"], f"coverage_{f.as_of}.csv", f, key="dl_coverage")


def _stale(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("quality.stale_title", lang, as_of=f.as_of))
    m = cache.memo("quality.stale", lambda: model.stale(cache.DATA, f), *model.filters_key(f))
    widgets.table(m["show"], hide_index=True, placeholder="–", column_config={
        "district": t("col.district", lang), "last_quarter": t("quality.col_last", lang),
        "quarters_behind": st.column_config.NumberColumn(t("quality.col_behind", lang), format="%d"),
        "rows": st.column_config.NumberColumn(t("quality.col_rows", lang), format="localized"),
        "state": t("quality.col_state", lang),
    })
    st.caption(t("quality.stale_howto", lang, as_of=f.as_of) + " " + t("quality.src_upload", lang))
    widgets.download(m["data"], f"stale_districts_{f.as_of}.csv", f, key="dl_stale")


def _no_data(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("quality.nodata_title", lang, as_of=f.as_of))
    m = cache.memo("quality.no_data", lambda: model.no_data(cache.DATA, f), *model.filters_key(f))
    st.markdown(m["summary"])
    if m["show"] is None:
        st.success(t("quality.nodata_none", lang))
        return
    with st.expander(t("quality.nodata_expander", lang, n=m["n_missing"]), expanded=m["n_missing"] < m["n_ind"]):
        widgets.table(m["show"], hide_index=True, placeholder="–", column_config={
            "code": t("col.code", lang), "name": t("col.name", lang), "role": t("quality.col_role", lang),
            "kind": t("col.kind", lang), "scope": t("quality.col_scope", lang),
        })
    st.caption(t("quality.nodata_howto", lang, as_of=f.as_of) + " " + t("quality.src_upload_pub", lang))
    widgets.download(m["data"], f"indicator_data_{f.as_of}.csv", f, key="dl_nodata")


def _notes(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("quality.notes_title", lang))
    st.markdown(t("quality.notes_intro", lang))
    if not cache.memo("quality.notes_n", lambda: model.notes_count(cache.DATA)):
        st.info(t("quality.notes_empty", lang))
        return
    query = st.text_input(t("quality.notes_search", lang), key="dq_search",
                          placeholder=t("quality.notes_search_ph", lang)) or ""
    m = cache.memo("quality.notes", lambda: model.notes(cache.DATA, lang, query), lang, query)
    shown = m["shown"]
    widgets.table(shown, hide_index=True, placeholder="–", row_height=110, height=38 + 110 * min(len(shown), 5),
                 column_config={
                     "id": st.column_config.TextColumn(t("quality.col_id", lang), width=60),
                     "where": st.column_config.TextColumn(t("quality.col_where", lang), width=150),
                     "figure_a": st.column_config.TextColumn(t("quality.col_a", lang), width=180),
                     "figure_b": st.column_config.TextColumn(t("quality.col_b", lang), width=180),
                     "model_uses": st.column_config.TextColumn(t("quality.col_uses", lang), width=160),
                     "why": st.column_config.TextColumn(t("quality.col_why", lang), width=210),
                 })
    if not shown.empty:
        labels = m["labels"]
        chosen = st.selectbox(t("quality.notes_detail", lang), list(m["ids"]), key="dq_pick",
                            format_func=lambda i: labels[i])
        with st.container(border=True):
            st.markdown(m["detail"][chosen])
    with st.expander(m["read_all"]):
        st.markdown(m["all_md"])
    st.caption(t("quality.src_notes", lang))
    widgets.download(m["notes"], "data_quality_notes.csv", f, key="dl_notes")


def _published(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("quality.pub_title", lang))
    m = cache.memo("quality.published", lambda: model.published(cache.DATA, f), *model.filters_key(f))
    if m["show"] is None:
        st.info(t("quality.pub_empty", lang))
        return
    widgets.table(m["show"], hide_index=True, placeholder="–", row_height=56, column_config={
        "indicator": st.column_config.TextColumn(t("quality.col_indicator", lang), width=200),
        "district": t("col.district", lang),
        "period": t("quality.col_period", lang), "value": t("quality.col_value", lang),
        "publisher": st.column_config.TextColumn(t("quality.col_publisher", lang), width=150),
        "date": t("quality.col_date", lang),
        "url": st.column_config.LinkColumn(t("quality.col_url", lang), display_text=t("quality.link", lang),
                                           width=70),
        "confidence": t("quality.col_confidence", lang),
        "description": st.column_config.TextColumn(t("quality.col_description", lang), width="large"),
    })
    st.caption(t("quality.pub_howto", lang))
    widgets.download(m["data"], "published_figures.csv", f, key="dl_published")


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    lang = f.lang
    st.title(t("quality.title", lang))
    widgets.banners(f)
    st.caption(t("quality.intro", lang))
    _metrics(f)
    _heatmap(f)
    _stale(f)
    _no_data(f)
    _notes(f)
    _published(f)


render()
