"""Small pieces the page models share: district names and the scope label from the data, and one indicator value
as shown (a stage for milestones, a number with its unit otherwise)."""

from __future__ import annotations

from maeul.i18n import pick
from maeul.present import format as fmt
from maeul.present.filters import Filters


def district_names(data, lang: str) -> dict[str, str]:
    """MOIS code → 자치구 name in the chosen language (``data("districts")``)."""
    return {r["code"]: pick(r, "name", lang) for r in data("districts").to_dict("records")}


def scope_text(data, f: Filters) -> str:
    """'서울시 전체' or the selected districts' names, for headers and downloads."""
    return f.scope_label(district_names(data, f.lang))


def value_text(row: dict, field: str, lang: str) -> str:
    """A progress row's ``field`` (target, expected, actual) as shown: the stage (``<field>_stage``) of a milestone,
    else the number with its unit — a derived district target or expected value rounded for its unit
    (fmt.planned); '–' when missing."""
    if row.get("kind") == "milestone":
        return fmt.stage_label(row.get(f"{field}_stage"), lang)
    if field in ("target", "expected", "plan_total") and fmt.is_derived(row.get("target_basis")):
        return fmt.planned(row.get(field), row.get("unit"), lang)
    return fmt.num(row.get(field), row.get("unit"), lang)
