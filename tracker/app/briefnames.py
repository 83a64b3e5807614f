"""Which brief an edition goes to, when the user names it and when they leave it out.

Kept apart from ingesting so that every command that takes editions (`ingest`, `watch`,
`brief create`) names briefs by the same rule: a slug as given, else the file's folder
(the snapshots/<brief>/<as-of>.<ext> layout), else the only brief the database holds. A
folder that names no brief, in a database of several, is an error listing them: a file
downloaded into a plain folder must not start a new brief unseen.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tracker.errors import InputError

SLUG = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")


class KnownBriefs:
    """The briefs of the database, read once per batch of editions and kept up to date with
    the briefs the batch starts itself (so a bulk ingest does not ask the store per file)."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self._names: list[str] | None = None

    def names(self) -> list[str]:
        if self._names is None:
            self._names = list(self._store.briefs())
        return self._names

    def add(self, brief: str) -> None:
        if brief not in self.names():
            self.names().append(brief)


def brief_for(store: Any, brief: str | None, filename: str | None,
              known: KnownBriefs | None = None) -> str:
    """The brief an edition goes to.

    Given: validated as a slug (lowercase letters, digits, '.', '_', '-'). Not given: the slug
    of the file's parent folder when it names a brief, or when the database holds at most one
    (the snapshots/<brief>/<as-of>.<ext> layout starts a brief); without a file name, the only
    brief in the database; otherwise an error listing the briefs and naming --brief.
    """
    if brief is not None:
        if not SLUG.fullmatch(brief):
            hint = slugify(brief)
            raise InputError(
                f"brief name {brief!r} is not a slug (lowercase letters, digits, '-', '_', '.')"
                + (f"; try {hint!r}" if hint else "")
            )
        return brief
    known = known or KnownBriefs(store)
    parent = slugify(Path(filename).absolute().parent.name) if filename else ""
    names = known.names()
    if parent and (parent in names or len(names) <= 1):
        known.add(parent)
        return parent
    if not parent and len(names) == 1:
        return names[0]
    listing = ", ".join(names)
    if parent:
        raise InputError(f"its folder {parent!r} names no brief, and the database holds several "
                         f"({listing}): pass --brief SLUG (a new SLUG starts a new brief)")
    where = f" for {filename}" if filename else ""
    if not names:  # a URL or standard input into an empty database: nothing to fall back on
        raise InputError(f"no --brief given{where}, and the database holds no brief yet: "
                         "pass --brief SLUG to start one")
    raise InputError(f"no --brief given{where}, and the database holds several briefs "
                     f"({listing}): pass --brief SLUG")


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:100]
