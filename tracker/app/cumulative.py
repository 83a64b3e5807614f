"""Briefs compiled from a stream of reports: settling a report onto the folded state, the
fold_states projection, and the modes of briefs.

A brief folds its reports once any of its mode records says `cumulative` (a brief that was
never cumulative keeps the restating engine untouched). Each edition is then applied to the
state in force before it (`tracker.fold`), in the mode in force for that edition; the change
events logged for it are the cumulative changes (`tracker.fold.changes`), and the state after
it is stored in the fold_states projection, for it and for every edition after it in as-of
order (a backfilled report refolds those).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from tracker.canonical import canonical_json
from tracker.errors import InputError
from tracker.fold import MODES, ReportRef, State, compare_states, fold, fold_rows, folds
from tracker.model import Event, Snapshot
from tracker.store.inputs import Settled
from tracker.store.records import ModeInfo, Prior, mode_at


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise InputError(f"mode {mode!r} is not one of {', '.join(MODES)}")
    return mode


def report_ref(info: Any) -> ReportRef:
    return ReportRef(info.number, info.as_of, info.source)


def state_rows(editions: list[tuple[Any, Snapshot]], modes: list[ModeInfo],
               start: State | None = None) -> list[tuple[int, str, str]]:
    """(edition, as_of, state JSON) for each edition given (in as-of order), folding from
    `start`; none when the brief does not fold."""
    if not folds(modes):
        return []
    return fold_rows(editions, lambda number: mode_at(modes, number), start)


def load_state(text: str | None) -> State:
    return State.from_dict(json.loads(text)) if text else State()


@dataclass
class _Folded:
    """The record a report is settled against in a folding brief: the standing facts stand
    for the snapshot in force (a respelled place keeps the key it has there)."""

    prior: Prior
    state: State

    @property
    def aliases(self) -> list[Any]:
        return self.prior.aliases

    def before(self) -> Snapshot:
        return Snapshot(events=standing_events(self.state))

    def identities(self, wanted: Iterable[str]) -> dict[str, str]:
        return self.prior.identities(wanted)


def standing_events(state: State) -> tuple[Event, ...]:
    events = []
    for fact in state.standing("event"):
        data = fact.data
        events.append(Event(fact.key, data.get("name") or fact.key, data.get("date"), data.get("action"),
                            data.get("status"), data.get("place"), aliases=tuple(data.get("aliases") or ()),
                            text=data.get("text") or "", date_precision=data.get("date_precision")))
    return tuple(events)


def settle_report(snapshot: Snapshot, prior: Prior) -> Settled:
    """Identity (established keys, respellings across outlets), then the fold: the report's
    changes against the state in force and the fold_states rows to write."""
    from tracker.identity import identities_of, settle

    before = _state_before(prior)
    settled, fresh = settle(snapshot, _Folded(prior, before))
    matched = _matched(settled, before, prior)
    if matched != settled:  # some keys moved: the identity rows are the matched ones
        mine = identities_of(matched)
        held = prior.identities(set(mine))
        fresh = {i: k for i, k in mine.items() if i not in held}
        settled = matched
    ref = ReportRef(prior.number, snapshot.as_of or "", prior.source)
    after = fold(before, settled, ref, mode_at(prior.modes, prior.number))
    rows = [(prior.number, snapshot.as_of or "", canonical_json(after.to_dict()))]
    rows += state_rows(prior.later(), prior.modes, after)
    return Settled(settled, tuple(compare_states(before, after)), fresh, tuple(rows))


def _state_before(prior: Prior) -> State:
    if prior.previous is None:
        return State()
    stored = prior.state_before()
    if stored is not None:
        return load_state(stored)
    # no row (a brief made cumulative by hand-edited projections, say): fold what is stored
    earlier = [(i, s) for i, s in prior.history()
               if (i.as_of, i.number) <= (prior.previous.as_of, prior.previous.number)]
    rows = state_rows(earlier, prior.modes)
    return load_state(rows[-1][2]) if rows else State()


def _matched(settled: Snapshot, before: State, prior: Prior) -> Snapshot:
    """The settled snapshot with places another outlet spelled otherwise under their standing
    keys, and its retractions under the keys of the facts they take back."""
    from tracker.identity import match_reported, place_key, with_aliases

    standing = standing_events(before)
    known = {e.key for e in standing}
    fresh = [e for e in settled.events if e.key not in known]
    renamed = match_reported(standing, fresh) if fresh else {}
    taken = {e.key for e in settled.events if e.key not in renamed}
    events = tuple(replace(e, key=renamed[e.key]) if e.key in renamed and renamed[e.key] not in taken
                   else e for e in settled.events)
    retractions = settled.retractions
    if retractions:
        facts = {f.key for f in before.facts}
        derived = with_aliases(prior.identities({place_key(r.name) for r in retractions}
                                                | {r.key for r in retractions}), prior.aliases)
        by_name = {place_key(n): f.key for f in before.facts
                   for n in (f.data.get("name") or "", *(f.data.get("aliases") or ()))}
        every = [Event(f.key, f.data.get("name") or f.key, aliases=tuple(f.data.get("aliases") or ()))
                 for f in before.facts]
        out = []
        for r in retractions:
            key = r.key if r.key in facts else derived.get(place_key(r.name)) or by_name.get(place_key(r.name))
            if key is None:
                key = match_reported(every, [Event(r.key, r.name)]).get(r.key, r.key)
            out.append(replace(r, key=key))
        retractions = tuple(out)
    if events == settled.events and retractions == settled.retractions:
        return settled
    return replace(settled, events=events, retractions=retractions)


def refold(store: Any, brief: str) -> int:
    """Fold a cumulative brief's editions in force again (after a retraction or a reparse);
    nothing for a restating brief."""
    return store.refold(brief, state_rows)


def retraction_warning(store: Any, result: Any, snap: Snapshot, modes: dict[str, Any]) -> tuple[str, ...]:
    """A warning when a stored edition of a restating brief takes back most of the events in
    force, or half of them when that is two or more: the sign of reports that tell only what is new, ingested without
    `--mode cumulative`. The edition is stored as it is; the warning says how to re-read the
    brief. `modes` caches each brief's mode records for the batch."""
    info = result.edition
    if info.brief not in modes:
        modes[info.brief] = store.modes(info.brief)
    records = modes[info.brief]
    if result.previous is None or mode_at(records, info.number) != "restating":
        return ()
    events = [c for c in result.changes if c.entity == "event"]
    gone = sum(1 for c in events if c.kind in ("removed", "retracted"))
    in_force = gone + len(snap.events) - sum(1 for c in events if c.kind == "added")
    if not (2 * gone > in_force or gone >= 2 and 2 * gone == in_force):
        return ()  # a real retraction takes back one or a few of many, not half the brief
    start = info.number
    while start > 1 and mode_at(records, start - 1) == "restating":
        start -= 1
    return (f"it leaves out {gone} of the {in_force} events in force (read as retracted: "
            f"brief {info.brief!r} is restating); if its editions are reports telling only what is "
            f"new: `tracker brief set-mode {info.brief} cumulative --from {start} --reason TEXT`",)
