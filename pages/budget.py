"""예산 흐름 (budget flows): where the plan's money goes, and — where uploaded — where it went.

Planned amounts are the plan's own (section Ⅷ 연차별 투자계획 and Ⅵ 단위사업별 연차별 소요예산, 백만원); executed
amounts come from uploads. Widgets and layout only: figures from maeul.present.budget_charts, data through cache.cached.
Each section is a model (queries, frames, figures, texts; built once per filters through cache.memo and shared,
never changed afterwards) and a draw part that only puts what the model returned on the page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from maeul import PLAN_YEARS
from maeul.i18n import t
from maeul.present import budget_charts as bc
from maeul.present import format as fmt
from maeul.present.filters import Filters
from maeul.present.theme import CHART_CONFIG
from maeul.web import cache, sidebar, widgets

ALL = f"{PLAN_YEARS[0]}–{PLAN_YEARS[-1]}"
YEAR_OPTIONS = [ALL] + [str(y) for y in PLAN_YEARS]
LEVELS = ("strategy", "task", "project", "line")


def _name(row, lang: str) -> str:
    if lang == "en" and isinstance(row.get("name_en"), str) and row.get("name_en"):
        return row["name_en"]
    return row["name"] if "name" in row else row["name_ko"]


def _period_label(year: int | None, lang: str) -> str:
    return t("budget.period_all", lang, first=PLAN_YEARS[0], last=PLAN_YEARS[-1]) if year is None \
        else t("budget.period_year", lang, year=year)


def _names_en() -> dict[str, str]:
    names_df = cache.cached("budget_names")
    return dict(zip(names_df["code"], names_df["name_en"]))


def _ex_flows(f: Filters, year: int | None) -> pd.DataFrame:
    return cache.cached("execution_flows", f.as_of, year, f.districts or None)


def _flow_key(f: Filters) -> tuple:
    """What the budget sections read of the filters (the page does not use the progress basis)."""
    return (f.districts, f.as_of, f.lang)


# ------------------------------------------------------------------ sections

def _header_model(f: Filters, year: int | None) -> dict:
    """The four headline metrics: planned, executed, execution rate, Ⅷ reconciliation (memo)."""
    lang = f.lang
    flows = cache.cached("budget_flows", year)
    ex_flows = _ex_flows(f, year)
    recon = cache.cached("viii_reconciliation")
    planned = float(flows.loc[flows["level"] == 1, "planned"].sum()) if not flows.empty else 0.0
    executed = float(ex_flows.loc[ex_flows["level"] == 1, "executed"].sum()) if not ex_flows.empty else None
    tot = recon[recon["level"] == "total"]
    if year is not None:
        tot = tot[tot["year"] == year]
    printed, computed = float(tot["printed_amount"].sum()), float(tot["computed"].sum())
    return {
        "planned": fmt.amount_eok(planned, lang),
        "planned_caption": f"{_period_label(year, lang)} · {fmt.amount(planned, lang)}",
        "executed": None if executed is None else fmt.amount_eok(executed, lang),
        "executed_caption": None if executed is None else f"= {fmt.amount(executed, lang)} · {sidebar.scope_text(f)}",
        "scope": sidebar.scope_text(f),
        "rate": None if executed is None else fmt.percent(executed / planned if planned else None),
        "recon_ok": bool(tot["match"].all()) and abs(printed - computed) < 0.5,
        "recon_caption": t("budget.recon_caption", lang, printed=fmt.amount(printed, lang),
                           computed=fmt.amount(computed, lang)),
    }


def _header(f: Filters, year: int | None) -> None:
    lang = f.lang
    m = cache.memo("budget.header", lambda: _header_model(f, year), *_flow_key(f), year)
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        st.metric(t("budget.m_planned", lang), m["planned"], help=t("budget.m_planned_help", lang))
        st.caption(m["planned_caption"])
    with c2:
        label = t("budget.m_executed", lang, as_of=f.as_of)
        if m["executed"] is None:
            st.metric(label, t("budget.no_execution_short", lang), help=t("budget.m_executed_help", lang))
            st.caption(m["scope"])
        else:
            st.metric(label, m["executed"], help=t("budget.m_executed_help", lang))
            st.caption(m["executed_caption"])
    with c3:
        if m["executed"] is None:
            st.metric(t("budget.m_rate", lang), t("budget.no_execution_short", lang))
        elif f.districts:
            st.metric(t("budget.m_rate", lang), "–", help=t("budget.m_rate_district_help", lang))
        else:
            st.metric(t("budget.m_rate", lang), m["rate"], help=t("budget.m_rate_help", lang))
    with c4:
        st.metric(t("budget.m_viii", lang),
                  t("budget.recon_ok_short" if m["recon_ok"] else "budget.recon_diff_short", lang),
                  help=t("budget.m_viii_help", lang))
        st.caption(m["recon_caption"])


def _reconciliation_model(year: int | None, lang: str) -> dict:
    """Section Ⅷ as printed vs the lines it counts, for the period: the table as shown and as downloaded (memo)."""
    recon = cache.cached("viii_reconciliation")
    scope = recon if year is None else recon[recon["year"] == year]
    bad = scope[~scope["match"]]
    tot = scope[scope["level"] == "total"]
    show = scope.copy()
    show["level"] = show["level"].map(lambda v: t(f"budget.level.{v}", lang))
    show["name"] = show["name_en"] if lang == "en" else show["name_ko"]
    show["match"] = show["match"].map(lambda m: t("budget.match_yes" if m else "budget.match_no", lang))
    show = show[["level", "code", "name", "year", "printed", "printed_amount", "computed", "diff", "match"]]
    if not bad.empty:
        show = pd.concat([show[scope["match"].values == False], show[scope["match"].values]])  # noqa: E712
    return {"n_bad": len(bad), "total": fmt.amount(float(tot["printed_amount"].sum()), lang), "show": show,
            "data": scope}


def _reconciliation(f: Filters, year: int | None) -> None:
    lang = f.lang
    m = cache.memo("budget.reconciliation", lambda: _reconciliation_model(year, lang), year, lang)
    if not m["n_bad"]:
        st.success(t("budget.recon_ok", lang, period=_period_label(year, lang), total=m["total"]))
    else:
        st.warning(t("budget.recon_diff", lang, n=m["n_bad"]))
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


def _sankeys_model(f: Filters, year: int | None, deep: bool) -> dict:
    """The planned Sankey (hovers with execution) and, where there is execution, the executed Sankey (memo)."""
    lang = f.lang
    flows = cache.cached("budget_flows", year)
    ex_flows = _ex_flows(f, year)
    max_level = 4 if deep else 3
    local = bc.localize_flows(flows, _names_en(), lang)
    merged = bc.with_execution(local, ex_flows)
    total = float(flows.loc[flows["level"] == 1, "planned"].sum()) if not flows.empty else 0.0
    scope = sidebar.scope_text(f)
    m = {
        "fig": bc.sankey(merged, lang=lang, max_level=max_level, show_rate=not f.districts,
                         title=t("budget.sankey_fig_title", lang, period=_period_label(year, lang),
                                 total=fmt.amount_both(total, lang))),
        "caption": t("budget.src_plan", lang) + " " + t("budget.sankey_howto", lang)
        + ("" if ex_flows.empty else " " + t("budget.src_exec", lang, as_of=f.as_of, scope=scope)),
        "data": merged[merged["level"] <= max_level],
        "future": year is not None and year > int(f.as_of[:4]),
        "no_execution": ex_flows.empty,
        "scope": scope,
        "fig2": None,
    }
    if not m["future"] and not ex_flows.empty:
        executed = float(ex_flows.loc[ex_flows["level"] == 1, "executed"].sum())
        m["fig2"] = bc.sankey(merged.assign(executed=merged["executed"].fillna(0)), lang=lang, value="executed",
                              max_level=max_level,
                              title=t("budget.sankey_exec_fig_title", lang, scope=scope,
                                      total=fmt.amount_both(executed, lang)))
        m["ex_flows"] = ex_flows
    return m


def _sankeys(f: Filters, year: int | None) -> None:
    lang = f.lang
    st.subheader(t("budget.sankey_title", lang, period=_period_label(year, lang)))
    deep = bool(st.toggle(t("budget.show_lines", lang), key="budget_lines_level",
                          help=t("budget.show_lines_help", lang)))
    m = cache.memo("budget.sankeys", lambda: _sankeys_model(f, year, deep), *_flow_key(f), year, deep)
    st.plotly_chart(m["fig"], key="sankey_planned", config=CHART_CONFIG)
    st.caption(m["caption"])
    widgets.download(m["data"], f"budget_flows_{year or 'all'}.csv", f, key="dl_flows")

    if m["future"]:
        st.info(t("budget.future_year", lang, year=year, as_of=f.as_of))
    elif m["no_execution"]:
        st.info(t("budget.no_execution_long", lang, as_of=f.as_of, scope=m["scope"]))
    else:
        st.subheader(t("budget.sankey_exec_title", lang, period=_period_label(year, lang), as_of=f.as_of))
        st.plotly_chart(m["fig2"], key="sankey_executed", config=CHART_CONFIG)
        st.caption(t("budget.src_exec", lang, as_of=f.as_of, scope=m["scope"]))
        widgets.download(m["ex_flows"], f"budget_executed_flows_{year or 'all'}_{f.as_of}.csv", f, key="dl_exflows")


def _treemap_model(year: int | None, lang: str) -> dict:
    """The planned treemap of the period and the planned-per-year bar with the period highlighted (memo)."""
    flows = cache.cached("budget_flows", year)
    by_year = cache.cached("budget", None, "strategy")
    return {"treemap": bc.treemap(bc.localize_flows(flows, _names_en(), lang), lang=lang), "flows": flows,
            "bar": bc.stacked_bar(by_year, lang=lang, highlight_year=year), "by_year": by_year}


def _treemap_and_bar(f: Filters, year: int | None) -> None:
    lang = f.lang
    m = cache.memo("budget.treemap", lambda: _treemap_model(year, lang), year, lang)
    left, right = st.columns([1.25, 1])
    with left:
        st.subheader(t("budget.treemap_title", lang, period=_period_label(year, lang)))
        st.plotly_chart(m["treemap"], key="treemap", config=CHART_CONFIG)
        st.caption(t("budget.src_plan", lang) + " " + t("budget.treemap_howto", lang))
        widgets.download(m["flows"], f"budget_treemap_{year or 'all'}.csv", f, key="dl_treemap")
    with right:
        st.subheader(t("budget.bar_title", lang))
        st.plotly_chart(m["bar"], key="bar", config=CHART_CONFIG)
        st.caption(t("budget.src_viii", lang))
        widgets.download(m["by_year"], "budget_by_year_strategy.csv", f, key="dl_bar")


def _execution_model(f: Filters, by: str) -> dict:
    """Planned vs executed per strategy/task/project/line: chart, table as shown, CSV (memo)."""
    lang = f.lang
    ex = cache.cached("execution_by_districts", f.as_of, by, f.districts or None)
    year = int(f.as_of[:4])
    has_any = bool(ex["has_execution"].any())
    show = ex.copy()
    show["name"] = [_name(r, lang) for r in ex.to_dict("records")]
    no_ex = t("budget.no_execution", lang)
    for col in ("planned_year", "executed_year", "planned_to_date", "executed_to_date"):
        show[col] = show[col].round(0)
    for col in ("executed_year", "executed_to_date"):
        show[col] = show[col].where(show["has_execution"])
    for col in ("rate_year", "rate_to_date"):
        show[col] = [no_ex if not h else ("–" if pd.isna(r) else fmt.percent(r))
                     for r, h in zip(show[col], show["has_execution"])]
    show = show[["code", "name", "planned_year", "executed_year", "rate_year", "planned_to_date", "executed_to_date",
                 "rate_to_date"]]
    fig = bc.execution_bar(ex, lang=lang, period="year",
                           title=t("budget.exec_fig_title", lang, year=year, as_of=f.as_of)) if has_any else None
    return {"ex": ex, "has_any": has_any, "fig": fig, "show": show, "scope": sidebar.scope_text(f)}


def _execution(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("budget.exec_title", lang, as_of=f.as_of))
    if f.districts:
        st.caption(t("budget.exec_district_caption", lang, scope=sidebar.scope_text(f)))
    by = st.segmented_control(t("budget.exec_by", lang), LEVELS, default="strategy", required=True, key="exec_by",
                              format_func=lambda v: t(f"budget.by.{v}", lang)) or "strategy"
    m = cache.memo("budget.execution", lambda: _execution_model(f, by), *_flow_key(f), by)
    year = int(f.as_of[:4])
    if not m["has_any"]:
        st.info(t("budget.no_execution_long", lang, as_of=f.as_of, scope=m["scope"]))
    else:
        st.plotly_chart(m["fig"], key="exec_bar", config=CHART_CONFIG)
    widgets.table(m["show"], hide_index=True, placeholder="–", column_config={
        "code": t("col.code", lang), "name": t("col.name", lang),
        "planned_year": st.column_config.NumberColumn(t("budget.col_planned_year", lang, year=year), format="localized"),
        "executed_year": st.column_config.NumberColumn(t("budget.col_executed_year", lang, year=year),
                                                       format="localized"),
        "rate_year": t("budget.col_rate_year", lang, year=year),
        "planned_to_date": st.column_config.NumberColumn(
            t("budget.col_planned_to_date", lang, first=PLAN_YEARS[0], year=year), format="localized"),
        "executed_to_date": st.column_config.NumberColumn(t("budget.col_executed_to_date", lang, as_of=f.as_of),
                                                          format="localized"),
        "rate_to_date": t("budget.col_rate_to_date", lang),
    })
    st.caption(t("budget.src_plan", lang) + " " + t("budget.src_exec", lang, as_of=f.as_of, scope=m["scope"])
               + " " + t("budget.exec_rule", lang))
    widgets.download(m["ex"], f"budget_execution_{by}_{f.as_of}.csv", f, key="dl_exec")


def _funding_label(row: dict, lang: str, short: bool = False) -> str:
    if row["funding"] == "비예산":
        return t("budget.funding_none", lang)
    if row["funding"] == "포함":
        if short:
            return t("budget.funding_included_short", lang)
        return t("budget.funding_included", lang, where=row.get("included_in") or "")
    return t("budget.funding_budget", lang)


def _lines_model(lang: str) -> dict:
    """Every budget line (table as shown, Ⅷ sums) and the lines outside Ⅷ (memo)."""
    names_df = cache.cached("budget_names")
    names = dict(zip(names_df["code"], names_df["name_en"] if lang == "en" else names_df["name_ko"]))
    lines = cache.cached("budget_lines")
    show = lines.copy()
    recs = lines.to_dict("records")
    show["project"] = [f"{r['unit_project_code']} {names.get(r['unit_project_code'], r['project_name'])}"
                       for r in recs]
    show["name"] = [_name(r, lang) for r in recs]
    show["funding_label"] = [_funding_label(r, lang, short=True) for r in recs]
    show["printed_total"] = [r["printed_total"] if isinstance(r["printed_total"], str) and r["printed_total"]
                             else (_funding_label(r, lang, short=True) if r["funding"] != "예산" else "–")
                             for r in recs]
    ycols = [f"y{y}" for y in PLAN_YEARS]
    show = show[["code", "project", "name", "funding_label", "counted_in_viii", *ycols, "printed_total"]]
    counted = lines[lines["counted_in_viii"]]
    sums = " · ".join(f"{y} {counted[f'y{y}'].sum():,.0f}" for y in PLAN_YEARS)
    m = {"lines": lines, "show": show,
         "sum_caption": t("budget.lines_sum", lang, sums=sums,
                          total=fmt.amount_both(float(counted["total"].sum()), lang)),
         "out": None, "out_table": None}
    out = lines[~lines["counted_in_viii"]]
    if out.empty:
        return m
    orecs = out.to_dict("records")
    m["out"] = out
    m["out_table"] = pd.DataFrame({
        "code": out["code"].tolist(),
        "project": [f"{r['unit_project_code']} {names.get(r['unit_project_code'], r['project_name'])}" for r in orecs],
        "name": [_name(r, lang) for r in orecs],
        "amount": [r["total"] if r["funding"] == "예산" and pd.notna(r["total"]) else None for r in orecs],
        "kind": [t("budget.outside_none_budget", lang) if r["funding"] == "비예산"
                 else t("budget.outside_included", lang, where=r.get("included_in") or "") if r["funding"] == "포함"
                 else t("budget.outside_left_out", lang) for r in orecs],
    })
    return m


def _lines(f: Filters) -> None:
    lang = f.lang
    m = cache.memo("budget.lines", lambda: _lines_model(lang), lang)
    st.subheader(t("budget.lines_title", lang))
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
    st.caption(m["sum_caption"])
    st.caption(t("budget.src_lines", lang))
    widgets.download(m["lines"], "budget_lines.csv", f, key="dl_lines")

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


# ------------------------------------------------------------------ page

@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    lang = f.lang
    st.title(t("budget.title", lang))
    widgets.banners(f)
    st.caption(t("budget.intro", lang))

    choice = st.segmented_control(t("budget.year", lang), YEAR_OPTIONS, default=ALL, required=True, key="year",
                                  bind="query-params", help=t("budget.year_help", lang))
    year = None if choice in (None, ALL) else int(choice)
    if f.districts:
        st.info(t("budget.district_note", lang, scope=sidebar.scope_text(f)))

    _header(f, year)
    _reconciliation(f, year)
    _sankeys(f, year)
    _treemap_and_bar(f, year)
    _execution(f)
    _lines(f)


render()
