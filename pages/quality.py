"""데이터 품질 (data quality): what is missing, who is late, where the plan contradicts itself, which published
figures are in use. Widgets and layout only: figures from maeul.present.budget_charts, data through cache.cached.
Each section is a model (queries, frames, figures, texts; built once per filters through cache.memo and shared,
never changed afterwards) and a draw part that only puts what the model returned on the page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from maeul.i18n import t
from maeul.present import budget_charts as bc
from maeul.present.filters import Filters
from maeul.present.theme import CHART_CONFIG
from maeul.web import cache, sidebar, widgets

_MD_SPECIAL = "\\`*_{}[]<>()#+-.!|~$"


def _md_escape(text) -> str:
    """Plain text from the data shown inside markdown: no accidental strike-through (~), maths ($) or links."""
    if not isinstance(text, str) or not text:
        return "–"
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def _names(df: pd.DataFrame, lang: str) -> dict[str, str]:
    col = "name_en" if lang == "en" else "name"
    return {c: (n if isinstance(n, str) and n else k) for c, n, k in zip(df["code"], df[col], df["name"])}


def _ind(f: Filters) -> pd.DataFrame:
    return cache.cached("indicator_data", f.as_of, f.districts or None)


def _scope_key(f: Filters) -> tuple:
    """What the sections read of the filters (the page does not use the progress basis)."""
    return (f.districts, f.as_of, f.lang)


def _metrics_model(f: Filters) -> dict:
    """The four counts at the top (memo)."""
    ind = _ind(f)
    stale = cache.cached("stale_districts", f.as_of)
    if f.districts:
        stale = stale[stale["district_code"].isin(f.districts)]
    late = stale[stale["last_quarter"].isna() | (stale["quarters_behind"].fillna(0) > 0)]
    return {"no_data": int((~ind["has_data"]).sum()), "n_ind": len(ind), "late": len(late), "n_stale": len(stale),
            "notes": len(cache.cached("quality_notes")), "published": len(cache.cached("published"))}


def _metrics(f: Filters) -> None:
    lang = f.lang
    m = cache.memo("quality.metrics", lambda: _metrics_model(f), f.districts, f.as_of)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("quality.m_no_data", lang), t("quality.n_of", lang, n=m["no_data"], total=m["n_ind"]),
              help=t("quality.m_no_data_help", lang, as_of=f.as_of))
    c2.metric(t("quality.m_stale", lang), t("quality.n_of", lang, n=m["late"], total=m["n_stale"]),
              help=t("quality.m_stale_help", lang, as_of=f.as_of))
    c3.metric(t("quality.m_notes", lang), t("quality.n_items", lang, n=m["notes"]), help=t("quality.m_notes_help", lang))
    c4.metric(t("quality.m_published", lang), t("quality.n_items", lang, n=m["published"]),
              help=t("quality.m_published_help", lang))


def _heatmap_model(f: Filters) -> dict:
    """Missing quarters per 자치구 × indicator: the heat map and its CSV (memo)."""
    lang = f.lang
    cov = cache.cached("coverage", f.as_of)
    if f.districts:
        cov = cov[cov["district_code"].isin(f.districts)]
    if cov.empty:
        return {"empty": True}
    fig = bc.coverage_heatmap(cov, lang=lang, indicator_names=_names(_ind(f), lang),
                              district_names=sidebar.district_names(lang))
    return {"empty": False, "nothing": int(cov["quarters_reported"].sum()) == 0, "fig": fig, "data": cov}


def _heatmap(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("quality.heat_title", lang, as_of=f.as_of))
    m = cache.memo("quality.heatmap", lambda: _heatmap_model(f), *_scope_key(f))
    if m["empty"]:
        st.info(t("quality.heat_empty", lang))
        return
    if m["nothing"]:
        st.info(t("quality.heat_nothing", lang))
    st.plotly_chart(m["fig"], key="coverage_heatmap", config=CHART_CONFIG)
    st.caption(t("quality.heat_howto", lang, as_of=f.as_of) + " " + t("quality.src_upload", lang))
    widgets.download(m["data"], f"coverage_{f.as_of}.csv", f, key="dl_coverage")


def _stale_model(f: Filters) -> dict:
    """Each 자치구's last reported quarter, as shown and as downloaded (memo)."""
    lang = f.lang
    df = cache.cached("stale_districts", f.as_of)
    if f.districts:
        df = df[df["district_code"].isin(f.districts)]
    names = sidebar.district_names(lang)
    show = pd.DataFrame({
        "district": [names.get(c, c) for c in df["district_code"]],
        "last_quarter": [q if isinstance(q, str) else t("quality.never", lang) for q in df["last_quarter"]],
        "quarters_behind": df["quarters_behind"].astype("Int64"),
        "rows": df["rows"].astype("Int64"),
        "state": [t("quality.state_never", lang) if not isinstance(q, str)
                  else (t("quality.state_ok", lang) if (b or 0) == 0 else t("quality.state_late", lang, n=int(b)))
                  for q, b in zip(df["last_quarter"], df["quarters_behind"])],
    })
    return {"show": show, "data": df}


