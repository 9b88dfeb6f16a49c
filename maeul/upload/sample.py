"""Sample (예시) data: plausible quarterly actuals, budget execution and community spaces for 2018Q1–2022Q4.

Built from the plan's own targets in the database, written as ordinary upload files (UTF-8 CSV with BOM) and loaded
through the same upload path (maeul.upload.store.commit) as real uploads, with upload.is_sample = TRUE. Everything is labelled 예시: the note
column says '예시 데이터' and space names start with '예시'. Deterministic per seed (and per plan data).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from maeul import DATA_DIR, PLAN_YEARS
from maeul.upload.errors import IngestError
from maeul.upload.spec import COUNT_UNITS, HEADERS_KO, SAMPLE_NOTE, SEOUL_LAT, SEOUL_LON
from maeul.upload.store import CommitResult, commit

GEO_PATH = DATA_DIR / "geo" / "seoul_dong_2021.geojson"
TOTAL_DONGS = 424  # the plan's 동 수 (district share = its 동 수 ÷ 424)

# Community spaces the plan counts as existing (Ⅵ 3-1-3 "커뮤니티 공간 기 조성 현황").
EXISTING_SPACES = {"우리마을공간": 122, "마을기업": 155, "마을예술창작소": 54, "마을활력소": 36}
# New 마을활력소 per year (3-1-3 연차별 추진계획) and new 동주민센터 with an 열린육아방 (4-3-1).
NEW_HUBS = {2018: 9, 2019: 16, 2020: 16, 2021: 17, 2022: 17}
NEW_DONG_CENTRES = 6

QUARTER_WEIGHTS = (0.2, 0.25, 0.25, 0.3)
MISSING_RATE = 0.04  # share of (district, quarter) pairs that did not report


@dataclass
class _Indicator:
    code: str
    role: str
    unit: str
    direction: str
    target_kind: str
    scope: str
    district_basis: str
    baseline: float | None
    baseline_year: int | None


def _perf_factor(rng: random.Random) -> float:
    r = rng.random()
    if r < 0.2:
        return rng.uniform(1.1, 1.3)  # ahead
    if r < 0.8:
        return rng.uniform(0.8, 1.0)  # most
    return rng.uniform(0.4, 0.7)  # behind


def _round_count(x: float, rng: random.Random) -> int:
    """Stochastic rounding: small per-district shares still add up to the right total on average."""
    x = max(0.0, x)
    base = int(x)
    return base + (1 if rng.random() < x - base else 0)


def _fmt(v: float, unit: str) -> str:
    if unit in COUNT_UNITS:
        return str(int(round(v)))
    v = round(v, 1)
    return str(int(v)) if v == int(v) else f"{v:.1f}"


def _csv_bytes(kind: str, rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADERS_KO[kind])
    w.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def _load_plan(con: duckdb.DuckDBPyConnection):
    with con.cursor() as cur:
        inds = [_Indicator(*r) for r in cur.execute(
            "SELECT code, role, unit, direction, target_kind, scope, district_basis, baseline, baseline_year "
            "FROM indicator ORDER BY seq").fetchall()]
        targets: dict[str, dict[int, tuple[float | None, str | None]]] = {}
        for code, year, value, stage in cur.execute(
                "SELECT indicator_code, year, value, stage FROM target ORDER BY indicator_code, year").fetchall():
            targets.setdefault(code, {})[int(year)] = (value, stage)
        stages: dict[str, list[str]] = {}
        for code, stage in cur.execute("SELECT indicator_code, stage FROM stage ORDER BY indicator_code, ord"
                                       ).fetchall():
            stages.setdefault(code, []).append(stage)
        districts = cur.execute("SELECT code, name_ko, dong_count FROM district ORDER BY code").fetchall()
        lines = cur.execute("""
            SELECT b.code, p.year, p.amount_mn FROM budget_line b JOIN budget_plan p ON p.line_code = b.code
            WHERE b.funding = '예산' ORDER BY b.code, p.year
        """).fetchall()
    return inds, targets, stages, districts, lines


def _yearly_counts(ind: _Indicator, targets: dict[int, tuple]) -> dict[int, float]:
    """Planned count achieved within each plan year (annual: the target; cumulative: the increase)."""
    out: dict[int, float] = {}
    if ind.target_kind == "annual":
        for y in PLAN_YEARS:
            v = targets.get(y, (None, None))[0]
            if v is not None:
                out[y] = float(v)
        return out
    prev = ind.baseline if ind.baseline is not None and (ind.baseline_year or 0) < PLAN_YEARS[0] else 0.0
    for y in PLAN_YEARS:
        v = targets.get(y, (None, None))[0]
        if v is None:
            continue
        out[y] = max(0.0, float(v) - float(prev or 0.0))
        prev = v
    return out


def _level_path(ind: _Indicator, targets: dict[int, tuple]) -> dict[tuple[int, int], float]:
    """Planned level at each quarter end, interpolated from the baseline to each year's target."""
    known = {y: float(v) for y, (v, _) in targets.items() if v is not None and y in PLAN_YEARS}
    if not known:
        return {}
    first = min(known)
    start = float(ind.baseline) if ind.baseline is not None else known[first]
    path: dict[tuple[int, int], float] = {}
    prev = start
    for y in PLAN_YEARS:
        end = known.get(y, prev)
        for q in range(1, 5):
            path[(y, q)] = prev + (end - prev) * q / 4
        prev = end
    return path


