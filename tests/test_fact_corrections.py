"""An analyst's correction of one fact (`tracker fact`): recorded in the log, applied as a
corrected reading, kept through a reparse, superseded when the source changes, moot when
the parser reads the same, revoked, and replayed by `verify`. On both engines."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from benchmarks.stress.common import drop_triggers
from clihelpers import error_line, run, run_json
from storehelpers import sql
from tracker.app import facts, views
from tracker.app.ingest import ingest
from tracker.app.reparse import reparse
from tracker.audit import verify
from tracker.errors import InputError

DATA = Path(__file__).resolve().parent / "data" / "fact-corrections"
BRIEF = "iraq"


def put(store, name: str, text: str | None = None, brief: str = BRIEF, mode: str | None = None):  # noqa: ANN001, ANN201
    data = text.encode() if text is not None else (DATA / name).read_bytes()
    return ingest(store, data, source=name, brief=brief, filename=name, mode=mode)


def events(store, number: int, brief: str = BRIEF) -> dict:  # noqa: ANN001
    return {e["key"]: e for e in views.show_document(store, brief, str(number))["events"]}


def by_id(store, cid: int) -> dict:  # noqa: ANN001
    return next(r for r in facts.list_corrections(store, BRIEF) if r["id"] == cid)


@pytest.fixture
def two(store):  # noqa: ANN001, ANN201
    put(store, "2020-04-04.txt")
    return store


def test_reject_set_add_show_as_analyst_and_diff_says_corrected(two):
    store = two
    rejected = facts.record_correction(store, BRIEF, "1", "reject", key="qaim", reason="not a base", by="ana")
    dated = facts.record_correction(store, BRIEF, "1", "set", key="qayara", field="date", value="2020-03-25",
                                    reason="the order was given on the 25th", by="ana")
    added = facts.record_correction(store, BRIEF, "1", "add", place="Sqoor position", action="withdrawal",
                                    status="completed", quote="the last soldiers are gone from the  Sqoor position",
                                    reason="missed by the reader", by="ana")
    assert [r["status"] for r in (rejected, dated, added)] == ["in force"] * 3
    shown = events(store, 1)
    assert "qaim" not in shown
    assert shown["qayara"]["date"] == "2020-03-25" and shown["qayara"]["reading"] == "analyst"
    [note] = shown["qayara"]["corrections"]
    assert note == {"id": dated["id"], "field": "date", "before": "2020-03-26", "after": "2020-03-25",
                    "reason": "the order was given on the 25th", "by": "ana", "at": dated["at"]}
    assert shown[added["key"]]["reading"] == "analyst" and shown["k1"]["reading"] == "parser"
    as_read = {e["key"]: e for e in facts.as_read(store, BRIEF, "1")["events"]}
    assert "qaim" in as_read and as_read["qayara"]["date"] == "2020-03-26" and added["key"] not in as_read
    # a new edition that reads the same sentences keeps them corrected; its diff shows no change there
    put(store, "2020-04-11.txt")
    later = events(store, 2)
    assert "qaim" not in later and later["qayara"]["date"] == "2020-03-25" and added["key"] in later
    kinds = {(c["key"], c["kind"]) for c in views.diff_refs(store, BRIEF, "1", "2")["changes"]}
    assert not {k for k, _ in kinds} & {"qaim", "qayara", added["key"]}
    # a correction made at edition 2 only: diff 1..2 says `corrected`, never a change of the source
    fixed = facts.record_correction(store, BRIEF, "2", "set", key="taji", field="status", value="started",
                                    reason="the handover is not done", by="ana")
    changes = views.diff_refs(store, BRIEF, "1", "2")["changes"]
    assert [(c["key"], c["field"]) for c in changes if c["kind"] == "corrected"] == [("taji", "status")]
    facts.revoke(store, BRIEF, fixed["id"], "asked the desk: it is done", by="ana")
    assert by_id(store, fixed["id"])["status"] == "revoked"
    assert events(store, 2)["taji"]["status"] == "completed"
    assert verify(store).ok


def test_bad_input_is_one_clear_error_and_writes_nothing(two):
    store = two
    head = sql(store, "SELECT count(*) FROM log")[0][0]
    with pytest.raises(InputError, match="status 'bogus' is not one of"):
        facts.record_correction(store, BRIEF, "1", "set", key="qayara", field="status", value="bogus", reason="x")
    with pytest.raises(InputError, match="the quote 'words nowhere' does not occur in edition 1"):
        facts.record_correction(store, BRIEF, "1", "add", place="Camp X", action="withdrawal", status="completed",
                                quote="words nowhere", reason="x")
    with pytest.raises(InputError, match="already reads qayara date = 2020-03-26"):
        facts.record_correction(store, BRIEF, "1", "set", key="qayara", field="date", value="2020-03-26", reason="x")
    with pytest.raises(InputError, match="--reason must say something"):
        facts.record_correction(store, BRIEF, "1", "reject", key="qaim", reason="  ")
    assert sql(store, "SELECT count(*) FROM log")[0][0] == head


def test_superseded_when_a_later_edition_changes_the_sentence(two):
    store = two
    dated = facts.record_correction(store, BRIEF, "1", "set", key="k1", field="date", value="2020-03-28",
                                    reason="typo", by="ana")
    put(store, "2020-04-11.txt")  # says "On 30 March 2020 ... near Kirkuk": the source changed
    row = by_id(store, dated["id"])
    assert row["status"] == "superseded" and row["superseded_at"] == 2
    assert events(store, 2)["k1"]["date"] == "2020-03-30" and events(store, 2)["k1"]["reading"] == "parser"
    assert events(store, 1)["k1"]["date"] == "2020-03-28"
    assert verify(store).ok


def _changed_parser(monkeypatch, change):  # noqa: ANN001, ANN202
    """Simulate another parser: the current one's reading, then `change` (snapshot -> snapshot)."""
    from tracker.app import reparse as module

    real = module._parse_one
    monkeypatch.setattr(module, "_parse_one", lambda item: change(real(item)))


