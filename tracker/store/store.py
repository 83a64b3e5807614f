"""The event store: immutable editions, an append-only hash-chained log, and projections.

One write transaction holds the edition row, its `EditionRecorded` event, one event per change
against the edition in force before it, and the projection rows: a crash leaves all of it or
none (a bulk ingest writes a group of editions in one transaction, each of them whole).
Writers are serialised (SQLite: `BEGIN IMMEDIATE` with a busy timeout; PostgreSQL: a
transaction-level advisory lock per schema), because the log is a single hash chain whose next
link depends on the last one, and edition numbers must stay gapless per brief.

Hashes (all sha256, hex):
- `sha256`          of the raw bytes;
- `snapshot_sha256` of the stored snapshot JSON text (canonical JSON);
- `chain_hash`      = H(prev_chain_hash + canonical [brief, number, as_of, ingested_at, source,
                        sha256, parser_version, snapshot_sha256]), per brief, from GENESIS;
- log `hash`        = H(prev_hash, seq, brief, edition, type, recorded_at, one a line, then the
                        payload), one chain over the whole log; the last is the checkpoint `head`.

SQLAlchemy Core only, imported when a store is opened (the CLI imports this module lazily).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from tracker.store import schema as t
from tracker.errors import AmbiguousError, InputError, NotFoundError, StoreError, TrackerError
from tracker.model import PARSER_VERSION, Change, Snapshot, canonical_json

GENESIS = "0" * 64
WRITE_ATTEMPTS = 8
SQLITE_CHECKPOINT_PAGES = 8192  # WAL pages (4 KB) between automatic checkpoints
SQLITE_BUSY_MS = 30_000
PG_LOCK_WAIT_MS = 30_000  # per attempt, waiting for the writer lock
PG_CONNECT_TIMEOUT_S = 5
# The writer lock: one per schema (a schema holds one store, whose log is one chain), so two
# stores in one database never wait for each other. Two int4 keys: "trk" and the schema.
PG_LOCK_KEY = 0x74_72_6B
PG_LOCK_SQL = "SELECT pg_advisory_xact_lock(:k, hashtext(current_schema()))"

SLUG = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
HEX = re.compile(r"[0-9a-fA-F]{6,64}")

CHANGE_TYPES = {
    (entity, kind): f"{entity.capitalize()}{kind.capitalize()}"
    for entity in ("event", "count", "section")
    for kind in ("added", "removed", "changed")
}
EDITION_RECORDED = "EditionRecorded"
ALIAS_RECORDED = "AliasRecorded"


# -- values -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditionInfo:
    """What identifies an edition and proves it; the raw bytes and snapshot stay in the store."""

    brief: str
    number: int
    as_of: str
    ingested_at: str
    source: str
    sha256: str
    snapshot_sha256: str
    chain_hash: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class IngestResult:
    status: Literal["stored", "unchanged"]
    edition: EditionInfo
    changes: tuple[Change, ...]
    previous: EditionInfo | None  # the edition in force before it (by as-of), diffed against
    warnings: tuple[str, ...] = ()  # reading/parsing warnings of a stored edition, for the user


class StoreBusyError(StoreError):
    """Other writers kept the database locked through every retry."""


@dataclass(frozen=True)
class EditionInput:
    """One edition to ingest: its bytes and where they came from (see `Store.ingest`)."""

    data: bytes
    source: str
    brief: str | None = None
    as_of: str | None = None
    filename: str | None = None
    snapshot: Snapshot | None = None  # the parse of exactly `data`, when made ahead


@dataclass(frozen=True)
class _Pending:
    """An input checked and parsed, waiting for the write transaction."""

    brief: str
    data: bytes
    digest: str
    snapshot: Snapshot
    source: str
    what: str  # how errors name it


@dataclass(frozen=True)
class AliasInfo:
    """A hand-made identity fix: `name` is the same entity as `canonical` (key `key`)."""

    id: int
    brief: str | None  # None: every brief
    name: str
    canonical: str
    key: str
    recorded_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    editions_checked: int
    problems: list[str]
    first_bad: tuple[str, int] | None
    head: str  # hash of the last log event: the checkpoint to keep elsewhere

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def text(self) -> str:
        """Human summary: OK line, or the first bad edition and every problem, one a line."""
        if self.ok:
            return f"ok: {self.editions_checked} editions verified, head {self.head}\n"
        lines = [f"FAILED: {len(self.problems)} problem(s) in {self.editions_checked} editions"]
        if self.first_bad:
            lines.append(f"first bad edition: {self.first_bad[0]} #{self.first_bad[1]}")
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines) + "\n"


# -- hashing (shared with tracker.audit.verify) ------------------------------------------------------


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


_FLAT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # == canonical_json on flat lists


def chain_hash(prev: str, brief: str, number: int, as_of: str, ingested_at: str, source: str,
               sha256: str, parser_version: str, snapshot_sha256: str) -> str:
    fields = [brief, number, as_of, ingested_at, source, sha256, parser_version, snapshot_sha256]
    return sha256_hex(prev + _FLAT(fields))


def log_hash(prev: str, seq: int, brief: str | None, edition: int | None, type_: str,
             payload: str, recorded_at: str) -> str:
    """Link `prev` to this event. One field a line, the free-text payload last: brief (a slug),
    type and stamp hold no newline, so the encoding is unambiguous without JSON-escaping the
    payload again (that escaping was most of `verify`'s time)."""
    brief_, edition_ = "-" if brief is None else brief, "-" if edition is None else edition
    head = f"{prev}\n{seq}\n{brief_}\n{edition_}\n{type_}\n{recorded_at}\n"
    digest = hashlib.sha256(head.encode("utf-8"))
    digest.update(payload.encode("utf-8"))
    return digest.hexdigest()


_SORTED = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def recorded_payload(row: Any, previous: int | None, changes: int) -> dict[str, Any]:
    """The EditionRecorded event's payload: the edition's identifying fields and hashes."""
    return {
        "number": row.number, "as_of": row.as_of, "ingested_at": row.ingested_at,
        "source": row.source, "sha256": row.sha256, "parser_version": row.parser_version,
        "snapshot_sha256": row.snapshot_sha256, "chain_hash": row.chain_hash,
        "previous": previous, "changes": changes,
    }


def snapshot_dict(snap: Snapshot) -> dict[str, Any]:
    """`snap.to_dict()`, without its deep copies: the entities are flat (strings, numbers,
    tuples of strings), so one level of tuple-to-list conversion gives the same JSON."""
    def plain(entity: Any) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in vars(entity).items()}

    return {
        "title": snap.title, "as_of": snap.as_of,
        "events": [plain(e) for e in snap.events], "counts": [plain(c) for c in snap.counts],
        "sections": [plain(x) for x in snap.sections], "warnings": list(snap.warnings),
    }


