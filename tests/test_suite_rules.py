"""Rules the test suite keeps about itself, checked on its own source:

- a data file the repository holds is never a reason to skip: a test that needs one gets it
  through `datafiles.repo_file`, which fails naming the path (a skip would hide a broken
  checkout as a green run);
- no unit test times code with `time.perf_counter` (a time is a figure for `benchmarks/`, not an
  assertion); an assertion on wall-clock time (`time.monotonic`, `time.time`) exists only to
  bound a timeout, and says on its line (`# margin: ...`) why its bound is generous.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from datafiles import repo_file

TESTS = Path(__file__).resolve().parent
# Skips on a missing path that is not the repository's: (module, why).
SYSTEM_PATHS = {"test_output_errors.py": "/dev/full belongs to the system, not to the repository"}
CLOCKS = {"monotonic", "time", "perf_counter"}


def _calls(node: ast.AST, names: set[str]) -> bool:
    """Whether `node` calls `x.<name>()` or `<name>()` for one of `names`."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in names:
                return True
    return False


def _is_skip(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr in {"skip", "skipif"}


def skips_on_missing_files(source: str) -> list[int]:
    """Lines where a test skips because a path does not exist: `if not p.exists(): pytest.skip(...)`
    or `@pytest.mark.skipif(not p.exists(), ...)`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.If) and _calls(node.test, {"exists", "is_file", "is_dir"}):
            if any(_is_skip(sub) for stmt in node.body for sub in ast.walk(stmt)):
                found.append(node.lineno)
        if isinstance(node, ast.Call) and _is_skip(node.func) and node.args \
                and _calls(node.args[0], {"exists", "is_file", "is_dir"}):
            found.append(node.lineno)
    return found


def _clock_names(tree: ast.AST) -> set[str]:
    """Names assigned from a clock reading (start, elapsed, deadline ...)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _calls(node.value, CLOCKS):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def timing_problems(source: str) -> list[str]:
    """'line: why' for each perf_counter call, and each assertion on a clock without its margin."""
    tree = ast.parse(source)
    lines = source.splitlines()
    problems = [f"{n.lineno}: perf_counter times code: a figure for benchmarks/" for n in ast.walk(tree)
                if isinstance(n, ast.Attribute) and n.attr == "perf_counter"]
    clocked = _clock_names(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assert):
            continue
        names = {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}
        if (_calls(node.test, CLOCKS) or names & clocked) and "# margin:" not in lines[node.end_lineno - 1]:
            problems.append(f"{node.lineno}: a wall-clock assertion without '# margin: why'")
    return problems


def test_no_test_skips_when_a_repository_file_is_missing():
    found = [f"{path.name}:{line}" for path in sorted(TESTS.glob("test_*.py")) if path.name not in SYSTEM_PATHS
             for line in skips_on_missing_files(path.read_text(encoding="utf-8"))]
    assert found == [], "use datafiles.repo_file(path): a missing repository file is a failure"


def test_wall_clock_assertions_say_why_their_bound_is_generous():
    found = [f"{path.name}:{problem}" for path in sorted(TESTS.glob("test_*.py"))
             for problem in timing_problems(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_checks_catch_what_they_are_for():
    """The shapes the suite used to have: each is caught; the fixed shape is not."""
    old_skip = ("import pytest\nREF = None\n\ndef test_a():\n    if not REF.exists():\n"
                "        pytest.skip('reference not present')\n\n"
                "@pytest.mark.skipif(not REF.exists(), reason='gone')\ndef test_b():\n    pass\n")
    assert skips_on_missing_files(old_skip) == [5, 8]
    assert skips_on_missing_files("def test_a():\n    repo_file(REF)\n") == []
    old_timing = ("import time\n\ndef test_a():\n    start = time.perf_counter()\n"
                  "    per_call = (time.perf_counter() - start) / 10\n    assert per_call < 0.05\n\n"
                  "def test_b():\n    started = time.monotonic()\n    assert time.monotonic() - started < 2.5\n")
    assert [p.split(":")[0] for p in timing_problems(old_timing)] == ["4", "5", "6", "10"]
    fixed = "import time\n\ndef test_b():\n    started = time.monotonic()\n" \
            "    assert time.monotonic() - started < 15  # margin: expected 0.5 s, failure 30 s\n"
    assert timing_problems(fixed) == []


def test_a_missing_repository_file_fails_with_its_path(tmp_path):
    missing = tmp_path / "gone" / "2020-04-11.txt"
    with pytest.raises(pytest.fail.Exception, match="2020-04-11.txt is missing"):
        repo_file(missing)
    present = tmp_path / "here.txt"
    present.write_text("x")
    assert repo_file(present) == present
