"""개요 (overview) page model: are we on track, where are we behind, where does the money go.

Pure functions of (data, filters, widget values) → dicts of plain data, display tables, texts and figures; the page
(pages/overview.py) memoises each section and draws it. No progress rules live here: targets, rates and statuses
come from ``maeul.read.progress``; this module only rolls up, joins, ranks and formats.
"""

from __future__ import annotations

import pandas as pd

from maeul import PLAN_YEARS
from maeul.i18n import pick, t
from maeul.present import charts
from maeul.present import format as fmt
from maeul.present.filters import Filters
from maeul.present.models.common import scope_text, value_text
from maeul.read import progress as progress_mod
from maeul.read import rules
from maeul.read.rules import BEHIND, NO_DATA, NO_TARGET, STATUSES, parse_quarter

RATED_ROLES = ("primary", "sub")
RANKED = 5  # indicators in each of the 'furthest behind' / 'furthest ahead' tables


# ------------------------------------------------------------------ sections


def header(data, f: Filters) -> dict:
    """Title, subtitle, the scope line and (for districts) the note on derived targets."""
    lang = f.lang
    return {
        "title": t("overview.title", lang),
        "subtitle": t("app.subtitle", lang),
        "scope": t("overview.scope", lang, scope=scope_text(data, f), as_of=f.as_of),
        "note": t("overview.district_note", lang, n=len(f.districts), basis=t(f"basis.{f.basis}", lang))
        if f.districts else None,
    }


def _rollup(data, f: Filters, level: str, weighted: bool) -> pd.DataFrame:
    """progress.rollup of the scope's progress at ``level`` ('plan' | 'strategy'), optionally budget-weighted."""
    prog = data("progress", f.as_of, f.district_arg, f.basis, f.verified_only)
    weights = data("project_budget_weights") if weighted else None
    return progress_mod.rollup(prog, level, weights)


def plan(data, f: Filters, weighted: bool) -> dict:
    """The plan-level roll-up, its gauge and status mix, the latest upload, the rule captions and the CSV behind
    them."""
    lang = f.lang
    roll = _rollup(data, f, "plan", weighted)
    r = roll.iloc[0].to_dict() if len(roll) else {"rate": None, "status": NO_DATA, "n_rated": 0, "n_indicators": 0}
    counts = pd.DataFrame({"status": STATUSES, "count": [int(r.get(s, 0) or 0) for s in STATUSES]})
    latest = data("latest_upload")
    return {
        "r": r,
        "gauge": charts.progress_gauge(r["rate"], r["status"], lang),
        "mix": charts.status_mix_bar(counts, lang, title=t("overview.status_mix", lang)),
        "status": t("overview.plan_status", lang) + " " + fmt.status_md(r["status"], lang),
        "rated": t("overview.rated", lang, rated=int(r["n_rated"]), n=int(r["n_indicators"])),
        "nothing_rated": t("overview.nothing_rated", lang) if int(r["n_rated"]) == 0 else None,
        "upload_date": upload_date(latest, lang),
        "upload_text": upload_text(latest, lang) if latest else None,
        "rule": t("caption.rollup_rule", lang) + (" " + t("overview.weighted_rule", lang) if weighted else ""),
        "captions": "  \n".join([t("caption.rollup_rule", lang)
                                 + (" " + t("overview.weighted_rule", lang) if weighted else ""),
                                 t("caption.status_rule", lang), t("overview.plan_source", lang)]),
        "data": counts.assign(scope=scope_text(data, f), as_of=f.as_of, plan_rate=r["rate"], plan_status=r["status"],
                              weighted=weighted),
    }


