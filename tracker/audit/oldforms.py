"""`verify --deep` on a cumulative brief's changes logged by an earlier fold: the forms the
fold of release 5a477cc (parser version 6, schema 0011) wrote where the current one writes
others, listed one by one.

Why: the fold's rules moved since (a report's second figure no longer disputes its own tally,
a step to `completed` drops the personnel told of an earlier step); the changes logged then
are what that engine computed, and stay in the hash-chained log as written. A database
upgraded from that release must still pass `verify --deep`, and a new record must still match
the current fold exactly: these forms are accepted only where each stands in for the current
engine's entry it would have been written as, and nothing else differs.

The forms (`logged` = what the old fold wrote, `current` = what the fold computes now):

1. `personnel-kept`: the current fold's `progressed` of an event's `personnel` to none is
   missing, where the same edition's logged changes step that event's status to `completed`.
2. `own-tally-disputed`: a logged `disputed` count whose every claim comes from the edition
   itself stands where the current fold adds a count whose value is one of the claims'.
3. `own-dispute-settled`: a logged `settled` count (before: the disputed values) stands where
   the current fold logs the same count `changed` from one of those values to the same after.

It never writes and never decides alone: `tracker.audit.folds` asks it only when the logged
changes differ from the recomputed ones.
"""

from __future__ import annotations

import json
from typing import Any

Entry = tuple[str, str]  # (event type, canonical JSON), as the log holds a change


def logged_by_old_fold(logged: list[Entry], current: list[Entry], edition: int) -> bool:
    """Whether `logged` (the changes of `edition` in the log) are `current` (the fold's now)
    written in the old fold's forms, each difference one of the forms listed above."""
    old = [json.loads(payload) for _, payload in logged]
    new = [json.loads(payload) for _, payload in current]
    old_types = {id(c): kind for c, (kind, _) in zip(old, logged)}
    new_types = {id(c): kind for c, (kind, _) in zip(new, current)}
    _personnel_kept(old, new)
    _own_tally_disputed(old, new, edition)
    _own_dispute_settled(old, new)
    return _same([(old_types[id(c)], c) for c in old], [(new_types[id(c)], c) for c in new])


def _personnel_kept(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
    """Form 1: drop the current fold's personnel step where the old log completes the event."""
    completed = {c.get("key") for c in old if c.get("kind") == "progressed"
                 and c.get("field") == "status" and c.get("after") == "completed"}
    logged = {(c.get("key"), c.get("field")) for c in old}
    for change in list(new):
        if (change.get("kind") == "progressed" and change.get("field") == "personnel"
                and change.get("after") is None and change.get("key") in completed
                and (change.get("key"), "personnel") not in logged):
            new.remove(change)


def _own_tally_disputed(old: list[dict[str, Any]], new: list[dict[str, Any]], edition: int) -> None:
    """Form 2: a dispute of the edition with itself against the count the current fold adds."""
    for dispute in [c for c in old if c.get("entity") == "count" and c.get("kind") == "disputed"]:
        claims = (dispute.get("after") or {}).get("values") or []
        if not claims or any(s.get("edition") != edition for claim in claims
                             for s in claim.get("sources") or [{}]):
            continue
        values = [claim.get("value") for claim in claims]
        added = next((c for c in new if c.get("entity") == "count" and c.get("kind") == "added"
                      and (c.get("after") or {}).get("value") in values), None)
        if added is not None:
            old.remove(dispute)
            new.remove(added)


def _own_dispute_settled(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
    """Form 3: the old fold settled the self-dispute; the current one changes the figure."""
    for settled in [c for c in old if c.get("entity") == "count" and c.get("kind") == "settled"]:
        before = settled.get("before")
        changed = next((c for c in new if c.get("entity") == "count" and c.get("kind") == "changed"
                        and c.get("key") == settled.get("key") and c.get("field") == settled.get("field")
                        and c.get("after") == settled.get("after") and isinstance(before, list)
                        and c.get("before") in before), None)
        if changed is not None:
            old.remove(settled)
            new.remove(changed)


def _same(old: list[tuple[str, dict[str, Any]]], new: list[tuple[str, dict[str, Any]]]) -> bool:
    """The entries left, in the order each side holds them."""
    return [(k, json.dumps(c, sort_keys=True)) for k, c in old] == \
        [(k, json.dumps(c, sort_keys=True)) for k, c in new]
