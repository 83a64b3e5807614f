"""An analyst's correction of one fact: `tracker fact reject|set|add|list|revoke`.

The library API the commands (and `tracker edit`) call:
- `record_correction(store, brief, ref, op, ...)`: reject an event or count the parser read,
  set one of its fields, or add an event it missed (resting on a quote of the edition's text);
  one `FactCorrected` log record and, in the same transaction, the corrected readings of every
  edition it applies to;
- `revoke(store, brief, id, reason)`: a `FactCorrectionRevoked` record, and the readings
  without it;
- `list_corrections(store, brief)`: every correction with its status (in force, moot,
  superseded at edition N, revoked) and its outcome per edition.
Each returns plain dicts (the JSON the commands print). A cumulative brief is refolded after.

The rule (scope, outcomes) is `tracker.correct`; the readings are `tracker.app.correcting`.
Must not: print, or write anything but through the store.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable
from typing import Any

from tracker.app.correcting import (Records, brief_readings, edition_text, expected, marked, new_readings,
                                    read_records, received_text)
from tracker.correct import FactCorrection, check_value, normalised, outcome_of
from tracker.correct.applying import APPLIED, MOOT, quoted
from tracker.correct.records import ACTIONS, MAX_REASON, MIN_QUOTE, STATUSES, shown, unsafe
from tracker.errors import InputError, NotFoundError
from tracker.model import Snapshot
from tracker.store.writer import FACT_CORRECTED, FACT_REVOKED


def default_by() -> str:
    """Who makes a correction when `--by` is not given: the operating-system user."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001  no user name (a container without one, say)
        return "unknown"


def text_arg(value: str | None, what: str, limit: int | None = None) -> str:
    """A text option, white space normalised; InputError (one line) when it is empty, holds
    a control character, or is longer than `limit` characters. A reason (limited) is free
    prose, escaped wherever it is shown; a name, key or quote (not limited) must not hold a
    bidirectional override either, as it names a fact everywhere (tracker.correct.records.unsafe)."""
    text = normalised(value)
    if not text:
        raise InputError(f"{what} must say something")
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value or ""):
        raise InputError(f"{what} must not hold control characters")
    if limit is None and unsafe(value):
        raise InputError(f"{what} must not hold control characters or bidirectional overrides")
    if limit is not None and len(text) > limit:
        raise InputError(f"{what} is {len(text)} characters long; keep it to {limit} (say why in a "
                         "sentence or two)")
    return text


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _entity(snapshot: Snapshot, key: str, number: int) -> tuple[str, Any]:
    """(entity kind, entity) the parser read as `key` (or under a name whose key it is)."""
    from tracker.identity import place_key

    for kind, items in (("event", snapshot.events), ("count", snapshot.counts)):
        for item in items:
            if item.key == key:
                return kind, item
    wanted = place_key(key)
    for event in snapshot.events:
        if wanted and place_key(event.name) == wanted:
            return "event", event
    keys = ", ".join(sorted({e.key for e in snapshot.events} | {c.key for c in snapshot.counts})[:12])
    raise NotFoundError(f"edition {number} has no event or count {key!r} as the parser read it"
                        + (f" (keys: {keys})" if keys else ""))


def _same_in_force(records: Records, new: FactCorrection) -> None:
    for c in records.active():
        if (c.edition, c.op, c.entity, c.key, c.field) == (new.edition, new.op, new.entity, new.key, new.field):
            does = {"set": f"sets {c.entity} {c.key} {c.field} (to {shown(c.after)})",
                    "reject": f"rejects {c.entity} {c.key}", "add": f"adds event {c.key}"}[c.op]
            raise InputError(f"correction {c.id} already {does} at edition {c.edition}; to change it, "
                             f"revoke it first (`tracker fact revoke {c.id} --reason ...`)")


