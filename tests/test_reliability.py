"""Nothing lost, altered or half-written, on each engine: concurrent writers through the CLI,
kill -9 of a bulk ingest, tampering with every stored column, a writer lock held too long.

The loops are those of `python -m benchmarks.stress`, run here with CI sizes; the stress command
runs them longer and prints the figures."""

from __future__ import annotations

import sqlite3
import time

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from storehelpers import edition_bytes, sql

from benchmarks.stress.__main__ import main as stress_main
from benchmarks.stress.common import drop_triggers, partial_editions, stored_editions
from benchmarks.stress.concurrency import run_concurrency
from benchmarks.stress.kill import run_crash
from benchmarks.stress.kill_corrections import run_correction_crash
from benchmarks.stress.tamper import run_tamper
import tracker.store.engine as engine_module
import tracker.store.database as database_module
from tracker.store import schema
from tracker.cli import cli
from tracker.errors import StoreError
from tracker.store.store import open_store
from tracker.app.ingest import ingest
from tracker.audit import verify


@pytest.mark.slow
def test_concurrent_cli_writers_store_everything_once(db_url, tmp_path):
    """4 writer processes x 20 distinct editions, plus one process re-ingesting editions stored
    before they started and, meanwhile, the writers' own files."""
    result = run_concurrency(db_url, tmp_path, writers=4, editions=20)
    assert result.user_errors == []  # no lock error (nor any other) reached a user
    assert (result.lost, result.duplicated) == (0, 0)
    assert result.stored == result.expected == 4 * 20 + 3
    assert result.gapless and result.verify_ok
    assert result.reingested >= 3  # at least the editions stored before the writers began


KILL_BATCHES = [("sqlite", 0), ("sqlite", 1), ("sqlite", 2), ("postgresql", 0), ("postgresql", 1)]


@pytest.mark.slow
@pytest.mark.parametrize("engine,batch", KILL_BATCHES, ids=[f"{e}-{b}" for e, b in KILL_BATCHES])
def test_kill_9_bulk_ingest(request, tmp_path, engine, batch):
    """4 trials per batch (12 on SQLite, 8 on PostgreSQL, 20 in all, besides test_store's):
    SIGKILL `tracker ingest` of 5 files after a random number of committed files plus a random
    part of the next (sometimes during start-up or the very first migration), then verify,
    check nothing reported is missing and nothing is partial, and re-run the same command to
    completion."""
    db_url = str(tmp_path / "crash.db") if engine == "sqlite" else request.getfixturevalue("pg_url")
    result = run_crash(db_url, tmp_path, trials=4, files=5, seed=100 + batch)
    assert result.trials == 4
    assert result.killed_mid_run >= 2, "the kills came too late to test anything"
    assert result.ok, result.problems
    store = open_store(db_url)
    numbers = [n for n, _ in stored_editions(store, "crash")]
    assert numbers == list(range(1, 4 * 5 + 1))  # all 20 files, gapless, once each
    assert partial_editions(store) == []
    assert verify(store).ok
    store.close()


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_kill_9_retract_and_reparse(request, tmp_path, engine):
    """3 trials, each SIGKILLing a `tracker retract` (of a restating brief whose correction the
    retracted edition hands on, or of a cumulative brief) and a `tracker reparse` (of a
    cumulative brief stored under an older parser) late in their run: verify passes, each
    happened whole or not at all, and a re-run completes it."""
    db_url = str(tmp_path / "corrections.db") if engine == "sqlite" else request.getfixturevalue("pg_url")
    result = run_correction_crash(db_url, trials=3, seed=7)
    assert result.trials == 6
    assert result.killed_mid_run >= 2, "the kills came too late to test anything"
    assert result.ok, result.problems


def test_partial_edition_detector_sees_a_missing_event(store):
    """The kill -9 loop's own check (independent of verify) does find a half-written edition."""
    ingest(store, edition_bytes("One", "x"), source="a", brief="b", as_of="2020-04-04")
    assert partial_editions(store) == []
    drop_triggers(store)
    sql(store, "DELETE FROM log WHERE type = 'EditionRecorded'")
    assert partial_editions(store) == ["('b', 1): no EditionRecorded event"]
    sql(store, "DELETE FROM entity_versions")
    sql(store, "DELETE FROM editions")
    assert partial_editions(store) == []


