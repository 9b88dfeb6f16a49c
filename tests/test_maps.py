"""maeul.present.maps: boundaries, legend bins, and a Deck that makes no outside request (no basemap, no URL)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from maeul.present import maps
from maeul.read import geo

GU_CODES = [f["properties"]["sgg_cd"] for f in geo.load_geojson()["features"]]


def _values(vals) -> pd.DataFrame:
    return pd.DataFrame({"district_code": GU_CODES[: len(vals)], "value": vals})


def _spaces() -> pd.DataFrame:
    return pd.DataFrame([
        {"district_code": "11110", "district_name": "종로구", "name": "A", "space_type": "우리마을공간",
         "address": "서울 종로구", "lat": 37.58, "lon": 126.98, "opened": "2019-03-01", "has_childcare_room": True,
         "is_sample": True},
        {"district_code": "11680", "district_name": "강남구", "name": "B", "space_type": "마을기업",
         "address": None, "lat": 37.50, "lon": 127.05, "opened": None, "has_childcare_room": False,
         "is_sample": True},
    ])


def _assert_offline(spec: str) -> None:
    low = spec.lower()
    for word in ("http", "carto", "mapbox", "//"):
        assert word not in low, word
    obj = json.loads(spec)
    # the no-basemap sentinel: Streamlit deletes it and mounts no base map; a missing/null style would make
    # Streamlit substitute https://basemaps.cartocdn.com/...
    assert obj["mapStyle"] == maps.NO_BASEMAP_STYLE == "__MAP_STYLE__"
    assert not obj.get("mapProvider")
    assert maps.outside_references(spec) == []
    for layer in obj["layers"]:
        assert not isinstance(layer.get("data"), str), "layer data must be inline, never a URL"


# ------------------------------------------------------------------ boundaries

def test_gu_boundaries_match_district_codes():
    gu = geo.gu_frame()
    assert len(gu) == 25
    assert gu["district_code"].is_unique
    assert gu["district_code"].iloc[0] == "11110" and gu["district_code"].iloc[-1] == "11740"
    assert set(gu.loc[gu["district_code"] == "11680", "district_name"]) == {"강남구"}
    # bounds lie inside Seoul's
    lon0, lat0, lon1, lat1 = maps.SEOUL_BOUNDS
    assert (gu["lon_min"] >= lon0 - 0.01).all() and (gu["lon_max"] <= lon1 + 0.01).all()
    assert (gu["lat_min"] >= lat0 - 0.01).all() and (gu["lat_max"] <= lat1 + 0.01).all()


def test_dongs_and_population():
    dongs = geo.dong_frame()
    assert len(dongs) == 425
    assert set(dongs["district_code"]) == set(GU_CODES)
    jongno = geo.dong_frame("11110")
    assert len(jongno) == 17 and "청운효자동" in set(jongno["dong_name"])
    assert dongs["pop_total_2021q2"].notna().sum() >= 420


def test_geojson_loading_is_cached_and_copies():
    a, b = geo.load_geojson(), geo.load_geojson()
    assert a is not b and a == b
    a["features"].clear()
    assert len(geo.load_geojson()["features"]) == 25
    assert geo._geojson_text.cache_info().hits >= 1


def test_attribution_text_names_sources():
    text = geo.attribution_text()
    assert "SGIS" in text and "admdongkor" in text and "CC BY 4.0" in text


# ------------------------------------------------------------------ legend

@pytest.mark.parametrize("vals", [
    [13, 14, 23, 27, 39, 49], [132259, 664341, 400000], [0.17, 0.9, 1.41], [10, 27], [0.0625, 0.75],
    [0, 0, 3], [1234.5], [7, 7, 7],
])
def test_count_bins_cover_the_data_range(vals):
    bins = maps.legend_bins(vals)
    assert 1 <= len(bins) <= 5
    assert bins[0].lo <= min(vals) and bins[-1].hi >= max(vals)
    for a, b in zip(bins, bins[1:]):
        assert a.hi == b.lo and a.lo < a.hi
    assert sum(b.count for b in bins) == len(vals)
    assert all(b.label for b in bins)


def test_rate_bins_follow_status_thresholds_and_cover_range():
    vals = [0.4, 0.75, 0.95, 1.3, None]
    bins = maps.legend_bins(vals, kind="rate")
    assert [round(b.lo, 2) for b in bins] == [0.0, 0.7, 0.9, 1.0]
    assert bins[-1].hi >= 1.3 and bins[0].lo <= 0.4
    assert [b.count for b in bins] == [1, 1, 1, 1]
    assert "지연" in bins[0].label and "달성" in bins[-1].label
    en = maps.legend_bins(vals, kind="rate", lang="en")
    assert "Behind" in en[0].label


def test_bins_ignore_missing_and_colour_missing_grey():
    assert maps.legend_bins([None, float("nan")]) == []
    bins = maps.legend_bins([1, 2, None])
    assert maps.color_for(None, bins)[:3] == list(maps.NO_DATA_RGB)
    assert maps.color_for(float("nan"), bins)[:3] == list(maps.NO_DATA_RGB)
    assert maps.color_for(2, bins)[:3] == list(bins[-1].color)
    assert maps.color_for(math.inf, bins)[:3] == list(bins[-1].color)


def test_legend_html_lists_bins_missing_and_points():
    bins = maps.legend_bins([1, 5, 9])
    h = maps.legend_html("동 수", bins, "개", n_missing=2,
                         points=[("우리마을공간 (예시)", maps.SPACE_COLORS["우리마을공간"], "dot")])
    for b in bins:
        assert b.label in h
    assert "자료 없음" in h and "(개)" in h and "예시" in h
    assert "http" not in h and "url(" not in h


def test_rate_values_are_truncated_not_rounded_up():
    assert maps.fmt_value(0.698, "%", "rate") == "69%"
    assert maps.fmt_value(0.7, "%", "rate") == "70%"
    assert maps.fmt_value(None, "%", "rate") == "자료 없음"
    assert maps.fmt_value(1234.0, "명") == "1,234명"


# ------------------------------------------------------------------ deck

def test_choropleth_has_25_polygons_coloured_by_value():
    vals = list(range(25))
    deck = maps.build_map(_values(vals), measure_label="동 수", unit="개")
    obj = json.loads(deck.to_json())
    choro = next(layer for layer in obj["layers"] if layer["id"] == "gu-choropleth")
    feats = choro["data"]["features"]
    assert len(feats) == 25
    assert {f["properties"]["district_code"] for f in feats} == set(GU_CODES)
    bins = maps.legend_bins(vals)
    for f in feats:
        v = f["properties"]["value"]
        assert f["properties"]["fill"][:3] == list(bins[maps.bin_index(v, bins)].color)
        assert f["properties"]["tt_title"] and f["properties"]["tt_line1"].startswith("동 수:")


def test_deck_json_makes_no_outside_request_with_every_layer():
    deck = maps.build_map(_values([0.5] * 25), kind="rate", unit="%", measure_label="달성률", show_dongs=True,
                          spaces=_spaces(), sample_spaces=True, highlight=("11110",))
    spec = deck.to_json()
    _assert_offline(spec)
    ids = [layer["id"] for layer in json.loads(spec)["layers"]]
    assert ids == ["gu-choropleth", "dong-boundaries", "gu-highlight", "spaces", "childcare-rooms", "gu-labels"]


def test_deck_without_choropleth_still_draws_boundaries_offline():
    deck = maps.build_map(None, show_choropleth=False, show_labels=False, show_spaces=False, show_childcare=False)
    spec = deck.to_json()
    _assert_offline(spec)
    layers = json.loads(spec)["layers"]
    assert [layer["id"] for layer in layers] == ["gu-outline"]
    assert len(layers[0]["data"]["features"]) == 25


def test_plain_pydeck_defaults_would_reach_out():
    """Why the builder sets map_provider=None: pydeck's defaults name Carto (the test guards the reason)."""
    import pydeck as pdk

    assert "carto" in pdk.Deck().to_json().lower()
    assert "carto" in pdk.Deck(map_style=None).to_json().lower()
    assert maps.outside_references(pdk.Deck(map_style=None).to_json())


