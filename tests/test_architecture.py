"""The layers of the package, enforced: the data flows one way (read -> parse -> identity ->
diff -> store; app puts them together, present renders, cli is a thin shell), and a change's
place can be found from the tree alone. Inside the layers: no module over 600 lines (a job
per module, readable in one sitting), no import loop between modules, and no private name
taken from another module (a name another module needs is part of its module's interface).

An ast walk over every module of tracker/ (tests are exempt), including imports inside
functions and under `if TYPE_CHECKING:` (the lazy ones count too). Each file is parsed once.
"""

from __future__ import annotations

import ast
import functools
from collections import deque
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"
MAX_LINES = 600

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
    "tracker.correct": PURE + ("tracker.read", "tracker.parse"),  # applies corrections: pure
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


@functools.cache
def _tree(path: Path) -> ast.Module:
    """Parsed once for every test of the file (the module list is fixed at collection)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def _base(node: ast.ImportFrom, path: Path, name: str) -> str:
    """The absolute module a `from ... import` names (relative imports resolved)."""
    base = node.module or ""
    if node.level:
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join(anchor + ([base] if base else []))
    return base


def _imports(path: Path, name: str) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import statement in the file."""
    out = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            out += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append((_base(node, path, name), [alias.name for alias in node.names]))
    return out


def _layer(name: str) -> str:
    return ".".join(name.split(".")[:2])


MODULES = _modules()
KNOWN = {name for name, _ in MODULES}


def _private(name: str) -> bool:
    """A leading underscore, dunders (`__version__`, `__main__`) aside."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_edges(path: Path, name: str) -> dict[str, int]:
    """tracker module imported -> the first line importing it. `from P import x` imports the
    module P.x when there is one, else P; a package is its `__init__` module."""
    edges: dict[str, int] = {}
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _base(node, path, name)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in KNOWN else base for a in node.names]
        else:
            continue
        for target in targets:
            if target in KNOWN and target != name:
                edges[target] = min(edges.get(target, node.lineno), node.lineno)
    return edges


def _bound_modules(path: Path, name: str) -> dict[str, str]:
    """Local name -> tracker module it is bound to (`from tracker import identity as _names`)."""
    bound = {}
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            bound.update({a.asname: a.name for a in node.names if a.asname and a.name in KNOWN})
        elif isinstance(node, ast.ImportFrom):
            base = _base(node, path, name)
            bound.update({a.asname or a.name: f"{base}.{a.name}" for a in node.names
                          if f"{base}.{a.name}" in KNOWN})
    return bound


def _private_taken(path: Path, name: str) -> list[str]:
    """Every private name this module takes from another tracker module: imported by name, or
    reached as an attribute of a module it imported (`identity._GENERIC`)."""
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom):
            base = _base(node, path, name)
            private = [a.name for a in node.names if _private(a.name)]
            if private and base != name and _within(base, "tracker"):
                found.append(f"{', '.join(private)} from {base} (line {node.lineno})")
    bound = _bound_modules(path, name)
    reached: dict[str, tuple[set[str], set[int]]] = {}
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in bound and bound[node.value.id] != name and _private(node.attr):
            names, lines = reached.setdefault(node.value.id, (set(), set()))
            names.add(node.attr)
            lines.add(node.lineno)
    for alias, (names, lines) in sorted(reached.items()):
        found.append(f"{', '.join(sorted(names))} from {bound[alias]} (as attributes of {alias}, "
                     f"lines {', '.join(map(str, sorted(lines)))})")
    return found


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
def test_no_private_name_is_taken_from_another_module(name, path):
    """Across packages and inside them: a name another module needs is public in its module,
    or lives in the module that uses it."""
    taken = _private_taken(path, name)
    if taken:
        pytest.fail(f"{name} takes private names from other modules: " + "; ".join(taken)
                    + ". Make each public in its module, or move it to the module that uses it",
                    pytrace=False)


@pytest.mark.parametrize("name,path", MODULES, ids=[m for m, _ in MODULES])
def test_module_is_at_most_600_lines(name, path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    shown = path.relative_to(PACKAGE.parent).as_posix()
    if lines > MAX_LINES:
        pytest.fail(f"{shown} ({name}) has {lines} lines, over the {MAX_LINES} a module may have: "
                    "split it by job, into modules named for the job", pytrace=False)


def _knots(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    knots: list[list[str]] = []

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
            knot = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                knot.append(top)
                if top == node:
                    break
            if len(knot) > 1:
                knots.append(sorted(knot))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(knots)


def _loop(graph: dict[str, dict[str, int]], knot: list[str]) -> str:
    """The shortest loop through the knot's first module, as a chain with the line of each
    import: "a (line 3) -> b (line 9) -> a"."""
    start, inside = knot[0], set(knot)
    came: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph[node]):
            if nxt == start:
                chain = [node]
                while chain[-1] != start:
                    chain.append(came[chain[-1]])
                chain.reverse()
                links = [f"{a} (line {graph[a][b]})" for a, b in zip(chain, chain[1:] + [start])]
                rest = sorted(inside - set(chain))
                return " -> ".join(links + [start]) + (f"; the same knot also holds {', '.join(rest)}"
                                                       if rest else "")
            if nxt in inside and nxt not in came:
                came[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"no loop through {start}")  # a knot always has one


def test_no_import_loop_between_modules():
    """Every import counts (lazy ones inside functions too): a module that needs another's
    name while that one needs its own is one job split badly, or a shared piece without a
    home. Each loop is shown as a chain, with the line of every import in it."""
    graph = {name: _module_edges(path, name) for name, path in MODULES}
    loops = [_loop(graph, knot) for knot in _knots(graph)]
    if loops:
        pytest.fail("import loop between modules (line N: where that module imports the next):\n  "
                    + "\n  ".join(loops), pytrace=False)


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


# modules a `tracker diff` of two stored editions of a restating brief, without corrections,
# never imports (the fold package's `__init__` alone tells whether a brief folds): start-up is
# benchmarked against a bare `import sqlalchemy, click`
NOT_ON_DIFF_PATH = ("tracker.read", "tracker.parse", "tracker.fold.folding", "tracker.fold.changes",
                    "tracker.fold.facts", "tracker.correct", "tracker.audit", "tracker.store.inputs", "alembic",
                    "deepdiff")


def test_diff_of_stored_editions_imports_only_what_it_shows(tmp_path: Path) -> None:
    import subprocess
    import sys

    files = sorted((PACKAGE.parent / "snapshots" / "iraq-coalition-withdrawal").iterdir())[:2]
    db = str(tmp_path / "t.db")
    subprocess.run([sys.executable, "-m", "tracker.cli", "--db", db, "ingest", *map(str, files)],
                   check=True, capture_output=True, timeout=120)
    code = ("import sys; from tracker.cli import main\n"
            f"sys.argv = ['tracker', '--db', {db!r}, 'diff']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "edition 1" in done.stdout and "edition 2" in done.stdout, done.stdout + done.stderr
    loaded = eval(done.stderr.strip().splitlines()[-1])  # noqa: S307 (our own child's list)
    wrong = [m for m in loaded if any(_within(m, prefix) for prefix in NOT_ON_DIFF_PATH)]
    assert not wrong, f"tracker diff imported {wrong}"
