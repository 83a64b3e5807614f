"""Safety of outputs and inputs: export writes only the file the user named (never through a
link to somewhere else, never over a file without --force); SQL carries user values only as
bound parameters; HTML input is parsed, never executed or fetched."""

from __future__ import annotations

import ast
import re
import socket
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from storehelpers import sql

from benchmarks.stress.common import edition_text
from tracker.cli import cli
from tracker.audit import verify

ROOT = Path(__file__).resolve().parent.parent


def run(db: str, *args: str):  # noqa: ANN201
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result


@pytest.fixture
def filled(tmp_path) -> str:
    db = str(tmp_path / "t.db")
    src = tmp_path / "edition.txt"
    src.write_text(edition_text("safety"), encoding="utf-8")
    assert run(db, "ingest", "--brief", "b", str(src)).exit_code == 0
    return db


# -- export -----------------------------------------------------------------------------------


def test_export_refuses_to_overwrite_without_force(filled, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("precious\n")
    result = run(filled, "export", "-o", str(target))
    assert result.exit_code != 0 and "--force" in result.stderr
    assert target.read_text() == "precious\n"
    assert run(filled, "export", "-o", str(target), "--force").exit_code == 0
    assert target.read_text().startswith("{")


@pytest.mark.parametrize("dangling", [False, True], ids=["link-to-file", "dangling-link"])
def test_export_never_writes_through_a_symlink(filled, tmp_path, dangling):
    """-o naming a link: refused without --force; with --force the link itself is replaced by
    the export, and the file it pointed to (outside what the user named) is never touched."""
    outside = tmp_path / "elsewhere" / "victim.txt"
    outside.parent.mkdir()
    if not dangling:
        outside.write_text("do not touch\n")
    link = tmp_path / "out.csv"
    link.symlink_to(outside)
    result = run(filled, "export", "--format", "csv", "-o", str(link))
    assert result.exit_code != 0 and "--force" in result.stderr
    assert link.is_symlink()
    assert run(filled, "export", "--format", "csv", "-o", str(link), "--force").exit_code == 0
    assert not link.is_symlink() and link.read_text().startswith("brief,edition")
    if dangling:
        assert not outside.exists()
    else:
        assert outside.read_text() == "do not touch\n"


def test_export_errors_are_one_line_and_leave_nothing(filled, tmp_path):
    cases = [(tmp_path / "missing" / "out.json", "does not exist"), (tmp_path, "directory")]
    for target, words in cases:
        result = run(filled, "export", "-o", str(target))
        assert result.exit_code != 0 and words in result.stderr
        assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp files


def test_export_leaves_no_temporary_file(filled, tmp_path):
    out = tmp_path / "export" / "all.ndjson"
    out.parent.mkdir()
    assert run(filled, "export", "--format", "ndjson", "-o", str(out)).exit_code == 0
    assert [p.name for p in out.parent.iterdir()] == ["all.ndjson"]


# -- SQL only through bound parameters -------------------------------------------------------------

SCANNED = ("tracker", "migrations")  # every module under these, at any depth
SQL_CALLS = {"text", "execute", "executemany", "exec_driver_sql", "executescript", "copy"}
# An f-string is SQL when its literal text has a statement's shape (also a fragment built
# before the call: "(SELECT count(*) FROM ...)", "DROP TRIGGER IF EXISTS ..."); an error
# message that mentions FROM in capitals is not.
SQL_SHAPE = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+\S+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\b(?:CREATE|DROP|ALTER)\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW|TRIGGER|INDEX|FUNCTION)\b"
    r"|\bPRAGMA\b|\bCOPY\b|\bTRUNCATE\b|\bRAISE\s*\(")
