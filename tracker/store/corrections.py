"""Corrections: log records that change what the views show without touching a stored edition.

Every correction is appended to the hash-chained log and never taken back; the editions and
their chain stay as they were, and `tracker verify` still proves them. The kinds there are:
- a retraction (`EditionRetracted`): an edition withdrawn from the views, with a reason (here);
- a new reading of an edition (`EditionReparsed`): `derivations`;
- an alias taken back (`AliasRevoked`): `aliases`;
- an analyst's correction of one fact (`FactCorrected`, `FactCorrectionRevoked`): `facts`;
- a brief's stored editions read in another mode (a `BriefModeSet` with `stored`): `briefs`.
A new kind is a new log type: add it to `writer.CORRECTIONS` (so `log` leaves it out of an
edition's changes and `corrections` below lists it), and write it in one write transaction,
here beside `retract` when it is as small, else in a module of its own as `facts` is.

This module records what it is given and reads the records back: it must not decide whether a
correction is right, nor parse or diff anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from tracker.canonical import sorted_json
from tracker.errors import InputError, NotFoundError
from tracker.store import queries as q
from tracker.store import schema as t
from tracker.store.briefs import States, refold_in
from tracker.store.database import Database
from tracker.store.derivations import refresh_identities, write_reading
from tracker.store.writer import CORRECTIONS, EDITION_RETRACTED, MODE_SET, append_log, now_utc


if TYPE_CHECKING:
    from tracker.store.inputs import NewDerivation


class Corrections(Database):
    """Retractions, and the list of every correction of a brief."""

    def corrections(self, brief: str) -> list[dict[str, Any]]:
        """The corrections recorded for `brief`, oldest first: new readings, retractions and
        alias revocations (its own and those of aliases for every brief), each with its log
        type, edition (or None), time and payload."""
        self.ready()
        lg = t.log.c
        with self.read() as conn:
            rows = conn.execute(
                select(lg.seq, lg.brief, lg.edition, lg.type, lg.payload, lg.recorded_at)
                .where(lg.type.in_((*CORRECTIONS, MODE_SET)), (lg.brief == brief) | lg.brief.is_(None))
                .order_by(lg.seq))
            found = [{"type": r.type, "brief": r.brief, "edition": r.edition, "recorded_at": r.recorded_at,
                      "seq": r.seq, **json.loads(r.payload)} for r in rows]
        # a mode record is a correction when it re-interprets stored editions (`stored`)
        return [r for r in found if r["type"] != MODE_SET or r.get("stored") is not None]

    # -- retractions

    def retract(self, brief: str, number: int, reason: str, readings: Sequence[NewDerivation] = (),
                identities_of: Callable[[Any], dict[str, str]] | None = None,
                states: States | None = None) -> dict[str, Any]:
        """Record that edition `number` of `brief` is withdrawn from the views, and why. The
        edition stays stored and verified; a log event is added and, in the same transaction,
        the new `readings` the withdrawal calls for (an analyst's corrections it handed on no
        longer apply; identities recomputed with `identities_of`) and, with `states`, the
        brief's fold_states: a crash leaves all of it or none. Refuses, writing nothing, when
        an edition was read again since a reading's `follows`."""
        self.ready()

        def work(conn: Connection) -> dict[str, Any]:
            found = q.edition_where(conn, brief, t.editions.c.number == number)
            if found is None:
                raise NotFoundError(f"brief {brief!r} has no edition {number}")
            earlier = q.retracted(conn, brief).get(number)
            if earlier is not None:
                raise InputError(f"edition {number} of {brief!r} was already retracted on "
                                 f"{earlier['recorded_at'][:10]} ({earlier['reason']})")
            stamp = now_utc()
            payload = {"number": number, "as_of": found.as_of, "sha256": found.sha256, "reason": reason}
            append_log(conn, brief, number, [(EDITION_RETRACTED, sorted_json(payload))], stamp)
            for item in readings:
                write_reading(conn, item)
            if readings and identities_of is not None:
                refresh_identities(conn, readings, identities_of)
            if states is not None:
                refold_in(conn, brief, states)
            return {"brief": brief, **payload, "recorded_at": stamp}

        try:
            return self.retrying(f"the retraction of edition {number}", work)
        finally:
            self.cache.forget()

    def retracted(self, brief: str) -> dict[int, dict[str, Any]]:
        """edition -> its retraction (reason, recorded_at), for the retracted editions of `brief`."""
        self.ready()
        with self.read() as conn:
            return {n: {k: v for k, v in r.items() if k != "seq"} for n, r in q.retracted(conn, brief).items()}
