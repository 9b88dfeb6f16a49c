"""Unit tests of maeul.present.budget_charts with hand-made frames (no database, no Streamlit)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from maeul.present import budget_charts as bc
from maeul.present import format as fmt

# A tiny plan: total → 2 strategies → 3 tasks → 4 projects → 5 lines (amounts in 백만원).
LINES = [  # strategy, task, project, line, amount
    ("1", "1-1", "1-1-1", "1-1-1-B1", 1000.0),
    ("1", "1-2", "1-2-1", "1-2-1-B1", 250.0),
    ("2", "2-1", "2-1-1", "2-1-1-B1", 5953.0),
    ("2", "2-1", "2-1-2", "2-1-2-B1", 300.0),
    ("2", "2-1", "2-1-2", "2-1-2-B2", 47.0),
]


def flows_frame(lines=LINES) -> pd.DataFrame:
    """The shape queries.budget_flows returns, built from (strategy, task, project, line, amount) tuples."""
    df = pd.DataFrame(lines, columns=["s", "t", "p", "l", "amt"])
    parts = []
    for level, (src, tgt) in enumerate([(None, "s"), ("s", "t"), ("t", "p"), ("p", "l")], start=1):
        g = df.groupby([src, tgt] if src else [tgt], as_index=False)["amt"].sum()
        g["source"] = g[src] if src else "total"
        g["target"] = g[tgt]
        g["level"] = level
        parts.append(g[["level", "source", "target", "amt"]])
    out = pd.concat(parts, ignore_index=True).rename(columns={"amt": "planned"})
    out["source_name"] = out["source"].map(lambda c: "총예산" if c == "total" else f"이름 {c}")
    out["target_name"] = out["target"].map(lambda c: f"이름 {c}")
    return out[["level", "source", "source_name", "target", "target_name", "planned"]]


def spec(fig) -> dict:
    return json.loads(fig.to_json())


def total_planned() -> float:
    return sum(x[-1] for x in LINES)


# ------------------------------------------------------------------ formatting

@pytest.mark.parametrize("v, lang, expected", [
    (35505, "ko", "35,505백만원 (355억원)"),
    (1340, "ko", "1,340백만원 (13.4억원)"),
    (90, "ko", "90백만원"),
    (35505, "en", "KRW 35,505 mn (KRW 35.5 bn)"),
    (None, "ko", "–"),
    (float("nan"), "ko", "–"),
])
def test_fmt_amount(v, lang, expected):
    assert fmt.amount_both(v, lang) == expected


def test_fmt_share_and_rate():
    assert fmt.share(25, 200) == "12.5%"
    assert fmt.share(1, 0) == "–"
    assert fmt.percent(0.456) == "46%"
    assert fmt.percent(None) == "–"


# ------------------------------------------------------------------ sankey

def test_sankey_total_nodes_and_links():
    fig = bc.sankey(flows_frame(), max_level=3)
    s = spec(fig)["data"][0]
    assert s["type"] == "sankey"
    # nodes: total + 2 strategies + 3 tasks + 4 projects (lines hidden at max_level 3)
    assert len(s["node"]["label"]) == 1 + 2 + 3 + 4
    assert s["node"]["label"][0].startswith("총예산")
    assert bc.sankey_total(fig) == pytest.approx(total_planned())
    # every level carries the whole total
    src, tgt, val = s["link"]["source"], s["link"]["target"], s["link"]["value"]
    assert sum(val) == pytest.approx(3 * total_planned())
    assert len(src) == len(tgt) == len(val) == 2 + 3 + 4
    assert spec(fig)["layout"]["meta"]["total"] == pytest.approx(total_planned())


def test_sankey_lines_level_and_zero_links_dropped():
    lines = LINES + [("1", "1-2", "1-2-9", "1-2-9-B1", 0.0)]
    fig = bc.sankey(flows_frame(lines), max_level=4)
    labels = spec(fig)["data"][0]["node"]["label"]
    assert len(labels) == 1 + 2 + 3 + 4 + 5  # the 0-amount project and line are not drawn
    assert not any("1-2-9" in lab for lab in labels)


def test_sankey_hover_shows_amount_share_and_thousands_separators():
    fig = bc.sankey(flows_frame(), max_level=3)
    s = spec(fig)["data"][0]
    total = total_planned()
    node_hover = dict(zip(s["node"]["label"], s["node"]["customdata"]))
    strat2 = next(h for lab, h in node_hover.items() if lab.startswith("이름 2 "))
    assert "6,300백만원 (63.0억원)" in strat2
    assert f"{6300 / total * 100:.1f}%" in strat2
    assert all("%{customdata}" in s[k]["hovertemplate"] for k in ("node", "link"))
    assert "6,300" in next(lab for lab in s["node"]["label"] if lab.startswith("이름 2 "))


def test_sankey_with_execution_hover_rate_and_no_execution():
    flows = flows_frame()
    executed = pd.DataFrame([(1, "total", "1", 600.0), (2, "1", "1-1", 600.0)],
                            columns=["level", "source", "target", "executed"])
    merged = bc.with_execution(flows, executed)
    assert math.isnan(merged.loc[merged["target"] == "2", "executed"].iloc[0])  # no row → NaN, never 0
    s = spec(bc.sankey(merged, max_level=2))["data"][0]
    hover = s["link"]["customdata"]
    to_1 = next(h for h in hover if "→ 이름 1</b>" in h)
    to_2 = next(h for h in hover if "→ 이름 2</b>" in h)
    assert "집행: 600백만원 (6.0억원)" in to_1 and "집행률 48%" in to_1  # 600 / 1,250
    assert "집행 실적 없음" in to_2 and "0%" not in to_2
    # district scope: executed shown, no rate against the citywide plan
    hover_d = spec(bc.sankey(merged, max_level=2, show_rate=False))["data"][0]["link"]["customdata"]
    assert not any("집행률" in h for h in hover_d)


def test_sankey_of_executed_amounts():
    flows = flows_frame()
    executed = pd.DataFrame([(1, "total", "1", 600.0), (2, "1", "1-1", 600.0)],
                            columns=["level", "source", "target", "executed"])
    merged = bc.with_execution(flows, executed)
    fig = bc.sankey(merged.assign(executed=merged["executed"].fillna(0)), value="executed", max_level=2)
    assert bc.sankey_total(fig) == pytest.approx(600)
    assert spec(fig)["layout"]["meta"]["value"] == "executed"


def test_sankey_empty_and_english():
    empty = bc.sankey(flows_frame().iloc[0:0])
    assert not spec(empty)["data"]
    assert "표시할 금액이 없습니다" in spec(empty)["layout"]["annotations"][0]["text"]
    en = bc.localize_flows(flows_frame(), {"1": "Strategy one", "1-1": "Task 1-1"}, "en")
    s = spec(bc.sankey(en, lang="en", max_level=2))["data"][0]
    assert s["node"]["label"][0].startswith("Total budget")
    assert any(lab.startswith("Strategy one") for lab in s["node"]["label"])
    assert "KRW" in s["node"]["customdata"][0] and "of the total" in s["node"]["customdata"][0]


# ------------------------------------------------------------------ treemap and bars

def test_treemap_hierarchy_values():
    s = spec(bc.treemap(flows_frame()))["data"][0]
    assert s["type"] == "treemap" and s["branchvalues"] == "total"
    ids, parents, values = s["ids"], s["parents"], s["values"]
    assert ids[0] == "total" and parents[0] == "" and values[0] == pytest.approx(total_planned())
    by_id = dict(zip(ids, values))
    # each parent's value is the sum of its children's
    for pid in set(parents) - {""}:
        kids = [v for i, p, v in zip(ids, parents, values) if p == pid]
        assert sum(kids) == pytest.approx(by_id[pid])
    assert "2-1-2-B2" in ids


def test_stacked_bar_totals_per_year():
    by_year = pd.DataFrame([
        ("1", "사회적 우정", "Friendship", 2018, 100.0), ("2", "주민자치", "Self-gov", 2018, 250.0),
        ("1", "사회적 우정", "Friendship", 2019, 120.0), ("2", "주민자치", "Self-gov", 2019, 0.0),
    ], columns=["code", "name", "name_en", "year", "planned"])
    s = spec(bc.stacked_bar(by_year, highlight_year=2019))
    bars = [t for t in s["data"] if t["type"] == "bar"]
    assert [t["name"] for t in bars] == ["사회적 우정", "주민자치"]
    assert all(t["x"] == ["2018", "2019"] for t in s["data"])  # categories, never numbers
    assert s["layout"]["barmode"] == "stack" and s["layout"]["xaxis"]["type"] == "category"
    assert s["layout"]["meta"]["totals"] == {"2018": 350.0, "2019": 120.0}
    totals = next(t for t in s["data"] if t["type"] == "scatter")
    assert totals["text"] == ["<b>350</b>", "<b>120</b>"] and not s["layout"].get("annotations")
    assert s["layout"]["yaxis"]["title"]["text"] == "백만원"
    en = spec(bc.stacked_bar(by_year, lang="en"))
    assert [t["name"] for t in en["data"] if t["type"] == "bar"] == ["Friendship", "Self-gov"]


def test_execution_bar_marks_rows_without_execution():
    ex = pd.DataFrame({
        "code": ["1", "2"], "name": ["사회적 우정", "주민자치"], "name_en": ["F", "S"],
        "planned_year": [1000.0, 2000.0], "executed_year": [400.0, 0.0],
        "planned_to_date": [3000.0, 5000.0], "executed_to_date": [2500.0, 0.0],
        "has_execution": [True, False], "rate_year": [0.4, None], "rate_to_date": [2500 / 3000, None],
    })
    s = spec(bc.execution_bar(ex))
    planned, executed = s["data"]
    assert planned["name"] == "계획" and executed["name"] == "집행"
    # rows are drawn top-down in code order (reversed for a horizontal bar)
    assert executed["text"] == ["집행 실적 없음", "40%"]
    assert executed["customdata"][0] == "집행 실적 없음"
    # district scope: no planned bars
    s2 = spec(bc.execution_bar(ex.assign(planned_year=None, planned_to_date=None, rate_year=None)))
    assert len(s2["data"]) == 1 and s2["data"][0]["name"] == "집행"


# ------------------------------------------------------------------ coverage heat map

def test_coverage_heatmap_missing_quarters():
    cov = pd.DataFrame([
        ("11110", "종로구", "1-1-1", 16, 16), ("11110", "종로구", "1-2-1", 10, 16),
        ("11140", "중구", "1-1-1", 0, 16), ("11140", "중구", "1-2-1", 16, 16),
    ], columns=["district_code", "district_name", "indicator_code", "quarters_reported", "quarters_expected"])
    s = spec(bc.coverage_heatmap(cov, indicator_names={"1-1-1": "이웃만들기"}))
    h = s["data"][0]
    assert h["type"] == "heatmap"
    assert h["y"] == ["종로구", "중구"] and h["x"] == ["1-1-1", "1-2-1"]
    assert h["z"] == [[0, 6], [16, 0]]
    assert "이웃만들기" in h["customdata"][1][0] and "누락 16 / 16분기" in h["customdata"][1][0]
    assert s["layout"]["meta"] == {"expected": 16, "missing_total": 22}
    en = spec(bc.coverage_heatmap(cov, lang="en", district_names={"11110": "Jongno-gu", "11140": "Jung-gu"}))
    assert en["data"][0]["y"] == ["Jongno-gu", "Jung-gu"]
    assert "missing 6 of 16 quarters" in en["data"][0]["customdata"][0][1]


def test_coverage_heatmap_empty():
    cov = pd.DataFrame(columns=["district_code", "district_name", "indicator_code", "quarters_reported",
                                "quarters_expected"])
    assert not spec(bc.coverage_heatmap(cov))["data"]


def test_code_order_is_natural():
    codes = ["1-1-10", "K1", "1-1-2", "2-1-1"]
    assert sorted(codes, key=bc._code_key) == ["1-1-2", "1-1-10", "2-1-1", "K1"]


# ------------------------------------------------------------------ issue 16: readable labels, units in every hover

@pytest.mark.parametrize("lang, unit", [("ko", "백만원"), ("en", "KRW")])
def test_treemap_labels_readable_on_every_tile_and_units_in_hovers(lang, unit):
    from maeul.present.theme import contrast_ratio

    t = spec(bc.treemap(flows_frame(), lang=lang))["data"][0]
    colors, text_colors = t["marker"]["colors"], t["insidetextfont"]["color"]
    assert len(colors) == len(text_colors) == len(t["ids"])
    assert min(contrast_ratio(a, b) for a, b in zip(colors, text_colors)) >= 4.5  # body-text contrast on every box
    color_of = dict(zip(t["ids"], colors))
    assert all(color_of[i] != color_of[p] for i, p in zip(t["ids"], t["parents"]) if p)  # apart from its parent
    layout = spec(bc.treemap(flows_frame(), lang=lang))["layout"]
    assert layout["uniformtext"] == {"minsize": bc.TREEMAP_MIN_FONT, "mode": "hide"} and bc.TREEMAP_MIN_FONT >= 11
    assert t["texttemplate"] == "%{label}<br>%{customdata[1]}"
    assert all(unit in hover and unit in shown for hover, shown in t["customdata"])  # unit on the box and hover
    assert t["customdata"][1][1] == fmt.amount(1250.0, lang)  # strategy 1 = 1,000 + 250


@pytest.mark.parametrize("lang, unit", [("ko", "백만원"), ("en", "KRW")])
def test_sankey_labels_keep_a_halo_over_the_flows_and_hovers_say_the_unit(lang, unit):
    s = spec(bc.sankey(bc.with_execution(flows_frame(), None), lang=lang, max_level=4))["data"][0]
    assert s["textfont"]["shadow"] == "auto" and s["textfont"]["size"] >= 12  # white halo behind dark text
    assert all(unit in h for h in s["node"]["customdata"]) and all(unit in h for h in s["link"]["customdata"])


@pytest.mark.parametrize("lang, max_level, width", [("ko", 3, 880), ("en", 3, 880), ("ko", 4, 880), ("en", 4, 1150)])
def test_sankey_labels_of_neighbouring_columns_do_not_overlap(con, lang, max_level, width):
    """Plotly puts a node's label right of it, the last column's left of it: in the plan's own Sankey every gap
    between two columns holds the labels that go into it (estimated on the wide side, fmt.text_px) at the width the
    chart has in a 1280 px window with the sidebar open (880 px; the deeper English one with it closed)."""
    from maeul.read.registry import Reader

    data = Reader(con)
    names = data("budget_names")
    flows = bc.localize_flows(data("budget_flows", None), dict(zip(names["code"], names["name_en"])), lang)
    s = bc.sankey(bc.with_execution(flows, None), lang=lang, max_level=max_level).data[0]
    xs = sorted(set(s.node.x))
    widest = {x: max(fmt.text_px(lab, s.textfont.size) for lab, xx in zip(s.node.label, s.node.x) if xx == x)
              for x in xs}
    for a, b in zip(xs, xs[1:]):
        need = widest[a] + (widest[b] if b == xs[-1] else 0) + 16 + 12  # node thickness and the labels' offsets
        assert need <= (b - a) * width, (a, b, need)
