"""Printing DataFrames for the command line as table, CSV or JSON.

Text cells may hold what users typed (file and user names, notes, cell values in error tables): control characters
are removed before anything reaches the terminal (ESC/OSC sequences would act on it), and CSV cells that a
spreadsheet would run as formulas are neutralised (maeul.present.export.safe_frame)."""

from __future__ import annotations

import argparse
import json
import math
import sys

import pandas as pd


def add_format_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")


def _clean(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if v is pd.NA or v is pd.NaT:
        return None
    if hasattr(v, "item"):
        return _clean(v.item())
    return v


def records(df: pd.DataFrame) -> list[dict]:
    """JSON-safe records: NaN/NA → None, numpy scalars → Python."""
    return [{k: _clean(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def emit(df: pd.DataFrame, fmt: str, out=None) -> None:
    from maeul.present.export import safe_frame
    from maeul.present.format import plain_frame

    out = out or sys.stdout
    df = plain_frame(df)
    if fmt == "json":
        json.dump(records(df), out, ensure_ascii=False, indent=1, default=str)
        out.write("\n")
    elif fmt == "csv":
        safe_frame(df).to_csv(out, index=False)
    else:
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200):
            out.write(df.to_string(index=False) + "\n")
