"""Map builders: district/dong boundaries from data/geo, a choropleth of the 25 자치구 with its legend, and
community spaces / 열린육아방 as points — returned as a `pydeck.Deck` that makes no outside request.

Offline rule (tested in tests/test_maps.py and in the browser): every Deck is built with
`map_provider=None` and pydeck's default map style, which pydeck serialises as the sentinel
`"mapStyle": "__MAP_STYLE__"`. Streamlit's DeckGlJsonChart frontend deletes that sentinel and then neither
substitutes its Carto basemap (it does so when mapStyle is missing/null/"") nor mounts a Mapbox/MapLibre base
map at all. `map_style=None` would NOT do: pydeck then keeps `mapProvider: "carto"` and Streamlit fills in
`https://basemaps.cartocdn.com/...`. The district polygons are the base layer; all data is inline (no URL
data, so loaders.gl never fetches workers from unpkg); text uses system fonts (no web font).

Nothing here calls Streamlit: the map page model (maeul.present.models.map) passes DataFrames in; the page shows
what comes out.
"""

from __future__ import annotations

import functools
import html
import json
import math
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk
from pydeck.bindings import json_tools

from maeul.i18n import pick, t
from maeul.present import format as fmt
from maeul.present.theme import FONT_STACK, STATUS_COLORS
from maeul.present.theme import hex_rgb as _rgb
from maeul.read.geo import DONG_FILE, GU_FILE, dong_frame, gu_frame, load_geojson

SEOUL_CENTER = (37.5636, 126.9869)  # lat, lon
SEOUL_BOUNDS = (126.764, 37.428, 127.184, 37.701)  # lon_min, lat_min, lon_max, lat_max

RGB = tuple[int, int, int]

# Sequential light → dark blue (ColorBrewer PuBu, 5 classes) for counts and amounts.
SEQUENTIAL: tuple[RGB, ...] = ((241, 238, 246), (189, 201, 225), (116, 169, 207), (43, 140, 190), (4, 90, 141))


# Rate bins follow the status thresholds (rules.WATCH_MIN, rules.ON_TRACK_MIN, 100 %) in the status colours that
# every chart and badge uses (charts.STATUS_COLORS).
RATE_BINS: tuple[tuple[float, float, RGB, str], ...] = (
    (0.0, 0.70, _rgb(STATUS_COLORS["지연"]), "지연"),
    (0.70, 0.90, _rgb(STATUS_COLORS["주의"]), "주의"),
    (0.90, 1.00, _rgb(STATUS_COLORS["정상"]), "정상"),
    (1.00, 1.00, _rgb(STATUS_COLORS["달성"]), "달성"),  # hi is stretched to the data maximum
)
NO_DATA_RGB: RGB = (214, 214, 214)
OUTLINE_RGB: RGB = (90, 90, 90)
HIGHLIGHT_RGB: RGB = (20, 20, 20)

# Point colours by space type (ingest.SPACE_TYPES); 열린육아방 is a ring drawn on top.
SPACE_COLORS: dict[str, RGB] = {
    "우리마을공간": (228, 26, 28),
    "마을기업": (255, 127, 0),
    "마을예술창작소": (152, 78, 163),
    "마을활력소": (77, 175, 74),
    "신축 동주민센터": (166, 86, 40),
    "기타": (90, 90, 90),
}
CHILDCARE_RGB: RGB = (231, 41, 138)

FONT_FAMILY = FONT_STACK  # system fonts only (no @font-face, no web-font request)

# pydeck's default-style sentinel; with map_provider=None it reaches the browser unchanged and Streamlit then
# mounts no base map. Anything else (None included) brings a basemap request.
NO_BASEMAP_STYLE = "__MAP_STYLE__"

TOOLTIP_FIELDS = ("tt_title", "tt_line1", "tt_line2", "tt_line3")


def view_for_bounds(bounds: tuple[float, float, float, float], width: int = 900, height: int = 620,
                    padding: float = 0.08) -> pdk.ViewState:
    """A view that fits lon/lat bounds into a width × height pixel map (web-mercator, 512-px world at zoom 0)."""
    lon_min, lat_min, lon_max, lat_max = bounds

    def merc_y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = max(lon_max - lon_min, 1e-4) / 360.0
    dy = max(merc_y(lat_max) - merc_y(lat_min), 1e-6) / (2 * math.pi)
    usable = 1 - 2 * padding
    zoom = min(math.log2(width * usable / (512 * dx)), math.log2(height * usable / (512 * dy)))
    zoom = max(8.5, min(zoom, 14.0))
    return pdk.ViewState(latitude=(lat_min + lat_max) / 2, longitude=(lon_min + lon_max) / 2,
                         zoom=round(zoom, 2), pitch=0, bearing=0)


