"""The event store: immutable editions, an append-only hash-chained log, and projections.

It records what it is given and answers queries: it never reads, parses, settles identity or
diffs (the application does, see `tracker.app.ingest`). One write transaction holds the
edition row, its `EditionRecorded` event, one event per change against the edition in force
before it, and the projection rows: a crash leaves all of it or none (a bulk ingest writes a
group of editions in one transaction, each of them whole). Writers are serialised (SQLite:
`BEGIN IMMEDIATE` with a busy timeout; PostgreSQL: a transaction-level advisory lock per
schema), because the log is a single hash chain whose next link depends on the last one, and
edition numbers must stay gapless per brief.

Hashes (all sha256, hex; the byte forms are in `tracker.canonical`):
- `sha256`          of the raw bytes;
- `snapshot_sha256` of the stored snapshot JSON text (canonical JSON);
- `chain_hash`      = H(prev_chain_hash + canonical [brief, number, as_of, ingested_at, source,
                        sha256, parser_version, snapshot_sha256]), per brief, from GENESIS;
- log `hash`        = H(prev_hash, seq, brief, edition, type, recorded_at, one a line, then the
                        payload), one chain over the whole log; the last is the checkpoint `head`.

SQLAlchemy Core only, imported when a store is opened (the CLI imports this module lazily).
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import DBAPIError

from tracker.canonical import (
    GENESIS,
    canonical_json,
    derivation_hash,
    reparsed_payload,
    sha256_hex,
    snapshot_dict,
    sorted_json,
)
from tracker.days import ISO_DAY, day_problem, valid_day
from tracker.errors import AmbiguousError, InputError, NotFoundError, StoreError, TrackerError
from tracker.model import Snapshot
from tracker.store import queries as q
from tracker.store import revisions
from tracker.store import schema as t
from tracker.store.engine import Opened, first_line, migrations_dir, open_engine, script_head
from tracker.store.records import (
    AliasInfo,
    EditionInfo,
    IngestResult,
    NewDerivation,
    ModeInfo,
    NewEdition,
    Reading,
    Settled,
    StoreBusyError,
    mode_at,
)
from tracker.store.writer import (
    ALIAS_RECORDED,
    ALIAS_REVOKED,
    CORRECTIONS,
    EDITION_REPARSED,
    EDITION_RETRACTED,
    RowView,
    MODE_SET,
    append_log,
    edition_events,
    edition_row,
    now_utc,
    projection_rows,
    state_rows,
)

WRITE_ATTEMPTS = 8
PG_LOCK_WAIT_MS = 30_000  # per attempt, waiting for the writer lock
# The writer lock: one per schema (a schema holds one store, whose log is one chain), so two
# stores in one database never wait for each other. Two int4 keys: "trk" and the schema.
PG_LOCK_KEY = 0x74_72_6B
PG_LOCK_SQL = "SELECT pg_advisory_xact_lock(:k, hashtext(current_schema()))"

HEX = re.compile(r"[0-9a-fA-F]{6,64}")
DIGITS = re.compile(r"[0-9]+")
# Edition and reading numbers are INTEGER columns, 32 bits on PostgreSQL: a larger number names
# no edition, and is answered so rather than sent to the database (which would overflow).
MAX_NUMBER = 2**31 - 1


def _in_range(number: int | None) -> bool:
    return number is None or 0 <= number <= MAX_NUMBER


def _shown_number(digits: str) -> str:
    """A number for a message, a very long one cut short."""
    return digits if len(digits) <= 24 else digits[:20] + "..."

Settle = Callable[[Snapshot, "PriorView"], Settled]
"""The application's reading of a new snapshot against the record (see `records.Prior`)."""


def open_store(db: str | None = None, *, create: bool = False) -> Store:
    """Open the store at `db`: a path (SQLite file) or a SQLAlchemy URL.

    `None` means env TRACKER_DB, else "tracker.db" in the current directory. With
    `create=True` a missing SQLite file, or a database without tracker tables, is created and
    migrated to head; otherwise it is an error telling to run `tracker init`.
    A schema behind head is reported on first use (so that `init` can still upgrade it).
    """
    opened = open_engine(db or os.environ.get("TRACKER_DB") or "tracker.db", create)
    store = Store(opened)
    if create and (opened.fresh or store.current_revision() is None):
        store.init()
    return store


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


def _spelled(text: str) -> str:
    """A name as alias lookups compare it: case and runs of spaces aside."""
    return " ".join(text.split()).casefold()


def _refuse_a_second_canonical(conn: Connection, revoked: Any, scope: Any, name: str, canonical: str,
                               brief: str | None) -> None:
    """One NAME stands for one entity in a scope: an alias in force for it to another
    canonical must be revoked first, or both would apply (and `--revoke` take back both)."""
    a = t.aliases.c
    for row in conn.execute(select(t.aliases).where(scope).order_by(a.id)):
        if (row.id not in revoked and _spelled(row.name) == _spelled(name)
                and _spelled(row.canonical) != _spelled(canonical)):
            where = f"in brief {brief!r}" if brief is not None else "for every brief"
            raise InputError(f"{row.name!r} is already an alias of {row.canonical!r} {where}; revoke it "
                             f"first: tracker alias --revoke {row.name!r} --reason TEXT")


