"""Dates of mentions: which of the days a text names is the date of the event it tells.

- an item (`item_date`): the first complete date in the place's sentence, else in the item,
  a date in a clause of its own before the action's aside;
- a sentence of prose (`days_named`, then `date_for` for each site acted on): the days it names
  that can date an event (not the day something was said, nor an agreement's date), resolved
  against the edition's date ("on Saturday", "today"), and the one written with the site in its
  clause ("left Camp Bastion on 26 October and Camp Nathan Smith on 4 November": two dates).

A date the text gives less precisely than a day ("in late March", "in March 2020", "by the
end of the year", "last week") is the first day of its period, as a
`tracker.vocabulary.periods.Dated` that carries its precision to the event; a day written
anywhere in reach is preferred to it.

Input: the text, the dates found in it (`tracker.vocabulary.dates`), where the place and its
action stand, and the edition's as-of date. Output: an ISO date (a `Dated` for a period) or
None (most mentions carry none). It must not read status or choose the place or action; how a date is written is
`tracker.vocabulary.dates`'s, the edition's own date `dating`'s.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tracker.parse.site_names import Spot
from tracker.parse.triggers import Trigger, find_triggers
from tracker.vocabulary.dates import DateMatch, find_dates, find_periods, to_iso
from tracker.vocabulary.numbers import parse_number
from tracker.vocabulary.periods import precision_of
from tracker.vocabulary.relative import find_relative

_OTHER_CLAUSE = re.compile(r"[;]|,\s*(?:and|but|while|then)\s")


def item_date(dates: Sequence[DateMatch], sentence: tuple[int, int],
              planned: bool = False, as_of: str | None = None, text: str = "",
              verb_at: int | None = None, place_at: int = 0) -> str | None:
    """The first complete date in the place's sentence, else the first in the item.

    A date in a clause of its own before the action's ("The drawdown began on 2 May, and
    troops left Camp X") is that clause's, not the action's. A day and month with no year
    take the as-of year, or the year before when that would be later than the edition; but
    what is planned lies ahead ("scheduled to be handed over on 30 June" in a May edition
    is this June, not last)."""
    full, chosen = _stated(dates, sentence, text, verb_at, place_at)
    if chosen is None and full and verb_at is not None and text \
            and sentence[0] <= verb_at < sentence[1]:  # the action's sentence gives a period:
        own = _item_period(text, sentence, planned, as_of, within=True)  # not another
        if own:                                                           # sentence's day
            return own
    chosen = chosen or (full[0] if full else None)
    if chosen is None:  # a period dates an action, never makes a line without one an event
        return _item_period(text, sentence, planned, as_of, place_at=place_at) if verb_at is not None else None
    if verb_at is not None and text and chosen.start > verb_at:  # "was vacated in June 1991, and
        brk = _OTHER_CLAUSE.search(text, verb_at)                 # the general flew out on 27 June"
        if brk and brk.start() < chosen.start:
            own = _item_period(text, (verb_at, brk.start()), planned, as_of, within=True)
            if own:
                return own
    week = _week_around(text, chosen, as_of)
    if week:
        return week
    if planned and chosen.year_inferred and as_of and chosen.year < int(as_of[:4]):
        return to_iso(int(as_of[:4]), chosen.month, chosen.day) or chosen.iso
    return chosen.iso


def item_day_stated(dates: Sequence[DateMatch], sentence: tuple[int, int], planned: bool,
                    text: str, verb_at: int | None, place_at: int) -> str | None:
    """What `item_date` gives when it is a day of the place's sentence reached without the
    as-of date (no period looked for, no week around it, no year to guess), else None (ask
    `item_date`). Of dates that hang on no as-of date either (`stated_dates`), it is the
    same in every edition: the item reader remembers it with the item."""
    _, chosen = _stated(dates, sentence, text, verb_at, place_at)
    if chosen is None or planned and chosen.year_inferred:
        return None
    if verb_at is not None and text and chosen.start > verb_at:
        brk = _OTHER_CLAUSE.search(text, verb_at)
        if brk and brk.start() < chosen.start:
            return None
    if text and "week" in text[max(0, chosen.start - 30): chosen.start].lower():
        return None
    return chosen.iso


def _stated(dates: Sequence[DateMatch], sentence: tuple[int, int], text: str, verb_at: int | None,
            place_at: int) -> tuple[list[DateMatch], DateMatch | None]:
    """The complete dates that can date the item's action, and the first of them in the
    place's sentence (None if it has none)."""
    full = [d for d in dates if d.iso]
    if verb_at is not None and text and _AFTERWARDS.match(text, text.find(" ", verb_at + 1)):
        full = [d for d in full if d.start > verb_at]  # "held its parade on 11 June and was
        # handed over afterwards": the day before is not the action's
    if verb_at is not None and text:  # the place named in the action's clause, after the break
        full = [d for d in full if not (d.end <= verb_at and d.end <= place_at
                                        and _OTHER_CLAUSE.search(text, d.end, min(verb_at, place_at)))]
    if verb_at is not None and text and place_at > verb_at:  # "X is to be handed over on 30
        later = [d for d in full if place_at < d.start < sentence[1]]  # March, and Fort Y, on the
        if later and any(sentence[0] <= d.start < place_at and _OTHER_CLAUSE.search(text, d.end, place_at)
                         for d in full):  # harbour, at midnight on 31 March": the place's own clause
            full = later
    return full, next((d for d in full if sentence[0] <= d.start < sentence[1]), None)


