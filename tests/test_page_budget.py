"""The 예산 흐름 page (AppTest) and the queries behind it (maeul.read.budget).

Expected amounts are computed here from the plan CSVs in data/plan (section Ⅷ as printed), or from the database
with independent SQL — never written into the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from apptest_util import APP, ROOT, assert_no_exception, texts, use_db
from streamlit.testing.v1 import AppTest

from maeul import PLAN_YEARS
from maeul.read import budget as views_budget

PLAN = ROOT / "data" / "plan"
AS_OF = "2021Q4"


# ------------------------------------------------------------------ expected values from the plan CSVs

def viii_strategy_totals() -> dict[int, float]:
    """Σ of section Ⅷ's four strategy rows per year, as transcribed in investment_plan_viii.csv."""
    v = pd.read_csv(PLAN / "investment_plan_viii.csv", dtype={"code": str})
    s = v[v["level"] == "strategy"]
    assert s["code"].nunique() == 4
    return {int(y): float(a) for y, a in s.groupby("year")["amount_mn"].sum().items()}


def lines_outside_viii() -> pd.DataFrame:
    b = pd.read_csv(PLAN / "budget_line.csv", dtype=str, keep_default_na=False)
    return b[b["counted_in_viii"].str.lower() != "true"]


# ------------------------------------------------------------------ running the page

