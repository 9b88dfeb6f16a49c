"""전략 추적 (strategy tracking): 핵심가치 → 추진과제 → 단위사업 → 지표, and one indicator in
detail.

Widgets and layout only: progress from maeul.read.progress (through cache.cached), shaping in maeul.present.tables,
figures from maeul.present.charts. The selected indicator is bound to the URL (?ind=3-1-3). Each section's figures and
tables are built once per filters and widget values (cache.memo) and only drawn on a rerun.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from maeul.i18n import t
from maeul.present import charts
from maeul.present import format as fmt
from maeul.present import tables as vs
from maeul.present.filters import Filters
from maeul.present.theme import CHART_CONFIG
from maeul.read.rules import STATUSES
from maeul.web import cache, sidebar, widgets

ROLES = ("primary", "sub", "goal", "headline")


def _progress(f: Filters) -> pd.DataFrame:
    return cache.cached("progress", f.as_of, f.district_arg, f.basis)


def _header(f: Filters) -> None:
    lang = f.lang
    st.title(t("strategy.title", lang))
    st.caption(t("strategy.subtitle", lang))
    st.markdown(t("strategy.scope", lang, scope=sidebar.scope_text(f), as_of=f.as_of))
    if f.districts:
        st.info(t("strategy.district_note", lang, basis=t(f"basis.{f.basis}", lang)))
    st.caption(t("caption.status_rule", lang))


def _tasks_model(f: Filters) -> dict:
    """The task roll-up table as shown (memo)."""
    return {"table": charts.status_pills(vs.task_table(_progress(f), cache.cached("hierarchy"), f.lang))}


def _tasks(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("strategy.tasks", lang))
    m = cache.memo("strategy.tasks", lambda: _tasks_model(f), *f.key)
    widgets.table(m["table"], hide_index=True, column_config={
        "strategy": t("strategy.col.strategy", lang),
        "task": t("strategy.col.task", lang),
        "rate": st.column_config.ProgressColumn(t("strategy.col.task_rate", lang), min_value=0, max_value=100,
                                                format="%.0f%%"),
        "status": widgets.status_column(t("col.status", lang), lang),
        "n": t("strategy.col.rated", lang),
        "counts": t("strategy.col.counts", lang),
        "_status": None,
    })
    st.caption(t("caption.rollup_rule", lang))


def _strategy_options(lang: str) -> tuple[list[str], dict[str, str]]:
    """The core-value filter's options and their labels (memo)."""
    strategies = cache.cached("strategies")
    s_opts = [""] + [str(c) for c in strategies["code"]]
    s_names = {str(r["code"]): f"{r['code']} {r['name_en'] if lang == 'en' else r['name_ko']}"
               for r in strategies.to_dict("records")}
    return s_opts, s_names


def _tree_model(f: Filters, sel_s: str, sel_r: tuple, sel_st: tuple) -> dict:
    """The indicator table filtered by the widgets, as shown and as downloaded (memo)."""
    table = vs.indicator_table(_progress(f), cache.cached("hierarchy"), f.lang)
    view = table
    if sel_s:
        view = view[view["_strategy_code"] == sel_s]
    if sel_r:
        view = view[view["_role"].isin(sel_r)]
    if sel_st:
        view = view[view["_status"].isin(sel_st)]
    return {"view": charts.status_pills(view), "height": min(38 + 35 * max(len(view), 1), 560),
            "caption": t("strategy.tree_caption", f.lang, n=len(view), total=len(table)),
            "data": view.drop(columns=["_status", "_role", "_strategy_code"])}