def _week_around(text: str, day: DateMatch, as_of: str | None) -> str | None:
    """The week a day only names ("vacated, week of 18 February"): the item's date is that
    week, not its first day (`find_periods` reads the week; cheap test first)."""
    if not text or "week" not in text[max(0, day.start - 30): day.start].lower():
        return None
    return next((p.iso for p in find_periods(text, as_of=as_of)
                 if p.iso and precision_of(p.iso) == "week" and p.start <= day.start < p.end), None)


def item_relative_day(text: str, sentence: tuple[int, int], verb_at: int,
                      as_of: str | None, planned: bool = False) -> str | None:
    """An item that gives no date: a relative day in the action's clause ("Forward Operating
    Base X was transferred to the ministry on Sunday; Camp Y followed on Friday"), resolved
    against the edition's date as in prose; not the day something was said. A period named
    from the edition's date dates it too ("to be handed over next week", "closed last
    month"), ahead of the edition only for what is planned."""
    if as_of is None or not sentence[0] <= verb_at < sentence[1]:
        return None
    stop = text.find(";", verb_at)
    clause = text[sentence[0]: stop if sentence[0] <= stop < sentence[1] else sentence[1]]
    days = [d for d in days_named(clause, as_of) if d.iso and d.start >= verb_at - sentence[0]
            and (d.iso <= as_of or (planned and precision_of(d.iso)))]
    return days[0].iso if days else None


def _item_period(text: str, sentence: tuple[int, int], planned: bool, as_of: str | None,
                 within: bool = False, place_at: int = 0) -> str | None:
    """An item that gives no day: the period it gives ("handed over in late March 2020"),
    in the place's sentence first (only there, `within`), in the place's own clause when it
    follows another's ("X was vacated during 1990, and Y in the second quarter of 1990": Y's
    is the quarter); what is planned lies ahead."""
    found = [p for p in find_periods(text, as_of=as_of) if p.iso and not _NOT_EVENT_DATE.search(
        text[max(0, p.start - 45): p.start])]
    if as_of and _RELATIVE_PERIOD_WORD.search(text):  # "earlier this month", "last week"
        found = sorted(found + [r for r in find_relative(text, as_of) if precision_of(r.iso)
                                and not any(p.start <= r.start < p.end for p in found)
                                and (planned or r.iso <= as_of) and not _told_of_another(text, r.start)],
                       key=lambda p: p.start)
    inside = next((p for p in found if sentence[0] <= p.start < sentence[1]), None)
    if inside is not None and inside.end <= place_at and _OTHER_CLAUSE.search(text, inside.end, place_at):
        inside = next((p for p in found if place_at < p.start < sentence[1]), inside)
    chosen = inside if inside or within else found[0] if found else None
    if chosen is None:
        return None
    ahead = getattr(chosen, "ahead", None)  # a relative period is named from the edition: never guessed
    return ahead if planned and ahead else chosen.iso


