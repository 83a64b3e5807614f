"""Opening a database: a path (SQLite file) or an SQLAlchemy URL -> a tuned engine.

Also where the migration scripts are and which revision is their head (read without importing
Alembic, so opening a store stays cheap). SQLAlchemy is imported here, and this module only
when a store is opened: the CLI starts without it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from tracker.errors import StoreError

SQLITE_CHECKPOINT_PAGES = 8192  # WAL pages (4 KB) between automatic checkpoints
SQLITE_BUSY_MS = 30_000
PG_CONNECT_TIMEOUT_S = 5


@dataclass(frozen=True)
class Opened:
    """An engine, how messages name it (path, or URL with the password hidden), whether an
    SQLite file is about to be created, and the password to keep out of messages."""

    engine: Engine
    display: str
    fresh: bool = False
    password: str | None = None


def open_engine(db: str, create: bool) -> Opened:
    """`--db`'s value as an engine: anything with `://` is a URL, else an SQLite file path
    (so a Windows drive letter or a relative name never reads as a URL)."""
    return open_url(db) if "://" in db else open_sqlite(db, create)


def open_sqlite(db: str, create: bool) -> Opened:
    """An SQLite file, checked before SQLAlchemy sees it, so that a missing folder, a folder
    given as the file or a permission problem is one plain message rather than a driver error;
    a missing file is created only when `create` (ingest, init), never by a read."""
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
    tune_sqlite(engine)
    return Opened(engine, str(path), fresh)


def tune_sqlite(engine: Engine) -> None:
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


def open_url(db: str) -> Opened:
    """An SQLAlchemy URL, refused early when its backend is not one the migrations support,
    with the password kept out of every message."""
    try:
        url = make_url(db)
    except SQLAlchemyError as exc:
        raise StoreError(f"not a database URL: {db.split('@')[-1]}") from exc
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() not in SUPPORTED_BACKENDS:
        raise StoreError(f"unsupported database URL {shown}: {ACCEPTED_FORMS}")
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {"pool_pre_ping": False}
    if url.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": PG_CONNECT_TIMEOUT_S}
    try:
        engine = create_engine(url, **kwargs)
    except ImportError as exc:
        raise StoreError(missing_driver(url, shown, exc)) from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot use database {shown}: {first_line(exc, url)}") from exc
    if engine.dialect.name == "sqlite":
        tune_sqlite(engine)
    return Opened(engine, shown, password=url.password)


def missing_database(exc: BaseException) -> str | None:
    """The name of the PostgreSQL database a failed connection says does not exist, else None
    (psycopg gives no SQLSTATE for a refused connection: the server's message tells)."""
    found = re.search(r'database "([^"]+)" does not exist', str(getattr(exc, "orig", None) or exc))
    return found.group(1) if found else None


def createdb_line(url: Any, *, owner: bool = False) -> str:
    """The shell command that creates the URL's database, with the URL's host, port and user
    (`owner`: run by someone else, for the URL's user as the owner)."""
    flags = [f"{flag} {value}" for flag, value in (("-h", url.host), ("-p", url.port),
                                                   ("-O" if owner else "-U", url.username)) if value]
    return " ".join(["createdb", *flags, url.database or ""])


def ensure_database(opened: Opened) -> Opened:
    """`tracker init` on PostgreSQL: create the database the URL names when the server says it
    does not exist, through the server's maintenance database `postgres` with the same user.
    Returns `opened` marked fresh when it was created; a user who may not create databases
    gets one line with the `createdb` command to run. SQLite creates its file itself."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    engine = opened.engine
    if engine.dialect.name != "postgresql":
        return opened
    try:
        with engine.connect():
            return opened
    except DBAPIError as exc:
        if missing_database(exc) is None:
            raise StoreError(f"database {opened.display}: {first_line(exc, password=opened.password)}") from exc
    name = engine.url.database or ""
    admin = create_engine(engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S})
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {engine.dialect.identifier_preparer.quote(name)}"))
    except DBAPIError as exc:
        raise StoreError(f"database {name} does not exist and could not be created "
                         f"({first_line(exc, password=opened.password)}); ask someone who may create "
                         f"databases to run: {createdb_line(engine.url, owner=True)}") from exc
    finally:
        admin.dispose()
    return Opened(engine, opened.display, True, opened.password)


SUPPORTED_BACKENDS = ("sqlite", "postgresql", "postgres")
ACCEPTED_FORMS = ("give a file path for SQLite (tracker.db) or a PostgreSQL URL "
                  "(postgresql://user@host/dbname)")


def missing_driver(url: Any, shown: str, exc: ImportError) -> str:
    """What to install when the URL's driver is missing: PostgreSQL's comes with the
    package's `postgres` extra; any other is named as SQLAlchemy asked for it."""
    if url.get_backend_name() == "postgresql":
        if url.get_driver_name() != "psycopg":
            return (f"cannot use database {shown}: its driver ({exc.name or url.get_driver_name()}) "
                    "is not installed; write postgresql://… and install psycopg with: "
                    "pip install 'tracker[postgres]'")
        return (f"cannot use database {shown}: the PostgreSQL driver (psycopg) is not installed; "
                "install it with: pip install 'tracker[postgres]'")
    return f"cannot use database {shown}: driver not installed ({exc.name or exc})"


def first_line(exc: BaseException, url: Any = None, password: str | None = None) -> str:
    """One line for the user: the driver's message, never the SQL, parameters or password."""
    orig = getattr(exc, "orig", None) or exc
    message = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    secret = password or getattr(url, "password", None)
    if secret:
        message = message.replace(str(secret), "***")
    return message


# -- migration scripts -------------------------------------------------------------------------


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
