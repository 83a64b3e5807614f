"""Writing new editions: the store's side of `tracker ingest`.

One write transaction holds, per edition, the edition row and its chain link, its
`EditionRecorded` event, one event per change against the edition in force before it, and
the projection rows (entity_versions, event_revisions, identities, fold_states): a crash
leaves all of it or none. A bulk ingest writes a group of editions in one transaction, each
of them whole; when the group fails, each is written again alone, so one bad edition costs
only itself. The rows are built by `writer`.

Inside the transaction the application is shown the record (`PriorView`, a `records.Prior`)
and answers with what to write (`records.Settled`): this module must not parse, settle
identity, diff or fold; it records what it is given.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, func, select

from tracker.canonical import GENESIS, sha256_hex, snapshot_dict, snapshot_json
from tracker.errors import InputError, TrackerError
from tracker.model import Snapshot
from tracker.store import queries as q
from tracker.store import revisions
from tracker.store import schema as t
from tracker.store.batch import Head, Pending
from tracker.store.briefs import log_mode
from tracker.store.database import Database
from tracker.store.derivations import write_reading
from tracker.store.facts import fact_records_of
from tracker.store.records import AliasInfo, EditionInfo, ModeInfo, StoreBusyError, mode_at
from tracker.store.writer import edition_events, edition_row, now_utc, projection_rows, state_rows

if TYPE_CHECKING:
    from tracker.store.inputs import IngestResult, NewEdition, Settled

_E = t.editions.c
BY_SHAS = select(*q.INFO_COLS).where(_E.brief == bindparam("brief"),
                                    _E.sha256.in_(bindparam("shas", expanding=True))).order_by(_E.number)
NEWEST_AS_OF = select(func.max(_E.as_of)).where(_E.brief == bindparam("brief"))

Settle = Callable[[Snapshot, "PriorView"], "Settled"]
"""The application's reading of a new snapshot against the record (see `records.Prior`)."""


@dataclass
class PriorView:
    """`records.Prior` over the writer's connection: what a new edition is settled against."""

    previous: EditionInfo | None
    aliases: list[AliasInfo]
    _before: Callable[[], Snapshot]
    _lookup: Callable[[Iterable[str]], dict[str, str]]
    _seen: Snapshot | None = field(default=None, repr=False)
    number: int = 0
    source: str = ""
    modes: list[ModeInfo] = field(default_factory=list)
    _state: Callable[[], str | None] = lambda: None
    _later: Callable[[], list] = lambda: []
    _history: Callable[[], list] = lambda: []
    _facts: Callable[[], list] = lambda: []
    _raw: tuple[bytes, str | None, str] = (b"", None, "utf-8")
    _backfill: Callable[[], bool] = lambda: False

    def before(self) -> Snapshot:
        if self._seen is None:
            self._seen = self._before()
        return self._seen

    def state_before(self) -> str | None:
        return self._state()

    def later(self) -> list[tuple[EditionInfo, Snapshot]]:
        return self._later()

    def history(self) -> list[tuple[EditionInfo, Snapshot]]:
        return self._history()

    def identities(self, wanted: Iterable[str]) -> dict[str, str]:
        return self._lookup(wanted)

    def fact_records(self) -> list[dict[str, Any]]:
        return self._facts()

    def raw(self) -> tuple[bytes, str | None, str]:
        return self._raw

    def backfill(self) -> bool:
        """Whether an edition in force has a later as-of date than the new one (one small
        query, asked only when it matters: see `tracker.app.correcting.Backfills`)."""
        return self._backfill()