def record_correction(store: Any, brief: str, ref: str, op: str, *, key: str | None = None,
                      field: str | None = None, value: str | None = None, place: str | None = None,
                      action: str | None = None, status: str | None = None, date: str | None = None,
                      quote: str | None = None, reason: str | None, by: str | None = None) -> dict[str, Any]:
    """Record one correction of edition REF of `brief` and write the readings it makes.

    `op` "reject" (`key`), "set" (`key`, `field`, `value`: typed and checked), or "add"
    (`place`, `action`, `status`, optional `date`, and `quote`, which must occur in the
    edition's text). `by` defaults to the operating-system user. Raises InputError (one line)
    for bad input, nothing written. Returns the correction as `list_corrections` shows it."""
    reason = text_arg(reason, "--reason", MAX_REASON)
    by = text_arg(by, "--by") if by is not None else default_by()
    from tracker.app import refs

    info = refs.resolve(store, brief, ref)
    as_read = store.parser_readings(brief)
    new = prepare_correction(store, brief, info, as_read[info.number].snapshot, op, key=key, field=field,
                             value=value, place=place, action=action, status=status, date=date, quote=quote,
                             reason=reason, by=by)
    return record_corrections(store, brief, info.number, [new], as_read)[0]


def prepare_correction(store: Any, brief: str, info: Any, parsed: Snapshot, op: str, *, key: str | None = None,
                       field: str | None = None, value: str | None = None, place: str | None = None,
                       action: str | None = None, status: str | None = None, date: str | None = None,
                       quote: str | None = None, reason: str, by: str) -> FactCorrection:
    """One correction of edition `info` (an `EditionInfo`; `parsed`: the parser's reading of
    it), checked but not written (its id is 0): see `record_correction`. `reason` and `by`
    are taken as given. Raises InputError / NotFoundError (one line)."""
    common = {"brief": brief, "edition": info.number, "as_of": info.as_of, "reason": reason,
              "by": by, "at": _now()}
    if op == "add":
        return _addition(store, brief, info, parsed, place, action, status, date, quote, common)
    if op not in ("reject", "set"):
        raise InputError(f"{op!r} is not a correction (reject, set or add)")
    kind, found = _entity(parsed, text_arg(key, "KEY"), info.number)
    before = after = None
    if op == "set":
        if not field:
            raise InputError("give the FIELD to set and its VALUE")
        after = check_value(kind, field, value if value is not None else "")
        before = getattr(found, field, None)
    else:
        before = found.name if kind == "event" else found.subject
    new = FactCorrection(0, op, entity=kind, key=found.key, anchor=found.text, field=field if op == "set" else None,
                         before=before, after=after, **common)
    if op == "set" and outcome_of(new, parsed, lambda: "") == MOOT:
        _overridden(store, brief, info.number, new)
        raise InputError(f"edition {info.number} already reads {found.key} {field} = {shown(after)}: "
                         "nothing to correct")
    return new


def _overridden(store: Any, brief: str, number: int, new: FactCorrection) -> None:
    """When the parser reads what `new` would set but a correction in force there sets
    another value (what the user sees), InputError pointing at revoking that one."""
    for note in store.reading(brief, number).snapshot.fact_corrections:
        if (note.outcome, note.op, note.entity, note.key, note.field) == (APPLIED, "set", new.entity, new.key,
                                                                         new.field):
            raise InputError(f"edition {number} shows {new.key} {new.field} = {shown(note.after)} because of "
                             f"correction {note.id}; the parser reads {shown(new.after)}: to go back to it, "
                             f"revoke that correction (`tracker fact revoke {note.id} --reason ...`)")


def record_corrections(store: Any, brief: str, number: int, corrections: list[FactCorrection],
                       as_read: dict[int, Any] | None = None) -> list[dict[str, Any]]:
    """Write `corrections` (from `prepare_correction`, all of edition `number`) in ONE
    transaction: their records, in order, and the readings they make together (`as_read`:
    the brief's parser readings, `Store.parser_readings`, when the caller has them already).
    Refuses (InputError, nothing written) one that a correction in force, or another of the
    list, already does. Returns each as `list_corrections` shows it."""
    records = read_records(store, brief)
    for i, new in enumerate(corrections):
        _same_in_force(records, new)
        for other in corrections[:i]:
            if (other.op, other.entity, other.key, other.field) == (new.op, new.entity, new.key, new.field):
                raise InputError(f"two corrections do the same thing ({new.label()})")
    seqs = _write(store, brief, number, [(FACT_CORRECTED, c.payload()) for c in corrections], records,
                  lambda seqs: [_with_id(c, seq) for c, seq in zip(corrections, seqs)], as_read=as_read)
    rows = {row["id"]: row for row in list_corrections(store, brief)}
    return [rows[seq] for seq in seqs]


