"""`python -m tracker.stress`: prove with figures that nothing is lost, altered or half-written.

Five loops, each on a fresh database (an SQLite file per loop, or a throw-away schema per loop
in the PostgreSQL database given), then one table of figures:

- **concurrency**: N writer processes each ingest E distinct editions of one brief through the
  CLI while one more process re-ingests editions already stored (and the writers' files as
  they race in); then: lost, duplicated (stored twice, or reported `stored` by two processes),
  numbers gapless, `verify` clean, no error line reaching any user;
- **kill -9**: a `tracker ingest` of many files is SIGKILLed at a random moment (after a
  random number of committed files plus a random part of the next one); then `verify` passes,
  every edition the command had reported is there, no partial edition (each has its
  EditionRecorded event, all its change events and its projection rows), and re-running the
  same command completes the rest, reporting `unchanged` for those already stored;
- **tamper**: with the triggers dropped, one byte of every stored column of an edition, of its
  log events and of an alias is changed; an edition deleted, a forged one inserted, the history
  truncated or rewritten (with a checkpoint): `verify` must fail and name the edition; each
  tamper is undone and `verify` must pass again;
- **bad input**: the table in `BAD_INPUTS` through the CLI: one clear line or a warning, never
  a traceback, store untouched and `verify` clean (the same table `tests/test_bad_input.py` runs);
- **fuzz**: a seeded generator of brief-like text with mutations (encodings, truncation, odd
  dates and numbers, markup): `parse` raises nothing but `InputError`, `diff(a, a)` is empty,
  `diff(a, b)` never raises, the snapshot survives its JSON round trip.

Only the standard library, click (for its test runner) and tracker itself: hypothesis stays a
test extra (tests/test_fuzz.py drives the same generator and its own strategies).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from tracker.app.ingest import ingest
from tracker.app.names import add_alias
from tracker.audit import rebuild_projections
from tracker.audit import verify

PASSWORD = "s3cretpw"  # appears in the dead-server URL of the bad-input table; must never be printed

# -- synthetic editions ----------------------------------------------------------------------------

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SYLLABLES = ("qar", "sel", "mun", "dor", "bal", "tiv", "zan", "hel", "mor", "vek", "sul", "tam",
             "fen", "gor", "lis", "nab", "kor", "vad", "bes", "rim", "dun", "jor", "pel", "wad")
KINDS = ("base", "airbase", "Air Base", "airfield", "camp")
WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()


def _long(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def edition_text(tag: str, size: int | None = None, as_of: dt.date | None = None) -> str:
    """A brief-like edition, a pure function of `tag`: a title naming the tag (so two tags never
    give the same bytes), an "As of ..." headline count equal to the number of listed dated
    handovers, footnotes, and a closing paragraph."""
    rng = random.Random(tag)
    size = size if size is not None else rng.randint(2, 9)
    as_of = as_of or dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(700))
    used: set[str] = set()
    items, notes = [], []
    for i in range(1, size + 1):
        while True:
            name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            if name not in used:
                used.add(name)
                break
        day = as_of - dt.timedelta(days=rng.randrange(1, 90))
        kind = rng.choice(KINDS)
        when = f"{day.day} {MONTHS[day.month - 1]} {day.year}" if rng.random() < 0.5 else _long(day)
        items.append(f"{i}. On {when}, coalition troops withdrew from {name} {kind}[{i}].")
        notes.append(f"[{i}] {name} {kind} lies {rng.choice(('north', 'south', 'east', 'west'))} "
                     f"of the capital and hosted about {rng.randrange(1, 20) * 50} personnel.")
    count = WORDS[size] if size < len(WORDS) else str(size)
    return "\n\n".join([
        f"Situation brief {tag}",
        "Background: Coalition forces are handing bases back to national forces as part of a "
        "drawdown agreed with the government.",
        f"Recent Developments: As of {_long(as_of)}, {count} bases have been transferred.",
        "\n".join(items),
        "Where will these troops go: Some will be consolidated at larger sites; others will return home.",
        "Notes",
        "\n".join(notes),
    ]) + "\n"


def write_editions(folder: Path, tag: str, count: int) -> list[Path]:
    """`count` distinct edition files `folder/<tag>-NNN.txt`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{tag}-{i:03d}.txt"
        path.write_text(edition_text(f"{tag}-{i}"), encoding="utf-8")
        paths.append(path)
    return paths


def sha256_file(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- running the command line ------------------------------------------------------------------


def cli_command(db: str, *args: str) -> list[str]:
    """`tracker --db DB ARGS...` as a subprocess of this Python (no console script needed)."""
    return [sys.executable, "-m", "tracker.cli", "--db", db, *args]


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["NO_COLOR"] = "1"
    env.pop("TRACKER_DEBUG", None)
    env.pop("TRACKER_DB", None)
    return env


OUTCOME_LINE = re.compile(r"^(stored|unchanged)\s+(\S+) #(\d+)\s+(\S+)\s+(\S+)")


def parse_outcome_lines(text: str) -> list[tuple[str, str]]:
    """(status, path) for every `stored` / `unchanged` line of `tracker ingest` text output."""
    return [(m.group(1), m.group(5)) for m in map(OUTCOME_LINE.match, text.splitlines()) if m]


# -- databases ---------------------------------------------------------------------------------


class Target:
    """Where the loops run: fresh SQLite files in a folder, or fresh schemas in a PostgreSQL
    database (dropped at the end unless kept)."""

    def __init__(self, where: str, workdir: Path, keep: bool = False) -> None:
        self.where = where
        self.workdir = workdir
        self.keep = keep
        self.is_pg = "://" in where
        self.schemas: list[str] = []
        self.engine_name = "postgresql" if self.is_pg else "sqlite"

    def fresh(self, name: str) -> str:
        if not self.is_pg:
            path = self.workdir / f"{name}.db"
            for p in path.parent.glob(path.name + "*"):
                p.unlink()
            return str(path)
        from urllib.parse import quote

        from sqlalchemy import create_engine, text

        schema = f"tracker_stress_{name.replace('-', '_')}_{uuid.uuid4().hex[:10]}"
        engine = create_engine(_pg_url(self.where), isolation_level="AUTOCOMMIT",
                               connect_args={"connect_timeout": 5})
        with engine.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))  # generated name, not user input
        engine.dispose()
        self.schemas.append(schema)
        sep = "&" if "?" in self.where else "?"
        return f"{self.where}{sep}options={quote(f'-csearch_path={schema}')}"

    def cleanup(self) -> None:
        if self.keep or not self.schemas:
            return
        from sqlalchemy import create_engine, text

        engine = create_engine(_pg_url(self.where), isolation_level="AUTOCOMMIT",
                               connect_args={"connect_timeout": 5})
        with engine.connect() as conn:
            for schema in self.schemas:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
        self.schemas.clear()


def _pg_url(url: str) -> str:
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def _open(db: str):  # noqa: ANN202
    from tracker.store.store import open_store

    return open_store(db)


# -- checks shared by the loops ------------------------------------------------------------------