# ------------------------------------------------------------------ legend bins

@dataclass(frozen=True)
class Bin:
    lo: float
    hi: float
    color: RGB
    label: str
    count: int = 0


def _nice_step(span: float, n: int) -> float:
    raw = span / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag  # pragma: no cover


def _num_text(v: float, step: float | None = None) -> str:
    if step is not None and step < 1:
        digits = next((d for d in range(1, 4) if abs(round(step, d) - step) < 1e-9), 3)
        return f"{v:,.{digits}f}"
    if float(v).is_integer():
        return f"{v:,.0f}"
    return f"{v:,.1f}"


def legend_bins(values, kind: str = "count", n: int = 5, lang: str = "ko") -> list[Bin]:
    """Classes for a choropleth: `kind="rate"` uses the status thresholds (<70 %, 70–90 %, 90–100 %, ≥100 %),
    anything else ≤ n equal classes with round ("nice") limits. The first class starts at or below the smallest
    value and the last ends at or above the largest; NaN values are left out (drawn as "자료 없음")."""
    s = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce").astype("float64").dropna()
    s = s[s.map(math.isfinite)]
    if s.empty:
        return []
    vmin, vmax = float(s.min()), float(s.max())
    if kind == "rate":
        top = max(vmax, 1.0)
        bins = []
        for i, (lo, hi, rgb, status) in enumerate(RATE_BINS):
            lo = min(lo, vmin) if i == 0 else lo
            hi = top if i == len(RATE_BINS) - 1 else hi
            if i == len(RATE_BINS) - 1:
                label = f"{lo * 100:,.0f}% {t('map.legend.or_more', lang)}"
            elif i == 0:
                label = f"{hi * 100:,.0f}% {t('map.legend.below', lang)}"
            else:
                label = f"{lo * 100:,.0f}–{hi * 100:,.0f}%"
            label += f" ({t('status.' + status, lang)})"
            bins.append(Bin(lo, hi, rgb, label))
    elif vmin == vmax:
        bins = [Bin(vmin, vmax, SEQUENTIAL[-1], _num_text(vmin))]
    else:
        step = _nice_step(vmax - vmin, n)
        while True:
            lo0 = math.floor(vmin / step) * step
            k = max(1, math.ceil((vmax - lo0) / step - 1e-9))
            while lo0 + k * step < vmax:  # guard against float rounding
                k += 1
            if k <= n:
                break
            step = _nice_step(step * (n + 1), n) if _nice_step(step * (n + 1), n) > step else step * 2
        palette = _palette(k)
        edges = [round(lo0 + i * step, 9) for i in range(k + 1)]
        bins = [Bin(edges[i], edges[i + 1], palette[i],
                    f"{_num_text(edges[i], step)}–{_num_text(edges[i + 1], step)}") for i in range(k)]
    counts = [0] * len(bins)
    for v in s:
        counts[bin_index(v, bins)] += 1
    return [Bin(b.lo, b.hi, b.color, b.label, c) for b, c in zip(bins, counts)]


def _palette(k: int) -> list[RGB]:
    if k >= len(SEQUENTIAL):
        return list(SEQUENTIAL) + [SEQUENTIAL[-1]] * (k - len(SEQUENTIAL))
    idx = [round(i * (len(SEQUENTIAL) - 1) / max(k - 1, 1)) for i in range(k)] if k > 1 else [len(SEQUENTIAL) - 1]
    return [SEQUENTIAL[i] for i in idx]


def bin_index(v: float, bins: list[Bin]) -> int:
    """Index of the class holding v: lo ≤ v < hi, the last class includes its upper limit."""
    for i, b in enumerate(bins):
        if v < b.hi or i == len(bins) - 1:
            return i
    return len(bins) - 1  # pragma: no cover


def color_for(v, bins: list[Bin], alpha: int = 210) -> list[int]:
    if v is None or not bins or pd.isna(v) or float(v) == -math.inf:
        return [*NO_DATA_RGB, alpha]
    if float(v) == math.inf:  # a lower-is-better indicator at zero: beyond every class
        return [*bins[-1].color, alpha]
    return [*bins[bin_index(float(v), bins)].color, alpha]


