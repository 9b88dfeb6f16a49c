"""Plotly figure builders and display formatting for the overview and strategy pages.

Pure functions: DataFrames (or plain values) in, a plotly ``go.Figure`` or a string out. They never call ``st.*``,
so they are unit-tested without Streamlit (tests/test_charts.py). Every status is drawn in the one colour that
``STATUS_COLORS`` gives it, on every chart and badge.

The indicator chart is built in two steps so the page can offer its data as a CSV download:
``indicator_chart_frame`` (tidy rows: series, period, value, stage, source, detail) → ``indicator_chart``.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from maeul import PLAN_YEARS
from maeul.i18n import t
from maeul.present import format as fmt
from maeul.present.theme import (  # noqa: F401 - STATUS_* re-exported for the district and map builders
    FONT_STACK,
    PROVISIONAL_MARKER,
    PROVISIONAL_OPACITY,
    STATUS_BADGE,
    STATUS_COLORS,
    STATUS_MARK,
    STATUS_TEXT_COLORS,
    STATUS_TINTS,
)
from maeul.read.rules import (
    NO_DATA,
    ON_TRACK_MIN,
    STATUSES,
    WATCH_MIN,
    parse_quarter,
)

QUARTER_LABELS = [f"{y}Q{q}" for y in PLAN_YEARS for q in (1, 2, 3, 4)]


# ------------------------------------------------------------------ table cells

def status_css(status: str | None) -> str:
    """CSS of a table cell showing this status (tinted background, dark text of the status hue)."""
    status = status if status in STATUS_COLORS else NO_DATA
    return f"background-color: {STATUS_TINTS[status]}; color: {STATUS_TEXT_COLORS[status]}; font-weight: 600"


def status_pills(df: pd.DataFrame, status_cols=("status",), key_col: str = "_status") -> pd.DataFrame:
    """A copy of a display table whose status column(s) hold the stored status as a one-item list, for
    ``ui.status_column`` (st.column_config.MultiselectColumn): st.dataframe then draws each status as a label in
    its colour — cheap on every rerun, unlike a pandas Styler, which Streamlit re-renders cell by cell."""
    out = df.copy()
    keys = out[key_col] if key_col in out.columns else pd.Series([None] * len(out), index=out.index)
    for c in status_cols:
        if c in out.columns:
            out[c] = [[k if k in STATUS_COLORS else NO_DATA] for k in keys]
    return out


def _layout(fig: go.Figure, height: int, lang: str, **kw) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10), font=dict(family=FONT_STACK),
                      separators=".,", hoverlabel=dict(font=dict(family=FONT_STACK)), **kw)
    return fig


# ------------------------------------------------------------------ status mix and progress

def status_mix_bar(counts: pd.DataFrame, lang: str = "ko", title: str | None = None) -> go.Figure:
    """One horizontal 100 % bar split by status (counts: columns status, count), statuses in rules order."""
    c = dict(zip(counts["status"], counts["count"])) if len(counts) else {}
    total = sum(int(v) for v in c.values())
    fig = go.Figure()
    for s in STATUSES:
        n = int(c.get(s, 0))
        if n == 0:
            continue
        label = t(f"status.{s}", lang)
        fig.add_trace(go.Bar(
            x=[n], y=[""], orientation="h", name=f"{label} {n}", marker_color=STATUS_COLORS[s],
            text=[f"{label} {n}"], textposition="inside", insidetextanchor="middle", textangle=0,
            hovertemplate=f"{label}: {n} / {total}<extra></extra>",
        ))
    fig.update_layout(barmode="stack", showlegend=True,
                      legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, traceorder="normal"),
                      uniformtext=dict(minsize=11, mode="hide"),
                      xaxis=dict(visible=False, range=[0, max(total, 1)]), yaxis=dict(visible=False),
                      title=dict(text=title or "", font=dict(size=14)))
    # room below the bar for every legend entry (two to a row in the overview's narrow column): a legend taller
    # than its room scrolls and cuts the last statuses ('Not rated 1') off
    rows = math.ceil(max(len(fig.data), 1) / 2)
    _layout(fig, MIX_BAR_PX + 30 + 22 * rows + 16, lang)
    fig.update_layout(margin=dict(b=22 * rows + 16))
    return fig


MIX_BAR_PX = 56  # the status mix bar itself


def progress_gauge(rate, status: str | None, lang: str = "ko", title: str | None = None) -> go.Figure:
    """A gauge of a roll-up rate (mean capped rate, 0–100 %) with the status thresholds as bands.

    No rate (nothing rated yet) draws an empty gauge with '자료 없음' instead of a number — never 0 %."""
    has = not fmt.missing(rate)
    value = fmt.rate_value(min(float(rate), 1.0)) if has else 0.0  # truncated, like every shown rate
    color = STATUS_COLORS.get(status or NO_DATA, STATUS_COLORS[NO_DATA])
    fig = go.Figure(go.Indicator(
        mode="gauge+number" if has else "gauge", value=value,
        number=dict(suffix="%", valueformat=",.0f", font=dict(color=color)),
        title=dict(text=title or "", font=dict(size=14)),
        gauge=dict(
            axis=dict(range=[0, 100], ticksuffix="%", tickvals=[0, WATCH_MIN * 100, ON_TRACK_MIN * 100, 100]),
            bar=dict(color=color, thickness=0.35),
            steps=[dict(range=[0, WATCH_MIN * 100], color="#f8d7d8"),
                   dict(range=[WATCH_MIN * 100, ON_TRACK_MIN * 100], color="#fbecc4"),
                   dict(range=[ON_TRACK_MIN * 100, 100], color="#d6eedf")],
        ),
    ))
    if not has:
        fig.add_annotation(text=t("charts.no_rated", lang), x=0.5, y=0.15, showarrow=False, font=dict(size=16))
    fig = _layout(fig, 220, lang)
    fig.update_layout(margin=dict(l=35, r=35, t=30, b=10))
    return fig


# ------------------------------------------------------------------ headline indicators (baseline → target)

def headline_chart(df: pd.DataFrame, lang: str = "ko") -> go.Figure:
    """Headline 성과지표: baseline → 2022 target as a line with the latest actual as a dot coloured by status.

    df columns: label (indicator name), unit, baseline, target, actual, status, actual_period, detail; optional
    pub_value, pub_period, publisher, source_date, url: the latest published (공표) figure, drawn as a white
    diamond whose hover cites the publication.
    """
    fig = go.Figure()
    d = df.reset_index(drop=True)
    for _, r in d.iterrows():
        xs = [v for v in (r["baseline"], r["target"]) if not fmt.missing(v)]
        if len(xs) == 2:
            fig.add_trace(go.Scatter(x=xs, y=[r["label"]] * 2, mode="lines", line=dict(color="#c4cad1", width=6),
                                     showlegend=False, hoverinfo="skip"))
    def _pts(col, name, symbol, color, size, text_col=None):
        sub = d[d[col].notna()]
        if sub.empty:
            return
        colors = [STATUS_COLORS.get(s, color) for s in sub["status"]] if color is None else color
        custom = [[fmt.num(v, u, lang), str(p) if not fmt.missing(p) else "", str(x) if not fmt.missing(x) else ""]
                  for v, u, p, x in zip(sub[col], sub["unit"], sub.get("actual_period", [""] * len(sub)),
                                        sub.get("detail", [""] * len(sub)))]
        hover = "%{y}<br>" + name + ": %{customdata[0]}"
        if text_col:
            hover += " (%{customdata[1]})<br>%{customdata[2]}"
        fig.add_trace(go.Scatter(x=sub[col].tolist(), y=sub["label"].tolist(), mode="markers", name=name,
                                 marker=dict(symbol=symbol, size=size, color=colors, line=dict(width=1, color="#333")),
                                 customdata=custom, hovertemplate=hover + "<extra></extra>"))
    _pts("baseline", t("charts.baseline", lang), "circle-open", "#555", 12)
    _pts("target", t("charts.target_2022", lang), "line-ns-open", "#111", 20)
    _pts("actual", t("charts.latest_actual", lang), "diamond", None, 14, text_col=True)
    if "pub_value" in d.columns:
        # published figures not already drawn as the latest result (when progress itself uses the 공표 figure)
        shown = d["source"] if "source" in d.columns else pd.Series([None] * len(d))
        sub = d[d["pub_value"].notna() & (shown != "공표")]
    else:
        sub = d.iloc[0:0]
    if len(sub):
        name = t("charts.published", lang)
        custom = [[fmt.num(v, u, lang), str(p), f"{pb} ({dt})", str(url)] for v, u, p, pb, dt, url in
                  zip(sub["pub_value"], sub["unit"], sub["pub_period"], sub["publisher"], sub["source_date"],
                      sub["url"])]
        fig.add_trace(go.Scatter(x=sub["pub_value"].tolist(), y=sub["label"].tolist(), mode="markers", name=name,
                                 marker=dict(symbol="diamond", size=13, color="#f2f2f2",
                                             line=dict(width=2, color="#111")),
                                 customdata=custom,
                                 hovertemplate="%{y}<br>" + name + ": %{customdata[0]} (%{customdata[1]})"
                                 "<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"))
    fig.update_layout(legend=dict(orientation="h", y=-0.2, x=0),
                      xaxis=dict(title=t("charts.value_axis", lang), rangemode="tozero", ticksuffix=""),
                      yaxis=dict(autorange="reversed"))
    return _layout(fig, 90 + 45 * max(len(d), 1), lang)


# ------------------------------------------------------------------ budget

def budget_bar(df: pd.DataFrame, lang: str = "ko") -> go.Figure:
    """Planned vs executed (백만원) per strategy, horizontal: df columns label, planned, executed, has_execution."""
    fig = go.Figure()
    unit = t("unit.mn", lang)
    fig.add_trace(go.Bar(y=df["label"].tolist(), x=df["planned"].tolist(), orientation="h",
                         name=t("charts.planned", lang),
                         marker_color="#c9d6ea", text=[fmt.amount(v, lang) for v in df["planned"]],
                         customdata=[fmt.amount_both(v, lang) for v in df["planned"]], textposition="auto",
                         hovertemplate="%{y}<br>" + t("charts.planned", lang) + ": %{customdata}<extra></extra>"))
    ex = df["executed"].where(df["has_execution"].astype(bool))
    fig.add_trace(go.Bar(y=df["label"].tolist(), x=ex.tolist(), orientation="h",
                         name=t("charts.executed", lang),
                         marker_color="#1f5fbf", text=[fmt.amount(v, lang) if not fmt.missing(v) else "" for v in ex],
                         customdata=[fmt.amount_both(v, lang) if not fmt.missing(v) else t("budget.no_execution", lang)
                                     for v in ex], textposition="auto",
                         hovertemplate="%{y}<br>" + t("charts.executed", lang) + ": %{customdata}<extra></extra>"))
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.25, x=0),
                      xaxis=dict(title=unit, tickformat=",.0f"), yaxis=dict(autorange="reversed"))
    return _layout(fig, 120 + 55 * max(len(df), 1), lang)


# ------------------------------------------------------------------ one indicator: target vs actual by quarter

FRAME_COLUMNS = ["series", "period", "value", "stage", "source", "detail", "basis"]
_SERIES_COLUMNS = ["year", "quarter", "label", "value", "stage", "source", "detail"]


def _point(series_name: str, period: str, value=None, stage=None, source=None, detail=None, basis=None) -> dict:
    """One tidy row of the indicator chart frame (missing values as None)."""
    return dict(series=series_name, period=period, value=None if fmt.missing(value) else float(value),
                stage=None if fmt.missing(stage) else str(stage), source=source, detail=detail, basis=basis)


def _target_points(yearly: pd.DataFrame) -> list[dict]:
    """One row per quarter of each plan year with a target."""
    rows = []
    for r in yearly.to_dict("records") if len(yearly) else []:
        y = int(r["year"])
        v, s = r.get("target"), r.get("target_stage")
        if fmt.missing(v) and fmt.missing(s):
            continue
        for q in (1, 2, 3, 4):
            rows.append(_point("target", f"{y}Q{q}", v, s, basis=r.get("target_basis")))
    return rows


def _known_series(series: pd.DataFrame | None, q_asof) -> pd.DataFrame:
    """The series up to the as-of quarter, in quarter order."""
    s = series.copy() if series is not None and len(series) else pd.DataFrame(columns=_SERIES_COLUMNS)
    if len(s):
        s["qi"] = s["year"].astype(int) * 4 + s["quarter"].astype(int) - 1
        s = s[s["qi"] <= q_asof.index].sort_values("qi")
    return s


def _running_points(measured: pd.DataFrame, start: float, anchors: dict[int, float]) -> list[dict]:
    """A running total as progress counts it: from the start, each quarter's count added; at a published total (an
    anchor) the line takes that total, and counts of quarters up to the anchor's are inside it."""
    rows: list[dict] = []
    counts = {int(r["qi"]): r for r in measured.to_dict("records")} if len(measured) else {}
    run = start
    for qi in sorted(set(counts) | set(anchors)):
        if qi in anchors:
            run = float(anchors[qi])
            rows.append(_point("actual_run", f"{qi // 4}Q{qi % 4 + 1}", run, source="공표"))
            continue
        r = counts[qi]
        v = 0.0 if fmt.missing(r["value"]) else float(r["value"])
        run += v
        rows.append(_point("actual_q", r["label"], v, source=r["source"]))
        rows.append(_point("actual_run", r["label"], run, source=r["source"]))
    return rows