def partial_editions(store: Any) -> list[str]:
    """Editions not whole: without their EditionRecorded event, with fewer or more change
    events than it announces, without all their projection rows; log events or projection
    rows for editions that do not exist. Independent of `verify`, on purpose."""
    from sqlalchemy import select

    from tracker.store import schema as t

    problems = []
    with store.read() as conn:
        editions = {(r.brief, r.number): json.loads(r.snapshot) for r in conn.execute(
            select(t.editions.c.brief, t.editions.c.number, t.editions.c.snapshot))}
        recorded: dict[tuple[str, int], int] = {}
        changes: Counter = Counter()
        for r in conn.execute(select(t.log.c.brief, t.log.c.edition, t.log.c.type, t.log.c.payload)
                              .where(t.log.c.edition.is_not(None))):
            key = (r.brief, r.edition)
            if r.type == "EditionRecorded":
                recorded[key] = json.loads(r.payload).get("changes", -1)
            else:
                changes[key] += 1
        rows = Counter((r.brief, r.edition) for r in conn.execute(
            select(t.entity_versions.c.brief, t.entity_versions.c.edition)))
    for key, snap in sorted(editions.items()):
        if key not in recorded:
            problems.append(f"{key}: no EditionRecorded event")
        elif recorded[key] != changes[key]:
            problems.append(f"{key}: {changes[key]} change events, EditionRecorded says {recorded[key]}")
        if rows[key] != len(snap.get("events", ())) + len(snap.get("counts", ())):
            problems.append(f"{key}: {rows[key]} projection rows for a snapshot with "
                            f"{len(snap.get('events', ()))} events and {len(snap.get('counts', ()))} counts")
    for key in sorted((set(recorded) | set(changes) | set(rows)) - set(editions)):
        problems.append(f"{key}: log events or projection rows for an edition that is not stored")
    return problems


def stored_editions(store: Any, brief: str) -> list[tuple[int, str]]:
    """(number, sha256) of every edition of `brief`, by number."""
    from sqlalchemy import select

    from tracker.store import schema as t

    e = t.editions.c
    with store.read() as conn:
        return [(r.number, r.sha256) for r in conn.execute(
            select(e.number, e.sha256).where(e.brief == brief).order_by(e.number))]


# -- concurrency -------------------------------------------------------------------------------


@dataclass
class ConcurrencyResult:
    writers: int
    editions: int
    expected: int = 0
    stored: int = 0
    lost: int = 0
    duplicated: int = 0
    gapless: bool = False
    verify_ok: bool = False
    user_errors: list[str] = field(default_factory=list)
    reingested: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (not self.lost and not self.duplicated and self.gapless and self.verify_ok
                and not self.user_errors and self.stored == self.expected)


def run_concurrency(db: str, workdir: Path, *, writers: int = 4, editions: int = 20,
                    brief: str = "stress", timeout: float = 600) -> ConcurrencyResult:
    """N writer processes x E distinct editions through the CLI, plus one process re-ingesting
    editions stored before the writers started and, meanwhile, the writers' own files."""
    result = ConcurrencyResult(writers, editions)
    start = time.monotonic()
    env = cli_env()
    tag = uuid.uuid4().hex[:6]
    pre = write_editions(workdir / "pre", f"pre{tag}", 3)
    done = subprocess.run(cli_command(db, "ingest", "--brief", brief, "--format", "json", *map(str, pre)),
                          capture_output=True, text=True, env=env, timeout=timeout)
    if done.returncode != 0:
        result.user_errors.append(f"initial ingest: {done.stderr.strip() or done.stdout[-200:]}")
        return result
    files = [write_editions(workdir / f"w{w}", f"w{w}{tag}", editions) for w in range(writers)]
    everyone = [p for group in files for p in group]
    again = [str(p) for p in pre] + [str(p) for p in random.Random(tag).sample(everyone, len(everyone))]
    procs = [subprocess.Popen(cli_command(db, "ingest", "--brief", brief, "--format", "json", *map(str, group)),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for group in files]
    procs.append(subprocess.Popen(cli_command(db, "ingest", "--brief", brief, "--format", "json", *again),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env))
    reports: Counter = Counter()
    for i, proc in enumerate(procs):
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            result.user_errors.append(f"process {i}: timed out")
        errors = [line for line in err.splitlines() if line.strip()]
        if proc.returncode != 0 or errors:
            result.user_errors.append(f"process {i} exit {proc.returncode}: {' | '.join(errors[:3])}")
        try:
            outcomes = json.loads(out)
        except ValueError:
            result.user_errors.append(f"process {i}: unreadable output")
            continue
        for o in outcomes:
            if o["status"] == "stored":
                reports[o["sha256"]] += 1
            elif i == len(procs) - 1 and o["status"] == "unchanged":
                result.reingested += 1
            if o["path"] in map(str, pre) and o["status"] != "unchanged":
                result.user_errors.append(f"{o['path']}: already stored, reported {o['status']}")
    expected = {sha256_file(p) for p in everyone}
    store = _open(db)
    try:
        rows = stored_editions(store, brief)
        shas = [sha for _, sha in rows]
        result.expected = len(expected) + len(pre)
        result.stored = len(rows)
        result.lost = len(expected - set(shas))
        result.duplicated = (len(shas) - len(set(shas))) + sum(n - 1 for n in reports.values() if n > 1)
        result.gapless = [n for n, _ in rows] == list(range(1, len(rows) + 1))
        report = verify(store)
        result.verify_ok = report.ok
        if not report.ok:
            result.user_errors.append("verify: " + "; ".join(report.problems[:3]))
    finally:
        store.close()
    result.seconds = time.monotonic() - start
    return result


# -- kill -9 -----------------------------------------------------------------------------------


@dataclass
class CrashResult:
    trials: int = 0
    killed_mid_run: int = 0
    verify_failures: int = 0
    partial: int = 0
    reported_missing: int = 0
    rerun_incomplete: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.verify_failures or self.partial or self.reported_missing
                    or self.rerun_incomplete or self.problems)


def run_crash(db: str, workdir: Path, *, trials: int = 20, files: int = 8, seed: int = 0,
              brief: str = "crash", seconds: float = 0) -> CrashResult:
    """Kill a bulk `tracker ingest` at random moments; check the store after each kill and
    that re-running the same command completes the rest."""
    result = CrashResult()
    rng = random.Random(seed)
    env = cli_env()
    start = time.monotonic()
    gap = 0.05  # seconds per file, measured as trials go
    for trial in range(trials):
        if seconds and time.monotonic() - start > seconds:
            break
        paths = write_editions(workdir / f"trial{trial}", f"k{seed}t{trial}", files)
        command = cli_command(db, "ingest", "--brief", brief, *map(str, paths))
        reported, killed, gap = _kill_once(command, env, rng, files, gap)
        result.trials += 1
        result.killed_mid_run += killed
        _check_after_kill(db, brief, trial, reported, result)
        rerun = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
        outcomes = dict((path, status) for status, path in parse_outcome_lines(rerun.stdout))
        where = f"trial {trial} re-run"
        if rerun.returncode != 0 or rerun.stderr.strip():
            result.rerun_incomplete += 1
            result.problems.append(f"{where}: exit {rerun.returncode} {rerun.stderr.strip()[:200]}")
        elif any(outcomes.get(path) != "unchanged" for path in reported):
            result.rerun_incomplete += 1
            result.problems.append(f"{where}: an edition stored before the kill was not reported unchanged")
        elif len(outcomes) != files:
            result.rerun_incomplete += 1
            result.problems.append(f"{where}: {len(outcomes)} of {files} files reported")
        store = _open(db)
        try:
            stored = {sha for _, sha in stored_editions(store, brief)}
            if not {sha256_file(p) for p in paths} <= stored:
                result.rerun_incomplete += 1
                result.problems.append(f"{where}: some files are still not stored")
        finally:
            store.close()
    result.seconds = time.monotonic() - start
    return result


