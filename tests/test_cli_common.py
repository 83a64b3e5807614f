"""What every command shares: the common options on either side of the command name, one
exit-code scheme, no brief started unseen, usage errors that point to the command's own help,
`init` creating a PostgreSQL database, and the README's quick start followed by its report."""

from __future__ import annotations

import glob
import json
import shlex
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from clihelpers import SNAPSHOTS, error_line, invoke, quick_start_db

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
IRAQ = "iraq-coalition-withdrawal"


@pytest.fixture(scope="module")
def two_briefs(tmp_path_factory: pytest.TempPathFactory) -> str:
    return quick_start_db(tmp_path_factory.mktemp("common"))


# --- the common options before or after the command ---------------------------------------------

@pytest.mark.parametrize("command", [["log"], ["show"], ["timeline"], ["history", "K1 Air Base"],
                                     ["diff"], ["fact", "list"], ["brief", "show"], ["alias", "--list"]])
def test_brief_and_format_may_come_before_the_command(two_briefs: str, command: list[str]) -> None:
    after = invoke("--db", two_briefs, *command, "-b", IRAQ, "--format", "json").stdout
    before = invoke("--db", two_briefs, "-b", IRAQ, "--format", "json", *command).stdout
    mixed = invoke("--brief", IRAQ, *command, "--db", two_briefs, "--format", "json").stdout
    assert before == after == mixed
    json.loads(before)


def test_the_option_after_the_command_wins(two_briefs: str) -> None:
    shown = invoke("--db", two_briefs, "-b", "afghanistan-drawdown", "show", "-b", IRAQ, "--format", "json")
    assert json.loads(shown.stdout)["brief"] == IRAQ


def test_a_common_option_the_command_does_not_take_is_a_usage_error(two_briefs: str) -> None:
    assert error_line(invoke("--db", two_briefs, "-b", IRAQ, "verify", code=2)).startswith(
        "error: verify takes no --brief")
    # in a group, the subcommand decides: `brief show` takes --brief, `brief list` lists them all
    assert error_line(invoke("--db", two_briefs, "-b", IRAQ, "brief", "list", code=2)).startswith(
        "error: brief list takes no --brief")
    assert json.loads(invoke("--db", two_briefs, "-b", IRAQ, "brief", "show", "--format", "json").stdout)
    line = error_line(invoke("--db", two_briefs, "--format", "markdown", "show", "-b", IRAQ, code=2))
    assert "'markdown' is not one of 'text', 'json'" in line and "tracker show --help" in line


# --- one exit-code scheme -----------------------------------------------------------------------

def test_exit_codes_are_one_scheme(two_briefs: str, tmp_path: Path) -> None:
    empty = tmp_path / "iraq" / "2020-09-01.txt"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    invoke("--db", two_briefs, "ingest", "-b", IRAQ, str(empty), code=2)  # bad input
    invoke("--db", two_briefs, "ingest", "-b", IRAQ, str(tmp_path / "missing.txt"), code=2)
    invoke("--db", two_briefs, "show", "-b", IRAQ, "99", code=2)
    invoke("--db", two_briefs, "diff", "-b", IRAQ, "--exit-code", "1", "2", code=1)  # differences found
    invoke("--db", two_briefs, "diff", "-b", IRAQ, "--exit-code", "2", "2", code=0)
    invoke("--db", two_briefs, "log", "--frobnicate", code=2)  # usage
    helped = invoke("--help").stdout
    assert "Exit codes, every command:" in helped
    assert "0  success" in helped and "1  differences found" in helped and "2  bad input or usage" in helped
    assert "Exit codes" in README and "`2` an error" in README


# --- no silent new brief ------------------------------------------------------------------------

