"""전략 추적 (strategy tracking): 핵심가치 → 추진과제 → 단위사업 → 지표, and one indicator in
detail.

Draws only: each section is built by maeul.present.models.strategy (once per filters and widget values, cache.memo)
and drawn here. The selected indicator is bound to the URL (?ind=3-1-3).
"""

from __future__ import annotations

import streamlit as st

import maeul.present.models.strategy  # noqa: F401 - makes models.strategy available
from maeul.auth import login as auth
from maeul.i18n import t
from maeul.present import format as fmt
from maeul.present import models
from maeul.present.filters import Filters
from maeul.present.theme import CHART_CONFIG
from maeul.upload import review
from maeul.upload.errors import IngestError
from maeul.web import cache, documents, sidebar, widgets


def _header(f: Filters) -> None:
    m = cache.memo("strategy.header", lambda: models.strategy.header(cache.DATA, f), *f.key)
    widgets.page_header(m)
    st.caption(t("caption.status_rule", f.lang))


def _tasks(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("strategy.tasks", lang))
    m = cache.memo("strategy.tasks", lambda: models.strategy.tasks(cache.DATA, f), *f.key)
    widgets.table(m["table"], hide_index=True, placeholder=fmt.DASH,
                  column_order=["task", "rate", "status", "n", "counts", "strategy"], column_config={
        "strategy": t("strategy.col.strategy", lang),
        "task": st.column_config.TextColumn(t("strategy.col.task", lang), pinned=True),
        "rate": st.column_config.ProgressColumn(t("strategy.col.task_rate", lang), min_value=0, max_value=100,
                                                format="%.0f%%"),
        "status": widgets.status_column(t("col.status", lang), lang),
        "n": t("strategy.col.rated", lang),
        "counts": t("strategy.col.counts", lang),
        "_status": None,
    })
    st.caption(t("caption.rollup_rule", lang))


def _tree_filters(f: Filters) -> tuple[str, tuple, tuple]:
    """The core-value, role and status filters of the indicator table, as memo keys."""
    lang = f.lang
    o = cache.memo("strategy.tree_options", lambda: models.strategy.tree_options(cache.DATA, f), *f.key)
    every = t("strategy.filter.all", lang)
    c1, c2, c3 = st.columns([1.2, 1.4, 1.4])
    with c1:
        sel_s = st.selectbox(t("strategy.filter.strategy", lang), o["strategies"], key="st_strategy",
                             format_func=lambda c: o["strategy_labels"].get(c, every))
    with c2:
        sel_r = st.multiselect(t("strategy.filter.role", lang), o["roles"], default=o["default_roles"],
                               key="st_roles", format_func=o["role_labels"].get, placeholder=every)
    with c3:
        sel_st = st.multiselect(t("strategy.filter.status", lang), o["statuses"], key="st_status",
                                format_func=o["status_labels"].get, placeholder=every)
    return sel_s or "", tuple(sel_r), tuple(sel_st)


