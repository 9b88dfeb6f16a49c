"""Read queries the budget and data-quality pages need beyond maeul.read.queries (same style: cursor per query,
bound parameters, DataFrames out; listed in maeul.read.registry).

- `budget_names` — code → Korean/English name for strategies, tasks, unit projects and budget lines.
- `execution_flows` — executed amounts on the links of queries.budget_flows (for the Sankey hovers / 집행 Sankey).
- `execution_by_districts` — queries.budget_execution for several districts at once (executed summed over them).
- `viii_reconciliation` — section Ⅷ's printed figures next to the sums of the lines Ⅷ counts.
- `indicator_data` — per indicator: how many actual rows and published figures exist up to the as-of quarter.

Rules about the budget data (used by the queries here and by the budget page's model, maeul.present.models.budget):

- Funding kinds of a 소요예산 line (budget_line.funding): `FUNDING_BUDGET` 예산 = the line has amounts of its own;
  `FUNDING_NONE` 비예산 = carried out without a budget (no amount); `FUNDING_INCLUDED` 포함 = paid from another line
  (`included_in`), so it has no amount of its own and is never counted twice.
- Which lines section Ⅷ counts: budget_line.counted_in_viii, as transcribed from the plan. A line outside Ⅷ is
  either 비예산, 포함, or a 예산 line the plan left out of Ⅷ's totals (`outside_reason`); only a 예산 line has an
  amount of its own (`own_amount`).
- Reconciliation with Ⅷ: a sum of lines matches Ⅷ's printed figure within `RECON_TOLERANCE` 백만원 (`viii_matches`).
- Execution: amounts come from uploads only. Nothing uploaded for a scope is "no execution" (`executed_total` →
  None), never 0. The plan is citywide (no per-district amounts), so the execution rate executed ÷ planned exists
  only for the citywide scope and a planned amount above 0 (`execution_rate`).
"""

from __future__ import annotations

import pandas as pd

from maeul.read import queries
from maeul.read.rules import Quarter, parse_quarter

# ------------------------------------------------------------------ rules about the budget data

FUNDING_BUDGET = "예산"    # amounts of its own (section Ⅵ)
FUNDING_NONE = "비예산"    # carried out without a budget: no amount
FUNDING_INCLUDED = "포함"  # paid from another line (included_in): no amount of its own, not counted twice
FUNDING_KINDS = (FUNDING_BUDGET, FUNDING_NONE, FUNDING_INCLUDED)

RECON_TOLERANCE = 0.5  # 백만원: a line sum this close to Ⅷ's printed figure matches it (the print is rounded)


def outside_reason(funding) -> str:
    """Why a line is outside Ⅷ's totals: 'none_budget' (비예산), 'included' (포함 — in another line's budget) or
    'left_out' (a 예산 line with an amount in Ⅵ that Ⅷ's totals leave out)."""
    if funding == FUNDING_NONE:
        return "none_budget"
    if funding == FUNDING_INCLUDED:
        return "included"
    return "left_out"


def own_amount(line: dict) -> float | None:
    """A line's five-year amount (budget_lines' `total`) when it has one of its own: a 예산 line with an amount;
    None for 비예산 and 포함 lines (never 0: they are not zero, they are paid otherwise or not at all)."""
    total = line.get("total")
    if line.get("funding") != FUNDING_BUDGET or total is None or pd.isna(total):
        return None
    return float(total)


