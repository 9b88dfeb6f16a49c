"""The 데이터 품질 (data quality) page's model: what each section shows, from (data, filters, widget values).

What is missing (indicators without any data, quarters not reported per 자치구 × indicator), who is late, where the
plan contradicts itself and which published figures are in use. Rules of this page:

- An indicator has data when it has uploaded (or sample) rows or a published figure up to the as-of quarter in the
  scope (maeul.read.budget.indicator_data); one without reads 자료 없음, never 0 %.
- A 자치구 is late (``is_late``) when it has never reported, or its latest report is before the as-of quarter.
- Text from the data shown inside markdown goes through maeul.present.format.md_escape.

Each section function returns a dict of texts, display tables and figures; pages memoise it (maeul.web.cache.memo)
with ``filters_key(f)`` and the widget values it takes, and nobody changes what it returns.
"""

from __future__ import annotations

import pandas as pd

from maeul.i18n import pick, t
from maeul.present import budget_charts as bc
from maeul.present import format as fmt
from maeul.present.filters import Filters
from maeul.present.models.common import district_names


def filters_key(f: Filters) -> tuple:
    """What this page reads of the filters, as a memo key: scope, as-of quarter, language (not the progress basis)."""
    return (f.districts, f.as_of, f.lang)


def is_late(last_quarter, quarters_behind) -> bool:
    """A 자치구 is late when it has never reported or its latest report is before the as-of quarter."""
    return fmt.missing(last_quarter) or (0 if fmt.missing(quarters_behind) else quarters_behind) > 0


