"""Marks of an analyst's corrections for the views: which reading (the parser's or the
analyst's) an entity shows in an edition, the corrections behind it, and which of the
changes between two editions an analyst made (kind "corrected", never a change in the source).

The corrected readings themselves flow into every view through the projections; what the
views cannot see there is the mark. It is read from each edition's reading in force (its
`fact_corrections`), and only for a brief that has fact correction records at all: a brief
without any costs one query here.

Must not: write, or decide whether a correction holds (that is `tracker.correct`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tracker.correct.applying import APPLIED, SUPERSEDED, mark_corrected
from tracker.model import AppliedCorrection, Change, Snapshot

Notes = tuple[AppliedCorrection, ...]


def note_json(n: AppliedCorrection, *, op: bool = False) -> dict[str, Any]:
    """A correction as JSON marks it on an entity: {"id","field","before","after","reason",
    "by","at"} (with `op`: its "op" too, for a rejection that leaves no entity to mark)."""
    out = {"id": n.id, "field": n.field, "before": _plain(n.before), "after": _plain(n.after),
           "reason": n.reason, "by": n.by, "at": n.at}
    return {"op": n.op, **out} if op else out


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def notes_by_edition(store: Any, brief: str) -> dict[int, Notes]:
    """Edition -> the corrections its reading in force records (retracted editions too),
    for the editions that have any; {} (one query) for a brief with no fact correction."""
    if not store.fact_records(brief):
        return {}
    out = {}
    for info in store.editions(brief, include_retracted=True):
        notes = store.reading(brief, info.number).snapshot.fact_corrections
        if notes:
            out[info.number] = tuple(notes)
    return out


def applied(notes: Iterable[AppliedCorrection], entity: str, key: str, op: str | None = None) -> list[AppliedCorrection]:
    """The corrections applied to one entity in a reading (of one `op` when given)."""
    return [n for n in notes if n.outcome == APPLIED and n.entity == entity and n.key == key
            and (op is None or n.op == op)]


def reading_mark(notes: Iterable[AppliedCorrection], entity: str, key: str) -> dict[str, Any]:
    """{"reading": "parser"} or {"reading": "analyst", "corrections": [...]}: how an entity
    of a reading with `notes` is marked."""
    mine = applied(notes, entity, key)
    if not mine:
        return {"reading": "parser"}
    return {"reading": "analyst", "corrections": [note_json(n) for n in mine]}


def corrected_fields(changes: list[dict[str, Any]], entity: str, key: str, before: Notes,
                     after: Notes) -> list[dict[str, Any]]:
    """Field changes of one entity (history and timeline's {"field","before","after"}) from
    a reading with corrections `before` to one with `after`, those an analyst's correction
    makes marked "kind": "corrected" with the correction (id, reason, by)."""
    if not before and not after:
        return changes
    as_changes = [Change("changed", entity, key, None, c["field"], c["before"], c["after"])  # type: ignore[arg-type]
                  for c in changes]
    marked = mark_corrected(as_changes, Snapshot(fact_corrections=before), Snapshot(fact_corrections=after))
    out = []
    for c, m in zip(changes, marked):
        if m.kind == "corrected":
            by = [n for n in (*applied(after, entity, key), *applied(before, entity, key))
                  if n.field in (c["field"], None) or {n.field, c["field"]} == {"date", "date_precision"}]
            c = {**c, "kind": "corrected", **({"correction": note_json(by[0], op=True)} if by else {})}
        out.append(c)
    return out


def superseded(notes: Iterable[AppliedCorrection]) -> list[AppliedCorrection]:
    return [n for n in notes if n.outcome == SUPERSEDED]


def mark_history(doc: dict[str, Any], by_edition: dict[int, Notes]) -> dict[str, Any]:
    """A restating brief's history (`tracker.app.views.history`) with every edition's row
    marked: its `reading` (and `corrections`), its changes an analyst made as "corrected"
    (the row's status "corrected" when they are all such), and a row where the entity is gone
    because an analyst rejected it with the rejection (`rejected`)."""
    previous: Notes = ()
    kind = next((r.get("kind") for r in doc["editions"] if r.get("kind")), "event")
    for row in doc["editions"]:
        notes = by_edition.get(row["edition"], ())
        key = row.get("key") or doc["key"]
        if row["status"] == "removed":
            gone = applied(notes, kind, key, "reject")
            row["reading"] = "analyst" if gone else "parser"
            if gone:
                row["rejected"] = note_json(gone[0], op=True)
            previous = notes
            continue
        row.update(reading_mark(notes, kind, key))
        if row["changes"]:
            row["changes"] = corrected_fields(row["changes"], kind, key, previous, notes)
            if all(c.get("kind") == "corrected" for c in row["changes"]):
                row["status"] = "corrected"
        previous = notes
    return doc


def explain_corrected(changes: list[dict[str, Any]], before: Notes, after: Notes) -> list[dict[str, Any]]:
    """Diff JSON changes with each "corrected" one given the correction behind it
    (`correction`: id, op, field, before, after, reason, by, at): applied on the newer side,
    else on the older (a correction taken back)."""
    for c in changes:
        if c.get("kind") != "corrected":
            continue
        for notes in (after, before):
            mine = [n for n in applied(notes, c["entity"], c["key"])
                    if c.get("field") is None or n.field in (None, c["field"])
                    or {n.field, c["field"]} == {"date", "date_precision"}]
            if mine:
                c["correction"] = note_json(mine[0], op=True)
                break
    return changes


def mark_timeline(rows: list[dict[str, Any]], numbers: list[int], by_edition: dict[int, Notes]) -> list[dict[str, Any]]:
    """A restating brief's timeline rows (`numbers`: the editions shown, as-of order) marked:
    each event's `reading` (and `corrections`) in the last edition that lists it, its
    revisions an analyst made as "corrected", and a retraction that is an analyst's
    rejection with it (`rejected`)."""
    position = {n: i for i, n in enumerate(numbers)}
    for row in rows:
        key, gone = row["key"], row.get("retracted")
        if gone is not None and gone["edition"] in position and position[gone["edition"]] > 0:
            last = numbers[position[gone["edition"]] - 1]
            rejected = applied(by_edition.get(gone["edition"], ()), "event", key, "reject")
            if rejected:
                row["rejected"] = note_json(rejected[0], op=True)
        else:
            last = numbers[-1] if numbers else 0
        row.update(reading_mark(by_edition.get(last, ()), "event", key))
        for rev in row.get("revisions", ()):
            at = position.get(rev["edition"], 0)
            before = by_edition.get(numbers[at - 1], ()) if at > 0 else ()
            rev["changes"] = corrected_fields(rev["changes"], "event", key, before,
                                              by_edition.get(rev["edition"], ()))
    return rows
