"""Consistency tests for the plan budget, district and published-figure data (see docs/DATA-SPEC.md)."""
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).parent.parent
PLAN = ROOT / "data" / "plan"
YEARS = [2018, 2019, 2020, 2021, 2022]
PROJECTS = [
    "1-1-1", "1-1-2", "1-2-1", "1-2-2", "1-2-3",
    "2-1-1", "2-2-1", "2-2-2",
    "3-1-1", "3-1-2", "3-1-3", "3-1-4", "3-1-5", "3-2-1", "3-2-2", "3-3-1", "3-3-2", "3-3-3", "3-3-4",
    "4-1-1", "4-1-2", "4-1-3", "4-2-1", "4-2-2", "4-3-1", "4-3-2",
]
MOIS_CODES = [
    11110, 11140, 11170, 11200, 11215, 11230, 11260, 11290, 11305, 11320, 11350, 11380, 11410,
    11440, 11470, 11500, 11530, 11545, 11560, 11590, 11620, 11650, 11680, 11710, 11740,
]


def read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def to_int(printed):
    return 0 if printed == "-" else int(printed.replace(",", ""))


@pytest.fixture(scope="module")
def lines():
    return read(PLAN / "budget_line.csv")


@pytest.fixture(scope="module")
def plan():
    df = read(PLAN / "budget_plan.csv")
    df["year"] = df["year"].astype(int)
    df["amount_mn"] = df["amount_mn"].astype(int)
    return df


@pytest.fixture(scope="module")
def viii():
    df = read(PLAN / "investment_plan_viii.csv")
    df["year"] = df["year"].astype(int)
    return df


@pytest.fixture(scope="module")
def dqb():
    dq = read(PLAN / "data_quality_notes.csv")
    return dq[dq["id"].str.startswith("DQB")]


@pytest.fixture(scope="module")
def counted(lines, plan):
    """Budget amounts of the lines that Ⅷ counts, with project and strategy codes."""
    df = plan.merge(lines, left_on="line_code", right_on="code", validate="many_to_one")
    df = df[df["counted_in_viii"] == "true"].copy()
    df["strategy"] = df["unit_project_code"].str[0]
    return df


# ---------------------------------------------------------------- budget lines

def test_budget_line_codes_and_enums(lines):
    assert lines["code"].is_unique
    assert set(lines["funding"]) <= {"예산", "비예산", "포함"}
    assert set(lines["counted_in_viii"]) <= {"true", "false"}
    for _, r in lines.iterrows():
        assert r["code"].startswith(r["unit_project_code"] + "-B"), r["code"]
    # every unit project has at least one line, numbered B1..Bn in order
    assert sorted(set(lines["unit_project_code"])) == sorted(PROJECTS)
    for p, g in lines.groupby("unit_project_code", sort=False):
        assert list(g["code"]) == [f"{p}-B{i}" for i in range(1, len(g) + 1)]


def test_every_budget_line_has_five_years(lines, plan):
    assert not plan.duplicated(["line_code", "year"]).any()
    budget_codes = set(lines.loc[lines["funding"] == "예산", "code"])
    assert set(plan["line_code"]) == budget_codes
    for code, g in plan.groupby("line_code"):
        assert sorted(g["year"]) == YEARS, code
        for _, r in g.iterrows():
            assert to_int(r["printed"]) == r["amount_mn"], (code, r["year"])


def test_non_budget_lines_have_no_amounts(lines, plan):
    nb = lines[lines["funding"] != "예산"]
    assert not set(nb["code"]) & set(plan["line_code"])
    assert (nb["printed_total"] == "").all()
    assert (nb["counted_in_viii"] == "false").all()
    inc = lines[lines["funding"] == "포함"]
    assert (inc["included_in"] != "").all()
    assert (lines.loc[lines["funding"] != "포함", "included_in"] == "").all()


def test_printed_total_is_sum_of_years_or_noted(lines, plan, dqb):
    sums = plan.groupby("line_code")["amount_mn"].sum()
    for _, r in lines[lines["funding"] == "예산"].iterrows():
        assert r["printed_total"] != "", r["code"]
        if to_int(r["printed_total"]) != sums[r["code"]]:
            assert dqb["where"].str.contains(r["code"], regex=False).any(), (
                f"{r['code']}: 계 {r['printed_total']} != Σ years {sums[r['code']]} and no DQB note names it")


