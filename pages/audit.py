"""감사 기록 (audit trail): every change and every request refused for scope, newest first, filtered and exported.

Draws only: the table comes from maeul.present.models.audit through cache.memo.
"""

from __future__ import annotations

import streamlit as st

from maeul.i18n import t
from maeul.present.filters import Filters
from maeul.present.models import audit as model
from maeul.web import cache, sidebar, widgets


def _filters(f: Filters) -> tuple[str, str, str, str]:
    lang = f.lang
    o = cache.memo("audit.options", lambda: model.options(cache.DATA, f), *f.key)
    c1, c2, c3, c4 = st.columns(4)
    action = c1.selectbox(t("audit.filter.action", lang), o["actions"], key="au_action",
                          format_func=lambda a: o["action_labels"].get(a, a))
    quarter = c2.selectbox(t("audit.filter.quarter", lang), o["quarters"], key="au_quarter",
                           format_func=lambda q: o["quarter_labels"].get(q, q))
    district = c3.selectbox(t("audit.filter.district", lang), o["districts"], key="au_district",
                            format_func=lambda d: o["district_labels"].get(d, d))
    user = c4.selectbox(t("audit.filter.user", lang), o["users"], key="au_user",
                        format_func=lambda u: o["user_labels"].get(u, u))
    return action or model.ALL, quarter or model.ALL, district if district is not None else model.ALL, user or ""


@widgets.guarded
def render() -> None:
    f = sidebar.filters()
    lang = f.lang
    st.title(t("audit.title", lang))
    st.caption(t("audit.subtitle", lang))
    action, quarter, district, user = _filters(f)
    m = cache.memo("audit.table", lambda: model.table(cache.DATA, f, action, quarter, district, user),
                   *f.key, action, quarter, district, user)
    if m["table"].empty:
        st.info(t("audit.none", lang))
        return
    st.caption(m["count"])
    widgets.table(m["table"], hide_index=True, height=min(38 + 35 * len(m["table"]), 640), column_config={
        "at": t("audit.col.at", lang), "user": t("audit.col.user", lang), "action": t("audit.col.action", lang),
        "quarter": t("audit.col.quarter", lang), "district": t("audit.col.district", lang),
        "indicator": t("audit.col.indicator", lang),
        "change": st.column_config.TextColumn(t("audit.col.change", lang), width="medium"),
        "detail": st.column_config.TextColumn(t("audit.col.detail", lang), width="large"),
    })
    widgets.download(m["data"], "audit_trail.csv", f, key="dl_audit")


render()
