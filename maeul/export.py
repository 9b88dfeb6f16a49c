"""Exports users open in spreadsheets: UTF-8 with BOM, and formula-looking text cells neutralised."""

from __future__ import annotations

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(v):
    """A text cell starting with = + - @ (or tab/CR) gets a leading ' so Excel shows it instead of running it.

    Numbers are left alone (a negative number is a number, not a formula).
    """
    if isinstance(v, str) and v.startswith(FORMULA_PREFIXES):
        return "'" + v
    return v


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or str(out[c].dtype).startswith("string"):
            out[c] = out[c].map(safe_cell)
    return out


def safe_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV bytes for a download button: BOM + UTF-8 so Korean Excel opens it, formulas neutralised."""
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")
