"""`tracker edit REF`: an edition's facts as a form a person edits, and the edited form's
differences as the same corrections `tracker fact reject|set|add` record.

The form shows the edition's reading in force (the analyst's corrections applied), one block
per event or count, each under the sentence it rests on (comment lines), with a `reason:`
line. A changed field is a `set`, a deleted block a `reject`, a block `event: new` (with a
`quote:` from the text) an `add`. Every record of one edit is written in one transaction;
an unchanged form writes nothing. Parsing and comparing the form is pure; writing goes
through `tracker.app.facts`.

Must not: print, run the editor, or write anything but through `tracker.app.facts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tracker.correct import check_value, normalised
from tracker.correct.applying import applied_notes
from tracker.correct.records import ACTIONS, FIELDS, MAX_REASON, PRECISIONS, STATUSES, shown
from tracker.errors import InputError
from tracker.model import Snapshot

# The fields of a block, in the form's order; it always shows those of SHOWN, the others
# when they hold a value (they may be written in).
ORDER = {"event": ("name", "date", "date_precision", "action", "status", "place", "nations", "personnel"),
         "count": ("subject", "value")}
SHOWN = {"event": ("name", "date", "action", "status"), "count": ("subject", "value")}
# the fields an added event takes (besides its quote)
NEW_FIELDS = ("quote", "name", "action", "status", "date")
NEW_KEYS = ("new", "")
# the fields a deleted line sets to none (the others always hold a value)
EMPTIABLE = ("date", "date_precision", "place", "nations", "personnel")
HEAD = re.compile(r"^(event|count)\s*:\s*(.*)$")
LINE = re.compile(r"^\s*([A-Za-z_]+)\s*:\s?(.*)$")


@dataclass
class Block:
    """One fact of the form: its entity, key (or "new"), fields as written (name -> (text,
    line number)) and the line it starts on."""

    entity: str
    key: str
    line: int
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)


@dataclass
class Form:
    """A parsed form: the reason line (text, line number) and the blocks in order."""

    reason: tuple[str, int] | None
    blocks: list[Block]


def _value(value: Any) -> str:
    return "none" if value is None or value == () else shown(value)


def _quoted(text: str) -> str:
    return '"' + normalised(text) + '"'


def render(brief: str, number: int, as_of: str, snapshot: Snapshot, rejected: list[Any], reason: str = "") -> str:
    """The form for edition `number` of `brief` (its reading in force, `snapshot`; `rejected`:
    the rejections applied to it), with `reason` on its reason line."""
    notes = applied_notes(snapshot)
    lines = [
        f"# tracker edit: brief {brief}, edition {number} (as of {as_of}), as read with the analyst's",
        "# corrections in force. Each fact is shown under the sentence it rests on ('#' lines).",
        "#   change a value      -> the field is corrected (fact set)",
        "#   delete a block      -> the fact is rejected (fact reject)",
        "#   add an 'event: new' block with a 'quote:' of the text -> an event is added (fact add)",
        f"# An event's fields: {', '.join(ORDER['event'])}.",
        "# A count's: subject, value. date: YYYY-MM-DD or none; nations: comma-separated;",
        f"# date_precision: {', '.join(PRECISIONS)};",
        f"# action: {', '.join(ACTIONS)}; status: {', '.join(STATUSES)}.",
        "# Say why on the reason line. Lines starting with '#' are ignored; a form left",
        "# unchanged, or emptied, records nothing. A deleted field line sets it to none",
        "# (date, place, nations, personnel, date_precision).",
        "",
        f"reason: {normalised(reason)}",
    ]
    for kind, items in (("event", snapshot.events), ("count", snapshot.counts)):
        for item in items:
            lines += ["", f"{kind}: {item.key}"]
            lines += [f"  # {_quoted(item.text)}" if item.text else "  # (no sentence)"]
            for note in notes.get((kind, item.key), []):
                what = f"{note.field} {_value(note.before)} -> {_value(note.after)}" if note.op == "set" else note.op
                lines.append(f"  # corrected by the analyst (#{note.id}, {what}): {note.reason}")
            for name in ORDER[kind]:
                value = getattr(item, name, None)
                if name in SHOWN[kind] or value not in (None, ()):
                    lines.append(f"  {name}: {_value(value)}")
    if rejected:
        lines += [""] + [f"# rejected by the analyst (#{n.id}): {n.entity} {n.key} ({_value(n.before)}): {n.reason}"
                         for n in rejected]
    lines += ["", "# To add an event the parser missed, copy this block without the '#' signs:",
              "# event: new", "#   quote: words of the edition the event rests on", "#   name: the place as the text names it",
              "#   action: withdrawal", "#   status: completed", "#   date: none", ""]
    return "\n".join(lines)


def is_empty(text: str) -> bool:
    """Whether an edited form holds nothing but blank and '#' lines: emptied, as one empties
    a commit message to abort (nothing is recorded)."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def parse(text: str) -> Form:
    """The form as edited (InputError naming the line for anything it cannot read)."""
    reason: tuple[str, int] | None = None
    blocks: list[Block] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        head = HEAD.match(line)
        if head:
            blocks.append(Block(head.group(1), normalised(head.group(2)), number))
            continue
        match = LINE.match(line)
        if match is None:
            raise InputError(f"line {number}: cannot read {normalised(line)[:60]!r} (expected 'field: value')")
        name, value = match.group(1), match.group(2)
        if name == "reason" and not blocks:
            reason = (value, number)
            continue
        if not blocks:
            raise InputError(f"line {number}: {name!r} before any 'event:' or 'count:' block")
        block = blocks[-1]
        allowed = NEW_FIELDS if block.key in NEW_KEYS else FIELDS[block.entity]
        if name not in allowed:
            what = "an added event" if block.key in NEW_KEYS else f"{block.entity} {block.key}"
            raise InputError(f"line {number}: unknown field {name!r} for {what}; one of: {', '.join(allowed)}")
        if name in block.fields:
            raise InputError(f"line {number}: {name!r} given twice for {block.entity} {block.key or 'new'}")
        block.fields[name] = (value, number)
    return Form(reason, blocks)


