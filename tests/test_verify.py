"""Tamper, then verify: with the triggers dropped, any edit of a stored fact, a deleted or a
forged edition is found and the first bad edition named; a checkpoint also catches a
truncated or fully re-hashed history."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from storehelpers import record, snapshot_bytes, sql

from benchmarks.stress.common import drop_triggers, restore_triggers
from tracker.canonical import canonical_json
from tracker.canonical import GENESIS, chain_hash, log_hash, sha256_hex
from tracker.app.names import add_alias
from tracker.audit import rebuild_projections
from tracker.audit import verify
from tracker.present.outcomes import verify_text

B_EDITIONS = [
    ("2020-04-04", {"Taji base": "2020-03-01"}, 5),
    ("2020-04-11", {"Taji base": "2020-03-01", "K-1 Air Base": "2020-03-29"}, 6),
    ("2020-04-18", {"Taji base": "2020-03-02", "K-1 Air Base": "2020-03-29", "Qaim base": "2020-03-17"}, 7),
    ("2020-04-25", {"K-1 Air Base": "2020-03-29", "Qaim base": "2020-03-17"}, 7),
    ("2020-05-02", {"K-1 Air Base": "2020-03-29", "Qaim base": "2020-03-17", "Habbaniyah": None}, 8),
]


@pytest.fixture
def history(store):
    record(store, snapshot_bytes("2021-05-15", {"Kandahar airfield": "2021-05-13"}, 1), source="c1", brief="c")
    for as_of, events, count in B_EDITIONS:
        record(store, snapshot_bytes(as_of, events, count), source=f"b {as_of}", brief="b")
    add_alias(store, "Q West", "Qayyarah", None)
    record(store, snapshot_bytes("2021-07-05", {"Bagram airfield": "2021-07-02"}, 2), source="c2", brief="c")
    report = verify(store)
    assert report.ok, report.problems
    assert report.editions_checked == 7
    return store


def flip_byte(store, column: str, number: int) -> None:  # noqa: ANN001
    value = sql(store, f"SELECT {column} FROM editions WHERE brief = 'b' AND number = :n", n=number)[0][0]
    if isinstance(value, str):
        i = value.index("Taji") if "Taji" in value else len(value) // 2
        new: str | bytes = value[:i] + ("X" if value[i] != "X" else "Y") + value[i + 1:]
    else:
        raw = bytearray(value)
        raw[len(raw) // 2] ^= 0x01
        new = bytes(raw)
    sql(store, f"UPDATE editions SET {column} = :v WHERE brief = 'b' AND number = :n", v=new, n=number)


def log_seq(store, number: int, type_: str) -> int:  # noqa: ANN001
    return sql(store, "SELECT min(seq) FROM log WHERE brief = 'b' AND edition = :n AND type = :t",
               n=number, t=type_)[0][0]


def test_triggers_missing_are_reported(history):
    drop_triggers(history)
    report = verify(history)
    assert not report.ok
    assert any("triggers missing" in p for p in report.problems)
    assert report.first_bad is None


TAMPERS = {
    "raw byte": (lambda s: flip_byte(s, "raw", 3), 3, "raw bytes"),
    "snapshot byte": (lambda s: flip_byte(s, "snapshot", 2), 2, "snapshot does not match"),
    "source": (lambda s: sql(s, "UPDATE editions SET source = 'elsewhere' WHERE brief='b' AND number=4"), 4,
               "chain hash"),
    "as-of": (lambda s: sql(s, "UPDATE editions SET as_of = '2020-04-12' WHERE brief='b' AND number=2"), 2,
              "chain hash"),
    "ingested_at": (lambda s: sql(s, "UPDATE editions SET ingested_at = '2020-01-01T00:00:00+00:00' "
                                     "WHERE brief='b' AND number=5"), 5, "chain hash"),
    "sha256 column": (lambda s: sql(s, "UPDATE editions SET sha256 = :h WHERE brief='b' AND number=2",
                                    h="0" * 64), 2, "raw bytes"),
    "change event payload": (lambda s: sql(s, "UPDATE log SET payload = replace(payload, '6', '9') "
                                              "WHERE seq = :q", q=log_seq(s, 2, "CountChanged")), 2,
                             "do not match its hash"),
    "recorded event payload": (lambda s: sql(s, "UPDATE log SET payload = replace(payload, '2020', '2021') "
                                                "WHERE seq = :q", q=log_seq(s, 3, "EditionRecorded")), 3,
                               "do not match its hash"),
    "change event deleted": (lambda s: sql(s, "DELETE FROM log WHERE seq = :q", q=log_seq(s, 4, "EventRemoved")),
                             4, "change events"),
    "middle edition deleted": (lambda s: sql(s, "DELETE FROM editions WHERE brief='b' AND number=3"), 3,
                               "missing"),
    "last edition deleted": (lambda s: sql(s, "DELETE FROM editions WHERE brief='b' AND number=5"), 5,
                             "not stored"),
    "projection row edited": (lambda s: sql(s, "UPDATE entity_versions SET date = '1999-01-01' "
                                               "WHERE brief='b' AND edition=2 AND key='taji'"), 2,
                              "projection entity_versions"),
    "projection row deleted": (lambda s: sql(s, "DELETE FROM entity_versions WHERE brief='b' AND edition=4 "
                                                "AND kind='count'"), 4, "projection entity_versions"),
    "projection name column": (lambda s: sql(s, "UPDATE entity_versions SET name = 'Taji' "
                                                "WHERE brief='b' AND edition=3 AND key='taji'"), 3,
                               "projection entity_versions"),
    "projection key column": (lambda s: sql(s, "UPDATE entity_versions SET key = 'tajix' "
                                               "WHERE brief='b' AND edition=2 AND key='taji'"), 2,
                              "projection entity_versions"),
    "projection count subject": (lambda s: sql(s, "UPDATE entity_versions SET name = 'basis' "
                                                  "WHERE brief='b' AND edition=5 AND kind='count'"), 5,
                                 "projection entity_versions"),
    "projection count date": (lambda s: sql(s, "UPDATE entity_versions SET date = NULL "
                                               "WHERE brief='b' AND edition=4 AND kind='count'"), 4,
                              "projection entity_versions"),
    "projection data": (lambda s: sql(s, "UPDATE entity_versions SET data = replace(data, 'Taji', 'Tajj') "
                                         "WHERE brief='b' AND edition=1"), 1, "projection entity_versions"),
    "projection row added": (lambda s: sql(s, "INSERT INTO entity_versions (brief, edition, kind, key, name, "
                                              "date, as_of, data) SELECT brief, 4, kind, key, name, date, "
                                              "'2020-04-25', data FROM entity_versions WHERE brief='b' "
                                              "AND edition=3 AND key='taji'"), 4, "projection entity_versions"),
}


@pytest.mark.parametrize("case", sorted(TAMPERS))
def test_tamper_is_detected_and_first_bad_named(history, case):
    tamper, number, words = TAMPERS[case]
    drop_triggers(history)
    tamper(history)
    report = verify(history)
    assert not report.ok
    assert report.first_bad == ("b", number), report.problems
    assert any(words in p for p in report.problems), report.problems
    assert f"b edition {number}" in verify_text(report)


def test_forged_edition_is_detected(history):
    """A forged edition 6 with a correct chain hash still has no EditionRecorded event."""
    drop_triggers(history)
    last = sql(history, "SELECT chain_hash FROM editions WHERE brief='b' AND number=5")[0][0]
    raw = snapshot_bytes("2020-05-09", {"Forged base": "2020-05-01"})
    snap = json.loads(raw)
    snap_json = canonical_json(snap)
    stamp = "2020-05-09T00:00:00+00:00"
    digest, snap_sha = sha256_hex(raw), sha256_hex(snap_json)
    chain = chain_hash(last, "b", 6, "2020-05-09", stamp, "forged", digest, "1", snap_sha)
    with history.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO editions (brief, number, as_of, ingested_at, source, raw, sha256, snapshot, "
            "parser_version, snapshot_sha256, prev_chain_hash, chain_hash) VALUES "
            "('b', 6, '2020-05-09', :st, 'forged', :raw, :d, :sj, '1', :ss, :prev, :ch)"),
            {"st": stamp, "raw": raw, "d": digest, "sj": snap_json, "ss": snap_sha, "prev": last, "ch": chain})
    report = verify(history)
    assert report.first_bad == ("b", 6)
    assert any("no EditionRecorded" in p for p in report.problems)


def test_alias_tamper_is_detected(history):
    drop_triggers(history)
    sql(history, "UPDATE aliases SET canonical = 'Elsewhere'")
    report = verify(history)
    assert any("AliasRecorded" in p for p in report.problems)


@pytest.mark.parametrize("statement", [
    "UPDATE identities SET key = 'elsewhere' WHERE identity = 'taji'",
    "DELETE FROM identities WHERE identity = 'qaim'",
    "INSERT INTO identities (brief, identity, key) VALUES ('b', 'forged', 'taji')",
])
def test_identities_tamper_is_detected(history, statement):
    sql(history, statement)  # a projection: no trigger guards it
    report = verify(history)
    assert not report.ok
    assert any("projection identities" in p for p in report.problems), report.problems


def test_identities_replayed_from_every_distinct_event(store):
    """Names that come back, names with quotes and control characters, aliases: the
    identities verify expects are exactly those a rebuild derives from the snapshots."""
    names = ["Taji base", 'The "Q" base', "Tab\tbase \x1e\x1f", "Ünïcode airfield", "K-1 Air Base"]
    for i in range(6):
        events = {name: f"2020-03-0{1 + (i + j) % 9}" for j, name in enumerate(names[: 2 + i % 4])}
        record(store, snapshot_bytes(f"2020-04-{10 + i}", events, i), source=f"s{i}", brief="b")
    assert verify(store).ok
    before = sql(store, "SELECT brief, identity, key FROM identities ORDER BY identity")
    rebuild_projections(store)
    assert sql(store, "SELECT brief, identity, key FROM identities ORDER BY identity") == before
    assert verify(store).ok


def test_repair_projections(history):
    sql(history, "DELETE FROM entity_versions WHERE brief = 'b'")
    sql(history, "DELETE FROM identities")
    assert not verify(history).ok
    rebuild_projections(history)
    assert verify(history).ok


def test_projection_edition_that_is_not_a_number_is_a_problem_not_a_crash(history):
    """SQLite stores any value in an INTEGER column: a projection row whose edition became
    text is reported (and repaired), never an internal error."""
    if history.dialect != "sqlite":
        pytest.skip("SQLite only: PostgreSQL refuses text in an integer column")
    sql(history, "UPDATE entity_versions SET edition = 'x' WHERE brief='b' AND edition=2")
    report = verify(history)
    assert not report.ok
    assert any("'x', which is not a number" in p for p in report.problems)
    assert report.first_bad == ("b", 2)
    rebuild_projections(history)
    assert verify(history).ok


# -- checkpoints -------------------------------------------------------------------------------


def test_checkpoint_of_an_intact_history(history):
    head = verify(history).head
    assert verify(history, head).ok
    record(history, snapshot_bytes("2020-05-09", {"Taji base": "2020-03-02"}, 9), source="more", brief="b")
    later = verify(history, head)  # an older checkpoint stays valid as the log grows
    assert later.ok and later.head != head


def test_a_checkpoint_found_says_where(history):
    """A checkpoint that passes names the log event it is and the edition it was taken at."""
    kept = verify(history).head_checkpoint
    assert kept.startswith(verify(history).head + "@")
    record(history, snapshot_bytes("2020-05-09", {"Taji base": "2020-03-02"}, 9), source="more", brief="b")
    report = verify(history, kept)
    last = sql(history, "SELECT max(seq) FROM log WHERE brief = 'c' AND edition = 2")[0][0]
    assert report.ok and report.checkpoint["found"]
    assert (report.checkpoint["seq"], report.checkpoint["brief"], report.checkpoint["edition"]) == (last, "c", 2)
    assert f"checkpoint found at log event {last} (" in verify_text(report)
    assert "c edition 2" in verify_text(report)
    alias = sql(history, "SELECT seq, hash FROM log WHERE type = 'AliasRecorded'")[0]
    at_alias = verify(history, alias.hash).checkpoint  # a record naming no edition: the one before it
    assert (at_alias["seq"], at_alias["brief"], at_alias["edition"], at_alias["names_edition"]) == \
        (alias.seq, "b", 5, False)
    assert "after b edition 5" in verify_text(verify(history, alias.hash))


def test_a_checkpoint_of_another_database_is_told_so(history, tmp_path):
    from tracker.store.store import open_store

    with open_store(str(tmp_path / "other.db"), create=True) as other:
        record(other, snapshot_bytes("2021-05-15", {"Kandahar airfield": "2021-05-13"}, 1), source="c1", brief="c")
        theirs = verify(other).head_checkpoint
    report = verify(history, theirs)
    assert not report.ok and report.first_bad is None
    assert report.checkpoint == {"checkpoint": theirs, "found": False, "reason": "other-record"}
    assert any("not found in this record: taken from another database?" in p for p in report.problems)
    assert not any("truncated" in p for p in report.problems)
    bare = verify(history, theirs.split("@")[0])  # a bare hash cannot say whose it is: both are told
    assert bare.checkpoint["reason"] == "not-found"
    assert any("taken from another database?" in p and "cut or rewritten" in p for p in bare.problems)


def test_checkpoint_detects_truncation(history):
    """Without a checkpoint, removing the newest edition together with its log events (and
    putting the triggers back) cannot be told from a history that ended earlier."""
    head = verify(history).head_checkpoint
    drop_triggers(history)
    last = sql(history, "SELECT max(seq) FROM log WHERE type = 'EditionRecorded'")[0][0]
    brief, number = sql(history, "SELECT brief, edition FROM log WHERE seq = :q", q=last)[0]
    sql(history, "DELETE FROM log WHERE seq >= :q", q=last)
    sql(history, "DELETE FROM entity_versions WHERE brief = :b AND edition = :n", b=brief, n=number)
    sql(history, "DELETE FROM editions WHERE brief = :b AND number = :n", b=brief, n=number)
    rebuild_projections(history)
    restore_triggers(history)
    assert verify(history).ok  # the documented limit
    report = verify(history, head)
    assert not report.ok and report.checkpoint["reason"] == "truncated"
    assert any(f"ends at event {last - 1}: the history was truncated" in p for p in report.problems)
    assert not any("another database" in p for p in report.problems)


def rehash_everything(store) -> None:  # noqa: ANN001
    """What a thorough forger does after editing a fact: recompute every chain and log hash."""
    editions = sql(store, "SELECT brief, number, as_of, ingested_at, source, sha256, parser_version, "
                          "snapshot_sha256 FROM editions ORDER BY brief, number")
    chains: dict[tuple[str, int], str] = {}
    prev, brief_seen = GENESIS, None
    for row in editions:
        if row.brief != brief_seen:
            prev, brief_seen = GENESIS, row.brief
        ch = chain_hash(prev, row.brief, row.number, row.as_of, row.ingested_at, row.source, row.sha256,
                        row.parser_version, row.snapshot_sha256)
        sql(store, "UPDATE editions SET prev_chain_hash = :p, chain_hash = :c WHERE brief = :b AND number = :n",
            p=prev, c=ch, b=row.brief, n=row.number)
        chains[(row.brief, row.number)] = ch
        prev = ch
    by_key = {(r.brief, r.number): r for r in editions}
    prev = GENESIS
    for row in sql(store, "SELECT seq, brief, edition, type, payload, recorded_at FROM log ORDER BY seq"):
        payload = row.payload
        if row.type == "EditionRecorded":
            data = json.loads(payload)
            ed = by_key[(row.brief, row.edition)]
            data.update(source=ed.source, chain_hash=chains[(row.brief, row.edition)])
            payload = canonical_json(data)
        digest = log_hash(prev, row.seq, row.brief, row.edition, row.type, payload, row.recorded_at)
        sql(store, "UPDATE log SET payload = :pl, prev_hash = :p, hash = :h WHERE seq = :q",
            pl=payload, p=prev, h=digest, q=row.seq)
        prev = digest


def test_checkpoint_detects_a_rewritten_history(history):
    head = verify(history).head_checkpoint
    drop_triggers(history)
    sql(history, "UPDATE editions SET source = 'a different source' WHERE brief = 'b' AND number = 1")
    assert verify(history).first_bad == ("b", 1)
    rehash_everything(history)
    restore_triggers(history)
    assert verify(history).ok  # consistent forgery: only a checkpoint kept elsewhere shows it
    report = verify(history, head)
    assert not report.ok and report.checkpoint["reason"] == "rewritten"
    assert any("truncated or rewritten" in p for p in report.problems)
    assert not any("another database" in p for p in report.problems)


def test_deep_verify_recomputes_changes(history):
    assert verify(history, deep=True).ok
    drop_triggers(history)
    seq = log_seq(history, 2, "CountChanged")
    row = sql(history, "SELECT * FROM log WHERE seq = :q", q=seq)[0]
    forged = row.payload.replace('"after":6', '"after":60')
    assert forged != row.payload
    sql(history, "UPDATE log SET payload = :p WHERE seq = :q", p=forged, q=seq)
    rehash_everything(history)  # a forger who re-hashed the log after editing a change
    restore_triggers(history)
    assert verify(history).ok
    report = verify(history, deep=True)
    assert report.first_bad == ("b", 2)
    assert any("recomputed" in p for p in report.problems)


def test_report_shapes(history):
    report = verify(history)
    assert verify_text(report).startswith("ok: 7 editions verified")
    data = report.to_dict()
    assert data["ok"] is True and data["first_bad"] is None and len(data["head"]) == 64


def test_sqlite_projections_read_on_a_twin_connection(history, monkeypatch):
    """SQLite: the projection aggregate runs on a second connection (another thread) whose
    snapshot is the same; with the write lock taken by someone else, verify reads everything
    through its own connection instead, with the same result."""
    if history.dialect != "sqlite":
        pytest.skip("SQLite only")
    import sqlite3

    import tracker.audit.aggregate as v

    opened = []
    real = v.open_twin
    monkeypatch.setattr(v, "open_twin", lambda *a: opened.append(real(*a)) or opened[-1])
    assert verify(history).ok and opened[-1] is not None
    writer = sqlite3.connect(history.engine.url.database, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        report = verify(history)
        assert opened[-1] is None and report.ok and report.editions_checked == 7
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    drop_triggers(history)
    sql(history, "UPDATE entity_versions SET name = 'x' WHERE brief='b' AND edition=3 AND kind='count'")
    assert verify(history).first_bad == ("b", 3) and opened[-1] is not None


CHUNK_TAMPERS = {
    **{case: tamper for case, tamper in TAMPERS.items() if case.startswith("projection")},
    "projection data with a separator": (lambda s: sql(s, "UPDATE entity_versions SET data = data || char(29) "
                                                          "WHERE brief='b' AND edition=3"), 3,
                                         "projection entity_versions"),
    "projection key with a separator": (lambda s: sql(s, "UPDATE entity_versions SET key = key || char(29) "
                                                         "WHERE brief='b' AND edition=2 AND kind='event'"), 2,
                                        "projection entity_versions"),
    "projection as-of not text": (lambda s: sql(s, "UPDATE entity_versions SET as_of = 20200418 "
                                                   "WHERE brief='b' AND edition=3"), 3,
                                  "projection entity_versions"),
}


@pytest.fixture
def small_chunks(history, monkeypatch):
    """SQLite reads the projection aggregate CHUNK editions to a row: make chunks of 2, so
    that the five editions of brief b span three of them."""
    if history.dialect != "sqlite":
        pytest.skip("SQLite only")
    import tracker.audit.aggregate as v

    monkeypatch.setattr(v, "CHUNK", 2)
    assert verify(history).ok
    return history


@pytest.mark.parametrize("case", sorted(CHUNK_TAMPERS))
def test_projection_tamper_is_detected_across_chunks(small_chunks, case):
    tamper, number, words = CHUNK_TAMPERS[case]
    tamper(small_chunks)
    report = verify(small_chunks)
    assert report.first_bad == ("b", number), report.problems
    assert any(words in p for p in report.problems), report.problems


def test_separators_in_names_read_exactly_across_chunks(store, monkeypatch):
    """A name holding the chunk's text separator makes its chunk be read per edition: same
    result, nothing reported."""
    if store.dialect != "sqlite":
        pytest.skip("SQLite only")
    import tracker.audit.aggregate as v

    monkeypatch.setattr(v, "CHUNK", 2)
    splits = []
    split = v._split_chunk
    monkeypatch.setattr(v, "_split_chunk", lambda *a: splits.append(split(*a)) or splits[-1])
    for i in range(6):  # the odd name in editions 3 and 4: the second chunk
        events = {"Taji base": "2020-03-01", **({"Odd \x1c\x1d base": "2020-03-02"} if i in (2, 3) else {})}
        record(store, snapshot_bytes(f"2020-04-{10 + i}", events, i), source=f"s{i}", brief="b")
    report = verify(store)
    assert report.ok and report.editions_checked == 6, report.problems
    assert [rows is None for rows in splits] == [False, True, False]


def test_projection_reader_failure_is_a_store_error(small_chunks, monkeypatch):
    """The projection reader's thread failing (a damaged file, say) ends verify with a
    StoreError, and the thread is stopped (the next verify works)."""
    import sqlite3

    import tracker.audit.aggregate as v
    from tracker.errors import StoreError

    def damaged(*args: object) -> None:
        raise sqlite3.DatabaseError("damaged")

    real = v._split_chunk
    monkeypatch.setattr(v, "_split_chunk", damaged)
    with pytest.raises(StoreError, match="reading the projections failed: damaged"):
        verify(small_chunks)
    monkeypatch.setattr(v, "_split_chunk", real)
    assert verify(small_chunks).ok
