"""Streamlit glue shared by app.py and every page: the cached connection, cached queries keyed by the data
version, the sidebar filters (bound to the URL), banners, captions and downloads.

Pages import from here and from the pure modules (progress, queries, charts, maps); they hold no SQL and no
progress rules.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from maeul import db, export, queries
from maeul import progress as progress_mod
from maeul.i18n import DEFAULT_LANG, LANGS, t
from maeul.rules import all_quarters

# ------------------------------------------------------------------ connection and cached queries


@st.cache_resource(show_spinner=False)
def _con_for(path: str):
    return db.connect(path)


def get_con():
    """One DuckDB connection per database file and server process ($MAEUL_DB or var/maeul.duckdb);
    every query opens its own cursor, so Streamlit's threads can share it."""
    return _con_for(str(db.db_path()))


def data_version() -> int:
    """Cheap (≈0.3 ms): read on every rerun so cached results refresh right after an upload or rollback."""
    with get_con().cursor() as cur:
        return db.data_version(cur)


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(fn_name: str, db_key: str, version: int, args: tuple, kwargs: tuple):
    fn = _REGISTRY[fn_name]
    return fn(_con_for(db_key), *args, **dict(kwargs))


_REGISTRY = {
    "progress": progress_mod.progress,
    "progress_by_district": progress_mod.progress_by_district,
    "hierarchy": queries.hierarchy,
    "districts": queries.districts,
    "district_stats": queries.district_stats,
    "strategies": queries.strategies,
    "tasks": queries.tasks,
    "unit_projects": queries.unit_projects,
    "targets": queries.targets,
    "stages": queries.stages,
    "indicator_series": queries.indicator_series,
    "latest_quarter_with_data": queries.latest_quarter_with_data,
    "coverage": queries.coverage,
    "stale_districts": queries.stale_districts,
    "quality_notes": queries.quality_notes,
    "published": queries.published,
    "budget": queries.budget,
    "budget_lines": queries.budget_lines,
    "budget_flows": queries.budget_flows,
    "budget_execution": queries.budget_execution,
    "project_budget_weights": queries.project_budget_weights,
    "spaces": queries.spaces,
    "latest_upload": queries.latest_upload,
    "has_sample_rows": queries.has_sample_rows,
    "has_actuals": queries.has_actuals,
}


def register(name: str, fn) -> None:
    """Make another maeul query (fn(con, ...)) available through cached()."""
    _REGISTRY[name] = fn


def cached(name: str, *args, **kwargs):
    """Call a registered query through st.cache_data, keyed by the current data version.

    st.cache_data hands every caller its own copy, so a page cannot change what other sessions see.
    """
    for a in list(args) + list(kwargs.values()):
        if isinstance(a, list):
            raise TypeError("pass tuples, not lists, to cached()")
    return _cached(name, str(db.db_path()), data_version(), tuple(args), tuple(sorted(kwargs.items())))


def clear_caches() -> None:
    """After an upload or rollback: the data version changes anyway; this also frees memory."""
    _cached.clear()


# ------------------------------------------------------------------ filters (sidebar, bound to the URL)

@dataclass(frozen=True)
class Filters:
    districts: tuple[str, ...]  # empty = citywide
    as_of: str
    basis: str
    lang: str

    @property
    def district_arg(self):
        """What progress()/queries take: None (citywide), one code, or a list of codes."""
        if not self.districts:
            return None
        return self.districts[0] if len(self.districts) == 1 else tuple(self.districts)

    def scope_label(self, names: dict[str, str]) -> str:
        if not self.districts:
            return t("sidebar.all", self.lang)
        return ", ".join(names.get(d, d) for d in self.districts)


QUARTERS = [q.label for q in all_quarters()]


def default_as_of() -> str:
    latest = cached("latest_quarter_with_data")
    return latest or QUARTERS[-1]


def sidebar() -> Filters:
    """Draw the shared sidebar (called by app.py on every page) and return the filters."""
    lang = st.session_state.get("lang", DEFAULT_LANG)
    if lang not in LANGS:
        lang = DEFAULT_LANG
    d = cached("districts")
    names = dict(zip(d["code"], d["name_ko"] if lang == "ko" else d["name_en"]))
    with st.sidebar:
        st.multiselect(
            t("sidebar.district", lang), options=list(d["code"]), format_func=lambda c: names.get(c, c),
            key="gu", bind="query-params", help=t("sidebar.district_help", lang),
            placeholder=t("sidebar.all", lang),
        )
        default_q = default_as_of()
        st.selectbox(t("sidebar.as_of", lang), QUARTERS, index=QUARTERS.index(default_q), key="q",
                     bind="query-params", help=t("sidebar.as_of_help", lang))
        st.selectbox(t("sidebar.basis", lang), ["dong", "equal", "none"], key="basis", bind="query-params",
                     format_func=lambda b: t(f"basis.{b}", lang), help=t("sidebar.basis_help", lang))
        st.segmented_control(t("sidebar.lang", lang), list(LANGS), key="lang", bind="query-params",
                             format_func=lambda x: {"ko": "한국어", "en": "English"}[x], default=DEFAULT_LANG)
        st.caption(t("sidebar.link", lang))
    return filters()


def filters() -> Filters:
    """The current filters from session state (set by the sidebar widgets), validated, with safe defaults."""
    ss = st.session_state
    lang = ss.get("lang") or DEFAULT_LANG
    lang = lang if lang in LANGS else DEFAULT_LANG
    valid = set(cached("districts")["code"])
    gu = tuple(c for c in (ss.get("gu") or ()) if c in valid)
    q = ss.get("q")
    if q not in QUARTERS:
        q = default_as_of()
    basis = ss.get("basis") if ss.get("basis") in ("dong", "equal", "none") else "dong"
    return Filters(gu, q, basis, lang)


# ------------------------------------------------------------------ page furniture

def banners(f: Filters) -> None:
    """The 예시 데이터 banner on every page while sample rows are present; a note when nothing is uploaded."""
    if cached("has_sample_rows"):
        st.warning(t("banner.sample", f.lang), icon="⚠️")
    elif not cached("has_actuals"):
        st.info(t("banner.no_data", f.lang))


def source_caption(f: Filters, text: str) -> None:
    st.caption(text)


def download(df: pd.DataFrame, file_name: str, f: Filters, key: str) -> None:
    """A CSV download (UTF-8 with BOM so Korean Excel opens it) with spreadsheet formulas neutralised."""
    data = export.safe_csv_bytes(df)
    st.download_button(t("download.csv", f.lang), data, file_name=file_name, mime="text/csv", key=key,
                       on_click="ignore")


def guarded(render):
    """Run a page body; a user-caused or unexpected error becomes a clear message, never a traceback."""
    @functools.wraps(render)
    def run(*a, **kw):
        try:
            return render(*a, **kw)
        except ScriptControlException:  # st.rerun / st.stop / st.switch_page must pass through
            raise
        except Exception as e:  # noqa: BLE001 - last line of defence for users
            lang = st.session_state.get("lang", DEFAULT_LANG)
            st.error(t("error.generic", lang if lang in LANGS else DEFAULT_LANG, detail=type(e).__name__))
            logging.getLogger("maeul").exception("page error")
    return run


def fmt_num(v, unit: str | None = None, digits: int = 0) -> str:
    """1234.5 → '1,235' (+ unit); None/NaN → '–'."""
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return "–"
    s = f"{v:,.{digits}f}"
    return f"{s} {unit}" if unit else s


def fmt_pct(v) -> str:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return "–"
    if v == float("inf"):
        return "∞"
    return f"{v * 100:,.0f}%"
