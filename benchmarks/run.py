"""tracker benchmark: one command, one table, side by side with a git-scraping loop.

    python benchmarks/run.py [--n 1000] [--pg URL] [--quick] [--json FILE] [--keep]

Measures (see benchmarks/README.md for what each figure means):
 1. bulk ingest of N synthetic editions with ONE `tracker ingest` call (fresh SQLite file)
    versus `git add` + `git commit` of the same editions one by one (git scraping);
 2. `tracker diff` of the same two editions with 10, 1,000 and 10,000 editions stored, and
    the diff engine alone on two readings of 100 events (benchmarks/compare_speed.py);
 3. `tracker diff` and `tracker --help` wall time versus bare `python -c "import sqlalchemy, click"`;
 4. in-process parse time of a 5 KB edition and of a 10 MB brief, with peak memory;
 5. `tracker verify` time per 1,000 editions on the largest database, and the marginal rate
    (largest minus a smaller database: start-up apart);
 8. `tracker timeline` and `tracker export` (rows per second) on the largest database;
 6. with --pg: ingest and diff on PostgreSQL (a throw-away database, dropped afterwards).

Wall times of commands are medians of several runs of a fresh process, as a user sees them.
The machine is whatever runs it: note its core count and load with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

import compare_speed  # noqa: E402
import editions as gen  # noqa: E402
from tracker.app.ingest import ingest_many

BRIEF = "bench"
SCALE_START = dt.date(1996, 1, 1)  # 10,000 daily editions end in 2023, never in the future
DIFF_PAIR = (3, 8)  # the same two editions compared at every database size


# -- the table ---------------------------------------------------------------------------------


@dataclass
class Row:
    section: str
    label: str
    value: float | None
    unit: str
    target: str = ""
    ok: bool | None = None
    note: str = ""

    def cells(self) -> list[str]:
        value = "n/a" if self.value is None else _fmt(self.value)
        verdict = "" if self.ok is None else ("PASS" if self.ok else "FAIL")
        return [self.section, self.label, f"{value} {self.unit}".strip(), self.target, verdict, self.note]


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def add(self, *args, **kwargs) -> Row:  # noqa: ANN002, ANN003
        row = Row(*args, **kwargs)
        self.rows.append(row)
        print(f"  {row.section} {row.label}: {row.cells()[2]} {row.cells()[4]}", file=sys.stderr, flush=True)
        return row

    def table(self) -> str:
        head = ["#", "measure", "value", "target", "result", "note"]
        cells = [head] + [r.cells() for r in self.rows]
        widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
        line = lambda c: "  ".join(x.ljust(w) for x, w in zip(c, widths)).rstrip()  # noqa: E731
        rule = "  ".join("-" * w for w in widths)
        out = [line(head), rule] + [line(c) for c in cells[1:]]
        return "\n".join(out + [""] + [f"* {n}" for n in self.notes])

    def to_json(self) -> dict:
        return {"meta": self.meta, "notes": self.notes,
                "rows": [{"section": r.section, "measure": r.label, "value": r.value, "unit": r.unit,
                          "target": r.target or None, "pass": r.ok, "note": r.note or None}
                         for r in self.rows]}


def _fmt(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if value < 1 else f"{value:.2f}"


# -- running things ----------------------------------------------------------------------------


def tracker_cmd() -> list[str]:
    """The installed console script next to this interpreter, else `python -m tracker.cli`."""
    script = Path(sys.executable).parent / "tracker"
    if script.exists():
        return [str(script)]
    found = shutil.which("tracker")
    return [found] if found else [sys.executable, "-m", "tracker.cli"]


def run(cmd: list[str], *, ok_codes: tuple[int, ...] = (0,), **kwargs) -> subprocess.CompletedProcess:  # noqa: ANN003
    proc = subprocess.run(cmd, capture_output=True, **kwargs)
    if proc.returncode not in ok_codes:
        shown = " ".join(cmd[:6]) + (" ..." if len(cmd) > 6 else "")
        raise SystemExit(f"benchmark: `{shown}` exited {proc.returncode}:\n"
                         f"{proc.stderr.decode(errors='replace')[-2000:]}")
    return proc


def timed(cmd: list[str], **kwargs) -> float:  # noqa: ANN003
    start = time.perf_counter()
    run(cmd, **kwargs)
    return time.perf_counter() - start


def measure(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds user + system) of one run of `cmd` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = timed(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def interleaved(cmds: dict, repeat: int) -> dict:
    """Median (wall, cpu) per command, the commands taking turns so that a change of load on
    a shared machine hits all of them alike; one warm-up run each, not counted."""
    for cmd in cmds.values():
        run(cmd)
    samples: dict = {name: [] for name in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            samples[name].append(measure(cmd))
    return {name: (statistics.median(w for w, _ in got), statistics.median(c for _, c in got))
            for name, got in samples.items()}


# -- 1. bulk ingest against git ----------------------------------------------------------------


def bench_ingest(report: Report, paths: list[Path], work: Path, tracker: list[str]) -> float:
    n = len(paths)
    db = work / "ingest.db"
    tracker_s = timed(tracker + ["--db", str(db), "ingest", "--brief", BRIEF, *map(str, paths)])
    git_s = git_loop(paths, work / "git")
    report.add("1", f"tracker ingest, {n} editions, one call (SQLite)", tracker_s, "s",
               note=f"{n / tracker_s:.0f} editions/s")
    report.add("1", f"git add + commit per edition, {n} editions", git_s, "s",
               note=f"{n / git_s:.0f} editions/s")
    ratio = tracker_s / git_s
    report.add("1", "ingest ratio tracker / git", ratio, "x", "<= 0.5", ratio <= 0.5)
    report.meta["ingest_db"] = str(db)
    report.meta["ingest_s"] = tracker_s
    return git_s


# Runs `tracker reparse` as if the parser were a new version, so every edition is read anew and
# a new reading of each is written (what a parser upgrade asks of a database).
REPARSE_AS_NEW = ("import sys, tracker.model as m; m.PARSER_VERSION = 'benchmark'; "
                  "from tracker.cli import main; sys.argv[0] = 'tracker'; main()")


def bench_reparse(report: Report, work: Path, n: int) -> None:
    """`tracker reparse` of the series row 1 ingested (a copy of that database), every edition
    read anew and its new reading appended, against the ingest of the same series."""
    db = _copy_sqlite(Path(report.meta["ingest_db"]), work / "reparse.db")
    seconds = timed([sys.executable, "-c", REPARSE_AS_NEW, "--db", str(db), "reparse"])
    with sqlite3.connect(db) as conn:
        written = conn.execute("SELECT count(*) FROM derivations").fetchone()[0]
    conn.close()
    report.add("1", f"tracker reparse, {n} editions, every one read anew (SQLite)", seconds, "s",
               note=f"{written} new readings written; {n / seconds:.0f} editions/s")
    ratio = seconds / report.meta["ingest_s"]
    report.add("1", "reparse ratio reparse / ingest", ratio, "x", "<= 1.0", ratio <= 1.0)


def git_loop(paths: list[Path], repo: Path) -> float:
    """What git scraping does: overwrite one file, `git add`, `git commit`, once per edition."""
    repo.mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    git = ["git", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"]
    run(git + ["init", "-q"], cwd=repo, env=env)
    target = repo / "brief.txt"
    start = time.perf_counter()
    for path in paths:
        shutil.copyfile(path, target)
        run(git + ["add", "brief.txt"], cwd=repo, env=env)
        run(git + ["commit", "-q", "-m", f"edition as of {path.stem}"], cwd=repo, env=env)
    return time.perf_counter() - start


# -- 2. diff against the number of editions stored ---------------------------------------------


def _parse_one(item: tuple[str, bytes]):  # noqa: ANN202
    from tracker.parse.parser import parse_bytes

    name, data = item
    return parse_bytes(data, name)


def _parsed(texts: list[tuple[str, bytes]], workers: int) -> Iterator:
    """Snapshots in order, parsed by `workers` processes while the caller stores them."""
    if workers <= 1:
        yield from map(_parse_one, texts)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_parse_one, texts, chunksize=8)


def build_scale_dbs(sizes: list[int], work: Path) -> tuple[dict[int, Path], str, float]:
    """One series of max(sizes) editions ingested in-process through `ingest_many`, with a copy
    of the SQLite file (backup API) taken when the count reaches each size; returns the paths,
    how it was built and the seconds it took."""
    from tracker.app.ingest import EditionInput
    from tracker.store import open_store

    top = max(sizes)
    texts = [(f"{as_of}.txt", text.encode()) for as_of, text in gen.editions(top, start=SCALE_START)]
    workers = min(2, os.cpu_count() or 1)
    db = work / f"scale-{top}.db"
    store = open_store(str(db), create=True)
    copies: dict[int, Path] = {}
    start = time.perf_counter()
    group: list = []  # as `tracker ingest` writes them: 32 a transaction
    for count, ((name, data), snap) in enumerate(zip(texts, _parsed(texts, workers)), 1):
        group.append(EditionInput(data, name, BRIEF, None, name, snap))
        if len(group) == 32 or count in sizes:
            _store_group(store, group)
        if count in sizes and count != top:
            copies[count] = _copy_sqlite(db, work / f"scale-{count}.db")
        if count % 1000 == 0:
            print(f"    {count:,} editions stored, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - start
    store.close()
    copies[top] = db
    how = (f"in-process ingest_many loop (32 editions a transaction) of {top:,} editions, parsed "
           f"by {workers} worker processes and handed over as snapshots; smaller databases are "
           f"copies taken on the way ({seconds:.0f} s)")
    return copies, how, seconds


def _store_group(store, group: list) -> None:  # noqa: ANN001
    for outcome in ingest_many(store, group):
        if isinstance(outcome, Exception):
            raise outcome
    group.clear()


def cache_key(sizes: list[int]) -> str:
    """What the scale databases depend on: the generator, tracker's own code (every module of
    every subpackage), the migrations' text and the schema head. Building them again takes
    under a minute."""
    import hashlib

    import tracker
    from tracker.model import PARSER_VERSION
    from tracker.store.engine import migrations_dir, script_head

    package = Path(tracker.__file__).parent
    code = [p.read_bytes() for folder in (package, migrations_dir())
            for p in sorted(folder.rglob("*.py")) if "__pycache__" not in p.parts]
    parts = [Path(gen.__file__).read_bytes(), PARSER_VERSION.encode(), script_head().encode(),
             *code, repr((sorted(sizes), SCALE_START.isoformat(), DIFF_PAIR)).encode()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]


def scale_dbs(sizes: list[int], work: Path, cache: Path | None,
              tracker: list[str] | None = None) -> tuple[dict[int, Path], str]:
    """The scale databases: from the cache when an earlier run built the same ones and today's
    `tracker verify` accepts the smallest of them, else built now (and kept for the next run)."""
    if cache is None:
        dbs, how, _ = build_scale_dbs(sizes, work)
        return dbs, how
    folder = cache / cache_key(sizes)
    manifest = folder / "built.json"
    if manifest.exists():
        info = json.loads(manifest.read_text())
        dbs = {int(k): folder / v for k, v in info["dbs"].items()}
        smallest = dbs.get(min(dbs)) if dbs else None
        valid = all(p.exists() for p in dbs.values()) and (
            tracker is None or run(tracker + ["--db", str(smallest), "verify"], ok_codes=(0, 1)).returncode == 0)
        if valid:
            return dbs, f"{info['how']}; reused from the cache {folder} (built {info['when']})"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    dbs, how, _ = build_scale_dbs(sizes, folder)
    for stray in folder.glob("probe.db*"):
        stray.unlink()
    manifest.write_text(json.dumps({"dbs": {str(k): p.name for k, p in dbs.items()}, "how": how,
                                    "when": dt.datetime.now().isoformat(timespec="seconds")}))
    return dbs, how + f"; kept in the cache {folder} for later runs"


def _copy_sqlite(src: Path, dst: Path) -> Path:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()
    return dst


def diff_args(pair: tuple[int, int], start: dt.date = SCALE_START) -> list[str]:
    days = [(start + dt.timedelta(days=n - 1)).isoformat() for n in pair]
    return ["diff", "--brief", BRIEF, *days]


def bench_diff_scaling(report: Report, dbs: dict, tracker: list[str], repeat: int,
                       label: str = "SQLite", section: str = "2",
                       start: dt.date = SCALE_START) -> dict:
    cmds = {size: tracker + ["--db", str(dbs[size]), *diff_args(DIFF_PAIR, start)] for size in sorted(dbs)}
    times = interleaved(cmds, repeat)
    for size, (wall, cpu) in times.items():
        report.add(section, f"tracker diff {DIFF_PAIR[0]}->{DIFF_PAIR[1]}, {size:,} editions stored ({label})",
                   wall * 1000, "ms", note=f"median of {repeat}; cpu {cpu * 1000:.0f} ms")
    small = min(times)
    for size in sorted(times)[1:]:
        ratio = times[size][0] / times[small][0]
        cpu_ratio = times[size][1] / times[small][1]
        big = size == max(times) and section == "2"
        report.add(section, f"diff ratio {size:,} / {small} editions ({label})", ratio, "x",
                   "<= 1.2" if big else "", (ratio <= 1.2) if big else None,
                   note=f"cpu ratio {cpu_ratio:.2f}")
    return times


# -- 3. start-up -------------------------------------------------------------------------------


def bench_startup(report: Report, db: Path, tracker: list[str], repeat: int) -> None:
    times = interleaved({
        "bare": [sys.executable, "-c", "import sqlalchemy, click"],
        "help": tracker + ["--help"],
        "diff": tracker + ["--db", str(db), *diff_args(DIFF_PAIR)],
    }, repeat)
    (bare, bare_cpu), (helped, help_cpu), (diffed, diff_cpu) = times["bare"], times["help"], times["diff"]
    report.add("3", 'bare python -c "import sqlalchemy, click"', bare * 1000, "ms",
               note=f"median of {repeat}; cpu {bare_cpu * 1000:.0f} ms")
    report.add("3", "tracker --help", helped * 1000, "ms",
               note=f"{helped / bare:.2f}x bare; cpu {help_cpu * 1000:.0f} ms")
    report.add("3", f"tracker diff ({db.stem})", diffed * 1000, "ms",
               note=f"median of {repeat}; cpu {diff_cpu * 1000:.0f} ms")
    report.add("3", "diff ratio to bare import", diffed / bare, "x", "<= 1.2", diffed / bare <= 1.2,
               note=f"cpu ratio {diff_cpu / bare_cpu:.2f}")


# -- 4. parsing --------------------------------------------------------------------------------


def bench_parse(report: Report, work: Path, big_bytes: int, repeat: int, trace_bytes: int) -> None:
    from tracker.parse import parser as parsing
    from tracker.parse.parser import parse_bytes

    small = gen.edition_of_size(5 * 1024)
    parse_bytes(small, "small.txt")  # first call compiles patterns
    times = []
    clear = getattr(parsing, "clear_caches", lambda: None)
    for _ in range(repeat):
        clear()  # a first parse: nothing remembered from the call before
        start = time.perf_counter()
        snap = parse_bytes(small, "small.txt")
        times.append(time.perf_counter() - start)
    report.add("4", f"parse one {len(small) / 1024:.1f} KB edition ({len(snap.events)} events)",
               statistics.median(times) * 1000, "ms", note=f"median of {repeat}, in process, caches cleared each time")
    series = [text.encode() for _, text in gen.editions(repeat + 1)]
    clear()
    parse_bytes(series[0], "first.txt")
    times = []
    for data in series[1:]:
        start = time.perf_counter()
        parse_bytes(data, "next.txt")
        times.append(time.perf_counter() - start)
    report.add("4", "parse the next edition of a series (as in a bulk ingest)",
               statistics.median(times) * 1000, "ms",
               note=f"median of {repeat}; items repeated from earlier editions are looked up")

    big = gen.big_brief(big_bytes).encode()
    path = work / "big.txt"
    path.write_bytes(big)
    mb = len(big) / 2**20
    seconds, rss, events = subprocess_parse(path)
    report.add("4", f"parse a {mb:.1f} MB brief ({events:,} events)", seconds, "s",
               note="one run, in a fresh process")
    traced = big[:trace_bytes].rsplit(b"\n", 1)[0] + b"\n"  # tracing slows parsing ~3x
    tracemalloc.start()
    parse_bytes(traced, "big.txt")
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    report.add("4", f"peak traced memory parsing the first {len(traced) / 2**20:.1f} MB (tracemalloc)",
               peak, "MB", note=f"{peak / (len(traced) / 2**20):.0f}x the input")
    report.add("4", f"max RSS of a process parsing {mb:.1f} MB", rss, "MB", "<= 200", rss <= 200,
               note="VmHWM (peak RSS) of that process")


def subprocess_parse(path: Path) -> tuple[float, float, int]:
    """(seconds in parse_bytes, ru_maxrss in MB, events) of a fresh process parsing `path`."""
    # Linux keeps ru_maxrss across exec, so a child forked from this (large) benchmark process
    # would report the parent's size; the kernel's own high-water mark of the new image
    # (VmHWM) is the child's alone. ru_maxrss where there is no /proc.
    code = ("import os, re, resource, sys, time; from tracker.parse.parser import parse_bytes; "
            "data = open(sys.argv[1], 'rb').read(); t = time.perf_counter(); "
            "snap = parse_bytes(data, 'big.txt'); t = time.perf_counter() - t; "
            "status = '/proc/self/status'; "
            "hwm = re.search(r'VmHWM:\\s*(\\d+)', open(status).read()) if os.path.exists(status) else None; "
            "print(t, int(hwm.group(1)) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "len(snap.events))")
    seconds, rss, events = run([sys.executable, "-c", code, str(path)]).stdout.decode().split()[-3:]
    return float(seconds), int(rss) / 1024, int(events)  # VmHWM and ru_maxrss: KiB on Linux


# -- 5. verify ---------------------------------------------------------------------------------


def bench_verify(report: Report, dbs: dict[int, Path], tracker: list[str], repeat: int = 3) -> None:
    """The whole command on the largest database (start-up included), and the marginal rate:
    the time verify adds per edition of history, from the largest and a smaller database (the
    same first editions), medians of `repeat` fresh processes each, interleaved."""
    editions = max(dbs)
    small = max((n for n in dbs if n < editions), default=None)
    times: dict[int, list[tuple[float, float]]] = {n: [] for n in (editions, small) if n is not None}
    for _ in range(repeat):
        for n in times:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = run(tracker + ["--db", str(dbs[n]), "verify"], ok_codes=(0, 1))
            seconds = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[n].append((seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)))
            if proc.returncode:
                report.notes.append(f"verify of {n:,} editions reported problems: "
                                    + proc.stdout.decode(errors="replace").splitlines()[0])
    wall = {n: statistics.median(s for s, _ in v) for n, v in times.items()}
    cpu = {n: statistics.median(c for _, c in v) for n, v in times.items()}
    seconds, rate = wall[editions], editions / wall[editions]
    report.add("5", f"tracker verify, {editions:,} editions", seconds, "s",
               note=f"{seconds / editions * 1000:.2f} s per 1,000 editions (whole command, median of {repeat})")
    report.add("5", "verify rate, whole command", rate, "editions/s",
               note=f"cpu {cpu[editions]:.2f} s: {editions / cpu[editions]:,.0f} editions per cpu-second; "
                    "start-up included; the target is the marginal rate's (README)")
    if small is None:
        return
    extra, more = wall[editions] - wall[small], editions - small
    marginal = more / extra if extra > 0 else None  # None: within the noise (a smoke run)
    report.add("5", "verify rate, marginal", marginal, "editions/s", ">= 20,000",
               None if marginal is None else marginal >= 20_000,
               note=f"({editions:,} - {small:,} editions) / ({wall[editions]:.2f} - {wall[small]:.2f} s); "
                    f"cpu {more / max(cpu[editions] - cpu[small], 1e-9):,.0f} editions per cpu-second")


def bench_report(report: Report, db: Path, editions: int, tracker: list[str], repeat: int = 3) -> None:
    """`tracker report` on the largest database: the whole page written, median of `repeat` runs."""
    out = db.parent / "report-bench.html"
    cmd = tracker + ["--db", str(db), "report", "--brief", BRIEF, "-o", str(out), "--force"]
    seconds = statistics.median(timed(cmd) for _ in range(repeat))
    size = out.stat().st_size
    out.unlink()
    report.add("7", f"tracker report, {editions:,} editions", seconds, "s", "<= 5", seconds <= 5,
               note=f"{size / 2**20:.1f} MiB page")


# -- 8. timeline and export at scale ----------------------------------------------------------


def bench_views(report: Report, db: Path, editions: int, work: Path, tracker: list[str], repeat: int) -> None:
    """`tracker timeline` (median of `repeat` fresh processes after a warm-up) and `tracker
    export` in each format to a file (one run each: rows written per second, whole command)."""
    base = tracker + ["--db", str(db)]
    times = interleaved({"timeline": base + ["timeline", "--brief", BRIEF, "--format", "json"]}, repeat)
    wall, cpu = times["timeline"]
    report.add("8", f"tracker timeline, {editions:,} editions", wall, "s", "<= 1", wall <= 1,
               note=f"median of {repeat}; cpu {cpu:.2f} s")
    for fmt, table in (("ndjson", None), ("csv", "events"), ("ndjson", "events")):
        out = work / f"export.{fmt}"
        args = ["export", "--brief", BRIEF, "--format", fmt, "-o", str(out), "--force"]
        wall, cpu = measure(base + args + (["--table", table] if table else []))
        with out.open("rb") as f:
            rows = sum(1 for _ in f) - (fmt == "csv")
        out.unlink()
        what = f"--table {table}" if table else "every fact"
        report.add("8", f"tracker export --format {fmt} ({what}), {editions:,} editions", rows / wall, "rows/s",
                   ">= 100,000", rows / wall >= 100_000,
                   note=f"{rows:,} rows in {wall:.2f} s; cpu {cpu:.2f} s")


# -- 6. PostgreSQL -----------------------------------------------------------------------------


class PgDatabases:
    """Throw-away databases `tracker_bench_<pid>_<tag>` on the server at `url`, dropped at exit."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.base = make_url(url)
        if self.base.drivername in ("postgresql", "postgres"):
            self.base = self.base.set(drivername="postgresql+psycopg")
        self.admin = create_engine(self.base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        self.made: list[str] = []

    def create(self, tag: str) -> str:
        from sqlalchemy import text

        name = f"tracker_bench_{os.getpid()}_{tag}"
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.made.append(name)
        return self.base.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            for name in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


def bench_pg(report: Report, url: str, paths: list[Path], git_s: float, tracker: list[str],
             repeat: int) -> None:
    """Row 1's ingest into PostgreSQL, then row 2's diff with 10 and with N editions stored
    (the first 10 of the same series in a second database)."""
    pg = PgDatabases(url)
    try:
        db = pg.create("ingest")
        seconds = timed(tracker + ["--db", db, "ingest", "--brief", BRIEF, *map(str, paths)])
        n = len(paths)
        report.add("6", f"tracker ingest, {n} editions, one call (PostgreSQL)", seconds, "s",
                   note=f"{n / seconds:.0f} editions/s")
        ratio = seconds / git_s
        report.add("6", "ingest ratio tracker / git (PostgreSQL)", ratio, "x", "<= 0.5", ratio <= 0.5)
        small = pg.create("s10")
        run(tracker + ["--db", small, "ingest", "--brief", BRIEF, *map(str, paths[:10])])
        bench_diff_scaling(report, {10: small, n: db}, tracker, repeat, "PostgreSQL", "6",
                           start=gen.Series().start)
    finally:
        pg.drop_all()


# -- main --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    n: int
    sizes: tuple[int, ...]
    big_bytes: int
    repeat_diff: int
    repeat_start: int
    repeat_parse: int
    trace_bytes: int


def plan_for(args: argparse.Namespace) -> Plan:
    if args.quick:
        return Plan(n=args.n or 20, sizes=(10, 100), big_bytes=512 * 1024, repeat_diff=3,
                    repeat_start=3, repeat_parse=10,
                    trace_bytes=512 * 1024)
    return Plan(n=args.n or 1000, sizes=(10, 1000, 10_000), big_bytes=10 * 2**20, repeat_diff=7,
                repeat_start=10, repeat_parse=200,
                trace_bytes=2**20)


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tracker-bench"


def machine() -> dict:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(), "load_1min_at_start": load,
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="tracker benchmark (see benchmarks/README.md)")
    parser.add_argument("--n", type=int, default=None, help="editions for the ingest race (default 1000; 20 with --quick)")
    parser.add_argument("--pg", metavar="URL", help="also measure on PostgreSQL (a server URL; a database is created and dropped)")
    parser.add_argument("--quick", action="store_true", help="a tiny smoke run: N=20, 10/100 editions for diff scaling, small big file")
    parser.add_argument("--json", metavar="FILE", type=Path, help="also write the figures to FILE")
    parser.add_argument("--cache", type=Path, default=default_cache(),
                        help="where the 10/1,000/10,000-edition databases are kept between runs (default %(default)s)")
    parser.add_argument("--no-cache", action="store_true", help="build the scale databases afresh in the temp folder")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (databases, editions)")
    args = parser.parse_args(argv)
    plan = plan_for(args)
    tracker = tracker_cmd()
    work = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    report = Report(meta={**machine(), "plan": plan.__dict__, "tracker": tracker, "work": str(work)})
    started = time.perf_counter()
    try:
        steps(report, plan, args, work, tracker)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    total = time.perf_counter() - started
    report.meta["seconds"] = round(total, 1)
    report.notes.append(f"{report.meta['cpus']} CPUs, Python {report.meta['python']}, SQLite "
                        f"{report.meta['sqlite']}, load {report.meta['load_1min_at_start']:.2f} at start; "
                        f"whole run {total:.0f} s")
    print(report.table())
    if args.json:
        args.json.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
    return 0


