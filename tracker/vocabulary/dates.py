"""Dates as briefs write them, found inside sentences, with their spans.

Regular expressions only (compiled once at import): the date-parsing libraries measured
(dateparser, ctparse) either invented years ("As of April 11, 2020" -> 2026) or read "[3]" as a
date. A date the text does not fully give is reported as partial and never turned into an
ISO date by guessing; an impossible one ("31 February 20") becomes a warning, never an
exception.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from tracker.memo import remembered
from tracker.vocabulary.caseless import FOLDS_TO_ASCII, CaselessPattern
from tracker.vocabulary.periods import Dated, period_start

__all__ = ["DateMatch", "find_dates", "first_date", "parse_date", "to_iso", "MONTHS", "MONTH_RE_SOURCE", "is_dateline"]

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Lower-case "may"/"march"/"mar" are verbs far more often than months.
_VERB_LIKE = {"may", "march", "mar"}

# The month names as a trie (longest form tried first, as in a longest-first alternation):
# the engine rejects a word after one or two letters instead of trying 23 alternatives.
MONTH_RE_SOURCE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun[e]?|jul[y]?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_ORD = r"(?:st|nd|rd|th)?"
# A trailing two-digit year must not be the start of a personnel figure ("4 April 20 troops").
_NOT_PERSONNEL = (
    r"(?!\s+(?:troops|soldiers|personnel|marines|servicemembers|service\s+members|"
    r"contractors|staff|men|women|people|members|advisers|advisors|trainers|civilians)\b)"
)
_YEAR = r"(?:(?:1[89]|20)\d{2}(?!\d)|\d{2}(?![\d,.:/-]\d)" + _NOT_PERSONNEL + r"(?!\d))"

_FORMS = (
    r"(?<![\w/.-])(?:"
    # 2020-03-17
    r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?![\d-])"
    # 17/03/2020, 17.03.20, 17-03-2020
    r"|(?P<na>\d{1,2})(?P<sep>[/.-])(?P<nb>\d{1,2})(?P=sep)(?P<ny>\d{4}|\d{2})(?![\d/.-]\d)"
    # [on] the 4th of April 2020, 17 March 20, 17-Mar-2020, 3rd Sept., 2020
    r"|(?:the\s+)?(?P<dd>\d{1,2})" + _ORD + r"(?:\s+of)?[\s-]+(?P<dm>" + MONTH_RE_SOURCE + r")\.?"
    r"(?:(?:,\s*|\s+|-)(?P<dy>" + _YEAR + r"))?"
    # March 17, 2020, Dec. 14, 2021, Sept 3rd 2020
    r"|(?P<mm>" + MONTH_RE_SOURCE + r")\.?\s+(?:the\s+)?(?P<md>\d{1,2})" + _ORD + r"(?![\d,]\d)"
    r"(?:,?\s+(?P<my>" + _YEAR + r"))?"
    # June 2014 (partial: month and year only)
    r"|(?P<pm>" + MONTH_RE_SOURCE + r")\.?,?\s+(?P<py>(?:1[89]|20)\d{2})(?!\d)"
    r")(?![\w])"
)
_PATTERN = CaselessPattern(
    # Every form starts with a digit, "the" or a month: one class test rejects other positions.
    re.compile(r"(?=[\dtjfmasondTJFMASOND])" + _FORMS, re.IGNORECASE),
    r"(?=[\dtjfmasond])" + _FORMS)


@dataclass(frozen=True)
class DateMatch:
    """One date found in a text: its span, what it gives, and its ISO form when complete.

    `iso` is None when the date is partial (month and year only, or day and month with no
    year and no as-of date to take one from) or impossible; `warning` then says why for
    impossible dates. `year_inferred` marks a year taken from the edition's as-of date.
    """

    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    iso: str | None
    partial: bool = False
    year_inferred: bool = False
    warning: str | None = None


def to_iso(year: int, month: int, day: int) -> str | None:
    """ISO date, or None when the calendar has no such day."""
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return 2000 + value if len(text) == 2 else value


def _parse_as_of(as_of: str | None) -> _dt.date | None:
    if not as_of:
        return None
    try:
        return _dt.date.fromisoformat(as_of)
    except ValueError:
        return None


def _numeric(a: int, b: int) -> tuple[int, int]:
    """Day-first unless day-first is impossible (17/03 vs 03/17)."""
    if b <= 12 or a > 12:
        return a, b  # day=a, month=b: the default, and what an impossible pair reports
    return b, a


_Raw = tuple  # (start, end, text, groupdict): one regex match, kept apart from any as-of date


def _build(raw: _Raw, as_of: _dt.date | None) -> DateMatch | None:
    start, end, text, g = raw
    partial = False
    inferred = False
    if g["iy"]:
        year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g["na"]:
        a, b = int(g["na"]), int(g["nb"])
        if g["sep"] == "." and len(g["ny"]) == 2 and a > 31:
            return None
        day, month = _numeric(a, b)
        year = _year(g["ny"])
    elif g["dd"]:
        if g["dm"] in _VERB_LIKE:
            return None
        day, month, year = int(g["dd"]), MONTHS[g["dm"].lower()], _year(g["dy"])
    elif g["mm"]:
        if g["mm"] in _VERB_LIKE:
            return None
        day, month, year = int(g["md"]), MONTHS[g["mm"].lower()], _year(g["my"])
    else:
        if g["pm"] in _VERB_LIKE:
            return None
        return DateMatch(start, end, text, int(g["py"]), MONTHS[g["pm"].lower()], None,
                         None, partial=True)
    if year is None:
        year, inferred = _infer_year(month, day, as_of)
        partial = year is None
    if year is None:
        return DateMatch(start, end, text, None, month, day, None, partial=True)
    iso = to_iso(year, month, day) if 1 <= month <= 12 else None
    warning = None if iso else f"impossible date {text!r} ignored"
    return DateMatch(start, end, text, year, month, day, iso, partial=partial,
                     year_inferred=inferred, warning=warning)


def _infer_year(month: int, day: int, as_of: _dt.date | None) -> tuple[int | None, bool]:
    """A day and month with no year: the as-of year, or the year before if that is later."""
    if as_of is None:
        return None, False
    candidate = to_iso(as_of.year, month, day)
    if candidate is not None and candidate > as_of.isoformat():
        return as_of.year - 1, True
    if candidate is None and to_iso(as_of.year - 1, month, day):
        return as_of.year - 1, True
    return as_of.year, True


_DIGIT = re.compile(r"\d")


def find_dates(text: str, *, as_of: str | None = None) -> list[DateMatch]:
    """Every date in `text`, left to right, with spans; partial and impossible ones included."""
    if not text or not _DIGIT.search(text):
        return []  # every form has a digit: most sentences are rejected without the big pattern
    fixed = _fixed(text)
    return list(fixed if fixed is not None else _find_cached(text, as_of))


def dates_stated(text: str) -> bool:
    """Whether `find_dates` gives `text` the same dates whatever the as-of date (each states
    its year, or there is none)."""
    return not text or not _DIGIT.search(text) or _fixed(text) is not None


@remembered(4096)
def _fixed(text: str) -> tuple[DateMatch, ...] | None:
    """The dates of a text none of whose dates hangs on the as-of date (each states its year),
    else None: what `_find` gives it whatever the date, so the next edition of a series,
    under a new as-of date, looks its sentences up instead of reading them again."""
    raws = _raw_cached(text)
    if any(alone is None for _, alone in raws):
        return None
    return tuple(alone for _, alone in raws)


@remembered(1024)
def _find_cached(text: str, as_of: str | None) -> tuple[DateMatch, ...]:
    """The parser asks about the same sentence several times (sections, events, counts)."""
    return tuple(_find(text, as_of))


@remembered(4096)
def _raw_cached(text: str) -> tuple[tuple[_Raw, DateMatch | None], ...]:
    """The regex pass, shared by every as-of date a text is read with."""
    return _raw(text)


def _raw(text: str) -> tuple[tuple[_Raw, DateMatch | None], ...]:
    """Each match, with what it gives when that does not hang on the as-of date (a date that
    states its year, or no date at all); None when the year must come from the as-of date."""
    out = []
    for m in _PATTERN.finditer(text):
        raw = (m.start(), m.end(), m.group(0), m.groupdict())
        alone = _build(raw, None)
        out.append((raw, None if alone is not None and alone.year is None and alone.day else alone))
    return tuple(out)


def _find(text: str, as_of: str | None) -> list[DateMatch]:
    anchor = _parse_as_of(as_of)
    found = []
    for raw, alone in _raw_cached(text):
        dm = alone if alone is not None else _build(raw, anchor)
        if dm is not None:
            found.append(dm)
    return found


def first_date(text: str, *, as_of: str | None = None) -> DateMatch | None:
    """The first complete (ISO) date of a text, if any."""
    for dm in find_dates(text, as_of=as_of):
        if dm.iso:
            return dm
    return None


def parse_date(text: str, *, as_of: str | None = None) -> str | None:
    """ISO form of the first complete date in `text` (e.g. a --as-of option), else None."""
    dm = first_date(text, as_of=as_of)
    return dm.iso if dm else None


_DATELINE = re.compile(
    r"(?:[A-Za-z]+\s+){0,2}?(?:last\s+)?(?:updated|revised|published|dated|as\s+(?:of|at|on))"
    r"(?:\s+on)?[\s:,-]*(?P<date>.{4,40}?)[\s.)]*", re.IGNORECASE)


def is_dateline(text: str) -> bool:
    """A line that only states the edition's date: "As at 14/09/2020", "Status as of 25 January
    2021", "Last updated: 3 May 2021" (at most two words before the date word)."""
    text = text.strip(" *_()[]")
    if len(text) > 70:
        return False
    m = _DATELINE.fullmatch(text)
    if m is None:
        return False
    date = m.group("date").strip(" ,.;:")
    found = find_dates(date)
    return bool(found) and found[0].start == 0 and found[0].end >= len(date) \
        and bool(found[0].iso)


