"""Shared fixtures.

- `con`: a fresh in-memory database built from data/ (one per test). The build runs once per session into a
  template file; each test gets an exact copy of it (COPY FROM DATABASE, ~40 ms instead of a ~200 ms rebuild).
  tests/test_ingest.py checks that the copy equals a fresh `maeul.plan.db.connect(':memory:')`.
- `fingerprint(con)`: row count and content hash of every table (and every sequence's last value), to prove that a
  refused upload leaves the database exactly as it was.
- Environment variables: tests set them only through pytest's `monkeypatch` (undone when the test ends). Helpers that
  are called from many tests with a fixed signature (tests/apptest_util.py `run_page`, `use_db`) cannot take a
  `monkeypatch` argument, so the autouse fixture `_test_monkeypatch` lends them the running test's one:
  `current_monkeypatch()` returns it, and only while a test runs (a module- or session-scoped fixture gets an error,
  because nothing would undo what it set). The autouse fixture `_no_env_leak` fails any test that leaves a MAEUL_*
  or STREAMLIT_* variable different from how it found it, and puts it back (tests/test_env_hygiene.py checks this).
- Markers: `slow` (real processes, SIGKILL/thread stress, hypothesis, sample-data loads, the pages × scopes matrix
  beyond its citywide/Korean column, and — by this conftest, as a rule for the whole file pattern — every test in
  tests/test_page_*.py: page behaviour through AppTest, 0.3-1 s per scenario); `browser` (real Chromium).
  The fast lane `pytest -m "not slow and not browser"` still renders every page once (tests/test_pages_matrix.py)
  and runs the ingest, progress, auth and scope rules (one seed of each property test).
- `seed`: the seed for a test's random choices (`random.Random(seed)`; hypothesis tests use hypothesis' own). New for
  every session so that repeated runs explore, printed in the header and in the test's assertion messages; replay a
  failure with `MAEUL_TEST_SEED=<seed> pytest ...`.
"""

from __future__ import annotations

import os
import random

import duckdb
import pytest

SEED = int(os.environ.get("MAEUL_TEST_SEED") or random.SystemRandom().randrange(2**32))
WATCHED_ENV = ("MAEUL_", "STREAMLIT_")  # prefixes of the variables the app reads
_RUNNING: list[pytest.MonkeyPatch] = []  # the running test's monkeypatch (one at a time; a list to see misuse)


def watched_env() -> dict[str, str]:
    """The app's environment variables as they are now."""
    return {k: v for k, v in os.environ.items() if k.startswith(WATCHED_ENV)}


def env_changes(before: dict[str, str], after: dict[str, str]) -> dict[str, tuple[str | None, str | None]]:
    """{name: (before, after)} for every variable that was set, changed or removed."""
    return {k: (before.get(k), after.get(k)) for k in sorted(before.keys() | after.keys())
            if before.get(k) != after.get(k)}


def pytest_report_header(config) -> str:
    return f"maeul test seed: {SEED} (replay: MAEUL_TEST_SEED={SEED})"


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if item.path.name.startswith("test_page_"):  # see "Markers" above
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def seed() -> int:
    """This session's seed (see the module docstring)."""
    return SEED


@pytest.fixture(autouse=True)
def _no_env_leak():
    """Fail the test if it leaves the app's environment changed (set it through monkeypatch instead); put it back,
    so that only the culprit fails, not the tests after it."""
    before = watched_env()
    yield
    leaked = env_changes(before, watched_env())
    for name, (old, _) in leaked.items():
        if old is None:
            del os.environ[name]
        else:
            os.environ[name] = old
    assert not leaked, f"test leaked environment variables (use monkeypatch.setenv): {leaked}"


@pytest.fixture(autouse=True)
def _test_monkeypatch(_no_env_leak, monkeypatch):
    """Lend this test's monkeypatch to helpers (see current_monkeypatch). Depends on _no_env_leak so that the leak
    check runs after monkeypatch has undone everything."""
    _RUNNING.append(monkeypatch)
    yield monkeypatch
    _RUNNING.remove(monkeypatch)


def current_monkeypatch() -> pytest.MonkeyPatch:
    """The running test's monkeypatch, for helpers that set environment variables on a test's behalf."""
    if len(_RUNNING) != 1:
        raise RuntimeError("current_monkeypatch() is only available while a test runs, not in a module- or "
                           "session-scoped fixture (nothing would undo what it sets)")
    return _RUNNING[0]


def fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """{table: (row count, sum of row hashes)} for every base table, plus {'seq:<name>': (last_value,)}."""
    out: dict[str, tuple] = {}
    with con.cursor() as cur:
        tables = [r[0] for r in cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "AND table_schema = 'main' AND table_catalog = current_database() ORDER BY table_name").fetchall()]
        sql = " UNION ALL ".join(
            f"SELECT '{t}' AS t, count(*) AS n, coalesce(sum(hash(x)::HUGEINT), 0) AS h FROM \"{t}\" x"
            for t in tables)
        for t, n, h in cur.execute(sql).fetchall():
            out[t] = (int(n), int(h))
        for name, last in cur.execute(
                "SELECT sequence_name, last_value FROM duckdb_sequences() WHERE database_name = current_database()"
        ).fetchall():
            out[f"seq:{name}"] = (last,)
    return out


AUDIT_TABLES = ("event", "meta")  # a refused request records itself (and bumps the data version in meta)


def figures_of(fp: dict[str, tuple]) -> dict[str, tuple]:
    """A fingerprint without the audit trail: what a refusal for scope or role must leave exactly as it was."""
    return {k: v for k, v in fp.items() if k not in AUDIT_TABLES}


def refused_events(con: duckdb.DuckDBPyConnection) -> int:
    """How many 'refused' events the audit trail holds."""
    with con.cursor() as cur:
        return int(cur.execute("SELECT count(*) FROM event WHERE action = 'refused'").fetchone()[0])


@pytest.fixture(scope="session")
def built_db_file(tmp_path_factory) -> str:
    """A database file built from data/ once per session (the template the `con` fixture copies)."""
    from maeul.plan.db import connect

    path = tmp_path_factory.mktemp("maeul-db") / "template.duckdb"
    mem = connect(":memory:")
    mem.execute(f"ATTACH '{path}' AS tmpl")
    mem.execute("COPY FROM DATABASE memory TO tmpl")
    mem.execute("DETACH tmpl")
    mem.close()
    return str(path)


def copy_of(path: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{path}' AS tmpl (READ_ONLY)")
    con.execute("COPY FROM DATABASE tmpl TO memory")
    con.execute("DETACH tmpl")
    return con


@pytest.fixture
def con(built_db_file):
    """A fresh in-memory database built from data/ (no uploads)."""
    c = copy_of(built_db_file)
    yield c
    c.close()


@pytest.fixture(name="fingerprint")
def fingerprint_fixture():
    return fingerprint


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory):
    """A database file with the plan and no uploads, shared by read-only page tests."""
    from tests.apptest_util import make_db

    return make_db(tmp_path_factory.mktemp("pages-empty") / "empty.duckdb")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """A database file with sample data loaded through ingest, shared by read-only page tests."""
    from tests.apptest_util import make_db

    return make_db(tmp_path_factory.mktemp("pages-sample") / "sample.duckdb", sample=True)
