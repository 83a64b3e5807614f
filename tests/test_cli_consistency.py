"""The command line says the same thing the same way everywhere, and the README's examples
(errors included) are what the commands really print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from clihelpers import SNAPSHOTS, error_line, quick_start_db
from clihelpers import invoke as run

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
IRAQ = "iraq-coalition-withdrawal"


@pytest.fixture(scope="module")
def two_briefs(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database the README's quick start leaves: the Iraq brief, then the Afghan one."""
    return quick_start_db(tmp_path_factory.mktemp("readme"))


# --- show --as-of takes a date, told as ingest's --as-of tells it -------------------------------

@pytest.mark.parametrize("value, words", [
    ("2020-02-30", "--as-of: '2020-02-30' does not exist: February 2020 has no day 30"),
    ("3", "--as-of: '3' is not a date in the form YYYY-MM-DD"),
    ("latest~1", "--as-of: 'latest~1' is not a date in the form YYYY-MM-DD"),
])
def test_show_as_of_takes_only_a_date(two_briefs: str, tmp_path: Path, value: str, words: str) -> None:
    shown = error_line(run("--db", two_briefs, "show", "-b", IRAQ, "--as-of", value, code=2))
    assert shown == f"error: {words}"
    ingested = error_line(run("--db", str(tmp_path / "t.db"), "ingest", "--as-of", value,
                              str(SNAPSHOTS / IRAQ / "2020-04-04.txt"), code=2))
    assert ingested == shown


def test_every_error_the_readme_shows_is_printed(two_briefs: str) -> None:
    shown = {line for line in README.splitlines() if line.startswith("error: ")}
    real = {
        error_line(run("--db", two_briefs, "show", "-b", IRAQ, "--as-of", "2020-02-30", code=2)),
        error_line(run("--db", "bogus://x", "log", code=2)),
        error_line(run("history", code=2)),
    }
    assert real <= shown
    driverless = [line for line in shown - real if "psycopg" in line]  # tested in test_everyday.py
    assert shown - real == set(driverless), shown - real


# --- the README's examples, in its order, on the quick start's two briefs ------------------------

def readme_commands(section: str) -> list[list[str]]:
    start = README.index(section)
    block = README[start:README.index("### Shell completion", start)]
    found = [line.split("  #")[0].split() for line in block.splitlines()
             if line.startswith(("tracker ", "$ tracker "))]
    return [words[1:] if words[0] == "$" else words for words in found]


def test_the_pipes_examples_work_on_the_quick_start_database(two_briefs: str) -> None:
    commands = [c for c in readme_commands("### Pipes, two files and references")
                if "--no-index" not in c and "-" not in c]  # files and stdin of the reader's own
    assert len(commands) >= 4
    for words in commands:
        words = [w for w in words[1:] if w != "tracker.db"]
        if "--db" in words:
            words.remove("--db")
        run("--db", two_briefs, *words)
    console = README[README.index("$ tracker diff -b iraq-coalition-withdrawal latest~3..latest~2"):]
    expected = console.split("\n", 1)[1].split("```")[0]
    out = run("--db", two_briefs, "diff", "-b", IRAQ, "latest~3..latest~2", "--color", "never").stdout
    assert out == expected


# --- the brief group takes --db, --color and --brief like every command --------------------------

def test_brief_subcommands_take_db_after_the_name(two_briefs: str) -> None:
    out = run("brief", "list", "--db", two_briefs, "--color", "never").stdout
    assert IRAQ in out and "afghanistan-drawdown" in out
    assert "no such option" in error_line(run("brief", "list", "--frob", code=2))


def test_brief_show_takes_the_brief_as_option_or_argument(two_briefs: str) -> None:
    by_option = run("--db", two_briefs, "brief", "show", "--brief", IRAQ).stdout
    assert by_option == run("--db", two_briefs, "brief", "show", IRAQ).stdout
    assert by_option == run("--db", two_briefs, "brief", "show", "-b", IRAQ).stdout
    assert "pass --brief" in error_line(run("--db", two_briefs, "brief", "show", code=2))
    line = error_line(run("--db", two_briefs, "brief", "show", IRAQ, "-b", "afghanistan-drawdown", code=2))
    assert "give the brief once" in line


# --- a range that selects nothing by construction ------------------------------------------------

@pytest.mark.parametrize("command", ["log", "timeline"])
def test_since_after_until_is_a_usage_error(two_briefs: str, command: str) -> None:
    line = error_line(run("--db", two_briefs, command, "-b", IRAQ, "--since", "2020-05-01",
                          "--until", "2020-04-01", code=2))
    assert "2020-05-01" in line and "2020-04-01" in line and f"tracker {command} --help" in line


def test_log_says_when_its_filters_leave_nothing(two_briefs: str) -> None:
    out = run("--db", two_briefs, "log", "-b", IRAQ, "--since", "2021-01-01").stdout
    assert out.splitlines()[0] == "no editions in that range"
    assert "no editions in that range" in run("--db", two_briefs, "log", "-b", IRAQ, "-n", "0").stdout


# --- help that tells the truth --------------------------------------------------------------------

@pytest.mark.parametrize("command", ["log", "diff", "history", "timeline"])
def test_format_help_names_every_format_accepted(command: str) -> None:
    out = " ".join(run(command, "--help").stdout.split())
    said = out.split("--format [text|json|markdown]")[1].split("[default")[0]
    assert "markdown" in said and "json" in said and "text" in said


def test_help_fits_80_columns_and_reparse_says_every_brief() -> None:
    for args in (["brief"], ["brief", "show"], ["reparse"], ["export"]):
        long = [line for line in run(*args, "--help").stdout.splitlines() if len(line) > 80]
        assert not long, (args, long)
    reparse = " ".join(run("reparse", "--help").stdout.split())
    assert re.search(r"-b, --brief SLUG .*default: every brief", reparse)
    assert "may be left out when the database holds only one" not in reparse
