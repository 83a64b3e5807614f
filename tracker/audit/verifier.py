"""`tracker verify`: prove the stored record is what was written, or name the first bad edition.

Checks, in one read transaction (one consistent view), streaming rows with no per-row queries
(except, with `deep`, for a backfilled edition's predecessor snapshot):

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
5. projections compared with the stored snapshots: per edition, the entity_versions rows'
   JSON joined in insertion order must be the snapshot's canonical events and counts arrays
   byte for byte, and each row's key/name/date columns must be those of its JSON (one
   aggregate query per brief, merged with the editions in number order); identities are
   replayed from the distinct (key, name, aliases) events, in the order editions first show
   them, and must equal the table exactly.

Speed (SQLite, ~10,000 editions of ~20 events): plain driver cursors for the scans, no JSON
parsing per edition or per projection row; the log chain hashed in one loop; the chain hash
and EditionRecorded payload formatted by hand (the same bytes as the store's encoders, the
slow exact path taken whenever they differ); the identities derived only for events not seen
before (names repeat from edition to edition); the projection aggregate run by SQLite on a
second connection and thread with the same snapshot (see `_open_twin`), from the start and
while this thread checks the log and hashes, handed over CHUNK editions to a row (one row per
edition made the two threads trade the GIL per edition; see `_chunked_groups`). What is
left: the hashes, the log walk, and `place_key` once per distinct name on this thread;
SQLite's aggregate on the other. About 0.9 s for 10,000 editions on 2 cores, plus start-up.

What it cannot prove without a checkpoint: that nothing was removed from the *end* of the
history together with its log events, or that someone who recomputed every hash after an
edit did not do so. With the checkpoint kept elsewhere, both are detected.
"""

from __future__ import annotations

import bisect
from collections import namedtuple
from dataclasses import asdict, dataclass
import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Connection, select, text

from tracker.canonical import (
    GENESIS,
    canonical_json,
    chain_hash,
    derivation_hash,
    fast_chain_hash,
    fast_recorded_payload,
    log_hash,
    recorded_payload,
    reparsed_payload,
    sorted_json,
)
from tracker.errors import StoreError
from tracker.model import Event, Snapshot
from tracker.store import schema as t
from tracker.store.engine import script_head
from tracker.store.queries import STREAM, newest_snapshots, revision
from tracker.store.records import AliasInfo
from tracker.store.store import Store
from tracker.store.writer import (
    ALIAS_RECORDED,
    ALIAS_REVOKED,
    EDITION_RECORDED,
    EDITION_REPARSED,
    EDITION_RETRACTED,
    MODE_SET,
    change_type,
)


@dataclass(frozen=True)
class VerifyReport:
    """What `verify` found: ok, or every problem and the first bad edition; `head` is the
    hash of the last log event, the checkpoint to keep elsewhere."""

    ok: bool
    editions_checked: int
    problems: list[str]
    first_bad: tuple[str, int] | None
    head: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
        twin = _open_twin(store, conn) if store.dialect == "sqlite" else None
        groups = None
        try:
            briefs = _all_briefs(conn)
            groups = _TwinGroups(twin, briefs) if twin is not None else None  # starts reading now
            _check_schema(conn, store.dialect, problems)
            logged, alias_events, head, seen_checkpoint, records = _check_log(conn, problems, checkpoint, deep)
            checked, idents = _check_editions(conn, briefs, logged, problems, deep, groups, records)
        finally:
            if groups is not None:
                groups.close()
            if twin is not None:
                twin.close()
        for (brief, number) in sorted(k for k in logged if k not in checked):
            problems.add("the log records this edition but it is not stored", brief, number)
        _check_aliases(conn, alias_events, problems)
        _check_derivations(conn, records.reparsed, problems)
        _check_retractions(conn, records.retracted, problems)
        _check_revocations(conn, records.revoked, problems)
        _check_briefs(conn, problems)
        _check_identities(conn, idents, problems)
        _check_revisions(conn, problems)
        from tracker.audit.folds import check_folds

        check_folds(conn, problems, logged, deep)
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
    current, head = revision(conn), script_head()
    if current != head:
        problems.add(f"schema is at {current}, expected {head}: run `tracker init`")
    missing = expected_triggers(dialect) - present_triggers(conn, dialect)
    if missing:
        problems.add(f"append-only triggers missing: {', '.join(sorted(missing))}")