@dataclass(frozen=True)
class Edit:
    """One difference of the form: the arguments of `prepare_correction` (op and the rest)."""

    op: str
    args: tuple[tuple[str, Any], ...]
    line: int


def _typed(entity: str, name: str, text: str, line: int) -> Any:
    try:
        return check_value(entity, name, text)
    except InputError as exc:
        raise InputError(f"line {line}: {exc}") from None


def differences(before: Form, after: Form, added: dict[str, int]) -> list[Edit]:
    """The corrections that turn form `before` (as rendered) into `after` (as edited):
    rejects, then sets, then adds. `added`: key -> id of the correction that added that
    event (it cannot be rejected or set here: revoke it)."""
    old = {(b.entity, b.key): b for b in before.blocks}
    seen: dict[tuple[str, str], Block] = {}
    new_blocks = []
    for block in after.blocks:
        if block.key in NEW_KEYS:
            if block.entity != "event":
                raise InputError(f"line {block.line}: only an event can be added ('event: new')")
            new_blocks.append(block)
            continue
        ident = (block.entity, block.key)
        if ident not in old:
            raise InputError(f"line {block.line}: edition has no {block.entity} {block.key!r} (an added event "
                             "starts 'event: new')")
        if ident in seen:
            raise InputError(f"line {block.line}: {block.entity} {block.key} appears twice")
        seen[ident] = block
    edits = []
    for ident, block in old.items():
        if ident not in seen:
            _not_added(block, added, "reject")
            edits.append(Edit("reject", (("key", block.key),), block.line))
    for ident, block in seen.items():
        was = old[ident].fields
        for name, (text, line) in block.fields.items():
            value = _typed(block.entity, name, text, line)
            if name in was and value == _typed(block.entity, name, was[name][0], was[name][1]):
                continue
            if name not in was and value in (None, ()):
                continue
            _not_added(block, added, "change")
            edits.append(Edit("set", (("key", block.key), ("field", name), ("value", normalised(text))), line))
        for name, (text, line) in was.items():  # a field line deleted: "none" where the field allows it
            if name in block.fields or _typed(block.entity, name, text, line) in (None, ()):
                continue
            if name not in EMPTIABLE:
                raise InputError(f"line {block.line}: the '{name}:' line of {block.entity} {block.key} was deleted; "
                                 f"a {block.entity}'s {name} cannot be none (write a value, or delete the whole "
                                 "block to reject the fact)")
            _not_added(block, added, "change")
            edits.append(Edit("set", (("key", block.key), ("field", name), ("value", "none")), block.line))
    for block in new_blocks:
        given = {name: normalised(text) for name, (text, _line) in block.fields.items()}
        missing = [name for name in ("quote", "name", "action", "status") if not given.get(name)]
        if missing:
            raise InputError(f"line {block.line}: an added event needs {', '.join(missing)}")
        for name in ("action", "status", "date"):
            if name in block.fields:
                _typed("event", name, *block.fields[name])
        date = given.get("date")
        edits.append(Edit("add", (("place", given["name"]), ("action", given["action"]),
                                  ("status", given["status"]),
                                  ("date", None if (date or "").lower() in ("", "none", "null", "-") else date),
                                  ("quote", given["quote"])), block.line))
    return edits