_RELATIVE_PERIOD_WORD = re.compile(r"\b(?:week|weekend|month|year)\b", re.IGNORECASE)
_REPORTING = re.compile(r"\b(?:said|says|announced|told|confirmed|stated|reported|added|declared|"
                        r"statement|communiqu[ée]|briefing|conference|tweeted|posted|wrote)\b"
                        r"[^.;]{0,40}$", re.IGNORECASE)
_NOT_EVENT_DATE = re.compile(
    r"(?:\b(?:since|agreement|accord|resolution|decision|decree|deal|memorandum|mandate|treaty|"
    r"letter|order|law|ended|expired|adopted|signed|agreed|voted|approved|killed|attacked|"
    r"founded|built|established|opened|set\s+up|created|elected|born|died)\b[^.;,]{0,25}"
    r"|\b(?:(?<!end\s)(?<!start\s)(?<!beginning\s)(?<!middle\s)(?<!close\s)(?<!course\s)of|dated|after|"
    r"around|approximately|about|circa|c\.|originally\s+(?:\w+\s+){1,2}for|"
    r"initially\s+(?:\w+\s+){1,2}for|first\s+(?:planned|scheduled|set)\s+for)\s+)$", re.IGNORECASE)


def _told_of_another(text: str, start: int) -> bool:
    """A day said of something else: when it was said, agreed or founded ("said last week")."""
    before = text[max(0, start - 45): start]
    return bool(_REPORTING.search(before) or _NOT_EVENT_DATE.search(before))


@dataclass(frozen=True)
class Day:
    """A day a sentence names: its span and ISO date (a `Dated` for a period: "last month";
    None when vague: "in recent weeks")."""

    start: int
    end: int
    iso: str | None
    ahead: str | None = None  # the same day and month in the year ahead, when the year was guessed


def days_named(sentence: str, as_of: str | None) -> list[Day]:
    """Days named in the sentence that can be an event's date (not the day something was said,
    nor the date of an agreement or since when)."""
    periods = find_periods(sentence, as_of=as_of)
    found = [Day(d.start, d.end, d.iso, _year_ahead(d, as_of)) for d in find_dates(sentence, as_of=as_of)
             if (d.iso or d.partial) and not any(p.start < d.end and d.start < p.end for p in periods)]
    found += [Day(p.start, p.end, p.iso, p.ahead) for p in periods]
    for r in find_relative(sentence, as_of):
        if not any(d.start <= r.start < d.end or r.start <= d.start < r.end for d in found):
            found.append(Day(r.start, r.end, r.iso))
    if _may_refer(sentence):  # "the same day", "the following day": counted from the day before it
        found += _referenced(sentence, found)
    kept = []
    for d in sorted(found, key=lambda d: d.start):
        before = sentence[max(0, d.start - 45): d.start]
        if _REPORTING.search(before) or _NOT_EVENT_DATE.search(before):
            continue
        kept.append(d)
    merged = _merge_adjacent(kept)
    if " and " in sentence:  # "on 6 and 16 November", "on 2, 5 and 9 March": each day listed
        listed = _listed_days(sentence, merged)
        if listed:
            merged = sorted(merged + listed, key=lambda d: d.start)
    return merged


_REFERENCE = re.compile(
    r"\b(?:(?P<same>the\s+same\s+day|that\s+(?:same\s+)?(?:day|morning|afternoon|evening|night)"
    r"|(?:in\s+the\s+course\s+of|during|(?:later|earlier)\s+in|over|throughout)\s+(?:that|the)\s+day)"
    r"|(?P<next>the\s+(?:next|following)\s+day|the\s+day\s+after|a\s+day\s+later)"
    r"|(?P<prev>the\s+(?:day\s+before|previous\s+day))"
    r"|(?P<n>two|three|four|five|six|seven|[2-9])\s+days\s+later)\b", re.IGNORECASE)