def test_partner_fair_left_out_of_viii(lines, dqb):
    pf = lines[lines["code"] == "3-1-5-B1"].iloc[0]
    assert pf["name_ko"] == "마을공동체 파트너페어 개최"
    assert pf["counted_in_viii"] == "false"
    assert dqb["where"].str.contains("3-1-5-B1", regex=False).any()


# ---------------------------------------------------------------- section Ⅷ reconciliation

def test_viii_shape(viii):
    assert set(viii["level"]) == {"strategy", "unit_project"}
    st = viii[viii["level"] == "strategy"]
    assert sorted(set(st["code"])) == ["1", "2", "3", "4"]
    up = viii[viii["level"] == "unit_project"]
    assert sorted(set(up["code"])) == sorted(PROJECTS)
    assert not viii.duplicated(["level", "code", "year"]).any()
    assert len(viii) == (4 + len(PROJECTS)) * len(YEARS)


def test_viii_project_rows_equal_counted_lines(viii, counted):
    up = viii[viii["level"] == "unit_project"]
    sums = counted.groupby(["unit_project_code", "year"])["amount_mn"].sum()
    for _, r in up.iterrows():
        key = (r["code"], r["year"])
        if r["amount_mn"] == "":
            # a text row (비예산 / …예산에 포함) must not have counted amounts behind it
            assert key not in sums.index, key
        else:
            assert int(r["amount_mn"]) == to_int(r["printed"]), key
            assert sums.get(key, 0) == int(r["amount_mn"]), (key, sums.get(key, 0), r["amount_mn"])


def test_viii_strategy_rows_equal_counted_lines_and_project_rows(viii, counted):
    st = viii[viii["level"] == "strategy"]
    up = viii[(viii["level"] == "unit_project") & (viii["amount_mn"] != "")].copy()
    up["strategy"] = up["code"].str[0]
    up["amount"] = up["amount_mn"].astype(int)
    by_lines = counted.groupby(["strategy", "year"])["amount_mn"].sum()
    by_rows = up.groupby(["strategy", "year"])["amount"].sum()
    for _, r in st.iterrows():
        key = (r["code"], r["year"])
        assert by_lines.get(key, 0) == int(r["amount_mn"]), key
        assert by_rows.get(key, 0) == int(r["amount_mn"]), key


def test_grand_total_equals_sum_of_strategies(viii, counted):
    st = viii[viii["level"] == "strategy"].copy()
    st["amount"] = st["amount_mn"].astype(int)
    for y in YEARS:
        assert counted.loc[counted["year"] == y, "amount_mn"].sum() == st.loc[st["year"] == y, "amount"].sum(), y


def test_viii_strategy_figures_as_printed(viii):
    expected = {
        "1": [1340, 1370, 1400, 1430, 1550],
        "2": [6733, 14732, 15194, 22474, 29608],
        "3": [7403, 11859, 21269, 11295, 13930],
        "4": [20029, 18838, 18569, 18619, 18919],
    }
    st = viii[viii["level"] == "strategy"].sort_values(["code", "year"])
    for code, vals in expected.items():
        assert [int(v) for v in st.loc[st["code"] == code, "amount_mn"]] == vals, code


# ---------------------------------------------------------------- districts

@pytest.fixture(scope="module")
def districts():
    return read(ROOT / "data" / "districts.csv")


def test_districts_25_unique_mois_codes(districts):
    assert len(districts) == 25
    assert districts["code"].is_unique
    assert sorted(int(c) for c in districts["code"]) == MOIS_CODES
    assert districts["name_ko"].is_unique
    # KOSTAT codes are 11010..11250 and must not be mixed up with MOIS codes
    assert sorted(int(c) for c in districts["kostat_code"]) == list(range(11010, 11260, 10))


def test_dong_count_plan_sums_to_424(districts):
    assert districts["dong_count_plan"].astype(int).sum() == 424


def test_dong_count_plan_differences_are_noted(districts, dqb):
    diff = districts[districts["dong_count_plan"] != districts["dong_count_2018"]]
    if len(diff):
        assert dqb["where"].str.contains("dong_count_plan", regex=False).any(), list(diff["name_ko"])


