"""예산 흐름 (budget flows): where the plan's money goes, and — where uploaded — where it went.

Planned amounts are the plan's own (section Ⅷ 연차별 투자계획 and Ⅵ 단위사업별 연차별 소요예산, 백만원); executed
amounts come from uploads. Widgets and layout only: figures from maeul.budget_charts, data through ui.cached.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from maeul import PLAN_YEARS, ui, views_budget
from maeul import budget_charts as bc
from maeul.i18n import t

views_budget.register_all(ui.register)

ALL = f"{PLAN_YEARS[0]}–{PLAN_YEARS[-1]}"
YEAR_OPTIONS = [ALL] + [str(y) for y in PLAN_YEARS]
LEVELS = ("strategy", "task", "project", "line")
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def _name(row, lang: str) -> str:
    if lang == "en" and isinstance(row.get("name_en"), str) and row.get("name_en"):
        return row["name_en"]
    return row["name"] if "name" in row else row["name_ko"]


def _period_label(year: int | None, lang: str) -> str:
    return t("budget.period_all", lang, first=PLAN_YEARS[0], last=PLAN_YEARS[-1]) if year is None \
        else t("budget.period_year", lang, year=year)




# ------------------------------------------------------------------ sections

def _header(f: ui.Filters, year: int | None, flows: pd.DataFrame, ex_flows: pd.DataFrame,
            recon: pd.DataFrame) -> None:
    lang = f.lang
    planned = float(flows.loc[flows["level"] == 1, "planned"].sum()) if not flows.empty else 0.0
    executed = float(ex_flows.loc[ex_flows["level"] == 1, "executed"].sum()) if not ex_flows.empty else None
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        st.metric(t("budget.m_planned", lang), bc.fmt_eok(planned, lang), help=t("budget.m_planned_help", lang))
        st.caption(f"{_period_label(year, lang)} · {bc.fmt_mn(planned, lang)}")
    with c2:
        label = t("budget.m_executed", lang, as_of=f.as_of)
        if executed is None:
            st.metric(label, t("budget.no_execution_short", lang), help=t("budget.m_executed_help", lang))
            st.caption(ui.scope_text(f))
        else:
            st.metric(label, bc.fmt_eok(executed, lang), help=t("budget.m_executed_help", lang))
            st.caption(f"= {bc.fmt_mn(executed, lang)} · {ui.scope_text(f)}")
    with c3:
        if executed is None:
            st.metric(t("budget.m_rate", lang), t("budget.no_execution_short", lang))
        elif f.districts:
            st.metric(t("budget.m_rate", lang), "–", help=t("budget.m_rate_district_help", lang))
        else:
            st.metric(t("budget.m_rate", lang), bc.fmt_rate(executed / planned if planned else None),
                      help=t("budget.m_rate_help", lang))
    with c4:
        tot = recon[recon["level"] == "total"]
        if year is not None:
            tot = tot[tot["year"] == year]
        printed, computed = float(tot["printed_amount"].sum()), float(tot["computed"].sum())
        ok = bool(tot["match"].all()) and abs(printed - computed) < 0.5
        st.metric(t("budget.m_viii", lang), t("budget.recon_ok_short" if ok else "budget.recon_diff_short", lang),
                  help=t("budget.m_viii_help", lang))
        st.caption(t("budget.recon_caption", lang, printed=bc.fmt_mn(printed, lang), computed=bc.fmt_mn(computed, lang)))


def _reconciliation(f: ui.Filters, year: int | None, recon: pd.DataFrame) -> None:
    lang = f.lang
    scope = recon if year is None else recon[recon["year"] == year]
    bad = scope[~scope["match"]]
    tot = scope[scope["level"] == "total"]
    if bad.empty:
        st.success(t("budget.recon_ok", lang, period=_period_label(year, lang),
                     total=bc.fmt_mn(float(tot["printed_amount"].sum()), lang)))
    else:
        st.warning(t("budget.recon_diff", lang, n=len(bad)))
    with st.expander(t("budget.recon_expander", lang), expanded=not bad.empty):
        show = scope.copy()
        show["level"] = show["level"].map(lambda v: t(f"budget.level.{v}", lang))
        show["name"] = show["name_en"] if lang == "en" else show["name_ko"]
        show["match"] = show["match"].map(lambda m: t("budget.match_yes" if m else "budget.match_no", lang))
        show = show[["level", "code", "name", "year", "printed", "printed_amount", "computed", "diff", "match"]]
        if not bad.empty:
            show = pd.concat([show[scope["match"].values == False], show[scope["match"].values]])  # noqa: E712
        st.dataframe(show, hide_index=True, placeholder="–", column_config={
            "level": t("budget.col_level", lang), "code": t("col.code", lang), "name": t("col.name", lang),
            "year": st.column_config.NumberColumn(t("col.year", lang), format="%d"),
            "printed": t("budget.col_printed", lang),
            "printed_amount": st.column_config.NumberColumn(t("budget.col_viii", lang), format="localized"),
            "computed": st.column_config.NumberColumn(t("budget.col_computed", lang), format="localized"),
            "diff": st.column_config.NumberColumn(t("budget.col_diff", lang), format="localized"),
            "match": t("budget.col_match", lang),
        })
        st.caption(t("budget.src_recon", lang))
        ui.download(scope, "budget_viii_reconciliation.csv", f, key="dl_recon")


def _sankeys(f: ui.Filters, year: int | None, flows: pd.DataFrame, ex_flows: pd.DataFrame,
             names_en: dict[str, str]) -> None:
    lang = f.lang
    st.subheader(t("budget.sankey_title", lang, period=_period_label(year, lang)))
    deep = st.toggle(t("budget.show_lines", lang), key="budget_lines_level", help=t("budget.show_lines_help", lang))
    max_level = 4 if deep else 3
    local = bc.localize_flows(flows, names_en, lang)
    merged = bc.with_execution(local, ex_flows)
    total = float(flows.loc[flows["level"] == 1, "planned"].sum()) if not flows.empty else 0.0
    fig = bc.sankey(merged, lang=lang, max_level=max_level, show_rate=not f.districts,
                    title=t("budget.sankey_fig_title", lang, period=_period_label(year, lang),
                            total=bc.fmt_amount(total, lang)))
    st.plotly_chart(fig, key="sankey_planned", config=CHART_CONFIG)
    st.caption(t("budget.src_plan", lang) + " " + t("budget.sankey_howto", lang)
               + ("" if ex_flows.empty else " " + t("budget.src_exec", lang, as_of=f.as_of, scope=ui.scope_text(f))))
    ui.download(merged[merged["level"] <= max_level], f"budget_flows_{year or 'all'}.csv", f, key="dl_flows")

    if year is not None and year > int(f.as_of[:4]):
        st.info(t("budget.future_year", lang, year=year, as_of=f.as_of))
    elif ex_flows.empty:
        st.info(t("budget.no_execution_long", lang, as_of=f.as_of, scope=ui.scope_text(f)))
    else:
        st.subheader(t("budget.sankey_exec_title", lang, period=_period_label(year, lang), as_of=f.as_of))
        executed = float(ex_flows.loc[ex_flows["level"] == 1, "executed"].sum())
        fig2 = bc.sankey(merged.assign(executed=merged["executed"].fillna(0)), lang=lang, value="executed",
                         max_level=max_level,
                         title=t("budget.sankey_exec_fig_title", lang, scope=ui.scope_text(f),
                                 total=bc.fmt_amount(executed, lang)))
        st.plotly_chart(fig2, key="sankey_executed", config=CHART_CONFIG)
        st.caption(t("budget.src_exec", lang, as_of=f.as_of, scope=ui.scope_text(f)))
        ui.download(ex_flows, f"budget_executed_flows_{year or 'all'}_{f.as_of}.csv", f, key="dl_exflows")


def _treemap_and_bar(f: ui.Filters, year: int | None, flows: pd.DataFrame, names_en: dict[str, str]) -> None:
    lang = f.lang
    left, right = st.columns([1.25, 1])
    with left:
        st.subheader(t("budget.treemap_title", lang, period=_period_label(year, lang)))
        fig = bc.treemap(bc.localize_flows(flows, names_en, lang), lang=lang)
        st.plotly_chart(fig, key="treemap", config=CHART_CONFIG)
        st.caption(t("budget.src_plan", lang) + " " + t("budget.treemap_howto", lang))
        ui.download(flows, f"budget_treemap_{year or 'all'}.csv", f, key="dl_treemap")
    with right:
        st.subheader(t("budget.bar_title", lang))
        by_year = ui.cached("budget", None, "strategy")
        st.plotly_chart(bc.stacked_bar(by_year, lang=lang, highlight_year=year), key="bar", config=CHART_CONFIG)
        st.caption(t("budget.src_viii", lang))
        ui.download(by_year, "budget_by_year_strategy.csv", f, key="dl_bar")


def _execution(f: ui.Filters) -> None:
    lang = f.lang
    st.subheader(t("budget.exec_title", lang, as_of=f.as_of))
    if f.districts:
        st.caption(t("budget.exec_district_caption", lang, scope=ui.scope_text(f)))
    by = st.segmented_control(t("budget.exec_by", lang), LEVELS, default="strategy", required=True, key="exec_by",
                              format_func=lambda v: t(f"budget.by.{v}", lang)) or "strategy"
    ex = ui.cached("vb_execution", f.as_of, by, f.districts or None)
    year = int(f.as_of[:4])
    if not ex["has_execution"].any():
        st.info(t("budget.no_execution_long", lang, as_of=f.as_of, scope=ui.scope_text(f)))
    else:
        st.plotly_chart(bc.execution_bar(ex, lang=lang, period="year",
                                         title=t("budget.exec_fig_title", lang, year=year, as_of=f.as_of)),
                        key="exec_bar", config=CHART_CONFIG)
    show = ex.copy()
    show["name"] = [_name(r, lang) for r in ex.to_dict("records")]
    no_ex = t("budget.no_execution", lang)
    for col in ("planned_year", "executed_year", "planned_to_date", "executed_to_date"):
        show[col] = show[col].round(0)
    for col in ("executed_year", "executed_to_date"):
        show[col] = show[col].where(show["has_execution"])
    for col in ("rate_year", "rate_to_date"):
        show[col] = [no_ex if not h else ("–" if pd.isna(r) else bc.fmt_rate(r))
                     for r, h in zip(show[col], show["has_execution"])]
    show = show[["code", "name", "planned_year", "executed_year", "rate_year", "planned_to_date", "executed_to_date",
                 "rate_to_date"]]
    st.dataframe(show, hide_index=True, placeholder="–", column_config={
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
    st.caption(t("budget.src_plan", lang) + " " + t("budget.src_exec", lang, as_of=f.as_of, scope=ui.scope_text(f))
               + " " + t("budget.exec_rule", lang))
    ui.download(ex, f"budget_execution_{by}_{f.as_of}.csv", f, key="dl_exec")


def _funding_label(row: dict, lang: str, short: bool = False) -> str:
    if row["funding"] == "비예산":
        return t("budget.funding_none", lang)
    if row["funding"] == "포함":
        if short:
            return t("budget.funding_included_short", lang)
        return t("budget.funding_included", lang, where=row.get("included_in") or "")
    return t("budget.funding_budget", lang)


def _lines(f: ui.Filters, names: dict[str, str]) -> None:
    lang = f.lang
    lines = ui.cached("budget_lines")
    st.subheader(t("budget.lines_title", lang))
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
    st.dataframe(show, hide_index=True, placeholder="–", column_config=cfg, height=420)
    counted = lines[lines["counted_in_viii"]]
    sums = " · ".join(f"{y} {counted[f'y{y}'].sum():,.0f}" for y in PLAN_YEARS)
    st.caption(t("budget.lines_sum", lang, sums=sums, total=bc.fmt_amount(float(counted["total"].sum()), lang)))
    st.caption(t("budget.src_lines", lang))
    ui.download(lines, "budget_lines.csv", f, key="dl_lines")

    st.subheader(t("budget.outside_title", lang))
    st.markdown(t("budget.outside_intro", lang))
    out = lines[~lines["counted_in_viii"]]
    if out.empty:
        st.caption(t("budget.outside_none", lang))
        return
    orecs = out.to_dict("records")
    table = pd.DataFrame({
        "code": out["code"].tolist(),
        "project": [f"{r['unit_project_code']} {names.get(r['unit_project_code'], r['project_name'])}" for r in orecs],
        "name": [_name(r, lang) for r in orecs],
        "amount": [r["total"] if r["funding"] == "예산" and pd.notna(r["total"]) else None for r in orecs],
        "kind": [t("budget.outside_none_budget", lang) if r["funding"] == "비예산"
                 else t("budget.outside_included", lang, where=r.get("included_in") or "") if r["funding"] == "포함"
                 else t("budget.outside_left_out", lang) for r in orecs],
    })
    st.dataframe(table, hide_index=True, placeholder="–", height=38 + 35 * len(table), column_config={
        "code": t("col.code", lang),
        "project": st.column_config.TextColumn(t("budget.col_project", lang), width="medium"),
        "name": st.column_config.TextColumn(t("budget.col_line", lang), width="medium"),
        "kind": st.column_config.TextColumn(t("budget.col_why_outside", lang), width="large"),
        "amount": st.column_config.NumberColumn(t("budget.col_amount_5y", lang), format="localized"),
    })
    st.caption(t("budget.src_lines", lang) + " " + t("budget.outside_dq", lang))
    ui.download(out, "budget_lines_outside_viii.csv", f, key="dl_outside")


# ------------------------------------------------------------------ page

@ui.guarded
def render() -> None:
    f = ui.filters()
    lang = f.lang
    st.title(t("budget.title", lang))
    ui.banners(f)
    st.caption(t("budget.intro", lang))

    choice = st.segmented_control(t("budget.year", lang), YEAR_OPTIONS, default=ALL, required=True, key="year",
                                  bind="query-params", help=t("budget.year_help", lang))
    year = None if choice in (None, ALL) else int(choice)
    if f.districts:
        st.info(t("budget.district_note", lang, scope=ui.scope_text(f)))

    names_df = ui.cached("vb_budget_names")
    names_en = dict(zip(names_df["code"], names_df["name_en"]))
    names = names_en if lang == "en" else dict(zip(names_df["code"], names_df["name_ko"]))
    flows = ui.cached("budget_flows", year)
    ex_flows = ui.cached("vb_execution_flows", f.as_of, year, f.districts or None)
    recon = ui.cached("vb_viii_reconciliation")

    _header(f, year, flows, ex_flows, recon)
    _reconciliation(f, year, recon)
    _sankeys(f, year, flows, ex_flows, names_en)
    _treemap_and_bar(f, year, flows, names_en)
    _execution(f)
    _lines(f, names)


render()
