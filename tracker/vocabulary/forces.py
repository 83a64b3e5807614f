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
    file, its names too. A missing extra file adds nothing: the parser must never fail on it
    (`extra_file_problem` says why, for the one warning line the command line prints)."""
    names = read_names(FORCES_FILE.read_text(encoding="utf-8"))
    path = extra if extra is not None else os.environ.get(EXTRA_ENV)
    if path:
        try:
            names |= read_names(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            pass
    return names


def extra_file_problem(extra: str | None = None) -> str | None:
    """Why the file `extra` (default: $TRACKER_FORCE_NAMES) adds no names, as a few words
    ("no such file", "not UTF-8 text"), or None when it is read or none is named. The parser
    still runs without it; the command line says this once, so a typo in the variable is not
    silently a parse without the user's names."""
    path = extra if extra is not None else os.environ.get(EXTRA_ENV)
    if not path:
        return None
    try:
        Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return "not UTF-8 text"
    except FileNotFoundError:
        return "no such file"
    except IsADirectoryError:
        return "a folder, not a file"
    except OSError as exc:
        return (exc.strerror or type(exc).__name__).lower()
    return None


FORCE_NAMES: frozenset[str] = load_force_names()
