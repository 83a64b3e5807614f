"""An analyst's corrections meet an edition ingested out of order (a backfill: dated before
editions already stored) and `ingest --skip-same-facts`. On both engines.

- A backfill between a correction's edition and a later one that no longer reads the fact
  from the same sentence supersedes the correction from there on: the later editions lose it
  at once, not at the next correction, revocation or reparse.
- No extra work when no correction is handed on, or when the edition is the newest.
- `--skip-same-facts` compares like with like: the new reading with the corrections it would
  be given against the corrected reading in force."""

from __future__ import annotations

from pathlib import Path

from tracker.app import correcting, facts, views
from tracker.app.ingest import EditionInput, ingest, ingest_many
from tracker.audit import verify

DATA = Path(__file__).resolve().parent / "data" / "fact-corrections"
BRIEF = "iraq"
FIRST = (DATA / "2020-04-04.txt").read_text()
SECOND = (DATA / "2020-04-11.txt").read_text()  # K-1: "On 30 March 2020 ... near Kirkuk"
LATE = FIRST.replace("April 4", "April 18")  # the first edition's sentences, two weeks on
SQOOR = "the last soldiers are gone from the Sqoor position"


def put(store, text: str, name: str):  # noqa: ANN001, ANN201
    return ingest(store, text.encode(), source=name, brief=BRIEF, filename=name)


def events(store, number: int) -> dict:  # noqa: ANN001
    return {e["key"]: e for e in views.show_document(store, BRIEF, str(number))["events"]}


def row(store, cid: int) -> dict:  # noqa: ANN001
    return next(r for r in facts.list_corrections(store, BRIEF) if r["id"] == cid)


def readings(store, number: int) -> int:  # noqa: ANN001
    return store.reading(BRIEF, number).derivation


def test_a_backfill_that_supersedes_a_set_takes_it_from_the_editions_after_it(store):
    put(store, FIRST, "2020-04-04.txt")
    dated = facts.record_correction(store, BRIEF, "1", "set", key="k1", field="date", value="2020-03-28",
                                    reason="typo", by="ana")
    put(store, LATE, "2020-04-18.txt")
    assert events(store, 2)["k1"]["date"] == "2020-03-28"  # handed on: the same sentence
    put(store, SECOND, "2020-04-11.txt")  # backfilled between them; the source changed the fact
    assert events(store, 3)["k1"]["date"] == "2020-03-30" and events(store, 3)["k1"]["reading"] == "parser"
    later = events(store, 2)["k1"]
    assert later["date"] == "2020-03-29" and later["reading"] == "parser"  # superseded is final
    assert events(store, 1)["k1"]["date"] == "2020-03-28"
    got = row(store, dated["id"])
    assert got["status"] == "superseded" and got["superseded_at"] == 3
    assert verify(store).ok


def test_a_backfill_without_the_quote_supersedes_an_added_event_after_it(store):
    put(store, FIRST, "2020-04-04.txt")
    added = facts.record_correction(store, BRIEF, "1", "add", place="Sqoor position", action="withdrawal",
                                    status="completed", quote=SQOOR, reason="missed by the reader", by="ana")
    put(store, LATE, "2020-04-18.txt")
    assert added["key"] in events(store, 2)
    put(store, FIRST.replace("April 4", "April 11").replace(SQOOR, "nothing was said of the Sqoor post"),
        "2020-04-11.txt")
    assert added["key"] not in events(store, 3) and added["key"] not in events(store, 2)
    assert added["key"] in events(store, 1)
    assert row(store, added["id"])["superseded_at"] == 3
    assert verify(store).ok


def test_a_backfill_that_reads_the_same_sentences_changes_nothing_after_it(store):
    put(store, FIRST, "2020-04-04.txt")
    facts.record_correction(store, BRIEF, "1", "reject", key="qaim", reason="not a base", by="ana")
    put(store, LATE, "2020-04-18.txt")
    before = readings(store, 2)
    put(store, FIRST.replace("April 4", "April 11"), "2020-04-11.txt")
    assert "qaim" not in events(store, 3) and "qaim" not in events(store, 2)
    assert readings(store, 2) == before  # no new reading where the outcome did not change
    assert verify(store).ok


def test_no_extra_work_for_the_newest_edition_or_a_brief_without_corrections(store, monkeypatch):
    def refuse(*_args):  # noqa: ANN002, ANN202
        raise AssertionError("the rule was re-applied after an ingest that cannot change it")

    monkeypatch.setattr(correcting, "resettle", refuse)
    put(store, LATE, "2020-04-18.txt")
    put(store, FIRST, "2020-04-04.txt")  # a backfill, but no correction anywhere
    facts.record_correction(store, BRIEF, "2", "reject", key="qaim", reason="not a base", by="ana")
    put(store, SECOND.replace("April 11", "April 25"), "2020-04-25.txt")  # the newest, corrections in force
    assert "qaim" not in events(store, 3)
    assert verify(store).ok


def skip_same(store, text: str, name: str, as_of: str):  # noqa: ANN001, ANN201
    [out] = ingest_many(store, [EditionInput(text.encode(), name, BRIEF, as_of, name, skip_same_facts=True)])
    return out


def test_skip_same_facts_compares_corrected_with_corrected(store):
    put(store, FIRST, "2020-04-04.txt")
    facts.record_correction(store, BRIEF, "1", "set", key="k1", field="date", value="2020-03-28",
                            reason="typo", by="ana")
    added = facts.record_correction(store, BRIEF, "1", "add", place="Sqoor position", action="withdrawal",
                                    status="completed", quote=SQOOR, reason="missed by the reader", by="ana")
    facts.record_correction(store, BRIEF, "1", "reject", key="qaim", reason="not a base", by="ana")
    same = skip_same(store, FIRST + "\n\n", "2020-04-05.txt", "2020-04-05")  # new bytes, same facts
    assert same.status == "skipped" and same.edition.number == 1
    assert [e.number for e in store.editions(BRIEF)] == [1]
    changed = skip_same(store, SECOND, "2020-04-11.txt", "2020-04-11")  # the K-1 sentence changed
    assert changed.status == "stored"
    shown = events(store, 2)
    assert shown["k1"]["date"] == "2020-03-30" and added["key"] in shown and "qaim" not in shown
    assert verify(store).ok


def test_skip_same_facts_still_stores_what_the_corrections_do_not_cover(store):
    put(store, FIRST, "2020-04-04.txt")
    facts.record_correction(store, BRIEF, "1", "reject", key="qaim", reason="not a base", by="ana")
    text = FIRST.replace("withdrew from K-1 airbase", "started pulling out of K-1 airbase")
    out = skip_same(store, text, "2020-04-06.txt", "2020-04-06")
    assert out.status == "stored" and "qaim" not in events(store, 2)
    assert verify(store).ok

