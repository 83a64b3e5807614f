"""The command: `python -m benchmarks.stress [options]` from the repository root, or
`python benchmarks/stress [options]` from anywhere. Runs the loops on each engine, then the
fuzz loop, and prints one table of figures; exit 0 when every loop is clean."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if not __package__:  # `python benchmarks/stress`: import the package from the repository root
    sys.path[0] = str(Path(__file__).resolve().parents[2])

from benchmarks.stress.bad_input import run_bad_inputs
from benchmarks.stress.common import EngineRun, Target, problems_of, table
from benchmarks.stress.concurrency import run_concurrency
from benchmarks.stress.fuzz import run_fuzz
from benchmarks.stress.kill import run_crash
from benchmarks.stress.kill_corrections import run_correction_crash
from benchmarks.stress.tamper import run_tamper


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
    if args.correction_kills:
        def corrections() -> None:
            run.corrections = run_correction_crash(target.fresh("crash-corrections"), trials=args.correction_kills,
                                                   seed=args.seed, seconds=args.seconds)
        steps.append(("retract/reparse kill -9", corrections))
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
        except Exception as exc:  # reported in the table, not a traceback
            run.errors.append(f"{name}: {type(exc).__name__}: {exc}")
            if os.environ.get("TRACKER_DEBUG"):
                raise
        log(f"[{target.engine_name}] {name} done in {time.monotonic() - t0:.1f}s")
    run.seconds = time.monotonic() - start
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.stress",
        description="Concurrency, kill -9 (ingest; retract and reparse), tamper, bad-input and fuzz loops; "
                    "prints a table of figures.")
    parser.add_argument("--db", help="SQLite file path (one fresh file per loop is made beside it) "
                                     "or PostgreSQL URL (one fresh schema per loop); default: a temporary folder")
    parser.add_argument("--pg", metavar="URL", help="also run on this PostgreSQL database (fresh schemas, dropped after)")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--editions", type=int, default=20, help="distinct editions per writer")
    parser.add_argument("--kill-trials", type=int, default=50)
    parser.add_argument("--files", type=int, default=10, help="files per killed ingest")
    parser.add_argument("--correction-kills", type=int, default=10,
                        help="trials killing a retract and a reparse each (0: none)")
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