class Store:
    """A tracker database. Methods raise `TrackerError` subclasses with one-line messages."""

    def __init__(self, opened: Opened) -> None:
        self.engine = opened.engine
        self.display = opened.display  # for messages: path, or URL with the password hidden
        self.dialect = self.engine.dialect.name
        self._password = opened.password
        self._reader = self.engine.execution_options(tracker_read=True)
        self._ready_checked = False
        # Ingest caches, per brief, of facts the database never takes back (a brief row,
        # identity -> key rows) and of the last edition this store wrote: its snapshot is
        # the next edition's `before` in a bulk load, used only while the row in force still
        # has that number and snapshot hash (another writer in between: read from the DB).
        self._briefs_seen: set[str] = set()
        self._identities_seen: dict[str, dict[str, str]] = {}
        self._last_written: dict[str, tuple[int, str, Snapshot]] = {}

    def __enter__(self) -> Store:
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
                if not _retryable(exc):
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

    def _alembic(self, action: str, revision: str) -> str | None:
        from alembic import command  # ~400 ms: only for the commands that migrate
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(migrations_dir()))
        with self.errors(), self.write() as conn:
            config.attributes["connection"] = conn
            getattr(command, action)(config, revision)
            current = q.revision(conn)
        self._ready_checked = False
        return current

    def upgrade(self, revision: str = "head") -> str | None:
        return self._alembic("upgrade", revision)

    def downgrade(self, revision: str) -> str | None:
        return self._alembic("downgrade", revision)

    def init(self) -> str:
        """Create or upgrade the schema to head (idempotent); returns the revision."""
        return self.upgrade("head") or ""

    # -- briefs

    def briefs(self) -> list[str]:
        self.ready()
        with self.read() as conn:
            return q.all_briefs(conn)

    def resolve_brief(self, brief: str | None) -> str:
        """The brief named, or the only one; errors list the briefs there are."""
        known = self.briefs()
        if brief is not None:
            if brief in known:
                return brief
            listing = ", ".join(known) if known else "none yet"
            raise NotFoundError(f"no brief named {brief!r} (briefs: {listing})")
        if len(known) == 1:
            return known[0]
        if not known:
            raise NotFoundError(f"database {self.display} holds no editions yet; run `tracker ingest`")
        raise AmbiguousError(f"several briefs, pass --brief: {', '.join(known)}")

    # -- modes

    def modes(self, brief: str) -> list[ModeInfo]:
        """The brief's mode records in the order they were made (none: restating)."""
        self.ready()
        with self.read() as conn:
            return q.modes_of(conn, brief)

    def all_modes(self) -> dict[str, list[ModeInfo]]:
        self.ready()
        with self.read() as conn:
            return q.modes_by_brief(conn)

    def create_brief(self, brief: str, mode: str) -> ModeInfo:
        """Record a new brief with its mode (before any edition); an existing brief is an error."""
        self.ready()

        def work(conn: Connection) -> ModeInfo:
            if conn.execute(q.BRIEF_EXISTS, {"brief": brief}).first() is not None:
                raise InputError(f"brief {brief!r} exists already (see `tracker brief show {brief}`)")
            stamp = now_utc()
            conn.execute(t.briefs.insert().values(slug=brief, created_at=stamp))
            info = ModeInfo(brief, mode, 1, None, stamp)
            self._log_mode(conn, info)
            return info

        return self.retrying(f"brief {brief!r}", work)

    def set_mode(self, brief: str, mode: str, reason: str | None,
                 states: Callable[[list[tuple[EditionInfo, Snapshot]], list[ModeInfo]],
                                  list[tuple[int, str, str]]]) -> ModeInfo:
        """Record a change of mode applying from the brief's next edition, and rewrite its
        fold_states projection with `states(editions, modes)` (the application's fold) in the
        same transaction."""
        self.ready()

        def work(conn: Connection) -> ModeInfo:
            if conn.execute(q.BRIEF_EXISTS, {"brief": brief}).first() is None:
                raise NotFoundError(f"no brief named {brief!r}")
            modes = q.modes_of(conn, brief)
            last = conn.execute(q.LAST_NUMBER, {"brief": brief}).first()
            number = last.number + 1 if last else 1
            if mode_at(modes, number) == mode:
                raise InputError(f"brief {brief!r} is already {mode}")
            info = ModeInfo(brief, mode, number, reason, now_utc())
            self._log_mode(conn, info)
            rows = states(q.editions_after(conn, brief, None), [*modes, info])
            conn.execute(t.fold_states.delete().where(t.fold_states.c.brief == brief))
            if rows:
                conn.execute(q.INSERT_STATES, state_rows(brief, rows))
            return info

        return self.retrying(f"brief {brief!r}", work)

    def refold(self, brief: str, states: Callable[[list[tuple[EditionInfo, Snapshot]], list[ModeInfo]],
                                                  list[tuple[int, str, str]]]) -> int:
        """Rewrite a brief's fold_states projection with `states(editions in force, modes)`
        (the application's fold): after a retraction or a new reading changes what it folds."""
        self.ready()

        def work(conn: Connection) -> int:
            modes = q.modes_of(conn, brief)
            rows = states(q.editions_after(conn, brief, None), modes) if modes else []
            conn.execute(t.fold_states.delete().where(t.fold_states.c.brief == brief))
            if rows:
                conn.execute(q.INSERT_STATES, state_rows(brief, rows))
            return len(rows)

        return self.retrying(f"brief {brief!r}", work)

    def _log_mode(self, conn: Connection, info: ModeInfo) -> None:
        append_log(conn, info.brief, None, [(MODE_SET, canonical_json(info.payload()))], info.recorded_at)

    def state(self, brief: str, number: int) -> str | None:
        """The fold_states JSON of one edition (None: the brief does not fold, or no row)."""
        self.ready()
        with self.read() as conn:
            return q.state_of(conn, brief, number)

    # -- writing editions

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
                self._forget_cached()  # a retried attempt starts afresh
            reads = _BatchReads()
            return [self._write_one(conn, item, settle, reads) for item in items]

        what = items[0].what if len(items) == 1 else f"{len(items)} editions"
        try:
            return list(self.retrying(what, work))
        except StoreBusyError as exc:
            self._forget_cached()
            return [exc] * len(items)  # trying them one by one would wait as long again each
        except TrackerError as exc:
            self._forget_cached()
            if len(items) == 1:
                return [exc]
            return [out for item in items for out in self.write_editions([item], settle)]
        except BaseException:
            self._forget_cached()
            raise

    def _forget_cached(self) -> None:
        """Drop what was remembered from writes that may not have committed."""
        self._briefs_seen.clear()
        self._identities_seen.clear()
        self._last_written.clear()

    def _write_one(self, conn: Connection, item: NewEdition, settle: Settle,
                   reads: _BatchReads) -> IngestResult:
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
        if brief not in self._briefs_seen:
            if conn.execute(q.BRIEF_EXISTS, {"brief": brief}).first() is None:
                conn.execute(t.briefs.insert().values(slug=brief, created_at=stamp))
                created = True
            self._briefs_seen.add(brief)
        if created and item.mode is not None:  # the brief's creation carries its mode
            self._log_mode(conn, ModeInfo(brief, item.mode, 1, None, stamp))
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
        )
        settled = settle(item.snapshot, prior)
        snap = settled.snapshot

        snap_dict = snapshot_dict(snap)
        snap_json = sorted_json(snap_dict)  # == canonical_json(snap.to_dict()), tested
        snap_sha = sha256_hex(snap_json)
        row = edition_row(brief, number, prev_chain, stamp, item.source, item.data, item.sha256,
                          snap.as_of, snap_json, snap_sha, item.parser_version)
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
        fresh = settled.identities
        if fresh:
            conn.execute(q.INSERT_IDENTITIES,
                         [{"brief": brief, "identity": i, "key": k} for i, k in sorted(fresh.items())])
            self._identities_seen.setdefault(brief, {}).update(fresh)
        self._last_written[brief] = (number, snap_sha, snap)
        return IngestResult("stored", q.edition_info(row), tuple(settled.changes), previous)

    def _before(self, conn: Connection, brief: str, previous_row: Any) -> Snapshot:
        """The snapshot in force, from the last edition written when it is that one."""
        if previous_row is None:
            return Snapshot()
        cached = self._last_written.get(brief)
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
        seen = self._identities_seen.setdefault(brief, {})
        missing = {i for i in wanted if i not in seen}
        if missing:
            seen.update(q.derived_identities(conn, brief, missing))
        return {i: seen[i] for i in wanted if i in seen}

    # -- reading editions

    def editions(self, brief: str, *, include_retracted: bool = False) -> list[EditionInfo]:
        """Every edition of `brief` in as-of order (ties: ingestion order), less the
        retracted ones unless `include_retracted`."""
        self.ready()
        with self.read() as conn:
            return self._editions_in(conn, brief, include_retracted)

    def retracted(self, brief: str) -> dict[int, dict[str, Any]]:
        """edition -> its retraction (reason, recorded_at), for the retracted editions of `brief`."""
        self.ready()
        with self.read() as conn:
            return {n: {k: v for k, v in r.items() if k != "seq"} for n, r in q.retracted(conn, brief).items()}

    def resolve(self, brief: str, ref: str | None, *, include_retracted: bool = False) -> EditionInfo:
        """REF -> edition: None (latest by as-of), ISO date (in force that day: latest as-of on
        or before it, ties by highest number), edition number, or sha256 prefix (>= 6 hex).
        A retracted edition is in force on no date, and named is refused with its reason,
        unless `include_retracted`."""
        self.ready()
        e = t.editions.c
        with self.read() as conn:
            withdrawn = {} if include_retracted else q.retracted(conn, brief)
            kept = e.number.not_in(sorted(withdrawn)) if withdrawn else None
            if ref is None or ref == "latest":
                found = q.edition_where(conn, brief, kept, latest=True)
                if found is None:
                    raise NotFoundError(f"brief {brief!r} has no editions"
                                        + (" in force (all are retracted)" if withdrawn else ""))
                return found
            ref = ref.strip()
            if ISO_DAY.fullmatch(ref):
                if not valid_day(ref):
                    why = (day_problem(ref) or "").removeprefix("does not exist: ")
                    raise InputError(f"{ref!r} is not a valid date: {why}")
                on_day = e.as_of <= ref
                found = q.edition_where(conn, brief, on_day if kept is None else on_day & kept, latest=True)
                if found is None:
                    first = q.edition_where(conn, brief, kept, first=True)
                    detail = f"its first edition is as of {first.as_of}" if first else "it has no editions"
                    raise NotFoundError(f"no edition of {brief!r} in force on {ref}: {detail}")
                return found
            if DIGITS.fullmatch(ref):
                number = int(ref) if len(ref) <= len(str(MAX_NUMBER)) else None
                beyond = number is None or not _in_range(number)  # no edition has such a number
                found = None if beyond else q.edition_where(conn, brief, e.number == number)
                if found is not None:
                    return _not_retracted(found, withdrawn)
                if beyond and HEX.fullmatch(ref):  # digits only, but perhaps a hash prefix
                    try:
                        return _not_retracted(q.by_prefix(conn, brief, ref, sorted(withdrawn)), withdrawn)
                    except NotFoundError:
                        pass
                if len(ref) < 6 or beyond:
                    last = conn.execute(select(func.max(e.number)).where(e.brief == brief)).scalar()
                    raise NotFoundError(
                        f"brief {brief!r} has no edition {_shown_number(ref)} (editions 1..{last or 0})"
                    )
            if HEX.fullmatch(ref):
                return _not_retracted(q.by_prefix(conn, brief, ref.lower(), sorted(withdrawn)), withdrawn)
        raise InputError(
            f"{ref!r} is not a date (YYYY-MM-DD), an edition number or a sha256 prefix "
            "of at least 6 hex digits"
        )

    def edition(self, brief: str, number: int) -> EditionInfo:
        self.ready()
        with self.read() as conn:
            found = q.edition_where(conn, brief, t.editions.c.number == number)
        if found is None:
            raise NotFoundError(f"brief {brief!r} has no edition {number}")
        return found

    def snapshot(self, brief: str, number: int, derivation: int | None = None) -> Snapshot:
        """The stored snapshot of the edition's newest reading (or of reading `derivation`),
        as settled at ingest or reparse; never re-parsed here."""
        return self.reading(brief, number, derivation).snapshot

    def reading(self, brief: str, number: int, derivation: int | None = None) -> Reading:
        """One reading of an edition: the newest (None), the first (1) or a later one."""
        self.ready()
        if not _in_range(number):
            raise NotFoundError(f"brief {brief!r} has no edition {_shown_number(str(number))}")
        with self.read() as conn:
            first = conn.execute(q.FIRST_READING, {"brief": brief, "number": number}).first()
            if first is None:
                raise NotFoundError(f"brief {brief!r} has no edition {number}")
            if derivation == 1:
                return _reading(brief, first)
            d = t.derivations.c
            query = q.NEWEST_READING if derivation is None else select(*q.READING_COLS).where(
                d.brief == brief, d.edition == number, d.derivation == derivation)
            row = conn.execute(query, {"brief": brief, "number": number}).first() if _in_range(derivation) else None
            if row is not None:
                return _reading(brief, row)
            if derivation is None:
                return _reading(brief, first)
            last = conn.scalar(select(func.max(d.derivation)).where(d.brief == brief, d.edition == number))
            raise NotFoundError(f"edition {number} of {brief!r} has no reading {_shown_number(str(derivation))} "
                                f"(readings 1..{last or 1})")

    def readings(self, brief: str, number: int) -> list[Reading]:
        """Every reading of an edition, oldest first."""
        self.ready()
        d = t.derivations.c
        with self.read() as conn:
            first = conn.execute(q.FIRST_READING, {"brief": brief, "number": number}).first()
            if first is None:
                raise NotFoundError(f"brief {brief!r} has no edition {number}")
            later = conn.execute(select(*q.READING_COLS).where(d.brief == brief, d.edition == number)
                                 .order_by(d.derivation))
            return [_reading(brief, first)] + [_reading(brief, r) for r in later]

    def stored_readings(self, brief: str) -> list[tuple[EditionInfo, bytes, Reading]]:
        """Every edition of `brief` in as-of order with its raw bytes and newest reading: what
        `tracker reparse` reads again."""
        self.ready()
        e = t.editions.c
        out = []
        with self.read() as conn:
            newest = q.newest_readings(conn, brief)
            rows = conn.execute(select(*q.INFO_COLS, e.raw, e.parser_version, e.snapshot)
                                .where(e.brief == brief).order_by(e.as_of, e.number))
            for row in rows:
                info = q.edition_info(row)
                later = newest.get(row.number)
                reading = _reading(brief, later) if later is not None else Reading(
                    brief, row.number, 1, row.parser_version, row.ingested_at, row.snapshot_sha256,
                    row.chain_hash, Snapshot.from_dict(json.loads(row.snapshot)))
                out.append((info, bytes(row.raw), reading))
        return out

    def write_derivations(self, items: Sequence[NewDerivation],
                          identities_of: Callable[[Snapshot], dict[str, str]]) -> list[Reading]:
        """Append each new reading (chained to the edition's last one, logged as
        EditionReparsed) in one transaction, point the projections at it, and recompute the
        identities of the briefs touched with `identities_of` (the application's rule).
        Refuses, writing nothing, when an edition was read again since `follows`."""
        self.ready()
        if not items:
            return []

        def work(conn: Connection) -> list[Reading]:
            out = [self._write_derivation(conn, item) for item in items]
            known = {(item.brief, item.edition): item.snapshot for item in items}
            for brief in sorted({item.brief for item in items}):
                conn.execute(t.identities.delete().where(t.identities.c.brief == brief))
                idents = replayed_identities(conn, brief, identities_of, known)
                if idents:
                    conn.execute(q.INSERT_IDENTITIES, [
                        {"brief": brief, "identity": i, "key": k} for i, k in sorted(idents.items())])
            return out

        try:
            return self.retrying(f"{len(items)} readings", work)
        finally:
            self._forget_cached()

    def _write_derivation(self, conn: Connection, item: NewDerivation) -> Reading:
        brief, number = item.brief, item.edition
        first = conn.execute(q.FIRST_READING, {"brief": brief, "number": number}).first()
        if first is None:
            raise NotFoundError(f"brief {brief!r} has no edition {number}")
        last = conn.execute(q.NEWEST_READING, {"brief": brief, "number": number}).first() or first
        current = getattr(last, "derivation", 1)
        if current != item.follows:
            raise StoreError(f"edition {number} of {brief!r} was read again meanwhile (reading "
                             f"{current}); run `tracker reparse` again")
        if item.snapshot.as_of != first.as_of:
            raise InputError(f"a new reading of edition {number} of {brief!r} must keep its as-of "
                             f"date {first.as_of}, not {item.snapshot.as_of}")
        snap_dict = snapshot_dict(item.snapshot)
        snap_json = sorted_json(snap_dict)
        stamp = now_utc()
        row = {"brief": brief, "edition": number, "derivation": current + 1, "recorded_at": stamp,
               "parser_version": item.parser_version, "snapshot": snap_json,
               "snapshot_sha256": sha256_hex(snap_json), "prev_chain_hash": last.chain_hash}
        row["chain_hash"] = derivation_hash(last.chain_hash, brief, number, current + 1, stamp,
                                            item.parser_version, row["snapshot_sha256"])
        conn.execute(q.INSERT_DERIVATION, row)
        payload = reparsed_payload(RowView(row), last.parser_version, item.summary)
        append_log(conn, brief, number, [(EDITION_REPARSED, sorted_json(payload))], stamp)
        touched = {key for key, _ in conn.execute(revisions.EVENTS_OF_EDITION, {"brief": brief, "edition": number})}
        conn.execute(q.DELETE_VERSIONS_OF, {"b": brief, "n": number})
        rows = projection_rows(brief, number, first.as_of, snap_dict)
        if rows:
            conn.execute(q.INSERT_VERSIONS, rows)
        revisions.refresh(conn, brief, touched | {r["key"] for r in rows if r["kind"] == "event"})
        return Reading(brief, number, current + 1, item.parser_version, stamp, row["snapshot_sha256"],
                       row["chain_hash"], item.snapshot)

    def raw(self, brief: str, number: int) -> bytes:
        """The bytes as ingested."""
        self.ready()
        e = t.editions.c
        with self.read() as conn:
            stored = conn.scalar(select(e.raw).where(e.brief == brief, e.number == number))
        if stored is None:
            raise NotFoundError(f"brief {brief!r} has no edition {number}")
        return bytes(stored)

    def log(self, brief: str, numbers: Iterable[int] | None = None, *,
            include_retracted: bool = False) -> list[dict[str, Any]]:
        """Per edition, in as-of order: its identity, the edition it was compared with
        (`previous`, a number or None), its change events (Change dicts, as logged), the
        reading in force (`reading`, `parser_version`) and its retraction (or None); only
        the editions `numbers` when given. Retracted editions are left out unless
        `include_retracted`."""
        from tracker.store.writer import EDITION_RECORDED

        self.ready()
        lg, d = t.log.c, t.derivations.c
        by_edition: dict[int, dict[str, Any]] = {}
        with self.read() as conn:
            infos = {i.number: i for i in self._editions_in(conn, brief, include_retracted)}
            withdrawn = q.retracted(conn, brief)
            newest = {r.edition: (r.derivation, r.parser_version) for r in conn.execute(
                select(d.edition, d.derivation, d.parser_version).where(d.brief == brief)
                .order_by(d.edition, d.derivation))}
            query = select(lg.edition, lg.type, lg.payload).where(lg.brief == brief, lg.edition.is_not(None))
            if numbers is not None:
                wanted = set(numbers)
                infos = {n: i for n, i in infos.items() if n in wanted}
                query = query.where(lg.edition.in_(sorted(wanted)))
            rows = conn.execute(query.order_by(lg.seq))
            for row in rows:
                if row.type in CORRECTIONS:
                    continue
                entry = by_edition.setdefault(row.edition, {"previous": None, "changes": []})
                payload = json.loads(row.payload)
                if row.type == EDITION_RECORDED:
                    entry["previous"] = payload.get("previous")
                    entry["recorded_parser_version"] = payload.get("parser_version")
                else:
                    entry["changes"].append(payload)
        out = []
        for info in sorted(infos.values(), key=lambda i: (i.as_of, i.number)):
            entry = dict(by_edition.get(info.number, {"previous": None, "changes": []}))
            first_version = entry.pop("recorded_parser_version", None)
            reading, version = newest.get(info.number, (1, first_version))
            retraction = withdrawn.get(info.number)
            out.append({**info.to_dict(), **entry, "reading": reading, "parser_version": version,
                        "retracted": {k: v for k, v in retraction.items() if k != "seq"} if retraction else None})
        return out

    def corrections(self, brief: str) -> list[dict[str, Any]]:
        """The corrections recorded for `brief`, oldest first: new readings, retractions and
        alias revocations (its own and those of aliases for every brief), each with its log
        type, edition (or None), time and payload."""
        self.ready()
        lg = t.log.c
        with self.read() as conn:
            rows = conn.execute(
                select(lg.seq, lg.brief, lg.edition, lg.type, lg.payload, lg.recorded_at)
                .where(lg.type.in_(CORRECTIONS), (lg.brief == brief) | lg.brief.is_(None))
                .order_by(lg.seq))
            return [{"type": r.type, "brief": r.brief, "edition": r.edition, "recorded_at": r.recorded_at,
                     **json.loads(r.payload)} for r in rows]

    def retract(self, brief: str, number: int, reason: str) -> dict[str, Any]:
        """Record that edition `number` of `brief` is withdrawn from the views, and why. The
        edition stays stored and verified; only a log event is added."""
        self.ready()

        def work(conn: Connection) -> dict[str, Any]:
            found = q.edition_where(conn, brief, t.editions.c.number == number)
            if found is None:
                raise NotFoundError(f"brief {brief!r} has no edition {number}")
            earlier = q.retracted(conn, brief).get(number)
            if earlier is not None:
                raise InputError(f"edition {number} of {brief!r} was already retracted on "
                                 f"{earlier['recorded_at'][:10]} ({earlier['reason']})")
            stamp = now_utc()
            payload = {"number": number, "as_of": found.as_of, "sha256": found.sha256, "reason": reason}
            append_log(conn, brief, number, [(EDITION_RETRACTED, sorted_json(payload))], stamp)
            return {"brief": brief, **payload, "recorded_at": stamp}

        return self.retrying(f"the retraction of edition {number}", work)

    def _editions_in(self, conn: Connection, brief: str, include_retracted: bool = False) -> list[EditionInfo]:
        e = t.editions.c
        withdrawn = {} if include_retracted else q.retracted(conn, brief)
        rows = conn.execute(select(*q.INFO_COLS).where(e.brief == brief).order_by(e.as_of, e.number))
        return [q.edition_info(r) for r in rows if r.number not in withdrawn]

    # -- projections for history / timeline / suggestions

    def entity_rows(self, brief: str, key: str | Iterable[str] | None, *,
                    decode: bool = True, include_retracted: bool = False) -> list[dict[str, Any]]:
        """entity_versions rows for one key, several (e.g. keys merged by an alias) or all
        (None), in as-of order: edition, as_of, kind, key, name, date, data (a dict, shared by
        the rows holding the same version, so read-only; with `decode=False` plain tuples in
        that order, data the stored JSON text, for callers that decode only what changed); the
        newest reading of each edition, retracted editions left out unless asked for."""
        self.ready()
        ev = t.entity_versions.c
        query = select(ev.edition, ev.as_of, ev.kind, ev.key, ev.name, ev.date, ev.data).where(
            ev.brief == brief)
        if key is not None:
            query = query.where(ev.key.in_([key] if isinstance(key, str) else list(key)))
        decoded: dict[str, Any] = {}  # an entity repeated unchanged is decoded once
        out = []
        with self.read() as conn:
            withdrawn = {} if include_retracted else q.retracted(conn, brief)
            if withdrawn:
                query = query.where(ev.edition.not_in(sorted(withdrawn)))
            rows = conn.execute(query.order_by(ev.as_of, ev.edition, ev.kind, ev.key))
            if not decode:  # rows as tuples: a dict each costs more than the query
                return [tuple(r) for r in rows.fetchall()]
            for edition, as_of, kind, key_, name, date, data in rows:
                parsed = decoded.get(data)
                if parsed is None:
                    parsed = decoded[data] = json.loads(data)
                out.append({"edition": edition, "as_of": as_of, "kind": kind, "key": key_,
                            "name": name, "date": date, "data": parsed})
        return out

    def event_revisions(self, brief: str) -> list[dict[str, Any]]:
        """The brief's event_revisions rows by key, then in as-of order: each event's distinct
        successive versions (key, first_edition, first_as_of, last_edition, last_as_of, and
        data as JSON text), one row per run of identical versions."""
        self.ready()
        r = t.event_revisions.c
        query = (select(r.key, r.first_edition, r.first_as_of, r.last_edition, r.last_as_of, r.data)
                 .where(r.brief == brief).order_by(r.key, r.last_as_of, r.last_edition))
        with self.read() as conn:
            return [row._asdict() for row in conn.execute(query)]

    # -- streams for export: one read transaction, rows in as-of order (ties: edition number)

    def entity_stream(self, brief: str, kind: str) -> Iterator[tuple[int, str]]:
        """(edition, data as canonical JSON text) of every `kind` ("event" or "count") row of
        the entity_versions projection, in as-of order, each edition's in snapshot order."""
        self.ready()
        ev = t.entity_versions.c
        query = (select(ev.edition, ev.data).where(ev.brief == brief, ev.kind == kind)
                 .order_by(ev.as_of, ev.edition, ev.id))
        with self.read() as conn:
            yield from (tuple(row) for row in q.stream(conn, query))

    def paragraph_stream(self, brief: str) -> Iterator[tuple[int, int, str, str, str]]:
        """(edition, position, key, title, text) of every paragraph, in as-of order, read
        through the `paragraphs` view (the engine's JSON functions, no parsing here)."""
        self.ready()
        query = text("SELECT edition, position, key, title, text FROM paragraphs WHERE brief = :b "
                     "ORDER BY as_of, edition, position")
        with self.read() as conn:
            yield from (tuple(row) for row in q.stream(conn, query.bindparams(b=brief)))

    def snapshot_stream(self, brief: str) -> Iterator[tuple[int, str]]:
        """(edition, snapshot of its newest reading as canonical JSON text) of every edition,
        in as-of order."""
        self.ready()
        e = t.editions.c
        query = select(e.number, e.snapshot).where(e.brief == brief).order_by(e.as_of, e.number)
        with self.read() as conn:
            newer = q.newest_snapshots(conn, brief)
            for number, snapshot in q.stream(conn, query):
                yield number, newer.get(number, snapshot)

    def event_spans(self, brief: str) -> dict[str, tuple[int, str, int, str]]:
        """key -> (first edition, its as-of, last edition, its as-of) in which each event was
        reported, in as-of order, from the event_revisions projection."""
        self.ready()
        r = t.event_revisions.c
        spans: dict[str, tuple[int, str, int, str]] = {}
        query = (select(r.key, r.first_edition, r.first_as_of, r.last_edition, r.last_as_of)
                 .where(r.brief == brief).order_by(r.key, r.last_as_of, r.last_edition))
        with self.read() as conn:
            for key, first, first_as_of, last, last_as_of in conn.execute(query):
                held = spans.get(key)
                spans[key] = (held[0], held[1], last, last_as_of) if held else (first, first_as_of, last, last_as_of)
        return spans

    def names_seen(self, brief: str) -> list[tuple[str, str | None]]:
        """Distinct (key, name) pairs of the brief's events and counts (name: a count's subject)."""
        self.ready()
        ev = t.entity_versions.c
        with self.read() as conn:
            return [(r.key, r.name) for r in conn.execute(
                select(ev.key, ev.name).where(ev.brief == brief).distinct())]

    def identities(self, brief: str) -> dict[str, str]:
        """identity -> key as the projection holds them (aliases not applied)."""
        self.ready()
        with self.read() as conn:
            return q.derived_identities(conn, brief)

    # -- aliases

    def add_alias(self, name: str, canonical: str, brief: str | None,
                  key_for: Callable[[dict[str, str]], str]) -> AliasInfo:
        """Record that `name` is the entity `canonical`, in `brief` or in all, under the key
        `key_for(identities)` gives from the brief's identities (none for every brief), read
        in the same transaction. Stored editions never change."""
        return self.record_alias(name, canonical, brief, key_for)[0]

    def record_alias(self, name: str, canonical: str, brief: str | None,
                     key_for: Callable[[dict[str, str]], str]) -> tuple[AliasInfo, bool]:
        """`add_alias`, and whether it was written: the same alias in force already (same
        name, canonical and scope) is returned as it is, nothing written."""
        self.ready()

        def work(conn: Connection) -> tuple[AliasInfo, bool]:
            revoked = q.revoked_aliases(conn)
            a = t.aliases.c
            scope = a.brief.is_(None) if brief is None else a.brief == brief
            for row in conn.execute(select(t.aliases).where(scope, a.name == name, a.canonical == canonical)
                                    .order_by(a.id)):
                if row.id not in revoked:
                    return AliasInfo(**row._asdict()), False
            _refuse_a_second_canonical(conn, revoked, scope, name, canonical, brief)
            key = key_for(q.derived_identities(conn, brief) if brief is not None else {})
            stamp = now_utc()
            new_id = conn.execute(
                t.aliases.insert().values(brief=brief, name=name, canonical=canonical, key=key,
                                          recorded_at=stamp).returning(t.aliases.c.id)
            ).scalar_one()
            alias = AliasInfo(new_id, brief, name, canonical, key, stamp)
            append_log(conn, brief, None, [(ALIAS_RECORDED, canonical_json(alias.to_dict()))], stamp)
            return alias, True

        return self.retrying(f"alias {name!r}", work)

    def revoke_alias(self, name: str, brief: str | None, reason: str) -> list[AliasInfo]:
        """Take back the aliases in force named `name` (case and spaces aside) recorded for
        `brief` (None: those recorded for every brief), each with an AliasRevoked event
        giving `reason`. The alias rows stay stored; views and later ingests ignore them."""
        self.ready()
        wanted = " ".join(name.split()).casefold()

        def work(conn: Connection) -> list[AliasInfo]:
            revoked = q.revoked_aliases(conn)
            a = t.aliases.c
            scope = a.brief.is_(None) if brief is None else a.brief == brief
            found = [AliasInfo(**r._asdict()) for r in conn.execute(select(t.aliases).where(scope).order_by(a.id))
                     if r.id not in revoked and " ".join(r.name.split()).casefold() == wanted]
            if not found:
                where = f"brief {brief!r}" if brief is not None else "every brief"
                raise NotFoundError(f"no alias {name!r} in force for {where}; `tracker alias --list` shows them")
            stamp = now_utc()
            events = [(ALIAS_REVOKED, sorted_json({"id": x.id, "name": x.name, "canonical": x.canonical,
                                                   "brief": x.brief, "reason": reason})) for x in found]
            append_log(conn, brief, None, events, stamp)
            return found

        return self.retrying(f"the revocation of alias {name!r}", work)

    def aliases(self, brief: str | None = None, *, include_revoked: bool = False) -> list[AliasInfo]:
        """Aliases in force, in recording order: all of them, or those applying to `brief`
        (its own and the ones recorded for every brief); revoked ones too if asked."""
        self.ready()
        with self.read() as conn:
            revoked = {} if include_revoked else q.revoked_aliases(conn)
            if brief is None:
                rows = conn.execute(select(t.aliases).order_by(t.aliases.c.id))
            else:
                rows = conn.execute(q.ALIASES_FOR, {"brief": brief})
            return [AliasInfo(**r._asdict()) for r in rows if r.id not in revoked]

    # -- maintenance

    def rebuild_projections(self, identities_of: Callable[[Snapshot], dict[str, str]],
                            states: Callable[[list[tuple[EditionInfo, Snapshot]], list[ModeInfo]],
                                             list[tuple[int, str, str]]] | None = None) -> int:
        """Recompute entity_versions, identities and fold_states from the stored snapshots
        (identities by `identities_of`, folds by `states`: the application's rules), then
        event_revisions from entity_versions; returns the rows written."""
        self.ready()
        self._identities_seen.clear()

        def work(conn: Connection) -> int:
            conn.execute(t.entity_versions.delete())
            conn.execute(t.identities.delete())
            conn.execute(t.fold_states.delete())
            total = 0
            modes = q.modes_by_brief(conn)
            for brief in q.all_briefs(conn):
                if states is not None and brief in modes:
                    rows = states(q.editions_after(conn, brief, None), modes[brief])
                    if rows:
                        conn.execute(q.INSERT_STATES, state_rows(brief, rows))
                    total += len(rows)
                versions, idents = expected_projections(conn, brief, identities_of)
                if versions:
                    conn.execute(t.entity_versions.insert(), versions)
                if idents:
                    conn.execute(t.identities.insert(), [
                        {"brief": brief, "identity": i, "key": k} for i, k in sorted(idents.items())
                    ])
                total += len(versions) + len(idents)
            return total + revisions.rebuild(conn)

        return self.retrying("projections", work)