# -- periods: dates less precise than a day --------------------------------------------------------

_Y4 = r"(?:1[89]|20)\d{2}(?![\d-])"
_OF_YEAR = (r"(?:\s+(?:of\s+|in\s+)?(?:(?P<rel>the|this|next|last|the\s+following|the\s+previous)"
            r"\s+year\b|(?:the\s+year\s+)?(?P<y>" + _Y4 + r")))")
_PERIOD = re.compile(
    # every form starts with one of these letters: one class test rejects other positions
    r"(?=[emlbtsfqhwiducoadnjEMLBTSFQHWIDUCOADNJ(12])(?<![\w-])(?:"
    # a year alone in a table row's date column ("Quarry Heights - 1998 - Reverted"): that year
    r"(?<=\s[-–]\s)(?P<cy>(?:19|20)\d\d)(?=\s[-–]\s)|"
    # a month alone in such a column ("Camp Kilo - July - Transferred"): that month
    r"(?<=\s[-–]\s)(?P<cm>" + MONTH_RE_SOURCE + r")\.?(?=\s[-–]\s)|"
    # a month alone in brackets after what it dates: "Camp Kilo (July)", "Camp Lima (Aug.)"
    r"\((?P<brm>" + MONTH_RE_SOURCE + r")\.?\)|"
    # early March, mid-August 2021, late in March, the end of September, the first days of May
    r"(?P<part>(?:early|mid|late)(?:[-\s]+(?:of|in)\b)?|(?:the\s+)?(?:beginning|start|middle|end|"
    r"close)\s+of|\bend(?=[-\s]+" + MONTH_RE_SOURCE + r"\b)|(?:the\s+)?(?:first|opening|last|final|closing)\s+(?:days|week|weeks)\s+of)"
    r"[-\s]+(?P<pm>" + MONTH_RE_SOURCE + r")\.?(?![\w-])"
    r"(?:,?\s+(?P<pmy>" + _Y4 + r")|\s+(?:of\s+)?(?P<pmrel>last|this|next)\s+year\b)?"
    # early 2025, mid-2021, the end of the year, by the end of this year, late next year
    r"|(?P<ypart>(?:early|mid|late)(?:[-\s]+in)?|(?:the\s+)?(?:beginning|start|middle|end|close)\s+of)"
    r"[-\s]+(?:(?P<yrel>the|this|next|last)\s+year\b|(?P<yy>" + _Y4 + r"))"
    r"|(?P<yearend>year[-\s]end\b)"
    # the third quarter (of 2021), Q3 2021, the first half of the year, H2 2020
    r"|(?:the\s+)?(?P<qn>first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s+(?P<unit>quarter|half)\b"
    + r"(?:" + _OF_YEAR + r"|(?!\s+of\b))"
    r"|(?P<qcode>[QH][1-4])(?:(?:\s+of)?\s+(?P<qy>" + _Y4 + r")"
    r"|(?:(?<=\bin\s..)|(?<=\bby\s..)|(?<=during\s..)|(?<=until\s..)|(?<=before\s..))(?![\w-]))"
    # by mid-year: the year, as "mid-2021" is
    r"|(?P<midyear>mid-?year)(?![\w-])"
    # last December, next March, this July: the month's latest, coming or current one
    r"|(?P<mrel>last|next|this)\s+(?P<rm>" + MONTH_RE_SOURCE + r")\.?(?![\w-])(?![\s,.-]*\d)"
    # in March, by June, during 2019, in 2021; "planned for May" (a plan word before "for")
    r"|(?P<prep>in|by|during|until|till|through|throughout|before|around|(?:in|over)\s+the\s+course\s+of|"
    r"(?<=planned\s)for|"
    r"(?<=scheduled\s)for|(?<=set\s)for|(?<=due\s)for|(?<=slated\s)for)\s+"
    r"(?:(?P<bm>" + MONTH_RE_SOURCE + r")\.?(?![\w-])(?![\s,.-]*\d)"
    r"(?:\s+(?:of\s+)?(?P<bmrel>last|this|next)\s+year\b)?|(?P<by>" + _Y4 + r")(?!\s*[-–]\s*\d)"
    + _NOT_PERSONNEL + r")"
    r")",
    re.IGNORECASE,
)
def _part_day(part: str) -> int:
    """The day a part of a month opens on: early 1, mid 11, late 21."""
    if any(w in part for w in ("early", "beginning", "start", "first", "opening")):
        return 1
    return 11 if "mid" in part else 21


