"""The worst files under the size cap (tests/fixtures/make_fixtures.py `hostile_files`) in a child process each:
`python -m maeul ingest FILE --dry-run` must end with its exit code, one line of summary and no traceback, use less
than 1 GB of memory (peak RSS, from resource.getrusage(RUSAGE_CHILDREN) of a small measuring parent) and
less than 30 s of CPU.

CPU time (user + system) is what the process itself spends: on this shared 2-core machine wall time also counts the
other engineers' work, so wall time only has a loose bound here (a hang still fails).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.make_fixtures import hostile_files

from maeul import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="resource module")]

MAX_RSS_MB = 1024
MAX_CPU_S = 30
MAX_WALL_S = 180


def _collection_files():
    from maeul.plan.db import connect

    return hostile_files(connect(":memory:"))


# The measuring parent: a small process that runs the command and reports its children's usage. Measuring from the
# test process itself would not do: Linux carries a process's peak RSS across fork and exec, so a child of the
# (large) pytest process starts with pytest's peak.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.monotonic()
rc = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "wb"), stderr=subprocess.STDOUT).returncode
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "rss_mb": u.ru_maxrss / 1024, "cpu": u.ru_utime + u.ru_stime,
                  "wall": time.monotonic() - start}))
"""


def run_measured(args: list[str], out: Path, timeout: float = MAX_WALL_S) -> dict:
    """{rc, rss_mb (peak RSS of the command), cpu (user + system seconds), wall} of one command; its output
    (stdout and stderr) goes to `out`."""
    res = subprocess.run([sys.executable, "-c", MEASURE, str(out), *args], cwd=ROOT, capture_output=True,
                         text=True, timeout=timeout)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def db_file(built_db_file, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("limits") / "maeul.duckdb"
    shutil.copy(built_db_file, path)
    return str(path)


@pytest.mark.parametrize(("name", "data", "code"), [pytest.param(*f, id=f[0]) for f in _collection_files()])
def test_dry_run_of_a_hostile_file_stays_within_bounds(db_file, tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    m = run_measured([sys.executable, "-m", "maeul", "ingest", str(path), "--dry-run", "--db", db_file],
                     tmp_path / "out.txt")
    rc, rss, cpu, wall = m["rc"], m["rss_mb"], m["cpu"], m["wall"]
    err = (tmp_path / "out.txt").read_text(encoding="utf-8", errors="replace")
    print(f"{name}: exit {rc}, peak {rss:.0f} MB, cpu {cpu:.1f} s, wall {wall:.1f} s")
    assert rc == code, err[-2000:]
    assert "Traceback" not in err
    assert rss < MAX_RSS_MB, f"{name}: peak RSS {rss:.0f} MB"
    assert cpu < MAX_CPU_S, f"{name}: {cpu:.1f} s of CPU"