def projection_rows(brief: str, number: int, as_of: str, snap: dict[str, Any]) -> list[dict]:
    """entity_versions rows for one stored snapshot (events and counts)."""
    rows = []
    for e in snap.get("events", ()):
        rows.append({"brief": brief, "edition": number, "kind": "event", "key": e["key"],
                     "name": e.get("name"), "date": e.get("date"), "as_of": as_of,
                     "data": _SORTED(e)})
    for c in snap.get("counts", ()):
        rows.append({"brief": brief, "edition": number, "kind": "count", "key": c["key"],
                     "name": c.get("subject"), "date": c.get("as_of"), "as_of": as_of,
                     "data": _SORTED(c)})
    return rows


def change_type(change: Change) -> str:
    return CHANGE_TYPES[(change.entity, change.kind)]


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:100]


def valid_day(value: str) -> bool:
    if not ISO_DAY.fullmatch(value or ""):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def future_warning(as_of: str) -> tuple[str, ...]:
    """An as-of date after tomorrow (UTC, so no time zone is early) is stored as given, since
    the record keeps what the brief says, but the user is told: it is most likely a typo."""
    tomorrow = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)
    if as_of > tomorrow.isoformat():
        return (f"as-of date {as_of} is in the future; stored as given (check the date, "
                "or pass --as-of)",)
    return ()


def empty_warning(snapshot: Snapshot) -> tuple[str, ...]:
    """An edition that states nothing (say, a Markdown file of only headings) is stored, since
    the user asked for it, but said so: it is most likely the wrong file."""
    if snapshot.events or snapshot.counts or any(s.text for s in snapshot.sections):
        return ()
    return ("no events, counts or paragraphs found: the edition is stored empty",)


# -- migrations directory ----------------------------------------------------------------------


def migrations_dir() -> Path:
    """Where the Alembic scripts are, installed as the package `tracker.migrations`."""
    import tracker.migrations

    return Path(tracker.migrations.__file__).resolve().parent


_HEAD: str | None = None


def script_head() -> str:
    """The newest revision among the migration scripts, read without importing Alembic."""
    global _HEAD
    if _HEAD is None:
        revisions, parents = set(), set()
        for path in (migrations_dir() / "versions").glob("*.py"):
            source = path.read_text(encoding="utf-8")
            rev = re.search(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", source, re.M)
            down = re.search(r"^down_revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", source, re.M)
            if rev:
                revisions.add(rev.group(1))
            if down:
                parents.add(down.group(1))
        heads = sorted(revisions - parents)
        if len(heads) != 1:
            raise StoreError(f"migration scripts have {len(heads)} heads: {heads}")
        _HEAD = heads[0]
    return _HEAD


# -- opening -----------------------------------------------------------------------------------


def open_store(db: str | None = None, *, create: bool = False) -> Store:
    """Open the store at `db`: a path (SQLite file) or a SQLAlchemy URL.

    `None` means env TRACKER_DB, else "tracker.db" in the current directory. With
    `create=True` a missing SQLite file, or a database without tracker tables, is created and
    migrated to head; otherwise it is an error telling to run `tracker init`.
    A schema behind head is reported on first use (so that `init` can still upgrade it).
    """
    db = db or os.environ.get("TRACKER_DB") or "tracker.db"
    if "://" in db:
        store = _open_url(db)
        fresh = False
    else:
        store, fresh = _open_sqlite(db, create)
    if create and (fresh or store.current_revision() is None):
        store.init()
    return store


def _open_sqlite(db: str, create: bool) -> tuple[Store, bool]:
    path = Path(db).expanduser().absolute()
    if path.is_dir():
        raise StoreError(f"database path {path} is a directory, not a file")
    fresh = not path.exists()
    if fresh:
        if not create:
            raise StoreError(f"no database at {path}; run `tracker init` or `tracker ingest`")
        parent = path.parent
        if not parent.is_dir():
            raise StoreError(f"cannot create database {path}: directory {parent} does not exist")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise StoreError(f"cannot create database {path}: directory {parent} is not writable")
    elif not os.access(path, os.R_OK):
        raise StoreError(f"cannot read database {path}: permission denied")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": SQLITE_BUSY_MS / 1000})
    _tune_sqlite(engine)
    return Store(engine, str(path)), fresh


def _tune_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, busy timeout; writes begin IMMEDIATE (take the write lock up front,
    so two writers never deadlock upgrading read locks); reads begin deferred."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across process crashes
        # a checkpoint (with its fsync) every 32 MB of WAL instead of every 4 MB: a bulk ingest
        # spent a sixth of its writing time in them; the last connection to close still
        # checkpoints and removes the WAL
        cur.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_CHECKPOINT_PAGES}")
        cur.execute("PRAGMA mmap_size = 268435456")  # reads straight from the OS cache (verify)
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # noqa: ANN001
        read = conn.get_execution_options().get("tracker_read")
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