def compile_tracker(report: Report) -> None:
    """Write tracker's bytecode before timing anything, as `pip install` does: run from a
    source checkout with PYTHONDONTWRITEBYTECODE set, every command would compile the package
    again (about 100 ms a start on a 2-core machine), while the bare import it is compared
    with loads SQLAlchemy's installed bytecode."""
    import tracker

    run([sys.executable, "-m", "compileall", "-q", str(Path(tracker.__file__).parent)])
    report.notes.append("tracker's bytecode compiled first (python -m compileall), as an install does")


def steps(report: Report, plan: Plan, args: argparse.Namespace, work: Path, tracker: list[str]) -> None:
    say = lambda m: print(f"[{time.strftime('%H:%M:%S')}] {m}", file=sys.stderr, flush=True)  # noqa: E731
    compile_tracker(report)
    say(f"writing {plan.n} editions to {work}")
    paths = gen.write_editions(work / "editions" / BRIEF, plan.n)
    say("1. ingest vs git")
    git_s = bench_ingest(report, paths, work, tracker)
    bench_reparse(report, work, plan.n)
    say(f"2. building databases of {', '.join(map(str, plan.sizes))} editions")
    cache = None if (args.quick or args.no_cache) else args.cache
    dbs, how = scale_dbs(list(plan.sizes), work, cache, tracker)
    report.notes.append(f"diff/verify databases: {how}")
    bench_diff_scaling(report, dbs, tracker, plan.repeat_diff)
    compare_speed.bench_compare(report)
    say("3. start-up")
    mid = sorted(dbs)[len(dbs) // 2]
    bench_startup(report, dbs[mid], tracker, plan.repeat_start)
    say("4. parsing")
    bench_parse(report, work, plan.big_bytes, plan.repeat_parse, plan.trace_bytes)
    say("5. verify")
    bench_verify(report, dbs, tracker)
    say("7. report")
    bench_report(report, dbs[max(dbs)], max(dbs), tracker)
    say("8. timeline and export")
    bench_views(report, dbs[max(dbs)], max(dbs), work, tracker, plan.repeat_diff)
    if args.pg:
        say("6. PostgreSQL")
        bench_pg(report, args.pg, paths, git_s, tracker, plan.repeat_diff)
    else:
        report.notes.append("PostgreSQL not measured (pass --pg URL)")


if __name__ == "__main__":
    sys.exit(main())
