"""Correcting the record without rewriting it: retract an edition, ingest its bytes again with
the right date, revoke an alias. Each is a log event with its reason, changes what the views
show, and survives `verify` (which detects tampering with it). Run on both engines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from clihelpers import error_line, run, run_json
from storehelpers import sql

from benchmarks.stress.common import drop_triggers
from tracker.audit import verify

ROOT = Path(__file__).resolve().parent.parent
IRAQ = ROOT / "snapshots" / "iraq-coalition-withdrawal"
AFGHANISTAN = ROOT / "snapshots" / "afghanistan-drawdown"
BRIEF = "iraq-coalition-withdrawal"


def open_it(db: str):  # noqa: ANN201
    from tracker.store.store import open_store

    return open_store(db)


@pytest.fixture
def typo_db(db_url: str, tmp_path: Path) -> tuple[str, Path]:
    """The four Iraq editions, then a fifth (a later report) stored as of 2030 by a typo."""
    run(db_url, "ingest", *map(str, sorted(IRAQ.iterdir())))
    late = tmp_path / BRIEF / "late-report.txt"
    late.parent.mkdir()
    text = (IRAQ / "2020-08-30.txt").read_text(encoding="utf-8")
    late.write_text(text + "\nSome troops remain at the embassy.\n", encoding="utf-8")
    run(db_url, "ingest", "--as-of", "2030-01-01", str(late))
    return db_url, late


def test_retract_takes_an_edition_out_of_every_view(typo_db):
    db, _ = typo_db
    assert run_json(db, "show")["edition"]["edition"] == 5  # the typo is the newest
    assert run_json(db, "diff", "2020-04-04")["to"]["edition"] == 5
    done = run_json(db, "retract", "5", "--reason", "dated 2030 by a typo")
    assert done["number"] == 5 and done["reason"] == "dated 2030 by a typo"

    assert run_json(db, "show")["edition"]["edition"] == 4
    assert run_json(db, "diff", "2020-04-04")["to"]["edition"] == 4
    assert run_json(db, "show", "2031-01-01")["edition"]["edition"] == 4
    assert [r["edition"] for r in run_json(db, "log")] == [1, 2, 3, 4]
    history = run_json(db, "history", "Taji")
    assert [e["edition"] for e in history["editions"]] == [3, 4]
    for row in run_json(db, "timeline"):
        assert row["first_reported"]["edition"] != 5
        assert not (row["revisions"] and row["revisions"][-1]["edition"] == 5)
    exported = json.loads(run(db, "export").stdout)
    assert [e["edition"] for e in exported["editions"]] == [1, 2, 3, 4]
    refused = run(db, "show", "5", code=None)
    assert refused.exit_code != 0
    assert "retracted" in refused.stderr and "dated 2030 by a typo" in refused.stderr

    # still there on request, with its reason, and in the log's corrections
    assert run_json(db, "show", "5", "--include-retracted")["edition"]["edition"] == 5
    rows = run_json(db, "log", "--include-retracted")
    assert rows[-1]["edition"] == 5 and rows[-1]["retracted"]["reason"] == "dated 2030 by a typo"
    assert "RETRACTED (dated 2030 by a typo)" in run(db, "log", "--include-retracted").stdout
    text = run(db, "log").stdout
    assert "Corrections:" in text and "retracted #5 (2030-01-01): dated 2030 by a typo" in text
    [fix] = run_json(db, "log", "--corrections")
    assert fix["kind"] == "retracted" and fix["edition"] == 5
    assert len(json.loads(run(db, "export", "--include-retracted").stdout)["editions"]) == 5
    assert run_json(db, "diff", "4", "5", "--include-retracted")["to"]["edition"] == 5
    assert run(db, "verify").exit_code == 0
    again = run(db, "retract", "5", "--reason", "twice", code=None)
    assert again.exit_code == 2
    assert again.stderr.strip() == "error: edition 5 is already retracted (dated 2030 by a typo)"
    assert "--include-retracted" not in again.stderr  # retract has no such option
    assert len(open_it(db).retracted(BRIEF)) == 1  # nothing more recorded


def test_retracted_bytes_are_ingested_again_with_the_right_date(typo_db):
    db, late = typo_db
    assert run_json(db, "ingest", str(late))[0]["status"] == "unchanged"
    run(db, "retract", "5", "--reason", "dated 2030 by a typo")
    [outcome] = run_json(db, "ingest", "--as-of", "2020-09-05", str(late))
    assert outcome["status"] == "stored" and outcome["edition"] == 6
    assert outcome["previous"] == 4  # compared with the edition in force, not the retracted one
    assert outcome["sha256"] == run_json(db, "show", "5", "--include-retracted")["edition"]["sha256"]
    assert run_json(db, "show")["edition"]["edition"] == 6
    assert [r["edition"] for r in run_json(db, "log")] == [1, 2, 3, 4, 6]
    # the sha256 prefix names the edition in force
    assert run_json(db, "show", outcome["sha256"][:10])["edition"]["edition"] == 6
    assert run_json(db, "ingest", str(late))[0]["status"] == "unchanged"
    assert run(db, "verify", "--deep").exit_code == 0


def test_a_retraction_backfilled_before_a_later_edition_keeps_verify_exact(store):
    """Edition 3 is compared with edition 1 because 2 was retracted before it was stored:
    verify replays the retraction at its place in the log."""
    from tracker.app.corrections import retract
    from tracker.app.ingest import ingest

    files = sorted(IRAQ.iterdir())
    for path in files[:2]:
        ingest(store, path.read_bytes(), source=path.name, brief="b", filename=str(path))
    retract(store, "b", "2", "wrong file")
    third = ingest(store, files[2].read_bytes(), source=files[2].name, brief="b", filename=str(files[2]))
    assert third.previous.number == 1
    report = verify(store, deep=True)
    assert report.ok, report.problems
    assert [e.number for e in store.editions("b")] == [1, 3]
    assert [e.number for e in store.editions("b", include_retracted=True)] == [1, 2, 3]


RETRACTION_TAMPERS = {
    "reason": "UPDATE log SET payload = replace(payload, 'typo', 'tpyo') WHERE type = 'EditionRetracted'",
    "deleted": "DELETE FROM log WHERE type = 'EditionRetracted'",
    "moved to another edition": "UPDATE log SET edition = 3 WHERE type = 'EditionRetracted'",
}


@pytest.mark.parametrize("case", sorted(RETRACTION_TAMPERS))
def test_tampering_with_a_retraction_is_detected(typo_db, case):
    db, _ = typo_db
    run(db, "retract", "5", "--reason", "dated 2030 by a typo")
    with open_it(db) as store:
        drop_triggers(store)
        sql(store, RETRACTION_TAMPERS[case])
        assert not verify(store).ok


@pytest.fixture
def two_briefs(db_url: str) -> str:
    run(db_url, "ingest", *map(str, sorted(IRAQ.iterdir())), *map(str, sorted(AFGHANISTAN.iterdir())))
    return db_url


def test_an_alias_needs_a_brief_or_all_briefs_when_there_are_several(two_briefs):
    db = two_briefs
    refused = run(db, "alias", "Kay One", "K1 Air Base", code=None)
    assert refused.exit_code != 0 and "--all-briefs" in refused.stderr
    assert run_json(db, "alias", "--list") == []
    everywhere = run_json(db, "alias", "Kay One", "K1 Air Base", "--all-briefs")
    assert everywhere["brief"] is None and everywhere["status"] == "recorded"
    one = run_json(db, "alias", "Kay One", "K1 Air Base", "--brief", BRIEF)
    assert one["brief"] == BRIEF and one["status"] == "recorded"


def test_the_same_alias_again_is_unchanged(two_briefs):
    db = two_briefs
    first = run_json(db, "alias", "Kay One", "K1 Air Base", "-b", BRIEF)
    with open_it(db) as store:
        head = verify(store).head
    again = run_json(db, "alias", "Kay One", "K1 Air Base", "-b", BRIEF)
    assert again["status"] == "unchanged" and again["id"] == first["id"]
    assert "alias unchanged" in run(db, "alias", "Kay One", "K1 Air Base", "-b", BRIEF).stdout
    with open_it(db) as store:
        assert verify(store).head == head  # nothing written
        assert len(store.aliases()) == 1


def test_revoking_an_alias_is_audited_and_changes_the_views(two_briefs):
    db = two_briefs
    run(db, "alias", "Kay One", "K1 Air Base", "-b", BRIEF)
    assert run_json(db, "history", "Kay One", "-b", BRIEF)["key"] == "k1"
    refused = run(db, "alias", "--revoke", "Kay One", "-b", BRIEF, code=None)
    assert refused.exit_code == 2 and "--reason" in refused.stderr
    [gone] = run_json(db, "alias", "--revoke", "kay  one", "--reason", "another base", "-b", BRIEF)
    assert gone["status"] == "revoked" and gone["name"] == "Kay One"
    assert run_json(db, "alias", "--list", "-b", BRIEF) == []
    assert run(db, "history", "Kay One", "-b", BRIEF, code=None).exit_code != 0
    fixes = run_json(db, "log", "--corrections", "-b", BRIEF)
    assert fixes[-1]["kind"] == "alias-revoked" and fixes[-1]["reason"] == "another base"
    assert "alias 'Kay One' -> K1 Air Base" in run(db, "log", "-b", BRIEF).stdout
    assert run(db, "alias", "--revoke", "Kay One", "--reason", "again", "-b", BRIEF, code=None).exit_code != 0
    # recorded again after its revocation: a new alias, in force
    assert run_json(db, "alias", "Kay One", "K1 Air Base", "-b", BRIEF)["status"] == "recorded"
    with open_it(db) as store:
        report = verify(store)
        assert report.ok, report.problems
        drop_triggers(store)
        sql(store, "UPDATE log SET payload = replace(payload, 'another base', 'other') WHERE type = 'AliasRevoked'")
        assert not verify(store).ok


def test_a_revoked_alias_no_longer_applies_to_ingest(store):
    from tracker.app.names import add_alias, revoke_alias

    add_alias(store, "Q West", "Qayyarah", None)
    assert [a.name for a in store.aliases("x")] == ["Q West"]
    revoke_alias(store, "Q West", None, "wrong")
    assert store.aliases("x") == []
    assert [a.name for a in store.aliases(include_revoked=True)] == ["Q West"]
    report = verify(store)
    assert report.ok, report.problems


@pytest.mark.parametrize("bad", ["nothex", "abc123", "g" * 64, "0" * 63])
def test_a_malformed_checkpoint_is_a_usage_error(tmp_path, bad):
    db = str(tmp_path / "t.db")
    run(db, "ingest", str(IRAQ / "2020-04-04.txt"))
    result = run(db, "verify", "--checkpoint", bad, code=2)
    assert "checkpoint" in result.stderr and "history" not in result.stderr


def test_a_well_formed_checkpoint_still_proves_the_history(tmp_path):
    db = str(tmp_path / "t.db")
    run(db, "ingest", str(IRAQ / "2020-04-04.txt"))
    head = run_json(db, "verify")["head"]
    assert run(db, "verify", "--checkpoint", head.upper()).exit_code == 0
    assert run(db, "verify", "--checkpoint", "f" * 64, code=1)


def test_reparse_after_a_retraction_and_an_ingest_keeps_deep_verify(typo_db, tmp_path):
    db, late = typo_db
    run(db, "retract", "5", "--reason", "typo")
    run(db, "reparse")
    copy = tmp_path / BRIEF / "again.txt"
    shutil.copy(late, copy)
    run(db, "ingest", "--as-of", "2020-09-05", str(copy))
    assert run(db, "verify", "--deep").exit_code == 0


# -- the edition's date, with care -----------------------------------------------------------

UNDATED = "Camp brief\n\n1. On 2 April 2020 troops withdrew from Camp Bar.\n"


@pytest.mark.parametrize("name", ["2020-05-05.txt", "camp-brief-2020-05-05.txt"])
def test_a_date_in_the_file_name_comes_before_a_date_in_the_body(tmp_path, name):
    path = tmp_path / "camps" / name
    path.parent.mkdir()
    path.write_text(UNDATED, encoding="utf-8")
    db = str(tmp_path / "t.db")
    [outcome] = run_json(db, "ingest", str(path))
    assert outcome["as_of"] == "2020-05-05"
    assert not [w for w in outcome["warnings"] if "as-of" in w]


def test_a_text_that_states_no_date_is_refused_asking_for_as_of(tmp_path):
    """No day of the body (an event's, here) is taken for the edition's: ingest refuses the
    text with one line asking for --as-of, exit 2, and stores nothing."""
    path = tmp_path / "camps" / "notes.txt"
    path.parent.mkdir()
    path.write_text(UNDATED, encoding="utf-8")
    db = str(tmp_path / "t.db")
    result = run(db, "ingest", str(path), code=2)
    assert result.stdout == ""
    line = error_line(result)
    assert "states no as-of date" in line and "pass --as-of YYYY-MM-DD" in line
    assert "2020-04-02" not in line
    [outcome] = run_json(db, "ingest", str(path), code=2)
    assert outcome["status"] == "error" and outcome["as_of_needed"] is True
    # given the date, it is stored as given, with no warning about it
    stored = run(db, "ingest", "--as-of", "2020-04-10", str(path))
    assert "2020-04-10" in stored.stdout and "as-of" not in stored.stderr
    # parse shows the missing date and says why
    parsed = run(db, "parse", str(path), "--format", "json")
    snapshot = json.loads(parsed.stdout)
    assert snapshot["as_of"] is None
    assert any("no as-of date" in w and "--as-of" in w for w in snapshot["warnings"])
    # a stated as-of is taken, and asks for nothing
    path.write_text("Camp brief\n\nAs of 10 April 2020, one camp was left.\n\n" + UNDATED.split("\n\n")[1],
                    encoding="utf-8")
    assert run_json(db, "ingest", str(path))[0]["as_of"] == "2020-04-10"


def test_an_as_of_before_a_completed_event_is_warned_about(tmp_path):
    path = tmp_path / "camps" / "2020-05-05.txt"
    path.parent.mkdir()
    path.write_text(UNDATED, encoding="utf-8")
    result = run(str(tmp_path / "t.db"), "ingest", "--as-of", "2020-03-01", str(path))
    assert "as-of date 2020-03-01 is earlier than 1 event(s) the edition reports completed" in result.stderr
    assert "Camp Bar" in result.stderr
    # the fix: retract it and ingest the bytes again with the right date
    run(str(tmp_path / "t.db"), "retract", "1", "--reason", "as-of mistyped")
    again = run(str(tmp_path / "t.db"), "ingest", str(path))
    assert "2020-05-05" in again.stdout and "earlier than" not in again.stderr


def test_a_name_aliased_in_force_to_another_canonical_is_refused_until_revoked(two_briefs):
    db = two_briefs
    first = run(db, "alias", "Q-West", "Nowhere", "-b", BRIEF)
    assert "warning: CANONICAL 'Nowhere' matches no base" in first.stderr  # kept, but said clearly
    refused = run(db, "alias", "q-west", "Qayara airfield", "-b", BRIEF, code=None)
    assert refused.exit_code != 0 and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and "warning" not in refused.stderr
    assert "already an alias of 'Nowhere'" in refused.stderr and "--revoke 'Q-West'" in refused.stderr
    assert [a["canonical"] for a in run_json(db, "alias", "--list", "-b", BRIEF)] == ["Nowhere"]
    # another scope is another alias; the same canonical again stays `unchanged`
    assert run_json(db, "alias", "Q-West", "Qayara airfield", "--all-briefs")["status"] == "recorded"
    assert run_json(db, "alias", "Q-West", "Nowhere", "-b", BRIEF)["status"] == "unchanged"
    [gone] = run_json(db, "alias", "--revoke", "Q-West", "--reason", "not a real place", "-b", BRIEF)
    assert gone["canonical"] == "Nowhere"
    again = run(db, "alias", "Q-West", "Qayara airfield", "-b", BRIEF)
    assert "alias recorded" in again.stdout and "warning" not in again.stderr
