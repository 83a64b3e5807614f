"""An analyst's corrections of single facts: the store's side of `tracker fact ...`.

A correction is a log record (`FactCorrected`; its revocation `FactCorrectionRevoked`),
append-only and hash-chained like every correction (see `corrections`). What it changes is
written as a new reading (a derivation, see `derivations`) of each edition it applies to, in
the same transaction as the record, so that every view reads the corrected facts from the
projections with no code of its own. Which readings to write is the application's answer
(`tracker.app.facts`), given the record's id (its log seq) once appended.

This module records what it is given and reads the records back: it must not decide whether
a correction holds, apply it, parse or diff anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from tracker.canonical import sorted_json
from tracker.model import Snapshot
from tracker.store import queries as q
from tracker.store import schema as t
from tracker.store.briefs import States, refold_in
from tracker.store.database import Database
from tracker.store.derivations import refresh_identities, write_reading
from tracker.store.editions import reading_of
from tracker.store.records import Reading
from tracker.store.writer import FACT_TYPES, append_log, now_utc


if TYPE_CHECKING:
    from tracker.store.inputs import NewDerivation

# The key a corrected reading's snapshot JSON holds its corrections under: a reading whose
# JSON text does not contain it is the parser's (JSON escapes the quotes of any such text
# inside a value, so the raw text occurs only as a key).
CORRECTED_MARK = '"fact_corrections":'


def fact_records_of(conn: Connection, brief: str) -> list[dict[str, Any]]:
    """The FactCorrected / FactCorrectionRevoked records of `brief`, oldest first: seq (the
    correction's id), type, edition, recorded_at and the payload as a dict."""
    lg = t.log.c
    rows = conn.execute(select(lg.seq, lg.type, lg.edition, lg.recorded_at, lg.payload)
                        .where(lg.type.in_(FACT_TYPES), lg.brief == brief).order_by(lg.seq))
    return [{"seq": r.seq, "type": r.type, "edition": r.edition, "recorded_at": r.recorded_at,
             "payload": json.loads(r.payload)} for r in rows]


class FactCorrections(Database):
    """Recording corrections of single facts, and the parser's readings they rest on."""

    def fact_records(self, brief: str) -> list[dict[str, Any]]:
        """Every FactCorrected and FactCorrectionRevoked record of `brief`, oldest first."""
        self.ready()
        with self.read() as conn:
            return fact_records_of(conn, brief)

    def parser_readings(self, brief: str) -> dict[int, Reading]:
        """edition -> its newest reading made by the parser (one without an analyst's
        corrections): what corrections are applied to, and what `show --as-read` shows."""
        self.ready()
        d = t.derivations.c
        out: dict[int, Reading] = {}
        with self.read() as conn:
            for row in conn.execute(select(*q.READING_COLS).where(d.brief == brief)
                                    .order_by(d.edition, d.derivation)):
                if CORRECTED_MARK not in row.snapshot:
                    out[row.edition] = reading_of(brief, row)
            e = t.editions.c
            firsts = conn.execute(select(e.number).where(e.brief == brief)).scalars().all()
            for number in firsts:
                if number not in out:
                    first = conn.execute(q.FIRST_READING, {"brief": brief, "number": number}).first()
                    out[number] = reading_of(brief, first)
        return out

    def write_fact_records(self, brief: str, edition: int, records: Sequence[tuple[str, dict[str, Any]]],
                           plan: Callable[[list[int]], Sequence[NewDerivation]],
                           identities_of: Callable[[Snapshot], dict[str, str]],
                           states: States | None = None) -> tuple[list[int], list[Reading]]:
        """Append several records of edition `edition` ((type, payload) each, in order) to the
        log and, in the same transaction, the readings `plan(seqs)` asks for (seqs: the
        records' ids, in the same order); then the brief's identities and, with `states` (the
        application's fold), its fold_states. Returns the seqs and the readings written.
        Nothing is written when any part fails."""
        if not records:
            raise ValueError("no fact correction record to write")
        for type_, _payload in records:
            if type_ not in FACT_TYPES:
                raise ValueError(f"not a fact correction record: {type_}")
        self.ready()

        def work(conn: Connection) -> tuple[list[int], list[Reading]]:
            append_log(conn, brief, edition, [(type_, sorted_json(payload)) for type_, payload in records],
                       now_utc())
            head = conn.execute(q.LOG_HEAD).first().seq
            seqs = list(range(head - len(records) + 1, head + 1))
            items = list(plan(seqs))
            written = [write_reading(conn, item) for item in items]
            if items:
                refresh_identities(conn, items, identities_of)
            if states is not None:
                refold_in(conn, brief, states)
            return seqs, written

        what = f"the correction of edition {edition}" if len(records) == 1 else f"the corrections of edition {edition}"
        try:
            return self.retrying(what, work)
        finally:
            self.cache.forget()
