"""Names of forces and operations that reports write like place names ("the Barkhane camp",
"Wagner left Kidal"): data, not parser code, so a brief about another force needs a line in
`forces.txt` (or in a file named by `TRACKER_FORCE_NAMES`), not a change to the parser.

Read once, at import: a parse is a pure function of the text and this list.
"""

from __future__ import annotations

import os
from pathlib import Path

FORCES_FILE = Path(__file__).with_name("forces.txt")
EXTRA_ENV = "TRACKER_FORCE_NAMES"  # a user's file of more names, the same form


def read_names(text: str) -> frozenset[str]:
    """The names of a force-names file, lower-cased: one a line, '#' starts a comment line."""
    out = set()
    for line in text.splitlines():
        name = line.strip()
        if name and not name.startswith("#"):
            out.add(name.lower())
    return frozenset(out)


def load_force_names(extra: str | None = None) -> frozenset[str]:
    """The shipped names and, when `extra` (default: $TRACKER_FORCE_NAMES) names a readable
    file, its names too. A missing extra file adds nothing: the parser must never fail on it."""
    names = read_names(FORCES_FILE.read_text(encoding="utf-8"))
    path = extra if extra is not None else os.environ.get(EXTRA_ENV)
    if path:
        try:
            names |= read_names(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            pass
    return names


FORCE_NAMES: frozenset[str] = load_force_names()