def _in_scope(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    return df[df["district_code"].isin(f.districts)] if f.districts else df


def _indicators(data, f: Filters) -> pd.DataFrame:
    """Per indicator: rows and published figures up to the quarter in the scope. For districts, only indicators a
    district can report: citywide-only ones (a city system, a citywide survey) are left out of their counts."""
    ind = data("indicator_data", f.as_of, f.districts or None)
    return ind[ind["scope"] != "citywide"].reset_index(drop=True) if f.districts else ind


def _indicator_names(ind: pd.DataFrame, lang: str) -> dict[str, str]:
    return {r["code"]: pick(r, "name", lang) for r in ind.to_dict("records")}


# ------------------------------------------------------------------ sections

def metrics(data, f: Filters) -> dict:
    """The four counts at the top, as shown: indicators without data, late 자치구, plan inconsistencies, published
    figures."""
    lang = f.lang
    ind = _indicators(data, f)
    stale = _in_scope(data("stale_districts", f.as_of), f)
    late = sum(is_late(q, b) for q, b in zip(stale["last_quarter"], stale["quarters_behind"]))
    return {"no_data": t("quality.n_of", lang, n=int((~ind["has_data"].astype(bool)).sum()), total=len(ind)),
            "late": t("quality.n_of", lang, n=int(late), total=len(stale)),
            "notes": t("quality.n_items", lang, n=len(data("quality_notes"))),
            "published": t("quality.n_items", lang, n=len(data("published")))}


def heatmap(data, f: Filters) -> dict:
    """Missing quarters per 자치구 × indicator: the heat map and its CSV, the label of the expander that holds it
    (how many cells miss quarters, of how many); ``empty`` (no indicator reported by district: no map) or
    ``nothing`` (no district row uploaded yet) as notices."""
    lang = f.lang
    cov = _in_scope(data("coverage", f.as_of), f)
    if cov.empty:
        return {"empty": t("quality.heat_empty", lang), "nothing": None, "fig": None, "data": cov, "label": ""}
    fig = bc.coverage_heatmap(cov, lang=lang, indicator_names=_indicator_names(_indicators(data, f), lang),
                              district_names=district_names(data, lang))
    nothing = int(cov["quarters_reported"].sum()) == 0
    gaps = int((cov["quarters_reported"] < cov["quarters_expected"]).sum())
    label = t("quality.heat_open", lang, n=fmt.number(gaps), total=fmt.number(len(cov)),
              rows=fmt.number(cov["district_code"].nunique()))
    return {"empty": None, "nothing": t("quality.heat_nothing", lang) if nothing else None, "fig": fig, "data": cov,
            "label": label}


def _stale_state(last_quarter, behind, lang: str) -> str:
    if not isinstance(last_quarter, str):
        return t("quality.state_never", lang)
    return t("quality.state_late", lang, n=int(behind)) if is_late(last_quarter, behind) \
        else t("quality.state_ok", lang)


def stale(data, f: Filters) -> dict:
    """Each 자치구's last reported quarter and how late it is, as shown and as downloaded."""
    lang = f.lang
    df = _in_scope(data("stale_districts", f.as_of), f)
    names = district_names(data, lang)
    show = pd.DataFrame({
        "district": [names.get(c, c) for c in df["district_code"]],
        "last_quarter": [q if isinstance(q, str) else t("quality.never", lang) for q in df["last_quarter"]],
        "quarters_behind": df["quarters_behind"].astype("Int64"),
        "rows": df["rows"].astype("Int64"),
        "state": [_stale_state(q, b, lang) for q, b in zip(df["last_quarter"], df["quarters_behind"])],
    })
    return {"show": show, "data": df}


def _scope_text(scope, lang: str) -> str:
    """Where an indicator is reported, in words (both → 서울시·자치구); '–' when unknown, unknown codes as stored."""
    if fmt.missing(scope) or not str(scope).strip():
        return fmt.DASH
    try:
        return t(f"quality.scope.{scope}", lang)
    except KeyError:
        return str(scope)


def no_data(data, f: Filters) -> dict:
    """Indicators with neither uploaded rows nor published figures: counts per role and the list (``show`` None when
    every indicator has data)."""
    lang = f.lang
    ind = _indicators(data, f)
    missing = ind[~ind["has_data"].astype(bool)]
    by_role = missing.groupby("role").size()
    parts = [t("quality.role_count", lang, role=t(f"role.{r}", lang), n=int(by_role.get(r, 0)), total=int(n))
             for r, n in ind.groupby("role").size().items()]
    m = {"summary": " · ".join(parts) if parts else t("quality.no_indicators", lang), "n_missing": len(missing),
         "n_ind": len(ind), "data": ind, "show": None}
    if not missing.empty:
        names = _indicator_names(ind, lang)
        m["show"] = pd.DataFrame({
            "code": missing["code"], "name": [names[c] for c in missing["code"]],
            "role": [t(f"role.{r}", lang) for r in missing["role"]],
            "kind": [t(f"kind.{k}", lang) for k in missing["kind"]],
            "scope": [_scope_text(x, lang) for x in missing["scope"]],
        })
    return m


def notes_count(data) -> int:
    """How many inconsistency notes the plan has (the section is a notice when none)."""
    return len(data("quality_notes"))


def note_md(note: dict, lang: str) -> str:
    """One inconsistency note as markdown, every value from the data escaped (fmt.md_escape)."""
    return t("quality.note_md", lang, **{k: fmt.md_escape(v) for k, v in note.items()})


def notes(data, lang: str, query: str) -> dict:
    """The plan's inconsistency notes matching ``query`` (case-insensitive, any column): the table, the picker's
    ids and labels, each note as markdown and all of them in one markdown text."""
    all_notes = data("quality_notes")
    shown = all_notes
    if query:
        mask = all_notes.astype(str).apply(lambda col: col.str.contains(query, case=False, regex=False)).any(axis=1)
        shown = all_notes[mask]
    records = {r["id"]: r for r in shown.to_dict("records")}
    return {"notes": all_notes, "shown": shown, "ids": tuple(records),
            "labels": {i: f"{i} — {r['where']}" for i, r in records.items()},
            "detail": {i: note_md(r, lang) for i, r in records.items()},
            # every note in one markdown element (rules between them): one element instead of ~50 per rerun
            "all_md": "\n\n---\n\n".join(note_md(r, lang) for r in shown.to_dict("records")),
            "read_all": t("quality.notes_read", lang, n=len(shown))}


def _published_value(value, unit, stage, lang: str) -> str:
    """A published figure with its unit (fmt.num), or its stage for a milestone; '–' when neither."""
    return fmt.num(value, unit, lang) if not fmt.missing(value) else fmt.stage_label(stage, lang)


def published(data, f: Filters) -> dict:
    """The published figures in use, with their citations, as shown and as downloaded (``show`` None when none)."""
    lang = f.lang
    pub = data("published")
    if pub.empty:
        return {"show": None, "data": pub}
    names = _indicator_names(_indicators(data, f), lang)
    dnames = district_names(data, lang)
    show = pd.DataFrame({
        "indicator": [f"{c} {names.get(c, '')}".strip() for c in pub["indicator_code"]],
        "district": [dnames.get(d, d) if isinstance(d, str) and d else t("sidebar.all", lang)
                     for d in pub["district_code"]],
        "period": [p if isinstance(p, str) and p else f"{y}Q{q}" for p, y, q in
                   zip(pub["ref_period"], pub["year"], pub["quarter"])],
        "value": [_published_value(v, u, s, lang) for v, u, s in zip(pub["value"], pub["unit"], pub["stage"])],
        "publisher": [pick(r, "publisher", lang) for r in pub.to_dict("records")], "date": pub["source_date"],
        "url": pub["url"], "confidence": pub["confidence"],
        "description": [pick(r, "description", lang) for r in pub.to_dict("records")],
    })
    show = show[["indicator", "value", "period", "district", "publisher", "date", "url", "description", "confidence"]]
    return {"show": show, "data": pub}
