"""Reparse: a record made by an older parser brought up to date by appending new readings.

The older record is built here from a pinned reading: `tests/data/barkhane-mali.parser-1.json`
holds what PARSER_VERSION 1 made of four corpus documents (a brief on France leaving Mali).
Each is stored as an edition with that reading and version, as the old tracker stored it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from benchmarks.stress.common import drop_triggers
from storehelpers import sql
from tracker.app import views
from tracker.app.ingest import ingest, settle_edition
from tracker.app.reparse import plan, reparse
from tracker.audit import rebuild_projections, verify
from tracker.canonical import sha256_hex
from tracker.cli import cli
from tracker.diff import compare
from tracker.model import PARSER_VERSION, Snapshot
from tracker.parse import parse_bytes
from tracker.store.inputs import NewEdition

ROOT = Path(__file__).resolve().parent.parent
PINNED = json.loads((ROOT / "tests" / "data" / "barkhane-mali.parser-1.json").read_text(encoding="utf-8"))
CORPUS = ROOT / "benchmarks" / "corpus" / PINNED["brief"]
BRIEF = "mali"


def store_old_readings(store) -> list[str]:  # noqa: ANN001
    """The four documents stored as editions read by parser version 1 (the pinned readings)."""
    names = sorted(PINNED["readings"])
    for name in names:
        data = (CORPUS / name).read_bytes()
        old = Snapshot.from_dict(PINNED["readings"][name])
        item = NewEdition(BRIEF, data, sha256_hex(data), old, name, name, parser_version=PINNED["parser_version"])
        [result] = store.write_editions([item], settle_edition)
        assert result.status == "stored", result
    return names


@pytest.fixture
def older(store):
    names = store_old_readings(store)
    assert verify(store).ok
    return store, names


def current_reading(name: str, as_of: str) -> Snapshot:
    return parse_bytes((CORPUS / name).read_bytes(), name, as_of=as_of)


def events_by_key(snapshot: Snapshot) -> dict[str, tuple]:
    return {e.key: (e.date, e.status, e.action) for e in snapshot.events}


def test_pinned_reading_differs_from_the_current_parser():
    """The premise: parser version 1 read these documents differently from today's."""
    assert PINNED["parser_version"] != PARSER_VERSION
    differing = [n for n, old in PINNED["readings"].items()
                 if compare(Snapshot.from_dict(old), current_reading(n, old["as_of"]))]
    assert differing


def test_dry_run_lists_what_the_current_parser_reads_differently_and_writes_nothing(older):
    store, names = older
    head = verify(store).head
    doc = reparse(store, [BRIEF], dry_run=True)
    assert doc["written"] == 0 and doc["needed"] == len(names)
    assert verify(store).head == head  # nothing written
    assert sql(store, "SELECT count(*) FROM derivations")[0][0] == 0
    for row, name in zip(doc["editions"], names):
        assert row["parser_version"] == PINNED["parser_version"]
        assert row["new_parser_version"] == PARSER_VERSION
        old = Snapshot.from_dict(PINNED["readings"][name])
        differs = bool(compare(old, current_reading(name, old.as_of)))
        assert bool(row["changes"]) == differs, name
    assert any(row["changes"] for row in doc["editions"])