_QUARTER_NO = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
               "4th": 4, "last": 4, "final": 4}
_WEEK_OF = re.compile(r"\b(?:the\s+)?week\s+(?:of|beginning|starting|commencing)\s+$", re.IGNORECASE)
# quick test: every period names one of these words, or shows one of these shapes (a year with
# a preposition, a month with a year, a range)
_PERIOD_WORDS = ("early", "mid", "late", "beginning", "start", "middle", "end", "close", "first",
                 "opening", "last", "final", "closing", "quarter", "half", "week")
_PERIOD_SHAPES = (r"\b(?:next|this)\s+[A-Z]|\s[-–]\s(?:19|20)\d\d\s[-–]\s|"
                  r"\s[-–]\s[A-Z][a-z]{2,8}\.?\s[-–]\s|\b(?:between|from)\s+\d|course\s+of|"
                  r"\b[A-Z][a-z]{2,8}\.?,?\s+(?:1[89]|20)\d\d\b|\b[QH][1-4]\b|\b(?:in|by|during|"
                  r"until|till|through|throughout|before|around|(?:planned|scheduled|set|due|slated)\s+for)\s+[A-Z0-9]")
_PERIOD_WORD = re.compile(r"\((?=[A-Z][a-z]{2})|(?i:" + "|".join(_PERIOD_WORDS) + "|" + _PERIOD_SHAPES + ")")
_PERIOD_SHAPE = re.compile(r"\((?=[A-Z][a-z]{2})|(?i:" + _PERIOD_SHAPES + ")")