def _measured_points(kind: str, measured: pd.DataFrame, start: float, anchors: dict[int, float] | None = None
                     ) -> list[dict]:
    """actual_q (quarterly counts) and actual_run (year-to-date, running total, level or stage) of the measured
    (uploaded or sample) quarters; a running total follows published totals (``anchors``: quarter index → total)."""
    rows: list[dict] = []
    if kind == "cumulative":
        return _running_points(measured, start, anchors or {})
    if not len(measured):
        return rows
    if kind == "annual":
        run, year = 0.0, None
        for r in measured.to_dict("records"):
            if r["year"] != year:
                run, year = 0.0, r["year"]
            v = 0.0 if fmt.missing(r["value"]) else float(r["value"])
            run += v
            rows.append(_point("actual_q", r["label"], v, source=r["source"]))
            rows.append(_point("actual_run", r["label"], run, source=r["source"]))
    elif kind == "level":
        rows += [_point("actual_run", r["label"], r["value"], source=r["source"])
                 for r in measured.to_dict("records") if not fmt.missing(r["value"])]
    elif kind == "milestone":
        rows += [_point("actual_run", r["label"], stage=r["stage"], source=r["source"])
                 for r in measured.to_dict("records") if not fmt.missing(r["stage"])]
    return rows


def _published_points(published: pd.DataFrame, base_label: str) -> list[dict]:
    """공표 points; the ones before 2018 on the baseline column."""
    return [_point("published", r["label"] if int(r["year"]) >= PLAN_YEARS[0] else base_label, r["value"],
                   r["stage"], source="공표", detail=r.get("detail"))
            for r in (published.to_dict("records") if len(published) else [])]