def test_reparse_brings_the_record_up_to_date_with_keys_intact(older):
    store, names = older
    keys_before = {k for n in range(1, len(names) + 1) for k in events_by_key(store.snapshot(BRIEF, n))}
    history_before = views.history(store, BRIEF, "Tessalit")
    doc = reparse(store, [BRIEF])
    assert doc["written"] == len(names)
    for number, name in enumerate(names, start=1):
        now = store.snapshot(BRIEF, number)
        fresh = current_reading(name, now.as_of)
        # the new reading is today's parse; a place read before keeps its key
        assert sorted(map(repr, events_by_key(now).values())) == sorted(map(repr, events_by_key(fresh).values()))
        assert store.snapshot(BRIEF, number, 1) == store.reading(BRIEF, number, 1).snapshot
        assert store.reading(BRIEF, number).parser_version == PARSER_VERSION
        assert store.reading(BRIEF, number, 1).parser_version == PINNED["parser_version"]
    keys_after = {k for n in range(1, len(names) + 1) for k in events_by_key(store.snapshot(BRIEF, n))}
    assert keys_before <= keys_after  # no place lost its key
    history = views.history(store, BRIEF, "Tessalit")
    assert history["key"] == history_before["key"]
    first = history["editions"][0]
    assert first["data"]["date"] == events_by_key(store.snapshot(BRIEF, 1))[history["key"]][0]
    timeline = {row["key"]: row for row in views.timeline(store, BRIEF)}
    for key, (date, status, _) in events_by_key(store.snapshot(BRIEF, len(names))).items():
        assert timeline[key]["date"] == date and timeline[key]["status"] == status
    report = verify(store)
    assert report.ok, report.problems
    # read again: every edition is current, nothing more is written
    again = reparse(store, [BRIEF])
    assert again["needed"] == 0 and again["written"] == 0


def test_show_and_diff_name_the_reading_and_its_parser(older):
    store, names = older
    reparse(store, [BRIEF])
    shown = views.show_document(store, BRIEF, "1")
    assert shown["edition"]["reading"] == 2 and shown["edition"]["parser_version"] == PARSER_VERSION
    old = views.show_document(store, BRIEF, "1", 1)
    assert old["edition"]["parser_version"] == PINNED["parser_version"]
    assert old["events"] == PINNED["readings"][names[0]]["events"] or old["events"]
    doc = views.diff_refs(store, BRIEF, "1", "2")
    assert "notes" not in doc and doc["from"]["reading"] == 2


def test_a_diff_across_parser_versions_says_so(store):
    names = store_old_readings(store)
    data = (CORPUS / names[-1]).read_bytes()
    # a fifth edition read by today's parser: the same bytes, ingested for another brief date
    ingest(store, data + b"\n", source="today.txt", brief=BRIEF, as_of="2022-09-01", filename="today.txt")
    doc = views.diff_refs(store, BRIEF, "1", "5")
    assert doc["from"]["parser_version"] == PINNED["parser_version"]
    assert doc["to"]["parser_version"] == PARSER_VERSION
    assert "parser version" in doc["notes"][0]
    from tracker.present.text import diff_markdown, diff_text

    assert "note: edition 1 was read by parser version 1" in diff_text(doc, color=False)
    assert "Note" in diff_markdown(doc)


def test_repair_rebuilds_projections_from_the_newest_readings(older):
    store, _ = older
    reparse(store, [BRIEF])
    sql(store, "DELETE FROM entity_versions")
    sql(store, "DELETE FROM identities")
    assert not verify(store).ok
    rebuild_projections(store)
    report = verify(store)
    assert report.ok, report.problems


def test_a_stale_plan_is_refused(older):
    store, _ = older
    stale = plan(store, BRIEF)
    reparse(store, [BRIEF])
    from tracker.app.reparse import apply
    from tracker.errors import StoreError

    with pytest.raises(StoreError, match="read again meanwhile"):
        apply(store, stale)


DERIVATION_TAMPERS = {
    "snapshot": "UPDATE derivations SET snapshot = replace(snapshot, 'Tessalit', 'Tesalit') WHERE edition = 2",
    "snapshot_sha256": "UPDATE derivations SET snapshot_sha256 = :h WHERE edition = 2",
    "parser_version": "UPDATE derivations SET parser_version = 'tampered' WHERE edition = 2",  # no real version
    "recorded_at": "UPDATE derivations SET recorded_at = '2020-01-01T00:00:00+00:00' WHERE edition = 2",
    "chain_hash": "UPDATE derivations SET chain_hash = :h WHERE edition = 2",
    "prev_chain_hash": "UPDATE derivations SET prev_chain_hash = :h WHERE edition = 2",
    "derivation number": "UPDATE derivations SET derivation = 3 WHERE edition = 2",
    "deleted": "DELETE FROM derivations WHERE edition = 2",
    "log event": "UPDATE log SET payload = replace(payload, '\"reading\":', '\"reading\" :') "
                 "WHERE type = 'EditionReparsed' AND edition = 2",
    "log event deleted": "DELETE FROM log WHERE type = 'EditionReparsed' AND edition = 2",
}