def test_tamper_every_stored_column(store):
    """With the triggers dropped: one byte of each column of an edition, of its log events and
    of an alias; a deleted, a forged edition; a truncation and a consistent rewrite caught by
    a checkpoint. Each is detected, the edition named, and verify clean once undone."""
    result = run_tamper(store)
    failures = [c for c in result.cases if not (c.detected and c.named is not False and c.restored)]
    assert failures == []
    covered = {c.name.split(" of ")[0] for c in result.cases}
    every = {f"{table.name}.{column.name}" for table in (
        schema.editions, schema.log, schema.aliases, schema.briefs, schema.derivations,
        schema.entity_versions, schema.identities, schema.event_revisions, schema.fold_states)
        for column in table.columns}
    # surrogate row ids carrying no fact; a slug the editions' foreign key holds in place
    assert every - covered == {"editions.id", "briefs.slug", "derivations.id", "entity_versions.id",
                               "event_revisions.id"}
    # every kind of correction record, and the readings corrections and reparse write
    for kind in ("EditionRetracted", "AliasRevoked", "BriefModeSet", "FactCorrected",
                 "FactCorrectionRevoked", "EditionReparsed"):
        assert {f"log.{c} of the {kind} record" for c in ("brief", "edition", "type", "payload")} <= \
            {c.name for c in result.cases}, kind
    assert {"derivations.snapshot of a reparse's reading", "derivations.snapshot of a fact correction's reading",
            "editions.charset of an edition"} <= {c.name for c in result.cases}
    assert sum(c.named for c in result.cases if c.named is not None) >= 25
    assert verify(store).ok  # triggers restored, history intact


# -- a writer lock held too long ----------------------------------------------------------------


@pytest.fixture
def impatient(monkeypatch):
    """Short waits, so that a held lock shows its error in a second, not in four minutes."""
    monkeypatch.setattr(database_module, "WRITE_ATTEMPTS", 2)
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_MS", 200)
    monkeypatch.setattr(database_module, "PG_LOCK_WAIT_MS", 200)


def hold_writer_lock(db_url: str):  # noqa: ANN201
    """Another client holding the writer lock: an open write transaction on SQLite, the
    advisory lock on PostgreSQL. Returns a function that releases it."""
    if "://" not in db_url:
        conn = sqlite3.connect(db_url, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")
        return lambda: (conn.execute("ROLLBACK"), conn.close())
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    conn = engine.connect()
    conn.execute(text("SELECT pg_advisory_lock(:k, hashtext(current_schema()))"),
                 {"k": database_module.PG_LOCK_KEY})

    def release() -> None:
        conn.execute(text("SELECT pg_advisory_unlock(:k, hashtext(current_schema()))"),
                     {"k": database_module.PG_LOCK_KEY})
        conn.close()
        engine.dispose()

    return release


def test_lock_held_too_long_is_one_clear_line(db_url, tmp_path, impatient):
    open_store(db_url, create=True).close()
    path = tmp_path / "edition.txt"
    path.write_bytes(edition_bytes("Locked out", "x"))
    release = hold_writer_lock(db_url)
    try:
        start = time.monotonic()
        result = CliRunner().invoke(cli, ["--db", db_url, "ingest", "--brief", "b", "--as-of", "2020-04-04",
                                          str(path)])
        elapsed = time.monotonic() - start
    finally:
        release()
    assert result.exit_code == 2  # a database that cannot be used: an error
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "stayed busy after 2 attempts" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < 15  # margin: two 200 ms waits expected; stuck on the lock would be minutes
    store = open_store(db_url)
    assert store.briefs() == []  # nothing half-written
    assert ingest(store, path.read_bytes(), source="a", brief="b", as_of="2020-04-04").status == "stored"
    assert verify(store).ok
    store.close()


def test_lock_released_in_time_is_waited_for(db_url, impatient, monkeypatch):
    """A lock held shorter than the bounded wait costs time, never an error."""
    import threading

    monkeypatch.setattr(database_module, "WRITE_ATTEMPTS", 8)
    store = open_store(db_url, create=True)
    release = hold_writer_lock(db_url)
    timer = threading.Timer(0.5, release)
    timer.start()
    try:
        result = ingest(store, edition_bytes("Waited", "x"), source="a", brief="b", as_of="2020-04-04")
    finally:
        timer.join()
    assert result.status == "stored"
    assert verify(store).ok
    store.close()


def test_busy_error_names_the_file_not_the_password(pg_url, impatient):
    """PostgreSQL URL with a password: the busy message shows the URL without it."""
    from urllib.parse import urlsplit

    parts = urlsplit(pg_url)
    if parts.password is None:  # trust auth: add a password the server ignores
        with_password = pg_url.replace("@", ":s3cretpw@", 1) if "@" in pg_url else pg_url
    else:
        with_password = pg_url
    store = open_store(with_password, create=True)
    release = hold_writer_lock(pg_url)
    try:
        with pytest.raises(StoreError) as err:
            ingest(store, edition_bytes("Busy", "x"), source="a", brief="b", as_of="2020-04-04")
    finally:
        release()
        store.close()
    assert "stayed busy" in str(err.value)
    assert "s3cretpw" not in str(err.value)


@pytest.mark.slow
def test_stress_command_smoke(capsys):
    """The stress command itself, tiny sizes, SQLite: runs every loop and prints its table."""
    code = stress_main(["--writers", "2", "--editions", "2", "--kill-trials", "1", "--files", "3",
                        "--correction-kills", "1", "--fuzz", "40", "--quiet"])
    out = capsys.readouterr().out
    assert code == 0, out
    for label in ("writers x editions", "lost", "duplicated", "kill -9 trials", "partial editions",
                  "retract/reparse kill -9", "half done",
                  "tamper cases tried / detected", "bad inputs tried", "fuzz inputs tried", "exceptions"):
        assert label in out
    assert "all loops clean" in out
