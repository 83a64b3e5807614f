"""The layers of the package, enforced: the data flows one way (read -> parse -> identity ->
diff -> store; app puts them together, present renders, cli is a thin shell), and a change's
place can be found from the tree alone.

An ast walk over every module, including imports inside functions (the lazy ones count too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"

# layer -> what it may never import (a prefix of a module name)
PURE = ("sqlalchemy", "alembic", "click", "tracker.store", "tracker.cli", "tracker.app",
        "tracker.present", "tracker.audit")
FORBIDDEN = {
    "tracker.read": PURE + ("tracker.parse", "tracker.identity", "tracker.diff"),
    "tracker.vocabulary": PURE + ("tracker.read", "tracker.parse", "tracker.identity", "tracker.diff"),
    "tracker.parse": PURE + ("tracker.diff",),
    "tracker.identity": PURE + ("tracker.read", "tracker.parse", "tracker.diff"),
    "tracker.diff": PURE + ("tracker.read", "tracker.parse"),  # pairs respellings by identity
    "tracker.fold": PURE + ("tracker.read", "tracker.parse"),  # folds snapshots: pure
    "tracker.model": PURE + ("tracker.read", "tracker.parse", "tracker.identity", "tracker.diff"),
    "tracker.canonical": PURE + ("tracker.read", "tracker.parse", "tracker.identity", "tracker.diff"),
    "tracker.store": ("click", "tracker.read", "tracker.vocabulary", "tracker.parse",
                      "tracker.identity", "tracker.diff", "tracker.app", "tracker.present",
                      "tracker.audit", "tracker.cli"),
    "tracker.audit": ("click", "tracker.app", "tracker.present", "tracker.cli", "tracker.read",
                      "tracker.parse"),
    "tracker.app": ("click", "tracker.cli", "tracker.present"),
    "tracker.present": ("sqlalchemy", "alembic", "click", "tracker.store", "tracker.app",
                        "tracker.audit", "tracker.cli", "tracker.parse", "tracker.read"),
}
ONLY = {"click": "tracker.cli", "deepdiff": "tracker.diff"}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, path))
    return found


def _imports(path: Path, name: str) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import statement in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            out.append((base, [alias.name for alias in node.names]))
    return out


def _layer(name: str) -> str:
    return ".".join(name.split(".")[:2])


MODULES = _modules()


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


@pytest.mark.parametrize("name,path", MODULES, ids=[m for m, _ in MODULES])
def test_layer_imports_only_what_it_may(name, path):
    forbidden = FORBIDDEN.get(_layer(name), ())
    bad = [m for m, _ in _imports(path, name) if any(_within(m, f) for f in forbidden)]
    assert not bad, f"{name} imports {bad}, which its layer ({_layer(name)}) must not"


@pytest.mark.parametrize("name,path", MODULES, ids=[m for m, _ in MODULES])
def test_heavy_or_outer_libraries_have_one_home(name, path):
    for module, _ in _imports(path, name):
        for library, home in ONLY.items():
            if _within(module, library):
                assert _within(name, home), f"{name} imports {library}; only {home} may"


@pytest.mark.parametrize("name,path", MODULES, ids=[m for m, _ in MODULES])
def test_no_private_name_crosses_a_package(name, path):
    for module, names in _imports(path, name):
        if not module.startswith("tracker"):
            continue
        private = [n for n in names if n.startswith("_") and n != "__version__"]
        if private and _layer(module) != _layer(name):
            pytest.fail(f"{name} takes private {private} from {module}")


def test_no_import_loop_between_packages():
    """The package graph (tracker.read, tracker.parse, ...) has no cycle."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES:
        mine = _layer(name)
        for module, _ in _imports(path, name):
            if module.startswith("tracker.") and _layer(module) != mine:
                graph.setdefault(mine, set()).add(_layer(module))
    seen: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        if seen.get(node) == 1:
            pytest.fail("import loop: " + " -> ".join(trail + [node]))
        if seen.get(node) == 2:
            return
        seen[node] = 1
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, trail + [node])
        seen[node] = 2

    for node in sorted(graph):
        visit(node, [])
