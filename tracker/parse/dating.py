"""The edition's own date: the day the brief or report speaks for.

Sources, most trusted first:
1. the file name of the `<brief>/<YYYY-MM-DD>.<ext>` layout;
2. what the text states about itself: "As of 11 April 2020", "Updated: 14 Jan 2022",
   "Published: 11/02/2023", "Issued: Wednesday 25 April 2007" (`sections.find_as_of`);
3. an HTML page's publication metadata and byline elements;
4. the head of the text: a news dateline opening a paragraph near the top ("BAMAKO, Nov 16
   (Reuters) -", "ERBIL, Kurdistan Region, Tuesday, April 7, 2020 -") or a header line with a
   date ("By Jane Doe | 3 May 2021", "Tue, Mar 08, 2022", "Press release – 9 October 2012",
   "Bulletin No. 9 - 5 June 2013");
5. a day written anywhere else in the file name (`report-2020-05-05.txt`).
Failing all of these there is none: a day the body gives (an event's, a mandate's end, a
ceasefire's) is never the edition's, and the caller asks for --as-of.

Where a publication date may stand: the head of the text is its first blocks, and there a
sentence of prose (words mostly in lower case, ending in a full stop) gives only its opening
dateline; a short header line gives its date. Page furniture (related-article lists, archive
boxes, video widgets: `furniture`) and runs of dated lines (a list of links with their days,
a table's rows) never give it. A date a sentence looks ahead to or quotes ("by 31 December",
"signed in Moscow, 10 November 2020", "expires on Tuesday, 31 August") is no header.

A dateline without a year ("Nov 16") takes its year from the head of the text (the title and
header lines), never from a year that appears nowhere there: the years the body mentions are
those it looks back on, only a bound on its own; so is a year the title refers to ("after the
2016 accord", "built in 1998"). A weekday the dateline names must fit that
year; failing a year, there is none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from tracker.parse.furniture import dated_runs, furniture, is_prose
from tracker.parse.sections import OTHER_EVENTS_DAY, find_as_of, stands_as_label
from tracker.parse.sentences import clean_text
from tracker.parse.triggers import MORE_VERBS
from tracker.vocabulary.dates import MONTH_RE_SOURCE, MONTHS, DateMatch, find_dates, to_iso
from tracker.vocabulary.numbers import parse_number
from tracker.vocabulary.relative import WEEKDAYS
from tracker.vocabulary.verbs import VERB

_FILE_DATE = re.compile(r"(?:^|[/\\])(\d{4}-\d{2}-\d{2})\.[A-Za-z]{1,8}$")
_NAME_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
_DATELINE = re.compile(  # "BAMAKO, ", "PORT SUDAN (AP) — ", "N'Djamena, ", "ERBIL, Kurdistan Region, "
    r"^(?P<place>[A-ZÀ-Þ][\w'’.-]*(?:[ /][A-ZÀ-Þ][\w'’.-]*){0,3})"
    r"\s*(?:\([^()]{1,25}\)\s*)?(?:,|\s[-–—]{1,2}\s)\s*")  # "TOWNSVILLE -- May 12, 2022 --"
_DATELINE_GAP = re.compile(  # what may stand between a dateline's place and its date
    r"(?:[A-ZÀ-Þ][\w'’.-]*(?:\s+[A-ZÀ-Þ][\w'’.-]*){0,3}\s*,\s*){0,2}"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s*,?\s*)?")
_HEADER_WORDS = re.compile(
    r"\b(?:published|posted|updated|issued|released|release|dated|date|filed|last\s+modified|"
    r"press\s+release|news\s+release|communiqu[ée]|bulletin|gmt|utc|est|edt|bst|cet)\b|[|•·]|\s--\s|"
    r"\b\d{1,2}[:.]\d{2}\b|^\s*[Bb]y\s+[A-ZÀ-Þ]|"
    r"^\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s", re.IGNORECASE)
_PLACED = re.compile(r"(?:(?<!\bin )(?<!\bat )(?<!\bof )(?<!\bfrom )(?<!\bto )(?<!\bnear )"
                     r"\b[A-ZÀ-Þ][\w'’.-]+(?:\s[A-ZÀ-Þ][\w'’.-]+)?,\s*|\b(?P<word>(?i:issued|dated|published|"
                     r"updated|released|posted))(?:\s+on)?\s*:?\s*|\b(?i:no\.?|number|issue|vol\.?)\s*"
                     r"[\w-]{1,12}\s*[-–—,|:]{0,2}\s*)$")
_WEEKDAY_NAMED = re.compile(r"\b(?:on|last|this\s+past|late|early)\s+"
                            r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_WEEKDAY_SAID = re.compile(r"\b(?:said|says|announced|told|confirmed|stated|reported)\s+"
                           r"(?:\w+\s+){0,3}?on\s+"
                           r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_OWN_WEEKDAY = re.compile(r"\b((?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6})\.?,?\s*$", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
_TOP = 8  # blocks from the top where a dateline or byline may stand
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]*\b")


# where a yearless dateline's year came from when no header gives it: what the body says of
# its own year ("last year, in 1991"), a reading the caller must report, never store silently
YEAR_FROM_BODY = "dateline, year from the body"


# a yearless dateline given the latest of several years its head names, none of them picked by
# what the text says (a weekday named): a guess the caller must report
YEAR_AMONG = "dateline, latest of several years"


def edition_date(blocks: Sequence[Any], title: str | None = None, filename: str | None = None,
                 dated: Sequence[str] = ()) -> str | None:
    """The edition's date, or None when the text states none. `dated` holds what the page says
    of its date outside its text (HTML metadata and byline elements)."""
    return dated_edition(blocks, title, filename, dated)[0]


def dated_edition(blocks: Sequence[Any], title: str | None = None, filename: str | None = None,
                  dated: Sequence[str] = ()) -> tuple[str | None, str | None]:
    """The edition's date and where it came from: "file name", "as-of line or dateline", "page"
    or "dateline or header" (DAY_FIRST, YEAR_FROM_BODY, YEAR_AMONG: a reading the caller must
    report); (None, None) when the text states no date."""
    day, source = _dated_edition(blocks, title, filename, dated)
    if day and source in ("as-of line or dateline", "page", "dateline or header") \
            and _read_day_first(day, [title or "", *(b.text or "" for b in blocks), *dated]):
        return day, DAY_FIRST
    return day, source


# an edition's day written "05/06/2022" and nothing on the page saying which comes first
DAY_FIRST = "numeric date, read day first"
_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)?\d\d)(?![\d/])")


def _read_day_first(day: str, texts: Sequence[str]) -> bool:
    """Whether `day` was read from a date with slashes whose day and month could swap
    ("05/06/2022"), no other such date on the page showing day first ("17/06/2022") and no
    ISO stamp giving the day."""
    year, month, mday = int(day[:4]), int(day[5:7]), int(day[8:])
    if mday > 12 or mday == month:
        return False
    slashed = [(int(a), int(b), int(y) % 100) for t in texts if "/" in t for a, b, y in _SLASHED.findall(t)]
    if (mday, month, year % 100) not in slashed or any(day in t for t in texts):
        return False
    return not any(a > 12 for a, b, _ in slashed)


def _dated_edition(blocks: Sequence[Any], title: str | None, filename: str | None,
                   dated: Sequence[str]) -> tuple[str | None, str | None]:
    named = _from_file_name(filename)
    if named:
        return named, "file name"
    stated = find_as_of(blocks)
    if stated:
        return stated, "as-of line or dateline"
    own = [b for b in blocks if b.kind != "footnote"]
    texts = [clean_text(title)] if title else []
    kinds = ["heading"] if title else []
    texts += [clean_text(b.text) for b in own]
    kinds += [b.kind for b in own]
    whole = " ".join(texts)
    aside = furniture(kinds, texts) | dated_runs(texts[:_TOP])
    top = [t for i, t in enumerate(texts[:_TOP]) if i not in aside and kinds[i] != "item"]
    head = " ".join(t for t in top if not is_prose(t))
    page = _page(dated, head)
    if page:
        return page, "page"
    stamp = _title_stamp(texts[0]) if title and 0 not in aside else None
    for found in (_dateline(top), _header(top), stamp):
        day, sure = _completed(found, head, whole) if found else (None, True)
        if day:
            if not found[0].iso and not _past_years(head):
                return day, YEAR_FROM_BODY
            return day, "dateline or header" if sure else YEAR_AMONG
    in_name = _in_file_name(filename)
    if in_name:
        return in_name, "file name"
    return None, None


def _in_file_name(filename: str | None) -> str | None:
    """The last valid YYYY-MM-DD written in the file's name (not its folders)."""
    name = re.split(r"[/\\]", filename or "")[-1]
    for found in reversed(_NAME_DATE.findall(name)):
        try:
            return dt.date.fromisoformat(found).isoformat()
        except ValueError:
            continue
    return None