def _write(store: Any, brief: str, number: int, entries: list[tuple[str, dict[str, Any]]], records: Records,
           extra: Callable[[list[int]], list[FactCorrection]], revoked: tuple[int, ...] = (),
           as_read: dict[int, Any] | None = None) -> list[int]:
    """Append the fact records `entries` ((type, payload) each) of edition `number` and, in
    the same transaction, the readings the brief's `records` make with the corrections
    `extra(seqs)` added and `revoked` taken back, and the brief's fold. Returns the seqs."""
    from tracker.app.cumulative import state_rows
    from tracker.identity import identities_of

    readings = brief_readings(store, brief, as_read=as_read)

    def plan(seqs: list[int]) -> list[Any]:
        return new_readings(readings, expected(readings, records, extra(seqs), revoked))

    seqs, _ = store.write_fact_records(brief, number, entries, plan, identities_of, state_rows)
    return seqs


def _with_id(c: FactCorrection, seq: int) -> FactCorrection:
    from dataclasses import replace

    return replace(c, id=seq)


def _addition(store: Any, brief: str, info: Any, parsed: Snapshot, place: str | None, action: str | None,
              status: str | None, date: str | None, quote: str | None, common: dict[str, Any]) -> FactCorrection:
    """The `add` correction, checked: a place the parser does not read, its action and status,
    and a quote the edition's text holds."""
    from tracker.identity import place_key

    name = text_arg(place, "--place")
    event: dict[str, Any] = {"name": name,
                             "action": check_value("event", "action", action or "") if action else None,
                             "status": check_value("event", "status", status or "") if status else None,
                             "date": check_value("event", "date", date) if date else None}
    if event["action"] is None or event["status"] is None:
        raise InputError(f"an added event needs --action ({', '.join(ACTIONS)}) and --status "
                         f"({', '.join(STATUSES)})")
    text = text_arg(quote, "--quote")
    if len(text) < MIN_QUOTE or len(text.split()) < 2:
        raise InputError(f"the quote {text!r} is too short to anchor the event: give a few words of the "
                         f"sentence (at least {MIN_QUOTE} characters)")
    if not quoted(text, edition_text(*received_text(store, brief, info.number, info.source))):
        raise InputError(f"the quote {text!r} does not occur in edition {info.number}'s text")
    key = place_key(name) or name.lower()
    new = FactCorrection(0, "add", entity="event", key=key, anchor=text, after=name, event=event, **common)
    if outcome_of(new, parsed, lambda: text) != APPLIED:
        raise InputError(f"edition {info.number} already reads {name!r} (key {key}); correct that "
                         "event with `tracker fact set` instead")
    return new


def revoke(store: Any, brief: str, correction: int, reason: str | None, by: str | None = None) -> dict[str, Any]:
    """Take back correction `correction` (its id) of `brief`, and write the readings without
    it. Raises NotFoundError / InputError (one line) when there is no such correction in force."""
    reason = text_arg(reason, "--reason", MAX_REASON)
    by = text_arg(by, "--by") if by is not None else default_by()
    records = read_records(store, brief)
    found = records.corrections.get(correction)
    if found is None:
        raise NotFoundError(f"brief {brief!r} has no correction {correction} (see `tracker fact list`)")
    if correction in records.revoked:
        raise InputError(f"correction {correction} was already revoked ({records.revoked[correction]['reason']})")
    payload = {"id": correction, "reason": reason, "by": by, "at": _now()}
    _write(store, brief, found.edition, [(FACT_REVOKED, payload)], records, lambda seqs: [], (correction,))
    return next(row for row in list_corrections(store, brief) if row["id"] == correction)