_RELATIVE_CLAUSE = re.compile(r"\b(?:that|which|who|whom|when)\b[^,.;:()]*$", re.IGNORECASE)


def _may_refer(sentence: str) -> bool:
    """Cheap test before `_REFERENCE`: a word it needs."""
    return "day" in sentence or "that " in sentence


def reference_offset(sentence: str) -> int | None:
    """Days after the day told before that a sentence's "the same day" (0), "the following
    day" (1), "the day before" (-1) or "three days later" (3) names; None without one."""
    m = _REFERENCE.search(sentence) if _may_refer(sentence) else None
    return _offset(m) if m else None


def _offset(m: re.Match[str]) -> int:
    if m.group("same"):
        return 0
    if m.group("next"):
        return 1
    if m.group("prev"):
        return -1
    return parse_number(m.group("n")) or 0  # "two" to "seven" or a digit, as `_REFERENCE` reads


def shifted(iso: str, days: int) -> str:
    """An ISO day moved by a number of days."""
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()


def _referenced(sentence: str, found: list[Day]) -> list[Day]:
    """ "Camp A on 3 March, and Camp B the following day": a day named by reference to the day
    told before it in the sentence (none when no day precedes it: the sentence before may
    give it, `reports` looks there)."""
    out = []
    for m in _REFERENCE.finditer(sentence):
        if any(d.start <= m.start() < d.end for d in found) or \
                _RELATIVE_CLAUSE.search(sentence, max(0, m.start() - 60), m.start()):
            continue  # "the offensive that Ankara launched two days later": another clause's day
        base = next((d.iso for d in sorted(found, key=lambda d: -d.start)
                     if d.end <= m.start() and d.iso and not precision_of(d.iso)), None)
        out.append(Day(m.start(), m.end(), shifted(base, _offset(m)) if base else None))
    return out


_DAY_LIST = re.compile(r"\b(?P<days>\d{1,2}(?:(?:st|nd|rd|th))?(?:\s*,\s*\d{1,2}(?:st|nd|rd|th)?)*)"
                       r"\s*,?\s+(?:and|&)\s+$")
_DAY_NUMBER = re.compile(r"\d{1,2}")


def _listed_days(sentence: str, found: list[Day]) -> list[Day]:
    """ "on 6 and 16 November", "on 2, 5 and 9 March": the days listed before a date, in its
    month and year."""
    out = []
    for d in found:
        if not d.iso or precision_of(d.iso) or len(d.iso) != 10:
            continue
        m = _DAY_LIST.search(sentence, max(0, d.start - 30), d.start)
        if m is None:
            continue
        for n in _DAY_NUMBER.finditer(m.group("days")):
            start = m.start("days") + n.start()
            iso = to_iso(int(d.iso[:4]), int(d.iso[5:7]), int(n.group(0)))
            if iso and not any(x.start <= start < x.end for x in found):
                out.append(Day(start, start + len(n.group(0)), iso))
    return out


def action_day(sentence: str, as_of: str | None) -> str | None:
    """The day a sentence tells an action on, when it names no site ("The coalition handed over
    a base in the far west yesterday"): the first day (not a period, not ahead of the edition)
    after its first action word; none without an action word."""
    triggers = find_triggers(sentence, False)
    if not triggers:
        return None
    days = [d for d in days_named(sentence, as_of) if d.iso and not precision_of(d.iso)
            and (as_of is None or d.iso <= as_of)]
    return next((d.iso for d in days if d.start > triggers[0].start), None)


def only_day(sentence: str, as_of: str | None) -> str | None:
    """The one day a sentence tells, whatever it tells of it ("On 3 December the commission
    accepted the last group."), for a next sentence that refers to it ("The sites handed over
    on that day were ..."); none when it names several days, a period, or none."""
    days = {d.iso for d in days_named(sentence, as_of) if d.iso and not precision_of(d.iso)
            and (as_of is None or d.iso <= as_of)}
    return days.pop() if len(days) == 1 else None


