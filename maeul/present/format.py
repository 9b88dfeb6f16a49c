"""One formatter per kind of figure: every number, rate, amount, unit and status label the app shows goes through
here, so the same value reads the same in tables, charts, maps, captions and exports."""

from __future__ import annotations

import pandas as pd


def fmt_num(v, unit: str | None = None, digits: int = 0) -> str:
    """1234.5 → '1,235' (+ unit); None/NaN → '–'."""
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return "–"
    s = f"{v:,.{digits}f}"
    return f"{s} {unit}" if unit else s


def fmt_pct(v) -> str:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return "–"
    if v == float("inf"):
        return "∞"
    return f"{v * 100:,.0f}%"