# -- the log -------------------------------------------------------------------------------------


def _check_log(conn: Connection, problems: _Problems, checkpoint: str | None,
               deep: bool):  # noqa: ANN202
    """Walk the hash chain; collect per-edition events (change payloads only when `deep`,
    else their number) and alias events for the later checks."""
    logged: dict[tuple[str, int], list[Any]] = {}  # -> [recorded payload | None, changes]
    alias_events: dict[int, str] = {}
    records = _Records()
    prev, expected_seq, seen = GENESIS, 1, checkpoint is None
    rows = _rows(conn, "SELECT seq, brief, edition, type, payload, recorded_at, prev_hash, hash "
                       "FROM log ORDER BY seq")
    sha256, get = hashlib.sha256, logged.get
    for seq, brief, edition, type_, payload, recorded_at, prev_hash, hash_ in rows:
        # log_hash inlined (one string, one encode): this loop runs once per log event
        try:
            ok = seq == expected_seq and prev_hash == prev and hash_ == sha256((
                f"{prev_hash}\n{seq}\n{'-' if brief is None else brief}\n"
                f"{'-' if edition is None else edition}\n{type_}\n{recorded_at}\n{payload}"
            ).encode("utf-8")).hexdigest()
        except (TypeError, UnicodeError):
            ok = False
        if not ok:
            where = (brief, edition) if edition is not None else (None, None)
            if seq != expected_seq:
                problems.add(f"log events {expected_seq}..{seq - 1} are missing", *where)
            if prev_hash != prev:
                problems.add(f"log event {seq}: link to the previous event is broken", *where)
            if _log_hash_or_none(prev_hash, seq, brief, edition, type_, payload, recorded_at) != hash_:
                problems.add(f"log event {seq} ({type_}): contents do not match its hash", *where)
        if not seen and hash_ == checkpoint:
            seen = True
        prev, expected_seq = hash_, seq + 1
        if type_ == EDITION_RECORDED:
            if edition is None:
                problems.add(f"log event {seq} ({type_}) names no edition")
                continue
            records.recorded_at_seq.setdefault((brief, edition), seq)
            entry = get((brief, edition))
            if entry is None:
                logged[(brief, edition)] = [payload, [] if deep else 0]
            else:
                if entry[0] is not None:
                    problems.add(f"log event {seq}: a second EditionRecorded", brief, edition)
                entry[0] = payload
            continue
        if type_ == ALIAS_RECORDED:
            try:
                alias_events[int(json.loads(payload)["id"])] = payload
            except (ValueError, KeyError, TypeError):
                problems.add(f"log event {seq}: unreadable AliasRecorded payload")
            continue
        if type_ == MODE_SET:
            continue  # a brief's mode: checked with the folds (tracker.audit.folds)
        if type_ in _Records.TYPES:
            records.take(seq, brief, edition, type_, payload, problems)
            continue
        if edition is None:
            problems.add(f"log event {seq} ({type_}) names no edition")
            continue
        entry = get((brief, edition))
        if entry is None:
            entry = logged[(brief, edition)] = [None, [] if deep else 0]
        if deep:
            entry[1].append((type_, payload))
        else:
            entry[1] += 1
    return logged, alias_events, prev, seen, records


