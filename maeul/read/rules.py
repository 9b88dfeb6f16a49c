"""Progress rules in one documented place: status thresholds, roll-up rule, district shares, quarters.

These are the business rules every page and command uses; README ("진도 산정 규칙") repeats them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from maeul import PLAN_YEARS

# Status labels (Korean is the stored value; i18n translates for display).
ACHIEVED = "달성"       # the as-of year's full target is already reached
ON_TRACK = "정상"       # actual ≥ 90 % of what is expected by now
WATCH = "주의"          # actual ≥ 70 % of expected
BEHIND = "지연"         # actual < 70 % of expected
NO_DATA = "자료 없음"    # no actual for this indicator/scope up to the as-of quarter (never shown as 0 %)
NO_TARGET = "목표 없음"  # the plan sets no target for this year/scope (e.g. a city-only indicator for a district)
NOT_RATED = "판정 안 함"  # a figure exists but no status is honest: the derived target to date is under one unit (a
#                          district's 0.35 개소), or the figure is not comparable with the plan's baseline

STATUSES = [ACHIEVED, ON_TRACK, WATCH, BEHIND, NO_DATA, NO_TARGET, NOT_RATED]
UNRATED = (NO_DATA, NO_TARGET, NOT_RATED)  # statuses without a rate: left out of roll-ups

# Units that count things (sites, people, cases …): their levels add up across districts and a district target
# below one of them is too small to judge. Percentages, scores and amounts do not.
COUNT_UNITS = frozenset({"건", "개", "개소", "명", "회", "동", "세대"})

# Thresholds on rate = actual ÷ expected (for lower-is-better indicators: expected ÷ actual).
ON_TRACK_MIN = 0.90
WATCH_MIN = 0.70

# Roll-up: mean of indicator rates capped at ROLLUP_CAP so that one over-achiever cannot hide a laggard.
ROLLUP_CAP = 1.0

# A milestone one stage behind plan is 주의, two or more 지연. Its rate (stages reached ÷ stages expected) is kept
# inside its status's band, so a roll-up never reads a 주의 milestone as 지연: 주의 → [70 %, 89 %], 지연 → ≤ 69 %.
MILESTONE_WATCH_STAGES = 1
MILESTONE_WATCH_BAND = (0.70, 0.89)
MILESTONE_BEHIND_MAX = 0.69


QUARTER_RE = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[Qq]?\s*([1-4])\s*(?:분기)?\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    @property
    def index(self) -> int:
        """Quarters counted from year 0: comparable and subtractable."""
        return self.year * 4 + self.quarter - 1

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.quarter}"

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.label


FIRST_QUARTER = Quarter(PLAN_YEARS[0], 1)
LAST_QUARTER = Quarter(PLAN_YEARS[-1], 4)


def parse_quarter(text: str | Quarter) -> Quarter:
    """'2020Q2', '2020-2', '2020 2분기' → Quarter(2020, 2); outside 2018Q1…2022Q4 raises ValueError."""
    if isinstance(text, Quarter):
        q = text
    else:
        m = QUARTER_RE.match(str(text))
        if not m:
            raise ValueError(f"기준 분기 형식이 올바르지 않습니다 (예: 2020Q4): {text!r}")
        q = Quarter(int(m.group(1)), int(m.group(2)))
    if not (FIRST_QUARTER <= q <= LAST_QUARTER):
        raise ValueError(f"기준 분기는 {FIRST_QUARTER.label}…{LAST_QUARTER.label} 사이여야 합니다: {q.label}")
    return q


def all_quarters() -> list[Quarter]:
    return [Quarter(y, q) for y in PLAN_YEARS for q in (1, 2, 3, 4)]


def status_for(rate: float | None, year_rate: float | None) -> str:
    """Status of a numeric indicator from rate (vs expected by now) and year_rate (vs the year's full target;
    None when the year's target cannot be judged reached yet, e.g. a cap on a count before the year is over)."""
    if rate is None:
        return NO_TARGET
    if year_rate is not None and year_rate >= 1.0:
        return ACHIEVED
    if rate >= ON_TRACK_MIN:
        return ON_TRACK
    if rate >= WATCH_MIN:
        return WATCH
    return BEHIND


def stage_rate(actual_ord: int, expected_ord: int, status: str) -> float:
    """A milestone's rate: stages reached ÷ stages expected, kept inside the band of its status (see
    MILESTONE_WATCH_BAND), so a mean over indicators is never worse than every one of them."""
    r = actual_ord / expected_ord
    if status == WATCH:
        return min(max(r, MILESTONE_WATCH_BAND[0]), MILESTONE_WATCH_BAND[1])
    if status == BEHIND:
        return min(r, MILESTONE_BEHIND_MAX)
    return r


def status_for_stage(actual_ord: int, expected_ord: int, final_ord: int) -> str:
    """Status of a milestone indicator by stage order (1 = first stage)."""
    if actual_ord >= final_ord and actual_ord >= expected_ord:
        return ACHIEVED
    if actual_ord >= expected_ord:
        return ON_TRACK
    if expected_ord - actual_ord <= MILESTONE_WATCH_STAGES:
        return WATCH
    return BEHIND


def rollup_status(mean_capped_rate: float | None, statuses: list[str]) -> str:
    """Status of a task/strategy/plan from the mean capped rate of its indicators."""
    rated = [s for s in statuses if s not in UNRATED]
    if mean_capped_rate is None or not rated:
        return NO_DATA
    if all(s == ACHIEVED for s in rated):
        return ACHIEVED
    if mean_capped_rate >= ON_TRACK_MIN:
        return ON_TRACK
    if mean_capped_rate >= WATCH_MIN:
        return WATCH
    return BEHIND
