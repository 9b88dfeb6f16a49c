"""`python -m maeul build` and `budget`: the database builds on a fresh path and budgets print as Ⅷ counts them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from maeul.cli.main import main as cli_main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # a real `python -m maeul` process
def test_build_creates_the_database_from_data(tmp_path):
    db = tmp_path / "new" / "m.duckdb"
    out = subprocess.run([sys.executable, "-m", "maeul", "build", "--db", str(db)], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert db.exists() and "indicator" in out.stdout
    # rebuilding an existing file keeps working (plan tables are replaced, uploads kept)
    assert cli_main(["build", "--db", str(db)]) == 0


def test_budget_json_matches_section_viii_strategy_totals(tmp_path, capsys):
    viii = pd.read_csv(ROOT / "data" / "plan" / "investment_plan_viii.csv", dtype={"code": str})
    printed = viii[viii["level"] == "strategy"].set_index(["code", "year"])["amount_mn"]
    assert cli_main(["budget", "--db", str(tmp_path / "m.duckdb"), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {(r["code"], r["year"]) for r in rows} == set(printed.index)
    for r in rows:
        assert set(r) == {"code", "name", "year", "planned"}
        assert r["planned"] == printed[(r["code"], r["year"])]


def test_budget_by_line_and_bad_year(tmp_path, capsys):
    db = str(tmp_path / "m.duckdb")
    assert cli_main(["budget", "--db", db, "--by", "line", "--year", "2019", "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert "3-1-5-B2" in text and "3-1-5-B1" not in text  # the partner fair line is not counted by Ⅷ
    assert cli_main(["budget", "--db", db, "--year", "2017"]) == 2


@pytest.mark.slow  # loads the sample data set
def test_progress_cli_on_sample_data(tmp_path, capsys):
    db = str(tmp_path / "m.duckdb")
    assert cli_main(["sample", "--seed", "3", "--load", "--db", db, "--user", "operator"]) == 0
    capsys.readouterr()
    assert cli_main(["progress", "--db", db, "--as-of", "2021Q4", "--district", "송파구", "--format", "json"]) == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["1-1-1"]["source"] == "예시" and rows["1-1-1"]["actual"] is not None
    assert {r["status"] for r in rows.values()} & {"달성", "정상", "주의", "지연"}
    assert rows["3-1-4"]["status"] == "목표 없음"  # a city-only milestone has no district target
    assert cli_main(["progress", "--db", db, "--as-of", "2021Q4", "--format", "json"]) == 0
    city = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert city["3-1-4"]["target"] == "운영" and city["3-1-4"]["actual"] is not None  # milestones print stages
