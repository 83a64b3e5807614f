"""`verify`: the log's records other than an edition's own (its EditionRecorded event and its
changes), each proved against the stored row it names.

- later readings (EditionReparsed): the derivations table, its chain and numbering;
- retractions (EditionRetracted): each names a stored edition by number, as-of and hash;
- aliases (AliasRecorded) and their revocations (AliasRevoked);
- brief rows: written with a brief's first edition, or with its mode (BriefModeSet; the modes
  themselves are proved with the fold states, `tracker.audit.folds`).

`LogRecords` gathers them while `tracker.audit.chain` walks the log (the chain proves they
are the events written), and answers the replay questions the edition verifier asks: which
reading of an edition was in force, which editions were withdrawn before another was recorded.

A new kind of record (an analyst's correction of a single fact, say) goes here: a collector
in `LogRecords.TAKERS`, a check in `CHECKS`, and, if it changes what an edition says from
some point in the log on, a replay question like `reading_in_force` that the edition and
projection verifiers ask.

It reads the log and the rows it names, and never writes; it does not re-hash editions or
walk the chain (other verifiers do).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
import hashlib
import json
from typing import Any

from sqlalchemy import Connection, select

from tracker.audit.problems import Problems, rows
from tracker.canonical import canonical_json, derivation_hash, reparsed_payload, sorted_json
from tracker.store import schema as t
from tracker.store.records import AliasInfo
from tracker.store.writer import (
    ALIAS_RECORDED,
    ALIAS_REVOKED,
    EDITION_REPARSED,
    EDITION_RETRACTED,
    FACT_CORRECTED,
    FACT_REVOKED,
    MODE_SET,
)


class LogRecords:
    """The log's records, gathered while its chain is walked: aliases by id (their payload),
    later readings (EditionReparsed) by (brief, edition, derivation), retractions by (brief,
    edition) and alias revocations by alias id, each with its log seq and payload; and the
    seq of each EditionRecorded (a retraction counts for the editions recorded after it)."""

    def __init__(self) -> None:
        self.aliases: dict[int, str] = {}
        self.reparsed: dict[tuple[str, int, int], tuple[int, str]] = {}
        self.retracted: dict[tuple[str, int], tuple[int, str]] = {}
        self.revoked: dict[int, tuple[int, str]] = {}
        self.recorded_at_seq: dict[tuple[str, int], int] = {}
        # an analyst's corrections of single facts and their revocations: (seq, brief, payload)
        self.facts: list[tuple[int, str | None, int | None, str, str]] = []

    def takes(self, type_: str) -> bool:
        """Whether an event of this type is one of these records (else an edition's change)."""
        return type_ in self.TAKERS

    def take(self, seq: int, brief: str | None, edition: int | None, type_: str, payload: str,
             problems: Problems) -> None:
        """Keep one log event of a type in `TAKERS`, reporting one that cannot be kept."""
        self.TAKERS[type_](self, seq, brief, edition, type_, payload, problems)

    def recorded(self, seq: int, brief: str, edition: int) -> None:
        """An EditionRecorded event: the first one of an edition dates it in the log."""
        self.recorded_at_seq.setdefault((brief, edition), seq)

    def _alias(self, seq: int, brief: str | None, edition: int | None, type_: str, payload: str,
               problems: Problems) -> None:
        try:
            self.aliases[int(json.loads(payload)["id"])] = payload
        except (ValueError, KeyError, TypeError):
            problems.add(f"log event {seq}: unreadable AliasRecorded payload")

    def _mode(self, seq: int, brief: str | None, edition: int | None, type_: str, payload: str,
              problems: Problems) -> None:
        """A brief's mode: checked with the folds (tracker.audit.folds)."""

    def _revocation(self, seq: int, brief: str | None, edition: int | None, type_: str, payload: str,
                    problems: Problems) -> None:
        number = _named(seq, brief, edition, type_, payload, "id", problems)
        if number is None:
            return
        if number in self.revoked:
            problems.add(f"log event {seq}: alias {number} revoked twice")
        self.revoked[number] = (seq, payload)

    def _retraction(self, seq: int, brief: str | None, edition: int | None, type_: str, payload: str,
                    problems: Problems) -> None:
        number = _named(seq, brief, edition, type_, payload, "number", problems)
        if number is None or not _names_edition(seq, brief, edition, type_, problems):
            return
        if (brief, edition) in self.retracted or number != edition:
            problems.add(f"log event {seq}: a second retraction, or one naming another edition",
                         brief, edition)
        self.retracted[(brief, edition)] = (seq, payload)

    def _reading(self, seq: int, brief: str | None, edition: int | None, type_: str, payload: str,
                 problems: Problems) -> None:
        number = _named(seq, brief, edition, type_, payload, "derivation", problems)
        if number is None or not _names_edition(seq, brief, edition, type_, problems):
            return
        where = (brief, edition, number)
        if where in self.reparsed:
            problems.add(f"log event {seq}: reading {number} logged twice", brief, edition)
        self.reparsed[where] = (seq, payload)

    def _fact(self, seq: int, brief: str | None, edition: int | None, type_: str, payload: str,
              problems: Problems) -> None:
        """A FactCorrected or FactCorrectionRevoked record: checked by `tracker.audit.facts`."""
        self.facts.append((seq, brief, edition, type_, payload))

    # event type -> its collector; any other type is an edition's (EditionRecorded or a change)
    TAKERS: dict[str, Callable[..., None]] = {
        ALIAS_RECORDED: _alias,
        MODE_SET: _mode,
        EDITION_REPARSED: _reading,
        EDITION_RETRACTED: _retraction,
        ALIAS_REVOKED: _revocation,
        FACT_CORRECTED: _fact,
        FACT_REVOKED: _fact,
    }

    def reading_in_force(self, brief: str, pred: int | None, number: int) -> int:
        """Which reading of edition `pred` was in force when edition `number` was recorded."""
        if pred is None or not self.reparsed:
            return 1
        recorded = self.recorded_at_seq.get((brief, number))
        if recorded is None:
            return 1
        found = [d for (b, n, d), (seq, _) in self.reparsed.items() if b == brief and n == pred and seq < recorded]
        return max(found, default=1)

    def withdrawals(self, brief: str) -> list[tuple[int, int]]:
        """(log seq, edition) of each retraction of `brief`, in log order."""
        return sorted((at, n) for (b, n), (at, _) in self.retracted.items() if b == brief)


def _named(seq: int, brief: str | None, edition: int | None, type_: str, payload: str, field: str,
           problems: Problems) -> int | None:
    """The number a correction's payload names it by (`field`), or None, reported."""
    try:
        return int(json.loads(payload)[field])
    except (ValueError, KeyError, TypeError):
        problems.add(f"log event {seq}: unreadable {type_} payload", brief, edition)
        return None


def _names_edition(seq: int, brief: str | None, edition: int | None, type_: str,
                   problems: Problems) -> bool:
    if brief is None or edition is None:
        problems.add(f"log event {seq} ({type_}) names no edition")
        return False
    return True


# -- the checks, in the order `check_records` runs them ------------------------------------------


def check_aliases(conn: Connection, records: LogRecords, problems: Problems) -> None:
    """Each stored alias equals its AliasRecorded event; each logged one is stored."""
    alias_events = records.aliases
    stored = set()
    for row in conn.execute(select(t.aliases).order_by(t.aliases.c.id)):
        stored.add(row.id)
        payload = canonical_json(AliasInfo(**row._asdict()).to_dict())
        if alias_events.get(row.id) != payload:
            problems.add(f"alias {row.id} ({row.name!r}) does not match its AliasRecorded event")
    for missing in sorted(set(alias_events) - stored):
        problems.add(f"alias {missing} is in the log but not stored")


_DERIVATION_SQL = (
    "SELECT d.brief, d.edition, d.derivation, d.recorded_at, d.parser_version, d.snapshot, "
    "d.snapshot_sha256, d.prev_chain_hash, d.chain_hash, e.chain_hash, e.parser_version, e.as_of "
    "FROM derivations d LEFT JOIN editions e ON e.brief = d.brief AND e.number = d.edition "
    "ORDER BY d.brief, d.edition, d.derivation")
_Derivation = namedtuple("_Derivation", "brief edition derivation recorded_at parser_version snapshot "
                                        "snapshot_sha256 prev_chain_hash chain_hash edition_chain "
                                        "edition_version as_of")


def check_derivations(conn: Connection, records: LogRecords, problems: Problems) -> None:
    """Every later reading: its snapshot hash, its link to the reading before it (the
    edition's own chain hash for the second), its chain hash, numbering 2, 3, ... per
    edition, its as-of, and its EditionReparsed event (payload equal to the row)."""
    logged = records.reparsed
    last: tuple[str, int] | None = None
    expected, prev_chain, prev_version = 2, "", ""
    seen = set()
    for values in rows(conn, _DERIVATION_SQL):
        row = _Derivation(*values)
        if (row.brief, row.edition) != last:
            last, expected = (row.brief, row.edition), 2
            prev_chain, prev_version = row.edition_chain, row.edition_version
        seen.add((row.brief, row.edition, row.derivation))
        _check_reading(row, expected, prev_chain, prev_version, logged, problems)
        expected, prev_chain, prev_version = row.derivation + 1, row.chain_hash, row.parser_version
    for brief, edition, derivation in sorted(set(logged) - seen, key=str):
        problems.add(f"the log records reading {derivation} but it is not stored", brief, edition)


def _check_reading(row: Any, expected: int, prev_chain: str, prev_version: str,
                   logged: dict[tuple[str, int, int], tuple[int, str]], problems: Problems) -> None:
    """One later reading, given the number, chain hash and parser version of the one before."""
    where = (row.brief, row.edition)
    label = f"reading {row.derivation}"
    if row.edition_chain is None:
        problems.add(f"{label} is stored for an edition that is not", *where)
    if row.derivation != expected:
        problems.add(f"{label}: readings must be numbered 2, 3, ... (expected {expected})", *where)
    if hashlib.sha256(str(row.snapshot).encode("utf-8")).hexdigest() != row.snapshot_sha256:
        problems.add(f"{label}: stored snapshot does not match its sha256", *where)
    if row.prev_chain_hash != prev_chain:
        problems.add(f"{label}: link to the reading before it is broken", *where)
    try:
        chained = derivation_hash(row.prev_chain_hash, row.brief, row.edition, row.derivation,
                                  row.recorded_at, row.parser_version, row.snapshot_sha256)
    except (TypeError, ValueError):
        chained = None
    if chained != row.chain_hash:
        problems.add(f"{label}: chain hash does not match the reading's fields", *where)
    if not str(row.snapshot).startswith(f'{{"as_of":"{row.as_of}","counts":'):
        problems.add(f"{label}: snapshot as-of differs from the edition's {row.as_of}", *where)
    event = logged.get((row.brief, row.edition, row.derivation))
    if event is None:
        problems.add(f"{label}: no EditionReparsed event in the log", *where)
        return
    try:
        summary = json.loads(event[1]).get("reading")
        expected_payload = sorted_json(reparsed_payload(row, prev_version, summary))
    except (ValueError, TypeError, AttributeError):
        expected_payload = None
    if event[1] != expected_payload:
        problems.add(f"{label}: EditionReparsed event does not match the stored reading", *where)


def _names_row(payload: str, row: Any, fields: tuple[str, ...]) -> bool:
    """A correction's logged payload names `row` (a stored row, or None) by `fields`, and
    gives its reason as text."""
    try:
        data = json.loads(payload)
        return row is not None and all(data[f] == getattr(row, f) for f in fields) \
            and isinstance(data["reason"], str)
    except (ValueError, KeyError, TypeError):
        return False


def check_retractions(conn: Connection, records: LogRecords, problems: Problems) -> None:
    """Each retraction names a stored edition by its number, as-of and bytes' hash."""
    if not records.retracted:
        return
    e = t.editions.c
    stored = {(r.brief, r.number): r for r in conn.execute(select(e.brief, e.number, e.as_of, e.sha256))}
    for (brief, number), (seq, payload) in sorted(records.retracted.items()):
        if not _names_row(payload, stored.get((brief, number)), ("number", "as_of", "sha256")):
            problems.add(f"log event {seq}: the retraction does not match a stored edition", brief, number)


def check_revocations(conn: Connection, records: LogRecords, problems: Problems) -> None:
    """Each revocation names a stored alias by its id, name, canonical name and brief."""
    if not records.revoked:
        return
    stored = {r.id: r for r in conn.execute(select(t.aliases))}
    for alias_id, (seq, payload) in sorted(records.revoked.items()):
        if not _names_row(payload, stored.get(alias_id), ("name", "canonical", "brief")):
            problems.add(f"log event {seq}: the revocation of alias {alias_id} does not match a stored alias")


def check_briefs(conn: Connection, records: LogRecords, problems: Problems) -> None:
    """A brief row is written with the brief's first edition and stamped with its ingestion
    time: a brief row without an edition 1, or with another time, was added or edited later."""
    e, b, lg = t.editions.c, t.briefs.c, t.log.c
    firsts = dict(conn.execute(select(e.brief, e.ingested_at).where(e.number == 1)).all())
    # a brief created with its mode (`tracker brief create`) before any edition
    made = dict(conn.execute(select(lg.brief, lg.recorded_at).where(lg.type == MODE_SET)
                             .order_by(lg.seq.desc())).all())
    for slug, created_at in conn.execute(select(b.slug, b.created_at).order_by(b.slug)):
        if made.get(slug) == created_at and (slug not in firsts or firsts[slug] >= created_at):
            continue
        if slug not in firsts:
            problems.add(f"brief {slug!r} has no edition 1, yet briefs are only recorded with one")
        elif created_at != firsts[slug]:
            problems.add("the brief's created_at is not its first edition's ingestion time", slug, 1)


# Run in this order (the report lists the problems of the whole record in the order found).
def check_fact_corrections(conn: Connection, records: LogRecords, problems: Problems) -> None:
    """An analyst's corrections and the corrected readings: `tracker.audit.facts`."""
    from tracker.audit.facts import check_facts

    check_facts(conn, records.facts, problems)


CHECKS: tuple[Callable[[Connection, LogRecords, Problems], None], ...] = (
    check_aliases, check_derivations, check_retractions, check_revocations, check_briefs,
    check_fact_corrections,
)


def check_records(conn: Connection, records: LogRecords, problems: Problems) -> None:
    """Every kind of record against the rows it names."""
    for check in CHECKS:
        check(conn, records, problems)
