"""Checks on the transcription of the 2기 마을공동체 기본계획 (data/plan/*.csv, see docs/DATA-SPEC.md)."""
import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).parent.parent
PLAN = ROOT / "data" / "plan"
YEARS = [2018, 2019, 2020, 2021, 2022]

HEADERS = {
    "strategy.csv": "code,seq,name_ko,name_en,aim_ko,aim_en",
    "task.csv": "code,strategy_code,seq,name_ko,name_en",
    "unit_project.csv": "code,task_code,seq,name_ko,name_en,novelty,department,department_en,goal_ko,section",
    "indicator.csv": "code,unit_project_code,role,name_ko,name_en,unit,direction,target_kind,scope,district_basis,"
                     "baseline,baseline_year,baseline_text,baseline_in_target,printed_total,source_section,note",
    "target.csv": "indicator_code,year,value,stage,stage_en,printed,source_section,derived_from",
    "stage.csv": "indicator_code,ord,stage,stage_en",
    "data_quality_notes.csv": "id,where,figure_a,figure_b,model_uses,why",
}


def load(name):
    return pd.read_csv(PLAN / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def up():
    return load("unit_project.csv")


@pytest.fixture(scope="module")
def ind():
    return load("indicator.csv")


@pytest.fixture(scope="module")
def tgt():
    t = load("target.csv")
    t["year"] = t["year"].astype(int)
    t["num"] = pd.to_numeric(t["value"].replace("", None), errors="coerce")
    return t


@pytest.fixture(scope="module")
def dq():
    return load("data_quality_notes.csv")


def values(tgt, code):
    """{year: numeric value} for one indicator (NaN where empty)."""
    rows = tgt[tgt["indicator_code"] == code]
    return dict(zip(rows["year"], rows["num"]))


def printed_number(text):
    m = re.match(r"^\s*([\d,]+)", text)
    return int(m.group(1).replace(",", "")) if m else None


# ------------------------------------------------------------------ format

@pytest.mark.parametrize("name", sorted(HEADERS))
def test_file_format(name):
    raw = (PLAN / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} has a BOM"
    assert b"\r\n" not in raw, f"{name} has CRLF line ends"
    assert raw.decode("utf-8").split("\n", 1)[0] == HEADERS[name]
    assert "?" not in raw.decode("utf-8"), f"{name} still contains a `?` conversion artefact"


def test_structure_counts(up):
    assert len(load("strategy.csv")) == 4
    assert len(load("task.csv")) == 10
    # the document lists 26 단위사업 (1: 5, 2: 3, 3: 11, 4: 7)
    per_strategy = up["code"].str[0].value_counts().to_dict()
    assert per_strategy == {"1": 5, "2": 3, "3": 11, "4": 7}
    assert len(up) == 26


def test_codes_unique_and_well_formed(up, ind):
    st, tk = load("strategy.csv"), load("task.csv")
    for df, pat in ((st, r"[1-4]"), (tk, r"[1-4]-[1-3]"), (up, r"[1-4]-[1-3]-[1-5]"),
                    (ind, r"(\d-\d-\d(-\d+|-G\d+)?|K[1-6])")):
        assert df["code"].is_unique
        bad = df.loc[~df["code"].str.fullmatch(pat), "code"].tolist()
        assert not bad, bad
    assert set(tk["strategy_code"]) <= set(st["code"])
    assert (tk["code"].str.split("-").str[0] == tk["strategy_code"]).all()
    assert set(up["task_code"]) <= set(tk["code"])
    assert (up["code"].str.rsplit("-", n=1).str[0] == up["task_code"]).all()
    assert (up["seq"].astype(int) == up["code"].str.split("-").str[2].astype(int)).all()
    # role follows the code form
    role_of = {"primary": r"\d-\d-\d", "sub": r"\d-\d-\d-\d+", "goal": r"\d-\d-\d-G\d+", "headline": r"K\d"}
    for role, pat in role_of.items():
        codes = ind.loc[ind["role"] == role, "code"]
        assert codes.str.fullmatch(pat).all(), (role, codes.tolist())
    assert set(ind["role"]) == set(role_of)
    assert sorted(ind.loc[ind["role"] == "headline", "code"]) == [f"K{i}" for i in range(1, 7)]


def test_enumerations(up, ind):
    assert set(up["novelty"]) <= {"신규", "확대", "계속"}
    assert (up["department"] != "").all() and (up["goal_ko"] != "").all()
    assert set(ind["unit"]) <= {"건", "개", "개소", "명", "회", "%", "점", "동", "백만원", "단계"}
    assert set(ind["direction"]) <= {"higher", "lower"}
    assert set(ind["target_kind"]) <= {"annual", "cumulative", "level", "milestone"}
    assert set(ind["scope"]) <= {"both", "citywide", "district"}
    assert set(ind["district_basis"]) <= {"dong", "equal", "none"}
    assert ((ind["unit"] == "단계") == (ind["target_kind"] == "milestone")).all()
    # citywide scope ⇔ no district basis
    assert ((ind["scope"] == "citywide") == (ind["district_basis"] == "none")).all()
    head = ind[ind["role"].isin(["headline"])]
    assert (head["target_kind"] == "level").all() and (head["scope"] == "citywide").all()


def test_known_novelty_and_titles(up):
    by = up.set_index("code")
    assert by.loc["1-2-3", "novelty"] == "계속"
    assert by.loc["3-1-3", "name_ko"] == "마을활력소(거점형 공동체 공간) 조성·운영"
    assert by.loc["4-2-1", "name_ko"] == "마을공동체 DB 시스템 개선"
    assert by.loc["2-2-1", "department"] == "자치행정과, 지역공동체담당관(세제과·예산담당관)"
    assert up["novelty"].value_counts().to_dict() == {"신규": 14, "확대": 11, "계속": 1}


# ------------------------------------------------------------------ indicators ↔ projects

def test_every_indicator_unit_project_exists(up, ind):
    non_head = ind[ind["role"] != "headline"]
    missing = set(non_head["unit_project_code"]) - set(up["code"])
    assert not missing, missing
    assert (ind.loc[ind["role"] == "headline", "unit_project_code"] == "").all()
    # sub/goal codes start with their project's code
    assert (non_head.apply(lambda r: r["code"].startswith(r["unit_project_code"]), axis=1)).all()


def test_every_unit_project_has_primary_with_five_years(up, ind, tgt):
    prim = ind[ind["role"] == "primary"]
    assert sorted(prim["code"]) == sorted(up["code"])
    assert (prim["code"] == prim["unit_project_code"]).all()
    for code in up["code"]:
        rows = tgt[tgt["indicator_code"] == code]
        assert sorted(rows["year"]) == YEARS, code
        has = rows["num"].notna() | (rows["stage"] != "")
        assert has.all(), f"{code}: a year with neither value nor stage"


def test_targets_reference_indicators(ind, tgt):
    assert set(tgt["indicator_code"]) <= set(ind["code"])
    # every indicator has a target, except 2-2-1-G1: '동별 평균 약 37백만원' describes 2016 and names no year (DQ42)
    assert set(ind["code"]) - set(tgt["indicator_code"]) == {"2-2-1-G1"}, "indicator without any target"
    assert tgt["year"].isin(YEARS).all()
    assert not tgt.duplicated(["indicator_code", "year"]).any()
    # a row is printed, or says how it follows from figures the plan prints (never both empty)
    assert ((tgt["printed"] != "") | (tgt["derived_from"] != "")).all()
    assert (tgt.loc[tgt["printed"] == "", "derived_from"] != "").all()


def test_goal_and_headline_have_one_target_year(ind, tgt):
    """Each goal and headline indicator prints one target year; where the plan derives a goal from a yearly series
    it also prints, the other years are that series (derived_from says which), never invented."""
    for code in ind.loc[ind["role"].isin(["goal", "headline"]), "code"]:
        rows = tgt[tgt["indicator_code"] == code]
        printed = rows[rows["printed"] != ""]
        if code == "2-2-1-G1":
            assert rows.empty  # no year printed (DQ42)
            continue
        assert len(printed) == 1 and printed["num"].notna().all(), code
        derived = rows[rows["printed"] == ""]
        assert derived.empty or code in ("1-1-1-G2", "3-2-2-G1", "2-2-1-G2"), code


def test_no_nan_where_numbers_required(ind, tgt):
    kinds = ind.set_index("code")["target_kind"]
    t = tgt.assign(kind=tgt["indicator_code"].map(kinds))
    numeric = t[t["kind"] != "milestone"]
    # a numeric indicator's year may lack a number only if it prints a stage (annual/level) or `-` for a level
    missing = numeric[numeric["num"].isna()]
    allowed = ((missing["stage"] != "") & missing["kind"].isin(["annual", "level"])) | \
              ((missing["printed"] == "-") & (missing["kind"] == "level"))
    assert allowed.all(), missing.loc[~allowed, ["indicator_code", "year"]].to_dict("records")
    # cumulative rows always carry the running total (0 before anything exists)
    assert numeric.loc[numeric["kind"] == "cumulative", "num"].notna().all()
    # milestone rows carry no numbers
    assert t.loc[t["kind"] == "milestone", "value"].eq("").all()
    # baselines are numbers when given
    base = ind.loc[ind["baseline"] != ""]
    assert pd.to_numeric(base["baseline"], errors="coerce").notna().all()
    assert (base["baseline_year"].astype(int) <= 2017).all()


# ------------------------------------------------------------------ kinds

def test_cumulative_targets_never_decrease(ind, tgt):
    cum = ind[ind["target_kind"] == "cumulative"]
    assert len(cum) >= 15
    for _, r in cum.iterrows():
        v = [x for _, x in sorted(values(tgt, r["code"]).items())]
        assert all(a <= b for a, b in zip(v, v[1:])), (r["code"], v)
        if r["baseline"] and r["code"] != "4-3-1":  # 4-3-1: 5 existing rooms not added (DQ note)
            assert float(r["baseline"]) <= v[0], r["code"]


def test_cumulative_final_matches_printed_total(ind, tgt):
    cum = ind[(ind["target_kind"] == "cumulative") & (ind["printed_total"] != "")]
    for _, r in cum.iterrows():
        v = values(tgt, r["code"])
        assert v[2022] == printed_number(r["printed_total"]), r["code"]


def test_annual_printed_total_equals_sum(ind, tgt, dq):
    annual = ind[(ind["target_kind"] == "annual") & (ind["printed_total"] != "")]
    assert len(annual) >= 15
    dq_text = " ".join(dq.astype(str).agg(" ".join, axis=1))
    for _, r in annual.iterrows():
        total = printed_number(r["printed_total"])
        s = sum(x for x in values(tgt, r["code"]).values() if pd.notna(x))
        assert s == total or re.search(rf"(?<![\d-]){re.escape(r['code'])}(?![\d-])", dq_text), \
            (r["code"], s, total)


def test_milestone_stages_in_stage_csv(ind, tgt):
    stages = load("stage.csv")
    stages["ord"] = stages["ord"].astype(int)
    mile = set(ind.loc[ind["target_kind"] == "milestone", "code"])
    assert set(stages["indicator_code"]) == mile
    assert not stages.duplicated(["indicator_code", "stage"]).any()
    for code in mile:
        s = stages[stages["indicator_code"] == code].sort_values("ord")
        assert list(s["ord"]) == list(range(1, len(s) + 1)), code
        order = dict(zip(s["stage"], s["ord"]))
        rows = tgt[(tgt["indicator_code"] == code) & (tgt["stage"] != "")].sort_values("year")
        unknown = set(rows["stage"]) - set(order)
        assert not unknown, (code, unknown)
        ords = [order[x] for x in rows["stage"]]
        assert ords == sorted(ords), f"{code}: stages go backwards"


# ------------------------------------------------------------------ reconciliations

def test_3_2_2_jobs_reconcile(tgt):
    total = values(tgt, "3-2-2")
    parts = [values(tgt, f"3-2-2-{i}") for i in (1, 2, 3)]
    for y in YEARS:
        assert total[y] == sum(p[y] for p in parts), y
    assert [total[y] for y in YEARS] == [172, 253, 510, 149, 247]
    assert sum(total.values()) == 1331 == values(tgt, "3-2-2-G1")[2022]
    # the 848 experts: 3-2-1 running total equals the running sum of 3-2-2-2's jobs
    run = pd.Series([parts[1][y] for y in YEARS]).cumsum().tolist()
    assert run == [values(tgt, "3-2-1")[y] for y in YEARS] == [0, 122, 564, 652, 848]


def test_4_1_2_row_reconciles(tgt):
    total = values(tgt, "4-1-2")
    a, b, c = (values(tgt, f"4-1-2-{i}") for i in (1, 2, 3))
    prev = 0
    for y in YEARS:
        new_councils = c[y] - prev
        prev = c[y]
        assert total[y] == a[y] + b[y] + new_councils, y
    assert [total[y] for y in YEARS] == [16, 20, 29, 19, 21]
    assert c[2022] == 25


def test_4_1_3_staff_same_series_as_3_2_2(tgt):
    head = values(tgt, "4-1-3-2")
    jobs = values(tgt, "3-2-2-1")
    assert pd.Series([jobs[y] for y in YEARS]).cumsum().tolist() == [head[y] for y in YEARS] == [100, 120, 140, 150, 150]


# ------------------------------------------------------------------ specific figures

def test_4_3_1_open_childcare_rooms(tgt, ind):
    v = values(tgt, "4-3-1")
    assert v[2019] == 100 and v[2020] == 230
    assert [v[y] for y in YEARS] == [50, 100, 230, 380, 450]
    r = ind.set_index("code").loc["4-3-1"]
    assert r["target_kind"] == "cumulative" and r["printed_total"] == "450(누계)" and r["baseline"] == "5"


def test_resident_council_series(tgt, ind):
    assert [values(tgt, "2-1-1")[y] for y in YEARS] == [91, 166, 322, 424, 424]
    assert [values(tgt, "2-2-1")[y] for y in YEARS] == [26, 91, 166, 322, 424]
    r = ind.set_index("code").loc["2-1-1"]
    assert (r["baseline"], r["baseline_year"]) == ("26", "2017")
    printed = tgt[tgt["indicator_code"] == "2-1-1"].sort_values("year")["printed"].tolist()
    assert printed == ["65(91)", "75(166)", "156(322)", "102(424)", "-"]
    maeul = values(tgt, "2-2-1-1")
    assert maeul == {2018: 49, 2019: 14, 2020: 8} and sum(maeul.values()) == values(tgt, "2-2-1-G2")[2022] == 71


def test_other_stock_series(tgt):
    assert [values(tgt, "3-1-3")[y] for y in YEARS] == [9, 25, 41, 58, 75]
    assert [values(tgt, "3-1-5")[y] for y in YEARS] == [0, 0, 61, 282, 326]
    assert [values(tgt, "3-3-2")[y] for y in YEARS] == [5, 15, 30, 50, 75]
    assert [values(tgt, "2-2-2")[y] for y in YEARS] == [0, 1, 3, 6, 10]
    assert [values(tgt, "3-1-1")[y] for y in YEARS] == [10, 20, 30, 40, 50]
    assert [values(tgt, "4-2-2-7")[y] for y in YEARS] == [100, 110, 120, 130, 140]
    assert values(tgt, "4-2-2-1") == pytest.approx({2018: 402, 2019: 402, 2020: 402, 2021: float("nan"),
                                                     2022: float("nan")}, nan_ok=True)


def test_stage_cells_in_numeric_rows(tgt):
    t = tgt.set_index(["indicator_code", "year"])
    assert t.loc[("3-2-1", 2018), "stage"] == "과정개발" and t.loc[("3-2-1", 2018), "num"] == 0
    assert t.loc[("1-1-2", 2018), "stage"] == "사업개발" and pd.isna(t.loc[("1-1-2", 2018), "num"])
    assert t.loc[("3-1-5-1", 2018), "stage"] == "기획"
    assert t.loc[("2-2-2", 2018), "stage"] == "검토"
    assert t.loc[("2-2-2-1", 2020), "stage"] == "계획 반영"


def test_headline_indicators(ind, tgt):
    i = ind.set_index("code")
    expected = {"K1": ("59.5", 70), "K2": ("90.6", 95), "K3": ("74.5", 85), "K4": ("41.1", 65),
                "K5": ("", 70), "K6": ("", 45)}
    for code, (base, target) in expected.items():
        assert i.loc[code, "baseline"] == base, code
        assert values(tgt, code) == {2022: target}, code
    assert i.loc["K3", "unit"] == "점"


def test_goal_indicators(tgt, ind):
    expect = {"1-1-1-G1": (2022, 3, "1.3"), "1-1-1-G2": (2022, 5000, ""), "1-2-2-G1": (2022, 70, "56"),
              "1-2-2-G2": (2022, 35, "19.6"), "2-1-1-G1": (2022, 30, "14.6"), "2-1-1-G2": (2022, 5, "2.8"),
              "2-1-1-G3": (2022, 90, ""), "2-2-1-G2": (2020, 71, ""), "3-1-5-G1": (2022, 4000, ""),
              "3-2-2-G1": (2022, 1331, ""), "4-1-3-G1": (2022, 6, "3.82"), "4-1-3-G2": (2021, 25, "")}
    i = ind.set_index("code")
    printed = tgt[tgt["printed"] != ""]
    for code, (year, value, base) in expect.items():
        assert values(printed, code) == {year: value}, code
        assert i.loc[code, "baseline"] == base, code
    assert i.loc["2-2-1-G1", "baseline"] == "37" and i.loc["2-2-1-G1", "baseline_year"] == "2016"
    # the '2018~2022 누계' goals run from 0 at the end of 2017 along the plan's own yearly series (issue 12 rule 4)
    annual = values(tgt, "1-1-1")
    assert values(tgt, "1-1-1-G2") == {y: sum(annual[z] for z in YEARS if z <= y) for y in YEARS}
    assert values(tgt, "3-2-2-G1") == {2018: 172, 2019: 425, 2020: 935, 2021: 1084, 2022: 1331}  # Ⅶ 172 253 510 149 247
    assert values(tgt, "2-2-1-G2") == {2018: 49, 2019: 63, 2020: 71, 2021: 71, 2022: 71}  # 49 + 14 + 8, done in 2020


# ------------------------------------------------------------------ data-quality notes

def test_data_quality_notes(dq):
    assert dq["id"].is_unique
    dq = dq[~dq["id"].str.startswith("DQB")]  # DQB…: budget/district notes, checked in test_budget_data.py
    assert list(dq["id"]) == [f"DQ{i:02d}" for i in range(1, len(dq) + 1)]
    assert (dq[["where", "figure_a", "figure_b", "model_uses", "why"]] != "").all().all()
    text = " ".join(dq.astype(str).agg(" ".join, axis=1))
    for needle in ["27", "50(141)", "181(322)", "91개", "에너지자립마을", "848", "150", "448", "5개소",
                   "340", "367", "9개소", "36", "merged", "안정화", "이용자 중심",
                   "16회/건", "45%"]:
        assert needle in text, needle
