"""Plotly builders for the budget and data-quality pages: DataFrames in, a Figure out, no Streamlit.

Amounts are 백만원 (KRW million) throughout; labels show thousands separators and, for amounts of 1억원 or more,
the 억원 figure too (1억원 = 100백만원). Every builder takes `lang` ('ko' | 'en') for its labels.

- `sankey(flows)` — 총예산 → 전략 → 과제 → 단위사업 (→ 예산 항목) from `queries.budget_flows` (optionally with an
  `executed` column, see `with_execution`): link widths are the planned (or executed) amounts; hovers give the
  amount, its share of the total and, where uploaded, what was executed.
- `treemap(flows)` — the same hierarchy as nested rectangles.
- `stacked_bar(by_year)` — planned per year, stacked by strategy (`queries.budget(con, None, 'strategy')`).
- `execution_bar(execution)` — planned vs executed per strategy/task/project (`queries.budget_execution`).
- `coverage_heatmap(coverage)` — missing quarters by district × indicator (`queries.coverage`).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from maeul.i18n import pick, t
from maeul.present import format as fmt
from maeul.present.theme import DARK_TEXT, FONT_STACK, STRATEGY_COLORS, TOTAL_COLOR, text_color_on, tint

ROOT = "total"
SANKEY_FONT = 13

# One colour per strategy (1 사회적 우정, 2 주민자치, 3 지속가능, 4 분권·협치); the total in grey.
FONT = dict(family=FONT_STACK, size=13)


def _label_limit(level: int, max_level: int, lang: str) -> int:
    """How many characters a Sankey node label may keep (Latin letters are about half as wide as Hangul); the hover
    keeps the full name. Plotly puts every label right of its node except the last column's, which go left: the
    last-but-one and the last column's labels share the widest gap (see _COLUMNS), so both are kept short."""
    if level == 0:
        return 40
    if max_level <= 3:
        ko = {1: 12, 2: 14, 3: 13}.get(level, 13)
    else:
        ko = {1: 10, 2: 10, 3: 10, 4: 12}.get(level, 12)
    return ko if lang == "ko" else int(ko * (1.5 if level == 1 else 1.7))


def strategy_of(code) -> str | None:
    if code is None or code == ROOT:
        return None
    return str(code).split("-")[0]


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def color_of(code) -> str:
    return STRATEGY_COLORS.get(strategy_of(code) or "", TOTAL_COLOR)


def _layout(fig: go.Figure, title: str | None, height: int) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=16)) if title else None,
        height=height, margin=dict(l=10, r=10, t=60 if title else 20, b=10), font=FONT,
        paper_bgcolor="white", plot_bgcolor="white",
    )
    return fig


def empty_figure(lang: str = "ko", title: str | None = None, key: str = "budget.chart_empty") -> go.Figure:
    """A small figure that says there is nothing to draw (instead of an empty axis)."""
    fig = go.Figure()
    fig.add_annotation(text=t(key, lang), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=15))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, 220)


# ------------------------------------------------------------------ flows

def with_execution(flows: pd.DataFrame, executed: pd.DataFrame | None) -> pd.DataFrame:
    """flows (level, source, target, planned, …) + executed (level, source, target, executed) → flows with an
    `executed` column; links without an executed row get NaN ("no execution uploaded", not 0)."""
    out = flows.copy()
    if executed is None or executed.empty:
        out["executed"] = float("nan")
        return out
    ex = executed[["level", "source", "target", "executed"]]
    out = out.drop(columns=["executed"], errors="ignore").merge(ex, on=["level", "source", "target"], how="left")
    return out


def localize_flows(flows: pd.DataFrame, names_en: dict[str, str], lang: str) -> pd.DataFrame:
    """Swap source_name/target_name to English names (code → name_en) when lang is 'en'."""
    out = flows.copy()
    if lang != "en":
        return out
    total = t("budget.total_node", lang)
    out["source_name"] = [total if s == ROOT else names_en.get(s, n) for s, n in zip(out["source"], out["source_name"])]
    out["target_name"] = [names_en.get(c, n) for c, n in zip(out["target"], out["target_name"])]
    return out


