"""The upload CLI against hostile input and beside the dashboard (issue 13): what users typed reaches the terminal
without control characters and CSV output without live formulas; implausible values need --force; the commands that
only read open the database read-only; no path prints a traceback."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest
from fixtures.make_fixtures import ACTUALS, codes, count_bound, csv_bytes

from maeul import ROOT
from maeul.cli.main import main
from maeul.plan import db as plan_db


@pytest.fixture
def db(tmp_path, built_db_file) -> str:
    path = tmp_path / "cli.duckdb"
    c = duckdb.connect(str(path))
    c.execute(f"ATTACH '{built_db_file}' AS tmpl (READ_ONLY)")
    c.execute("COPY FROM DATABASE tmpl TO cli")
    c.execute("DETACH tmpl")
    c.close()
    return str(path)


def _ingest_hostile(db: str, tmp_path, con) -> None:
    c = codes(con)
    f = tmp_path / "=HYPERLINK(1).csv"
    f.write_bytes(csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "3", "메모"]]))
    assert main(["ingest", str(f), "--db", db, "--user", "kim\x1b]0;owned\x07\x1b[2J"]) == 0


def test_uploads_prints_no_control_characters_and_csv_has_no_live_formula(db, tmp_path, con, capsys):
    _ingest_hostile(db, tmp_path, con)
    capsys.readouterr()
    for fmt in ("table", "csv", "json"):
        assert main(["uploads", "--db", db, "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out, fmt
        assert "kim]0;owned[2J" in out
    assert main(["uploads", "--db", db, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "'=HYPERLINK(1).csv" in out and ",=HYPERLINK" not in out


def test_an_error_table_shows_cell_values_without_control_characters(db, tmp_path, con, capsys):
    c = codes(con)
    f = tmp_path / "bad.csv"
    f.write_bytes(csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "\x1b[2J12x", ""]]))
    assert main(["ingest", str(f), "--db", db, "--format", "csv"]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "[2J12x" in out


def test_implausible_values_need_force(db, tmp_path, con, capsys):
    c = codes(con)
    f = tmp_path / "big.csv"
    f.write_bytes(csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, str(count_bound(con, c.count_both) + 1),
                                       ""]]))
    for extra in (["--dry-run"], []):
        assert main(["ingest", str(f), "--db", db, *extra]) == 1
        captured = capsys.readouterr()
        assert "implausible_value" in captured.out and "--force" in captured.err
    assert main(["ingest", str(f), "--db", db, "--dry-run", "--force"]) == 0
    assert main(["ingest", str(f), "--db", db, "--force"]) == 0
    assert "업로드 1" in capsys.readouterr().out


def test_commands_that_only_read_open_the_database_read_only(db, tmp_path, con, monkeypatch):
    calls = []
    real = plan_db.connect

    def spy(path=None, **kw):
        calls.append(kw.get("read_only", False))
        return real(path, **kw)

    monkeypatch.setattr(plan_db, "connect", spy)
    f = tmp_path / "ok.csv"
    f.write_bytes(csv_bytes(ACTUALS, [["2019", "1", "강남구", codes(con).count_both, "3", ""]]))
    for argv in (["uploads"], ["template", "actuals", "--out", str(tmp_path / "t.csv")],
                 ["ingest", str(f), "--dry-run"], ["progress", "--as-of", "2020Q4"]):
        calls.clear()
        assert main([*argv, "--db", db]) == 0, argv
        assert calls == [True], argv
    calls.clear()
    assert main(["ingest", str(f), "--db", db]) == 0 and calls == [False]


@pytest.mark.parametrize("argv", [
    ["template", "actuals", "--out", "/nonexistent-dir/x.csv"],
    ["ingest", "/"],
    ["ingest", "missing.csv"],
    ["rollback", "99"],
    ["uploads", "--db", "/tmp"],
    ["uploads", "--db", "plan.csv"],
])
def test_no_cli_path_prints_a_traceback(db, argv, capsys):
    if "--db" not in argv:
        argv = [*argv, "--db", db]
    rc = main(argv)
    err = capsys.readouterr().err
    assert rc in (1, 2) and "Traceback" not in err and err.strip() and len(err.strip().splitlines()) <= 2


@pytest.mark.slow
def test_read_only_commands_run_while_another_process_reads_the_file(db, tmp_path, con):
    """A reader holding the file (as the dashboard does between its idle closes) does not block `uploads`,
    `template` or `ingest --dry-run` in another process: read-only opens share the file."""
    f = tmp_path / "ok.csv"
    f.write_bytes(csv_bytes(ACTUALS, [["2019", "1", "강남구", codes(con).count_both, "3", ""]]))
    holder = duckdb.connect(db, read_only=True)
    try:
        for argv in (["uploads"], ["template", "actuals", "--out", str(tmp_path / "t.csv")],
                     ["ingest", str(f), "--dry-run"]):
            res = subprocess.run([sys.executable, "-m", "maeul", *argv, "--db", db], cwd=ROOT, capture_output=True,
                                 text=True, timeout=60, env={**__import__("os").environ, "MAEUL_DB_WAIT": "2"})
            assert res.returncode == 0, (argv, res.stderr)
            assert "Traceback" not in res.stderr
    finally:
        holder.close()
