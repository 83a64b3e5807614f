"""Bulk ingest: parsing ahead in worker processes gives exactly the outcomes, and stores
exactly the editions, of parsing each file in turn in the ingesting process."""

from __future__ import annotations

from pathlib import Path

import pytest

import tracker.app.parseahead as parseahead
import tracker.app.sources as sources
from tracker.store.store import open_store
from tracker.app.ingest import ingest
from tracker.audit import verify

ROOT = Path(__file__).resolve().parents[1]
IRAQ = ROOT / "snapshots" / "iraq-coalition-withdrawal"


def _files(tmp_path: Path) -> list[Path]:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (bad / "undated.txt").write_text("A brief\n\nSome text and no date at all.\n")
    (bad / "folder").mkdir()
    eds = sorted(IRAQ.iterdir())
    # good, bad, a repeat (unchanged) and a backfill (an older as-of after a newer one)
    return [eds[1], bad / "empty.txt", eds[3], bad / "missing.txt", bad / "binary.txt", eds[0],
            bad / "folder", bad / "undated.txt", eds[1], eds[2]]


def _run(db: str, paths: list[Path], workers: int, monkeypatch: pytest.MonkeyPatch) -> tuple:
    monkeypatch.setattr(parseahead, "PARSE_WORKERS", workers)
    store = open_store(db, create=True)
    try:
        seen: list[dict] = []
        outcomes = sources.ingest_paths(store, paths, brief="iraq", as_of=None, source=None,
                                          on_outcome=seen.append)
        assert seen == outcomes
        editions = [(e.number, e.as_of, e.sha256, e.snapshot_sha256) for e in store.editions("iraq")]
        log = [(entry["number"], entry["previous"], entry["changes"]) for entry in store.log("iraq")]
        assert verify(store).ok
        return outcomes, editions, log
    finally:
        store.close()


def test_parse_pool_gives_the_same_outcomes_and_editions(tmp_path, monkeypatch):
    paths = _files(tmp_path)
    pooled = _run(str(tmp_path / "pooled.db"), paths, 2, monkeypatch)
    serial = _run(str(tmp_path / "serial.db"), paths, 1, monkeypatch)
    assert pooled == serial
    statuses = [o["status"] for o in pooled[0]]
    assert statuses == ["stored", "error", "stored", "error", "error", "stored", "error", "error",
                        "unchanged", "stored"]
    assert [o["edition"] for o in pooled[0] if o["status"] != "error"] == [1, 2, 3, 1, 4]


def test_previous_snapshot_kept_in_memory_is_not_used_after_another_writer(tmp_path):
    """Two stores on one file, alternating: each diffs against what the other stored."""
    eds = sorted(IRAQ.iterdir())
    db = str(tmp_path / "two.db")
    one, two = open_store(db, create=True), open_store(db, create=True)
    try:
        results = []
        for store, path in zip([one, two, one, two], eds):
            results.append(ingest(store, path.read_bytes(), source=path.name, brief="iraq",
                                        filename=str(path)))
        fresh = open_store(str(tmp_path / "fresh.db"), create=True)
        expected = [ingest(fresh, p.read_bytes(), source=p.name, brief="iraq", filename=str(p))
                    for p in eds]
        fresh.close()
        assert [r.changes for r in results] == [r.changes for r in expected]
        assert [r.edition.snapshot_sha256 for r in results] == [r.edition.snapshot_sha256 for r in expected]
        assert verify(one).ok
    finally:
        one.close()
        two.close()


def test_a_failing_write_in_a_group_costs_only_its_own_edition(db_url, monkeypatch):
    """Editions are written STORE_BATCH to a transaction; when the database refuses one of
    them, the others are stored anyway (one transaction each) and only it is an error."""
    from sqlalchemy.exc import IntegrityError

    from tracker.store.store import Store

    eds = sorted(IRAQ.iterdir())
    refused = eds[2].read_bytes()
    original = Store._write_one

    def store_or_refuse(self, conn, item, *args, **kwargs):  # noqa: ANN001, ANN202
        if item.data == refused:
            raise IntegrityError("INSERT INTO editions ...", {}, Exception("refused for the test"))
        return original(self, conn, item, *args, **kwargs)

    monkeypatch.setattr(Store, "_write_one", store_or_refuse)
    monkeypatch.setattr(parseahead, "PARSE_WORKERS", 1)
    store = open_store(db_url, create=True)
    try:
        outcomes = sources.ingest_paths(store, eds, brief="iraq", as_of=None, source=None)
        assert [o["status"] for o in outcomes] == ["stored", "stored", "error", "stored"]
        assert "refused for the test" in outcomes[2]["error"]
        assert [e.number for e in store.editions("iraq")] == [1, 2, 3]
        assert verify(store).ok
    finally:
        store.close()


def test_editions_are_grouped_into_few_transactions(tmp_path, monkeypatch):
    """A bulk ingest commits once per group of editions, not once per file."""
    monkeypatch.setattr(sources, "STORE_BATCH", 2)
    eds = sorted(IRAQ.iterdir())
    store = open_store(str(tmp_path / "few.db"), create=True)
    writes = []
    original = store.write

    def counted():  # noqa: ANN202
        writes.append(1)
        return original()

    monkeypatch.setattr(store, "write", counted)
    try:
        outcomes = sources.ingest_paths(store, eds, brief="iraq", as_of=None, source=None)
        assert [o["status"] for o in outcomes] == ["stored"] * 4
        assert len(writes) == 2
        assert verify(store).ok
    finally:
        store.close()
