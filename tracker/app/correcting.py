"""The readings an analyst's corrections make: which corrected reading each edition of a brief
should have, and the new readings to append so that it does.

Every place that changes what an edition says calls here: a new correction or its revocation
(`tracker.app.facts`, in the record's own transaction), an ingest (`settle_at_ingest`, in the
edition's transaction), and a reparse (`readings_for`, with the parser's new readings). The
rule itself is pure (`tracker.correct`); this module gathers what it needs from the store
(the parser's readings, the records, the editions' texts) and compares the result with the
readings stored. A brief without corrections costs nothing here.

Must not: write outside the store's calls, or decide a correction's scope itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from tracker.correct import EditionToCorrect, FactCorrection, apply_corrections, correct_editions
from tracker.correct.applying import carried, mark_corrected
from tracker.model import Snapshot
from tracker.store.inputs import NewDerivation, Settled
from tracker.store.records import mode_at
from tracker.store.writer import FACT_CORRECTED, FACT_REVOKED


FORMAT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")


def parse_name(source: str) -> str | None:
    """The file name the parser is given: the stored source's last part when it names a
    format by its extension (the default source is the file name), else none (sniffed)."""
    name = PurePosixPath(source.split("?")[0].rstrip("/")).name
    return name if name.lower().endswith(FORMAT_SUFFIXES) else None


def edition_text(raw: bytes, name: str | None, charset: str = "utf-8") -> str:
    """An edition's text as tracker reads it from its bytes in their stored charset (blocks,
    then struck-out text): what a correction's quote must occur in."""
    from tracker.read import read_document

    doc = read_document(raw, name, encoding=charset)
    return "\n".join([b.text for b in doc.blocks] + list(doc.struck))


def received_text(store: Any, brief: str, number: int, source: str) -> tuple[bytes, str | None, str]:
    """What `edition_text` reads of a stored edition: its bytes, file name and charset."""
    raw, charset = store.received(brief, number)
    return raw, parse_name(source), charset


@dataclass(frozen=True)
class Records:
    """A brief's fact correction records: the corrections by id, and the revocations by the
    id they revoke (their payload, with `seq` and `recorded_at`)."""

    corrections: dict[int, FactCorrection]
    revoked: dict[int, dict[str, Any]]

    def active(self) -> list[FactCorrection]:
        return [c for i, c in sorted(self.corrections.items()) if i not in self.revoked]


def records_from(rows: Iterable[dict[str, Any]]) -> Records:
    """`Records` from the store's rows (`Store.fact_records`)."""
    corrections: dict[int, FactCorrection] = {}
    revoked: dict[int, dict[str, Any]] = {}
    for row in rows:
        if row["type"] == FACT_CORRECTED:
            corrections[row["seq"]] = FactCorrection.from_payload(row["seq"], row["payload"])
        elif row["type"] == FACT_REVOKED:
            revoked[int(row["payload"]["id"])] = {**row["payload"], "seq": row["seq"],
                                                  "recorded_at": row["recorded_at"]}
    return Records(corrections, revoked)


def read_records(store: Any, brief: str) -> Records:
    return records_from(store.fact_records(brief))


def outcome_summary(snapshot: Snapshot) -> dict[str, int]:
    """How a corrected reading is summed up in its log record."""
    out = {"applied": 0, "moot": 0, "superseded": 0}
    for note in snapshot.fact_corrections:
        out[note.outcome] = out.get(note.outcome, 0) + 1
    return out


@dataclass
class BriefReadings:
    """What a brief's corrections are applied over: its editions in force (as-of order) each
    with the parser's reading and lazily its text, and the newest reading stored."""

    brief: str
    editions: list[EditionToCorrect]
    parser_versions: dict[int, str]
    newest: dict[int, Any]  # edition -> Reading (the one in force)


