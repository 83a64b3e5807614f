"""`verify`'s reading of the projection entity_versions: one aggregate row per edition (its
rows' JSON joined, their as-of range, how many disagree with their own JSON, and the identity
records of its events), as SQL for both engines, and on SQLite a second connection that reads
it on another core while the main thread hashes (and a third, `TwinJob`, for another check
that is SQLite work: event_revisions).

What the aggregate is compared with, and what a difference means, is `tracker.audit.projections`'
job; this module only reads it, exactly (a chunk it cannot split with certainty is read again
per edition). It never writes, and the twin connections hold no lock once they are open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Connection

from tracker.errors import StoreError
from tracker.store.store import Store

# the editions an aggregate query covers (see `aggregate_sql`)
_SPANS = {"": "", "from": "AND edition >= :lo", "range": "AND edition BETWEEN :lo AND :hi"}


def aggregate_sql(dialect: str, span: str = "") -> str:
    """Per edition: its projection rows' `data` comma-joined in insertion order (events, then
    counts: the snapshot's two canonical arrays), their as-of range, how many rows have a key,
    name or date column that is not the one in their own `data`, and the identity records
    (key, name, aliases) of its events, in the same order. One pass over the (brief, edition)
    index; no JSON parsing.

    The column check is one substring search per row: in the canonical (sorted-key) JSON of
    an event, "date", "key" and "name" are adjacent, as are "as_of", "key" and "subject" at
    the start of a count's. A quote not preceded by a backslash is structural in JSON, so the
    pattern can only match the object's own top-level keys (an entity object is flat). A new
    entity field sorting between those keys would make every new edition fail here (loudly);
    an event's "date_precision" (only there when set) is one, and has a pattern of its own.

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
    # an event dated less precisely than a day has "date_precision" (a plain word) between
    # "date" and "key": its date, then its key and name after that word's closing quote
    imprecise = (f"kind = 'event' AND coalesce({find}(data, ',\"date\":' || {q('date')} "
                 f"|| ',\"date_precision\":\"'), 0) > 0 AND coalesce({find}(data, '\",\"key\":' "
                 f"|| {q('key')} || ',\"name\":' || {q('name')} || ','), 0) > 0")
    ok = f"(coalesce({find}(data, {pattern}), 0) > 0 OR ({imprecise}))"
    return (f"SELECT edition, {concat} AS joined, min(as_of) AS low, max(as_of) AS high, "
            f"sum(CASE WHEN {ok} THEN 0 ELSE 1 END) AS bad, {records} AS records, "
            "sum(CASE WHEN kind = 'event' THEN 1 ELSE 0 END) AS events FROM entity_versions "
            f"WHERE brief = :brief {has} GROUP BY edition ORDER BY edition")


# -- a second reader on the same snapshot (SQLite) ------------------------------------------------


def open_twin(store: Store, conn: Connection, count: int = 2):  # noqa: ANN202
    """`count` more SQLite connections whose read transactions see exactly the snapshot `conn`
    sees, so that SQLite work done without the GIL (the projection aggregate on the first,
    the event_revisions check on the second) runs on another core while this thread walks
    the log and hashes. Every read transaction is started while a further connection holds
    the write lock, so no commit can fall between them. None when that lock is not had at
    once (a writer is busy, a read-only file...): verify then reads everything through
    `conn`, as it does on PostgreSQL."""
    import sqlite3

    path = store.engine.url.database
    if not path or path == ":memory:" or conn.in_nested_transaction():
        return None
    lock = None
    twins: list[sqlite3.Connection] = []
    try:
        lock = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()  # conn's snapshot
        for _ in range(count):
            twin = sqlite3.connect(path, timeout=0.05, isolation_level=None, check_same_thread=False)
            twins.append(twin)
            twin.execute("PRAGMA mmap_size = 268435456")
            twin.execute("BEGIN")
            twin.execute("SELECT count(*) FROM sqlite_master").fetchall()  # the twin's: the same
        return tuple(twins)
    except sqlite3.Error:
        for twin in twins:
            twin.close()
        return None
    finally:
        if lock is not None:
            try:
                lock.execute("ROLLBACK") if lock.in_transaction else None
            finally:
                lock.close()


class TwinJob:
    """One check run by a thread of its own on a twin connection (SQLite work, without the
    GIL); `result()` waits for it and returns what it returned, or raises what it raised."""

    def __init__(self, twin: Any, job: Callable[[Any], Any]) -> None:
        import threading

        self._outcome: list[Any] = []  # [result, error]
        self._worker = threading.Thread(target=self._work, args=(twin, job), name="verify-side",
                                        daemon=True)
        self._worker.start()

    def _work(self, twin: Any, job: Callable[[Any], Any]) -> None:
        try:
            self._outcome[:] = [job(twin), None]
        except BaseException as exc:  # noqa: BLE001 -- raised in the waiting thread
            self._outcome[:] = [None, exc]

    def wait(self) -> None:
        self._worker.join()

    def result(self) -> Any:
        self._worker.join()
        value, error = self._outcome
        if error is not None:
            raise StoreError(f"verify: a check on the second connection failed: {error}") from error
        return value


class TwinGroups:
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
    """The per-edition aggregate rows of `brief` (as `aggregate_sql` gives them), in batches
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
        cursor = twin.execute(aggregate_sql("sqlite"), params)
        while batch := cursor.fetchmany(64):
            yield batch
        return
    chunk, exact = _chunk_sql(), aggregate_sql("sqlite", "range")
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
    return _CHUNK_HEAD + aggregate_sql("sqlite", "from") + " LIMIT :n)"


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

