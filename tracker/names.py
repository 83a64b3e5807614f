"""TEMPORARY identity helpers until the parser lands; same signatures."""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from tracker.model import Event, Snapshot


def place_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def event_identities(event: Event) -> set[str]:
    return {place_key(n) for n in (event.name, *event.aliases)} | {event.key}


def identities_of(snapshot: Snapshot) -> dict[str, str]:
    return {i: e.key for e in snapshot.events for i in event_identities(e)}


def rekey(snapshot: Snapshot, known: Mapping[str, str]) -> Snapshot:
    events = []
    for e in snapshot.events:
        hits = [known[i] for i in sorted(event_identities(e)) if i in known]
        events.append(replace(e, key=hits[0]) if hits else e)
    return replace(snapshot, events=tuple(events))


def closest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(name, list(candidates), n=n, cutoff=0.5)
