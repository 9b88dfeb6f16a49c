"""전략 추적 (strategy tracking) page model: 핵심가치 → 추진과제 → 단위사업 → 지표, and one indicator in detail.

Pure functions of (data, filters, widget values) → dicts of plain data, display tables, texts and figures; the page
(pages/strategy.py) memoises each section and draws it. No progress rules live here: targets, rates and statuses
come from ``maeul.read.progress``; this module only joins, filters and formats.
"""

from __future__ import annotations

import pandas as pd

from maeul import PLAN_YEARS
from maeul.i18n import pick, t
from maeul.present import charts
from maeul.present import format as fmt
from maeul.present.filters import Filters
from maeul.present.models.common import district_names, scope_text, value_text
from maeul.read import progress as progress_mod
from maeul.read import rules
from maeul.read.rules import BEHIND, STATUSES, parse_quarter

ROLES = ("primary", "sub", "goal", "headline")
DEFAULT_ROLES = ("primary", "sub")
TABLE_COLUMNS = ["strategy", "task", "project", "code", "indicator", "role", "kind", "unit", "target", "expected",
                 "actual", "period", "rate", "status", "source", "department", "target_basis", "verified",
                 "explanation", "_status", "_role", "_strategy_code"]


def _progress(data, f: Filters) -> pd.DataFrame:
    return data("progress", f.as_of, f.district_arg, f.basis, f.verified_only)


# ------------------------------------------------------------------ sections


def header(data, f: Filters) -> dict:
    """Title, subtitle, the scope line and (for districts) the note on derived targets."""
    lang = f.lang
    return {
        "title": t("strategy.title", lang),
        "subtitle": t("strategy.subtitle", lang),
        "scope": t("strategy.scope", lang, scope=scope_text(data, f), as_of=f.as_of),
        "note": t("strategy.district_note", lang, basis=t(f"basis.{f.basis}", lang)) if f.districts else None,
    }


def tasks(data, f: Filters) -> dict:
    """The task roll-up table as shown."""
    return {"table": charts.status_pills(task_table(_progress(data, f), data("hierarchy"), f.lang))}


def tree_options(data, f: Filters) -> dict:
    """The indicator table's filters: core values (''= all) with labels, roles (default: primary and sub) and
    statuses with their labels."""
    lang = f.lang
    strategies = data("strategies")
    return {
        "strategies": [""] + [str(c) for c in strategies["code"]],
        "strategy_labels": {str(r["code"]): f"{r['code']} {pick(r, 'name', lang)}"
                            for r in strategies.to_dict("records")},
        "roles": list(ROLES),
        "default_roles": list(DEFAULT_ROLES),
        "role_labels": {r: t(f"role.{r}", lang) for r in ROLES},
        "statuses": list(STATUSES),
        "status_labels": {s: fmt.status_text(s, lang) for s in STATUSES},
    }


def tree(data, f: Filters, strategy: str, roles: tuple, statuses: tuple) -> dict:
    """The indicator table filtered by core value (''= all), roles and statuses (() = all), as shown and as
    downloaded, with its height and the 'n of total shown' caption."""
    table = indicator_table(_progress(data, f), data("hierarchy"), f.lang)
    view = table
    if strategy:
        view = view[view["_strategy_code"] == strategy]
    if roles:
        view = view[view["_role"].isin(roles)]
    if statuses:
        view = view[view["_status"].isin(statuses)]
    return {"view": charts.status_pills(view), "height": min(38 + 35 * max(len(view), 1), 560),
            "caption": t("strategy.tree_caption", f.lang, n=len(view), total=len(table)),
            "target_label": t("strategy.col.target_year", f.lang, year=f.year),
            "data": tree_csv(view, _progress(data, f))}


TREE_RAW = ("unit", "kind", "target", "target_stage", "expected", "expected_stage", "actual", "actual_stage",
            "actual_period", "rate", "status", "source", "target_basis", "verified", "explanation")


def tree_csv(view: pd.DataFrame, prog: pd.DataFrame) -> pd.DataFrame:
    """The indicator table as downloaded: its names and roles as shown, the figures raw from progress (the export
    vocabulary formats them: numbers as numbers, rate as %, status as words)."""
    names = view[["strategy", "task", "project", "code", "indicator", "role", "department"]]
    return names.merge(prog[["code", *(c for c in TREE_RAW if c in prog.columns)]], on="code", how="left")


