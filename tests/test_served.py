"""The served app's speed settings and warming (issue 16): the settings that .streamlit/config.toml turns off are not
needed by any page, warming stays out of AppTest and bare processes, the benchmark's trivial app is the dashboard's
shell without content, and — against a real server (slow) — every page is warmed after the start and again after an
upload from outside, with no page error."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from maeul.web import warm

ROOT = Path(__file__).resolve().parents[1]


def test_config_turns_off_the_collection_after_each_run_and_magic():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["runner"]["postScriptGC"] is False
    assert cfg["runner"]["magicEnabled"] is False


def _magic_expressions(path: Path) -> list[str]:
    """Statements Streamlit's magic would draw: bare expressions that are not calls, awaits, yields or docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for i, stmt in enumerate(body):
            if not isinstance(stmt, ast.Expr):
                continue
            v = stmt.value
            docstring = i == 0 and isinstance(v, ast.Constant) and isinstance(v.value, str)
            if not (docstring or isinstance(v, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom))):
                found.append(f"{path.name}:{stmt.lineno} {ast.unparse(stmt)[:60]}")
    return found


def test_no_page_relies_on_magic():
    """magicEnabled = false draws nothing for a bare expression: no page or shell may use one."""
    files = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"]
    assert [f for p in files for f in _magic_expressions(p)] == []


def test_magic_check_finds_a_bare_expression(tmp_path):
    p = tmp_path / "page.py"
    p.write_text('"""doc"""\nimport streamlit as st\n\ndef render():\n    x = 1\n    x\n    st.write(x)\n')
    assert _magic_expressions(p) == ["page.py:6 x"]


def test_warming_stays_off_outside_a_server(monkeypatch):
    monkeypatch.setattr(warm, "_started", False)
    assert warm.start() is False  # pytest is no server: no thread, no freeze
    assert warm._started is False


def test_freeze_can_be_switched_off(monkeypatch):
    monkeypatch.setattr(warm, "_frozen", False)
    monkeypatch.setenv("MAEUL_GC_FREEZE", "0")
    assert warm.freeze_imports() == 0
    assert warm._frozen is False


def test_base_url_reaches_the_server_from_itself(monkeypatch):
    opts = {"server.address": "0.0.0.0", "server.port": 8599, "server.baseUrlPath": "/maeul/",
            "server.sslCertFile": None}
    monkeypatch.setattr(warm.st, "get_option", opts.get)
    assert warm.base_url() == "http://127.0.0.1:8599/maeul"
    opts.update({"server.address": "", "server.baseUrlPath": ""})
    assert warm.base_url() == "http://127.0.0.1:8599"