def _flow_nodes(links: pd.DataFrame, value_col: str) -> pd.DataFrame:
    """Nodes of the flows with their value (Σ incoming links; the root: Σ outgoing) and level (0 = root)."""
    rows = {ROOT: dict(code=ROOT, name=None, level=0, value=links.loc[links["level"] == 1, value_col].sum())}
    for r in links.itertuples(index=False):
        if r.source not in rows:
            rows[r.source] = dict(code=r.source, name=r.source_name, level=r.level - 1, value=0.0)
        elif rows[r.source]["name"] is None:
            rows[r.source]["name"] = r.source_name
        node = rows.setdefault(r.target, dict(code=r.target, name=r.target_name, level=r.level, value=0.0))
        node["value"] += float(getattr(r, value_col))
    return pd.DataFrame(list(rows.values()))


def sankey(flows: pd.DataFrame, *, lang: str = "ko", value: str = "planned", max_level: int = 3,
           title: str | None = None, show_rate: bool = True) -> go.Figure:
    """Sankey 총예산 → 전략 → 과제 → 단위사업 (max_level 3) or → 예산 항목 (max_level 4).

    flows: columns level, source, source_name, target, target_name, planned (and optionally executed — see
    with_execution). value: which column sets the link widths ('planned' or 'executed'). Links of 0 or less
    are dropped. Hovers: the amount (백만원, 억원), its share of the total and, when an executed column is there,
    the executed amount and (show_rate) the execution rate — or "집행 실적 없음".
    """
    links = flows[flows["level"] <= max_level].copy()
    links[value] = pd.to_numeric(links[value], errors="coerce")
    links = links[links[value] > 0].reset_index(drop=True)
    has_ex = "executed" in links.columns
    if links.empty:
        return empty_figure(lang, title)

    nodes = _flow_nodes(links, value)
    nodes.loc[nodes["code"] == ROOT, "name"] = t("budget.total_node", lang)
    nodes = nodes.sort_values(["level", "code"], key=lambda s: s.astype(str)).reset_index(drop=True)
    index = {c: i for i, c in enumerate(nodes["code"])}
    total = float(nodes.loc[nodes["code"] == ROOT, "value"].iloc[0])
    amount_label = t("budget.hover_planned" if value == "planned" else "budget.hover_executed", lang)

    node_hover = [
        f"<b>{n.name}</b><br>{amount_label}: {fmt.amount_both(n.value, lang)}<br>"
        + t("budget.hover_share", lang, share=fmt.share(n.value, total))
        for n in nodes.itertuples(index=False)
    ]
    node_labels = [f"{fmt.short_label(n.name, _label_limit(n.level, max_level, lang))}  {fmt.number(n.value, 0)}"
                   for n in nodes.itertuples(index=False)]

    link_hover = []
    for r in links.itertuples(index=False):
        v = float(getattr(r, value))
        text = (f"<b>{r.source_name if r.source != ROOT else t('budget.total_node', lang)} → {r.target_name}</b>"
                f"<br>{amount_label}: {fmt.amount_both(v, lang)}<br>"
                + t("budget.hover_share", lang, share=fmt.share(v, total)))
        if has_ex and value == "planned":
            ex = r.executed
            if fmt.missing(ex):
                text += "<br>" + t("budget.no_execution", lang)
            else:
                text += f"<br>{t('budget.hover_executed', lang)}: {fmt.amount_both(ex, lang)}"
                if show_rate and r.planned:
                    text += " · " + t("budget.hover_rate", lang, rate=fmt.percent(ex / r.planned))
        elif has_ex and value == "executed":
            text += f"<br>{t('budget.hover_planned', lang)}: {fmt.amount_both(r.planned, lang)}"
        link_hover.append(text)

    n_leaves = int((nodes["level"] == nodes["level"].max()).sum())
    node_x, node_y = _positions(nodes)
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        # node labels sit on the flows: a white halo ('auto' = the contrast of the text colour) keeps them readable
        textfont=dict(size=SANKEY_FONT if max_level <= 3 else SANKEY_FONT - 1, color=DARK_TEXT, shadow="auto"),
        valueformat=",.0f",
        valuesuffix=t("budget.unit_suffix", lang),
        node=dict(
            label=node_labels, x=node_x, y=node_y,
            customdata=node_hover,
            hovertemplate="%{customdata}<extra></extra>",
            color=[color_of(c) for c in nodes["code"]],
            pad=16, thickness=16, line=dict(color="white", width=0.5),
        ),
        link=dict(
            source=[index[s] for s in links["source"]],
            target=[index[c] for c in links["target"]],
            value=[float(v) for v in links[value]],
            customdata=link_hover,
            hovertemplate="%{customdata}<extra></extra>",
            color=[_rgba(color_of(c), 0.35) for c in links["target"]],
        ),
    ))
    fig.update_layout(meta={"total": total, "value": value})
    return _layout(fig, title, max(520, 38 * n_leaves + 120))