def _expected_points(kind: str, row: dict, q_asof) -> list[dict]:
    """Expected by the as-of quarter (a value, or a stage for milestones)."""
    if kind != "milestone" and not fmt.missing(row.get("expected")):
        return [_point("expected", q_asof.label, row["expected"])]
    if kind == "milestone" and not fmt.missing(row.get("expected_stage")):
        return [_point("expected", q_asof.label, stage=row["expected_stage"])]
    return []


def _projection_points(kind: str, row: dict, q_asof) -> list[dict]:
    """The projection to 2022Q4 at the pace so far (only from uploaded/sample quarters, as progress() does)."""
    if kind == "milestone" or row.get("source") not in ("업로드", "예시") or fmt.missing(row.get("projection")):
        return []
    if kind == "annual":
        n_so_far = q_asof.index - parse_quarter(QUARTER_LABELS[0]).index + 1
        pace = float(row.get("ptd_actual") or 0.0) / n_so_far
        ytd = float(row.get("actual") or 0.0)
        rows = [_point("projection", q_asof.label, ytd)]
        for y in range(q_asof.year, PLAN_YEARS[-1] + 1):
            yq = 4 if y > q_asof.year else 4 - q_asof.quarter
            rows.append(_point("projection", f"{y}Q4", (ytd if y == q_asof.year else 0.0) + pace * yq))
        return rows
    last = q_asof.label if kind == "cumulative" else (row.get("actual_period") or q_asof.label)
    if last not in QUARTER_LABELS:
        return []
    return [_point("projection", last, row.get("actual")), _point("projection", QUARTER_LABELS[-1], row["projection"])]


