"""The diff engine alone: how long `tracker.diff.compare` takes on two readings of 100 events
that differ in one status (the list reordered, one base dropped), in process.

    python benchmarks/compare_speed.py [--repeat 200]

A figure, not a test: a unit test that asserts a time fails on a loaded machine and passes on a
fast one whatever the code does. `benchmarks/run.py` shows it as row 2 beside the diff scaling.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

try:  # run as `python benchmarks/compare_speed.py` from anywhere
    import tracker  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.diff import compare  # noqa: E402
from tracker.model import Count, Event, Snapshot  # noqa: E402

TARGET_MS = 50.0  # per call, for 100 events: a diff of a long brief stays interactive


def readings(n: int = 100) -> tuple[Snapshot, Snapshot]:
    """Two readings of `n` events: the second in reverse order with one status changed."""
    events = tuple(Event(key=f"base-{i}", name=f"Base {i}", date=f"2020-03-{1 + i % 28:02d}",
                         status="completed", nations=("Italy", "Canada"), text=f"Base {i} handed over.")
                   for i in range(n))
    count = Count(key="bases-transferred", subject="bases", value=5, as_of="2020-04-04")
    first = Snapshot(title="Brief", as_of="2020-04-04", events=events, counts=(count,))
    changed = events[::-1][:-1] + (replace(events[0], status="started"),)
    return first, replace(first, events=changed)


def per_call_ms(repeat: int = 200, n: int = 100) -> float:
    """Median milliseconds of one `compare` over `repeat` calls, after one warm-up call (which
    pays the lazy imports)."""
    a, b = readings(n)
    compare(a, b)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        compare(a, b)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bench_compare(report, repeat: int = 200) -> None:  # noqa: ANN001 (run.Report)
    """Row 2 of benchmarks/run.py."""
    ms = per_call_ms(repeat)
    report.add("2", "compare two readings of 100 events (diff engine, in process)", ms, "ms",
               f"<= {TARGET_MS:.0f}", ms <= TARGET_MS, note=f"median of {repeat} calls")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=200, help="calls to time (default 200)")
    args = parser.parse_args(argv)
    ms = per_call_ms(args.repeat)
    verdict = "PASS" if ms <= TARGET_MS else "FAIL"
    print(f"compare, 100 events: {ms:.2f} ms per call (median of {args.repeat}; target <= {TARGET_MS:.0f} ms) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
