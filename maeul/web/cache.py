"""Cached data for pages: one DuckDB connection per database file, named queries through st.cache_data keyed by the
data version, and ``memo`` — what a page draws, built once per data version and filters and shared by every session.

An upload or rollback bumps the data version (maeul.plan.write), so every cached result and memo entry of the
older version misses from the next rerun of every session on.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict

import pandas as pd
import streamlit as st

from maeul.plan import db
from maeul.read.registry import QUERIES, check_args
from maeul.web import compat

# ------------------------------------------------------------------ connection and data version


IDLE_SECONDS = float(os.environ.get("MAEUL_DB_IDLE", "1.0"))  # the file is closed this long after its last use
WAIT_SECONDS = float(os.environ.get("MAEUL_DB_WAIT", "5.0"))  # how long a page waits while a command holds it


@st.cache_resource(show_spinner=False)
def _con_for(path: str) -> db.SharedConnection:
    return db.SharedConnection(path, idle=IDLE_SECONDS, wait=WAIT_SECONDS)


_CONS: dict[str, db.SharedConnection] = {}  # the same, looked up without st.cache_resource's argument hashing


def get_con() -> db.SharedConnection:
    """One shared connection per database file and server process ($MAEUL_DB or var/maeul.duckdb): open only while
    a query or write uses it (a cursor each), so the command line can use the file in between."""
    path = str(db.db_path())
    con = _CONS.get(path)
    if con is None:
        con = _CONS[path] = _con_for(path)
    return con


def refresh_data_version() -> int:
    """Read the data version and keep it for this run: called at the start of app.py's sidebar and of every page,
    and after this session commits or rolls back, so cached results refresh right after a change. Answered from
    the file's signature (~20 µs) unless the file changed since the last read (then one query)."""
    v = get_con().data_version()
    st.session_state["_data_version"] = v
    return v


def data_version() -> int:
    """The data version read at the start of this run (see refresh_data_version)."""
    v = st.session_state.get("_data_version")
    return refresh_data_version() if v is None else v


# ------------------------------------------------------------------ named queries (maeul.read.registry)

@st.cache_data(show_spinner=False, max_entries=256)
def _cached(fn_name: str, db_key: str, version: int, args: tuple, kwargs: tuple):
    return QUERIES[fn_name](_con_for(db_key), *args, **dict(kwargs))


def cached(name: str, *args, **kwargs):
    """A query of maeul.read.registry through st.cache_data, keyed by the current data version.

    st.cache_data hands every caller its own copy, so a page cannot change what other sessions see.
    """
    check_args(name, args, kwargs)
    return _cached(name, str(db.db_path()), data_version(), tuple(args), tuple(sorted(kwargs.items())))


class CachedReader:
    """The web layer's reader for page models: ``data("progress", ...)`` answered from st.cache_data (the same calls
    as maeul.read.registry.Reader, which tests use)."""

    def __call__(self, name: str, *args, **kwargs):
        return cached(name, *args, **kwargs)


DATA = CachedReader()


def presence() -> tuple[bool, bool]:
    """(any actual rows uploaded, any sample rows present) for this data version."""
    return memo("presence", lambda: (bool(cached("has_actuals")), bool(cached("has_sample_rows"))))


# ------------------------------------------------------------------ memo: what pages draw, shared

_MEMO: OrderedDict = OrderedDict()  # (name, db, version, key) → (value, approx. bytes), least recently used first
_MEMO_VERSION: dict[str, int] = {}  # db → the data version the entries were built for
_MEMO_LOCK = threading.Lock()
MEMO_MAX_ENTRIES = 2048
MEMO_MAX_BYTES = 512 * 2**20  # a map with every 행정동 is ~2 MB; figures and tables mostly 10–500 kB
_memo_bytes = 0
_MISS = object()


_ARROW: dict[int, tuple] = {}  # id(frame) → (weak reference to the frame, its Arrow table, its IPC size)