def indicator_chart_frame(kind: str, yearly: pd.DataFrame, series: pd.DataFrame, row: dict | None,
                          as_of: str, start: float = 0.0, baseline=None, baseline_year=None,
                          stages: list[str] | None = None) -> pd.DataFrame:
    """Tidy rows behind the indicator chart (also the CSV download).

    kind: annual | cumulative | level | milestone. yearly: year, target, target_stage[, target_basis] — the
    target for each plan year in the scope shown (derived for districts). series: year, quarter, label, value,
    stage, source, detail (queries.indicator_series for the scope). row: the indicator's progress row as of
    ``as_of`` (expected, projection, ptd_actual, …). start: the running total before 2018 (cumulative,
    citywide: the plan's baseline). Rows after ``as_of`` are left out — the chart shows what was known then.

    series values: target (each year's target on its four quarters), actual_q (quarterly count), actual_run
    (annual: year-to-date; cumulative: running total; level: the value; milestone: stage), published (공표
    points, pre-2018 ones on the baseline column), baseline, expected (at as_of), projection.
    """
    q_asof = parse_quarter(as_of)
    base_label = f"≤{int(baseline_year)}" if not fmt.missing(baseline_year) else "≤2017"
    rows = _target_points(yearly)
    if not fmt.missing(baseline) and kind != "milestone":
        rows.append(_point("baseline", base_label, baseline))
    s = _known_series(series, q_asof)
    measured = s[s["source"] != "공표"] if len(s) else s
    published = s[s["source"] == "공표"] if len(s) else s
    anchors = ({int(r["qi"]): float(r["value"]) for r in published.to_dict("records")
                if int(r["year"]) >= PLAN_YEARS[0] and not fmt.missing(r["value"])} if len(published) else {})
    rows += _measured_points(kind, measured, start, anchors)
    rows += _published_points(published, base_label)
    row = row or {}
    rows += _expected_points(kind, row, q_asof)
    rows += _projection_points(kind, row, q_asof)
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)


