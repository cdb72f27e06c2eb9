"""No import cycles among the package's own modules.

A cycle makes a module impossible to read or test alone and forces imports inside functions. The
graph is built from the source (every import statement, including those inside functions and
under TYPE_CHECKING), so a cycle hidden behind a late import still fails here.
"""
from __future__ import annotations

import ast
import graphlib
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kinerja", "ingest", "normalize", "validate", "schemas")


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def import_graph() -> dict[str, set[str]]:
    """module -> the package modules it imports (a `from a import b` names module a.b when
    there is one, else a)."""
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
            for t in targets:
                while t and t not in mods:
                    t = t.rpartition(".")[0]
                if t and t != name:
                    graph[name].add(t)
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of the graph, or [] when it has none."""
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        return list(exc.args[1])
    return []


def test_the_graph_sees_the_package():
    graph = import_graph()
    assert "ingest.readers.diagram_boxes" in graph["ingest.readers.diagram"]
    assert "ingest.layout" in graph["ingest.readers.diagram_cells"]
    assert len(graph) > 50


def test_no_import_cycle_among_the_package_modules():
    assert cycle(import_graph()) == []


def test_the_cycle_check_finds_a_cycle_behind_a_late_import():
    assert sorted(set(cycle({"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}))) == ["a", "b", "c"]
    assert cycle({"a": {"b"}, "b": set()}) == []
