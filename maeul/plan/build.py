"""Build the DuckDB database from the CSV files in data/ (the only place plan figures live)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from maeul import DATA_DIR
from maeul.plan.schema import PLAN_TABLES, PLAN_TABLES_SQL, USER_TABLES_SQL, VIEWS_SQL, refresh_current_if_stale
from maeul.plan.write import write

# table -> CSV file under data/
SOURCES: dict[str, str] = {
    "strategy": "plan/strategy.csv",
    "task": "plan/task.csv",
    "unit_project": "plan/unit_project.csv",
    "indicator": "plan/indicator.csv",
    "target": "plan/target.csv",
    "stage": "plan/stage.csv",
    "budget_line": "plan/budget_line.csv",
    "budget_plan": "plan/budget_plan.csv",
    "investment_plan_viii": "plan/investment_plan_viii.csv",
    "district": "districts.csv",
    "district_stat": "district_stat.csv",
    "district_stat_label": "district_stat_labels.csv",
    "data_quality_note": "plan/data_quality_notes.csv",
    "published_actual": "published/published_actuals.csv",
    "reporting_calendar": "reporting_calendar.csv",
}

# Columns read as text whatever they look like (codes must keep their form: "1-1", "11110").
TEXT_COLUMNS = {
    "code", "strategy_code", "task_code", "unit_project_code", "indicator_code", "line_code", "district_code",
    "kostat_code", "printed", "printed_total", "stage", "id", "figure_a", "figure_b", "source_date", "ref_period",
}


class BuildError(RuntimeError):
    """data/ does not match what the schema needs."""


def read_source(table: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """One data/ CSV as a DataFrame with code columns kept as text."""
    path = data_dir / SOURCES[table]
    if not path.exists():
        raise BuildError(f"missing data file for table {table}: {path}")
    header = pd.read_csv(path, nrows=0).columns
    dtypes = {c: "string" for c in header if c in TEXT_COLUMNS}
    df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    return df


def _prepare(table: str, df: pd.DataFrame, con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    df = df.copy()
    if table == "district":
        df = df.rename(columns={"dong_count_plan": "dong_count"})
    if table in ("unit_project", "indicator", "budget_line"):
        project = df["unit_project_code"] if table != "unit_project" else df["code"]
        df["task_code"] = project.str.rsplit("-", n=1).str[0]
        df["strategy_code"] = project.str.split("-").str[0]
    if table == "indicator":
        df["seq"] = range(1, len(df) + 1)
    for col in ("counted_in_viii",):  # empty = false
        if col in df.columns:
            df[col] = df[col].astype("string").str.lower().isin(["true", "1", "yes", "y"])
    for col in ("baseline_in_target", "comparable"):  # empty = unknown (NULL)
        if col in df.columns:
            low = df[col].astype("string").str.strip().str.lower()
            df[col] = low.map(lambda v: None if pd.isna(v) or v == "" else v in ("true", "1", "yes", "y")).astype(object)
    cols = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table]).fetchall()]
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise BuildError(f"{SOURCES[table]} lacks columns {missing}")
    return df[cols]


def ensure_user_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the upload/actual/... tables and the views if they are not there yet."""
    con.execute(USER_TABLES_SQL)
    if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'indicator'").fetchone()[0]:
        con.execute(VIEWS_SQL)
        # A database written before the materialised current rows existed (or changed by hand): bring them up to date
        # once here, so reads take the fast path. No figure changes, so no new data version.
        write(con, refresh_current_if_stale, bump=False)


def build(con: duckdb.DuckDBPyConnection, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """(Re)load every plan table from data/ in one transaction; user tables (uploads) are kept.

    Returns the row count per plan table.
    """
    frames = {t: read_source(t, data_dir) for t in PLAN_TABLES}

    def load(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
        counts: dict[str, int] = {}
        cur.execute(USER_TABLES_SQL)
        for view in ("budget_viii_by_year", "budget_viii_by_strategy", "budget_viii_by_task",
                     "budget_viii_by_project", "budget_planned"):
            cur.execute(f"DROP VIEW IF EXISTS {view}")
        for t in PLAN_TABLES:
            cur.execute(f"DROP TABLE IF EXISTS {t}")
        cur.execute(PLAN_TABLES_SQL)
        for t in PLAN_TABLES:
            df = _prepare(t, frames[t], cur)
            cur.register("_src", df)
            cur.execute(f"INSERT INTO {t} SELECT * FROM _src")
            cur.unregister("_src")
            counts[t] = len(df)
        cur.execute(VIEWS_SQL)
        refresh_current_if_stale(cur)
        return counts

    return write(con, load)
