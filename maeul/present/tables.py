"""Data shaping for the overview (개요) and strategy-tracking (전략 추적) pages.

Pure functions of DataFrames the pages already hold (progress, hierarchy, budget execution, published figures),
unit-tested without Streamlit. No progress rules live
here: targets, rates and statuses come from ``maeul.read.progress``; this module only joins, ranks and formats.
"""

from __future__ import annotations

import pandas as pd

from maeul import PLAN_YEARS
from maeul.i18n import pick, t
from maeul.present import format as fmt
from maeul.read import progress as progress_mod
from maeul.read.rules import NO_DATA, NO_TARGET, parse_quarter

RATED_ROLES = ("primary", "sub")
ROLE_ORDER = {"headline": 0, "primary": 1, "sub": 2, "goal": 3}


# ------------------------------------------------------------------ small helpers

def cumulative_start(kind: str, baseline, baseline_year, district) -> float:
    """The running total before 2018 for the cumulative chart line: the plan's pre-2018 baseline citywide (as
    progress counts it); district running totals count only what is new since 2018."""
    if kind != "cumulative" or district is not None or baseline is None or pd.isna(baseline):
        return 0.0
    if baseline_year is None or pd.isna(baseline_year) or int(baseline_year) >= PLAN_YEARS[0]:
        return 0.0
    return float(baseline)


# ------------------------------------------------------------------ hierarchy table (전략 추적)

def indicator_table(prog: pd.DataFrame, hier: pd.DataFrame, lang: str = "ko") -> pd.DataFrame:
    """One row per indicator: strategy / task / unit project / indicator with target, expected, actual (text with
    units), rate (% number for a progress bar), status (colour dot + label), source and 추진부서.

    Hierarchy order (the plan's own order); the code column links back to the selection box."""
    h = hier.set_index("code")
    rows = []
    for r in prog.to_dict("records"):
        code = r["code"]
        hr = h.loc[code].to_dict() if code in h.index else {}
        kind = r["kind"]
        if kind == "milestone":
            target, expected, actual = (r.get("target_stage") or "–"), (r.get("expected_stage") or "–"), (
                r.get("actual_stage") or "–")
        else:
            target = fmt.num(r.get("target"), r["unit"], lang)
            expected = fmt.num(r.get("expected"), r["unit"], lang)
            actual = fmt.num(r.get("actual"), r["unit"], lang)
        rate = r.get("rate")
        rate_pct = fmt.rate_value(rate)
        src = r.get("source")
        rows.append({
            "strategy": f"{hr.get('strategy_code') or ''} {pick(hr, 'strategy_name', lang)}".strip()
            if hr.get("strategy_code") else t("strategy.headline_group", lang),
            "task": f"{hr.get('task_code')} {pick(hr, 'task_name', lang)}" if hr.get("task_code") else "",
            "project": f"{hr.get('unit_project_code')} {pick(hr, 'project_name', lang)}"
            if hr.get("unit_project_code") else "",
            "code": code,
            "indicator": r["name_en"] if lang == "en" and r.get("name_en") else r["name"],
            "role": t(f"role.{r['role']}", lang),
            "kind": t(f"kind.{kind}", lang),
            "unit": fmt.unit_label(r["unit"], lang),
            "target": target,
            "expected": expected,
            "actual": actual,
            "period": fmt.text(r.get("actual_period")),
            "rate": rate_pct,
            "status": fmt.status_text(r["status"], lang),
            "source": t(f"source.{src}", lang) if isinstance(src, str) and src else "–",
            "department": fmt.text(hr.get("department")),
            "target_basis": fmt.basis_text(r.get("target_basis"), lang),
            "_status": r["status"],
            "_role": r["role"],
            "_strategy_code": r.get("strategy_code") or "",
        })
    cols = ["strategy", "task", "project", "code", "indicator", "role", "kind", "unit", "target", "expected",
            "actual", "period", "rate", "status", "source", "department", "target_basis", "_status", "_role",
            "_strategy_code"]
    return pd.DataFrame(rows, columns=cols)


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
    out = {}
    for r in prog.to_dict("records"):
        nm = r["name_en"] if lang == "en" and r.get("name_en") else r["name"]
        out[r["code"]] = f"{r['code']} · {nm}"
    return out


