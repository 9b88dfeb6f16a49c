"""Issue 12's cases, each worked out by hand and reproduced with an upload through the real upload path
(maeul.upload.store.commit): progress semantics the plan supports, district figures that mean something, KPI
direction, change since the previous quarter. README's "진도 산정 규칙" states the same rules."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures.make_fixtures import ACTUALS, csv_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maeul.read import rules
from maeul.read.progress import progress, progress_by_district, rollup
from maeul.upload.store import commit

GANGNAM, SONGPA, SEODAEMUN, JONGNO = "11680", "11710", "11410", "11110"


def upload(con, rows: list[tuple], name: str = "q.csv") -> None:
    """rows: (year, quarter, district name or '' for 서울시, indicator code, value)."""
    res = commit(con, csv_bytes(ACTUALS, [[str(y), str(q), d, c, str(v), ""] for y, q, d, c, v in rows]), name, "kim")
    assert res.errors == [], [e.message_ko for e in res.errors]


def row(con, as_of: str, code: str, district=None):
    df = progress(con, as_of, district=district)
    return df[df["code"] == code].iloc[0]


# ------------------------------------------------------------------ rule 1: the same things on both sides

def test_rule1_open_childcare_rooms_count_from_2018_on_both_sides(con):
    upload(con, [(2018, 2, "서울시", "4-3-1", 20), (2018, 4, "강남구", "4-3-1", 3)])
    r = row(con, "2018Q4", "4-3-1")
    # target 50 (the running total printed for 2018 starts at 0); actual 20 + 3 = 23 — the 5 rooms of 2017 count on
    # neither side (before: 5 + 23 = 28 → 0.56)
    assert (r.target, r.expected, r.actual) == (50, 50, 23)
    assert r.rate == pytest.approx(0.46) and r.status == rules.BEHIND
    assert r.anchor is None and r.added == 23  # nothing published to anchor to: the uploads from 0


def test_rule1_district_targets_add_up_to_the_citywide_target(con):
    by = progress_by_district(con, "2022Q4", codes=("4-3-1",))
    assert by["target"].sum() == pytest.approx(450)  # Σ 450 × 동 수 ÷ 424 (before: Σ (450 − 5) × … = 445)


# ------------------------------------------------------------------ rule 2: published running totals are anchors

def test_rule2_an_upload_never_wipes_out_a_published_running_total(con):
    upload(con, [(2018, 2, "강남구", "2-1-1", 3), (2018, 3, "서대문구", "2-1-1", 1)])
    city = row(con, "2021Q4", "2-1-1")
    # published 236 (Nov 2021) is the anchor; the 2018 uploads are inside it (before: 26 + 3 + 1 = 30)
    assert (city.actual, city.anchor, city.anchor_period, city.source) == (236, 236, "2021 (as of Nov 2021)", "공표")
    assert city.added is None and city.n_reporting == 2
    sdm = row(con, "2018Q4", "2-1-1", SEODAEMUN)
    assert (sdm.actual, sdm.anchor, sdm.source) == (5, 5, "공표")  # its published 5, not its uploaded 1
    gangnam = row(con, "2018Q4", "2-1-1", GANGNAM)
    assert (gangnam.actual, gangnam.anchor, gangnam.added) == (3, None, 3)  # nothing published: uploads from 0


def test_rule2_uploads_after_the_anchor_add_to_it(con):
    upload(con, [(2018, 2, "강남구", "2-1-1", 3), (2022, 1, "강남구", "2-1-1", 2), (2022, 1, "서울시", "2-1-1", 4)])
    r = row(con, "2022Q1", "2-1-1")
    assert (r.anchor, r.added, r.actual, r.source) == (236, 6, 242, "업로드")
    assert "서울신문" in r.source_detail  # the anchor's citation travels with the figure


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(2018, 2022), st.integers(1, 4), st.sampled_from(["서울시", "강남구", "서대문구"]),
                          st.integers(0, 40)), max_size=8, unique_by=lambda t: t[:3]))
@pytest.mark.slow
def test_rule2_adding_data_never_makes_a_running_total_fall_below_a_published_one(built_db_file, rows):
    from conftest import copy_of

    con = copy_of(built_db_file)
    try:
        if rows:
            upload(con, [(y, q, d, "2-1-1", v) for y, q, d, v in rows])
        for as_of, district, published in (("2021Q4", None, 236), ("2022Q4", None, 236),
                                           ("2018Q4", SEODAEMUN, 5), ("2021Q1", SEODAEMUN, 5)):
            assert row(con, as_of, "2-1-1", district).actual >= published
    finally:
        con.close()


# ------------------------------------------------------------------ rule 3: levels of counts add up

def test_rule3_a_level_counting_units_adds_up_across_districts(con):
    upload(con, [(2018, 4, "강남구", "4-1-1", 1), (2018, 4, "송파구", "4-1-1", 1)])
    r = row(con, "2018Q4", "4-1-1")
    assert (r.actual, r.target, r.n_reporting) == (2, 25, 2)  # 2 of 25 (before: 자료 없음)
    assert r.rate == pytest.approx(2 / 25) and r.status == rules.BEHIND
    both = row(con, "2018Q4", "4-1-1", [GANGNAM, SONGPA])
    assert both.actual == 2 and both.target == pytest.approx(2)  # 1/25 × 25 each


def test_rule3_percentages_are_never_summed(con):
    from tests.progress_fixtures import add_actuals  # 3-1-1 is citywide-only: the upload path refuses district rows

    add_actuals(con, [("3-1-1", GANGNAM, 2020, 2, 25, None), ("3-1-1", SONGPA, 2020, 2, 35, None)])
    assert row(con, "2020Q2", "3-1-1").actual is None  # no citywide row: no citywide level (never 60 %)


# ------------------------------------------------------------------ rule 4: cumulative goals ramp from 0 at the end of 2017

def test_rule4_cumulative_goal_expects_its_running_total_every_year(con):
    upload(con, [(2018, 1, "서울시", "1-1-1-G2", 1300)])
    r = row(con, "2022Q1", "1-1-1-G2")
    assert r.expected == pytest.approx(4000 + (5000 - 4000) / 4)  # 4,250 (before: 1,250)
    assert r.status == rules.BEHIND  # 1,300 of 4,250
    assert row(con, "2018Q4", "1-1-1-G2").target == 1000  # every year has a target (before: 목표 없음)
    assert row(con, "2018Q1", "1-1-1-G2").status == rules.ACHIEVED  # 1,300 ≥ the 2018 running total of 1,000


def test_rule4_other_2018_2022_goals(con):
    assert row(con, "2018Q4", "3-2-2-G1").target == 172  # Ⅶ 3-2-2: 172 in 2018
    assert row(con, "2020Q4", "2-2-1-G2").target == 71  # 49 + 14 + 8: complete in 2020, not 2022
    assert row(con, "2019Q4", "2-2-1-G2").target == 63
    g = row(con, "2019Q4", "3-1-5-G1")  # no yearly series: a straight line from 0 (2017) to 4,000 (2022)
    assert g.target == pytest.approx(1600) and g.target_basis == "보간"


# ------------------------------------------------------------------ rule 5: rising levels ramp within the year

def test_rule5_a_level_ramps_within_the_year(con):
    upload(con, [(2018, 4, "서울시", "3-1-1", 12)])
    assert row(con, "2018Q4", "3-1-1").status == rules.ACHIEVED  # 12 % ≥ 10 %
    r = row(con, "2019Q1", "3-1-1")
    assert r.expected == pytest.approx(10 + (20 - 10) / 4)  # 12.5 (before: 20 → 0.6 지연)
    assert r.rate == pytest.approx(12 / 12.5) and r.status == rules.ON_TRACK
    assert r.previous_status == rules.ACHIEVED and r.previous_rate == pytest.approx(12 / 10)


# ------------------------------------------------------------------ rule 6: a roll-up is never worse than all its parts

def test_rule6_a_milestone_one_stage_behind_enters_roll_ups_as_watch(con):
    res = commit(con, csv_bytes(ACTUALS, [["2018", "3", "서울시", "3-1-4", "조사·기획", ""]]), "m.csv", "kim")
    assert res.errors == []
    df = progress(con, "2019Q2")
    m = df[df["code"] == "3-1-4"].iloc[0]
    assert m.status == rules.WATCH and m.rate == pytest.approx(0.70)  # 1 of 2 stages: 0.5, kept in 주의's band
    task = rollup(df, "task").set_index("code").loc["3-1"]
    assert task.n_rated == 1 and task.rate == pytest.approx(0.70)
    assert task.status == rules.WATCH  # before: mean 0.5 → 지연, worse than its only part


STATUS_RANK = {rules.BEHIND: 0, rules.WATCH: 1, rules.ON_TRACK: 2, rules.ACHIEVED: 3}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["3-1-1", "3-1-3", "3-1-4", "3-1-5", "1-1-1", "1-1-2", "1-2-1"]),
                          st.integers(0, 60), st.sampled_from(["조사·기획", "개발", "운영"])),
                max_size=6, unique_by=lambda t: t[0]))
@pytest.mark.slow
def test_rule6_roll_ups_are_never_worse_than_all_of_their_parts(built_db_file, picks):
    from conftest import copy_of

    con = copy_of(built_db_file)
    try:
        rows = [["2020", "2", "서울시", code, stage if code == "3-1-4" else str(v), ""] for code, v, stage in picks]
        if rows:
            assert commit(con, csv_bytes(ACTUALS, rows), "r.csv", "kim").errors == []
        df = progress(con, "2020Q2", previous=False)
        for level in ("task", "strategy", "plan"):
            key = {"task": "task_code", "strategy": "strategy_code", "plan": None}[level]
            for r in rollup(df, level).to_dict("records"):
                parts = df[(df["role"] == "primary") & (df[key] == r["code"] if key else True)]
                ranks = [STATUS_RANK[s] for s in parts["status"] if s in STATUS_RANK]
                if ranks:
                    assert STATUS_RANK[r["status"]] >= min(ranks), (level, r["code"], r["status"], ranks)
    finally:
        con.close()


# ------------------------------------------------------------------ rule 7: lower is better

def test_rule7_a_yearly_cap_is_not_reached_before_the_year_is_over(con):
    con.execute("UPDATE indicator SET direction = 'lower' WHERE code = '1-1-1'")  # a fixture: the plan has none
    upload(con, [(2018, 1, "서울시", "1-1-1", 100)])
    q1 = row(con, "2018Q1", "1-1-1")
    assert q1.rate == pytest.approx(250 / 100) and q1.year_rate is None
    assert q1.status == rules.ON_TRACK  # well under the cap so far, but not 달성 before Q4 (before: 달성 in Q1)
    upload(con, [(2018, 4, "서울시", "1-1-1", 700)], "q4.csv")
    q4 = row(con, "2018Q4", "1-1-1")
    assert q4.actual == 800 and q4.status == rules.ACHIEVED  # 800 ≤ 1,000 for the whole year
    upload(con, [(2019, 4, "서울시", "1-1-1", 1500)], "over.csv")
    over = row(con, "2019Q4", "1-1-1")
    assert over.rate == pytest.approx(1000 / 1500) and over.status == rules.BEHIND  # over the cap: 0.67


# ------------------------------------------------------------------ rule 8: kinds revisited

def test_rule8_district_staff_and_energy_villages_are_levels(con):
    upload(con, [(2019, 4, "강남구", "4-1-3-2", 5), (2019, 4, "종로구", "4-1-3-2", 6),
                 (2020, 2, "강남구", "4-2-2-7", 4), (2020, 2, "송파구", "4-2-2-7", 3)])
    staff = row(con, "2019Q4", "4-1-3-2")
    assert staff.kind == "level" and staff.actual == 11  # headcounts: 5 + 6, not a running total of hires
    assert row(con, "2021Q4", "4-1-3-2").actual == 11  # held, not summed again
    villages = row(con, "2020Q2", "4-2-2-7")
    assert villages.kind == "level" and villages.actual == 7
    assert villages.expected == pytest.approx(110 + (120 - 110) * 2 / 4)  # villages in the year, ramping 110 → 120


def test_rule8_space_operators_share_like_the_spaces(con):
    ops = row(con, "2021Q4", "3-2-2-3", GANGNAM)
    assert ops.target_basis == "파생(25개 자치구 균등)" and ops.target == pytest.approx(51 / 25)


def test_rule8_tax_return_per_dong_has_no_target_year(con):
    g = row(con, "2021Q4", "2-2-1-G1")
    assert pd.isna(g.target) and g.status == rules.NO_TARGET


# ------------------------------------------------------------------ district figures that mean something

def test_a_district_target_under_one_unit_gets_no_status(con):
    upload(con, [(2018, 1, "종로구", "4-3-1", 1)])
    r = row(con, "2018Q1", "4-3-1", JONGNO)
    assert r.expected == pytest.approx(50 * 17 / 424 / 4)  # 0.50 of a room
    assert r.actual == 1 and r.rate is None and r.status == rules.NOT_RATED  # never "200 %"
    assert r.plan_total == pytest.approx(450 * 17 / 424)  # shown against the plan's 18 rooms instead
    later = row(con, "2018Q4", "4-3-1", JONGNO)  # 50 × 17/424 = 2.0 rooms expected: rated
    assert later.status == rules.BEHIND and later.rate == pytest.approx(1 / (50 * 17 / 424))


# ------------------------------------------------------------------ headline KPIs: direction apart from trajectory

def test_kpi_direction_and_comparability(con):
    k1 = row(con, "2021Q1", "K1")
    assert (k1.actual, k1.comparable, k1.trend, k1.status) == (38.9, False, "not_comparable", rules.NOT_RATED)
    upload(con, [(2021, 4, "서울시", "K1", 62)])
    k1 = row(con, "2021Q4", "K1")
    assert k1.trend == "improving"  # 62 % > 59.5 % (2017)
    # on/off trajectory apart from direction: 59.5 → 70 by 2022 puts 2021 at 67.9 %; 62 ÷ 67.9 = 0.91 → 정상
    assert k1.expected == pytest.approx(59.5 + 10.5 * 4 / 5) and k1.status == rules.ON_TRACK
    upload(con, [(2022, 2, "서울시", "K1", 59.5)], "same.csv")
    assert row(con, "2022Q2", "K1").trend == "unchanged"
    upload(con, [(2022, 3, "서울시", "K1", 50)], "down.csv")
    assert row(con, "2022Q3", "K1").trend == "worsening"


def test_change_since_the_previous_quarter_in_roll_ups(con):
    upload(con, [(2018, 4, "서울시", "3-1-1", 12)])
    plan = rollup(progress(con, "2019Q1"), "plan").iloc[0]
    assert plan.previous_status == rules.ACHIEVED and plan.status == rules.ON_TRACK
    assert progress(con, "2018Q1")["previous_status"].isna().all()  # nothing before the plan


def test_the_previous_quarter_computed_beside_equals_it_computed_alone(con, built_db_file):
    """progress() computes the quarter before on its own cursor in a worker thread (or on the caller's transaction
    cursor for Direct): the previous columns equal that quarter's own progress, on every kind of connection."""
    from maeul.plan.db import SharedConnection
    from maeul.read.progress import Direct

    upload(con, [(2019, 4, "서울시", "3-1-1", 12), (2020, 1, "서울시", "3-1-1", 3), (2020, 1, "강남구", "1-1-1", 9)])
    alone = progress(con, "2019Q4", previous=False).set_index("code")
    for c in (con, Direct(con.cursor())):
        for district in (None, "11680"):
            now = progress(c, "2020Q1", district).set_index("code")
            ref = alone if district is None else progress(con, "2019Q4", district, previous=False).set_index("code")
            assert now["previous_status"].equals(ref["status"].rename("previous_status"))
            assert now["previous_rate"].equals(ref["rate"].rename("previous_rate"))
    shared = SharedConnection(built_db_file, idle=0)
    assert progress(shared, "2019Q1")["previous_status"].notna().any()
    shared.close()