def expected_projections(conn: Connection, brief: str,
                         identities_of: Callable[[Snapshot], dict[str, str]]
                         ) -> tuple[list[dict], dict[str, str]]:
    """entity_versions rows and identities of `brief`, recomputed from the stored snapshots."""
    versions: list[dict] = []
    identities: dict[str, str] = {}
    for number, as_of, snap_dict in _newest_snapshots(conn, brief):
        versions += projection_rows(brief, number, as_of, snap_dict)
        for identity, key in identities_of(Snapshot.from_dict(snap_dict)).items():
            identities.setdefault(identity, key)
    return versions, identities


def replayed_identities(conn: Connection, brief: str,
                        identities_of: Callable[[Snapshot], dict[str, str]],
                        known: dict[tuple[str, int], Snapshot] | None = None) -> dict[str, str]:
    """The identities projection of `brief`: first wins, over its newest readings in edition
    order (`known`: newest readings already in hand, by (brief, edition), not read again)."""
    identities: dict[str, str] = {}
    known = known or {}
    e = t.editions.c
    numbers = conn.scalars(select(e.number).where(e.brief == brief).order_by(e.number)).all()
    if all((brief, n) in known for n in numbers):
        snapshots: Iterable[Snapshot] = (known[(brief, n)] for n in numbers)
    else:
        snapshots = (known.get((brief, n)) or Snapshot.from_dict(d) for n, _, d in _newest_snapshots(conn, brief))
    for snapshot in snapshots:
        for identity, key in identities_of(snapshot).items():
            identities.setdefault(identity, key)
    return identities


