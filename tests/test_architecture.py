"""The layout the code promises (docs/ARCHITECTURE.md), checked on the source so it cannot drift:

- page models (maeul/present/models) never touch Streamlit or the web layer and read no session state — a model
  runs only on a memo miss, so a st.* call there would vanish on hits and a session_state read would be missing
  from the memo key (every other session would see this one's choice);
- pages only draw: no module-level calls but the final render(), no *_model functions, no SQL;
- no function in maeul/ over 80 lines; no import cycle between maeul's modules;
- the lower layers (plan, read, upload, present) never import Streamlit.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "pages").glob("*.py"))
MAEUL = sorted((ROOT / "maeul").rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree: ast.Module) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


def test_page_models_never_touch_streamlit_or_session_state():
    found = []
    for path in sorted((ROOT / "maeul" / "present" / "models").glob("*.py")):
        tree = _tree(path)
        bad = [m for m in _imports(tree) if m.split(".")[0] == "streamlit" or m.startswith("maeul.web")]
        found += [f"{path.name} imports {m}" for m in bad]
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("session_state", "query_params"):
                found.append(f"{path.name}:{node.lineno} reads {node.attr}")
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("memo"):
                found.append(f"{path.name}:{node.lineno} calls memo (the page memoises)")
    assert not found, found


def test_pages_only_draw():
    found = []
    for path in PAGES:
        tree = _tree(path)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.endswith("_model"):
                found.append(f"{path.name}: model function {node.name} (models live in maeul/present/models)")
            elif isinstance(node, (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign)):
                calls = [ast.unparse(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)]
                if calls and calls != ["render"]:
                    found.append(f"{path.name}:{node.lineno} module-level call {calls}")
        text = path.read_text(encoding="utf-8").upper()
        for word in ("SELECT ", "INSERT INTO", "DUCKDB.CONNECT", "CON.EXECUTE"):
            if word in text:
                found.append(f"{path.name}: {word.strip()}")
        if not any(isinstance(n, ast.FunctionDef) and n.name == "render" for n in tree.body):
            found.append(f"{path.name}: no render()")
    assert not found, found


def test_no_function_in_maeul_is_longer_than_80_lines():
    long = []
    for path in MAEUL:
        for node in ast.walk(_tree(path)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > 80:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} {n} lines")
    assert not long, long


def _module(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def test_no_import_cycle_inside_maeul():
    modules = {_module(p): p for p in MAEUL}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for imp in _imports(_tree(path)):
            while imp and imp not in modules:  # "maeul.read.rules.QUARTER" → "maeul.read.rules"
                imp = imp.rpartition(".")[0]
            if imp and imp != name and not (name == "maeul" or imp == "maeul"):
                deps.add(imp)
        graph[name] = deps
    state: dict[str, int] = {}
    cycles = []

    def visit(n: str, stack: list[str]) -> None:
        state[n] = 1
        for d in sorted(graph.get(n, ())):
            if state.get(d) == 1:
                cycles.append(stack[stack.index(d):] + [d] if d in stack else [n, d])
            elif not state.get(d):
                visit(d, stack + [d])
        state[n] = 2

    for n in sorted(graph):
        if not state.get(n):
            visit(n, [n])
    assert not cycles, cycles


def test_lower_layers_never_import_streamlit():
    found = []
    for layer in ("plan", "read", "upload", "present", "ops", "cli", "briefing"):
        for path in sorted((ROOT / "maeul" / layer).rglob("*.py")):
            bad = [m for m in _imports(_tree(path)) if m.split(".")[0] == "streamlit" or m.startswith("maeul.web")]
            if bad:
                found.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert not found, found
