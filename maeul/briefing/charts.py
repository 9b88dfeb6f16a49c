"""Print charts of a briefing, drawn offline with matplotlib (no browser, no network): the status mix, progress by
core value, budget planned vs executed, and for districts a map of the 25 자치구 and the profile dot chart.

Each builder takes the Briefing (content.py) and returns a matplotlib Figure, or None when there is nothing to draw;
``svg(fig)`` (vector, text as outlines: the PDF) and ``png(fig)`` (200 dpi: the HWPX) serialise it. Colours come from
maeul.present.theme, numbers from maeul.present.format, like the app's own charts.
"""

from __future__ import annotations

import io
import math

from maeul.briefing import fonts
from maeul.present import format as fmt
from maeul.present.theme import STATUS_COLORS, STRATEGY_COLORS, TOTAL_COLOR
from maeul.read.rules import NO_DATA

DPI = 200
WIDTH_IN = 6.7  # the text width of an A4 page with 2 cm margins, in inches
INK = "#333333"
GRID = "#dddddd"

_READY = False


def _setup() -> dict:
    """Register NanumGothic with matplotlib once and return the rc settings every chart draws with."""
    global _READY
    from matplotlib import font_manager

    if not _READY:
        for f in fonts.font_files():
            font_manager.fontManager.addfont(str(f))
        _READY = True
    return {"font.family": fonts.FAMILY, "font.size": 8, "axes.edgecolor": "#999999", "axes.labelcolor": INK,
            "xtick.color": INK, "ytick.color": INK, "svg.fonttype": "path", "axes.unicode_minus": False,
            "svg.hashsalt": "maeul"}


def _figure(height_in: float, width_in: float = WIDTH_IN):
    from matplotlib.figure import Figure

    return Figure(figsize=(width_in, height_in), dpi=DPI, layout="constrained")


def _save(fig, fmt_: str) -> bytes:
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(_setup()):
        fig.savefig(buf, format=fmt_, dpi=DPI, facecolor="white", bbox_inches="tight", pad_inches=0.04,
                    metadata={"Date": None} if fmt_ == "svg" else None)
    return buf.getvalue()


def svg(fig) -> bytes:
    return _save(fig, "svg")


def png(fig) -> bytes:
    return _save(fig, "png")


def _draw(build):
    """Run a builder inside the charts' rc settings (fonts resolve when artists are made)."""
    import matplotlib

    def run(*a, **kw):
        with matplotlib.rc_context(_setup()):
            return build(*a, **kw)
    run.__name__, run.__doc__ = build.__name__, build.__doc__
    return run


def _pct(v) -> float:
    """A rate as the truncated whole percent the app shows (NaN when missing), for bar lengths."""
    x = fmt.rate_value(v)
    return float("nan") if x is None else x


def _label(name: str, width: int) -> str:
    """A row label for print: on up to two lines of ``width`` characters (broken at spaces where it can), the second
    shortened with an ellipsis when the name is longer still — a printed chart has no hover to give the rest."""
    import textwrap

    lines = textwrap.wrap(str(name), width, break_on_hyphens=False) or [""]
    if len(lines) <= 2:
        return "\n".join(lines)
    return lines[0] + "\n" + fmt.short_label(" ".join(lines[1:]), width)


def _clean(ax, grid_axis: str = "x") -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis=grid_axis, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


@_draw
def status_mix(b):
    """One stacked bar: how many rated primary/sub indicators have each status, labelled with the counts."""
    mix = [(s, label, n) for s, label, n in b.headline["mix"] if n > 0]
    if not mix:
        return None
    fig = _figure(0.55, 4.2)
    ax = fig.add_subplot()
    left, total = 0, sum(n for _s, _label, n in mix)
    for s, label, n in mix:
        ax.barh([0], [n], left=left, color=STATUS_COLORS.get(s, STATUS_COLORS[NO_DATA]), height=0.6,
                edgecolor="white", linewidth=1)
        if n / total >= 0.08:  # narrower segments are named in the line above the chart
            ax.text(left + n / 2, 0, f"{label} {n}", ha="center", va="center", fontsize=8,
                    color="white" if s in ("달성", "정상", "지연") else INK)
        left += n
    ax.set_xlim(0, left)
    ax.set_axis_off()
    return fig