def _kill_once(command: list[str], env: dict, rng: random.Random, files: int,
               gap: float) -> tuple[list[str], bool, float]:
    """Start the command, SIGKILL it after a random number of committed files plus a random
    part of the next one (or, one time in ten, at a random moment of its start-up)."""
    import selectors

    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    lines: list[str] = []
    buffer = b""
    target = 0 if rng.random() < 0.1 else rng.randrange(1, files)
    stamps: list[float] = []
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 120
        while len(lines) < target and time.monotonic() < deadline:
            if not sel.select(timeout=1):
                if proc.poll() is not None:
                    break
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                lines.append(line.decode("utf-8", "replace"))
                stamps.append(time.monotonic())
    if len(stamps) >= 2:
        gap = 0.5 * gap + 0.5 * (stamps[-1] - stamps[0]) / (len(stamps) - 1)
    time.sleep(rng.uniform(0, 1.5) if target == 0 else rng.uniform(0, gap))
    alive = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    rest = proc.stdout.read()
    proc.wait()
    text_ = "\n".join(lines) + "\n" + (buffer + rest).decode("utf-8", "replace")
    reported = [path for status, path in parse_outcome_lines(text_) if status == "stored"]
    return reported, alive and proc.returncode == -signal.SIGKILL, gap


def _check_after_kill(db: str, brief: str, trial: int, reported: list[str], result: CrashResult) -> None:
    from tracker.errors import TrackerError

    try:
        store = _open(db)
    except TrackerError as exc:  # killed before the database file was even created
        if reported:
            result.reported_missing += len(reported)
            result.problems.append(f"trial {trial}: no database, yet {len(reported)} reported: {exc}")
        return
    try:
        try:
            report = verify(store)
        except TrackerError as exc:  # killed during the very first migration: nothing stored
            if reported or "tracker init" not in str(exc):
                result.verify_failures += 1
                result.problems.append(f"trial {trial}: {exc}")
            return
        if not report.ok:
            result.verify_failures += 1
            result.problems.append(f"trial {trial}: verify: {'; '.join(report.problems[:3])}")
        stored = {sha for _, sha in stored_editions(store, brief)}
        missing = [p for p in reported if sha256_file(Path(p)) not in stored]
        result.reported_missing += len(missing)
        if missing:
            result.problems.append(f"trial {trial}: reported stored but missing: {missing[:3]}")
        partial = partial_editions(store)
        result.partial += len(partial)
        result.problems += [f"trial {trial}: partial edition {p}" for p in partial[:3]]
    finally:
        store.close()


# -- tampering ---------------------------------------------------------------------------------


@dataclass
class TamperCase:
    name: str
    detected: bool
    named: bool | None  # None: the case is not about one edition (an alias, a truncation)
    restored: bool
    detail: str = ""


@dataclass
class TamperResult:
    cases: list[TamperCase] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def tried(self) -> int:
        return len(self.cases)

    @property
    def detected(self) -> int:
        return sum(c.detected for c in self.cases)

    @property
    def ok(self) -> bool:
        return all(c.detected and c.named is not False and c.restored for c in self.cases)


TARGET = ("b", 3)  # the edition every per-column tamper hits
NOT_FACTS = {
    ("editions", "id"): "surrogate row id: carries no fact, not covered by any hash",
    ("briefs", "slug"): "editions' foreign key refuses the change (and the slug is in every chain hash)",
}


def build_history(store: Any) -> None:
    """Brief `b`: six editions of a growing brief (with change events); brief `c`: two; one
    alias for `b` and one for every brief; `b` 6 written last."""
    base = dt.date(2020, 4, 4)

    def b(i: int) -> None:
        text_ = edition_text(f"tamper-b-{i}", size=2 + i, as_of=base + dt.timedelta(days=7 * i))
        ingest(store, text_.encode(), source=f"b{i}.txt", brief="b")

    for i in range(5):
        b(i)
    for i in range(2):
        text_ = edition_text(f"tamper-c-{i}", size=3, as_of=base + dt.timedelta(days=i))
        ingest(store, text_.encode(), source=f"c{i}.txt", brief="c")
    add_alias(store, "Second name", "First name", "b")
    add_alias(store, "Everywhere", "Anywhere", None)
    b(5)  # last: its events end the log (the truncation case removes them)


def drop_triggers(store: Any) -> None:
    """What a tamperer does first."""
    from sqlalchemy import text

    from tracker.store import schema as t
    from tracker.audit.verifier import present_triggers

    with store.engine.begin() as conn:
        if store.dialect == "sqlite":
            for name in sorted(present_triggers(conn, "sqlite")):
                conn.execute(text(f'DROP TRIGGER "{name}"'))  # names read from the database
        else:
            for table in t.IMMUTABLE_TABLES:
                conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))


def restore_triggers(store: Any) -> None:
    from sqlalchemy import text

    from tracker.store import schema as t
    from tracker.migrations.triggers import create_statements

    with store.engine.begin() as conn:
        for table in t.IMMUTABLE_TABLES:
            if store.dialect == "sqlite":
                for statement in create_statements("sqlite", table):
                    conn.execute(text(statement))
            else:
                conn.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))