def _year_ahead(d: Any, as_of: str | None) -> str | None:
    """ "by 31 December" in a May edition: this December, if what it dates lies ahead."""
    if not (d.iso and d.year_inferred and as_of) or d.iso > as_of:
        return None
    return to_iso(d.year + 1, d.month, d.day)


def _merge_adjacent(days: list[Day]) -> list[Day]:
    """ "on Thursday, 20 May": one day, the one the date gives; "on 24 August last year": the
    day, in the year the period gives; "17 March, in late March": the day."""
    out: list[Day] = []
    for d in days:
        if out and d.start - out[-1].end <= 3 and (out[-1].iso is None or d.iso is None
                                                   or out[-1].iso != d.iso):
            prev = out.pop()
            if prev.iso and d.iso and precision_of(d.iso) and not precision_of(prev.iso):
                d = Day(prev.start, d.end, _in_year(prev.iso, d.iso))
            elif prev.iso and d.iso and precision_of(prev.iso) and not precision_of(d.iso):
                d = Day(prev.start, d.end, d.iso)
            else:
                d = Day(prev.start, d.end, d.iso or prev.iso) if d.iso else Day(prev.start, d.end, prev.iso)
        out.append(d)
    return out


def _in_year(day: str, period: str) -> str:
    """A day followed by the year it is in ("24 August last year"); else the day as given."""
    if precision_of(period) != "year":
        return day
    return to_iso(int(period[:4]), int(day[5:7]), int(day[8:10])) or day


def date_for(sentence: str, spot: Spot, trigger: Trigger, spots: list[Spot],
             triggers: list[Trigger], days: list[Day]) -> str | None:
    """The day of the site `spot` acted on by `trigger`: the first after it in its clause (after
    the verb, in the passive), else after the last name of its list, else between the action
    and the site, else the day that opens the action's clause; none for a site told as done
    before ("after Kidal")."""
    if not days:
        return None
    if _AFTERWARDS.match(sentence, trigger.end):  # "... on 11 June and was handed over later"
        days = [d for d in days if d.start > trigger.end]
    if spot.role != "earlier":  # "X, after Kidal and Tessalit in 2021": that year is theirs
        earlier = [s.end for s in spots if s.role == "earlier"]
        days = [d for d in days if not any(_TOLD_RIGHT_AFTER.fullmatch(sentence, end, d.start)
                                           for end in earlier)]
    mates = [s for s in spots if s.group == spot.group]
    run = spot.end  # "Bahai and Guéréda (July), Iriba (14 November)": a bracket after a run of names
    for mate in sorted(mates, key=lambda s: s.start):
        if mate.start >= run and _JOINER.fullmatch(sentence, run, mate.start):
            run = mate.end
    bracketed = next((d for d in days if d.iso and _BRACKET_BEFORE.fullmatch(sentence, run, d.start)
                      and sentence.startswith(")", d.end)), None)
    if bracketed is not None:  # "the bases at Faya-Largeau (26 December 2024) and Abeche (11 January 2025)"
        return bracketed.iso
    if _PERIOD_BRACKET.match(sentence, run):
        return None  # "Bahai and Guéréda (July), Iriba (14 November)": no day; the later one is Iriba's
    told = _relative_day(sentence, max([spot.end] + [s.end for s in mates]), days)
    if told is not None:  # "Kidal and Tessalit, which were turned over in October": theirs
        return told
    if spot.role == "earlier":  # "after Kidal and Tessalit": their day is not told, unless
        own = next((d for d in days if d.iso and _TOLD_RIGHT_AFTER.fullmatch(sentence, run, d.start)),
                   None)  # right after them: "after those of Kidal and Tessalit in the second half of 2021"
        return own.iso if own else None
    # what follows the site, or in the passive what follows its verb: "A, B and Camp C were
    # relocated over the weekend" dates A as well as C
    after = trigger.end if trigger.start > spot.end else spot.end
    aside = _LOCATING_ASIDE.match(sentence, spot.end)  # "Fort X, on the Grand Harbour at Birgu, at
    following = [s for s in spots if s.start > after and s.group != spot.group  # midnight on 31 March"
                 and not (aside and s.end <= aside.end())]
    next_trigger = [t for t in triggers if t.start > max(spot.end, trigger.end)  # not the site's own
                    and not _OWN_PREDICATE.fullmatch(sentence, spot.end, t.start)]  # verb: "...: X is to be
    # handed over on 30 March" read under a lead's verb ("The remaining two are to follow: ...")
    stop = min([s.start for s in following] + [t.start for t in next_trigger] + [len(sentence)])
    mine = [d for d in days if spot.end <= d.start < stop]
    if trigger.start > spot.end:  # passive: the date after the verb
        mine = [d for d in days if trigger.end <= d.start < stop] or mine
    # a vague day past a comma ("..., completing a restructuring that began last year") is
    # another clause's; a dated one there still tells when ("..., on 4 April")
    # (a period too when another clause opens there: "..., completing a restructuring that
    # began last year"; not "..., on the outskirts, to the army before the end of the year")
    mine = [d for d in mine if d.iso and not (precision_of(d.iso) and _OTHER_VERB_CLAUSE.search(
        sentence, max(spot.end, trigger.end), d.start))
            or "," not in sentence[max(spot.end, trigger.end):d.start]]
    if mine and precision_of(mine[0].iso) and "," in sentence[max(spot.end, trigger.end):mine[0].start]:
        # a period past a comma after the site yields to a day of the action's own clause:
        # "handed several bases over in 2020, including Camp X, and ended its role at the end
        # of 2021"; "earlier this month it returned Camp X, unlike the departures in October"
        gap = [d for d in days if trigger.end <= d.start < spot.start and d.iso]
        own = gap[-1].iso if gap else _opening_day(sentence, min(trigger.start, spot.start), triggers, days)
        return own or mine[0].iso
    if mine:
        return mine[0].iso
    if mates and mates[-1].end > spot.end:  # a list: the date after the last of it
        last = mates[-1]
        after = [d for d in days if last.end <= d.start < stop]
        if after:
            return after[0].iso
    gap = [d for d in days if trigger.end <= d.start < spot.start]
    if gap:
        return gap[-1].iso
    return _opening_day(sentence, min(trigger.start, spot.start), triggers, days)


