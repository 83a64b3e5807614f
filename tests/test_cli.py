"""The command-line contract (README, Commands), run on the sample editions, on each engine."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from clihelpers import console_examples, run, run_json

from tracker.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
IRAQ = ROOT / "snapshots" / "iraq-coalition-withdrawal"
AFGHANISTAN = ROOT / "snapshots" / "afghanistan-drawdown"
IRAQ_FILES = sorted(IRAQ.iterdir())


@pytest.fixture
def iraq_db(db_url: str) -> str:
    run(db_url, "ingest", *map(str, IRAQ_FILES))
    return db_url


# --- help and docs -------------------------------------------------------------------------

def all_commands() -> list[str]:
    return cli.list_commands(click.Context(cli))


def command(name: str) -> click.Command:
    """The command itself, its module imported (the group loads commands lazily)."""
    found = cli.get_command(click.Context(cli), name)
    assert found is not None, name
    return found


@pytest.mark.parametrize("command", all_commands())
def test_every_command_explains_itself(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and len(result.stdout.splitlines()) > 4


def long_options() -> list[str]:
    found = set()
    for cmd in [cli, *map(command, all_commands())]:
        for param in cmd.params:
            found.update(o for o in getattr(param, "opts", []) if o.startswith("--"))
    return sorted(found - {"--help", "--version"})


@pytest.mark.parametrize("name, module, summary", COMMANDS, ids=[row[0] for row in COMMANDS])
def test_the_command_table_tells_each_command_as_its_help_does(name: str, module: str, summary: str) -> None:
    """`tracker --help` lists the commands from the table without importing them: each row
    must name the module defining the command and give the first sentence of its help."""
    import importlib

    cmd = getattr(importlib.import_module(module), name.replace("-", "_"))
    assert cmd is command(name) and cmd.name == name
    assert summary == cmd.get_short_help_str(limit=10_000)
    for limit in (20, 45, 60):
        assert click.Command(name, help=summary).get_short_help_str(limit) == cmd.get_short_help_str(limit)


def test_help_lists_every_command_and_imports_none() -> None:
    code = ("import sys; from tracker.cli import main; sys.argv = ['tracker', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('tracker.cli.')), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip() == "['tracker.cli.shared']", done.stderr
    listed = done.stdout.split("Commands:\n")[1].splitlines()
    assert [line.split()[0] for line in listed] == all_commands() == sorted(row[0] for row in COMMANDS)


@pytest.mark.parametrize("option", long_options())
def test_readme_mentions_every_option(option: str) -> None:
    assert option in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", all_commands())
def test_readme_mentions_every_command(command: str) -> None:
    assert f"`{command}" in (ROOT / "README.md").read_text(encoding="utf-8")


# --- ingest ----------------------------------------------------------------------------------

def test_ingest_reports_each_edition_and_unchanged_on_repeat(db_url: str) -> None:
    first = run_json(db_url, "ingest", *map(str, IRAQ_FILES))
    assert [o["status"] for o in first] == ["stored"] * 4
    assert [o["edition"] for o in first] == [1, 2, 3, 4]
    assert [o["as_of"] for o in first] == ["2020-04-04", "2020-04-11", "2020-08-23", "2020-08-30"]
    assert {o["brief"] for o in first} == {"iraq-coalition-withdrawal"}
    again = run_json(db_url, "ingest", str(IRAQ_FILES[1]))
    assert again[0]["status"] == "unchanged" and again[0]["edition"] == 2
    assert len(run_json(db_url, "log")) == 4


@pytest.mark.parametrize("name, content, message", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\n  ", "white space"),
    ("binary.bin", bytes(range(256)) * 8, "binary"),
    ("undated.txt", b"A brief\n\nSomething happened somewhere, at some point.\n", "as-of"),
])
def test_bad_files_fail_alone_with_one_line(db_url: str, tmp_path: Path, name: str,
                                            content: bytes | None, message: str) -> None:
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    # bad input, whatever is wrong with it: exit 2 (the good file is still stored)
    result = run(db_url, "ingest", "--brief", "iraq", str(bad), str(IRAQ_FILES[0]), code=2)
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and str(bad) in errors[0] and message in errors[0].lower()
    assert "stored" in result.stdout
    assert [r["edition"] for r in run_json(db_url, "log", "--brief", "iraq")] == [1]
    assert run(db_url, "verify").exit_code == 0


def test_directory_is_not_an_edition(db_url: str, tmp_path: Path) -> None:
    result = run(db_url, "ingest", "--brief", "x", str(tmp_path), code=2)
    assert "directory" in result.stderr


def test_bad_as_of_option_is_one_line(db_url: str) -> None:
    result = run(db_url, "ingest", "--as-of", "11 April", str(IRAQ_FILES[0]), code=2)
    assert result.stderr.count("\n") == 1 and "YYYY-MM-DD" in result.stderr


def test_as_of_option_overrides_the_text(db_url: str) -> None:
    out = run_json(db_url, "ingest", "--brief", "iraq", "--as-of", "2020-04-05", str(IRAQ_FILES[0]))
    assert out[0]["as_of"] == "2020-04-05"


# --- diff ------------------------------------------------------------------------------------

def test_diff_between_dates_gives_the_added_base_and_revised_count(iraq_db: str) -> None:
    doc = run_json(iraq_db, "diff", "2020-04-04", "2020-04-11")
    assert doc["brief"] == "iraq-coalition-withdrawal"
    assert (doc["from"]["edition"], doc["to"]["edition"]) == (1, 2)
    added = [c for c in doc["changes"] if c["kind"] == "added" and c["entity"] == "event"]
    assert len(added) == 1 and "Abu Ghraib" in added[0]["after"]["name"]
    assert added[0]["after"]["date"] == "2020-04-06"
    counts = [c for c in doc["changes"] if c["entity"] == "count"]
    assert [(c["kind"], c["field"], c["before"], c["after"]) for c in counts if c["field"] == "value"] == [
        ("changed", "value", 5, 6)]
    assert not [c for c in doc["changes"] if c["kind"] == "removed"]
    assert doc["summary"]["added"] == 1


def test_diff_defaults_to_latest_and_dates_between_editions(iraq_db: str) -> None:
    a = run_json(iraq_db, "diff", "2020-05-01")
    assert (a["from"]["edition"], a["to"]["edition"]) == (2, 4)


def test_diff_exit_code_both_ways(iraq_db: str) -> None:
    run(iraq_db, "diff", "--exit-code", "2", "2", code=0)
    run(iraq_db, "diff", "--exit-code", "1", "2", code=1)
    run(iraq_db, "diff", "1", "2", code=0)


def test_diff_formats(iraq_db: str) -> None:
    text = run(iraq_db, "diff", "2020-04-04", "2020-04-11").stdout
    assert "Abu Ghraib" in text and "6 April 2020" in text and "\x1b[" not in text
    markdown = run(iraq_db, "diff", "2020-04-04", "2020-04-11", "--format", "markdown").stdout
    assert markdown.lstrip().startswith("#") and "Abu Ghraib" in markdown


def test_diff_by_hash_prefix(iraq_db: str) -> None:
    log = run_json(iraq_db, "log")
    doc = run_json(iraq_db, "diff", log[0]["sha256"][:8], log[1]["sha256"][:12])
    assert (doc["from"]["edition"], doc["to"]["edition"]) == (1, 2)


@pytest.mark.parametrize("args, message", [
    (("2019-01-01",), "first edition"),
    (("99",), "no edition"),
    (("abc",), ""),
])
def test_diff_bad_refs_are_clear_errors(iraq_db: str, args: tuple[str, ...], message: str) -> None:
    result = run(iraq_db, "diff", *args, code=None)
    assert result.exit_code != 0 and result.stderr.startswith("error:")
    assert message in result.stderr.lower() and result.stderr.count("\n") == 1


def test_several_briefs_need_brief_option(iraq_db: str) -> None:
    run(iraq_db, "ingest", *map(str, sorted(AFGHANISTAN.iterdir())))
    result = run(iraq_db, "diff", "1", code=None)
    assert result.exit_code != 0
    assert "iraq-coalition-withdrawal" in result.stderr and "afghanistan-drawdown" in result.stderr
    doc = run_json(iraq_db, "diff", "--brief", "afghanistan-drawdown", "1", "2")
    assert doc["brief"] == "afghanistan-drawdown"


# --- show, history, timeline, log ------------------------------------------------------------

def test_show_as_of_between_editions(iraq_db: str) -> None:
    doc = run_json(iraq_db, "show", "--as-of", "2020-08-25")
    assert doc["edition"]["edition"] == 3 and doc["as_of"] == "2020-08-23"
    assert doc["edition"]["sha256"] and doc["edition"]["ingested_at"]
    assert len(doc["events"]) == 7
    text = run(iraq_db, "show", "2020-04-11").stdout
    assert "Abu Ghraib" in text and "6 April 2020" in text


def test_show_before_first_edition_is_an_error(iraq_db: str) -> None:
    result = run(iraq_db, "show", "--as-of", "2001-01-01", code=None)
    assert result.exit_code != 0 and result.stderr.startswith("error:")


def test_history_of_a_respelled_base_is_one_entity(iraq_db: str) -> None:
    old = run_json(iraq_db, "history", "K-1 airbase")
    new = run_json(iraq_db, "history", "k1 air base")
    assert old["key"] == new["key"]
    statuses = [r["status"] for r in old["editions"]]
    assert statuses[0] == "added" and "removed" not in statuses and len(statuses) == 4
    last = old["editions"][-1]
    assert last["name"] == "K1 Air Base"
    assert any(c["field"] == "name" for c in last["changes"])


def test_history_of_a_retracted_base_ends_removed(iraq_db: str) -> None:
    doc = run_json(iraq_db, "history", "Al-Sqoor base")
    assert [r["status"] for r in doc["editions"]] == ["added", "unchanged", "unchanged", "removed"]
    story = run(iraq_db, "history", "Al-Sqoor base").stdout
    assert "retracted" in story


def test_history_unknown_name_suggests(iraq_db: str) -> None:
    result = run(iraq_db, "history", "Abu Gharib", code=None)
    assert result.exit_code != 0 and "did you mean" in result.stderr.lower()
    assert "Abu Ghraib" in result.stderr


def test_timeline_orders_by_event_date_with_first_report(iraq_db: str) -> None:
    rows = run_json(iraq_db, "timeline")
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    abu = next(r for r in rows if "Abu Ghraib" in r["name"])
    assert abu["first_reported"]["edition"] == 2 and abu["date"] == "2020-04-06"
    sqoor = next(r for r in rows if "Sqoor" in r["name"])
    assert sqoor["retracted"]["edition"] == 4
    later = run_json(iraq_db, "timeline", "--since", "2020-04-01")
    assert all(r["date"] >= "2020-04-01" for r in later)


def test_log_summaries(iraq_db: str) -> None:
    rows = run_json(iraq_db, "log")
    assert [r["edition"] for r in rows] == [1, 2, 3, 4]
    assert "event" in rows[1]["summary_line"]
    assert re.search(r"#2 +2020-04-11", run(iraq_db, "log").stdout)


# --- alias, verify, export -------------------------------------------------------------------

def test_alias_is_recorded_and_listed(iraq_db: str) -> None:
    run(iraq_db, "alias", "Q-West airfield", "Qayara airfield")
    rows = run_json(iraq_db, "alias", "--list")
    assert rows[0]["name"] == "Q-West airfield"
    doc = run_json(iraq_db, "history", "Q-West airfield")
    assert "Qay" in doc["editions"][0]["name"]


def test_alias_wins_over_the_spelling_it_renames(iraq_db: str) -> None:
    run(iraq_db, "alias", "Al-Sqoor base", "Abu Ghraib base")
    assert run_json(iraq_db, "history", "al sqoor")["key"] == run_json(iraq_db, "history", "Abu Ghraib")["key"]


def test_alias_to_an_unknown_canonical_warns(iraq_db: str) -> None:
    assert "matches no base" in run(iraq_db, "alias", "Q-West", "Atlantis base").stderr
    assert "warning" not in run(iraq_db, "alias", "Q-West airfield", "Qayara airfield").stderr


def test_history_of_a_count_names_it_like_diff(iraq_db: str) -> None:
    out = run(iraq_db, "history", "bases transferred").stdout
    assert out.startswith("bases transferred (") and "as of 4 April 2020 ->" in out and "as_of" not in out


def test_verify_and_checkpoint(iraq_db: str) -> None:
    out = run(iraq_db, "verify", "--checkpoint").stdout
    kept = re.search(r"checkpoint: ([0-9a-f]{64}@\d+\.[0-9a-f]{16})$", out, re.M).group(1)
    head = kept.split("@")[0]
    seq = int(kept.split("@")[1].split(".")[0])
    for given in (kept, head):
        text = run(iraq_db, "verify", "--checkpoint", given).stdout
        assert f"checkpoint found at log event {seq} (" in text and "iraq-coalition-withdrawal edition 4" in text
    found = run_json(iraq_db, "verify", "--checkpoint", kept)["checkpoint"]
    assert (found["found"], found["seq"], found["edition"]) == (True, seq, 4)
    report = run_json(iraq_db, "verify")
    assert report["ok"] is True and report["editions_checked"] == 4 and report["head_checkpoint"] == kept
    run(iraq_db, "verify", "--checkpoint", head + "@7", code=2)  # neither form: a usage error


def test_export_round_trips_and_never_overwrites(iraq_db: str, tmp_path: Path) -> None:
    from tracker.app.export import read_csv_events

    target = tmp_path / "facts.json"
    run(iraq_db, "export", "-o", str(target))
    exported = json.loads(target.read_text(encoding="utf-8"))["editions"]
    stored = run_json(iraq_db, "show", "2")
    as_stored = [{k: v for k, v in e.items() if k != "reading"} for e in stored["events"]]  # show marks whose reading
    assert exported[1]["snapshot"]["events"] == as_stored
    result = run(iraq_db, "export", "-o", str(target), code=None)
    assert result.exit_code != 0 and "--force" in result.stderr
    run(iraq_db, "export", "-o", str(target), "--force")
    csv_target = tmp_path / "facts.csv"
    run(iraq_db, "export", "--format", "csv", "-o", str(csv_target))
    rows = read_csv_events(csv_target.read_text(encoding="utf-8"))
    second = [r for r in rows if r["edition"] == 2]
    assert [r["key"] for r in second] == [e["key"] for e in stored["events"]]
    assert [r["nations"] for r in second] == [e["nations"] for e in stored["events"]]
    lines = run(iraq_db, "export", "--format", "ndjson").stdout.splitlines()
    assert all(json.loads(line)["type"] in ("event", "count", "section") for line in lines)


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "none.db"), "log", code=None)
    assert result.exit_code != 0 and "tracker init" in result.stderr
    assert not (tmp_path / "none.db").exists()


def readme_examples() -> list[tuple[str, str]]:
    """(command line, expected output) for every `$ tracker …` in the README's console blocks."""
    return console_examples((ROOT / "README.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize("command, expected", readme_examples())
def test_readme_examples_are_true(tmp_path: Path, command: str, expected: str) -> None:
    """The README's sample outputs, replayed on the sample editions (SQLite)."""
    import shlex

    db = str(tmp_path / "tracker.db")
    run(db, "ingest", *map(str, IRAQ_FILES))
    words, _, pipe = command.partition(" | ")
    output = run(db, *shlex.split(words)[1:]).stdout.rstrip("\n")
    if pipe:
        first, last = map(int, re.fullmatch(r"sed -n '(\d+),(\d+)p'", pipe).groups())
        output = "\n".join(output.splitlines()[first - 1:last])
    assert output == expected


def test_verify_repair_rebuilds_a_damaged_projection(iraq_db: str) -> None:
    from sqlalchemy import text

    from tracker.store.store import open_store

    store = open_store(iraq_db)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM entity_versions WHERE edition = 2"))
    store.close()
    failed = run(iraq_db, "verify", code=1)
    assert "FAILED" in failed.stdout
    run(iraq_db, "verify", "--repair")
    assert run_json(iraq_db, "verify", "--deep")["ok"] is True


def test_timeline_follows_an_alias(iraq_db: str) -> None:
    """After `alias`, an entry stored under two keys is one timeline row, not a retraction."""
    before = run_json(iraq_db, "timeline")
    run(iraq_db, "alias", "Al-Sqoor base", "Camp Taji")  # a deliberate (wrong) merge, to see it fold
    after = run_json(iraq_db, "timeline")
    assert len(after) == len(before) - 1
    taji = next(r for r in after if r["key"] == "taji")
    assert taji["first_reported"]["edition"] == 1 and taji["retracted"] is None


def test_show_json_is_the_snapshot_plus_its_edition(iraq_db: str) -> None:
    doc = run_json(iraq_db, "show", "1")
    assert sorted(doc) == ["as_of", "brief", "counts", "edition", "events", "mode", "sections", "title",
                           "warnings"]
    assert doc["mode"] == "restating"
    assert sorted(doc["edition"]) == ["as_of", "edition", "ingested_at", "parser_version", "reading", "sha256", "source"]
