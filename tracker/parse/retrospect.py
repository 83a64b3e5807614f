"""The year a retrospective looks back on, for the days it names without a year.

A feature written on an anniversary ("Forty years on: the week the bases emptied", "Forty years
ago tonight, ...") tells the days of that earlier year without their year ("Luqa followed on 30
March"); read against the edition's date they would land in the edition's own year, decades
late. A careful reader gives them the year the text looks back on.

What counts as looking back: the title or the first paragraph opening on how many years ago,
on or after ("Forty years on", "Fifteen years after Israel left", "The 25th anniversary"), and the
body dating something in the year so reached (a month or a day with that year: "in mid-March
1979"), so that the two agree. Only events whose own sentence names no year and no day counted
from the edition ("today", "this week") take that year; one told in the present keeps its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tracker.vocabulary.dates import MONTH_RE_SOURCE, to_iso
from tracker.vocabulary.numbers import parse_number

# said where the title or the first paragraph opens: what the whole text is about, not an aside
# ("..., ending a drawdown that began three years ago")
_LOOKING_BACK = re.compile(r"\W*(?:(?P<n>\d{1,3}|[A-Za-z]+(?:-[a-z]+)?)\s+years\s+(?:ago|on|after|later)\b"
                           r"|(?:the\s+)?(?P<nth>\d{1,3})(?:st|nd|rd|th)\s+anniversary\b)", re.IGNORECASE)
_DATED_YEAR = re.compile(r"\b" + MONTH_RE_SOURCE + r"\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_ANY_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_FROM_TODAY = re.compile(r"\b(?:today|tonight|yesterday|tomorrow|this\s+(?:week|month|year|morning|"
                         r"evening|afternoon)|last\s+(?:week|month|night)|next\s+(?:week|month))\b",
                         re.IGNORECASE)


def looked_back_year(opening: Sequence[str], body: Sequence[str], as_of: str | None) -> int | None:
    """The year the text looks back on: the edition's year less the years the title or first
    paragraph (`opening`) count back, when the body dates something in that year; else None."""
    if not as_of:
        return None
    years = set()
    for text in opening:
        for m in filter(None, [_LOOKING_BACK.match(text)]):
            n = parse_number(m.group("n")) if m.group("n") else int(m.group("nth"))
            if n and 1 < n < 200:
                years.add(int(as_of[:4]) - n)
    if len(years) != 1:
        return None
    year = years.pop()
    return year if any(int(m.group("y")) == year for text in body for m in _DATED_YEAR.finditer(text)) \
        else None


def in_year_looked_back(events: Sequence[Any], year: int | None, as_of: str | None) -> list[Any]:
    """The events, those dated in the edition's year by a day their sentence gives without a
    year moved to the year the text looks back on."""
    if year is None or not as_of:
        return list(events)
    own = as_of[:4]
    out = []
    for e in events:
        text = e.text or ""
        if e.date and e.date[:4] == own and not _ANY_YEAR.search(text) and not _FROM_TODAY.search(text):
            moved = to_iso(year, int(e.date[5:7]), int(e.date[8:10]))
            if moved:
                e = replace(e, date=moved)
        out.append(e)
    return out
