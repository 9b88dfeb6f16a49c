"""Hand-worked progress tests on the real plan data: every target kind, districts, mid-year, missing data,
milestones, lower-is-better, published fallback, sample source, supersede and roll-up."""

from __future__ import annotations

import json

import pytest

from maeul.cli.main import main as cli_main
from maeul.read import rules
from maeul.read.progress import progress, progress_by_district, rollup, status_counts
from tests.progress_fixtures import add_actuals

GANGNAM, JONGNO = "11680", "11110"  # 22 and 17 동 in the plan's 주민세 table; Σ = 424


def row(df, code):
    r = df[df["code"] == code]
    assert len(r) == 1, code
    return r.iloc[0]


def test_annual_citywide_mid_year_adds_city_and_district_rows(con):
    add_actuals(con, [
        ("1-1-1", None, 2019, 1, 200, None),
        ("1-1-1", GANGNAM, 2019, 2, 100, None),
        ("1-1-1", JONGNO, 2019, 2, 150, None),
        ("1-1-1", None, 2019, 3, 300, None),
        ("1-1-1", None, 2019, 4, 400, None),  # after the as-of quarter: not counted
    ])
    r = row(progress(con, "2019Q3"), "1-1-1")
    assert r.actual == 750
    assert r.target == 1000
    assert r.expected == 750  # 1,000 × 3/4
    assert r.rate == pytest.approx(1.0)
    assert r.year_rate == pytest.approx(0.75)
    assert r.status == rules.ON_TRACK
    assert r.source == "업로드"
    assert r.ptd_actual == 750
    assert r.ptd_target == 1750  # 2018's 1,000 + 750 expected so far in 2019
    assert r.plan_total == 5000
    assert r.projection == pytest.approx(750 / 7 * 20)
    assert not r.projected_reach


def test_district_derived_target_by_dong_share_equal_and_none(con):
    add_actuals(con, [("1-1-1", GANGNAM, 2019, 2, 100, None), ("1-1-1", None, 2019, 2, 999, None)])
    r = row(progress(con, "2019Q3", district=GANGNAM), "1-1-1")
    assert r.actual == 100  # only the district's own rows
    assert r.target == pytest.approx(1000 * 22 / 424)
    assert r.expected == pytest.approx(1000 * 22 / 424 * 3 / 4)
    assert r.status == rules.ACHIEVED  # 100 ≥ the derived year target 51.9
    assert r.target_basis.startswith("파생")
    r = row(progress(con, "2019Q3", district=GANGNAM, basis="equal"), "1-1-1")
    assert r.target == pytest.approx(40)
    r = row(progress(con, "2019Q3", district=GANGNAM, basis="none"), "1-1-1")
    assert r.target is None or r.target != r.target
    assert r.status == rules.NO_TARGET


def test_several_districts_add_up(con):
    add_actuals(con, [("1-1-1", GANGNAM, 2019, 1, 100, None), ("1-1-1", JONGNO, 2019, 1, 150, None)])
    r = row(progress(con, "2019Q1", district=[GANGNAM, JONGNO]), "1-1-1")
    assert r.actual == 250
    assert r.target == pytest.approx(1000 * (22 + 17) / 424)


def test_plan_per_district_target_uses_equal_share(con):
    # 1-2-1 마을아카데미: "자치구별 연 2회 이상" → 50 a year citywide, 2 per district whatever its size
    r = row(progress(con, "2018Q4", district=GANGNAM), "1-2-1")
    assert r.target == pytest.approx(2)
    assert r.status == rules.NO_DATA


def test_cumulative_starts_from_baseline(con):
    add_actuals(con, [("2-1-1", None, 2018, 1, 10, None), ("2-1-1", None, 2018, 2, 20, None)])
    r = row(progress(con, "2018Q2"), "2-1-1")
    assert r.actual == 56  # 26 in 2017 + 30
    assert r.expected == pytest.approx(26 + (91 - 26) * 2 / 4)
    assert r.status == rules.ON_TRACK


def test_open_childcare_rooms_2020q2_target_230_expected_165(con):
    add_actuals(con, [
        ("4-3-1", None, 2018, 4, 45, None),
        ("4-3-1", None, 2019, 4, 50, None),
        ("4-3-1", None, 2020, 1, 30, None),
        ("4-3-1", None, 2020, 2, 35, None),
    ])
    r = row(progress(con, "2020Q2"), "4-3-1")
    assert r.target == 230
    assert r.expected == 165
    # issue 12 rule 1: the plan's running total (50, 100, 230 …) starts at 0 in 2018 and leaves out the 5 rooms of
    # 2017, so the actual does too: 45 + 50 + 30 + 35 = 160 (before: 5 + 160 = 165, counted on one side only)
    assert r.actual == 160
    assert r.rate == pytest.approx(160 / 165)
    assert r.status == rules.ON_TRACK
    assert r.plan_total == 450


