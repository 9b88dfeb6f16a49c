"""No test leaks $MAEUL_DB: page tests set it through the running test's monkeypatch (see tests/conftest.py), so the
next test finds the environment as it was. Run in file order: a page test, then the checks after it."""

from __future__ import annotations

import os

import pytest
from apptest_util import assert_no_exception, run_page
from conftest import current_monkeypatch, env_changes, watched_env

AT_IMPORT = os.environ.get("MAEUL_DB")  # what the session started with (usually unset)


def test_run_page_points_maeul_db_at_its_database(empty_db):
    at = run_page("quality", empty_db, q="2020Q4")
    assert_no_exception(at)
    assert os.environ["MAEUL_DB"] == str(empty_db)


def test_the_next_test_finds_maeul_db_as_it_was():
    assert os.environ.get("MAEUL_DB") == AT_IMPORT


def test_a_direct_setting_would_be_reported_as_a_leak(monkeypatch):
    before = watched_env()
    monkeypatch.setenv("MAEUL_DB", "/elsewhere.duckdb")  # as os.environ[...] = would, but undone afterwards
    monkeypatch.setenv("STREAMLIT_SOMETHING", "1")
    assert env_changes(before, watched_env()) == {
        "MAEUL_DB": (AT_IMPORT, "/elsewhere.duckdb"), "STREAMLIT_SOMETHING": (None, "1")}


def test_helpers_borrow_this_tests_monkeypatch(monkeypatch):
    assert current_monkeypatch() is monkeypatch


@pytest.fixture(scope="module")
def module_scoped_attempt() -> str:
    try:
        current_monkeypatch()
    except RuntimeError as e:
        return str(e)
    return "no error"


def test_module_scoped_fixtures_cannot_set_the_environment(module_scoped_attempt):
    assert "only available while a test runs" in module_scoped_attempt
