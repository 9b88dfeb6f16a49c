"""Streamlit glue shared by app.py and every page: the cached connection, cached queries keyed by the data
version, the sidebar filters (bound to the URL), banners, captions and downloads.

Pages import from here and from the pure modules (progress, queries, charts, maps); they hold no SQL and no
progress rules.
"""

from __future__ import annotations

import functools
import logging
import threading
import weakref
from collections import OrderedDict
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


_CONS: dict[str, object] = {}  # the same connections, looked up without st.cache_resource's argument hashing


def get_con():
    """One DuckDB connection per database file and server process ($MAEUL_DB or var/maeul.duckdb);
    every query opens its own cursor, so Streamlit's threads can share it."""
    path = str(db.db_path())
    con = _CONS.get(path)
    if con is None:
        con = _CONS[path] = _con_for(path)
    return con


def _read_data_version() -> int:
    with get_con().cursor() as cur:
        return db.data_version(cur)


def refresh_data_version() -> int:
    """Read the data version (≈0.6 ms) and keep it for this run: called at the start of app.py's sidebar and of
    every page, and after this session commits or rolls back, so cached results refresh right after a change."""
    v = _read_data_version()
    st.session_state["_data_version"] = v
    return v


def data_version() -> int:
    """The data version read at the start of this run (see refresh_data_version)."""
    v = st.session_state.get("_data_version")
    return refresh_data_version() if v is None else v


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


_MEMO: OrderedDict = OrderedDict()  # (name, db, version, key) → (value, approx. bytes), least recently used first
_MEMO_VERSION: dict[str, int] = {}  # db → the data version the entries were built for
_MEMO_LOCK = threading.Lock()
MEMO_MAX_ENTRIES = 2048
MEMO_MAX_BYTES = 512 * 2**20  # a map with every 행정동 is ~2 MB; figures and tables mostly 10–500 kB
_memo_bytes = 0
_MISS = object()


_ARROW: dict[int, tuple] = {}  # id(frame) → (weak reference to the frame, its Arrow table)


def _arrow_once(df: pd.DataFrame) -> None:
    """The Arrow table st.dataframe would make of ``df`` (Streamlit's own conversion), kept while ``df`` lives."""
    try:
        from streamlit.dataframe_util import convert_pandas_df_to_arrow_table

        table = convert_pandas_df_to_arrow_table(df)
        ref = weakref.ref(df)
    except Exception:  # noqa: BLE001 - a frame Arrow cannot take is drawn the usual way by st.dataframe
        return
    key = id(df)
    _ARROW[key] = (ref, table)
    weakref.finalize(df, _ARROW.pop, key, None)


def table(df, **kwargs):
    """st.dataframe, with a frame that came out of memo sent as the Arrow table built with it (Streamlit converts a
    DataFrame to Arrow on every rerun otherwise, ~1 ms a table). Same arguments, same result."""
    hit = _ARROW.get(id(df)) if isinstance(df, pd.DataFrame) else None
    if hit is not None and hit[0]() is df:
        return st.dataframe(hit[1], **kwargs)
    return st.dataframe(df, **kwargs)


def _freeze(value, depth: int = 0) -> int:
    """Serialise what a memo value draws once, and return its approximate size in bytes (for MEMO_MAX_BYTES).

    A plotly figure's to_dict() (a deep copy, ~1.5 ms, that st.plotly_chart makes on every rerun) and a pydeck Deck's
    to_json() then return what was computed when it was built, and a DataFrame gets its Arrow table for ``table()``.
    Looks into dicts, lists and tuples (two levels). Changing a frozen object afterwards would not show — one more
    reason never to change what memo returns."""
    import plotly.graph_objects as go
    import plotly.io as pio
    import pydeck as pdk

    if isinstance(value, pd.DataFrame):
        _arrow_once(value)
        hit = _ARROW.get(id(value))
        return int(value.memory_usage(deep=True).sum()) + (hit[1].nbytes if hit else 0)
    if isinstance(value, go.Figure):
        if "to_dict" not in vars(value):
            frozen = value.to_dict()
            object.__setattr__(value, "to_dict", lambda: frozen)
        return 4 * len(pio.to_json(value.to_dict(), validate=False))  # Python objects take ~4× their JSON
    if isinstance(value, pdk.Deck):
        if "to_json" not in vars(value):
            frozen_json = value.to_json()
            object.__setattr__(value, "to_json", lambda: frozen_json)
        return 2 * len(value.to_json())  # the JSON text, plus the layers' data it was made from
    if isinstance(value, (str, bytes)):
        return len(value)
    if depth < 2 and isinstance(value, dict):
        return 64 + sum(_freeze(v, depth + 1) for v in value.values())
    if depth < 2 and isinstance(value, (list, tuple)):
        return 64 + sum(_freeze(v, depth + 1) for v in value)
    return 64


