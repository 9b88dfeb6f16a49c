"""AppTest of the strategy-tracking page (pages/strategy.py): the hierarchy table, the selected indicator's chart
(targets in the plotly spec), printed targets, sources, the district breakdown, district filter and English."""

from __future__ import annotations

import json

from apptest_util import APP, assert_no_exception, run_page, shown, texts, use_db
from streamlit.testing.v1 import AppTest


def _run(db, ind=None, **kw):
    """run_page with the indicator preselected through session_state 'ind' (what the URL binding sets)."""
    use_db(db)
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in (("gu", list(kw.get("gu", ()))), ("q", kw.get("q")), ("lang", kw.get("lang")),
                 ("basis", kw.get("basis")), ("ind", ind)):
        if v:
            at.session_state[k] = v
    at.run()
    at.switch_page("pages/strategy.py").run()
    return at


def _specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _trace(spec: dict, name: str) -> dict:
    return next(tr for tr in spec["data"] if tr.get("name") == name)


def _table_el(at):
    return next(d for d in at.dataframe if "indicator" in d.value.columns and "kind" in d.value.columns)


def _table(at):
    return _table_el(at).value


def test_empty_db_renders_hierarchy_and_first_indicator(empty_db):
    at = run_page("strategy", empty_db, q="2020Q4")
    assert_no_exception(at)
    txt = texts(at)
    assert "전략 추적" in txt and "집계 규칙" in txt and "상태 기준" in txt
    table = _table(at)
    assert {"strategy", "task", "project", "code", "rate", "status"} <= set(table.columns)
    assert "1-1-1" in set(table["code"]) and table["rate"].isna().all()  # no data: no rate, never 0 %
    assert set(shown(_table_el(at), "status")) <= {"자료 없음", "목표 없음"}  # status pills (stored status shown)
    assert at.selectbox(key="ind").value == "1-1-1"
    assert len(at.get("plotly_chart")) >= 1
    assert len(at.get("download_button")) >= 2


def test_selected_indicator_chart_contains_the_plan_targets(empty_db):
    at = _run(empty_db, ind="4-3-1", q="2020Q4")
    assert_no_exception(at)
    assert at.selectbox(key="ind").value == "4-3-1"
    spec = _specs(at)[0]
    target = _trace(spec, "계획 목표")
    assert sorted({y for y in target["y"] if y is not None}) == [50, 100, 230, 380, 450]  # 열린육아방 (Ⅶ/Ⅵ 4-3-1)
    assert _trace(spec, "현재 기대치")["y"] == [230]
    assert _trace(spec, "기준값")["y"] == [5]
    txt = texts(at)
    assert "보육담당관" in txt  # 추진부서
    assert "Ⅵ 단위사업 4-3-1" in txt  # plan section
    assert "450(누계)" in txt  # printed total
    printed = next(d.value for d in at.dataframe if "printed" in d.value.columns)
    assert list(printed["printed"]) == ["50", "50(100)", "130(230)", "150(380)", "70(450)"]
    assert "자치구별 현황" in txt
    assert len(_specs(at)) == 2  # indicator chart + district breakdown


def test_published_points_are_cited(empty_db):
    at = _run(empty_db, ind="K1", q="2021Q4")
    assert_no_exception(at)
    spec = _specs(at)[0]
    pub = _trace(spec, "공표 수치")
    assert 38.9 in pub["y"] and 59.5 in pub["y"]
    assert any("go.seoul.co.kr" in c[1] for c in pub["customdata"])
    # the plan prints only the 2022 target (70 %): earlier years are interpolated from the 2017 baseline, dotted
    assert 70 in _trace(spec, "계획 목표")["y"]
    assert _trace(spec, "목표(보간: 계획서에 연도별 값 없음)")["line"]["dash"] == "dot"
    actuals = next(d.value for d in at.dataframe if "detail" in d.value.columns)
    assert "공표" in set(actuals["source"])
    assert any("서울신문" in d for d in actuals["detail"])
    assert "서울시 전체 단위로만" in texts(at)  # K1 is a citywide survey: no district breakdown


def test_milestone_indicator(empty_db):
    at = _run(empty_db, ind="3-1-4", q="2019Q4")
    assert_no_exception(at)
    spec = _specs(at)[0]
    assert spec["layout"]["yaxis"]["ticktext"] == ["조사·기획", "개발", "운영"]
    assert _trace(spec, "현재 기대치")["y"] == [2]


def test_district_filter_changes_targets_and_labels_them_derived(empty_db):
    city = _run(empty_db, ind="4-3-1", q="2020Q4")
    gu = _run(empty_db, ind="4-3-1", q="2020Q4", gu=("11680",))
    assert_no_exception(gu)
    t_city = [y for y in _trace(_specs(city)[0], "계획 목표")["y"] if y is not None]
    t_gu = [y for y in _trace(_specs(gu)[0], "파생 목표(자치구 몫)")["y"] if y is not None]
    assert max(t_gu) < max(t_city)
    assert "파생" in texts(gu) and "강남구" in texts(gu)
    assert not _table(city)["target"].equals(_table(gu)["target"])
    printed = next(d.value for d in gu.dataframe if "printed" in d.value.columns)
    assert all("파생" in b for b in printed["basis"])