def _tree(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("strategy.tree", lang))
    sel_s, sel_r, sel_st = _tree_filters(f)
    m = cache.memo("strategy.tree", lambda: models.strategy.tree(cache.DATA, f, sel_s, sel_r, sel_st),
                   *f.key, sel_s, sel_r, sel_st)
    widgets.table(m["view"], hide_index=True, height=m["height"], placeholder=fmt.DASH, column_config={
        "strategy": st.column_config.TextColumn(t("strategy.col.strategy", lang)),
        "task": t("strategy.col.task", lang),
        "project": t("strategy.col.project", lang),
        # code and name stay in view while the figures scroll sideways (800 px, long English names)
        "code": st.column_config.TextColumn(t("col.code", lang), pinned=True),
        "indicator": st.column_config.TextColumn(t("strategy.col.indicator", lang), pinned=True),
        "role": t("strategy.col.role", lang),
        "kind": t("col.kind", lang),
        "unit": t("col.unit", lang),
        "target": m["target_label"],
        "expected": t("col.expected", lang),
        "actual": t("col.actual", lang),
        "period": t("strategy.col.period", lang),
        "rate": st.column_config.ProgressColumn(t("col.rate", lang), min_value=0, max_value=100, format="%.0f%%"),
        "status": widgets.status_column(t("col.status", lang), lang),
        "source": t("col.source", lang),
        "department": t("strategy.col.department", lang),
        "target_basis": t("strategy.col.basis", lang),
        "verified": t("review.col.verified", lang),
        "explanation": t("review.col.explanation", lang),
        "_status": None, "_role": None, "_strategy_code": None,
    }, column_order=["code", "indicator", "rate", "status", "verified", "target", "expected", "actual", "period",
                     "source", "explanation", "strategy", "task", "project", "role", "kind", "department",
                     "target_basis"])
    st.caption(m["caption"])
    widgets.download(m["data"], f"strategy_indicators_{f.as_of}.csv", f, key="dl_st_tree")
    if sel_s:  # one core value chosen: its briefing
        documents.briefing_buttons(f, strategy=sel_s)


def _select(f: Filters) -> str | None:
    """The indicator box, kept in the link as the code (?ind=4-3-1) whatever the language shows; a link from before
    (the label as shown, in either language) still opens its indicator."""
    lang = f.lang
    options = cache.memo("strategy.options", lambda: models.strategy.options(cache.DATA, f), *f.key)
    if not options:
        return None
    codes = list(options)
    current = st.session_state.get("ind")
    if current not in options:
        st.session_state["ind"] = models.strategy.indicator_from_link(st.query_params.get("ind"), codes) or codes[0]
    code = st.selectbox(t("strategy.select", lang), codes, format_func=lambda c: options.get(c, c), key="ind",
                        help=t("strategy.select_help", lang))
    if st.query_params.get("ind") != code and (code != codes[0] or "ind" in st.query_params):
        st.query_params["ind"] = code
    return code


def _detail_tables(m: dict, lang: str) -> None:
    with st.expander(t("strategy.detail_tables", lang)):  # drawn when opened
        st.markdown(t("strategy.printed_targets", lang))
        widgets.table(m["printed"], hide_index=True, placeholder=fmt.DASH, column_config={
            "year": st.column_config.NumberColumn(t("col.year", lang), format="%d"),
            "printed": t("strategy.col.printed", lang),
            "used": t("strategy.col.used", lang),
            "basis": t("strategy.col.basis", lang),
            "section": t("strategy.section", lang),
        })
        st.markdown(t("strategy.actuals", lang))
        if m["actuals"].empty:
            st.caption(t("strategy.no_actuals_long", lang))
        else:
            widgets.table(m["actuals"], hide_index=True, placeholder=fmt.DASH, column_config={
                "period": t("strategy.col.quarter", lang),
                "value": t("col.actual", lang),
                "source": t("col.source", lang),
                "detail": t("strategy.col.citation", lang),
            })


def _detail(f: Filters, code: str) -> None:
    lang = f.lang
    m = cache.memo("strategy.detail", lambda: models.strategy.detail(cache.DATA, f, code), *f.key, code)
    st.subheader(m["title"])
    st.markdown(m["status_line"])
    grid = st.grid(len(m["metrics"]), min_column_width=m["metric_width"])  # wraps rather than cutting '1,000 c…'
    for label, value, help_ in m["metrics"]:
        grid.metric(label, value, help=help_)
    _explanations(f, code, m)
    st.markdown(m["facts"])
    if m["note"]:
        with st.expander(t("strategy.note", lang)):
            st.write(m["note"])

    st.markdown(t("strategy.chart_title", lang))
    if m["citywide_note"]:
        st.info(t("strategy.citywide_scope_note", lang))
    st.plotly_chart(m["chart"], key="ind_chart", config=CHART_CONFIG)
    st.caption(m["chart_caption"] + "  \n" + m["kind_help"])
    widgets.download(m["chart_data"], f"indicator_{code}_{f.as_of}.csv", f, key="dl_st_chart")
    _detail_tables(m, lang)
    _districts(f, code, m["districts"])