def _stale(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("quality.stale_title", lang, as_of=f.as_of))
    m = cache.memo("quality.stale", lambda: _stale_model(f), *_scope_key(f))
    widgets.table(m["show"], hide_index=True, placeholder="–", column_config={
        "district": t("col.district", lang), "last_quarter": t("quality.col_last", lang),
        "quarters_behind": st.column_config.NumberColumn(t("quality.col_behind", lang), format="%d"),
        "rows": st.column_config.NumberColumn(t("quality.col_rows", lang), format="localized"),
        "state": t("quality.col_state", lang),
    })
    st.caption(t("quality.stale_howto", lang, as_of=f.as_of) + " " + t("quality.src_upload", lang))
    widgets.download(m["data"], f"stale_districts_{f.as_of}.csv", f, key="dl_stale")


def _no_data_model(f: Filters) -> dict:
    """Indicators with neither uploaded rows nor published figures: counts per role and the list (memo)."""
    lang = f.lang
    ind = _ind(f)
    missing = ind[~ind["has_data"]]
    by_role = missing.groupby("role").size()
    total_by_role = ind.groupby("role").size()
    parts = [t("quality.role_count", lang, role=t(f"role.{r}", lang), n=int(by_role.get(r, 0)), total=int(n))
             for r, n in total_by_role.items()]
    m = {"summary": " · ".join(parts) if parts else t("quality.no_indicators", lang), "n_missing": len(missing),
         "n_ind": len(ind), "data": ind, "show": None}
    if not missing.empty:
        names = _names(ind, lang)
        m["show"] = pd.DataFrame({
            "code": missing["code"], "name": [names[c] for c in missing["code"]],
            "role": [t(f"role.{r}", lang) for r in missing["role"]],
            "kind": [t(f"kind.{k}", lang) for k in missing["kind"]],
            "scope": missing["scope"],
        })
    return m


def _no_data(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("quality.nodata_title", lang, as_of=f.as_of))
    m = cache.memo("quality.no_data", lambda: _no_data_model(f), *_scope_key(f))
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


def _notes_model(lang: str, query: str) -> dict:
    """The plan's inconsistency notes matching the search: the table, the picker's labels, each note as markdown
    (memo)."""
    notes = cache.cached("quality_notes")
    shown = notes
    if query:
        mask = notes.astype(str).apply(lambda col: col.str.contains(query, case=False, regex=False)).any(axis=1)
        shown = notes[mask]
    records = {r["id"]: r for r in shown.to_dict("records")}

    def md(r: dict) -> str:
        return t("quality.note_md", lang, **{k: _md_escape(v) for k, v in r.items()})

    return {"notes": notes, "shown": shown, "ids": tuple(records),
            "labels": {i: f"{i} — {r['where']}" for i, r in records.items()},
            "detail": {i: md(r) for i, r in records.items()},
            # every note in one markdown element (rules between them): one element instead of ~50 per rerun
            "all_md": "\n\n---\n\n".join(md(r) for r in shown.to_dict("records"))}


def _notes(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("quality.notes_title", lang))
    st.markdown(t("quality.notes_intro", lang))
    if not cache.memo("quality.notes_n", lambda: len(cache.cached("quality_notes"))):
        st.info(t("quality.notes_empty", lang))
        return
    query = st.text_input(t("quality.notes_search", lang), key="dq_search",
                          placeholder=t("quality.notes_search_ph", lang)) or ""
    m = cache.memo("quality.notes", lambda: _notes_model(lang, query), lang, query)
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
        pick = st.selectbox(t("quality.notes_detail", lang), list(m["ids"]), key="dq_pick",
                            format_func=lambda i: labels[i])
        with st.container(border=True):
            st.markdown(m["detail"][pick])
    with st.expander(t("quality.notes_read", lang, n=len(shown))):
        st.markdown(m["all_md"])
    st.caption(t("quality.src_notes", lang))
    widgets.download(m["notes"], "data_quality_notes.csv", f, key="dl_notes")


def _published_model(f: Filters) -> dict:
    """The published figures in use, with their citations, as shown and as downloaded (memo)."""
    lang = f.lang
    pub = cache.cached("published")
    if pub.empty:
        return {"show": None}
    names = _names(_ind(f), lang)
    dnames = sidebar.district_names(lang)
    show = pd.DataFrame({
        "indicator": [f"{c} {names.get(c, '')}".strip() for c in pub["indicator_code"]],
        "district": [dnames.get(d, d) if isinstance(d, str) and d else t("sidebar.all", lang)
                     for d in pub["district_code"]],
        "period": [p if isinstance(p, str) and p else f"{y}Q{q}" for p, y, q in
                   zip(pub["ref_period"], pub["year"], pub["quarter"])],
        "value": [f"{v:,.10g} {u or ''}".strip() if pd.notna(v) else (s or "–")
                  for v, u, s in zip(pub["value"], pub["unit"], pub["stage"])],
        "publisher": pub["publisher"], "date": pub["source_date"], "url": pub["url"],
        "confidence": pub["confidence"], "description": pub["description"],
    })
    show = show[["indicator", "value", "period", "district", "publisher", "date", "url", "description", "confidence"]]
    return {"show": show, "data": pub}


def _published(f: Filters) -> None:
    lang = f.lang
    st.subheader(t("quality.pub_title", lang))
    m = cache.memo("quality.published", lambda: _published_model(f), *_scope_key(f))
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
