"""The 예산 흐름 (budget flows) page's model: what each section shows, from (data, filters, widget values).

Planned amounts are the plan's own (section Ⅷ 연차별 투자계획 and Ⅵ 단위사업별 연차별 소요예산, 백만원) and citywide;
executed amounts come from uploads, for the selected districts. The rules about the data — funding kinds, which
lines Ⅷ counts, the reconciliation tolerance, "no execution" vs 0, the execution rate — are in maeul.read.budget;
what follows from them for display is here:

- An execution rate is shown only citywide; a district scope reads "–" (the plan is citywide). Where nothing was
  uploaded for the scope, amounts and rates read "집행 실적 없음", never 0 or 0 %.
- A year after the as-of quarter has no execution yet (``future_year``).

Each section function returns a dict of texts, display tables and figures; pages memoise it (maeul.web.cache.memo)
with ``filters_key(f)`` and the widget values it takes, and nobody changes what it returns.
"""

from __future__ import annotations

import pandas as pd

from maeul import PLAN_YEARS
from maeul.i18n import pick, t
from maeul.present import budget_charts as bc
from maeul.present import format as fmt
from maeul.present.filters import Filters
from maeul.present.models.common import scope_text
from maeul.read import budget as rules

ALL = f"{PLAN_YEARS[0]}–{PLAN_YEARS[-1]}"
YEAR_OPTIONS = (ALL, *(str(y) for y in PLAN_YEARS))
LEVELS = ("strategy", "task", "project", "line")
VIEWS = ("exec", "treemap", "by_year")  # the figures one click away under the planned Sankey
YEAR_COLUMNS = tuple(f"y{y}" for y in PLAN_YEARS)


def filters_key(f: Filters) -> tuple:
    """What this page reads of the filters, as a memo key: scope, as-of quarter, language (not the progress basis)."""
    return (f.districts, f.as_of, f.lang)


def year_of(choice: str | None) -> int | None:
    """The year picker's choice as a plan year; None for the five-year total."""
    return None if choice in (None, ALL) else int(choice)


def period_label(year: int | None, lang: str) -> str:
    """'2018–2022년 합계' or '2019년'."""
    return t("budget.period_all", lang, first=PLAN_YEARS[0], last=PLAN_YEARS[-1]) if year is None \
        else t("budget.period_year", lang, year=year)


def future_year(year: int | None, as_of: str) -> bool:
    """A plan year after the as-of quarter's year: no execution can be there yet."""
    return year is not None and year > int(as_of[:4])


def _names_en(data) -> dict[str, str]:
    names = data("budget_names")
    return dict(zip(names["code"], names["name_en"]))


def _ex_flows(data, f: Filters, year: int | None) -> pd.DataFrame:
    return data("execution_flows", f.as_of, year, f.districts or None)


# ------------------------------------------------------------------ the execution-rate rule, for display

def rate_metric(executed: float | None, planned: float, f: Filters) -> tuple[str, str | None]:
    """The headline execution rate and its help: "집행 실적 없음" without execution, "–" for a district scope (the
    plan is citywide), else the rounded share executed ÷ planned."""
    lang = f.lang
    if executed is None:
        return fmt.DASH, t("budget.ytd.no_rate_help", lang)
    if f.districts:
        return fmt.DASH, t("budget.m_rate_district_help", lang)
    return fmt.percent(rules.execution_rate(executed, planned)), t("budget.m_rate_help", lang)


def rate_cell(rate, has_execution: bool, lang: str) -> str:
    """A rate cell of the execution table: "집행 실적 없음" where nothing was uploaded, "–" where there is no rate
    (a district scope, nothing planned), else the rounded share."""
    return fmt.percent(rate) if has_execution else t("budget.no_execution", lang)


# ------------------------------------------------------------------ sections

def scope_notes(data, f: Filters) -> dict:
    """For a district scope, the notes that planned amounts stay citywide (page top, execution section); None
    citywide."""
    if not f.districts:
        return {"page": None, "execution": None}
    scope = scope_text(data, f)
    return {"page": t("budget.district_note", f.lang, scope=scope),
            "execution": t("budget.exec_district_caption", f.lang, scope=scope)}


