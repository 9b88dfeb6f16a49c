"""Crash safety and concurrency of the upload path, on file databases.

- A process killed with SIGKILL in the middle of a commit leaves the database as it was before.
- A process killed at a random moment while committing file after file leaves every upload whole or absent.
- 8 reader threads and 2 writer threads on one connection (a cursor per thread) end without errors and with exactly
  the rows of the uploads that succeeded.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest
from conftest import fingerprint
from fixtures.make_fixtures import ACTUALS, SPACES, codes, csv_bytes

from maeul import ROOT
from maeul.plan.db import connect
from maeul.read.uploads import list_uploads
from maeul.upload.history import history
from maeul.upload.store import commit, rollback

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL"),
              pytest.mark.slow]  # real processes killed mid-commit, 10 threads for 4 s

CHILD = textwrap.dedent("""
    import sys, time
    import maeul.plan.write as write
    import maeul.upload.store as store
    from maeul.plan.db import connect

    db, mode, *files = sys.argv[1:]
    con = connect(db)
    if mode == "hang":  # stop inside the transaction, after every row is inserted, before COMMIT
        real = write.bump_data_version
        def bump_then_hang(cur):
            real(cur)
            print("IN_TX", flush=True)
            time.sleep(120)
        write.bump_data_version = bump_then_hang
    print("START", flush=True)
    for path in files:
        res = store.commit(con, open(path, "rb").read(), path.rsplit("/", 1)[-1], "child")
        print("DONE", res.upload_id, res.rows, [e.code for e in res.errors], flush=True)