def _explanations(f: Filters, code: str, m: dict) -> None:
    """원인·대책 beside the figure, a flag to the owner when a 지연 figure has none, and the form (staff, in scope)."""
    lang = f.lang
    with st.container(border=True):
        st.markdown(f"**{t('explain.title', lang, as_of=f.as_of)}**")
        for item in m["explanations"]:
            st.markdown(item["md"])
        if not m["explanations"]:
            st.caption(t("explain.none", lang, as_of=f.as_of))
        if m["unexplained_owner"]:
            st.warning(t("explain.missing_behind", lang, owner=m["unexplained_owner"]))
        with st.expander(t("explain.form", lang)):
            _explanation_form(f, code)


def _explanation_form(f: Filters, code: str) -> None:
    lang = f.lang
    user = auth.current_user()
    if user is None or not user.can_upload:
        st.caption(t("explain.login", lang))
        return
    scope = None if user.scope is None else tuple(sorted(user.scope, key=lambda c: c or ""))
    o = cache.memo("strategy.explanation_form", lambda: models.strategy.explanation_form(cache.DATA, f, code, scope),
                   *f.key, code, scope)
    if not o["districts"]:
        st.caption(t("explain.none_allowed", lang))
        return
    where = st.selectbox(t("explain.district", lang), o["districts"], key=f"ex_where_{code}",
                         format_func=lambda c: o["labels"].get(c, str(c)))
    now = o["current"].get(where, {})
    with st.form(f"ex_form_{code}_{where}", clear_on_submit=False):
        cause = st.text_area(t("explain.cause", lang), value=now.get("cause", ""), max_chars=2000)
        measure = st.text_area(t("explain.measure", lang), value=now.get("measure", ""), max_chars=2000)
        c1, c2 = st.columns(2)
        owner = c1.text_input(t("explain.owner", lang), value=now.get("measure_owner", ""), max_chars=200)
        due = c2.date_input(t("explain.due", lang), value=now.get("measure_due"))
        saved = st.form_submit_button(t("explain.save", lang))
    if saved:
        try:
            review.explain(cache.get_con(), review.Explanation(code, where, f.as_of, cause, measure, owner, due),
                           user.name, scope=user.scope)
        except IngestError as e:
            st.error(e.message(lang))
            return
        cache.clear_caches()
        st.session_state["st_flash"] = t("explain.saved", lang)
        st.rerun()


def _districts(f: Filters, code: str, m: dict) -> None:
    lang = f.lang
    st.markdown(t("strategy.by_district", lang))
    if m["skip"]:
        st.caption(t(m["skip"], lang))
        return
    st.caption(m["caption"])
    with st.expander(t("strategy.district_view", lang)):  # the chart and the table drawn when opened
        st.plotly_chart(m["chart"], key="ind_district_chart", config=CHART_CONFIG)
        widgets.table(m["table"], hide_index=True, placeholder=fmt.DASH, column_config={
            "district": st.column_config.TextColumn(t("col.district", lang), pinned=True),
            "target": t("strategy.col.derived_target", lang),
            "basis": t("strategy.col.basis", lang),
            "expected": t("col.expected", lang),
            "actual": t("col.actual", lang),
            "rate": st.column_config.ProgressColumn(t("col.rate", lang), min_value=0, max_value=100,
                                                    format="%.0f%%"),
            "status": widgets.status_column(t("col.status", lang), lang),
            "_status": None,
        }, column_order=["district", "actual", "target", "expected", "rate", "status", "basis"])
        widgets.download(m["data"], f"indicator_{code}_districts_{f.as_of}.csv", f, key="dl_st_district")


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    flash = st.session_state.pop("st_flash", None)
    if flash:
        st.success(flash)
    widgets.banners(f)
    _header(f)
    _tasks(f)
    _tree(f)
    st.divider()
    code = _select(f)
    if code:
        _detail(f, code)


render()