def cards(data, f: Filters, weighted: bool) -> dict:
    """One card per core value, the budget metric's label (the year and the quarter it runs to), the notes under
    the cards in one caption (districts: planned amounts are citywide; what execution is missing, where and how to
    add it), and the planned-vs-executed chart with its data."""
    lang = f.lang
    roll = _rollup(data, f, "strategy", weighted)
    budget = data("budget_scope", f.as_of, f.district_arg)
    strategies = data("strategies")
    frame = budget_chart_frame(budget, strategies, lang)
    q = parse_quarter(f.as_of)
    label = "overview.ytd.exec_rate" if not f.districts else "overview.ytd.exec_amount"
    cards_ = strategy_cards(roll, strategies, budget, lang)
    notes = [t("overview.budget.district_note", lang)] if f.districts else []
    if any(not c["has_execution"] for c in cards_):
        notes.append(t("overview.ytd.missing_long", lang, scope=scope_text(data, f), year=q.year, q=q.quarter))
    return {
        "cards": cards_,
        "budget_label": t(label, lang, year=q.year, q=q.quarter),
        "district_note": " ".join(notes) or None,
        "chart_title": t("overview.budget_chart", lang, first=PLAN_YEARS[0], as_of=f.as_of),
        "frame": frame,
        "chart": charts.budget_bar(frame, lang),
    }


def headline(data, f: Filters) -> dict:
    """The citywide headline indicators (성과지표) with published figures: chart, table, notes. Citywide whatever
    districts ``f`` names: the page passes its filters without districts (and memoises on them)."""
    lang = f.lang
    prog_city = data("progress", f.as_of, None, f.basis, f.verified_only)
    df = headline_frame(prog_city, data("hierarchy"), data("published"), data("yearly_targets", None, f.basis),
                        f.as_of, lang)
    notes = [f"{r['code']} {r['label']}: {r['note']}" for r in df.to_dict("records") if isinstance(r.get("note"), str)]
    return {"df": df, "chart": charts.headline_chart(df, lang),
            "table": charts.status_pills(headline_display(df, lang)),
            "notes": notes,
            "caption": "  \n".join([t("overview.headline_source", lang), *("ⓘ " + fmt.md_escape(n) for n in notes)])}


def trend_label(trend, lang: str) -> str:
    """A 성과지표's direction since its baseline in words (개선 / 변화 없음 / 악화 / 비교 불가), '–' without one."""
    return t(f"trend.{trend}", lang) if isinstance(trend, str) and trend else fmt.DASH


STATUS_RANK = {rules.BEHIND: 0, rules.WATCH: 1, rules.ON_TRACK: 2, rules.ACHIEVED: 3}


def changes(data, f: Filters) -> dict:
    """What got better or worse since the previous quarter: rated primary and sub indicators whose status moved up
    or down (status then → now, rate change), most changed first; and the plan roll-up then and now."""
    prog = data("progress", f.as_of, f.district_arg, f.basis)
    lang = f.lang
    d = prog[prog["role"].isin(RATED_ROLES)
             & prog["status"].isin(list(STATUS_RANK)) & prog["previous_status"].isin(list(STATUS_RANK))].copy()
    d["move"] = [STATUS_RANK[a] - STATUS_RANK[b] for a, b in zip(d["status"], d["previous_status"])]
    d["delta"] = pd.to_numeric(d["rate"], errors="coerce") - pd.to_numeric(d["previous_rate"], errors="coerce")
    d = d[d["move"] != 0].sort_values(["move", "delta", "code"])
    hier = data("hierarchy").set_index("code")
    out = {}
    for key, part in (("better", d[d["move"] > 0].iloc[::-1]), ("worse", d[d["move"] < 0])):
        out[key] = pd.DataFrame({
            "code": part["code"], "indicator": [pick(r, "name", lang) for r in part.to_dict("records")],
            "then": [fmt.status_text(s, lang) for s in part["previous_status"]],
            "now": [fmt.status_text(s, lang) for s in part["status"]],
            "rate": [f"{fmt.rate(a)} → {fmt.rate(b)}" for a, b in zip(part["previous_rate"], part["rate"])],
            "project": [f"{c} {pick(hier.loc[c].to_dict(), 'project_name', lang)}" if c in hier.index else ""
                        for c in part["code"]],
        })
    roll = _rollup(data, f, "plan", False)
    r = roll.iloc[0].to_dict() if len(roll) else {}
    prev = r.get("previous_status")
    out["summary"] = (t("overview.changes.none_before", lang) if prev is None or fmt.missing(prev) else
                      t("overview.changes.summary", lang, then=fmt.status_label(prev, lang),
                        now=fmt.status_label(r.get("status"), lang), better=len(out["better"]), worse=len(out["worse"]),
                        rate_then=fmt.rate(r.get("previous_rate")), rate_now=fmt.rate(r.get("rate"))))
    raw = pd.concat([d[d["move"] > 0].iloc[::-1].assign(change=t("overview.changes.better", lang)),
                     d[d["move"] < 0].assign(change=t("overview.changes.worse", lang))])
    out["data"] = pd.DataFrame({
        "code": raw["code"], "indicator": [pick(r, "name", lang) for r in raw.to_dict("records")],
        "change": raw["change"], "previous_status": raw["previous_status"], "status": raw["status"],
        "previous_rate": raw["previous_rate"], "rate": raw["rate"], "as_of": f.as_of})
    return out


