"""Backup and restore: every table round-trips (row count and content hash), sequences continue, restore refuses to
overwrite without --force and refuses while another process has the database open, a backup taken while uploads
are being committed holds whole uploads only."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
from conftest import fingerprint
from fixtures.make_fixtures import ACTUALS, SPACES, codes, csv_bytes

from maeul.cli.main import main
from maeul.ops import backup as bk
from maeul.upload import store


def _with_uploads(con) -> None:
    c = codes(con)
    ok = store.commit(con, csv_bytes(ACTUALS, [["2019", "1", "강남구", c.count_both, "5", "메모"],
                                                ["2019", "2", "", c.count_both, "7", ""]]), "a.csv", "kim")
    assert ok.ok, ok.errors
    sp = store.commit(con, csv_bytes(SPACES, [["마을공간 하나", "우리마을공간", "강남구", "", "주소", "37.5", "127.05",
                                                "2019-03-01", "", "Y", ""]]), "s.csv", "kim")
    assert sp.ok, sp.errors
    store.rollback(con, ok.upload_id, "boss")


def _file_db(built_db_file: str, tmp_path: Path, name: str = "maeul.duckdb", uploads: bool = True) -> Path:
    path = tmp_path / name
    shutil.copy(built_db_file, path)
    if uploads:
        con = duckdb.connect(str(path))
        _with_uploads(con)
        con.close()
    return path


def _state(con) -> dict:
    """Row count + content hash of every table (tests' own fingerprint and maeul.ops.backup's), the next value of
    every sequence, and a view over them."""
    return {"tables": {k: v for k, v in fingerprint(con).items() if not k.startswith("seq:")},
            "full": bk.fingerprint(con),
            "current": con.execute("SELECT count(*) FROM actual_current").fetchone()[0]}


def _print(path: Path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return _state(con)
    finally:
        con.close()


def test_backup_of_a_live_connection_round_trips_every_table(con, tmp_path):
    _with_uploads(con)
    before = _state(con)
    out = bk.backup(con, tmp_path / "backups")
    assert out.parent == tmp_path / "backups" and out.name.startswith("maeul-") and out.suffix == ".duckdb"
    assert not list(out.parent.glob("*.partial"))
    res = bk.restore(out, tmp_path / "restored.duckdb")
    after = _print(res.db)
    assert after == before
    assert {"actual", "upload", "space", "indicator", "target"} <= set(after["tables"])
    assert res.tables == len(after["tables"]) and res.previous is None
    # the restored database continues where the old one stopped
    r = duckdb.connect(str(res.db))
    nxt = r.execute("SELECT nextval('upload_seq')").fetchone()[0]
    assert nxt == con.execute("SELECT max(upload_id) FROM upload").fetchone()[0] + 1
    r.close()


def test_export_folder_round_trips_too(built_db_file, tmp_path):
    db = _file_db(built_db_file, tmp_path)
    before = _print(db)
    out = bk.backup(db, tmp_path / "bk", export=True)
    assert out.is_dir() and (out / "schema.sql").is_file() and (out / "upload.parquet").is_file()
    res = bk.restore(out, tmp_path / "from-export.duckdb")
    assert _print(res.db) == before


def test_restore_refuses_to_overwrite_without_force(built_db_file, tmp_path, capsys):
    db = _file_db(built_db_file, tmp_path)
    assert main(["backup", str(tmp_path / "bk"), "--db", str(db)]) == 0
    out = Path(capsys.readouterr().out.strip())
    assert out.is_file()
    con = duckdb.connect(str(db))  # change the live database after the backup
    con.execute("DELETE FROM space")
    con.close()
    changed = db.read_bytes()
    changed_print = _print(db)
    with pytest.raises(bk.BackupError, match="--force"):
        bk.restore(out, db)
    assert main(["restore", str(out), "--db", str(db)]) == 1
    assert "--force" in capsys.readouterr().err
    assert db.read_bytes() == changed and not list(tmp_path.glob("*.restore-tmp*"))
    assert main(["restore", str(out), "--db", str(db), "--force"]) == 0
    printed = capsys.readouterr().out
    assert _print(db) == _print(out)
    kept = [p for p in tmp_path.glob("maeul.pre-restore-*.duckdb")]
    assert len(kept) == 1 and str(kept[0]) in printed and _print(kept[0]) == changed_print


def test_restore_refuses_what_is_not_a_maeul_backup(tmp_path):
    other = tmp_path / "other.duckdb"
    c = duckdb.connect(str(other))
    c.execute("CREATE TABLE x (a INTEGER)")
    c.close()
    with pytest.raises(bk.BackupError, match="maeul"):
        bk.restore(other, tmp_path / "t.duckdb")
    with pytest.raises(bk.BackupError):
        bk.restore(tmp_path / "missing.duckdb", tmp_path / "t.duckdb")
    assert not (tmp_path / "t.duckdb").exists() and not list(tmp_path.glob("*.restore-tmp*"))
    with pytest.raises(bk.BackupError):
        bk.backup(tmp_path / "missing.duckdb", tmp_path / "bk")


def test_two_backups_in_the_same_second_get_two_names(con, tmp_path):
    a = bk.backup(con, tmp_path)
    b = bk.backup(con, tmp_path)
    assert a != b and a.is_file() and b.is_file()


_HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("SELECT count(*) FROM upload").fetchone()
print("ready", flush=True)
time.sleep(30)
"""


@pytest.mark.slow  # a real process holds the database
def test_backup_and_restore_refuse_a_database_another_process_holds(built_db_file, tmp_path):
    db = _file_db(built_db_file, tmp_path, uploads=False)
    good = bk.backup(db, tmp_path / "bk")
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(bk.BackupError, match="다른 프로세스"):
            bk.backup(db, tmp_path / "bk2")
        before = db.read_bytes()
        with pytest.raises(bk.BackupError, match="다른 프로세스"):
            bk.restore(good, db, force=True)
        assert db.read_bytes() == before
        assert not list(tmp_path.glob("*.restore-tmp*")) and not list((tmp_path / "bk2").glob("*"))
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.slow  # a writer thread races the backup
def test_backup_while_uploads_are_committed_holds_whole_uploads(con, tmp_path):
    c = codes(con)
    stop, started = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def writer():
        i = 0
        try:
            while not stop.is_set() and i < 200:
                i += 1
                rows = [["2020", str(q), d, c.count_both, str(i), f"w{i}"] for q in (1, 2, 3, 4)
                        for d in ("강남구", "송파구", "종로구")]
                res = store.commit(con, csv_bytes(ACTUALS, rows), f"w{i}.csv", "writer")
                assert res.ok, res.errors
                started.set()
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert started.wait(30)
        outs = [bk.backup(con, tmp_path) for _ in range(3)]
    finally:
        stop.set()
        t.join(30)
    assert not errors
    assert duckdb.connect(str(outs[-1]), read_only=True).execute(
        "SELECT count(*) FROM upload WHERE \"user\" = 'writer'").fetchone()[0] >= 1
    for out in outs:
        b = duckdb.connect(str(out), read_only=True)
        partial = b.execute("SELECT u.upload_id, u.rows, count(a.upload_id) FROM upload u LEFT JOIN actual a "
                            "USING (upload_id) GROUP BY ALL HAVING u.rows <> count(a.upload_id)").fetchall()
        b.close()
        assert partial == []