def _page(dated: Sequence[str], head: str) -> str | None:
    """The first day the page's own date elements give."""
    for text in dated:
        for d in find_dates(text[:10] if _ISO_STAMP.match(text) else text):
            day = _complete((d, text), head)
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


def _dateline(texts: Sequence[str]) -> tuple[DateMatch, str] | None:
    """A date right after the place name that opens a news paragraph (a region, the weekday
    may come between), with the text before it."""
    for text in texts:
        m = _DATELINE.match(text)
        if m is None:
            continue
        place = m.group("place")
        if not (place.upper() == place or len(text) <= 60):
            continue  # a dateline's place is in capitals, or the line is only place and date
        found = find_dates(text[m.end(): m.end() + 70])
        if found and _DATELINE_GAP.fullmatch(text[m.end(): m.end() + found[0].start]) \
                and (found[0].iso or found[0].day):
            return found[0], text[: m.end() + found[0].start]
    return None


def _header(texts: Sequence[str]) -> tuple[DateMatch, str] | None:
    """A short header line near the top holding a date and a header word, byline or separator,
    or nothing but a date; in a longer block (header lines run together), a date after a
    place name, an issue number or a publication word near its start. Prose gives none."""
    for text in texts:
        if len(text) > 110 or is_prose(text):
            for d in find_dates(text[:400]):  # "No. 5 Abidjan, 14 October", "Bulletin No. 9 - 5 June"
                prefix = _without_weekday(text[:d.start])
                placed = _PLACED.search(prefix) if prefix is not None else None
                if placed and _few_lower(prefix) and (d.iso or d.day) \
                        and (placed.group("word") is None or stands_as_label(text, placed.start("word"))):
                    return d, text[:d.start]
            continue
        for d in find_dates(text):
            before = _without_weekday(text[:d.start])
            if not (d.iso or d.day) or before is None or _AHEAD_OF_DATE.search(before) \
                    or (OTHER_EVENTS_DAY.search(before + " " + text[d.end:])
                        and not _SERIAL_HEAD.search(text) and not _signed_off(before, d)):
                continue  # "expires on Tuesday, 31 August", "Next update: Monday 25 April",
                # "Handover: 12 March 2019"
            rest = (before + text[d.end:]).strip(" ,.-–—|:()")
            closing = not text[d.end:].strip(" *_.)]")
            if _labelled(before, text) or len(rest) <= 12 or before != text[:d.start] \
                    or _HEADER_WORDS.search(text[d.end:d.end + 40]) \
                    or (closing and (_SEPARATED.search(before) or _signed_off(before, d))):
                return d, text[:d.start]
    return None