@dataclass
class BatchReads:
    """What one write transaction reads once per brief, under the writer lock, and follows in
    memory as it writes: which editions are retracted, the brief's mode records and aliases
    (none of these changes inside an ingest, except by a brief's creation, which comes before
    the first read), its last edition (number and chain hash), the edition in force at its
    latest as-of date, the latest as-of of any edition stored (retracted or not), and the
    stored editions with the bytes of the batch's items. With them, an edition written after
    the others in as-of order (a bulk ingest's usual case) costs no query of its own."""

    items: Sequence[NewEdition] = ()
    withdrawn: dict[str, list[int]] = field(default_factory=dict)
    modes: dict[str, list[ModeInfo]] = field(default_factory=dict)
    aliases: dict[str, list[AliasInfo]] = field(default_factory=dict)
    last: dict[str, tuple[int, str]] = field(default_factory=dict)
    head: dict[str, Head | None] = field(default_factory=dict)
    newest: dict[str, str | None] = field(default_factory=dict)
    stored: dict[str, dict[str, list[Any]]] = field(default_factory=dict)

    def learn(self, conn: Connection, brief: str) -> None:
        """The brief's reads, once a transaction (before any of its rows is held)."""
        if brief in self.withdrawn:
            return
        skip = self.withdrawn[brief] = sorted(q.retracted(conn, brief))
        last = conn.execute(q.LAST_NUMBER, {"brief": brief}).first()
        self.last[brief] = (last.number, last.chain_hash) if last else (0, GENESIS)
        head = (conn.execute(q.IN_FORCE_KEPT, {"brief": brief, "as_of": LAST_DAY, "skip": skip}) if skip
                else conn.execute(q.IN_FORCE, {"brief": brief, "as_of": LAST_DAY})).first()
        self.head[brief] = Head(head._mapping) if head else None
        self.newest[brief] = conn.execute(NEWEST_AS_OF, {"brief": brief}).scalar()
        self.aliases[brief] = q.aliases_for(conn, brief)
        shas = sorted({item.sha256 for item in self.items if item.brief == brief})
        found: dict[str, list[Any]] = {}
        for at in range(0, len(shas), 500):
            for row in conn.execute(BY_SHAS, {"brief": brief, "shas": shas[at:at + 500]}):
                found.setdefault(row.sha256, []).append(row)
        self.stored[brief] = found

    def existing(self, brief: str, digest: str) -> Any:
        """A stored edition in force (read, or written in this transaction) with these bytes."""
        skip = self.withdrawn[brief]
        return next((r for r in self.stored[brief].get(digest, ()) if r.number not in skip), None)

    def wrote(self, row: Head) -> None:
        """Follow an edition just written (held)."""
        brief, as_of = row.brief, row.as_of
        self.last[brief] = (row.number, row.chain_hash)
        head = self.head[brief]
        if head is None or as_of >= head.as_of:
            self.head[brief] = row
        if self.newest[brief] is None or as_of > self.newest[brief]:
            self.newest[brief] = as_of
        self.stored[brief].setdefault(row.sha256, []).append(row)


LAST_DAY = "9999-12-31"  # after any as-of: the edition in force at it is the brief's latest


def modes_differ(modes: list[ModeInfo], wanted: str) -> bool:
    """Whether a brief recorded with `modes` is not in mode `wanted` now."""
    return mode_at(modes, 1 << 30) != wanted