def test_spaces_points_labelled_sample_and_coloured_by_type():
    pts = maps.space_points(_spaces(), "ko", sample=True)
    assert len(pts) == 2
    assert pts[0]["tt_title"].startswith("[예시]") and "실제 위치가 아닙니다" in pts[0]["tt_line3"]
    assert pts[0]["color"][:3] == list(maps.SPACE_COLORS["우리마을공간"])
    assert pts[1]["color"][:3] == list(maps.SPACE_COLORS["마을기업"])
    assert "열린육아방" in pts[0]["tt_line1"]
    en = maps.space_points(_spaces(), "en", sample=True)
    assert en[0]["tt_title"].startswith("[Sample]") and "Our Village Space" in en[0]["tt_line1"]
    real = maps.space_points(_spaces().assign(is_sample=False), "ko")
    assert not real[0]["tt_title"].startswith("[예시]") and "2019-03-01" in real[0]["tt_line3"]


def test_tooltip_fields_present_on_every_pickable_object():
    deck = maps.build_map(_values([1.0] * 25), show_dongs=True, spaces=_spaces())
    obj = json.loads(deck.to_json())
    for layer in obj["layers"]:
        if not layer.get("pickable"):
            continue
        data = layer["data"]["features"] if isinstance(layer["data"], dict) else layer["data"]
        for item in data:
            props = item.get("properties", item)
            assert all(k in props for k in maps.TOOLTIP_FIELDS), layer["id"]


