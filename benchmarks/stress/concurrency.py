"""The concurrency loop: N writer processes through the CLI, plus one re-ingesting; nothing
lost, nothing stored twice, numbers gapless, `verify` clean, no error reaching a user."""

from __future__ import annotations

import json
import random
import subprocess
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.editions import write_editions
from benchmarks.stress.common import (
    cli_command,
    cli_env,
    open_db,
    sha256_file,
    stored_editions,
)
from tracker.audit import verify


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
    editions stored before the writers started and, meanwhile, the writers' own files. Each
    writer's files are a series of the benchmarks' generator, seeded apart from the others'."""
    result = ConcurrencyResult(writers, editions)
    start = time.monotonic()
    env = cli_env()
    tag = uuid.uuid4().hex[:6]
    pre = write_editions(workdir / "pre", 3, seed=f"pre{tag}")
    done = subprocess.run(cli_command(db, "ingest", "--brief", brief, "--format", "json", *map(str, pre)),
                          capture_output=True, text=True, env=env, timeout=timeout)
    if done.returncode != 0:
        result.user_errors.append(f"initial ingest: {done.stderr.strip() or done.stdout[-200:]}")
        return result
    files = [write_editions(workdir / f"w{w}", editions, seed=f"w{w}{tag}") for w in range(writers)]
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
    store = open_db(db)
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

