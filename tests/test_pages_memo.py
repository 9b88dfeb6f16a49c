"""Every page on a rerun: served from cache.memo (nothing built again) and nothing shared is changed by drawing it.

cache.memo hands the same figure/table objects to every session; a page that changed one (fig.update_layout,
df[...] = …) would leak into what other users see. Each page is run, its memo entries fingerprinted, rerun twice, and
the entries compared.
"""

from __future__ import annotations

import pickle

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pydeck as pdk
import pytest
from apptest_util import assert_no_exception, run_page

from maeul.web import cache

PAGES = ["overview", "strategy", "budget", "map", "districts", "upload", "quality", "reporting", "audit"]


def _fingerprint(v):
    if isinstance(v, go.Figure):  # the figure itself, not the serialisation memo froze when it was built
        return ("fig", pio.to_json(go.Figure.to_dict(v), validate=False))
    if isinstance(v, pd.DataFrame):
        return ("df", pickle.dumps(v))
    if isinstance(v, dict):
        return ("dict", tuple((k, _fingerprint(x)) for k, x in v.items()))
    if isinstance(v, (list, tuple)):
        return (type(v).__name__, tuple(_fingerprint(x) for x in v))
    if isinstance(v, pdk.Deck):  # the Deck itself, without the JSON memo froze onto it
        frozen = vars(v).pop("to_json", None)
        try:
            return ("deck", type(v).to_json(v))
        finally:
            if frozen is not None:
                vars(v)["to_json"] = frozen
    try:
        return ("pickle", pickle.dumps(v))
    except Exception:  # noqa: BLE001
        return ("repr", repr(v))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("gu", [(), ("11680", "11710")])
@pytest.mark.slow  # 7 pages × 2 scopes, 3 AppTest runs each
def test_rerun_is_served_from_memo_and_changes_nothing_shared(sample_db, page, gu, monkeypatch):
    cache.memo_clear()
    as_built = {}  # id(value) → fingerprint taken when memo stored it, before any page drew it
    freeze = cache._freeze

    def recording_freeze(value, depth=0):
        if depth == 0:
            as_built[id(value)] = _fingerprint(value)
        return freeze(value, depth)

    monkeypatch.setattr(cache, "_freeze", recording_freeze)
    at = run_page(page, sample_db, q="2021Q4", gu=gu)
    assert_no_exception(at)
    keys = set(cache._MEMO)
    assert keys, "the page built nothing through cache.memo"
    for _ in range(2):
        at.run()
        assert_no_exception(at)
    assert set(cache._MEMO) == keys, "a rerun with the same filters built something again"
    changed = [k[0] for k, (value, _size) in cache._MEMO.items() if _fingerprint(value) != as_built[id(value)]]
    assert not changed, f"drawing the page changed shared memo entries: {changed}"
