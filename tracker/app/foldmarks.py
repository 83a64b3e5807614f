"""Marks of an analyst's corrections for the views of a brief that folds its reports
(cumulative): show, diff, history and timeline, as `tracker.app.marks` gives them for a
restating brief.

Corrections apply per report (`tracker.correct`), and the fold sees each report's corrected
reading, so the values are right already; what is marked here is which facts an analyst
changed in which report, with the correction behind it: a fact carries the corrections
applied to it in the reports behind it (`"reading": "analyst"`, `"corrections"`), a change
of a report an analyst made is kind "corrected" (never a change in the source), and a fact
an analyst rejected from a report is listed with the rejection.

Must not: write, or decide whether a correction holds (that is `tracker.correct`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from tracker.app.marks import Notes, applied, covers, note_json, plain, reading_mark, same_field
from tracker.correct.applying import APPLIED, SUPERSEDED
from tracker.model import Change

# the kinds of a cumulative change an analyst's correction may make (a dispute between
# reports or a retraction stays what it is)
MARKABLE = ("added", "progressed", "changed", "refined", "settled")


def folded_until(infos: Iterable[Any], info: Any) -> list[int]:
    """The editions (of `infos`, in as-of order) folded into the state at `info`."""
    return [i.number for i in infos if (i.as_of, i.number) <= (info.as_of, info.number)]


def notes_of(by_edition: dict[int, Notes], numbers: Iterable[int]) -> Notes:
    return tuple(n for number in numbers for n in by_edition.get(number, ()))


def source_editions(fact_doc: dict[str, Any]) -> list[int]:
    return [s["edition"] for s in fact_doc.get("sources", ())]


def mark_fact(fact_doc: dict[str, Any], entity: str, by_edition: dict[int, Notes]) -> dict[str, Any]:
    """A fact as the views give it (`folded.fact_doc`) marked with the corrections applied to
    it in the reports behind it. A mark describes the value shown: a correction of a field a
    later report has since revised is listed with `"superseded_by"` (that report), and the
    fact reads "analyst" only while some correction's value is the one shown."""
    marks, shown = [], False
    for number in source_editions(fact_doc):
        for n in applied(by_edition.get(number, ()), entity, fact_doc["key"]):
            mark = note_json(n)
            later = superseded_by(fact_doc, n, number)
            if later is None:
                shown = True
            else:
                mark["superseded_by"] = later
            marks.append(mark)
    fact_doc["reading"] = "analyst" if shown else "parser"
    if marks:
        fact_doc["corrections"] = marks
    return fact_doc


def superseded_by(fact_doc: dict[str, Any], note: Any, number: int) -> int | None:
    """The report whose telling a fact's field now shows instead of the value an analyst set
    in report `number` (None when the value shown is the analyst's, or the note is no set)."""
    if note.op != "set" or plain(fact_doc.get(note.field)) == plain(note.after):
        return None
    later = [r["by"]["edition"] for r in fact_doc.get("revisions", ())
             if r.get("field") == note.field and r["by"]["edition"] != number]
    others = [e for e in source_editions(fact_doc) if e != number]
    return (later or others or [number])[-1]


def listed(by_edition: dict[int, Notes], numbers: Iterable[int]) -> list[dict[str, Any]]:
    """The corrections applied or superseded in the reports `numbers`, each with its report
    (`edition`): what `show` lists beside the facts (rejections leave no fact to mark)."""
    return [{**dataclasses.asdict(n), "edition": number} for number in numbers
            for n in by_edition.get(number, ()) if n.outcome in (APPLIED, SUPERSEDED)]


def mark_state(doc: dict[str, Any], retracted: list[str], by_edition: dict[int, Notes],
               numbers: list[int]) -> dict[str, Any]:
    """`show` of a cumulative brief (`folded.state_document`; `retracted`: the entity of each
    retracted fact) marked: every fact's reading, and the corrections of the reports folded
    (`fact_corrections`)."""
    for plural, entity in (("events", "event"), ("counts", "count")):
        for fact in doc[plural]:
            mark_fact(fact, entity, by_edition)
    for fact, entity in zip(doc.get("retracted", ()), retracted):
        mark_fact(fact, entity, by_edition)
    mine = listed(by_edition, numbers)
    if mine:
        doc["fact_corrections"] = mine
    return doc


def corrected_changes(by_edition: dict[int, Notes], numbers: list[int], labels: dict[tuple[str, str], str],
                      facts: dict[tuple[str, str], dict[str, Any]]) -> list[Change]:
    """The analyst's corrections applied in the reports `numbers`, each as a change of kind
    "corrected" that tells the report's own value and the corrected one (a set: the field,
    the parser's value -> the analyst's; a rejection: `before` the fact as named, `after`
    None; an addition: `after` the fact), whether or not the compiled value moved: what a
    report told is what the analyst corrected. `labels`/`facts`: (entity, key) -> the fact's
    label and data in the state after them, when it is there."""
    out = []
    for number in numbers:
        for n in by_edition.get(number, ()):
            if n.outcome != APPLIED:
                continue
            where = (n.entity, n.key)
            label = labels.get(where) or str(n.before if n.op == "reject" else n.after or n.key)
            if n.op == "set":
                out.append(Change("corrected", n.entity, n.key, label, n.field, plain(n.before), plain(n.after)))
            elif n.op == "reject":
                named = {"subject" if n.entity == "count" else "name": n.before, "edition": number}
                out.append(Change("corrected", n.entity, n.key, str(n.before or n.key), None, named, None))
            else:
                out.append(Change("corrected", n.entity, n.key, label, None, None,
                                  facts.get(where) or {"name": n.after, "key": n.key}))
    return out