def actuals_table(series: pd.DataFrame, unit: str, kind: str, as_of: str, lang: str = "ko") -> pd.DataFrame:
    """Each actual up to the as-of quarter with its data source (업로드 / 예시 / 공표 with citation)."""
    if series is None or series.empty:
        return pd.DataFrame(columns=["period", "value", "source", "detail"])
    qi = parse_quarter(as_of).index
    s = series[(series["year"].astype(int) * 4 + series["quarter"].astype(int) - 1) <= qi]
    out = []
    for r in s.to_dict("records"):
        val = (r.get("stage") or "–") if kind == "milestone" else fmt.num(r.get("value"), unit, lang)
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
        shown = stage if isinstance(stage, str) and (used is None or pd.isna(used)) else fmt.num(used, unit, lang)
        out.append({"year": year, "printed": printed if isinstance(printed, str) else "–", "used": shown,
                    "basis": fmt.basis_text(basis, lang), "section": section if isinstance(section, str) else ""})
    return pd.DataFrame(out, columns=["year", "printed", "used", "basis", "section"])


def district_frame(pbd: pd.DataFrame, districts: pd.DataFrame, lang: str = "ko") -> pd.DataFrame:
    """progress_by_district rows of one indicator → the district chart/table (label in the chosen language)."""
    names = dict(zip(districts["code"], districts["name_en" if lang == "en" else "name_ko"]))
    d = pbd.copy()
    d["label"] = d["district"].map(names).fillna(d.get("district_name"))
    return d[["district", "label", "actual", "target", "expected", "rate", "status", "target_basis", "source",
              "actual_period"]].reset_index(drop=True)


def district_table(frame: pd.DataFrame, unit: str, lang: str = "ko") -> pd.DataFrame:
    return pd.DataFrame({
        "district": frame["label"],
        "target": [fmt.num(v, unit, lang) for v in frame["target"]],
        "basis": [fmt.basis_text(b, lang) for b in frame["target_basis"]],
        "expected": [fmt.num(v, unit, lang) for v in frame["expected"]],
        "actual": [fmt.num(v, unit, lang) for v in frame["actual"]],
        "rate": [fmt.rate_value(v) for v in frame["rate"]],
        "status": [fmt.status_text(s, lang) for s in frame["status"]],
        "_status": frame["status"],
    })


# ------------------------------------------------------------------ overview (개요)

def strategy_cards(roll: pd.DataFrame, strategies: pd.DataFrame, budget: pd.DataFrame,
                   lang: str = "ko") -> list[dict]:
    """One dict per core value (strategy) in plan order: name, aim, rate, status, counts, budget texts.

    budget: queries.budget_execution(by='strategy'); when nothing was executed the budget line says so instead
    of showing 0 %."""
    r = roll.set_index("code") if len(roll) else pd.DataFrame()
    b = budget.set_index("code") if len(budget) else pd.DataFrame()
    cards = []
    for s in strategies.sort_values("seq").to_dict("records"):
        code = str(s["code"])
        rr = r.loc[code].to_dict() if code in r.index else {}
        br = b.loc[code].to_dict() if code in b.index else {}
        rate = rr.get("rate")
        rate = None if rate is None or pd.isna(rate) else float(rate)
        cards.append({
            "code": code,
            "name": s["name_en"] if lang == "en" and s.get("name_en") else s["name_ko"],
            "aim": (s.get("aim_en") if lang == "en" else s.get("aim_ko")) or "",
            "rate": rate,
            "rate_text": fmt.rate(rate) if rate is not None else t("status.자료 없음", lang),
            "status": rr.get("status", NO_DATA),
            "n_rated": int(rr.get("n_rated", 0) or 0),
            "n_indicators": int(rr.get("n_indicators", 0) or 0),
            "counts": fmt.status_counts_md(rr, lang) if rr else "–",
            **budget_texts(br, lang),
        })
    return cards


def _n(v) -> str:
    return "–" if v is None or pd.isna(v) else f"{float(v):,.0f}"


