"""개요 (overview) — for executives: are we on track, where are we behind, where does the money go.

Widgets and layout only: progress and roll-up from maeul.read.progress (through cache.cached), shaping in
maeul.present.tables, figures from maeul.present.charts.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from maeul import PLAN_YEARS
from maeul.i18n import t
from maeul.present import charts
from maeul.present import format as fmt
from maeul.present import tables as vs
from maeul.present.filters import Filters
from maeul.present.theme import CHART_CONFIG
from maeul.read import progress as progress_mod
from maeul.read.rules import STATUSES
from maeul.web import cache, sidebar, widgets


def _header(f: Filters) -> None:
    lang = f.lang
    st.title(t("overview.title", lang))
    st.caption(t("app.subtitle", lang))
    st.markdown(t("overview.scope", lang, scope=sidebar.scope_text(f), as_of=f.as_of))
    if f.districts:
        st.info(t("overview.district_note", lang, n=len(f.districts), basis=t(f"basis.{f.basis}", lang)))


def _rollup(f: Filters, level: str, weighted: bool) -> pd.DataFrame:
    """progress_mod.rollup of the scope's progress at ``level`` ('plan' | 'strategy'), optionally budget-weighted."""
    prog = cache.cached("progress", f.as_of, f.district_arg, f.basis)
    weights = cache.cached("project_budget_weights") if weighted else None
    return progress_mod.rollup(prog, level, weights)


def _plan_model(f: Filters, weighted: bool) -> dict:
    """The plan-level roll-up, its gauge and status mix, and the CSV behind them (built once per filters, memo)."""
    lang = f.lang
    roll = _rollup(f, "plan", weighted)
    r = roll.iloc[0].to_dict() if len(roll) else {"rate": None, "status": STATUSES[4], "n_rated": 0,
                                                 "n_indicators": 0}
    counts = pd.DataFrame({"status": STATUSES, "count": [int(r.get(s, 0) or 0) for s in STATUSES]})
    latest = cache.cached("latest_upload")
    return {
        "r": r,
        "gauge": charts.progress_gauge(r["rate"], r["status"], lang),
        "mix": charts.status_mix_bar(counts, lang, title=t("overview.status_mix", lang)),
        "upload_date": vs.upload_date(latest, lang),
        "upload_text": vs.upload_text(latest, lang) if latest else None,
        "data": counts.assign(scope=sidebar.scope_text(f), as_of=f.as_of, plan_rate=r["rate"], plan_status=r["status"],
                              weighted=weighted),
    }


def _plan_section(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("overview.plan_progress", lang))
    weighted = st.toggle(t("overview.weighted", lang), key="ov_weighted", help=t("overview.weighted_help", lang))
    m = cache.memo("overview.plan", lambda: _plan_model(f, weighted), *f.key, weighted)
    r = m["r"]
    c1, c2, c3 = st.columns([1.1, 1.7, 1.0])
    with c1:
        st.plotly_chart(m["gauge"], key="ov_gauge", config=CHART_CONFIG)
        st.markdown(t("overview.plan_status", lang) + " " + fmt.status_md(r["status"], lang))
    with c2:
        st.plotly_chart(m["mix"], key="ov_mix", config=CHART_CONFIG)
        st.markdown(t("overview.rated", lang, rated=int(r["n_rated"]), n=int(r["n_indicators"])))
        if int(r["n_rated"]) == 0:
            st.caption(t("overview.nothing_rated", lang))
    with c3:
        st.metric(t("overview.as_of", lang), f.as_of)
        st.metric(t("overview.latest_upload", lang), m["upload_date"])
        if m["upload_text"]:
            st.caption(m["upload_text"])
    st.caption(t("caption.rollup_rule", lang) + (" " + t("overview.weighted_rule", lang) if weighted else ""))
    st.caption(t("caption.status_rule", lang))
    st.caption(t("overview.plan_source", lang))
    widgets.download(m["data"], f"overview_plan_{f.as_of}.csv", f, key="dl_ov_plan")


def _cards_model(f: Filters, weighted: bool) -> dict:
    """One card per core value and the planned-vs-executed chart (memo)."""
    lang = f.lang
    roll = _rollup(f, "strategy", weighted)
    budget = cache.cached("budget_scope", f.as_of, f.district_arg)
    strategies = cache.cached("strategies")
    frame = vs.budget_chart_frame(budget, strategies, lang)
    return {"cards": vs.strategy_cards(roll, strategies, budget, lang), "frame": frame,
            "chart": charts.budget_bar(frame, lang)}