def _swatch(rgb: RGB, shape: str = "box") -> str:
    color = f"rgb({rgb[0]},{rgb[1]},{rgb[2]})"
    if shape == "dot":
        style = f"background:{color};border-radius:50%;border:1px solid #fff;box-shadow:0 0 0 1px #999"
    elif shape == "ring":
        style = f"border:3px solid {color};border-radius:50%;background:transparent"
    else:
        style = f"background:{color};border:1px solid #999"
    return (f'<span style="display:inline-block;width:14px;height:14px;{style};'
            f'margin-right:6px;vertical-align:middle"></span>')


def legend_html(title: str, bins: list[Bin], unit: str | None, lang: str = "ko", n_missing: int = 0,
                points: list[tuple[str, RGB, str]] = ()) -> str:
    """The legend pydeck cannot draw: colour classes (with how many districts each holds), 자료 없음, and point
    symbols as (label, colour, "dot"|"ring"). Plain inline HTML, no outside resource."""
    rows = [f'<div style="font-weight:600;margin-bottom:4px">{html.escape(title)}'
            + (f' <span style="font-weight:400;color:#666">({html.escape(unit)})</span>' if unit else "")
            + "</div>"]
    n_label = t("map.legend.n_districts", lang)
    for b in bins:
        rows.append(f'<div style="margin:2px 0">{_swatch(b.color)}{html.escape(b.label)}'
                    f' <span style="color:#888;white-space:nowrap">· {b.count}{html.escape(n_label)}</span></div>')
    if n_missing or not bins:
        rows.append(f'<div style="margin:2px 0">{_swatch(NO_DATA_RGB)}{html.escape(t("map.legend.no_data", lang))}'
                    f' <span style="color:#888;white-space:nowrap">· {n_missing}{html.escape(n_label)}</span></div>')
    if points:
        rows.append('<div style="margin-top:8px;font-weight:600">'
                    f'{html.escape(t("map.legend.points", lang))}</div>')
        for label, rgb, shape in points:
            rows.append(f'<div style="margin:2px 0">{_swatch(rgb, shape)}{html.escape(label)}</div>')
    return '<div style="font-size:0.85rem;line-height:1.35">' + "".join(rows) + "</div>"


# ------------------------------------------------------------------ values and labels

def fmt_value(v, unit: str | None, kind: str = "count", lang: str = "ko") -> str:
    """A district's value as the map shows it: a progress rate (truncated, like every rate) or a number with its
    unit; '자료 없음' when missing."""
    if fmt.missing(v):
        return t("map.legend.no_data", lang)
    if kind == "rate":
        return fmt.rate(v)
    return fmt.num(v, unit, lang)


def space_type_label(space_type: str, lang: str) -> str:
    key = f"map.type.{space_type}"
    try:
        return t(key, lang)
    except KeyError:
        return str(space_type)


def _tt(title: str, *lines: str) -> dict:
    """The tooltip fields of a feature or point. deck.gl puts them into TOOLTIP_HTML as HTML, so every one is
    HTML-escaped here (space names and addresses are what staff typed)."""
    out = {"tt_title": html.escape(fmt.plain(title))}
    for i, f in enumerate(TOOLTIP_FIELDS[1:]):
        out[f] = html.escape(fmt.plain(lines[i])) if i < len(lines) and lines[i] else ""
    return out


TOOLTIP_HTML = ("<div style='font-family:sans-serif;font-size:12px;max-width:280px'><b>{tt_title}</b>"
                "<div>{tt_line1}</div><div>{tt_line2}</div><div>{tt_line3}</div></div>")


# ------------------------------------------------------------------ layers and deck

def _round_geometry(geom: dict, digits: int = 4) -> dict:
    def r(x):
        if isinstance(x, (list, tuple)) and x and isinstance(x[0], (int, float)):
            return [round(x[0], digits), round(x[1], digits)]
        return [r(y) for y in x]
    return {"type": geom["type"], "coordinates": r(geom["coordinates"])}


SIMPLIFY_DEG = 0.00008  # ~8 m: under a pixel at the map's zoom for all of Seoul, ~1 px zoomed to one district


def _simplify_ring(ring: list, tol: float = SIMPLIFY_DEG) -> list:
    """Douglas–Peucker on one closed ring (lon/lat pairs): points closer than ``tol`` to the line between kept
    neighbours are dropped; the ring stays closed with at least 4 points."""
    if len(ring) <= 5:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = ring[a], ring[b]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, at = -1.0, -1
        for i in range(a + 1, b):
            x, y = ring[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else math.hypot(x - x1, y - y1)
            if d > best:
                best, at = d, i
        if at > 0 and (best > tol or sum(keep) < 4):
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(ring, keep) if k]