def _arrow_once(df: pd.DataFrame) -> None:
    """The Arrow table st.dataframe would make of ``df``, kept while ``df`` lives, with the IPC bytes st.dataframe
    sends (compat.remember_arrow_bytes)."""
    table = compat.arrow_table(df)
    if table is None:
        return
    try:
        ref = weakref.ref(df)
    except TypeError:  # pragma: no cover - frames are weak-referenceable
        return
    key = id(df)
    _ARROW[key] = (ref, table, compat.remember_arrow_bytes(table))  # and the bytes st.dataframe sends, once
    weakref.finalize(df, _ARROW.pop, key, None)


def arrow_of(df):
    """The Arrow table built for ``df`` when it came out of memo, else None."""
    hit = _ARROW.get(id(df)) if isinstance(df, pd.DataFrame) else None
    return hit[1] if hit is not None and hit[0]() is df else None


def _freeze(value, depth: int = 0) -> int:
    """Serialise what a memo value draws once, and return its approximate size in bytes (for MEMO_MAX_BYTES).

    A plotly figure's to_dict() (a deep copy, ~1.5 ms, that st.plotly_chart makes on every rerun), its JSON
    (compat.remember_plotly_json, ~0.5 ms) and a pydeck Deck's to_json() then return what was computed when it was
    built, and a DataFrame gets its Arrow table for ``widgets.table()`` and the IPC bytes st.dataframe sends
    (compat.remember_arrow_bytes). Looks into dicts, lists and tuples (two levels). Changing a frozen object
    afterwards would not show — one more reason never to change what memo returns."""
    import plotly.graph_objects as go
    import pydeck as pdk

    if isinstance(value, pd.DataFrame):
        _arrow_once(value)
        hit = _ARROW.get(id(value))
        return int(value.memory_usage(deep=True).sum()) + (hit[1].nbytes + hit[2] if hit else 0)
    if isinstance(value, go.Figure):
        if "to_dict" not in vars(value):
            frozen = value.to_dict()
            object.__setattr__(value, "to_dict", lambda: frozen)
        # its JSON, made once for the frozen dict st.plotly_chart passes on; Python objects take ~4× their JSON
        return 5 * compat.remember_plotly_json(value.to_dict(), value)
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


def _check_key(name: str, key: tuple) -> None:
    for k in key:
        if isinstance(k, (list, dict, set, pd.DataFrame)):
            raise TypeError(f"memo({name!r}): key parts must be hashable scalars or tuples, not {type(k).__name__}")


def _store(full: tuple, value, size: int) -> None:
    """Keep a built entry, dropping older data versions of its database and the least recently used beyond the
    limits."""
    global _memo_bytes
    name, db_key, version, key = full
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


def memo(name: str, build, *key):
    """What build() returns for this data version and ``key``, built once and then shared by every rerun and session.

    For what a page shows — figures, display tables, texts — built by a page model: a rerun with the same filters
    takes them from here instead of building plotly figures and tables again, the costly part of a rerun.
    ``name`` names the call site; ``key`` must hold every input build() reads besides the data (filters, widget
    values, language), as plain strings, numbers, booleans or tuples of them. build() must not draw anything, and
    nobody may change what memo returns (it is the same object for everyone; st.plotly_chart and st.dataframe
    only read it). Entries of an older data version are dropped when a newer one is first seen; at most
    MEMO_MAX_ENTRIES entries and about MEMO_MAX_BYTES are kept (least recently used go first). A plain dict, not
    st.cache_resource: a hit costs microseconds instead of Streamlit's argument hashing (~0.5 ms), and a page makes
    a dozen of them per rerun."""
    _check_key(name, key)
    full = (name, str(db.db_path()), data_version(), key)
    with _MEMO_LOCK:
        hit = _MEMO.get(full, _MISS)
        if hit is not _MISS:
            _MEMO.move_to_end(full)
            return hit[0]
    value = build()  # outside the lock: two sessions may build the same entry at once; both are equal
    _store(full, value, _freeze(value))
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


def version_now() -> int | None:
    """The data version this process's shared connection sees now (from the file signature; one query when another
    process changed the file), or None before any page ran in this process. For threads outside a script run
    (maeul.web.warm): no session state, no st.cache_resource."""
    con = _CONS.get(str(db.db_path()))
    return None if con is None else con.data_version()
