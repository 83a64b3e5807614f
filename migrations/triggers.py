"""Append-only triggers, as DDL the migrations run (and re-run after SQLite batch rebuilds).

Frozen on purpose: a migration that imports this module must keep meaning what it meant when
it was written, so change the DDL only by adding a new function, never by editing one.

SQLite: BEFORE UPDATE / BEFORE DELETE triggers abort, and a BEFORE INSERT trigger aborts when
the new row's key already exists, which is what refuses `INSERT OR REPLACE` (whose implicit
delete fires no trigger unless recursive_triggers is on) and `ON CONFLICT DO UPDATE`.
PostgreSQL: one plpgsql function raising an exception, attached BEFORE UPDATE OR DELETE per row
and BEFORE TRUNCATE per statement (an upsert's update fires the row trigger).
"""

from __future__ import annotations

# table -> SQL condition (in terms of NEW) that is true when the new row would overwrite one.
SQLITE_KEYS = {
    "briefs": "slug = NEW.slug",
    "editions": "id = NEW.id OR (brief = NEW.brief AND (number = NEW.number OR sha256 = NEW.sha256))",
    "log": "seq = NEW.seq",
    "aliases": "id = NEW.id",
}
# From revision 0003: an edition's bytes may be stored again once the edition holding them is
# retracted, so an editions row overwrites one only by id or (brief, number); derivations are
# keyed per edition.
SQLITE_KEYS_0003 = {
    **SQLITE_KEYS,
    "editions": "id = NEW.id OR (brief = NEW.brief AND number = NEW.number)",
    "derivations": "id = NEW.id OR (brief = NEW.brief AND edition = NEW.edition "
                   "AND derivation = NEW.derivation)",
}
SQLITE_KEYS_HEAD = SQLITE_KEYS_0003  # the conditions at the newest revision (tools re-creating triggers)
PG_FUNCTION = "tracker_append_only"


def trigger_names(dialect: str, table: str) -> list[str]:
    """The triggers that must exist on `table` (checked by tests and `tracker verify`)."""
    if dialect == "sqlite":
        return [f"{table}_no_update", f"{table}_no_delete", f"{table}_no_replace"]
    return [f"{table}_no_change", f"{table}_no_truncate"]


def create_statements(dialect: str, table: str, keys: dict[str, str] = SQLITE_KEYS) -> list[str]:
    message = f"{table} are append-only" if table != "log" else "the log is append-only"
    if dialect == "sqlite":
        upd, dele, rep = trigger_names(dialect, table)
        raise_ = f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        return [
            f"CREATE TRIGGER IF NOT EXISTS {upd} BEFORE UPDATE ON {table} {raise_}",
            f"CREATE TRIGGER IF NOT EXISTS {dele} BEFORE DELETE ON {table} {raise_}",
            f"CREATE TRIGGER IF NOT EXISTS {rep} BEFORE INSERT ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {keys[table]}) {raise_}",
        ]
    change, truncate = trigger_names(dialect, table)
    return [
        f"DROP TRIGGER IF EXISTS {change} ON {table}",
        f"DROP TRIGGER IF EXISTS {truncate} ON {table}",
        f"CREATE TRIGGER {change} BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
        f"CREATE TRIGGER {truncate} BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()",
    ]


def pg_function() -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP "
        "USING ERRCODE = 'restrict_violation'; END $$"
    )


def create_all(op, tables, keys: dict[str, str] = SQLITE_KEYS) -> None:
    """Create (or re-create) the append-only triggers on `tables`; idempotent. `keys`: the
    SQLite overwrite conditions of the revision running it (SQLITE_KEYS_0003 from 0003 on:
    a later migration that rebuilds `editions` must pass it too)."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(pg_function())
    for table in tables:
        for statement in create_statements(dialect, table, keys):
            op.execute(statement)


def drop_all(op, tables) -> None:
    dialect = op.get_bind().dialect.name
    for table in tables:
        for name in trigger_names(dialect, table):
            op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if dialect != "sqlite" else ""))
