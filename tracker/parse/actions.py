"""Actions: the action words of an item (withdrawal, handover, transfer, closure, drawdown),
each with its status, and the one that is about the place.

Input: an item's text (and the sentence and place `places` found in it). Output: `Verb`s. The
status of each is read by `tense`; it must not read places, dates or actors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.parse.places import Place
from tracker.parse.tense import verb_status
from tracker.parse.triggers import says_who_moves
from tracker.vocabulary.verbs import VERB


@dataclass(frozen=True)
class Verb:
    """An action word of an item, where it stands, and its status (`tense.verb_status`)."""

    action: str
    status: str | None
    start: int
    end: int


def verb_matches(text: str) -> tuple[re.Match[str], ...]:
    """Every action word of a text in one pass. A verb never spans a sentence end, so the
    matches inside a sentence are exactly what a search limited to it would find."""
    return tuple(m for m in VERB.finditer(text) if not says_who_moves(text, m))


def verbs_in(text: str, start: int, end: int,
             found: Sequence[re.Match[str]] | None = None) -> list[Verb]:
    """The action words between `start` and `end`, each with its status; `found` (from
    `verb_matches`) spares searching the text again."""
    out = []
    matches = [m for m in VERB.finditer(text, start, end) if not says_who_moves(text, m)] \
        if found is None else \
        [m for m in found if start <= m.start() and m.end() <= end]
    for m in matches:
        action = m.lastgroup or "withdrawal"
        out.append(Verb(action, verb_status(text, m), m.start(), m.end()))
    return out


def main_verb(text: str, sentence: tuple[int, int], place: Place,
              found: Sequence[re.Match[str]] | None = None) -> Verb | None:
    """The action of the sentence about the place: the last before it, else the first after."""
    verbs = verbs_in(text, *sentence, found)
    before = [v for v in verbs if v.end <= place.start]
    if before:
        return before[-1]
    after = [v for v in verbs if v.start >= place.end]
    if after:
        return after[0]
    return None
