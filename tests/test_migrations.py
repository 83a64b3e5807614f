"""Migrations: base -> head -> base on each engine with data kept, the models match the
migrations, and the append-only triggers exist after every revision (SQLite batch rebuilds
drop a table's triggers; the migrations must put them back)."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect
from storehelpers import edition_bytes, sql

from tracker.store import schema
from tracker.store.engine import script_head
from tracker.store.store import open_store
from tracker.audit.verifier import present_triggers
from tracker.app.ingest import ingest
from tracker.app.names import add_alias
from tracker.audit import verify
from tracker.store.writer import edition_row


def revisions() -> list[str]:
    """Every revision from base to head, read with Alembic's own script directory."""
    from alembic.script import ScriptDirectory
    from alembic.config import Config

    from tracker.store.engine import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    script = ScriptDirectory.from_config(config)
    return [rev.revision for rev in reversed(list(script.walk_revisions("base", "heads")))]


def tables(store) -> set[str]:  # noqa: ANN001
    with store.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def expected_for_tables(store) -> set[str]:  # noqa: ANN001
    """The append-only triggers of the immutable tables that exist at this revision."""
    from tracker.migrations.triggers import trigger_names

    present = tables(store)
    return {name for table in schema.IMMUTABLE_TABLES if table in present
            for name in trigger_names(store.dialect, table)}


def triggers(store) -> set[str]:  # noqa: ANN001
    with store.engine.connect() as conn:
        return present_triggers(conn, store.dialect)


@pytest.fixture
def empty(db_url):
    if "://" not in db_url:  # an empty SQLite file: open without migrating
        open(db_url, "wb").close()
    store = open_store(db_url)
    yield store
    store.close()


def test_script_head_matches_alembic():
    assert revisions()[-1] == script_head()
    assert revisions()[0] == "0001"


def test_up_and_down_with_data(empty, monkeypatch):
    store = empty
    assert store.current_revision() is None
    first = revisions()[0]
    store.upgrade(first)
    store._ready_checked = True  # write at the oldest revision, as an old tracker would have
    import tracker.store.ingest as writing  # ... whose editions rows had no charset (0012)

    def old_row(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        row = edition_row(*args, **kwargs)
        assert row.pop("charset") == "utf-8"
        return row

    monkeypatch.setattr(writing, "edition_row", old_row)
    for i in range(3):
        ingest(store, edition_bytes(f"E{i}", "x"), source=f"{i}", brief="b", as_of=f"2020-04-0{i + 1}")
    add_alias(store, "K1 Air Base", "K-1", "b")
    before = sql(store, "SELECT number, sha256, chain_hash FROM editions ORDER BY number")
    for revision in revisions()[1:]:
        store.upgrade(revision)
        assert triggers(store) >= expected_for_tables(store), revision
        assert sql(store, "SELECT number, sha256, chain_hash FROM editions ORDER BY number") == before
    assert store.current_revision() == script_head()
    report = verify(store)
    assert report.ok, report.problems
    ingest(store, edition_bytes("E3", "x"), source="3", brief="b", as_of="2020-04-09")
    # down, one revision at a time, data still there until base
    for revision in reversed(revisions()[:-1]):
        store.downgrade(revision)
        assert store.current_revision() == revision
        assert triggers(store) >= expected_for_tables(store), revision
        assert len(sql(store, "SELECT number FROM editions")) == 4
    store.downgrade("base")
    assert store.current_revision() is None
    assert tables(store) <= {"alembic_version"}
    assert triggers(store) == set()
    store.init()
    assert verify(store).ok


def test_triggers_exist_after_every_revision(empty):
    for revision in revisions():
        empty.upgrade(revision)
        missing = expected_for_tables(empty) - triggers(empty)
        assert not missing, f"after {revision}: {missing}"


def test_models_match_migrations(empty):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    empty.init()
    with empty.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, schema.metadata)
    assert diff == []


def test_schema_only_from_migrations(empty):
    empty.init()
    assert tables(empty) == set(schema.metadata.tables) | {"alembic_version"}


def test_refuses_writes_after_batch_rebuild(empty):
    """The editions table was rebuilt by 0002's batch: its triggers must still refuse."""
    from sqlalchemy.exc import DBAPIError

    empty.init()
    ingest(empty, edition_bytes("E", "x"), source="a", brief="b", as_of="2020-01-01")
    with pytest.raises(DBAPIError, match="append-only"):
        sql(empty, "UPDATE editions SET source = 'x'")
    with pytest.raises(DBAPIError, match="append-only"):
        sql(empty, "DELETE FROM editions")
