"""예산 흐름 (budget flows): where the plan's money goes, and — where uploaded — where it went.

Draws only: every section's texts, tables and figures come from maeul.present.models.budget through cache.memo
(built once per data version, filters and widget values, shared, never changed afterwards).
"""

from __future__ import annotations

import streamlit as st

from maeul import PLAN_YEARS
from maeul.i18n import t
from maeul.present.models import budget as model
from maeul.present.theme import CHART_CONFIG
from maeul.web import cache, sidebar, widgets


def _header(f, year: int | None) -> None:
    lang = f.lang
    m = cache.memo("budget.header", lambda: model.header(cache.DATA, f, year), *model.filters_key(f), year)
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        st.metric(t("budget.m_planned", lang), m["planned"], help=t("budget.m_planned_help", lang))
        st.caption(m["planned_caption"])
    with c2:
        st.metric(m["executed_label"], m["executed"], help=t("budget.m_executed_help", lang))
        st.caption(m["executed_caption"])
    with c3:
        st.metric(t("budget.m_rate", lang), m["rate"], help=m["rate_help"])
    with c4:
        st.metric(t("budget.m_viii", lang), m["recon"], help=t("budget.m_viii_help", lang))
        st.caption(m["recon_caption"])


def _reconciliation(f, year: int | None) -> None:
    lang = f.lang
    m = cache.memo("budget.reconciliation", lambda: model.reconciliation(cache.DATA, year, lang), year, lang)
    (st.warning if m["n_bad"] else st.success)(m["verdict"])
    with st.expander(t("budget.recon_expander", lang), expanded=bool(m["n_bad"])):
        widgets.table(m["show"], hide_index=True, placeholder="–", column_config={
            "level": t("budget.col_level", lang), "code": t("col.code", lang), "name": t("col.name", lang),
            "year": st.column_config.NumberColumn(t("col.year", lang), format="%d"),
            "printed": t("budget.col_printed", lang),
            "printed_amount": st.column_config.NumberColumn(t("budget.col_viii", lang), format="localized"),
            "computed": st.column_config.NumberColumn(t("budget.col_computed", lang), format="localized"),
            "diff": st.column_config.NumberColumn(t("budget.col_diff", lang), format="localized"),
            "match": t("budget.col_match", lang),
        })
        st.caption(t("budget.src_recon", lang))
        widgets.download(m["data"], "budget_viii_reconciliation.csv", f, key="dl_recon")


def _sankeys(f, year: int | None) -> None:
    lang = f.lang
    st.subheader(t("budget.sankey_title", lang, period=model.period_label(year, lang)))
    deep = bool(st.toggle(t("budget.show_lines", lang), key="budget_lines_level",
                          help=t("budget.show_lines_help", lang)))
    m = cache.memo("budget.sankeys", lambda: model.sankeys(cache.DATA, f, year, deep),
                   *model.filters_key(f), year, deep)
    st.plotly_chart(m["fig"], key="sankey_planned", config=CHART_CONFIG)
    st.caption(m["caption"])
    widgets.download(m["data"], f"budget_flows_{year or 'all'}.csv", f, key="dl_flows")
    # the other views one click away: only the chosen one runs and is drawn (hidden tabs would draw all three)
    view = st.segmented_control(t("budget.view", lang), model.VIEWS, default=None, key="budget_view",
                                format_func=lambda v: t(f"budget.view.{v}", lang), help=t("budget.view_help", lang))
    if view == "exec":
        _executed_sankey(f, year, m)
    elif view == "treemap":
        _treemap(f, year)
    elif view == "by_year":
        _by_year(f, year)


def _executed_sankey(f, year: int | None, m: dict) -> None:
    if m["notice"]:
        st.caption(m["notice"])
        return
    st.subheader(m["exec_title"])
    st.plotly_chart(m["fig2"], key="sankey_executed", config=CHART_CONFIG)
    st.caption(m["exec_caption"])
    widgets.download(m["ex_flows"], f"budget_executed_flows_{year or 'all'}_{f.as_of}.csv", f, key="dl_exflows")


def _treemap(f, year: int | None) -> None:
    lang = f.lang
    m = cache.memo("budget.treemap", lambda: model.treemap(cache.DATA, year, lang), year, lang)
    st.subheader(t("budget.treemap_title", lang, period=model.period_label(year, lang)))
    st.plotly_chart(m["treemap"], key="treemap", config=CHART_CONFIG)
    st.caption(" ".join((t("budget.src_plan", lang), t("budget.treemap_howto", lang),
                         t("budget.treemap_hidden", lang))))
    widgets.download(m["flows"], f"budget_treemap_{year or 'all'}.csv", f, key="dl_treemap")


def _by_year(f, year: int | None) -> None:
    lang = f.lang
    m = cache.memo("budget.treemap", lambda: model.treemap(cache.DATA, year, f.lang), year, f.lang)
    st.subheader(t("budget.bar_title", lang))
    st.plotly_chart(m["bar"], key="bar", config=CHART_CONFIG)
    st.caption(t("budget.src_viii", lang))
    widgets.download(m["by_year"], "budget_by_year_strategy.csv", f, key="dl_bar")


