"""What the stress loops share: the CLI as a subprocess, fresh databases on each engine, the
checks independent of `verify`, dropping and restoring the triggers (what a tamperer does
first), and the table of figures the command prints."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.editions import edition

if TYPE_CHECKING:
    from benchmarks.stress.bad_input import BadInputOutcome
    from benchmarks.stress.concurrency import ConcurrencyResult
    from benchmarks.stress.fuzz import FuzzResult
    from benchmarks.stress.kill import CrashResult
    from benchmarks.stress.kill_corrections import CorrectionCrashResult
    from benchmarks.stress.tamper import TamperResult


def edition_text(tag: str, items: int | None = None, as_of: dt.date | None = None) -> str:
    """One edition from the benchmarks' generator, seeded and titled by `tag` ("Situation brief
    <tag>", so two tags never give the same bytes): its `items` latest dated handovers (default
    sixteen) with footnotes, a headline count of them as of `as_of`, a closing paragraph."""
    return edition(tag, items=items, as_of=as_of, title=f"Situation brief {tag}")


def sha256_file(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- running the command line -------------------------------------------------------------------


def cli_command(db: str, *args: str) -> list[str]:
    """`tracker --db DB ARGS...` as a subprocess of this Python (no console script needed)."""
    return [sys.executable, "-m", "tracker.cli", "--db", db, *args]


def cli_env() -> dict[str, str]:
    """This process's environment for the CLI subprocesses: the same tracker package (from the
    folder that holds the one imported here), no colour, no debug, no default database."""
    import tracker

    env = dict(os.environ)
    root = str(Path(tracker.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["NO_COLOR"] = "1"
    env.pop("TRACKER_DEBUG", None)
    env.pop("TRACKER_DB", None)
    return env


OUTCOME_LINE = re.compile(r"^(stored|unchanged)\s+(\S+) #(\d+)\s+(\S+)\s+(\S+)")


def parse_outcome_lines(text: str) -> list[tuple[str, str]]:
    """(status, path) for every `stored` / `unchanged` line of `tracker ingest` text output."""
    return [(m.group(1), m.group(5)) for m in map(OUTCOME_LINE.match, text.splitlines()) if m]


# -- databases ----------------------------------------------------------------------------------


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


def open_db(db: str, create: bool = False):
    from tracker.store.store import open_store

    return open_store(db, create=create)


OLD_PARSER = "0"  # the parser version `store_old_reading` stores its readings under


def store_old_reading(store: Any, brief: str, data: bytes, name: str, mode: str | None = None) -> None:
    """One edition stored as an older parser read it (its last event missed, parser version
    OLD_PARSER), so that a reparse has a new reading to write."""
    from dataclasses import replace

    from tracker.app.ingest import settle_edition
    from tracker.canonical import sha256_hex
    from tracker.parse import parse_bytes
    from tracker.store.inputs import NewEdition

    snap = parse_bytes(data, name)
    item = NewEdition(brief, data, sha256_hex(data), replace(snap, events=snap.events[:-1]), name, name,
                      parser_version=OLD_PARSER, mode=mode)
    [outcome] = store.write_editions([item], settle_edition)
    if getattr(outcome, "status", None) != "stored":
        raise RuntimeError(f"could not store {brief} {name}: {outcome}")


# -- checks shared by the loops -----------------------------------------------------------------


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


# -- the triggers -------------------------------------------------------------------------------


def drop_triggers(store: Any) -> None:
    """What a tamperer does first."""
    from sqlalchemy import text

    from tracker.audit.verifier import present_triggers
    from tracker.store import schema as t

    with store.engine.begin() as conn:
        if store.dialect == "sqlite":
            for name in sorted(present_triggers(conn, "sqlite")):
                conn.execute(text(f'DROP TRIGGER "{name}"'))  # names read from the database
        else:
            for table in t.IMMUTABLE_TABLES:
                conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))


def restore_triggers(store: Any) -> None:
    from sqlalchemy import text
    from tracker.migrations.triggers import SQLITE_KEYS_HEAD, create_statements

    from tracker.store import schema as t

    with store.engine.begin() as conn:
        for table in t.IMMUTABLE_TABLES:
            if store.dialect == "sqlite":
                for statement in create_statements("sqlite", table, SQLITE_KEYS_HEAD):
                    conn.execute(text(statement))
            else:
                conn.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))


# -- the table of figures -----------------------------------------------------------------------


@dataclass
class EngineRun:
    engine: str
    concurrency: ConcurrencyResult | None = None
    crash: CrashResult | None = None
    corrections: CorrectionCrashResult | None = None  # retract and reparse killed
    tamper: TamperResult | None = None
    bad: list[BadInputOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the harness itself failing
    seconds: float = 0.0



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

    def kc(r: EngineRun, f: Callable[[CorrectionCrashResult], Any]) -> str:
        return "-" if r.corrections is None else str(f(r.corrections))

    row("retract/reparse kill -9 (mid-run)", lambda r: kc(r, lambda x: f"{x.trials} ({x.killed_mid_run})"))
    row("... committed before the kill", lambda r: kc(r, lambda x: x.done_before_kill))
    row("... verify failures after kill", lambda r: kc(r, lambda x: x.verify_failures))
    row("... half done (not all or nothing)", lambda r: kc(r, lambda x: x.half_done))
    row("... re-runs not completing", lambda r: kc(r, lambda x: x.rerun_incomplete))
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
        if r.corrections and not r.corrections.ok:
            out += [f"{tag} retract/reparse kill -9: {p}" for p in r.corrections.problems[:5]]
        if r.tamper:
            out += [f"{tag} tamper: {c.name}: detected={c.detected} named={c.named} restored={c.restored} {c.detail}"
                    for c in r.tamper.cases if not (c.detected and c.named is not False and c.restored)]
        out += [f"{tag} bad input {b.name!r}: {'; '.join(b.problems)}" for b in r.bad if not b.ok]
    if fuzz is not None:
        out += [f"fuzz: {s}" for s in fuzz.samples]
    return out