_PUBLICATION_WORD = re.compile(r"published|posted|updated|issued|released|dated|filed", re.IGNORECASE)


def _labelled(before: str, text: str) -> bool:
    """Whether the text before a date holds a header word, a publication word only where it
    labels the page's day ("Posted on", not "a notice posted on": `stands_as_label`)."""
    found = _HEADER_WORDS.search(before)
    if found is None or not _PUBLICATION_WORD.fullmatch(found.group(0)):
        return found is not None
    return stands_as_label(text, found.start()) or any(
        not _PUBLICATION_WORD.fullmatch(m.group(0)) for m in _HEADER_WORDS.finditer(before, found.end()))


def _title_stamp(title: str) -> tuple[DateMatch, str] | None:
    """A title stamped with its day: opening it before a separator ("14.05.2008 - Mission
    closes Camp X") or in brackets closing a title that tells no action ("Situation Report #7
    (14 May 2008)"); a bracketed day after an action dates the action, not the page."""
    found = [d for d in find_dates(title) if d.iso or d.day]
    if not found:
        return None
    first, last = found[0], found[-1]
    if first.start == 0 and _STAMP_SEPARATOR.match(title, first.end):
        return first, ""
    if title[:last.start].rstrip().endswith("(") and title[last.end:].strip() == ")" \
            and VERB.search(title, 0, last.start) is None and MORE_VERBS.search(title, 0, last.start) is None:
        return last, title[:last.start]
    return None