@_draw
def values_bars(b):
    """Progress by core value (or task): a bar per row at its rate (truncated %, as shown), in its status colour,
    with the 70 % and 90 % status thresholds and the 100 % line."""
    rows = list(b.values.rows)
    if not rows:
        return None
    fig = _figure(0.32 * len(rows) + 0.55, 5.6)
    ax = fig.add_subplot()
    labels = [_label(f"{r['code']}. {r['name']}", 22) for r in rows][::-1]
    vals = [_pct(r["rate"]) for r in rows][::-1]
    colors = [STATUS_COLORS.get(r["status"], STATUS_COLORS[NO_DATA]) for r in rows][::-1]
    top = max([120.0] + [v for v in vals if not math.isnan(v)])
    ax.barh(labels, [0 if math.isnan(v) else min(v, top) for v in vals], color=colors, height=0.6)
    for i, (v, r) in enumerate(zip(vals, rows[::-1])):
        text = f"{fmt.rate(r['rate'])} · {fmt.status_label(r['status'], b.lang)}" if not math.isnan(v) else \
            fmt.status_label(NO_DATA, b.lang)
        ax.text((0 if math.isnan(v) else min(v, top)) + 1.5, i, text, va="center", fontsize=8, color=INK,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1, "alpha": 0.85}, zorder=3)
    for x, style in ((70, ":"), (90, "--"), (100, "-")):
        ax.axvline(x, color="#777777", linestyle=style, linewidth=0.8)
    ax.set_xlim(0, top + 30)
    ax.set_xlabel("%")
    _clean(ax)
    return fig


@_draw
def budget_bars(b):
    """Planned vs executed to date (백만원) per core value (or task): two bars each, the executed one in the core
    value's colour; None when the scope has no planned amounts and nothing executed."""
    rows = [r for r in b.budget.rows if r.get("code")]
    if not rows or all(fmt.missing(r.get("planned_to_date")) and not r.get("has_execution") for r in rows):
        return None
    fig = _figure(0.36 * len(rows) + 0.6, 5.6)
    ax = fig.add_subplot()
    labels = [_label(f"{r['code']}. {r['name']}", 22) for r in rows][::-1]
    y = list(range(len(rows)))
    planned = [0 if fmt.missing(r.get("planned_to_date")) else float(r["planned_to_date"]) for r in rows][::-1]
    executed = [0 if fmt.missing(r.get("executed_to_date")) else float(r["executed_to_date"]) for r in rows][::-1]
    colors = [STRATEGY_COLORS.get(str(r["code"]).split("-")[0], TOTAL_COLOR) for r in rows][::-1]
    ax.barh([i + 0.2 for i in y], planned, height=0.38, color="#c9ced6", label=b.label("legend.planned"))
    ax.barh([i - 0.2 for i in y], executed, height=0.38, color=colors, label=b.label("legend.executed"))
    top = max(planned + executed + [1])
    for i, (p, e) in enumerate(zip(planned, executed)):
        if p:
            ax.text(p + top * 0.01, i + 0.2, fmt.amount(p, b.lang), va="center", fontsize=7, color=INK)
        if e:
            ax.text(e + top * 0.01, i - 0.2, fmt.amount(e, b.lang), va="center", fontsize=7, color=INK)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, top * 1.3)
    ax.xaxis.set_major_formatter(lambda v, _pos: fmt.number(v, 0))
    ax.set_xlabel(fmt.unit_label("백만원", b.lang))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=7, frameon=False)
    _clean(ax)
    return fig


def _rings(geometry: dict) -> list[list[list[float]]]:
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for poly in polys for ring in poly[:1]]  # outer rings (the districts have no holes worth drawing)


