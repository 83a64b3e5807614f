"""Applying an analyst's corrections to a parser's reading: a pure function of the reading,
the corrections in force and the edition's text.

Scope (per edition, in as-of order): a correction holds for its edition and for the later
ones as long as the reader reads the same fact from the same sentence:
- reject / set: the parser's reading has an entity with that key whose `text` is the anchor
  sentence (whitespace-insensitive);
- add: the quote still occurs in the edition's text (whitespace- and case-insensitive).
Its outcome in one reading is then:
- "applied": it holds and changes the reading;
- "moot": the parser already reads what it says (the field equals `after`; a rejected fact no
  longer read at all; an added fact now read, under its key or its place's name);
- "superseded": it no longer holds (the source changed that fact: the parser's reading shows),
  and it stays superseded in every later edition.
A brief that folds its reports (cumulative) applies a correction to its own report alone.
A parser change that reads the same sentence differently does not lift a correction.

Must not: read the database, files or the clock; decide who may correct what.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from tracker.correct.records import FactCorrection, normalised
from tracker.model import APPLIED, MOOT, SUPERSEDED, AppliedCorrection, Change, Count, Event, Snapshot


@dataclass(frozen=True)
class EditionToCorrect:
    """One edition as the corrections see it: its number and as-of, whether its brief folds
    it (then only its own corrections apply), the parser's reading (keys settled), and its
    text as read (a function: only an `add` asks for it)."""

    number: int
    as_of: str
    folds: bool
    parsed: Snapshot
    text: Callable[[], str]


def _entities(snapshot: Snapshot, entity: str) -> tuple[Any, ...]:
    return snapshot.events if entity == "event" else snapshot.counts


def _find(snapshot: Snapshot, entity: str, key: str) -> Any:
    return next((x for x in _entities(snapshot, entity) if x.key == key), None)


def _reads_added(snapshot: Snapshot, c: FactCorrection) -> bool:
    """Whether the parser reads the place an `add` names: under its key or its name's."""
    from tracker.identity import place_key

    name = place_key(c.event.get("name") or "") or c.key
    return any(e.key == c.key or place_key(e.name) == name for e in snapshot.events)


def loose(text: str | None) -> str:
    """Text as a quote is matched: formatting-free (white space, quotes, dashes, footnote
    markers such as "[1]": `tracker.diff.normalise_text`), without emphasis marks (* _ `),
    case-folded. The sentence tracker shows and the text it was read from agree in this form."""
    from tracker.diff import normalise_text

    return " ".join(_MARKUP.sub("", normalise_text(text)).casefold().split())


_MARKUP = re.compile(r"[*_`]+")


def quoted(quote: str, text: str) -> bool:
    """Whether `quote` occurs in `text`, as the reader is shown both: whitespace-, case- and
    formatting-insensitively (see `loose`), so a sentence copied from tracker's output matches
    the stored text it came from, footnote markers and all."""
    wanted = loose(quote)
    return bool(wanted) and wanted in loose(text)


def outcome_of(c: FactCorrection, parsed: Snapshot, text: Callable[[], str]) -> str:
    """"applied", "moot" or "superseded": what `c` does to the parser's reading `parsed` of
    an edition in its scope (see the module docstring)."""
    if c.op == "add":
        if not quoted(c.anchor, text()):
            return SUPERSEDED
        return MOOT if _reads_added(parsed, c) else APPLIED
    found = _find(parsed, c.entity, c.key)
    same_sentence = found is not None and normalised(found.text) == normalised(c.anchor)
    if c.op == "reject":
        if same_sentence:
            return APPLIED
        return MOOT if found is None else SUPERSEDED
    if not same_sentence:
        return SUPERSEDED
    return MOOT if _plain(getattr(found, c.field or "", None)) == _plain(c.after) else APPLIED