def _events_changed(snapshot, **fields):  # noqa: ANN001, ANN003, ANN202
    return dataclasses.replace(snapshot, events=tuple(
        dataclasses.replace(e, **fields.get(e.key, {})) for e in snapshot.events))


def test_kept_through_a_reparse_with_a_changed_parser_then_moot(two, monkeypatch):
    store = two
    rejected = facts.record_correction(store, BRIEF, "1", "reject", key="qaim", reason="not a base", by="ana")
    dated = facts.record_correction(store, BRIEF, "1", "set", key="qayara", field="status", value="completed",
                                    reason="the text is old", by="ana")
    put(store, "2020-04-11.txt")
    # parser "7" reads the same sentences differently: the corrections still apply
    _changed_parser(monkeypatch, lambda s: _events_changed(s, qaim={"status": "started"},
                                                           qayara={"status": "planned"}))
    dry = reparse(store, [BRIEF], dry_run=True, parser_version="7")
    assert not dry.get("corrections")  # nothing made moot or superseded
    done = reparse(store, [BRIEF], parser_version="7")
    assert done["written"] >= 2
    for n in (1, 2):
        shown = events(store, n)
        assert "qaim" not in shown and shown["qayara"]["status"] == "completed"
    assert views.show_document(store, BRIEF, "2")["edition"]["parser_version"] == "7"
    assert {by_id(store, c["id"])["status"] for c in (rejected, dated)} == {"in force"}
    assert verify(store).ok
    # parser "8" reads 'completed' itself from the same sentence: that correction is moot
    _changed_parser(monkeypatch, lambda s: _events_changed(s, qayara={"status": "completed"}))
    dry = reparse(store, [BRIEF], dry_run=True, parser_version="8")
    assert {(c["id"], c["outcome"]) for c in dry["corrections"]} == {(dated["id"], "moot")}
    reparse(store, [BRIEF], parser_version="8")
    assert by_id(store, dated["id"])["status"] == "moot"
    assert "qaim" not in events(store, 2)
    assert verify(store).ok


