"""`tracker verify`: prove the stored record is what was written, or name the first bad edition.

Checks, in one read transaction (one consistent view), streaming rows with no per-row queries
except for the rare backfilled edition whose predecessor is not the previous number:

1. schema at head (alembic_version against the scripts' head) and the append-only triggers;
2. the log: seq 1..N, every prev_hash link and every hash recomputed; the checkpoint, if given,
   must be one of its hashes (else the history was truncated or rewritten);
3. every edition: numbers 1..N per brief, sha256 of the raw bytes and of the snapshot JSON,
   the chain link and chain hash, its EditionRecorded event (payload equal to the row: hashes,
   the edition it was compared with, recomputed from as-of order, and the number of change
   events, which must be the number logged, each well formed); log events naming editions
   that do not exist. With `deep=True`, every edition's changes are also recomputed with
   today's diff engine from the stored snapshots and compared with the log. Not by default:
   it costs the diff engine's time per edition (~100x the rest), and an improved diff engine
   would report old, honest editions as different; the log's hash chain already proves the
   logged changes are the ones written at ingest;
4. aliases against their AliasRecorded events;
5. projections recomputed from the stored snapshots and compared with the tables
   (entity_versions row by row, merged in edition order; identities exactly).

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
from sqlalchemy.exc import DBAPIError

from tracker import schema as t
from tracker.model import Event, Snapshot, canonical_json
from tracker.store import (
    ALIAS_RECORDED,
    EDITION_RECORDED,
    GENESIS,
    AliasInfo,
    Store,
    VerifyReport,
    _SORTED,
    _revision,
    chain_hash,
    change_type,
    log_hash,
    projection_rows,
    recorded_payload,
    script_head,
)

STREAM = {"stream_results": True, "yield_per": 256}


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


def verify(store: Store, checkpoint: str | None = None, *, deep: bool = False) -> VerifyReport:
    """Check everything (see the module docstring); `deep` also recomputes every edition's
    changes with the current diff engine (slow: the diff engine's cost per edition)."""
    problems = _Problems()
    with store.read() as conn:
        _check_schema(conn, store.dialect, problems)
        logged, alias_events, head, seen_checkpoint = _check_log(conn, problems, checkpoint)
        checked, idents = _check_editions(conn, logged, problems, deep)
        for (brief, number) in sorted(k for k in logged if k not in checked):
            problems.add("the log records this edition but it is not stored", brief, number)
        _check_aliases(conn, alias_events, problems)
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
    the editions seen so far (to find each one's predecessor), the last snapshot (deep mode),
    and the identities projection (the first edition to show an identity wins)."""

    def __init__(self, brief: str) -> None:
        self.brief = brief
        self.next_number = 1
        self.prev_chain = GENESIS
        self.order: list[tuple[str, int]] = []
        self.last: tuple[int, Snapshot] | None = None
        self.identities: dict[str, str] = {}
        self.seen: set[tuple] = set()

    def predecessor(self, as_of: str) -> int | None:
        i = bisect.bisect_right(self.order, (as_of, float("inf")))
        return self.order[i - 1][1] if i else None

    def remember(self, as_of: str, number: int) -> None:
        bisect.insort(self.order, (as_of, number))


def _load_snapshot(conn: Connection, brief: str, number: int) -> Snapshot:
    e = t.editions.c
    stored = conn.scalar(select(e.snapshot).where(e.brief == brief, e.number == number))
    return Snapshot.from_dict(json.loads(stored)) if stored else Snapshot()


def _all_briefs(conn: Connection) -> list[str]:
    """Briefs named anywhere (a forged row may name one the briefs table lacks)."""
    found: set[str] = set(conn.scalars(select(t.briefs.c.slug)))
    found |= set(conn.scalars(select(t.editions.c.brief).distinct()))
    found |= set(conn.scalars(select(t.entity_versions.c.brief).distinct()))
    return sorted(found)


def _check_editions(conn: Connection, logged: dict, problems: _Problems, deep: bool):  # noqa: ANN202
    checked: set[tuple[str, int]] = set()
    idents: dict[tuple[str, str], str] = {}
    for brief in _all_briefs(conn):
        replay = _BriefReplay(brief)
        _check_brief(conn, replay, logged, checked, problems, deep)
        idents.update({(brief, i): k for i, k in replay.identities.items()})
    return checked, idents


def _check_brief(conn: Connection, replay: _BriefReplay, logged: dict, checked: set,
                 problems: _Problems, deep: bool) -> None:
    """Editions of one brief in number order, merged with its projection rows aggregated per
    (edition, kind) by the database: one pass over each, no per-edition query."""
    compare = None
    if deep:
        from tracker.diffing import compare
    e = t.editions.c
    brief = replay.brief
    editions = _stream(conn, select(
        e.number, e.as_of, e.ingested_at, e.source, e.raw, e.sha256, e.snapshot, e.parser_version,
        e.snapshot_sha256, e.prev_chain_hash, e.chain_hash).where(e.brief == brief).order_by(e.number))
    groups = iter(_stream(conn, text(_aggregate_sql(conn.dialect.name)).bindparams(brief=brief)))
    pending = next(groups, None)
    for row in editions:
        where = (brief, row.number)
        checked.add(where)
        if row.number != replay.next_number:
            missing = replay.next_number
            span = f"{missing}" if row.number == missing + 1 else f"{missing}..{row.number - 1}"
            problems.add(f"edition {span} missing (numbers must run 1..N)", brief, missing)
        replay.next_number = row.number + 1
        arrays = {"event": "", "count": ""}
        while pending is not None and pending[0] <= row.number:
            if pending[0] < row.number:
                problems.add("projection entity_versions has rows for a missing edition", brief, pending[0])
            else:
                arrays[pending[1]] = pending[2]
            pending = next(groups, None)
        _check_one(conn, row, brief, replay, logged.get(where), problems, compare)
        snapshot_text = row.snapshot
        if (f'"events":[{arrays["event"]}]' not in snapshot_text
                or f'"counts":[{arrays["count"]}]' not in snapshot_text):
            problems.add("projection entity_versions differs from the stored snapshot "
                         "(rebuild with `tracker verify --repair`)", brief, row.number)
        replay.prev_chain = row.chain_hash
        replay.remember(row.as_of, row.number)
    while pending is not None:
        problems.add("projection entity_versions has rows for a missing edition", brief, pending[0])
        pending = next(groups, None)
    _check_version_columns(conn, brief, problems)
    _replay_identities(conn, replay)


def _aggregate_sql(dialect: str) -> str:
    """Per (edition, kind): the rows' `data`, comma-joined in insertion order. Joined like
    that, an edition's event rows must be its snapshot's canonical "events" array verbatim."""
    if dialect == "postgresql":
        return ("SELECT edition, kind, string_agg(data, ',' ORDER BY id) FROM entity_versions "
                "WHERE brief = :brief GROUP BY edition, kind ORDER BY edition, kind")
    return ("SELECT edition, kind, group_concat(data, ',') FROM (SELECT edition, kind, data "
            "FROM entity_versions WHERE brief = :brief ORDER BY edition, kind, id) "
            "GROUP BY edition, kind ORDER BY edition, kind")


def _column_sql(dialect: str) -> str:
    """Projection rows whose columns disagree with their own `data` or edition, or whose
    `data` is not one JSON object (so the comma-joined arrays split one way only)."""
    if dialect == "postgresql":
        def field(name: str) -> str:
            return f"(v.data::jsonb ->> '{name}')"
        is_object = "jsonb_typeof(v.data::jsonb) = 'object'"
        differs = "IS DISTINCT FROM"
    else:
        def field(name: str) -> str:
            return f"json_extract(v.data, '$.{name}')"
        is_object = "json_valid(v.data) AND json_type(v.data) = 'object'"
        differs = "IS NOT"
    name = f"CASE v.kind WHEN 'event' THEN {field('name')} ELSE {field('subject')} END"
    date = f"CASE v.kind WHEN 'event' THEN {field('date')} ELSE {field('as_of')} END"
    return (
        "SELECT DISTINCT v.edition FROM entity_versions v LEFT JOIN editions e "
        "ON e.brief = v.brief AND e.number = v.edition WHERE v.brief = :brief AND ("
        f"e.number IS NULL OR v.kind NOT IN ('event', 'count') OR NOT ({is_object}) "
        f"OR v.as_of {differs} e.as_of OR v.key {differs} {field('key')} "
        f"OR v.name {differs} {name} OR v.date {differs} {date}) ORDER BY v.edition"
    )


def _check_version_columns(conn: Connection, brief: str, problems: _Problems) -> None:
    try:
        with conn.begin_nested():
            bad = list(conn.scalars(text(_column_sql(conn.dialect.name)).bindparams(brief=brief)))
    except DBAPIError:
        problems.add(f"projection entity_versions of {brief} holds unreadable JSON "
                     "(rebuild with `tracker verify --repair`)")
        return
    for number in bad:
        problems.add("projection entity_versions columns disagree with their data "
                     "(rebuild with `tracker verify --repair`)", brief, number)


def _replay_identities(conn: Connection, replay: _BriefReplay) -> None:
    """First-wins identities from each distinct (key, name, aliases) event, fed to
    `identities_of` grouped by the edition that first showed it, in edition order.

    An event's identities depend only on those three; an event seen before adds nothing, so
    this equals replaying every snapshot (the projection rows were checked against the
    snapshots above). Reads one row per distinct event, not one per edition."""
    from tracker.names import identities_of

    if conn.dialect.name == "postgresql":
        aliases = "(data::jsonb -> 'aliases')::text"
    else:
        aliases = "json_extract(data, '$.aliases')"
    rows = conn.execute(text(
        f"SELECT key, name, {aliases} AS aliases, min(edition) AS first_edition, min(id) AS first_id "
        "FROM entity_versions WHERE brief = :brief AND kind = 'event' "
        f"GROUP BY key, name, {aliases} ORDER BY first_edition, first_id"
    ).bindparams(brief=replay.brief))
    batch: list[Event] = []
    current = None
    for row in rows:
        if row.first_edition != current and batch:
            _add(replay, identities_of(Snapshot(events=tuple(batch))))
            batch = []
        current = row.first_edition
        try:
            names = tuple(json.loads(row.aliases)) if row.aliases else ()
        except (ValueError, TypeError):
            names = ()
        batch.append(Event(key=row.key, name=row.name or "", aliases=names))
    if batch:
        _add(replay, identities_of(Snapshot(events=tuple(batch))))


def _add(replay: _BriefReplay, found: dict[str, str]) -> None:
    for identity, key in found.items():
        replay.identities.setdefault(identity, key)


def _check_one(conn: Connection, row: Any, brief: str, replay: _BriefReplay, logged: list | None,
               problems: _Problems, compare: Callable | None) -> None:
    where = (brief, row.number)
    if hashlib.sha256(bytes(row.raw)).hexdigest() != row.sha256:
        problems.add("raw bytes do not match their sha256", *where)
    if hashlib.sha256(row.snapshot.encode("utf-8")).hexdigest() != row.snapshot_sha256:
        problems.add("stored snapshot does not match its sha256", *where)
    if row.prev_chain_hash != replay.prev_chain:
        problems.add("chain link to the previous edition is broken", *where)
    if chain_hash(row.prev_chain_hash, brief, row.number, row.as_of, row.ingested_at,
                  row.source, row.sha256, row.parser_version, row.snapshot_sha256) != row.chain_hash:
        problems.add("chain hash does not match the edition's fields", *where)
    if not row.snapshot.startswith(f'{{"as_of":"{row.as_of}","counts":'):  # keys are sorted
        problems.add(f"snapshot as-of differs from the edition's {row.as_of}", *where)

    pred = replay.predecessor(row.as_of)
    if logged is None or logged[0] is None:
        problems.add("no EditionRecorded event in the log", *where)
        return
    try:
        recorded = json.loads(logged[0])
        count = recorded.get("changes")
    except (ValueError, AttributeError):
        count = None
    expected = _SORTED(recorded_payload(row, pred, count))
    if logged[0] != expected:
        problems.add("EditionRecorded event does not match the stored edition", *where)
    if count != len(logged[1]):
        problems.add(f"the log holds {len(logged[1])} change events, EditionRecorded says {count}", *where)
    if compare is not None:
        _deep_check(conn, row, brief, replay, pred, logged[1], problems, compare)


def _deep_check(conn: Connection, row: Any, brief: str, replay: _BriefReplay, pred: int | None,
                logged_changes: list, problems: _Problems, compare: Callable) -> None:
    """Recompute the edition's changes with today's diff engine and compare with the log.
    A difference is either tampering or a diff engine that has changed since ingest."""
    try:
        snap = Snapshot.from_dict(json.loads(row.snapshot))
    except (ValueError, TypeError, AttributeError):
        problems.add("stored snapshot is not readable JSON", brief, row.number)
        return
    if pred is None:
        before = Snapshot()
    elif replay.last is not None and replay.last[0] == pred:
        before = replay.last[1]
    else:
        before = _load_snapshot(conn, brief, pred)
    replay.last = (row.number, snap)
    recomputed = [(change_type(c), canonical_json(c.to_dict())) for c in compare(before, snap)]
    if logged_changes != recomputed:
        problems.add(
            f"logged changes ({len(logged_changes)}) differ from the changes recomputed from the "
            f"stored snapshots ({len(recomputed)})", brief, row.number)


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