def test_trivial_app_has_the_dashboards_shell_and_nothing_else(tmp_path):
    from streamlit.testing.v1 import AppTest

    from maeul.bench.served import trivial_app

    app = trivial_app(tmp_path)
    at = AppTest.from_file(str(app), default_timeout=30)
    at.run()
    assert not at.exception
    assert len(at.sidebar.multiselect) == 1 and len(at.sidebar.selectbox) == 2 and len(at.sidebar.radio) == 1
    assert len(at.sidebar.multiselect[0].options) == 25 and len(at.main.children) <= 1
    assert "postScriptGC = false" in (tmp_path / ".streamlit" / "config.toml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_served_app_is_warmed_after_start_and_after_an_upload(sample_db, tmp_path):
    """serve.py warms every page once the server is up, and again after an upload committed from outside; every
    page then opens without an error, and the first visit after the upload finds the new version warmed."""
    import shutil

    from maeul.bench.ingest import upload_while_served
    from maeul.bench.served import maeul_server, page_paths
    from maeul.web.visitor import Visitor

    db = tmp_path / "served.duckdb"
    shutil.copy(sample_db, db)
    with maeul_server(str(db), tmp_path) as s:
        s.wait_warmed(timeout=90)
        with Visitor(s.url) as v:
            runs = [v.open()] + [v.goto(p) for p in page_paths()[1:]]
        assert [r.status for r in runs] == ["FINISHED_SUCCESSFULLY"] * len(page_paths())
        assert [r.exceptions + r.errors for r in runs] == [[]] * len(runs)
        _, version = upload_while_served(str(db), n_rows=50)
        s.wait_warmed(version, timeout=90)
        assert s.errors() == [], s.log()[-2000:]


def _fake_served() -> dict:
    pages = ["overview", "budget"]
    visits = {"first_ms": dict.fromkeys(pages, 20.0), "warm_ms": dict.fromkeys(pages, 21.0),
              "first_ratio": dict.fromkeys(pages, 0.95), "total_ratio": 0.95, "warm_s": 2.0}
    shipped = {"rerun_ms": 20.0, "trivial_rerun_ms": 8.0, "rerun_ratio": 2.5, "p95_ms": 300.0, "trivial_p95_ms": 80.0,
               "p95_ratio": 3.75, "throughput_per_s": 50.0, "trivial_throughput_per_s": 200.0,
               "throughput_share": 0.25, "memory": {"rss_mb": [(0, 260.0), (500, 262.0)],
                                                    "rss_growth_second_half_mb": 0.5}}
    return {"sessions": 10, "load_avg_before": [0.5], "load_avg_after": [0.7], "variants": {"shipped": shipped},
            "browser": {"open_ms": {"overview": 3000}, "change_ms": {"overview": 900},
                        "trivial_open_ms": {"overview": 1500}, "trivial_change_ms": {"overview": 300},
                        "ratio": {"overview": 2.17}},
            "first_visit": {"after_start": visits, "after_upload": visits, "unwarmed_after_start": visits}}


def test_report_shows_the_served_targets():
    from maeul.bench.report import table, verdicts

    res = {"1": {"scale": 1.0, "rows": 1, "current": 1, "progress_ms": 1.0, "progress_district_ms": 1.0,
                 "pandas_ratio": 2.0, "budget_ms": 1.0, "served": _fake_served()}}
    got = dict(verdicts(res))
    assert got["served: page-to-page rerun median, 1 session ≤ 3× the trivial app"] is True
    assert got["served: p95 with 10 concurrent sessions ≤ 3× the trivial app"] is False
    assert got["served: throughput (10 sessions) ≥ ⅓ of the trivial app's"] is False
    assert got["browser: opening each page and changing the district ≤ 2× the trivial app (every page)"] is False
    assert [v for k, v in got.items() if k.startswith(("first visit", "memory"))] == [True, True, True]
    text = table({"scales": res})
    assert "(**2.5×**)" in text and "| overview | 3,000 | 900 | 1,500 | 300 | 2.17× |" in text
    assert "| all pages | **0.95×** | **0.95×** | **0.95×** |" in text
    assert "- **not met**: served: p95 with 10 concurrent sessions ≤ 3× the trivial app" in text


def test_warming_refuses_a_page_that_did_not_draw_cleanly(monkeypatch):
    """A page showing an error (e.g. the file was busy) is not worth keeping: warm() raises and the loop retries."""
    from maeul.web import visitor

    ok = visitor.Visit(0.01, "FINISHED_SUCCESSFULLY", 10, [], [])
    busy = visitor.Visit(0.01, "FINISHED_SUCCESSFULLY", 10, [], ["데이터베이스를 다른 작업이 쓰고 있습니다"])

    class FakeVisitor:
        def __init__(self, url, timeout):
            self.pages = {"": "h0", "budget": "h1"}

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def open(self):
            return ok

        def goto(self, page):
            return pages[page]

    monkeypatch.setattr(visitor, "Visitor", FakeVisitor)
    pages = {"budget": ok}
    assert warm.warm("http://127.0.0.1:1") == ["", "budget"]
    pages = {"budget": busy}
    with pytest.raises(RuntimeError, match="budget"):
        warm.warm("http://127.0.0.1:1")