def indicator_from_link(raw, codes) -> str | None:
    """The indicator a link (?ind=…) names: the code itself (4-3-1), or — for links made before codes were stored —
    the label as it was shown in either language ('4-3-1 · 열린육아방 …', '4-3-1 · Open childcare …'); None when it
    names none of ``codes``."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    code = raw.split("·")[0].strip()
    return code if code in codes else None


def options(data, f: Filters) -> dict[str, str]:
    """The indicator selection box: code → 'code · name', in plan order."""
    return indicator_options(_progress(data, f), f.lang)


# ------------------------------------------------------------------ hierarchy tables


def _indicator_row(r: dict, hr: dict, lang: str) -> dict:
    """One indicator of the table; headline indicators (no core value, task or unit project) in their own group."""
    src = r.get("source")
    s_code, t_code, p_code = (fmt.text(hr.get(k)) for k in ("strategy_code", "task_code", "unit_project_code"))
    return {
        "strategy": f"{s_code} {pick(hr, 'strategy_name', lang)}".strip() if s_code
        else t("strategy.headline_group", lang),
        "task": f"{t_code} {pick(hr, 'task_name', lang)}" if t_code else "",
        "project": f"{p_code} {pick(hr, 'project_name', lang)}" if p_code else "",
        "code": r["code"],
        "indicator": pick(r, "name", lang),
        "role": t(f"role.{r['role']}", lang),
        "kind": t(f"kind.{r['kind']}", lang),
        "unit": fmt.unit_label(r["unit"], lang),
        "target": value_text(r, "target", lang),
        "expected": value_text(r, "expected", lang),
        "actual": value_text(r, "actual", lang),
        "period": fmt.text(r.get("actual_period")),
        "rate": fmt.rate_value(r.get("rate")),
        "status": fmt.status_text(r["status"], lang),
        "source": t(f"source.{src}", lang) if isinstance(src, str) and src else "–",
        "department": pick(hr, "department", lang),
        "target_basis": fmt.basis_text(r.get("target_basis"), lang),
        "verified": fmt.verified_text(r.get("verified"), lang),
        "explanation": fmt.text(r.get("explanation")),
        "_status": r["status"],
        "_role": r["role"],
        "_strategy_code": fmt.text(r.get("strategy_code")),
    }


def indicator_table(prog: pd.DataFrame, hier: pd.DataFrame, lang: str = "ko") -> pd.DataFrame:
    """One row per indicator: strategy / task / unit project / indicator with target, expected, actual (text with
    units), rate (% number for a progress bar), status (colour dot + label), source and 추진부서.

    Hierarchy order (the plan's own order); the code column links back to the selection box."""
    h = hier.set_index("code")
    rows = [_indicator_row(r, h.loc[r["code"]].to_dict() if r["code"] in h.index else {}, lang)
            for r in prog.to_dict("records")]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def task_table(prog: pd.DataFrame, hier: pd.DataFrame, lang: str = "ko", weights=None) -> pd.DataFrame:
    """Task roll-up (progress.rollup level 'task') with strategy and task names, rate in %, status and counts."""
    roll = progress_mod.rollup(prog, "task", weights)
    if roll.empty:
        return pd.DataFrame(columns=["strategy", "task", "rate", "status", "n", "counts", "_status"])
    names = hier.drop_duplicates("task_code").set_index("task_code")
    out = []
    for r in roll.to_dict("records"):
        hr = names.loc[r["code"]].to_dict() if r["code"] in names.index else {}
        out.append({
            "strategy": f"{hr.get('strategy_code', '')} {pick(hr, 'strategy_name', lang)}".strip(),
            "task": f"{r['code']} {pick(hr, 'task_name', lang)}",
            "rate": fmt.rate_value(r["rate"]),
            "status": fmt.status_text(r["status"], lang),
            "n": f"{int(r['n_rated'])} / {int(r['n_indicators'])}",
            "counts": fmt.status_counts_text(r, lang),
            "_status": r["status"],
        })
    return pd.DataFrame(out)


def indicator_options(prog: pd.DataFrame, lang: str = "ko") -> dict[str, str]:
    """code → 'code · name' for the indicator selection box, in plan order, headline indicators last."""
    return {r["code"]: f"{r['code']} · {pick(r, 'name', lang)}" for r in prog.to_dict("records")}


# ------------------------------------------------------------------ one indicator in detail


def detail(data, f: Filters, code: str) -> dict:
    """Everything the selected indicator's detail shows: header, numbers, facts, chart, tables, district
    breakdown."""
    lang = f.lang
    prog = _progress(data, f)
    hier = data("hierarchy")
    row = prog[prog["code"] == code].iloc[0].to_dict()
    hrow = hier[hier["code"] == code].iloc[0].to_dict() if (hier["code"] == code).any() else {}
    kind, unit = row["kind"], row["unit"]
    chart = _chart(data, f, row, hrow)
    yearly, series = chart.pop("yearly"), chart.pop("series")
    role_label, kind_label = t(f"role.{row['role']}", lang), t(f"kind.{kind}", lang)
    verified = f" · **{fmt.verified_text(row.get('verified'), lang)}**" if row.get("verified") is not None else ""
    return {
        "title": f"{code} · {pick(row, 'name', lang)}",
        "status_line": f"{fmt.status_md(row['status'], lang)} · {role_label} · {kind_label}{verified}",
        "explanations": explanations(data, f, code),
        "unexplained_owner": fmt.text_or_dash(pick(hrow, "department", lang))
        if row["status"] == BEHIND and not isinstance(row.get("explanation"), str) else None,
        "metrics": (ms := metrics(row, f)),
        "metric_width": metric_width(ms),
        "facts": "\n".join(f"- **{k}**: {v}" for k, v in facts(row, hrow, lang)),
        "note": hrow["note"] if isinstance(hrow.get("note"), str) and hrow["note"].strip() else None,
        "citywide_note": bool(f.districts) and row.get("scope") == "citywide",
        **chart,
        "kind_help": t(f"strategy.kind_help.{kind}", lang),
        "printed": printed_targets(data("targets", code), yearly, unit, lang),
        "actuals": actuals_table(series, unit, kind, f.as_of, lang),
        "districts": districts(data, f, code, row),
    }


def metrics(row: dict, f: Filters) -> list[tuple[str, str, str | None]]:
    """The indicator's numbers as of the quarter: (label, value, help) for the year's target, expected, actual (with
    where a running total's parts came from), rate (or the status when there is none, with why) and the plan's
    final target."""
    lang = f.lang
    is_ms = row["kind"] == "milestone"
    rate = row.get("rate")
    rate_help = t("strategy.m.not_rated_help", lang) if row.get("status") == rules.NOT_RATED else None
    q = parse_quarter(f.as_of)
    actual_label = t("strategy.ytd.actual", lang, year=q.year, q=q.quarter) if row["kind"] == "annual" \
        else t("col.actual", lang)
    return [
        (t("strategy.m.target", lang, year=f.year), value_text(row, "target", lang), None),
        (t("col.expected", lang), value_text(row, "expected", lang), None),
        (actual_label, value_text(row, "actual", lang), actual_help(row, lang)),
        (t("col.rate", lang), fmt.rate(rate) if not fmt.missing(rate) else fmt.status_label(row["status"], lang),
         rate_help),
        (t("strategy.m.plan_total", lang), fmt.stage_label(row.get("final_stage"), lang) if is_ms
         else value_text(row, "plan_total", lang), t("strategy.m.plan_total_help", lang)),
    ]


METRIC_FONT = 36  # st.metric's value font (2.25rem)


def metric_width(ms: list[tuple[str, str, str | None]]) -> int:
    """The least width (px) of a metric cell that shows every label and value whole ('1,000 cases', not '1,000
    c…'): the metrics go in a grid that wraps to fewer columns rather than cut them."""
    return max(max(fmt.text_px(v, METRIC_FONT), fmt.text_px(label) + 20) for label, v, _h in ms)  # 20: the ⓘ


def actual_help(row: dict, lang: str) -> str:
    """When the actual was measured, and for a running total which parts it is made of: the published total it
    starts from, what was uploaded since, and how many districts have reported."""
    text = t("strategy.m.actual_help", lang, period=row.get("actual_period") or "–")
    unit = row.get("unit")
    if not fmt.missing(row.get("anchor")) and row.get("anchor_period"):
        text += " · " + t("strategy.m.anchor", lang, value=fmt.num(row["anchor"], unit, lang),
                           period=row["anchor_period"])
    if not fmt.missing(row.get("added")):
        text += " · " + t("strategy.m.added", lang, value=fmt.num(row["added"], unit, lang))
    if row.get("district") is None and not fmt.missing(row.get("n_reporting")) and int(row["n_reporting"]) > 0:
        text += " · " + t("strategy.m.reporting", lang, n=int(row["n_reporting"]))
    if row.get("comparable") is False:
        text += " · " + t("strategy.m.not_comparable", lang)
    return text


def facts(row: dict, hrow: dict, lang: str) -> list[tuple[str, str]]:
    """(label, text) facts of the indicator: kind, unit, 추진부서, plan section, baseline, printed total, target
    basis and the projection at the pace so far (when there is one). The plan's baseline and 계 are citywide
    figures: for a district scope they say so, never standing beside a district's target as if they were its own."""
    unit = row["unit"]
    city = t("strategy.citywide_suffix", lang) if row.get("district") is not None else ""
    out = [
        (t("col.kind", lang), t(f"kind.{row['kind']}", lang)),
        (t("col.unit", lang), fmt.unit_label(unit, lang) or "–"),
        (t("strategy.col.department", lang), fmt.text_or_dash(pick(hrow, "department", lang))),
        (t("strategy.section", lang), fmt.plan_text(row.get("source_section"), lang) or "–"),
        (t("strategy.baseline", lang) + city, baseline_text(hrow, unit, lang)),
        (t("strategy.printed_total", lang) + city, fmt.text_or_dash(fmt.plan_text(hrow.get("printed_total"), lang))),
    ]
    if row.get("target_basis"):
        out.append((t("strategy.col.basis", lang), fmt.basis_text(row["target_basis"], lang) or "–"))
    if row.get("projection") is not None and not pd.isna(row.get("projection")):
        reach = t("strategy.reach.yes" if row.get("projected_reach") else "strategy.reach.no", lang)
        out.append((t("strategy.projection", lang), f"{fmt.planned(row['projection'], unit, lang)} · {reach}"))
    return out


def baseline_text(hrow: dict, unit: str, lang: str) -> str:
    """The plan's baseline with its year and, when it says more, the plan's own wording."""
    b, by, bt = hrow.get("baseline"), hrow.get("baseline_year"), hrow.get("baseline_text")
    if b is None or pd.isna(b):
        return fmt.plan_text(bt, lang) if isinstance(bt, str) and bt else "–"
    s = fmt.num(b, unit, lang)
    if by is not None and not pd.isna(by):
        s += f" ({int(by)})"
    extra = isinstance(bt, str) and bt and bt.replace(" ", "") not in s.replace(" ", "")
    return s + (f" — {fmt.plan_text(bt, lang)}" if extra else "")


def _chart(data, f: Filters, row: dict, hrow: dict) -> dict:
    """Targets vs actual by quarter: the figure, its caption and CSV, and the yearly targets and series it was made
    of."""
    lang, code, kind = f.lang, row["code"], row["kind"]
    yearly = data("yearly_targets", f.district_arg, f.basis)
    yearly = yearly[yearly["code"] == code]
    series = data("scope_series", code, f.district_arg, kind)
    stages = data("stages", code) if kind == "milestone" else None
    start = cumulative_start(kind, hrow.get("baseline"), hrow.get("baseline_year"), f.district_arg,
                             hrow.get("baseline_in_target"))
    base = hrow.get("baseline") if f.district_arg is None else None  # the plan's baselines are citywide
    frame = charts.indicator_chart_frame(kind, yearly, series, row, f.as_of, start=start, baseline=base,
                                         baseline_year=hrow.get("baseline_year"), stages=stages)
    derived = fmt.is_derived(row.get("target_basis"))
    srcs = sorted({s for s in frame["source"].dropna().unique()})
    caption = (t("strategy.chart_source", lang, section=fmt.plan_text(row.get("source_section"), lang) or "–",
                 sources=", ".join(t(f"source.{s}", lang) for s in srcs) if srcs
                 else t("strategy.no_actuals", lang))
               + (" " + t("strategy.derived_caption", lang, basis=fmt.basis_text(row.get("target_basis"), lang))
                  if derived else ""))
    provisional = provisional_periods(data, f, code)
    fig = charts.indicator_chart(frame, kind, row["unit"], lang, stages=stages, derived=derived)
    charts.mark_provisional(fig, frame, provisional, kind, row["unit"], lang, stages)
    if provisional & set(frame.loc[frame["series"] == "actual_run", "period"]):
        caption += " " + t("review.chart_caption", lang)
    marked = frame["period"].isin(provisional) & frame["series"].isin(("actual_q", "actual_run")) \
        & (frame["source"] != "공표")
    return {"chart": fig, "chart_caption": caption,
            "chart_data": frame.assign(code=code, scope=scope_text(data, f), provisional=marked),
            "yearly": yearly, "series": series}


def provisional_periods(data, f: Filters, code: str) -> set[str]:
    """The quarters ('2021Q3') whose rows of this indicator in the scope are not all approved (maeul.read.review)."""
    sv = data("series_verified", code, f.district_arg)
    return set(sv.loc[~sv["verified"].astype(bool), "label"])


def explanations(data, f: Filters, code: str) -> list[dict]:
    """The explanations (원인, 대책) given for this indicator and the as-of quarter in the scope — the city's own for
    citywide, each selected district's otherwise — as texts to show beside the figure (user text: markdown-escaped
    where the page puts it in markdown)."""
    lang = f.lang
    scope = None if not f.districts else (f.districts[0] if len(f.districts) == 1 else tuple(f.districts))
    ex = data("explanations", f.as_of, scope, code)
    names = district_names(data, lang)
    out = []
    for r in ex.to_dict("records"):
        who = t("reporting.city", lang) if r["district_code"] is None else names.get(r["district_code"],
                                                                                     r["district_code"])
        item = {"district": who, "cause": fmt.text_or_dash(r["cause"]), "measure": fmt.text_or_dash(r["measure"]),
                "owner": fmt.text_or_dash(r["measure_owner"]), "due": fmt.date_text(r["measure_due"]),
                "by": t("review.written_by", lang, user=r["user"], at=fmt.datetime_text(r["written_at"]))}
        key = "explain.item" if r["measure_owner"] or not fmt.missing(r["measure_due"]) else "explain.item_short"
        item["md"] = t(key, lang, **{k: fmt.md_escape(v) for k, v in item.items()})
        out.append(item)
    return out


def explanation_form(data, f: Filters, code: str, scope: tuple | None) -> dict:
    """The explanation form for this indicator and the as-of quarter: where the user may write (district code, None
    = the city's own figure) — citywide-only indicators take the city's only; ``scope`` = the user's districts
    (None = any) — with labels, and what is written there now (to start from)."""
    lang = f.lang
    row = data("hierarchy").set_index("code").loc[code].to_dict()
    names = district_names(data, lang)
    allowed = [None] if row.get("scope") == "citywide" else [None, *(f.districts or names)]
    if scope is not None:
        allowed = [c for c in allowed if c in scope]
    current = {}
    for r in data("explanations", f.as_of, "*", code).to_dict("records"):
        current[r["district_code"]] = {k: fmt.text(r[k]) for k in ("cause", "measure", "measure_owner")} | {
            "measure_due": None if fmt.missing(r["measure_due"]) else pd.Timestamp(r["measure_due"]).date()}
    return {"districts": allowed,
            "labels": {c: t("reporting.city", lang) if c is None else names.get(c, c) for c in allowed},
            "current": {c: current.get(c, {}) for c in allowed}}


def cumulative_start(kind: str, baseline, baseline_year, district, in_target=True) -> float:
    """The running total before 2018 for the cumulative chart line: the plan's pre-2018 baseline citywide when the
    plan's running total includes it (as progress counts it); district running totals count only what is new since
    2018."""
    if kind != "cumulative" or district is not None or fmt.missing(baseline) or in_target is not True:
        return 0.0
    if fmt.missing(baseline_year) or int(baseline_year) >= PLAN_YEARS[0]:
        return 0.0
    return float(baseline)


def actuals_table(series: pd.DataFrame, unit: str, kind: str, as_of: str, lang: str = "ko") -> pd.DataFrame:
    """Each actual up to the as-of quarter with its data source (업로드 / 예시 / 공표 with citation)."""
    if series is None or series.empty:
        return pd.DataFrame(columns=["period", "value", "source", "detail"])
    qi = parse_quarter(as_of).index
    s = series[(series["year"].astype(int) * 4 + series["quarter"].astype(int) - 1) <= qi]
    out = []
    for r in s.to_dict("records"):
        val = fmt.stage_label(r.get("stage"), lang) if kind == "milestone" else fmt.num(r.get("value"), unit, lang)
        src = r.get("source")
        out.append({"period": r["label"], "value": val,
                    "source": t(f"source.{src}", lang) if isinstance(src, str) else "–",
                    "detail": r.get("detail") if isinstance(r.get("detail"), str) else ""})
    return pd.DataFrame(out, columns=["period", "value", "source", "detail"])


def printed_targets(targets: pd.DataFrame, yearly: pd.DataFrame, unit: str, lang: str = "ko") -> pd.DataFrame:
    """The plan's targets exactly as printed (queries.targets 'printed') beside the value used for the scope
    shown (derived for districts, interpolated where the plan names only a later year)."""
    y = yearly.set_index("year") if len(yearly) else pd.DataFrame()
    tg = targets.set_index("year") if len(targets) else pd.DataFrame()
    out = []
    for year in PLAN_YEARS:
        printed = tg.loc[year, "printed"] if year in tg.index else None
        section = tg.loc[year, "source_section"] if year in tg.index else None
        used, stage, basis = (y.loc[year, "target"], y.loc[year, "target_stage"], y.loc[year, "target_basis"]) \
            if year in y.index else (None, None, None)
        if printed is None and (used is None or pd.isna(used)) and not isinstance(stage, str):
            continue
        shown = fmt.stage_label(stage, lang) if isinstance(stage, str) and (used is None or pd.isna(used)) else (fmt.planned(used, unit, lang) if fmt.is_derived(basis) else fmt.num(used, unit, lang))
        out.append({"year": year, "printed": fmt.plan_text(printed, lang) if isinstance(printed, str) else "–",
                    "used": shown, "basis": fmt.basis_text(basis, lang), "section": fmt.plan_text(section, lang)})
    return pd.DataFrame(out, columns=["year", "printed", "used", "basis", "section"])


# ------------------------------------------------------------------ one indicator across the districts


def districts(data, f: Filters, code: str, row: dict) -> dict:
    """The indicator by district: {'skip': i18n key} when there is none to show (citywide-only indicators,
    milestones), else chart, caption, table and download."""
    lang = f.lang
    if row.get("scope") == "citywide":
        return {"skip": "strategy.citywide_only"}
    if row["kind"] == "milestone":
        return {"skip": "strategy.milestone_no_district"}
    pbd = data("progress_by_district", f.as_of, f.basis, (code,), f.verified_only)
    frame = district_frame(pbd, district_names(data, lang))
    unit = row["unit"]
    bases = sorted({fmt.basis_text(b, lang) for b in frame["target_basis"] if fmt.is_derived(b)})
    return {
        "skip": None,
        "chart": charts.district_bar(frame, unit, lang, highlight=f.districts),
        "caption": t("strategy.district_source", lang, section=fmt.plan_text(row.get("source_section"), lang) or "–")
        + (" " + t("strategy.derived_caption", lang, basis=", ".join(bases)) if bases else
           " " + t("strategy.no_district_target", lang)),
        "table": charts.status_pills(district_table(frame, unit, lang)),
        "data": frame.assign(code=code),
    }


def district_frame(pbd: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """progress_by_district rows of one indicator → the district chart/table (names: code → name in the chosen
    language; the stored name where a code is not there)."""
    d = pbd.copy()
    d["label"] = d["district"].map(names).fillna(d.get("district_name"))
    return d[["district", "label", "actual", "target", "expected", "rate", "status", "target_basis", "source",
              "actual_period"]].reset_index(drop=True)


def district_table(frame: pd.DataFrame, unit: str, lang: str = "ko") -> pd.DataFrame:
    """The district breakdown as shown: name, derived target with its basis, expected, actual, rate, status."""
    return pd.DataFrame({
        "district": frame["label"],
        "target": [fmt.planned(v, unit, lang) for v in frame["target"]],
        "basis": [fmt.basis_text(b, lang) for b in frame["target_basis"]],
        "expected": [fmt.planned(v, unit, lang) for v in frame["expected"]],
        "actual": [fmt.num(v, unit, lang) for v in frame["actual"]],
        "rate": [fmt.rate_value(v) for v in frame["rate"]],
        "status": [fmt.status_text(s, lang) for s in frame["status"]],
        "_status": frame["status"],
    })
