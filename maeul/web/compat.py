"""Every use of Streamlit internals (APIs outside its documented surface) in one place, each with a test in
tests/test_web_compat.py, so a Streamlit upgrade breaks here and nowhere else. Checked against Streamlit 1.67."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException  # noqa: F401 - re-exported

# st.rerun / st.stop / st.switch_page raise ScriptControlException subclasses; a page's last-line error handler
# must let them pass (maeul.web.widgets.guarded).


def arrow_table(df: pd.DataFrame):
    """The Arrow table st.dataframe would make of ``df`` (Streamlit's own conversion), or None when Arrow cannot
    take the frame (st.dataframe then converts it the usual way)."""
    from streamlit.dataframe_util import convert_pandas_df_to_arrow_table

    try:
        return convert_pandas_df_to_arrow_table(df)
    except Exception:  # noqa: BLE001 - e.g. mixed object columns: drawn without the shortcut
        return None


_IPC: dict[int, tuple] = {}  # id(table) → (weak reference to the table, its Arrow IPC bytes)
_ipc_patched = False


def remember_arrow_bytes(table) -> int:
    """Serialise ``table`` once to the Arrow IPC bytes st.dataframe sends, and have Streamlit reuse them for as long
    as the table lives instead of serialising it again on every rerun (~0.6 ms a table; a pyarrow Table is
    immutable, so the bytes stay right). Streamlit's own serialiser is wrapped once per process
    (dataframe_util.convert_arrow_table_to_arrow_bytes, which st.dataframe calls for a pyarrow Table). Returns the
    number of bytes kept."""
    import weakref

    from streamlit import dataframe_util

    global _ipc_patched
    if not _ipc_patched:
        original = dataframe_util.convert_arrow_table_to_arrow_bytes

        def convert_arrow_table_to_arrow_bytes(t):
            hit = _IPC.get(id(t))
            return hit[1] if hit is not None and hit[0]() is t else original(t)

        convert_arrow_table_to_arrow_bytes.original = original
        dataframe_util.convert_arrow_table_to_arrow_bytes = convert_arrow_table_to_arrow_bytes
        _ipc_patched = True
    try:
        data = dataframe_util.convert_arrow_table_to_arrow_bytes.original(table)
    except Exception:  # noqa: BLE001 - st.dataframe will meet (and report) the same problem itself
        return 0
    key = id(table)
    _IPC[key] = (weakref.ref(table), data)
    weakref.finalize(table, _IPC.pop, key, None)
    return len(data)


_JSON: dict[int, tuple] = {}  # id(figure dict) → (the dict, the JSON st.plotly_chart sends for it)
_plotly_original = None  # plotly.io.to_json as plotly defines it (set when it is first wrapped)


def remember_plotly_json(fig_dict: dict, owner) -> int:
    """Make the JSON st.plotly_chart sends for a figure once. st.plotly_chart turns a figure into ``fig.to_dict()``
    and calls ``plotly.io.to_json(that_dict, validate=False)`` on every rerun (~0.5 ms a figure); for a figure whose
    to_dict() always returns the same dict (memo freezes it so), that call then returns the JSON made here, as long
    as ``owner`` (the figure) lives. Nobody may change the dict afterwards. plotly.io.to_json is wrapped once per
    process; every other call goes to plotly as before. Returns the length of the JSON."""
    import weakref

    import plotly.io

    global _plotly_original
    if _plotly_original is None:
        _plotly_original = plotly.io.to_json

        def to_json(fig, validate=True, pretty=False, remove_uids=True, engine=None):
            if not validate and not pretty and remove_uids and engine is None:
                hit = _JSON.get(id(fig))
                if hit is not None and hit[0] is fig:
                    return hit[1]
            return _plotly_original(fig, validate=validate, pretty=pretty, remove_uids=remove_uids, engine=engine)

        plotly.io.to_json = to_json
    text = _plotly_original(fig_dict, validate=False)
    key = id(fig_dict)
    _JSON[key] = (fig_dict, text)
    weakref.finalize(owner, _JSON.pop, key, None)
    return len(text)


def leave_pages_directory_mode() -> bool:
    """With page files in a folder named pages/ beside app.py, Streamlit starts in its old multipage mode and runs
    /budget as pages/budget.py alone until app.py has called st.navigation once in this process. Switch the process
    to st.navigation mode; True when it was in the old mode (the caller then reruns, which runs app.py)."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        return True
    return False


def in_server() -> bool:
    """True inside a running Streamlit server (streamlit run), False under AppTest (which installs a mock Runtime)
    or in a bare Python process."""
    from streamlit import runtime
    from streamlit.runtime import Runtime

    return runtime.exists() and type(runtime.get_instance()) is Runtime


def keep_compiled_scripts() -> bool:
    """Streamlit forgets every compiled script (app.py, the pages) whenever the last session leaves, so that edited
    files are picked up without a file watcher; the next visitor then compiles app.py and the page again (~2 ms,
    a tenth of a warm visit). With the file watcher off (server.fileWatcherType = "none", as deployed) the files
    change only with a restart: keep them. True when switched on (once per process)."""
    from streamlit import config
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    if config.get_option("server.fileWatcherType") != "none" or hasattr(ScriptCache.clear, "original"):
        return False
    original = ScriptCache.clear

    def clear(self) -> None:  # noqa: ARG001 - the compiled scripts stay
        return None

    clear.original = original
    ScriptCache.clear = clear
    return True


# ------------------------------------------------------------------ the websocket protocol (maeul.web.visitor)
# A browser tab talks to the server over /_stcore/stream: BackMsg protobufs up, one ForwardMsg per binary frame down.
# The visitor (warming, the benchmark) speaks the same protocol; these two functions are all it knows of it.

STREAM_PATH = "_stcore/stream"
STREAM_SUBPROTOCOL = "streamlit"


def rerun_request(*, query: str = "", page_hash: str = "", page_name: str = "",
                  cached_hashes: frozenset[str] | set[str] = frozenset()) -> bytes:
    """A BackMsg asking for a script run, as the browser sends it: on opening a URL (``page_name`` = its path,
    e.g. "budget", no hash) or on a click in the navigation (``page_hash``). ``cached_hashes`` are the messages this
    client already holds; the server then sends a short reference instead of the element again."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    rs = msg.rerun_script
    rs.query_string = query
    rs.page_script_hash = page_hash
    rs.page_name = page_name
    rs.cached_message_hashes.extend(sorted(cached_hashes))
    return msg.SerializeToString()


class Received(NamedTuple):
    """What a client needs from one ForwardMsg."""

    kind: str | None  # the message type: new_session, navigation, delta, script_finished, ...
    pages: dict[str, str] | None  # url path → page hash (a navigation message)
    finished: str | None  # the script_finished status name
    exception: str | None  # the message of an st.exception element (a traceback the user would see)
    error: str | None  # the body of an st.error element
    cache_hash: str | None  # the hash to report back when the browser would keep the message


def read_message(data: bytes) -> Received:
    """Decode one frame the server sent (a ForwardMsg) into what a client needs (see Received)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.ParseFromString(data)
    kind = msg.WhichOneof("type")
    pages = finished = exception = error = None
    if kind == "navigation":
        pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
    elif kind == "script_finished":
        finished = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
    elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        el = msg.delta.new_element
        which = el.WhichOneof("type")
        if which == "exception":
            exception = el.exception.message or el.exception.type
        elif which == "alert" and el.alert.format == el.alert.ERROR:
            error = el.alert.body
    cache_hash = msg.hash if msg.metadata.cacheable else None
    return Received(kind, pages, finished, exception, error, cache_hash)
