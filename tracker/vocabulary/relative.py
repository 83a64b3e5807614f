"""Relative days as reports write them ("on Saturday", "today", "yesterday"), resolved against
the edition's date.

Expressions that name one day are resolved to it: a weekday is the most recent such day on or
before the edition's date (the day itself when they agree), or the next one when the sentence
looks ahead ("will leave on Saturday"). A calendar period named from the edition's date
("last week", "earlier this month", "next year") resolves to the first day of that period,
with its precision (a `tracker.vocabulary.periods.Dated`: "last week" is the Monday of the
week before the edition's). Vaguer ones ("in recent weeks", "a few days ago", "recently")
name neither: they are found, so that no other date is taken for them, and resolve to None. Hand-written rather than a library: measured against dateparser and ctparse
on report sentences, both misread weekdays or invented dates from troop numbers, and cost
milliseconds a sentence where this costs microseconds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tracker.vocabulary.caseless import FOLDS_TO_ASCII
from tracker.vocabulary.periods import Dated

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_PATTERN = re.compile(
    r"\b(?:(?P<weekday>(?:last\s+|this\s+(?:past\s+)?|next\s+|on\s+|late\s+on\s+|early\s+on\s+)?"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?:\s+(?P<part>morning|afternoon|evening|night))?"
    r"|(?P<today>(?:earlier\s+|later\s+)?today|this\s+(?:morning|afternoon|evening)|tonight)"
    r"|(?P<yesterday>yesterday|last\s+night)"
    # "over the weekend", "last weekend": the week that holds that Saturday and Sunday
    r"|(?P<weekend>(?:(?:over|at|during)\s+the|last|this|past|previous|next|coming)\s+weekend)"
    r"|(?P<vague>(?:last|this|next|past|previous|coming)\s+(?:week|month|year)s?"
    r"|earlier\s+(?:this|in\s+the)\s+(?:week|month|year)|in\s+recent\s+(?:days|weeks|months)"
    r"|(?:a\s+few|several|two|three)\s+(?:days|weeks|months)\s+(?:ago|earlier)|recently|overnight)"
    # "at the start of the month", "by the end of last month": a part of the edition's month;
    # "by the end of the week": the edition's week
    r"|(?P<edge>(?:at|by|towards?|around|in)\s+the\s+(?:start|beginning|middle|end)\s+of\s+"
    r"(?:the|this|last|next)\s+(?:month|week)))\b",
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
    if not _may_be_relative(text):
        return []  # most sentences: no search of the big caseless pattern
    anchor = _day(as_of)
    out = []
    for m in _PATTERN.finditer(text):
        iso = None
        if anchor is not None and m.group("edge"):
            iso = _edge(m.group("edge"), anchor)
        elif anchor is not None and m.group("weekend"):
            iso = _weekend(m.group("weekend"), bool(_AHEAD.search(text, max(0, m.start() - 60),
                                                                  m.start())), anchor)
        elif anchor is not None:
            iso = _period(m.group("vague"), anchor) if m.group("vague") else _resolve(m, text, anchor)
        out.append(RelativeDay(m.start(), m.end(), m.group(0), iso))
    return out


# Every expression `_PATTERN` finds holds one of these words, in any case; the only characters
# IGNORECASE matches to an ASCII letter besides that letter's two cases are FOLDS_TO_ASCII.
_NEEDED = ("day", "night", "week", "month", "year", "recent", "this")


def _may_be_relative(text: str) -> bool:
    """Cheap test before `_PATTERN` (searched under IGNORECASE, it is tried at every word)."""
    low = text.lower()
    return any(w in low for w in _NEEDED) or any(c in text for c in FOLDS_TO_ASCII)


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


_PERIOD = re.compile(r"(?:(?P<when>last|this|next|coming)|earlier\s+(?:this|in\s+the)|"
                     r"later\s+this)\s+(?P<unit>week|month|year)$", re.IGNORECASE)


def _period(phrase: str, anchor: dt.date) -> str | None:
    """ "last week": the Monday of the week before the edition's; "earlier this month": the
    edition's month; "next year": the year after; None for what names no period."""
    m = _PERIOD.fullmatch(" ".join(phrase.split()))
    if m is None:
        return None
    step = {"last": -1, "next": 1, "coming": 1}.get((m.group("when") or "").lower(), 0)
    unit = m.group("unit").lower()
    if unit == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
        return Dated(monday.isoformat(), "week")
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + step
        return Dated(f"{index // 12:04d}-{index % 12 + 1:02d}-01", "month")
    return Dated(f"{anchor.year + step:04d}-01-01", "year")


def _weekend(phrase: str, ahead: bool, anchor: dt.date) -> str:
    """ "over the weekend", "last weekend": the latest weekend up to the edition's day (the one
    before it when "last" is said on a Saturday or Sunday); "next weekend", or any weekend a
    sentence looks ahead to, the first one after it. A weekend is told as its week (from the
    Monday before its Saturday), as a part of a week is."""
    word = phrase.lower().split()[0]
    monday = anchor - dt.timedelta(days=anchor.weekday())
    on_weekend = anchor.weekday() >= 5
    back = word in ("last", "past", "previous")
    if word in ("next", "coming"):
        step = 1 if on_weekend else 0
    elif (ahead and not back) or (on_weekend and not back):
        step = 0
    else:
        step = -1
    return Dated((monday + dt.timedelta(weeks=step)).isoformat(), "week")


def _edge(phrase: str, anchor: dt.date) -> str:
    """ "at the start of the month": the early part of the edition's month (its 1st, precision
    part-month); "the middle" is its 11th, "the end" its 21st; "last" / "next" month the one
    before or after; "by the end of the week": that week, from its Monday."""
    words = phrase.lower().split()
    step = -1 if "last" in words else 1 if "next" in words else 0
    if words[-1] == "week":  # a part of a week is told as the week
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
        return Dated(monday.isoformat(), "week")
    index = anchor.year * 12 + anchor.month - 1 + step
    day = 21 if "end" in words else 11 if "middle" in words else 1
    return Dated(f"{index // 12:04d}-{index % 12 + 1:02d}-{day:02d}", "part-month")


def _day(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None
