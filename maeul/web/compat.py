"""Every use of Streamlit internals (APIs outside its documented surface) in one place, each with a test in
tests/test_web_compat.py, so a Streamlit upgrade breaks here and nowhere else. Checked against Streamlit 1.67."""

from __future__ import annotations

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


def leave_pages_directory_mode() -> bool:
    """With page files in a folder named pages/ beside app.py, Streamlit starts in its old multipage mode and runs
    /budget as pages/budget.py alone until app.py has called st.navigation once in this process. Switch the process
    to st.navigation mode; True when it was in the old mode (the caller then reruns, which runs app.py)."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        return True
    return False
