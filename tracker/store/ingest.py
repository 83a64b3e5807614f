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
from typing import Any

from sqlalchemy import Connection

from tracker.canonical import GENESIS, sha256_hex, snapshot_dict, sorted_json
from tracker.errors import InputError, TrackerError
from tracker.model import Snapshot
from tracker.store import queries as q
from tracker.store import revisions
from tracker.store import schema as t
from tracker.store.briefs import log_mode
from tracker.store.database import Database
from tracker.store.derivations import write_reading
from tracker.store.facts import fact_records_of
from tracker.store.records import (
    AliasInfo,
    EditionInfo,
    IngestResult,
    ModeInfo,
    NewDerivation,
    NewEdition,
    Settled,
    StoreBusyError,
    mode_at,
)
from tracker.store.writer import append_log, edition_events, edition_row, now_utc, projection_rows, state_rows

Settle = Callable[[Snapshot, "PriorView"], Settled]
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
    """What one write transaction reads once per brief, under the writer lock: which editions
    are retracted and the brief's mode records. Neither changes inside the transaction except
    by a brief's creation, which comes before the first read."""

    withdrawn: dict[str, list[int]] = field(default_factory=dict)
    modes: dict[str, list[ModeInfo]] = field(default_factory=dict)


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
            reads = BatchReads()
            return [self._write_one(conn, item, settle, reads) for item in items]

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

    def _write_one(self, conn: Connection, item: NewEdition, settle: Settle,
                   reads: BatchReads) -> IngestResult:
        """Write one edition in the open transaction. What it remembers (brief known, keys,
        the snapshot written) is forgotten by the caller if the transaction does not commit.
        Retracted editions are left out: their bytes may be stored again, and a new edition
        is compared with the edition in force among the others."""
        brief = item.brief
        if brief not in reads.withdrawn:
            reads.withdrawn[brief] = sorted(q.retracted(conn, brief))
        skip = reads.withdrawn[brief]
        if skip:
            existing = conn.execute(q.BY_SHA_KEPT, {"brief": brief, "sha": item.sha256, "skip": skip}).first()
        else:
            existing = conn.execute(q.BY_SHA, {"brief": brief, "sha": item.sha256}).first()
        if existing is not None:  # stored before, or by another writer meanwhile
            return IngestResult("unchanged", q.edition_info(existing), (), None)
        stamp = now_utc()
        created = False
        if brief not in self.cache.briefs:
            if conn.execute(q.BRIEF_EXISTS, {"brief": brief}).first() is None:
                conn.execute(t.briefs.insert().values(slug=brief, created_at=stamp))
                created = True
            self.cache.briefs.add(brief)
        if created and item.mode is not None:  # the brief's creation carries its mode
            log_mode(conn, ModeInfo(brief, item.mode, 1, None, stamp))
        if brief not in reads.modes:  # after the creation's mode record, so it is included
            reads.modes[brief] = q.modes_of(conn, brief)
        modes = reads.modes[brief]
        if item.mode is not None and not created and modes_differ(modes, item.mode):
            raise InputError(
                f"brief {brief!r} is {mode_at(modes, 1 << 30)}, not {item.mode}; change its mode "
                f"with `tracker brief set-mode {brief} {item.mode}`")
        last = conn.execute(q.LAST_NUMBER, {"brief": brief}).first()
        number = last.number + 1 if last else 1
        prev_chain = last.chain_hash if last else GENESIS

        as_of = item.snapshot.as_of
        if skip:
            previous_row = conn.execute(q.IN_FORCE_KEPT, {"brief": brief, "as_of": item.snapshot.as_of,
                                                          "skip": skip}).first()
        else:
            previous_row = conn.execute(q.IN_FORCE, {"brief": brief, "as_of": item.snapshot.as_of}).first()
        prior = PriorView(
            previous=q.edition_info(previous_row) if previous_row else None,
            aliases=q.aliases_for(conn, brief),
            _before=lambda: self._before(conn, brief, previous_row),
            _lookup=lambda wanted: self._identities(conn, brief, set(wanted)),
            number=number, source=item.source, modes=modes,
            _state=lambda: q.state_of(conn, brief, previous_row.number) if previous_row else None,
            _later=lambda: q.editions_after(conn, brief, as_of),
            _history=lambda: q.editions_after(conn, brief, None),
            _facts=lambda: fact_records_of(conn, brief), _raw=(item.data, item.what, item.charset),
            _backfill=lambda: conn.execute(q.LATER_KEPT, {"brief": brief, "as_of": as_of,
                                                          "skip": skip}).first() is not None,
        )
        settled = settle(item.snapshot, prior)
        snap = settled.snapshot

        snap_dict = snapshot_dict(snap)
        snap_json = sorted_json(snap_dict)  # == canonical_json(snap.to_dict()), tested
        snap_sha = sha256_hex(snap_json)
        row = edition_row(brief, number, prev_chain, stamp, item.source, item.data, item.sha256,
                          snap.as_of, snap_json, snap_sha, item.parser_version, item.charset)
        conn.execute(q.INSERT_EDITION, row)
        previous = prior.previous
        append_log(conn, brief, number,
                   edition_events(row, previous.number if previous else None, settled.changes), stamp)
        rows = projection_rows(brief, number, snap.as_of, snap_dict)
        if rows:
            conn.execute(q.INSERT_VERSIONS, rows)
            revisions.record(conn, brief, number, snap.as_of, rows)
        if settled.states:
            numbers = [n for n, _, _ in settled.states]
            conn.execute(t.fold_states.delete().where(t.fold_states.c.brief == brief,
                                                      t.fold_states.c.edition.in_(numbers)))
            conn.execute(q.INSERT_STATES, state_rows(brief, settled.states))
        if settled.reading is not None:  # an analyst's corrections in force: its second reading
            write_reading(conn, NewDerivation(brief, number, 1, item.parser_version, settled.reading,
                                              settled.reading_summary or {}))
            snap = settled.reading
        fresh = settled.identities
        if fresh:
            conn.execute(q.INSERT_IDENTITIES,
                         [{"brief": brief, "identity": i, "key": k} for i, k in sorted(fresh.items())])
            self.cache.identities.setdefault(brief, {}).update(fresh)
        self.cache.last_written[brief] = (number, snap_sha, snap)
        return IngestResult("stored", q.edition_info(row), tuple(settled.changes), previous)

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

    def _identities(self, conn: Connection, brief: str, wanted: set[str]) -> dict[str, str]:
        """identity -> key for those of `wanted` in the projection. Rows found are kept (they
        are never changed once written), so a bulk load asks the database only for the
        identities it has not met yet."""
        seen = self.cache.identities.setdefault(brief, {})
        missing = {i for i in wanted if i not in seen}
        if missing:
            seen.update(q.derived_identities(conn, brief, missing))
        return {i: seen[i] for i in wanted if i in seen}