def _simplify(geom: dict) -> dict:
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    out = [[_simplify_ring(ring) for ring in poly] for poly in polys]
    return {"type": geom["type"], "coordinates": out if geom["type"] == "MultiPolygon" else out[0]}


@functools.lru_cache(maxsize=2)
def _shapes(name: str) -> dict[str, dict]:
    """code → the boundary geometry the map sends (rounded to 4 decimals, then simplified), built once per process:
    the boundaries are the same for every filter, only colours and tooltips change. Shared: never modify."""
    key = "sgg_cd" if name == GU_FILE else "adm_cd2"
    return {str(f["properties"][key]): _simplify(_round_geometry(f["geometry"]))
            for f in load_geojson(name)["features"]}


def choropleth_features(values: pd.DataFrame, bins: list[Bin], *, measure_label: str, unit: str | None,
                        kind: str = "count", lang: str = "ko", highlight: tuple[str, ...] = (),
                        extra_col: str | None = None) -> dict:
    """A FeatureCollection of the 25 자치구 with fill colour and tooltip text per district.

    values: district_code, value (NaN = 자료 없음) and optionally `extra_col` (a text line for the tooltip).
    Selected districts (highlight) keep full colour; the others are dimmed.
    """
    gj = load_geojson(GU_FILE)
    by_code = {str(r["district_code"]): r for r in values.to_dict("records")} if len(values) else {}
    feats = []
    for f in gj["features"]:
        p = f["properties"]
        code = str(p["sgg_cd"])
        row = by_code.get(code, {})
        v = row.get("value")
        name = pick(p, "sgg_nm", lang)
        alpha = 215 if not highlight or code in highlight else 90
        extra = row.get(extra_col) if extra_col else None
        props = {
            "district_code": code, "name": name, "value": None if v is None or pd.isna(v) else float(v),
            "fill": color_for(v, bins, alpha),
            **_tt(name, f"{measure_label}: {fmt_value(v, unit, kind, lang)}",
                  "" if extra is None or (isinstance(extra, float) and pd.isna(extra)) else str(extra)),
        }
        feats.append({"type": "Feature", "properties": props, "geometry": _shapes(GU_FILE)[code]})
    return {"type": "FeatureCollection", "features": feats}


def choropleth_layer(features: dict) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer", data=features, id="gu-choropleth", pickable=True, stroked=True, filled=True,
        get_fill_color="properties.fill", get_line_color=[*OUTLINE_RGB, 255], line_width_min_pixels=1,
        auto_highlight=True, highlight_color=[255, 255, 255, 70],
    )


def outline_layer(highlight: tuple[str, ...] = ()) -> pdk.Layer:
    """Plain district outlines (the base when the choropleth is off) or the thick outline of selected districts."""
    gj = load_geojson(GU_FILE)
    feats = [{"type": "Feature", "properties": {"district_code": f["properties"]["sgg_cd"]},
              "geometry": _shapes(GU_FILE)[str(f["properties"]["sgg_cd"])]}
             for f in gj["features"] if not highlight or f["properties"]["sgg_cd"] in highlight]
    return pdk.Layer(
        "GeoJsonLayer", data={"type": "FeatureCollection", "features": feats},
        id="gu-highlight" if highlight else "gu-outline", pickable=False, stroked=True,
        filled=not highlight, get_fill_color=[245, 245, 240, 255],
        get_line_color=[*(HIGHLIGHT_RGB if highlight else OUTLINE_RGB), 255],
        line_width_min_pixels=3 if highlight else 1,
    )


def dong_layer(lang: str = "ko", districts: tuple[str, ...] = (), values: dict[str, str] | None = None) -> pdk.Layer:
    """행정동 boundaries (2021) as thin lines; hovering shows the dong, its district and 2021Q2 인구."""
    gj = load_geojson(DONG_FILE)
    pop = dict(zip(*[dong_frame()[c] for c in ("adm_cd2", "pop_total_2021q2")]))
    feats = []
    for f in gj["features"]:
        p = f["properties"]
        if districts and p["sgg_cd"] not in districts:
            continue
        gu = pick(p, "sgg_nm", lang)
        n = pop.get(str(p["adm_cd2"]))
        pop_line = (f"{t('map.tt.population', lang)}: {n:,.0f}{t('map.unit.people', lang)}"
                    if n is not None and not pd.isna(n) else "")
        props = {"adm_cd2": p["adm_cd2"],
                 **_tt(f"{p['dong_nm']} ({gu})", pop_line, (values or {}).get(p["sgg_cd"], ""),
                       t("map.tt.dong_boundary", lang))}
        feats.append({"type": "Feature", "properties": props, "geometry": _shapes(DONG_FILE)[str(p["adm_cd2"])]})
    return pdk.Layer(
        "GeoJsonLayer", data={"type": "FeatureCollection", "features": feats}, id="dong-boundaries",
        pickable=True, stroked=True, filled=True, get_fill_color=[255, 255, 255, 1],
        get_line_color=[60, 60, 60, 150], line_width_min_pixels=0.5, auto_highlight=True,
        highlight_color=[255, 255, 255, 90],
    )