def budget_texts(br: dict, lang: str = "ko") -> dict:
    """Budget figures of a card: execution rate for the as-of year (citywide) or the executed amount (districts,
    whose plan is not split), with the detail lines; 'not uploaded' instead of 0 % when nothing was executed."""
    has = bool(br.get("has_execution"))
    py, pt = br.get("planned_year"), br.get("planned_to_date")
    ey, et = br.get("executed_year"), br.get("executed_to_date")
    citywide_plan = py is not None and not pd.isna(py)
    unit = t("unit.mn", lang)
    if not has:
        metric = t("overview.budget.not_uploaded", lang)
        line_year = t("overview.budget.planned_only", lang, planned=_n(py), unit=unit) if citywide_plan else ""
        line_total = t("overview.budget.planned_to_date", lang, planned=_n(pt), unit=unit) if citywide_plan else ""
    elif citywide_plan:
        metric = fmt.rate(br.get("rate_year"))
        line_year = t("overview.budget.year", lang, executed=_n(ey), planned=_n(py), unit=unit)
        line_total = t("overview.budget.to_date", lang, executed=_n(et), planned=_n(pt), unit=unit,
                       rate=fmt.rate(br.get("rate_to_date")))
    else:
        metric = fmt.amount(ey, lang)
        line_year = ""
        line_total = t("overview.budget.to_date_district", lang, executed=fmt.amount(et, lang))
    return {"budget_metric": metric, "budget_is_rate": bool(has and citywide_plan), "budget_year": line_year,
            "budget_total": line_total, "has_execution": has, "exec_rate_year": br.get("rate_year") if has else None}


def budget_chart_frame(budget: pd.DataFrame, strategies: pd.DataFrame, lang: str = "ko") -> pd.DataFrame:
    """Planned vs executed to date per strategy for charts.budget_bar (and its download)."""
    names = {str(s["code"]): (s["name_en"] if lang == "en" else s["name_ko"]) for s in strategies.to_dict("records")}
    return pd.DataFrame({
        "code": budget["code"],
        "label": [f"{c} {names.get(str(c), '')}" for c in budget["code"]],
        "planned": budget["planned_to_date"],
        "executed": budget["executed_to_date"],
        "has_execution": budget["has_execution"].astype(bool),
    })


def ranked(prog: pd.DataFrame, hier: pd.DataFrame, lang: str = "ko", n: int = 5, ahead: bool = False) -> pd.DataFrame:
    """The n most behind (lowest rate) or most ahead (highest rate) among rated primary/sub indicators:
    code, indicator, unit project, rate (%), status."""
    d = prog[prog["role"].isin(RATED_ROLES) & prog["rate"].notna()].copy()
    d = d[~d["status"].isin([NO_DATA, NO_TARGET])]
    if d.empty:
        return pd.DataFrame(columns=["code", "indicator", "project", "rate", "status", "actual", "expected", "_status"])
    d["_r"] = d["rate"].astype(float)
    d = d.sort_values(["_r", "code"], ascending=[not ahead, True]).head(n)
    proj = hier.set_index("code")
    rows = []
    for r in d.to_dict("records"):
        hr = proj.loc[r["code"]].to_dict() if r["code"] in proj.index else {}
        rows.append({
            "code": r["code"],
            "indicator": r["name_en"] if lang == "en" and r.get("name_en") else r["name"],
            "project": f"{r.get('unit_project_code') or ''} {pick(hr, 'project_name', lang)}".strip(),
            "rate": fmt.rate_value(r["rate"]),
            "status": fmt.status_text(r["status"], lang),
            "actual": (r.get("actual_stage") or "–") if r["kind"] == "milestone"
            else fmt.num(r.get("actual"), r["unit"], lang),
            "expected": (r.get("expected_stage") or "–") if r["kind"] == "milestone"
            else fmt.num(r.get("expected"), r["unit"], lang),
            "_status": r["status"],
        })
    return pd.DataFrame(rows)