@pytest.fixture(scope="module")
def district_stat():
    return read(ROOT / "data" / "district_stat.csv")


def test_district_stat_values_numeric_and_codes_known(district_stat, districts):
    assert list(district_stat.columns) == ["district_code", "stat", "year", "value", "unit", "source", "source_en"]
    pd.to_numeric(district_stat["value"], errors="raise")
    assert (district_stat["value"] != "").all()
    years = district_stat.loc[district_stat["year"] != "", "year"]
    pd.to_numeric(years, errors="raise")
    assert set(district_stat["district_code"]) - {""} <= set(districts["code"])
    assert (district_stat["source"] != "").all()
    assert not district_stat.duplicated(["district_code", "stat", "year"]).any()


def test_district_stat_labels_cover_stats(district_stat):
    labels = read(ROOT / "data" / "district_stat_labels.csv")
    assert list(labels.columns) == ["stat", "label_ko", "label_en", "unit"]
    assert labels["stat"].is_unique
    assert set(district_stat["stat"]) == set(labels["stat"])
    assert district_stat["stat"].str.fullmatch(r"[a-z0-9_]+").all()


def test_resident_tax_district_sums_vs_citywide(district_stat, dqb):
    for stat in ["resident_tax_individual_levied", "resident_tax_individual_collected"]:
        rows = district_stat[district_stat["stat"] == stat]
        per_gu = rows[rows["district_code"] != ""]
        city = rows[rows["district_code"] == ""]
        assert len(per_gu) == 25 and len(city) == 1, stat
        if per_gu["value"].astype(int).sum() != int(city["value"].iloc[0]):
            assert dqb["where"].str.contains(stat, regex=False).any(), stat


# ---------------------------------------------------------------- published actuals

@pytest.fixture(scope="module")
def published():
    return read(ROOT / "data" / "published" / "published_actuals.csv")


def test_published_has_no_plans_or_targets(published):
    assert len(published) > 0
    assert not published["kind"].isin(["announced_plan", "target", "plan"]).any()
    assert set(published["kind"]) <= {"reported", "survey"}


def test_published_rows_well_formed(published, districts):
    pd.to_numeric(published["value"], errors="raise")
    assert published["year"].astype(int).between(2017, 2022).all()
    assert published["quarter"].astype(int).between(1, 4).all()
    assert set(published["district_code"]) - {""} <= set(districts["code"])
    assert (published["url"].str.startswith("http")).all()
    assert not published.duplicated(["indicator_code", "district_code", "year", "quarter"]).any()


def test_published_rows_come_from_evidence(published):
    evidence = ROOT.parent / "shared" / "data" / "plan_indicator_evidence.csv"
    if not evidence.exists():  # shared/ lies beside the checkout on project machines and in CI
        pytest.skip(f"{evidence} not present")
    ev = pd.read_csv(evidence, dtype=str, keep_default_na=False)
    for _, r in published.iterrows():
        match = ev[(ev["source_url"] == r["url"]) & (ev["ref_period"] == r["ref_period"]) & (ev["kind"] == r["kind"])]
        assert len(match) >= 1, (r["indicator_code"], r["ref_period"])
        assert any(float(v) == float(r["value"]) for v in match["value"]), (r["indicator_code"], r["value"])
        # description must be our own wording, not the quote
        assert all(r["description"] != q for q in match["quote_or_basis"])


def test_published_indicator_codes_known():
    path = PLAN / "indicator.csv"
    if not path.exists():
        pytest.skip("data/plan/indicator.csv not written yet")
    ind = read(path)
    allowed = set(ind.loc[ind["role"].isin(["primary", "goal", "headline"]), "code"])
    published = read(ROOT / "data" / "published" / "published_actuals.csv")
    unknown = set(published["indicator_code"]) - allowed
    assert not unknown, unknown


# ---------------------------------------------------------------- data-quality notes

def test_dqb_notes_format(dqb):
    assert list(dqb.columns) == ["id", "where", "figure_a", "figure_b", "model_uses", "why"]
    assert list(dqb["id"]) == [f"DQB{i:02d}" for i in range(1, len(dqb) + 1)]
    assert (dqb[["where", "figure_a", "figure_b", "model_uses", "why"]] != "").all().all()