# Names allowed inside f-string interpolations into SQL text, per module, each group with why it
# cannot carry what a user typed. A new interpolation must be one of these or become a bound
# parameter; add a name only after checking where its value comes from. Being allowed in one
# module allows nothing in another.
ALLOWED: dict[str, tuple[frozenset[str], str]] = {
    "tracker/store/engine.py": (frozenset({"SQLITE_BUSY_MS", "SQLITE_CHECKPOINT_PAGES"}),
                                "int constants of the module"),
    "tracker/store/batch.py": (frozenset({"table", "listed", "columns", "len"}),
                               "a table of the schema (BUFFERED) and its column names, kept only "
                               "when the code's own row dicts carry them; values go as parameters"),
    "tracker/audit/editions.py": (frozenset({"EDITION_COLS"}), "a tuple of column names"),
    "tracker/audit/aggregate.py": (frozenset({"aliases", "concat", "ok", "has", "records"}),
                                   "per-dialect SQL fragments built in the function from literals "
                                   "(has: a span's literal WHERE clause from _SPANS)"),
    "tracker/audit/projections.py": (frozenset({"aliases"}), "a per-dialect literal JSON read"),
    "migrations/triggers.py": (frozenset({"upd", "dele", "rep", "change", "truncate", "name", "table",
                                          "raise_", "message", "PG_FUNCTION", "keys"}),
                               "trigger names made from the constant table names, the constant "
                               "function name, the per-table key clauses of SQLITE_KEYS"),
    "migrations/views.py": (frozenset({"sql", "dialect", "name", "CHANGE_TYPES", "_newest",
                                       "_version_count", "_log_count", "previous", "sections",
                                       "brief", "edition", "types", "kind", "column", "applied"}),
                            "view definitions held in module constants, and the parameters of "
                            "SQL-fragment helpers, which are only ever called with literals"),
    "migrations/versions/0001_record_and_projections.py": (frozenset({"triggers"}),
                                                           "the triggers module (its PG_FUNCTION)"),
}

# Whole expressions allowed where a user's value must reach SQL text because the statement takes
# no bound parameter there: quoted by the dialect's identifier quoting.
ALLOWED_EXPRESSIONS: dict[str, dict[str, str]] = {
    "tracker/store/engine.py": {
        "engine.dialect.identifier_preparer.quote(name)":
            "CREATE DATABASE for the name in the user's PostgreSQL URL: an identifier, quoted "
            "(embedded quotes doubled) by the dialect, since the statement binds no parameter",
    },
}


def _sql_interpolations(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, expression) for every f-string interpolation inside a call that runs SQL."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in SQL_CALLS or not node.args:
            continue
        for sub in ast.walk(node.args[0]):
            if isinstance(sub, ast.FormattedValue):
                found.append((sub.lineno, ast.unparse(sub.value)))
    return found


