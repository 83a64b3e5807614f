"""`tracker edit REF` with a scripted $EDITOR (a small Python script that edits the form):
unchanged (nothing recorded, said so), a status changed, a block deleted (reject), an event
added, several changes in one transaction, and bad forms (one error line, exit 2, nothing
recorded, the edited text kept)."""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import pytest

from clihelpers import error_line, run, run_json

DATA = Path(__file__).resolve().parent / "data" / "fact-corrections"


def editor(tmp_path: Path, body: str) -> dict[str, str]:
    """An $EDITOR running `body` on the form's text (`text`, rewritten afterwards)."""
    script = tmp_path / f"editor{len(list(tmp_path.glob('editor*')))}.py"
    script.write_text("import sys\npath = sys.argv[1]\ntext = open(path, encoding='utf-8').read()\n"
                      + textwrap.dedent(body)
                      + "\nopen(path, 'w', encoding='utf-8').write(text)\n", encoding="utf-8")
    return {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "t.db")
    run(path, "ingest", "-q", "--brief", "iraq", str(DATA / "2020-04-04.txt"))
    return path


def log_size(db: str) -> int:
    return len(run_json(db, "fact", "list"))


def test_unchanged_form_records_nothing_and_says_so(db, tmp_path):
    out = run(db, "edit", "1", env=editor(tmp_path, "pass")).stdout
    assert out == "edit: edition 1 unchanged, nothing recorded\n"
    # only the reason line written: still no change of a fact
    out = run(db, "edit", env=editor(tmp_path, "text = text.replace('reason: ', 'reason: why not')")).stdout
    assert "unchanged, nothing recorded" in out
    assert log_size(db) == 0


def test_a_changed_status_is_a_set(db, tmp_path):
    edit = """
        block = text.index('event: qayara')
        text = text[:block] + text[block:].replace('status: started', 'status: completed', 1)
        text = text.replace('reason: ', 'reason: the text is a week old')
    """
    out = run(db, "edit", "1", "--by", "ana", env=editor(tmp_path, edit)).stdout
    assert out.splitlines()[0] == "edit: 1 correction of edition 1 recorded (see tracker fact list)"
    assert re.fullmatch(r"  #\d+ set event qayara status: started -> completed", out.splitlines()[1])
    [row] = run_json(db, "fact", "list")
    assert (row["op"], row["key"], row["field"], row["after"], row["reason"], row["by"]) == \
        ("set", "qayara", "status", "completed", "the text is a week old", "ana")
    qayara = next(e for e in run_json(db, "show")["events"] if e["key"] == "qayara")
    assert qayara["status"] == "completed" and qayara["reading"] == "analyst"
    # the form now shows the correction beside the fact
    seen = tmp_path / "seen.txt"
    shown = run(db, "edit", env=editor(tmp_path, f"open({str(seen)!r}, 'w').write(text)")).stdout
    assert "unchanged" in shown
    form = seen.read_text()
    assert re.search(r"event: qayara\n  # \"On 26 March 2020 .*\"\n  # corrected by the analyst \(#\d+, "
                     r"status started -> completed\): the text is a week old\n", form), form


def test_a_deleted_block_is_a_reject_and_several_changes_are_one_transaction(db, tmp_path):
    edit = """
        import re
        text = re.sub(r'event: qaim\\n(  .*\\n)*', '', text)
        block = text.index('event: k1')
        text = text[:block] + text[block:].replace('date: 2020-03-29', 'date: 2020-03-28', 1)
        text += ('event: new\\n  quote: the last soldiers are gone from the Sqoor position\\n'
                 '  name: Sqoor position\\n  action: withdrawal\\n  status: completed\\n')
    """
    out = run(db, "edit", "1", "--reason", "checked with the desk", env=editor(tmp_path, edit)).stdout
    assert out.startswith("edit: 3 corrections of edition 1 recorded")
    rows = run_json(db, "fact", "list")
    assert [(r["op"], r["key"]) for r in rows] == [("reject", "qaim"), ("set", "k1"), ("add", rows[2]["key"])]
    assert {r["reason"] for r in rows} == {"checked with the desk"}
    from tracker.store.store import open_store

    with open_store(db) as store:  # one transaction: the three records share one stamp
        stamps = {r["recorded_at"] for r in store.fact_records("iraq")}
    assert len(stamps) == 1
    keys = {e["key"] for e in run_json(db, "show")["events"]}
    assert "qaim" not in keys and rows[2]["key"] in keys
    assert run(db, "verify").exit_code == 0


@pytest.mark.parametrize("edit, message", [
    ("text = text.replace('status: started', 'status: done').replace('reason: ', 'reason: x')",
     r"line \d+: status 'done' is not one of: planned, started, completed"),
    ("text = text.replace('status: started', 'status: completed')",
     r"line \d+: say why on the reason line \(or give --reason\)"),
    ("text = text.replace('status: started', 'colour: red').replace('reason: ', 'reason: x')",
     r"line \d+: unknown field 'colour' for event qayara"),
    ("text = text.replace('date: 2020-03-26', 'date: 26/03/2020').replace('reason: ', 'reason: x')",
     r"line \d+: date '26/03/2020' is not a valid date"),
    ("text = text.replace('  action: withdrawal', '  action: retreat', 1).replace('reason: ', 'reason: x')",
     r"line \d+: action 'retreat' is not one of"),
    ("text += '\\nevent: new\\n  quote: words nowhere in it\\n  name: Camp X\\n  action: withdrawal\\n"
     "  status: completed\\n'; text = text.replace('reason: ', 'reason: x')",
     r"line \d+: the quote 'words nowhere in it' does not occur in edition 1's text"),
])
def test_an_invalid_form_is_one_error_line_and_records_nothing(db, tmp_path, edit, message):
    result = run(db, "edit", "1", env=editor(tmp_path, edit), code=2)
    line = error_line(result)
    assert re.search(message, line), line
    kept = re.search(r"your edit is kept in (\S+)$", line)
    assert kept and Path(kept.group(1)).exists()
    Path(kept.group(1)).unlink()
    assert log_size(db) == 0


def test_an_editor_that_fails_records_nothing(db, tmp_path):
    env = editor(tmp_path, "text = text.replace('status: started', 'status: completed')\nraise SystemExit(3)")
    result = run(db, "edit", "1", "--reason", "x", env=env, code=2)
    assert "exited with status 3: nothing recorded" in error_line(result)
    assert log_size(db) == 0


def test_no_editor_is_a_clear_error(db):
    result = run(db, "edit", env={"EDITOR": "", "VISUAL": ""}, code=2)
    assert error_line(result).startswith("error: no editor: set $VISUAL or $EDITOR")


def test_a_wrong_reference_is_said_before_a_missing_editor(db):
    result = run(db, "edit", "99", env={"EDITOR": "", "VISUAL": ""}, code=2)
    assert result.stderr.strip().splitlines() == ["error: brief 'iraq' has no edition 99 (editions 1..1)"]


def test_visual_wins_over_editor(db, tmp_path):
    env = {"VISUAL": editor(tmp_path, "pass")["EDITOR"], "EDITOR": "false"}
    assert "unchanged" in run(db, "edit", env=env).stdout
