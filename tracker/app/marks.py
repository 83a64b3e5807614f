"""Marks of an analyst's corrections for the views: which reading (the parser's or the
analyst's) an entity shows in an edition, the corrections behind it, and which of the
changes between two editions an analyst made (kind "corrected", never a change in the source).

The corrected readings themselves flow into every view through the projections; what the
views cannot see there is the mark. It is read from each edition's reading in force (its
`fact_corrections`), and only for a brief that has fact correction records at all: a brief
without any costs one query here.

Must not: write, or decide whether a correction holds (that is `tracker.correct`).
`tracker.correct` is imported only where there are corrections to mark: a diff of two
readings without any (most) starts without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tracker.model import APPLIED, SUPERSEDED, AppliedCorrection, Change, Snapshot

Notes = tuple[AppliedCorrection, ...]


def note_json(n: AppliedCorrection, *, op: bool = False) -> dict[str, Any]:
    """A correction as JSON marks it on an entity: {"id","field","before","after","reason",
    "by","at"} (with `op`: its "op" too, for a rejection that leaves no entity to mark)."""
    out = {"id": n.id, "field": n.field, "before": plain(n.before), "after": plain(n.after),
           "reason": n.reason, "by": n.by, "at": n.at}
    return {"op": n.op, **out} if op else out


def plain(value: Any) -> Any:
    """A value as JSON gives it (a tuple as a list)."""
    return list(value) if isinstance(value, tuple) else value


def same_field(a: str | None, b: str | None) -> bool:
    """Whether fields `a` and `b` are one for a correction: equal, or a date and its precision
    (setting the date clears the precision)."""
    return a == b or {a, b} == {"date", "date_precision"}


def covers(note: AppliedCorrection, change: dict[str, Any]) -> bool:
    """Whether correction `note` may be the one behind a change's JSON (`change["field"]`
    None: the whole fact): one of them names no field, or they name the same one."""
    return change.get("field") is None or note.field is None or same_field(note.field, change["field"])


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
    from tracker.correct.applying import mark_corrected

    as_changes = [Change("changed", entity, key, None, c["field"], c["before"], c["after"])  # type: ignore[arg-type]
                  for c in changes]
    marked = mark_corrected(as_changes, Snapshot(fact_corrections=before), Snapshot(fact_corrections=after))
    out = []
    for c, m in zip(changes, marked):
        if m.kind == "corrected":
            by = [n for n in (*applied(after, entity, key), *applied(before, entity, key)) if covers(n, c)]
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
    previous_row: dict[str, Any] | None = None
    kind = next((r.get("kind") for r in doc["editions"] if r.get("kind")), "event")
    for row in doc["editions"]:
        notes = by_edition.get(row["edition"], ())
        key = row.get("key") or doc["key"]
        lifted = [superseded_json(n, _row_reading(row, kind, key, notes)) for n in superseded(notes)
                  if n.entity == kind and n.key == key]
        if lifted:
            row["superseded"] = lifted
        if row["status"] == "removed":
            gone = applied(notes, kind, key, "reject")
            row["reading"] = "analyst" if gone else "parser"
            if gone:
                row["rejected"] = note_json(gone[0], op=True)
            previous, previous_row = notes, None
            continue
        row.update(reading_mark(notes, kind, key))
        if row["changes"]:
            row["changes"] = corrected_fields(row["changes"], kind, key, previous, notes)
        if previous_row is not None:
            row["changes"] = _set_here(row, previous_row, kind, key, previous, notes)
        if row["changes"] and row["status"] != "added":
            row["status"] = ("corrected" if all(c.get("kind") == "corrected" for c in row["changes"])
                             else row["status"] if row["status"] in ("changed", "refined", "reconfirmed") else "changed")
        previous, previous_row = notes, row
    return doc


def _row_reading(row: dict[str, Any], kind: str, key: str, notes: Notes) -> Snapshot:
    """One history row's entity as a reading with `notes` (none when the row has no data)."""
    data = row.get("data")
    if not data:
        return Snapshot(fact_corrections=tuple(notes))
    one = Snapshot.from_dict({"counts" if kind == "count" else "events": [dict(data, key=key)]})
    from dataclasses import replace

    return replace(one, fact_corrections=tuple(notes))


