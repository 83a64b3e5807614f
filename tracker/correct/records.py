"""The record of an analyst's correction of one fact, as the log holds it (`FactCorrected`),
and the checks of the values a correction may give.

A record is what the analyst said, with the sentence the fact rests on (the `anchor`: the
entity's own `text` for reject and set, the `--quote` for add) and never changes; its id is
its log seq. This module is pure: it must not read the database or a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from tracker.days import ISO_DAY, valid_day
from tracker.errors import InputError

ENTITIES = ("event", "count")
ACTIONS = ("withdrawal", "handover", "transfer", "closure", "drawdown")
STATUSES = ("planned", "started", "completed")
PRECISIONS = ("day", "week", "part-month", "month", "quarter", "half-year", "year")
# the fields `fact set` may change, per entity
FIELDS = {
    "event": ("date", "date_precision", "action", "status", "name", "place", "nations", "personnel"),
    "count": ("value", "subject"),
}
NONE_WORDS = ("", "none", "null", "-")
# characters a terminal obeys rather than shows: control characters (an ANSI escape among
# them) and bidirectional overrides / isolates, which reorder what follows them on screen
UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_REASON = 500  # characters of a reason: a sentence or two, not a document
MIN_QUOTE = 12  # characters of an added event's quote: a few words, enough to anchor it


def unsafe(text: str | None) -> bool:
    """Whether `text` holds a control character or a bidirectional override (see UNSAFE)."""
    return bool(UNSAFE.search(text or ""))


def normalised(text: str | None) -> str:
    """Text compared whitespace-insensitively: runs of white space as one space, trimmed."""
    return " ".join((text or "").split())


@dataclass(frozen=True)
class FactCorrection:
    """One `FactCorrected` record: `op` (reject | set | add) on the `entity` (event | count)
    `key` read from edition `edition` of `brief` (as of `as_of`); for set, `field` and the
    values `before` (the parser's, in that edition) and `after`; for add, the event's fields
    in `event` (name, action, status, date, date_precision); `anchor` is the sentence the fact
    rests on; `reason`, `by` (who) and `at` (UTC stamp) say the rest. `id` is its log seq."""

    id: int
    op: str
    brief: str
    edition: int
    as_of: str
    entity: str
    key: str
    anchor: str
    reason: str
    by: str
    at: str
    field: str | None = None
    before: Any = None
    after: Any = None
    event: dict[str, Any] = dataclass_field(default_factory=dict, compare=False, hash=False)

    def payload(self) -> dict[str, Any]:
        """What the log's FactCorrected record holds (its id is the log row's seq)."""
        out = {"op": self.op, "brief": self.brief, "edition": self.edition, "as_of": self.as_of,
               "entity": self.entity, "key": self.key, "field": self.field,
               "before": _plain(self.before), "after": _plain(self.after), "anchor": self.anchor,
               "reason": self.reason, "by": self.by, "at": self.at}
        if self.op == "add":
            out["event"] = dict(self.event)
        return out

    @classmethod
    def from_payload(cls, seq: int, data: dict[str, Any]) -> FactCorrection:
        """The record logged as event `seq` (KeyError/TypeError when it is not one)."""
        before, after = data.get("before"), data.get("after")
        return cls(seq, data["op"], data["brief"], int(data["edition"]), data["as_of"], data["entity"],
                   data["key"], data["anchor"], data["reason"], data["by"], data["at"], data.get("field"),
                   tuple(before) if isinstance(before, list) else before,
                   tuple(after) if isinstance(after, list) else after, dict(data.get("event") or {}))

    def label(self) -> str:
        """One line saying what it does: "reject event kut", "set event kut date = 2020-03-17"."""
        if self.op == "set":
            return f"set {self.entity} {self.key} {self.field} = {shown(self.after)}"
        return f"{self.op} {self.entity} {self.key}"


def shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def check_value(entity: str, field_name: str, value: str) -> Any:
    """The value `fact set ENTITY FIELD VALUE` gives, typed and checked; InputError (one line
    saying what is allowed) when it is not one the field takes."""
    if entity not in FIELDS:
        raise InputError(f"{entity!r} is not an entity that can be corrected ({', '.join(ENTITIES)})")
    if field_name not in FIELDS[entity]:
        raise InputError(f"{entity} field {field_name!r} cannot be set; one of: {', '.join(FIELDS[entity])}")
    text = normalised(value)
    empty = text.lower() in NONE_WORDS
    if field_name == "date":
        if empty:
            return None
        if not ISO_DAY.fullmatch(text) or not valid_day(text):
            raise InputError(f"date {value!r} is not a valid date (YYYY-MM-DD, or 'none')")
        return text
    if field_name == "date_precision":
        if empty or text == "day":
            return None
        return _one_of("date precision", text, PRECISIONS)
    if field_name == "action":
        return _one_of("action", text.lower(), ACTIONS)
    if field_name == "status":
        return _one_of("status", text.lower(), STATUSES)
    if unsafe(value):
        raise InputError(f"{field_name} must not hold control characters or bidirectional overrides")
    if field_name == "nations":
        if empty:
            return ()
        named: dict[str, str] = {}  # one of each, first spelling kept ("France, ,France" -> France)
        for part in re.split(r"[,;]", text):
            named.setdefault(normalised(part).casefold(), normalised(part))
        return tuple(n for n in named.values() if n)
    if field_name in ("personnel", "value"):
        if empty and field_name == "personnel":
            return None
        if not re.fullmatch(r"[0-9][0-9,]{0,12}", text):
            raise InputError(f"{field_name} {value!r} is not a whole number")
        return int(text.replace(",", ""))
    if field_name == "place" and empty:
        return None
    if not text:
        raise InputError(f"{field_name} must be some text")
    return text


def _one_of(what: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InputError(f"{what} {value!r} is not one of: {', '.join(allowed)}")
    return value