def _tree(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("strategy.tree", lang))
    s_opts, s_names = cache.memo("strategy.tree_options", lambda: _strategy_options(lang), lang)
    c1, c2, c3 = st.columns([1.2, 1.4, 1.4])
    with c1:
        sel_s = st.selectbox(t("strategy.filter.strategy", lang), s_opts, key="st_strategy",
                             format_func=lambda c: s_names.get(c, t("strategy.filter.all", lang)))
    with c2:
        sel_r = st.multiselect(t("strategy.filter.role", lang), list(ROLES), default=["primary", "sub"],
                               key="st_roles", format_func=lambda r: t(f"role.{r}", lang),
                               placeholder=t("strategy.filter.all", lang))
    with c3:
        sel_st = st.multiselect(t("strategy.filter.status", lang), STATUSES, key="st_status",
                                format_func=lambda s: fmt.status_text(s, lang),
                                placeholder=t("strategy.filter.all", lang))
    sel_s, sel_r, sel_st = sel_s or "", tuple(sel_r), tuple(sel_st)
    m = cache.memo("strategy.tree", lambda: _tree_model(f, sel_s, sel_r, sel_st), *f.key, sel_s, sel_r, sel_st)
    widgets.table(m["view"], hide_index=True, height=m["height"], column_config={
        "strategy": st.column_config.TextColumn(t("strategy.col.strategy", lang)),
        "task": t("strategy.col.task", lang),
        "project": t("strategy.col.project", lang),
        "code": st.column_config.TextColumn(t("col.code", lang)),
        "indicator": st.column_config.TextColumn(t("strategy.col.indicator", lang)),
        "role": t("strategy.col.role", lang),
        "kind": t("col.kind", lang),
        "unit": t("col.unit", lang),
        "target": t("strategy.col.target_year", lang, year=f.as_of[:4]),
        "expected": t("col.expected", lang),
        "actual": t("col.actual", lang),
        "period": t("strategy.col.period", lang),
        "rate": st.column_config.ProgressColumn(t("col.rate", lang), min_value=0, max_value=100, format="%.0f%%"),
        "status": widgets.status_column(t("col.status", lang), lang),
        "source": t("col.source", lang),
        "department": t("strategy.col.department", lang),
        "target_basis": t("strategy.col.basis", lang),
        "_status": None, "_role": None, "_strategy_code": None,
    }, column_order=["code", "indicator", "rate", "status", "target", "expected", "actual", "period", "source",
                     "strategy", "task", "project", "role", "kind", "department", "target_basis"])
    st.caption(m["caption"])
    widgets.download(m["data"], f"strategy_indicators_{f.as_of}.csv", f, key="dl_st_tree")


def _select(f: Filters) -> str | None:
    lang = f.lang
    options = cache.memo("strategy.options", lambda: vs.indicator_options(_progress(f), lang), *f.key)
    if not options:
        return None
    codes = list(options)
    # The URL carries the option as shown ("4-3-1 · 열린육아방 …"); a hand-written ?ind=4-3-1 works too.
    raw = st.query_params.get("ind")
    current = st.session_state.get("ind")
    if current is not None and current not in options:
        del st.session_state["ind"]
        current = None
    if current is None and raw in options:
        st.session_state["ind"] = raw
    return st.selectbox(t("strategy.select", lang), codes, format_func=lambda c: options.get(c, c), key="ind",
                        bind="query-params", help=t("strategy.select_help", lang))