def ranks(data, f: Filters) -> dict:
    """Furthest behind and furthest ahead indicators, as shown and as downloaded (None when nothing is rated)."""
    prog = data("progress", f.as_of, f.district_arg, f.basis, f.verified_only)
    hier = data("hierarchy")
    behind = ranked(prog, hier, f.lang, ahead=False)
    ahead = ranked(prog, hier, f.lang, ahead=True)
    return {"behind": charts.status_pills(behind), "ahead": charts.status_pills(ahead),
            "behind_notes": explanation_notes(behind, f.lang),
            "notes": {"behind": "  \n".join(explanation_notes(behind, f.lang)), "ahead": ""},
            "data": ranks_csv(prog, behind, ahead, f.lang) if not behind.empty else None}


def ranks_csv(prog: pd.DataFrame, behind: pd.DataFrame, ahead: pd.DataFrame, lang: str = "ko") -> pd.DataFrame:
    """The ranking as downloaded: the progress rows of the ranked indicators (raw figures, for the export
    vocabulary), with the group they are in."""
    rows = []
    for group, df in ((t("exp.group.behind", lang), behind), (t("exp.group.ahead", lang), ahead)):
        for r in df.to_dict("records"):
            p = prog[prog["code"] == r["code"]].iloc[0].to_dict()
            rows.append({"group": group, "code": r["code"], "name": p["name"], "name_en": p["name_en"],
                         "project": r["project"], "unit": p["unit"], "kind": p["kind"],
                         **{k: p[k] for k in ("expected", "expected_stage", "actual", "actual_stage", "rate",
                                              "status", "source")}})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ core-value cards and budget


def strategy_cards(roll: pd.DataFrame, strategies: pd.DataFrame, budget: pd.DataFrame,
                   lang: str = "ko") -> list[dict]:
    """One dict per core value (strategy) in plan order: name, aim, rate (and the bar's 0–1 fill), status, counts,
    budget texts.

    budget: queries.budget_execution(by='strategy'); when nothing was executed the budget line says so instead
    of showing 0 %."""
    r = roll.set_index("code") if len(roll) else pd.DataFrame()
    b = budget.set_index("code") if len(budget) else pd.DataFrame()
    out = []
    for s in strategies.sort_values("seq").to_dict("records"):
        code = str(s["code"])
        rr = r.loc[code].to_dict() if code in r.index else {}
        br = b.loc[code].to_dict() if code in b.index else {}
        rate = rr.get("rate")
        rate = None if rate is None or pd.isna(rate) else float(rate)
        n_rated, n_indicators = int(rr.get("n_rated", 0) or 0), int(rr.get("n_indicators", 0) or 0)
        out.append({
            "code": code,
            "name": pick(s, "name", lang),
            "aim": pick(s, "aim", lang),
            "rate": rate,
            "rate_text": fmt.rate(rate) if rate is not None else t(f"status.{NO_DATA}", lang),
            "bar": None if rate is None else min(max(rate, 0.0), 1.0),
            "status": rr.get("status", NO_DATA),
            "status_md": fmt.status_md(rr.get("status", NO_DATA), lang),
            "n_rated": n_rated,
            "n_indicators": n_indicators,
            "indicators": t("overview.card.indicators", lang, rated=n_rated, n=n_indicators),
            "counts": fmt.status_counts_md(rr, lang) if rr else "–",
            **budget_texts(br, lang),
        })
    return out


