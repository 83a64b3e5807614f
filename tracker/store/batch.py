"""Rows of one write transaction held back and written together: the bulk side of ingest.

A bulk ingest writes 32 editions a transaction, and each edition is a handful of rows in five
tables (its editions row, its log events, its entity_versions rows, new identities, its
event_revisions). Written one statement per edition and table, and read back one query per
edition, the writer paid a database round trip for every step (on PostgreSQL most of its
time) and SQLAlchemy's statement machinery for every row (on SQLite most of its time).
`Pending` keeps the rows in memory and writes each table's rows with one statement when the
transaction ends: `executemany` on the driver's cursor for SQLite, `COPY ... FROM STDIN` on
PostgreSQL. What the writer would otherwise read back (the log's head, each event's latest
revision) it keeps in memory for the transaction.

Nothing changes in what is written or in what a crash leaves: the rows still go in the
transaction that commits the batch, in the order they were made. Any read that may see them
goes through `Pending.reader` (a connection that writes the held rows first), and any write
made another way goes through `Pending.direct`, which writes them first and forgets what was
kept in memory about the log and the revisions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table

from tracker.store import revisions
from tracker.store import schema as t
from tracker.store.writer import log_head, log_rows

# (table, its columns in the order rows are written); `id` columns are left to the database
BUFFERED: dict[str, tuple[Table, tuple[str, ...]]] = {
    table.name: (table, tuple(c.name for c in table.columns if c.name != "id"))
    for table in (t.editions, t.derivations, t.log, t.entity_versions, t.identities, t.event_revisions)
}
CHUNK = 1000  # rows a statement on SQLite (executemany); COPY streams any number


class Head(dict):
    """An editions row (a dict) whose columns read as attributes, like a result row."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class Reader:
    """A connection for reads inside a batch: the held rows are written before each statement,
    so the read sees them. Everything else is the connection's own."""

    def __init__(self, pending: Pending) -> None:
        self._pending = pending
        self._conn = pending.conn

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        self._pending.flush()
        return self._conn.execute(*args, **kwargs)

    def scalars(self, *args: Any, **kwargs: Any) -> Any:
        self._pending.flush()
        return self._conn.scalars(*args, **kwargs)

    def scalar(self, *args: Any, **kwargs: Any) -> Any:
        self._pending.flush()
        return self._conn.scalar(*args, **kwargs)

    def exec_driver_sql(self, *args: Any, **kwargs: Any) -> Any:
        self._pending.flush()
        return self._conn.exec_driver_sql(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


class Pending:
    """The rows of one write transaction not yet written, and what the transaction knows of
    the log's head and of each touched event's latest revision. Made per attempt: a
    transaction that does not commit takes it with it."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.head: tuple[int, str] | None = None  # (seq, hash) of the last log event
        # (brief, key) -> the key's latest revision (a row dict, `db` its stored last edition
        # and as-of when it is stored and not yet moved), or None when the key has none
        self.tails: dict[tuple[str, str], dict[str, Any] | None] = {}
        self.moved: dict[tuple[str, str], dict[str, Any]] = {}  # stored revisions extended
        self.appends: list[tuple[str, int, str, dict[str, str]]] = []  # editions to fold in
        self.reader = Reader(self)

    # -- holding rows

    def add(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        self.rows.setdefault(table, []).extend(rows)

    def log_head(self) -> tuple[int, str]:
        """The log's last event (seq, hash), read once (no log row is held before: see
        `direct`), then followed as events are held."""
        if self.head is None:
            self.head = log_head(self.conn)
        return self.head

    def append_log(self, brief: str | None, edition: int | None, events: list[tuple[str, str]],
                   stamp: str) -> None:
        """`writer.append_log`, held: the head is read once a transaction, then followed."""
        rows, self.head = log_rows(self.log_head(), brief, edition, events, stamp)
        self.add("log", rows)

    def revise(self, brief: str, number: int, as_of: str, new: dict[str, str]) -> None:
        """`revisions.record` for an edition after every stored one in as-of order (`new`:
        key -> its event's data), held until the flush, which reads the latest revisions of
        every key the held editions touch in one query."""
        self.appends.append((brief, number, as_of, new))

    def _fold_appends(self) -> None:
        """Each held edition's events, in order: an event extends its key's latest revision
        when it holds the same data, else starts one."""
        appends, self.appends = self.appends, []
        wanted: dict[str, set[str]] = {}
        for brief, _, _, new in appends:
            wanted.setdefault(brief, set()).update(k for k in new if (brief, k) not in self.tails)
        for brief, keys in wanted.items():
            self._load_tails(brief, sorted(keys))
        for brief, number, as_of, new in appends:
            for key, data in new.items():
                tail = self.tails[(brief, key)]
                if tail is not None and tail["data"] == data:
                    if "db" in tail:
                        self.moved[(brief, key)] = tail
                    tail["last_edition"], tail["last_as_of"] = number, as_of
                    continue
                row = {"brief": brief, "key": key, "first_edition": number, "first_as_of": as_of,
                       "last_edition": number, "last_as_of": as_of, "data": data}
                self.tails[(brief, key)] = row
                self.add("event_revisions", [row])

    def _load_tails(self, brief: str, keys: list[str]) -> None:
        """The latest stored revision of each of `keys` (none of them held)."""
        for at in range(0, len(keys), 500):
            chunk = keys[at:at + 500]
            self.tails.update({(brief, k): None for k in chunk})
            for row in self.conn.execute(revisions.OF_KEYS, {"brief": brief, "keys": chunk}):
                tail = dict(row._mapping)
                tail["db"] = (tail["last_edition"], tail["last_as_of"])
                self.tails[(brief, row.key)] = tail

    # -- writing them

    def flush(self) -> None:
        """Write every held row, table by table in the order first held, and the moves of
        stored revisions."""
        self._fold_appends()  # first: the revisions it starts are written with the rest
        held, self.rows = self.rows, {}
        for name, rows in held.items():
            if rows:
                write_rows(self.conn, name, rows)
        if self.moved:
            moved, self.moved = self.moved, {}
            self.conn.execute(revisions.EXTEND, [
                {"b_brief": tail["brief"], "b_key": tail["key"], "b_last_edition": tail["db"][0],
                 "b_last_as_of": tail["db"][1], "last_edition": tail["last_edition"],
                 "last_as_of": tail["last_as_of"]} for tail in moved.values()])
            for tail in moved.values():
                tail["db"] = (tail["last_edition"], tail["last_as_of"])
        for tail in self.tails.values():  # written now: a later move is an update
            if tail is not None and "db" not in tail:
                tail["db"] = (tail["last_edition"], tail["last_as_of"])

    @contextmanager
    def direct(self) -> Iterator[Reader]:
        """For writes made another way (a brief's mode record, a second reading, a backfill's
        revisions): the held rows are written first, and what was kept of the log's head and
        of the revisions is read again after."""
        self.flush()
        yield self.reader
        self.head = None
        self.tails.clear()


def write_rows(conn: Connection, name: str, rows: list[dict[str, Any]]) -> None:
    """One table's rows with one statement: COPY on PostgreSQL, executemany on SQLite (on the
    driver's cursor: the rows are plain values, no SQLAlchemy type processing to skip)."""
    table, columns = BUFFERED[name]
    columns = tuple(c for c in columns if c in rows[0])  # a column left out takes its default
    values = [tuple(row.get(c) for c in columns) for row in rows]
    listed = ", ".join(f'"{c}"' for c in columns)
    raw = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({listed}) FROM STDIN') as copy:
            for value in values:
                copy.write_row(value)
        return
    if conn.dialect.name != "sqlite":  # any other engine: SQLAlchemy's executemany
        conn.execute(table.insert(), [dict(zip(columns, v)) for v in values])
        return
    sql = f'INSERT INTO "{table.name}" ({listed}) VALUES ({", ".join("?" * len(columns))})'
    cursor = raw.cursor()
    try:
        for at in range(0, len(values), CHUNK):
            cursor.executemany(sql, values[at:at + CHUNK])
    finally:
        cursor.close()