_SENTENCE_OPENER = re.compile(r"\s*(?:(?:on|in|early|late|by)\s+)?", re.IGNORECASE)
_OWN_PREDICATE = re.compile(r"\s+(?:is|are|was|were|will|would|has|have|had|shall)\b[^,;:()]{0,30}",
                            re.IGNORECASE)
# an aside right after a site that says where it stands: the places in it locate the site
_LOCATING_ASIDE = re.compile(r",\s*(?:on|in|at|near|by|outside|beside|overlooking|north|south|east|west)\b"
                             r"[^,;()]{1,60},", re.IGNORECASE)
_TOLD_RIGHT_AFTER = re.compile(r"\s+(?:(?:in|on|during)\s+)?", re.IGNORECASE)
_PERIOD_BRACKET = re.compile(r"\s*\((?:(?:early|mid|late)[\s-]*)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
                             r"dec)[a-z]*\.?(?:\s+\d{4})?\)|\s*\(\d{4}\)", re.IGNORECASE)
_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+)")
_AFTERWARDS = re.compile(r"(?:\s+(?:over|back|out|down))?\s+(?:afterwards?|later|subsequently|"
                         r"thereafter|soon\s+after(?:wards)?)\b(?!\s+than)", re.IGNORECASE)
_BRACKET_BEFORE = re.compile(r"\s*\((?:(?:on|in|since|from)\s+)?")
_OTHER_VERB_CLAUSE = re.compile(r",\s*(?:[a-z]+ing|which|that|who|when|while|since|after|as)\b|"
                                r"\b(?:that|which|who)\s+[a-z]+(?:ed|en|ung|ent|ook)\b")
