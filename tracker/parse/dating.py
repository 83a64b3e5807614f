"""The edition's own date: the day the brief or report speaks for.

Sources, most trusted first:
1. the file name of the `<brief>/<YYYY-MM-DD>.<ext>` layout;
2. what the text states about itself: "As of 11 April 2020", "Updated: 14 Jan 2022",
   "Published: 11/02/2023" (`sections.find_as_of`);
3. a news dateline opening a paragraph near the top ("BAMAKO, Nov 16 (Reuters) -",
   "GOMA, 3 March 2025 –") or a byline or header line with a date ("By Jane Doe | 3 May
   2021", "Tue, Mar 08, 2022", "Issued on 27 May 2021", "Press release – 9 October 2012");
4. a day written anywhere else in the file name (`report-2020-05-05.txt`): the person who
   named the file said when it is from, more surely than a date read from the body;
5. failing all of these, the latest day the text gives that is not ahead of it. That is a
   guess (an event's day can pass for the edition's), so the snapshot carries a warning.

A dateline without a year ("Nov 16") takes the year in which that day falls on the weekday the
text names ("said on Tuesday"), among the years the text mentions, else the latest of them.
A date quoted in the body ("under the agreement of 10 November 2020") is never the edition's
date unless nothing else is found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from tracker.parse.sections import find_as_of
from tracker.parse.sentences import clean_text
from tracker.vocabulary.dates import DateMatch, find_dates, to_iso
from tracker.vocabulary.relative import WEEKDAYS

_FILE_DATE = re.compile(r"(?:^|[/\\])(\d{4}-\d{2}-\d{2})\.[A-Za-z]{1,8}$")
_NAME_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
FROM_BODY = "body"  # the source of a date guessed from the text's days (see `dated_edition`)
_DATELINE = re.compile(  # "BAMAKO, ", "PORT SUDAN (AP) — ", "N'Djamena, "
    r"^(?P<place>[A-ZÀ-Þ][\w'’.-]*(?:[ /][A-ZÀ-Þ][\w'’.-]*){0,3})"
    r"\s*(?:\([^()]{1,25}\)\s*)?(?:,|\s[-–—]\s)\s*")
_HEADER_WORDS = re.compile(
    r"\b(?:published|posted|updated|issued|released|dated|date|by|filed|last\s+modified|"
    r"press\s+release|news\s+release|communiqu[ée]|bulletin|gmt|utc|est|edt|bst|cet|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|[|•·]|\s--\s|\b\d{1,2}[:.]\d{2}\b|^\s*"
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s", re.IGNORECASE)
_PLACED = re.compile(r"(?:\b[A-ZÀ-Þ][\w'’.-]+(?:\s[A-ZÀ-Þ][\w'’.-]+)?,\s*|\b(?i:issued|dated|published|"
                     r"updated|released|posted)(?:\s+on)?\s*:?\s*)$")
_WEEKDAY_WORD = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s*$")
_AHEAD = re.compile(r"\b(?:by|until|till|before|will|expected|scheduled|due|planned|set|"
                    r"deadline|from|starting|beginning|next)\b[^.;]{0,30}$", re.IGNORECASE)
_WEEKDAY_NAMED = re.compile(r"\b(?:on|last|this\s+past|late|early)\s+"
                            r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_WEEKDAY_SAID = re.compile(r"\b(?:said|says|announced|told|confirmed|stated|reported)\s+"
                           r"(?:\w+\s+){0,3}?on\s+"
                           r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
_TOP = 8  # blocks from the top where a dateline or byline may stand


def edition_date(blocks: Sequence[Any], title: str | None = None, filename: str | None = None,
                 dated: Sequence[str] = ()) -> str | None:
    """The edition's date, or None when the text gives no day at all. `dated` holds what the
    page says of its date outside its text (HTML metadata and byline elements)."""
    return dated_edition(blocks, title, filename, dated)[0]


def dated_edition(blocks: Sequence[Any], title: str | None = None, filename: str | None = None,
                  dated: Sequence[str] = ()) -> tuple[str | None, str | None]:
    """The edition's date and where it came from: "file name", "as-of line or dateline", "page",
    "dateline or header", or FROM_BODY (a day of the text, a guess); (None, None) if none."""
    named = _from_file_name(filename)
    if named:
        return named, "file name"
    stated = find_as_of(blocks)
    if stated:
        return stated, "as-of line or dateline"
    texts = [clean_text(title)] if title else []
    texts += [clean_text(b.text) for b in blocks if b.kind != "footnote"]
    whole = " ".join(texts)
    top = texts[:_TOP]
    page = _page(dated, whole)
    if page:
        return page, "page"
    headed = (_dateline(top, "") or _header(top, "")  # a year given first
              or _dateline(top, whole) or _header(top, whole))
    if headed:
        return headed, "dateline or header"
    in_name = _in_file_name(filename)
    if in_name:
        return in_name, "file name"
    latest = _latest(texts)
    return (latest, FROM_BODY) if latest else (None, None)


def _in_file_name(filename: str | None) -> str | None:
    """The last valid YYYY-MM-DD written in the file's name (not its folders)."""
    name = re.split(r"[/\\]", filename or "")[-1]
    for found in reversed(_NAME_DATE.findall(name)):
        try:
            return dt.date.fromisoformat(found).isoformat()
        except ValueError:
            continue
    return None


