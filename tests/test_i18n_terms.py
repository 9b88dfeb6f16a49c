"""English without Korean leaks: the one unit vocabulary, stage names, the plan's section headings and quoted cells,
and the data's English name columns (issue 16)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from maeul.i18n import pick, t
from maeul.present import format as fmt

ROOT = Path(__file__).resolve().parent.parent
HANGUL = re.compile("[\uac00-\ud7a3]")


def rows(path: str) -> list[dict]:
    with open(ROOT / "data" / path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("value, unit, expected", [
    (1000, "건", "1,000 cases"), (1, "건", "1 case"), (12, "개소", "12 sites"), (1, "개소", "1 site"),
    (848, "명", "848 people"), (1, "명", "1 person"), (2, "회", "2 times"), (424, "동", "424 dongs"),
    (3, "개", "3 units"), (12, "세대", "12 households"), (1234, "백만원", "KRW 1,234 mn"), (38.9, "%", "38.9%"),
    (2.5, "점", "2.5 points"),
])
def test_one_english_unit_vocabulary(value, unit, expected):
    assert fmt.num(value, unit, "en") == expected


@pytest.mark.parametrize("value, unit, expected", [
    (1000, "건", "1,000건"), (1, "명", "1명"), (1234, "백만원", "1,234백만원"), (38.9, "%", "38.9%"), (3, "개소", "3개소"),
])
def test_korean_units_unchanged(value, unit, expected):
    assert fmt.num(value, unit, "ko") == expected


def test_unit_labels_match_the_amount_formatter():
    assert fmt.unit_label("백만원", "en") == t("unit.mn", "en") == "KRW mn"
    assert fmt.num(15194, "백만원", "en") == fmt.amount(15194, "en")
    assert fmt.unit_label("명", "ko") == "명" and fmt.unit_label("명", "en") == "people"


def test_every_unit_the_data_uses_has_an_english_name():
    units = {r["unit"] for r in rows("plan/indicator.csv")} | {r["unit"] for r in rows("district_stat_labels.csv")}
    missing = sorted(u for u in units if u and HANGUL.search(fmt.unit_label(u, "en")))
    assert not missing, missing


def test_every_stage_has_an_english_name():
    stages = {r["stage"] for r in rows("plan/stage.csv")} | {r["stage"] for r in rows("plan/target.csv") if r["stage"]}
    assert all(not HANGUL.search(fmt.stage_label(s, "en")) for s in stages)
    assert fmt.stage_label("운영", "en") == "Operation" and fmt.stage_label("운영", "ko") == "운영"
    assert fmt.stage_label(None, "en") == "–"


def test_plan_text_translates_every_section_and_printed_cell():
    cells = set()
    for path, cols in (("plan/target.csv", ("printed", "source_section")),
                       ("plan/indicator.csv", ("printed_total", "source_section", "baseline_text")),
                       ("plan/budget_line.csv", ("printed_total", "source_section")),
                       ("plan/unit_project.csv", ("section",)), ("plan/investment_plan_viii.csv", ("printed",))):
        cells |= {r[c] for r in rows(path) for c in cols if r[c]}
    left = sorted(c for c in cells if HANGUL.search(fmt.plan_text(c, "en")))
    assert not left, left
    assert all(fmt.plan_text(c, "ko") == c for c in cells)  # Korean exactly as printed


@pytest.mark.parametrize("ko, en", [
    ("1,000건", "1,000 cases"),
    ("Ⅵ 단위사업 2-1-1 연차별 추진계획 (Ⅶ: 102개)", "Ⅵ unit project 2-1-1 yearly implementation plan (Ⅶ: 102 units)"),
    ("Ⅵ 1. 사회적 우정 › 추진과제 1 › 단위사업 1 › 연차별 소요예산",
     "Ⅵ 1. Social friendship › task 1 › unit project 1 › yearly budget requirements"),
    ("3%(2022년)", "3%(2022)"),
    ("기획", "Planning"),
])
def test_plan_text_examples(ko, en):
    assert fmt.plan_text(ko, "en") == en


@pytest.mark.parametrize("path, field", [
    ("plan/unit_project.csv", "department"), ("plan/budget_line.csv", "included_in"),
    ("published/published_actuals.csv", "publisher"), ("published/published_actuals.csv", "description"),
    ("district_stat.csv", "source"),
])
def test_data_english_columns_are_filled_and_english(path, field):
    for r in rows(path):
        if r[field]:
            en = pick(r, field, "en")
            assert en != r[field] and not HANGUL.search(en), (path, r[field], en)
            assert pick(r, field, "ko") == r[field]


@pytest.mark.parametrize("path", ["plan/indicator.csv", "plan/budget_line.csv", "plan/unit_project.csv",
                                  "plan/task.csv", "plan/strategy.csv"])
def test_english_names_have_no_korean(path):
    bad = [r["name_en"] for r in rows(path) if HANGUL.search(r["name_en"])]
    assert not bad, bad