def memo(name: str, build, *key):
    """What build() returns for this data version and ``key``, built once and then shared by every rerun and session.

    For what a page shows — figures, display tables, texts — shaped from cached queries: a rerun with the same
    filters takes them from here instead of building plotly figures and tables again, the costly part of a rerun.
    ``name`` names the call site; ``key`` must hold every input build() reads besides the data (filters, widget
    values, language), as plain strings, numbers, booleans or tuples of them. build() must not draw anything, and
    nobody may change what memo returns (it is the same object for everyone; st.plotly_chart and st.dataframe
    only read it). Entries of an older data version are dropped when a newer one is first seen; at most
    MEMO_MAX_ENTRIES entries and about MEMO_MAX_BYTES are kept (least recently used go first). A plain dict, not st.cache_resource: a hit costs
    microseconds instead of Streamlit's argument hashing (~0.5 ms), and a page makes a dozen of them per rerun."""
    for k in key:
        if isinstance(k, (list, dict, set, pd.DataFrame)):
            raise TypeError(f"memo({name!r}): key parts must be hashable scalars or tuples, not {type(k).__name__}")
    db_key, version = str(db.db_path()), data_version()
    full = (name, db_key, version, key)
    with _MEMO_LOCK:
        hit = _MEMO.get(full, _MISS)
        if hit is not _MISS:
            _MEMO.move_to_end(full)
            return hit[0]
    value = build()  # outside the lock: two sessions may build the same entry at once; both are equal
    size = _freeze(value)
    global _memo_bytes
    with _MEMO_LOCK:
        if _MEMO_VERSION.get(db_key) != version:
            for k in [k for k in _MEMO if k[1] == db_key and k[2] != version]:
                _memo_bytes -= _MEMO.pop(k)[1]
            _MEMO_VERSION[db_key] = version
        if full in _MEMO:
            _memo_bytes -= _MEMO.pop(full)[1]
        _MEMO[full] = (value, size)
        _memo_bytes += size
        while len(_MEMO) > 1 and (len(_MEMO) > MEMO_MAX_ENTRIES or _memo_bytes > MEMO_MAX_BYTES):
            _memo_bytes -= _MEMO.popitem(last=False)[1][1]
    return value


def memo_clear() -> None:
    """Forget every memo entry (after an upload the new data version already makes them miss; this frees memory)."""
    global _memo_bytes
    with _MEMO_LOCK:
        _MEMO.clear()
        _MEMO_VERSION.clear()
        _memo_bytes = 0


def clear_caches() -> None:
    """After an upload or rollback: take the new data version for the rest of this run and free memory."""
    _cached.clear()
    memo_clear()
    refresh_data_version()


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

    @property
    def key(self) -> tuple:
        """The filters as a memo key."""
        return (self.districts, self.as_of, self.basis, self.lang)

    def scope_label(self, names: dict[str, str]) -> str:
        if not self.districts:
            return t("sidebar.all", self.lang)
        return ", ".join(names.get(d, d) for d in self.districts)


QUARTERS = [q.label for q in all_quarters()]


def default_as_of() -> str:
    return memo("ui.default_as_of", lambda: cached("latest_quarter_with_data") or QUARTERS[-1])


BASES = ("dong", "equal", "none")
URL_KEYS = ("gu", "q", "basis", "lang")


def _parse_url(key: str, raw: list[str], valid_codes: set[str]):
    """A URL value as the widget's value (codes, not labels), or None when it is not valid."""
    if key == "gu":
        codes = [c for part in raw for c in part.split(",") if c.strip()]
        return [c.strip() for c in codes if c.strip() in valid_codes]
    v = raw[-1] if raw else ""
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
    refresh_data_version()
    st.session_state["_version_read_by_sidebar"] = True  # the page (guarded) need not read it again this run
    d = districts()
    codes = list(d["code"])
    sync_from_url(set(codes))
    ss = st.session_state
    ss.setdefault("gu", [])
    ss.setdefault("q", default_as_of())
    ss.setdefault("basis", "dong")
    ss.setdefault("lang", DEFAULT_LANG)
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
        st.radio(t("sidebar.lang", lang), list(LANGS), key="lang", horizontal=True,
                 format_func=lambda x: {"ko": "한국어", "en": "English"}[x])
        st.caption(t("sidebar.link", lang))
    sync_to_url()
    return filters()


