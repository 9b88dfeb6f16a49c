"""보고 현황 (reporting): who has reported the as-of quarter and when, the district × quarter grid, on-time counts
over the plan period, behind indicators without an explanation, and review: approve (and lock) a quarter, unlock it.

Draws only: sections come from maeul.present.models.reporting through cache.memo; approvals and unlocks are library
calls (maeul.upload.review), which check the role and scope themselves and record every change.
"""

from __future__ import annotations

import streamlit as st

from maeul.auth import login as auth
from maeul.i18n import t
from maeul.present.filters import Filters
from maeul.present.models import reporting as model
from maeul.read.reporting import today_kst
from maeul.upload import review
from maeul.upload.errors import IngestError
from maeul.web import cache, sidebar, widgets


def _today(f: Filters):
    """The reference date (default today in Seoul), in the sidebar below the shared filters."""
    return st.sidebar.date_input(t("reporting.today", f.lang), value=today_kst(), key="rp_today",
                                 help=t("reporting.today_help", f.lang))


def _quarter(f: Filters, today) -> None:
    lang = f.lang
    st.subheader(t("reporting.quarter_title", lang, quarter=f.as_of))
    m = cache.memo("reporting.quarter", lambda: model.quarter(cache.DATA, f, today), *f.key, today)
    widgets.metrics(m["metrics"], key="rep")
    widgets.table(m["table"], hide_index=True, column_config={
        "district": t("col.district", lang),
        "due": t("reporting.col.due", lang),
        "first_upload": t("reporting.col.first_upload", lang),
        "state": widgets.label_column(t("reporting.col.state", lang), m["labels"]),
        "rows": t("reporting.col.rows", lang),
        "approved": t("reporting.col.approved", lang),
    })
    widgets.download(m["data"], f"reporting_{f.as_of}.csv", f, key="dl_rp_quarter")


def _grid(f: Filters, today) -> None:
    lang = f.lang
    st.subheader(t("reporting.grid_title", lang, quarter=f.as_of))
    m = cache.memo("reporting.grid", lambda: model.grid(cache.DATA, f, today), *f.key, today)
    config = {"district": st.column_config.TextColumn(t("col.district", lang), pinned=True)}
    config.update({q: widgets.label_column(q, m["labels"], width=m["col_width"]) for q in m["quarters"]})
    widgets.table(m["table"], hide_index=True, column_config=config, height=m["height"])
    st.caption(t("reporting.grid_caption", lang))
    widgets.download(m["data"], f"reporting_grid_{f.as_of}.csv", f, key="dl_rp_grid")


def _timeliness(f: Filters, today) -> None:
    lang = f.lang
    st.subheader(t("reporting.timeliness_title", lang, quarter=f.as_of))
    m = cache.memo("reporting.timeliness", lambda: model.timeliness(cache.DATA, f, today), *f.key, today)
    widgets.table(m["table"], hide_index=True, column_config={
        "district": t("col.district", lang),
        "on_time": st.column_config.NumberColumn(t("reporting.col.on_time", lang), format="%d"),
        "late": st.column_config.NumberColumn(t("reporting.col.late", lang), format="%d"),
        "missing": st.column_config.NumberColumn(t("reporting.col.missing", lang), format="%d"),
        "due_quarters": st.column_config.NumberColumn(t("reporting.col.due_quarters", lang), format="%d"),
        "share": st.column_config.ProgressColumn(t("reporting.col.share", lang), min_value=0, max_value=100,
                                                 format="%.0f%%"),
    })
    st.caption(t("reporting.timeliness_caption", lang))
    widgets.download(m["data"], f"reporting_on_time_{f.as_of}.csv", f, key="dl_rp_on_time")


