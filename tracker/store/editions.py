"""Reading editions back: a reference resolved to an edition, its identity, its raw bytes, its
readings (the first, stored at ingest, and those `tracker reparse` appended) and its snapshot.

REF is a date, a number, a sha256 prefix or nothing (the latest); a retracted edition is in
force on no date and is refused when named, unless asked for. Snapshots come back as they were
settled and stored: this module must not parse, re-read or diff anything, nor write.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import func, select

from tracker.days import ISO_DAY, day_problem, valid_day
from tracker.errors import InputError, NotFoundError
from tracker.model import Snapshot
from tracker.store import queries as q
from tracker.store import schema as t
from tracker.store.database import Database
from tracker.store.records import EditionInfo, Reading

HEX = re.compile(r"[0-9a-fA-F]{6,64}")
DIGITS = re.compile(r"[0-9]+")
# Edition and reading numbers are INTEGER columns, 32 bits on PostgreSQL: a larger number names
# no edition, and is answered so rather than sent to the database (which would overflow).
MAX_NUMBER = 2**31 - 1


def in_range(number: int | None) -> bool:
    return number is None or 0 <= number <= MAX_NUMBER


def shown_number(digits: str) -> str:
    """A number for a message, a very long one cut short."""
    return digits if len(digits) <= 24 else digits[:20] + "..."


def not_retracted(found: EditionInfo, withdrawn: dict[int, dict[str, Any]]) -> EditionInfo:
    """`found`, unless it was retracted: then an error giving the retraction's reason."""
    if found.number in withdrawn:
        why = withdrawn[found.number].get("reason")
        raise NotFoundError(f"edition {found.number} of {found.brief!r} was retracted ({why}); "
                            "pass --include-retracted to see it")
    return found


def reading_of(brief: str, row: Any) -> Reading:
    """A `Reading` from a row of `queries.READING_COLS` or `queries.FIRST_READING`."""
    return Reading(brief, row.edition, getattr(row, "derivation", 1), row.parser_version,
                   row.recorded_at, row.snapshot_sha256, row.chain_hash,
                   Snapshot.from_dict(json.loads(row.snapshot)))


