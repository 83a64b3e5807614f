"""`verify`: every stored edition is the one written, and the log says what it holds.

Per brief, editions stream in number order (one query, no per-edition query), and each must
have: a number in 1..N with no gap; raw bytes and a snapshot JSON that hash to their sha256;
a link to the chain hash of the edition before it and a chain hash recomputed from its
fields; a snapshot whose as-of is the edition's; and an EditionRecorded event whose payload
is the row's (hashes, the edition it was compared with, recomputed from as-of order: the one
in force then, a withdrawn one skipped) and whose change count is the number of change
events the log holds for it. Log events naming an edition that is not stored are reported.

With `deep`, each edition's changes are also recomputed with today's diff engine from the
stored snapshots (the reading of its predecessor in force when it was recorded) and compared
with the log; a brief's folded editions are left to `tracker.audit.folds`. Not by default:
it costs the diff engine's time per edition, and an improved diff engine would report old,
honest editions as different; the log's hash chain already proves the logged changes are the
ones written at ingest.

Other checks made in the same pass (the projections) watch it through `EditionWatcher`.
This module never writes, and does not judge projections or corrections itself.
"""

from __future__ import annotations

import bisect
from collections import namedtuple
from collections.abc import Callable
import hashlib
import json
from typing import Any, Protocol

from sqlalchemy import Connection, select

from tracker.audit.chain import LogWalk
from tracker.audit.problems import Problems, rows
from tracker.audit.records import LogRecords
from tracker.canonical import (
    GENESIS,
    canonical_json,
    chain_hash,
    fast_chain_hash,
    fast_recorded_payload,
    recorded_payload,
    sorted_json,
)
from tracker.model import Snapshot
from tracker.store import schema as t
from tracker.store.writer import change_type

EDITION_COLS = ("number", "as_of", "ingested_at", "source", "raw", "sha256", "snapshot",
                "parser_version", "snapshot_sha256", "prev_chain_hash", "chain_hash", "charset")
Edition = namedtuple("Edition", EDITION_COLS)
_EDITIONS_SQL = f"SELECT {', '.join(EDITION_COLS)} FROM editions WHERE brief = :brief ORDER BY number"


class EditionWatcher(Protocol):
    """Another check made in the same pass over one brief's editions: shown each stored
    edition in number order after the edition's own checks, then told the brief is done."""

    def see(self, row: Edition) -> None: ...

    def finish(self) -> None: ...


class BriefReplay:
    """Per-brief state while editions stream in number order: the chain, the as-of order of
    the editions seen so far (to find each one's predecessor), the log's records (which
    reading of an edition was in force, which were withdrawn), and the last snapshot (deep)."""

    def __init__(self, brief: str, records: LogRecords) -> None:
        self.brief = brief
        self.next_number = 1
        self.prev_chain = GENESIS
        self.order: list[tuple[str, int]] = []
        self.as_of_of: dict[int, str] = {}
        self.records = records
        self.last: tuple[int, Snapshot] | None = None

    def predecessor(self, as_of: str) -> int | None:
        i = bisect.bisect_right(self.order, (as_of, float("inf")))
        return self.order[i - 1][1] if i else None

    def remember(self, as_of: str, number: int) -> None:
        bisect.insort(self.order, (as_of, number))
        self.as_of_of[number] = as_of

    def forget(self, number: int) -> None:
        """A retracted edition: no later edition is compared with it."""
        as_of = self.as_of_of.pop(number, None)
        if as_of is not None:
            self.order.remove((as_of, number))


def all_briefs(conn: Connection) -> list[str]:
    """Briefs named anywhere (a forged row may name one the briefs table lacks)."""
    found: set[str] = set(conn.scalars(select(t.briefs.c.slug)))
    found |= set(conn.scalars(select(t.editions.c.brief).distinct()))
    found |= set(conn.scalars(select(t.entity_versions.c.brief).distinct()))
    return sorted(found)


def check_editions(conn: Connection, briefs: list[str], walk: LogWalk, problems: Problems, deep: bool,
                   watch: Callable[[str], EditionWatcher]) -> set[tuple[str, int]]:
    """Every brief's editions, each brief watched by `watch(brief)`; the (brief, number) of
    every stored edition."""
    checked: set[tuple[str, int]] = set()
    for brief in briefs:
        _check_brief(conn, BriefReplay(brief, walk.records), walk.logged, checked, problems, deep, watch)
    return checked


def _check_brief(conn: Connection, replay: BriefReplay, logged: dict, checked: set, problems: Problems,
                 deep: bool, watch: Callable[[str], EditionWatcher]) -> None:
    """Editions of one brief in number order, each shown to the watcher after its checks: one
    pass, no per-edition query."""
    compare = None
    folded = None
    if deep:
        from tracker.audit.folds import folded_at
        from tracker.diff import compare

        folded = folded_at(conn, replay.brief)  # an edition stored folded: its changes are the fold's
    brief = replay.brief
    editions = rows(conn, _EDITIONS_SQL, brief=brief)
    watcher = watch(brief)
    withdrawals = replay.records.withdrawals(brief)
    for values in editions:
        row = Edition(*values)
        number = row.number
        where = (brief, number)
        checked.add(where)
        if number != replay.next_number:
            missing = replay.next_number
            span = f"{missing}" if number == missing + 1 else f"{missing}..{number - 1}"
            problems.add(f"edition {span} missing (numbers must run 1..N)", brief, missing)
        replay.next_number = number + 1
        if withdrawals:  # retracted before this edition was recorded: not what it was compared with
            recorded = replay.records.recorded_at_seq.get(where)
            while withdrawals and recorded is not None and withdrawals[0][0] < recorded:
                replay.forget(withdrawals.pop(0)[1])
        stored_folded = folded is not None and folded(replay.records.recorded_at_seq.get(where))
        _check_one(conn, row, brief, replay, logged.get(where), problems, None if stored_folded else compare)
        watcher.see(row)
        replay.prev_chain = row.chain_hash
        replay.remember(row.as_of, number)
    watcher.finish()