def _may_name_period(text: str) -> bool:
    """`_PERIOD_WORD`'s answer, cheaper: its words looked for in the lower-cased text first (on
    most sentences one is there), then only its shapes (no word can match where none is in the
    lower-cased text, unless a character that folds to an ASCII letter is in it)."""
    low = text.lower()
    if any(w in low for w in _PERIOD_WORDS):
        return True
    pattern = _PERIOD_WORD if any(c in text for c in FOLDS_TO_ASCII) else _PERIOD_SHAPE
    return pattern.search(text) is not None


@dataclass(frozen=True)
class Period:
    """A date less precise than a day, found in a text: its span, the first day of the period
    it names (a `tracker.vocabulary.periods.Dated`, None when its year is not known), and the
    same period a year later when the year was taken from the edition's date (what a plan
    that lies ahead means)."""

    start: int
    end: int
    text: str
    iso: str | None
    ahead: str | None = None


def find_periods(text: str, *, as_of: str | None = None) -> list[Period]:
    """Every date less precise than a day in `text`, left to right: parts of months ("in late
    March", "mid-August 2021"), months ("in March", "June 2014"), quarters and half-years
    ("the third quarter", "the first half of 2021"), years ("early 2025", "in 2019", "by the
    end of the year") and weeks ("the week of 6 April"). A year not written is the edition's
    (`as_of`); without one, such periods are found with no date. Relative ones ("last week")
    are `tracker.vocabulary.relative`'s."""
    if not text or not _may_name_period(text):
        return []
    return list(_periods_cached(text, as_of))