def flipped(value: Any) -> Any:
    """One byte changed: a bit of the middle byte of bytes, the middle character of text
    (kept printable), or an integer moved out of the way of existing keys."""
    if isinstance(value, bool) or value is None:
        raise ValueError("nothing to flip")
    if isinstance(value, int):
        return value + 10_000
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytearray(bytes(value))
        raw[len(raw) // 2] ^= 0x01
        return bytes(raw)
    s = str(value)
    i = len(s) // 2
    c = s[i]
    new = chr(ord(c) ^ 0x01) if 0x21 <= ord(c) < 0x7e and chr(ord(c) ^ 0x01).isprintable() else "x"
    if new == c:
        new = "y"
    return s[:i] + new + s[i + 1:]


def run_tamper(store: Any) -> TamperResult:
    """Every stored column of an edition, of its log events and of an alias, one at a time,
    plus deletions, a forgery, a truncation and a rewrite caught by a checkpoint."""
    from sqlalchemy import select

    from tracker.store import schema as t

    result = TamperResult()
    build_history(store)
    first = verify(store)
    if not first.ok:
        raise RuntimeError(f"the fresh history does not verify: {first.problems[:3]}")
    head = first.head
    drop_triggers(store)
    try:
        e, lg, al, br = t.editions, t.log, t.aliases, t.briefs
        with store.read() as conn:
            edition_id = conn.scalar(select(e.c.id).where(e.c.brief == TARGET[0], e.c.number == TARGET[1]))
            recorded_seq = conn.scalar(select(lg.c.seq).where(
                lg.c.brief == TARGET[0], lg.c.edition == TARGET[1], lg.c.type == "EditionRecorded"))
            change_seq = conn.scalar(select(func_min(lg.c.seq)).where(
                lg.c.brief == TARGET[0], lg.c.edition == TARGET[1], lg.c.type != "EditionRecorded"))
            alias_id = conn.scalar(select(al.c.id).where(al.c.brief == TARGET[0]))
        targets = [(e, "id", edition_id, "edition"), (lg, "seq", recorded_seq, "EditionRecorded event"),
                   (lg, "seq", change_seq, "change event"), (al, "id", alias_id, "alias"),
                   (br, "slug", TARGET[0], "brief")]
        for table, pk, pk_value, what in targets:
            if pk_value is None:
                result.skipped.append(f"{what}: none in the history")
                continue
            for column in table.columns:
                if (table.name, column.name) in NOT_FACTS:
                    result.skipped.append(f"{table.name}.{column.name}: {NOT_FACTS[(table.name, column.name)]}")
                    continue
                if what == "change event" and column.name not in ("payload", "type"):
                    continue  # its other columns behave as the EditionRecorded event's
                result.cases.append(_column_case(store, table, pk, pk_value, column.name, what))
        result.cases += _row_cases(store)
    finally:
        restore_triggers(store)
    result.cases += _checkpoint_cases(store, head)
    return result


def func_min(column: Any) -> Any:
    from sqlalchemy import func

    return func.min(column)


def _column_case(store: Any, table: Any, pk: str, pk_value: Any, column: str, what: str) -> TamperCase:
    from sqlalchemy import select

    name = f"{table.name}.{column} of {'the ' + what if what != 'edition' else 'an edition'}"
    with store.read() as conn:
        old = conn.scalar(select(table.c[column]).where(table.c[pk] == pk_value))
    if old is None:
        return TamperCase(name, True, None, True, "column is NULL here")
    new = flipped(old)
    if table.name == "editions" and column == "brief":
        new = "c"  # one byte ('b' -> 'c'), and an existing brief (foreign key)
    at = new if column == pk else pk_value
    with store.engine.begin() as conn:
        conn.execute(table.update().where(table.c[pk] == pk_value).values({column: new}))
    report = verify(store)
    with store.engine.begin() as conn:
        conn.execute(table.update().where(table.c[pk] == at).values({column: old}))
    acceptable = {(TARGET[0], 1) if table.name == "briefs" else TARGET}  # or the identity the row now claims
    if column == "brief":
        acceptable.add((new, TARGET[1]))
    elif column in ("number", "edition"):
        acceptable.add((TARGET[0], new))
    named = None if table.name == "aliases" else _named(report, acceptable)
    restored = _verifies_but_triggers(store)
    return TamperCase(name, _caught(report), named, restored,
                      "" if _caught(report) else "verify saw nothing but the missing triggers")


def _caught(report: Any) -> bool:
    """verify found the tamper itself, not only the triggers the tamperer dropped."""
    return any("triggers missing" not in p for p in report.problems)


def _named(report: Any, acceptable: set) -> bool:
    return report.first_bad in acceptable


def _verifies_but_triggers(store: Any) -> bool:
    """verify passes apart from the (deliberately) missing triggers."""
    report = verify(store)
    return all("triggers missing" in p for p in report.problems)


def _saved(conn: Any, table: Any, *where: Any) -> list[dict]:
    from sqlalchemy import select

    return [dict(r._mapping) for r in conn.execute(select(table).where(*where))]


def _row_cases(store: Any) -> list[TamperCase]:
    """Delete a middle edition, delete the last one, insert a forged one."""
    from sqlalchemy import select

    from tracker.store import schema as t
    from tracker.canonical import canonical_json, chain_hash, sha256_hex
    from tracker.model import PARSER_VERSION

    cases = []
    e = t.editions
    for label, number in (("delete a middle edition", TARGET[1]), ("delete the last edition", 6)):
        with store.engine.begin() as conn:
            rows = _saved(conn, e, e.c.brief == "b", e.c.number == number)
            conn.execute(e.delete().where(e.c.brief == "b", e.c.number == number))
        report = verify(store)
        with store.engine.begin() as conn:
            conn.execute(e.insert(), rows)
        cases.append(TamperCase(label, _caught(report), _named(report, {("b", number)}),
                                _verifies_but_triggers(store)))
    with store.read() as conn:
        last = conn.execute(select(e.c.chain_hash).where(e.c.brief == "b", e.c.number == 6)).scalar()
    raw = edition_text("forged", size=3, as_of=dt.date(2020, 6, 1)).encode()
    snap = canonical_json({"title": "forged", "as_of": "2020-06-01", "events": [], "counts": [],
                           "sections": [], "warnings": []})
    stamp = "2020-06-01T00:00:00.000000+00:00"
    row = {"brief": "b", "number": 7, "as_of": "2020-06-01", "ingested_at": stamp, "source": "forged",
           "raw": raw, "sha256": sha256_hex(raw), "snapshot": snap, "parser_version": PARSER_VERSION,
           "snapshot_sha256": sha256_hex(snap), "prev_chain_hash": last}
    row["chain_hash"] = chain_hash(last, "b", 7, "2020-06-01", stamp, "forged", row["sha256"],
                                   PARSER_VERSION, row["snapshot_sha256"])
    with store.engine.begin() as conn:
        conn.execute(e.insert(), row)
    report = verify(store)
    with store.engine.begin() as conn:
        conn.execute(e.delete().where(e.c.brief == "b", e.c.number == 7))
    cases.append(TamperCase("insert a forged edition (correct chain hash)", _caught(report),
                            _named(report, {("b", 7)}), _verifies_but_triggers(store)))
    with store.engine.begin() as conn:
        conn.execute(t.briefs.insert().values(slug="forged", created_at=stamp))
    report = verify(store)
    with store.engine.begin() as conn:
        conn.execute(t.briefs.delete().where(t.briefs.c.slug == "forged"))
    cases.append(TamperCase("insert a forged brief", _caught(report), None, _verifies_but_triggers(store)))
    return cases


def _checkpoint_cases(store: Any, head: str) -> list[TamperCase]:
    """Remove the newest edition with its log events and projection rows (triggers put back
    afterwards): only the checkpoint shows it. Then a consistent rewrite of edition 1."""
    from sqlalchemy import select

    from tracker.store import schema as t

    cases = []
    e, lg, ev = t.editions, t.log, t.entity_versions
    drop_triggers(store)
    with store.engine.begin() as conn:
        seq = conn.scalar(select(func_min(lg.c.seq)).where(lg.c.brief == "b", lg.c.edition == 6))
        saved = (_saved(conn, lg, lg.c.seq >= seq), None, _saved(conn, e, e.c.brief == "b", e.c.number == 6))
        conn.execute(lg.delete().where(lg.c.seq >= seq))
        conn.execute(ev.delete().where(ev.c.brief == "b", ev.c.edition == 6))
        conn.execute(e.delete().where(e.c.brief == "b", e.c.number == 6))
    rebuild_projections(store)  # derived tables: a careful truncater rebuilds them too
    restore_triggers(store)
    without = verify(store)
    with_checkpoint = verify(store, head)
    drop_triggers(store)
    with store.engine.begin() as conn:
        conn.execute(e.insert(), saved[2])
        conn.execute(lg.insert(), saved[0])
    rebuild_projections(store)
    restore_triggers(store)
    cases.append(TamperCase("truncate the newest edition (with a checkpoint)",
                            not with_checkpoint.ok, None, verify(store, head).ok,
                            "" if without.ok else "caught even without a checkpoint"))
    before = {name: list(rows) for name, rows in _snapshot_tables(store).items()}
    drop_triggers(store)
    with store.engine.begin() as conn:
        conn.execute(e.update().where(e.c.brief == "b", e.c.number == 1).values(source="rewritten"))
    rehash_everything(store)
    restore_triggers(store)
    without = verify(store)
    with_checkpoint = verify(store, head)
    drop_triggers(store)
    with store.engine.begin() as conn:
        for name, rows in before.items():
            table = t.metadata.tables[name]
            conn.execute(table.delete())
            if rows:
                conn.execute(table.insert(), rows)
    restore_triggers(store)
    cases.append(TamperCase("rewrite edition 1 and re-hash everything (with a checkpoint)",
                            not with_checkpoint.ok, None, verify(store, head).ok,
                            "" if without.ok else "caught even without a checkpoint"))
    return cases


def _snapshot_tables(store: Any) -> dict[str, list[dict]]:
    from sqlalchemy import select

    from tracker.store import schema as t

    with store.read() as conn:
        return {name: [dict(r._mapping) for r in conn.execute(select(t.metadata.tables[name]))]
                for name in ("editions", "log")}


def rehash_everything(store: Any) -> None:
    """What a thorough forger does after an edit: recompute every chain hash and log hash."""
    from sqlalchemy import select

    from tracker.store import schema as t
    from tracker.canonical import canonical_json
    from tracker.canonical import GENESIS, chain_hash, log_hash

    e, lg = t.editions, t.log
    with store.engine.begin() as conn:
        chains: dict[tuple[str, int], str] = {}
        sources: dict[tuple[str, int], str] = {}
        prev, brief = GENESIS, None
        for r in conn.execute(select(e).order_by(e.c.brief, e.c.number)).all():
            if r.brief != brief:
                prev, brief = GENESIS, r.brief
            ch = chain_hash(prev, r.brief, r.number, r.as_of, r.ingested_at, r.source, r.sha256,
                            r.parser_version, r.snapshot_sha256)
            conn.execute(e.update().where(e.c.id == r.id).values(prev_chain_hash=prev, chain_hash=ch))
            chains[(r.brief, r.number)], sources[(r.brief, r.number)] = ch, r.source
            prev = ch
        prev = GENESIS
        for r in conn.execute(select(lg).order_by(lg.c.seq)).all():
            payload = r.payload
            if r.type == "EditionRecorded":
                data = json.loads(payload)
                data.update(source=sources[(r.brief, r.edition)], chain_hash=chains[(r.brief, r.edition)])
                payload = canonical_json(data)
            digest = log_hash(prev, r.seq, r.brief, r.edition, r.type, payload, r.recorded_at)
            conn.execute(lg.update().where(lg.c.seq == r.seq).values(payload=payload, prev_hash=prev, hash=digest))
            prev = digest


# -- bad input ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BadInput:
    """One row of the bad-input table. `make(folder, db)` writes what the case needs and
    returns the CLI arguments (starting with `--db` when the case names its own database).
    `outcome`: "error" (one `error:` line, non-zero exit, nothing written), "warning" (stored,
    with a `warning:` line matching `expect`) or "ok" (stored, `expect` in the output)."""

    name: str
    make: Callable[[Path, str], list[str]]
    outcome: str
    expect: str
    own_db: bool = False
    seconds: float = 20.0
    check: Callable[[Any], str | None] | None = None  # on the store afterwards: a problem or None


def _good(folder: Path, name: str = "good.txt", **kw: Any) -> Path:
    path = folder / name
    path.write_text(edition_text(f"bad-input-{name}", **kw), encoding="utf-8")
    return path


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _ingest(*paths: Path | str, brief: str = "bad") -> list[str]:
    return ["ingest", "--brief", brief, *map(str, paths)]


def _big(folder: Path, _db: str) -> list[str]:
    path = folder / "huge.txt"
    with open(path, "wb") as fh:  # sparse: 50 MB that cost nothing to write
        fh.truncate(50 * 1024 * 1024)
    return _ingest(path)


def _read_only_db(folder: Path, _db: str) -> list[str]:
    ro = folder / "read-only"
    ro.mkdir()
    ro.chmod(0o500)
    if os.access(ro, os.W_OK):  # root ignores permissions: use a directory the kernel refuses
        ro = Path("/proc/self")
    return ["--db", str(ro / "tracker.db"), *_ingest(_good(folder))]


def _impossible_date(folder: Path, _db: str) -> list[str]:
    text_ = edition_text("impossible", size=2, as_of=dt.date(2020, 4, 11))
    text_ = re.sub(r"^2\. On [^,]+,", "2. On 31 February 20,", text_, flags=re.M)
    return _ingest(_file(folder, "impossible.txt", text_.encode()))


def _newest(store: Any, brief: str = "bad") -> Any:
    """The snapshot of the edition ingested last (highest number, whatever its as-of)."""
    return store.snapshot(brief, max(e.number for e in store.editions(brief)))


def _event_dates_null_where_impossible(store: Any) -> str | None:
    dates = [ev.date for ev in _newest(store).events]
    return None if len(dates) == 2 and dates.count(None) == 1 else f"event dates {dates}"


def _utf16_read(store: Any) -> str | None:
    snap = _newest(store)
    return None if len(snap.events) == 4 and snap.title.startswith("Situation brief") else \
        f"{len(snap.events)} events, title {snap.title!r} read from UTF-16"


def _future(folder: Path, _db: str) -> list[str]:
    day = dt.date.today() + dt.timedelta(days=400)
    return _ingest(_good(folder, "future.txt", size=2, as_of=day))


def _legacy(folder: Path, _db: str) -> list[str]:
    text_ = edition_text("legacy", size=3).replace("Situation brief", "Situation brief \u00e9t\u00e9 \u2013 caf\u00e9")
    return _ingest(_file(folder, "legacy.txt", text_.encode("cp1252")))


def _truncated(folder: Path, _db: str) -> list[str]:
    return _ingest(_file(folder, "truncated.txt", edition_text("trunc", size=3).encode() + "\u00e9".encode()[:1]))


def _utf16(folder: Path, _db: str) -> list[str]:
    return _ingest(_file(folder, "utf16.txt", edition_text("utf16", size=4).encode("utf-16")))


def _binary(folder: Path, _db: str) -> list[str]:
    return _ingest(_file(folder, "random.bin", random.Random(1).randbytes(4096) + b"\x00"))


def _random_no_nul(folder: Path, _db: str) -> list[str]:
    data = bytes(b for b in random.Random(2).randbytes(8192) if b)
    return _ingest(_file(folder, "noise.dat", data))


SCRIPT_PAGE = (b"<!doctype html><html><head><title>x</title><script src='http://127.0.0.1:9/x.js'></script>"
               b"<style>body{}</style></head><body><nav><a href='/'>Home</a></nav>"
               b"<script>document.write('hi')</script><footer>(c)</footer></body></html>")

BAD_INPUTS: tuple[BadInput, ...] = (
    BadInput("missing path", lambda f, d: _ingest(f / "nope.txt"), "error", "no such file"),
    BadInput("directory", lambda f, d: _ingest(f), "error", "directory"),
    BadInput("empty file", lambda f, d: _ingest(_file(f, "empty.txt", b"")), "error", "empty"),
    BadInput("white space only", lambda f, d: _ingest(_file(f, "blank.txt", b" \n\t\r\n \xc2\xa0\n")),
             "error", "white space"),
    BadInput("random binary", _binary, "error", "binary"),
    BadInput("random bytes without NUL", _random_no_nul, "error", "binary|decoded|as-of"),
    BadInput("truncated UTF-8", _truncated, "warning", "middle of a UTF-8 character"),
    BadInput("UTF-16 (read fine)", _utf16, "ok", "stored", check=_utf16_read),
    BadInput("legacy single-byte text", _legacy, "warning", "Windows-1252|Latin-1"),
    BadInput("50 MB file", _big, "error", "limit", seconds=5),
    BadInput("HTML with scripts and no article", lambda f, d: _ingest(_file(f, "page.html", SCRIPT_PAGE)),
             "error", "no readable text|as-of"),
    BadInput("Markdown of only headings",
             lambda f, d: _ingest(_file(f, "heads.md", b"# Brief\n\n## Background\n\n### Notes\n")),
             "error", "as-of"),
    BadInput("Markdown of only headings, with --as-of",
             lambda f, d: ["ingest", "--brief", "bad", "--as-of", "2020-04-04",
                           str(_file(f, "heads.md", b"# Brief\n\n## Background\n\n### Notes\n"))],
             "warning", "no events, counts or paragraphs"),
    BadInput("impossible date (31 February 20)", _impossible_date, "warning", "impossible date",
             check=_event_dates_null_where_impossible),
    BadInput("edition dated in the future", _future, "warning", "in the future"),
    BadInput("--as-of that is not a date", lambda f, d: ["ingest", "--brief", "bad", "--as-of", "2020-02-30",
                                                          str(_good(f))], "error", "not a date"),
    BadInput("brief name with odd characters", lambda f, d: _ingest(_good(f), brief="Ir@q / ../Brief \u2603"),
             "error", r"not a slug.*try 'ir-q-brief'"),
    BadInput("brief name that climbs folders", lambda f, d: _ingest(_good(f), brief="../../etc"),
             "error", "not a slug"),
    BadInput("brief name with no letters", lambda f, d: _ingest(_good(f), brief="\u2603 ./"),
             "error", "brief name"),
    BadInput("brief name with dots and underscores", lambda f, d: _ingest(_good(f), brief="iraq_2020.v2"),
             "ok", r"stored\s+iraq_2020\.v2 #1"),
    BadInput("database in a missing directory",
             lambda f, d: ["--db", str(f / "no" / "such" / "t.db"), *_ingest(_good(f))],
             "error", "does not exist", own_db=True),
    BadInput("database in a read-only directory", _read_only_db, "error", "not writable|unable to open",
             own_db=True),
    BadInput("database path is a directory", lambda f, d: ["--db", str(f), *_ingest(_good(f))],
             "error", "directory", own_db=True),
    BadInput("PostgreSQL that does not answer",
             lambda f, d: ["--db", f"postgresql://tracker:{PASSWORD}@127.0.0.1:1/tracker", *_ingest(_good(f))],
             "error", "127.0.0.1", own_db=True, seconds=10),
    BadInput("PostgreSQL that does not answer (read command)",
             lambda f, d: ["--db", f"postgresql+psycopg://tracker:{PASSWORD}@127.0.0.1:1/tracker", "log"],
             "error", "127.0.0.1", own_db=True, seconds=10),
)


@dataclass
class BadInputOutcome:
    name: str
    ok: bool
    problems: list[str]
    stderr: str
    seconds: float


def _counts(store: Any) -> tuple[int, int]:
    from sqlalchemy import func, select

    from tracker.store import schema as t

    with store.read() as conn:
        return (conn.scalar(select(func.count()).select_from(t.editions)),
                conn.scalar(select(func.count()).select_from(t.log)))


def run_bad_input(case: BadInput, db: str, folder: Path) -> BadInputOutcome:
    """Run one case through the CLI (in process, click's runner) against `db` (a store that
    exists) and check the contract: the outcome, one clear line, no traceback, no password,
    store untouched on errors, verify clean."""
    from click.testing import CliRunner

    from tracker.cli import cli

    folder.mkdir(parents=True, exist_ok=True)
    args = case.make(folder, db)
    if not case.own_db:
        args = ["--db", db, *args]
    store = _open(db)
    before = _counts(store)
    start = time.monotonic()
    env = {"TRACKER_DEBUG": None, "TRACKER_MAX_BYTES": None, "NO_COLOR": "1"}
    result = CliRunner().invoke(cli, args, env=env)
    seconds = time.monotonic() - start
    err, out = result.stderr, result.stdout
    problems = []
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        problems.append("exception escaped: " + "".join(
            traceback.format_exception_only(type(result.exception), result.exception)).strip())
    if "Traceback" in err + out or "internal error" in err:
        problems.append("a traceback or internal error reached the user")
    if PASSWORD in err + out:
        problems.append("the password was printed")
    if seconds > case.seconds:
        problems.append(f"took {seconds:.1f}s (limit {case.seconds:.0f}s)")
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    others = [line for line in err.splitlines() if line.strip() and not line.startswith(("error:", "warning:"))]
    if others:
        problems.append(f"stray stderr: {others[0][:120]}")
    pattern = re.compile(case.expect, re.I)
    if case.outcome == "error":
        if result.exit_code in (0, 70):
            problems.append(f"exit code {result.exit_code}")
        if len(errors) != 1 or not pattern.search(errors[0] if errors else ""):
            problems.append(f"expected one error line matching {case.expect!r}, got {err.strip()[:200]!r}")
    else:
        if result.exit_code != 0 or errors:
            problems.append(f"exit {result.exit_code}, errors {errors[:2]}")
        where = "\n".join(line for line in err.splitlines() if line.startswith("warning:")) \
            if case.outcome == "warning" else out
        if not pattern.search(where):
            problems.append(f"expected {case.outcome} matching {case.expect!r}; stdout {out[:150]!r} stderr {err[:150]!r}")
    after = _counts(store)
    if case.outcome == "error" and after != before:
        problems.append(f"store changed: {before} -> {after}")
    if case.outcome != "error" and after[0] != before[0] + 1:
        problems.append(f"expected one edition stored: {before} -> {after}")
    if case.check is not None and case.outcome != "error":
        problem = case.check(store)
        if problem:
            problems.append(problem)
    report = verify(store)
    if not report.ok:
        problems.append("verify: " + "; ".join(report.problems[:2]))
    store.close()
    if case.own_db and case.name.startswith("database in a") and list((folder / "no").glob("**/*.db")):
        problems.append("a database file was created")
    return BadInputOutcome(case.name, not problems, problems, err.strip(), seconds)


def run_bad_inputs(db: str, workdir: Path, *, own_db: bool = True) -> list[BadInputOutcome]:
    from tracker.store.store import open_store

    open_store(db, create=True).close()
    return [run_bad_input(case, db, workdir / f"bad{i}") for i, case in enumerate(BAD_INPUTS)
            if own_db or not case.own_db]


# -- fuzz --------------------------------------------------------------------------------------

TRICKY = ("31 February 20", "29 February 2021", "2020-13-45", "99/99/9999", "00/00/0000", "Dec. 32, 2021",
          "March 0, 2020", "17 March 20", "March 17, 2020", "17/03/2020", "2020-03-17", "As of April 11, 2020,",
          "as at 1 May 2021", "Updated: 2 June 2020", "[999999999]", "[0]", "[^1]:", "[1]: http://x",
          "((((((", "))))", "known as", "also known as (", "1e308 bases", "-5 bases", "0 bases have been",
          "10000000000000000000000 bases have been transferred", "Five-hundred", "About 450",
          "one thousand and one", "al-", "Al ", "K-1 airbase", "Camp", "base", "air base", "airfield",
          "<script>alert(1)</script>", "<!--", "-->", "]]>", "&#0;", "&#x110000;", "&amp;", "<li>", "</ol>",
          "<h1>", "**Bold:**", "#######", "> quote", "|a|b|", "```", "* * *", "1.", "2)", "- ", "\u2022 ",
          "\u00a0", "\u200b", "\u202e", "\ufeff", "\ufffd", "\u0301", "\U0001f4a5", "\x00", "\x07", "\r",
          "\t", "\n\n", "\u2028", "Notes", "References", "Please enter your comment!", "Share this")
ALPHABET = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ 0123456789 .,;:()[]-/\n\u00e9\u00fc\u0627\u0644\u4e2d\u2013\u2019"


def fuzz_inputs(seed: int, n: int) -> Iterator[tuple[bytes, str]]:
    """n (bytes, filename) pairs: brief-like editions in the three formats, mutated."""
    rng = random.Random(seed)
    for i in range(n):
        yield fuzz_input(rng, i)


def fuzz_input(rng: random.Random, i: int = 0) -> tuple[bytes, str]:
    roll = rng.random()
    if roll < 0.04:
        return rng.randbytes(rng.randrange(0, 600)), rng.choice(("x.txt", "x.md", "x.html", "x"))
    if roll < 0.10:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 400))).encode(), "x.txt"
    text_ = edition_text(f"fuzz-{rng.random()}", size=rng.randrange(0, 12))
    fmt = rng.choice(("txt", "txt", "md", "html"))
    if fmt == "md":
        text_ = re.sub(r"^(Background|Recent Developments|Where will these troops go):", r"## \1\n\n", text_, flags=re.M)
        text_ = "# " + text_
    elif fmt == "html":
        paras = "".join(f"<p>{p}</p>" if not re.match(r"\d+\.", p) else
                        "<ol>" + "".join(f"<li>{li.split('. ', 1)[-1]}</li>" for li in p.splitlines()) + "</ol>"
                        for p in text_.split("\n\n"))
        text_ = f"<html><body><nav>Home</nav><article>{paras}</article><footer>x</footer></body></html>"
    for _ in range(rng.randrange(0, 5)):
        text_ = _mutate_text(rng, text_)
    encoding = rng.choice(("utf-8",) * 6 + ("utf-16", "utf-8-sig", "cp1252", "latin-1", "utf-16-be"))
    data = text_.encode(encoding, errors="replace")
    for _ in range(rng.choice((0, 0, 0, 1, 3))):
        if data:
            pos = rng.randrange(len(data))
            data = data[:pos] + bytes([rng.randrange(256)]) + data[pos + 1:]
    if rng.random() < 0.05 and data:
        data = data[: rng.randrange(len(data))]
    return data, f"fuzz{i}.{fmt}"


