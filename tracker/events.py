"""Events: one item (a list item, table row or dated line) -> an `Event`: its place, action and
status, date, actors, nations, personnel, footnotes and aliases, under a key unique in the snapshot."""

from __future__ import annotations

from collections.abc import Sequence

from tracker import names as _names
from tracker.actions import _bare_status, _main_verb, _Verb, _verb_matches, _verbs
from tracker.actors import _actors
from tracker.dates import DateMatch, find_dates
from tracker.model import Event
from tracker.nations import _nations
from tracker.numbers import find_personnel
from tracker.parse_state import _Context, _Keys
from tracker.place_details import _aliases, _description
from tracker.places import TABLE_MARKER, _all_places, _cell_status, _find_place, _Place, \
    _table_place
from tracker.sentences import _MARKER, _clean, _sentence_at, _sentences


def _events(candidates: Sequence[tuple[str, str | None]], ctx: _Context) -> list[Event]:
    events, used = [], _Keys()
    for index, (raw, marker) in enumerate(candidates, 1):
        try:
            event = _event(raw, ctx, index, table=marker == TABLE_MARKER)
        except RecursionError:  # pragma: no cover - defensive: never let one item sink a parse
            event = None
        if event is None:
            continue
        key = used.claim(event.key)
        if key != event.key:
            ctx.warnings.append(f"item {index}: {event.name!r} repeats key {event.key!r}; "
                                f"kept as {key!r}")
            event = Event(**{**event.__dict__, "key": key})
        events.append(event)
    return events


def _event(raw: str, ctx: _Context, index: int, table: bool = False) -> Event | None:
    markers = list(dict.fromkeys(_MARKER.findall(raw or "")))
    text = _clean(raw)
    if not text:
        return None
    spans = _sentences(text)
    found = _verb_matches(text)
    place = _table_place(text) if table else _find_place(text, spans, found)
    if place is None:
        return None
    sentence = _sentence_at(spans, place.start)
    verb = _main_verb(text, sentence, place, found)
    if verb is None and not table:
        verb = _later_verb(text, spans, sentence, place, found)
    dates = find_dates(text, as_of=ctx.as_of)
    for d in dates:
        if d.warning:
            ctx.warnings.append(f"item {index}: {d.warning}")
    date = _event_date(dates, sentence)
    if verb is None and date is None and not (table and _cell_status(text)):
        return None
    notes = tuple(ctx.footnotes[m] for m in markers if m in ctx.footnotes)
    name = _names.clean_name(place.name)
    key = _names.place_key(name) or _names.slugify(name) or "event"
    actors = _actors(text, sentence, verb)
    return Event(
        key=key,
        name=name,
        date=date,
        action=verb.action if verb else None,
        status=verb.status if verb else (_cell_status(text) if table else _bare_status(text)),
        place=_description(text, place.end),
        actors=actors,
        nations=_nations(text, actors, ctx),
        personnel=find_personnel(text, [(d.start, d.end) for d in dates]),
        notes=notes,
        aliases=_aliases(text, place, notes),
        text=text,
    )


def _event_date(dates: Sequence[DateMatch], sentence: tuple[int, int]) -> str | None:
    """The first complete date in the place's sentence, else the first in the item."""
    full = [d for d in dates if d.iso]
    for d in full:
        if sentence[0] <= d.start < sentence[1]:
            return d.iso
    return full[0].iso if full else None


def _later_verb(text: str, spans: Sequence[tuple[int, int]], sentence: tuple[int, int],
                place: _Place, found: Sequence) -> _Verb | None:
    """When the place's sentence has no action ("Camp X: a rocket attack ... The base was
    handed over on ..."), the first action of a later sentence that names no other place."""
    own = _names.place_key(place.name)
    for s, e in spans:
        if s < sentence[1]:
            continue
        verbs = _verbs(text, s, e, found)
        if not verbs:
            continue
        if any(_names.place_key(p.name) != own for p in _all_places(text[s:e])):
            return None
        return verbs[0]
    return None