""")


def _spawn(tmp_path: Path, db: str, mode: str, files: list[Path]) -> subprocess.Popen:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(script), db, mode, *map(str, files)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(proc: subprocess.Popen, word: str, timeout: float = 60) -> list[str]:
    lines = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
        if line.startswith(word):
            return lines
    proc.kill()
    raise AssertionError(f"child never printed {word}: {lines} {proc.stderr.read()[-2000:]}")


def _prepare_db(tmp_path: Path, built_db_file: str) -> str:
    """A file database with the plan and one committed upload."""
    db = str(tmp_path / "crash.duckdb")
    c = duckdb.connect(db)
    c.execute(f"ATTACH '{built_db_file}' AS tmpl (READ_ONLY)")
    c.execute("COPY FROM DATABASE tmpl TO crash")
    c.execute("DETACH tmpl")
    c.close()
    con = connect(db)
    cd = codes(con)
    assert commit(con, csv_bytes(ACTUALS, [["2019", "1", "강남구", cd.count_both, "9", "before"]]), "0.csv",
                  "setup").errors == []
    con.close()
    return db


def _fp_file(db: str) -> dict:
    c = duckdb.connect(db)
    try:
        return fingerprint(c)
    finally:
        c.close()


def test_sigkill_in_the_middle_of_a_large_commit_changes_nothing(tmp_path, built_db_file):
    db = _prepare_db(tmp_path, built_db_file)
    before = _fp_file(db)
    big = tmp_path / "big_spaces.csv"
    rows = [[f"공간 {i}", "기타", "강남구", "", "", f"{37.45 + (i % 1000) / 10000:.5f}", "127.05", "", "", "N",
             "대량 " + "가" * 20] for i in range(30_000)]
    big.write_bytes(csv_bytes(SPACES, rows))
    proc = _spawn(tmp_path, db, "hang", [big])
    try:
        _wait_for(proc, "IN_TX", timeout=90)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        proc.stderr.close()
    assert _fp_file(db) == before
    con = connect(db)  # still usable: the next commit works
    small = csv_bytes(SPACES, rows[:10])
    assert commit(con, small, "small_spaces.csv", "again").rows == 10
    con.close()


def test_sigkill_at_a_random_moment_leaves_uploads_whole(tmp_path, built_db_file, seed):
    db = _prepare_db(tmp_path, built_db_file)
    con = connect(db)
    cd = codes(con)
    con.close()
    files = []
    for i in range(40):
        rows = [[str(2018 + (i % 5)), str(1 + (i // 5) % 4), d, cd.count_both, str(i), f"run {i}"]
                for d in ("강남구", "종로구", "중구", "성북구", "")]
        p = tmp_path / f"f{i:02d}.csv"
        p.write_bytes(csv_bytes(ACTUALS, rows))
        files.append(p)
    proc = _spawn(tmp_path, db, "loop", files)
    try:
        _wait_for(proc, "START", timeout=60)
        delay = random.Random(seed).uniform(0.05, 0.6)
        replay = f"killed {delay:.3f}s after START; replay with MAEUL_TEST_SEED={seed}"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        proc.stderr.close()
    c = duckdb.connect(db)
    try:
        per_upload = c.execute("""
            SELECT u.upload_id, u.rows, count(a.upload_id) FROM upload u LEFT JOIN actual a USING (upload_id)
            GROUP BY ALL ORDER BY 1""").fetchall()
        assert all(rows == n for _, rows, n in per_upload), (per_upload, replay)  # each upload whole
        assert c.execute("SELECT count(*) FROM actual WHERE upload_id NOT IN (SELECT upload_id FROM upload)"
                         ).fetchone()[0] == 0, replay
        ids = [u for u, _, _ in per_upload]
        assert ids == list(range(1, len(ids) + 1)), replay  # committed in order, none half-there
        version = int(c.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0])
        assert version == int(before_version(built_db_file)) + len(ids), replay
    finally:
        c.close()


def before_version(built_db_file: str) -> str:
    c = duckdb.connect(built_db_file, read_only=True)
    try:
        return c.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0]
    finally:
        c.close()


def test_readers_and_writers_share_one_connection(tmp_path, built_db_file):
    db = str(tmp_path / "threads.duckdb")
    c = duckdb.connect(db)
    c.execute(f"ATTACH '{built_db_file}' AS tmpl (READ_ONLY)")
    c.execute("COPY FROM DATABASE tmpl TO threads")
    c.execute("DETACH tmpl")
    c.close()
    con = connect(db)
    cd = codes(con)
    districts = [r[0] for r in con.execute("SELECT name_ko FROM district ORDER BY code").fetchall()]
    stop = time.monotonic() + 4.0
    errors: list[BaseException] = []
    committed: dict[int, int] = {}  # upload_id -> rows
    rolled_back: set[int] = set()
    lock = threading.Lock()
    reads = [0]

    def writer(w: int) -> None:
        rng = random.Random(w)
        i = 0
        try:
            while time.monotonic() < stop:
                i += 1
                n = rng.randint(1, 25)
                rows = [[str(2018 + rng.randrange(5)), str(1 + rng.randrange(4)), districts[k], cd.count_both,
                         str(rng.randrange(100)), f"w{w} i{i}"] for k in range(n)]
                if i % 7 == 0:  # a bad file now and then: must change nothing
                    rows[0][2] = "없는구"
                data = csv_bytes(ACTUALS, rows)
                res = commit(con, data, f"w{w}-{i}.csv", f"writer{w}")
                if i % 7 == 0:
                    assert res.errors and res.upload_id is None
                    continue
                assert res.errors == [], res.errors
                again = commit(con, data, f"w{w}-{i}.csv", f"writer{w}")  # the same file: duplicate
                assert again.duplicate and again.upload_id == res.upload_id
                with lock:
                    committed[res.upload_id] = res.rows
                if i % 5 == 0:
                    rollback(con, res.upload_id, f"writer{w}")
                    with lock:
                        rolled_back.add(res.upload_id)
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            errors.append(e)

    def reader(r: int) -> None:
        try:
            while time.monotonic() < stop:
                with con.cursor() as cur:
                    # one statement = one snapshot: rows in the table always match the uploads' row counts
                    n_rows, n_declared = cur.execute(
                        "SELECT (SELECT count(*) FROM actual), "
                        "(SELECT coalesce(sum(rows), 0) FROM upload WHERE kind = 'actuals')").fetchone()
                    assert n_rows == n_declared, (n_rows, n_declared)
                    cur.execute("SELECT count(*), sum(value) FROM actual_current").fetchone()
                if r % 4 == 0:
                    list_uploads(con)
                    history(con, "actuals", {"indicator_code": cd.count_both, "district_code": "11680"})
                reads[0] += 1
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(2)]
    threads += [threading.Thread(target=reader, args=(r,)) for r in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    assert errors == [], errors[:3]
    assert len(committed) >= 4 and reads[0] > 50
    uploads = dict(con.execute("SELECT upload_id, rows FROM upload").fetchall())
    assert uploads == committed  # exactly the successful uploads, nothing from the refused or duplicate ones
    assert con.execute("SELECT count(*) FROM actual").fetchone()[0] == sum(committed.values())
    per_upload = dict(con.execute("SELECT upload_id, count(*) FROM actual GROUP BY ALL").fetchall())
    assert per_upload == committed
    status = dict(con.execute("SELECT upload_id, status FROM upload").fetchall())
    assert {u for u, s in status.items() if s == "rolled_back"} == rolled_back
    con.close()