class _Axis:
    """How one indicator's rows become y values and hover texts: stage order (1 = first stage) for milestones,
    the value otherwise."""

    def __init__(self, kind: str, unit: str | None, lang: str, stages: list[str]):
        self.kind, self.unit, self.lang, self.stages = kind, unit, lang, stages

    def y(self, sub: pd.DataFrame) -> list:
        if self.kind == "milestone":
            return [self.stages.index(s) + 1 if s in self.stages else None for s in sub["stage"]]
        return [None if fmt.missing(v) else float(v) for v in sub["value"]]

    def text(self, sub: pd.DataFrame) -> list[str]:
        if self.kind == "milestone":
            return [fmt.stage_label(s, self.lang) for s in sub["stage"]]
        return [fmt.num(v, self.unit, self.lang) for v in sub["value"]]


_HOVER = "%{x}<br>%{customdata}<extra></extra>"


def _target_traces(g: pd.DataFrame, ax: _Axis, derived: bool) -> list[go.Scatter]:
    """Plan years as a solid step line; years the plan does not print (interpolated from the baseline) dotted."""
    interp = g["basis"].fillna("").astype(str).str.contains("보간")
    traces = []
    for sub, key, dash in ((g[~interp], "charts.target_derived" if derived else "charts.target", "solid"),
                           (g[interp], "charts.target_interp", "dot")):
        if sub.empty:
            continue
        name = t(key, ax.lang)
        by_q = dict(zip(sub["period"], ax.y(sub)))
        shown = dict(zip(sub["period"], ax.text(sub)))
        xs = list(QUARTER_LABELS)
        traces.append(go.Scatter(x=xs, y=[by_q.get(q) for q in xs], name=name, mode="lines", line_shape="hv",
                                 connectgaps=False, line=dict(color="#444", width=2.5, dash=dash),
                                 customdata=[shown.get(q, "") for q in xs],
                                 hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>"))
    return traces


def _measured_traces(part: dict, ax: _Axis) -> list:
    """Quarterly counts (bars), the baseline, the running line and the dashed projection."""
    lang, kind = ax.lang, ax.kind
    traces: list = []
    if "baseline" in part:
        g = part["baseline"]
        traces.append(go.Scatter(x=g["period"].tolist(), y=g["value"].tolist(), name=t("charts.baseline", lang),
                                 mode="markers", marker=dict(symbol="circle-open", size=12, color="#444"),
                                 customdata=ax.text(g), hovertemplate=_HOVER))
    if "actual_run" in part:
        g = part["actual_run"]
        key = {"annual": "charts.actual_ytd", "cumulative": "charts.actual_total"}.get(kind, "charts.actual_level")
        traces.append(go.Scatter(x=g["period"].tolist(), y=ax.y(g), name=t(key, lang), mode="lines+markers",
                                 line=dict(color="#1f5fbf", width=3), marker=dict(size=7), customdata=ax.text(g),
                                 hovertemplate=_HOVER))
    if "projection" in part:
        g = part["projection"]
        traces.append(go.Scatter(x=g["period"].tolist(), y=g["value"].tolist(), name=t("charts.projection", lang),
                                 mode="lines+markers" if kind != "annual" else "markers",
                                 line=dict(color="#1f5fbf", dash="dash", width=2),
                                 marker=dict(symbol="circle-open", size=9, color="#1f5fbf"), customdata=ax.text(g),
                                 hovertemplate=_HOVER))
    return traces


def _point_traces(part: dict, ax: _Axis) -> list[go.Scatter]:
    """공표 points (black-edged diamonds citing the publication) and the expected-by-now star."""
    lang = ax.lang
    traces = []
    if "published" in part:
        g = part["published"]
        det = [str(d) if not fmt.missing(d) else "" for d in g["detail"]]
        traces.append(go.Scatter(x=g["period"].tolist(), y=ax.y(g), name=t("charts.published", lang),
                                 mode="markers",
                                 marker=dict(symbol="diamond", size=13, color="#f2f2f2",
                                             line=dict(width=2, color="#111")),
                                 customdata=list(zip(ax.text(g), det)),
                                 hovertemplate="%{x}<br>%{customdata[0]}<br>" + t("charts.published", lang)
                                 + ": %{customdata[1]}<extra></extra>"))
    if "expected" in part:
        g = part["expected"]
        name = t("charts.expected", lang)
        traces.append(go.Scatter(x=g["period"].tolist(), y=ax.y(g), name=name, mode="markers",
                                 marker=dict(symbol="star", size=15, color="#e3a008", line=dict(width=1, color="#333")),
                                 customdata=ax.text(g),
                                 hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>"))
    return traces


def _indicator_layout(fig: go.Figure, frame: pd.DataFrame, ax: _Axis, title: str | None) -> go.Figure:
    """Quarter axis (pre-2018 baseline columns first), unit or stage axis, legend and the plan-year bands."""
    lang, stages = ax.lang, ax.stages
    pre = [p for p in frame["period"].unique() if isinstance(p, str) and p.startswith("≤")]
    cats = sorted(set(pre)) + list(QUARTER_LABELS)
    u = fmt.unit_label(ax.unit, lang)
    yaxis = dict(title=t("charts.y_unit", lang, unit=u) if u else "", rangemode="tozero", tickformat=",")
    if ax.kind == "milestone":
        yaxis = dict(title=t("charts.stage_axis", lang), tickvals=list(range(1, len(stages) + 1)),
                     ticktext=[fmt.stage_label(s, lang) for s in stages],
                     range=[0.5, max(len(stages), 1) + 0.5])
    fig.update_layout(
        xaxis=dict(type="category", categoryorder="array", categoryarray=cats, tickangle=-45,
                   title=t("charts.x_quarter", lang)),
        yaxis=yaxis, barmode="overlay", legend=dict(orientation="h", y=-0.35, x=0),
        title=dict(text=title or "", font=dict(size=15)),
    )
    # year bands make the five plan years readable at a glance
    for i, y in enumerate(PLAN_YEARS):
        if i % 2 == 0:
            fig.add_vrect(x0=f"{y}Q1", x1=f"{y}Q4", fillcolor="#f3f5f8", opacity=0.6, layer="below", line_width=0)
    return _layout(fig, 430, lang)


def indicator_chart(frame: pd.DataFrame, kind: str, unit: str | None, lang: str = "ko",
                    stages: list[str] | None = None, derived: bool = False, title: str | None = None) -> go.Figure:
    """Target vs actual by quarter for one indicator from ``indicator_chart_frame`` rows.

    Targets are steps per year; quarterly counts are bars; the running line is the year-to-date sum (annual), the
    running total (cumulative) or the value (level); 공표 points are black-edged diamonds whose hover cites the
    publisher, date and address; expected-by-now is a star at the as-of quarter; the projection is dashed.
    Milestones plot stage order (1 = first stage) with the stage names on the axis.
    """
    ax = _Axis(kind, unit, lang, list(stages or []))
    part = {k: g for k, g in frame.groupby("series", sort=False)}
    fig = go.Figure()
    if "actual_q" in part:
        g = part["actual_q"]
        fig.add_trace(go.Bar(x=g["period"].tolist(), y=g["value"].tolist(), name=t("charts.actual_q", lang),
                             marker_color="#9cc3e6", customdata=ax.text(g), hovertemplate=_HOVER, opacity=0.8))
    if "target" in part:
        fig.add_traces(_target_traces(part["target"], ax, derived))
    for tr in _measured_traces(part, ax) + _point_traces(part, ax):
        fig.add_trace(tr)
    return _indicator_layout(fig, frame, ax, title)


def mark_provisional(fig: go.Figure, frame: pd.DataFrame, periods, kind: str, unit: str | None, lang: str = "ko",
                     stages: list[str] | None = None) -> go.Figure:
    """Mark the quarters whose figures are provisional (not yet approved; maeul.read.review) on an indicator chart:
    the running line's points of those quarters get an open grey marker named 잠정 (provisional). Published (공표)
    points are never marked. Returns ``fig`` (changed in place; call it before the figure is shared)."""
    periods = set(periods or ())
    g = frame[(frame["series"] == "actual_run") & frame["period"].isin(periods) & (frame["source"] != "공표")]
    if g.empty:
        return fig
    ax = _Axis(kind, unit, lang, list(stages or []))
    fig.add_trace(go.Scatter(
        x=g["period"].tolist(), y=ax.y(g), mode="markers", name=t("review.provisional_legend", lang),
        marker=dict(color="#4b5563", **PROVISIONAL_MARKER), opacity=PROVISIONAL_OPACITY + 0.4,
        customdata=[f"{v} · {t('review.provisional', lang)}" for v in ax.text(g)], hovertemplate=_HOVER))
    return fig


# ------------------------------------------------------------------ one indicator across the 25 districts

def district_bar(df: pd.DataFrame, unit: str | None, lang: str = "ko", highlight: tuple[str, ...] = ()) -> go.Figure:
    """Actual per district as bars coloured by status, with each district's (derived) target as a tick.

    df columns: district, label (district name), actual, target, rate, status, target_basis. Sorted by rate
    (districts without a rate last); selected districts (highlight) get a dark outline. One bar trace per status
    present, named by the status, so the legend says what the colours mean (as on every other chart); hovers give
    the actual with its unit, the rate and status as tables show them (fmt.rate, truncated), and the target as the
    table rounds it (fmt.planned) with its basis in words.
    """
    d = df.copy()
    d["_r"] = d["rate"].astype("float64").fillna(-1)
    d = d.sort_values(["_r", "label"], ascending=[False, True])
    d["_s"] = [fmt.known_status(s) for s in d["status"]]
    fig = go.Figure()
    actual_name = t("charts.actual_level", lang)
    for s in STATUSES:
        g = d[d["_s"] == s]
        if g.empty:
            continue
        fig.add_trace(go.Bar(
            y=g["label"].tolist(), x=g["actual"].tolist(), orientation="h", name=fmt.status_label(s, lang),
            legendgroup="status", legendgrouptitle=dict(text=t("charts.district_legend", lang)),
            marker=dict(color=STATUS_COLORS[s],
                        line=dict(width=[2.5 if c in highlight else 0 for c in g["district"]], color="#111")),
            customdata=[[fmt.num(a, unit, lang), fmt.rate(r), fmt.status_text(s, lang)]
                        for a, r in zip(g["actual"], g["rate"])],
            hovertemplate="%{y}<br>" + actual_name + ": %{customdata[0]}<br>%{customdata[1]} · %{customdata[2]}"
                          "<extra></extra>",
        ))
    if d["target"].notna().any():
        name = t("charts.target_derived", lang)
        fig.add_trace(go.Scatter(
            y=d["label"].tolist(), x=d["target"].tolist(), mode="markers", name=name,
            marker=dict(symbol="line-ns-open", size=16, color="#111", line=dict(width=3, color="#111")),
            customdata=[[fmt.planned(v, unit, lang), fmt.basis_text(b, lang)]
                        for v, b in zip(d["target"], d["target_basis"])],
            hovertemplate="%{y}<br>" + name + ": %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        ))
    u = fmt.unit_label(unit, lang)
    fig.update_layout(xaxis=dict(title=t("charts.y_unit", lang, unit=u) if u else "", tickformat=",",
                                 rangemode="tozero"),
                      yaxis=dict(autorange="reversed", type="category", categoryorder="array",
                                 categoryarray=d["label"].tolist()),
                      showlegend=True, barmode="overlay",
                      legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0), bargap=0.25)
    return _layout(fig, 160 + 24 * max(len(d), 1), lang)