def _detail_model(f: Filters, code: str) -> dict:
    """Everything the selected indicator's detail shows: header, numbers, facts, chart, tables, district breakdown
    (memo)."""
    lang = f.lang
    prog = _progress(f)
    hier = cache.cached("hierarchy")
    row = prog[prog["code"] == code].iloc[0].to_dict()
    hrow = hier[hier["code"] == code].iloc[0].to_dict() if (hier["code"] == code).any() else {}
    kind, unit = row["kind"], row["unit"]
    name = row["name_en"] if lang == "en" and row.get("name_en") else row["name"]
    role_label, kind_label = t(f"role.{row['role']}", lang), t(f"kind.{kind}", lang)

    # numbers as of the quarter: (label, value, help)
    is_ms = kind == "milestone"
    final = row.get("final_stage") if is_ms else row.get("plan_total")
    metrics = [
        (t("strategy.m.target", lang, year=f.as_of[:4]),
         (row.get("target_stage") or "–") if is_ms else fmt.num(row.get("target"), unit, lang), None),
        (t("col.expected", lang),
         (row.get("expected_stage") or "–") if is_ms else fmt.num(row.get("expected"), unit, lang), None),
        (t("col.actual", lang),
         (row.get("actual_stage") or "–") if is_ms else fmt.num(row.get("actual"), unit, lang),
         t("strategy.m.actual_help", lang, period=row.get("actual_period") or "–")),
        (t("col.rate", lang), fmt.rate(row.get("rate")) if row.get("rate") is not None
         and not pd.isna(row.get("rate")) else t(f"status.{row['status']}", lang), None),
        (t("strategy.m.plan_total", lang), (final or "–") if is_ms else fmt.num(final, unit, lang),
         t("strategy.m.plan_total_help", lang)),
    ]

    facts = [
        (t("col.kind", lang), t(f"kind.{kind}", lang)),
        (t("col.unit", lang), fmt.unit_label(unit, lang) or "–"),
        (t("strategy.col.department", lang), fmt.text_or_dash(hrow.get("department"))),
        (t("strategy.section", lang), row.get("source_section") or "–"),
        (t("strategy.baseline", lang), _baseline(hrow, unit, lang)),
        (t("strategy.printed_total", lang), fmt.text_or_dash(hrow.get("printed_total"))),
    ]
    if row.get("target_basis"):
        facts.append((t("strategy.col.basis", lang), fmt.basis_text(row["target_basis"], lang) or "–"))
    if row.get("projection") is not None and not pd.isna(row.get("projection")):
        reach = t("strategy.reach.yes" if row.get("projected_reach") else "strategy.reach.no", lang)
        facts.append((t("strategy.projection", lang), f"{fmt.num(row['projection'], unit, lang)} · {reach}"))
    note = hrow["note"] if isinstance(hrow.get("note"), str) and hrow["note"].strip() else None

    # chart: targets vs actual by quarter
    yearly = cache.cached("yearly_targets", f.district_arg, f.basis)
    yearly = yearly[yearly["code"] == code]
    series = cache.cached("scope_series", code, f.district_arg, kind)
    stages = cache.cached("stages", code) if is_ms else None
    start = vs.cumulative_start(kind, hrow.get("baseline"), hrow.get("baseline_year"), f.district_arg)
    base = hrow.get("baseline") if f.district_arg is None else None  # the plan's baselines are citywide
    frame = charts.indicator_chart_frame(kind, yearly, series, row, f.as_of, start=start, baseline=base,
                                         baseline_year=hrow.get("baseline_year"), stages=stages)
    derived = fmt.is_derived(row.get("target_basis"))
    srcs = sorted({s for s in frame["source"].dropna().unique()})
    chart_caption = (t("strategy.chart_source", lang, section=row.get("source_section") or "–",
                       sources=", ".join(t(f"source.{s}", lang) for s in srcs) if srcs
                       else t("strategy.no_actuals", lang))
                     + (" " + t("strategy.derived_caption", lang, basis=fmt.basis_text(row.get("target_basis"), lang))
                        if derived else ""))
    return {
        "title": f"{code} · {name}",
        "status_line": f"{fmt.status_md(row['status'], lang)} · {role_label} · {kind_label}",
        "metrics": metrics,
        "facts": "\n".join(f"- **{k}**: {v}" for k, v in facts),
        "note": note,
        "citywide_note": bool(f.districts) and row.get("scope") == "citywide",
        "chart": charts.indicator_chart(frame, kind, unit, lang, stages=stages, derived=derived),
        "chart_caption": chart_caption,
        "kind_help": t(f"strategy.kind_help.{kind}", lang),
        "chart_data": frame.assign(code=code, scope=sidebar.scope_text(f)),
        "printed": vs.printed_targets(cache.cached("targets", code), yearly, unit, lang),
        "actuals": vs.actuals_table(series, unit, kind, f.as_of, lang),
        "districts": _districts_model(f, code, row),
    }