# what names a serial's own issue: "Withdrawal Update No. 5 - 3 May 2021" is the page's day
_SERIAL_HEAD = re.compile(r"\b(?:update|report|bulletin|issue|no\.|number|edition|sitrep|brief|digest|"
                          r"newsletter|release|fact\s*sheet|statement)\b", re.IGNORECASE)
# a header line closed by its day after a separator: "Office of the Observer, Luanda - 27 May
# 1991", "Announcement to the press - 21 September 2005"
_SEPARATED = re.compile(r"\w\s+[-–—|]\s*$")
# a header line closed by a full day after a body's name, two header lines run together
# ("Closure Task Group, Office of the Administrative Officer 29 August 2003"): capitalised
# words ending in what names a body, a few small words between, no verb in lower case
_NAME_WORD = re.compile(r"[A-ZÀ-Þ][\w'’.&-]*")
_BODY_NOUN = re.compile(r"(?:Office|Officer|Group|Cell|Command|Headquarters|Section|Unit|Division|"
                        r"Team|Secretariat|Ministry|Department|Mission|Agency|Bureau|Cent(?:re|er)|"
                        r"Committee|Commission|Force|Embassy|Service|Desk|Branch|Staff|Commander|"
                        r"Director|Chief|Representative|Coordinator|Administrator)")
_NAMED_EVENT = re.compile(r"\s+[A-ZÀ-Þ]")  # "Closure Task Group": an event word in a body's name


def _signed_off(before: str, d: DateMatch) -> bool:
    """Whether the text before a day closing its line is a body's name (see _BODY_NOUN)."""
    words = before.replace(",", " ").replace(" - ", " ").split()
    small = [w for w in words if not _NAME_WORD.fullmatch(w)]
    return bool(d.iso) and len(words) >= 2 and len(small) <= 3 \
        and _BODY_NOUN.fullmatch(words[-1]) is not None \
        and not any(VERB.search(w) for w in small) \
        and all(_NAMED_EVENT.match(before, m.end()) for m in OTHER_EVENTS_DAY.finditer(before))


_STAMP_SEPARATOR = re.compile(r"\s*[-–—|:]\s")
_AHEAD_OF_DATE = re.compile(r"\b(?:next|will|shall|due|until|till|before|expected|scheduled|"
                            r"deadline|ends?|expires?|from)\b|\bby\s*$", re.IGNORECASE)


def _without_weekday(prefix: str) -> str | None:
    """The text before a date without the weekday that ends it ("No. 4 -- Friday, "), or None
    when that weekday is a sentence's ("expires on Tuesday, ")."""
    m = _OWN_WEEKDAY.search(prefix)
    if m is None or not any(w.startswith(m.group(1).lower()) for w in WEEKDAYS):
        return prefix
    if _AFTER_PREPOSITION.search(prefix, 0, m.start()):
        return None
    return prefix[:m.start()]


