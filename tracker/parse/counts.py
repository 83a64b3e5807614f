"""Counts checked against lists: a warning when a count of places an edition states ("six bases")
matches neither the items it lists nor those of them completed, and the same check of a
cumulative brief's counts against the compiled facts.

Input: `Count`s (read by `tallies`) and the events listed or compiled. Output: warnings. It
must not read text: a new way a tally is written belongs in `tallies`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.model import Count, Event
from tracker.vocabulary.site_nouns import SITE_NOUNS


def disagrees(subject: str | None, value: int | None, listed: int, completed: int) -> bool:
    """Whether a count of places ("six bases") matches neither the items an edition lists nor
    those of them completed; a count of anything else (troops) is never compared."""
    return bool(listed) and subject in SITE_NOUNS and value not in (listed, completed)


def count_warnings(counts: Sequence[Count], events: Sequence[Event]) -> list[str]:
    """A warning for each count of places that disagrees with the items the edition lists."""
    out = []
    if not events:
        return out
    done = sum(1 for e in events if e.status == "completed")
    for c in counts:
        if holds(c):
            continue
        if disagrees(c.subject, c.value, len(events), done):
            out.append(f"count {c.key!r} says {c.value} but {len(events)} "
                       f"{'item is' if len(events) == 1 else 'items are'} listed")
    return out


def holds(count: Count) -> bool:
    """Whether a count tells the places still held ("One site remains open", key
    "sites-remaining"): what is left is no count of the handovers listed beside it."""
    return count.key.endswith("-remaining") or "-remaining-" in count.key


_LISTED_WARNING = re.compile(r"count '.*' says -?\d+ but \d+ items? (is|are) listed")


def is_listed_count_warning(warning: str) -> bool:
    """Whether a parse warning is the one-report check of a count against its own list (made
    by `count_warnings`): meaningless for a report of a cumulative brief, which lists only
    what is new."""
    return _LISTED_WARNING.fullmatch(warning) is not None


def counts_places(counts: Sequence[Count]) -> bool:
    """Whether any of the counts is one of places, the only kind checked against a list."""
    return any(c.subject in SITE_NOUNS for c in counts)


def compiled_count_warnings(counts: Sequence[Count], compiled: int, completed: int) -> list[str]:
    """The check of a cumulative brief's counts against the compiled facts (every report so
    far), not against the few items the report itself lists."""
    return [f"count {c.key!r} says {c.value} but the compiled brief has {compiled} "
            f"{'item' if compiled == 1 else 'items'} ({completed} completed)"
            for c in counts if not holds(c) and disagrees(c.subject, c.value, compiled, completed)]