# Column positions (0 = left edge … 1 = right edge) per number of columns: the last gap is the widest, because the
# labels of the last-but-one column (right of their nodes) and of the last column (left of theirs) share it.
_COLUMNS = {2: [0.001, 0.999], 3: [0.001, 0.4, 0.999], 4: [0.001, 0.196, 0.44, 0.999],
            5: [0.001, 0.15, 0.32, 0.545, 0.999]}


def _positions(nodes: pd.DataFrame) -> tuple[list[float], list[float]]:
    """Fixed node positions: one column per level, nodes in plan-code order top to bottom, each column spread
    over the full height with a small gap between nodes (so strategies read 1 → 4 and nothing crosses)."""
    levels = sorted(nodes["level"].unique())
    xs = _COLUMNS.get(len(levels)) or [i / (len(levels) - 1) for i in range(len(levels))]
    col_x = dict(zip(levels, xs))
    x, y = [0.0] * len(nodes), [0.0] * len(nodes)
    for level, g in nodes.groupby("level"):
        g = g.iloc[sorted(range(len(g)), key=lambda i: _code_key(g["code"].iloc[i]))]
        total = float(g["value"].sum()) or 1.0
        gap = min(0.35, 0.018 * (len(g) - 1))  # share of the height left for gaps between nodes
        step = gap / (len(g) - 1) if len(g) > 1 else 0.0
        cum = 0.0
        for i, (idx, v) in enumerate(zip(g.index, g["value"])):
            share = float(v) / total * (1 - gap)
            y[idx] = min(0.999, max(0.001, cum + share / 2 + i * step))
            x[idx] = col_x[level]
            cum += share
    return x, y


def sankey_total(fig: go.Figure) -> float:
    """The total a Sankey built by sankey() shows (Σ links leaving the root node)."""
    if not fig.data:
        return 0.0
    link = fig.data[0].link
    return float(sum(v for s, v in zip(link.source, link.value) if s == 0))


# Treemap shades: each level a lighter tint of its core value's colour (level 1 = the strategy itself), so nested
# boxes stand apart from their parent; text in whichever of black and white contrasts more with its box.
LEVEL_TINT = {0: 0.85, 1: 0.0, 2: 0.3, 3: 0.5, 4: 0.65}
TREEMAP_MIN_FONT = 11  # smaller labels are hidden (uniformtext); the hover keeps the name and the amount


def treemap(flows: pd.DataFrame, *, lang: str = "ko", max_level: int = 4, title: str | None = None) -> go.Figure:
    """Treemap 전략 → 과제 → 단위사업 → 예산 항목 of the planned amounts (rectangles sized by 백만원).

    Every box shows its name and amount with the unit where they fit at TREEMAP_MIN_FONT or more (a box too small
    for that shows no text; its hover has the name, the amount in 백만원 and 억원 and its share)."""
    links = flows[(flows["level"] <= max_level)].copy()
    links["planned"] = pd.to_numeric(links["planned"], errors="coerce")
    links = links[links["planned"] > 0]
    if links.empty:
        return empty_figure(lang, title)
    total = float(links.loc[links["level"] == 1, "planned"].sum())
    root_name = t("budget.total_node", lang)
    ids = [ROOT] + list(links["target"])
    parents = [""] + list(links["source"])
    labels = [root_name] + list(links["target_name"])
    values = [total] + [float(v) for v in links["planned"]]
    levels = [0] + [int(v) for v in links["level"]]
    colors = [tint(color_of(c), LEVEL_TINT.get(lv, 0.65)) for c, lv in zip(ids, levels)]
    hover = [f"<b>{n}</b><br>{fmt.amount_both(v, lang)}<br>" + t("budget.hover_share", lang, share=fmt.share(v, total))
             for n, v in zip(labels, values)]
    fig = go.Figure(go.Treemap(
        ids=ids, parents=parents, labels=labels, values=values, branchvalues="total",
        customdata=[[h, fmt.amount(v, lang)] for h, v in zip(hover, values)],
        hovertemplate="%{customdata[0]}<extra></extra>",
        texttemplate="%{label}<br>%{customdata[1]}", maxdepth=3,
        marker=dict(colors=colors, line=dict(color="white", width=1.5)),
        insidetextfont=dict(color=[text_color_on(c) for c in colors], size=13),
        pathbar=dict(textfont=dict(color=DARK_TEXT, size=13)),
        root=dict(color=colors[0]),
    ))
    fig.update_layout(meta={"total": total}, uniformtext=dict(minsize=TREEMAP_MIN_FONT, mode="hide"))
    return _layout(fig, title, 520)


