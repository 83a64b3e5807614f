"""Corrections are gold: `benchmarks/extraction.py --db` scores the current parser against a
database's corrected facts: a rejection the parser still reads is a false positive, an
addition it misses a miss, a field set a field error."""

from __future__ import annotations

import sys
from pathlib import Path

from clihelpers import run

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import corrections_gold  # noqa: E402
import extraction  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "fact-corrections"


def test_corrections_are_gold(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    db = str(tmp_path / "t.db")
    for name in ("2020-04-04.txt", "2020-04-11.txt"):
        run(db, "ingest", "-q", "--brief", "iraq", str(DATA / name))
    run(db, "ingest", "-q", "--brief", "other", str(DATA / "2020-04-04.txt"))  # no corrections: not scored
    run(db, "fact", "reject", "qaim", "--at", "2", "--reason", "not a base", "-b", "iraq")
    run(db, "fact", "set", "qayara", "date", "2020-03-25", "--at", "1", "--reason", "typo", "-b", "iraq")
    run(db, "fact", "set", "taji", "status", "started", "--at", "2", "--reason", "not done", "-b", "iraq")
    run(db, "fact", "add", "--at", "1", "--place", "Sqoor position", "--action", "withdrawal", "--status",
        "completed", "--quote", "the last soldiers are gone from the Sqoor position", "--reason", "missed",
        "-b", "iraq")
    docs, ops = corrections_gold.evaluate_db(db)
    assert [d.name for d in docs] == ["iraq#1", "iraq#2"]
    assert dict(ops) == {"reject": 1, "set": 3, "add": 2}  # each edition's applied corrections
    one, two = docs
    # edition 1: the added Sqoor position is a miss; Qayara's date a field error
    assert (one.gold_events, one.predicted_events, one.lenient_tp, one.dates_right) == (5, 4, 4, 3)
    # edition 2: al-Qaim (rejected) a false positive, Sqoor a miss, Taji's status a field error
    assert (two.gold_events, two.predicted_events, two.lenient_tp) == (4, 4, 3)
    assert (two.dates_right, two.statuses_right) == (2, 2)
    assert extraction.main(["--db", db, "--brief", "iraq"]) == 0
    out = capsys.readouterr().out
    assert "2 corrected editions; corrections applied: 2 add, 1 reject, 3 set" in out
    assert "lenient precision        0.88        7/8" in out and "lenient recall           0.78        7/9" in out