def explain(doc_changes: list[dict[str, Any]], by_edition: dict[int, Notes], numbers: list[int]) -> list[dict[str, Any]]:
    """Diff JSON changes with each "corrected" one given the correction behind it."""
    notes = notes_of(by_edition, numbers)
    for c in doc_changes:
        if c.get("kind") != "corrected":
            continue
        ops = ("reject",) if c.get("after") is None and c.get("field") is None else ("set", "add")
        mine = [n for n in applied(notes, c["entity"], c["key"]) if n.op in ops and covers(n, c)]
        if mine:
            c["correction"] = note_json(mine[0], op=True)
    return doc_changes


def _field_changes(changes: list[dict[str, Any]], entity: str, key: str, notes: Notes) -> list[dict[str, Any]]:
    out = []
    for c in changes:
        mine = [n for n in applied(notes, entity, key, "set") if same_field(n.field, c["field"])]
        if mine and c.get("kind") in MARKABLE + (None,):
            c = {**c, "kind": "corrected", "correction": note_json(mine[0], op=True)}
        out.append(c)
    return out


def told_and_corrected(changes: list[dict[str, Any]], entity: str, key: str, notes: Notes) -> list[dict[str, Any]]:
    """A report's revisions of a fact (history's {"field","before","after","kind"}) with the
    analyst's corrections of what the report told: a revision a correction made is split into
    the source's own (up to the value it told, when it moved the value) and the analyst's
    (kind "corrected", with the correction), and a correction that moved no compiled value
    (the report was disputed, or retold a value) is listed all the same."""
    sets = applied(notes, entity, key, "set")
    out, told = [], set()
    for c in changes:
        mine = [n for n in sets if n.field == c.get("field")]
        if not mine or c.get("kind") not in MARKABLE + ("revised", None):
            out += _field_changes([c], entity, key, notes) if not mine else [c]
            continue
        n = mine[0]
        if plain(c.get("before")) != plain(n.before):
            out.append({**c, "after": plain(n.before)})
        told.add(n.id)
        out.append(_set_change(n))
    out += [_set_change(n) for n in sets if n.id not in told]
    return out


def _set_change(n: Any) -> dict[str, Any]:
    """A set applied as history tells it: the field, the parser's value -> the analyst's."""
    return {"field": n.field, "before": plain(n.before), "after": plain(n.after), "kind": "corrected",
            "correction": note_json(n, op=True)}


def mark_history(doc: dict[str, Any], entity: str, keys: set[str], by_edition: dict[int, Notes],
                 infos: list[Any]) -> dict[str, Any]:
    """A cumulative fact's history (`folded.history`) marked: each report's row with its
    `reading` (and `corrections`), its revisions an analyst made as "corrected" (the row's
    status "corrected" when they all are), and a row for each report an analyst rejected the
    fact from (status "rejected", with the rejection)."""
    mark_fact(doc["fact"], entity, by_edition)
    if not by_edition:
        for row in doc["editions"]:
            row["reading"] = "parser"
        return doc
    key = doc["key"]
    for row in doc["editions"]:
        notes = by_edition.get(row["edition"], ())
        row.update(reading_mark(notes, entity, key))
        if row["status"] != "added":
            row["changes"] = told_and_corrected(row["changes"], entity, key, notes)
            if row["changes"] and row["status"] in ("changed", "confirmed") \
                    and all(c.get("kind") == "corrected" for c in row["changes"]):
                row["status"] = "corrected"
    for info in infos:
        gone = [n for k in sorted(keys) for n in applied(by_edition.get(info.number, ()), entity, k, "reject")]
        if gone:
            doc["editions"].append({"edition": info.number, "as_of": info.as_of, "source": info.source,
                                    "sha256": info.sha256, "ingested_at": info.ingested_at,
                                    "status": "rejected", "reading": "analyst", "changes": [], "disputes": [],
                                    "rejected": note_json(gone[0], op=True)})
    doc["editions"].sort(key=lambda r: (r["as_of"], r["edition"]))
    return doc


def mark_timeline(rows: list[dict[str, Any]], by_edition: dict[int, Notes]) -> list[dict[str, Any]]:
    """A cumulative timeline's rows marked: each event's reading (the corrections applied to
    it in the reports behind it) and its revisions an analyst made as "corrected"."""
    for row in rows:
        row.update(reading_mark(notes_of(by_edition, source_editions(row)), "event", row["key"]))
        for rev in row.get("revisions", ()):
            rev["changes"] = _field_changes(rev["changes"], "event", row["key"], by_edition.get(rev["edition"], ()))
    return rows