class _Records:
    """The log's corrections, gathered while its chain is walked: later readings
    (EditionReparsed) by (brief, edition, derivation), retractions by (brief, edition) and
    alias revocations by alias id, each with its log seq and payload; and the seq of each
    EditionRecorded (a retraction counts for the editions recorded after it)."""

    TYPES = (EDITION_REPARSED, EDITION_RETRACTED, ALIAS_REVOKED)

    def __init__(self) -> None:
        self.reparsed: dict[tuple[str, int, int], tuple[int, str]] = {}
        self.retracted: dict[tuple[str, int], tuple[int, str]] = {}
        self.revoked: dict[int, tuple[int, str]] = {}
        self.recorded_at_seq: dict[tuple[str, int], int] = {}

    def take(self, seq: int, brief: str | None, edition: int | None, type_: str, payload: str,
             problems: _Problems) -> None:
        try:
            data = json.loads(payload)
            ident = {EDITION_REPARSED: "derivation", EDITION_RETRACTED: "number", ALIAS_REVOKED: "id"}[type_]
            number = int(data[ident])
        except (ValueError, KeyError, TypeError):
            problems.add(f"log event {seq}: unreadable {type_} payload", brief, edition)
            return
        if type_ == ALIAS_REVOKED:
            if number in self.revoked:
                problems.add(f"log event {seq}: alias {number} revoked twice")
            self.revoked[number] = (seq, payload)
            return
        if brief is None or edition is None:
            problems.add(f"log event {seq} ({type_}) names no edition")
            return
        if type_ == EDITION_RETRACTED:
            if (brief, edition) in self.retracted or number != edition:
                problems.add(f"log event {seq}: a second retraction, or one naming another edition",
                             brief, edition)
            self.retracted[(brief, edition)] = (seq, payload)
            return
        where = (brief, edition, number)
        if where in self.reparsed:
            problems.add(f"log event {seq}: reading {number} logged twice", brief, edition)
        self.reparsed[where] = (seq, payload)

    def retracted_before(self, brief: str, seq: int) -> list[int]:
        """The editions of `brief` retracted before log event `seq`."""
        return [n for (b, n), (at, _) in self.retracted.items() if b == brief and at < seq]


def _log_hash_or_none(*fields: Any) -> str | None:
    try:
        return log_hash(*fields)
    except (TypeError, UnicodeError):  # a NULL or unencodable field: cannot match any hash
        return None


def _rows(conn: Connection, sql: str, **params: Any):  # noqa: ANN202
    """Plain tuples, streamed. SQLite: the driver's own cursor inside the same read
    transaction (no per-row SQLAlchemy objects: verify reads every row there is)."""
    if conn.dialect.name == "sqlite":
        cursor = conn.connection.dbapi_connection.cursor()
        cursor.arraysize = 512
        return cursor.execute(sql, params)
    return (tuple(r) for r in conn.execute(text(sql), params, execution_options=STREAM))


# -- a second reader on the same snapshot (SQLite) ------------------------------------------------


def _open_twin(store: Store, conn: Connection):  # noqa: ANN202
    """A second SQLite connection whose read transaction sees exactly the snapshot `conn` sees,
    so that the projection aggregate (pure SQLite work, done without the GIL) runs on another
    core while this thread hashes. Both read transactions are started while a third
    connection holds the write lock, so no commit can fall between them. None when that lock
    is not had at once (a writer is busy, a read-only file...): verify then reads everything
    through `conn`, as it does on PostgreSQL."""
    import sqlite3

    path = store.engine.url.database
    if not path or path == ":memory:" or conn.in_nested_transaction():
        return None
    lock = twin = None
    try:
        lock = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()  # conn's snapshot
        twin = sqlite3.connect(path, timeout=0.05, isolation_level=None, check_same_thread=False)
        twin.execute("PRAGMA mmap_size = 268435456")
        twin.execute("BEGIN")
        twin.execute("SELECT count(*) FROM sqlite_master").fetchall()  # the twin's: the same
        return twin
    except sqlite3.Error:
        if twin is not None:
            twin.close()
        return None
    finally:
        if lock is not None:
            try:
                lock.execute("ROLLBACK") if lock.in_transaction else None
            finally:
                lock.close()


class _TwinGroups:
    """The projection aggregate rows of every brief, in `briefs` order, read on `twin` by a
    worker thread a few chunks ahead. It starts at once, so the first chunks are ready by the
    time the log is checked; `rows(brief)` then hands out one brief's rows."""

    def __init__(self, twin: Any, briefs: list[str]) -> None:
        import queue
        import threading

        self._pipe: queue.Queue = queue.Queue(maxsize=4)
        self._stop = threading.Event()
        self._held: tuple[str, list] | None = None
        self._done = False
        self._worker = threading.Thread(target=self._work, args=(twin, briefs),
                                        name="verify-aggregate", daemon=True)
        self._worker.start()

    def _work(self, twin: Any, briefs: list[str]) -> None:
        try:
            for brief in briefs:
                for batch in _chunked_groups(twin, brief):
                    if self._stop.is_set():
                        return
                    if batch:
                        self._hand((brief, batch))
            self._hand(None)
        except BaseException as exc:  # noqa: BLE001 -- handed to the reading thread
            self._hand(exc)

    def _hand(self, item: Any) -> None:
        import queue

        while not self._stop.is_set():
            try:
                self._pipe.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _next(self) -> tuple[str, list] | None:
        if self._held is None and not self._done:
            item = self._pipe.get()
            if isinstance(item, BaseException):
                raise StoreError(f"verify: reading the projections failed: {item}") from item
            self._held, self._done = item, item is None
        return self._held

    def rows(self, brief: str) -> Iterator[tuple]:
        """`brief`'s rows; briefs must be asked for in the order given."""
        while (held := self._next()) is not None and held[0] == brief:
            self._held = None
            yield from held[1]

    def close(self) -> None:
        self._stop.set()
        self._worker.join()


