"""The report's "History per base" for a brief that folds its reports (cumulative): each
base's compiled fields after each report that moved them, from the fold_states projection.

A restating brief's history is read from each edition's own list, so an edition that leaves a
base out says it is "no longer listed". A report of a cumulative brief tells only what is
new: its silence about a base changes nothing, so here a row is a report that first told the
base, revised one of its fields, took it back or told it again after that; each row quotes
the sentence that did it, and the base is first reported where the fold says (a correction
amends it, it never reports it anew).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tracker.fold import AMENDED, Fact, State
from tracker.vocabulary.periods import date_value, narrows, split_value

# The fields of an event shown in a base's history, in the order a reader wants them (the
# report's history of a restating brief shows the same ones).
HISTORY_FIELDS = ("name", "date", "action", "status", "place", "nations", "actors", "personnel", "notes")


def folded_states(store: Any, brief: str) -> list[tuple[Any, State]]:
    """(edition info, the state after it) for every edition in force, in as-of order."""
    from tracker.app.folded import state_at

    return [(info, state_at(store, brief, info)) for info in store.editions(brief)]


def base_histories(states: list[tuple[Any, State]], keys: Iterable[str]) -> list[dict[str, Any]]:
    """One history per base key (in the order given): {"key", "names", "rows"}, each row
    {"edition", "as_of", "state", "fields", "changed", "text"} with `state` one of
    "reported", "changed", "refined", "amended" (the report's own correction), "retracted"."""
    return [_history(key, states) for key in keys]


def _history(key: str, states: list[tuple[Any, State]]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    names: list[str] = []
    previous: dict[str, Any] | None = None
    standing = False
    for info, state in states:
        fact = state.fact("event", key)
        if fact is None:
            continue  # not reported yet
        fields = _fields(fact)
        if fields["name"] and fields["name"] not in names:
            names.append(fields["name"])
        row = {"edition": info.number, "as_of": info.as_of, "fields": fields, "changed": [],
               "text": fact.data.get("text") or ""}
        if not fact.standing:
            if standing:
                rows.append({**row, "state": "retracted", "text": fact.retraction or ""})
            standing = False
        elif previous is None or not standing:
            rows.append({**row, "state": "reported"})
            standing = True
        elif fields != previous:
            changed = [f for f in HISTORY_FIELDS if fields[f] != previous[f]]
            refined = changed == ["date"] and narrows(*split_value(previous["date"]), *split_value(fields["date"]))
            amended = any(r.kind == AMENDED and r.by.edition == info.number for r in fact.revisions)
            rows.append({**row, "state": "amended" if amended else "refined" if refined else "changed",
                         "changed": changed})
        previous = fields
    return {"key": key, "names": names, "rows": rows}


def _fields(fact: Fact) -> dict[str, Any]:
    data = fact.data
    fields = {f: data.get(f) for f in HISTORY_FIELDS}
    if data.get("date_precision"):  # "late March 2020", never its first day alone
        fields["date"] = date_value(data.get("date"), data["date_precision"])
    return fields
