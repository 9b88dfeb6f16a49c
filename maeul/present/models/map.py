"""지도 (map) page model: the districts coloured by a chosen measure, with 행정동 lines, district labels, community
spaces by type and 열린육아방 — the measure table and its CSV, the legend, the pydeck Deck and the captions.

Pure functions of (data, filters, widget values): ``data`` answers named queries (maeul.read.registry); the Deck is
built from local boundary files only (maeul.present.maps: no basemap, no outside request). No Streamlit here.
"""

from __future__ import annotations

import pandas as pd

from maeul.i18n import pick, t
from maeul.present import format as fmt
from maeul.present import maps
from maeul.present.filters import Filters
from maeul.present.models.districts import indicator_choices, indicator_row
from maeul.read.districts import MEASURES

# The map's layers: (name, label key, shown by default). The page keeps each choice as map_layer_<name>.
LAYERS = (
    ("gu", "map.layer.choropleth", True),
    ("dong", "map.layer.dongs", False),
    ("labels", "map.layer.labels", True),
    ("spaces", "map.layer.spaces", True),
    ("childcare", "map.layer.childcare", True),
)
FALLBACK_MEASURE = "dong_count"  # the plan's own figure: there even before any upload
EXTRA_COLUMNS = ("actual", "expected", "status", "target_basis", "spaces_total", "childcare_rooms", "source")


def options(data, f: Filters) -> dict:
    """The measures (with labels; which need an indicator), the one a first visit opens on (an indicator's rate once
    there are actuals, else the plan's dong counts), the indicators to choose from, the layers, and the page's
    fixed captions (boundaries, attribution)."""
    lang = f.lang
    ch = indicator_choices(data, lang)
    return {
        "measures": tuple(MEASURES),
        "measure_labels": {m: t(f"map.measure.{m}", lang) for m in MEASURES},
        "needs_indicator": tuple(m for m, spec in MEASURES.items() if spec["indicator"]),
        "first_measure": "ind_rate" if bool(data("has_actuals")) else FALLBACK_MEASURE,
        "fallback_measure": FALLBACK_MEASURE,
        "codes": ch["codes"], "labels": ch["labels"], "default_indicator": ch["default"],
        "layers": tuple((name, t(key, lang), default) for name, key, default in LAYERS),
        "boundaries": t("map.source.boundaries", lang),
        "attribution": t("map.attribution_title", lang) + "  \n" + data("geo_attribution"),
    }


# ------------------------------------------------------------------ one measure by district

def _detail(values: pd.DataFrame, unit, lang: str) -> list[str]:
    """The tooltip line of an indicator measure: 'actual / expected unit · status' (the derived expected rounded for
    its unit)."""
    return [f"{fmt.number(a)} / {fmt.planned(e, unit, lang)} · {fmt.status_label(s, lang)}"
            for a, e, s in zip(values["actual"], values["expected"], values["status"])]


def values(data, f: Filters, measure: str, indicator: str | None) -> dict:
    """One measure by district: the values (with a tooltip line for indicator measures), unit (and the indicator's
    own, ``ind_unit``), kind, label, the legend classes and how many districts have no value."""
    lang = f.lang
    spec = MEASURES[measure]
    row = indicator_row(data, indicator)
    vals = data("district_measure", measure, f.as_of, f.basis, indicator, f.verified_only).copy()
    if spec["indicator"] and len(vals):
        vals["detail"] = _detail(vals, row.get("unit"), lang)
    label = t(f"map.measure.{measure}", lang)
    return {
        "values": vals, "unit": spec["unit"] or row.get("unit"), "kind": spec["kind"], "ind_unit": row.get("unit"),
        "measure_label": f"{label} · {indicator}" if indicator else label,
        "bins": maps.legend_bins(vals["value"], kind=spec["kind"], lang=lang),
        "n_missing": int(vals["value"].isna().sum()) if len(vals) else len(data("districts")),
    }