def label_layer(labels: pd.DataFrame, lang: str = "ko") -> pdk.Layer:
    """District names (and the value when given) at each district's representative point.

    labels: label_lon, label_lat, text. characterSet "auto" makes deck.gl draw Hangul from system fonts.
    """
    data = [{"position": [float(r["label_lon"]), float(r["label_lat"])], "text": str(r["text"])}
            for r in labels.to_dict("records")]
    return pdk.Layer(
        "TextLayer", data=data, id="gu-labels", pickable=False, get_position="position", get_text="text",
        get_size=12, size_units='"pixels"', get_color=[25, 25, 25, 255], font_family=f"`{FONT_FAMILY}`",
        font_weight=600, character_set='"auto"', background=True, get_background_color=[255, 255, 255, 170],
        background_padding=[3, 1, 3, 1], get_text_anchor='"middle"', get_alignment_baseline='"center"',
        line_height=1.15,
    )


def space_points(spaces: pd.DataFrame, lang: str = "ko", sample: bool = False) -> list[dict]:
    """One record per space for the ScatterplotLayer: position, colour by type, tooltip lines (예시 when sample)."""
    out = []
    if spaces is None or spaces.empty:
        return out
    for r in spaces.to_dict("records"):
        if r.get("lat") is None or r.get("lon") is None or pd.isna(r["lat"]) or pd.isna(r["lon"]):
            continue
        is_sample = bool(r.get("is_sample")) if r.get("is_sample") is not None else sample
        stype = str(r.get("space_type") or "기타")
        tlabel = space_type_label(stype, lang)
        title = str(r.get("name") or "")
        if is_sample:
            title = f"[{t('map.sample_tag', lang)}] {title}"
        gu = pick(r, "district_name", lang)
        line1 = f"{tlabel} · {gu}"
        if bool(r.get("has_childcare_room")):
            line1 += f" · {t('map.childcare', lang)}"
        addr = r.get("address")
        line2 = "" if addr is None or pd.isna(addr) else str(addr)
        line3 = t("map.tt.sample_note", lang) if is_sample else ""
        opened = r.get("opened")
        if not line3 and opened is not None and not pd.isna(opened):
            line3 = f"{t('map.tt.opened', lang)}: {str(opened)[:10]}"
        out.append({"position": [round(float(r["lon"]), 6), round(float(r["lat"]), 6)],
                    "district_code": str(r.get("district_code") or ""),
                    "color": [*SPACE_COLORS.get(stype, SPACE_COLORS["기타"]), 235],
                    "childcare": bool(r.get("has_childcare_room")), **_tt(title, line1, line2, line3)})
    return out


def spaces_layer(points: list[dict]) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer", data=points, id="spaces", pickable=True, get_position="position",
        get_fill_color="color", get_line_color=[255, 255, 255, 255], stroked=True, filled=True,
        get_radius=90, radius_units='"meters"', radius_min_pixels=3.5, radius_max_pixels=9, line_width_min_pixels=1,
        auto_highlight=True,
    )


def childcare_layer(points: list[dict], tooltips: bool = True) -> pdk.Layer:
    """Rings around the spaces with a 열린육아방. Without ``tooltips`` (the spaces layer is shown beneath, and its
    dot's tooltip names the room) the rings are positions only and not pickable: a third of the points' bytes."""
    data = [p if tooltips else {"position": p["position"]} for p in points if p.get("childcare")]
    return pdk.Layer(
        "ScatterplotLayer", data=data, id="childcare-rooms", pickable=tooltips, get_position="position",
        get_line_color=[*CHILDCARE_RGB, 230], stroked=True, filled=False, get_radius=150, radius_units='"meters"',
        radius_min_pixels=6, radius_max_pixels=13, line_width_min_pixels=1.8,
    )