# Editions per row of the chunked aggregate (a module constant so tests can make it small).
CHUNK = 256
_SEP = "\x1d"  # between the values of a text column of a chunk
_CHUNK_SEPS = (",", _SEP, _SEP, _SEP, ",", _SEP, ",")  # per column, as _CHUNK_HEAD joins them
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1
_SPANS = {"": "", "from": "AND edition >= :lo", "range": "AND edition BETWEEN :lo AND :hi"}
# One chunk: each column of its editions' aggregate rows joined into one value (numbers by ',',
# text by char(29)), all in the same row order; no value NULL (group_concat would skip it and
# the columns would no longer line up). A min or max as_of that is not text (NULL included)
# counts as a bad row: as text it could pass for the edition's as-of. (`joined` is NULL only
# when every `data` is, and each such row is bad already.)
_CHUNK_HEAD = (
    "SELECT count(*), max(edition), group_concat(edition, ','), "
    "group_concat(coalesce(joined, ''), char(29)), "
    "group_concat(coalesce(low, ''), char(29)), group_concat(coalesce(high, ''), char(29)), "
    "group_concat(bad + (typeof(low) != 'text') + (typeof(high) != 'text'), ','), "
    "group_concat(coalesce(records, ''), char(29)), group_concat(events, ',') FROM ("
)


def _chunked_groups(twin: Any, brief: str) -> Iterator[list]:
    """The per-edition aggregate rows of `brief` (as `_aggregate_sql` gives them), in batches
    of up to CHUNK editions, each batch read from one row that SQLite builds.

    Why: the sqlite3 module releases the GIL around every row it steps, and takes it back to
    build the row; with one row per edition, the thread that hashes keeps losing the GIL to
    this one (measured: about a third of verify's time). One row per CHUNK editions lets
    SQLite work on the other core undisturbed. The chunk is exact: it is split back only if
    every column has one value per edition it counted and the edition numbers rise;
    otherwise (a separator inside a projection value: a tampered row, or a name that holds
    one) that range is read again with the per-edition query. Editions that are not integers
    (tampered) make the whole brief use the per-edition query."""
    params = {"brief": brief}
    odd = twin.execute("SELECT count(*) FROM entity_versions WHERE brief = :brief "
                       "AND typeof(edition) != 'integer'", params).fetchone()[0]
    if odd:
        cursor = twin.execute(_aggregate_sql("sqlite"), params)
        while batch := cursor.fetchmany(64):
            yield batch
        return
    chunk, exact = _chunk_sql(), _aggregate_sql("sqlite", "range")
    low = _INT_MIN
    while True:
        count, last, *columns = twin.execute(chunk, {**params, "lo": low, "n": CHUNK}).fetchone()
        if not count:
            return
        rows = _split_chunk(columns, count)
        yield rows if rows is not None else twin.execute(exact, {**params, "lo": low, "hi": last}).fetchall()
        if last >= _INT_MAX:
            return
        low = last + 1


def _chunk_sql() -> str:
    """Up to :n editions from :lo on, their aggregate rows joined column by column."""
    return _CHUNK_HEAD + _aggregate_sql("sqlite", "from") + " LIMIT :n)"


def _split_chunk(columns: list[str | None], count: int) -> list[tuple] | None:
    """The rows of one chunk, or None when the split is not certain (see `_chunked_groups`):
    a separator inside a value adds one to its column (no value is NULL, none is skipped)."""
    split = [value.split(sep) if value is not None else [] for value, sep in zip(columns, _CHUNK_SEPS)]
    if any(len(column) != count for column in split):
        return None
    editions, joined, low, high, bad, records, events = split
    try:
        numbers = [int(n) for n in editions]
        rows = list(zip(numbers, joined, low, high, map(int, bad), [r or None for r in records],
                        map(int, events)))
    except ValueError:  # not a number
        return None
    if any(a >= b for a, b in zip(numbers, numbers[1:])):
        return None
    return rows


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
        self.as_of_of: dict[int, str] = {}
        self.records: _Records | None = None
        self.last: tuple[int, Snapshot] | None = None
        self.identities: dict[str, str] = {}

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


