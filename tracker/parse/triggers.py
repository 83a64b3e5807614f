"""Action words in prose: where a sentence names an action (withdrawal, handover, closure ...),
from the verb table (`tracker.vocabulary.verbs`) and the wider wording of news reports ("gave
up", "ceded", "came under the control of", "lowered its flag").

Input: one sentence (and whether it is a headline). Output: its `Trigger`s, in order, each an
action word with its span; a denied or negated one ("no sign that ... intended to leave", "no
withdrawal date") is none. It must not read status (that is `tense`) nor look for places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tracker.memo import remembered
from tracker.vocabulary.caseless import CaselessPattern
from tracker.vocabulary.verbs import VERB

# action words the verb table (tracker.vocabulary.verbs) leaves to prose: "gave up", "ceded",
# "came under the control of", "lowered its flag", "ceased operations at"
_MORE_VERBS_SOURCE = (
    r"\b(?:(?P<withdrawal>gave\s+up|gives?\s+up|giving\s+up|given\s+up|surrender(?:ed|s|ing)?|"
    r"quit(?:s|ting)?|ced(?:e|ed|es|ing)|dismantl(?:e|ed|es|ing)|pull-?out|wound\s+down|"
    r"winds?\s+down|withdrawals|departures|"
    r"end(?:ed|s|ing)?\s+(?:its|their|the)\s+(?:\w+\s+)?(?:mission|presence|deployment|operations)|"
    r"fl(?:ew|own|ies|y|ying)\s+(?:[\w-]+\s+){0,4}?out\s+of|"
    r"(?:stay|remain)(?:s|ed|ing)?(?=\s+(?:[\w'’.-]+\s+){0,7}?until\b)|"
    r"(?:drove|driven|drives|rolled|rolls|marched|pulled)\s+out\s+of|"
    r"sail(?:ed|s)?\s+(?:out\s+)?from)"
    r"|(?P<handover>redesignat(?:e|ed|es|ing|ion)|retroced(?:e|ed|es|ing)|retrocession|"
    r"transition(?:ed)?\s+to|pass(?:ed|es|ing)?\s+(?:under\s+(?:the\s+)?control\s+of|"
    r"to\s+the\s+control\s+of)|c(?:ame|omes?)\s+under\s+(?:the\s+)?control\s+of|"
    r"(?<!other\s)(?<!\bon\s)(?<!\bat\s)(?<!\bin\s)hand(?:ed|s|ing)?(?!\s+(?:out|down|in|over)\b)(?![\w-])|"
    r"(?:went|passed|fell|goes|go)\s+to\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,4}?(?:army|forces|government|"
    r"authorities|police|military|troops|corps|ministry|state)\b|"
    r"turn(?:ed|s|ing)?(?=\s+(?:[\w'’.-]+\s+){1,6}?(?:back\s+)?over\s+to\b)|"  # "turned X over to"
    r"g[ai]ve(?:n|s)?(?=\s+(?:[\w'’.-]+\s+){1,6}?back\s+to\b)|"  # "gave the camp back to"
    r"sign(?:ed|s|ing)?\s+over|relinquish(?:ed|es|ing)?|handovers|hand-overs|returns|transfers|chang(?:e|ed|es|ing)\s+hands|"
    r"flags?\s+(?:came|comes|come|was|were|is|are)\s+(?:down|lowered)|"
    r"(?:took|taken|takes?|taking|assumed?|assumes|assuming)\s+(?:over\s+)?(?:full\s+)?control\s+of|"
    r"(?:lower(?:ed|s|ing)?|haul(?:ed|s|ing)?\s+down)\s+(?:its|their|the)\s+(?:\w+\s+){0,2}?flag|"
    r"t(?:ook|akes?|aken|aking)\s+back|"
    r"pass(?:ed|es)?\s+to\s+the\s+(?-i:[A-Z][A-Za-z]{1,3}[A-Z])\b|"
    r"pass(?:ed|es|ing)?\s+(?:\w+\s+)?to\s+(?:[\w.]+\s+){0,3}?control)"
    r"|(?P<follow>(?:followed\s+by(?=\s+(?:the\s+)?[A-Z])|follow(?:s|ed)?)(?!\s+(?:the(?!\s+(?:next|following|same)\s+day)|a|an|up|through|its|their|his|her|this|that|"
    r"these|those|suit\s+in|closely)\b)(?=[\s.,;:)]|$))"
    r"|(?P<closure>shutter(?:ed|s|ing)?|shut(?:s|ting)?(?!\s+down)|closures|"
    r"(?:de|in)activat(?:e|ed|es|ing|ion)|ceas(?:e|ed|es|ing)\s+(?:all\s+)?operations\s+(?:at|in)|"
    r"wr(?:apped|aps?|apping)\s+up\s+(?:its\s+|their\s+)?operations\s+(?:at|in)))\b"
)
_CAPITALS = (r"(?-i:[A-Z][A-Za-z]{1,3}[A-Z])", r"(?:the\s+)?[A-Z])")  # read in the text's own case
MORE_VERBS = CaselessPattern(
    re.compile(r"(?=[gsqcdpwefrthlGSQCDPWEFRTHL])"  # the first letters of every form: a cheap filter
               + _MORE_VERBS_SOURCE, re.IGNORECASE),
    # searched in lower-cased text, where a capital is any letter
    r"(?=[gsqcdpwefrthl])" + _MORE_VERBS_SOURCE.replace(_CAPITALS[0], r"[a-z]{3,5}\b").replace(
        _CAPITALS[1], r"(?:the\s+)?[a-z])"))
NOUN_FORMS = {"withdrawal", "handover", "handovers", "hand-over", "pullout", "pull-out",
              "closure", "closures", "drawdown", "draw-down", "evacuation", "departure",
              "turnover", "turn-over", "transfer", "transfers", "exit", "retrocession",
              "redesignation", "reduction"}
_DENIED = re.compile(r"\b(?:no\s+(?:sign|plans?|intention|indication|decision)|denied|rejected|"
                     r"ruled\s+out|refused)\b[^.;]{0,60}$", re.IGNORECASE)


@dataclass(frozen=True)
class Trigger:
    """An action word of a sentence: which action, where, and (once `tense.trigger_status` has
    read it) whether it is completed, started or planned."""

    action: str
    start: int
    end: int
    status: str | None
    noun: bool
    match: Any = field(default=None, compare=False, repr=False)  # until the status is read
    headline: bool = False


@remembered(4096, longest=1500)
def find_triggers(sentence: str, headline: bool) -> tuple[Trigger, ...]:
    """The action words of a sentence, in order (remembered: the next edition repeats it)."""
    found = []
    for m in VERB.finditer(sentence):
        found.append(_trigger(sentence, m, m.lastgroup or "withdrawal", headline))
    for m in MORE_VERBS.finditer(sentence):
        found.append(_trigger(sentence, m, m.lastgroup or "withdrawal", headline))
    found = sorted((t for t in found if t is not None), key=lambda t: t.start)
    return tuple(t for i, t in enumerate(found) if t.action != "follow" or sentence[t.start:t.end].endswith("by") or not any(
        o.noun and not re.search(r"[.;:]|,\s+(?:and|but)\b", sentence[o.end:t.start]) for o in found[:i]))
    # "the transfer of the Timbuktu camp will follow": the noun is the action, "follow" its tense


def _trigger(sentence: str, m: re.Match[str], action: str, headline: bool) -> Trigger | None:
    """An action word, its tense and modality left to `trigger_status` (asked only of the
    actions that act on a place)."""
    word = m.group(0).lower()
    noun = word in NOUN_FORMS
    before = sentence[max(0, m.start() - 40): m.start()]
    if noun and re.search(r"\b(?:no|without)\s+(?:\w+\s+)?$", before, re.IGNORECASE):
        return None  # "where no withdrawal date has been fixed"
    if _DENIED.search(sentence[max(0, m.start() - 70): m.start()]):
        return None  # "there was no sign that the Russians intended to leave Qamishli"
    if word == "left" and re.search(r"\b(?:the|on\s+the|to\s+the)\s+$", before, re.IGNORECASE):
        return None  # "the left bank"
    if word == "close" and _NEAR_AFTER.match(sentence, m.end()) and _BEING_NEAR.search(before):
        return None  # "the camp is close to the border": near, not closing ("to close by May" is)
    if says_who_moves(sentence, m):
        return None
    return Trigger(action, m.start(), m.end(), None, noun, m, headline)


def says_who_moves(text: str, m: re.Match[str]) -> bool:
    """An action word that acts on no site: it says which people ("the departing troops",
    "the relocated personnel", "Redeploying units") or that people travel ("personnel
    returning from Camp X")."""
    word = m.group(0).lower()
    if word.startswith("return") and _TRAVEL.match(text, m.end()):
        return True
    return word.endswith(("ing", "ed")) and _PEOPLE_AFTER.match(text, m.end()) is not None \
        and (m.start() == 0 or _DETERMINER_BEFORE.search(text, max(0, m.start() - 40), m.start()) is not None)


_NEAR_AFTER = re.compile(r"\s+(?:to|by)\b", re.IGNORECASE)
_BEING_NEAR = re.compile(r"\b(?:is|are|was|were|be|been|being|lies|lie|lay|located|situated|sits?|very|so|too|"
                         r"quite|as|and)\s+$", re.IGNORECASE)
_TRAVEL = re.compile(r"\s+(?:home\s+)?from\b", re.IGNORECASE)
_PEOPLE_AFTER = re.compile(
    r"\s+(?:[A-Z][\w.-]*\s+)?(?:troops|personnel|units|soldiers|forces|staff|contingents?|"
    r"peacekeepers|marines|convoys?|columns?|elements|service\s*members)\b"
    r"(?!\s+(?:from|out\s+of|at)\b)", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"(?:^|\b(?:the|its|their|our|his|her|these|those|all|some|"
                                r"remaining|last|many|most))\s+$", re.IGNORECASE)