_AFTER_PREPOSITION = re.compile(r"\b(?:on|by|until|till|from|since|before|after|last|next|this)\s*$",
                                re.IGNORECASE)


def _few_lower(prefix: str) -> bool:
    """Text before a date in a block of header lines: a few words of a header, not a sentence."""
    return len(_LOWER_WORD.findall(prefix[-80:])) <= 4


def _complete(found: tuple[DateMatch, str], head: str, whole: str = "") -> str | None:
    """The ISO day of a date, its year, when the date gives none, from the head of the text
    (see _completed)."""
    return _completed(found, head, whole)[0]


def _completed(found: tuple[DateMatch, str], head: str, whole: str = "") -> tuple[str | None, bool]:
    """The ISO day of a date, its year, when the date gives none, from the head of the text;
    and whether that year is the only one the text allows (False: the latest of several that
    fit, none picked by the text, a reading the caller must report).

    The head (the title and the header lines above the prose) may give the year; the body's
    years do not: a report mentions the years it looks back on, not its own, so the latest
    of them is only a bound (a 2019 in a report from 2024). A weekday named just before the
    date ("Tuesday, Feb. 28") must fit the year; among several head years, the day the text
    says something was said ("said on Tuesday"), else a weekday it names ("on Sunday"),
    picks the latest that fits, else the latest is taken. Without a head year, the body may
    say its own year by one it calls last, this or next ("last year, in 2018": 2019). Without
    either, there is none."""
    d, before = found
    if d.iso:
        return d.iso, True
    if not (d.month and d.day) or d.year is not None or not head:
        return None, True  # without a header to find it in, a date without a year gives none
    years = [y for y in _past_years(head) or _own_year(whole, d.month, d.day)
             if to_iso(y, d.month, d.day)]
    own = _OWN_WEEKDAY.search(before[-20:])
    if own and any(w.startswith(own.group(1).lower()) for w in WEEKDAYS):
        wanted = next(i for i, w in enumerate(WEEKDAYS) if w.startswith(own.group(1).lower()[:3]))
        years = [y for y in years if dt.date(y, d.month, d.day).weekday() == wanted]
    for pattern in (_WEEKDAY_SAID, _WEEKDAY_NAMED):
        wanted_days = {WEEKDAYS.index(w.lower()) for w in pattern.findall(whole)}
        fits = [y for y in years if dt.date(y, d.month, d.day).weekday() in wanted_days]
        if len(years) > 1 and fits:
            years = fits
            break
    return (to_iso(years[-1], d.month, d.day), len(years) == 1) if years else (None, True)


_YEAR_CALLED = re.compile(r"\b(?P<w1>last|this|next)\s+year\s*[,(]?\s*(?:in\s+)?(?P<a>(?:19|20)\d\d)\b"
                          r"|\b(?:in\s+)?(?P<b>(?:19|20)\d\d)\s*[,(]?\s*(?P<w2>last|this|next)\s+year\b",
                          re.IGNORECASE)
_STEP = {"last": 1, "this": 0, "next": -1}


_NUM = r"(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)"
# a year named with how long ago it was: "began in 1976, 29 years ago", "ending 179 years of
# presence since 1800", "twenty years ago, in 1999"
_YEARS_AGO = re.compile(
    rf"\b(?:in\s+)?(?P<y1>(?:1[89]|20)\d\d)\s*,\s*(?P<n1>{_NUM})\s+years\s+ago\b"
    rf"|\b(?P<n2>{_NUM})\s+years\s+ago\s*,?\s*(?:in\s+)?(?P<y2>(?:1[89]|20)\d\d)\b"
    rf"|\b(?P<n3>{_NUM})\s+years\s+(?:of\s+[^.;]{{0,60}}?\s)?since\s+(?P<y3>(?:1[89]|20)\d\d)\b",
    re.IGNORECASE)