def stacked_bar(by_year: pd.DataFrame, *, lang: str = "ko", highlight_year: int | None = None,
                title: str | None = None) -> go.Figure:
    """Planned 백만원 per year stacked by strategy; by_year: code, name, name_en, year, planned."""
    if by_year.empty:
        return empty_figure(lang, title)
    fig = go.Figure()
    df = by_year.copy()
    df["year"] = df["year"].astype(int)
    years = sorted(df["year"].unique())
    for code, g in df.groupby("code", sort=True):
        g = g.set_index("year").reindex(years)
        name = pick(g.dropna(subset=["name"]).iloc[0], "name", lang)
        fig.add_bar(
            x=[str(y) for y in years], y=g["planned"].fillna(0).tolist(), name=str(name),
            marker_color=color_of(code),
            customdata=[fmt.amount_both(v, lang) for v in g["planned"]],
            hovertemplate=f"<b>{name}</b> · %{{x}}<br>%{{customdata}}<extra></extra>",
        )
    totals = df.groupby("year")["planned"].sum().reindex(years)
    # year totals above the bars as a text trace (annotations with "2018"-like x would be read as numbers and
    # stretch the category axis)
    fig.add_scatter(x=[str(y) for y in years], y=totals.tolist(), mode="text", showlegend=False, hoverinfo="skip",
                    text=[f"<b>{fmt.number(v, 0)}</b>" for v in totals], textposition="top center", name="total")
    if highlight_year in years:
        fig.add_vrect(x0=years.index(highlight_year) - 0.5, x1=years.index(highlight_year) + 0.5,
                      fillcolor="#fde68a", opacity=0.35, layer="below", line_width=0)
    fig.update_layout(barmode="stack", legend=dict(orientation="h", y=-0.15),
                      yaxis=dict(title=t("budget.axis_mn", lang), tickformat=",.0f", gridcolor="#e5e7eb"),
                      xaxis=dict(type="category"), meta={"totals": {str(k): float(v) for k, v in totals.items()}})
    return _layout(fig, title, 420)


def execution_bar(execution: pd.DataFrame, *, lang: str = "ko", period: str = "year",
                  title: str | None = None) -> go.Figure:
    """Planned vs executed (백만원) per row of queries.budget_execution; period 'year' or 'to_date'.

    Rows without any execution are labelled "집행 실적 없음" instead of a 0 bar; planned bars are left out when
    the planned column is empty (a district scope: the plan is citywide).
    """
    df = execution.copy()
    if df.empty:
        return empty_figure(lang, title)
    p, e = f"planned_{period}", f"executed_{period}"
    names = [pick(r, "name", lang) for r in df.to_dict("records")]
    labels = [f"{c} {n}" for c, n in zip(df["code"], names)][::-1]
    has = df["has_execution"].astype(bool).tolist()[::-1]
    fig = go.Figure()
    if df[p].notna().any():
        fig.add_bar(y=labels, x=df[p].tolist()[::-1], orientation="h", name=t("budget.legend_planned", lang),
                    marker_color="#cbd5e1", customdata=[fmt.amount_both(v, lang) for v in df[p]][::-1],
                    hovertemplate="%{y}<br>" + t("budget.hover_planned", lang) + ": %{customdata}<extra></extra>")
    ex_vals = [v if h else None for v, h in zip(df[e].tolist()[::-1], has)]
    rates = df[f"rate_{period}"].tolist()[::-1]
    ex_text = [fmt.percent(r) if h and not fmt.missing(r) else ("" if h else t("budget.no_execution", lang))
               for r, h in zip(rates, has)]
    fig.add_bar(y=labels, x=[v if v is not None else 0 for v in ex_vals], orientation="h",
                name=t("budget.legend_executed", lang), marker_color="#1f5aa6",
                text=ex_text, textposition="outside", cliponaxis=False,
                customdata=[fmt.amount_both(v, lang) if v is not None else t("budget.no_execution", lang) for v in ex_vals],
                hovertemplate="%{y}<br>" + t("budget.hover_executed", lang) + ": %{customdata}<extra></extra>")
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.12),
                      xaxis=dict(title=t("budget.axis_mn", lang), tickformat=",.0f", gridcolor="#e5e7eb"))
    return _layout(fig, title, max(280, 44 * len(df) + 120))


