"""The held-out sets: documents with gold that nobody writing the parser reads, so that their
score estimates how the parser does on text it was never tuned on (rules: benchmarks/README.md).

One list for every tool: `extraction.py` scores a held-out set for totals only (no per-document
table, no error list, no per-document JSON) and `tests/pin_parser.py` pins each set as one
digest. A set becomes development data by leaving this list, after its blind score is recorded
in its README.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELD_OUT: dict[str, Path] = {
    "benchmarks/holdout": HERE / "holdout",
    "benchmarks/holdout-blind-6": HERE / "holdout-blind-6",
}


def held_out_in(paths: Iterable[str | Path]) -> list[str]:
    """The held-out sets that scoring `paths` would read: a path that is a set, lies inside one,
    or holds one (`benchmarks/` itself)."""
    found = []
    for label, folder in HELD_OUT.items():
        for path in paths:
            path = Path(path).resolve()
            if path == folder or folder in path.parents or path in folder.parents:
                found.append(label)
                break
    return found