def _set_here(row: dict[str, Any], previous_row: dict[str, Any], kind: str, key: str, before: Notes,
              after: Notes) -> list[dict[str, Any]]:
    """A history row's field changes with each field an analyst set in this edition told as
    `set_corrections` tells it in a diff: the source's change (if any), then the analyst's."""
    was, now = _row_reading(previous_row, kind, key, before), _row_reading(row, kind, key, after)
    steps = set_corrections([], was, now)
    if not steps:
        return row["changes"]
    fields = {c.field for c in steps}
    out = [c for c in row["changes"] if not any(same_field(c["field"], f) for f in fields)]
    for c in steps:
        change = {"field": c.field, "before": plain(c.before), "after": plain(c.after)}
        if c.kind == "corrected":
            mine = [n for n in applied(after, kind, key, "set") if n.field == c.field]
            change.update(kind="corrected", **({"correction": note_json(mine[0], op=True)} if mine else {}))
        elif c.kind == "refined":
            change["kind"] = "refined"
        out.append(change)
    return out


def explain_corrected(changes: list[dict[str, Any]], before: Notes, after: Notes) -> list[dict[str, Any]]:
    """Diff JSON changes with each "corrected" one given the correction behind it
    (`correction`: id, op, field, before, after, reason, by, at): applied on the newer side,
    else on the older (a correction taken back)."""
    for c in changes:
        if c.get("kind") != "corrected":
            continue
        for notes in (after, before):
            mine = [n for n in applied(notes, c["entity"], c["key"]) if covers(n, c)]
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


def analyst_changes(before: Snapshot, after: Snapshot) -> list[Change]:
    """The changes from reading `before` to reading `after` (each with its corrections
    applied), an analyst's told apart from the source's: those a correction makes are kind
    "corrected"; a fact rejected where first reported is one (`rejections_made`); and a field
    an analyst set in `after` is shown as set even where the corrected value equals the value
    before, the source's own change of that field beside it (`set_corrections`)."""
    from tracker.diff import compare

    if not before.fact_corrections and not after.fact_corrections:
        return list(compare(before, after))  # nothing to mark: the source's changes alone
    from tracker.correct.applying import mark_corrected, rejections_made

    changes = rejections_made(mark_corrected(compare(before, after), before, after), before, after)
    return set_corrections(changes, before, after)


def _entity(snapshot: Snapshot, entity: str, key: str) -> Any:
    return next((x for x in (snapshot.events if entity == "event" else snapshot.counts) if x.key == key), None)


def set_corrections(changes: list[Change], before: Snapshot, after: Snapshot) -> list[Change]:
    """`changes` with each field an analyst set in `after` (a correction not applied in
    `before`) told as two steps: the source's change from `before` to what the parser reads
    now (when it changed), then the analyst's from that to the corrected value, kind
    "corrected". Without it a correction back to the previous value leaves no change at
    all, and one on top of a source change hides the source's."""
    from dataclasses import replace

    from tracker.diff import compare

    held = {n.id for n in before.fact_corrections if n.outcome == APPLIED}
    new = [n for n in after.fact_corrections if n.op == "set" and n.outcome == APPLIED and n.id not in held]
    out = list(changes)
    for n in new:
        now, was = _entity(after, n.entity, n.key), _entity(before, n.entity, n.key)
        if now is None:
            continue
        mine = [c for c in out if (c.entity, c.key) == (n.entity, n.key) and c.kind in ("corrected", "changed", "refined")
                and same_field(c.field, n.field)]
        at = out.index(mine[0]) if mine else len(out)
        out = [c for c in out if c not in mine]
        label = next((c.label for c in mine), None) or _label(now)
        steps = []
        if was is not None:
            parsed = replace(now, **{n.field or "": n.before})
            one = (lambda x: Snapshot(events=(x,))) if n.entity == "event" else (lambda x: Snapshot(counts=(x,)))
            steps = [c for c in compare(one(was), one(parsed)) if same_field(c.field, n.field)]
        steps.append(Change("corrected", n.entity, n.key, label, n.field, n.before, n.after))  # type: ignore[arg-type]
        out[at:at] = steps
    return out


def _label(entity: Any) -> str:
    from tracker.diff import count_label

    return entity.name if hasattr(entity, "name") else count_label(entity)


def superseded_here(before: Snapshot, after: Snapshot) -> list[dict[str, Any]]:
    """The corrections the source supersedes in reading `after` (not already superseded in
    `before`), each as JSON marks a correction, with its entity, key and what the source
    reads now (`now`: {"value", "text"}, or None when it reads no such fact)."""
    lifted = {n.id for n in before.fact_corrections if n.outcome == SUPERSEDED}
    return [superseded_json(n, after) for n in superseded(after.fact_corrections) if n.id not in lifted]


def superseded_json(n: AppliedCorrection, reading: Snapshot) -> dict[str, Any]:
    """A correction superseded in `reading`, and what the source reads there now."""
    found = _entity(reading, n.entity, n.key) if n.op != "add" else None
    now = None
    if found is not None:
        value = getattr(found, n.field, None) if n.op == "set" and n.field else None
        now = {"value": plain(value), "text": found.text}
    return {**note_json(n, op=True), "entity": n.entity, "key": n.key, "now": now}
