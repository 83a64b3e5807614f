"""Smoke test of the benchmark: `benchmarks/run.py --quick` runs end to end and prints its table.

No timing is asserted here (figures depend on the machine); the benchmark itself shows targets.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_quick_benchmark_runs_and_prints_table(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(out)],
        cwd=tmp_path, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    header = proc.stdout.splitlines()[0]
    for column in ("measure", "value", "target", "result"):
        assert column in header
    for section in ("1", "2", "3", "4", "5"):
        assert any(line.startswith(f"{section}  ") for line in proc.stdout.splitlines()), section
    assert out.exists()


def test_generator_is_deterministic_and_sized() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import editions

    first = list(editions.editions(40))
    again = list(editions.editions(40))
    assert first == again
    days = [as_of for as_of, _ in first]
    assert days == sorted(days) and len(set(days)) == len(days)
    assert all(5_000 <= len(text.encode()) <= 10_000 for _, text in first)
    assert "bases have been transferred." in first[0][1]