def _load_snapshot(conn: Connection, brief: str, number: int, reading: int = 1) -> Snapshot:
    e, d = t.editions.c, t.derivations.c
    if reading > 1:
        stored = conn.scalar(select(d.snapshot).where(d.brief == brief, d.edition == number,
                                                      d.derivation == reading))
    else:
        stored = conn.scalar(select(e.snapshot).where(e.brief == brief, e.number == number))
    return Snapshot.from_dict(json.loads(stored)) if stored else Snapshot()


def _reading_in_force(replay: _BriefReplay, brief: str, pred: int | None, number: int) -> int:
    """Which reading of edition `pred` was in force when edition `number` was recorded."""
    records = replay.records
    if pred is None or records is None or not records.reparsed:
        return 1
    recorded = records.recorded_at_seq.get((brief, number))
    if recorded is None:
        return 1
    found = [d for (b, n, d), (seq, _) in records.reparsed.items() if b == brief and n == pred and seq < recorded]
    return max(found, default=1)


def _all_briefs(conn: Connection) -> list[str]:
    """Briefs named anywhere (a forged row may name one the briefs table lacks)."""
    found: set[str] = set(conn.scalars(select(t.briefs.c.slug)))
    found |= set(conn.scalars(select(t.editions.c.brief).distinct()))
    found |= set(conn.scalars(select(t.entity_versions.c.brief).distinct()))
    return sorted(found)


def _check_editions(conn: Connection, briefs: list[str], logged: dict, problems: _Problems,
                    deep: bool, groups: _TwinGroups | None = None,
                    records: _Records | None = None):  # noqa: ANN202
    checked: set[tuple[str, int]] = set()
    idents: dict[tuple[str, str], str] = {}
    for brief in briefs:
        replay = _BriefReplay(brief)
        _check_brief(conn, replay, logged, checked, problems, deep, groups, records or _Records())
        idents.update({(brief, i): k for i, k in replay.identities.items()})
    return checked, idents


def _check_brief(conn: Connection, replay: _BriefReplay, logged: dict, checked: set,
                 problems: _Problems, deep: bool, twin_groups: _TwinGroups | None = None,
                 records: _Records | None = None) -> None:
    """Editions of one brief in number order, merged with its projection rows aggregated per
    edition by the database: one pass over each, no per-edition query."""
    compare = None
    fold_from = None
    if deep:
        from tracker.audit.folds import folding_from
        from tracker.diff import compare

        fold_from = folding_from(conn, replay.brief)  # from it on, changes are the fold's
    brief = replay.brief
    editions = _rows(conn, f"SELECT {', '.join(_EDITION_COLS)} FROM editions WHERE brief = :brief "
                           "ORDER BY number", brief=brief)
    if twin_groups is not None:  # read on another thread, while this one hashes
        groups = twin_groups.rows(brief)
    else:
        groups = iter(_rows(conn, _aggregate_sql(conn.dialect.name), brief=brief))
    groups = _numbered(groups, brief, problems)
    pending = next(groups, None)
    idents = _IdentityReplay(replay)
    newer = newest_snapshots(conn, brief)  # editions read again: the projection follows the newest
    fixes = records or _Records()
    replay.records = fixes
    withdrawals = sorted((at, n) for (b, n), (at, _) in fixes.retracted.items() if b == brief)
    for values in editions:
        row = _Edition(*values)
        number = row.number
        where = (brief, number)
        checked.add(where)
        if number != replay.next_number:
            missing = replay.next_number
            span = f"{missing}" if number == missing + 1 else f"{missing}..{number - 1}"
            problems.add(f"edition {span} missing (numbers must run 1..N)", brief, missing)
        replay.next_number = number + 1
        group = None
        while pending is not None and pending[0] <= number:
            if pending[0] < number:
                problems.add("projection entity_versions has rows for a missing edition", brief, pending[0])
                idents.feed(pending[5], pending[6])
            else:
                group = pending
            pending = next(groups, None)
        if withdrawals:  # retracted before this edition was recorded: not what it was compared with
            recorded = fixes.recorded_at_seq.get(where)
            while withdrawals and recorded is not None and withdrawals[0][0] < recorded:
                replay.forget(withdrawals.pop(0)[1])
        _check_one(conn, row, brief, replay, logged.get(where), problems,
                   compare if fold_from is None or number < fold_from else None)
        joined, low, high, bad, records, events = group[1:] if group else ("", row.as_of, row.as_of, 0, None, 0)
        in_force = newer.get(number, row.snapshot)
        if joined != _entity_arrays(in_force) or low != row.as_of or high != row.as_of or bad:
            problems.add("projection entity_versions differs from the stored snapshot "
                         "(rebuild with `tracker verify --repair`)", brief, number)
        idents.feed(records, events)
        replay.prev_chain = row.chain_hash
        replay.remember(row.as_of, number)
    while pending is not None:
        problems.add("projection entity_versions has rows for a missing edition", brief, pending[0])
        idents.feed(pending[5], pending[6])
        pending = next(groups, None)
    if idents.unreadable:
        replay.identities.clear()
        _replay_identities(conn, replay)  # the exact (slow) way: one grouped query


