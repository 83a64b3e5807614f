"""One event per place: the mentions of a place across a report (its headline, paragraphs and
the sentences that mean it by "the camp") gathered into one `Event`.

The furthest status told wins (completed, then started, then planned); among the mentions that
tell it, a dated one from the body before the headline, the handover before the withdrawal,
the earliest; the place takes its fullest name. "Timbuktu" and "Timbuktu camp" are one place.

Input: the `Mention`s of a report, in order, and the keys of places the items already tell.
Output: `Event`s. It must not read text again: all it knows is in the mentions.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tracker import identity as _names
from tracker.model import Event
from tracker.parse.mentions import Mention
from tracker.parse.site_names import HEAD
from tracker.vocabulary.periods import precision_of

_RANK = {"completed": 3, "started": 2, "planned": 1}
# a base left and handed over on the same day was handed over: the handover says more
_ACTION_RANK = {"handover": 0, "transfer": 0, "closure": 1, "withdrawal": 2, "drawdown": 3}


def gather(mentions: list[Mention], taken: set[str]) -> list[Event]:
    """One event per place, of the mentions of places not in `taken` (a place already told
    counts again only with a date); a place met under a longer or shorter name is one place."""
    by_key: dict[str, list[Mention]] = {}
    prefixes: dict[str, str] = {}  # every "-"-prefix of a key met -> that key
    shortened = _shorter_forms(taken)
    for m in mentions:
        town = _town_key(m) if m.key not in taken else ""
        if town in taken and m.key.startswith(town + "-"):  # "the company operating base at
            m = replace(m, key=town)  # Bangolo" of the items' "Bangolo": one place, as below
        elif town in shortened:  # "the office in Tbilisi": the items' "Tbilisi Liaison Office"
            m = replace(m, key=shortened[town])
        if m.key in taken and not m.date:
            continue
        key = _merge_key(m.key, by_key, prefixes)
        by_key.setdefault(key, []).append(m)
        parts = key.split("-")
        for n in range(1, len(parts)):
            prefixes.setdefault("-".join(parts[:n]), key)
    events = []
    for key, group in by_key.items():
        events.append(_event(key, group))
    return events


def _shorter_forms(keys: set[str]) -> dict[str, str]:
    """The town a place told by the items is named after, to the item's key, when only one
    item is so named: "the sector headquarters in Zugdidi" is the items' "Zugdidi Sector
    Headquarters", "the office in Tbilisi" their "Tbilisi Liaison Office"."""
    out: dict[str, str] = {}
    for key in keys:
        first = key.split("-", 1)[0]
        if first != key:
            out[first] = "" if first in out else key
    return {k: v for k, v in out.items() if v}


def _town_key(m: Mention) -> str:
    """The key of the town a mention names a facility by ("Tbilisi office": "tbilisi", a
    sentence's "the station" meaning the "Rufisque transmission station": "rufisque"), or ""."""
    if " " not in m.name:
        return ""
    if m.core:
        return _names.place_key(m.core)
    described = any(w.islower() for w in m.name.split()[1:])  # "Rufisque transmission station"
    return m.key.split("-", 1)[0] if described else m.key


def _merge_key(key: str, known: dict[str, list[Mention]], prefixes: dict[str, str]) -> str:
    """The key of a place already met under a longer or shorter form of its name
    ("Timbuktu" and "Timbuktu camp" share "timbuktu"; "Kandahar Airfield" and "Kandahar")."""
    if key in known:
        return key
    if key in prefixes:  # met before under a longer name
        return prefixes[key]
    parts = key.split("-")
    for n in range(len(parts) - 1, 0, -1):  # met before under a shorter one
        shorter = "-".join(parts[:n])
        if shorter in known:
            return shorter
    return key


def _event(key: str, group: list[Mention]) -> Event:
    status = max((m.status for m in group), key=lambda s: _RANK.get(s, 0))
    same = [m for m in group if m.status == status]
    body = [m for m in same if not m.headline]
    dated = [m for m in body if m.date] or [m for m in same if m.date]
    dated = [m for m in dated if not precision_of(m.date)] or dated  # a day before a period
    pool = dated or body or same
    best = min(pool, key=lambda m: (_ACTION_RANK.get(m.action, 9), m.order))
    date = best.date
    if best.implied:  # the headline's date is the edition's: a day the body tells is the event's
        told = [m for m in group if m.date and not m.headline and not precision_of(m.date)]
        if told:
            date = min(told, key=lambda m: (_ACTION_RANK.get(m.action, 9), m.order)).date
    name = max((m.name for m in group), key=_name_weight)
    event = Event(key=key, name=name, date=date, action=best.action, status=status,
                  text=best.text)
    return replace(event, aliases=tuple(sorted({m.name for m in group} - {name}))[:0])


def _name_weight(name: str) -> tuple[int, int]:
    """The fullest name a place was given: with its facility word, then the longest."""
    facility = bool(re.search(HEAD, name, re.IGNORECASE))
    return (facility, len(name))