def _caption(data, f: Filters, measure: str, indicator: str | None, vals: pd.DataFrame) -> str:
    """Where the measure comes from."""
    lang, src = f.lang, MEASURES[measure]["source"]
    if src == "indicator":
        row = indicator_row(data, indicator)
        sources = sorted({str(s) for s in vals["source"].dropna()}) if len(vals) else []
        src_text = ", ".join(t(f"source.{s}", lang) for s in sources) or t("map.source.no_actuals", lang)
        bases = sorted({fmt.basis_text(b, lang) for b in vals.get("target_basis", []) if isinstance(b, str)})
        return t("map.source.indicator", lang, section=fmt.plan_text(row.get("source_section"), lang) or "–",
                 sources=src_text,
                 basis=t(f"basis.{f.basis}", lang), bases=", ".join(bases) or "–", as_of=f.as_of)
    if measure == "dong_count":
        return t("map.source.dong_count", lang,
                 source=data("stat_source", "resident_tax_individual_per_dong", lang) or "–")
    if src == "plan_tax_table":
        return t("map.source.plan_table", lang, source=data("stat_source", MEASURES[measure]["stat"], lang) or "–")
    pop = t("map.source.population", lang, source=data("stat_source", "population_registered", lang) or "–")
    if src == "population":
        return pop
    is_sample = bool(vals["is_sample"].any()) if "is_sample" in vals.columns else False
    spaces_src = t("map.source.spaces_sample" if is_sample else "map.source.spaces", lang, as_of=f.as_of)
    return spaces_src + " " + pop if src == "spaces_population" else spaces_src


def _source_text(s, lang: str) -> str:
    """Where a district's figure comes from, as shown: 업로드/예시/공표 translated, others as stored; '–' for none."""
    if fmt.missing(s) or not str(s).strip():
        return fmt.DASH
    try:
        return t(f"source.{s}", lang)
    except KeyError:
        return str(s)


def _value_column(v: dict, measure: str) -> list:
    """The measure's values as sortable numbers, rounded as shown: a rate as the whole % (truncated), a derived
    target for its unit (fmt.planned_value: 40.094 건 → 40), anything else as fmt.number_value."""
    vals = v["values"]["value"]
    if v["kind"] == "rate":
        return [fmt.rate_value(x) for x in vals]
    if measure == "ind_target":
        return [fmt.planned_value(x, v["unit"]) for x in vals]
    return [fmt.number_value(x) for x in vals]


def _extra(vals: pd.DataFrame, c: str, unit, lang: str) -> list:
    """An extra column of the measure table as a person writes it: numbers with their unit (derived expected values
    rounded for it), the status and target basis as words, counts as whole numbers; '–' when missing."""
    if c == "actual":
        return [fmt.num(x, unit, lang) for x in vals[c]]
    if c == "expected":
        return [fmt.planned(x, unit, lang) if fmt.is_derived(b) or fmt.missing(b) else fmt.num(x, unit, lang)
                for x, b in zip(vals[c], vals.get("target_basis", [None] * len(vals)))]
    if c == "status":
        return [fmt.status_label(s, lang) for s in vals[c]]
    if c == "target_basis":
        return [fmt.basis_text(b, lang) or fmt.DASH for b in vals[c]]
    if c == "source":
        return [_source_text(s, lang) for s in vals[c]]
    return [fmt.number_value(x) for x in vals[c]]


def _table(v: dict, measure: str, lang: str) -> tuple[pd.DataFrame, str]:
    """The measure by district as shown (rank 1 = highest; a rate as the whole % shown; every cell through the one
    formatter, '–' for what is missing) and its value column."""
    vals, unit = v["values"], fmt.unit_label(v["unit"], lang)
    label = t(f"map.measure.{measure}", lang)
    value_head = f"{label} ({unit})" if unit else label
    show = pd.DataFrame({
        t("col.code", lang): vals["district_code"],
        t("col.district", lang): [pick(r, "district_name", lang) for r in vals.to_dict("records")],
        value_head: pd.array(_value_column(v, measure), dtype="Float64"),
        t("map.col.rank", lang): vals["value"].rank(ascending=False, method="min").astype("Int64"),
    }, index=vals.index)
    for c in (c for c in EXTRA_COLUMNS if c in vals.columns):
        show[t(f"map.col.{c}", lang)] = _extra(vals, c, v["ind_unit"], lang)
    return show, value_head