# ------------------------------------------------------------------ what the pages show of it (models)

def test_overview_says_what_got_better_or_worse(con):
    from maeul.present.filters import Filters
    from maeul.present.models import overview
    from maeul.read.registry import Reader

    upload(con, [(2019, 4, "서울시", "3-1-1", 20), (2020, 1, "서울시", "3-1-1", 21),
                 (2019, 4, "서울시", "1-1-1", 900), (2020, 1, "서울시", "1-1-1", 100)])
    m = overview.changes(Reader(con), Filters((), "2020Q1", "dong", "ko"))
    # 3-1-1: 20 % at 2019Q4 (달성) → 21 % of the expected 22.5 % at 2020Q1 (0.93, 정상): worse
    # 1-1-1: 900 of 1,000 at 2019Q4 (정상) → 100 of the expected 250 at 2020Q1 (0.4, 지연): worse
    assert m["better"].empty
    assert m["worse"].to_dict("records") == [
        {"code": "1-1-1", "indicator": "이웃만들기 사업", "then": "● 정상", "now": "● 지연", "rate": "90% → 40%",
         "project": "1-1-1 모임형성 지원을 통한 참여자 확대"},
        {"code": "3-1-1", "indicator": "공동체자원 자부담 인정 확대", "then": "● 달성", "now": "● 정상", "rate": "100% → 93%",
         "project": "3-1-1 현금 외 공동체 자원, 자부담 인정"}]
    # plan: mean of the capped rates (1.0 + 0.9) / 2 = 0.95 → 정상 (not every part 달성); then (0.933 + 0.4) / 2 = 0.667
    assert m["summary"] == "계획 전체: 정상 95% → 지연 66% · 나아진 지표 0개, 나빠진 지표 2개"