def counted_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines of budget_lines that section Ⅷ counts in its totals."""
    return lines[lines["counted_in_viii"].astype(bool)]


def viii_matches(rows: pd.DataFrame) -> bool:
    """Rows of viii_reconciliation all match, and their printed and computed sums agree within RECON_TOLERANCE."""
    printed, computed = float(rows["printed_amount"].sum()), float(rows["computed"].sum())
    return bool(rows["match"].all()) and abs(printed - computed) < RECON_TOLERANCE


def planned_total(flows: pd.DataFrame) -> float:
    """Σ planned of budget_flows' first level (총예산 → strategies): the plan's total for the period; 0 when empty."""
    return float(flows.loc[flows["level"] == 1, "planned"].sum()) if not flows.empty else 0.0


def executed_total(ex_flows: pd.DataFrame) -> float | None:
    """Σ executed of execution_flows' first level; None when nothing was uploaded for the scope ("no execution",
    which is not 0)."""
    return float(ex_flows.loc[ex_flows["level"] == 1, "executed"].sum()) if not ex_flows.empty else None


def execution_rate(executed: float | None, planned: float | None, districts=()) -> float | None:
    """executed ÷ planned as a fraction — citywide only: the plan sets no per-district amounts, so a district
    scope has no rate. None also when nothing was executed (no execution uploaded) or nothing planned."""
    if _district_list(districts) is not None or executed is None or not planned:
        return None
    return executed / planned


def _df(con, sql: str, params=None) -> pd.DataFrame:
    with con.cursor() as cur:
        return cur.execute(sql, params or []).df()


def _district_list(districts) -> list[str] | None:
    """None / '' → None (citywide); a code → [code]; a tuple/list of codes → list."""
    if districts is None or districts == "" or districts == ():
        return None
    if isinstance(districts, str):
        return [districts]
    return [str(d) for d in districts]


def budget_names(con) -> pd.DataFrame:
    """code, level (strategy|task|unit_project|line), name_ko, name_en for every node of the budget hierarchy."""
    return _df(con, """
        SELECT code, 'strategy' AS level, name_ko, name_en FROM strategy
        UNION ALL SELECT code, 'task', name_ko, name_en FROM task
        UNION ALL SELECT code, 'unit_project', name_ko, name_en FROM unit_project
        UNION ALL SELECT code, 'line', name_ko, name_en FROM budget_line
        ORDER BY 1""")


def execution_flows(con, as_of: str | Quarter, year: int | None = None, districts=None) -> pd.DataFrame:
    """Executed 백만원 on the links of queries.budget_flows: level (1..4), source, target, executed.

    Only lines Ⅷ counts (as in budget_flows); execution in `year` (None = every year) up to the as-of quarter;
    districts None = every row (district rows and citywide rows), else only those districts' rows.
    A link with no uploaded execution has no row (the page shows "집행 실적 없음", not 0).
    """
    q = parse_quarter(as_of)
    ds = _district_list(districts)
    return _df(con, """
        WITH lines AS (SELECT DISTINCT line_code, unit_project_code, task_code, strategy_code
                       FROM budget_planned WHERE counted_in_viii),
        e AS (
            SELECT l.strategy_code, l.task_code, l.unit_project_code, l.line_code, sum(x.amount_mn) AS amt
            FROM budget_execution_current x JOIN lines l ON l.line_code = x.line_code
            WHERE x.year * 4 + x.quarter - 1 <= $qi AND ($y IS NULL OR x.year = $y)
              AND ($all OR list_contains($ds, x.district_code))
            GROUP BY ALL)
        SELECT 1 AS level, 'total' AS source, strategy_code AS target, sum(amt) AS executed FROM e GROUP BY ALL
        UNION ALL SELECT 2, strategy_code, task_code, sum(amt) FROM e GROUP BY ALL
        UNION ALL SELECT 3, task_code, unit_project_code, sum(amt) FROM e GROUP BY ALL
        UNION ALL SELECT 4, unit_project_code, line_code, sum(amt) FROM e GROUP BY ALL
        ORDER BY 1, 2, 3""", {"qi": q.index, "y": year, "all": ds is None, "ds": ds or []})


def execution_by_districts(con, as_of: str | Quarter, by: str = "strategy", districts=None) -> pd.DataFrame:
    """queries.budget_execution for None, one district or several: for several, executed amounts are summed
    over the districts, planned columns stay empty (the plan is citywide) and rates are left out."""
    ds = _district_list(districts)
    if ds is None or len(ds) == 1:
        return queries.budget_execution(con, as_of, by=by, district=None if ds is None else ds[0])
    parts = [queries.budget_execution(con, as_of, by=by, district=d) for d in ds]
    base = parts[0][["code", "name", "name_en", "planned_year", "planned_to_date"]].copy()
    allp = pd.concat(parts, ignore_index=True)
    agg = allp.groupby("code", sort=False).agg(executed_year=("executed_year", "sum"),
                                               executed_to_date=("executed_to_date", "sum"),
                                               has_execution=("has_execution", "any")).reset_index()
    out = base.merge(agg, on="code", how="left")
    out["rate_year"] = None
    out["rate_to_date"] = None
    return out[list(parts[0].columns)]


def viii_reconciliation(con) -> pd.DataFrame:
    """Section Ⅷ as printed vs the sum of the budget lines Ⅷ counts, per level (total|strategy|unit_project),
    code and year. Columns: level, code, name_ko, name_en, year, printed_amount, printed, computed, diff, match.

    The 'total' rows add up Ⅷ's four strategy rows. A Ⅷ cell printed as text (비예산 / …에 포함) has no amount and
    matches when no counted line has an amount either.
    """
    df = _df(con, """
        WITH comp_s AS (SELECT code, year, planned FROM budget_viii_by_strategy),
        comp_p AS (SELECT code, year, planned FROM budget_viii_by_project),
        v AS (SELECT level, code, year, amount_mn, printed FROM investment_plan_viii
              WHERE level IN ('strategy', 'unit_project'))
        SELECT v.level, v.code, coalesce(s.name_ko, p.name_ko) AS name_ko, coalesce(s.name_en, p.name_en) AS name_en,
               v.year, v.amount_mn AS printed_amount, v.printed,
               CASE WHEN v.level = 'strategy' THEN cs.planned ELSE cp.planned END AS computed
        FROM v
        LEFT JOIN strategy s ON v.level = 'strategy' AND s.code = v.code
        LEFT JOIN unit_project p ON v.level = 'unit_project' AND p.code = v.code
        LEFT JOIN comp_s cs ON v.level = 'strategy' AND cs.code = v.code AND cs.year = v.year
        LEFT JOIN comp_p cp ON v.level = 'unit_project' AND cp.code = v.code AND cp.year = v.year
        ORDER BY CASE v.level WHEN 'strategy' THEN 1 ELSE 2 END, v.code, v.year""")
    strat = df[df["level"] == "strategy"]
    if not strat.empty:
        tot = strat.groupby("year", as_index=False).agg(printed_amount=("printed_amount", "sum"),
                                                        computed=("computed", "sum"))
        tot.insert(0, "level", "total")
        tot.insert(1, "code", "total")
        tot.insert(2, "name_ko", "총계")
        tot.insert(3, "name_en", "Total")
        tot["printed"] = None
        df = pd.concat([tot[df.columns], df], ignore_index=True)
    pa = df["printed_amount"].astype("Float64").fillna(0)
    co = df["computed"].astype("Float64").fillna(0)
    df["diff"] = (co - pa).astype(float)
    df["match"] = (df["diff"].abs() < RECON_TOLERANCE).astype(bool)
    return df


def indicator_data(con, as_of: str | Quarter, districts=None) -> pd.DataFrame:
    """Per indicator: code, name, name_en, role, kind, scope, unit_project_code, n_actual (uploaded or sample rows
    up to the as-of quarter in the scope), n_published (published figures up to then), last_quarter, has_data.

    Scope: districts None = every row (citywide and district rows); else rows of those districts.
    """
    q = parse_quarter(as_of)
    ds = _district_list(districts)
    df = _df(con, """
        WITH a AS (
            SELECT indicator_code, count(*) AS n, max(year * 4 + quarter - 1) AS last_qi
            FROM actual_current
            WHERE year * 4 + quarter - 1 <= $qi AND ($all OR list_contains($ds, district_code))
            GROUP BY ALL),
        p AS (
            SELECT indicator_code, count(*) AS n FROM published_actual
            WHERE year * 4 + quarter - 1 <= $qi AND ($all OR list_contains($ds, district_code))
            GROUP BY ALL)
        SELECT i.code, i.name_ko AS name, i.name_en, i.role, i.target_kind AS kind, i.scope, i.unit_project_code,
               coalesce(a.n, 0) AS n_actual, coalesce(p.n, 0) AS n_published, a.last_qi
        FROM indicator i
        LEFT JOIN a ON a.indicator_code = i.code
        LEFT JOIN p ON p.indicator_code = i.code
        ORDER BY i.seq""", {"qi": q.index, "all": ds is None, "ds": ds or []})
    df["last_quarter"] = df["last_qi"].map(
        lambda v: None if pd.isna(v) else Quarter(int(v) // 4, int(v) % 4 + 1).label)
    df["has_data"] = (df["n_actual"] + df["n_published"]) > 0
    return df.drop(columns=["last_qi"])