def brief_readings(store: Any, brief: str, parsed: dict[int, tuple[Snapshot, str]] | None = None,
                   as_read: dict[int, Any] | None = None, leaving: int | None = None) -> BriefReadings:
    """The brief's editions in force with their parser readings (or those of `parsed`:
    edition -> (snapshot, parser version), a reparse's new readings; `as_read`: the parser
    readings, `Store.parser_readings`, when the caller has read them already), less edition
    `leaving` (one about to be retracted)."""
    modes = store.modes(brief)
    folding = any(m.mode == "cumulative" for m in modes)
    as_read = as_read if as_read is not None else store.parser_readings(brief)
    parsed = parsed or {}
    editions, versions, newest = [], {}, {}
    for info in store.editions(brief):
        if info.number == leaving:
            continue
        base = as_read[info.number]
        snapshot, version = parsed.get(info.number, (base.snapshot, base.parser_version))

        def text(number: int = info.number, source: str = info.source) -> str:
            return edition_text(*received_text(store, brief, number, source))

        folds = folding and mode_at(modes, info.number) == "cumulative"
        editions.append(EditionToCorrect(info.number, info.as_of, folds, snapshot, functools.cache(text)))
        versions[info.number] = version
        newest[info.number] = store.reading(brief, info.number)
    return BriefReadings(brief, editions, versions, newest)


def expected(readings: BriefReadings, records: Records, extra: Iterable[FactCorrection] = (),
             revoked: Iterable[int] = ()) -> dict[int, Snapshot]:
    """Edition -> the reading it should have with the brief's corrections (and `extra`, less
    `revoked`) applied: the pure rule over the parser's readings."""
    every = list(records.corrections.values()) + list(extra)
    return correct_editions(readings.editions, every, set(records.revoked) | set(revoked))


def new_readings(readings: BriefReadings, target: dict[int, Snapshot],
                 follows: dict[int, int] | None = None) -> list[NewDerivation]:
    """The readings to append so each edition's newest reading is its `target` (`follows`:
    edition -> the reading a new one follows, when another is appended before it)."""
    follows = follows or {}
    out = []
    for ed in readings.editions:
        want = target[ed.number]
        current = readings.newest[ed.number]
        if ed.number not in follows and want == current.snapshot:
            continue
        out.append(NewDerivation(readings.brief, ed.number, follows.get(ed.number, current.derivation),
                                 readings.parser_versions[ed.number], want, outcome_summary(want)))
    return out


def readings_for(store: Any, brief: str, parsed: dict[int, tuple[Snapshot, str]],
                 written: set[int]) -> tuple[list[NewDerivation], list[dict[str, Any]]]:
    """After a reparse's new readings (`parsed`: edition -> (snapshot, version); `written`:
    the editions given one), the corrected readings to append after them, and the
    corrections whose outcome the new readings change (`outcome_rows`): both from one
    computation, before anything is written. Nothing for a brief without corrections."""
    records = read_records(store, brief)
    if not records.corrections:
        return [], []
    readings = brief_readings(store, brief, parsed)
    target = expected(readings, records)
    follows = {n: readings.newest[n].derivation + 1 for n in written}
    items = [i for i in new_readings(readings, target, follows)
             if not (i.edition in written and not i.snapshot.fact_corrections)]
    return items, outcome_rows(records, readings, target)


def outcome_rows(records: Records, readings: BriefReadings,
                 target: dict[int, Snapshot]) -> list[dict[str, Any]]:
    """The corrections whose outcome changes from the newest readings to `target`, one row
    per correction and change: {"id", "label", "edition" (the first edition it changes at),
    "editions", "was", "outcome"} (outcome "moot": the parser now reads what it says;
    "superseded": it no longer holds)."""
    rows: dict[tuple[int, Any, Any], dict[str, Any]] = {}
    for ed in readings.editions:
        was = {n.id: n.outcome for n in readings.newest[ed.number].snapshot.fact_corrections}
        now = {n.id: n.outcome for n in target[ed.number].fact_corrections}
        for cid in sorted(set(was) | set(now)):
            if was.get(cid) != now.get(cid):
                row = rows.setdefault((cid, was.get(cid), now.get(cid)), {
                    "id": cid, "label": records.corrections[cid].label() if cid in records.corrections else "",
                    "edition": ed.number, "editions": [], "was": was.get(cid), "outcome": now.get(cid)})
                row["editions"].append(ed.number)
    return sorted(rows.values(), key=lambda r: (r["id"], r["editions"]))