def _strategy_cards(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("overview.values", lang))
    weighted = bool(st.session_state.get("ov_weighted"))
    m = cache.memo("overview.cards", lambda: _cards_model(f, weighted), *f.key, weighted)
    cards = m["cards"]
    year = int(f.as_of[:4])
    cols = st.columns(len(cards) or 1)
    for col, c in zip(cols, cards):
        with col, st.container(border=True):
            st.markdown(f"**{c['code']}. {c['name']}**")
            st.caption(c["aim"])
            st.metric(t("overview.card.progress", lang), c["rate_text"])
            st.markdown(fmt.status_md(c["status"], lang))
            if c["rate"] is not None:
                st.progress(min(max(c["rate"], 0.0), 1.0))
            st.caption(t("overview.card.indicators", lang, rated=c["n_rated"], n=c["n_indicators"]))
            st.markdown(c["counts"])
            st.divider()
            label = "overview.card.exec_rate" if not f.districts else "overview.card.exec_amount"
            st.metric(t(label, lang, year=year), c["budget_metric"])
            if c["budget_year"]:
                st.caption(c["budget_year"])
            if c["budget_total"]:
                st.caption(c["budget_total"])
    if f.districts:
        st.caption(t("overview.budget.district_note", lang))
    # where does the money go: planned vs executed to date per core value
    with st.expander(t("overview.budget_chart", lang, first=PLAN_YEARS[0], as_of=f.as_of), expanded=False):
        st.plotly_chart(m["chart"], key="ov_budget", config=CHART_CONFIG)
        st.caption(t("overview.budget_source", lang))
        widgets.download(m["frame"], f"overview_budget_{f.as_of}.csv", f, key="dl_ov_budget")


def _headline_model(as_of: str, basis: str, lang: str) -> dict:
    """The citywide headline indicators (성과지표) with published figures: chart, table, notes (memo)."""
    prog_city = cache.cached("progress", as_of, None, basis)
    df = vs.headline_frame(prog_city, cache.cached("hierarchy"), cache.cached("published"),
                           cache.cached("yearly_targets", None, basis), as_of, lang)
    return {"df": df, "chart": charts.headline_chart(df, lang),
            "table": charts.status_pills(vs.headline_display(df, lang)),
            "notes": [f"{r['code']} {r['label']}: {r['note']}" for r in df.to_dict("records")
                      if isinstance(r.get("note"), str)]}


def _headline(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("overview.headline", lang))
    m = cache.memo("overview.headline", lambda: _headline_model(f.as_of, f.basis, lang), f.as_of, f.basis, lang)
    if f.districts:
        st.caption(t("overview.headline_citywide", lang))
    st.plotly_chart(m["chart"], key="ov_headline", config=CHART_CONFIG)
    widgets.table(m["table"], hide_index=True, column_config={
        "code": st.column_config.TextColumn(t("col.code", lang), width="small"),
        "indicator": t("overview.col.indicator", lang),
        "baseline": t("overview.col.baseline", lang),
        "target": t("overview.col.target_2022", lang),
        "actual": t("overview.col.latest", lang),
        "status": widgets.status_column(t("col.status", lang), lang),
        "source": t("overview.col.source", lang),
        "published": t("overview.col.published", lang),
        "url": st.column_config.LinkColumn(t("overview.col.link", lang), display_text=t("overview.open", lang)),
        "_status": None,
    }, column_order=["code", "indicator", "baseline", "target", "actual", "status", "source", "published", "url"])
    st.caption(t("overview.headline_source", lang))
    for n in m["notes"]:
        st.caption("ⓘ " + n)
    widgets.download(m["df"], f"overview_headline_{f.as_of}.csv", f, key="dl_ov_headline")


def _ranks_model(f: Filters) -> dict:
    """Furthest behind and furthest ahead indicators, as shown and as downloaded (memo)."""
    prog = cache.cached("progress", f.as_of, f.district_arg, f.basis)
    hier = cache.cached("hierarchy")
    behind = vs.ranked(prog, hier, f.lang, ahead=False)
    ahead = vs.ranked(prog, hier, f.lang, ahead=True)
    return {"behind": charts.status_pills(behind), "ahead": charts.status_pills(ahead),
            "data": pd.concat([behind.assign(group="behind"), ahead.assign(group="ahead")]).drop(columns="_status")
            if not behind.empty else None}


def _ranks(f: Filters) -> None:
    lang = f.lang
    m = cache.memo("overview.ranks", lambda: _ranks_model(f), *f.key)
    config = {
        "code": st.column_config.TextColumn(t("col.code", lang), width=70),
        "indicator": st.column_config.TextColumn(t("overview.col.indicator", lang), width=190),
        "project": t("overview.col.project", lang),
        "rate": st.column_config.ProgressColumn(t("col.rate", lang), min_value=0, max_value=100, format="%.0f%%",
                                                width=110),
        "status": widgets.status_column(t("col.status", lang), lang, width=75),
        "actual": t("col.actual", lang),
        "expected": t("col.expected", lang),
        "_status": None,
    }
    c1, c2 = st.columns(2)
    for col, key, df in ((c1, "overview.behind", m["behind"]), (c2, "overview.ahead", m["ahead"])):
        with col:
            st.subheader(t(key, lang))
            if df.empty:
                st.info(t("overview.no_ranked", lang))
            else:
                widgets.table(df, hide_index=True, column_config=config,
                             column_order=["code", "indicator", "rate", "status", "actual", "expected", "project"])
    st.caption(t("overview.rank_rule", lang))
    if m["data"] is not None:
        widgets.download(m["data"], f"overview_ranking_{f.as_of}.csv", f, key="dl_ov_rank")


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    widgets.banners(f)
    _header(f)
    _plan_section(f)
    _strategy_cards(f)
    _ranks(f)
    _headline(f)


render()