def _numbered(groups: Iterator[Any], brief: str, problems: _Problems) -> Iterator[Any]:
    """Projection groups whose edition is a number; any other (a tampered row, since the
    column is declared an integer) is a problem, not a crash."""
    for group in groups:
        if isinstance(group[0], int) and not isinstance(group[0], bool):
            yield group
        else:
            problems.add(f"projection entity_versions of brief {brief} has rows for edition "
                         f"{group[0]!r}, which is not a number (rebuild with `tracker verify --repair`)")


_EDITION_COLS = ("number", "as_of", "ingested_at", "source", "raw", "sha256", "snapshot",
                 "parser_version", "snapshot_sha256", "prev_chain_hash", "chain_hash")
_Edition = namedtuple("_Edition", _EDITION_COLS)


def _aggregate_sql(dialect: str, span: str = "") -> str:
    """Per edition: its projection rows' `data` comma-joined in insertion order (events, then
    counts: the snapshot's two canonical arrays), their as-of range, how many rows have a key,
    name or date column that is not the one in their own `data`, and the identity records
    (key, name, aliases) of its events, in the same order. One pass over the (brief, edition)
    index; no JSON parsing.

    The column check is one substring search per row: in the canonical (sorted-key) JSON of
    an event, "date", "key" and "name" are adjacent, as are "as_of", "key" and "subject" at
    the start of a count's. A quote not preceded by a backslash is structural in JSON, so the
    pattern can only match the object's own top-level keys (an entity object is flat). A new
    entity field sorting between those keys would make every new edition fail here (loudly).

    The identity records are `key US name US aliases-json` (the columns, checked above), one
    per event row, separated by RS; with the number of event rows, a control character in a
    name that would make the split ambiguous is noticed (and the exact query used).

    `span`: "" for every edition of the brief, else a key of _SPANS (editions from :lo on,
    or :lo to :hi)."""
    has = _SPANS[span]
    if dialect == "postgresql":
        def q(column: str) -> str:
            return f"coalesce(to_json({column})::text, 'null')"
        find = "strpos"
        concat = "string_agg(data, ',' ORDER BY id)"
        aliases = "coalesce((data::jsonb -> 'aliases')::text, '')"
        records = (f"string_agg(CASE WHEN kind = 'event' THEN key || chr(31) || coalesce(name, '') "
                   f"|| chr(31) || {aliases} END, chr(30) ORDER BY id)")
    else:
        def q(column: str) -> str:
            return f"json_quote({column})"
        find = "instr"
        concat = "group_concat(data, ',')"
        aliases = ("CASE WHEN instr(data, '\"aliases\":[]') > 0 THEN '' "
                   "ELSE coalesce(json_extract(data, '$.aliases'), '') END")
        records = (f"group_concat(CASE WHEN kind = 'event' THEN key || char(31) || coalesce(name, '') "
                   f"|| char(31) || {aliases} END, char(30))")
    pattern = (f"CASE kind WHEN 'event' THEN ',\"date\":' || {q('date')} || ',\"key\":' || {q('key')} "
               f"|| ',\"name\":' || {q('name')} || ',' "
               f"WHEN 'count' THEN '{{\"as_of\":' || {q('date')} || ',\"key\":' || {q('key')} "
               f"|| ',\"subject\":' || {q('name')} || ',' END")
    ok = f"coalesce({find}(data, {pattern}), 0) > 0"
    return (f"SELECT edition, {concat} AS joined, min(as_of) AS low, max(as_of) AS high, "
            f"sum(CASE WHEN {ok} THEN 0 ELSE 1 END) AS bad, {records} AS records, "
            "sum(CASE WHEN kind = 'event' THEN 1 ELSE 0 END) AS events FROM entity_versions "
            f"WHERE brief = :brief {has} GROUP BY edition ORDER BY edition")


