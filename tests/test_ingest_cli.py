"""`python -m maeul ingest|uploads|rollback|template|sample|remove-sample`: output and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import fingerprint
from fixtures.make_fixtures import ACTUALS, codes, csv_bytes

from maeul import ROOT
from maeul.cli.main import main
from maeul.upload.reader import read_upload


@pytest.fixture
def db(tmp_path, built_db_file) -> str:
    """A file database (a copy of the built template)."""
    path = tmp_path / "cli.duckdb"
    c = duckdb.connect(str(path))
    c.execute(f"ATTACH '{built_db_file}' AS tmpl (READ_ONLY)")
    c.execute("COPY FROM DATABASE tmpl TO cli")
    c.execute("DETACH tmpl")
    c.close()
    return str(path)


@pytest.fixture
def files(tmp_path, con):
    c = codes(con)
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "10", ""],
                                         ["2019", "1", "종로구", c.count_both, "4", ""]]))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(ACTUALS, [["2019", "7", "강남구", c.count_both, "10", ""],
                                        ["2019", "1", "없는구", c.count_both, "x", ""]]))
    return good, bad


def _fp(db: str) -> dict:
    c = duckdb.connect(db)
    try:
        return fingerprint(c)
    finally:
        c.close()


def test_ingest_success_and_listing(db, files, capsys):
    good, _ = files
    assert main(["ingest", str(good), "--db", db, "--user", "담당자"]) == 0
    out = capsys.readouterr().out
    assert "업로드 1" in out and "2" in out
    assert main(["uploads", "--db", db, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1
    r = rows[0]
    assert {"upload_id", "uploaded_at", "user", "file_name", "sha256", "kind", "rows", "status"} <= set(r)
    assert (r["upload_id"], r["user"], r["file_name"], r["kind"], r["rows"], r["status"]) == (
        1, "담당자", "good.csv", "actuals", 2, "committed")
    assert main(["uploads", "--db", db]) == 0
    assert "good.csv" in capsys.readouterr().out


def test_ingest_failure_prints_the_error_table_and_leaves_the_db(db, files, capsys):
    _, bad = files
    before = _fp(db)
    assert main(["ingest", str(bad), "--db", db]) == 1
    cap = capsys.readouterr()
    assert "quarter_out_of_range" in cap.out and "unknown_district" in cap.out and "not_a_number" in cap.out
    assert "아무것도 저장하지 않았습니다" in cap.err
    assert _fp(db) == before
    assert main(["ingest", str(bad), "--db", db, "--format", "json", "--lang", "en"]) == 1
    errs = json.loads(capsys.readouterr().out)
    assert [(e["row"], e["code"]) for e in errs] == [(2, "quarter_out_of_range"), (3, "unknown_district"),
                                                     (3, "not_a_number")]
    assert errs[1]["message"].startswith("Unknown district")


def test_ingest_dry_run_duplicate_and_missing_file(db, files, capsys, tmp_path):
    good, _ = files
    before = _fp(db)
    assert main(["ingest", str(good), "--db", db, "--dry-run"]) == 0
    assert "시험 실행" in capsys.readouterr().out
    assert _fp(db) == before
    assert main(["ingest", str(good), "--db", db]) == 0
    capsys.readouterr()
    after = _fp(db)
    assert main(["ingest", str(good), "--db", db]) == 0
    assert "이미 업로드" in capsys.readouterr().out
    assert _fp(db) == after
    assert main(["ingest", str(tmp_path / "nope.csv"), "--db", db]) == 1


def test_rollback_command(db, files, capsys):
    good, _ = files
    assert main(["ingest", str(good), "--db", db]) == 0
    assert main(["rollback", "1", "--db", db, "--user", "관리자"]) == 0
    assert "되돌렸습니다" in capsys.readouterr().out
    before = _fp(db)
    assert main(["rollback", "1", "--db", db]) == 1
    assert "이미 되돌렸습니다" in capsys.readouterr().err
    assert main(["rollback", "42", "--db", db, "--lang", "en"]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert _fp(db) == before
    c = duckdb.connect(db)
    assert c.execute("SELECT status, rolled_back_by FROM upload").fetchall() == [("rolled_back", "관리자")]
    c.close()


@pytest.mark.parametrize("kind", ["actuals", "budget", "spaces"])
def test_template_command_reads_back(db, tmp_path, kind, capsys):
    out = tmp_path / f"t_{kind}.csv"
    assert main(["template", kind, "--out", str(out), "--db", db]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    r = read_upload(data, out.name)
    assert r.kind == kind and [e.code for e in r.errors] == ["no_data_rows"]
    xl = tmp_path / f"t_{kind}.xlsx"
    assert main(["template", kind, "--out", str(xl), "--db", db]) == 0
    r = read_upload(xl.read_bytes(), xl.name)
    assert r.kind == kind and r.encoding == "xlsx" and [e.code for e in r.errors] == ["no_data_rows"]


def test_sample_and_remove_sample_commands(db, tmp_path, capsys):
    out = tmp_path / "sample"
    assert main(["sample", "--seed", "3", "--out", str(out), "--db", db]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert "sample_spaces.csv" in names and "sample_actuals_2018Q1.csv" in names and "sample_budget_2022Q4.csv" in names
    assert main(["sample", "--seed", "3", "--db", db]) == 1  # neither --out nor --load
    assert main(["remove-sample", "--db", db]) == 0
    assert "0건" in capsys.readouterr().out


@pytest.mark.slow  # real `python -m maeul` processes
def test_cli_exit_codes_in_a_real_process(db, files):
    """The same through `python -m maeul` (exit statuses as the shell sees them)."""
    good, bad = files
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "maeul", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)

    p = run("ingest", str(bad), "--db", db)
    assert p.returncode == 1 and "unknown_district" in p.stdout
    p = run("ingest", str(good), "--db", db, "--user", "shell")
    assert p.returncode == 0, p.stderr
    p = run("uploads", "--db", db, "--format", "json")
    assert p.returncode == 0 and json.loads(p.stdout)[0]["user"] == "shell"
    p = run("rollback", "9", "--db", db)
    assert p.returncode == 1
    assert Path(db).exists()