def _plain(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _note(c: FactCorrection, parsed: Snapshot, outcome: str) -> AppliedCorrection:
    """How a reading records `c`: the parser's value in this reading as `before`."""
    found = _find(parsed, c.entity, c.key) if c.op != "add" else None
    if c.op == "set":
        before = getattr(found, c.field or "", None) if found is not None else c.before
        return AppliedCorrection(c.id, c.op, c.entity, c.key, c.field, before, c.after, c.reason,
                                 c.by, c.at, outcome)
    if c.op == "reject":
        label = (found.name if c.entity == "event" else found.subject) if found is not None else c.before
        return AppliedCorrection(c.id, c.op, c.entity, c.key, None, label, None, c.reason, c.by, c.at, outcome)
    return AppliedCorrection(c.id, c.op, c.entity, c.key, None, None, c.event.get("name") or c.key,
                             c.reason, c.by, c.at, outcome)


def added_event(c: FactCorrection) -> Event:
    """The event an `add` gives, resting on its quote."""
    ev = c.event
    event = Event(c.key, ev.get("name") or c.key, ev.get("date"), ev.get("action"), ev.get("status"),
                  ev.get("place"), nations=tuple(ev.get("nations") or ()), text=normalised(c.anchor))
    precision = ev.get("date_precision")
    if precision and hasattr(event, "date_precision"):
        event = replace(event, date_precision=precision)
    return event


def _set(entity: Any, field: str, value: Any) -> Any:
    changes = {field: value}
    if field == "date" and hasattr(entity, "date_precision"):
        changes["date_precision"] = None  # a date the analyst gives is a day
    return replace(entity, **changes)


def apply_corrections(parsed: Snapshot, in_force: Iterable[FactCorrection],
                      text: Callable[[], str]) -> Snapshot:
    """The parser's reading `parsed` with the corrections `in_force` applied, in id order; the
    result's `fact_corrections` records each one with its outcome (none in force: `parsed`
    itself, unchanged)."""
    ordered = sorted(in_force, key=lambda c: c.id)
    if not ordered:
        return parsed
    events: list[Event] = list(parsed.events)
    counts: list[Count] = list(parsed.counts)
    notes = []
    for c in ordered:
        outcome = outcome_of(c, parsed, text)
        notes.append(_note(c, parsed, outcome))
        if outcome != APPLIED:
            continue
        items: list[Any] = events if c.entity == "event" else counts
        if c.op == "add":
            events.append(added_event(c))
        elif c.op == "reject":
            items[:] = [x for x in items if x.key != c.key]
        else:
            items[:] = [_set(x, c.field or "", c.after) if x.key == c.key else x for x in items]
    return replace(parsed, events=tuple(events), counts=tuple(counts), fact_corrections=tuple(notes))


def carried(reading: Snapshot, records: dict[int, FactCorrection]) -> list[FactCorrection]:
    """The corrections a reading hands on to the next edition (as-of order): those it applied
    or found moot, not those superseded (nor any no longer recorded: revoked)."""
    return [records[n.id] for n in reading.fact_corrections if n.outcome != SUPERSEDED and n.id in records]


def correct_editions(editions: Sequence[EditionToCorrect], corrections: Iterable[FactCorrection],
                     revoked: Iterable[int] = ()) -> dict[int, Snapshot]:
    """Edition number -> its corrected reading (the parser's when no correction is in force),
    for `editions` in as-of order (the brief's editions in force), with every correction
    recorded less those `revoked`: each from its own edition on, per the scope rule."""
    gone = set(revoked)
    own: dict[int, list[FactCorrection]] = {}
    for c in corrections:
        if c.id not in gone:
            own.setdefault(c.edition, []).append(c)
    out: dict[int, Snapshot] = {}
    handed: dict[int, FactCorrection] = {}
    for ed in editions:
        in_force = {} if ed.folds else dict(handed)
        in_force.update({c.id: c for c in own.get(ed.number, ())})
        corrected = apply_corrections(ed.parsed, in_force.values(), ed.text)
        out[ed.number] = corrected
        handed = {} if ed.folds else {c.id: c for c in carried(corrected, in_force)}
    return out


def applied_notes(snapshot: Snapshot) -> dict[tuple[str, str], list[AppliedCorrection]]:
    """(entity, key) -> the corrections applied to it in this reading (rejections included:
    their entity is gone from the reading)."""
    out: dict[tuple[str, str], list[AppliedCorrection]] = {}
    for n in snapshot.fact_corrections:
        if n.outcome == APPLIED:
            out.setdefault((n.entity, n.key), []).append(n)
    return out


def _covers(notes: list[AppliedCorrection], change: Change) -> set[int]:
    ids = set()
    for n in notes:  # a fact new to (or gone from) a reading is an analyst's only when added or rejected
        if n.op != "set" or (change.field is not None and (n.field == change.field or
                                                           {n.field, change.field} == {"date", "date_precision"})):
            ids.add(n.id)
    return ids


def mark_corrected(changes: Iterable[Change], before: Snapshot, after: Snapshot) -> list[Change]:
    """`changes` from `before` to `after`, those an analyst's correction makes (applied on one
    side only, not superseded on the other) as kind "corrected": never a change in the source."""
    changes = list(changes)
    if not before.fact_corrections and not after.fact_corrections:
        return changes
    old, new = applied_notes(before), applied_notes(after)
    lifted = {n.id for n in (*before.fact_corrections, *after.fact_corrections) if n.outcome == SUPERSEDED}
    out = []
    for ch in changes:
        where = (ch.entity, ch.key)
        mine = _covers(new.get(where, []), ch) ^ _covers(old.get(where, []), ch)
        out.append(replace(ch, kind="corrected") if mine - lifted else ch)
    return out


def rejections_made(changes: Sequence[Change], before: Snapshot, after: Snapshot) -> list[Change]:
    """`changes` plus a "corrected" change for each fact an analyst rejected in `after` that
    `before` did not hold either (a fact new to `after`): without it, a rejection of a newly
    reported fact would leave no trace in a diff, as if the source had never said it."""
    if not after.fact_corrections:
        return list(changes)
    told = {(c.entity, c.key) for c in changes}
    held = applied_notes(before)
    out = list(changes)
    for n in after.fact_corrections:
        where = (n.entity, n.key)
        if n.op == "reject" and n.outcome == APPLIED and where not in told and where not in held:
            gone = {"name": n.before} if n.entity == "event" else {"subject": n.before}
            out.append(Change("corrected", n.entity, n.key, n.before, None, gone, None))  # type: ignore[arg-type]
            told.add(where)
    return out