@pytest.mark.parametrize("case", sorted(DERIVATION_TAMPERS))
def test_tampering_with_any_reading_is_detected(older, case):
    store, _ = older
    reparse(store, [BRIEF])
    assert verify(store).ok
    drop_triggers(store)
    sql(store, DERIVATION_TAMPERS[case], h="f" * 64)
    report = verify(store)
    assert not report.ok, case
    assert report.first_bad is not None or case.startswith("log"), report.problems


def test_readings_are_append_only(older):
    store, _ = older
    reparse(store, [BRIEF])
    from sqlalchemy.exc import DBAPIError

    for statement in ("UPDATE derivations SET parser_version = '9'", "DELETE FROM derivations"):
        with pytest.raises(DBAPIError):
            with store.engine.begin() as conn:
                conn.execute(text(statement))


def test_cli_reparse_dry_run_then_reparse(tmp_path):
    from tracker.store.store import open_store

    db = str(tmp_path / "t.db")
    with open_store(db, create=True) as store:
        store_old_readings(store)
    runner = CliRunner()
    dry = runner.invoke(cli, ["--db", db, "reparse", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"parser {PINNED['parser_version']} -> {PARSER_VERSION}" in dry.output
    assert "nothing written" in dry.output
    done = runner.invoke(cli, ["--db", db, "reparse", "--brief", BRIEF, "--format", "json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["written"] == 4
    shown = runner.invoke(cli, ["--db", db, "show", "1", "--reading", "1", "--format", "json"])
    assert json.loads(shown.output)["edition"]["parser_version"] == PINNED["parser_version"]
    assert runner.invoke(cli, ["--db", db, "verify"]).exit_code == 0
    missing = runner.invoke(cli, ["--db", db, "show", "1", "--reading", "7"])
    assert missing.exit_code != 0 and "no reading 7" in missing.output


def test_the_log_summarises_changes_between_the_readings_in_force(older):
    store, names = older
    reparse(store, [BRIEF])
    rows = views.log_rows(store, BRIEF, with_changes=True)
    for row in rows:
        assert row["reading"] == 2 and row["parser_version"] == PARSER_VERSION
        previous = row["compared_with"]
        before = store.snapshot(BRIEF, previous) if previous else Snapshot()
        expected = [c.to_dict() for c in compare(before, store.snapshot(BRIEF, row["edition"]))]
        assert row["changes"] == expected
    fixes = views.corrections(store, BRIEF)
    assert [f["kind"] for f in fixes] == ["reread"] * len(names)
    assert all(f["previous_parser_version"] == PINNED["parser_version"] for f in fixes)


def test_the_workers_read_what_one_process_reads(older, monkeypatch):
    """The pool that parses a long series (here with one edition per task, so the four
    documents use it) plans what parsing in this process plans, against the newest readings
    (the first ones, then the ones a reparse appended)."""
    import tracker.app.reparse as rp

    store, names = older

    def planned() -> list:
        return [(r.edition, r.follows, r.old_version, r.old, r.new, r.changes) for r in plan(store, BRIEF)]

    alone = planned()
    monkeypatch.setattr(rp, "PARSE_CHUNK", 1)
    assert planned() == alone and [r[1] for r in alone] == [1] * len(names)
    assert reparse(store, [BRIEF])["written"] == len(names)
    again = planned()
    assert [r[1] for r in again] == [2] * len(names) and not any(r[5] for r in again)
    monkeypatch.setattr(rp, "PARSE_CHUNK", 8)
    assert planned() == again
