"""The brief parser: a Document of blocks -> a Snapshot of keyed events, counts and sections.

A pure function of the text: no database, no network, no knowledge of any particular brief.
Everything it knows is about how such briefs are written: a place is a capitalised name next
to a generic word ("K-1 airbase", "Camp Taji"); what happened is the action verb nearest the
place in its sentence; a headline figure is a number, a plural noun and a past participle.
Reading (tracker.read.reader) has already turned text, Markdown or HTML into the same blocks.

This module is the entry point and puts the stages together; each lives in its own module:
- `sections` (title, as-of date, footnotes, sections) and `dating` (the edition's own date);
- `events`, the item reader (a list item, table row or dated line -> Event), drawing on `places`
  (the place an item is about), `place_details`, `actions`, `actors` and `nations`;
- `reports`, the prose reader (sentences of news prose -> one Event per place), whose stages
  are `triggers` (action words), `sites` (find sites), `lists` (lists, locations and areas)
  with `enumerations` (names set off after a number that stands for them),
  `mentions` (what one sentence says) and `gathering` (one event per place);
- shared by both readers: `tense` (status from tense), `mention_dates` (dates of mentions),
  `retractions` (what an edition takes back);
- `tallies` (headline figures) and `counts` (their check against the items listed);
`sentences` and `state` hold the text helpers and per-parse state they share; `forces` says
which names act as forces (never sites) in an edition.

It never raises on odd text: what it cannot make sense of is skipped or becomes a warning.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from tracker import identity as _names
from tracker.model import Snapshot
from tracker.parse.counts import count_warnings
from tracker.parse.dating import DAY_FIRST, YEAR_AMONG, YEAR_FROM_BODY, dated_edition
from tracker.parse.retrospect import in_year_looked_back, looked_back_year
from tracker.parse.events import item_events
from tracker.parse.forces import forces_among
from tracker.parse.furniture import widget_line
from tracker.parse.nations import NationMention, lead_and_host
from tracker.parse.reports import report_events, struck_retractions
from tracker.parse.retractions import unique
from tracker.parse.sections import footnotes, split_title, walk
from tracker.parse.sentences import clean_text
from tracker.parse.state import Context
from tracker.parse.tallies import read_tallies
from tracker.vocabulary.verbs import VERB

__all__ = ["parse_document", "parse_bytes", "parse_text", "clear_caches"]


# --------------------------------------------------------------------------------------------
# Entry points


def parse_bytes(data: bytes, filename: str | None = None, *, as_of: str | None = None,
                encoding: str | None = None) -> Snapshot:
    """Read (tracker.read.reader) and parse one edition; InputError from reading is the only error.
    `encoding`: the charset the bytes are in, when known (a stored edition's, say)."""
    from tracker.read.reader import read_document

    return parse_document(read_document(data, filename, encoding=encoding), as_of=as_of, filename=filename)


def clear_caches() -> None:
    """Forget what the parser remembers between editions (item facts, dates and counts per
    sentence, nation mentions, place keys), so that a timing sees a first parse."""
    from tracker import memo

    memo.clear()  # every parse stage is imported with this module, so each memo is registered


_EXTENSIONS = {"text": "txt", "txt": "txt", "plain": "txt", "markdown": "md", "md": "md",
               "html": "html", "htm": "html"}


def parse_text(text: str, fmt: str = "text", *, as_of: str | None = None) -> Snapshot:
    """Parse an edition given as a string in the named format (text, markdown or html)."""
    ext = _EXTENSIONS.get((fmt or "text").lower(), "txt")
    return parse_bytes(text.encode("utf-8"), f"edition.{ext}", as_of=as_of)


_UNDER_WAY = re.compile(r"\b(?:under\s*way|ongoing|in\s+progress|began|begun|started|continu\w*)\b",
                        re.IGNORECASE)


def _with_list_action(events: list[Any], body: list[Any], title: str | None) -> list[Any]:
    """An item that names a place and a day but no action ("18 August 2013 - Tarvo")
    takes the action of the heading or lead-in it is listed under ("Bases transferred"), else
    of the title: the list says what happened to each of its places. So does a dated table
    row whose columns tell no action ("Sites handed over" over "Camp Kilo | 12 March")."""
    if all(e.action for e in events):
        return events
    lead: dict[str, str] = {}
    rows: set[str] = set()  # table rows that take the heading's action only with a day
    found = VERB.search(title or "")
    current = found.lastgroup if found else None
    for b in body:
        if b.kind in ("heading", "paragraph"):
            found = VERB.search(b.text or "")
            if b.kind == "heading" or found:
                current = found.lastgroup if found else current
        elif b.kind == "item":
            own = VERB.search(b.text or "")  # a table row's columns may tell it; when they
            if own or current:                # do not, the heading it is listed under does
                lead[clean_text(b.text)] = own.lastgroup if own else current
                if not own and b.marker == "|":
                    rows.add(clean_text(b.text))
    return [replace(e, action=lead[e.text]) if not e.action and e.text in lead
            and (e.date or e.text not in rows) else e for e in events]


def _with_progress(event: Any, as_of: str | None) -> Any:
    """An action told without its progress ("Closure of the Guiglo camp under way", "Handover
    of Camp X: 12 March") takes it from the item's words and date: ahead of the edition is
    planned, "under way" is started, else it is done."""
    if event.status is not None or event.action is None:
        return event
    if event.date and as_of and event.date > as_of:
        return replace(event, status="planned")
    return replace(event, status="started" if _UNDER_WAY.search(event.text) else "completed")


def _with_prose(items: list[Any], told: list[Any], taken: set[str]) -> list[Any]:
    """The items' events, a day the prose gives filled in where an item gives none (a table
    row "Camp Taji | this week" and "handed Camp Taji ... on Sunday"), then the places only
    the prose tells."""
    dated = {e.key: e for e in told if e.key in taken and e.date}
    # the day with its precision: "returned last month" gives a month, not its first day
    merged = [replace(e, date=dated[e.key].date, date_precision=dated[e.key].date_precision)
              if e.date is None and e.key in dated else e for e in items]
    return merged + [e for e in told if e.key not in taken]


def _core_words(name: str) -> list[str]:
    """The capitalised words of a name that are all its key ("Kestrel" of "the Kestrel camp"):
    the words a force's name would be."""
    key = _names.place_key(name)
    return [w for w in name.split() if w[:1].isupper() and "-" not in key
            and _names.place_key(w) == key]


def _without_forces(events: list[Any], texts: list[str]) -> list[Any]:
    """The events but those named after a force the edition shows acting ("Operation Kestrel"
    ... "the Kestrel camp"): whoever leaves or hands over is never the site left."""
    named = {e.key: _core_words(e.name or "") for e in events}
    forces = forces_among(texts, [w for words in named.values() for w in words])
    if not forces:
        return events
    return [e for e in events if not any(w in forces for w in named[e.key])]


def parse_document(doc: Any, *, as_of: str | None = None, filename: str | None = None) -> Snapshot:
    """The snapshot an edition states; the caller's `as_of` overrides the date the file name
    or the text gives."""
    blocks = [b for b in getattr(doc, "blocks", ()) if (b.text or "").strip()]
    warnings: list[str] = list(getattr(doc, "warnings", ()) or ())
    title, body = split_title(blocks)
    body = [b for b in body if not widget_line(b.text)]  # "Watch: Camp X handover, 27 Feb"
    edition_as_of, source = (as_of, "given") if as_of else dated_edition(
        body, title, filename, getattr(doc, "dated", ()))
    if edition_as_of is None:  # nothing guessed from the body's days: the caller is asked
        warnings.append("no as-of date: the text states none (no 'As of' line, dateline or "
                        "publication date, and the file name no date); pass --as-of")
    elif source == YEAR_FROM_BODY:  # a reading, not a statement: said, never stored silently
        warnings.append(f"as-of date {edition_as_of}: the dateline gives no year, "
                        f"{edition_as_of[:4]} is read from what the text says of its own year "
                        "('last year, in ...', '... years ago'); check it or pass --as-of")
    elif source == DAY_FIRST:
        warnings.append(f"as-of date {edition_as_of}: read day first from a date written with "
                        "slashes whose day and month could swap; if the page writes the month "
                        "first, pass --as-of")
    elif source == YEAR_AMONG:
        warnings.append(f"as-of date {edition_as_of}: the dateline gives no year, {edition_as_of[:4]} "
                        "is the latest of several years the header names; check it or pass --as-of")
    seen: dict[str, tuple[NationMention, ...]] = {}
    ctx = Context(edition_as_of, footnotes(body), *lead_and_host(body, seen), seen=seen)
    sections, candidates, prose = walk(body, ctx)
    events = item_events(candidates, ctx)
    listed = len(events)  # a count is checked against the items a brief lists, not a report's mentions
    # a place the items already tell, by its name or the town it stands in ("Camp Castor, Gao")
    taken = {e.key for e in events} | {_names.place_key(e.place) for e in events
                                       if e.place and len(e.place.split()) <= 3}
    read_items = {clean_text(e.text) for e in events}
    events = _with_prose(events, report_events(body, title, ctx, taken=taken, read_items=read_items),
                         taken)
    events = [_with_progress(e, edition_as_of) for e in _with_list_action(events, body, title)]
    events = _without_forces(events, [title or "", *(b.text or "" for b in body)])
    opening = [title or "", next((b.text for b in body if b.kind == "paragraph"), "")]
    events = in_year_looked_back(events, looked_back_year(
        opening, [b.text or "" for b in body], edition_as_of), edition_as_of)
    # list items state tallies too ("- Nine sites have been handed over since March 2020")
    items = [clean_text(text) for text, marker in candidates if marker is not None]
    counts = read_tallies(([title] if title else []) + prose, ctx, items,
                          headings=[b.text for b in body if getattr(b, "kind", None) == "heading"
                                    and b.text != title])
    taken_back = unique([*ctx.retractions, *struck_retractions(getattr(doc, "struck", ()), ctx)])
    warnings.extend(ctx.warnings)
    # a report in prose lists nothing: its dated lines are no list its tally counts
    has_list = any(marker is not None for _, marker in candidates)
    warnings.extend(count_warnings(counts, events[:listed] if has_list else ()))
    return Snapshot(
        title=title,
        as_of=edition_as_of,
        events=tuple(events),
        counts=tuple(counts),
        sections=tuple(sections),
        warnings=tuple(dict.fromkeys(warnings)),
        retractions=taken_back,
    )
