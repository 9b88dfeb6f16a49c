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
