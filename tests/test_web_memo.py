"""cache.memo: built once per (name, key, data version), shared, older versions dropped, bounded, strict keys."""

from __future__ import annotations

import pandas as pd
import pytest

from maeul.web import cache, widgets


@pytest.fixture
def version(monkeypatch):
    state = {"v": 1}
    monkeypatch.setattr(cache, "data_version", lambda: state["v"])
    cache.memo_clear()
    yield state
    cache.memo_clear()


def _counter():
    calls = []

    def build(tag="x"):
        calls.append(tag)
        return {"tag": tag, "n": len(calls)}
    return calls, build


def test_a_hit_returns_the_same_object_without_building_again(version):
    calls, build = _counter()
    a = cache.memo("t.a", build, "2021Q4", ("11680",))
    b = cache.memo("t.a", build, "2021Q4", ("11680",))
    assert a is b and calls == ["x"]


def test_every_key_part_and_the_name_separate_entries(version):
    calls, build = _counter()
    cache.memo("t.a", build, "2021Q4")
    cache.memo("t.a", build, "2022Q4")
    cache.memo("t.b", build, "2021Q4")
    cache.memo("t.a", build, "2021Q4", True)
    assert len(calls) == 4


def test_a_new_data_version_rebuilds_and_drops_the_old_entries(version):
    calls, build = _counter()
    first = cache.memo("t.a", build, "q")
    version["v"] = 2  # an upload committed (here or in another session)
    second = cache.memo("t.a", build, "q")
    assert second is not first and len(calls) == 2
    assert all(k[2] == 2 for k in cache._MEMO)  # version 1 entries are gone
    assert cache.memo("t.a", build, "q") is second


def test_entries_are_bounded_least_recently_used_first(version, monkeypatch):
    monkeypatch.setattr(cache, "MEMO_MAX_ENTRIES", 3)
    calls, build = _counter()
    for q in ("a", "b", "c"):
        cache.memo("t", build, q)
    cache.memo("t", build, "a")  # used again: now the most recent
    cache.memo("t", build, "d")  # evicts b
    n = len(calls)
    cache.memo("t", build, "a")
    assert len(calls) == n
    cache.memo("t", build, "b")
    assert len(calls) == n + 1
    assert len(cache._MEMO) == 3


@pytest.mark.parametrize("bad", [["11680"], {"a": 1}, {"x"}, pd.DataFrame({"a": [1]})])
def test_unhashable_or_frame_keys_are_refused(version, bad):
    with pytest.raises(TypeError, match="key parts"):
        cache.memo("t", lambda: 1, bad)


def test_clear_forgets_everything(version):
    calls, build = _counter()
    cache.memo("t", build)
    cache.memo_clear()
    cache.memo("t", build)
    assert len(calls) == 2


def test_figures_are_serialised_once_and_still_draw_the_same(version):
    import plotly.graph_objects as go
    import plotly.io as pio

    def build():
        return {"fig": go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), "other": 3}

    m = cache.memo("t.fig", build)
    fig = m["fig"]
    assert fig.to_dict() is fig.to_dict()  # computed once, not deep-copied on every rerun
    assert fig.to_dict() == go.Figure.to_dict(fig)  # … and equal to a fresh serialisation
    assert pio.to_json(fig.to_dict(), validate=False) == pio.to_json(go.Figure.to_dict(fig), validate=False)


def test_maps_are_serialised_once(version):
    from maeul.present import maps

    def build():
        return maps.CompactDeck(layers=[], map_provider=None, map_style=maps.NO_BASEMAP_STYLE)

    deck = cache.memo("t.deck", lambda: {"deck": build()})["deck"]
    assert deck.to_json() is deck.to_json()
    assert deck.to_json() == build().to_json()


def test_frames_from_memo_are_drawn_from_their_arrow_table(version, monkeypatch):
    import pyarrow as pa

    drawn = []
    monkeypatch.setattr(widgets.st, "dataframe", lambda data, **kw: drawn.append((data, kw)))
    df = cache.memo("t.df", lambda: {"df": pd.DataFrame({"a": [1, 2], "status": [["지연"], ["정상"]]})})["df"]
    widgets.table(df, hide_index=True)
    other = pd.DataFrame({"a": [1]})
    widgets.table(other)
    assert isinstance(drawn[0][0], pa.Table) and drawn[0][1] == {"hide_index": True, "placeholder": "–"}
    assert drawn[0][0].to_pylist() == [{"a": 1, "status": ["지연"]}, {"a": 2, "status": ["정상"]}]
    assert drawn[1][0] is other  # not from memo: drawn as is


def test_entries_are_bounded_by_size_too(version, monkeypatch):
    monkeypatch.setattr(cache, "MEMO_MAX_BYTES", 2500)
    calls, _ = _counter()

    def big(tag):
        calls.append(tag)
        return "x" * 1000

    for tag in ("a", "b", "c"):
        cache.memo("t.big", lambda tag=tag: big(tag), tag)
    assert [k[3] for k in cache._MEMO] == [("b",), ("c",)]  # a (least recently used) went to stay under 2,500 bytes
    assert cache._memo_bytes == 2000
    cache.memo("t.big", lambda: big("a"), "a")
    assert calls == ["a", "b", "c", "a"]


def test_one_entry_larger_than_the_budget_is_still_kept(version, monkeypatch):
    monkeypatch.setattr(cache, "MEMO_MAX_BYTES", 10)
    v = cache.memo("t.huge", lambda: "y" * 100)
    assert cache.memo("t.huge", lambda: "z") is v