def test_overview_headline_direction_column(con):
    from maeul.present.filters import Filters
    from maeul.present.models import overview
    from maeul.read.registry import Reader

    upload(con, [(2021, 4, "서울시", "K2", 89)])
    table = overview.headline(Reader(con), Filters((), "2021Q4", "dong", "ko"))["table"].set_index("code")
    assert table.loc["K1", "direction"] == "비교 불가" and table.loc["K2", "direction"] == "악화"  # 89 < 90.6
    assert table.loc["K3", "direction"] == "–"  # nothing measured


def test_strategy_detail_says_where_a_running_total_comes_from_and_whose_baseline_it_is(con):
    from maeul.present.filters import Filters
    from maeul.present.models import strategy
    from maeul.read.registry import Reader

    upload(con, [(2022, 1, "강남구", "2-1-1", 2), (2022, 1, "서울시", "2-1-1", 4)])
    m = strategy.detail(Reader(con), Filters((), "2022Q1", "dong", "ko"), "2-1-1")
    assert m["metrics"][2] == ("실적", "242개", "실적 시점: ~2022Q1 · 공표 누계 236개(2021 (as of Nov 2021))에서 시작 · "
                                               "그 뒤 업로드 6개 더함 · 보고한 자치구 1곳")
    g = strategy.detail(Reader(con), Filters((GANGNAM,), "2022Q1", "dong", "ko"), "2-1-1")
    assert "- **기준값 (서울시 전체)**: 26개 (2017)" in g["facts"]  # the citywide pilot, never as 강남구's own
    assert "- **계(계획서 표기) (서울시 전체)**: 424" in g["facts"]
    # 강남구's running total and its target: what is new since 2018 (2 dongs), target (424 − 26) × 22/424 = 21
    assert g["metrics"][0] == ("2022년 목표", "21개", None) and g["metrics"][2][1] == "2개"
