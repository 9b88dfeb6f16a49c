"""The 보고 현황 (reporting) page's model: who has reported the as-of quarter and when, the district × quarter grid,
on-time counts over the plan period, behind indicators nobody has explained, and the approvals.

Pure functions of (data, filters, reference date, widget values); the reference date ``today`` says what the
states are judged against (README "보고 주기"). Scope: the sidebar's districts, or every district and the city
(서울시 = its own citywide rows). Returns dicts of texts, display frames (label columns as one-item lists for
``widgets.label_column``) and the frames behind the downloads.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from maeul.i18n import pick, t
from maeul.present import format as fmt
from maeul.present.filters import Filters
from maeul.present.models.common import district_names
from maeul.present.theme import REPORTING_TINTS
from maeul.read.reporting import STATES, on_time_counts
from maeul.read.rules import BEHIND

LABELS = ("on_time", "late_grace", "late", "missing", "open", "not_required", "verified")


def labels(lang: str) -> dict:
    """The label column's options: key → text, key → tint (states of a (district, quarter) and the verified mark)."""
    text = {k: t(f"reporting.state.{k}", lang) for k in LABELS}
    return {"options": text, "colors": {k: REPORTING_TINTS[k] for k in LABELS}}


def scope_codes(f: Filters) -> tuple | None:
    """The districts shown: the sidebar's, or None = every district and the city."""
    return tuple(f.districts) if f.districts else None


def _name_of(code, names: dict, lang: str) -> str:
    return t("reporting.city", lang) if code is None else names.get(code, code)


def state_key(state: str, in_grace: bool) -> str:
    """The label key of a state: late within grace reads 'late_grace'."""
    return "late_grace" if state == "late" and in_grace else state


def header(data, f: Filters, today: dt.date) -> dict:
    """Title, subtitle, the scope line (districts, quarter, reference date) and the due-date rule of the quarter."""
    lang = f.lang
    cal = data("reporting_calendar").set_index("quarter")
    due, grace = cal.loc[f.as_of, "due"], cal.loc[f.as_of, "grace_end"]
    names = district_names(data, lang)
    scope = ", ".join(names.get(c, c) for c in f.districts) if f.districts else t("reporting.scope_all", lang)
    return {"title": t("reporting.title", lang), "subtitle": t("reporting.subtitle", lang),
            "scope": t("reporting.scope", lang, scope=scope, quarter=f.as_of, today=fmt.date_text(today)),
            "rule": t("reporting.rule", lang, quarter=f.as_of, due=fmt.date_text(due), grace=fmt.date_text(grace))}


def quarter(data, f: Filters, today: dt.date) -> dict:
    """The as-of quarter: counts per state (metrics) and one row per district — due date, first upload, state, rows
    reported of those owed, approval — as shown and as data."""
    lang = f.lang
    st = data("reporting_status", f.as_of, today, scope_codes(f))
    names = district_names(data, lang)
    rows = st.to_dict("records")
    show = pd.DataFrame({
        "district": [_name_of(r["district_code"], names, lang) for r in rows],
        "due": [fmt.date_text(r["due"]) for r in rows],
        "first_upload": [fmt.datetime_text(r["first_upload_at"]) for r in rows],
        "state": [[state_key(r["state"], r["in_grace"])] for r in rows],
        "rows": [t("reporting.rows_of", lang, rows=fmt.number(r["rows"]), required=fmt.number(r["required"]))
                 for r in rows],
        "approved": [t("reporting.approved_by", lang, by=r["approved_by"], at=fmt.datetime_text(r["approved_at"]))
                     if r["approved"] else "–" for r in rows],
    })
    counts = st["state"].value_counts().to_dict()
    metrics = [(t(f"reporting.state.{s}", lang), fmt.number(counts.get(s, 0))) for s in STATES if s != "not_required"]
    metrics.append((t("reporting.m.approved", lang), fmt.number(int(st["approved"].sum()))))
    return {"metrics": metrics, "table": show, "data": st, "labels": labels(lang)}


def grid(data, f: Filters, today: dt.date) -> dict:
    """District × quarter up to the as-of quarter, newest quarter first (what is open now is in view): each cell the
    state (and 확정 when approved), as shown; the states as data (one row per district, one column per quarter)."""
    lang = f.lang
    st = data("reporting_grid", f.as_of, today, scope_codes(f))
    names = district_names(data, lang)
    quarters = list(reversed(dict.fromkeys(st["quarter"])))
    order = list(dict.fromkeys(st["district_code"]))
    cells: dict = {(r["district_code"], r["quarter"]): r for r in st.to_dict("records")}
    show = {"district": [_name_of(c, names, lang) for c in order]}
    raw = {"district": show["district"], "district_code": order}
    for q in quarters:
        show[q] = [[state_key(cells[(c, q)]["state"], cells[(c, q)]["in_grace"])]
                   + (["verified"] if cells[(c, q)]["approved"] else []) for c in order]
        raw[q] = [cells[(c, q)]["state"] + ("+approved" if cells[(c, q)]["approved"] else "") for c in order]
    lab = labels(lang)
    return {"table": pd.DataFrame(show), "quarters": quarters, "data": pd.DataFrame(raw), "labels": lab,
            "height": min(38 + 35 * max(len(order), 1), 940),
            "col_width": max([cell_px(k, lab["options"]) for q in quarters for k in show[q]], default=60)}