def headline_frame(prog_city: pd.DataFrame, hier: pd.DataFrame, published: pd.DataFrame, yearly: pd.DataFrame,
                   as_of: str, lang: str = "ko") -> pd.DataFrame:
    """Headline 성과지표 (role 'headline', K1..K6), citywide: baseline (year), 2022 target, the latest actual
    progress uses (upload, sample or 공표) with its period and source, and — whether or not uploads exist — the
    latest published (공표) figure up to the as-of quarter with its publisher, date and address."""
    h = hier.set_index("code")
    y22 = yearly[yearly["year"] == PLAN_YEARS[-1]].set_index("code") if len(yearly) else pd.DataFrame()
    rows = []
    for r in prog_city[prog_city["role"] == "headline"].to_dict("records"):
        code = r["code"]
        hr = h.loc[code].to_dict() if code in h.index else {}
        target = y22.loc[code, "target"] if code in y22.index else None
        if target is None or pd.isna(target):
            target = r.get("plan_total")
        pub = latest_published(published, code, as_of)
        base, by = hr.get("baseline"), hr.get("baseline_year")
        src = r.get("source")
        citation = f"{pub['publisher']} ({pub['source_date']})" if pub else None
        rows.append({
            "code": code,
            "label": r["name_en"] if lang == "en" and r.get("name_en") else r["name"],
            "unit": r["unit"],
            "baseline": None if base is None or pd.isna(base) else float(base),
            "baseline_year": None if by is None or pd.isna(by) else int(by),
            "target": None if target is None or pd.isna(target) else float(target),
            "actual": r.get("actual"),
            "actual_period": r.get("actual_period"),
            "status": r["status"],
            "rate": r.get("rate"),
            "source": src,
            "detail": citation if src == "공표" and citation else (t(f"source.{src}", lang) if isinstance(src, str)
                                                                   else ""),
            "pub_value": pub.get("value") if pub else None,
            "pub_period": pub.get("ref_period") if pub else None,
            "publisher": pub.get("publisher") if pub else None,
            "source_date": pub.get("source_date") if pub else None,
            "url": pub.get("url") if pub else None,
            "note": pub.get("description") if pub else None,
        })
    return pd.DataFrame(rows)


def latest_published(published: pd.DataFrame, code: str, as_of: str) -> dict | None:
    """The latest citywide 공표 figure of an indicator from 2018 up to the as-of quarter (what progress would use
    when nothing is uploaded), or None."""
    if published is None or published.empty:
        return None
    qi = parse_quarter(as_of).index
    p = published[(published["indicator_code"] == code) & published["district_code"].isna()
                  & (published["year"] >= PLAN_YEARS[0])
                  & (published["year"] * 4 + published["quarter"] - 1 <= qi)]
    if p.empty:
        return None
    return p.sort_values(["year", "quarter"]).iloc[-1].to_dict()


def headline_display(df: pd.DataFrame, lang: str = "ko") -> pd.DataFrame:
    """The headline table as shown: formatted values with units, status, and the published figure with its
    citation and link."""
    cols = ["code", "indicator", "baseline", "target", "actual", "status", "source", "published", "url", "_status"]
    if df.empty:
        return pd.DataFrame(columns=cols)

    def with_period(v, u, p):
        s = fmt.num(v, u, lang)
        return f"{s} ({p})" if s != "–" and isinstance(p, str) and p else s

    return pd.DataFrame({
        "code": df["code"],
        "indicator": df["label"],
        "baseline": [f"{fmt.num(v, u, lang)} ({int(y)})" if not pd.isna(v) and y is not None and not pd.isna(y)
                     else fmt.num(v, u, lang) for v, u, y in zip(df["baseline"], df["unit"], df["baseline_year"])],
        "target": [fmt.num(v, u, lang) for v, u in zip(df["target"], df["unit"])],
        "actual": [with_period(v, u, p) for v, u, p in zip(df["actual"], df["unit"], df["actual_period"])],
        "status": [fmt.status_text(s, lang) for s in df["status"]],
        "source": [d if isinstance(d, str) and d else "–" for d in df["detail"]],
        "published": [f"{with_period(v, u, p)} — {pb} ({dt})" if isinstance(pb, str) else "–"
                      for v, u, p, pb, dt in zip(df["pub_value"], df["unit"], df["pub_period"], df["publisher"],
                                                 df["source_date"])],
        "url": [u if isinstance(u, str) else "" for u in df["url"]],
        "_status": df["status"],
    })[cols]


def upload_date(latest: dict | None, lang: str = "ko") -> str:
    """The date of the latest upload ('2021-10-05') or 'no upload yet'."""
    if not latest:
        return t("overview.upload.none", lang)
    return pd.Timestamp(latest["uploaded_at"]).strftime("%Y-%m-%d")


def upload_text(latest: dict | None, lang: str = "ko") -> str:
    """'2021-10-05 14:03 · file.csv (예시)' or 'no upload yet'."""
    if not latest:
        return t("overview.upload.none", lang)
    when = pd.Timestamp(latest["uploaded_at"]).strftime("%Y-%m-%d %H:%M")
    sample = f" ({t('source.예시', lang)})" if latest.get("is_sample") else ""
    return f"{when} · {latest.get('file_name', '')}{sample}"