def _n(v) -> str:
    return fmt.number(v, 0)


def budget_texts(br: dict, lang: str = "ko") -> dict:
    """Budget figures of a card: the execution rate of the as-of year (citywide; a share, rounded like the budget
    page's — ``fmt.percent``) or the executed amount (districts, whose plan is not split), and the detail lines as
    one caption; without execution the metric reads '–' and the caption says, small, that it was not uploaded —
    never 0 % and never a headline-sized word."""
    has = bool(br.get("has_execution"))
    py, pt = br.get("planned_year"), br.get("planned_to_date")
    ey, et = br.get("executed_year"), br.get("executed_to_date")
    citywide_plan = py is not None and not pd.isna(py)
    unit = t("unit.mn", lang)
    if not has:
        metric = fmt.DASH
        lines = [t("overview.ytd.missing_short", lang)]
        if citywide_plan:
            lines += [t("overview.ytd.planned_year", lang, planned=_n(py), unit=unit),
                      t("overview.budget.planned_to_date", lang, planned=_n(pt), unit=unit)]
    elif citywide_plan:
        metric = fmt.percent(br.get("rate_year"))
        lines = [t("overview.budget.year", lang, executed=_n(ey), planned=_n(py), unit=unit),
                 t("overview.budget.to_date", lang, executed=_n(et), planned=_n(pt), unit=unit,
                   rate=fmt.percent(br.get("rate_to_date")))]
    else:
        metric = fmt.amount(ey, lang)
        lines = [t("overview.budget.to_date_district", lang, executed=fmt.amount(et, lang))]
    return {"budget_metric": metric, "budget_is_rate": bool(has and citywide_plan), "budget_lines": "  \n".join(lines),
            "has_execution": has, "exec_rate_year": br.get("rate_year") if has else None}


def budget_chart_frame(budget: pd.DataFrame, strategies: pd.DataFrame, lang: str = "ko") -> pd.DataFrame:
    """Planned vs executed to date per strategy for charts.budget_bar (and its download)."""
    names = {str(s["code"]): pick(s, "name", lang) for s in strategies.to_dict("records")}
    return pd.DataFrame({
        "code": budget["code"],
        "label": [f"{c} {names.get(str(c), '')}" for c in budget["code"]],
        "planned": budget["planned_to_date"],
        "executed": budget["executed_to_date"],
        "has_execution": budget["has_execution"].astype(bool),
    })


# ------------------------------------------------------------------ furthest behind / ahead