def _mutate_text(rng: random.Random, s: str) -> str:
    if not s:
        return rng.choice(TRICKY)
    op = rng.randrange(7)
    a = rng.randrange(len(s))
    b = min(len(s), a + rng.randrange(1, 200))
    if op == 0:
        return s[:a] + s[b:]  # delete a span
    if op == 1:
        return s[:b] + s[a:b] * rng.randrange(1, 4) + s[b:]  # repeat a span
    if op == 2:
        return s[:a] + rng.choice(TRICKY) + s[a:]  # insert a tricky token
    if op == 3:
        lines = s.split("\n")
        rng.shuffle(lines)
        return "\n".join(lines)
    if op == 4:
        return s[:a] + "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 30))) + s[a:]
    if op == 5:
        return s.swapcase() if rng.random() < 0.5 else s.replace(" ", rng.choice(("\u00a0", "  ", "\t", "")))
    return re.sub(r"\d+", lambda m: str(rng.choice((0, 31, 99, 2099, 10**12, int(m.group()) + 1))), s, count=3)


@dataclass
class FuzzResult:
    inputs: int = 0
    parsed: int = 0
    input_errors: int = 0
    exceptions: int = 0
    violations: int = 0
    samples: list[str] = field(default_factory=list)
    slowest: float = 0.0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.exceptions or self.violations)