class Ingest(Database):
    """Writing editions, each settled by the application against the record in force."""

    def stored_as(self, brief: str, digest: str) -> EditionInfo | None:
        """The edition of `brief` in force (not retracted) whose raw bytes hash to `digest`."""
        self.ready()
        with self.read() as conn:
            skip = sorted(q.retracted(conn, brief))
            if skip:
                row = conn.execute(q.BY_SHA_KEPT, {"brief": brief, "sha": digest, "skip": skip}).first()
            else:
                row = conn.execute(q.BY_SHA, {"brief": brief, "sha": digest}).first()
        return q.edition_info(row) if row is not None else None

    def write_editions(self, items: Sequence[NewEdition],
                       settle: Settle) -> list[IngestResult | TrackerError]:
        """Write `items`, in order, in one transaction: one outcome each.

        For each, `settle(snapshot, prior)` is called inside the transaction with what the
        record holds (the edition in force at its as-of date, aliases, identities), and what
        it returns is written. Bytes already stored come back `unchanged`. If the
        transaction fails, the items are written again one transaction each, so one bad
        edition costs only itself."""
        self.ready()
        if not items:
            return []
        attempts = 0

        def work(conn: Connection) -> list[IngestResult]:
            nonlocal attempts
            attempts += 1
            if attempts > 1:
                self.cache.forget()  # a retried attempt starts afresh
            pending, reads = Pending(conn), BatchReads(items)
            if pending.log_head() != self.cache.log_head:  # written by another since: ask again
                self.cache.complete.clear()
            out = [self._write_one(pending, item, settle, reads) for item in items]
            pending.flush()
            self.cache.log_head = pending.head  # forgotten if the commit fails
            return out

        what = items[0].what if len(items) == 1 else f"{len(items)} editions"
        try:
            return list(self.retrying(what, work))
        except StoreBusyError as exc:
            self.cache.forget()
            return [exc] * len(items)  # trying them one by one would wait as long again each
        except TrackerError as exc:
            self.cache.forget()
            if len(items) == 1:
                return [exc]
            return [out for item in items for out in self.write_editions([item], settle)]
        except BaseException:
            self.cache.forget()
            raise

    def _write_one(self, pending: Pending, item: NewEdition, settle: Settle,
                   reads: BatchReads) -> IngestResult:
        """Write one edition in the open transaction, its rows held by `pending`. What it
        remembers (brief known, keys, the snapshot written) is forgotten by the caller if the
        transaction does not commit. Retracted editions are left out: their bytes may be
        stored again, and a new edition is compared with the edition in force among the others."""
        from tracker.store.inputs import IngestResult, NewDerivation

        conn, reader, brief = pending.conn, pending.reader, item.brief
        reads.learn(conn, brief)
        existing = reads.existing(brief, item.sha256)
        if existing is not None:  # stored before, or by another writer meanwhile
            return IngestResult("unchanged", q.edition_info(existing), (), None)
        stamp = now_utc()
        created = self._brief_row(pending, brief, stamp, item.mode)
        if brief not in reads.modes:  # after the creation's mode record, so it is included
            reads.modes[brief] = q.modes_of(conn, brief)
        modes = reads.modes[brief]
        if item.mode is not None and not created and modes_differ(modes, item.mode):
            raise InputError(
                f"brief {brief!r} is {mode_at(modes, 1 << 30)}, not {item.mode}; change its mode "
                f"with `tracker brief set-mode {brief} {item.mode}` (with `--from 1 --reason TEXT`, "
                "the editions already stored are read so too)")
        number, prev_chain = reads.last[brief]
        number += 1
        as_of = item.snapshot.as_of
        skip = reads.withdrawn[brief]
        previous_row = reads.head[brief]
        if previous_row is not None and as_of < previous_row.as_of:  # a backfill: ask
            previous_row = (reader.execute(q.IN_FORCE_KEPT, {"brief": brief, "as_of": as_of, "skip": skip})
                            if skip else reader.execute(q.IN_FORCE, {"brief": brief, "as_of": as_of})).first()
        prior = PriorView(
            previous=q.edition_info(previous_row) if previous_row else None,
            aliases=reads.aliases[brief],
            _before=lambda: self._before(reader, brief, previous_row),
            # the identities held are all in the cache, so those missing from it are read plainly
            _lookup=lambda wanted: self._identities(conn, brief, set(wanted), len(reads.items) > 1),
            number=number, source=item.source, modes=modes,
            _state=lambda: q.state_of(reader, brief, previous_row.number) if previous_row else None,
            _later=lambda: q.editions_after(reader, brief, as_of),
            _history=lambda: q.editions_after(reader, brief, None),
            _facts=lambda: fact_records_of(reader, brief), _raw=(item.data, item.what, item.charset),
            _backfill=lambda: reads.head[brief] is not None and as_of < reads.head[brief].as_of,
        )
        settled = settle(item.snapshot, prior)
        snap = settled.snapshot

        snap_dict = snapshot_dict(snap)
        snap_json, encoded = snapshot_json(snap_dict)  # == canonical_json(snap.to_dict()), tested
        snap_sha = sha256_hex(snap_json)
        row = Head(edition_row(brief, number, prev_chain, stamp, item.source, item.data, item.sha256,
                               snap.as_of, snap_json, snap_sha, item.parser_version, item.charset))
        later = reads.newest[brief] is not None and snap.as_of < reads.newest[brief]
        pending.add("editions", [row])
        reads.wrote(row)
        previous = prior.previous
        pending.append_log(brief, number,
                           edition_events(row, previous.number if previous else None, settled.changes), stamp)
        rows = projection_rows(brief, number, snap.as_of, snap_dict, encoded)
        if rows:
            pending.add("entity_versions", rows)
            self._revise(pending, brief, number, snap.as_of, rows, later)
        if settled.states:
            numbers = [n for n, _, _ in settled.states]
            conn.execute(t.fold_states.delete().where(t.fold_states.c.brief == brief,
                                                      t.fold_states.c.edition.in_(numbers)))
            conn.execute(q.INSERT_STATES, state_rows(brief, settled.states))
        if settled.reading is not None:  # an analyst's corrections in force: its second reading
            with pending.direct() as direct:
                write_reading(direct, NewDerivation(brief, number, 1, item.parser_version,
                                                    settled.reading, settled.reading_summary or {}))
            snap = settled.reading
        fresh = settled.identities
        if fresh:
            pending.add("identities", [{"brief": brief, "identity": i, "key": k} for i, k in sorted(fresh.items())])
            self.cache.identities.setdefault(brief, {}).update(fresh)
        self.cache.last_written[brief] = (number, snap_sha, snap)
        return IngestResult("stored", q.edition_info(row), tuple(settled.changes), previous)

    def _brief_row(self, pending: Pending, brief: str, stamp: str, mode: str | None) -> bool:
        """Create the brief's row (and its mode record) unless it exists; whether it did."""
        if brief in self.cache.briefs:
            return False
        conn = pending.conn
        created = conn.execute(q.BRIEF_EXISTS, {"brief": brief}).first() is None
        if created:
            conn.execute(t.briefs.insert().values(slug=brief, created_at=stamp))
            if mode is not None:  # the brief's creation carries its mode
                with pending.direct() as direct:
                    log_mode(direct, ModeInfo(brief, mode, 1, None, stamp))
        self.cache.briefs.add(brief)
        return created

    @staticmethod
    def _revise(pending: Pending, brief: str, number: int, as_of: str, rows: list[dict[str, Any]],
                later: bool) -> None:
        """The event_revisions of a new edition: held when it comes after every stored
        edition in as-of order, else (a backfill) recomputed for its events in the database."""
        if not later:
            pending.revise(brief, number, as_of, {r["key"]: r["data"] for r in rows if r["kind"] == "event"})
            return
        with pending.direct() as direct:
            revisions.record(direct, brief, number, as_of, rows)

    def _before(self, conn: Connection, brief: str, previous_row: Any) -> Snapshot:
        """The snapshot in force, from the last edition written when it is that one."""
        if previous_row is None:
            return Snapshot()
        cached = self.cache.last_written.get(brief)
        if cached and cached[:2] == (previous_row.number, previous_row.snapshot_sha256):
            return cached[2]
        newer = conn.execute(q.NEWEST_READING, {"brief": brief, "number": previous_row.number}).first()
        if newer is not None:  # read again since: the newest reading is the one in force
            return Snapshot.from_dict(json.loads(newer.snapshot))
        stored = conn.execute(q.SNAPSHOT_OF, {"brief": brief, "number": previous_row.number})
        return Snapshot.from_dict(json.loads(stored.scalar_one()))

    def _identities(self, conn: Connection, brief: str, wanted: set[str],
                    bulk: bool = False) -> dict[str, str]:
        """identity -> key for those of `wanted` in the projection. Rows found are kept (they
        are never changed once written), so a bulk load asks the database only for the
        identities it has not met yet; and a bulk write reads the brief's identities whole,
        once, after which one that is not known is not stored (while no one else writes: see
        `WriteCache.complete`), since every edition of a bulk load brings new ones."""
        seen = self.cache.identities.setdefault(brief, {})
        if brief in self.cache.complete:
            return {i: seen[i] for i in wanted if i in seen}
        missing = {i for i in wanted if i not in seen}
        if missing and bulk:
            seen.update(q.derived_identities(conn, brief))
            self.cache.complete.add(brief)
        elif missing:
            seen.update(q.derived_identities(conn, brief, missing))
        return {i: seen[i] for i in wanted if i in seen}
