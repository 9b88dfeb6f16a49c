"""The boundary files in data/geo (25 자치구, 425 행정동, dong codes, attribution) read as tables and GeoJSON.

File texts are read once per process (lru_cache); callers get fresh copies they may change.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd

from maeul import DATA_DIR

GEO_DIR = DATA_DIR / "geo"
GU_FILE = "seoul_gu.geojson"
DONG_FILE = "seoul_dong_2021.geojson"
DONG_CODES_FILE = "seoul_dong_codes_2018_2022.csv"
ATTRIBUTION_FILE = "ATTRIBUTION.md"


@functools.lru_cache(maxsize=8)
def _geojson_text(name: str, geo_dir: str) -> str:
    return (Path(geo_dir) / name).read_text(encoding="utf-8")


def load_geojson(name: str = GU_FILE, geo_dir: Path = GEO_DIR) -> dict:
    """A boundary file from data/geo as a fresh dict (the file text is cached; callers may modify the dict)."""
    return json.loads(_geojson_text(name, str(geo_dir)))


@functools.lru_cache(maxsize=4)
def _gu_frame(geo_dir: str) -> pd.DataFrame:
    gj = json.loads(_geojson_text(GU_FILE, geo_dir))
    rows = []
    for f in gj["features"]:
        p = f["properties"]
        lon_min, lat_min, lon_max, lat_max = feature_bounds(f)
        rows.append({
            "district_code": str(p["sgg_cd"]), "district_name": p["sgg_nm"], "district_name_en": p["sgg_nm_en"],
            "area_km2": p.get("area_km2"), "dong_count_2018": p.get("dong_count_2018"),
            "dong_count_2021_04": p.get("dong_count_2021_04"), "dong_count_2022_03": p.get("dong_count_2022_03"),
            "label_lon": p["label_lon"], "label_lat": p["label_lat"],
            "lon_min": lon_min, "lat_min": lat_min, "lon_max": lon_max, "lat_max": lat_max,
        })
    return pd.DataFrame(rows).sort_values("district_code", ignore_index=True)


def gu_frame(geo_dir: Path = GEO_DIR) -> pd.DataFrame:
    """The 25 자치구 of seoul_gu.geojson: code (MOIS, = district.code), names, area, 동 수, label point, bounds."""
    return _gu_frame(str(geo_dir)).copy()


@functools.lru_cache(maxsize=4)
def _dong_frame(geo_dir: str) -> pd.DataFrame:
    gj = json.loads(_geojson_text(DONG_FILE, geo_dir))
    rows = [{
        "adm_cd2": str(f["properties"]["adm_cd2"]), "dong_name": f["properties"]["dong_nm"],
        "district_code": str(f["properties"]["sgg_cd"]), "district_name": f["properties"]["sgg_nm"],
        "area_km2": f["properties"].get("area_km2"),
        "label_lon": f["properties"]["label_lon"], "label_lat": f["properties"]["label_lat"],
    } for f in gj["features"]]
    df = pd.DataFrame(rows)
    codes = Path(geo_dir) / DONG_CODES_FILE
    if codes.exists():
        pop = pd.read_csv(codes, dtype={"adm_cd2": "string"}, usecols=["adm_cd2", "pop_total_2021q2"])
        pop = pop.drop_duplicates("adm_cd2")
        df = df.merge(pop.astype({"adm_cd2": str}), on="adm_cd2", how="left")
    else:  # pragma: no cover - the file ships with data/geo
        df["pop_total_2021q2"] = None
    return df.sort_values(["district_code", "adm_cd2"], ignore_index=True)


def dong_frame(district: str | None = None, geo_dir: Path = GEO_DIR) -> pd.DataFrame:
    """The 425 행정동 of seoul_dong_2021.geojson (valid 2020-01 … 2021-06) with 2021Q2 주민등록인구; one district
    when `district` (MOIS code) is given."""
    df = _dong_frame(str(geo_dir))
    if district is not None:
        df = df[df["district_code"] == district]
    return df.reset_index(drop=True).copy()


def attribution_text(geo_dir: Path = GEO_DIR) -> str:
    """The required attribution from data/geo/ATTRIBUTION.md (its quoted block), as Markdown."""
    text = (geo_dir / ATTRIBUTION_FILE).read_text(encoding="utf-8")
    quoted = [ln[1:].strip() for ln in text.splitlines() if ln.startswith(">")]
    return "\n".join(quoted) if quoted else text.strip()


def _coords(geom: dict):
    if geom["type"] == "Polygon":
        for ring in geom["coordinates"]:
            yield from ring
    elif geom["type"] == "MultiPolygon":
        for poly in geom["coordinates"]:
            for ring in poly:
                yield from ring


def feature_bounds(feature: dict) -> tuple[float, float, float, float]:
    xs, ys = zip(*((c[0], c[1]) for c in _coords(feature["geometry"])))
    return min(xs), min(ys), max(xs), max(ys)