def test_cumulative_district_target_counts_only_new_since_2018(con):
    add_actuals(con, [("2-1-1", GANGNAM, 2018, 4, 3, None)])
    r = row(progress(con, "2018Q4", district=GANGNAM), "2-1-1")
    assert r.actual == 3
    assert r.target == pytest.approx((91 - 26) * 22 / 424)


def test_level_uses_latest_value_and_never_sums_districts(con):
    add_actuals(con, [
        ("3-1-1", None, 2020, 1, 20, None),
        ("3-1-1", None, 2020, 2, 25, None),
        ("3-1-1", GANGNAM, 2020, 2, 90, None),
    ])
    r = row(progress(con, "2020Q2"), "3-1-1")
    assert r.actual == 25  # the citywide row; a percentage is never summed over districts
    # issue 12 rule 5: a rising level ramps within the year from last year's 20 % to this year's 30 %:
    # expected at Q2 = 20 + (30 − 20) × 2/4 = 25 (before: 30 from Q1 on)
    assert r.target == 30 and r.expected == 25
    assert r.rate == pytest.approx(25 / 25)
    assert r.status == rules.ON_TRACK


def test_lower_is_better(con):
    con.execute("UPDATE indicator SET direction = 'lower' WHERE code = '3-1-1'")
    add_actuals(con, [("3-1-1", None, 2020, 2, 25, None)])
    r = row(progress(con, "2020Q2"), "3-1-1")
    # expected ramps within the year (20 → 30): 25 at Q2; lower is better: rate = expected ÷ actual = 25 / 25; the
    # year's level (30) is already kept: year_rate = 30 / 25 ≥ 1 → 달성 (a level may be reached before Q4)
    assert r.rate == pytest.approx(25 / 25)
    assert r.status == rules.ACHIEVED
    add_actuals(con, [("3-1-1", None, 2020, 3, 50, None)])
    r = row(progress(con, "2020Q3"), "3-1-1")
    assert r.rate == pytest.approx(27.5 / 50)  # expected at Q3 = 20 + 10 × 3/4 = 27.5
    assert r.status == rules.BEHIND


def test_milestone_compares_stage_order(con):
    add_actuals(con, [("3-1-4", None, 2018, 3, None, "조사·기획")])
    df = progress(con, "2019Q2")
    r = row(df, "3-1-4")
    assert r.target_stage == "개발" and r.actual_stage == "조사·기획"
    assert r.status == rules.WATCH
    assert row(progress(con, "2020Q4"), "3-1-4").status == rules.BEHIND
    add_actuals(con, [("3-1-4", None, 2020, 1, None, "운영")])
    r = row(progress(con, "2020Q4"), "3-1-4")
    assert r.actual_stage == "운영"
    assert r.status == rules.ACHIEVED


def test_missing_data_is_no_data_never_zero(con):
    df = progress(con, "2021Q4")
    r = row(df, "1-1-1")
    assert r.status == rules.NO_DATA
    assert r.actual is None or r.actual != r.actual
    assert r.rate is None or r.rate != r.rate
    unpublished = df[df["source"] != "공표"]
    assert set(unpublished["status"]) <= {rules.NO_DATA, rules.NO_TARGET}
    assert set(df.loc[df["source"] == "공표", "code"]) == {"2-1-1", "K1"}


def test_published_figure_used_when_no_upload(con):
    r = row(progress(con, "2021Q1"), "K1")
    assert r.source == "공표"
    assert r.actual == pytest.approx(38.9)
    assert "2020" in str(r.actual_period)
    assert r.target == pytest.approx(59.5 + (70 - 59.5) * (2021 - 2017) / (2022 - 2017))
    assert r.target_basis == "보간"
    # issue 12: the 2020 figure comes from a general-citizen survey, not comparable with the 2017 baseline (mostly
    # participants): shown, labelled, and given no status (before: 지연)
    assert r.comparable is False and r.trend == "not_comparable"
    assert r.status == rules.NOT_RATED
    add_actuals(con, [("K1", None, 2021, 4, 60, None)])
    r = row(progress(con, "2021Q4"), "K1")
    assert r.source == "업로드" and r.actual == 60