def _is_survey(ind: _Indicator) -> bool:
    return ind.code.upper().startswith("K") or (ind.role == "goal" and ind.unit == "%")


def _stage_key(s: str) -> str:
    return "".join(ch for ch in (s or "") if ch.isalnum())


def generate_actuals(con: duckdb.DuckDBPyConnection, seed: int) -> dict[tuple[int, int], list[list[str]]]:
    """Rows (연도, 분기, 자치구, 지표코드, 실적, 비고) per quarter."""
    rng = random.Random(f"actuals-{seed}")
    inds, targets, stages, districts, _ = _load_plan(con)
    quarters = [(y, q) for y in PLAN_YEARS for q in range(1, 5)]
    missing = {(d[0], y, q) for d in districts for (y, q) in quarters if rng.random() < MISSING_RATE}
    out: dict[tuple[int, int], list[list[str]]] = {yq: [] for yq in quarters}
    for ind in inds:
        t = targets.get(ind.code, {})
        factor = _perf_factor(rng)
        per_district = ind.scope in ("both", "district")
        if ind.target_kind == "milestone":
            _milestone_rows(ind, t, stages.get(ind.code, []), factor, districts, missing, rng, out)
        elif ind.target_kind in ("annual", "cumulative") and ind.unit not in ("%", "점"):
            yearly = _yearly_counts(ind, t)
            for (y, q) in quarters:
                if y not in yearly:
                    continue
                planned = yearly[y] * QUARTER_WEIGHTS[q - 1] * factor
                if per_district:
                    for code, name, dong_count in districts:
                        if (code, y, q) in missing:
                            continue
                        share = 1 / len(districts) if ind.district_basis == "equal" else dong_count / TOTAL_DONGS
                        v = planned * share * rng.uniform(0.7, 1.3)
                        out[(y, q)].append([str(y), str(q), name, ind.code, _value(v, ind.unit, rng), SAMPLE_NOTE])
                else:
                    v = planned * rng.uniform(0.85, 1.15)
                    out[(y, q)].append([str(y), str(q), "", ind.code, _value(v, ind.unit, rng), SAMPLE_NOTE])
        else:
            path = _level_path(ind, t)
            if not path:
                continue
            start = float(ind.baseline) if ind.baseline is not None else path[quarters[0]]
            survey = _is_survey(ind)
            for (y, q) in quarters:
                if survey and q != 4:
                    continue
                planned = path[(y, q)]
                v = start + (planned - start) * factor
                v *= rng.uniform(0.98, 1.02)
                if ind.unit == "%":
                    v = min(100.0, v)
                v = max(0.0, v)
                if ind.scope == "district":
                    for code, name, _ in districts:
                        if (code, y, q) not in missing:
                            out[(y, q)].append([str(y), str(q), name, ind.code, _value(v, ind.unit, rng),
                                                SAMPLE_NOTE])
                else:
                    out[(y, q)].append([str(y), str(q), "", ind.code, _value(v, ind.unit, rng), SAMPLE_NOTE])
    return out


def _value(v: float, unit: str, rng: random.Random) -> str:
    if unit in COUNT_UNITS:
        return str(_round_count(v, rng))
    return _fmt(v, unit)


