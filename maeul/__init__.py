"""maeul — Seoul 2기(2018–2022) 마을공동체 기본계획 dashboard: data, progress logic, ingest, charts and maps."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
PLAN_YEARS = (2018, 2019, 2020, 2021, 2022)
__version__ = "0.1.0"