@_draw
def district_map(b):
    """The 25 자치구 coloured by their overall status, the briefing's districts outlined in black and named."""
    if not b.districts.rows:
        return None
    from matplotlib.patches import Polygon

    from maeul.read.geo import GU_FILE, load_geojson

    status = {r["district_code"]: r["status"] for r in b.districts.rows}
    selected = {r["district_code"] for r in b.districts.rows if r["selected"]}
    fig = _figure(3.6)
    ax = fig.add_subplot()
    feats = load_geojson(GU_FILE)["features"]
    for feat in sorted(feats, key=lambda x: str(x["properties"]["sgg_cd"]) in selected):
        code = str(feat["properties"]["sgg_cd"])
        sel = code in selected
        for ring in _rings(feat["geometry"]):
            ax.add_patch(Polygon(ring, closed=True, facecolor=STATUS_COLORS.get(status.get(code), "#eeeeee"),
                                 edgecolor="black" if sel else "white", linewidth=1.6 if sel else 0.6,
                                 alpha=1.0 if sel or not selected else 0.75))
        p = feat["properties"]
        name = p["sgg_nm"] if b.lang == "ko" else p["sgg_nm_en"].replace("-gu", "")
        ax.text(p["label_lon"], p["label_lat"], name, ha="center", va="center", fontsize=7 if sel else 5.5,
                fontweight=600 if sel else "normal", color="black")
    ax.autoscale_view()
    ax.set_aspect(1 / math.cos(math.radians(37.55)))
    ax.set_axis_off()
    _legend(ax, b)
    return fig


def _legend(ax, b) -> None:
    from matplotlib.patches import Patch

    seen = [s for s in STATUS_COLORS if s in {r["status"] for r in b.districts.rows}]
    ax.legend(handles=[Patch(color=STATUS_COLORS[s], label=fmt.status_label(s, b.lang)) for s in seen],
              loc="lower left", fontsize=7, frameon=False)


@_draw
def district_dots(b):
    """For each primary indicator of the profile: every district's rate (grey dots), the city's (black bar) and
    this briefing's (a dot in its status colour), rates capped at 200 % for drawing."""
    if not b.district or not b.district["table"].rows:
        return None
    rows = list(b.district["table"].rows)
    dots = b.district["dots"]
    fig = _figure(0.26 * len(rows) + 0.9)
    ax = fig.add_subplot()
    cap = 200.0
    labels = [fmt.short_label(f"{r['code']} {r['name']}", 26) for r in rows][::-1]
    for i, r in enumerate(rows[::-1]):
        xs = [min(_pct(x), cap) for x in dots[dots["code"] == r["code"]]["rate"]]
        ax.scatter(xs, [i] * len(xs), s=10, color="#b8bec7", zorder=2)
        if not math.isnan(_pct(r.get("city_rate"))):
            ax.scatter([min(_pct(r["city_rate"]), cap)], [i], marker="|", s=120, color="black", zorder=3)
        if not math.isnan(_pct(r.get("rate"))):
            ax.scatter([min(_pct(r["rate"]), cap)], [i], s=34, color=STATUS_COLORS.get(r["status"], INK),
                       edgecolor="black", linewidth=0.5, zorder=4)
    ax.set_yticks(range(len(rows)), labels)
    ax.axvline(100, color="#777777", linewidth=0.8)
    ax.set_xlim(0, cap + 5)
    ax.set_xlabel("%")
    _dots_legend(ax, b)
    _clean(ax)
    return fig


def _dots_legend(ax, b) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", linestyle="", markersize=4, color="#b8bec7", label=b.label("dots.others")),
               Line2D([], [], marker="|", linestyle="", markersize=9, color="black", label=b.label("dots.city")),
               Line2D([], [], marker="o", linestyle="", markersize=6, markerfacecolor="white", markeredgecolor="black",
                      label=b.label("dots.scope_status"))]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=7, frameon=False)


def all_charts(b) -> dict:
    """Every chart of the briefing that has something to draw: name → Figure."""
    out = {"mix": status_mix(b), "values": values_bars(b), "budget": budget_bars(b), "map": district_map(b)}
    if b.district:
        out["dots"] = district_dots(b)
    return {k: v for k, v in out.items() if v is not None}