def _open_url(db: str) -> Store:
    try:
        url = make_url(db)
    except SQLAlchemyError as exc:
        raise StoreError(f"not a database URL: {db.split('@')[-1]}") from exc
    shown = url.render_as_string(hide_password=True)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {"pool_pre_ping": False}
    if url.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": PG_CONNECT_TIMEOUT_S}
    try:
        engine = create_engine(url, **kwargs)
    except (SQLAlchemyError, ImportError) as exc:
        raise StoreError(f"cannot use database {shown}: {_first_line(exc, url)}") from exc
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    return Store(engine, shown, password=url.password)


def _first_line(exc: BaseException, url: Any = None, password: str | None = None) -> str:
    """One line for the user: the driver's message, never the SQL, parameters or password."""
    orig = getattr(exc, "orig", None) or exc
    message = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    secret = password or getattr(url, "password", None)
    if secret:
        message = message.replace(str(secret), "***")
    return message


# -- the store ---------------------------------------------------------------------------------


class Store:
    """A tracker database. Methods raise `TrackerError` subclasses with one-line messages."""

    def __init__(self, engine: Engine, display: str, password: str | None = None) -> None:
        self.engine = engine
        self.display = display  # for messages: path, or URL with the password hidden
        self.dialect = engine.dialect.name
        self._password = password
        self._reader = engine.execution_options(tracker_read=True)
        self._ready_checked = False
        # Ingest caches, per brief, of facts the database never takes back (a brief row,
        # identity -> key rows) and of the last edition this store wrote: its snapshot is
        # the next edition's `before` in a bulk load, used only while the row in force still
        # has that number and snapshot hash (another writer in between: read from the DB).
        self._briefs_seen: set[str] = set()
        self._identities_seen: dict[str, dict[str, str]] = {}
        self._last_written: dict[str, tuple[int, str, Snapshot]] = {}

    @property
    def display_url(self) -> str:
        """Where the store is, safe to print (SQLite path, or URL without its password)."""
        return self.display

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- connections and errors

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            raise StoreError(f"database {self.display}: {_first_line(exc, password=self._password)}") from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: one consistent view (deferred BEGIN on SQLite)."""
        with self._errors(), self._reader.begin() as conn:
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

    def _retrying(self, what: str, work):  # noqa: ANN001, ANN202
        """Run `work(conn)` in a write transaction, retrying lock/serialisation conflicts."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.write() as conn:
                    return work(conn)
            except DBAPIError as exc:
                if not _retryable(exc):
                    raise StoreError(f"database {self.display}: {_first_line(exc, password=self._password)}") from exc
                if attempt == WRITE_ATTEMPTS:
                    raise StoreBusyError(
                        f"could not store {what}: database {self.display} stayed busy after "
                        f"{WRITE_ATTEMPTS} attempts ({_first_line(exc, password=self._password)})"
                    ) from exc
                time.sleep(min(2.0, 0.05 * 2**attempt) * random.uniform(0.5, 1.5))
        raise AssertionError("unreachable")

    # -- schema

    def current_revision(self) -> str | None:
        """The Alembic revision the database is at; None when it has no tracker schema."""
        with self.read() as conn:
            return _revision(conn)

    def _ready(self) -> None:
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
        with self._errors(), self.write() as conn:
            config.attributes["connection"] = conn
            getattr(command, action)(config, revision)
            current = _revision(conn)
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
        self._ready()
        with self.read() as conn:
            return list(conn.scalars(select(t.briefs.c.slug).order_by(t.briefs.c.slug)))

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

    def _ingest_brief(self, brief: str | None, filename: str | None) -> str:
        """The brief an edition goes to.

        Given: validated as a slug (lowercase letters, digits, '.', '_', '-'). Not given:
        the slug of the file's parent folder (the snapshots/<brief>/<as-of>.<ext> layout),
        predictable whatever the database holds; without a file name, the only brief in the
        database; otherwise an error listing the briefs.
        """
        if brief is not None:
            if not SLUG.fullmatch(brief):
                hint = slugify(brief)
                raise InputError(
                    f"brief name {brief!r} is not a slug (lowercase letters, digits, '-', '_', '.')"
                    + (f"; try {hint!r}" if hint else "")
                )
            return brief
        parent = slugify(Path(filename).absolute().parent.name) if filename else ""
        if parent:
            return parent
        known = self.briefs()
        if len(known) == 1:
            return known[0]
        where = f" for {filename}" if filename else ""
        listing = ", ".join(known) if known else "none yet"
        raise InputError(f"no --brief given{where} (briefs: {listing})")

    # -- ingest

    def ingest(self, data: bytes, *, source: str, brief: str | None, as_of: str | None = None,
               filename: str | None = None, snapshot: Snapshot | None = None) -> IngestResult:
        """Store `data` as the next edition of `brief`, or report it `unchanged`.

        Parsed before any write (a bad file writes nothing); then one transaction holds the
        edition, its log events and its projection rows. `snapshot`, when given, is the parse
        of exactly these bytes made by the caller (bulk loaders parse in other processes);
        it goes through the same as-of checks.
        """
        outcome = self.ingest_many([EditionInput(data, source, brief, as_of, filename, snapshot)])[0]
        if isinstance(outcome, TrackerError):
            raise outcome
        return outcome

    def ingest_many(self, inputs: Sequence[EditionInput]) -> list[IngestResult | TrackerError]:
        """Store several editions, in order, in one write transaction: one outcome each.

        A bulk load pays one commit for many editions instead of one each. Each edition is
        still whole or absent: a file that cannot be read, parsed or dated is an error outcome
        and writes nothing, and if the transaction fails the editions are stored again one
        transaction each, so one bad edition costs only itself."""
        self._ready()
        outcomes: list[IngestResult | TrackerError | None] = [None] * len(inputs)
        pending: list[tuple[int, _Pending]] = []
        for i, item in enumerate(inputs):
            try:
                prepared = self._prepare(item)
            except TrackerError as exc:
                outcomes[i] = exc
                continue
            if isinstance(prepared, IngestResult):
                outcomes[i] = prepared
            else:
                pending.append((i, prepared))
        for i, result in zip([i for i, _ in pending], self._write_all([p for _, p in pending])):
            outcomes[i] = result
        return outcomes  # type: ignore[return-value]  every slot is filled

    def _prepare(self, item: EditionInput) -> _Pending | IngestResult:
        """What to write for one input, parsed and dated. Bytes already stored are reported
        `unchanged` here when they would still need parsing, so they are never parsed again."""
        brief = self._ingest_brief(item.brief, item.filename)
        digest = sha256_hex(item.data)
        if item.snapshot is None:  # spare the parse of bytes already stored (the write checks again)
            with self.read() as conn:
                existing = conn.execute(_BY_SHA, {"brief": brief, "sha": digest}).first()
            if existing is not None:
                return IngestResult("unchanged", _info(existing), (), None)
        snapshot = _parse(item.data, item.filename, item.as_of, item.snapshot)
        return _Pending(brief, item.data, digest, snapshot, item.source, item.filename or item.source)

    def _write_all(self, pending: list[_Pending]) -> list[IngestResult | TrackerError]:
        """One transaction for all of `pending`; if it fails, one transaction each."""
        if not pending:
            return []

        attempts = 0

        def work(conn: Connection) -> list[IngestResult]:
            nonlocal attempts
            attempts += 1
            if attempts > 1:
                self._forget_cached()  # a retried attempt starts afresh
            return [self._store(conn, p.brief, p.data, p.digest, p.snapshot, p.source)
                    for p in pending]

        what = pending[0].what if len(pending) == 1 else f"{len(pending)} editions"
        try:
            results: list[IngestResult | TrackerError] = list(self._retrying(what, work))
        except StoreBusyError as exc:
            self._forget_cached()
            return [exc] * len(pending)  # trying them one by one would wait as long again each
        except TrackerError as exc:
            self._forget_cached()
            if len(pending) == 1:
                return [exc]
            return [out for p in pending for out in self._write_all([p])]
        except BaseException:
            self._forget_cached()
            raise
        for n, (p, result) in enumerate(zip(pending, results)):
            if isinstance(result, IngestResult) and result.status == "stored":
                results[n] = replace(result, warnings=p.snapshot.warnings
                                     + future_warning(p.snapshot.as_of) + empty_warning(p.snapshot))
        return results

    def _forget_cached(self) -> None:
        """Drop what was remembered from writes that may not have committed."""
        self._briefs_seen.clear()
        self._identities_seen.clear()
        self._last_written.clear()

    def _store(self, conn: Connection, brief: str, data: bytes, digest: str, snapshot: Snapshot,
               source: str) -> IngestResult:
        """Write one edition in the open transaction. What it remembers (brief known, keys,
        the snapshot written) is forgotten by the caller if the transaction does not commit."""
        from tracker.diff import compare
        from tracker.identity import identities_of, keep_respelled, place_key, rekey

        existing = conn.execute(_BY_SHA, {"brief": brief, "sha": digest}).first()
        if existing is not None:  # another writer stored the same bytes meanwhile
            return IngestResult("unchanged", _info(existing), (), None)
        stamp = now_utc()
        if brief not in self._briefs_seen:
            if conn.execute(_BRIEF_EXISTS, {"brief": brief}).first() is None:
                conn.execute(t.briefs.insert().values(slug=brief, created_at=stamp))
            self._briefs_seen.add(brief)
        last = conn.execute(_LAST_NUMBER, {"brief": brief}).first()
        number = last.number + 1 if last else 1
        prev_chain = last.chain_hash if last else GENESIS

        # Only the identities this edition can match (its own, and aliases' targets): the
        # projection grows with every base ever seen, reading all of it made ingest O(history).
        aliases = _aliases_for(conn, brief)
        own = identities_of(snapshot)
        wanted = set(own)
        wanted |= {x for a in aliases for x in (place_key(a.canonical), a.canonical)}
        derived = self._identities(conn, brief, wanted)
        snap = rekey(snapshot, _with_aliases(conn, brief, derived, aliases))
        previous_row = conn.execute(_IN_FORCE, {"brief": brief, "as_of": snap.as_of}).first()
        before = Snapshot()
        if previous_row is not None:
            cached = self._last_written.get(brief)
            if cached and cached[:2] == (previous_row.number, previous_row.snapshot_sha256):
                before = cached[2]
            else:
                stored = conn.execute(_SNAPSHOT_OF, {"brief": brief, "number": previous_row.number})
                before = Snapshot.from_dict(json.loads(stored.scalar_one()))
        snap = keep_respelled(before, snap)  # a name spelt anew keeps its key: one `name` change
        changes = compare(before, snap)

        snap_dict = snapshot_dict(snap)
        snap_json = _SORTED(snap_dict)  # == canonical_json(snap.to_dict()), tested
        snap_sha = sha256_hex(snap_json)
        row = {
            "brief": brief, "number": number, "as_of": snap.as_of, "ingested_at": stamp,
            "source": source, "raw": data, "sha256": digest, "snapshot": snap_json,
            "parser_version": PARSER_VERSION, "snapshot_sha256": snap_sha,
            "prev_chain_hash": prev_chain,
        }
        row["chain_hash"] = chain_hash(prev_chain, brief, number, snap.as_of, stamp, source,
                                       digest, PARSER_VERSION, snap_sha)
        conn.execute(_INSERT_EDITION, row)
        info = _info(row)
        previous = _info(previous_row) if previous_row else None

        recorded = recorded_payload(_Row(row), previous.number if previous else None, len(changes))
        events = [(EDITION_RECORDED, _SORTED(recorded))]  # flat: the same bytes as canonical_json
        events += [(change_type(c), _SORTED(c.to_dict())) for c in changes]  # to_dict is plain
        append_log(conn, brief, number, events, stamp)

        rows = projection_rows(brief, number, snap.as_of, snap_dict)
        if rows:
            conn.execute(_INSERT_VERSIONS, rows)
        same = len(snap.events) == len(snapshot.events) and all(
            a is b for a, b in zip(snap.events, snapshot.events))
        mine = own if same else identities_of(snap)  # rekey kept every key: the same events
        derived.update(self._identities(conn, brief, set(mine) - wanted))
        fresh = {i: k for i, k in mine.items() if i not in derived}
        if fresh:
            conn.execute(_INSERT_IDENTITIES,
                         [{"brief": brief, "identity": i, "key": k} for i, k in sorted(fresh.items())])

        self._identities_seen.setdefault(brief, {}).update(fresh)
        self._last_written[brief] = (number, snap_sha, snap)
        return IngestResult("stored", info, tuple(changes), previous)

    def _identities(self, conn: Connection, brief: str, wanted: set[str]) -> dict[str, str]:
        """identity -> key for those of `wanted` in the projection. Rows found are kept (they
        are never changed once written), so a bulk load asks the database only for the
        identities it has not met yet."""
        seen = self._identities_seen.setdefault(brief, {})
        missing = {i for i in wanted if i not in seen}
        if missing:
            seen.update(_derived_identities(conn, brief, missing))
        return {i: seen[i] for i in wanted if i in seen}

    # -- reading editions

    def editions(self, brief: str) -> list[EditionInfo]:
        """Every edition of `brief` in as-of order (ties: ingestion order)."""
        self._ready()
        e = t.editions.c
        with self.read() as conn:
            rows = conn.execute(
                select(*_INFO_COLS).where(e.brief == brief).order_by(e.as_of, e.number)
            )
            return [_info(r) for r in rows]

    def resolve(self, brief: str, ref: str | None) -> EditionInfo:
        """REF -> edition: None (latest by as-of), ISO date (in force that day: latest as-of on
        or before it, ties by highest number), edition number, or sha256 prefix (>= 6 hex)."""
        self._ready()
        e = t.editions.c
        with self.read() as conn:
            if ref is None or ref == "latest":
                found = _edition_where(conn, brief, None, latest=True)
                if found is None:
                    raise NotFoundError(f"brief {brief!r} has no editions")
                return found
            ref = ref.strip()
            if ISO_DAY.fullmatch(ref):
                if not valid_day(ref):
                    raise InputError(f"{ref!r} is not a valid date")
                found = _edition_where(conn, brief, e.as_of <= ref, latest=True)
                if found is None:
                    first = _edition_where(conn, brief, None, first=True)
                    detail = f"its first edition is as of {first.as_of}" if first else "it has no editions"
                    raise NotFoundError(f"no edition of {brief!r} in force on {ref}: {detail}")
                return found
            if ref.isdigit():
                found = _edition_where(conn, brief, e.number == int(ref))
                if found is not None:
                    return found
                if len(ref) < 6:
                    last = conn.execute(select(func.max(e.number)).where(e.brief == brief)).scalar()
                    raise NotFoundError(
                        f"brief {brief!r} has no edition {ref} (editions 1..{last or 0})"
                    )
            if HEX.fullmatch(ref):
                return _by_prefix(conn, brief, ref.lower())
        raise InputError(
            f"{ref!r} is not a date (YYYY-MM-DD), an edition number or a sha256 prefix "
            "of at least 6 hex digits"
        )

    def edition(self, brief: str, number: int) -> EditionInfo:
        self._ready()
        with self.read() as conn:
            found = _edition_where(conn, brief, t.editions.c.number == number)
        if found is None:
            raise NotFoundError(f"brief {brief!r} has no edition {number}")
        return found

    def snapshot(self, brief: str, number: int) -> Snapshot:
        """The stored snapshot (already rekeyed at ingest); never re-parsed."""
        self._ready()
        e = t.editions.c
        with self.read() as conn:
            stored = conn.scalar(select(e.snapshot).where(e.brief == brief, e.number == number))
        if stored is None:
            raise NotFoundError(f"brief {brief!r} has no edition {number}")
        return Snapshot.from_dict(json.loads(stored))

    def raw(self, brief: str, number: int) -> bytes:
        """The bytes as ingested."""
        self._ready()
        e = t.editions.c
        with self.read() as conn:
            stored = conn.scalar(select(e.raw).where(e.brief == brief, e.number == number))
        if stored is None:
            raise NotFoundError(f"brief {brief!r} has no edition {number}")
        return bytes(stored)

    def log(self, brief: str) -> list[dict[str, Any]]:
        """Per edition, in as-of order: its identity, the edition it was compared with
        (`previous`, a number or None) and its change events (Change dicts, as logged)."""
        self._ready()
        lg = t.log.c
        by_edition: dict[int, dict[str, Any]] = {}
        with self.read() as conn:
            infos = {i.number: i for i in self._editions_in(conn, brief)}
            rows = conn.execute(
                select(lg.edition, lg.type, lg.payload)
                .where(lg.brief == brief, lg.edition.is_not(None)).order_by(lg.seq)
            )
            for row in rows:
                entry = by_edition.setdefault(row.edition, {"previous": None, "changes": []})
                payload = json.loads(row.payload)
                if row.type == EDITION_RECORDED:
                    entry["previous"] = payload.get("previous")
                else:
                    entry["changes"].append(payload)
        out = []
        for info in sorted(infos.values(), key=lambda i: (i.as_of, i.number)):
            entry = by_edition.get(info.number, {"previous": None, "changes": []})
            out.append({**info.to_dict(), **entry})
        return out

    def _editions_in(self, conn: Connection, brief: str) -> list[EditionInfo]:
        e = t.editions.c
        rows = conn.execute(select(*_INFO_COLS).where(e.brief == brief).order_by(e.as_of, e.number))
        return [_info(r) for r in rows]

    # -- projections for history / timeline / suggestions

    def entity_rows(self, brief: str, key: str | Iterable[str] | None) -> list[dict[str, Any]]:
        """entity_versions rows for one key, several (e.g. keys merged by an alias) or all
        (None), in as-of order: edition, as_of, kind, key, name, date, data (a dict)."""
        self._ready()
        ev = t.entity_versions.c
        query = select(ev.edition, ev.as_of, ev.kind, ev.key, ev.name, ev.date, ev.data).where(
            ev.brief == brief)
        if key is not None:
            query = query.where(ev.key.in_([key] if isinstance(key, str) else list(key)))
        with self.read() as conn:
            rows = conn.execute(query.order_by(ev.as_of, ev.edition, ev.kind, ev.key))
            return [{**r._asdict(), "data": json.loads(r.data)} for r in rows]

    def known_names(self, brief: str) -> dict[str, str]:
        """Every spelling -> key for `brief`: keys, names and count subjects seen, identities,
        and aliases (which win). For matching a user's NAME and for suggestions."""
        self._ready()
        from tracker.identity import place_key

        ev = t.entity_versions.c
        with self.read() as conn:
            names: dict[str, str] = {}
            for row in conn.execute(select(ev.key, ev.name).where(ev.brief == brief).distinct()):
                names.setdefault(row.key, row.key)
                if row.name:
                    names.setdefault(row.name, row.key)
            derived = _derived_identities(conn, brief)
            for identity, key in derived.items():
                names.setdefault(identity, key)
            for alias in _aliases_for(conn, brief):
                names[alias.name] = _alias_target(alias, derived, place_key)
        return names

    def identities(self, brief: str) -> dict[str, str]:
        """identity -> key, as matching uses it at ingest (projection overlaid with aliases)."""
        self._ready()
        with self.read() as conn:
            return _with_aliases(conn, brief, _derived_identities(conn, brief))

    # -- aliases

    def add_alias(self, name: str, canonical: str, brief: str | None) -> AliasInfo:
        """Record that `name` is the entity `canonical` (a name or key), in `brief` or in all.
        Applied to later ingests' matching and to lookups; stored editions never change."""
        self._ready()
        from tracker.identity import place_key

        name, canonical = name.strip(), canonical.strip()
        if not name or not canonical:
            raise InputError("alias needs a NAME and a CANONICAL name")
        if brief is not None and brief not in self.briefs():
            raise NotFoundError(f"no brief named {brief!r}")

        def work(conn: Connection) -> AliasInfo:
            key = place_key(canonical) or canonical
            if brief is not None:
                derived = _derived_identities(conn, brief)
                key = derived.get(place_key(canonical)) or derived.get(canonical) or key
            stamp = now_utc()
            new_id = conn.execute(
                t.aliases.insert().values(brief=brief, name=name, canonical=canonical, key=key,
                                          recorded_at=stamp).returning(t.aliases.c.id)
            ).scalar_one()
            alias = AliasInfo(new_id, brief, name, canonical, key, stamp)
            payload = canonical_json(alias.to_dict())
            append_log(conn, brief, None, [(ALIAS_RECORDED, payload)], stamp)
            return alias

        return self._retrying(f"alias {name!r}", work)

    def aliases(self, brief: str | None = None) -> list[AliasInfo]:
        """Aliases in recording order: all of them, or those applying to `brief` (its own
        and the ones recorded for every brief)."""
        self._ready()
        with self.read() as conn:
            if brief is None:
                rows = conn.execute(select(t.aliases).order_by(t.aliases.c.id))
                return [AliasInfo(**r._asdict()) for r in rows]
            return _aliases_for(conn, brief)

    # -- maintenance

    def rebuild_projections(self) -> int:
        """Recompute entity_versions and identities from the stored snapshots; returns rows."""
        self._ready()
        from tracker.audit.verify import expected_projections

        self._identities_seen.clear()

        def work(conn: Connection) -> int:
            conn.execute(t.entity_versions.delete())
            conn.execute(t.identities.delete())
            total = 0
            for brief in list(conn.scalars(select(t.briefs.c.slug).order_by(t.briefs.c.slug))):
                versions, idents = expected_projections(conn, brief)
                if versions:
                    conn.execute(t.entity_versions.insert(), versions)
                if idents:
                    conn.execute(t.identities.insert(), [
                        {"brief": brief, "identity": i, "key": k} for i, k in sorted(idents.items())
                    ])
                total += len(versions) + len(idents)
            return total

        return self._retrying("projections", work)

    def verify(self, checkpoint: str | None = None, *, deep: bool = False) -> VerifyReport:
        """Re-hash, re-chain, replay and compare everything; see tracker.audit.verify. `deep` also
        recomputes every edition's changes with the current diff engine."""
        from tracker.audit.verify import verify

        with self._errors():
            return verify(self, checkpoint, deep=deep)