def _string_builders(tree: ast.AST) -> list[tuple[int, str]]:
    """Interpolations of f-strings shaped like SQL anywhere in a module (built before the call)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if SQL_SHAPE.search(literal):
                found += [(node.lineno, ast.unparse(v.value)) for v in node.values
                          if isinstance(v, ast.FormattedValue)]
    return found


def _names(expr: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(expr, mode="eval")) if isinstance(n, ast.Name)}


def scanned_modules(root: Path) -> list[Path]:
    """Every module under tracker/ and migrations/, subpackages included."""
    return sorted(p for top in SCANNED for p in (root / top).rglob("*.py")
                  if "__pycache__" not in p.parts)


def unsafe_interpolations(root: Path) -> list[str]:
    """'path:line: {expr}' for each SQL interpolation of a name its module may not use."""
    unsafe = []
    for path in scanned_modules(root):
        rel = path.relative_to(root).as_posix()
        allowed = ALLOWED.get(rel, (frozenset(), ""))[0]
        quoted = ALLOWED_EXPRESSIONS.get(rel, {})
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, expr in sorted(set(_sql_interpolations(tree) + _string_builders(tree))):
            if expr not in quoted and _names(expr) - allowed:
                unsafe.append(f"{rel}:{line}: {{{expr}}}")
    return unsafe


def test_sql_text_interpolates_only_constants():
    assert unsafe_interpolations(ROOT) == []


def test_the_scan_sees_every_module():
    """Subpackages too: the verifier and the engine hold interpolations of their own."""
    seen = {p.relative_to(ROOT).as_posix() for p in scanned_modules(ROOT)}
    assert {"tracker/audit/verifier.py", "tracker/store/engine.py", "tracker/store/batch.py",
            "migrations/versions/0001_record_and_projections.py"} <= seen
    on_disk = {p.relative_to(ROOT).as_posix() for top in SCANNED for p in (ROOT / top).glob("**/*.py")
               if "__pycache__" not in p.parts}
    assert seen == on_disk
    assert set(ALLOWED) | set(ALLOWED_EXPRESSIONS) <= seen, "an allow-list entry names a module that is gone"


PLANTED = '''
from sqlalchemy import text

def lookup(conn, brief, table):
    conn.execute(text(f"SELECT * FROM editions WHERE brief = '{brief}'"))
    query = f"DELETE FROM {table} WHERE brief = '{brief}'"
    return query
'''


def test_an_unsafe_line_is_caught_in_every_subpackage(tmp_path):
    """The tree's layout with one planted module in each of its folders: an interpolated user
    value, in a call and in a string built before it, is caught in every one (a name allowed
    in another module, `table`, included)."""
    folders = sorted({p.parent.relative_to(ROOT) for p in scanned_modules(ROOT)})
    assert {Path("tracker/audit"), Path("tracker/store"), Path("migrations/versions")} <= set(folders)
    for folder in folders:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "planted.py").write_text(PLANTED, encoding="utf-8")
    caught = unsafe_interpolations(tmp_path)
    for folder in folders:
        mine = [c.split(": ", 1)[1] for c in caught if c.startswith(f"{folder.as_posix()}/planted.py:")]
        assert sorted(mine) == ["{brief}", "{brief}", "{table}"], (folder, mine)


HOSTILE = "x'); DROP TABLE editions; --"


def test_hostile_text_is_stored_verbatim(filled, tmp_path):
    """Free-text values a user gives (source, alias names) reach the database as parameters:
    stored verbatim, nothing else happens, verify clean."""
    src = tmp_path / "second.txt"
    src.write_text(edition_text("hostile"), encoding="utf-8")
    assert run(filled, "ingest", "--brief", "b", "--source", HOSTILE, str(src)).exit_code == 0
    assert run(filled, "alias", HOSTILE, "Robert'); DELETE FROM log; --", "--brief", "b").exit_code == 0
    from tracker.store.store import open_store

    store = open_store(filled)
    assert [e.source for e in store.editions("b")].count(HOSTILE) == 1
    assert [a.name for a in store.aliases("b")] == [HOSTILE]
    assert sql(store, "SELECT count(*) FROM editions")[0][0] == 2
    assert verify(store).ok
    result = run(filled, "history", HOSTILE)
    assert result.exit_code != 0 or HOSTILE in result.stdout
    assert run(filled, "diff", "1' OR '1'='1").exit_code != 0  # a REF, not SQL
    store.close()


# -- HTML is parsed, never fetched or executed -------------------------------------------------------

HOSTILE_HTML = b"""<!doctype html>
<html><head>
<meta http-equiv="refresh" content="0; url=http://198.51.100.7/">
<link rel="stylesheet" href="http://198.51.100.7/style.css">
<link rel="import" href="http://198.51.100.7/x.html">
<script src="http://198.51.100.7/x.js"></script>
<script>fetch('http://198.51.100.7/beacon'); document.write('INJECTED')</script>
<base href="http://198.51.100.7/">
</head><body>
<article>
<h1>Situation brief</h1>
<p><img src="http://198.51.100.7/pixel.gif" onerror="alert(1)">As of April 11, 2020, two bases have been transferred.</p>
<iframe src="http://198.51.100.7/frame"></iframe>
<object data="http://198.51.100.7/obj"></object>
<svg><image href="http://198.51.100.7/svg.png"/><script>alert(2)</script></svg>
<ol>
<li>On 17 March 2020, coalition troops withdrew from Qarsel base<sup><a href="http://198.51.100.7/n1">[1]</a></sup>.</li>
<li>On 26 March 2020, coalition troops withdrew from Dormun airfield.</li>
</ol>
<style>@import url(http://198.51.100.7/i.css); body{background:url(http://198.51.100.7/bg.png)}</style>
<p>&lt;script&gt;alert(3)&lt;/script&gt; is shown as text, never run.</p>
</article>
</body></html>
"""


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket or resolve a name fails the test."""
    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError(f"network access attempted: {args[:2]}")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_html_is_parsed_never_fetched(no_network):
    from tracker.parse.parser import parse_bytes

    snap = parse_bytes(HOSTILE_HTML, "page.html")
    assert snap.as_of == "2020-04-11"
    assert [e.name for e in snap.events] == ["Qarsel base", "Dormun airfield"]
    text = repr(snap.to_dict())
    assert "INJECTED" not in text and "fetch(" not in text and "alert(1)" not in text


def test_html_ingest_end_to_end_without_network(no_network, tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(HOSTILE_HTML)
    db = str(tmp_path / "t.db")  # SQLite: no socket needed anywhere
    result = run(db, "ingest", "--brief", "b", str(page))
    assert result.exit_code == 0, result.stderr
    show = run(db, "show", "--format", "json")
    assert show.exit_code == 0 and "INJECTED" not in show.stdout
    assert run(db, "verify").exit_code == 0
