"""개요 (overview) — for executives: are we on track, where are we behind, where does the money go.

Draws only: each section is built by maeul.present.models.overview (once per filters and widget values, cache.memo)
and drawn here.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

import maeul.present.models.overview  # noqa: F401 - makes models.overview available
from maeul.i18n import t
from maeul.present import format as fmt
from maeul.present import models
from maeul.present.filters import Filters
from maeul.present.theme import CHART_CONFIG
from maeul.web import cache, sidebar, widgets


def _header(f: Filters) -> None:
    m = cache.memo("overview.header", lambda: models.overview.header(cache.DATA, f), *f.key)
    widgets.page_header(m)


def _plan_section(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("overview.plan_progress", lang))
    weighted = st.toggle(t("overview.weighted", lang), key="ov_weighted", help=t("overview.weighted_help", lang))
    m = cache.memo("overview.plan", lambda: models.overview.plan(cache.DATA, f, weighted), *f.key, weighted)
    grid = st.grid(3, min_column_width=240)  # gauge, status mix, dates; wraps rather than squeezing at 800 px
    with grid.cell():
        st.plotly_chart(m["gauge"], key="ov_gauge", config=CHART_CONFIG)
        st.markdown(m["status"])
    with grid.cell():
        st.plotly_chart(m["mix"], key="ov_mix", config=CHART_CONFIG)
        st.markdown(m["rated"])
        if m["nothing_rated"]:
            st.caption(m["nothing_rated"])
    with grid.cell():
        st.metric(t("overview.as_of", lang), f.as_of)
        st.metric(t("overview.latest_upload", lang), m["upload_date"])
        if m["upload_text"]:
            st.caption(m["upload_text"])
    st.caption(m["captions"])
    widgets.download(m["data"], f"overview_plan_{f.as_of}.csv", f, key="dl_ov_plan")


def _card(c: dict, budget_label: str, lang: str) -> None:
    st.markdown(f"**{c['code']}. {c['name']}**  \n:gray[{c['aim']}]")
    st.metric(t("overview.card.progress", lang), c["rate_text"])
    st.markdown(f"{c['status_md']} · {c['indicators']}")
    if c["bar"] is not None:  # no bar without a rate: an empty one would read as 0 %
        st.progress(c["bar"])
    st.markdown(c["counts"])
    # the label as a caption that wraps (a metric label is cut at a card's width: '2021년 자치구 집행액 (Q…')
    st.caption(budget_label)
    st.metric(budget_label, c["budget_metric"], label_visibility="collapsed")
    st.caption(c["budget_lines"])


def _strategy_cards(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("overview.values", lang))
    weighted = bool(st.session_state.get("ov_weighted"))
    m = cache.memo("overview.cards", lambda: models.overview.cards(cache.DATA, f, weighted), *f.key, weighted)
    # a grid: every card of a row as tall as the tallest; two by two where four would be too narrow (800 px)
    grid = st.grid(len(m["cards"]) or 1, min_column_width=190, border=True)
    for c in m["cards"]:
        with grid.cell():
            _card(c, m["budget_label"], lang)
    if m["district_note"]:
        st.caption(m["district_note"])
    # where does the money go: planned vs executed to date per core value (drawn when opened)
    with st.expander(m["chart_title"], expanded=False):
        st.plotly_chart(m["chart"], key="ov_budget", config=CHART_CONFIG)
        st.caption(t("overview.budget_source", lang))
        widgets.download(m["frame"], f"overview_budget_{f.as_of}.csv", f, key="dl_ov_budget")


def _headline(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("overview.headline", lang))
    city = replace(f, districts=())  # the headline indicators are citywide whatever the district filter
    m = cache.memo("overview.headline", lambda: models.overview.headline(cache.DATA, city), *city.key)
    if f.districts:
        st.caption(t("overview.headline_citywide", lang))
    widgets.table(m["table"], hide_index=True, placeholder=fmt.DASH, column_config={
        "code": st.column_config.TextColumn(t("col.code", lang), pinned=True),
        "indicator": st.column_config.TextColumn(t("overview.col.indicator", lang), pinned=True),
        "baseline": t("overview.col.baseline", lang),
        "target": t("overview.col.target_2022", lang),
        "actual": t("overview.col.latest", lang),
        "status": widgets.status_column(t("col.status", lang), lang),
        "source": t("overview.col.source", lang),
        "published": t("overview.col.published", lang),
        "url": st.column_config.LinkColumn(t("overview.col.link", lang), display_text=t("overview.open", lang)),
        "direction": st.column_config.TextColumn(t("overview.col.direction", lang),
                                                 help=t("overview.col.direction_help", lang)),
        "_status": None,
    }, column_order=["code", "indicator", "actual", "status", "target", "baseline", "direction", "source",
                     "published", "url"])
    st.caption(m["caption"])
    with st.expander(t("overview.headline_chart", lang)):  # the same figures drawn; drawn when opened
        st.plotly_chart(m["chart"], key="ov_headline", config=CHART_CONFIG)
    widgets.download(m["df"], f"overview_headline_{f.as_of}.csv", f, key="dl_ov_headline")


RANK_COLUMNS = ["code", "indicator", "rate", "status", "actual", "expected", "verified", "explanation", "project"]


def _ranks(f: Filters) -> None:
    lang = f.lang
    m = cache.memo("overview.ranks", lambda: models.overview.ranks(cache.DATA, f), *f.key)
    which = st.segmented_control(t("overview.ranks.view", lang), ["behind", "ahead"], default="behind",
                                 required=True, key="ov_rank", format_func=lambda k: t(f"overview.{k}", lang),
                                 label_visibility="collapsed") or "behind"
    st.subheader(t(f"overview.{which}", lang))
    df = m[which]
    if df.empty:
        st.info(t("overview.no_ranked", lang))
    else:
        widgets.table(df, hide_index=True, placeholder=fmt.DASH, column_order=RANK_COLUMNS, column_config={
            "code": st.column_config.TextColumn(t("col.code", lang), pinned=True),
            "indicator": st.column_config.TextColumn(t("overview.col.indicator", lang), pinned=True),
            "project": t("overview.col.project", lang),
            "rate": st.column_config.ProgressColumn(t("col.rate", lang), min_value=0, max_value=100,
                                                    format="%.0f%%", width=100),  # room for '100%' and the bar
            "status": widgets.status_column(t("col.status", lang), lang),
            "actual": t("col.actual", lang),
            "expected": t("col.expected", lang),
            "verified": t("review.col.verified", lang),
            "explanation": st.column_config.TextColumn(t("review.col.explanation", lang), width="medium"),
            "_status": None,
        })
    caption = "  \n".join(x for x in (m["notes"][which], t("overview.rank_rule", lang)) if x)
    st.caption(caption)
    if m["data"] is not None:
        widgets.download(m["data"], f"overview_ranking_{f.as_of}.csv", f, key="dl_ov_rank")


def _changes(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("overview.changes.title", lang))
    m = cache.memo("overview.changes", lambda: models.overview.changes(cache.DATA, f), *f.key)
    st.markdown(m["summary"])
    if m["data"].empty:
        return
    config = {"code": st.column_config.TextColumn(t("col.code", lang), pinned=True),
              "indicator": st.column_config.TextColumn(t("overview.col.indicator", lang), pinned=True),
              "then": t("overview.changes.then", lang), "now": t("overview.changes.now", lang),
              "rate": t("overview.changes.rate", lang), "project": t("overview.col.project", lang)}
    with st.expander(t("overview.changes.tables", lang)):  # drawn when opened
        for key in ("better", "worse"):
            st.markdown(f"**{t(f'overview.changes.{key}', lang)}**")
            if m[key].empty:
                st.caption(t("overview.changes.empty", lang))
            else:
                widgets.table(m[key], hide_index=True, placeholder=fmt.DASH, column_config=config)
        widgets.download(m["data"], f"overview_changes_{f.as_of}.csv", f, key="dl_ov_changes")


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    widgets.banners(f)
    _header(f)
    _plan_section(f)
    _strategy_cards(f)
    _ranks(f)
    _changes(f)
    _headline(f)


render()
