"""The 데이터 품질 page (AppTest) and maeul.read.budget.indicator_data.

Expected counts come from the data CSVs or from the database, never from figures written into the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from apptest_util import APP, ROOT, assert_no_exception, texts, use_db
from streamlit.testing.v1 import AppTest

from maeul.read import budget as views_budget

AS_OF = "2021Q4"
N_QUARTERS = 16  # 2018Q1 … 2021Q4


def run_quality(db: Path, *, gu: tuple[str, ...] = (), lang: str | None = None, q: str = AS_OF,
                heat: bool = True) -> AppTest:
    """The page, with the coverage heat map's expander opened (``heat``) as a click would."""
    use_db(db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["q"] = q
    if heat:
        at.session_state["dq_heatmap"] = True
    if gu:
        at.session_state["gu"] = list(gu)
    if lang:
        at.session_state["lang"] = lang
    at.run()
    at.switch_page("pages/quality.py").run()
    return at


def heatmap(at: AppTest) -> dict:
    found = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    found = [c for c in found if c["data"] and c["data"][0]["type"] == "heatmap"]
    assert len(found) == 1
    return found[0]


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if column in df.value.columns)


def metric(at: AppTest, startswith: str) -> str:
    return next(str(m.value) for m in at.metric if str(m.label).startswith(startswith))


def district_indicators(con) -> int:
    """Indicators reported by district (the heat map's columns), counted with independent SQL."""
    return con.execute("SELECT count(*) FROM indicator WHERE scope <> 'citywide' "
                       "AND target_kind IN ('annual', 'cumulative') AND role IN ('primary', 'sub')").fetchone()[0]


# ------------------------------------------------------------------ empty database

def test_renders_on_empty_db(empty_db, con):
    at = run_quality(empty_db)
    assert_no_exception(at)
    text = texts(at)
    assert "데이터 품질" in text
    # nothing uploaded: every cell of the heat map is missing every quarter
    hm = heatmap(at)
    n_ind = district_indicators(con)
    # expected quarters: 4 per year in which the plan sets a target (e.g. 마을계획 동 only 2018–2020)
    per_ind = con.execute("""
        SELECT 4 * count(*) FROM target t JOIN indicator i ON i.code = t.indicator_code
        WHERE i.scope <> 'citywide' AND i.target_kind IN ('annual', 'cumulative') AND i.role IN ('primary', 'sub')
          AND (t.value > 0 OR t.stage IS NOT NULL) AND t.year <= 2021""").fetchone()[0]  # as of 2021Q4
    assert hm["layout"]["meta"] == {"expected": N_QUARTERS, "missing_total": 25 * per_ind}
    assert per_ind < n_ind * N_QUARTERS  # some indicators have targets in only some years
    assert len(hm["data"][0]["y"]) == 25 and len(hm["data"][0]["x"]) == n_ind
    # stale districts: all 25 have never reported
    stale = table_with(at, "last_quarter")
    assert len(stale) == 25 and set(stale["last_quarter"]) == {"보고 없음"}
    # indicators with no data = indicators without a published figure
    pub = pd.read_csv(ROOT / "data" / "published" / "published_actuals.csv", dtype=str)
    pub = pub[pub["year"].astype(int) * 4 + pub["quarter"].astype(int) <= 2021 * 4 + 4]
    n_all = con.execute("SELECT count(*) FROM indicator").fetchone()[0]
    n_pub = con.execute("SELECT count(DISTINCT indicator_code) FROM published_actual "
                        "WHERE year * 4 + quarter <= 2021 * 4 + 4").fetchone()[0]
    assert n_pub == pub["indicator_code"].nunique()
    assert metric(at, "자료 없는 지표") == f"{n_all - n_pub} / {n_all}"
    assert metric(at, "보고가 늦은 자치구") == "25 / 25"
    # every chart/table has a caption naming its source and a download
    assert "출처: 업로드된 실적" in text and "data_quality_notes.csv" in text
    assert len(at.get("download_button")) >= 5


def test_heat_map_runs_and_draws_only_when_opened(empty_db):
    """The largest figure sits in a closed expander that reruns on opening: closed, the page sends no chart at all
    (not even one the browser would skip), and the label gives the count of cells with gaps."""
    closed = run_quality(empty_db, heat=False)
    assert_no_exception(closed)
    assert not closed.get("plotly_chart")
    labels = [e.label for e in closed.main.expander]
    assert any(lbl.startswith("누락 지도 보기 — 분기가 빠진 칸 ") for lbl in labels)
    opened = run_quality(empty_db, heat=True)
    assert_no_exception(opened)
    assert heatmap(opened)["layout"]["height"] == 650  # 25 rows of the same height