def settle_at_ingest(prior: Any, settled: Settled) -> Settled:
    """A new edition of a restating brief, settled: the corrections the edition in force
    before it hands on applied to its reading, its changes against the corrected reading in
    force, and its identities from the corrected reading. Unchanged (and free) when the
    edition in force carries no correction."""
    before = prior.before()
    if not before.fact_corrections:
        return settled
    in_force = carried(before, {c.id: c for c in records_from(prior.fact_records()).active()})
    if not in_force:
        return settled
    from tracker.diff import compare
    from tracker.identity import identities_of

    raw, name, charset = prior.raw()
    text = functools.cache(lambda: edition_text(raw, name, charset))
    corrected = apply_corrections(settled.snapshot, in_force, text)
    changes = mark_corrected(compare(before, corrected), before, corrected)
    mine = identities_of(corrected)
    held = prior.identities(set(mine))
    fresh = {i: k for i, k in mine.items() if i not in held}
    return replace(settled, changes=tuple(changes), identities=fresh, reading=corrected,
                   reading_summary=outcome_summary(corrected))


def resettled(store: Any, brief: str, leaving: int | None = None) -> list[NewDerivation]:
    """The readings the rule now gives the editions of `brief` in force (less `leaving`, an
    edition about to be retracted, whose transaction writes them) that it does not have:
    weighed afresh over the whole as-of walk against the readings stored. None, and no cost,
    for a brief without corrections."""
    records = read_records(store, brief)
    if not records.corrections:
        return []
    readings = brief_readings(store, brief, leaving=leaving)
    return new_readings(readings, expected(readings, records))


def resettle(store: Any, brief: str) -> int:
    """Append the readings the rule now gives every edition of `brief` (after a backfilled
    edition: see `Backfills`) and the brief's fold, in one transaction of their own.
    Idempotent, so a run that did not happen (the process stopped after the edition's
    transaction) is made good by the next one, or by the next correction, revocation or
    reparse. Returns how many readings it wrote."""
    items = resettled(store, brief)
    if not items:
        return 0
    from tracker.app.cumulative import state_rows
    from tracker.identity import identities_of

    return len(store.write_derivations(items, identities_of, state_rows))


class Backfills:
    """The `settle` an ingest hands the store (`settle` itself, watched): it notes each brief
    where an analyst's corrections were handed on to a new edition dated BEFORE another in
    force (a backfill). The scope rule may then change for the editions after it (the
    backfill now hands the corrections on, or supersedes them), so `settle_later` re-applies
    it once the editions are committed.

    Not in the edition's transaction: the rule needs the parser readings and texts of every
    later edition, which the store reads through its own connections. So it runs right
    after (see `resettle`): the edition is stored whole first; the later readings and the
    fold follow in one transaction of their own, and a run that did not happen is made good
    by the next one. Free when no correction is handed on to the new
    edition (nothing asked), and for the newest edition (one small query)."""

    def __init__(self, settle: Callable[[Snapshot, Any], Settled]) -> None:
        self.settle = settle
        self.briefs: set[str] = set()

    def __call__(self, snapshot: Snapshot, prior: Any) -> Settled:
        settled = self.settle(snapshot, prior)
        if settled.reading is not None and prior.previous is not None and prior.backfill():
            self.briefs.add(prior.previous.brief)
        return settled

    def settle_later(self, store: Any) -> None:
        """Re-apply the rule to the briefs noted (each once), then forget them."""
        for brief in sorted(self.briefs):
            resettle(store, brief)
        self.briefs.clear()


def marked(snapshot: Snapshot) -> dict[str, Any]:
    """A snapshot's JSON with every event and count marked `"reading": "parser"` or
    `"analyst"`, the latter with its `"corrections"` ({"id","field","before","after","reason",
    "by","at"}), and the corrections of the reading (`fact_corrections`) as stored."""
    from tracker.app.marks import note_json
    from tracker.correct.applying import applied_notes

    doc = snapshot.to_dict()
    notes = applied_notes(snapshot)
    for kind, plural in (("event", "events"), ("count", "counts")):
        for item in doc.get(plural, []):
            mine = notes.get((kind, item["key"]), [])
            item["reading"] = "analyst" if mine else "parser"
            if mine:
                item["corrections"] = [note_json(n) for n in mine]
    return doc