def _newest_snapshots(conn: Connection, brief: str) -> Iterator[tuple[int, str, dict]]:
    """(number, as_of, snapshot dict) of each edition's newest reading, in number order."""
    newer = q.newest_snapshots(conn, brief)
    e = t.editions.c
    rows = q.stream(conn, select(e.number, e.as_of, e.snapshot).where(e.brief == brief).order_by(e.number))
    for row in list(rows) if newer else rows:
        yield row.number, row.as_of, json.loads(newer.get(row.number, row.snapshot))


@dataclass
class _BatchReads:
    """What one write transaction reads once per brief, under the writer lock: which editions
    are retracted and the brief's mode records. Neither changes inside the transaction except
    by a brief's creation, which comes before the first read."""

    withdrawn: dict[str, list[int]] = field(default_factory=dict)
    modes: dict[str, list[ModeInfo]] = field(default_factory=dict)


def _not_retracted(found: EditionInfo, withdrawn: dict[int, dict[str, Any]]) -> EditionInfo:
    if found.number in withdrawn:
        why = withdrawn[found.number].get("reason")
        raise NotFoundError(f"edition {found.number} of {found.brief!r} was retracted ({why}); "
                            "pass --include-retracted to see it")
    return found


def _reading(brief: str, row: Any) -> Reading:
    return Reading(brief, row.edition, getattr(row, "derivation", 1), row.parser_version,
                   row.recorded_at, row.snapshot_sha256, row.chain_hash,
                   Snapshot.from_dict(json.loads(row.snapshot)))


def modes_differ(modes: list[ModeInfo], wanted: str) -> bool:
    """Whether a brief recorded with `modes` is not in mode `wanted` now."""
    return mode_at(modes, 1 << 30) != wanted


def _retryable(exc: DBAPIError) -> bool:
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    if state in ("40001", "40P01", "55P03", "23505"):
        return True
    message = str(orig).lower()
    return "database is locked" in message or "database is busy" in message
