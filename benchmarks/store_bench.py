"""Event-store figures: single-writer ingest rate and `verify` rate, on SQLite (or a URL).

    python benchmarks/store_bench.py [--db PATH_OR_URL] [--ingest 300] [--verify-n 10000]

1. ingest: the first N synthetic editions of benchmarks/editions.py, one `Store.ingest` each
   (parse + diff + one transaction), then the same with the parse done beforehand, to show
   the storage's own share;
2. verify: a store of --verify-n editions (snapshots of ~20 events, a count and sections,
   one event added and one revised per edition, raw text ~7 KB), then `Store.verify()`
   timed (wall and CPU; the second run); with --deep also `verify(deep=True)`.

The verify store is filled through `Store.ingest` with a JSON "parser", so that building
10,000 editions does not take the parser's time; what is stored is the same shape.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tracker.parse.parser  # noqa: E402
from tracker.model import Count, Event, Section, Snapshot  # noqa: E402
from tracker.store.store import open_store  # noqa: E402
from tracker.app.ingest import ingest
from tracker.audit import verify


def _fresh(db: str | None, name: str, tmp: Path) -> str:
    return db or str(tmp / f"{name}.db")


@contextmanager
def _parses_from(snapshots: dict) -> Iterator[None]:
    """`Store.ingest` takes each edition's snapshot from `snapshots` (keyed by its bytes)
    instead of parsing it, for as long as the block runs."""
    original = tracker.parse.parser.parse_bytes
    tracker.parse.parser.parse_bytes = lambda data, filename=None, *, as_of=None: snapshots[data]
    try:
        yield
    finally:
        tracker.parse.parser.parse_bytes = original


def bench_ingest(db: str, n: int) -> tuple[float, float]:
    from editions import editions

    series = [(day, text.encode()) for day, text in editions(n)]
    full = _ingest_rate(db, series, "bench")
    parsed = {data: tracker.parse.parser.parse_bytes(data, f"{day}.txt") for day, data in series}
    with _parses_from(parsed):
        storage = _ingest_rate(db, series, "bench2")
    return full, storage


def _ingest_rate(db: str, series: list[tuple[str, bytes]], brief: str) -> float:
    """Editions per second of one store ingesting `series` into `brief`."""
    store = open_store(db, create=True)
    start = time.perf_counter()
    for day, data in series:
        ingest(store, data, source=f"{day}.txt", brief=brief, filename=f"{day}.txt")
    rate = len(series) / (time.perf_counter() - start)
    store.close()
    return rate


def synthetic_snapshots(n: int, seed: int = 7):  # noqa: ANN201
    rng = random.Random(seed)
    events: dict[str, Event] = {}
    for k in range(n):
        as_of = f"{2000 + k // 336:04d}-{1 + (k // 28) % 12:02d}-{1 + k % 28:02d}"
        key = f"base-{k}"
        events[key] = Event(key=key, name=f"Base {k} airfield", date=as_of, action="withdrawal",
                            status="started", place="near the river", actors=("coalition troops",),
                            personnel=rng.choice([None, 250, 500]),
                            notes=(f"Base {k} hosted advisers since 2017. " * 3,),
                            text=f"On {as_of}, coalition troops started to withdraw from Base {k} airfield " * 2)
        if len(events) > 20:
            events.pop(next(iter(events)))
        old = rng.choice(list(events))
        events[old] = Event(**{**events[old].__dict__, "status": "completed"})
        snap = Snapshot(
            title="Synthetic brief", as_of=as_of, events=tuple(events.values()),
            counts=(Count("bases-transferred", "bases", k + 1, as_of, f"{k + 1} bases transferred."),),
            sections=(Section("background", "Background", "Background text. " * 40),),
        )
        raw = (json.dumps(snap.to_dict()) + "\n" + "x" * 1000).encode()
        yield raw, snap


def bench_verify(db: str, n: int, deep: bool = False) -> dict[str, float]:
    snaps = {}
    store = open_store(db, create=True)
    start = time.perf_counter()
    with _parses_from(snaps):
        for raw, snap in synthetic_snapshots(n):
            snaps[raw] = snap
            ingest(store, raw, source="synthetic", brief="verify")
            snaps.pop(raw)
    filled = time.perf_counter() - start
    verify(store)  # warm: imports, statement compilation, page cache
    start, cpu = time.perf_counter(), time.process_time()
    report = verify(store)
    took, cpu_took = time.perf_counter() - start, time.process_time() - cpu
    assert report.ok, report.problems[:5]
    figures = {"fill_s": filled, "verify_s": took, "verify_per_s": n / took,
               "verify_cpu_s": cpu_took, "verify_cpu_per_s": n / cpu_took}
    if deep:
        start = time.perf_counter()
        assert verify(store, deep=True).ok
        figures["deep_s"] = time.perf_counter() - start
        figures["deep_per_s"] = n / figures["deep_s"]
    store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="PostgreSQL URL (a fresh, empty schema); default temp SQLite files")
    parser.add_argument("--ingest", type=int, default=300)
    parser.add_argument("--verify-n", type=int, default=10_000)
    parser.add_argument("--deep", action="store_true", help="also time verify(deep=True)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        full, storage = bench_ingest(_fresh(args.db, "ingest", Path(tmp)), args.ingest)
        print(f"ingest, {args.ingest} editions, single writer: {full:8.1f} editions/s with parsing, "
              f"{storage:8.1f} editions/s storage + diff only")
        figures = bench_verify(_fresh(args.db, "verify", Path(tmp)), args.verify_n, args.deep)
        print(f"verify, {args.verify_n} editions: {figures['verify_s']:.2f} s wall "
              f"({figures['verify_per_s']:.0f} editions/s), {figures['verify_cpu_s']:.2f} s CPU "
              f"({figures['verify_cpu_per_s']:.0f} editions/s); filling took {figures['fill_s']:.0f} s")
        if "deep_s" in figures:
            print(f"verify deep=True: {figures['deep_s']:.2f} s ({figures['deep_per_s']:.0f} editions/s)")


if __name__ == "__main__":
    main()
