"""The kill -9 loop: a bulk `tracker ingest` SIGKILLed at random moments; after each kill
`verify` passes, nothing reported is missing, nothing is half-written, and the same command
run again completes the rest."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.editions import write_editions
from benchmarks.stress.common import (
    cli_command,
    cli_env,
    open_db,
    parse_outcome_lines,
    partial_editions,
    sha256_file,
    stored_editions,
)
from tracker.audit import verify


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
        paths = write_editions(workdir / f"trial{trial}", files, seed=f"k{seed}t{trial}")
        command = cli_command(db, "ingest", "--brief", brief, *map(str, paths))
        reported, killed, gap = _kill_once(command, env, rng, files, gap)
        result.trials += 1
        result.killed_mid_run += killed
        _check_after_kill(db, brief, trial, reported, result)
        rerun = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
        outcomes = dict((path, status) for status, path in parse_outcome_lines(rerun.stdout))
        where = f"trial {trial} re-run"
        errors = [line for line in rerun.stderr.splitlines() if not line.startswith("warning:")]
        if rerun.returncode != 0 or errors:  # a warning about an edition's content is no failure
            result.rerun_incomplete += 1
            result.problems.append(f"{where}: exit {rerun.returncode} {' '.join(errors)[:200]}")
        elif any(outcomes.get(path) != "unchanged" for path in reported):
            result.rerun_incomplete += 1
            result.problems.append(f"{where}: an edition stored before the kill was not reported unchanged")
        elif len(outcomes) != files:
            result.rerun_incomplete += 1
            result.problems.append(f"{where}: {len(outcomes)} of {files} files reported")
        store = open_db(db)
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
        store = open_db(db)
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