def _milestone_rows(ind, t, stage_list, factor, districts, missing, rng, out) -> None:
    if not stage_list:
        return
    keys = [_stage_key(s) for s in stage_list]
    planned_ord: dict[int, int] = {}
    current = 0
    for y in PLAN_YEARS:
        stage = t.get(y, (None, None))[1]
        if stage and _stage_key(stage) in keys:
            current = keys.index(_stage_key(stage)) + 1
        elif stage:  # a stage text not in the list: move one step on
            current = min(len(stage_list), current + 1)
        if current:
            planned_ord[y] = current
    if not planned_ord:
        return
    lag_p = 0.5 if factor < 0.8 else 0.15
    places = [(code, name) for code, name, _ in districts] if ind.scope == "district" else [(None, "")]
    for code, name in places:
        reached = 0
        for y in PLAN_YEARS:
            if y not in planned_ord:
                continue
            for q in range(1, 5):
                if code is not None and (code, y, q) in missing:
                    continue
                lag = 1 if rng.random() < (lag_p + (0.2 if q <= 2 else 0.0)) else 0
                reached = max(reached, planned_ord[y] - lag, 1)
                out[(y, q)].append([str(y), str(q), name, ind.code, stage_list[reached - 1], SAMPLE_NOTE])


def generate_budget(con: duckdb.DuckDBPyConnection, seed: int) -> dict[tuple[int, int], list[list[str]]]:
    """Rows (연도, 분기, 자치구, 예산코드, 집행액, 비고) per quarter: citywide, ~60–105 % of each year's plan."""
    rng = random.Random(f"budget-{seed}")
    _, _, _, _, lines = _load_plan(con)
    out: dict[tuple[int, int], list[list[str]]] = {(y, q): [] for y in PLAN_YEARS for q in range(1, 5)}
    for code, year, amount in lines:
        if not amount or amount <= 0 or year not in PLAN_YEARS:
            continue
        rate = rng.uniform(0.6, 1.05)
        weights = [w * rng.uniform(0.7, 1.3) for w in (0.15, 0.25, 0.25, 0.35)]
        total = sum(weights)
        for q in range(1, 5):
            v = round(amount * rate * weights[q - 1] / total, 1)
            out[(year, q)].append([str(year), str(q), "", code, f"{v:.1f}", SAMPLE_NOTE])
    return out


# --- spaces ----------------------------------------------------------------------------------------------------

