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
    if d["_v"].isna().all():
        fig.add_trace(go.Bar(y=labels, x=[0] * len(d), orientation="h", showlegend=False,
                             marker_color=STATUS_COLORS["자료 없음"]))
        return _empty(fig, lang)
    unit_s = f" {fmt.unit_label(unit, lang)}" if unit else ""
    if value == "rate":
        colors = [STATUS_COLORS.get(s, "#999") for s in d["status"]]
        fig.add_trace(go.Bar(
            y=labels, x=[_rate_x(v) for v in d["_v"]], orientation="h", name=t("col.rate", lang),
            marker=dict(color=colors, line=dict(color="#111", width=line_w)),
            text=[_pct_text(v) if not pd.isna(v) else t("status.자료 없음", lang) for v in d["_v"]],
            textposition="outside", cliponaxis=False,
            customdata=[[t(f"status.{s}", lang), _num_text(a), _num_text(e), fmt.basis_text(b, lang)] for s, a, e, b in
                        zip(d["status"], d["actual"], d["expected"], d["target_basis"])],
            hovertemplate="%{y}: %{x:.0f}%<br>%{customdata[0]}<br>" + t("col.actual", lang)
            + " %{customdata[1]} / " + t("col.expected", lang) + " %{customdata[2]}" + unit_s
            + "<br>%{customdata[3]}<extra></extra>", showlegend=False))
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
        fig.update_xaxes(title_text=f"{t('col.actual' if value == 'actual' else 'col.target', lang)}"
                         + (f" ({fmt.unit_label(unit, lang)})" if unit else ""))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, automargin=True)
    fig.update_layout(barmode="overlay")
    return fig


def small_multiples(df: pd.DataFrame, indicators: list[tuple[str, str]], *, lang: str = "ko",
                    highlight: tuple[str, ...] = (), cols: int = 2) -> go.Figure:
    """One panel per indicator: each district's rate (actual ÷ expected, %) as a bar coloured by status, districts
    in code order so panels line up; selected districts full colour, the others faded; a dashed 100 % line.

    df: progress_by_district rows for those indicators; indicators: [(code, title)].
    """
    n = max(len(indicators), 1)
    rows = math.ceil(n / cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[_short(x[1], 40) for x in indicators] or [""],
                        vertical_spacing=min(0.22, 0.6 / rows) if rows > 1 else 0.1,
                        horizontal_spacing=0.06, shared_yaxes=False)
    fig.update_layout(font=FONT, height=330 * rows + 90, margin=dict(l=10, r=10, t=90, b=20), showlegend=True,
                      legend=dict(orientation="h", yanchor="top", y=1.0, x=0, yref="container"), bargap=0.15)
    if df is None or df.empty or not indicators:
        return _empty(fig, lang)
    shown = set()
    for i, (code, _title) in enumerate(indicators):
        r, c = i // cols + 1, i % cols + 1
        g = df[df["code"] == code].sort_values("district").copy()
        if g.empty:
            continue
        names = _names(g, lang)
        v = pd.Series([_rate_x(x) for x in _finite(g["rate"])], index=g.index, dtype="float64")
        opacity = [1.0 if not highlight or d in highlight else 0.35 for d in g["district"].astype(str)]
        for status in STATUS_COLORS:
            m = (g["status"] == status).to_numpy()
            if not m.any():
                continue
            fig.add_trace(go.Bar(
                x=names[m], y=v[m].fillna(0), name=t(f"status.{status}", lang), legendgroup=status,
                showlegend=status not in shown, marker=dict(color=STATUS_COLORS[status],
                                                             opacity=[o for o, k in zip(opacity, m) if k]),
                hovertemplate="%{x}: %{y:.0f}%<extra>" + t(f"status.{status}", lang) + "</extra>"),
                row=r, col=c)
            shown.add(status)
        fig.add_hline(y=100, line_dash="dash", line_color="#888", line_width=1, row=r, col=c)
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(names), tickangle=-60,
                         tickfont=dict(size=9), row=r, col=c)
        fig.update_yaxes(ticksuffix="%", rangemode="tozero", row=r, col=c)
    if not shown:
        return _empty(fig, lang)
    return fig


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
            customdata=[[_num_text(x), _num_text(e), fmt.unit_label(u, lang),
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
                     col_a: va, col_b: vb, t("districts.col.diff", lang): diff})
    return pd.DataFrame(rows)