def status_of(c: FactCorrection, records: Records, outcomes: list[tuple[int, str]],
              retracted: dict[int, Any] | None = None) -> dict[str, Any]:
    """A correction's status from its outcomes per edition (as-of order): revoked, not in
    force (its edition retracted, or no edition in force it applies to), superseded at edition
    N, in force (it changes at least one edition's reading), or moot (it changes none)."""
    if c.id in records.revoked:
        r = records.revoked[c.id]
        return {"status": "revoked", "revoked": {k: r.get(k) for k in ("id", "seq", "reason", "by", "at")}}
    if retracted and c.edition in retracted:
        return {"status": "not in force", "superseded_at": None, "retracted": c.edition}
    lifted = next((n for n, o in outcomes if o == "superseded"), None)
    if lifted is not None:
        return {"status": "superseded", "superseded_at": lifted}
    if not outcomes:
        return {"status": "not in force", "superseded_at": None}
    return {"status": "in force" if any(o == APPLIED for _, o in outcomes) else "moot"}


WORDS = {APPLIED: "in force", MOOT: "moot", "superseded": "superseded"}


def status_detail(row: dict[str, Any], order: list[int], handed_on: bool) -> str:
    """Where a correction (a row of `list_corrections`) holds, in words: "in force at 1–3;
    moot from 4", "superseded from 3", "not in force (edition 1 retracted)". `order`: the
    brief's editions in force, as-of order; `handed_on`: whether a correction passes to later
    editions (not in a brief that folds its reports), so that its last run reads "from N"."""
    if row["status"] == "revoked":
        return f"revoked ({row['revoked']['reason']})"
    if row.get("retracted"):
        return f"not in force (edition {row['retracted']} retracted)"
    runs: list[tuple[str, list[int]]] = []
    place = {n: i for i, n in enumerate(order)}
    for o in row["outcomes"]:
        n, outcome = o["edition"], o["outcome"]
        if runs and runs[-1][0] == outcome and place.get(runs[-1][1][-1], -2) + 1 == place.get(n):
            runs[-1][1].append(n)
        else:
            runs.append((outcome, [n]))
    if not runs:
        return "not in force"
    parts = []
    for i, (outcome, numbers) in enumerate(runs):
        last = i == len(runs) - 1
        if outcome == "superseded" or (last and handed_on and numbers[-1] == order[-1]):
            parts.append(f"{WORDS[outcome]} from {numbers[0]}")
        elif len(numbers) == 1:
            parts.append(f"{WORDS[outcome]} at {numbers[0]}")
        else:
            parts.append(f"{WORDS[outcome]} at {numbers[0]}\u2013{numbers[-1]}")
    return "; ".join(parts)


def list_corrections(store: Any, brief: str) -> list[dict[str, Any]]:
    """Every correction of `brief`, oldest first: its record (id, op, entity, key, field,
    before, after, anchor, reason, by, at, edition), its `status`, where it holds in words
    (`detail`: "in force at 1–3; moot from 4") and its `outcomes` per edition (as-of order:
    [{"edition", "outcome"}]). A correction recorded on a retracted edition is not in force
    (`retracted`: that edition) and applies nowhere."""
    records = read_records(store, brief)
    per: dict[int, list[tuple[int, str]]] = {}
    infos = store.editions(brief)
    for info in infos:
        for note in store.reading(brief, info.number).snapshot.fact_corrections:
            per.setdefault(note.id, []).append((info.number, note.outcome))
    retracted = store.retracted(brief) if records.corrections else {}
    folds = any(m.mode == "cumulative" for m in store.modes(brief)) if records.corrections else False
    order = [info.number for info in infos]
    out = []
    for cid, c in sorted(records.corrections.items()):
        row = {"id": cid, **c.payload()}
        row.update(status_of(c, records, per.get(cid, []), retracted))
        row["outcomes"] = [] if row.get("retracted") else [{"edition": n, "outcome": o} for n, o in per.get(cid, [])]
        row["detail"] = status_detail(row, order, not folds)
        out.append(row)
    return out


def as_read(store: Any, brief: str, ref: str | None) -> dict[str, Any]:
    """`show --as-read`: the edition's newest reading by the parser, with no correction."""
    from tracker.app import refs
    from tracker.app.views import edition_header

    info = refs.resolve(store, brief, ref)
    reading = store.parser_readings(brief)[info.number]
    header = {**edition_header(info), "reading": reading.derivation, "parser_version": reading.parser_version,
              "as_read": True}
    return {"brief": brief, "mode": "restating", "edition": header, **marked(reading.snapshot)}
