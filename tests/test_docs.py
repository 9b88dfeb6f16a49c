"""Docs are tested: every table, view and column of the database is in README's data dictionary, and the README
keeps its two set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from maeul.plan.db import connect

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def dictionary() -> dict[str, str]:
    """table name → the README text documenting it (a '### name' section, or a row of the Views table)."""
    part = README.split("## Data dictionary", 1)[1].split("\n## ", 1)[0]
    out = {}
    for block in re.split(r"\n### ", part)[1:]:
        name, _, body = block.partition("\n")
        out[name.strip()] = body
    for line in part.splitlines():
        m = re.match(r"\|\s*(\w+)\s*\|(.*)\|", line)
        if m and "view" not in m.group(1):
            out.setdefault(m.group(1), m.group(2))
    return out


@pytest.fixture(scope="module")
def columns():
    con = connect(":memory:")
    rows = con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall()
    con.close()
    out: dict[str, list[str]] = {}
    for t, c in rows:
        out.setdefault(t, []).append(c)
    return out


def test_every_table_and_column_is_documented(columns):
    doc = dictionary()
    missing_tables = sorted(set(columns) - set(doc))
    assert not missing_tables, f"undocumented tables/views: {missing_tables}"
    missing = []
    for table, cols in columns.items():
        body = doc[table]
        cells = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", body))
        missing += [f"{table}.{c}" for c in cols if c not in cells]
    assert not missing, f"undocumented columns: {missing}"


def test_readme_has_exactly_two_setup_commands():
    setup = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", setup, re.S).group(1)
    commands = [ln for ln in block.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    assert commands == ["bash scripts/run.sh    # installs Python packages into .venv, builds the database, "
                        "starts the dashboard on :8501",
                        "bash scripts/test.sh   # installs what tests need (Debian chromium + fonts-nanum, dev "
                        "packages) and runs every test"]
    assert (ROOT / "scripts" / "run.sh").exists() and (ROOT / "scripts" / "test.sh").exists()
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_readme_starts_with_quick_start_and_ends_with_dictionary_and_performance():
    heads = [ln[3:] for ln in README.splitlines() if ln.startswith("## ")]
    assert heads[0] == "Quick start" and heads[1].startswith("First run")
    assert heads[-2:] == ["Data dictionary", "Performance"]


def test_readme_names_every_url_parameter_the_code_reads():
    """Every query parameter the app reads (sidebar URL_KEYS, widgets bound to the URL, st.query_params.get) is in
    README's URL parameters table."""
    import re as _re

    from maeul.web.sidebar import URL_KEYS

    code = "\n".join(p.read_text(encoding="utf-8") for p in [*(ROOT / "pages").glob("*.py"), ROOT / "app.py",
                                                             *(ROOT / "maeul" / "web").glob("*.py")])
    keys = set(URL_KEYS)
    keys |= set(_re.findall(r'key="(\w+)"[^)]*bind="query-params"', code))
    keys |= set(_re.findall(r'st\.query_params\.get\("(\w+)"\)', code))
    table = README.split("## URL parameters", 1)[1].split("\n## ", 1)[0]
    missing = sorted(k for k in keys if f"| `{k}` |" not in table)
    assert not missing, missing
