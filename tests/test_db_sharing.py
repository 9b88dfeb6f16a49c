"""The dashboard and the command line share the database file (maeul.plan.db): the app holds the file only while it
works, commands retry briefly and read read-only, and anything that still cannot get in — or a path that is not a
database — ends in one line and a clear exit code, never a traceback (issue 13, item 5)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from maeul import ROOT
from maeul.plan import db


def _cli(*args: str, wait: float = 1.0) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MAEUL_DB_WAIT": str(wait)}
    env.pop("MAEUL_DB", None)
    return subprocess.run([sys.executable, "-m", "maeul", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def db_file(tmp_path, built_db_file) -> Path:
    p = tmp_path / "shared.duckdb"
    c = duckdb.connect(str(p))
    c.execute(f"ATTACH '{built_db_file}' AS tmpl (READ_ONLY)")
    c.execute("COPY FROM DATABASE tmpl TO shared")
    c.execute("DETACH tmpl")
    c.close()
    return p


def test_the_app_releases_the_file_when_idle_and_answers_the_version_without_opening_it(db_file):
    shared = db.SharedConnection(db_file, idle=0.2, wait=2)
    v = shared.data_version()
    assert shared.opened == 1 and shared.is_open
    time.sleep(0.5)
    assert not shared.is_open  # released: another process may now open the file
    assert shared.data_version() == v and shared.opened == 1  # from the file signature, without opening it
    other = duckdb.connect(str(db_file))  # what the CLI does meanwhile
    other.execute("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) WHERE key = 'data_version'")
    other.close()
    assert shared.data_version() == v + 1 and shared.opened == 2  # the file changed: read again


@pytest.mark.slow  # real processes
def test_a_command_waits_while_the_app_works_and_gets_in_after(db_file):
    shared = db.SharedConnection(db_file, idle=0.2, wait=2)
    cur = shared.cursor()
    cur.execute("SELECT count(*) FROM indicator").fetchone()
    proc = subprocess.Popen([sys.executable, "-m", "maeul", "progress", "--as-of", "2021Q4", "--db", str(db_file),
                             "--format", "json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "MAEUL_DB_WAIT": "20"})
    time.sleep(1.5)  # the command is retrying while the app holds the file
    cur.close()  # the page's query is done; the file is released after `idle`
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert '"code": "1-1-1"' in out


@pytest.mark.slow  # real processes
def test_a_command_that_cannot_get_in_says_so_in_one_line_with_exit_75(db_file):
    holder = duckdb.connect(str(db_file))  # another process (here: this one) keeps the file open read-write
    try:
        for args in (["progress", "--as-of", "2021Q4"], ["uploads"], ["budget"]):
            res = _cli(*args, "--db", str(db_file), wait=0.5)
            assert res.returncode == 75, (args, res.stderr)
            lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
            assert len(lines) == 1 and "사용 중" in lines[0] and "Traceback" not in res.stderr
    finally:
        holder.close()


@pytest.mark.slow  # real processes; the same checks in-process: test_bad_paths_raise_their_own_error
@pytest.mark.parametrize("name, content, code", [
    ("folder", None, "폴더"),
    ("results.csv", "연도,분기\n2021,4\n", "끝나야"),
    ("results.json", '{"a": 1}', "끝나야"),
    ("results.parquet", "PAR1....", "끝나야"),
    ("fake.duckdb", "연도,분기,자치구\n2021,4,강남구\n", "DuckDB 데이터베이스 파일이 아닙니다"),
    ("parquet.duckdb", "PAR1" + "x" * 40, "Parquet"),
    ("garbage.duckdb", "\x00" * 64, "DuckDB 데이터베이스 파일이 아닙니다"),
])
def test_a_path_that_is_not_a_database_is_refused_in_one_line(tmp_path, name, content, code):
    p = tmp_path / name
    if content is None:
        p.mkdir()
    else:
        p.write_text(content, encoding="utf-8")
    before = None if content is None else p.read_bytes()
    for args in (["progress", "--as-of", "2021Q4"], ["build"]):
        res = _cli(*args, "--db", str(p))
        assert res.returncode == 1, res.stderr
        assert code in res.stderr and "Traceback" not in res.stderr
        assert len([ln for ln in res.stderr.splitlines() if ln.strip()]) == 1
    if before is not None:
        assert p.read_bytes() == before  # nothing written to the file
    assert sorted(x.name for x in tmp_path.iterdir()) == [name]  # and nothing created beside it


def test_readers_share_the_file_read_only(db_file):
    a = db.connect(db_file, read_only=True)
    b = db.connect(db_file, read_only=True)  # a second reader does not wait
    assert a.execute("SELECT count(*) FROM indicator").fetchone() == b.execute(
        "SELECT count(*) FROM indicator").fetchone()
    with pytest.raises(duckdb.Error):
        a.execute("DELETE FROM indicator")
    a.close()
    b.close()


@pytest.mark.parametrize("name, content, code", [
    ("folder", None, "directory"), ("x.csv", "a,b\n", "bad_suffix"), ("x.parquet", "PAR1", "bad_suffix"),
    ("fake.duckdb", "연도,분기\n", "not_duckdb"), ("zero.duckdb", "\x00" * 32, "not_duckdb"),
])
def test_bad_paths_raise_their_own_error(tmp_path, name, content, code):
    p = tmp_path / name
    if content is None:
        p.mkdir()
    else:
        p.write_text(content, encoding="utf-8")
    with pytest.raises(db.DatabaseError) as e:
        db.connect(p, read_only=True)
    assert e.value.code == code and not e.value.busy
    assert str(p) in e.value.message("ko") and str(p) in e.value.message("en")