@remembered(4096)
def _period_matches(text: str) -> tuple[re.Match[str], ...]:
    """The regex pass, shared by every as-of date a text is read with (the next edition repeats
    the sentence under another date)."""
    return tuple(_PERIOD.finditer(text))


@remembered(1024)
def _periods_cached(text: str, as_of: str | None) -> tuple[Period, ...]:
    anchor = _parse_as_of(as_of)
    found: list[Period] = []
    dates = find_dates(text, as_of=as_of)
    for m in _period_matches(text):
        start = m.start("bm") if m.group("bm") else m.start("by") if m.group("by") else \
            m.start("brm") if m.group("brm") else m.start()
        end = m.end("brm") if m.group("brm") else m.end()  # "(July)": the month, not its brackets
        iso, ahead = _period(m, anchor)
        if iso is False:
            continue
        if any(d.day and d.start < m.end() and start < d.end for d in dates):
            continue  # a day written inside: "by 30 June", "in 2020-03-17" are days
        found.append(Period(start, end, text[start:end], iso, ahead))
    for d in dates:  # "the week of 6 April 2020"
        week = _WEEK_OF.search(text, max(0, d.start - 30), d.start)
        spread = _RANGE_BEFORE.search(text, max(0, d.start - 30), d.start) if d.iso else None
        first = int(next(g for g in spread.groups() if g)) if spread else 0
        if spread and d.day and 1 <= first < d.day:
            found.append(Period(spread.start(), d.end, text[spread.start():d.end],
                                _narrowest(d.year, d.month, first, d.day)))
        elif week and d.iso:
            found.append(Period(week.start(), d.end, text[week.start():d.end],
                                Dated(period_start(d.year, d.month, d.day, "week"), "week")))
        elif d.partial and d.year and d.month and not d.day and d.month in range(1, 13) \
                and not any(p.start <= d.start < p.end for p in found):
            found.append(Period(d.start, d.end, d.text, Dated(f"{d.year:04d}-{d.month:02d}-01", "month")))
    return tuple(sorted(found, key=lambda p: p.start))


# the first day of a range of days in one month: "between 1 and 10 December", "from 3 to 5 May"
# (not "on 6 and 16 November": two days)
_RANGE_BEFORE = re.compile(r"\b(?:between\s+(?P<a>\d{1,2})(?:st|nd|rd|th)?\s+and|from\s+(?P<b>\d{1,2})"
                           r"(?:st|nd|rd|th)?\s+(?:to|until|till|through))\s*$", re.IGNORECASE)


def _narrowest(year: int, month: int, first: int, last: int) -> Dated | None:
    """The narrowest period holding the days `first` to `last` of a month: their week, the part
    of the month (early 1-10, mid 11-20, late 21-), else the month."""
    if to_iso(year, month, first) is None:
        return None
    for precision in ("week", "part-month"):
        start = period_start(year, month, first, precision)
        if start == period_start(year, month, last, precision):
            return Dated(start, precision)
    return Dated(f"{year:04d}-{month:02d}-01", "month")