def _entity_arrays(snapshot: str) -> str | None:
    """The snapshot's events array then counts array, as the projection's rows join up."""
    i = snapshot.find('"counts":[')
    j = snapshot.find('],"events":[', i)
    k = snapshot.find('],"retractions":[', j)  # present only when the report takes something back
    if k < 0:
        k = snapshot.find('],"sections":[', j)
    if i < 0 or j < 0 or k < 0:
        return None
    counts, events = snapshot[i + 10:j], snapshot[j + 12:k]
    return f"{events},{counts}" if events and counts else events or counts


class _IdentityReplay:
    """First-wins identities, fed each edition's identity records in edition order: only the
    records not seen before are parsed and passed to `identities_of` (an event's identities
    depend only on its key, name and aliases, so a repeated one adds nothing; names repeat
    from edition to edition). Equal to replaying every snapshot, the projection rows having
    been checked against the snapshots."""

    def __init__(self, replay: _BriefReplay) -> None:
        from tracker.identity import identities_of

        self.replay = replay
        self.seen: set[str] = set()
        self.unreadable = False
        self.last: tuple[str | None, int] | None = None
        self.identities_of = identities_of

    def feed(self, records: str | None, events: int) -> None:
        if self.unreadable or (records, events) == self.last:
            return  # the same records as the edition before (often): read, all seen
        self.last = (records, events)
        split = records.split("\x1e") if records else []
        if len(split) != events:
            self.unreadable = True  # a separator in a key or name: use the exact grouped query
            return
        seen, batch = self.seen, []
        for record in split:
            if record in seen:
                continue
            seen.add(record)
            fields = record.split("\x1f")
            if len(fields) != 3:
                self.unreadable = True
                return
            key, name, aliases = fields
            try:
                parsed = json.loads(aliases) if aliases else ()
                names = tuple(parsed) if parsed else ()
            except (ValueError, TypeError):
                names = ()
            batch.append(Event(key=key, name=name, aliases=names))
        if batch:
            _add(self.replay, self.identities_of(Snapshot(events=tuple(batch))))


def _replay_identities(conn: Connection, replay: _BriefReplay) -> None:
    """First-wins identities from each distinct (key, name, aliases) event, fed to
    `identities_of` grouped by the edition that first showed it, in edition order.

    An event's identities depend only on those three; an event seen before adds nothing, so
    this equals replaying every snapshot (the projection rows were checked against the
    snapshots above). Reads one row per distinct event, not one per edition."""
    from tracker.identity import identities_of

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
            row.sha256, row.parser_version, row.snapshot_sha256) != row.chain_hash:
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


def _deep_check(conn: Connection, row: Any, brief: str, replay: _BriefReplay, pred: int | None,
                logged_changes: list, problems: _Problems, compare: Callable) -> None:
    """Recompute the edition's changes with today's diff engine and compare with the log.
    A difference is either tampering or a diff engine that has changed since ingest."""
    try:
        snap = Snapshot.from_dict(json.loads(row.snapshot))
    except (ValueError, TypeError, AttributeError):
        problems.add("stored snapshot is not readable JSON", brief, row.number)
        return
    reread = _reading_in_force(replay, brief, pred, row.number)
    if pred is None:
        before = Snapshot()
    elif reread > 1:  # the edition it was compared with had been read again by then
        before = _load_snapshot(conn, brief, pred, reread)
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


# -- later readings ------------------------------------------------------------------------------


_DERIVATION_SQL = (
    "SELECT d.brief, d.edition, d.derivation, d.recorded_at, d.parser_version, d.snapshot, "
    "d.snapshot_sha256, d.prev_chain_hash, d.chain_hash, e.chain_hash, e.parser_version, e.as_of "
    "FROM derivations d LEFT JOIN editions e ON e.brief = d.brief AND e.number = d.edition "
    "ORDER BY d.brief, d.edition, d.derivation")