# ------------------------------------------------------------------ data quality

def coverage_heatmap(coverage: pd.DataFrame, *, lang: str = "ko", indicator_names: dict[str, str] | None = None,
                     district_names: dict[str, str] | None = None, title: str | None = None) -> go.Figure:
    """Heat map of missing quarters: rows = 자치구, columns = indicators, colour = quarters not reported.

    coverage: district_code, district_name, indicator_code, quarters_reported, quarters_expected (queries.coverage).
    """
    if coverage.empty:
        return empty_figure(lang, title, key="quality.chart_empty")
    df = coverage.copy()
    df["missing"] = (df["quarters_expected"] - df["quarters_reported"]).clip(lower=0)
    dnames = district_names or dict(zip(df["district_code"], df["district_name"]))
    inames = indicator_names or {}
    districts = sorted(df["district_code"].unique())
    indicators = sorted(df["indicator_code"].unique(), key=_code_key)
    z = df.pivot(index="district_code", columns="indicator_code", values="missing").reindex(
        index=districts, columns=indicators)
    rep = df.pivot(index="district_code", columns="indicator_code", values="quarters_reported").reindex(
        index=districts, columns=indicators)
    expected = int(df["quarters_expected"].max())
    hover = [[t("quality.hover_cell", lang, district=dnames.get(d, d), code=c, name=inames.get(c, ""),
                missing=int(z.loc[d, c]), expected=expected, reported=int(rep.loc[d, c]))
              for c in indicators] for d in districts]
    fig = go.Figure(go.Heatmap(
        z=z.values.tolist(), x=indicators, y=[dnames.get(d, d) for d in districts],
        customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        zmin=0, zmax=max(expected, 1), xgap=1, ygap=1,
        colorscale=[[0, "#e8f5e9"], [0.001, "#fff3bf"], [0.5, "#f59f00"], [1, "#c92a2a"]],
        colorbar=dict(title=dict(text=t("quality.colorbar", lang), side="right"), thickness=10),
        showscale=len(districts) >= HEAT_SCALE_MIN_ROWS,
    ))
    fig.update_layout(yaxis=dict(autorange="reversed", type="category"),
                      xaxis=dict(type="category", tickangle=-60, side="top"),
                      meta={"expected": expected, "missing_total": int(df["missing"].sum())})
    _layout(fig, title, heatmap_height(len(districts)))
    fig.update_layout(margin=dict(t=HEAT_HEAD_PX + (40 if title else 0), b=HEAT_FOOT_PX))
    return fig


HEAT_ROW_PX = 22  # one 자치구 row of the coverage heat map
HEAT_HEAD_PX, HEAT_FOOT_PX = 80, 20  # indicator codes (rotated, on top); a little air below
# The colour bar stands beside the rows; a strip of fewer rows has no room for one (a horizontal bar in the margins
# overlapped the codes or vanished at 800 px): the caption says what the colours mean, the hover gives the count.
HEAT_SCALE_MIN_ROWS = 6
HEAT_PLOT_PX = (44, 700)  # the rows' area: floor (one district stays a strip, not a block) and ceiling


def heatmap_height(rows: int) -> int:
    """The coverage heat map's height in px: a fixed height per row (floor and ceiling on the rows' area) plus the
    codes on top — one district is a strip, 25 districts 25 rows of the same height."""
    lo, hi = HEAT_PLOT_PX
    return HEAT_HEAD_PX + HEAT_FOOT_PX + min(max(HEAT_ROW_PX * max(rows, 1), lo), hi)


def _code_key(code: str):
    """Sort plan codes naturally: 1-1-2 before 1-1-10; K1… after the numbered ones."""
    parts = str(code).replace(".", "-").split("-")
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts]