def header(data, f: Filters, year: int | None) -> dict:
    """The four headline metrics: planned, executed, execution rate, Ⅷ reconciliation."""
    lang = f.lang
    planned = rules.planned_total(data("budget_flows", year))
    executed = rules.executed_total(_ex_flows(data, f, year))
    recon = data("viii_reconciliation")
    tot = recon[recon["level"] == "total"]
    if year is not None:
        tot = tot[tot["year"] == year]
    scope = scope_text(data, f)
    rate, rate_help = rate_metric(executed, planned, f)
    return {
        "planned": fmt.amount_eok(planned, lang),
        "planned_caption": f"{period_label(year, lang)} · {fmt.amount(planned, lang)}",
        "executed_label": t("budget.m_executed", lang, as_of=f.as_of),
        "executed": fmt.DASH if executed is None else fmt.amount_eok(executed, lang),
        "executed_caption": t("budget.ytd.missing", lang, scope=scope, period=period_label(year, lang),
                              as_of=f.as_of) if executed is None else f"= {fmt.amount(executed, lang)} · {scope}",
        "rate": rate, "rate_help": rate_help,
        "recon": t("budget.recon_ok_short" if rules.viii_matches(tot) else "budget.recon_diff_short", lang),
        "recon_caption": t("budget.recon_caption", lang, printed=fmt.amount(float(tot["printed_amount"].sum()), lang),
                           computed=fmt.amount(float(tot["computed"].sum()), lang)),
    }


def reconciliation(data, year: int | None, lang: str) -> dict:
    """Section Ⅷ as printed vs the lines it counts, for the period: the verdict, the table as shown (differences
    first) and as downloaded."""
    recon = data("viii_reconciliation")
    scope = recon if year is None else recon[recon["year"] == year]
    matches = scope["match"].astype(bool).values
    n_bad = int((~matches).sum())
    show = scope.copy()
    show["level"] = show["level"].map(lambda v: t(f"budget.level.{v}", lang))
    show["name"] = [pick(r, "name", lang) for r in scope.to_dict("records")]
    show["match"] = show["match"].map(lambda m: t("budget.match_yes" if m else "budget.match_no", lang))
    show["printed"] = show["printed"].map(lambda p: fmt.plan_text(p, lang) if isinstance(p, str) else p)
    show = show[["level", "code", "name", "year", "printed", "printed_amount", "computed", "diff", "match"]]
    if n_bad:
        show = pd.concat([show[~matches], show[matches]])
    total = fmt.amount(float(scope.loc[scope["level"] == "total", "printed_amount"].sum()), lang)
    verdict = t("budget.recon_diff", lang, n=n_bad) if n_bad else \
        t("budget.recon_ok", lang, period=period_label(year, lang), total=total)
    return {"n_bad": n_bad, "verdict": verdict, "show": show, "data": scope}


def sankeys(data, f: Filters, year: int | None, deep: bool) -> dict:
    """The planned Sankey (hovers with execution) and, where there is execution, the executed Sankey; ``notice``
    says why there is no executed one (a year after the as-of quarter, nothing uploaded)."""
    lang = f.lang
    flows = data("budget_flows", year)
    ex_flows = _ex_flows(data, f, year)
    max_level = 4 if deep else 3
    merged = bc.with_execution(bc.localize_flows(flows, _names_en(data), lang), ex_flows)
    scope = scope_text(data, f)
    title = t("budget.sankey_fig_title", lang, period=period_label(year, lang),
              total=fmt.amount_both(rules.planned_total(flows), lang))
    m = {
        "fig": bc.sankey(merged, lang=lang, max_level=max_level, show_rate=not f.districts, title=title),
        "caption": t("budget.src_plan", lang) + " " + t("budget.sankey_howto", lang)
        + ("" if ex_flows.empty else " " + t("budget.src_exec", lang, as_of=f.as_of, scope=scope)),
        "data": flow_csv(merged[merged["level"] <= max_level]),
        "notice": None, "fig2": None, "ex_flows": None,
        "exec_title": t("budget.sankey_exec_title", lang, period=period_label(year, lang), as_of=f.as_of),
        "exec_caption": t("budget.src_exec", lang, as_of=f.as_of, scope=scope),
    }
    if future_year(year, f.as_of):
        m["notice"] = t("budget.future_year", lang, year=year, as_of=f.as_of)
    elif ex_flows.empty:
        m["notice"] = t("budget.no_execution_long", lang, as_of=f.as_of, scope=scope)
    else:
        m["fig2"] = bc.sankey(merged.assign(executed=merged["executed"].fillna(0)), lang=lang, value="executed",
                              max_level=max_level,
                              title=t("budget.sankey_exec_fig_title", lang, scope=scope,
                                      total=fmt.amount_both(rules.executed_total(ex_flows), lang)))
        m["ex_flows"] = flow_csv(ex_flows)
    return m


def flow_csv(flows: pd.DataFrame) -> pd.DataFrame:
    """A flow table as downloaded: its node columns named as nodes ('from'/'to'), not as a source or a target."""
    return flows.rename(columns={"source": "from", "target": "to", "source_name": "from_name",
                                 "target_name": "to_name"})


def treemap(data, year: int | None, lang: str) -> dict:
    """The planned treemap of the period and the planned-per-year bar with the period highlighted."""
    flows = data("budget_flows", year)
    by_year = data("budget", None, "strategy")
    return {"treemap": bc.treemap(bc.localize_flows(flows, _names_en(data), lang), lang=lang),
            "flows": flow_csv(flows),
            "bar": bc.stacked_bar(by_year, lang=lang, highlight_year=year), "by_year": by_year}