def test_a_file_from_a_plain_folder_with_several_briefs_names_them(two_briefs: str, tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    page = downloads / "brief.html"
    page.write_bytes((SNAPSHOTS / IRAQ / "2020-08-23.html").read_bytes())
    before = invoke("--db", two_briefs, "brief", "list", "--format", "json").stdout
    line = error_line(invoke("--db", two_briefs, "ingest", str(page), code=2))
    assert line == (f"error: {page}: its folder 'downloads' names no brief, and the database holds several "
                    f"(afghanistan-drawdown, {IRAQ}): pass --brief SLUG (a new SLUG starts a new brief)")
    assert invoke("--db", two_briefs, "brief", "list", "--format", "json").stdout == before
    # a folder named after a brief still needs no option, and one brief in the database still
    # lets the snapshots/<brief>/ layout start the second (the quick start)
    assert "unchanged" in invoke("--db", two_briefs, "ingest", str(SNAPSHOTS / IRAQ / "2020-04-04.txt")).stdout


def test_one_naming_mistake_over_many_files_is_one_line(two_briefs: str, tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    sample = (SNAPSHOTS / IRAQ / "2020-04-04.txt").read_bytes()
    for n in range(1, 13):
        (folder / f"2020-05-{n:02d}.txt").write_bytes(sample.replace(b"2020", b"2020 " * (n % 2)))
    before = invoke("--db", two_briefs, "log", "-b", IRAQ, "--format", "json").stdout
    before_briefs = invoke("--db", two_briefs, "brief", "list", "--format", "json").stdout
    files = sorted(str(p) for p in folder.iterdir())
    result = invoke("--db", two_briefs, "ingest", *files, code=2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: 12 files: its folder 'a' names no brief, and the database holds several")
    assert f"({files[0]}, {files[1]}, {files[2]}, …)" in lines[0]
    assert invoke("--db", two_briefs, "log", "-b", IRAQ, "--format", "json").stdout == before
    briefs = invoke("--db", two_briefs, "brief", "list", "--format", "json").stdout
    assert briefs == before_briefs
    # scripts still get one outcome a file
    outcomes = json.loads(invoke("--db", two_briefs, "ingest", *files, "--format", "json", code=2).stdout)
    assert [o["path"] for o in outcomes] == files and {o["status"] for o in outcomes} == {"error"}


# --- usage errors point to the command's help ---------------------------------------------------

@pytest.mark.parametrize("args, hint", [
    (["show", "--as-of"], "tracker show --help"),
    (["log", "-n"], "tracker log --help"),
    (["fact", "reject", "--at"], "tracker fact reject --help"),
    (["brief", "show", "--format"], "tracker brief show --help"),
    (["watch", "--every"], "tracker watch --help"),
    (["--db"], "tracker --help"),
])
def test_a_usage_error_points_to_the_commands_own_help(args: list[str], hint: str) -> None:
    line = error_line(invoke(*args, code=2))
    assert "requires an argument" in line and line.endswith(f"(see '{hint}')")


# --- the README's quick start, then its report page ---------------------------------------------

def readme_lines(start: str, end: str) -> list[list[str]]:
    """Each `tracker …` command between two headings of the README, in order (a `&&` chain
    split into its commands), as words."""
    block = README[README.index(start):README.index(end)]
    found = []
    for line in block.splitlines():
        for part in line.split("&&"):
            part = part.split("  #")[0].strip()
            if part.startswith("tracker "):
                found.append(shlex.split(part)[1:])
    return found


def test_the_quick_start_then_the_report_page_run_as_written(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "snapshots").symlink_to(SNAPSHOTS)
    commands = readme_lines("## Quick start", "To run the tests") + readme_lines("### The report page", "- **Timeline**")
    assert any(words[0] == "report" for words in commands[-1:])
    for words in commands:
        expanded = [match for word in words for match in (sorted(glob.glob(word)) if "*" in word else [word])]
        invoke(*expanded, env={"TRACKER_DB": str(tmp_path / "tracker.db")})
    assert len(list(tmp_path.glob("*.html"))) == 2  # the quick start's page and the report section's


# --- init on PostgreSQL: a database that does not exist -----------------------------------------

@pytest.fixture
def missing_pg_database() -> Iterator[tuple[str, str]]:
    """(URL of a PostgreSQL database that does not exist yet, its name); dropped afterwards."""
    from conftest import _pg_admin, pg_base_url
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    base = pg_base_url()
    if base is None:
        pytest.skip("PostgreSQL tests need TRACKER_TEST_PG_URL")
    name = f"tracker_init_{uuid.uuid4().hex[:12]}"
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    yield url, name
    admin = _pg_admin(base)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_init_creates_a_missing_postgresql_database(missing_pg_database: tuple[str, str]) -> None:
    url, name = missing_pg_database
    line = error_line(invoke("--db", url, "log", code=2))  # any other command: how to create it
    assert f"database {name}" not in line or "does not exist" in line
    assert "does not exist; create it with `tracker init` (or: createdb " in line and line.endswith(f" {name})")
    created = json.loads(invoke("--db", url, "init", "--format", "json").stdout)
    assert created["created"] is True and created["revision"]
    assert invoke("--db", url, "init").stdout.startswith("database ")  # safe to repeat: nothing created
    invoke("--db", url, "ingest", "-q", *map(str, sorted((SNAPSHOTS / IRAQ).iterdir())))
    assert invoke("--db", url, "verify").stdout.startswith("ok: 4 editions verified")


def test_init_without_the_right_to_create_says_createdb(missing_pg_database: tuple[str, str]) -> None:
    from conftest import _pg_admin, pg_base_url
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    url, name = missing_pg_database
    role = f"tracker_nocreate_{uuid.uuid4().hex[:8]}"
    admin = _pg_admin(pg_base_url())
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
    try:
        as_role = make_url(url).set(username=role, password=None).render_as_string(hide_password=False)
        result = invoke("--db", as_role, "init", code=2)
        if "password authentication failed" in result.stderr or "no pg_hba.conf" in result.stderr:
            pytest.skip("the test server lets only its own user in")
        line = error_line(result)
        assert f"database {name} does not exist and could not be created" in line
        assert line.endswith(f"createdb -h {make_url(url).host} -p {make_url(url).port or 5432} -O {role} {name}") \
            or f"-O {role} {name}" in line
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()
