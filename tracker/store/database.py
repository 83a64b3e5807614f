"""A store's hold on its database: transactions, the writer lock, retries, and the schema.

`Database` is the base every job of the store builds on (`tracker.store.store.Store` puts them
together): a read transaction is one consistent view; a write transaction holds the store-wide
writer lock (SQLite: `BEGIN IMMEDIATE` with a busy timeout, see `engine.tune_sqlite`;
PostgreSQL: a transaction-level advisory lock per schema), because the log is a single hash
chain whose next link depends on the last one, and edition numbers must stay gapless per brief.
Lock conflicts are retried; driver errors become one-line `StoreError`s that never show the
password. It also checks, creates and migrates the schema (Alembic, imported only to migrate).

It must not decide what a transaction reads or writes (the jobs do); it knows none of the
record's tables.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Self

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from tracker.errors import StoreError
from tracker.model import Snapshot
from tracker.store import queries as q
from tracker.store.engine import Opened, createdb_line, first_line, migrations_dir, missing_database, script_head
from tracker.store.records import StoreBusyError

WRITE_ATTEMPTS = 8
PG_LOCK_WAIT_MS = 30_000  # per attempt, waiting for the writer lock
# The writer lock: one per schema (a schema holds one store, whose log is one chain), so two
# stores in one database never wait for each other. Two int4 keys: "trk" and the schema.
PG_LOCK_KEY = 0x74_72_6B
PG_LOCK_SQL = "SELECT pg_advisory_xact_lock(:k, hashtext(current_schema()))"


@dataclass
class WriteCache:
    """What a store remembers between its write transactions, so that a bulk ingest asks the
    database less: facts the database never takes back (a brief row, identity -> key rows, per
    brief) and the last edition this store wrote per brief (number, snapshot hash, snapshot):
    its snapshot is the next edition's `before`, used only while the row in force still has
    that number and hash (another writer in between: read from the database). Forgotten
    whenever a transaction that added to it may not have committed."""

    briefs: set[str] = field(default_factory=set)
    identities: dict[str, dict[str, str]] = field(default_factory=dict)
    last_written: dict[str, tuple[int, str, Snapshot]] = field(default_factory=dict)
    # briefs whose identities are all in `identities` (read whole by a bulk write), valid while
    # the log's head is still `log_head`, the one this store's last write left: nobody else
    # has written since
    complete: set[str] = field(default_factory=set)
    log_head: tuple[int, str] | None = None

    def forget(self) -> None:
        self.briefs.clear()
        self.identities.clear()
        self.last_written.clear()
        self.complete.clear()
        self.log_head = None


class Database:
    """A tracker database's engine and transactions. Methods raise `TrackerError` subclasses
    with one-line messages."""

    def __init__(self, opened: Opened) -> None:
        self.engine = opened.engine
        self.display = opened.display  # for messages: path, or URL with the password hidden
        self.created = opened.fresh  # this store's opening creates the database (file or PostgreSQL)
        self.dialect = self.engine.dialect.name
        self._password = opened.password
        self._reader = self.engine.execution_options(tracker_read=True)
        self._ready_checked = False
        self.cache = WriteCache()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- connections and errors

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Driver errors as one-line `StoreError`s naming the database, never its password."""
        try:
            yield
        except DBAPIError as exc:
            if missing_database(exc):
                raise StoreError(f"database {self.display} does not exist; create it with `tracker init` "
                                 f"(or: {createdb_line(self.engine.url)})") from exc
            raise StoreError(f"database {self.display}: {first_line(exc, password=self._password)}") from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: one consistent view (deferred BEGIN on SQLite)."""
        with self.errors(), self._reader.begin() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction holding the store-wide writer lock."""
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                # bounded like SQLite's busy timeout: a stuck writer makes others retry, then
                # fail with a clear message, instead of waiting for ever
                conn.execute(text("SELECT set_config('lock_timeout', :ms, true)"),
                             {"ms": f"{PG_LOCK_WAIT_MS}ms"})
                conn.execute(text(PG_LOCK_SQL), {"k": PG_LOCK_KEY})
            yield conn

    def retrying(self, what: str, work: Callable[[Connection], Any]) -> Any:
        """Run `work(conn)` in a write transaction, retrying lock/serialisation conflicts."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.write() as conn:
                    return work(conn)
            except DBAPIError as exc:
                if not retryable(exc):
                    raise StoreError(f"database {self.display}: {first_line(exc, password=self._password)}") from exc
                if attempt == WRITE_ATTEMPTS:
                    raise StoreBusyError(
                        f"could not store {what}: database {self.display} stayed busy after "
                        f"{WRITE_ATTEMPTS} attempts ({first_line(exc, password=self._password)})"
                    ) from exc
                time.sleep(min(2.0, 0.05 * 2**attempt) * random.uniform(0.5, 1.5))
        raise AssertionError("unreachable")

    # -- schema

    def current_revision(self) -> str | None:
        """The Alembic revision the database is at; None when it has no tracker schema."""
        with self.read() as conn:
            return q.revision(conn)

    def ready(self) -> None:
        """Refuse a database without the schema this tracker expects (checked once)."""
        if self._ready_checked:
            return
        current, head = self.current_revision(), script_head()
        if current is None:
            raise StoreError(f"database {self.display} has no tracker schema; run `tracker init`")
        if current != head:
            raise StoreError(
                f"database {self.display} is at schema {current}, this tracker expects {head}; "
                "run `tracker init` to upgrade"
            )
        self._ready_checked = True

    def _alembic(self, action: str, revision: str,
                 moved: Callable[[Connection], None] | None = None) -> str | None:
        from alembic import command  # ~400 ms: only for the commands that migrate
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(migrations_dir()))
        with self.errors(), self.write() as conn:
            before = q.revision(conn)
            config.attributes["connection"] = conn
            getattr(command, action)(config, revision)
            current = q.revision(conn)
            if moved is not None and before is not None and current != before:
                moved(conn)
        self._ready_checked = False
        return current

    def upgrade(self, revision: str = "head") -> str | None:
        return self._alembic("upgrade", revision)

    def downgrade(self, revision: str) -> str | None:
        return self._alembic("downgrade", revision)

    def init(self, moved: Callable[[Connection], None] | None = None) -> str:
        """Create or upgrade the schema to head (idempotent); returns the revision. `moved`
        runs in the migration's transaction when an existing schema was moved (not when it is
        created, nor when it was at head already): projections an upgrade rebuilds are
        written with it, so no crash leaves the new schema over stale ones."""
        return self._alembic("upgrade", "head", moved) or ""


def retryable(exc: DBAPIError) -> bool:
    """Whether another writer caused the failure (lock, deadlock, serialisation, a number
    taken meanwhile), so the transaction may succeed when run again."""
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    if state in ("40001", "40P01", "55P03", "23505"):
        return True
    message = str(orig).lower()
    return "database is locked" in message or "database is busy" in message