def _execution(f, note: str | None) -> None:
    lang = f.lang
    st.subheader(t("budget.exec_title", lang, as_of=f.as_of))
    if note:
        st.caption(note)
    by = st.segmented_control(t("budget.exec_by", lang), model.LEVELS, default="strategy", required=True,
                              key="exec_by", format_func=lambda v: t(f"budget.by.{v}", lang)) or "strategy"
    m = cache.memo("budget.execution", lambda: model.execution(cache.DATA, f, by), *model.filters_key(f), by)
    if m["notice"]:
        st.info(m["notice"])
    else:
        st.plotly_chart(m["fig"], key="exec_bar", config=CHART_CONFIG)
    year, q = f.year, int(f.as_of[-1])
    widgets.table(m["show"], hide_index=True, placeholder="–", column_config={
        "code": t("col.code", lang), "name": t("col.name", lang),
        "planned_year": st.column_config.NumberColumn(t("budget.col_planned_year", lang, year=year), format="localized"),
        "executed_year": st.column_config.NumberColumn(t("budget.ytd.col_executed_year", lang, year=year, q=q),
                                                       format="localized"),
        "rate_year": t("budget.ytd.col_rate_year", lang, year=year, q=q),
        "planned_to_date": st.column_config.NumberColumn(
            t("budget.col_planned_to_date", lang, first=PLAN_YEARS[0], year=year), format="localized"),
        "executed_to_date": st.column_config.NumberColumn(t("budget.col_executed_to_date", lang, as_of=f.as_of),
                                                          format="localized"),
        "rate_to_date": t("budget.col_rate_to_date", lang),
    })
    st.caption(m["caption"])
    widgets.download(m["ex"], f"budget_execution_{by}_{f.as_of}.csv", f, key="dl_exec")


def _outside(f, m: dict) -> None:
    lang = f.lang
    st.subheader(t("budget.outside_title", lang))
    st.markdown(t("budget.outside_intro", lang))
    table = m["out_table"]
    if table is None:
        st.caption(t("budget.outside_none", lang))
        return
    widgets.table(table, hide_index=True, placeholder="–", height=38 + 35 * len(table), column_config={
        "code": t("col.code", lang),
        "project": st.column_config.TextColumn(t("budget.col_project", lang), width="medium"),
        "name": st.column_config.TextColumn(t("budget.col_line", lang), width="medium"),
        "kind": st.column_config.TextColumn(t("budget.col_why_outside", lang), width="large"),
        "amount": st.column_config.NumberColumn(t("budget.col_amount_5y", lang), format="localized"),
    })
    st.caption(t("budget.src_lines", lang) + " " + t("budget.outside_dq", lang))
    widgets.download(m["out"], "budget_lines_outside_viii.csv", f, key="dl_outside")


def _lines(f) -> None:
    lang = f.lang
    m = cache.memo("budget.lines", lambda: model.lines(cache.DATA, lang), lang)
    st.subheader(t("budget.lines_title", lang))
    with st.expander(t("budget.lines_expander", lang, n=len(m["show"]))):  # drawn when opened
        _lines_tables(f, m)


def _lines_tables(f, m: dict) -> None:
    lang = f.lang
    cfg = {"code": t("col.code", lang),
           "project": st.column_config.TextColumn(t("budget.col_project", lang), width=150),
           "name": st.column_config.TextColumn(t("budget.col_line", lang), width=170),
           "funding_label": st.column_config.TextColumn(t("budget.col_funding", lang), width=110,
                                                        help=t("budget.col_funding_help", lang)),
           "counted_in_viii": st.column_config.CheckboxColumn(t("budget.col_counted", lang), width=64,
                                                               help=t("budget.col_counted_help", lang)),
           "printed_total": t("budget.col_printed_total", lang)}
    for y in PLAN_YEARS:
        cfg[f"y{y}"] = st.column_config.NumberColumn(str(y), format="localized", width=64)
    widgets.table(m["show"], hide_index=True, placeholder="–", column_config=cfg, height=420)
    st.caption(m["sum_caption"] + " " + t("budget.src_lines", lang))
    widgets.download(m["lines"], "budget_lines.csv", f, key="dl_lines")
    _outside(f, m)


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    lang = f.lang
    st.title(t("budget.title", lang))
    widgets.banners(f)
    st.caption(t("budget.intro", lang))
    choice = st.segmented_control(t("budget.year", lang), list(model.YEAR_OPTIONS), default=model.ALL, required=True,
                                  key="year", bind="query-params", help=t("budget.year_help", lang))
    year = model.year_of(choice)
    notes = cache.memo("budget.scope_notes", lambda: model.scope_notes(cache.DATA, f), *model.filters_key(f))
    if notes["page"]:
        st.info(notes["page"])
    _header(f, year)
    _reconciliation(f, year)
    _sankeys(f, year)
    _execution(f, notes["execution"])
    _lines(f)


render()
