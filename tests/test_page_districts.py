"""AppTest: the 자치구 비교 page renders on an empty DB and on sample data; the sidebar's district filter changes
the profile, the comparison and the highlighted ranking; derived targets are named as derived."""

from __future__ import annotations

import json

from apptest_util import APP, assert_no_exception, run_page, texts, use_db
from streamlit.testing.v1 import AppTest

VIEWS = ("ranking", "multiples", "profile", "compare")


def run_districts(db, *, gu=(), lang=None, basis=None, state=None, view=None) -> AppTest:
    """The page with one view chosen (the segmented control's key "districts_view"; the default is the ranking)."""
    state = {**(state or {}), **({"districts_view": view} if view else {})}
    return run_page("districts", db, gu=gu, lang=lang, basis=basis, state=state)


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def headings(at: AppTest) -> list[str]:
    return [str(m.value) for m in at.markdown if str(m.value).startswith("### ")]


def test_empty_db_renders_every_section(empty_db):
    runs = {v: run_districts(empty_db, view=v) for v in VIEWS}
    for at in runs.values():
        assert_no_exception(at)
    # one view drawn at a time: a chart each for ranking, small multiples and comparison, none in the profile
    assert {v: len(charts(at)) for v, at in runs.items()} == {"ranking": 1, "multiples": 1, "profile": 0,
                                                               "compare": 1}
    assert headings(runs["profile"]) == ["### 종로구"] and headings(runs["ranking"]) == []
    text = texts(runs["profile"])
    assert "자료 없음" in text and "행정동 17개" in text
    assert "마을공간" in text and "'공간(spaces)'" in text  # how to upload the list
    assert "주민세" in texts(runs["compare"])
    labels = [b.proto.label for at in runs.values() for b in at.main.get("download_button")]
    assert len(labels) >= 5 and all(lbl.startswith("데이터 내려받기") for lbl in labels)
    # profile metrics carry units; spaces are "–" (not 0) while nothing is uploaded
    metrics = {m.label: m.value for m in runs["profile"].metric}
    assert metrics["주민등록인구"] == "155,106명" and metrics["마을공간"] == "–"


def test_views_are_a_segmented_control_drawing_only_the_chosen_one(empty_db):
    at = run_districts(empty_db)
    assert_no_exception(at)
    (seg,) = at.get("button_group")
    assert at.session_state["districts_view"] == "ranking" and "view" not in at.query_params  # the ranking first
    assert [o.content for o in seg.proto.options] == ["지표별 순위", "주요 지표 한눈에", "자치구 프로필", "두 자치구 비교"]
    assert not any(s.label in ("자치구 A", "자치구 B") for s in at.selectbox)  # the comparison is not run
    cmp = run_districts(empty_db, view="compare")
    assert [s.label for s in cmp.selectbox if s.label in ("자치구 A", "자치구 B")] == ["자치구 A", "자치구 B"]
    assert not any(m.label == "주민등록인구" for m in cmp.metric)  # nor the profile
    assert cmp.query_params["view"] == "compare"  # the link keeps the view by its code, not its label


def test_a_link_opens_its_view_by_code_or_by_either_languages_label(empty_db):
    from maeul.present.models.districts import view_from_link

    views = {"ranking": "districts.tab.ranking", "profile": "districts.tab.profile"}
    assert view_from_link("profile", views) == "profile"
    assert view_from_link("자치구 프로필", views) == "profile"  # a link written before codes
    assert view_from_link("District profile", views) == "profile"
    assert view_from_link("<b>x</b>", views) == view_from_link(None, views) == "ranking"
    use_db(empty_db)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["view"] = "profile"
    at.run().switch_page("pages/districts.py").run()
    assert_no_exception(at)
    assert any(m.label == "주민등록인구" for m in at.metric)


def test_district_filter_changes_profile_and_comparison(empty_db):
    base = run_districts(empty_db, view="profile")
    one = run_districts(empty_db, gu=("11680",), view="profile")
    two = run_districts(empty_db, gu=("11680", "11440"), view="compare")
    for at in (one, two):
        assert_no_exception(at)
    assert headings(one) == ["### 강남구"]
    assert "강남구" in texts(one) and "강남구" not in texts(base)
    metrics = {m.label: m.value for m in one.metric}
    assert metrics["동 수 (계획서)"] == "22개"
    # the comparison defaults to the two chosen districts
    sel = [s.value for s in two.selectbox if s.label in ("자치구 A", "자치구 B")]
    assert sel == ["11680", "11440"]
    dongs = [d.value for d in one.dataframe if "행정동" in d.value.columns]
    assert len(dongs[0]) == 22


def test_ranking_marks_derived_targets(sample_db):
    at = run_districts(sample_db, state={"dist_value": "target"})
    assert_no_exception(at)
    rank = charts(at)[0]
    assert "파생 목표" in rank["data"][0]["name"]
    assert rank["data"][0]["marker"]["pattern"]["shape"] == "/"
    assert "파생 목표" in texts(at) and "동 수 비율" in texts(at)