# a span of years counted up to now, and the year (and month) it began later in the sentence:
# "began more than 12 years ago, after the 1991 war"; "the closure comes ... almost four years
# after the government announced, in January 1968, that ..."; "ending after four years the
# only force of its kind, created in 1995"
_SENTENCE_PART = r"(?:[^.;!?]|\.(?!\s+[A-Z]))"
_SPAN_TO_NOW = re.compile(
    rf"(?:\b(?P<n1>{_NUM})\s+years\s+ago\b"
    rf"|\b(?:comes|ends|ending|marks|marking|closes|closing|concludes|concluding)\b"
    rf"{_SENTENCE_PART}{{0,120}}?\b(?P<n2>{_NUM})\s+years\s+after\b"
    rf"|\b(?:ends|ending|ended|closes|closing|concludes|concluding)\s+after\s+(?P<n3>{_NUM})\s+years\b)"
    rf"{_SENTENCE_PART}{{0,80}}?\b(?:(?P<m>{MONTH_RE_SOURCE})\.?\s+)?(?P<y>(?:1[89]|20)\d\d)\b",
    re.IGNORECASE)


def _own_year(text: str, month: int = 1, day: int = 1) -> list[int]:
    """The year a text says it is in, by a year it names beside "last year", "this year" or
    "next year" ("moved last year, in 2018": 2019; "by the end of next year, 2017": 2016), or
    with how many years ago it was ("began in 1976, 29 years ago": 2005; "179 years of British
    presence since 1800": 1979; "began 12 years ago, after the 1991 war": 2003); one such
    statement, or several that agree, else none. A span counted from a month ("almost four
    years after ... January 1968") gives the year that puts `month` and `day` nearest its end
    (14 December: 1971)."""
    said = {int(m.group("a") or m.group("b")) + _STEP[(m.group("w1") or m.group("w2")).lower()]
            for m in _YEAR_CALLED.finditer(text)}
    for m in _YEARS_AGO.finditer(text):
        n = parse_number(m.group("n1") or m.group("n2") or m.group("n3"))
        if n is not None and 0 < n < 300:
            said.add(int(m.group("y1") or m.group("y2") or m.group("y3")) + n)
    if "years" in text:
        for m in _SPAN_TO_NOW.finditer(text):
            n = parse_number(m.group("n1") or m.group("n2") or m.group("n3"))
            if n is None or not 0 < n < 300:
                continue
            year = int(m.group("y")) + n
            if m.group("m"):
                begun = MONTHS[m.group("m").lower()] - 1
                year = round(year + begun / 12 - (month - 1) / 12 - day / 365)
            said.add(year)
    return sorted(said) if len(said) == 1 else []


def _past_years(text: str) -> list[int]:
    """The years `text` mentions, sorted, those it looks ahead to ("by 2023") or back on ("after
    the 2016 accord", "built in 1998", "since 2014") aside: a title's year of something else is
    not the page's."""
    return sorted({int(m.group(0)) for m in _YEAR.finditer(text)
                   if not _AHEAD_YEAR.search(text, max(0, m.start() - 40), m.start())
                   and not _REFERRED_YEAR.search(text, max(0, m.start() - 12), m.start())})


_REFERRED_YEAR = re.compile(r"\b(?:in|since|after|before|of|from|the|a|an|its|their|during|between|"
                            r"and|or)\s+(?:mid-|early\s+|late\s+)?$", re.IGNORECASE)


_AHEAD_YEAR = re.compile(r"\b(?:by|until|till|before|through|to|in\s+the\s+year)\s+(?:early\s+|late\s+|mid-?)?"
                         r"(?:\w+\s+)?$|\b(?:will|would|shall|plans?|planned|expected|scheduled|"
                         r"due|aims?|intends?|next)\b[^.;]{0,30}$", re.IGNORECASE)
