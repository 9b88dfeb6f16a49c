"""AppTest: the map page renders offline-safe maps on an empty DB and on sample data; the measure, layer toggles
and district filter change what is drawn. (A fresh AppTest per scenario: see tests/apptest_util.py.)"""

from __future__ import annotations

import json

from apptest_util import assert_no_exception, run_page, texts
from streamlit.testing.v1 import AppTest


def run_map(db, *, gu=(), lang=None, basis=None, state=None) -> AppTest:
    return run_page("map", db, gu=gu, lang=lang, basis=basis, state=state)


def deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    spec = charts[0].proto.json
    low = spec.lower()
    for word in ("http", "carto", "mapbox"):
        assert word not in low, word
    obj = json.loads(spec)
    assert obj["mapStyle"] == "__MAP_STYLE__" and not obj.get("mapProvider")
    return obj


def layer(obj: dict, layer_id: str) -> dict | None:
    return next((x for x in obj["layers"] if x["id"] == layer_id), None)


def choropleth_values(obj: dict) -> dict[str, float | None]:
    feats = layer(obj, "gu-choropleth")["data"]["features"]
    assert len(feats) == 25
    return {f["properties"]["district_code"]: f["properties"]["value"] for f in feats}


def test_empty_db_renders_offline_map_and_explains_spaces(empty_db):
    at = run_map(empty_db)
    assert_no_exception(at)
    obj = deck(at)
    vals = choropleth_values(obj)
    assert sum(vals.values()) == 424  # no actuals yet: the default measure is 동 수 from the plan's table
    assert layer(obj, "spaces") is None
    text = texts(at)
    assert "업로드된 마을공간 목록이 없어" in text and "공간(spaces)" in text
    assert "SGIS" in text and "CC BY 4.0" in text and "admdongkor" in text  # attribution on the page
    assert "주민세" in text  # the caption names the source of the measure
    assert any(b.proto.label.startswith("데이터 내려받기") for b in at.get("download_button"))


def test_choosing_a_measure_changes_the_choropleth(empty_db):
    a = choropleth_values(deck(run_map(empty_db, state={"map_measure": "population"})))
    b = choropleth_values(deck(run_map(empty_db, state={"map_measure": "tax_per_dong"})))
    assert a != b
    assert a["11680"] == 536107  # 강남구 2021Q2 주민등록인구 (data/districts.csv)
    assert b["11110"] == 14  # 종로구 주민세 동별 배분 (plan table)


def test_layer_toggles(empty_db):
    at = run_map(empty_db, state={"map_layer_gu": False, "map_layer_dong": True, "map_layer_labels": False})
    assert_no_exception(at)
    ids = [x["id"] for x in deck(at)["layers"]]
    assert ids == ["gu-outline", "dong-boundaries"]
    assert len(layer(deck(at), "dong-boundaries")["data"]["features"]) == 425


def test_layer_toggles_wrap_rather_than_truncate(empty_db):
    """The five layer toggles sit in one horizontal container that wraps (at 800 px fixed columns cut their labels
    to "Distr…"): all of them in the same block, none in columns of their own."""
    at = run_map(empty_db)
    assert_no_exception(at)
    blocks = []

    def walk(node):
        kids = list(getattr(node, "children", {}).values())
        if any(getattr(k, "type", "") == "toggle" for k in kids):
            blocks.append(node)
        for k in kids:
            walk(k)

    walk(at.main)
    assert len(blocks) == 1 and len([k for k in blocks[0].children.values() if k.type == "toggle"]) == 5
    box = blocks[0].proto.flex_container
    assert box.wrap and box.direction == box.Direction.HORIZONTAL


def test_sample_data_map(sample_db):
    at = run_map(sample_db)
    assert_no_exception(at)
    obj = deck(at)
    vals = choropleth_values(obj)
    assert any(v is not None for v in vals.values())  # default measure with actuals: an indicator's rate
    spaces = layer(obj, "spaces")["data"]
    assert len(spaces) > 100
    assert all(p["tt_title"].startswith("[예시]") for p in spaces)  # sample spaces say so in the tooltip
    assert layer(obj, "childcare-rooms")["data"]
    text = texts(at)
    assert "예시입니다" in text
    legend = "".join(str(getattr(e.proto, "body", "")) for e in at.get("html"))
    assert "(예시)" in legend and "열린육아방" in legend


def test_indicator_measures_differ(sample_db):
    rate = choropleth_values(deck(run_map(sample_db, state={"map_measure": "ind_rate"})))
    actual = choropleth_values(deck(run_map(sample_db, state={"map_measure": "ind_actual"})))
    assert rate != actual
    assert all(v is None or v < 10 for v in rate.values())
    spaces = choropleth_values(deck(run_map(sample_db, state={"map_measure": "spaces_per_10k"})))
    assert all(v is not None for v in spaces.values())


def test_district_filter_zooms_and_highlights(sample_db):
    full = deck(run_map(sample_db))
    at = run_map(sample_db, gu=("11680",))
    assert_no_exception(at)
    sel = deck(at)
    assert sel["initialViewState"]["zoom"] > full["initialViewState"]["zoom"] + 0.8
    assert layer(sel, "gu-highlight")["data"]["features"][0]["properties"]["district_code"] == "11680"
    assert {p["district_code"] for p in layer(sel, "spaces")["data"]} == {"11680"}
    assert len(layer(sel, "spaces")["data"]) < len(layer(full, "spaces")["data"])


def test_english(sample_db):
    at = run_map(sample_db, lang="en", state={"map_measure": "population"})
    assert_no_exception(at)
    obj = deck(at)
    names = {f["properties"]["name"] for f in layer(obj, "gu-choropleth")["data"]["features"]}
    assert "Gangnam-gu" in names
    assert choropleth_values(obj)["11680"] == 536107  # the chosen measure holds in English too
    assert any("[Sample]" in p["tt_title"] for p in layer(obj, "spaces")["data"])
    assert "Boundary data attribution" in texts(at)


def test_rerun_with_same_choices_builds_nothing_again(sample_db, monkeypatch):
    """The Deck, legend and table come from cache.memo: a second run with the same filters and choices runs no query
    and builds no map, and shows the same thing."""
    from maeul.present import maps
    from maeul.web import cache
    first = run_map(sample_db, gu=("11680",), state={"map_layer_dong": True})
    assert_no_exception(first)

    def boom(*a, **kw):
        raise AssertionError("rebuilt on a rerun")

    for mod, name in ((cache, "cached"), (maps, "build_map"), (maps, "legend_bins"), (maps, "legend_html")):
        monkeypatch.setattr(mod, name, boom)
    again = run_map(sample_db, gu=("11680",), state={"map_layer_dong": True})
    assert_no_exception(again)
    assert deck(again) == deck(first)
    assert [str(e.proto.body) for e in again.get("html")] == [str(e.proto.body) for e in first.get("html")]
    assert again.dataframe[0].value.equals(first.dataframe[0].value)
    assert texts(again) == texts(first)


def test_space_type_choice_filters_points(sample_db):
    full = run_map(sample_db)
    assert_no_exception(full)
    types = list(full.session_state["map_space_types"])
    assert len(types) > 1
    one = run_map(sample_db, state={"map_space_types": types[:1]})
    assert_no_exception(one)
    pts_full, pts_one = layer(deck(full), "spaces")["data"], layer(deck(one), "spaces")["data"]
    assert 0 < len(pts_one) < len(pts_full)
    from maeul.present import maps

    assert {tuple(p["color"][:3]) for p in pts_one} == {tuple(maps.SPACE_COLORS.get(types[0], maps.SPACE_COLORS["기타"]))}
