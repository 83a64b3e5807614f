"""Relative days as reports write them ("on Saturday", "today", "yesterday"), resolved against
the edition's date.

Only expressions that name one day are resolved: a weekday is the most recent such day on or
before the edition's date (the day itself when they agree), or the next one when the sentence
looks ahead ("will leave on Saturday"). Vaguer ones ("last week", "earlier this month",
"in recent weeks") name no day: they are found, so that no other date is taken for them, and
resolve to None. Hand-written rather than a library: measured against dateparser and ctparse
on report sentences, both misread weekdays or invented dates from troop numbers, and cost
milliseconds a sentence where this costs microseconds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_PATTERN = re.compile(
    r"\b(?:(?P<weekday>(?:last\s+|this\s+(?:past\s+)?|next\s+|on\s+|late\s+on\s+|early\s+on\s+)?"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?:\s+(?P<part>morning|afternoon|evening|night))?"
    r"|(?P<today>(?:earlier\s+|later\s+)?today|this\s+(?:morning|afternoon|evening)|tonight)"
    r"|(?P<yesterday>yesterday|last\s+night)"
    r"|(?P<vague>(?:last|this|next|past|previous|coming)\s+(?:week|month|year|weekend)s?"
    r"|earlier\s+(?:this|in\s+the)\s+(?:week|month|year)|in\s+recent\s+(?:days|weeks|months)"
    r"|(?:a\s+few|several|two|three)\s+(?:days|weeks|months)\s+(?:ago|earlier)|recently|overnight))\b",
    re.IGNORECASE,
)
_AHEAD = re.compile(r"\b(?:will|shall|is\s+to|are\s+to|to\s+be|due|expected|scheduled|set\s+to|"
                    r"plans?\s+to|planned|next)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RelativeDay:
    """A relative expression in a text: its span and the day it names (None when vague or
    when no edition date is known)."""

    start: int
    end: int
    text: str
    iso: str | None


def find_relative(text: str, as_of: str | None) -> list[RelativeDay]:
    """Every relative day expression in `text`, left to right."""
    anchor = _day(as_of)
    out = []
    for m in _PATTERN.finditer(text):
        iso = None
        if anchor is not None and not m.group("vague"):
            iso = _resolve(m, text, anchor)
        out.append(RelativeDay(m.start(), m.end(), m.group(0), iso))
    return out


def weekday_of(text: str) -> int | None:
    """Monday 0 .. Sunday 6 for a text that names a weekday, else None."""
    low = text.lower()
    return next((i for i, name in enumerate(WEEKDAYS) if name in low), None)


def _resolve(m: re.Match[str], text: str, anchor: dt.date) -> str | None:
    if m.group("today"):
        return anchor.isoformat()
    if m.group("yesterday"):
        return (anchor - dt.timedelta(days=1)).isoformat()
    phrase = m.group("weekday").lower()
    wanted = weekday_of(phrase)
    if wanted is None:
        return None
    back = (anchor.weekday() - wanted) % 7
    clause = text[max(0, m.start() - 60): m.start()]
    if phrase.startswith("next") or (_AHEAD.search(clause) and back):
        return (anchor + dt.timedelta(days=(wanted - anchor.weekday()) % 7 or 7)).isoformat()
    if phrase.startswith("last") and back == 0:
        back = 7
    return (anchor - dt.timedelta(days=back)).isoformat()


def _day(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None