# -- helpers -----------------------------------------------------------------------------------

_INFO_COLS = tuple(
    getattr(t.editions.c, name)
    for name in ("brief", "number", "as_of", "ingested_at", "source", "sha256",
                 "snapshot_sha256", "chain_hash")
)


# The statements of every ingest, built once (SQLAlchemy then finds their compiled form by a
# cheap cache key instead of building and keying a new construct per edition).
_E = t.editions.c
_BY_SHA = select(*_INFO_COLS).where(_E.brief == bindparam("brief"), _E.sha256 == bindparam("sha")).limit(1)
_BRIEF_EXISTS = select(t.briefs.c.slug).where(t.briefs.c.slug == bindparam("brief"))
_LAST_NUMBER = (select(_E.number, _E.chain_hash).where(_E.brief == bindparam("brief"))
                .order_by(_E.number.desc()).limit(1))
_IN_FORCE = (select(*_INFO_COLS).where(_E.brief == bindparam("brief"), _E.as_of <= bindparam("as_of"))
             .order_by(_E.as_of.desc(), _E.number.desc()).limit(1))
_SNAPSHOT_OF = select(_E.snapshot).where(_E.brief == bindparam("brief"), _E.number == bindparam("number"))
_INSERT_EDITION = t.editions.insert()
_INSERT_VERSIONS = t.entity_versions.insert()
_INSERT_IDENTITIES = t.identities.insert()
_INSERT_LOG = t.log.insert()
_ALIASES_FOR = (select(t.aliases).where((t.aliases.c.brief == bindparam("brief")) | t.aliases.c.brief.is_(None))
                .order_by(t.aliases.c.id))