def check_parse_and_diff(data: bytes, filename: str, previous: Any = None) -> tuple[Any, list[str]]:
    """The properties: parse raises nothing but InputError; a snapshot survives its JSON round
    trip; diff(a, a) is empty; diff(previous, a) and diff(a, previous) do not raise."""
    from tracker.diff import compare, summary_line
    from tracker.errors import InputError
    from tracker.canonical import canonical_json
    from tracker.model import Snapshot
    from tracker.parse.parser import parse_bytes

    try:
        snap = parse_bytes(data, filename)
    except InputError:
        return None, []
    problems = []
    if Snapshot.from_dict(json.loads(canonical_json(snap.to_dict()))) != snap:
        problems.append("snapshot changes in its JSON round trip")
    same = compare(snap, snap)
    if same:
        problems.append(f"diff(a, a) is not empty: {same[0].to_dict()}")
    if previous is not None:
        summary_line(compare(previous, snap))
        compare(snap, previous)
    return snap, problems


def run_fuzz(n: int, seed: int = 0, seconds: float = 0) -> FuzzResult:
    result = FuzzResult()
    start = time.monotonic()
    previous = None
    for data, filename in fuzz_inputs(seed, n):
        if seconds and time.monotonic() - start > seconds:
            break
        result.inputs += 1
        t0 = time.monotonic()
        try:
            snap, problems = check_parse_and_diff(data, filename, previous)
        except Exception as exc:  # noqa: BLE001 - counting them is the point
            result.exceptions += 1
            if len(result.samples) < 5:
                result.samples.append(f"{filename} ({len(data)} bytes): {type(exc).__name__}: {exc}"[:300])
            continue
        result.slowest = max(result.slowest, time.monotonic() - t0)
        if snap is None:
            result.input_errors += 1
            continue
        result.parsed += 1
        previous = snap
        if problems:
            result.violations += 1
            if len(result.samples) < 5:
                result.samples.append(f"{filename}: {problems[0]}"[:300])
    result.seconds = time.monotonic() - start
    return result


