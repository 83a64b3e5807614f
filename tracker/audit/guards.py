"""`verify`, first check: the guards the record relies on are in place. The schema is at the
migration scripts' head, and every append-only trigger of the immutable tables exists (and,
on PostgreSQL, is enabled): without them an edit or a delete would not be refused.

It proves nothing about the rows themselves (the other verifiers do), and writes nothing: a
missing trigger is reported, never recreated (`tracker init` does that).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from tracker.audit.problems import Problems
from tracker.store import schema as t
from tracker.store.engine import script_head
from tracker.store.queries import revision


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


def check_schema(conn: Connection, dialect: str, problems: Problems) -> None:
    """The schema's revision against the scripts' head, and the triggers against those the
    migrations create."""
    current, head = revision(conn), script_head()
    if current != head:
        problems.add(f"schema is at {current}, expected {head}: run `tracker init`")
    missing = expected_triggers(dialect) - present_triggers(conn, dialect)
    if missing:
        problems.add(f"append-only triggers missing: {', '.join(sorted(missing))}")