def _in_ring(x: float, y: float, ring: list) -> bool:
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_polygon(lon: float, lat: float, geometry: dict) -> bool:
    """Even-odd rule over every ring of a GeoJSON Polygon/MultiPolygon (holes excluded)."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for poly in polys:
        inside = False
        for ring in poly:
            if _in_ring(lon, lat, ring):
                inside = not inside
        if inside:
            return True
    return False


def _bbox(geometry: dict) -> tuple[float, float, float, float]:
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    xs = [p[0] for poly in polys for p in poly[0]]
    ys = [p[1] for poly in polys for p in poly[0]]
    return min(xs), min(ys), max(xs), max(ys)


def load_dongs(path: Path = GEO_PATH) -> list[dict]:
    """The 행정동 features (code, name, district code/name, geometry, bbox)."""
    if not Path(path).exists():
        raise IngestError("missing_geo", path=str(path))
    gj = json.loads(Path(path).read_text(encoding="utf-8"))
    dongs = []
    for f in gj["features"]:
        p = f["properties"]
        dongs.append({"code": str(p["adm_cd2"]), "name": p["dong_nm"], "sgg_cd": str(p["sgg_cd"]),
                      "sgg_nm": p["sgg_nm"], "geometry": f["geometry"], "bbox": _bbox(f["geometry"])})
    dongs.sort(key=lambda d: d["code"])
    return dongs


def random_point_in(dong: dict, rng: random.Random) -> tuple[float, float]:
    """(lat, lon) uniformly inside the dong polygon (rejection sampling in its bounding box), 5 decimals."""
    x0, y0, x1, y1 = dong["bbox"]
    for _ in range(2000):
        lon = round(rng.uniform(x0, x1), 5)
        lat = round(rng.uniform(y0, y1), 5)
        if (SEOUL_LAT[0] <= lat <= SEOUL_LAT[1] and SEOUL_LON[0] <= lon <= SEOUL_LON[1]
                and point_in_polygon(lon, lat, dong["geometry"])):
            return lat, lon
    raise RuntimeError(f"no point found inside 행정동 {dong['code']}")


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def generate_spaces(con: duckdb.DuckDBPyConnection, seed: int, geo_path: Path = GEO_PATH) -> list[list[str]]:
    """Rows of the spaces template: the plan's existing spaces, new 마을활력소 and 동주민센터, at random points inside
    random 행정동 polygons; about a third with an 열린육아방."""
    rng = random.Random(f"spaces-{seed}")
    dongs = load_dongs(geo_path)
    with con.cursor() as cur:
        known = {r[0] for r in cur.execute("SELECT code FROM district").fetchall()}
    dongs = [d for d in dongs if d["sgg_cd"] in known]
    plan: list[tuple[str, dt.date, dt.date]] = []  # (type, opened from, opened to)
    for space_type, n in EXISTING_SPACES.items():
        plan += [(space_type, dt.date(2013, 1, 1), dt.date(2017, 12, 31))] * n
    for year, n in NEW_HUBS.items():
        plan += [("마을활력소", dt.date(year, 1, 1), dt.date(year, 12, 31))] * _round_count(n * rng.uniform(0.75, 1.0),
                                                                                          rng)
    plan += [("신축 동주민센터", dt.date(2019, 1, 1), dt.date(2022, 12, 31))] * NEW_DONG_CENTRES
    numbers: dict[str, int] = {}
    rows = []
    for space_type, start, end in plan:
        numbers[space_type] = numbers.get(space_type, 0) + 1
        dong = rng.choice(dongs)
        lat, lon = random_point_in(dong, rng)
        opened = _random_date(rng, start, end)
        closed = ""
        if space_type in ("우리마을공간", "마을기업", "마을예술창작소") and rng.random() < 0.1:
            closed = _random_date(rng, max(opened + dt.timedelta(days=180), dt.date(2018, 1, 1)),
                                  dt.date(2022, 12, 31)).isoformat()
        childcare = "Y" if rng.random() < 1 / 3 else "N"
        rows.append([f"예시 {space_type} {numbers[space_type]}", space_type, dong["sgg_nm"], dong["code"],
                     f"서울특별시 {dong['sgg_nm']} {dong['name']} (예시 주소)", f"{lat:.5f}", f"{lon:.5f}",
                     opened.isoformat(), closed, childcare, SAMPLE_NOTE])
    return rows


# --- files and loading -----------------------------------------------------------------------------------------

def generate(con: duckdb.DuckDBPyConnection, seed: int, geo_path: Path = GEO_PATH) -> dict[str, bytes]:
    """All sample files: file name → CSV bytes, in the order they are to be loaded (quarter by quarter)."""
    actuals = generate_actuals(con, seed)
    budget = generate_budget(con, seed)
    files: dict[str, bytes] = {}
    for (y, q) in sorted(actuals):
        if actuals[(y, q)]:
            files[f"sample_actuals_{y}Q{q}.csv"] = _csv_bytes("actuals", actuals[(y, q)])
        if budget.get((y, q)):
            files[f"sample_budget_{y}Q{q}.csv"] = _csv_bytes("budget", budget[(y, q)])
    files["sample_spaces.csv"] = _csv_bytes("spaces", generate_spaces(con, seed, geo_path))
    return files


def write_sample_files(con: duckdb.DuckDBPyConnection, seed: int, out_dir: str | Path,
                       geo_path: Path = GEO_PATH) -> list[Path]:
    """Write the sample files into `out_dir` (created if needed); returns their paths in load order."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in generate(con, seed, geo_path).items():
        p = out / name
        p.write_bytes(data)
        paths.append(p)
    return paths


def load_sample(con: duckdb.DuckDBPyConnection, seed: int, user: str, *, scope=None, lock=None,
                geo_path: Path = GEO_PATH) -> list[CommitResult]:
    """Write the sample files to a temporary folder and commit each through maeul.upload.store.commit (is_sample=True).

    Sample data spans every district: only an unrestricted scope (admin or operator) may load it.

    A file already loaded (same bytes, still committed) is reported as a duplicate and changes nothing.
    """
    if scope is not None:
        from maeul.plan.events import Event
        from maeul.plan.write import record_event

        err = IngestError("sample_admin_only")
        record_event(con, Event("refused", user, scope="all", detail=f"load sample: {err.message_ko}"), lock=lock)
        raise err
    results = []
    with tempfile.TemporaryDirectory(prefix="maeul-sample-") as tmp:
        for path in write_sample_files(con, seed, tmp, geo_path):
            res = commit(con, path.read_bytes(), path.name, user, is_sample=True, lock=lock)
            if res.errors:
                first = "; ".join(f"row {e.row} {e.column}: {e.message_en}" for e in res.errors[:5])
                raise RuntimeError(f"sample file {path.name} was rejected: {first}")
            results.append(res)
    return results
