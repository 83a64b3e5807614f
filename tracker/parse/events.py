"""Events: one item (a list item, table row or dated line) -> an `Event`: its place, action and
status, date, actors, nations, personnel, footnotes and aliases, under a key unique in the snapshot."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from tracker import identity as _names
from tracker.memo import ITEM_SIZE, forget_with_the_rest, remembered
from tracker.model import Event
from tracker.parse.actions import Verb, main_verb, verb_matches, verbs_in
from tracker.parse.actors import find_actors
from tracker.parse.lists import a_journey, heads_a_list
from tracker.parse.mention_dates import item_date, item_day_stated, item_relative_day
from tracker.parse.nations import contributing_nations
from tracker.parse.place_details import place_aliases, place_description
from tracker.parse.places import TABLE_MARKER, Place, all_places, find_place, row_status, table_place
from tracker.parse.retractions import MAY_TAKE_BACK, retraction, taken_back
from tracker.parse.sentences import MARKER, clean_text, sentence_at, sentence_spans
from tracker.parse.state import Context, Keys
from tracker.parse.tense import bare_status, told_on_its_day
from tracker.vocabulary.dates import DateMatch, dates_stated, find_dates
from tracker.vocabulary.numbers import find_personnel
from tracker.vocabulary.periods import precision_of


def item_events(candidates: Sequence[tuple[str, str | None]], ctx: Context) -> list[Event]:
    """The events of the items (text and list marker), one per happening, each under a key
    unique in the snapshot: a place with two happenings gets a number and a warning."""
    read: list[tuple[int, Event]] = []
    for index, (raw, marker) in enumerate(candidates, 1):
        table = marker == TABLE_MARKER
        parts = [raw] if table else _side_by_side(raw)
        for part in parts:
            try:
                event = _event(part, ctx, index, table=table)
            except RecursionError:  # pragma: no cover - defensive: never let one item sink a parse
                event = None
            if event is None:
                continue
            if len(parts) > 1:  # one of several places of the item: it keeps the whole item
                event = replace(event, text=clean_text(raw))
            read.append((index, event))
    happenings = one_per_happening(read)
    events: list[Event] = [event for _, event in happenings]
    used = Keys()
    for at in _in_date_order(events):
        index, event = happenings[at]
        key = used.claim(event.key)
        if key != event.key:
            ctx.warnings.append(f"item {index}: {event.name!r} repeats key {event.key!r}; "
                                f"kept as {key!r}")
            events[at] = Event(**{**event.__dict__, "key": key})
    return events


def _in_date_order(events: Sequence[Event]) -> list[int]:
    """Where each event stands, a place's happenings in the order of their dates (undated
    last): its first happening keeps its key, the next take numbers, whichever order the
    text tells them in (an update's prose before its table, the next update's table alone)."""
    first: dict[str, int] = {}
    for at, event in enumerate(events):
        first.setdefault(event.key, at)
    return sorted(range(len(events)), key=lambda at: (first[events[at].key], events[at].date or "~", at))


_RANK = {"completed": 3, "started": 2, "planned": 1}


def one_per_happening(read: Sequence[tuple[int, Event]]) -> list[tuple[int, Event]]:
    """The readings of an edition's items, those that tell one happening of one place made
    one: a text that tells a handover in its prose and again in its table ("handed over Camp X
    on 15 May" and "Camp X | returned | 15 May") tells it once. Two readings of a place are
    one happening when they give the same date (the furthest status told of it wins: "to be
    handed over on 3 April", "handed over on 3 April"), or when one gives no date and no
    further status than the other (it says nothing the other does not); it stands where
    the place was first told. Two dates (or a day and a period) are two happenings: a serial
    update's "parcels returned in 2020" and "a parcel returned on 25 February 2022"."""
    out: list[tuple[int, Event]] = []
    same: dict[tuple, int] = {}  # (key, date, precision) -> where in `out` it is
    by_key: dict[str, list[int]] = {}  # key -> where its happenings are
    for index, event in read:
        at = same.get(_told(event))
        if at is not None and _same_happening(out[at][1], event) is None:
            at = None  # an undated reading met there is dated now, and less far along
        if at is None and (event.date is None or event.key in by_key):
            # an undated reading meets every happening; a dated one, the undated (at most one)
            at = next((i for i in by_key.get(event.key, ())
                       if (event.date is None or out[i][1].date is None)
                       and _same_happening(out[i][1], event) is not None), None)
        if at is None:
            by_key.setdefault(event.key, []).append(len(out))
            same[_told(event)] = len(out)
            out.append((index, event))
            continue
        merged = _same_happening(out[at][1], event) or out[at][1]  # never None: met above
        out[at] = (out[at][0], merged)
        same.setdefault(_told(merged), at)
    return out


def _told(event: Event) -> tuple:
    return (event.key, event.date, event.date_precision)


def _same_happening(first: Event, other: Event) -> Event | None:
    """The one event two readings of a place tell, else None: the dated reading (of the same
    date, the further along, else the first) with the other names both give."""
    rank_first, rank_other = _RANK.get(first.status or "", 0), _RANK.get(other.status or "", 0)
    if (first.date, first.date_precision) == (other.date, other.date_precision):
        kept, dropped = (other, first) if rank_other > rank_first else (first, other)
    elif first.date is None and rank_first <= rank_other:
        kept, dropped = other, first
    elif other.date is None and rank_other <= rank_first:
        kept, dropped = first, other
    else:
        return None
    names = {dropped.name, *dropped.aliases} - {kept.name, *kept.aliases, None, ""}
    return replace(kept, aliases=kept.aliases + tuple(sorted(names))) if names else kept


# what stands between two places side by side: "and", "&", a comma, each place's own brackets
_JOINT = re.compile(r"(?P<own>\s*\([^()]{1,40}\))?(?:(?P<and>(?:\s*,)?\s+(?:and|&)\s+|\s*&\s*)|\s*,\s*)"
                    r"(?:the\s+)?")


def _side_by_side(raw: str) -> list[str]:
    """ "Camp Bastion and Camp Leatherneck, Helmand: handed over ...": one item, two places
    named side by side, told the same; read once for each, as if the item named it alone."""
    if " and " not in raw and "&" not in raw:
        return [raw]
    # remembered by the words: footnote numbers move from edition to edition, words do not
    return _split(raw) if _splits(clean_text(raw)) else [raw]


@remembered(4096)
def _splits(text: str) -> bool:
    """Whether an item names two places side by side."""
    return len(_split(text)) > 1


def _split(raw: str) -> list[str]:
    """One text per place of the list that holds the item's own place ("Camp A and Camp B",
    "Camp A, Camp B and Camp C"), each as if the item named it alone. A list elsewhere in
    the item ("Camp A: its troops moved to Camp B and Camp C") is not the item's places."""
    places = all_places(raw)
    own = find_place(raw) if len(places) > 1 else None
    if own is None:
        return [raw]
    for run, kept in _lists(raw, places):
        if any(p.start == own.start for p in run):
            head, tail = raw[:run[0].start], raw[run[-1].end:]
            return [head + raw[p.start:p.end] + kept[i] + tail for i, p in enumerate(run)]
    return [raw]


def _lists(raw: str, places: Sequence[Place]) -> list[tuple[list[Place], list[str]]]:
    """The runs of places side by side that end on "and" ("A, B and C"), each with what its
    places keep in brackets: "(Kharab Ishk) and the ..."."""
    out = []
    run, kept, listed = [places[0]], [""], 0
    for place in [*places[1:], None]:
        joint = _JOINT.fullmatch(raw, run[-1].end, place.start) if place is not None else None
        if joint is not None:
            kept[-1] = joint.group("own") or ""
            run.append(place)
            kept.append("")
            listed = len(run) if joint.group("and") else listed
            continue
        if listed > 1:  # what follows the last "and" is no part of the list
            out.append((run[:listed], kept[:listed - 1] + [""]))
        if place is not None:
            run, kept, listed = [place], [""], 0
    return out


@dataclass(frozen=True)
class _ItemFacts:
    """What one item says apart from its date: the same item text (with the same footnotes,
    lead and host nations) always says the same, whatever the edition's as-of date."""
    text: str
    sentence: tuple[int, int]
    verb: Verb | None
    cell_status: str | None
    event: Event  # date and personnel still to fill in: they depend on as-of and date spans
    place_at: int = 0  # where the place is named
    done: dict[tuple[str | None, int | None], Event] = field(default_factory=dict, compare=False)
    days: dict[bool, str | None] = field(default_factory=dict, compare=False)  # planned -> day

    def completed(self, date: str | None, personnel: int | None) -> Event:
        """The event with its date and personnel; the same object each time they repeat."""
        key = (date, personnel)
        event = self.done.get(key)
        if event is None:
            event = self.done[key] = replace(self.event, date=date, personnel=personnel)
        return event

    def date(self, dates: list[DateMatch], planned: bool, as_of: str | None, stated: bool) -> str | None:
        """`item_date` of the item: the day its place's sentence states is remembered when its
        dates are `stated` (the same under any as-of date) and reaching that day reads no
        as-of date (`item_day_stated`), since the next edition asks again under a new one."""
        verb_at = self.verb.start if self.verb else None
        if stated:
            if planned not in self.days:
                self.days[planned] = item_day_stated(dates, self.sentence, planned, self.text, verb_at,
                                                     self.place_at)
            day = self.days[planned]
            if day is not None:
                return day
        return item_date(dates, self.sentence, planned, as_of, self.text, verb_at, self.place_at)


# Successive editions repeat most items word for word, so a bulk ingest meets the same item
# text again and again; its facts are looked up instead of parsed. Bounded, and cleared whole
# when full: a plain dict is cheaper than an LRU and the next edition refills it.
_FACTS: dict[tuple, _ItemFacts | None] = {}
_FACTS_MAX = 4096
forget_with_the_rest(_FACTS.clear)
# The same facts by the item's text alone: only the nations depend on the edition's lead and
# host, and a series names another host now and then ("troops from Poland" in one edition,
# "from Australia" in the next), which would read every item of it afresh.
_READ: dict[tuple, _ItemFacts | None] = {}
forget_with_the_rest(_READ.clear)


# "[Retracted] On 30 March ...", "(Deleted) ...", "Retracted: ...": the edition takes the
# item back (as it does by striking it out)
_RETRACTED = re.compile(r"\s*(?:[\[(](?:retracted|removed|deleted|erroneous|withdrawn in error)[\])]"
                        r"|(?:retracted|deleted)\s*[:.-])", re.IGNORECASE)


def retracted(raw: str) -> bool:
    """Whether an item takes itself back ("[Retracted] ...", "Deleted: ...")."""
    return _RETRACTED.match(raw or "") is not None


def _event(raw: str, ctx: Context, index: int, table: bool = False) -> Event | None:
    if retracted(raw):
        return None
    markers = tuple(dict.fromkeys(MARKER.findall(raw))) if raw and "[" in raw else ()
    notes = tuple(ctx.footnotes[m] for m in markers if m in ctx.footnotes)
    facts = _item_facts(clean_text(raw), table, notes, ctx)
    if facts is None:
        return None
    text = facts.text
    dates = find_dates(text, as_of=ctx.as_of)
    for d in dates:
        if d.warning:
            ctx.warnings.append(f"item {index}: {d.warning}")
    stated = dates_stated(text)
    date = facts.date(dates, facts.event.status == "planned", ctx.as_of, stated)
    if date and ctx.as_of and facts.verb is not None and facts.event.status is None:
        date = _nearest(date, facts.date(dates, True, ctx.as_of, stated), ctx.as_of)
    if date is None and facts.verb is not None:
        date = item_relative_day(text, facts.sentence, facts.verb.start, ctx.as_of,
                                 facts.event.status == "planned")
    if facts.verb is None and date is None and not (table and facts.cell_status):
        return None
    if date and ctx.as_of and date > ctx.as_of and facts.event.status == "completed":
        ctx.warnings.append(f"item {index}: {facts.event.name!r} is completed on {date}, "
                            f"after the edition's as-of date {ctx.as_of}")
    spans = tuple((d.start, d.end) for d in dates)
    event = facts.completed(date, _personnel(text, spans))
    if event.status == "started" and facts.verb is not None and date and not precision_of(date) \
            and (ctx.as_of is None or date <= ctx.as_of) and told_on_its_day(text, facts.verb.start):
        event = replace(event, status="completed")  # "30 November 2024 - advisers leave X"
    return _unless_taken_back(event, text, ctx)


def _nearest(behind: str, ahead: str | None, as_of: str) -> str:
    """An action told without tense ("Camp X: handover in late May") and a date without its
    year: the year that puts the date nearest the edition, ahead of it ("late May" in an
    April edition) or behind it ("20 December" in a January one)."""
    if not ahead or ahead == behind:
        return behind
    try:
        edition = _dt.date.fromisoformat(as_of)
        gap_behind = abs((edition - _dt.date.fromisoformat(str(behind))).days)
        gap_ahead = abs((_dt.date.fromisoformat(str(ahead)) - edition).days)
    except ValueError:
        return behind
    return ahead if gap_ahead < gap_behind else behind


def _unless_taken_back(event: Event, text: str, ctx: Context) -> Event | None:
    """An item saying earlier reports were wrong: its place is a retraction, and no event
    when it stands in the claim taken back ("earlier reports that X had closed were wrong")."""
    cue = taken_back(text) if MAY_TAKE_BACK.search(text) else None
    if cue is None:
        return event
    ctx.retractions.append(retraction(event.name, event.key, text))
    _, claim = cue
    if claim is not None and event.name and event.name in text[claim[0]:claim[1]]:
        return None
    return event


@remembered(4096)
def _personnel(text: str, date_spans: tuple[tuple[int, int], ...]) -> int | None:
    return find_personnel(text, date_spans)


def _item_facts(text: str, table: bool, notes: tuple[str, ...], ctx: Context) -> _ItemFacts | None:
    """The item's facts, looked up by its text (footnote markers dropped: their numbers move
    as items are added, their notes are part of the key) and what else they depend on."""
    if len(text) > ITEM_SIZE:
        return _read_item(text, table, notes, ctx)
    key = (text, table, notes, frozenset(ctx.lead), ctx.host)
    try:
        return _FACTS[key]
    except KeyError:
        pass
    read = (text, table, notes)
    if read in _READ:
        facts = _with_nations(_READ[read], ctx)
    else:
        facts = _read_item(text, table, notes, ctx)
        if len(_READ) >= _FACTS_MAX:
            _READ.clear()
        _READ[read] = facts
    if len(_FACTS) >= _FACTS_MAX:
        _FACTS.clear()
    _FACTS[key] = facts
    return facts


def _with_nations(facts: _ItemFacts | None, ctx: Context) -> _ItemFacts | None:
    """Facts read under another lead or host, with the nations this edition's give (the one
    step of `_read_item` that reads the context)."""
    if facts is None:
        return None
    event = facts.event
    nations = contributing_nations(facts.text, event.actors, ctx)
    if nations == event.nations:
        return facts
    return _ItemFacts(facts.text, facts.sentence, facts.verb, facts.cell_status,
                      replace(event, nations=nations), facts.place_at)


def _read_item(text: str, table: bool, notes: tuple[str, ...], ctx: Context) -> _ItemFacts | None:
    """The item's place, action, actors, nations and the rest: None when it names no place."""
    if not text:
        return None
    spans = sentence_spans(text)
    found = verb_matches(text)
    place = table_place(text) if table else find_place(text, spans, found)
    if place is None or heads_a_list(text, place.start, place.end):
        return None  # "The other X barracks returned are A, B and C": the prose reader's list
    sentence = sentence_at(spans, place.start)
    verb = main_verb(text, sentence, place, found)
    if verb is None and not table:
        verb = _later_verb(text, spans, sentence, place, found)
    elif verb is None and found:  # a table row: the action may be a column ("Handed to: ...")
        verb = verbs_in(text, 0, len(text), found)[0]
    if verb is not None and verb.action == "withdrawal" and not table and verb.end <= place.start \
            and a_journey(text, verb.end, place.start, place.end):
        return None  # "A regiment left Varna for Tosk on 3 April": no site left
    if verb is not None and verb.status == "started" and not table:
        verb = _completed_later(text, spans, verb, place, found)
    cell_status = row_status(text) if table else None
    name = _names.clean_name(place.name)
    actors = find_actors(text, sentence, verb)
    event = Event(
        key=_names.place_key(name) or _names.slugify(name) or "event",
        name=name,
        date=None,
        action=verb.action if verb else None,
        status=_row_or_verb_status(verb, cell_status) if verb else (cell_status if table else bare_status(text)),
        place=place_description(text, place.end),
        actors=actors,
        nations=contributing_nations(text, actors, ctx),
        personnel=None,
        notes=notes,
        aliases=place_aliases(text, place, notes),
        text=text,
    )
    return _ItemFacts(text, sentence, verb, cell_status, event, place.start)


def _row_or_verb_status(verb: Verb, cell_status: str | None) -> str | None:
    """A row whose cells say planned ("planned for May") or begun ("Partially vacated") is so,
    though its action is a column's heading or a verb told as done ("Handed over"); an action
    told without tense ("Awaiting handover") takes the cells' status; else the verb's tense."""
    if verb.status is None or cell_status in ("planned", "started") and verb.status == "completed":
        return cell_status or verb.status
    return verb.status


def _completed_later(text: str, spans: Sequence[tuple[int, int]], verb: Verb, place: Place,
                     found: Sequence) -> Verb:
    """A step told as begun, then as done later in the item ("First convoy left on 10 October;
    camp handed over on 22 October"): the item tells the place's progress in order, so the
    latest step is its state, unless another place comes between."""
    own = _names.place_key(place.name)
    for s, e in spans:
        if e <= verb.end:
            continue
        start = max(s, verb.end)
        if any(_names.place_key(p.name) != own for p in all_places(text[start:e])):
            return verb
        done = [v for v in verbs_in(text, start, e, found) if v.status == "completed"]
        if done:
            return done[0]
    return verb


def _later_verb(text: str, spans: Sequence[tuple[int, int]], sentence: tuple[int, int],
                place: Place, found: Sequence) -> Verb | None:
    """When the place's sentence has no action ("Camp X: a rocket attack ... The base was
    handed over on ..."), the first action of a later sentence that names no other place."""
    own = _names.place_key(place.name)
    for s, e in spans:
        if s < sentence[1]:
            continue
        verbs = verbs_in(text, s, e, found)
        if not verbs:
            continue
        if any(_names.place_key(p.name) != own for p in all_places(text[s:e])):
            return None
        return verbs[0]
    return None