# -- the command ---------------------------------------------------------------------------------


@dataclass
class EngineRun:
    engine: str
    concurrency: ConcurrencyResult | None = None
    crash: CrashResult | None = None
    tamper: TamperResult | None = None
    bad: list[BadInputOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the harness itself failing
    seconds: float = 0.0


def run_engine(target: Target, args: argparse.Namespace, log: Callable[[str], None]) -> EngineRun:
    run = EngineRun(target.engine_name)
    start = time.monotonic()
    work = target.workdir
    steps: list[tuple[str, Callable[[], None]]] = []
    if args.writers and args.editions:
        def concurrency() -> None:
            run.concurrency = run_concurrency(target.fresh("concurrency"), work / "concurrency",
                                              writers=args.writers, editions=args.editions)
        steps.append(("concurrency", concurrency))
    if args.kill_trials:
        def crash() -> None:
            run.crash = run_crash(target.fresh("crash"), work / "crash", trials=args.kill_trials,
                                  files=args.files, seed=args.seed, seconds=args.seconds)
        steps.append(("kill -9", crash))
    if not args.no_tamper:
        def tamper() -> None:
            from tracker.store.store import open_store

            store = open_store(target.fresh("tamper"), create=True)
            try:
                run.tamper = run_tamper(store)
            finally:
                store.close()
        steps.append(("tamper", tamper))
    if not args.no_bad_input:
        def bad() -> None:
            run.bad = run_bad_inputs(target.fresh("bad-input"), work / "bad-input",
                                     own_db=not target.is_pg)
        steps.append(("bad input", bad))
    for name, step in steps:
        log(f"[{target.engine_name}] {name} ...")
        t0 = time.monotonic()
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - reported in the table, not a traceback
            run.errors.append(f"{name}: {type(exc).__name__}: {exc}")
            if os.environ.get("TRACKER_DEBUG"):
                raise
        log(f"[{target.engine_name}] {name} done in {time.monotonic() - t0:.1f}s")
    run.seconds = time.monotonic() - start
    return run


def table(runs: list[EngineRun], fuzz: FuzzResult | None) -> str:
    """The figures, one column per engine."""
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, get: Callable[[EngineRun], str]) -> None:
        rows.append((label, [get(r) for r in runs]))

    def c(r: EngineRun, f: Callable[[ConcurrencyResult], Any]) -> str:
        return "-" if r.concurrency is None else str(f(r.concurrency))

    def k(r: EngineRun, f: Callable[[CrashResult], Any]) -> str:
        return "-" if r.crash is None else str(f(r.crash))

    row("writers x editions (+1 re-ingester)", lambda r: c(r, lambda x: f"{x.writers} x {x.editions}"))
    row("editions expected / stored", lambda r: c(r, lambda x: f"{x.expected} / {x.stored}"))
    row("lost", lambda r: c(r, lambda x: x.lost))
    row("duplicated", lambda r: c(r, lambda x: x.duplicated))
    row("numbers gapless", lambda r: c(r, lambda x: "yes" if x.gapless else "NO"))
    row("re-ingested, reported unchanged", lambda r: c(r, lambda x: x.reingested))
    row("errors reaching the user", lambda r: c(r, lambda x: len(x.user_errors)))
    row("verify after writers", lambda r: c(r, lambda x: "ok" if x.verify_ok else "FAILED"))
    row("concurrency wall time", lambda r: c(r, lambda x: f"{x.seconds:.1f}s"))
    row("kill -9 trials (killed mid-run)", lambda r: k(r, lambda x: f"{x.trials} ({x.killed_mid_run})"))
    row("verify failures after kill", lambda r: k(r, lambda x: x.verify_failures))
    row("partial editions", lambda r: k(r, lambda x: x.partial))
    row("reported stored but missing", lambda r: k(r, lambda x: x.reported_missing))
    row("re-runs not completing", lambda r: k(r, lambda x: x.rerun_incomplete))
    row("tamper cases tried / detected", lambda r: "-" if r.tamper is None else
        f"{r.tamper.tried} / {r.tamper.detected}")
    row("first bad edition named", lambda r: "-" if r.tamper is None else
        "{} / {}".format(sum(1 for x in r.tamper.cases if x.named), sum(1 for x in r.tamper.cases if x.named is not None)))
    row("verify clean after each undo", lambda r: "-" if r.tamper is None else
        f"{sum(x.restored for x in r.tamper.cases)} / {r.tamper.tried}")
    row("bad inputs tried / clean", lambda r: f"{len(r.bad)} / {sum(b.ok for b in r.bad)}" if r.bad else "-")
    if fuzz is not None:
        shared = f"{fuzz.inputs} ({fuzz.parsed} parsed, {fuzz.input_errors} InputError)"
        rows.append(("fuzz inputs tried (engine-free)", [shared] + [""] * (len(runs) - 1)))
        rows.append(("fuzz property violations", [str(fuzz.violations)] + [""] * (len(runs) - 1)))
        rows.append(("slowest parse", [f"{fuzz.slowest * 1000:.0f} ms"] + [""] * (len(runs) - 1)))
    row("exceptions", lambda r: str(len(r.errors) + sum(
        1 for b in r.bad if any(p.startswith(("exception", "a traceback")) for p in b.problems))
        + (fuzz.exceptions if fuzz is not None and r is runs[0] else 0)))
    row("wall time", lambda r: f"{r.seconds:.0f}s")
    width = max(len(label) for label, _ in rows) + 2
    cols = [max([len(r.engine)] + [len(v[i]) for _, v in rows]) + 2 for i, r in enumerate(runs)]
    lines = [" " * width + "".join(r.engine.ljust(w) for r, w in zip(runs, cols))]
    lines += [label.ljust(width) + "".join(v.ljust(w) for v, w in zip(values, cols)) for label, values in rows]
    return "\n".join(line.rstrip() for line in lines)