_RELATIVE = re.compile(r"[^,.;()]{0,40}?,\s*(?:which|that|both\s+of\s+which)\s+[^.;]*", re.IGNORECASE)
_CLAUSE_END = re.compile(r",\s*(?:and|but|while)\s|[;.]")


def _relative_day(sentence: str, end: int, days: list[Day]) -> str | None:
    """The day a relative clause right after a site (or its list) tells: "..., after Bor and Wau,
    which were handed to the authorities in September"."""
    m = _RELATIVE.match(sentence, end)
    if m is None:
        return None
    stop = _CLAUSE_END.search(sentence, m.start() + m.group(0).index(",") + 1)
    limit = stop.start() if stop else len(sentence)
    inside = [d for d in days if m.start() <= d.start < limit and d.iso
              and sentence.find(",", end) < d.start]
    return inside[0].iso if inside else None


_OPENS_CLAUSE = re.compile(r"(?:^|[,;]\s*|\b(?:and|then|while|but)\s+)(?:(?:on|in|by|from|early|"
                           r"late|since|until|during|throughout)\s+)?$", re.IGNORECASE)


# a sentence opening after a heading run into it ("Handovers completed Between 1 and 10 December
# the mission returned ...", "Field presence During July the mission closed ..."): a capitalised
# preposition in mid-sentence opens the clause the day is in
_CAPITAL_OPENER = re.compile(r"\s(?:On|In|During|Between|From|Since|Throughout|Early|Late|Earlier|"
                             r"Last)\s+(?:\d{1,2}\b)?$")
_ADVERBS_ONLY = re.compile(r"\s+(?:[a-z]+ly\s+){1,2}")
_WHEN_CLAUSE = re.compile(r"(?:\s+(?:morning|afternoon|evening|night))?,?\s+(?:when|while|as(?!\s+(?:well|"
                          r"part|of|a|an|if|though|long|soon|much|many|far|the\s+\w+\s+(?:of|to))\b))\s",
                          re.IGNORECASE)


def _opening_day(sentence: str, lo: int, triggers: list[Trigger], days: list[Day]) -> str | None:
    """ "On 19 March, it handed over ...", "..., and on 4 April the base was transferred": the
    day that opens the clause of the action (not one said of another verb: "began on 2 May")."""
    for d in reversed([d for d in days if d.end <= lo]):
        if _SENTENCE_OPENER.fullmatch(sentence, 0, d.start) and sentence.startswith(",", d.end) \
                and ";" not in sentence[d.end:lo]:
            return d.iso  # "On Tuesday, the service closed its office in X and cleared its
            # headquarters at Y": a day set before the subject dates each verb it governs
        if any(d.end <= t.start < lo for t in triggers):
            return None
        if 0 <= lo - d.end <= 2 or _ADVERBS_ONLY.fullmatch(sentence, d.end, lo):
            return d.iso  # "UNAMA today closed its office", "the army yesterday formally took over"
        if len(sentence[d.end:lo].split()) <= 2 and (re.search(r"\b(?:on|in)\s+$", sentence[:d.start])
                                                     or sentence[d.start:d.end].lower().startswith("on ")):
            return d.iso  # "the coalition on 25 September started pulling out of ..."
        if len(sentence[d.end:lo].split()) <= 8 and (_OPENS_CLAUSE.search(sentence[:d.start])
                                                     or _CAPITAL_OPENER.search(sentence[:d.start])
                                                     or _CAPITAL_OPENER.search(sentence[:d.start + 8])):
            return d.iso
        if _WHEN_CLAUSE.match(sentence, d.end) and len(sentence[d.end:lo].split()) <= 14 \
                and ";" not in sentence[d.end:lo]:
            return d.iso  # "began on Oct. 7, when troops pulled back from X", "on Sunday as they
            # handed Camp Bastion to ...": the clause tells what happened on that day
        comma = sentence.find(",", d.end)
        if 0 <= comma < lo and "," not in sentence[:d.start] and not any(
                t.start < comma for t in triggers):
            return d.iso  # "At a ceremony held in the camp on Friday, the governor ... returned"
        return None
    return None