def cell_px(keys: list[str], text: dict) -> int:
    """The width (px) a grid cell needs to show its labels whole ('Late (in grace)' and 'Verified' side by side)."""
    pills = [fmt.text_px(text.get(k, k)) + fmt.PILL_PADDING for k in keys]
    return max(60, sum(pills) + 6 * max(len(pills) - 1, 0) + fmt.CELL_PADDING)


def timeliness(data, f: Filters, today: dt.date) -> dict:
    """Per district over the plan period up to the as-of quarter: quarters on time, late, missing, and the share on
    time of those that were due — for the committee."""
    lang = f.lang
    counts = on_time_counts(data("reporting_grid", f.as_of, today, scope_codes(f)))
    names = district_names(data, lang)
    show = pd.DataFrame({
        "district": [_name_of(c, names, lang) for c in counts["district_code"]],
        "on_time": counts["on_time"], "late": counts["late"], "missing": counts["missing"],
        "due_quarters": counts["due_quarters"],
        "share": [fmt.rate_value(s) for s in counts["on_time_share"]],
    })
    return {"table": show, "data": counts}


def unexplained(data, f: Filters) -> dict:
    """지연 (behind) figures of the as-of quarter without an explanation, per scope (the city's own figure and every
    district's), with the unit project's 추진부서 as the owner to ask — as shown and as data."""
    lang = f.lang
    hier = data("hierarchy").set_index("code")
    names = district_names(data, lang)
    parts = []
    if not f.districts:
        city = data("progress", f.as_of, None, f.basis, f.verified_only)
        parts.append(city.assign(district=None))
    by_d = data("progress_by_district", f.as_of, f.basis, None, f.verified_only)
    parts.append(by_d[by_d["district"].isin(f.districts)] if f.districts else by_d)
    prog = pd.concat(parts, ignore_index=True)
    flagged = prog[(prog["status"] == BEHIND) & prog["explanation"].isna()]
    rows = []
    for r in flagged.to_dict("records"):
        hr = hier.loc[r["code"]].to_dict() if r["code"] in hier.index else {}
        rows.append({"district": _name_of(r["district"], names, lang), "code": r["code"],
                     "indicator": pick(r, "name", lang), "rate": fmt.rate_value(r.get("rate")),
                     "owner": fmt.text_or_dash(pick(hr, "department", lang)), "_district_code": r["district"]})
    show = pd.DataFrame(rows, columns=["district", "code", "indicator", "rate", "owner", "_district_code"])
    return {"table": show.drop(columns="_district_code"), "data": show.rename(columns={"_district_code":
                                                                                      "district_code"}),
            "caption": t("reporting.unexplained_caption", lang, n=fmt.number(len(show)), as_of=f.as_of)}


def approvals(data, f: Filters) -> dict:
    """Every approval (newest first) in scope: period, district, who and when, and its unlock, as shown and data."""
    lang = f.lang
    ap = data("approvals")
    if f.districts:
        ap = ap[ap["district_code"].isin(f.districts)]
    names = district_names(data, lang)
    show = pd.DataFrame({
        "period": ap["period"], "district": [_name_of(c, names, lang) for c in ap["district_code"]],
        "approved": [f"{b} · {fmt.datetime_text(a)}" for b, a in zip(ap["approved_by"], ap["approved_at"])],
        "state": [[("verified" if act else "open")] for act in ap["active"]],
        "unlocked": [f"{b} · {fmt.datetime_text(a)} · {r}" if isinstance(b, str) else "–"
                     for b, a, r in zip(ap["unlocked_by"], ap["unlocked_at"], ap["unlock_reason"])],
    })
    return {"table": show, "data": ap, "labels": labels(lang)}


def approve_options(data, f: Filters, today: dt.date, scope: tuple | None) -> dict:
    """What the acting reviewer may approve for the as-of quarter: district code (None = the city) → label
    ('강남구 · 기한 내 보고 · 27행'), periods already approved left out. ``scope``: the districts the user may
    approve (None = any)."""
    lang = f.lang
    st = data("reporting_status", f.as_of, today, scope_codes(f))
    names = district_names(data, lang)
    out = {}
    for r in st.to_dict("records"):
        code = r["district_code"]
        if r["approved"] or (scope is not None and code not in scope):
            continue
        state = t(f"reporting.state.{state_key(r['state'], r['in_grace'])}", lang)
        rows = t("reporting.rows_n", lang, n=fmt.number(r["rows"]))
        out[code] = f"{_name_of(code, names, lang)} · {state} · {rows}"
    return out


def unlock_options(data, f: Filters) -> dict:
    """Approved (locked) periods an admin may unlock: 'YYYYQn|code' ('' = the city) → label."""
    lang = f.lang
    ap = data("approvals")
    ap = ap[ap["active"]]
    if f.districts:
        ap = ap[ap["district_code"].isin(f.districts)]
    names = district_names(data, lang)
    out = {}
    for p, c, b, a in zip(ap["period"], ap["district_code"], ap["approved_by"], ap["approved_at"]):
        by = t("reporting.approved_by", lang, by=b, at=fmt.datetime_text(a))
        out[f"{p}|{c or ''}"] = f"{p} · {_name_of(c, names, lang)} · {by}"
    return out
