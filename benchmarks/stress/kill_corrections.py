"""The kill -9 loop of the corrections: `tracker retract` and `tracker reparse` SIGKILLed at
random moments of their run. Each writes, in one transaction, its record (a retraction, new
readings), the readings an analyst's corrections then call for and a cumulative brief's
fold_states; after each kill `verify` passes and either all of it happened or none, and the
same command run again completes it.

Each trial makes its own briefs: a restating one with an analyst's correction that its second
edition hands on (a retraction of that edition changes the readings after it), and a
cumulative one stored as an older parser read it (a reparse writes a reading of each edition
and the fold; a retraction of its second report refolds the rest)."""

from __future__ import annotations

import random
import signal
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any

from benchmarks.editions import editions
from benchmarks.stress.common import OLD_PARSER, cli_command, cli_env, open_db, store_old_reading
from tracker.audit import verify

@dataclass
class CorrectionCrashResult:
    trials: int = 0  # commands killed (retract and reparse), each checked
    killed_mid_run: int = 0  # ... while still running
    done_before_kill: int = 0  # whose transaction had committed when the kill came
    verify_failures: int = 0
    half_done: int = 0  # a record written without all it calls for, or the reverse
    rerun_incomplete: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.verify_failures or self.half_done or self.rerun_incomplete or self.problems)


def run_correction_crash(db: str, *, trials: int = 10, seed: int = 0, seconds: float = 0) -> CorrectionCrashResult:
    """For each trial: kill a `retract` (of the restating or the cumulative brief, in turn) and
    a `reparse`, check after each kill, re-run, check again."""
    result = CorrectionCrashResult()
    rng = random.Random(seed)
    env = cli_env()
    start = time.monotonic()
    store = open_db(db, create=True)
    try:
        durations = _warm_up(db, store, env)
    finally:
        store.close()
    for trial in range(trials):
        if seconds and time.monotonic() - start > seconds:
            break
        store = open_db(db)
        try:
            restating, cumulative = _make_briefs(store, f"t{seed}x{trial}")
        finally:
            store.close()
        target = restating if trial % 2 == 0 else cumulative
        retract = cli_command(db, "retract", "-b", target, "2", "--reason", "stress: a kill mid-way")
        _trial(db, "retract", target, retract, durations, env, rng, result, trial)
        reparse = cli_command(db, "reparse", "-b", cumulative)
        _trial(db, "reparse", cumulative, reparse, durations, env, rng, result, trial)
    result.seconds = time.monotonic() - start
    return result


def _warm_up(db: str, store: Any, env: dict) -> dict[str, float]:
    """How long each command takes when left alone (on briefs of its own): the kills are
    spread over that time."""
    restating, cumulative = _make_briefs(store, "warm")
    durations = {}
    for kind, command in (("retract", cli_command(db, "retract", "-b", restating, "2", "--reason", "warm-up")),
                          ("reparse", cli_command(db, "reparse", "-b", cumulative))):
        t0 = time.monotonic()
        subprocess.run(command, capture_output=True, env=env, timeout=600, check=True)
        durations[kind] = time.monotonic() - t0
    return durations


def _make_briefs(store: Any, tag: str) -> tuple[str, str]:
    """A restating brief (4 editions, a correction on the 2nd it hands on) and a cumulative one
    (4 reports stored under an older parser's reading); their slugs."""
    from tracker.app.facts import record_correction
    from tracker.app.ingest import ingest

    restating, cumulative = f"r-{tag}", f"c-{tag}"
    texts = list(editions(4, seed=f"kc-{tag}"))
    for as_of, text_ in texts:
        ingest(store, text_.encode(), source=f"{as_of}.txt", brief=restating, filename=f"{as_of}.txt")
    key = store.snapshot(restating, 2).events[0].key
    record_correction(store, restating, "2", "reject", key=key, reason="stress: not a handover", by="stress")
    for as_of, text_ in texts:
        store_old_reading(store, cumulative, text_.encode(), f"{as_of}.txt", mode="cumulative")
    return restating, cumulative


def _trial(db: str, kind: str, brief: str, command: list[str], durations: dict[str, float], env: dict,
           rng: random.Random, result: CorrectionCrashResult, trial: int) -> None:
    where = f"trial {trial} {kind} {brief}"
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    time.sleep(rng.uniform(0.3, 1.0) * durations[kind])  # start-up is most of a run: kill late
    alive = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    result.trials += 1
    result.killed_mid_run += alive and proc.returncode == -signal.SIGKILL
    done = _check(db, kind, brief, where, result)
    result.done_before_kill += bool(done)
    rerun = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    already = kind == "retract" and rerun.returncode == 2 and "already retracted" in rerun.stderr
    if rerun.returncode != 0 and not already:
        result.rerun_incomplete += 1
        result.problems.append(f"{where} re-run: exit {rerun.returncode} {rerun.stderr.strip()[:200]}")
    if _check(db, kind, brief, f"{where} re-run", result) is not True:
        result.rerun_incomplete += 1
        result.problems.append(f"{where} re-run: the {kind} is still not done")


def _check(db: str, kind: str, brief: str, where: str, result: CorrectionCrashResult) -> bool | None:
    """verify passes, and the command's work is all there or none of it: True (done), False
    (not started), None (half done, or verify failed)."""
    store = open_db(db)
    try:
        report = verify(store)
        if not report.ok:
            result.verify_failures += 1
            result.problems.append(f"{where}: verify: {'; '.join(report.problems[:3])}")
            return None
        state = _retract_state(store, brief) if kind == "retract" else _reparse_state(store, brief)
        if state is None:
            result.half_done += 1
            result.problems.append(f"{where}: half done")
        return state
    finally:
        store.close()


def _retract_state(store: Any, brief: str) -> bool | None:
    """Retracted with the readings it calls for (True), not retracted (False), or half (None):
    the analyst's corrections, weighed afresh, must ask for no reading the record lacks."""
    from tracker.app.correcting import resettled

    retracted = 2 in store.retracted(brief)
    return retracted if not resettled(store, brief) else None


def _reparse_state(store: Any, brief: str) -> bool | None:
    """Every edition read again (True), none (False), or some (None)."""
    from tracker.model import PARSER_VERSION

    versions = {store.reading(brief, info.number).parser_version for info in store.editions(brief)}
    if versions == {PARSER_VERSION}:
        return True
    return False if versions == {OLD_PARSER} else None