def _unexplained(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("reporting.unexplained_title", lang, as_of=f.as_of))
    m = cache.memo("reporting.unexplained", lambda: model.unexplained(cache.DATA, f), *f.key)
    if m["table"].empty:
        st.success(t("reporting.unexplained_none", lang))
        return
    st.caption(m["caption"])
    widgets.table(m["table"], hide_index=True, height=min(38 + 35 * len(m["table"]), 420), column_config={
        "district": t("col.district", lang), "code": t("col.code", lang),
        "indicator": t("overview.col.indicator", lang),
        "rate": st.column_config.ProgressColumn(t("col.rate", lang), min_value=0, max_value=100, format="%.0f%%"),
        "owner": t("reporting.col.owner", lang),
    })
    widgets.download(m["data"], f"behind_unexplained_{f.as_of}.csv", f, key="dl_rp_unexplained")


def _approve(f: Filters, today, user) -> None:
    lang = f.lang
    scope = None if user.review_scope is None else tuple(sorted(user.review_scope, key=lambda c: c or ""))
    options = cache.memo("reporting.approve_options",
                         lambda: model.approve_options(cache.DATA, f, today, scope), *f.key, today, scope)
    if not options:
        st.caption(t("reporting.review_none", lang, quarter=f.as_of))
        return
    code = st.selectbox(t("reporting.approve_pick", lang, quarter=f.as_of), list(options), key="rp_approve_pick",
                        format_func=lambda c: options.get(c, str(c)))
    if st.button(t("reporting.approve", lang), key="rp_approve", type="primary"):
        try:
            review.approve(cache.get_con(), f.as_of, code, user.name, scope=user.review_scope)
        except IngestError as e:
            st.session_state["rp_flash"] = ("error", e.message(lang))
        else:
            st.session_state["rp_flash"] = ("success", t("reporting.approved", lang, district=options[code]))
        cache.clear_caches()
        st.rerun()


def _unlock(f: Filters, user) -> None:
    lang = f.lang
    options = cache.memo("reporting.unlock_options", lambda: model.unlock_options(cache.DATA, f), *f.key)
    if not options:
        return
    key = st.selectbox(t("reporting.unlock_pick", lang), list(options), key="rp_unlock_pick",
                       format_func=lambda k: options.get(k, k))
    reason = st.text_input(t("reporting.unlock_reason", lang), key="rp_unlock_reason", max_chars=review.MAX_REASON)
    if st.button(t("reporting.unlock", lang), key="rp_unlock"):
        period, code = key.split("|")
        try:
            review.unlock(cache.get_con(), period, code or None, user.name, reason, admin=user.is_admin)
        except IngestError as e:
            st.session_state["rp_flash"] = ("error", e.message(lang))
        else:
            st.session_state["rp_flash"] = ("success", t("reporting.unlocked", lang, period=options[key]))
        cache.clear_caches()
        st.rerun()


def _review(f: Filters, today) -> None:
    lang = f.lang
    st.subheader(t("reporting.review_title", lang))
    st.caption(t("reporting.review_help", lang))
    user = auth.login_box(lang)
    if user is None or not user.can_review:
        st.info(t("reporting.review_login", lang))
    else:
        _approve(f, today, user)
        if user.is_admin:
            _unlock(f, user)
    m = cache.memo("reporting.approvals", lambda: model.approvals(cache.DATA, f), *f.key)
    st.markdown(f"**{t('reporting.approvals_title', lang)}**")
    if m["table"].empty:
        st.caption(t("reporting.approvals_none", lang))
        return
    widgets.table(m["table"], hide_index=True, column_config={
        "period": t("reporting.col.period", lang), "district": t("col.district", lang),
        "approved": t("reporting.col.approved", lang),
        "state": widgets.label_column(t("reporting.col.state", lang), m["labels"]),
        "unlocked": t("reporting.col.unlocked", lang),
    })
    widgets.download(m["data"], "approvals.csv", f, key="dl_rp_approvals")


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    flash = st.session_state.pop("rp_flash", None)
    today = _today(f)
    m = cache.memo("reporting.header", lambda: model.header(cache.DATA, f, today), *f.key, today)
    widgets.page_header(m)
    st.caption(m["rule"])
    if flash:
        getattr(st, flash[0])(flash[1])
    widgets.banners(f)
    _quarter(f, today)
    _grid(f, today)
    _timeliness(f, today)
    _unexplained(f)
    _review(f, today)


render()
