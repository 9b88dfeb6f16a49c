"""Every use of Streamlit internals (maeul.web.compat) still works with the installed Streamlit: a version upgrade
that moves or changes one of them fails here, by name, instead of somewhere in a page."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from maeul.web import compat


def test_arrow_table_is_streamlits_own_conversion():
    df = pd.DataFrame({"code": ["1-1-1", "1-1-2"], "rate": [0.5, None], "status": [["지연"], ["정상"]]})
    table = compat.arrow_table(df)
    assert isinstance(table, pa.Table)
    assert table.num_rows == 2 and "code" in table.column_names and "rate" in table.column_names


def test_arrow_table_never_raises_for_awkward_frames():
    """Mixed object columns: Streamlit's conversion stringifies them (or we get None and st.dataframe converts);
    either way the call does not raise, so a page draws."""
    for df in (pd.DataFrame({"x": [object(), 1, "a"]}), pd.DataFrame({"x": [{"a": 1}, [1, 2], None]})):
        out = compat.arrow_table(df)
        assert out is None or (isinstance(out, pa.Table) and out.num_rows == 3)


def test_pages_directory_mode_flag_exists_and_is_switched_off_once():
    from streamlit.runtime.pages_manager import PagesManager

    saved = PagesManager.uses_pages_directory
    try:
        PagesManager.uses_pages_directory = True
        assert compat.leave_pages_directory_mode() is True
        assert PagesManager.uses_pages_directory is False
        assert compat.leave_pages_directory_mode() is False
    finally:
        PagesManager.uses_pages_directory = saved


def test_rerun_stop_and_switch_page_raise_script_control_exceptions():
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

    assert issubclass(RerunException, compat.ScriptControlException)
    assert issubclass(StopException, compat.ScriptControlException)
    assert callable(st.rerun) and callable(st.switch_page)


def test_rerun_request_is_the_browsers_backmsg():
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.ParseFromString(compat.rerun_request(query="gu=11680", page_name="budget", cached_hashes={"b", "a"}))
    rs = msg.rerun_script
    assert msg.WhichOneof("type") == "rerun_script"
    assert (rs.query_string, rs.page_name, rs.page_script_hash) == ("gu=11680", "budget", "")
    assert list(rs.cached_message_hashes) == ["a", "b"]
    msg.ParseFromString(compat.rerun_request(page_hash="abc"))
    assert msg.rerun_script.page_script_hash == "abc"


def test_read_message_reads_what_a_visitor_needs():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    def frame(fill) -> bytes:
        m = ForwardMsg()
        fill(m)
        return m.SerializeToString()

    def nav(m):
        p = m.navigation.app_pages.add()
        p.url_pathname, p.page_script_hash = "budget", "h1"

    got = compat.read_message(frame(nav))
    assert got.kind == "navigation" and got.pages == {"budget": "h1"} and got.finished is None
    got = compat.read_message(frame(lambda m: setattr(m, "script_finished", ForwardMsg.FINISHED_SUCCESSFULLY)))
    assert got.kind == "script_finished" and got.finished == "FINISHED_SUCCESSFULLY"

    def exception(m):
        m.delta.new_element.exception.message = "boom"

    def error(m):
        m.delta.new_element.alert.body = "문제가 생겼습니다"
        m.delta.new_element.alert.format = m.delta.new_element.alert.ERROR
        m.hash = "h"
        m.metadata.cacheable = True

    assert compat.read_message(frame(exception)).exception == "boom"
    got = compat.read_message(frame(error))
    assert got.error == "문제가 생겼습니다" and got.exception is None and got.cache_hash == "h"


def test_in_server_is_false_under_apptest_and_in_a_bare_process():
    from streamlit.testing.v1 import AppTest

    assert compat.in_server() is False
    at = AppTest.from_string("import streamlit as st\nfrom maeul.web import compat\nst.write(str(compat.in_server()))")
    at.run()
    assert [m.value for m in at.markdown] == ["False"]


def test_remembered_arrow_bytes_are_what_streamlit_would_send():
    from streamlit import dataframe_util

    table = pa.table({"지표": ["1-1-1", "1-1-2"], "rate": [0.5, None]})
    other = pa.table({"x": [1, 2, 3]})
    n = compat.remember_arrow_bytes(table)
    convert = dataframe_util.convert_arrow_table_to_arrow_bytes
    assert convert.original(table) == convert(table) and len(convert(table)) == n
    assert convert(table) is convert(table)  # the same bytes object: not serialised again
    assert convert(other) == convert.original(other)  # tables nobody remembered: Streamlit's own serialiser


def test_post_script_gc_and_magic_are_real_options():
    """.streamlit/config.toml turns both off; Streamlit ignores unknown options silently, so check they exist."""
    assert isinstance(st.get_option("runner.postScriptGC"), bool)
    assert isinstance(st.get_option("runner.magicEnabled"), bool)


def test_remembered_plotly_json_is_what_st_plotly_chart_sends():
    import plotly.graph_objects as go
    import plotly.io
    from streamlit.testing.v1 import AppTest

    def figure():
        return go.Figure(go.Bar(x=["가", "나"], y=[1, 2]), layout={"title": "제목"})

    def frozen_figure():
        fig = figure()
        d = fig.to_dict()
        object.__setattr__(fig, "to_dict", lambda: d)  # as memo freezes it
        return fig, d

    fig, d = frozen_figure()
    n = compat.remember_plotly_json(d, fig)
    original = compat._plotly_original
    assert plotly.io.to_json(d, validate=False) is plotly.io.to_json(d, validate=False)  # made once
    assert plotly.io.to_json(d, validate=False) == original(figure(), validate=False)
    assert len(plotly.io.to_json(d, validate=False)) == n
    other = go.Figure(go.Scatter(y=[3, 1]))
    assert plotly.io.to_json(other, validate=False) == original(other, validate=False)
    assert plotly.io.to_json(d, pretty=True) == original(d, pretty=True)  # other arguments: plotly's own


    def script():
        import plotly.graph_objects as go
        import streamlit as st

        from maeul.web import compat

        fig = go.Figure(go.Bar(x=["가", "나"], y=[1, 2]), layout={"title": "제목"})
        d = fig.to_dict()
        object.__setattr__(fig, "to_dict", lambda: d)
        compat.remember_plotly_json(d, fig)
        calls, plotly_own = [], compat._plotly_original
        compat._plotly_original = lambda *a, **k: calls.append(a) or plotly_own(*a, **k)
        try:
            st.plotly_chart(fig)
        finally:
            compat._plotly_original = plotly_own
        st.write(f"calls {len(calls)}")

    at = AppTest.from_function(script)
    at.run()
    assert at.get("plotly_chart")[0].proto.spec == original(figure(), validate=False)
    assert [m.value for m in at.markdown] == ["calls 0"]  # st.plotly_chart took the remembered JSON


def test_compiled_scripts_are_kept_when_no_file_watcher_runs(monkeypatch, tmp_path):
    from streamlit import config
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    monkeypatch.setattr(ScriptCache, "clear", ScriptCache.clear)  # undone after the test
    monkeypatch.setattr(config, "get_option", lambda name: "auto" if name == "server.fileWatcherType" else None)
    assert compat.keep_compiled_scripts() is False  # a file watcher runs: Streamlit's own behaviour
    monkeypatch.setattr(config, "get_option", lambda name: "none" if name == "server.fileWatcherType" else None)
    assert compat.keep_compiled_scripts() is True
    assert compat.keep_compiled_scripts() is False  # once
    script = tmp_path / "page.py"
    script.write_text("x = 1\n")
    cache = ScriptCache()
    code = cache.get_bytecode(str(script))
    cache.clear()  # what Streamlit calls when the last session leaves
    assert cache.get_bytecode(str(script)) is code