def _period(m: re.Match[str], anchor: _dt.date | None) -> tuple[Any, str | None]:
    """(first day as a Dated, or None when the year is unknown; the same a year ahead), or
    (False, None) for no period (a verb: "in march")."""
    g = m.groupdict()
    month_text = g["pm"] or g["bm"] or g["brm"] or g["rm"] or g["cm"]
    if month_text is not None:
        if month_text in _VERB_LIKE or ((g["bm"] or g["brm"] or g["rm"] or g["cm"])
                                        and not month_text[0].isupper()):
            return False, None
        if g["rm"]:
            return _month_from(MONTHS[month_text.lower().rstrip(".")], g["mrel"].lower(), anchor), None
        month = MONTHS[month_text.lower().rstrip(".")]
        day, precision = 1, "month"
        if g["pm"]:
            day, precision = _part_day(g["part"].lower()), "part-month"
        year = int(g["pmy"]) if g["pmy"] else None
        rel = (g["pmrel"] or g["bmrel"] or "").lower()
        if rel and anchor is not None:
            year = anchor.year + {"last": -1, "next": 1}.get(rel, 0)
        if year is None:
            if anchor is None:
                return None, None
            if month > anchor.month:  # a month still ahead of the edition: last year's, or ahead
                return (Dated(f"{anchor.year - 1:04d}-{month:02d}-{day:02d}", precision),
                        Dated(f"{anchor.year:04d}-{month:02d}-{day:02d}", precision))
            year = anchor.year
        return Dated(f"{year:04d}-{month:02d}-{day:02d}", precision), None
    year = _period_year(g, anchor)
    if year is None:
        return None, None
    if g["ypart"]:
        day = _part_day(g["ypart"].lower())
        if day == 1 and not g["ypart"].lower().startswith("early") \
                and m.string[max(0, m.start() - 3):m.start()].lower() == "by ":
            return Dated(f"{year - 1:04d}-01-01", "year"), None  # "by the start of 2022": in 2021
        if day != 1 and not g["ypart"].lower().startswith("late"):
            return Dated(f"{year:04d}-01-01", "year"), None  # "by the end of the year": the year
        return Dated(f"{year:04d}-{1 if day == 1 else 10:02d}-01", "quarter"), None
    if g["yearend"] or g["by"] or g["cy"] or g["midyear"]:
        return Dated(f"{year:04d}-01-01", "year"), None
    if g["qcode"]:
        n = int(g["qcode"][1])
        if g["qcode"][0].upper() == "H":
            return (Dated(f"{year:04d}-{1 if n == 1 else 7:02d}-01", "half-year"), None) if n <= 2 \
                else (False, None)
        return Dated(f"{year:04d}-{3 * n - 2:02d}-01", "quarter"), None
    n = _QUARTER_NO[g["qn"].lower()]
    if g["unit"].lower() == "half":
        if n > 2 and g["qn"].lower() not in ("last", "final"):
            return False, None
        return Dated(f"{year:04d}-{1 if n == 1 else 7:02d}-01", "half-year"), None
    return Dated(f"{year:04d}-{3 * n - 2:02d}-01", "quarter"), None


def _month_from(month: int, rel: str, anchor: _dt.date | None) -> Dated | None:
    """ "last December", "next March", "this July" said on the edition's date: the latest
    such month before the edition's, the first after it, or the one of its year."""
    if anchor is None:
        return None
    year = anchor.year
    if rel == "last" and month >= anchor.month:
        year -= 1
    elif rel == "next" and month <= anchor.month:
        year += 1
    return Dated(f"{year:04d}-{month:02d}-01", "month")


def _period_year(g: dict[str, Any], anchor: _dt.date | None) -> int | None:
    """The year a period names: written, or relative to the edition's ("next year")."""
    for key in ("yy", "y", "qy", "by", "cy"):
        if g.get(key):
            return int(g[key])
    rel = (g.get("yrel") or g.get("rel") or "").lower()
    if anchor is None:
        return None
    return anchor.year + {"next": 1, "last": -1, "the following": 1, "the previous": -1}.get(
        " ".join(rel.split()), 0)
