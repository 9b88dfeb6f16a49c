"""The plan's own words in English: stage names and the headings of its sections (the team's translation).

- Stage names (``stage.<name>``): from data/ — ``data/plan/stage.csv`` and ``data/plan/target.csv`` carry
  ``stage_en`` beside ``stage``, so a stage reads the same wherever it appears (targets, uploaded actuals, charts).
- Section headings (``SECTION_TERMS``): the phrases of the plan's table of contents that our ``source_section`` /
  ``section`` cells are made of ("Ⅵ 단위사업 3-1-3 연차별 추진계획"), for ``maeul.present.format.section``.
- Korean counts in a quoted cell ("1,000건", "(Ⅶ: 102개)"): ``maeul.present.format.printed`` puts them into the one
  unit vocabulary ("unit.*" in common.py).
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"


def _stage_names() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for name in ("plan/stage.csv", "plan/target.csv"):
        with open(DATA / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                ko, en = (row.get("stage") or "").strip(), (row.get("stage_en") or "").strip()
                if ko and en:
                    out[f"stage.{ko}"] = (ko, en)
    return out


def _strategy_names() -> list[tuple[str, str]]:
    with open(DATA / "plan" / "strategy.csv", encoding="utf-8", newline="") as fh:
        return [(r["name_ko"], r["name_en"]) for r in csv.DictReader(fh)]


TEXT = _stage_names()

# Phrases of section headings and quoted cells, longest first where one contains another (applied in this order).
SECTION_TERMS: list[tuple[str, str]] = [
    # whole quoted cells (baselines, budget cells) first
    ("서울시 마을공동체종합지원센터 운영 예산에 포함",
     "included in the Seoul Village Community Support Center operating budget"),
    ("공동육아 마을공동체사업 예산에 포함", "included in the cooperative-childcare village community budget"),
    ("기준마련 : 서울연구원 자체연구 수행", "groundwork: in-house study by the Seoul Institute"),
    ("3개 자치구(강동, 도봉, 중랑) 5개소", "5 sites in 3 districts (Gangdong, Dobong, Jungnang)"),
    ("3개 집단(청년, 50+, 어르신) 대상 사업 개발", "programmes developed for 3 groups (youth, 50+, seniors)"),
    ("2017년 시범 26개 동", "2017 pilot: 26 dongs"),
    ("2017년 기준", "as of 2017:"),
    ("2021년까지", "by 2021"),
    ("서울시민 전체 ", "all Seoul citizens: "),
    ("중간지원 조직별 평균 ", "average per intermediary organisation: "),
    ("개인균등분 징수", "individual flat-rate resident tax collected"),
    ("(매년 비슷 함)", " (similar every year)"),
    ("40억 원", "KRW 4 bn"),
    ("동별", "per dong"),
    ("회/건", " times/cases"),
    ("개 동", "동"),
    ("누계", "running total"),
    ("형성", "formed"),
    ("2016년 주민세 개인균등 징수분 표", "table of 2016 individual flat-rate resident tax collected"),
    ("자치계획 추진 현황 및 계획", "autonomy plans: status and plans"),
    ("추진 현황 및 계획 표", "table of status and plans"),
    ("추진 현황 표", "status table"),
    ("설문조사 결과", "survey results"),
    ("연차별 추진계획", "yearly implementation plan"),
    ("연차별 소요예산", "yearly budget requirements"),
    ("연차별 투자계획", "yearly investment plan"),
    ("전략별 추진 과제", "tasks by strategy"),
    ("성과지표", "headline indicators"),
    ("추진목표", "goals"),
    ("추진과제", "task"),
    ("단위사업", "unit project"),
    ("마을계획", "village plan"),
    ("병합 셀", "merged cell"),
    ("추정", "estimated"),
    ("연도", "year"),
    ("비예산", "no budget"),
    *_strategy_names(),
]
