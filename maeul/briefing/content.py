"""The briefing as a format-independent model: what a PDF, an HWPX and an XLSX workbook of a scope all say.

``build(data, f, strategy=None, review=None)`` reads named queries through ``data`` (a ``Reader`` or the web
layer's cached reader) for the scope of ``f`` (districts, as-of, target basis, language), optionally narrowed to
one core value, and returns a ``Briefing``: cover texts, the headline (overall status, status mix, core values,
성과지표 with their direction), the indicators furthest behind with their explanations, the budget planned vs
executed, for districts a profile against the city and the other districts, the appendix of every indicator in
scope, and the sources and data-quality caveats. Tables are ``Table``s of raw rows and export columns
(maeul.present.export.Col): a renderer prints ``cells()`` (the app's formatter) or writes ``frame()`` (numbers).

``review`` is how verification and explanations come in (issue 14's reporting cycle): None, or a DataFrame / list
of records with ``code``, ``verified`` (True/False/None) and ``explanation``. Without it, or while any rated
indicator is not verified, the briefing says its figures are 잠정 (provisional).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from maeul import PLAN_YEARS
from maeul.i18n import pick, t
from maeul.present import export
from maeul.present import format as fmt
from maeul.present.export import Col
from maeul.present.filters import Filters
from maeul.read import progress as progress_mod
from maeul.read import rules
from maeul.read.rules import NO_DATA, NO_TARGET, STATUSES

RATED_ROLES = ("primary", "sub")
BEHIND_N = 8
# Statuses that rate nothing (the lead's "판정 안 함" joins them once maeul.read.rules defines NOT_RATED).
UNRATED = tuple(s for s in (NO_DATA, NO_TARGET, getattr(rules, "NOT_RATED", None)) if s)


@dataclass(frozen=True)
class Table:
    """A table of the briefing: raw rows (dicts keyed by the columns' ``key``, with ``unit``/``kind``/``*_stage``
    where a 'value' column needs them, and ``status`` for colouring) and the columns that say how to show them."""

    title: str
    cols: tuple[Col, ...]
    rows: tuple[dict, ...]
    widths: tuple[float, ...] = ()
    note: str = ""

    def headers(self, lang: str) -> list[str]:
        return [export.header(c, lang) for c in self.cols]

    def cells(self, lang: str) -> list[list[str]]:
        """Every cell as printed text (the app's formatter; '–' when missing)."""
        return [[export.display(r.get(c.key), c, r, lang) for c in self.cols] for r in self.rows]

    def frame(self, lang: str) -> pd.DataFrame:
        """The table as exported (numbers as numbers, headers with units)."""
        return export.export_frame(pd.DataFrame(list(self.rows)), self.cols, lang)

    def statuses(self) -> list[str | None]:
        return [r.get("status") for r in self.rows]


@dataclass(frozen=True)
class Briefing:
    lang: str
    title: str
    scope: str                 # '서울시 전체', '강남구', '2. 주민자치'
    scope_kind: str            # 'plan' | 'strategy' | 'districts'
    as_of: str
    made: str                  # the date the document was made
    verified: bool             # False: the figures are 잠정 (provisional)
    state_note: str
    sample: bool               # sample (예시) rows are among the actuals
    headline: dict             # rate, rate_text, status, status_label, rated, mix [(status, label, n)], lines
    values: Table              # the core values (or, for one core value, its tasks)
    kpis: Table                # 성과지표 with their direction since the baseline
    behind: Table
    budget: Table
    budget_note: str
    districts: Table           # every district's roll-up over the scope's indicators (the map)
    appendix: Table
    quality: Table
    sources: tuple[str, ...]
    caveats: tuple[str, ...]
    district: dict | None = None   # for district scopes: the profile Table and the profile chart's dots
    file_stem: str = "maeul_briefing"

    def label(self, key: str, **kw) -> str:
        return t(f"brief.{key}", self.lang, **kw)


# ------------------------------------------------------------------ scope and review


def _strategy_row(data, strategy: str | None) -> dict | None:
    if strategy is None:
        return None
    s = data("strategies")
    row = s[s["code"].astype(str) == str(strategy)]
    if row.empty:
        raise ValueError(f"알 수 없는 핵심가치입니다 (1–4): {strategy}")
    return row.iloc[0].to_dict()


def scope_text(data, f: Filters, srow: dict | None) -> str:
    """'서울시 전체', '강남구, 송파구', or '2. 주민자치' (with ' · 강남구' when districts are chosen too)."""
    names = {r["code"]: pick(r, "name", f.lang) for r in data("districts").to_dict("records")}
    place = f.scope_label(names)
    if srow is None:
        return place
    value = f"{srow['code']}. {pick(srow, 'name', f.lang)}"
    return value if not f.districts else f"{value} · {place}"


def review_map(review, prog: pd.DataFrame) -> dict[str, dict]:
    """code → {'verified', 'explanation'} from ``review`` (DataFrame or records) or, failing that, from
    ``verified``/``explanation`` columns progress may carry."""
    src = review if review is not None else prog
    if isinstance(src, pd.DataFrame):
        if "code" not in src.columns:
            return {}
        recs = src.to_dict("records")
    else:
        recs = list(src or [])
    out = {}
    for r in recs:
        v, e = r.get("verified"), r.get("explanation")
        out[str(r.get("code"))] = {"verified": None if fmt.missing(v) else bool(v),
                                   "explanation": None if fmt.missing(e) or not str(e).strip() else str(e)}
    return out


def _state(prog: pd.DataFrame, reviews: dict[str, dict], lang: str) -> tuple[bool, str]:
    """(verified, note): verified only when every rated indicator's figure is marked verified."""
    rated = prog[~prog["status"].isin(UNRATED)]["code"]
    verified = len(rated) > 0 and all((reviews.get(c) or {}).get("verified") is True for c in rated)
    return verified, t("brief.state.verified" if verified else "brief.state.provisional", lang)


# ------------------------------------------------------------------ headline


def _overall(prog: pd.DataFrame, srow: dict | None) -> dict:
    level = "plan" if srow is None else "strategy"
    roll = progress_mod.rollup(prog, level)
    if srow is not None and len(roll):
        roll = roll[roll["code"].astype(str) == str(srow["code"])]
    if not len(roll):
        return {"rate": None, "status": NO_DATA, "n_rated": 0, "n_indicators": 0}
    return roll.iloc[0].to_dict()


def headline(prog: pd.DataFrame, srow: dict | None, lang: str) -> dict:
    """Overall rate and status (the roll-up rule) and the status mix of the primary indicators — the overview
    page's figures for the same scope — and the summary lines of the first page."""
    r = _overall(prog, srow)
    mix = [(s, fmt.status_label(s, lang), int(r.get(s, 0) or 0)) for s in STATUSES]
    rate = None if fmt.missing(r.get("rate")) else float(r["rate"])
    lines = [t("brief.line.overall", lang, rate=fmt.rate(rate), status=fmt.status_label(r["status"], lang),
               rated=int(r.get("n_rated") or 0), n=int(r.get("n_indicators") or 0)),
             t("brief.line.mix", lang, mix=fmt.status_counts_text(r, lang))]
    return {"rate": rate, "rate_text": fmt.rate(rate), "status": r["status"],
            "status_label": fmt.status_label(r["status"], lang), "n_rated": int(r.get("n_rated") or 0),
            "n_indicators": int(r.get("n_indicators") or 0), "mix": mix, "lines": lines}


VALUE_COLS = (Col("code", "col.code", "code"), Col("name", "exp.strategy"), Col("rate", "col.rate", "rate"),
              Col("status", "col.status", "status"), Col("counts", "brief.col.counts"),
              Col("exec_rate", "exp.exec_rate_year", "percent"))


def values_table(data, prog: pd.DataFrame, f: Filters, srow: dict | None) -> Table:
    """One row per core value (or, for one core value, per 추진과제): roll-up rate, status, the status counts of its
    primary indicators and the as-of year's budget execution (citywide scopes)."""
    lang = f.lang
    if srow is None:
        names, roll = data("strategies"), progress_mod.rollup(prog, "strategy")
        budget = data("budget_scope", f.as_of, f.district_arg)
        title, name_label = t("brief.values", lang), "exp.strategy"
    else:
        tasks = data("tasks")
        names = tasks[tasks["strategy_code"].astype(str) == str(srow["code"])]
        roll = progress_mod.rollup(prog, "task")
        budget = data("budget_execution", f.as_of, "task", f.district_arg)
        title, name_label = t("brief.tasks", lang), "exp.task"
    rr = roll.set_index("code") if len(roll) else pd.DataFrame()
    bb = budget.set_index("code") if len(budget) else pd.DataFrame()
    rows = []
    for s in names.to_dict("records"):
        code = str(s["code"])
        r = rr.loc[code].to_dict() if code in rr.index else {}
        b = bb.loc[code].to_dict() if code in bb.index else {}
        rows.append({"code": code, "name": pick(s, "name", lang), "rate": r.get("rate"),
                     "status": r.get("status", NO_DATA), "counts": fmt.status_counts_text(r, lang) if r else "–",
                     "exec_rate": b.get("rate_year")})
    cols = (VALUE_COLS[0], Col("name", name_label), *VALUE_COLS[2:])
    return Table(title, cols, tuple(rows), (0.6, 2.2, 0.9, 0.8, 3.0, 1.1))


def _trend(row: dict) -> str | None:
    tr = row.get("trend")
    return None if fmt.missing(tr) else str(tr)


KPI_COLS = (Col("code", "col.code", "code"), Col("name", "brief.col.kpi"), Col("unit", "col.unit", "unit"),
            Col("baseline", "exp.baseline", "value"), Col("target", "exp.target_2022", "value"),
            Col("actual", "col.actual", "value"), Col("period", "exp.period"), Col("status", "col.status", "status"),
            Col("trend_label", "exp.trend"))


def kpi_table(data, f: Filters) -> Table:
    """The plan's 성과지표 (K1–K6, citywide): baseline, 2022 target, the latest actual with its period, status and the
    direction since the baseline (progress' ``trend`` where it has one; else worked out from baseline, actual and
    the indicator's direction)."""
    lang = f.lang
    prog = data("progress", f.as_of, None, f.basis)
    hier = data("hierarchy").set_index("code")
    yearly = data("yearly_targets", None, f.basis)
    y22 = yearly[yearly["year"] == PLAN_YEARS[-1]].set_index("code") if len(yearly) else pd.DataFrame()
    rows = []
    for r in prog[prog["role"] == "headline"].to_dict("records"):
        h = hier.loc[r["code"]].to_dict() if r["code"] in hier.index else {}
        target = y22.loc[r["code"], "target"] if r["code"] in y22.index else r.get("plan_total")
        trend = _trend(r) or direction(h.get("baseline"), r.get("actual"), r.get("direction"))
        rows.append({"code": r["code"], "name": pick(r, "name", lang), "unit": r["unit"], "kind": r["kind"],
                     "baseline": h.get("baseline"), "target": target, "actual": r.get("actual"),
                     "period": r.get("actual_period") or None, "status": r["status"], "trend": trend,
                     "trend_label": t(f"trend.{trend}", lang) if trend else None})
    return Table(t("brief.kpis", lang), KPI_COLS, tuple(rows), (0.5, 3.0, 0.6, 0.9, 0.9, 0.9, 0.9, 0.8, 1.0),
                 note=t("brief.kpis_note", lang))


def direction(baseline, actual, better: str | None) -> str | None:
    """'improving' / 'unchanged' / 'worsening' from the baseline to the actual for an indicator whose ``better``
    direction is 'higher' or 'lower'; 'not_comparable' without both figures."""
    if fmt.missing(baseline) or fmt.missing(actual):
        return "not_comparable"
    d = float(actual) - float(baseline)
    if abs(d) < 1e-9:
        return "unchanged"
    return "improving" if (d > 0) == (better != "lower") else "worsening"


# ------------------------------------------------------------------ behind, budget


BEHIND_COLS = (Col("code", "col.code", "code"), Col("name", "exp.indicator"), Col("unit", "col.unit", "unit"),
               Col("expected", "col.expected", "value"), Col("actual", "col.actual", "value"),
               Col("rate", "col.rate", "rate"), Col("status", "col.status", "status"),
               Col("explanation", "exp.explanation"))


def behind_table(prog: pd.DataFrame, reviews: dict[str, dict], lang: str, n: int = BEHIND_N) -> Table:
    """The ``n`` rated primary/sub indicators with the lowest rate (ties by code), with their explanations."""
    d = prog[prog["role"].isin(RATED_ROLES) & prog["rate"].notna() & ~prog["status"].isin(UNRATED)].copy()
    d["_r"] = d["rate"].astype(float)
    d = d[d["_r"] < 1.0].sort_values(["_r", "code"]).head(n)
    rows = tuple({**_value_row(r, lang), "explanation": (reviews.get(r["code"]) or {}).get("explanation")
                  or t("brief.no_explanation", lang)} for r in d.to_dict("records"))
    return Table(t("brief.behind", lang), BEHIND_COLS, rows, (0.7, 2.6, 0.6, 0.9, 0.9, 0.7, 0.7, 2.4),
                 note=t("brief.behind_note", lang) if rows else t("brief.behind_none", lang))


def _value_row(r: dict, lang: str) -> dict:
    """A progress row's figures for a table (stages of milestones kept for 'value' columns)."""
    keep = ("code", "unit", "kind", "target", "target_stage", "expected", "expected_stage", "actual",
            "actual_stage", "rate", "status", "source", "target_basis", "actual_period")
    return {**{k: r.get(k) for k in keep}, "name": pick(r, "name", lang)}


BUDGET_COLS = (Col("code", "col.code", "code"), Col("name", "exp.strategy"),
               Col("planned_year", "exp.planned_year", "amount"), Col("executed_year", "exp.executed_year", "amount"),
               Col("rate_year", "exp.exec_rate_year", "percent"),
               Col("planned_to_date", "exp.planned_to_date", "amount"),
               Col("executed_to_date", "exp.executed_to_date", "amount"),
               Col("rate_to_date", "exp.exec_rate_to_date", "percent"))


def budget_table(data, f: Filters, srow: dict | None) -> tuple[Table, str]:
    """Planned vs executed (백만원) per core value (or the tasks of one), the as-of year and 2018 to date, with a
    total row; and a note (district scopes: the plan is citywide, so only executed amounts)."""
    lang = f.lang
    if srow is None:
        b = data("budget_scope", f.as_of, f.district_arg)
        names = {str(r["code"]): pick(r, "name", lang) for r in data("strategies").to_dict("records")}
    else:
        b = data("budget_execution", f.as_of, "task", f.district_arg)
        b = b[b["code"].astype(str).str.startswith(f"{srow['code']}-")]
        names = {str(r["code"]): pick(r, "name", lang) for r in data("tasks").to_dict("records")}
    rows = [_budget_row(r, names, lang) for r in b.to_dict("records")]
    if rows:
        rows.append(_total_row(rows, lang))
    cols = (BUDGET_COLS[0], Col("name", "exp.strategy" if srow is None else "exp.task"), *BUDGET_COLS[2:])
    has = any(r["has_execution"] for r in rows)
    note = t("brief.budget_note", lang, year=f.year) if has else t("brief.budget_none", lang)
    if f.districts:
        note += " " + t("overview.budget.district_note", lang)
    return Table(t("brief.budget", lang, year=f.year), cols, tuple(rows), (0.4, 1.4, 1.1, 1.1, 0.9, 1.1, 1.1, 0.9)), note


def _budget_row(r: dict, names: dict[str, str], lang: str) -> dict:
    """One budget row; executed amounts are missing ('–'), not 0, where nothing was uploaded for it."""
    has = bool(r.get("has_execution"))
    out = {"code": str(r["code"]), "name": names.get(str(r["code"]), pick(r, "name", lang)), "has_execution": has}
    for k in ("planned_year", "executed_year", "rate_year", "planned_to_date", "executed_to_date", "rate_to_date"):
        out[k] = r.get(k) if has or not k.startswith(("executed", "rate")) else None
    return out


def _total_row(rows: list[dict], lang: str) -> dict:
    def total(k):
        vals = [r[k] for r in rows if not fmt.missing(r.get(k))]
        return sum(vals) if vals else None
    out = {"code": "", "name": t("brief.total", lang), "has_execution": any(r["has_execution"] for r in rows)}
    for k in ("planned_year", "executed_year", "planned_to_date", "executed_to_date"):
        out[k] = total(k)
    for k, (ex, pl) in {"rate_year": ("executed_year", "planned_year"),
                        "rate_to_date": ("executed_to_date", "planned_to_date")}.items():
        out[k] = out[ex] / out[pl] if out["has_execution"] and out[pl] and out[ex] is not None else None
    return out


# ------------------------------------------------------------------ districts: profile against the city


PROFILE_COLS = (Col("code", "col.code", "code"), Col("name", "exp.indicator"), Col("rate", "col.rate", "rate"),
                Col("status", "col.status", "status"), Col("city_rate", "exp.city_rate", "rate"),
                Col("median_rate", "exp.median_rate", "rate"), Col("rank", "exp.rank"))


def district_section(data, f: Filters, prog: pd.DataFrame, every: pd.DataFrame) -> dict:
    """For a district scope: each primary indicator's rate in the scope against the city's and the median of the
    25 districts (with the rank of one district), and the dots of every district for the profile chart."""
    lang = f.lang
    city = data("progress", f.as_of, None, f.basis).set_index("code")
    prim = prog[(prog["role"] == "primary") & (prog["scope"] != "citywide")]
    rows, dots = [], []
    for r in prim.to_dict("records"):
        per = every[(every["code"] == r["code"]) & every["rate"].notna()]
        ranked = per.assign(_r=per["rate"].astype(float)).sort_values("_r", ascending=False)["district"].tolist()
        rank = (f"{ranked.index(f.districts[0]) + 1}/{len(ranked)}" if len(f.districts) == 1
                and f.districts[0] in ranked else None)
        rows.append({"code": r["code"], "name": pick(r, "name", lang), "rate": r["rate"], "status": r["status"],
                     "city_rate": city["rate"].get(r["code"]), "rank": rank,
                     "median_rate": float(per["rate"].astype(float).median()) if len(per) else None})
        dots += [{"code": r["code"], "district": d, "rate": float(x)} for d, x in zip(per["district"], per["rate"])]
    table = Table(t("brief.profile", lang), PROFILE_COLS, tuple(rows), (0.7, 3.0, 0.8, 0.8, 1.0, 1.0, 0.7),
                  note=t("brief.profile_note", lang, basis=t(f"basis.{f.basis}", lang)))
    return {"table": table, "dots": pd.DataFrame(dots, columns=["code", "district", "rate"])}


DISTRICT_COLS = (Col("district_code", "brief.col.district_code", "code"), Col("name", "col.district"),
                 Col("rate", "col.rate", "rate"), Col("status", "col.status", "status"),
                 Col("counts", "brief.col.counts"), Col("selected", "brief.col.selected", "bool"))


def districts_table(data, f: Filters, every: pd.DataFrame, srow: dict | None) -> Table:
    """Every district's overall roll-up over the scope's indicators (the plan, or one core value): the map's
    colours and the workbook's district sheet; the briefing's own districts marked."""
    lang = f.lang
    names = {r["code"]: pick(r, "name", lang) for r in data("districts").to_dict("records")}
    level = "plan" if srow is None else "strategy"
    rows = []
    for d, g in every.groupby("district", sort=True):
        roll = progress_mod.rollup(g, level)
        rec = roll.iloc[0].to_dict() if len(roll) else {"rate": None, "status": NO_DATA}
        rows.append({"district_code": d, "name": names.get(d, d), "rate": rec["rate"], "status": rec["status"],
                     "counts": fmt.status_counts_text(rec, lang) if len(roll) else "–", "selected": d in f.districts})
    return Table(t("brief.map", lang), DISTRICT_COLS, tuple(rows), (0.8, 1.2, 0.8, 0.8, 3.0, 0.7),
                 note=t("brief.map_note", lang))


# ------------------------------------------------------------------ appendix, sources, caveats


APPENDIX_COLS = (Col("code", "col.code", "code"), Col("name", "exp.indicator"), Col("unit", "col.unit", "unit"),
                 Col("target", "col.target", "value"), Col("expected", "col.expected", "value"),
                 Col("actual", "col.actual", "value"), Col("rate", "col.rate", "rate"),
                 Col("status", "col.status", "status"), Col("source", "col.source", "source"),
                 Col("explanation", "exp.explanation"))


def appendix_table(prog: pd.DataFrame, reviews: dict[str, dict], lang: str) -> Table:
    """Every indicator in scope (plan order): target, expected by now, actual, rate, status, source, explanation."""
    rows = tuple({**_value_row(r, lang), "explanation": (reviews.get(r["code"]) or {}).get("explanation")}
                 for r in prog.to_dict("records"))
    return Table(t("brief.appendix", lang), APPENDIX_COLS, rows, (0.85, 2.8, 0.6, 0.8, 0.8, 0.8, 0.65, 0.85, 0.55, 1.3),
                 note=t("brief.appendix_note", lang))


QUALITY_COLS = (Col("id", "brief.col.id", "code"), Col("where", "brief.col.where"), Col("figure_a", "brief.col.a"),
                Col("figure_b", "brief.col.b"), Col("model_uses", "brief.col.uses"), Col("why", "brief.col.why"))


def quality_table(data, lang: str) -> Table:
    """The plan's own inconsistencies (data_quality_note) and which figure the model uses."""
    rows = tuple(data("quality_notes").to_dict("records"))
    return Table(t("brief.quality", lang), QUALITY_COLS, rows, (0.5, 1.5, 2, 2, 1.5, 3))


def sources(prog: pd.DataFrame, lang: str) -> tuple[str, ...]:
    """The plan document, then every published (공표) figure the scope's actuals use, then uploads."""
    out = [t("brief.source.plan", lang)]
    pub = prog[prog["source"] == "공표"]
    for r in pub.drop_duplicates("source_detail").to_dict("records"):
        out.append(f"{r['code']} {pick(r, 'name', lang)}: {fmt.text_or_dash(r.get('source_detail'))}")
    if prog["source"].isin(["업로드", "예시"]).any():
        out.append(t("brief.source.uploads", lang))
    return tuple(out)


def caveats(data, f: Filters, prog: pd.DataFrame, sample: bool, verified: bool) -> tuple[str, ...]:
    """What a reader must know: provisional figures, sample data, indicators without data, districts that have not
    reported lately, derived district targets, and the plan's own inconsistencies."""
    lang = f.lang
    out = [] if verified else [t("brief.caveat.provisional", lang)]
    if sample:
        out.append(t("brief.caveat.sample", lang))
    no_data = prog[prog["status"] == NO_DATA]
    if len(no_data):
        out.append(t("brief.caveat.no_data", lang, n=len(no_data), codes=", ".join(no_data["code"].head(12))
                     + (" …" if len(no_data) > 12 else "")))
    stale = data("stale_districts", f.as_of)
    stale = stale[stale["quarters_behind"].fillna(99) > 0] if len(stale) else stale
    if f.districts and len(stale):
        stale = stale[stale["district_code"].isin(f.districts)]
    if len(stale):
        out.append(t("brief.caveat.stale", lang, n=len(stale), names=", ".join(stale["district_name"].head(10))))
    if f.districts:
        out.append(t("caption.derived", lang, basis=t(f"basis.{f.basis}", lang)))
    out.append(t("brief.caveat.quality", lang, n=len(data("quality_notes"))))
    out.append(t("caption.rollup_rule", lang) + " " + t("caption.status_rule", lang))
    return tuple(out)


# ------------------------------------------------------------------ the briefing


def build(data, f: Filters, strategy: str | None = None, review=None, made: dt.date | None = None) -> Briefing:
    """The briefing of ``f``'s scope as of ``f.as_of`` (one core value when ``strategy`` is '1'–'4')."""
    lang = f.lang
    srow = _strategy_row(data, strategy)
    prog = data("progress", f.as_of, f.district_arg, f.basis)
    if srow is not None:
        prog = prog[prog["strategy_code"].astype(str) == str(srow["code"])]
    head = headline(prog, srow, lang)  # the overview page's figures: every primary indicator of the scope
    if f.districts:  # a district's own indicators only (city-only ones have no district part), as on its profile
        prog = prog[prog["scope"] != "citywide"]
    reviews = review_map(review, prog)
    verified, note = _state(prog, reviews, lang)
    sample = bool((prog["source"] == "예시").any())
    every = data("progress_by_district", f.as_of, f.basis, None)
    if srow is not None:
        every = every[every["strategy_code"].astype(str) == str(srow["code"])]
    scope = scope_text(data, f, srow)
    budget, budget_note = budget_table(data, f, srow)
    made = made or dt.date.today()
    kind = "strategy" if srow is not None else "districts" if f.districts else "plan"
    what = t("brief.file_what", lang)
    return Briefing(
        lang=lang, title=t("brief.title", lang), scope=scope, scope_kind=kind, as_of=f.as_of,
        made=made.isoformat(), verified=verified, state_note=note, sample=sample,
        headline=head, values=values_table(data, prog, f, srow), kpis=kpi_table(data, f),
        behind=behind_table(prog, reviews, lang), budget=budget, budget_note=budget_note,
        districts=districts_table(data, f, every, srow), appendix=appendix_table(prog, reviews, lang),
        quality=quality_table(data, lang), sources=sources(prog, lang),
        caveats=caveats(data, f, prog, sample, verified),
        district=district_section(data, f, prog, every) if f.districts else None,
        file_stem=export.export_name(scope, f.as_of, what, "x")[:-2],
    )
