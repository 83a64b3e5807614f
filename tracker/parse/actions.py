"""Actions and status: the action verbs of an item (withdrawal, handover, transfer, closure,
drawdown), whether each is planned, started or completed, and the one that is about the place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.vocabulary.verbs import ACTION_NOUNS as _NOUNS
from tracker.vocabulary.verbs import VERB as _VERB

if TYPE_CHECKING:
    from tracker.parse.places import _Place

_PLANNED_BEFORE = re.compile(
    r"\b(?:will|would|shall|to|plans?\s+to|planned\s+to|set\s+to|due\s+to|expected\s+to|"
    r"scheduled\s+to|agreed\s+to|going\s+to|means|will\s+mean|would\s+mean|involves|entails)"
    r"(?:\s+be)?\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_STARTED_BEFORE = re.compile(
    r"\b(?:began|begun|begins?|started|starts?|is|are|was|were|being|continues?|continued|"
    r"has\s+been|have\s+been|launched|initiated|commenced)(?:\s+to)?\s+(?:\w+ly\s+)?"
    r"(?:the\s+|its\s+|their\s+)?$", re.IGNORECASE)
# "began the final phase of its withdrawal", "is in the process of handing over": under way
_PHASE_BEFORE = re.compile(
    r"\b(?:began|begun|begins?|started|starts?|launched|commenced|entered|enters|in)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:phase|stage|process|part|step)\s+of\s+(?:(?:the|its|their)\s+)?$",
    re.IGNORECASE)
# "the first troops left", "the first departure": the first of several steps, so it began
_FIRST_BEFORE = re.compile(
    r"\bfirst\s+(?:[\w-]+\s+){0,2}?(?:troops|soldiers|units?|convoys?|flights?|planes?|aircraft|"
    r"vehicles|elements|contingents?|personnel|forces|companies|groups?|wave|batch|detachments?)"
    r"\s+$", re.IGNORECASE)
_FIRST_NOUN_BEFORE = re.compile(r"\b(?:the|a|its|their)\s+first\s+$", re.IGNORECASE)
_BEING_BEFORE = re.compile(r"\b(?:is|are)\s+being\s+$", re.IGNORECASE)
_BEGAN_TO_BEFORE = re.compile(r"\b(?:began|begun|started|commenced)\s+to\s+$", re.IGNORECASE)
_DONE_BEFORE = re.compile(
    r"\b(?:completed|finished|concluded|ended|complete|finalised|finalized)\s+"
    r"(?:the\s+|its\s+|their\s+)?$", re.IGNORECASE)
_NOUN_AFTER_DONE = re.compile(r"^\s+(?:\S+\s+){0,6}?(?:was|is|has\s+been)\s+"
                              r"(?:completed|complete|finished|concluded)\b|^\s+(?:\S+\s+){0,12}?"
                              r"(?:took\s+place|concluded|ended)\b", re.IGNORECASE)
_NOUN_DONE_NOW = re.compile(r"^\s*(?:-\s*)?(?:completed?|done|finished|concluded)\b", re.IGNORECASE)
_NOUN_STARTED_NOW = re.compile(r"^\s*(?:-\s*)?(?:under\s*way|ongoing|in\s+progress|started|begun)\b",
                               re.IGNORECASE)
_NOUN_PLANNED = re.compile(
    r"^\s*(?:-\s*)?(?:expected|planned|scheduled|due|pending|proposed|foreseen)\b|"
    r"^\s+(?:\S+\s+){0,6}?(?:is|was|are|were)\s+(?:now\s+|still\s+)?(?:expected|planned|"
    r"scheduled|due|pending|proposed|foreseen)\b|^\s+(?:\S+\s+){0,6}?(?:will|should|is\s+to)\s+"
    r"(?:\w+ly\s+)?(?:take\s+place|happen|follow|be\s+completed)\b", re.IGNORECASE)
_NOUN_AFTER_START = re.compile(r"^\s+(?:\S+\s+){0,6}?(?:began|started|begins|starts|is\s+under\s*way|"
                               r"is\s+ongoing|continues)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Verb:
    action: str
    status: str | None
    start: int
    end: int


def _verb_matches(text: str) -> tuple[re.Match[str], ...]:
    """Every action word of a text in one pass. A verb never spans a sentence end, so the
    matches inside a sentence are exactly what a search limited to it would find."""
    return tuple(_VERB.finditer(text))


def _verbs(text: str, start: int, end: int,
           found: Sequence[re.Match[str]] | None = None) -> list[_Verb]:
    out = []
    matches = _VERB.finditer(text, start, end) if found is None else \
        [m for m in found if start <= m.start() and m.end() <= end]
    for m in matches:
        action = m.lastgroup or "withdrawal"
        out.append(_Verb(action, _status(text, m), m.start(), m.end()))
    return out


def _status(text: str, m: re.Match[str]) -> str | None:
    status = _own_status(text, m)
    if status in ("started", None) and _done_later(text, m.end()):
        return "completed"  # "withdrawal began Oct. 19; completed on 21 October": the latest step
    return status


_DONE_WORD = re.compile(r"\b(?:completed|finished|concluded)\b", re.IGNORECASE)
_NOT_DONE_YET = re.compile(
    r"\b(?:to|will|would|should|shall|must|not|yet|expected|due|scheduled|planned|set)\s+"
    r"(?:(?:be|been|yet|not|to)\s+){0,3}(?:\w+ly\s+)?$", re.IGNORECASE)


def _done_later(text: str, end: int) -> bool:
    """A step that started and, later in the same sentence, is said to be completed, not
    merely expected to be."""
    from tracker.parse.sentences import _sentences

    stop = next((e for s, e in _sentences(text) if s <= end <= e), len(text))
    rest = text[end:stop]
    return any(not _NOT_DONE_YET.search(rest[max(0, d.start() - 30): d.start()])
               for d in _DONE_WORD.finditer(rest))


def _own_status(text: str, m: re.Match[str]) -> str | None:
    word = m.group(0).lower()
    before = text[max(0, m.start() - 40): m.start()]
    if word.replace(" ", "") in _NOUNS or word in _NOUNS:
        after = text[m.end(): m.end() + 80]
        if _DONE_BEFORE.search(before) or _NOUN_AFTER_DONE.match(after) \
                or _NOUN_DONE_NOW.match(after):
            return "completed"
        planned = _NOUN_PLANNED.match(after)
        begun = _NOUN_AFTER_START.match(after) or _NOUN_STARTED_NOW.match(after)
        if planned and begun and begun.end() < planned.end():
            return "started"  # "withdrawal began 22 Oct and is expected to be completed by ..."
        if planned or _PLANNED_BEFORE.search(before):
            return "planned"
        if _STARTED_BEFORE.search(before) or _NOUN_AFTER_START.match(after) \
                or _NOUN_STARTED_NOW.match(after) or _PHASE_BEFORE.search(before) \
                or _FIRST_NOUN_BEFORE.search(before):
            return "started"
        return None
    if word == "transfer" and _NOUN_PLANNED.match(text[m.end(): m.end() + 80]):
        return "planned"  # the noun: "transfer to the Afghan Air Force is scheduled for ..."
    if _BEING_BEFORE.search(before) or _BEGAN_TO_BEFORE.search(before) \
            or _PHASE_BEFORE.search(before):
        return "started"  # "is being handed over", "started to vacate", "in the process of leaving"
    if _PLANNED_BEFORE.search(before):
        return "planned"
    first = word.split()[0]
    if _FIRST_BEFORE.search(before) and not first.endswith("ing"):
        return "started"  # "the first troops left": more are to follow
    if first.endswith("ing"):
        return "started"
    if re.match(r"(?:began|started|begun)", before.split()[-1] if before.split() else "", re.I):
        return "started"
    if first.endswith(("ed", "wn", "ew")) or first in {"left", "shut", "gave", "given", "drew",
                                                       "drawn", "took", "taken", "quit"}:
        return "completed"
    if _STARTED_BEFORE.search(before) and re.search(r"\b(?:began|started|begun|begins?|starts?)"
                                                     r"\s+(?:to\s+)?$", before, re.I):
        return "started"
    return "started"


def _main_verb(text: str, sentence: tuple[int, int], place: _Place,
               found: Sequence[re.Match[str]] | None = None) -> _Verb | None:
    """The action of the sentence about the place: the last before it, else the first after."""
    verbs = _verbs(text, *sentence, found)
    before = [v for v in verbs if v.end <= place.start]
    if before:
        return before[-1]
    after = [v for v in verbs if v.start >= place.end]
    if after:
        return after[0]
    return None


_BARE_STATUS = re.compile(
    r"\b(?:(?P<completed>completed|complete|finished|done|concluded)|"
    r"(?P<started>started|begun|began|under\s*way|ongoing|in\s+progress|commenced)|"
    r"(?P<planned>planned|expected|scheduled|pending|proposed))\b", re.IGNORECASE)


def _bare_status(text: str) -> str | None:
    """The status an item states without an action verb ("started 3 Jan; completed 20 Jan"):
    the last one named, since items tell a base's progress in order. No action is implied."""
    last = None
    for m in _BARE_STATUS.finditer(text):
        last = m.lastgroup
    return last