def test_verify_detects_a_tampered_correction(two):
    store = two
    dated = facts.record_correction(store, BRIEF, "1", "set", key="qayara", field="date", value="2020-03-25",
                                    reason="typo", by="ana")
    assert verify(store).ok
    drop_triggers(store)
    payload = json.loads(sql(store, "SELECT payload FROM log WHERE seq = :s", s=dated["id"])[0][0])
    payload["after"] = "2020-01-01"
    sql(store, "UPDATE log SET payload = :p WHERE seq = :s", p=json.dumps(payload, sort_keys=True), s=dated["id"])
    report = verify(store)
    assert not report.ok
    assert any(f"log event {dated['id']}" in p for p in report.problems), report.problems
    assert any("does not equal the parser's reading with corrections" in p for p in report.problems)


def test_a_cumulative_brief_is_refolded(store):
    put(store, "2020-04-04.txt", brief="reports", mode="cumulative")
    second = "Update\nAs of April 6, 2020\n\nOn 5 April 2020 coalition troops withdrew from Camp Bird.\n"
    put(store, "2020-04-06.txt", second, brief="reports")
    keys = {e["key"] for e in views.show_document(store, "reports", None)["events"]}
    assert {"qaim", "bird"} <= keys
    facts.record_correction(store, "reports", "1", "reject", key="qaim", reason="not a base", by="ana")
    keys = {e["key"] for e in views.show_document(store, "reports", None)["events"]}
    assert "qaim" not in keys and "bird" in keys
    assert verify(store).ok


def test_cli_fact_commands(tmp_path):
    db = str(tmp_path / "t.db")
    run(db, "ingest", "-q", "--brief", BRIEF, str(DATA / "2020-04-04.txt"))
    row = run_json(db, "fact", "reject", "qaim", "--at", "1", "--reason", "not a base", "--by", "ana")
    assert row["status"] == "in force" and row["by"] == "ana"
    out = run(db, "fact", "set", "qayara", "date", "2020-03-25", "--at", "1", "--reason", "typo").stdout
    assert out.startswith("recorded: #") and "2020-03-26 -> 2020-03-25" in out
    bad = run(db, "fact", "set", "qayara", "personnel", "many", "--at", "1", "--reason", "x", code=2)
    assert error_line(bad) == "error: personnel 'many' is not a whole number"
    bad = run(db, "fact", "add", "--at", "1", "--place", "Camp X", "--action", "withdrawal", "--status",
              "completed", "--quote", "words not there at all", "--reason", "x", code=2)
    assert "the quote 'words not there at all' does not occur" in error_line(bad)
    listed = run_json(db, "fact", "list")
    assert [r["op"] for r in listed] == ["reject", "set"]
    run(db, "fact", "revoke", str(listed[0]["id"]), "--reason", "it is a base after all")
    assert "revoked" in run(db, "fact", "list").stdout
    shown = run_json(db, "show")
    assert {e["reading"] for e in shown["events"]} == {"parser", "analyst"}
    assert all(e["reading"] == "parser" for e in run_json(db, "show", "--as-read")["events"])
    assert run(db, "verify").exit_code == 0
    for sub in ("reject", "set", "add", "list", "revoke"):
        assert "--help" not in run(db, "fact", sub, "--help").stderr


def test_a_rejected_fact_new_to_an_edition_shows_in_its_diff_as_corrected(store, db_url):  # noqa: ANN001
    head = "Drawdown brief\n\nAs of {day} May 2021.\n\n"
    put(store, "a.txt", head.format(day=3) + "1. On 1 May 2021 troops handed over Camp Ardent.\n")
    put(store, "b.txt", head.format(day=9) + "1. On 1 May 2021 troops handed over Camp Ardent.\n"
                                             "2. On 8 May 2021 troops handed over Camp Birch.\n")
    facts.record_correction(store, BRIEF, "2", "reject", key="birch", reason="a rumour", by="ana")
    doc = views.diff_refs(store, BRIEF, "1", "2")
    [change] = doc["changes"]
    assert (change["kind"], change["key"], change["field"], change["after"]) == ("corrected", "birch", None, None)
    assert change["correction"]["reason"] == "a rumour" and doc["summary"]["corrected"] == 1
    out = run(db_url, "diff", "1", "2", "--brief", BRIEF).stdout
    assert "Camp Birch" in out and "(rejected)" in out and "a rumour" in out