class Editions(Database):
    """Editions and their readings, as stored."""

    def editions(self, brief: str, *, include_retracted: bool = False) -> list[EditionInfo]:
        """Every edition of `brief` in as-of order (ties: ingestion order), less the
        retracted ones unless `include_retracted`."""
        self.ready()
        with self.read() as conn:
            return q.editions_in(conn, brief, include_retracted)

    def resolve(self, brief: str, ref: str | None, *, include_retracted: bool = False) -> EditionInfo:
        """REF -> edition: None (latest by as-of), ISO date (in force that day: latest as-of on
        or before it, ties by highest number), edition number, or sha256 prefix (>= 6 hex).
        A retracted edition is in force on no date, and named is refused with its reason,
        unless `include_retracted`."""
        self.ready()
        e = t.editions.c
        with self.read() as conn:
            withdrawn = {} if include_retracted else q.retracted(conn, brief)
            kept = e.number.not_in(sorted(withdrawn)) if withdrawn else None
            if ref is None or ref == "latest":
                found = q.edition_where(conn, brief, kept, latest=True)
                if found is None:
                    raise NotFoundError(f"brief {brief!r} has no editions"
                                        + (" in force (all are retracted)" if withdrawn else ""))
                return found
            ref = ref.strip()
            if ISO_DAY.fullmatch(ref):
                if not valid_day(ref):
                    why = (day_problem(ref) or "").removeprefix("does not exist: ")
                    raise InputError(f"{ref!r} is not a valid date: {why}")
                on_day = e.as_of <= ref
                found = q.edition_where(conn, brief, on_day if kept is None else on_day & kept, latest=True)
                if found is None:
                    first = q.edition_where(conn, brief, kept, first=True)
                    detail = f"its first edition is as of {first.as_of}" if first else "it has no editions"
                    raise NotFoundError(f"no edition of {brief!r} in force on {ref}: {detail}")
                return found
            if DIGITS.fullmatch(ref):
                number = int(ref) if len(ref) <= len(str(MAX_NUMBER)) else None
                beyond = number is None or not in_range(number)  # no edition has such a number
                found = None if beyond else q.edition_where(conn, brief, e.number == number)
                if found is not None:
                    return not_retracted(found, withdrawn)
                if beyond and HEX.fullmatch(ref):  # digits only, but perhaps a hash prefix
                    try:
                        return not_retracted(q.by_prefix(conn, brief, ref, sorted(withdrawn)), withdrawn)
                    except NotFoundError:
                        pass
                if len(ref) < 6 or beyond:
                    last = conn.execute(select(func.max(e.number)).where(e.brief == brief)).scalar()
                    raise NotFoundError(
                        f"brief {brief!r} has no edition {shown_number(ref)} (editions 1..{last or 0})"
                    )
            if HEX.fullmatch(ref):
                return not_retracted(q.by_prefix(conn, brief, ref.lower(), sorted(withdrawn)), withdrawn)
        raise InputError(
            f"{ref!r} is not a date (YYYY-MM-DD), an edition number or a sha256 prefix "
            "of at least 6 hex digits"
        )

    def edition(self, brief: str, number: int) -> EditionInfo:
        self.ready()
        with self.read() as conn:
            found = q.edition_where(conn, brief, t.editions.c.number == number)
        if found is None:
            raise NotFoundError(f"brief {brief!r} has no edition {number}")
        return found

    def raw(self, brief: str, number: int) -> bytes:
        """The bytes as ingested."""
        return self.received(brief, number)[0]

    def received(self, brief: str, number: int) -> tuple[bytes, str]:
        """The bytes as ingested and the charset they are read with (see `schema.editions`)."""
        self.ready()
        e = t.editions.c
        with self.read() as conn:
            stored = conn.execute(select(e.raw, e.charset).where(e.brief == brief, e.number == number)).first()
        if stored is None:
            raise NotFoundError(f"brief {brief!r} has no edition {number}")
        return bytes(stored.raw), stored.charset

    # -- readings and snapshots

    def snapshot(self, brief: str, number: int, derivation: int | None = None) -> Snapshot:
        """The stored snapshot of the edition's newest reading (or of reading `derivation`),
        as settled at ingest or reparse; never re-parsed here."""
        return self.reading(brief, number, derivation).snapshot

    def reading(self, brief: str, number: int, derivation: int | None = None) -> Reading:
        """One reading of an edition: the newest (None), the first (1) or a later one."""
        self.ready()
        if not in_range(number):
            raise NotFoundError(f"brief {brief!r} has no edition {shown_number(str(number))}")
        with self.read() as conn:
            first = conn.execute(q.FIRST_READING, {"brief": brief, "number": number}).first()
            if first is None:
                raise NotFoundError(f"brief {brief!r} has no edition {number}")
            if derivation == 1:
                return reading_of(brief, first)
            d = t.derivations.c
            query = q.NEWEST_READING if derivation is None else select(*q.READING_COLS).where(
                d.brief == brief, d.edition == number, d.derivation == derivation)
            row = conn.execute(query, {"brief": brief, "number": number}).first() if in_range(derivation) else None
            if row is not None:
                return reading_of(brief, row)
            if derivation is None:
                return reading_of(brief, first)
            last = conn.scalar(select(func.max(d.derivation)).where(d.brief == brief, d.edition == number))
            raise NotFoundError(f"edition {number} of {brief!r} has no reading {shown_number(str(derivation))} "
                                f"(readings 1..{last or 1})")

    def readings(self, brief: str, number: int) -> list[Reading]:
        """Every reading of an edition, oldest first."""
        self.ready()
        d = t.derivations.c
        with self.read() as conn:
            first = conn.execute(q.FIRST_READING, {"brief": brief, "number": number}).first()
            if first is None:
                raise NotFoundError(f"brief {brief!r} has no edition {number}")
            later = conn.execute(select(*q.READING_COLS).where(d.brief == brief, d.edition == number)
                                 .order_by(d.derivation))
            return [reading_of(brief, first)] + [reading_of(brief, r) for r in later]

    def stored_raw(self, brief: str) -> list[tuple[EditionInfo, bytes, str]]:
        """Every edition of `brief` in as-of order with its raw bytes and their charset: what
        `tracker reparse` reads again (its readings apart, `newest_readings`, so the parsing
        can start before they are decoded)."""
        self.ready()
        e = t.editions.c
        with self.read() as conn:
            rows = conn.execute(select(*q.INFO_COLS, e.raw, e.charset).where(e.brief == brief)
                                .order_by(e.as_of, e.number))
            return [(q.edition_info(row), bytes(row.raw), row.charset) for row in rows]

    def newest_readings(self, brief: str) -> dict[int, Reading]:
        """edition number -> its newest reading (the first when it was never read again), for
        every edition of `brief`."""
        self.ready()
        e = t.editions.c
        with self.read() as conn:
            newest = q.newest_readings(conn, brief)
            out = {number: reading_of(brief, row) for number, row in newest.items()}
            for row in conn.execute(select(*q.INFO_COLS, e.parser_version, e.snapshot).where(e.brief == brief)):
                if row.number not in out:  # never read again: the reading stored at ingest
                    out[row.number] = Reading(brief, row.number, 1, row.parser_version, row.ingested_at,
                                              row.snapshot_sha256, row.chain_hash,
                                              Snapshot.from_dict(json.loads(row.snapshot)))
        return out
