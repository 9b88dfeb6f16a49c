"""Helpers for AppTest page tests: a database per test and a fresh AppTest per scenario.

Why a fresh AppTest per scenario: with page files in a folder named pages/, AppTest reruns after the first can
skip the entry script (the sidebar vanishes; see ../shared/STACK-NOTES.md). The real server is not affected;
the Playwright test proves the real thing.

$MAEUL_DB: `run_page` and `use_db` set it through the running test's `monkeypatch` (lent by the autouse fixture in
tests/conftest.py), so it is undone when the test ends and no test sees the database of the one before. Call them
from a test or a function-scoped fixture, never from a module- or session-scoped one.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def make_db(path: Path, sample: bool = False, seed: int = 7) -> Path:
    """Build a database file at path (plan data from data/), optionally with sample data loaded via ingest."""
    from maeul.plan.db import connect

    con = connect(path)
    if sample:
        from maeul.upload.sample import load_sample

        load_sample(con, seed=seed, user="test")
    con.close()
    return path


def use_db(db: Path | str) -> None:
    """Point $MAEUL_DB at db until the running test ends (monkeypatch.setenv on the test's behalf)."""
    from conftest import current_monkeypatch

    current_monkeypatch().setenv("MAEUL_DB", str(db))


def run_page(page: str, db: Path, *, gu: tuple[str, ...] = (), q: str | None = None, basis: str | None = None,
             lang: str | None = None, state: dict | None = None, timeout: float = 60) -> AppTest:
    """Run app.py, then switch to pages/<page>.py, with the given filters set as the sidebar would set them and any
    other session state (a page's own widgets) from `state`."""
    use_db(db)
    at = AppTest.from_file(APP, default_timeout=timeout)
    if gu:
        at.session_state["gu"] = list(gu)
    if q:
        at.session_state["q"] = q
    if basis:
        at.session_state["basis"] = basis
    if lang:
        at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    return at


def texts(at: AppTest) -> str:
    """All visible text of markdown, captions, metrics, headers, alerts — for assertions."""
    parts = []
    for kind in ("markdown", "caption", "header", "subheader", "title", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for m in at.metric:
        parts += [str(m.label), str(m.value), str(m.delta or "")]
    return "\n".join(parts)


def shown(el, col: str) -> list[str]:
    """A column of an st.dataframe element as the user reads it: a status column (charts.status_pills, a one-item
    list per cell) through its column config's option labels, anything else as text."""
    import json

    cfg = json.loads(el.proto.columns or "{}").get(col, {}).get("type_config", {})
    labels = {o["value"]: o.get("label", o["value"]) for o in cfg.get("options", [])}
    out = []
    for v in el.value[col]:
        if isinstance(v, (list, tuple)) or hasattr(v, "tolist"):
            out.append(", ".join(labels.get(x, str(x)) for x in list(v)))
        else:
            out.append(str(v))
    return out


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert not errors, errors