def ranked(prog: pd.DataFrame, hier: pd.DataFrame, lang: str = "ko", n: int = RANKED,
           ahead: bool = False) -> pd.DataFrame:
    """The n most behind (lowest rate) or most ahead (highest rate) among rated primary/sub indicators:
    code, indicator, unit project, rate (%), status, actual, expected, whether verified (확정/잠정) and the
    explanation (원인·대책) given for the as-of quarter."""
    d = prog[prog["role"].isin(RATED_ROLES) & prog["rate"].notna()].copy()
    d = d[~d["status"].isin([NO_DATA, NO_TARGET])]
    if d.empty:
        return pd.DataFrame(columns=["code", "indicator", "project", "rate", "status", "actual", "expected",
                                     "verified", "explanation", "_status"])
    d["_r"] = d["rate"].astype(float)
    d = d.sort_values(["_r", "code"], ascending=[not ahead, True]).head(n)
    proj = hier.set_index("code")
    rows = []
    for r in d.to_dict("records"):
        hr = proj.loc[r["code"]].to_dict() if r["code"] in proj.index else {}
        rows.append({
            "code": r["code"],
            "indicator": pick(r, "name", lang),
            "project": f"{r.get('unit_project_code') or ''} {pick(hr, 'project_name', lang)}".strip(),
            "rate": fmt.rate_value(r["rate"]),
            "status": fmt.status_text(r["status"], lang),
            "actual": value_text(r, "actual", lang),
            "expected": value_text(r, "expected", lang),
            "verified": fmt.verified_text(r.get("verified"), lang),
            "explanation": fmt.text(r.get("explanation")),
            "_status": r["status"],
        })
    return pd.DataFrame(rows)


def explanation_notes(ranked_df: pd.DataFrame, lang: str = "ko") -> list[str]:
    """Markdown lines under the 'most behind' table: each indicator's explanation (원인·대책, user text escaped),
    and for a 지연 indicator without one, that it is missing."""
    out = []
    for r in ranked_df.to_dict("records"):
        if r["explanation"]:
            out.append(f"**{fmt.md_escape(r['code'])}** {fmt.md_escape(r['explanation'])}")
        elif r["_status"] == BEHIND:
            out.append(t("overview.no_explanation", lang, code=fmt.md_escape(r["code"])))
    return out


# ------------------------------------------------------------------ headline indicators (성과지표)


def _headline_row(r: dict, hr: dict, target, pub: dict | None, lang: str) -> dict:
    """One headline indicator: the plan's baseline and 2022 target, the actual progress uses, the latest 공표."""
    base, by = hr.get("baseline"), hr.get("baseline_year")
    src = r.get("source")
    citation = f"{pick(pub, 'publisher', lang)} ({pub['source_date']})" if pub else None
    return {
        "code": r["code"],
        "label": pick(r, "name", lang),
        "unit": r["unit"],
        "baseline": None if base is None or pd.isna(base) else float(base),
        "baseline_year": None if by is None or pd.isna(by) else int(by),
        "target": None if target is None or pd.isna(target) else float(target),
        "actual": r.get("actual"),
        "actual_period": r.get("actual_period"),
        "status": r["status"],
        "rate": r.get("rate"),
        "trend": r.get("trend"),
        "source": src,
        "detail": citation if src == "공표" and citation else (t(f"source.{src}", lang) if isinstance(src, str)
                                                               else ""),
        "pub_value": pub.get("value") if pub else None,
        "pub_period": pub.get("ref_period") if pub else None,
        "publisher": pick(pub, "publisher", lang) if pub else None,
        "source_date": pub.get("source_date") if pub else None,
        "url": pub.get("url") if pub else None,
        "note": pick(pub, "description", lang) if pub else None,
    }


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
        rows.append(_headline_row(r, hr, target, latest_published(published, code, as_of), lang))
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
    cols = ["code", "indicator", "baseline", "target", "actual", "direction", "status", "source", "published", "url",
            "_status"]
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
        "direction": [trend_label(x, lang) for x in df.get("trend", pd.Series([None] * len(df)))],
        "status": [fmt.status_text(s, lang) for s in df["status"]],
        "source": [d if isinstance(d, str) and d else "–" for d in df["detail"]],
        "published": [f"{with_period(v, u, p)} — {pb} ({dt})" if isinstance(pb, str) else "–"
                      for v, u, p, pb, dt in zip(df["pub_value"], df["unit"], df["pub_period"], df["publisher"],
                                                 df["source_date"])],
        "url": [u if isinstance(u, str) else "" for u in df["url"]],
        "_status": df["status"],
    })[cols]


# ------------------------------------------------------------------ latest upload


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
    return f"{when} · {fmt.md_escape(latest.get('file_name'))}{sample}"  # a user's file name, as text