def test_sample_data_and_highlight_follow_filter(sample_db):
    base = run_districts(sample_db)
    sel = run_districts(sample_db, gu=("11680",))
    sel_profile = run_districts(sample_db, gu=("11680",), view="profile")
    sel_compare = run_districts(sample_db, gu=("11680",), view="compare")
    for at in (base, sel, sel_profile, sel_compare):
        assert_no_exception(at)
    rank_base, rank_sel = charts(base)[0], charts(sel)[0]
    assert "<b>강남구</b>" in rank_sel["data"][0]["y"] and "<b>강남구</b>" not in rank_base["data"][0]["y"]
    assert "**강남구**:" in texts(sel) and "위 / 25" in texts(sel)
    assert any(str(w.value).startswith("예시 데이터") for w in sel_profile.warning)  # sample spaces flagged
    # rates exist with sample actuals
    xs = [x for x in rank_base["data"][0]["x"] if x is not None]
    assert xs
    # the comparison chart has two districts' bars
    cmp = charts(sel_compare)[0]
    assert [tr["name"] for tr in cmp["data"]] == ["강남구", "종로구"]  # B defaults to the first other district


def test_basis_none_and_english(sample_db):
    at = run_districts(sample_db, basis="none")
    assert_no_exception(at)
    assert "자치구 목표 없음" in texts(at)
    en = run_districts(sample_db, lang="en", gu=("11680",), view="profile")
    assert_no_exception(en)
    assert headings(en) == ["### Gangnam-gu"]
    en_rank = run_districts(sample_db, lang="en", gu=("11680",))
    assert_no_exception(en_rank)
    assert "Derived target (share of dongs)" in texts(en_rank)


def test_rerun_with_same_choices_builds_nothing_again(sample_db, monkeypatch):
    """Figures, tables and texts come from cache.memo: a second run with the same filters and choices runs no query
    and builds no chart, and shows the same thing."""
    from maeul.present import district_charts as dc
    from maeul.web import cache

    first = run_districts(sample_db, gu=("11680",))
    assert_no_exception(first)

    def boom(*a, **kw):
        raise AssertionError("rebuilt on a rerun")

    monkeypatch.setattr(cache, "cached", boom)
    for name in ("ranking_bar", "small_multiples", "compare_two", "facts_side_by_side", "derived_label"):
        monkeypatch.setattr(dc, name, boom)
    again = run_districts(sample_db, gu=("11680",))
    assert_no_exception(again)
    assert charts(again) == charts(first)
    assert texts(again) == texts(first)
    assert len(again.dataframe) == len(first.dataframe)
    for a, b in zip(again.dataframe, first.dataframe):
        assert a.value.equals(b.value)


def test_widget_choices_change_what_is_shown(sample_db):
    rate = run_districts(sample_db, state={"dist_value": "rate"})
    target = run_districts(sample_db, state={"dist_value": "target"})
    for at in (rate, target):
        assert_no_exception(at)
    assert charts(rate)[0]["data"][0]["x"] != charts(target)[0]["data"][0]["x"]
    state = {"dist_cmp_a|all": "11680", "dist_cmp_b|all": "11440", "dist_profile|all": "11440"}
    picked = run_districts(sample_db, state=state, view="compare")
    profile = run_districts(sample_db, state=state, view="profile")
    for at in (picked, profile):
        assert_no_exception(at)
    assert [tr["name"] for tr in charts(picked)[0]["data"]] == ["강남구", "마포구"]
    assert headings(profile) == ["### 마포구"]


def test_metrics_wrap_and_tables_show_a_dash_for_missing(empty_db):
    """Metrics wrap instead of truncating ('2022…' at 800 px; theme.METRIC_CSS injected on every page) and a
    missing table cell reads '–', not 'None' (widgets.table's placeholder)."""
    from maeul.present.theme import METRIC_CSS

    at = run_districts(empty_db, view="profile")
    assert_no_exception(at)
    html = "".join(h.proto.body for h in at.get("html"))
    assert METRIC_CSS in html and "white-space: normal" in METRIC_CSS
    assert at.dataframe and all(d.proto.placeholder == "–" for d in at.dataframe)


def test_profile_metrics_sit_in_wrapping_rows(empty_db):
    """The profile's six metrics: two rows of three (widgets.metrics), each a horizontal container that wraps and
    whose key gives it the minimum metric width of theme.METRIC_CSS — not fixed st.columns that squeeze them."""
    from maeul.present.theme import METRIC_CSS

    at = run_districts(empty_db, view="profile")
    assert_no_exception(at)
    rows = []

    def walk(node):
        kids = list(getattr(node, "children", {}).values())
        if any(getattr(k, "type", "") == "metric" for k in kids):
            rows.append(node)
        for k in kids:
            walk(k)

    walk(at.main)
    assert [len([k for k in r.children.values() if k.type == "metric"]) for r in rows] == [3, 3]
    for r in rows:
        box = r.proto.flex_container
        assert box.wrap and box.direction == box.Direction.HORIZONTAL and "-metrics_dist_" in r.proto.id
    assert '[class*="st-key-metrics_"] > [data-testid="stElementContainer"] { min-width: 8.5rem; }' in METRIC_CSS
