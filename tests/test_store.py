"""The event store's contract, on SQLite and (with TRACKER_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError
from storehelpers import edition_bytes, record, reingester, snapshot_bytes, sql, writer

from tracker.errors import AmbiguousError, InputError, NotFoundError, StoreError
from tracker.store.engine import script_head
from tracker.store.store import open_store
from tracker.app.ingest import ingest
from tracker.app.names import add_alias
from tracker.app.names import known_names
from tracker.audit import rebuild_projections
from tracker.audit import verify

# -- opening -----------------------------------------------------------------------------------


def test_init_is_idempotent(store):
    assert store.init() == script_head()
    assert store.init() == script_head()
    assert store.current_revision() == script_head()
    assert store.briefs() == []


def test_missing_sqlite_file_without_create(tmp_path):
    with pytest.raises(StoreError, match="no database at .*tracker init"):
        open_store(str(tmp_path / "none.db"))
    assert not (tmp_path / "none.db").exists()


def test_missing_directory_is_one_clear_line(tmp_path):
    with pytest.raises(StoreError, match="does not exist") as err:
        open_store(str(tmp_path / "nope" / "x.db"), create=True)
    assert "\n" not in str(err.value)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_directory(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="not writable"):
            open_store(str(ro / "x.db"), create=True)
    finally:
        ro.chmod(0o700)


def test_directory_as_database(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        open_store(str(tmp_path), create=True)


def test_env_default(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "env.db"))
    open_store(create=True).close()
    assert (tmp_path / "env.db").exists()


def test_not_a_database_file(tmp_path):
    path = tmp_path / "text.db"
    path.write_text("hello, not sqlite\n" * 100)
    with pytest.raises(StoreError, match="text.db"):
        open_store(str(path)).briefs()


def test_schema_behind_head_asks_for_init(db_url):
    store = open_store(db_url, create=True)
    store.downgrade("0001")
    store.close()
    behind = open_store(db_url)
    with pytest.raises(StoreError, match="tracker init"):
        behind.briefs()
    assert behind.init() == script_head()
    assert behind.briefs() == []
    behind.close()


def test_dead_postgres_fails_fast_and_hides_password():
    start = time.monotonic()
    store = open_store("postgresql://tracker:s3cretpw@127.0.0.1:1/none")
    with pytest.raises(StoreError) as err:
        store.briefs()
    assert time.monotonic() - start < 10  # margin: refused at once expected; retries or a hang take far longer
    assert "s3cretpw" not in str(err.value)
    assert "\n" not in str(err.value)
    assert "s3cretpw" not in store.display


# -- immutability ------------------------------------------------------------------------------

REFUSALS = {
    "update edition": "UPDATE editions SET source = 'x'",
    "delete edition": "DELETE FROM editions",
    "update log": "UPDATE log SET payload = '{}'",
    "delete log": "DELETE FROM log",
    "update brief": "UPDATE briefs SET created_at = 'x'",
    "delete brief": "DELETE FROM briefs",
    "update alias": "UPDATE aliases SET canonical = 'x'",
    "delete alias": "DELETE FROM aliases",
}
SQLITE_ONLY = {
    "replace edition": "INSERT OR REPLACE INTO editions SELECT * FROM editions WHERE number = 1",
    "replace log": "INSERT OR REPLACE INTO log SELECT * FROM log WHERE seq = 1",
    "replace alias": "INSERT OR REPLACE INTO aliases SELECT * FROM aliases WHERE id = 1",
    "replace brief": "REPLACE INTO briefs SELECT * FROM briefs",
}
UPSERTS = {
    "upsert edition": "INSERT INTO editions SELECT * FROM editions WHERE number = 1 "
                      "ON CONFLICT (id) DO UPDATE SET source = 'forged'",
    "upsert log": "INSERT INTO log SELECT * FROM log WHERE seq = 1 "
                  "ON CONFLICT (seq) DO UPDATE SET payload = 'forged'",
    "upsert alias": "INSERT INTO aliases SELECT * FROM aliases WHERE id = 1 "
                    "ON CONFLICT (id) DO UPDATE SET canonical = 'forged'",
    "upsert brief": "INSERT INTO briefs SELECT * FROM briefs WHERE true ON CONFLICT (slug) DO UPDATE SET created_at = 'x'",
}


@pytest.fixture
def filled(store):
    ingest(store, edition_bytes("One", "x"), source="a", brief="b", as_of="2020-04-04")
    ingest(store, edition_bytes("Two", "x"), source="b", brief="b", as_of="2020-04-11")
    add_alias(store, "K1 Air Base", "K-1", "b")
    return store


def _refused(store, statement: str) -> None:
    before = sql(store, "SELECT count(*) FROM editions")[0][0], sql(store, "SELECT count(*) FROM log")[0][0]
    with pytest.raises(DBAPIError, match="append-only"):
        sql(store, statement)
    after = sql(store, "SELECT count(*) FROM editions")[0][0], sql(store, "SELECT count(*) FROM log")[0][0]
    assert before == after


@pytest.mark.parametrize("case", sorted({**REFUSALS, **UPSERTS}))
def test_changes_refused(filled, case):
    _refused(filled, {**REFUSALS, **UPSERTS}[case])
    assert verify(filled).ok


@pytest.mark.parametrize("case", sorted(SQLITE_ONLY))
def test_replace_refused_on_sqlite(filled, case):
    if filled.dialect != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite syntax")
    _refused(filled, SQLITE_ONLY[case])
    rows = sql(filled, "SELECT source FROM editions ORDER BY number")
    assert [r[0] for r in rows] == ["a", "b"]


@pytest.mark.parametrize("table", ["editions", "log", "aliases", "briefs"])
def test_truncate_refused_on_postgres(filled, table):
    if filled.dialect != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    with pytest.raises(DBAPIError, match="append-only"):
        sql(filled, f"TRUNCATE {table} CASCADE")
    assert verify(filled).ok


def test_projections_are_not_immutable(filled):
    sql(filled, "DELETE FROM entity_versions")
    rebuild_projections(filled)
    assert verify(filled).ok


# -- ingest ------------------------------------------------------------------------------------


def test_same_bytes_are_unchanged_and_write_nothing(store):
    data = edition_bytes("Iraq brief", "x")
    first = ingest(store, data, source="a.txt", brief="iraq", as_of="2020-04-04")
    log_rows = sql(store, "SELECT count(*) FROM log")[0][0]
    again = ingest(store, data, source="other name", brief="iraq", as_of="2020-05-05")
    assert (first.status, again.status) == ("stored", "unchanged")
    assert again.edition == first.edition
    assert again.changes == ()
    assert sql(store, "SELECT count(*) FROM log")[0][0] == log_rows
    assert sql(store, "SELECT count(*) FROM editions")[0][0] == 1


def test_same_bytes_in_another_brief_are_stored(store):
    data = edition_bytes("Shared", "x")
    assert ingest(store, data, source="a", brief="one", as_of="2020-01-01").status == "stored"
    assert ingest(store, data, source="a", brief="two", as_of="2020-01-01").status == "stored"
    assert store.briefs() == ["one", "two"]


def test_numbers_are_gapless_and_chained(store):
    infos = [ingest(store, edition_bytes(f"Edition {i}", "x"), source=f"{i}", brief="b",
                          as_of=f"2020-01-{i + 1:02d}").edition for i in range(6)]
    assert [i.number for i in infos] == [1, 2, 3, 4, 5, 6]
    assert len({i.chain_hash for i in infos}) == 6
    assert verify(store).ok


def test_stored_snapshot_is_not_reparsed(store, monkeypatch):
    result = ingest(store, edition_bytes("Title line", "x"), source="a", brief="b", as_of="2020-04-04")
    import tracker.parse.parser

    monkeypatch.setattr(tracker.parse.parser, "parse_bytes", lambda *a, **k: pytest.fail("re-parsed"))
    snap = store.snapshot("b", result.edition.number)
    assert snap.as_of == "2020-04-04"
    assert store.raw("b", 1) == edition_bytes("Title line", "x")


def test_backfilled_edition_slots_in_by_as_of(store):
    record(store, snapshot_bytes("2020-04-04", {"Taji base": "2020-03-01"}), source="a", brief="b")
    record(store, snapshot_bytes("2020-04-18", {"Taji base": "2020-03-01", "K1 base": "2020-03-29",
                                               "Qaim base": "2020-03-17"}), source="c", brief="b")
    back = record(store, snapshot_bytes("2020-04-11", {"Taji base": "2020-03-01", "K1 base": "2020-03-29"}),
                        source="b", brief="b")
    assert back.edition.number == 3
    assert back.previous.number == 1  # the edition in force before it, by as-of
    assert [(c.kind, c.key) for c in back.changes] == [("added", "k1")]
    assert [e.number for e in store.editions("b")] == [1, 3, 2]
    assert [entry["number"] for entry in store.log("b")] == [1, 3, 2]
    assert store.log("b")[1]["previous"] == 1
    older = record(store, snapshot_bytes("2020-03-01", {}), source="d", brief="b")
    assert older.previous is None and older.changes == ()
    assert verify(store).ok


def test_changes_are_logged_and_projected(store):
    record(store, snapshot_bytes("2020-04-04", {"Taji base": "2020-03-01"}, count=5), source="a", brief="b")
    second = record(store, snapshot_bytes("2020-04-11", {"Taji base": "2020-03-02", "K-1 Air Base": "2020-03-29"},
                                         count=6), source="b", brief="b")
    kinds = {(c.kind, c.entity, c.key, c.field) for c in second.changes}
    assert ("added", "event", "k1", None) in kinds
    assert ("changed", "event", "taji", "date") in kinds
    assert ("changed", "count", "bases-transferred", "value") in kinds
    entry = store.log("b")[1]
    assert entry["number"] == 2 and entry["previous"] == 1
    assert {(c["kind"], c["key"]) for c in entry["changes"]} == {(k, key) for k, _, key, _ in kinds}
    rows = store.entity_rows("b", "taji")
    assert [(r["edition"], r["date"]) for r in rows] == [(1, "2020-03-01"), (2, "2020-03-02")]
    names = known_names(store, "b")
    assert names["K-1 Air Base"] == "k1" and names["taji"] == "taji"
    assert len(store.entity_rows("b", None)) == 5
    assert verify(store).ok


def test_respelled_entity_keeps_its_key(store):
    record(store, snapshot_bytes("2020-04-04", {"K-1 Air Base": "2020-03-29"}), source="a", brief="b")
    second = record(store, snapshot_bytes("2020-04-11", {"K1 airbase": "2020-03-29"}), source="b", brief="b")
    assert [e.key for e in store.snapshot("b", 2).events] == ["k1"]
    assert all(c.kind == "changed" for c in second.changes)


def test_name_respelt_in_its_vowels_is_one_name_change_and_sticks(store):
    """ "Ain al-Asad" -> "Ayn al-Asad", same date: the key stays, the diff says "name", and
    a later edition under the new spelling still finds it."""
    record(store, snapshot_bytes("2020-04-04", {"Ain al-Asad Air Base": "2020-03-19"}), source="a", brief="b")
    second = record(store, snapshot_bytes("2020-04-11", {"Ayn al-Asad Air Base": "2020-03-19"}),
                          source="b", brief="b")
    assert [(c.kind, c.key, c.field) for c in second.changes if c.entity == "event"] == [
        ("changed", "ain-asad", "name")]
    third = record(store, snapshot_bytes("2020-04-18", {"Ayn al-Asad Air Base": "2020-03-20"}),
                         source="c", brief="b")
    assert [e.key for e in store.snapshot("b", 3).events] == ["ain-asad"]
    assert [(c.key, c.field) for c in third.changes if c.entity == "event"] == [("ain-asad", "date")]
    assert verify(store, deep=True).ok


def test_alias_applies_to_later_ingests(store):
    record(store, snapshot_bytes("2020-04-04", {"Camp Taji": "2020-03-01"}), source="a", brief="b")
    alias = add_alias(store, "Tajiville", "Camp Taji", "b")
    assert alias.key == "taji"
    record(store, snapshot_bytes("2020-04-11", {"Tajiville": "2020-03-01"}), source="b", brief="b")
    assert [e.key for e in store.snapshot("b", 2).events] == ["taji"]
    assert [e.name for e in store.snapshot("b", 2).events] == ["Tajiville"]
    assert [a.name for a in store.aliases("b")] == ["Tajiville"]
    assert known_names(store, "b")["Tajiville"] == "taji"
    everywhere = add_alias(store, "Q West", "Qayyarah", None)
    assert everywhere.brief is None
    assert [a.name for a in store.aliases("b")] == ["Tajiville", "Q West"]
    assert sql(store, "SELECT count(*) FROM log WHERE type = 'AliasRecorded'")[0][0] == 2
    assert verify(store).ok


def test_missing_as_of_is_an_input_error_naming_the_file(store):
    with pytest.raises(InputError, match=r"edition\.txt.*--as-of"):
        ingest(store, b"no date anywhere in here\n", source="edition.txt", brief="b", filename="edition.txt")
    assert sql(store, "SELECT count(*) FROM editions")[0][0] == 0


def test_bad_as_of_override(store):
    with pytest.raises(InputError, match="February 2020 has no day 31"):
        ingest(store, edition_bytes("T", "x"), source="a", brief="b", as_of="2020-02-31")


@pytest.mark.parametrize("name", ["Iraq Brief", "../etc", "", "a" * 101, "DROP TABLE;"])
def test_odd_brief_names_are_refused(store, name):
    with pytest.raises(InputError, match="brief name"):
        ingest(store, edition_bytes("T", "x"), source="a", brief=name, as_of="2020-01-01")
    assert store.briefs() == []


def test_brief_from_folder_else_single_brief(store, tmp_path):
    path = str(tmp_path / "iraq-coalition-withdrawal" / "2020-04-04.txt")
    made = ingest(store, edition_bytes("A", "x"), source="a", brief=None, as_of="2020-04-04", filename=path)
    assert made.edition.brief == "iraq-coalition-withdrawal"
    other = ingest(store, edition_bytes("B", "x"), source="b", brief=None, as_of="2020-04-05",
                         filename=str(tmp_path / "Afghanistan Drawdown" / "b.txt"))
    assert other.edition.brief == "afghanistan-drawdown"  # the folder, even with one brief stored
    with pytest.raises(InputError, match="no --brief.*afghanistan-drawdown, iraq-coalition-withdrawal"):
        ingest(store, edition_bytes("D", "x"), source="d", brief=None, as_of="2020-04-06")


def test_resolve_brief(store):
    with pytest.raises(NotFoundError, match="no editions"):
        store.resolve_brief(None)
    ingest(store, edition_bytes("A", "x"), source="a", brief="one", as_of="2020-01-01")
    assert store.resolve_brief(None) == "one"
    ingest(store, edition_bytes("A", "x"), source="a", brief="two", as_of="2020-01-01")
    with pytest.raises(AmbiguousError, match="one, two"):
        store.resolve_brief(None)
    with pytest.raises(NotFoundError, match="one, two"):
        store.resolve_brief("three")


# -- resolve -----------------------------------------------------------------------------------


@pytest.fixture
def dated(store):
    for i, day in enumerate(["2020-04-04", "2020-04-11", "2020-04-18", "2020-04-11"]):
        ingest(store, edition_bytes(f"E{i}", "x"), source=str(i), brief="b", as_of=day)
    return store  # numbers 1..4; 2 and 4 share 2020-04-11


@pytest.mark.parametrize("ref,number", [
    (None, 3), ("2020-04-18", 3), ("2020-12-31", 3), ("2020-04-11", 4), ("2020-04-17", 4),
    ("2020-04-04", 1), ("2020-04-10", 1), ("1", 1), ("4", 4),
])
def test_resolve(dated, ref, number):
    assert dated.resolve("b", ref).number == number


def test_resolve_by_hash_prefix(dated):
    info = dated.resolve("b", "2")
    assert dated.resolve("b", info.sha256[:6]).number == 2
    assert dated.resolve("b", info.sha256.upper()[:10]).number == 2


def test_resolve_errors(dated):
    with pytest.raises(NotFoundError, match="first edition is as of 2020-04-04"):
        dated.resolve("b", "2020-04-03")
    with pytest.raises(NotFoundError, match="no edition 9"):
        dated.resolve("b", "9")
    with pytest.raises(NotFoundError, match="sha256 starting"):
        dated.resolve("b", "ffffffffffff")
    with pytest.raises(InputError, match="not a date"):
        dated.resolve("b", "last tuesday")
    with pytest.raises(InputError, match="not a valid date"):
        dated.resolve("b", "2020-02-30")
    with pytest.raises(InputError):
        dated.resolve("b", "abc")  # too short to be a prefix


def test_ambiguous_prefix_lists_candidates(store):
    seen: dict[str, int] = {}
    i = 0
    while True:  # find two editions whose sha256 share a 6-digit... prefix of 1 hex digit is enough
        data = edition_bytes(f"E{i}", "x")
        import hashlib

        head = hashlib.sha256(data).hexdigest()[:1]
        ingest(store, data, source=str(i), brief="b", as_of="2020-01-01")
        i += 1
        if head in seen:
            break
        seen[head] = i
    # Prefixes must be >= 6 digits: make the lookup ambiguous through the index range itself.
    from tracker.store.queries import by_prefix as _by_prefix

    with store.read() as conn, pytest.raises(AmbiguousError, match="matches several editions"):
        _by_prefix(conn, "b", head)


# -- concurrency and crashes -------------------------------------------------------------------


@pytest.mark.slow
def test_concurrent_writers_store_everything_once(db_url, tmp_path):
    open_store(db_url, create=True).close()
    ctx = multiprocessing.get_context("spawn")
    workers, count = 4, 10
    procs = [ctx.Process(target=writer, args=(db_url, "b", w, count)) for w in range(workers)]
    procs.append(ctx.Process(target=reingester, args=(db_url, "b", workers, count, 2)))
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    store = open_store(db_url)
    numbers = [row[0] for row in sql(store, "SELECT number FROM editions WHERE brief = 'b' ORDER BY number")]
    assert numbers == list(range(1, workers * count + 1))
    assert sql(store, "SELECT count(DISTINCT sha256) FROM editions")[0][0] == workers * count
    report = verify(store)
    assert report.ok, report.problems


@pytest.mark.slow
def test_kill_9_leaves_whole_editions(db_url, tmp_path):
    open_store(db_url, create=True).close()
    helper = Path(__file__).with_name("storehelpers.py")
    out = tmp_path / "stored.txt"
    rng = random.Random(7)
    for trial in range(3):
        proc = subprocess.Popen([sys.executable, str(helper), db_url, "b", str(trial), "1500", str(out)])
        time.sleep(rng.uniform(0.8, 2.0))
        proc.send_signal(signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL  # killed while still ingesting
        store = open_store(db_url)
        report = verify(store)
        assert report.ok, report.problems
        stored = {row[0] for row in sql(store, "SELECT sha256 FROM editions")}
        reported = {line.split()[0] for line in out.read_text().splitlines()} if out.exists() else set()
        assert reported <= stored  # every edition reported stored is there
        store.close()
    # re-running the same command completes the rest
    subprocess.run([sys.executable, str(helper), db_url, "b", "2", "1500", str(out)], check=True)
    store = open_store(db_url)
    assert verify(store).ok
    numbers = [row[0] for row in sql(store, "SELECT number FROM editions ORDER BY number")]
    assert numbers == list(range(1, len(numbers) + 1))
    assert sql(store, "SELECT count(*) FROM editions WHERE source LIKE 'w2-%'")[0][0] == 1500