def measure(data, f: Filters, measure: str, indicator: str | None) -> dict:
    """The measure by district as a table (with its title, value column and kind), its caption, a note when a rate
    cannot be computed (no district targets), and the CSV with its file name."""
    v = values(data, f, measure, indicator)
    show, value_head = _table(v, measure, f.lang)
    csv = v["values"].copy()
    csv.insert(3, "measure", measure)
    csv.insert(4, "indicator", indicator or "")
    csv.insert(5, "as_of", f.as_of)
    return {
        "kind": v["kind"], "caption": _caption(data, f, measure, indicator, v["values"]),
        "basis_note": t("map.basis_none", f.lang) if v["kind"] == "rate" and f.basis == "none" else "",
        "table_title": t("map.table_title", f.lang, measure=v["measure_label"]),
        "show": show, "value_head": value_head, "rank_head": t("map.col.rank", f.lang), "csv": csv,
        "table_caption": t("map.table_note", f.lang),
        "csv_name": f"map_{measure}{'_' + indicator if indicator else ''}_{f.as_of}.csv",
    }


# ------------------------------------------------------------------ community spaces

def _open_spaces(data, as_of: str) -> tuple[dict, pd.DataFrame | None]:
    """(spaces_status, the spaces open at the end of the quarter — None while no list is uploaded)."""
    status = data("spaces_status")
    return status, (data("spaces_as_of", as_of) if status["n"] else None)


def _types(spaces: pd.DataFrame | None) -> tuple[str, ...]:
    """The space types present, in legend order (known types first, then others by name)."""
    if spaces is None or spaces.empty:
        return ()
    present = set(spaces["space_type"])
    return tuple([x for x in maps.SPACE_COLORS if x in present] + sorted(present - set(maps.SPACE_COLORS)))


def spaces(data, f: Filters) -> dict:
    """The space types to choose from (with labels) and what to say about the list: nothing uploaded (info), sample
    rows only (warning), or nothing."""
    lang = f.lang
    status, sp = _open_spaces(data, f.as_of)
    types = _types(sp)
    notice = None
    if not status["n"]:
        notice = ("info", t("map.no_spaces", lang))
    elif status["n_sample"]:
        notice = ("warning", t("map.sample_spaces", lang, n=status["n_sample"]))
    return {"types": types, "type_labels": {x: maps.space_type_label(x, lang) for x in types}, "notice": notice}


# ------------------------------------------------------------------ the map and its legend

def _legend_points(sp: pd.DataFrame | None, types: tuple[str, ...], layers: tuple[str, ...], sample: bool,
                   lang: str) -> list[tuple]:
    """The legend's point symbols: one dot per space type shown, a ring for 열린육아방 (tagged 예시 when sample)."""
    if sp is None or sp.empty:
        return []
    tag = f" ({t('map.sample_tag', lang)})" if sample else ""
    points = []
    if "spaces" in layers:
        shown = set(sp["space_type"])
        points += [(maps.space_type_label(x, lang) + tag, maps.SPACE_COLORS.get(x, maps.SPACE_COLORS["기타"]), "dot")
                   for x in types if x in shown]
    if "childcare" in layers and bool(sp["has_childcare_room"].any()):
        points.append((t("map.childcare", lang) + tag, maps.CHILDCARE_RGB, "ring"))
    return points


def deck(data, f: Filters, measure: str, indicator: str | None, layers: tuple[str, ...],
         chosen: tuple[str, ...]) -> dict:
    """The Deck (zoomed to and outlining the sidebar's districts), its legend, alt text and zoom caption, for the
    layers shown (names of LAYERS) and the chosen space types."""
    lang = f.lang
    v = values(data, f, measure, indicator)
    status, sp = _open_spaces(data, f.as_of)
    types = _types(sp)
    sample = bool(status["n_sample"])
    if sp is not None and not sp.empty:
        sp = sp[sp["space_type"].isin(chosen)]
    gu = "gu" in layers
    built = maps.build_map(
        v["values"], v["bins"], measure_label=v["measure_label"], unit=v["unit"], kind=v["kind"], lang=lang,
        show_choropleth=gu, show_dongs="dong" in layers, show_labels="labels" in layers, spaces=sp,
        show_spaces="spaces" in layers, show_childcare="childcare" in layers, highlight=f.districts,
        sample_spaces=sample, extra_col="detail")
    title = t(f"map.measure.{measure}", lang) if gu else t("map.legend.no_choropleth", lang)
    legend = maps.legend_html(title, v["bins"] if gu else [], fmt.unit_label(v["unit"], lang) if gu else None, lang,
                              n_missing=v["n_missing"] if gu else 0,
                              points=_legend_points(sp, types, layers, sample, lang))
    return {"deck": built, "legend": legend, "alt": t("map.alt", lang, measure=v["measure_label"]),
            "zoomed": t("map.zoomed", lang, n=len(f.districts)) if f.districts else ""}