def _not_added(block: Block, added: dict[str, int], verb: str) -> None:
    if block.entity == "event" and block.key in added:
        cid = added[block.key]
        raise InputError(f"line {block.line}: event {block.key} was added by correction #{cid}; to {verb} it, "
                         f"revoke that correction (tracker fact revoke {cid})")


@dataclass(frozen=True)
class Opened:
    """What `tracker edit` opens: the brief, the edition's number and the form's text."""

    brief: str
    number: int
    text: str


def open_form(store: Any, brief: str, ref: str | None, reason: str | None = None) -> Opened:
    """The form for edition REF of `brief`."""
    from tracker.app import refs

    info = refs.resolve(store, brief, ref)
    snapshot = store.reading(brief, info.number).snapshot
    rejected = [n for n in snapshot.fact_corrections if n.op == "reject" and n.outcome == "applied"]
    return Opened(brief, info.number, render(brief, info.number, info.as_of, snapshot, rejected, reason or ""))


def save_form(store: Any, opened: Opened, edited: str, *, reason: str | None = None,
              by: str | None = None) -> dict[str, Any]:
    """Record the differences between the form `opened` and its `edited` text, in one
    transaction. Returns {"brief", "edition", "changed": bool, "corrections": [rows]}; nothing
    is written when nothing changed. InputError (one line, naming the form's line) for a form
    that cannot be read or a correction that cannot be made: nothing written then either."""
    from tracker.app import facts, refs

    if is_empty(edited):
        raise InputError("empty form, nothing recorded")
    before, after = parse(opened.text), parse(edited)
    snapshot = store.reading(opened.brief, opened.number).snapshot
    added = {n.key: n.id for n in snapshot.fact_corrections if n.op == "add" and n.outcome == "applied"}
    edits = differences(before, after, added)
    out: dict[str, Any] = {"brief": opened.brief, "edition": opened.number, "changed": bool(edits), "corrections": []}
    if not edits:
        return out
    given = normalised(after.reason[0]) if after.reason else ""
    why = given or normalised(reason)
    if not why:
        line = f"line {after.reason[1]}: " if after.reason else ""
        raise InputError(f"{line}say why on the reason line (or give --reason): {len(edits)} change(s) "
                         "need a reason")
    who = facts.text_arg(by, "--by") if by is not None else facts.default_by()
    why = facts.text_arg(why, "reason", MAX_REASON)
    info = refs.resolve(store, opened.brief, str(opened.number))
    as_read = store.parser_readings(opened.brief)
    parsed = as_read[opened.number].snapshot
    prepared = []
    for edit in edits:
        try:
            prepared.append(facts.prepare_correction(store, opened.brief, info, parsed, edit.op, **dict(edit.args),
                                                     reason=why, by=who))
        except InputError as exc:
            raise InputError(f"line {edit.line}: {exc}") from None
    out["corrections"] = facts.record_corrections(store, opened.brief, opened.number, prepared, as_read)
    return out