def _detail(f: Filters, code: str) -> None:
    lang = f.lang
    m = cache.memo("strategy.detail", lambda: _detail_model(f, code), *f.key, code)
    st.subheader(m["title"])
    st.markdown(m["status_line"])
    for col, (label, value, help_) in zip(st.columns(5), m["metrics"]):
        col.metric(label, value, help=help_)
    st.markdown(m["facts"])
    if m["note"]:
        with st.expander(t("strategy.note", lang)):
            st.write(m["note"])

    st.markdown(t("strategy.chart_title", lang))
    if m["citywide_note"]:
        st.info(t("strategy.citywide_scope_note", lang))
    st.plotly_chart(m["chart"], key="ind_chart", config=CHART_CONFIG)
    st.caption(m["chart_caption"])
    st.caption(m["kind_help"])
    widgets.download(m["chart_data"], f"indicator_{code}_{f.as_of}.csv", f, key="dl_st_chart")

    c1, c2 = st.columns(2)
    with c1:
        st.markdown(t("strategy.printed_targets", lang))
        widgets.table(m["printed"], hide_index=True, column_config={
            "year": st.column_config.NumberColumn(t("col.year", lang), format="%d"),
            "printed": t("strategy.col.printed", lang),
            "used": t("strategy.col.used", lang),
            "basis": t("strategy.col.basis", lang),
            "section": t("strategy.section", lang),
        })
    with c2:
        st.markdown(t("strategy.actuals", lang))
        if m["actuals"].empty:
            st.info(t("strategy.no_actuals_long", lang))
        else:
            widgets.table(m["actuals"], hide_index=True, column_config={
                "period": t("strategy.col.quarter", lang),
                "value": t("col.actual", lang),
                "source": t("col.source", lang),
                "detail": t("strategy.col.citation", lang),
            })
    _districts(f, code, m["districts"])


def _baseline(hrow: dict, unit: str, lang: str) -> str:
    b, by, bt = hrow.get("baseline"), hrow.get("baseline_year"), hrow.get("baseline_text")
    if b is None or pd.isna(b):
        return bt if isinstance(bt, str) and bt else "–"
    s = fmt.num(b, unit, lang)
    if by is not None and not pd.isna(by):
        s += f" ({int(by)})"
    extra = isinstance(bt, str) and bt and bt.replace(" ", "") not in s.replace(" ", "")
    return s + (f" — {bt}" if extra else "")


def _districts_model(f: Filters, code: str, row: dict) -> dict:
    """The indicator by district: 'citywide' / 'milestone' when there is none to show, else chart, caption, table
    and download (built inside the detail's memo)."""
    lang = f.lang
    if row.get("scope") == "citywide":
        return {"skip": "strategy.citywide_only"}
    if row["kind"] == "milestone":
        return {"skip": "strategy.milestone_no_district"}
    pbd = cache.cached("progress_by_district", f.as_of, f.basis, (code,))
    frame = vs.district_frame(pbd, cache.cached("districts"), lang)
    unit = row["unit"]
    bases = sorted({fmt.basis_text(b, lang) for b in frame["target_basis"] if fmt.is_derived(b)})
    return {
        "skip": None,
        "chart": charts.district_bar(frame, unit, lang, highlight=f.districts),
        "caption": t("strategy.district_source", lang, section=row.get("source_section") or "–")
        + (" " + t("strategy.derived_caption", lang, basis=", ".join(bases)) if bases else
           " " + t("strategy.no_district_target", lang)),
        "table": charts.status_pills(vs.district_table(frame, unit, lang)),
        "data": frame.assign(code=code),
    }


def _districts(f: Filters, code: str, m: dict) -> None:
    lang = f.lang
    st.markdown(t("strategy.by_district", lang))
    if m["skip"]:
        st.info(t(m["skip"], lang))
        return
    st.plotly_chart(m["chart"], key="ind_district_chart", config=CHART_CONFIG)
    st.caption(m["caption"])
    with st.expander(t("strategy.district_table", lang)):
        widgets.table(m["table"], hide_index=True, column_config={
            "district": t("col.district", lang),
            "target": t("strategy.col.derived_target", lang),
            "basis": t("strategy.col.basis", lang),
            "expected": t("col.expected", lang),
            "actual": t("col.actual", lang),
            "rate": st.column_config.ProgressColumn(t("col.rate", lang), min_value=0, max_value=100,
                                                    format="%.0f%%"),
            "status": widgets.status_column(t("col.status", lang), lang),
            "_status": None,
        })
    widgets.download(m["data"], f"indicator_{code}_districts_{f.as_of}.csv", f, key="dl_st_district")


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    widgets.banners(f)
    _header(f)
    _tasks(f)
    _tree(f)
    st.divider()
    code = _select(f)
    if code:
        _detail(f, code)


render()