def test_highlight_zooms_in_and_keeps_only_selected_points():
    full = maps.build_map(_values([1.0] * 25), spaces=_spaces())
    sel = maps.build_map(_values([1.0] * 25), spaces=_spaces(), highlight=("11680",))
    z_full = json.loads(full.to_json())["initialViewState"]["zoom"]
    view = json.loads(sel.to_json())["initialViewState"]
    assert view["zoom"] > z_full + 0.8
    assert 37.45 < view["latitude"] < 37.53 and 127.0 < view["longitude"] < 127.12
    layers = {layer["id"]: layer for layer in json.loads(sel.to_json())["layers"]}
    assert [p["district_code"] for p in layers["spaces"]["data"]] == ["11680"]
    feats = layers["gu-choropleth"]["data"]["features"]
    alpha = {f["properties"]["district_code"]: f["properties"]["fill"][3] for f in feats}
    assert alpha["11680"] > alpha["11110"]


def test_english_labels_and_tooltips():
    deck = maps.build_map(_values([3.0] * 25), lang="en", measure_label="Dongs")
    obj = json.loads(deck.to_json())
    labels = next(layer for layer in obj["layers"] if layer["id"] == "gu-labels")
    assert any(d["text"].startswith("Jongno-gu") for d in labels["data"])
    assert labels["characterSet"] == "auto"


def test_only_intended_accessors_are_expressions():
    """pydeck turns every unquoted string into a deck.gl expression ("@@=…"): constants must stay constants."""
    deck = maps.build_map(_values([3.0] * 25), show_dongs=True, spaces=_spaces())
    obj = json.loads(deck.to_json())
    allowed = {"getFillColor", "getPosition", "getText"}
    for layer in obj["layers"]:
        for key, v in layer.items():
            if isinstance(v, str) and v.startswith("@@="):
                assert key in allowed, (layer["id"], key, v)
    labels = next(layer for layer in obj["layers"] if layer["id"] == "gu-labels")
    assert labels["sizeUnits"] == "pixels" and "NanumGothic" in labels["fontFamily"]
    assert '"Noto Sans CJK KR"' in labels["fontFamily"]
    spaces = next(layer for layer in obj["layers"] if layer["id"] == "spaces")
    assert spaces["radiusUnits"] == "meters"


# ------------------------------------------------------------------ issue 16 (d3): lighter boundaries, lighter rings

def test_simplify_ring_drops_points_on_a_line_and_keeps_corners():
    """Douglas–Peucker: points within the tolerance of a straight edge go, corners stay, the ring stays closed."""
    square = [[0, 0], [0.5, 0.00001], [1, 0], [1, 1], [0.5, 1.00001], [0, 1], [0, 0]]
    out = maps._simplify_ring(square, tol=0.001)
    assert out == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    assert maps._simplify_ring(square, tol=0.0) == square  # nothing is within zero of a line
    tri = [[0, 0], [1, 0], [0, 1], [0, 0]]
    assert maps._simplify_ring(tri) == tri  # small rings as they are


def test_boundaries_are_simplified_once_per_process():
    """The district shapes the map sends are built once (cached) and have fewer points than the file, every
    district still a closed polygon."""
    maps._shapes.cache_clear()
    a = maps._shapes(maps.GU_FILE)
    b = maps._shapes(maps.GU_FILE)
    assert a is b and len(a) == 25 and maps._shapes.cache_info().hits >= 1

    def points(geom):
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        return [ring for poly in polys for ring in poly]

    raw = {str(f["properties"]["sgg_cd"]): f["geometry"] for f in maps.load_geojson(maps.GU_FILE)["features"]}
    n_raw = sum(len(r) for g in raw.values() for r in points(g))
    n_new = sum(len(r) for g in a.values() for r in points(g))
    assert n_new < 0.8 * n_raw
    assert all(r[0] == r[-1] and len(r) >= 4 for g in a.values() for r in points(g))


def test_childcare_rings_without_tooltips_are_positions_only():
    pts = [{"position": [127.0, 37.5], "name": "가", "childcare": True, "tooltip": "x"},
           {"position": [127.1, 37.6], "name": "나", "childcare": False}]
    with_tt = maps.childcare_layer(pts)
    without = maps.childcare_layer(pts, tooltips=False)
    assert with_tt.pickable is True and with_tt.data == [pts[0]]
    assert without.pickable is False and without.data == [{"position": [127.0, 37.5]}]