def test_plan_inconsistencies_table(empty_db):
    notes = pd.read_csv(ROOT / "data" / "plan" / "data_quality_notes.csv", dtype=str)
    at = run_quality(empty_db)
    table = table_with(at, "figure_a")
    assert list(table.columns) == ["id", "where", "figure_a", "figure_b", "model_uses", "why"]
    assert set(table["id"]) == set(notes["id"])
    assert metric(at, "계획서 불일치 기록") == f"{len(notes)}건"


def test_published_figures_with_citations(empty_db):
    pub = pd.read_csv(ROOT / "data" / "published" / "published_actuals.csv", dtype=str)
    at = run_quality(empty_db)
    table = table_with(at, "publisher")
    assert len(table) == len(pub)
    assert set(table["url"]) == set(pub["url"])
    assert table["publisher"].notna().all()


def test_english_labels(empty_db):
    at = run_quality(empty_db, lang="en")
    assert_no_exception(at)
    text = texts(at)
    assert "Data quality" in text and "Published figures in use" in text
    hm = heatmap(at)
    assert "Jongno-gu" in hm["data"][0]["y"]
    assert "missing" in hm["data"][0]["customdata"][0][0]



def test_notes_search_filters_the_table(empty_db, monkeypatch):
    notes = pd.read_csv(ROOT / "data" / "plan" / "data_quality_notes.csv", dtype=str)
    one = notes["id"].iloc[1]
    monkeypatch.setenv("MAEUL_DB", str(empty_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["q"] = AS_OF
    at.session_state["dq_search"] = one
    at.run()
    at.switch_page("pages/quality.py").run()
    assert_no_exception(at)
    table = table_with(at, "figure_a")
    assert one in set(table["id"]) and len(table) < len(notes)
    assert at.selectbox(key="dq_pick").options[0].startswith(one)


def test_rerun_builds_nothing_again(sample_db, monkeypatch):
    """A rerun with the same filters takes every query, figure and table from cache.memo: no cache.cached call, and
    the page shows the same (the page body only: an AppTest rerun may skip app.py's sidebar, see apptest_util)."""
    from maeul.web import cache

    at = run_quality(sample_db, gu=("11680",))
    before = (texts(at.main), heatmap(at))
    calls = []
    real = cache.cached
    monkeypatch.setattr(cache, "cached", lambda name, *a, **kw: calls.append(name) or real(name, *a, **kw))
    at.run()
    assert_no_exception(at)
    assert calls == []
    assert (texts(at.main), heatmap(at)) == before


# ------------------------------------------------------------------ sample data

def test_renders_on_sample_db(sample_db, con):
    at = run_quality(sample_db)
    assert_no_exception(at)
    assert "예시 데이터" in texts(at)
    hm = heatmap(at)
    n_ind = district_indicators(con)
    assert hm["layout"]["meta"]["missing_total"] < 25 * n_ind * N_QUARTERS  # the sample reports most quarters


def test_district_filter_restricts_the_heat_map(sample_db):
    at = run_quality(sample_db, gu=("11680", "11110"))
    assert_no_exception(at)
    hm = heatmap(at)
    assert hm["data"][0]["y"] == ["종로구", "강남구"]  # in district-code order
    stale = table_with(at, "last_quarter")
    assert set(stale["district"]) == {"종로구", "강남구"}


# ------------------------------------------------------------------ the query behind the counts

def test_indicator_data_counts_uploads_and_published(con):
    before = views_budget.indicator_data(con, AS_OF)
    assert len(before) == con.execute("SELECT count(*) FROM indicator").fetchone()[0]
    assert not before["n_actual"].any()
    code = con.execute("SELECT code FROM indicator WHERE scope <> 'citywide' ORDER BY seq LIMIT 1").fetchone()[0]
    con.execute("INSERT INTO upload VALUES (1, now(), 't', 'x.csv', 'h', 'actuals', 2, 'utf-8', 'committed', "
                "FALSE, NULL, NULL, NULL)")
    con.execute("INSERT INTO actual VALUES (?, '11110', 2019, 1, 3, NULL, NULL, 1), "
                "(?, '11140', 2022, 1, 3, NULL, NULL, 1)", [code, code])
    after = views_budget.indicator_data(con, AS_OF).set_index("code")
    assert after.loc[code, "n_actual"] == 1 and bool(after.loc[code, "has_data"])
    assert after.loc[code, "last_quarter"] == "2019Q1"
    only_jung = views_budget.indicator_data(con, AS_OF, ("11140",)).set_index("code")
    assert only_jung.loc[code, "n_actual"] == 0  # its only row is after the as-of quarter
    assert views_budget.indicator_data(con, "2022Q1", "11140").set_index("code").loc[code, "n_actual"] == 1
