"""Helpers for the storage tests, importable by spawned worker processes too."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from sqlalchemy import text

from tracker.model import Count, Event, Snapshot
from tracker.app.ingest import ingest


def edition_bytes(title: str, as_of: str, *paragraphs: str) -> bytes:
    """A small synthetic plain-text edition: a title line and an "As of" sentence."""
    body = "\n\n".join(paragraphs)
    return f"{title}\n\nAs of {as_of}, this brief is current.\n\n{body}\n".encode()


def snapshot_bytes(as_of: str, events: dict[str, str | None] | None = None,
                   count: int | None = None, title: str = "Brief") -> bytes:
    """A snapshot written as JSON bytes, stored by `record` with the snapshot they hold:
    lets storage tests control events and counts exactly while the real parser evolves."""
    from tracker.identity import place_key

    snap = Snapshot(
        title=title,
        as_of=as_of,
        events=tuple(Event(key=place_key(name), name=name, date=date, text=f"{name} on {date}")
                     for name, date in (events or {}).items()),
        counts=() if count is None else (Count("bases-transferred", "bases", count, as_of),),
    )
    return json.dumps(snap.to_dict()).encode()


def json_parse_bytes(data: bytes, filename: str | None = None, *, as_of: str | None = None) -> Snapshot:
    snap = Snapshot.from_dict(json.loads(data))
    return snap if as_of is None else snap.with_as_of(as_of)


def record(store, data: bytes, **options):  # noqa: ANN001, ANN201
    """Ingest `snapshot_bytes` as an edition whose snapshot is the one they spell: the store
    is handed a snapshot directly, no parser involved."""
    snapshot = json_parse_bytes(data, as_of=options.get("as_of"))
    return ingest(store, data, snapshot=snapshot, **options)


def sql(store, statement: str, **params) -> list:  # noqa: ANN001
    with store.engine.begin() as conn:
        result = conn.execute(text(statement), params)
        return result.all() if result.returns_rows else []


# -- worker processes (multiprocessing, spawn) -------------------------------------------------


def writer(db: str, brief: str, worker: int, count: int, out: str | None = None) -> None:
    """Ingest `count` distinct editions; append each stored number to `out` once committed."""
    from tracker.store.store import open_store

    store = open_store(db, create=True)
    for i in range(count):
        data = edition_bytes(f"Brief by writer {worker}, edition {i}", "2020-04-04")
        day = f"2020-{1 + (i % 12):02d}-{1 + (worker * 7 + i) % 28:02d}"
        result = ingest(store, data, source=f"w{worker}-{i}", brief=brief, as_of=day)
        if out:
            with open(out, "a") as fh:
                fh.write(f"{result.edition.sha256} {result.edition.number} {result.status}\n")
                fh.flush()
                os.fsync(fh.fileno())
    store.close()


def reingester(db: str, brief: str, workers: int, count: int, rounds: int) -> None:
    """Re-ingest editions the writers are also storing: each must be stored once."""
    from tracker.store.store import open_store

    store = open_store(db, create=True)
    for _ in range(rounds):
        for worker in range(workers):
            for i in range(0, count, 3):
                data = edition_bytes(f"Brief by writer {worker}, edition {i}", "2020-04-04")
                day = f"2020-{1 + (i % 12):02d}-{1 + (worker * 7 + i) % 28:02d}"
                ingest(store, data, source="again", brief=brief, as_of=day)
    store.close()


if __name__ == "__main__":  # python storehelpers.py DB BRIEF WORKER COUNT OUT (for kill -9 tests)
    sys.path.insert(0, str(Path(__file__).parent))
    writer(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
