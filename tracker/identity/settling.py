"""Settling a new edition onto the keys the record holds, and name -> key for lookups.

The other half of identity: `tracker.identity.keys` says which spellings are one place; this
module applies that, with the analyst's aliases, to what the store hands over (identity rows,
aliases, names seen), so that a respelled base keeps its key across editions and a NAME given
on the command line finds it. The store only records; these functions decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from tracker.identity.keys import identities_of, keep_respelled, place_key, rekey
from tracker.model import Snapshot


class Known(Protocol):
    """What the record holds that a new snapshot is settled against (`tracker.store.Prior`)."""

    aliases: list[Any]

    def before(self) -> Snapshot: ...

    def identities(self, wanted: Iterable[str]) -> dict[str, str]: ...


def alias_target(alias: Any, derived: Mapping[str, str]) -> str:
    """The key an alias points at: its canonical name's established key, else its own."""
    return derived.get(place_key(alias.canonical)) or derived.get(alias.canonical) or alias.key


def with_aliases(derived: Mapping[str, str], aliases: Iterable[Any]) -> dict[str, str]:
    """identity -> key for matching: the derived identities, overridden by aliases (global
    ones first, then the brief's own, each in recording order)."""
    known = dict(derived)
    for alias in sorted(aliases, key=lambda a: (a.brief is not None, a.id)):
        known[place_key(alias.name)] = alias_target(alias, derived)
    return known


def alias_key(canonical: str, derived: Mapping[str, str]) -> str:
    """The key a new alias to `canonical` records: the established one, else its own."""
    own = place_key(canonical) or canonical
    return derived.get(place_key(canonical)) or derived.get(canonical) or own


def settle(snapshot: Snapshot, known: Known) -> tuple[Snapshot, dict[str, str]]:
    """A new snapshot under established keys, and the identity rows it adds.

    Its events take the keys their identities already have (aliases first), then a
    respelled event keeps the key of the one it replaces in the snapshot in force. Only the
    identities this edition can match are asked for (its own, and aliases' targets): the
    record grows with every base ever seen, reading all of it would make ingest O(history).
    """
    own = identities_of(snapshot)
    wanted = set(own)
    wanted |= {x for a in known.aliases for x in (place_key(a.canonical), a.canonical)}
    derived = known.identities(wanted)
    settled = rekey(snapshot, with_aliases(derived, known.aliases))
    settled = keep_respelled(known.before(), settled)  # a new spelling keeps its key
    same = len(settled.events) == len(snapshot.events) and all(
        a is b for a, b in zip(settled.events, snapshot.events))
    mine = own if same else identities_of(settled)  # rekey kept every key: the same events
    derived.update(known.identities(set(mine) - wanted))
    return settled, {i: k for i, k in mine.items() if i not in derived}


def known_names(seen: Iterable[tuple[str, str | None]], derived: Mapping[str, str],
                aliases: Iterable[Any]) -> dict[str, str]:
    """Every spelling -> key: keys and names seen, identities, and aliases (which win).
    For matching a user's NAME and for suggestions."""
    names: dict[str, str] = {}
    for key, name in seen:
        names.setdefault(key, key)
        if name:
            names.setdefault(name, key)
    for identity, key in derived.items():
        names.setdefault(identity, key)
    for alias in aliases:
        names[alias.name] = alias_target(alias, derived)
    return names


def alias_map(aliases: Iterable[Any]) -> dict[str, str]:
    """identity -> canonical key from the hand-made aliases, applied at read time too."""
    return {place_key(alias.name): alias.key for alias in aliases}


def find_key(name: str, names: Mapping[str, str], aliases: Mapping[str, str]) -> str | None:
    """NAME matched through aliases, keys and every spelling seen, case-insensitively."""
    if place_key(name) in aliases:
        return aliases[place_key(name)]  # a hand-made alias wins over the spelling it renames
    wanted = name.strip().lower()
    for spelling, key in names.items():
        if spelling.lower() == wanted or key == wanted:
            return key
    identity = place_key(name)
    for spelling, key in names.items():
        if identity and (place_key(spelling) == identity or key == identity):
            return key
    return None


def alias_folding(names: Mapping[str, str], aliases: Mapping[str, str]) -> dict[str, str]:
    """Stored key -> the key a hand-made alias folds it into (entries stored before the alias)."""
    if not aliases:
        return {}
    folded = {}
    for spelling, key in names.items():
        target = aliases.get(place_key(spelling))
        if target and target != key:
            folded[key] = target
    return folded


def names_match(canonical: str, names: Mapping[str, str]) -> bool:
    """Whether `canonical` is a spelling, key or identity among `names`."""
    wanted = {canonical.strip().lower(), place_key(canonical)} - {""}
    return bool(wanted & ({s.lower() for s in names} | set(names.values())
                          | {place_key(s) for s in names}))