_Derivation = namedtuple("_Derivation", "brief edition derivation recorded_at parser_version snapshot "
                                        "snapshot_sha256 prev_chain_hash chain_hash edition_chain "
                                        "edition_version as_of")


def _check_derivations(conn: Connection, logged: dict[tuple[str, int, int], tuple[int, str]],
                       problems: _Problems) -> None:
    """Every later reading: its snapshot hash, its link to the reading before it (the
    edition's own chain hash for the second), its chain hash, numbering 2, 3, ... per
    edition, its as-of, and its EditionReparsed event (payload equal to the row)."""
    last: tuple[str, int] | None = None
    expected, prev_chain, prev_version = 2, "", ""
    seen = set()
    for values in _rows(conn, _DERIVATION_SQL):
        row = _Derivation(*values)
        where = (row.brief, row.edition)
        label = f"reading {row.derivation}"
        if where != last:
            last, expected = where, 2
            prev_chain, prev_version = row.edition_chain, row.edition_version
        seen.add((row.brief, row.edition, row.derivation))
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
        else:
            try:
                summary = json.loads(event[1]).get("reading")
                expected_payload = sorted_json(reparsed_payload(row, prev_version, summary))
            except (ValueError, TypeError, AttributeError):
                expected_payload = None
            if event[1] != expected_payload:
                problems.add(f"{label}: EditionReparsed event does not match the stored reading", *where)
        expected, prev_chain, prev_version = row.derivation + 1, row.chain_hash, row.parser_version
    for brief, edition, derivation in sorted(set(logged) - seen, key=str):
        problems.add(f"the log records reading {derivation} but it is not stored", brief, edition)


def _names_row(payload: str, row: Any, fields: tuple[str, ...]) -> bool:
    """A correction's logged payload names `row` (a stored row, or None) by `fields`, and
    gives its reason as text."""
    try:
        data = json.loads(payload)
        return row is not None and all(data[f] == getattr(row, f) for f in fields) \
            and isinstance(data["reason"], str)
    except (ValueError, KeyError, TypeError):
        return False


def _check_retractions(conn: Connection, logged: dict[tuple[str, int], tuple[int, str]],
                       problems: _Problems) -> None:
    """Each retraction names a stored edition by its number, as-of and bytes' hash."""
    if not logged:
        return
    e = t.editions.c
    stored = {(r.brief, r.number): r for r in conn.execute(select(e.brief, e.number, e.as_of, e.sha256))}
    for (brief, number), (seq, payload) in sorted(logged.items()):
        if not _names_row(payload, stored.get((brief, number)), ("number", "as_of", "sha256")):
            problems.add(f"log event {seq}: the retraction does not match a stored edition", brief, number)


def _check_revocations(conn: Connection, logged: dict[int, tuple[int, str]], problems: _Problems) -> None:
    """Each revocation names a stored alias by its id, name, canonical name and brief."""
    if not logged:
        return
    rows = {r.id: r for r in conn.execute(select(t.aliases))}
    for alias_id, (seq, payload) in sorted(logged.items()):
        if not _names_row(payload, rows.get(alias_id), ("name", "canonical", "brief")):
            problems.add(f"log event {seq}: the revocation of alias {alias_id} does not match a stored alias")


# -- aliases and projections ---------------------------------------------------------------------


def _check_briefs(conn: Connection, problems: _Problems) -> None:
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
    actual = {(brief, identity): key for brief, identity, key in
              _rows(conn, "SELECT brief, identity, key FROM identities")}
    if actual != expected:
        wrong = sorted(set(actual.items()) ^ set(expected.items()))
        brief, identity = wrong[0][0]
        problems.add(f"projection identities differs ({len(wrong)} rows, e.g. {identity!r} in "
                     f"{brief}; rebuild with `tracker verify --repair`)")


def _check_revisions(conn: Connection, problems: _Problems) -> None:
    """event_revisions against entity_versions (itself checked against the snapshots above)."""
    from tracker.store import revisions

    wrong = revisions.first_difference(conn)
    if wrong:
        problems.add(f"projection event_revisions differs: {wrong}; rebuild with `tracker verify --repair`")
