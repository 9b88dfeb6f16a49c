"""AppTest of the overview page (pages/overview.py): renders on an empty and a sample database, follows the
district filter and the language, shows the headline 공표 citation and the budget-weighted roll-up."""

from __future__ import annotations

from apptest_util import assert_no_exception, run_page, shown, texts


def _frames(at):
    return [d.value for d in at.dataframe]


def _headline(at):
    """The headline table as read on screen (status labels through the column config)."""
    el = next(d for d in at.dataframe if "url" in d.value.columns and "baseline" in d.value.columns)
    return el.value.assign(status=shown(el, "status"))


def _metrics(at) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in at.metric:
        out.setdefault(m.label, []).append(m.value)
    return out


def test_empty_db_renders_no_data_never_zero_percent(empty_db):
    at = run_page("overview", empty_db, q="2020Q4")
    assert_no_exception(at)
    txt = texts(at)
    assert "개요" in txt and "2020Q4" in txt
    assert "업로드된 실적이 없습니다" in txt  # ui.banners: no data yet
    progress = _metrics(at)["진도 (기대치 대비)"]
    assert progress == ["자료 없음"] * 4  # four core-value cards, no '0%'
    assert _metrics(at)["2020년 예산 집행률 (Q4까지)"] == ["–"] * 4  # a dash, explained small, not a huge word
    assert "집행 실적 미업로드" in txt and "Q4까지 업로드되지 않았습니다(0이 아님)" in txt
    assert "15,194" in txt  # 2020 plan of 주민자치 (백만원), with separators
    assert "업로드 없음" in txt
    assert "집계 규칙" in txt and "상태 기준" in txt  # roll-up rule and thresholds as captions
    assert len(at.get("plotly_chart")) >= 3
    assert len(at.get("download_button")) >= 3


def test_headline_shows_published_figure_with_citation(empty_db):
    at = run_page("overview", empty_db, q="2020Q4")
    df = _headline(at).set_index("code")
    assert list(df.index[:6]) == ["K1", "K2", "K3", "K4", "K5", "K6"]
    k1 = df.loc["K1"]
    assert k1["baseline"] == "59.5% (2017)"
    assert k1["target"] == "70%"
    assert k1["actual"] == "38.9% (2020)"
    assert "서울신문" in k1["source"] and "2021-05-04" in k1["source"]
    assert k1["url"].startswith("https://go.seoul.co.kr/")
    assert k1["published"].startswith("38.9% (2020) — ")
    assert "판정 안 함" in k1["status"]  # the 2020 survey is not comparable with the baseline
    # before the survey was published the figure is not there yet
    early = _headline(run_page("overview", empty_db, q="2019Q4")).set_index("code")
    assert early.loc["K1", "actual"] == "–"


def test_district_filter_changes_the_numbers(empty_db):
    city = run_page("overview", empty_db, q="2020Q4")
    gangnam = run_page("overview", empty_db, q="2020Q4", gu=("11680",))
    assert_no_exception(gangnam)
    t_city, t_gu = texts(city), texts(gangnam)
    assert "강남구" in t_gu and "파생 목표" in t_gu
    assert "15,194" in t_city and "15,194" not in t_gu  # the plan's budget is citywide only
    assert "2020년 자치구 집행액 (Q4까지)" in _metrics(gangnam)


def test_sample_data_renders_and_district_changes_progress(sample_db):
    city = run_page("overview", sample_db, q="2020Q4")
    assert_no_exception(city)
    assert "예시 데이터" in texts(city)
    m_city = _metrics(city)
    k1 = _headline(city).set_index("code").loc["K1"]
    assert k1["source"] == "예시"  # uploads (here: sample) come first ...
    assert "38.9%" in k1["published"] and "서울신문" in k1["published"]  # ... the published figure stays visible
    assert all(v.endswith("%") for v in m_city["진도 (기대치 대비)"])
    assert all(v.endswith("%") for v in m_city["2020년 예산 집행률 (Q4까지)"])
    assert m_city["최근 업로드"][0][:2] == "20"  # a date
    gu = run_page("overview", sample_db, q="2020Q4", gu=("11680",))
    assert_no_exception(gu)
    assert _metrics(gu)["진도 (기대치 대비)"] != m_city["진도 (기대치 대비)"]
    behind_city = next(df for df in _frames(city) if "project" in df.columns)
    behind_gu = next(df for df in _frames(gu) if "project" in df.columns)
    assert not behind_city.equals(behind_gu)
    several = run_page("overview", sample_db, q="2020Q4", gu=("11680", "11110"))
    assert_no_exception(several)
    assert _metrics(several)["진도 (기대치 대비)"] != _metrics(gu)["진도 (기대치 대비)"]


def test_as_of_changes_the_numbers(sample_db):
    a = _metrics(run_page("overview", sample_db, q="2019Q2"))["진도 (기대치 대비)"]
    b = _metrics(run_page("overview", sample_db, q="2021Q4"))["진도 (기대치 대비)"]
    assert a != b


def test_budget_weighted_rollup_toggle(sample_db, monkeypatch):
    from apptest_util import APP
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MAEUL_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["q"] = "2020Q4"
    at.session_state["ov_weighted"] = True
    at.run()
    assert_no_exception(at)
    assert "예산 가중" in texts(at)
    assert at.toggle(key="ov_weighted").value is True


def test_english_mode_shows_english(sample_db):
    at = run_page("overview", sample_db, q="2020Q4", lang="en")
    assert_no_exception(at)
    txt = texts(at)
    assert "Overview" in txt and "The four core values" in txt
    assert "Social friendship" in txt and "사회적 우정" not in txt
    assert "Progress (vs expected)" in _metrics(at)
    hl = _headline(at)
    assert "Trust in neighbours" in set(hl["indicator"])
    assert not any("지연" in s or "정상" in s for s in hl["status"])
