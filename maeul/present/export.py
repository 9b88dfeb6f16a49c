"""Exports users open in spreadsheets: UTF-8 with BOM, and formula-looking text cells neutralised."""

from __future__ import annotations

import pandas as pd

# Text starting with these runs as a formula in Excel/LibreOffice (full-width forms included).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(s):
    """Neutralise a text cell for CSV/Excel export: text starting with = + - @ (or a tab/CR) gets a leading ' so
    spreadsheets show it instead of running it. Non-text values (a negative number is a number) are unchanged."""
    if isinstance(s, str) and s.startswith(FORMULA_START):
        return "'" + s
    return s


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text cell (and column name) passed through safe_cell."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype):
            out[c] = out[c].map(safe_cell, na_action="ignore")
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def safe_csv_bytes(df: pd.DataFrame) -> bytes:
    """A download-ready CSV: neutralised cells, UTF-8 with BOM (opens correctly in Korean Excel)."""
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")