def problems_of(runs: list[EngineRun], fuzz: FuzzResult | None) -> list[str]:
    out = []
    for r in runs:
        tag = f"[{r.engine}]"
        out += [f"{tag} harness: {e}" for e in r.errors]
        if r.concurrency and not r.concurrency.ok:
            out += [f"{tag} concurrency: {e}" for e in r.concurrency.user_errors[:5]] or [f"{tag} concurrency failed"]
        if r.crash and not r.crash.ok:
            out += [f"{tag} kill -9: {p}" for p in r.crash.problems[:5]]
        if r.tamper:
            out += [f"{tag} tamper: {c.name}: detected={c.detected} named={c.named} restored={c.restored} {c.detail}"
                    for c in r.tamper.cases if not (c.detected and c.named is not False and c.restored)]
        out += [f"{tag} bad input {b.name!r}: {'; '.join(b.problems)}" for b in r.bad if not b.ok]
    if fuzz is not None:
        out += [f"fuzz: {s}" for s in fuzz.samples]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tracker.stress",
        description="Concurrency, kill -9, tamper, bad-input and fuzz loops; prints a table of figures.")
    parser.add_argument("--db", help="SQLite file path (one fresh file per loop is made beside it) "
                                     "or PostgreSQL URL (one fresh schema per loop); default: a temporary folder")
    parser.add_argument("--pg", metavar="URL", help="also run on this PostgreSQL database (fresh schemas, dropped after)")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--editions", type=int, default=20, help="distinct editions per writer")
    parser.add_argument("--kill-trials", type=int, default=50)
    parser.add_argument("--files", type=int, default=10, help="files per killed ingest")
    parser.add_argument("--fuzz", type=int, default=10_000, help="fuzz inputs (0: none)")
    parser.add_argument("--seconds", type=float, default=0, help="time budget for each kill -9 and fuzz loop (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-tamper", action="store_true")
    parser.add_argument("--no-bad-input", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the databases and files made")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    temp = Path(tempfile.mkdtemp(prefix="tracker-stress-"))
    targets = []
    if args.db and "://" not in args.db:
        folder = Path(args.db).expanduser().absolute().parent
        folder.mkdir(parents=True, exist_ok=True)
        targets.append(Target(str(folder), Path(tempfile.mkdtemp(prefix=Path(args.db).stem + "-", dir=folder)),
                              keep=True))
    elif args.db:
        targets.append(Target(args.db, temp / "pg-db", args.keep))
    else:
        targets.append(Target("sqlite", temp / "sqlite", args.keep))
    if args.pg:
        targets.append(Target(args.pg, temp / "pg", args.keep))
    runs = []
    try:
        for target in targets:
            target.workdir.mkdir(parents=True, exist_ok=True)
            try:
                runs.append(run_engine(target, args, log))
            finally:
                target.cleanup()
        fuzz = None
        if args.fuzz:
            log(f"fuzz: {args.fuzz} inputs ...")
            fuzz = run_fuzz(args.fuzz, args.seed, args.seconds)
            log(f"fuzz done in {fuzz.seconds:.1f}s")
    finally:
        if not args.keep:
            shutil.rmtree(temp, ignore_errors=True)
    print(table(runs, fuzz))
    problems = problems_of(runs, fuzz)
    if problems:
        print("\nproblems:")
        print("\n".join(f"  - {p}" for p in problems))
        return 1
    print("\nall loops clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