def test_sample_data(sample_db):
    at = _run(sample_db, ind="4-3-1", q="2020Q4")
    assert_no_exception(at)
    assert "예시 데이터" in texts(at)
    spec = _specs(at)[0]
    names = {tr.get("name") for tr in spec["data"]}
    assert {"분기 실적", "누계 실적", "추세 전망(~2022년 4분기)", "계획 목표"} <= names
    table = _table(at)
    assert table["rate"].notna().any()
    gu = _run(sample_db, ind="4-3-1", q="2020Q4", gu=("11680",))
    assert_no_exception(gu)
    assert not _table(gu)["actual"].equals(table["actual"])
    run_city = _trace(spec, "누계 실적")["y"]
    run_gu = _trace(_specs(gu)[0], "누계 실적")["y"]
    assert run_gu[-1] < run_city[-1]
    several = _run(sample_db, ind="3-2-2", q="2021Q2", gu=("11680", "11110"))
    assert_no_exception(several)


def test_unknown_indicator_in_state_falls_back(empty_db):
    at = _run(empty_db, ind="no-such-code", q="2020Q4")
    assert_no_exception(at)
    assert at.selectbox(key="ind").value == "1-1-1"


def test_english_mode(sample_db):
    at = _run(sample_db, ind="4-3-1", q="2020Q4", lang="en")
    assert_no_exception(at)
    txt = texts(at)
    assert "Strategy tracking" in txt and "Open childcare rooms (running total)" in txt
    table = _table(at)
    assert "Social friendship" in table["strategy"].iloc[0]
    labels = shown(_table_el(at), "status")
    assert labels and not any("주의" in s or "지연" in s for s in labels)
    names = {tr.get("name") for tr in _specs(at)[0]["data"]}
    assert "Plan target" in names and "Running total" in names


def test_hand_written_link_with_bare_code_opens_the_indicator(empty_db, monkeypatch):
    monkeypatch.setenv("MAEUL_DB", str(empty_db))
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["ind"] = "4-3-1"
    at.query_params["q"] = "2020Q4"
    at.run()
    at.switch_page("pages/strategy.py").run()
    assert_no_exception(at)
    assert at.selectbox(key="ind").value == "4-3-1"


def test_tree_filters_and_status_labels(sample_db, monkeypatch):
    """The core-value / status filters narrow the indicator table; status cells read as labels in every table."""
    monkeypatch.setenv("MAEUL_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["q"] = "2020Q4"
    at.session_state["ind"] = "4-3-1"
    at.run()
    at.switch_page("pages/strategy.py").run()
    assert_no_exception(at)
    full = _table(at)
    tasks = next(d for d in at.dataframe if "counts" in d.value.columns)
    assert set(shown(tasks, "status")) <= {"달성", "정상", "주의", "지연", "자료 없음", "목표 없음", "판정 안 함"}
    district = next(d for d in at.dataframe if "district" in d.value.columns)
    assert len(shown(district, "status")) == 25

    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["q"] = "2020Q4"
    at.session_state["st_strategy"] = "4"
    status = full.loc[full["code"].str.startswith("4"), "_status"].iloc[0]
    at.session_state["st_status"] = [status]
    at.run()
    at.switch_page("pages/strategy.py").run()
    assert_no_exception(at)
    el = _table_el(at)
    assert 0 < len(el.value) < len(full)
    assert set(el.value["code"].str[0]) == {"4"}
    assert set(shown(el, "status")) == {status}
    assert f"지표 중 {len(el.value)}개 표시" in texts(at)


def _linked(db, monkeypatch, **params):
    monkeypatch.setenv("MAEUL_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/strategy.py").run()
    assert_no_exception(at)
    return at


def test_link_stores_the_code_and_opens_the_same_indicator_in_either_language(empty_db, monkeypatch):
    """?ind= holds the code (4-3-1), not the label as shown: an English link opens the same indicator as a Korean
    one, and links from before (the label as shown, in either language) still resolve."""
    en = _linked(empty_db, monkeypatch, ind="4-3-1", lang="en", q="2020Q4")
    ko = _linked(empty_db, monkeypatch, ind="4-3-1", q="2020Q4")
    assert en.selectbox(key="ind").value == ko.selectbox(key="ind").value == "4-3-1"
    assert "4-3-1 · Open childcare rooms (running total)" in en.selectbox(key="ind").options  # shown as the label
    for old in ("4-3-1 · Open childcare rooms (running total)", "4-3-1 · 열린육아방"):
        for lang in ("ko", "en"):
            at = _linked(empty_db, monkeypatch, ind=old, lang=lang, q="2020Q4")
            assert at.selectbox(key="ind").value == "4-3-1"
            assert at.query_params["ind"] == "4-3-1"  # rewritten as the code
    chosen = ko.selectbox(key="ind").set_value("1-2-1").run()
    assert_no_exception(chosen)
    assert chosen.query_params["ind"] == "1-2-1"
