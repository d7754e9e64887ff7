"""The layout's rules, read from the source with ``ast``: no import cycle between our modules
(function-local imports included, so none can hide one) and a one-way flow between the packages:
``articles`` imports neither ``geodata`` nor ``dashboard``, ``geodata`` never imports
``dashboard``, and inside ``dashboard`` the build and the store never import the UI."""

from __future__ import annotations

import ast
from pathlib import Path

from support import REPO

PACKAGES = ("articles", "geodata", "dashboard")

#: (importer's prefix, imported prefix) pairs that break the one-way flow.
FORBIDDEN = (
    ("articles", "geodata"),
    ("articles", "dashboard"),
    ("geodata", "dashboard"),
    ("dashboard.build", "dashboard.ui"),
    ("dashboard.store", "dashboard.ui"),
    ("dashboard.assets", "dashboard.ui"),
)


def module_names(root: Path) -> dict[str, Path]:
    """Every module of our packages under ``root``, by dotted name (a package is its __init__)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of ours it imports, at any depth of its body (function-local and
    ``if TYPE_CHECKING`` imports count: they are edges a cycle can hide behind)."""
    modules = module_names(root)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = here[: len(here) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.add(sub if sub in modules else base)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def against_flow(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{src} imports {dst}"
        for src, targets in graph.items()
        for dst in targets
        for low, high in FORBIDDEN
        if _under(src, low) and _under(dst, high)
    )


def test_no_import_cycle_between_our_modules():
    assert cycles(import_graph(REPO)) == []


def test_imports_flow_one_way():
    assert against_flow(import_graph(REPO)) == []


def test_the_graph_sees_every_package_and_real_edges():
    graph = import_graph(REPO)
    assert {"articles.reader", "geodata.matcher", "dashboard.store.index"} <= set(graph)
    assert "geodata.place" in graph["geodata.gazetteer"]
    assert "dashboard.store.index" in graph["dashboard.store.migrate"]


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_cycle_hidden_in_a_function_local_import_is_found(tmp_path):
    _write(
        tmp_path,
        {
            "articles/__init__.py": "",
            "geodata/__init__.py": "",
            "geodata/a.py": "from geodata.b import f\n",
            "geodata/b.py": "def f():\n    from geodata import a\n    return a\n",
            "geodata/c.py": "from . import a\n",
            "dashboard/__init__.py": "",
        },
    )
    graph = import_graph(tmp_path)
    assert graph["geodata.c"] == {"geodata.a"}
    assert cycles(graph) == [["geodata.a", "geodata.b"]]


def test_an_import_against_the_flow_is_named(tmp_path):
    _write(
        tmp_path,
        {
            "articles/__init__.py": "",
            "articles/x.py": "import geodata.place\n",
            "geodata/__init__.py": "",
            "geodata/place.py": "",
            "dashboard/__init__.py": "",
            "dashboard/store/__init__.py": "",
            "dashboard/store/q.py": "from dashboard.ui.panel import y\n",
            "dashboard/ui/__init__.py": "",
            "dashboard/ui/panel.py": "from dashboard.store import q\n",
        },
    )
    graph = import_graph(tmp_path)
    assert against_flow(graph) == [
        "articles.x imports geodata.place",
        "dashboard.store.q imports dashboard.ui.panel",
    ]
    assert cycles(graph) == [["dashboard.store.q", "dashboard.ui.panel"]]