def run_budget(db: Path, *, year: str | None = None, gu: tuple[str, ...] = (), lang: str | None = None,
               q: str = AS_OF, extra: dict | None = None, view: str | None = "exec") -> AppTest:
    """A fresh AppTest per scenario (see apptest_util), with the page's own widget state preset; ``view`` = the
    figure chosen under the planned Sankey (the executed Sankey unless told otherwise; None = none chosen)."""
    use_db(db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["q"] = q
    if view:
        at.session_state["budget_view"] = view
    if gu:
        at.session_state["gu"] = list(gu)
    if lang:
        at.session_state["lang"] = lang
    if year:
        at.session_state["year"] = year
    for k, v in (extra or {}).items():
        at.session_state[k] = v
    at.run()
    at.switch_page("pages/budget.py").run()
    return at


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def sankey_of(at: AppTest, value: str = "planned") -> dict:
    found = [c for c in charts(at) if c["data"] and c["data"][0]["type"] == "sankey"
             and c["layout"]["meta"]["value"] == value]
    assert len(found) == 1, [c["layout"].get("meta") for c in charts(at)]
    return found[0]


def root_total(sk: dict) -> float:
    link = sk["data"][0]["link"]
    root = sk["data"][0]["node"]["label"].index(next(lab for lab in sk["data"][0]["node"]["label"]
                                                     if lab.startswith(("총예산", "Total budget"))))
    return sum(v for s, v in zip(link["source"], link["value"]) if s == root)


def metric(at: AppTest, startswith: str) -> str:
    return next(str(m.value) for m in at.metric if str(m.label).startswith(startswith))


# ------------------------------------------------------------------ fixtures

# ------------------------------------------------------------------ empty database

def test_renders_on_empty_db(empty_db):
    at = run_budget(empty_db)
    assert_no_exception(at)
    text = texts(at)
    assert "예산 흐름" in text
    assert "Ⅷ 인쇄 합계와 일치" in text
    assert "집행 실적 없음" in text and "0%" not in metric(at, "집행률")
    assert metric(at, "집행액") == "–"  # a dash; the caption under it says what is missing, small
    assert "집행 실적이 2021Q4까지 업로드되지 않았습니다(0이 아님)" in text
    # every chart has a source caption and there is a CSV download per chart and table
    assert "Ⅷ 연차별 투자계획" in text and "단위사업별 연차별 소요예산" in text
    assert len(at.get("download_button")) >= len(at.get("plotly_chart")) + 2
    # no executed Sankey without execution
    assert not [c for c in charts(at) if c["data"] and c["data"][0]["type"] == "sankey"
                and c["layout"]["meta"]["value"] == "executed"]


def test_sankey_total_equals_viii_for_all_years(empty_db):
    expected = viii_strategy_totals()
    at = run_budget(empty_db)
    assert root_total(sankey_of(at)) == pytest.approx(sum(expected.values()))
    assert sankey_of(at)["layout"]["meta"]["total"] == pytest.approx(sum(expected.values()))


def test_year_selector_changes_sankey(empty_db):
    expected = viii_strategy_totals()
    seen = {}
    for y in (str(PLAN_YEARS[0]), str(PLAN_YEARS[1])):
        at = run_budget(empty_db, year=y)
        assert_no_exception(at)
        assert at.session_state["year"] == y
        sk = sankey_of(at)
        seen[y] = sk
        assert root_total(sk) == pytest.approx(expected[int(y)])
        assert f"{y}년" in sk["layout"]["title"]["text"]
        assert f"{expected[int(y)]:,.0f}" in sk["layout"]["title"]["text"]
    a, b = seen.values()
    assert a["data"][0]["link"]["value"] != b["data"][0]["link"]["value"]


def test_sankey_strategy_links_match_viii_rows(empty_db):
    v = pd.read_csv(PLAN / "investment_plan_viii.csv", dtype={"code": str})
    y = PLAN_YEARS[0]
    printed = {r.code: r.amount_mn for r in v[(v["level"] == "strategy") & (v["year"] == y)].itertuples()}
    at = run_budget(empty_db, year=str(y))
    sk = sankey_of(at)["data"][0]
    labels, link = sk["node"]["label"], sk["link"]
    root = 0
    got = sorted(v for s, v in zip(link["source"], link["value"]) if s == root)
    assert got == sorted(printed.values())
    assert labels[root].startswith("총예산")


def test_lines_outside_viii_are_shown_as_such(empty_db):
    outside = lines_outside_viii()
    assert len(outside)  # the plan has 비예산 / 포함 / left-out lines
    at = run_budget(empty_db)
    tables = [df.value for df in at.dataframe]
    out_table = next(t for t in tables if "kind" in t.columns)
    assert set(out_table["code"]) == set(outside["code"])
    kinds = dict(zip(out_table["code"], out_table["kind"]))
    for r in outside.itertuples():
        if r.funding == "비예산":
            assert "비예산" in kinds[r.code]
        elif r.funding == "포함":
            assert "포함" in kinds[r.code] and r.included_in in kinds[r.code]
        else:
            assert "Ⅷ 합계에서 빠짐" in kinds[r.code]
    # the full table lists every line, with the funding kind and the printed total (never a silent 0)
    full = next(t for t in tables if "funding_label" in t.columns)
    assert len(full) == len(pd.read_csv(PLAN / "budget_line.csv"))
    non_budget = full[full["code"].isin(outside[outside["funding"] != "예산"]["code"])]
    assert (non_budget["printed_total"] != "0").all()
    assert non_budget[[f"y{y}" for y in PLAN_YEARS]].isna().all().all()


def test_english_labels(empty_db):
    at = run_budget(empty_db, lang="en")
    assert_no_exception(at)
    text = texts(at)
    assert "Budget flows" in text and "Matches section Ⅷ as printed" in text
    sk = sankey_of(at)["data"][0]
    assert sk["node"]["label"][0].startswith("Total budget")
    assert "KRW" in sk["node"]["customdata"][0]


def test_lines_level_toggle_adds_budget_lines(empty_db):
    n3 = len(sankey_of(run_budget(empty_db))["data"][0]["node"]["label"])
    n4 = len(sankey_of(run_budget(empty_db, extra={"budget_lines_level": True}))["data"][0]["node"]["label"])
    assert n4 > n3



def test_execution_level_changes_the_table(empty_db):
    by_strategy = next(df.value for df in run_budget(empty_db).dataframe if "executed_to_date" in df.value.columns)
    by_task = next(df.value for df in run_budget(empty_db, extra={"exec_by": "task"}).dataframe
                   if "executed_to_date" in df.value.columns)
    assert len(by_task) > len(by_strategy)


def test_rerun_builds_nothing_again(sample_db, monkeypatch):
    """A rerun with the same filters takes every query, figure and table from cache.memo: no cache.cached call, and
    the page shows the same (the page body only: an AppTest rerun may skip app.py's sidebar, see apptest_util)."""
    from maeul.web import cache

    at = run_budget(sample_db, year=str(PLAN_YEARS[1]), extra={"budget_lines_level": True})
    before = (texts(at.main), [c.proto.spec for c in at.get("plotly_chart")])
    calls = []
    real = cache.cached
    monkeypatch.setattr(cache, "cached", lambda name, *a, **kw: calls.append(name) or real(name, *a, **kw))
    at.run()
    assert_no_exception(at)
    assert calls == []
    assert (texts(at.main), [c.proto.spec for c in at.get("plotly_chart")]) == before


# ------------------------------------------------------------------ sample data (execution uploaded)

def executed_sql(db: Path, as_of: str, districts: tuple[str, ...] | None, year: int | None = None) -> float:
    """Executed 백만원 of the lines Ⅷ counts, up to as_of, computed with independent SQL."""
    import duckdb

    y, q = int(as_of[:4]), int(as_of[-1])
    con = duckdb.connect(str(db))  # same process as the app: same configuration, shared instance
    try:
        sql = """SELECT coalesce(sum(e.amount_mn), 0) FROM budget_execution_current e
                 JOIN budget_line b ON b.code = e.line_code
                 WHERE b.counted_in_viii AND e.year * 4 + e.quarter <= ? * 4 + ?"""
        params: list = [y, q]
        if year is not None:
            sql += " AND e.year = ?"
            params.append(year)
        if districts:
            sql += f" AND e.district_code IN ({', '.join('?' for _ in districts)})"
            params += list(districts)
        return float(con.execute(sql, params).fetchone()[0])
    finally:
        con.close()


@pytest.fixture(scope="module")
def sample_executed(sample_db) -> float:
    # read once before any AppTest opens the file (a second process could not; same process is fine)
    return executed_sql(sample_db, AS_OF, None)


def test_renders_on_sample_db(sample_db, sample_executed):
    at = run_budget(sample_db)
    assert_no_exception(at)
    assert "예시 데이터" in texts(at)
    if sample_executed == 0:
        pytest.skip("sample data has no budget execution")
    ex = sankey_of(at, "executed")
    assert root_total(ex) == pytest.approx(sample_executed, rel=1e-9)
    assert any("집행" in h for h in sankey_of(at)["data"][0]["link"]["customdata"])


def test_district_filter_changes_executed_amounts(sample_db, sample_executed):
    if sample_executed == 0:
        pytest.skip("sample data has no budget execution")
    gu = ("11680",)  # 강남구
    expected_gu = executed_sql(sample_db, AS_OF, gu)
    city = run_budget(sample_db)
    dist = run_budget(sample_db, gu=gu)
    assert_no_exception(dist)
    assert "계획 예산은 서울시 전체 기준입니다" in texts(dist)
    assert metric(city, "집행액") != metric(dist, "집행액")
    # the planned Sankey stays citywide; executed amounts follow the district
    assert root_total(sankey_of(dist)) == pytest.approx(root_total(sankey_of(city)))
    exec_table = next(df.value for df in dist.dataframe if "executed_to_date" in df.value.columns)
    assert exec_table["planned_year"].isna().all()
    # the table shows whole 백만원
    assert exec_table["executed_to_date"].fillna(0).sum() == pytest.approx(expected_gu, abs=0.5 * len(exec_table))
    if expected_gu == 0:  # the sample's execution is citywide only: say so, never 0 %
        assert metric(dist, "집행액") == "–"
        assert set(exec_table["rate_to_date"]) == {"집행 실적 없음"}
    else:
        assert root_total(sankey_of(dist, "executed")) == pytest.approx(expected_gu, rel=1e-9)


# ------------------------------------------------------------------ district execution uploaded (deterministic)

DISTRICT_ROWS = [  # 연도, 분기, 자치구, 예산코드 index (among lines Ⅷ counts), 집행액
    (2019, 2, "강남구", 0, 120.5), (2019, 3, "강남구", 1, 30), (2020, 1, "종로구", 0, 40),
    (2019, 4, "", 2, 500), (2022, 1, "강남구", 0, 999),
]


@pytest.fixture(scope="module")
def district_db(tmp_path_factory) -> Path:
    """Empty plan database plus one budget-execution upload (through the real ingest path) with district rows."""
    from maeul.plan.db import connect
    from maeul.upload.store import commit

    path = tmp_path_factory.mktemp("budget-district") / "district.duckdb"
    con = connect(path)
    codes = [r[0] for r in con.execute("SELECT code FROM budget_line WHERE counted_in_viii ORDER BY code").fetchall()]
    body = "연도,분기,자치구,예산코드,집행액(백만원),비고\n" + "".join(
        f"{y},{q},{gu},{codes[i]},{v},test\n" for y, q, gu, i, v in DISTRICT_ROWS)
    res = commit(con, body.encode("utf-8"), "budget.csv", "test")
    assert not res.errors, res.errors
    con.close()
    return path


def test_district_execution_follows_the_filter(district_db):
    city = run_budget(district_db, q="2021Q4")
    gangnam = run_budget(district_db, gu=("11680",), q="2021Q4")
    both = run_budget(district_db, gu=("11680", "11110"), q="2021Q4")
    for at in (city, gangnam, both):
        assert_no_exception(at)
    assert root_total(sankey_of(city, "executed")) == pytest.approx(120.5 + 30 + 40 + 500)
    assert root_total(sankey_of(gangnam, "executed")) == pytest.approx(120.5 + 30)
    assert root_total(sankey_of(both, "executed")) == pytest.approx(120.5 + 30 + 40)
    assert metric(gangnam, "집행액") != metric(city, "집행액")
    assert metric(gangnam, "집행률") == "–" and metric(city, "집행률") not in ("–", "집행 실적 없음")
    for at, expected in ((city, 690.5), (gangnam, 150.5), (both, 190.5)):
        table = next(df.value for df in at.dataframe if "executed_to_date" in df.value.columns)
        assert table["executed_to_date"].fillna(0).sum() == pytest.approx(expected, abs=0.5)  # whole 백만원 shown
    # hovers of the planned Sankey: executed with a rate citywide, without a rate for a district
    assert any("집행률" in h for h in sankey_of(city)["data"][0]["link"]["customdata"])
    assert not any("집행률" in h for h in sankey_of(gangnam)["data"][0]["link"]["customdata"])


def test_year_after_as_of_has_no_execution(district_db):
    at = run_budget(district_db, q="2020Q1", year="2022")
    assert_no_exception(at)
    assert "기준 분기(2020Q1) 이후" in texts(at)
    assert metric(at, "집행액") == "–"


# ------------------------------------------------------------------ the queries behind the page

def test_viii_reconciliation_matches_printed(con):
    r = views_budget.viii_reconciliation(con)
    assert r["match"].all(), r[~r["match"]]
    tot = r[r["level"] == "total"].set_index("year")["printed_amount"].to_dict()
    assert tot == pytest.approx(viii_strategy_totals())


def test_execution_flows_and_multi_district_execution(con):
    # two quarters of execution on one counted line, in two districts and citywide
    line = con.execute("SELECT code, strategy_code, task_code, unit_project_code FROM budget_line "
                       "WHERE counted_in_viii ORDER BY code LIMIT 1").fetchone()
    con.execute("INSERT INTO upload VALUES (1, now(), 't', 'x.csv', 'h', 'budget', 3, 'utf-8', 'committed', "
                "FALSE, NULL, NULL, NULL)")
    con.execute("INSERT INTO budget_execution VALUES (?, '11110', 2019, 2, 10, NULL, 1), "
                "(?, '11140', 2019, 3, 5, NULL, 1), (?, NULL, 2020, 1, 100, NULL, 1)", [line[0]] * 3)
    f = views_budget.execution_flows(con, "2019Q4")
    assert f[f["level"] == 1]["executed"].sum() == 15
    assert set(f["level"]) == {1, 2, 3, 4}
    assert f[(f["level"] == 4)]["target"].tolist() == [line[0]]
    assert views_budget.execution_flows(con, "2020Q1")["executed"].sum() == 4 * 115
    assert views_budget.execution_flows(con, "2020Q1", year=2019)["executed"].sum() == 4 * 15
    assert views_budget.execution_flows(con, "2019Q4", districts=("11140",))["executed"].sum() == 4 * 5
    assert views_budget.execution_flows(con, "2019Q2", districts="11140").empty
    two = views_budget.execution_by_districts(con, "2019Q4", "strategy", ("11110", "11140"))
    row = two[two["code"] == line[1]].iloc[0]
    assert row["executed_to_date"] == 15 and bool(row["has_execution"])
    assert pd.isna(row["planned_year"]) and row["rate_to_date"] is None
    assert not two[two["code"] != line[1]]["has_execution"].any()


def test_other_views_are_drawn_only_when_chosen(empty_db):
    """Under the planned Sankey the executed Sankey, the treemap and the bars per year are one click away; only the
    chosen one runs and is drawn (hidden tabs would draw all three). The year-to-date columns say the quarter."""
    plain = run_budget(empty_db, view=None, q="2021Q2")
    assert_no_exception(plain)
    kinds = [c["data"][0]["type"] for c in charts(plain) if c["data"]]
    assert kinds == ["sankey"]  # nothing executed yet: no execution bar either
    assert len(plain.get("button_group")) >= 2  # the year and the views
    table = next(d for d in plain.dataframe if "executed_year" in d.value.columns)
    assert "2021 집행 (Q2까지)" in json.dumps(json.loads(table.proto.columns), ensure_ascii=False)
    tree = run_budget(empty_db, view="treemap")
    assert [c["data"][0]["type"] for c in charts(tree) if c["data"]] == ["sankey", "treemap"]
    bars = run_budget(empty_db, view="by_year", lang="en")
    assert_no_exception(bars)
    assert [c["data"][0]["type"] for c in charts(bars) if c["data"]][:1] == ["sankey"]
    assert "Planned budget by year and strategy" in texts(bars)