_IDENTITIES_OF = select(t.identities.c.identity, t.identities.c.key).where(
    t.identities.c.brief == bindparam("brief"))
_IDENTITIES_IN = _IDENTITIES_OF.where(t.identities.c.identity.in_(bindparam("ids", expanding=True)))
_LOG_HEAD = select(t.log.c.seq, t.log.c.hash).order_by(t.log.c.seq.desc()).limit(1)


class _Row:
    """Attribute access over a dict (so recorded_payload takes rows and dicts alike)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.__dict__.update(data)


def _info(row: Any) -> EditionInfo:
    m = row if isinstance(row, dict) else row._mapping
    return EditionInfo(m["brief"], m["number"], m["as_of"], m["ingested_at"], m["source"],
                       m["sha256"], m["snapshot_sha256"], m["chain_hash"])


def _edition_where(conn: Connection, brief: str, condition: Any, *, latest: bool = False,
                   first: bool = False) -> EditionInfo | None:
    e = t.editions.c
    query = select(*_INFO_COLS).where(e.brief == brief)
    if condition is not None:
        query = query.where(condition)
    if latest:
        query = query.order_by(e.as_of.desc(), e.number.desc())
    elif first:
        query = query.order_by(e.as_of, e.number)
    row = conn.execute(query.limit(1)).first()
    return _info(row) if row else None


def _by_prefix(conn: Connection, brief: str, prefix: str) -> EditionInfo:
    """sha256 prefix lookup as an index range scan on (brief, sha256)."""
    e = t.editions.c
    rows = conn.execute(
        select(*_INFO_COLS)
        .where(e.brief == brief, e.sha256 >= prefix, e.sha256 < prefix + "g")
        .order_by(e.number).limit(6)
    ).all()
    matches = [_info(r) for r in rows if r.sha256.startswith(prefix)]
    if not matches:
        raise NotFoundError(f"no edition of {brief!r} has a sha256 starting {prefix}")
    if len(matches) > 1:
        listing = "; ".join(f"{m.number} ({m.as_of}, {m.sha256[:12]})" for m in matches[:5])
        raise AmbiguousError(f"sha256 prefix {prefix} matches several editions: {listing}")
    return matches[0]


def _revision(conn: Connection) -> str | None:
    try:
        with conn.begin_nested():
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


def _parse(data: bytes, filename: str | None, as_of: str | None,
           parsed: Snapshot | None = None) -> Snapshot:
    from tracker.parse.parser import parse_bytes

    name = filename or "input"
    if as_of is not None and not valid_day(as_of):
        raise InputError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)")
    snapshot = parse_bytes(data, filename, as_of=as_of) if parsed is None else parsed
    if as_of is not None and snapshot.as_of != as_of:
        snapshot = snapshot.with_as_of(as_of)
    if not snapshot.as_of:
        raise InputError(f"{name}: no as-of date found in the text; pass --as-of YYYY-MM-DD")
    if not valid_day(snapshot.as_of):
        raise InputError(f"{name}: as-of date {snapshot.as_of!r} is not a valid date")
    return snapshot


def append_log(conn: Connection, brief: str | None, edition: int | None,
               events: list[tuple[str, str]], stamp: str) -> None:
    """Append events to the hash chain (the caller holds the writer lock)."""
    head = conn.execute(_LOG_HEAD).first()
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    rows = []
    for type_, payload in events:
        seq += 1
        digest = log_hash(prev, seq, brief, edition, type_, payload, stamp)
        rows.append({"seq": seq, "brief": brief, "edition": edition, "type": type_,
                     "payload": payload, "recorded_at": stamp, "prev_hash": prev, "hash": digest})
        prev = digest
    conn.execute(_INSERT_LOG, rows)


def _derived_identities(conn: Connection, brief: str,
                        only: set[str] | None = None) -> dict[str, str]:
    """identity -> key from the projection: all of the brief's, or just those in `only`."""
    if only is None:
        return {r[0]: r[1] for r in conn.execute(_IDENTITIES_OF, {"brief": brief})}
    found: dict[str, str] = {}
    wanted = sorted(only)
    for at in range(0, len(wanted), 500):
        rows = conn.execute(_IDENTITIES_IN, {"brief": brief, "ids": wanted[at:at + 500]})
        found.update({r[0]: r[1] for r in rows})
    return found


def _aliases_for(conn: Connection, brief: str) -> list[AliasInfo]:
    return [AliasInfo(**r._asdict()) for r in conn.execute(_ALIASES_FOR, {"brief": brief})]


def _alias_target(alias: AliasInfo, derived: dict[str, str], place_key) -> str:  # noqa: ANN001
    return derived.get(place_key(alias.canonical)) or derived.get(alias.canonical) or alias.key


def _with_aliases(conn: Connection, brief: str, derived: dict[str, str],
                  aliases: list[AliasInfo] | None = None) -> dict[str, str]:
    """identity -> key for matching: the projection, overridden by aliases (global ones
    first, then the brief's own, each in recording order)."""
    from tracker.identity import place_key

    known = dict(derived)
    aliases = _aliases_for(conn, brief) if aliases is None else aliases
    for alias in sorted(aliases, key=lambda a: (a.brief is not None, a.id)):
        known[place_key(alias.name)] = _alias_target(alias, derived, place_key)
    return known


def _retryable(exc: DBAPIError) -> bool:
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    if state in ("40001", "40P01", "55P03", "23505"):
        return True
    message = str(orig).lower()
    return "database is locked" in message or "database is busy" in message