def _page(dated: Sequence[str], whole: str) -> str | None:
    """The first day the page's own date elements give."""
    for text in dated:
        for d in find_dates(text[:10] if _ISO_STAMP.match(text) else text):
            day = _complete(d, whole)
            if day:
                return day
    return None


_ISO_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]|$)")


def _from_file_name(filename: str | None) -> str | None:
    m = _FILE_DATE.search(filename or "")
    if m is None:
        return None
    try:
        return dt.date.fromisoformat(m.group(1)).isoformat()
    except ValueError:
        return None


def _dateline(texts: Sequence[str], whole: str) -> str | None:
    """A date right after the place name that opens a news paragraph."""
    for text in texts:
        m = _DATELINE.match(text)
        if m is None:
            continue
        place = m.group("place")
        if not (place.upper() == place or len(text) <= 60):
            continue  # a dateline's place is in capitals, or the line is only place and date
        found = find_dates(text[m.end(): m.end() + 40])
        if found and found[0].start <= 15:
            day = _complete(found[0], whole)
            if day:
                return day
    return None


def _header(texts: Sequence[str], whole: str) -> str | None:
    """A short line near the top holding a date and a header word, byline or separator, or
    nothing but a date."""
    for text in texts:
        if len(text) > 110:
            for d in find_dates(text[:400]):  # header lines run together: "No. 5 Abidjan, 14 October"
                if _PLACED.search(text, 0, d.start) and not _WEEKDAY_WORD.search(text, 0, d.start):
                    day = _complete(d, whole)
                    if day:
                        return day
            continue
        for d in find_dates(text):
            rest = (text[:d.start] + text[d.end:]).strip(" ,.-–—|:()")
            if _HEADER_WORDS.search(text[:d.start + 1]) or len(rest) <= 12 or \
                    _HEADER_WORDS.search(rest[:40]):
                day = _complete(d, whole)
                if day:
                    return day
    return None


def _latest(texts: Sequence[str]) -> str | None:
    """The latest complete day the text gives that it does not look ahead to."""
    best = None
    for text in texts:
        for d in find_dates(text):
            if not d.iso or _AHEAD.search(text[max(0, d.start - 40): d.start]):
                continue
            if best is None or d.iso > best:
                best = d.iso
    return best


def _complete(d: DateMatch, whole: str) -> str | None:
    """The ISO day of a date, its year found from the text when the date gives none.

    A report is written after the years it looks back on, so the year is sought after the
    latest year the text mentions (years it looks ahead to, "by 2023", aside): the first in
    which the day falls on the weekday the text says something was said, else on a weekday
    it names; failing both, that latest year itself."""
    if d.iso:
        return d.iso
    if not (d.month and d.day) or d.year is not None or not whole:
        return None  # without the text to find it in, a date without a year gives none
    past = sorted({int(m.group(0)) for m in _YEAR.finditer(whole)
                   if not _AHEAD_YEAR.search(whole, max(0, m.start() - 40), m.start())})
    if not past:
        return None
    base = past[-1]
    for pattern in (_WEEKDAY_SAID, _WEEKDAY_NAMED):  # the day it was said is the report's day
        named = {WEEKDAYS.index(w.lower()) for w in pattern.findall(whole)}
        if not named:
            continue
        for year in range(base + 1, base + 13):
            if to_iso(year, d.month, d.day) and dt.date(year, d.month, d.day).weekday() in named:
                return to_iso(year, d.month, d.day)
        if to_iso(base, d.month, d.day) and dt.date(base, d.month, d.day).weekday() in named:
            return to_iso(base, d.month, d.day)
    return to_iso(base, d.month, d.day)


_AHEAD_YEAR = re.compile(r"\b(?:by|until|till|before|through|to|in\s+the\s+year)\s+(?:early\s+|late\s+|mid-?)?"
                         r"(?:\w+\s+)?$|\b(?:will|would|shall|plans?|planned|expected|scheduled|"
                         r"due|aims?|intends?|next)\b[^.;]{0,30}$", re.IGNORECASE)
