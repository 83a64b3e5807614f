"""`tracker verify`: prove the stored record is what was written, or name the first bad edition.

Checks, in one read transaction (one consistent view), streaming rows with no per-row queries
except for the rare backfilled edition whose predecessor is not the previous number:

1. schema at head (alembic_version against the scripts' head) and the append-only triggers;
2. the log: seq 1..N, every prev_hash link and every hash recomputed; the checkpoint, if given,
   must be one of its hashes (else the history was truncated or rewritten);
3. every edition: numbers 1..N per brief, sha256 of the raw bytes and of the snapshot JSON,
   the chain link and chain hash, its EditionRecorded event (payload equal to the row), and
   its change events equal to `compare(snapshot in force before it, its snapshot)` recomputed
   from the stored snapshots; log events naming editions that do not exist;
4. aliases against their AliasRecorded events;
5. projections rebuilt in memory and compared with the tables (entity_versions per edition
   as a multiset digest, identities exactly).

What it cannot prove without a checkpoint: that nothing was removed from the *end* of the
history together with its log events, or that someone who recomputed every hash after an
edit did not do so. With the checkpoint kept elsewhere, both are detected.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, select, text

from tracker import schema as t
from tracker.model import Snapshot, canonical_json
from tracker.store import (
    ALIAS_RECORDED,
    EDITION_RECORDED,
    GENESIS,
    AliasInfo,
    Store,
    VerifyReport,
    _revision,
    chain_hash,
    change_type,
    log_hash,
    projection_rows,
    recorded_payload,
    script_head,
)

STREAM = {"stream_results": True, "yield_per": 256}
_EV_FIELDS = ("kind", "key", "name", "date", "as_of", "data")


def _stream(conn: Connection, statement: Any):  # noqa: ANN202
    """Rows fetched in batches (a server-side cursor on PostgreSQL), not all at once.
    Per statement: `Connection.execution_options` would change the connection itself."""
    return conn.execute(statement, execution_options=STREAM)


class _Problems:
    """Problems, each attributed to an edition when it can be; `first` is the lowest one."""

    def __init__(self) -> None:
        self.items: list[tuple[tuple, str]] = []
        self.bad: set[tuple[str, int]] = set()

    def add(self, message: str, brief: str | None = None, number: int | None = None) -> None:
        if brief is not None and number is not None:
            self.bad.add((brief, number))
            self.items.append(((1, brief, number), f"{brief} edition {number}: {message}"))
        else:
            self.items.append(((0, "", 0), message))

    def sorted(self) -> list[str]:
        return [m for _, m in sorted(self.items, key=lambda item: item[0])]

    def first(self) -> tuple[str, int] | None:
        return min(self.bad) if self.bad else None


def verify(store: Store, checkpoint: str | None = None) -> VerifyReport:
    problems = _Problems()
    with store.read() as conn:
        _check_schema(conn, store.dialect, problems)
        logged, alias_events, head, seen_checkpoint = _check_log(conn, problems, checkpoint)
        checked, versions, idents = _check_editions(conn, logged, problems)
        for (brief, number) in sorted(k for k in logged if k not in checked):
            problems.add("the log records this edition but it is not stored", brief, number)
        _check_aliases(conn, alias_events, problems)
        _check_versions(conn, versions, problems)
        _check_identities(conn, idents, problems)
    if checkpoint is not None and not seen_checkpoint:
        problems.add(f"checkpoint {checkpoint} is not in the log: the history was truncated or "
                     "rewritten after it was taken")
    messages = problems.sorted()
    return VerifyReport(not messages, len(checked), messages, problems.first(), head)


# -- schema and triggers -------------------------------------------------------------------------


def present_triggers(conn: Connection, dialect: str) -> set[str]:
    if dialect == "sqlite":
        return set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    return set(conn.scalars(text(
        "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND t.tgenabled <> 'D'"
    )))


def expected_triggers(dialect: str) -> set[str]:
    from tracker.migrations.triggers import trigger_names

    return {name for table in t.IMMUTABLE_TABLES for name in trigger_names(dialect, table)}


def _check_schema(conn: Connection, dialect: str, problems: _Problems) -> None:
    current, head = _revision(conn), script_head()
    if current != head:
        problems.add(f"schema is at {current}, expected {head}: run `tracker init`")
    missing = expected_triggers(dialect) - present_triggers(conn, dialect)
    if missing:
        problems.add(f"append-only triggers missing: {', '.join(sorted(missing))}")


# -- the log -------------------------------------------------------------------------------------


def _check_log(conn: Connection, problems: _Problems, checkpoint: str | None):  # noqa: ANN202
    """Walk the hash chain; collect per-edition events and alias events for later checks."""
    lg = t.log.c
    logged: dict[tuple[str, int], list[Any]] = {}  # -> [recorded payload | None, [(type, payload)]]
    alias_events: dict[int, str] = {}
    prev, expected_seq, seen = GENESIS, 1, checkpoint is None
    rows = _stream(conn, 
        select(lg.seq, lg.brief, lg.edition, lg.type, lg.payload, lg.recorded_at, lg.prev_hash,
               lg.hash).order_by(lg.seq)
    )
    for row in rows:
        where = (row.brief, row.edition) if row.edition is not None else (None, None)
        if row.seq != expected_seq:
            problems.add(f"log events {expected_seq}..{row.seq - 1} are missing", *where)
        if row.prev_hash != prev:
            problems.add(f"log event {row.seq}: link to the previous event is broken", *where)
        if log_hash(row.prev_hash, row.seq, row.brief, row.edition, row.type, row.payload,
                    row.recorded_at) != row.hash:
            problems.add(f"log event {row.seq} ({row.type}): contents do not match its hash", *where)
        if not seen and row.hash == checkpoint:
            seen = True
        prev, expected_seq = row.hash, row.seq + 1
        if row.type == ALIAS_RECORDED:
            try:
                alias_events[int(json.loads(row.payload)["id"])] = row.payload
            except (ValueError, KeyError, TypeError):
                problems.add(f"log event {row.seq}: unreadable AliasRecorded payload")
            continue
        if row.edition is None:
            problems.add(f"log event {row.seq} ({row.type}) names no edition")
            continue
        entry = logged.setdefault((row.brief, row.edition), [None, []])
        if row.type == EDITION_RECORDED:
            if entry[0] is not None:
                problems.add(f"log event {row.seq}: a second EditionRecorded", *where)
            entry[0] = row.payload
        else:
            entry[1].append((row.type, row.payload))
    return logged, alias_events, prev, seen


# -- editions ------------------------------------------------------------------------------------


class _BriefReplay:
    """Per-brief state while editions stream in number order: the chain, the as-of order of
    the editions seen so far (to find each one's predecessor), the last snapshot, and the
    identities projection (first edition to show an identity wins)."""

    def __init__(self, brief: str) -> None:
        self.brief = brief
        self.next_number = 1
        self.prev_chain = GENESIS
        self.order: list[tuple[str, int]] = []
        self.snapshots: dict[int, Snapshot] = {}
        self.identities: dict[str, str] = {}

    def predecessor(self, as_of: str) -> int | None:
        i = bisect.bisect_right(self.order, (as_of, float("inf")))
        return self.order[i - 1][1] if i else None

    def remember(self, as_of: str, number: int, snap: Snapshot) -> None:
        bisect.insort(self.order, (as_of, number))
        self.snapshots = {number: snap}  # keep only the last: the usual predecessor


def _load_snapshot(conn: Connection, brief: str, number: int) -> Snapshot:
    e = t.editions.c
    stored = conn.scalar(select(e.snapshot).where(e.brief == brief, e.number == number))
    return Snapshot.from_dict(json.loads(stored)) if stored else Snapshot()


def _edition_rows(conn: Connection, brief: str | None = None):  # noqa: ANN202
    e = t.editions.c
    query = select(e.brief, e.number, e.as_of, e.ingested_at, e.source, e.raw, e.sha256,
                   e.snapshot, e.parser_version, e.snapshot_sha256, e.prev_chain_hash,
                   e.chain_hash)
    if brief is not None:
        query = query.where(e.brief == brief)
    return _stream(conn, query.order_by(e.brief, e.number))


def _check_editions(conn: Connection, logged: dict, problems: _Problems):  # noqa: ANN202
    from tracker.diffing import compare

    checked: set[tuple[str, int]] = set()
    versions: dict[tuple[str, int], list[int]] = {}
    idents: dict[tuple[str, str], str] = {}
    replay: _BriefReplay | None = None
    for row in _edition_rows(conn):
        if replay is None or replay.brief != row.brief:
            if replay is not None:
                idents.update({(replay.brief, i): k for i, k in replay.identities.items()})
            replay = _BriefReplay(row.brief)
        where = (row.brief, row.number)
        checked.add(where)
        if row.number != replay.next_number:
            missing = replay.next_number
            span = f"{missing}" if row.number == missing + 1 else f"{missing}..{row.number - 1}"
            problems.add(f"edition {span} missing (numbers must run 1..N)", row.brief, missing)
        replay.next_number = row.number + 1
        snap = _check_one(conn, row, replay, logged.get(where), versions, problems, compare)
        replay.prev_chain = row.chain_hash
        replay.remember(row.as_of, row.number, snap)
    if replay is not None:
        idents.update({(replay.brief, i): k for i, k in replay.identities.items()})
    return checked, versions, idents


def _check_one(conn: Connection, row: Any, replay: _BriefReplay, logged: list | None,
               versions: dict, problems: _Problems, compare: Callable) -> Snapshot:
    from tracker.names import identities_of

    where = (row.brief, row.number)
    raw = bytes(row.raw)
    if hashlib.sha256(raw).hexdigest() != row.sha256:
        problems.add("raw bytes do not match their sha256", *where)
    if hashlib.sha256(row.snapshot.encode("utf-8")).hexdigest() != row.snapshot_sha256:
        problems.add("stored snapshot does not match its sha256", *where)
    if row.prev_chain_hash != replay.prev_chain:
        problems.add("chain link to the previous edition is broken", *where)
    if chain_hash(row.prev_chain_hash, row.brief, row.number, row.as_of, row.ingested_at,
                  row.source, row.sha256, row.parser_version, row.snapshot_sha256) != row.chain_hash:
        problems.add("chain hash does not match the edition's fields", *where)
    try:
        snap_dict = json.loads(row.snapshot)
        snap = Snapshot.from_dict(snap_dict)
    except (ValueError, TypeError, KeyError) as exc:
        problems.add(f"stored snapshot is not readable ({exc})", *where)
        return Snapshot()
    if snap.as_of != row.as_of:
        problems.add(f"snapshot as-of {snap.as_of} differs from the edition's {row.as_of}", *where)

    pred = replay.predecessor(row.as_of)
    if pred is None:
        before = Snapshot()
    elif pred in replay.snapshots:
        before = replay.snapshots[pred]
    else:
        before = _load_snapshot(conn, row.brief, pred)
    changes = compare(before, snap)
    if logged is None or logged[0] is None:
        problems.add("no EditionRecorded event in the log", *where)
    else:
        expected = canonical_json(recorded_payload(row, pred, len(changes)))
        if logged[0] != expected:
            problems.add("EditionRecorded event does not match the stored edition", *where)
        recomputed = [(change_type(c), canonical_json(c.to_dict())) for c in changes]
        if logged[1] != recomputed:
            problems.add(
                f"logged changes ({len(logged[1])}) differ from the changes recomputed from the "
                f"stored snapshots ({len(recomputed)})", *where)

    versions[where] = _digest(projection_rows(row.brief, row.number, row.as_of, snap_dict))
    for identity, key in identities_of(snap).items():
        replay.identities.setdefault(identity, key)
    return snap


# -- aliases and projections ---------------------------------------------------------------------


def _check_aliases(conn: Connection, alias_events: dict[int, str], problems: _Problems) -> None:
    rows = conn.execute(select(t.aliases).order_by(t.aliases.c.id))
    stored = set()
    for row in rows:
        stored.add(row.id)
        payload = canonical_json(AliasInfo(**row._asdict()).to_dict())
        if alias_events.get(row.id) != payload:
            problems.add(f"alias {row.id} ({row.name!r}) does not match its AliasRecorded event")
    for missing in sorted(set(alias_events) - stored):
        problems.add(f"alias {missing} is in the log but not stored")


def _digest(rows: list[dict]) -> list[int]:
    """Order-free digest of projection rows: [count, sum of row hashes mod 2**64]."""
    total = 0
    for r in rows:
        total += hash(tuple(r[f] for f in _EV_FIELDS))
    return [len(rows), total & 0xFFFF_FFFF_FFFF_FFFF]


def _check_versions(conn: Connection, expected: dict, problems: _Problems) -> None:
    ev = t.entity_versions.c
    actual: dict[tuple[str, int], list[int]] = {}
    rows = _stream(conn, 
        select(ev.brief, ev.edition, ev.kind, ev.key, ev.name, ev.date, ev.as_of, ev.data)
    )
    for r in rows:
        slot = actual.setdefault((r.brief, r.edition), [0, 0])
        slot[0] += 1
        slot[1] = (slot[1] + hash((r.kind, r.key, r.name, r.date, r.as_of, r.data))) & 0xFFFF_FFFF_FFFF_FFFF
    for where in sorted(set(expected) | set(actual)):
        if expected.get(where, [0, 0]) != actual.get(where, [0, 0]):
            problems.add("projection entity_versions differs from the stored snapshot "
                         "(rebuild with `tracker verify --repair`)", *where)


def _check_identities(conn: Connection, expected: dict, problems: _Problems) -> None:
    i = t.identities.c
    actual = {(r.brief, r.identity): r.key for r in conn.execute(select(i.brief, i.identity, i.key))}
    if actual != expected:
        wrong = sorted(set(actual.items()) ^ set(expected.items()))
        brief, identity = wrong[0][0]
        problems.add(f"projection identities differs ({len(wrong)} rows, e.g. {identity!r} in "
                     f"{brief}; rebuild with `tracker verify --repair`)")


def expected_projections(conn: Connection, brief: str) -> tuple[list[dict], dict[str, str]]:
    """entity_versions rows and identities of `brief`, recomputed from the stored snapshots."""
    from tracker.names import identities_of

    versions: list[dict] = []
    identities: dict[str, str] = {}
    e = t.editions.c
    rows = _stream(conn, 
        select(e.number, e.as_of, e.snapshot).where(e.brief == brief).order_by(e.number)
    )
    for row in rows:
        snap_dict = json.loads(row.snapshot)
        versions += projection_rows(brief, row.number, row.as_of, snap_dict)
        for identity, key in identities_of(Snapshot.from_dict(snap_dict)).items():
            identities.setdefault(identity, key)
    return versions, identities
