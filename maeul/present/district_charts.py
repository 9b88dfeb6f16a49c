"""Plotly builders for the 자치구 비교 page: a ranking of the 25 districts on one indicator (derived targets drawn
and named as derived), small multiples of a few indicators across districts, and two districts side by side.

They take DataFrames (progress_by_district / progress rows, district facts) and return figures; no Streamlit.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from maeul.i18n import pick, t
from maeul.present import charts
from maeul.present import format as fmt
from maeul.present.theme import FONT_STACK

# Status colours: the one mapping every chart, badge and map legend uses.
STATUS_COLORS = charts.STATUS_COLORS
COLOR_A = "#2b8cbe"
COLOR_B = "#e6550d"
TARGET_COLOR = "#444444"
NO_RATE_COLOR = "#5b636d"  # the status of a district without a rate, as text where its bar would be
MULTIPLES_ROW_PX = 16  # one district's row in a small-multiples panel
FONT = dict(family=FONT_STACK)


def _names(df: pd.DataFrame, lang: str) -> pd.Series:
    """District names in the chosen language (Korean where the English one is missing)."""
    return pd.Series([pick(r, "district_name", lang) for r in df.to_dict("records")], index=df.index, dtype=object)


def _pct_text(v) -> str:
    """A progress rate for a bar label ('' when missing): the one rate formatter."""
    return "" if fmt.missing(v) else fmt.rate(v)


def _rate_x(v) -> float:
    """A progress rate as a bar length in % — the truncated whole percent every label shows; NaN when missing."""
    x = fmt.rate_value(v)
    return float("nan") if x is None else x


def _num_text(v) -> str:
    """A value for a bar label ('' when missing): the one number formatter."""
    return "" if fmt.missing(v) else fmt.number(v)


def _planned_text(v, unit) -> str:
    """An expected value derived from a citywide target, rounded for its unit as the tables show it (33 건, not
    33.0 or 33.02); '' when missing."""
    return "" if fmt.missing(v) else fmt.number(fmt.planned_value(v, unit))


def _empty(fig: go.Figure, lang: str, text_key: str = "districts.chart.no_data") -> go.Figure:
    fig.add_annotation(text=t(text_key, lang), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                       font=dict(size=14, color="#666"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _finite(s: pd.Series) -> pd.Series:
    s = pd.to_numeric(s, errors="coerce").astype("float64")
    return s.where(s.map(lambda v: not pd.isna(v) and math.isfinite(v)))


def derived_label(df: pd.DataFrame, lang: str) -> str:
    """Legend text for the targets in df: '파생 목표(동 수 비율)' when any is derived, else '계획 목표'."""
    bases = df.get("target_basis", pd.Series(dtype="object")).dropna().astype(str)
    derived = sorted({fmt.derivation(b, lang) for b in bases if b.startswith("파생")})
    if derived:
        return t("districts.chart.derived_target", lang, basis=", ".join(derived))
    return t("districts.chart.plan_target", lang)


def ranking_bar(df: pd.DataFrame, value: str = "rate", *, lang: str = "ko", unit: str | None = None,
                highlight: tuple[str, ...] = (), title: str | None = None) -> go.Figure:
    """The 25 districts ranked on one indicator, best at the top.

    df: indicator_by_district rows (district, district_name[_en], actual, expected, target, rate, status,
    target_basis). value: "rate" (actual ÷ expected, bars coloured by status, lines at 70/90/100 %), "actual"
    (bars, with the expected-by-now target as ◆ named derived when it is), or "target" (the year's target as
    hatched bars named derived, with the actual as ●). Districts without a value sit at the bottom.
    Selected districts (highlight) get a black outline and a bold name.
    """
    fig = go.Figure()
    fig.update_layout(font=FONT, margin=dict(l=10, r=30, t=50 if title else 20, b=40),
                      height=max(420, 24 * max(len(df), 1) + 110), title=title,
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0))
    if df is None or df.empty:
        return _empty(fig, lang)
    d = df.copy()
    d["_name"] = _names(d, lang)
    col = {"rate": "rate", "actual": "actual", "target": "target"}[value]
    d["_v"] = _finite(d[col])
    d = d.sort_values(["_v", "district"], ascending=[True, False], na_position="first")
    sel = d["district"].astype(str).isin(highlight)
    labels = [f"<b>{n}</b>" if s else n for n, s in zip(d["_name"], sel)]
    line_w = [2.5 if s else 0 for s in sel]
    if d["_v"].isna().all():  # no bar at all: each district's status as text (목표 없음 when no target is shared out)
        _missing_marks(fig, d, labels, "_v", lang)
        fig.update_xaxes(visible=False, range=[0, 100])
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, automargin=True)
        return fig
    unit_s = f" {fmt.unit_label(unit, lang)}" if unit else ""
    if value == "rate":
        colors = [STATUS_COLORS.get(s, "#999") for s in d["status"]]
        fig.add_trace(go.Bar(
            y=labels, x=[_rate_x(v) for v in d["_v"]], orientation="h", name=t("col.rate", lang),
            marker=dict(color=colors, line=dict(color="#111", width=line_w)),
            text=[_pct_text(v) for v in d["_v"]],
            textposition="outside", cliponaxis=False,
            customdata=[[t(f"status.{s}", lang), _num_text(a), _planned_text(e, unit), fmt.basis_text(b, lang)]
                        for s, a, e, b in
                        zip(d["status"], d["actual"], d["expected"], d["target_basis"])],
            hovertemplate="%{y}: %{x:.0f}%<br>%{customdata[0]}<br>" + t("col.actual", lang)
            + " %{customdata[1]} / " + t("col.expected", lang) + " %{customdata[2]}" + unit_s
            + "<br>%{customdata[3]}<extra></extra>", showlegend=False))
        _missing_marks(fig, d, labels, "_v", lang)
        for x, dash in ((70, "dot"), (90, "dot"), (100, "dash")):
            fig.add_vline(x=x, line_dash=dash, line_color="#888", line_width=1)
        for s in ("달성", "정상", "주의", "지연"):  # a legend of the status colours
            fig.add_trace(go.Bar(y=[None], x=[None], orientation="h", name=t(f"status.{s}", lang),
                                 marker_color=STATUS_COLORS[s]))
        fig.update_xaxes(title_text=f"{t('col.rate', lang)} (%)", ticksuffix="%")
    else:
        target_name = derived_label(d, lang)
        bar_col, mark_col = ("actual", "expected") if value == "actual" else ("target", "actual")
        bar_name = t("col.actual", lang) if value == "actual" else target_name
        pattern = dict(shape="/", fgcolor="#ffffff", solidity=0.3) if value == "target" else None
        fig.add_trace(go.Bar(
            y=labels, x=_finite(d[bar_col]), orientation="h", name=bar_name,
            marker=dict(color=COLOR_A if value == "actual" else "#9ecae1", line=dict(color="#111", width=line_w),
                        pattern=pattern),
            text=[_num_text(v) for v in d[bar_col]], textposition="outside", cliponaxis=False,
            hovertemplate="%{y}: %{x:,.1f}" + unit_s + "<extra>" + bar_name + "</extra>"))
        mark_name = (t("districts.chart.expected_derived", lang, basis=target_name) if value == "actual"
                     else t("col.actual", lang))
        fig.add_trace(go.Scatter(
            y=labels, x=_finite(d[mark_col]), mode="markers", name=mark_name,
            marker=dict(symbol="diamond" if value == "actual" else "circle", size=9, color=TARGET_COLOR,
                        line=dict(color="white", width=1)),
            hovertemplate="%{y}: %{x:,.1f}" + unit_s + "<extra>" + mark_name + "</extra>"))
        _missing_marks(fig, d, labels, bar_col, lang)
        fig.update_xaxes(title_text=f"{t('col.actual' if value == 'actual' else 'col.target', lang)}"
                         + (f" ({fmt.unit_label(unit, lang)})" if unit else ""))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, automargin=True)
    fig.update_layout(barmode="overlay")
    return fig


def _missing_marks(fig: go.Figure, d: pd.DataFrame, labels: list[str], col: str, lang: str) -> None:
    """The ranking's districts without a bar (col missing): their status as grey text at 0 ('자료 없음' when the
    status itself is rated, e.g. a target shown without an actual)."""
    miss = _finite(d[col]).isna().to_numpy()
    if miss.any():
        rated = {"달성", "정상", "주의", "지연"}
        fig.add_trace(no_value_marks([y for y, m in zip(labels, miss) if m],
                                     [fmt.status_label("자료 없음" if s in rated else s, lang)
                                      for s, m in zip(d["status"], miss) if m], lang))


def small_multiples(df: pd.DataFrame, indicators: list[tuple[str, str]], *, lang: str = "ko",
                    highlight: tuple[str, ...] = (), cols: int = 2) -> go.Figure:
    """One panel per indicator: each district's rate (actual ÷ expected, %) as a horizontal bar coloured by status,
    district names horizontal on the left (panels share them: districts in code order, so rows line up); selected
    districts full colour, the others faded; a dashed 100 % line. A district without a rate gets its status as text
    at 0 (자료 없음 / 목표 없음 / 판정 안 함), never an empty row.

    df: progress_by_district rows for those indicators; indicators: [(code, title)].
    """
    n = max(len(indicators), 1)
    cols = max(1, min(cols, n))
    rows = math.ceil(n / cols)
    n_districts = max(int(df["district"].nunique()) if df is not None and "district" in df else 0, 1)
    panel = MULTIPLES_ROW_PX * n_districts + 40
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[_short(x[1], 40) for x in indicators] or [""],
                        vertical_spacing=min(0.12, 60 / (panel * rows)) if rows > 1 else 0.1,
                        horizontal_spacing=0.04, shared_yaxes=True)
    fig.update_layout(font=FONT, height=panel * rows + 110, margin=dict(l=10, r=10, t=90, b=20), showlegend=True,
                      legend=dict(orientation="h", yanchor="top", y=1.0, x=0, yref="container"), bargap=0.2)
    if df is None or df.empty or not indicators:
        return _empty(fig, lang)
    order = df.drop_duplicates("district").sort_values("district")
    names = list(_names(order, lang))
    shown: set = set()
    for i, (code, _title) in enumerate(indicators):
        r, c = i // cols + 1, i % cols + 1
        g = df[df["code"] == code].sort_values("district").copy()
        if g.empty:
            continue
        _panel(fig, g, lang, highlight, shown, r, c)
        fig.add_vline(x=100, line_dash="dash", line_color="#888", line_width=1, row=r, col=c)
        fig.update_xaxes(ticksuffix="%", rangemode="tozero", tickfont=dict(size=10), row=r, col=c)
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=names[::-1], autorange=True,
                         tickfont=dict(size=11), row=r, col=c)
    if not shown:
        return _empty(fig, lang)
    return fig


def _panel(fig: go.Figure, g: pd.DataFrame, lang: str, highlight: tuple[str, ...], shown: set, r: int,
           c: int) -> None:
    """One small-multiples panel: a bar per district with a rate (per status, for the legend) and the status as
    grey text for districts without one."""
    names = _names(g, lang)
    v = pd.Series([_rate_x(x) for x in _finite(g["rate"])], index=g.index, dtype="float64")
    faded = [bool(highlight) and d not in highlight for d in g["district"].astype(str)]
    for status in STATUS_COLORS:
        m = ((g["status"] == status) & v.notna()).to_numpy()
        if not m.any():
            continue
        fig.add_trace(go.Bar(
            y=names[m], x=v[m], orientation="h", name=t(f"status.{status}", lang), legendgroup=status,
            showlegend=status not in shown,
            marker=dict(color=STATUS_COLORS[status], opacity=[0.35 if f else 1.0 for f, k in zip(faded, m) if k]),
            hovertemplate="%{y}: %{x:.0f}%<extra>" + t(f"status.{status}", lang) + "</extra>"), row=r, col=c)
        shown.add(status)
    none = v.isna().to_numpy()
    if none.any():
        fig.add_trace(no_value_marks(list(names[none]), [fmt.status_label(s, lang) for s in g["status"][none]],
                                     lang, size=10), row=r, col=c)
        shown.add("_none")


def no_value_marks(y: list, labels: list[str], lang: str, *, size: int = 11) -> go.Scatter:
    """Grey text at 0 on the rows (y) of districts without a value — their status ('자료 없음', '목표 없음', …) —
    so a missing bar never reads as a forgotten one. Plotly draws no bar, and no bar text, for a missing value."""
    return go.Scatter(y=y, x=[0] * len(y), mode="text", text=labels, textposition="middle right",
                      textfont=dict(size=size, color=NO_RATE_COLOR), showlegend=False, cliponaxis=False,
                      name=t("status.자료 없음", lang), hovertemplate="%{y}: %{text}<extra></extra>")


def _short(s: str, n: int) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def compare_two(a: pd.DataFrame, b: pd.DataFrame, name_a: str, name_b: str, *, lang: str = "ko",
                max_rows: int = 30) -> go.Figure:
    """Two districts side by side: each indicator's rate (actual ÷ expected, %) for A and B as paired bars.

    a, b: progress() rows of each district (code, name, name_en, rate, status, actual, expected, unit).
    Indicators neither district has a rate for are left out; if none remain, an empty chart says so.
    """
    cols = ["code", "name", "name_en", "rate", "status", "actual", "expected", "unit"]
    m = a[cols].merge(b[cols], on=["code", "name", "name_en", "unit"], how="outer", suffixes=("_a", "_b"))
    m["_ra"], m["_rb"] = _finite(m["rate_a"]), _finite(m["rate_b"])
    m = m[m["_ra"].notna() | m["_rb"].notna()].head(max_rows)
    fig = go.Figure()
    fig.update_layout(font=FONT, barmode="group", height=max(360, 46 * len(m) + 120),
                      margin=dict(l=10, r=30, t=30, b=40),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0))
    if m.empty:
        return _empty(fig, lang)
    labels = [f"{r['code']} {_short(pick(r, 'name', lang), 26)}" for r in m.to_dict("records")]
    for key, nm, color in (("a", name_a, COLOR_A), ("b", name_b, COLOR_B)):
        fig.add_trace(go.Bar(
            y=labels, x=[_rate_x(v) for v in m[f"_r{key}"]], name=nm, orientation="h", marker_color=color,
            text=[_pct_text(v) for v in m[f"_r{key}"]], textposition="outside", cliponaxis=False,
            customdata=[[_num_text(x), _planned_text(e, u), fmt.unit_label(u, lang),
                         t(f"status.{s}", lang) if isinstance(s, str) else ""]
                        for x, e, u, s in zip(m[f"actual_{key}"], m[f"expected_{key}"], m["unit"],
                                              m[f"status_{key}"])],
            hovertemplate="%{y}<br>" + nm + ": %{x:.0f}% · %{customdata[3]}<br>" + t("col.actual", lang)
            + " %{customdata[0]} / " + t("col.expected", lang) + " %{customdata[1]} %{customdata[2]}<extra></extra>"))
    fig.add_vline(x=100, line_dash="dash", line_color="#888", line_width=1)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels[::-1], automargin=True)
    fig.update_xaxes(title_text=f"{t('col.rate', lang)} (%)", ticksuffix="%")
    return fig


FACT_ROWS = [
    # (column of district_facts, i18n key, unit)
    ("pop_total_2021q2", "districts.fact.population", "명"),
    ("households_2021q2", "districts.fact.households", "세대"),
    ("pop_65plus_2021q2", "districts.fact.pop65", "명"),
    ("area_km2", "districts.fact.area", "km²"),
    ("dong_count", "districts.fact.dong_count", "개"),
    ("dong_count_2021_04", "districts.fact.dong_count_2021", "개"),
    ("tax_levied", "districts.fact.tax_levied", "백만원"),
    ("tax_collected", "districts.fact.tax_collected", "백만원"),
    ("tax_per_dong", "districts.fact.tax_per_dong", "백만원"),
    ("spaces_total", "districts.fact.spaces", "개소"),
    ("childcare_rooms", "districts.fact.childcare", "개소"),
]


def facts_side_by_side(facts: pd.DataFrame, a: str, b: str, *, lang: str = "ko") -> pd.DataFrame:
    """A table of the two districts' facts: item, unit, A, B, A − B (facts: district_facts + space counts)."""
    fa = facts[facts["district_code"] == a]
    fb = facts[facts["district_code"] == b]
    col_a = pick(fa.iloc[0], "district_name", lang) if len(fa) else a
    col_b = pick(fb.iloc[0], "district_name", lang) if len(fb) else b
    if col_a == col_b:
        col_b = f"{col_b} (2)"
    rows = []
    for col, key, unit in FACT_ROWS:
        if col not in facts.columns:
            continue
        va = pd.to_numeric(fa[col], errors="coerce").iloc[0] if len(fa) else None
        vb = pd.to_numeric(fb[col], errors="coerce").iloc[0] if len(fb) else None
        diff = va - vb if va is not None and vb is not None and not pd.isna(va) and not pd.isna(vb) else None
        rows.append({t("districts.col.item", lang): t(key, lang), t("col.unit", lang): fmt.unit_label(unit, lang),
                     col_a: fmt.number_value(va), col_b: fmt.number_value(vb),
                     t("districts.col.diff", lang): fmt.number_value(diff)})
    out = pd.DataFrame(rows)
    for c in out.columns[2:]:  # numbers as shown (fmt.number_value: no float noise), missing ones empty → '–'
        out[c] = pd.array(out[c], dtype="Float64")
    return out
