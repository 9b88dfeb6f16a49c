"""Every page, every sidebar combination that changes code paths: no exception, no error box, ever."""

from __future__ import annotations

import pytest

from tests.apptest_util import assert_no_exception, run_page

PAGES = ["overview", "strategy", "budget", "map", "districts", "upload", "quality", "reporting", "audit"]
# The fast lane renders every page once (citywide, Korean); the other 35 combinations are slow.
SCOPES = [(), pytest.param(("11680",), marks=pytest.mark.slow), pytest.param(("11680", "11110"), marks=pytest.mark.slow)]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("gu", SCOPES, ids=["citywide", "one", "two"])
@pytest.mark.parametrize("lang,basis,q", [("ko", "dong", "2018Q1"),
                                          pytest.param("en", "none", "2021Q3", marks=pytest.mark.slow)])
def test_page_renders_for_every_scope(sample_db, page, gu, lang, basis, q):
    at = run_page(page, sample_db, gu=gu, lang=lang, basis=basis, q=q)
    assert_no_exception(at)