def execution(data, f: Filters, by: str) -> dict:
    """Planned vs executed per strategy/task/project/line (``by``): chart, table as shown (whole 백만원; rates by
    ``rate_cell``), CSV; ``notice`` when nothing was uploaded for the scope (then no chart)."""
    lang = f.lang
    ex = data("execution_by_districts", f.as_of, by, f.districts or None)
    has = ex["has_execution"].astype(bool)
    show = ex.copy()
    show["name"] = [pick(r, "name", lang) for r in ex.to_dict("records")]
    for col in ("planned_year", "executed_year", "planned_to_date", "executed_to_date"):
        show[col] = show[col].round(0)
    for col in ("executed_year", "executed_to_date"):
        show[col] = show[col].where(has)
    for col in ("rate_year", "rate_to_date"):
        show[col] = [rate_cell(r, h, lang) for r, h in zip(show[col], has)]
    show = show[["code", "name", "planned_year", "executed_year", "rate_year", "planned_to_date", "executed_to_date",
                 "rate_to_date"]]
    scope = scope_text(data, f)
    fig = bc.execution_bar(ex, lang=lang, period="year",
                           title=t("budget.exec_fig_title", lang, year=f.year, as_of=f.as_of)) if has.any() else None
    return {"ex": ex, "fig": fig, "show": show,
            "notice": None if has.any() else t("budget.no_execution_long", lang, as_of=f.as_of, scope=scope),
            "caption": t("budget.src_plan", lang) + " " + t("budget.src_exec", lang, as_of=f.as_of, scope=scope)
            + " " + t("budget.exec_rule", lang)}


def funding_label(line: dict, lang: str, short: bool = False) -> str:
    """A line's funding kind as shown: 예산 / 비예산 / '<where>에 포함' ('타 예산에 포함' when short)."""
    if line["funding"] == rules.FUNDING_NONE:
        return t("budget.funding_none", lang)
    if line["funding"] == rules.FUNDING_INCLUDED:
        if short:
            return t("budget.funding_included_short", lang)
        return t("budget.funding_included", lang, where=pick(line, "included_in", lang))
    return t("budget.funding_budget", lang)


def outside_label(line: dict, lang: str) -> str:
    """Why a line is outside Ⅷ's totals, as shown (maeul.read.budget.outside_reason)."""
    reason = rules.outside_reason(line["funding"])
    if reason == "included":
        return t("budget.outside_included", lang, where=pick(line, "included_in", lang))
    return t(f"budget.outside_{reason}", lang)


def printed_total(line: dict, lang: str) -> str:
    """The 계 column: the plan's printed total; where none is printed, the funding kind for 비예산/포함 lines (never a
    silent 0) and '–' for a 예산 line."""
    printed = line["printed_total"]
    if isinstance(printed, str) and printed:
        return fmt.plan_text(printed, lang)
    return funding_label(line, lang, short=True) if line["funding"] != rules.FUNDING_BUDGET else fmt.DASH


def _project_labels(data, lines: pd.DataFrame, lang: str) -> list[str]:
    names = {r["code"]: pick(r, "name", lang) for r in data("budget_names").to_dict("records")}
    return [f"{c} {names.get(c, n)}" for c, n in zip(lines["unit_project_code"], lines["project_name"])]


def lines(data, lang: str) -> dict:
    """Every budget line (table as shown, Ⅷ sums per year) and the lines outside Ⅷ with the reason."""
    all_lines = data("budget_lines")
    recs = all_lines.to_dict("records")
    show = all_lines.copy()
    show["project"] = _project_labels(data, all_lines, lang)
    show["name"] = [pick(r, "name", lang) for r in recs]
    show["funding_label"] = [funding_label(r, lang, short=True) for r in recs]
    show["printed_total"] = [printed_total(r, lang) for r in recs]
    show = show[["code", "project", "name", "funding_label", "counted_in_viii", *YEAR_COLUMNS, "printed_total"]]
    counted = rules.counted_lines(all_lines)
    sums = " · ".join(f"{y} {fmt.number(counted[f'y{y}'].sum(), 0)}" for y in PLAN_YEARS)
    m = {"lines": all_lines, "show": show,
         "sum_caption": t("budget.lines_sum", lang, sums=sums,
                          total=fmt.amount_both(float(counted["total"].sum()), lang)),
         "out": None, "out_table": None}
    out = all_lines[~all_lines["counted_in_viii"].astype(bool)]
    if out.empty:
        return m
    orecs = out.to_dict("records")
    m["out"] = out
    m["out_table"] = pd.DataFrame({
        "code": out["code"].tolist(),
        "project": _project_labels(data, out, lang),
        "name": [pick(r, "name", lang) for r in orecs],
        "amount": [rules.own_amount(r) for r in orecs],
        "kind": [outside_label(r, lang) for r in orecs],
    })
    return m
