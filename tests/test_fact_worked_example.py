"""The README's worked example of "Correcting one fact", end to end: replayed as printed (the
`console facts` blocks, in order, on SQLite), and followed through the library on both engines:
ingest reports with misreads; reject one event, fix a date, add a missed base with its quote;
reparse with a changed parser and the corrections still apply; diff and report show them;
verify passes, then names a tampered correction."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

from benchmarks.stress.common import drop_triggers
from clihelpers import console_examples
from storehelpers import sql
from tracker.app import facts, views
from tracker.app.ingest import ingest
from tracker.app.reparse import reparse
from tracker.audit import verify

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "fact-corrections"
BRIEF = "iraq"


def _steady(text: str) -> str:
    """Output with what changes from run to run (the day a correction is made, the log's
    head hash) written the same way."""
    text = re.sub(r"\bon \d{4}-\d\d-\d\d:", "on DAY:", text)
    text = re.sub(r"\bhead [0-9a-f]{64}\b", "head HASH", text)
    return "\n".join(line.rstrip() for line in text.splitlines())


def test_readme_worked_example_is_true(tmp_path):
    """Every command of the README's `console facts` blocks, in order on one database, prints
    what the README shows (run as a shell runs it: the examples set $EDITOR and pipe to sed)."""
    examples = console_examples((ROOT / "README.md").read_text(encoding="utf-8"), "facts")
    assert len(examples) >= 10
    env = {**os.environ, "TRACKER_DB": str(tmp_path / "tracker.db"), "NO_COLOR": "1"}
    env.pop("VISUAL", None)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    for command, expected in examples:
        done = subprocess.run(command, shell=True, cwd=ROOT, env=env, capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, (command, done.stderr)
        assert _steady(done.stdout.rstrip("\n")) == _steady(expected), command


def put(store, name: str, brief: str = BRIEF):  # noqa: ANN001, ANN201
    return ingest(store, (DATA / name).read_bytes(), source=name, brief=brief, filename=name)


def events(store, ref: str) -> dict:  # noqa: ANN001
    return {e["key"]: e for e in views.show_document(store, BRIEF, ref)["events"]}


def _changed_parser(monkeypatch, change):  # noqa: ANN001, ANN202
    from tracker.app import reparse as module

    real = module._parse_one
    monkeypatch.setattr(module, "_parse_one", lambda item: change(real(item)))


def test_worked_example_on_each_engine(store, monkeypatch):
    # 1. two reports with misreads: a rumoured handover read as a fact, a base missed
    put(store, "2020-04-04.txt")
    put(store, "2020-04-11.txt")
    assert "taji" in events(store, "1") and "sqor" not in events(store, "1")
    # 2. reject one event, fix a date, add the missed base with its quote
    rejected = facts.record_correction(store, BRIEF, "1", "reject", key="taji", by="ana",
                                       reason="'officials said': Taji was handed over in August")
    dated = facts.record_correction(store, BRIEF, "2", "set", key="qayara", field="date", value="2020-03-25",
                                    by="ana", reason="the order was given on the 25th")
    added = facts.record_correction(store, BRIEF, "1", "add", place="Sqoor position", action="withdrawal",
                                    status="completed", by="ana", reason="missed by the reader",
                                    quote="the last soldiers are gone from the Sqoor position")
    ids = [rejected["id"], dated["id"], added["id"]]
    for ref in ("1", "2"):
        shown = events(store, ref)
        assert "taji" not in shown and shown[added["key"]]["reading"] == "analyst"
    assert events(store, "2")["qayara"]["date"] == "2020-03-25"
    assert events(store, "1")["qayara"]["date"] == "2020-03-26"  # a correction holds from its edition on
    # 3. reparse with a changed parser that reads the same sentences differently: still applied
    def misread(snapshot):  # noqa: ANN001, ANN202
        return dataclasses.replace(snapshot, events=tuple(
            dataclasses.replace(e, status="planned") if e.key == "qayara" else e for e in snapshot.events))

    _changed_parser(monkeypatch, misread)
    assert not reparse(store, [BRIEF], dry_run=True, parser_version="7").get("corrections")
    reparse(store, [BRIEF], parser_version="7")
    shown = events(store, "2")
    assert shown["qayara"]["status"] == "planned"  # the new reading shows
    assert shown["qayara"]["date"] == "2020-03-25" and "taji" not in shown and added["key"] in shown
    assert views.show_document(store, BRIEF, "2")["edition"]["parser_version"] == "7"
    assert {r["id"]: r["status"] for r in facts.list_corrections(store, BRIEF)} == dict.fromkeys(ids, "in force")
    # 4. diff says `corrected` for the analyst's change (never a change of the source); the report has them
    changes = views.diff_refs(store, BRIEF, "1", "2")["changes"]
    assert [(c["key"], c["field"]) for c in changes if c["kind"] == "corrected"] == [("qayara", "date")]
    assert not {c["key"] for c in changes} & {"taji", added["key"]}
    from tracker.app.report import report_data

    timeline = {row["key"]: row for row in report_data(store, BRIEF)["timeline"]}
    assert added["key"] in timeline and "taji" not in timeline
    assert timeline["qayara"]["date"] == "2020-03-25"
    # 5. verify passes, then names a tampered correction
    assert verify(store).ok
    drop_triggers(store)  # a reason rewritten in place: the chain names the record
    sql(store, "UPDATE log SET payload = REPLACE(payload, 'the 25th', 'the 24th') WHERE seq = :s", s=dated["id"])
    report = verify(store)
    assert not report.ok
    assert any(f"log event {dated['id']}" in p for p in report.problems), report.problems


def test_edit_records_several_corrections_in_one_transaction_on_each_engine(store):
    from tracker.app.editing import open_form, save_form

    put(store, "2020-04-04.txt")
    opened = open_form(store, BRIEF, "1", reason="checked with the desk")
    assert save_form(store, opened, opened.text)["changed"] is False
    assert store.fact_records(BRIEF) == []
    text = re.sub(r"event: taji\n(  .*\n)*", "", opened.text)
    text = text.replace("  status: started", "  status: completed")
    text += ("event: new\n  quote: the last soldiers are gone from the Sqoor position\n  name: Sqoor position\n"
             "  action: withdrawal\n  status: completed\n")
    done = save_form(store, opened, text, by="ana")
    assert [(r["op"], r["key"]) for r in done["corrections"]] == [("reject", "taji"), ("set", "qayara"),
                                                                   ("add", "sqor")]
    assert len({r["recorded_at"] for r in store.fact_records(BRIEF)}) == 1
    shown = events(store, "1")
    assert "taji" not in shown and shown["qayara"]["status"] == "completed" and "sqor" in shown
    assert verify(store).ok