def build_map(values: pd.DataFrame | None = None, bins: list[Bin] | None = None, *, measure_label: str = "",
              unit: str | None = None, kind: str = "count", lang: str = "ko",
              show_choropleth: bool = True, show_dongs: bool = False, show_labels: bool = True,
              spaces: pd.DataFrame | None = None, show_spaces: bool = True, show_childcare: bool = True,
              highlight: tuple[str, ...] = (), sample_spaces: bool = False, extra_col: str | None = None,
              width: int = 760, height: int = 620) -> pdk.Deck:
    """The map page's Deck: 자치구 choropleth (or plain outlines), optional 행정동 lines, labels, spaces by type
    and 열린육아방 rings, with a shared Korean/English tooltip; zoomed to the selected districts (highlight).

    Makes no outside request (see the module docstring): no basemap, inline data, system fonts.
    """
    values = values if values is not None else pd.DataFrame(columns=["district_code", "value"])
    bins = bins if bins is not None else legend_bins(values.get("value", []), kind=kind, lang=lang)
    gu = gu_frame()
    layers: list[pdk.Layer] = []
    if show_choropleth:
        layers.append(choropleth_layer(choropleth_features(
            values, bins, measure_label=measure_label, unit=unit, kind=kind, lang=lang, highlight=highlight,
            extra_col=extra_col)))
    else:
        layers.append(outline_layer())
    if show_dongs:
        vals = {}
        if show_choropleth and len(values):
            vals = {str(r["district_code"]): f"{measure_label}: {fmt_value(r['value'], unit, kind, lang)}"
                    for r in values.to_dict("records")}
        layers.append(dong_layer(lang, highlight, vals))
    if highlight:
        layers.append(outline_layer(highlight))
    points = space_points(spaces, lang, sample_spaces) if (show_spaces or show_childcare) else []
    if highlight:
        points = [p for p in points if p["district_code"] in highlight]
    if show_spaces and points:
        layers.append(spaces_layer(points))
    if show_childcare and points:
        layers.append(childcare_layer(points, tooltips=not show_spaces))
    if show_labels:  # last, so names stay readable above the points
        lab = gu[["district_code", "label_lon", "label_lat", "district_name", "district_name_en"]].copy()
        vmap = dict(zip(values["district_code"].astype(str), values["value"])) if len(values) else {}
        lab["text"] = [
            f"{n}\n{fmt_value(vmap.get(c), None, kind, lang)}" if show_choropleth and c in vmap
            and not pd.isna(vmap.get(c)) else n
            for c, n in zip(lab["district_code"], [pick(r, "district_name", lang) for r in lab.to_dict("records")])]
        if highlight:
            lab = lab[lab["district_code"].isin(highlight)]
        layers.append(label_layer(lab, lang))
    if highlight:
        sel = gu[gu["district_code"].isin(highlight)]
        bounds = (sel["lon_min"].min(), sel["lat_min"].min(), sel["lon_max"].max(), sel["lat_max"].max())
    else:
        bounds = SEOUL_BOUNDS
    view = view_for_bounds(bounds, width, height)
    return CompactDeck(
        layers=layers, initial_view_state=view, map_provider=None, map_style=NO_BASEMAP_STYLE,
        views=[pdk.View(type="MapView", controller=True)],
        tooltip={"html": TOOLTIP_HTML, "style": {"backgroundColor": "white", "color": "#222",
                                                "border": "1px solid #bbb", "fontSize": "12px"}},
    )


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by 2, which triples the size of inline polygons
    (the 행정동 layer went from ~1 MB to ~3 MB). st.pydeck_chart sends `to_json()` as is."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=json_tools.default_serialize, separators=(",", ":"),
                          ensure_ascii=False)


def outside_references(spec: str) -> list[str]:
    """Substrings of a Deck JSON that would make (or configure) an outside request; [] when offline-safe.

    The only allowed map style is pydeck's no-basemap sentinel "__MAP_STYLE__": a missing or null mapStyle makes
    Streamlit substitute its Carto basemap (see the module docstring).
    """
    low = spec.lower()
    bad = [w for w in ("http:", "https:", "//", "carto", "mapbox", "maplibre", "google", "tiles", "unpkg",
                       "fonts.") if w in low]
    obj = json.loads(spec)
    style = obj.get("mapStyle")
    if style != NO_BASEMAP_STYLE:
        bad.append(f"mapStyle={style!r}")
    if obj.get("mapProvider"):
        bad.append(f"mapProvider={obj['mapProvider']!r}")
    return bad
