"""The shared sidebar: district, as-of quarter, target basis, language and "verified figures only", mirrored to the
URL (as codes) so a copied link opens the same view on any page; ``filters()`` gives them to pages as one Filters
value."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from maeul.i18n import DEFAULT_LANG, LANGS, pick, t
from maeul.present.filters import Filters
from maeul.read.rules import all_quarters
from maeul.web import cache

QUARTERS = [q.label for q in all_quarters()]
BASES = ("dong", "equal", "none")
URL_KEYS = ("gu", "q", "basis", "lang", "verified")


def default_as_of() -> str:
    return cache.memo("sidebar.default_as_of", lambda: cache.cached("latest_quarter_with_data") or QUARTERS[-1])


def districts() -> pd.DataFrame:
    """The 25 자치구 (code, names, …), shared read-only (memo): the sidebar needs them on every rerun."""
    return cache.memo("sidebar.districts", lambda: cache.cached("districts"))


def district_names(lang: str) -> dict[str, str]:
    """MOIS code → 자치구 name in the chosen language (shared read-only, do not change)."""
    def build():
        d = districts()
        return {r["code"]: pick(r, "name", lang) for r in d.to_dict("records")}
    return cache.memo("sidebar.district_names", build, lang)


def scope_text(f: Filters) -> str:
    """'서울시 전체' or the selected districts' names, for headers and downloads."""
    return f.scope_label(district_names(f.lang))


def _parse_url(key: str, raw: list[str], valid_codes: set[str]):
    """A URL value as the widget's value (codes, not labels), or None when it is not valid."""
    if key == "gu":
        codes = [c for part in raw for c in part.split(",") if c.strip()]
        return [c.strip() for c in codes if c.strip() in valid_codes]
    v = raw[-1] if raw else ""
    if key == "verified":
        return {"1": True, "0": False}.get(v)
    ok = {"q": QUARTERS, "basis": BASES, "lang": LANGS}[key]
    return v if v in ok else None


def _url_value(key: str, value) -> str | None:
    """The widget's value as it goes into the URL; None = default, left out of the URL."""
    if key == "gu":
        return ",".join(value) if value else None
    if key == "basis":
        return None if value in (None, "dong") else value
    if key == "lang":
        return None if value in (None, DEFAULT_LANG) else value
    if key == "verified":
        return "1" if value else None
    return value


def sync_from_url(valid_codes: set[str]) -> None:
    """Before the sidebar widgets exist: take filter values from the URL when it carries ones this session has not
    written itself (a copied link, a hand-edited address). URL values are codes: gu=11680,11710 q=2021Q4 …"""
    ss = st.session_state
    written = ss.get("_url_written", {})
    for key in URL_KEYS:
        if key not in st.query_params:
            continue
        raw = st.query_params.get_all(key)
        if written.get(key) == ",".join(raw):
            continue
        value = _parse_url(key, raw, valid_codes)
        if value is not None:
            ss[key] = value


def sync_to_url() -> None:
    """After the widgets: mirror the filters into the URL (codes), so a copied link opens the same view on any
    page. Streamlit clears query parameters on page switches; this puts them back on every run."""
    ss = st.session_state
    written = {}
    for key in URL_KEYS:
        v = _url_value(key, ss.get(key))
        if v is None:
            if key in st.query_params:
                del st.query_params[key]
        else:
            if st.query_params.get(key) != v:
                st.query_params[key] = v
            written[key] = v
    ss["_url_written"] = written


def sidebar() -> Filters:
    """Draw the shared sidebar (called by app.py on every page) and return the filters."""
    cache.refresh_data_version()
    st.session_state["_version_read_by_sidebar"] = True  # the page (guarded) need not read it again this run
    d = districts()
    codes = list(d["code"])
    sync_from_url(set(codes))
    ss = st.session_state
    ss.setdefault("gu", [])
    ss.setdefault("q", default_as_of())
    ss.setdefault("basis", "dong")
    ss.setdefault("lang", DEFAULT_LANG)
    ss.setdefault("verified", False)
    if ss["lang"] not in LANGS:
        ss["lang"] = DEFAULT_LANG
    lang = ss["lang"]
    names = district_names(lang)
    with st.sidebar:
        st.multiselect(t("sidebar.district", lang), options=codes, format_func=lambda c: names.get(c, c),
                       key="gu", help=t("sidebar.district_help", lang), placeholder=t("sidebar.all", lang))
        st.selectbox(t("sidebar.as_of", lang), QUARTERS, key="q", help=t("sidebar.as_of_help", lang))
        st.selectbox(t("sidebar.basis", lang), list(BASES), key="basis",
                     format_func=lambda b: t(f"basis.{b}", lang), help=t("sidebar.basis_help", lang))
        st.toggle(t("sidebar.verified", lang), key="verified", help=t("sidebar.verified_help", lang))
        st.radio(t("sidebar.lang", lang), list(LANGS), key="lang", horizontal=True,
                 format_func=lambda x: {"ko": "한국어", "en": "English"}[x])
        st.caption(t("sidebar.link", lang))
    sync_to_url()
    return filters()


def filters() -> Filters:
    """The current filters from session state (set by the sidebar widgets), validated, with safe defaults."""
    ss = st.session_state
    lang = ss.get("lang") or DEFAULT_LANG
    lang = lang if lang in LANGS else DEFAULT_LANG
    valid = district_names(lang)
    gu = tuple(c for c in (ss.get("gu") or ()) if c in valid)
    q = ss.get("q")
    if q not in QUARTERS:
        q = default_as_of()
    basis = ss.get("basis") if ss.get("basis") in BASES else "dong"
    return Filters(gu, q, basis, lang, bool(ss.get("verified")))