def entry_guard() -> None:
    """Make every page run inside app.py (navigation, sidebar, layout), even for a deep link right after a restart.

    With page files in a folder named pages/ beside app.py, Streamlit starts in its old multipage mode and runs
    /budget as pages/budget.py alone until app.py has called st.navigation once in this process. Called at the top
    of every page: in that mode it switches the process to st.navigation and reruns, which runs app.py, whose
    navigation resolves the same page (same url_path → same page hash).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        # Once per session: AppTest resets the flag before every run, and a rerun there would drop a click.
        if not st.session_state.get("_entry_rerun_done"):
            st.session_state["_entry_rerun_done"] = True
            st.rerun()


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
    return Filters(gu, q, basis, lang)



def districts() -> pd.DataFrame:
    """The 25 자치구 (code, names, …), shared read-only (memo): the sidebar needs them on every rerun."""
    return memo("ui.districts", lambda: cached("districts"))


def district_names(lang: str) -> dict[str, str]:
    """MOIS code → 자치구 name in the chosen language (shared read-only, do not change)."""
    def build():
        d = districts()
        return dict(zip(d["code"], d["name_en"] if lang == "en" else d["name_ko"]))
    return memo("ui.district_names", build, lang)


def status_column(label: str, lang: str, **kw):
    """Column config for a status column prepared by charts.status_pills: the status as a label in its colour."""
    from maeul.charts import STATUS_TINTS
    from maeul.rules import STATUSES

    return st.column_config.MultiselectColumn(label, options=list(STATUSES),
                                              color=[STATUS_TINTS[s] for s in STATUSES],
                                              format_func=lambda s: t(f"status.{s}", lang), **kw)


def scope_text(f: Filters) -> str:
    """'서울시 전체' or the selected districts' names, for headers and downloads."""
    return f.scope_label(district_names(f.lang))


def sticky(widget, key: str, default, *args, **kwargs):
    """A page widget whose value survives a language switch and a visit to another page.

    The value lives in st.session_state[key] (a plain key Streamlit never drops); the widget itself is keyed per
    language (its labels change with the language, which otherwise loses or garbles the choice) and is seeded from
    that value, writing it back on change.
    """
    lang = st.session_state.get("lang", DEFAULT_LANG)
    wkey = f"{key}@{lang}"
    if key not in st.session_state:
        st.session_state[key] = default
    if st.session_state.get(wkey) != st.session_state[key]:
        st.session_state[wkey] = st.session_state[key]

    def _save():
        st.session_state[key] = st.session_state[wkey]

    return widget(*args, key=wkey, on_change=_save, **kwargs)

# ------------------------------------------------------------------ page furniture

def presence() -> tuple[bool, bool]:
    """(any actual rows uploaded, any sample rows present) for this data version."""
    return memo("ui.presence", lambda: (bool(cached("has_actuals")), bool(cached("has_sample_rows"))))


def banners(f: Filters) -> None:
    """The 예시 데이터 banner on every page while sample rows are present; a note when nothing is uploaded."""
    actuals, sample = presence()
    if sample:
        st.warning(t("banner.sample", f.lang), icon="⚠️")
    elif not actuals:
        st.info(t("banner.no_data", f.lang))


def source_caption(f: Filters, text: str) -> None:
    st.caption(text)


def download(df: pd.DataFrame, file_name: str, f: Filters, key: str) -> None:
    """A CSV download (UTF-8 with BOM so Korean Excel opens it) with spreadsheet formulas neutralised, built on
    click rather than on every rerun. ``df`` is read when clicked: pass a frame nobody changes afterwards (what memo
    returns, or one built for this call)."""
    st.download_button(t("download.csv", f.lang), lambda: export.safe_csv_bytes(df), file_name=file_name,
                       mime="text/csv", key=key, on_click="ignore")  # the CSV is built only when clicked


def guarded(render):
    """Run a page body inside app.py (entry_guard); a user-caused or unexpected error becomes a clear message,
    never a traceback."""
    @functools.wraps(render)
    def run(*a, **kw):
        entry_guard()
        if not st.session_state.pop("_version_read_by_sidebar", False):  # a page run without app.py's sidebar
            refresh_data_version()
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
