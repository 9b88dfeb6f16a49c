"""widgets.table: a missing cell reads '–' (the formatter's dash), as every other missing figure does."""

from streamlit.testing.v1 import AppTest


def _table_app():
    import pandas as pd

    from maeul.web import widgets

    widgets.table(pd.DataFrame({"a": [1.0, None]}), key="default")
    widgets.table(pd.DataFrame({"a": [1.0, None]}), placeholder="", key="own")


def test_missing_cells_read_a_dash_unless_the_caller_chooses():
    at = AppTest.from_function(_table_app, default_timeout=20).run()
    assert not at.exception
    assert [d.proto.placeholder for d in at.dataframe] == ["–", ""]