def test_published_cumulative_running_total(con):
    r = row(progress(con, "2021Q4"), "2-1-1")
    assert r.source == "공표" and r.actual == 236
    assert r.expected == 424
    assert r.status == rules.BEHIND


def test_sample_source_and_supersede_and_rollback(con):
    add_actuals(con, [("1-2-3", None, 2018, 1, 10, None)], sample=True)
    r = row(progress(con, "2018Q1"), "1-2-3")
    assert r.source == "예시" and r.actual == 10
    uid = add_actuals(con, [("1-2-3", None, 2018, 1, 30, None)])
    r = row(progress(con, "2018Q1"), "1-2-3")
    assert r.source == "업로드" and r.actual == 30
    con.execute("UPDATE upload SET status = 'rolled_back' WHERE upload_id = ?", [uid])
    assert row(progress(con, "2018Q1"), "1-2-3").actual == 10


def test_progress_by_district_matches_single_district(con):
    add_actuals(con, [("1-1-1", GANGNAM, 2019, 2, 100, None), ("3-3-1", JONGNO, 2019, 1, 5, None)])
    all_d = progress_by_district(con, "2019Q3")
    assert len(all_d) == 25 * len(progress(con, "2019Q3"))
    for d in (GANGNAM, JONGNO):
        one = progress(con, "2019Q3", district=d).set_index("code")
        many = all_d[all_d["district"] == d].set_index("code")
        for col in ("actual", "target", "expected", "status"):
            assert one[col].astype(str).equals(many[col].astype(str)), (d, col)


def test_rollup_mean_of_capped_rates(con):
    add_actuals(con, [
        ("1-1-1", None, 2018, 4, 2000, None),  # rate 2.0 → capped at 1.0
        ("1-1-2", None, 2018, 4, None, None),
        ("1-2-1", None, 2018, 4, 25, None),    # 25 / 50 = 0.5
    ])
    df = progress(con, "2018Q4")
    ru = rollup(df, "task").set_index("code")
    assert ru.loc["1-1", "rate"] == pytest.approx(1.0)
    assert ru.loc["1-2", "rate"] == pytest.approx(0.5)
    assert ru.loc["1-2", "status"] == rules.BEHIND
    plan = rollup(df, "plan").iloc[0]
    assert plan["n_rated"] == 2 and plan["rate"] == pytest.approx(0.75)
    weighted = rollup(df, "plan", weights={"1-1-1": 3.0, "1-2-1": 1.0}).iloc[0]
    assert weighted["rate"] == pytest.approx((1.0 * 3 + 0.5 * 1) / 4)
    counts = status_counts(df).set_index("status")["count"]
    assert counts.sum() == len(df)


@pytest.mark.parametrize("bad", ["2017Q4", "2023Q1", "abc", "2020Q5", ""])
def test_bad_quarter_raises_clear_error(con, bad):
    with pytest.raises(ValueError):
        progress(con, bad)


def test_unknown_district_raises(con):
    with pytest.raises(ValueError):
        progress(con, "2020Q4", district="99999")


def test_cli_json_on_empty_database(tmp_path, capsys):
    db = tmp_path / "m.duckdb"
    assert cli_main(["progress", "--db", str(db), "--as-of", "2020Q2", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rec = {r["code"]: r for r in out}["4-3-1"]
    # issue 12: running totals say their parts (anchor, anchor_period, added), how many districts reported, the
    # status a quarter earlier, and a 성과지표's direction since its baseline; issue 14: verified, explanation
    assert set(rec) == {"code", "name", "kind", "unit", "target", "expected", "actual", "rate", "status", "source",
                        "anchor", "anchor_period", "added", "n_reporting", "previous_status", "direction",
                        "verified", "explanation"}
    assert rec["target"] == 230 and rec["expected"] == 165
    assert rec["status"] == "자료 없음" and rec["actual"] is None and rec["rate"] is None
    assert all(r["status"] in ("자료 없음", "목표 없음", "지연", "주의", "정상", "달성") for r in out)


def test_cli_district_by_name_and_code(tmp_path, capsys):
    db = tmp_path / "m.duckdb"
    assert cli_main(["progress", "--db", str(db), "--as-of", "2019Q4", "--district", "강남", "--format", "csv"]) == 0
    by_name = capsys.readouterr().out
    assert cli_main(["progress", "--db", str(db), "--as-of", "2019Q4", "--district", "11680", "--format", "csv"]) == 0
    assert capsys.readouterr().out == by_name
    assert cli_main(["progress", "--db", str(db), "--as-of", "2019Q4", "--district", "없는구"]) == 2