def check_unstored(logged: dict[tuple[str, int], list[Any]], checked: set[tuple[str, int]],
                   problems: Problems) -> None:
    """Editions the log records that are not stored (removed, or never written)."""
    for (brief, number) in sorted(k for k in logged if k not in checked):
        problems.add("the log records this edition but it is not stored", brief, number)


def _check_one(conn: Connection, row: Edition, brief: str, replay: BriefReplay, logged: list | None,
               problems: Problems, compare: Callable | None) -> None:
    """One edition: its hashes, its chain, its as-of, its EditionRecorded event and change
    count (`logged`: what the log walk gathered for it), and with `compare` its changes."""
    where = (brief, row.number)
    sha256 = hashlib.sha256
    if sha256(row.raw).hexdigest() != row.sha256:
        problems.add("raw bytes do not match their sha256", *where)
    snapshot = row.snapshot
    if sha256(snapshot.encode("utf-8")).hexdigest() != row.snapshot_sha256:
        problems.add("stored snapshot does not match its sha256", *where)
    if row.prev_chain_hash != replay.prev_chain:
        problems.add("chain link to the previous edition is broken", *where)
    try:
        chained = fast_chain_hash(row, brief)
    except (TypeError, AttributeError):
        chained = None
    if chained != row.chain_hash and chain_hash(
            row.prev_chain_hash, brief, row.number, row.as_of, row.ingested_at, row.source,
            row.sha256, row.parser_version, row.snapshot_sha256, row.charset) != row.chain_hash:
        problems.add("chain hash does not match the edition's fields", *where)
    if not snapshot.startswith(f'{{"as_of":"{row.as_of}","counts":'):  # keys are sorted
        problems.add(f"snapshot as-of differs from the edition's {row.as_of}", *where)

    pred = replay.predecessor(row.as_of)
    if logged is None or logged[0] is None:
        problems.add("no EditionRecorded event in the log", *where)
        return
    logged_count = logged[1] if isinstance(logged[1], int) else len(logged[1])
    try:
        # equal to the payload recomputed with the log's change count: both checks below pass
        fast = logged[0] == fast_recorded_payload(row, pred, logged_count)
    except (TypeError, AttributeError):
        fast = False
    if not fast:
        try:
            recorded = json.loads(logged[0])
            count = recorded.get("changes")
        except (ValueError, AttributeError):
            count = None
        expected = sorted_json(recorded_payload(row, pred, count))
        if logged[0] != expected:
            problems.add("EditionRecorded event does not match the stored edition", *where)
        if count != logged_count:
            problems.add(f"the log holds {logged_count} change events, EditionRecorded says {count}", *where)
    if compare is not None:
        _deep_check(conn, row, brief, replay, pred, logged[1], problems, compare)


def _deep_check(conn: Connection, row: Edition, brief: str, replay: BriefReplay, pred: int | None,
                logged_changes: list, problems: Problems, compare: Callable) -> None:
    """Recompute the edition's changes with today's diff engine and compare with the log.
    A difference is either tampering or a diff engine that has changed since ingest."""
    try:
        snap = Snapshot.from_dict(json.loads(row.snapshot))
    except (ValueError, TypeError, AttributeError):
        problems.add("stored snapshot is not readable JSON", brief, row.number)
        return
    reread = replay.records.reading_in_force(brief, pred, row.number)
    if pred is None:
        before = Snapshot()
    elif reread > 1:  # the edition it was compared with had been read again by then
        before = _load_snapshot(conn, brief, pred, reread)
    elif replay.last is not None and replay.last[0] == pred:
        before = replay.last[1]
    else:
        before = _load_snapshot(conn, brief, pred)
    replay.last = (row.number, snap)
    from tracker.diff import before_reconfirmed

    changes = compare(before, snap)
    recomputed = [(change_type(c), canonical_json(c.to_dict())) for c in changes]
    if logged_changes != recomputed and logged_changes != [  # as logged before `reconfirmed`
            (change_type(c), canonical_json(c.to_dict())) for c in before_reconfirmed(changes, cumulative=False)]:
        problems.add(
            f"logged changes ({len(logged_changes)}) differ from the changes recomputed from the "
            f"stored snapshots ({len(recomputed)})", brief, row.number)


def _load_snapshot(conn: Connection, brief: str, number: int, reading: int = 1) -> Snapshot:
    """An edition's snapshot (its `reading`th), read on its own: deep mode, for a
    predecessor that is not the edition checked just before."""
    e, d = t.editions.c, t.derivations.c
    if reading > 1:
        stored = conn.scalar(select(d.snapshot).where(d.brief == brief, d.edition == number,
                                                      d.derivation == reading))
    else:
        stored = conn.scalar(select(e.snapshot).where(e.brief == brief, e.number == number))
    return Snapshot.from_dict(json.loads(stored)) if stored else Snapshot()

