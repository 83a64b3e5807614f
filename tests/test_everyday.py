"""Everyday use: errors that say what to do, the global --db anywhere, and the short skip summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from clihelpers import error_line as one_error_line
from clihelpers import invoke as run

from tracker.cli import cli

ROOT = Path(__file__).resolve().parent.parent
IRAQ_FILES = sorted((ROOT / "snapshots" / "iraq-coalition-withdrawal").iterdir())


# --- errors that say what to do ------------------------------------------------------------------

@pytest.mark.parametrize("day, words", [
    ("2020-02-30", "February 2020 has no day 30"),
    ("2021-02-29", "February 2021 has no day 29"),
    ("2020-13-01", "there is no month 13"),
])
def test_a_day_that_does_not_exist_is_told_so(tmp_path: Path, day: str, words: str) -> None:
    line = one_error_line(run("--db", str(tmp_path / "t.db"), "ingest", "--as-of", day,
                              str(IRAQ_FILES[0]), code=2))
    assert "does not exist" in line and words in line and "form" not in line
    line = one_error_line(run("--db", str(tmp_path / "t.db"), "timeline", "--since", day, code=2))
    assert words in line


def test_a_day_in_the_wrong_form_names_the_form(tmp_path: Path) -> None:
    line = one_error_line(run("--db", str(tmp_path / "t.db"), "timeline", "--until", "11/04/2020", code=2))
    assert "YYYY-MM-DD" in line


def test_an_unsupported_database_url_names_the_accepted_forms() -> None:
    line = one_error_line(run("--db", "bogus://x", "log", code=2))
    assert "unsupported database URL bogus://x" in line
    assert "file path" in line and "postgresql://" in line and "plugin" not in line


def test_postgresql_without_its_driver_says_what_to_install() -> None:
    code = ("import sys; sys.modules['psycopg'] = None\n"
            "from tracker.cli import main\n"
            "sys.argv = ['tracker', '--db', 'postgresql://u:hunter2@127.0.0.1:1/d', 'log']\n"
            "main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "pip install 'tracker[postgres]'" in proc.stderr
    assert "hunter2" not in proc.stderr and "No module named" not in proc.stderr


@pytest.mark.parametrize("args, words, hint", [
    (["history"], "missing argument 'NAME'", "tracker history --help"),
    (["frobnicate"], "no such command 'frobnicate'", "tracker --help"),
    (["log", "--frob"], "no such option '--frob'", "tracker log --help"),
    (["diff", "--format", "xml", "1"], "'xml' is not one of", "tracker diff --help"),
])
def test_usage_errors_are_one_line_with_a_hint(args: list[str], words: str, hint: str) -> None:
    line = one_error_line(run(*args, code=2))
    assert words in line and f"(see '{hint}')" in line
    assert "Usage:" not in line


# --- the global --db after the command name ------------------------------------------------------

def test_db_may_follow_the_command_name(tmp_path: Path) -> None:
    db = str(tmp_path / "after.db")
    run("ingest", "--db", db, *map(str, IRAQ_FILES[:2]))
    assert (tmp_path / "after.db").exists()
    out = run("log", "--db", db).stdout
    assert "2020-04-04" in out and "2020-04-11" in out
    # after the command name it wins over the one before it
    out = run("--db", str(tmp_path / "none.db"), "log", "--db", db).stdout
    assert "2020-04-11" in out


# --- the test run's own output -------------------------------------------------------------------

def test_skips_are_summarised_once_per_reason(tmp_path: Path) -> None:
    (tmp_path / "test_many.py").write_text(
        "import pytest\n"
        "@pytest.mark.parametrize('n', range(30))\n"
        "def test_needs_server(n):\n    pytest.skip('needs a server')\n"
        "def test_other():\n    pytest.skip('another reason')\n"
        "def test_fails():\n    assert 0\n", encoding="utf-8")
    (tmp_path / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-ra", "-p", "no:cacheprovider",
                           "-p", "no:xdist", str(tmp_path)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env=env)
    out = proc.stdout
    assert "SKIPPED" not in out
    assert "30 skipped: needs a server (test_many.py)" in out
    assert "1 skipped: another reason (test_many.py)" in out
    assert "FAILED test_many.py::test_fails" in out  # -ra still lists failures
    assert "1 failed, 31 skipped" in out.splitlines()[-1]


# --- standard input ------------------------------------------------------------------------------

def test_ingest_from_stdin_needs_brief_and_names_its_source(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    data = IRAQ_FILES[0].read_bytes()
    line = one_error_line(run("--db", db, "ingest", "-", input=data, code=2))
    assert "--brief" in line
    run("--db", db, "ingest", "-b", "iraq", "--source", "mail from the desk", "-", input=data)
    shown = json_of(run("--db", db, "show", "--format", "json"))
    assert shown["edition"]["source"] == "mail from the desk" and shown["as_of"] == "2020-04-04"
    # as-of from --as-of when the text has none
    run("--db", db, "ingest", "-b", "notes", "--as-of", "2021-01-02", "-",
        input=b"Notes\n\n1. On 1 January 2021, troops withdrew from Camp Alpha.\n")
    shown = json_of(run("--db", db, "show", "-b", "notes", "--format", "json"))
    assert shown["as_of"] == "2021-01-02" and shown["edition"]["source"] == "stdin"


def test_parse_reads_stdin() -> None:
    out = json_of(run("parse", "--format", "json", "-", input=IRAQ_FILES[0].read_bytes()))
    assert out["as_of"] == "2020-04-04" and len(out["events"]) == 5


def json_of(result) -> dict:  # noqa: ANN001
    import json

    return json.loads(result.stdout)


# --- two files without a database ----------------------------------------------------------------

def test_diff_no_index_matches_the_stored_diff_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    old, new = map(str, IRAQ_FILES[1:3])
    files = json_of(run("diff", "--no-index", old, new, "--format", "json", code=0))
    assert list(tmp_path.iterdir()) == []  # no tracker.db, nothing at all
    db = str(tmp_path / "t.db")
    run("--db", db, "ingest", *map(str, IRAQ_FILES[:3]))
    stored = json_of(run("--db", db, "diff", "2020-04-11", "2020-08-23", "--format", "json"))
    assert files["changes"] == stored["changes"] and files["summary"] == stored["summary"]
    assert files["from"]["path"] == old and files["to"]["as_of"] == "2020-08-23"
    text = run("diff", "--no-index", old, new, "--color", "never").stdout
    assert text.startswith(f"{old} (11 April 2020) -> {new} (23 August 2020)")
    assert "\x1b[" not in text
    markdown = run("diff", "--no-index", old, new, "--format", "markdown").stdout
    assert markdown.startswith("## ") and "### New events" in markdown
    run("diff", "--no-index", "--exit-code", old, new, code=1)
    run("diff", "--no-index", "--exit-code", old, old, code=0)
    run("diff", "--no-index", "--exit-code", "-", old, input=Path(old).read_bytes(), code=0)
    assert "give OLD and NEW" in one_error_line(run("diff", "--no-index", old, code=2))


BARKHANE = sorted((ROOT / "snapshots" / "barkhane-mali").iterdir())


def test_diff_no_index_mode_cumulative_matches_the_stored_cumulative_diff(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    old, new = map(str, BARKHANE[2:4])  # a report, then one taking part of it back
    as_files = json_of(run("diff", "--no-index", "--mode", "cumulative", old, new, "--format", "json"))
    assert list(tmp_path.iterdir()) == [] and as_files["mode"] == "cumulative"
    kinds = {c["kind"] for c in as_files["changes"]}
    assert "removed" not in kinds and "retracted" in kinds  # silence is no retraction; words are
    restating = json_of(run("diff", "--no-index", old, new, "--format", "json"))
    assert "removed" in {c["kind"] for c in restating["changes"]} and "mode" not in restating
    db = str(tmp_path / "t.db")
    run("--db", db, "ingest", "--mode", "cumulative", old, new)
    stored = json_of(run("--db", db, "diff", "1", "2", "--format", "json"))
    strip = lambda cs: [{k: v for k, v in c.items() if k not in ("after", "before")} for c in cs]  # noqa: E731
    assert strip(as_files["changes"]) == strip(stored["changes"]) and as_files["summary"] == stored["summary"]
    text = run("diff", "--no-index", "--mode", "cumulative", old, new).stdout
    assert text.startswith(f"reports (cumulative): {old} (") and "Retracted" in text
    assert "### Retracted" in run("diff", "--no-index", "--mode", "cumulative", old, new, "--format", "markdown").stdout
    assert "--no-index" in one_error_line(run("--db", db, "diff", "--mode", "cumulative", "1", "2", code=2))
    assert "mode" in one_error_line(run("diff", "--no-index", "--mode", "sideways", old, new, code=2))


# --- references ----------------------------------------------------------------------------------

@pytest.fixture
def iraq_db(tmp_path: Path) -> str:
    db = str(tmp_path / "iraq.db")
    run("--db", db, "ingest", *map(str, IRAQ_FILES))
    return db


def sides(db: str, *refs: str) -> tuple[str, str]:
    doc = json_of(run("--db", db, "diff", *refs, "--format", "json"))
    return doc["from"]["as_of"], doc["to"]["as_of"]


def test_relative_refs_and_ranges(iraq_db: str) -> None:
    assert sides(iraq_db) == ("2020-08-23", "2020-08-30")  # no refs: before the latest -> latest
    assert sides(iraq_db, "latest~1", "latest") == ("2020-08-23", "2020-08-30")
    assert sides(iraq_db, "latest~3") == ("2020-04-04", "2020-08-30")
    assert sides(iraq_db, "2020-04-04..2020-04-11") == ("2020-04-04", "2020-04-11")
    assert sides(iraq_db, "1..latest~2") == ("2020-04-04", "2020-04-11")
    assert sides(iraq_db, "2..") == ("2020-04-11", "2020-08-30")
    assert sides(iraq_db, "2020-08-25~1", "2020-08-25") == ("2020-04-11", "2020-08-23")
    shown = json_of(run("--db", iraq_db, "show", "latest~2", "--format", "json"))
    assert shown["as_of"] == "2020-04-11"
    line = one_error_line(run("--db", iraq_db, "diff", "latest~4", code=2))
    assert "there are only 3 editions before #4" in line
    assert "not both" in one_error_line(run("--db", iraq_db, "diff", "1..2", "3", code=2))


def test_latest_minus_one_follows_as_of_order_not_ingestion_order(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    run("--db", db, "ingest", str(IRAQ_FILES[2]), str(IRAQ_FILES[0]), str(IRAQ_FILES[1]))
    # ingested as #1 (08-23), #2 (04-04), #3 (04-11): the one before the latest is 04-11
    doc = json_of(run("--db", db, "diff", "--format", "json"))
    assert (doc["from"]["edition"], doc["to"]["edition"]) == (3, 1)


# --- quiet and focused output --------------------------------------------------------------------

def test_log_keeps_the_latest_n_and_a_date_range(iraq_db: str) -> None:
    def as_ofs(*args: str) -> list[str]:
        return [row["as_of"] for row in json_of(run("--db", iraq_db, "log", *args, "--format", "json"))]

    assert as_ofs("-n", "2") == ["2020-08-23", "2020-08-30"]
    assert as_ofs("--max-count", "0") == []
    assert as_ofs("--since", "2020-04-05", "--until", "2020-08-23") == ["2020-04-11", "2020-08-23"]
    assert as_ofs("--since", "2020-04-11", "-n", "1") == ["2020-08-30"]
    assert "February 2021 has no day 29" in one_error_line(
        run("--db", iraq_db, "log", "--since", "2021-02-29", code=2))


def test_quiet_ingest_and_warnings_grouped_over_many_files(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(6):  # each says "six bases" but lists one: the same warning six times
        (folder / f"2021-01-0{n + 1}.txt").write_text(
            f"Notes {n}\n\nAs of January {n + 1}, 2021, six bases have been transferred.\n\n"
            f"1. On 1 January 2021, troops withdrew from Camp Number{n}.\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"")
    db = str(tmp_path / "t.db")
    loud = run("--db", db, "ingest", *sorted(map(str, folder.iterdir())), code=2)
    warnings = [line for line in loud.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "(6 files: " in warnings[0], loud.stderr
    assert [line for line in loud.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {folder / 'bad.txt'}: file is empty"]
    quiet = run("--db", str(tmp_path / "q.db"), "ingest", "-q", *sorted(map(str, folder.iterdir())), code=2)
    assert quiet.stdout == "ingest: 6 stored, 1 failed, 6 warnings\n"
    assert quiet.stderr.splitlines() == [f"error: {folder / 'bad.txt'}: file is empty"]


def test_colour_auto_always_never_and_no_color(iraq_db: str) -> None:
    def coloured(*args: str, env: dict | None = None) -> bool:
        result = CliRunner(env=env or {}).invoke(cli, ["--db", iraq_db, *args, "diff", "1", "2"])
        return "\x1b[" in result.stdout

    assert not coloured()  # not a terminal
    assert coloured("--color", "always") and not coloured("--color", "never")
    assert coloured("--color", "always", env={"NO_COLOR": "1"})  # said outright: wins
    assert not coloured(env={"NO_COLOR": "1"})
    result = CliRunner().invoke(cli, ["--db", iraq_db, "diff", "1", "2", "--color", "always"])
    assert "\x1b[" in result.stdout  # also after the command name


def test_use_color_reads_the_terminal_and_no_color(monkeypatch) -> None:
    import click

    from tracker.cli.shared import use_color

    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    ctx = click.Context(cli, obj={"color": "auto"})
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(ctx)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(ctx)
    assert use_color(click.Context(cli, obj={"color": "always"}))
    monkeypatch.delenv("NO_COLOR")
    assert not use_color(click.Context(cli, obj={"color": "never"}))


# --- shell completion ----------------------------------------------------------------------------

def complete(words: str, env_db: str | None = None) -> list[str]:
    """What click's bash completion offers for the last word of `words` (as the shell asks)."""
    env = {**os.environ, "_TRACKER_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    env.pop("TRACKER_DB", None)
    if env_db:
        env["TRACKER_DB"] = env_db
    proc = subprocess.run([sys.executable, "-c", "from tracker.cli import main; main()"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return [line.partition(",")[2] for line in proc.stdout.splitlines() if line]


def test_completion_offers_brief_names_and_refs(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    run("--db", db, "ingest", *map(str, IRAQ_FILES))
    run("--db", db, "ingest", *map(str, sorted((ROOT / "snapshots" / "afghanistan-drawdown").iterdir())))
    assert complete(f"tracker --db {db} log --brief ") == ["afghanistan-drawdown", "iraq-coalition-withdrawal"]
    assert complete(f"tracker --db {db} diff -b i", ) == ["iraq-coalition-withdrawal"]
    assert complete("tracker log --brief af", env_db=db) == ["afghanistan-drawdown"]
    refs = complete(f"tracker --db {db} diff -b iraq-coalition-withdrawal ")
    assert refs[:2] == ["latest", "latest~1"] and "2020-08-30" in refs and "2020-04-04" in refs
    assert complete(f"tracker --db {db} show -b iraq-coalition-withdrawal 2020-08") == ["2020-08-30", "2020-08-23"]
    # no database: nothing is created, refs still offer the relative ones
    missing = tmp_path / "none.db"
    assert complete(f"tracker --db {missing} diff la") == ["latest", "latest~1"]
    assert complete(f"tracker --db {missing} log --brief ") == [] and not missing.exists()
    assert "diff" in complete("tracker di")


def test_relative_refs_step_over_retracted_editions(iraq_db: str) -> None:
    run("--db", iraq_db, "retract", "2020-08-23", "--reason", "a draft, sent by mistake")
    assert sides(iraq_db) == ("2020-04-11", "2020-08-30")
    assert sides(iraq_db, "latest~2..latest~1") == ("2020-04-04", "2020-04-11")
    assert sides(iraq_db, "latest~2..latest~1", "--include-retracted") == ("2020-04-11", "2020-08-23")


def test_tracker_alone_still_prints_the_whole_help() -> None:
    result = CliRunner().invoke(cli, [])
    assert "Usage: tracker" in result.output and "Commands:" in result.output
    assert "error:" not in result.output
