"""Status from tense and modality: whether an action word tells a step completed ("handed
over", "closure completed"), started ("is being handed over", "began the final phase of its
withdrawal", "the first troops left") or planned ("will hand over", "is to be closed",
"scheduled to be transferred").

Input: a text and the match of an action word in it (`verb_status`, the item reader's and the
prose reader's), a prose `Trigger` (`trigger_status`, which adds what news prose tells: a
present-tense headline, a planned noun, "the fourth base to be handed over"), or an item with
no action word at all (`bare_status`). Output: "completed", "started", "planned" or None
(`trigger_status`: the trigger with it). It must not choose which action or place a sentence
is about, nor read dates.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tracker.parse.sentences import CLAUSE_BREAK, sentence_spans
from tracker.parse.site_names import HEAD
from tracker.parse.triggers import NOUN_FORMS, Trigger
from tracker.vocabulary.verbs import ACTION_NOUNS as _NOUNS

_PLANNED_BEFORE = re.compile(
    r"\b(?:will|would|shall|to|plans?\s+to|planned\s+to|set\s+to|due\s+to|expected\s+to|"
    r"scheduled\s+to|agreed\s+to|going\s+to|means|will\s+mean|would\s+mean|involves|entails)"
    r"(?:\s+(?:also|now|soon|then|still|first|later|in\s+turn|in\s+time|in\s+future|at\s+last|"
    r"\w+ly)){0,2}(?:\s+be)?\s+(?:\w+ly\s+)?$", re.IGNORECASE)
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
_BEGAN_TO_BEFORE = re.compile(r"\b(?:began|begun|begins?|started|starts?|commenced|commences?)\s+to\s+$",
                              re.IGNORECASE)
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
    r"^\s+(?:[^\s,;.]+\s+){0,10}?(?:is|was|are|were)\s+(?:now\s+|still\s+)?(?:expected|planned|"
    r"scheduled|due|pending|proposed|foreseen)\b|^\s+(?:\S+\s+){0,6}?(?:will|should|is\s+to)\s+"
    r"(?:\w+ly\s+)?(?:take\s+place|happen|follow|be\s+completed)\b", re.IGNORECASE)
_NOUN_AFTER_START = re.compile(r"^\s+(?:[^\s.;]+\s+){0,18}?(?:began|started|begins|starts|is\s+under\s*way|"
                               r"is\s+ongoing|continues)\b", re.IGNORECASE)


def verb_status(text: str, m: re.Match[str]) -> str | None:
    """The status of the action word `m` in `text`: from the words around it, then the latest
    step its sentence tells ("began ...; completed on ...")."""
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
    stop = next((e for s, e in sentence_spans(text) if s <= end <= e), len(text))
    rest = text[end:stop]
    return any(not _NOT_DONE_YET.search(rest[max(0, d.start() - 30): d.start()])
               for d in _DONE_WORD.finditer(rest))


# Action words that, after a determiner and before "of" or "from", name the action as a
# noun ("the return of X", "its transfer from Y"): the clause's verb tells its status
_BARE_NOUNS = frozenset({"return", "returns", "transfer", "transfers", "exit", "exits", "handback",
                         "hand-back"})
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|its|their|a|an|this|his|her|our)|['’]s)\s+"
    r"(?:(?!(?:will|would|shall|should|must|may|might|can|could|to|did|does|do|not|the|its|"
    r"their|a|an|this|his|her|our)\s)"
    r"[\w-]+,?\s+(?:and\s+)?){0,3}?$", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+(?:of|from)\b", re.IGNORECASE)
# what the clause does with the action it names: it tells it as done ("announces the return
# of", "marks the handover of", "completed its withdrawal from") ...
_GOVERNS_DONE = (
    r"announc(?:es|ed|e)|mark(?:s|ed)?|celebrat(?:es|ed|e)|complet(?:es|ed|e)|finali[sz](?:es|ed|e)|"
    r"conclud(?:es|ed|e)|confirm(?:s|ed)?|welcom(?:es|ed|e)|witness(?:es|ed)?|saw|sees|oversaw|"
    r"oversees|formali[sz](?:es|ed|e)|commemorat(?:es|ed|e)|hail(?:s|ed)?|effect(?:s|ed)|"
    r"carried\s+out|carries\s+out|executed|achiev(?:es|ed)|accomplish(?:es|ed)|attended|"
    r"held|hosted|report(?:s|ed)|record(?:s|ed)|(?:signed|signs)\s+(?:off\s+on|for)")
# ... or as still to come ("agreed to the return of", "plans the transfer of", "approved the
# handover of", "scheduled the closure of")
_GOVERNS_PLANNED = (
    r"agree[sd]?\s+(?:to|on|upon)|agreement\s+(?:on|for)|plans?|planned|planning|approv(?:es|ed|e)|"
    r"schedul(?:es|ed|e)|propos(?:es|ed|e)|decid(?:es|ed)\s+(?:on|upon)|order(?:s|ed)?|"
    r"authori[sz](?:es|ed|e|ing)|request(?:s|ed|ing)?|call(?:s|ed|ing)?\s+for|demand(?:s|ed|ing)?|"
    r"order(?:ing)|approving|urging|recommending|proposing|"
    r"seek(?:s|ing)?|sought|negotiat(?:es|ed|e|ing)|discuss(?:es|ed)?|prepar(?:es|ed|e|ing)\s+for|"
    r"expect(?:s|ed)?|intend(?:s|ed)?|envisag(?:es|ed|e)|foresees?|foresaw|await(?:s|ed|ing)?|"
    r"urg(?:es|ed|e)|recommend(?:s|ed)?|push(?:es|ed)?\s+for|endors(?:es|ed|e)|"
    r"pav(?:es|ed|e)\s+the\s+way\s+for|consider(?:s|ed|ing)?|postpon(?:es|ed|e)|delay(?:s|ed)?|"
    r"suspend(?:s|ed)?|set\s+(?:a\s+)?(?:date|deadline|timetable)\s+for|"
    r"(?:gave|gives?|set|sets|named|names)\s+no\s+(?:date|deadline|timetable|time\s*frame|schedule)\s+for")
_GOVERNOR = re.compile(
    rf"\b(?:(?P<done>{_GOVERNS_DONE})|(?P<planned>{_GOVERNS_PLANNED}))\s+"
    r"(?:(?:\w+ly|today|yesterday|also|now|officially)\s+){0,2}$", re.IGNORECASE)
_DONE_ADJ = re.compile(r"\b(?:finali[sz]ed|completed|successful|effective|accomplished)\b",
                       re.IGNORECASE)


def nominal_start(text: str, m: re.Match[str]) -> int | None:
    """Where the noun phrase begins when the action word `m` is a noun ("the finalized and
    permanent return of X", "its handover"), else None."""
    word = m.group(0).lower()
    if not (word.replace(" ", "") in _NOUNS or word in _NOUNS or word in NOUN_FORMS
            or word in _BARE_NOUNS and _OF_AFTER.match(text, m.end())):
        return None
    d = _DETERMINER_BEFORE.search(text, max(0, m.start() - 60), m.start())
    return d.start() if d else None


def governed_status(text: str, m: re.Match[str]) -> str | None:
    """The status of a nominalised action from the clause that governs it: "announces the
    return of" (completed), "agreed to the handover of" (planned), "will mark the transfer
    of" (planned: the governor's own tense), "the finalized return of" (completed)."""
    start = nominal_start(text, m)
    if start is None:
        return None
    if _DONE_ADJ.search(text, start, m.start()):
        return "completed"
    clause = CLAUSE_BREAK.split(text[max(0, start - 80): start])[-1]
    g = _GOVERNOR.search(clause)
    if g is None:
        return None
    if g.group("done") and _PURPOSE_OF_DONE.search(clause[:g.start()]):
        return "completed"  # "officials held a ceremony to mark the return of": it was marked
    if g.group("planned") or _PLANNED_BEFORE.search(clause[:g.start()]) \
            or _MUST_BEFORE.search(clause[:g.start()]):
        return "planned"
    return "completed"


# a purpose told after what was done: "held a ceremony at the town hall to (mark ...)"
_PURPOSE_OF_DONE = re.compile(r"\b(?:held|hosted|gathered|attended|organi[sz]ed|staged|met|assembled|"
                              r"came\s+together|took\s+part)\b[^.;:]{0,80}\bto\s+$", re.IGNORECASE)


def _own_status(text: str, m: re.Match[str]) -> str | None:
    word = m.group(0).lower()
    before = text[max(0, m.start() - 40): m.start()]
    nominal = word in _BARE_NOUNS and nominal_start(text, m) is not None
    if word.replace(" ", "") in _NOUNS or word in _NOUNS or nominal:
        after = text[m.end(): m.end() + 160]  # "the evacuation of the last two, A and B, began"
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
            or _PHASE_BEFORE.search(before):  # "is being handed over", "started to vacate", "in
        # the process of leaving"; "will begin to leave" is still to come
        return "planned" if _FUTURE_BEFORE.search(CLAUSE_BREAK.split(before)[-1]) else "started"
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
                                                       "drawn", "took", "taken", "quit", "went", "gone"}:
        return "completed"
    if _STARTED_BEFORE.search(before) and re.search(r"\b(?:began|started|begun|begins?|starts?)"
                                                     r"\s+(?:to\s+)?$", before, re.I):
        return "started"
    return "started"


_BARE_STATUS = re.compile(
    r"\b(?:(?P<completed>completed|complete|finished|done|concluded)|"
    r"(?P<started>started|begun|began|under\s*way|ongoing|in\s+progress|commenced)|"
    r"(?P<planned>planned|expected|scheduled|pending|proposed))\b", re.IGNORECASE)


def bare_status(text: str) -> str | None:
    """The status an item states without an action verb ("started 3 Jan; completed 20 Jan"):
    the last one named, since items tell a base's progress in order. No action is implied."""
    last = None
    for m in _BARE_STATUS.finditer(text):
        last = m.lastgroup
    return last


_RANKED_BEFORE = re.compile(rf"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                            rf"tenth|eleventh|twelfth|\d+(?:st|nd|rd|th)|last|latest)\s+"
                            rf"(?:[\w-]+\s+){{0,2}}?(?i:{HEAD})\s+to\s+(?:be|have\s+been)\s+$",
                            re.IGNORECASE)
_MUST_BEFORE = re.compile(r"\b(?:must|should|has\s+to|have\s+to|needs?\s+to|is\s+to|are\s+to|"
                          r"is\s+due\s+to|are\s+due\s+to)(?:\s+be)?\s+(?:\w+ly\s+)?$",
                          re.IGNORECASE)
_PROGRESSIVE = re.compile(r"\b(?:am|is|are|was|were|be|been|being|continues?\s+to|continued\s+to|"
                          r"(?:in\s+the\s+)?process\s+of|"
                          r"began|begun|started|starts?|begins?|keeps?|kept)\s+(?:\w+ly\s+)?$",
                          re.IGNORECASE)
_FUTURE_BEFORE = re.compile(r"\b(?:will|shall|would|plans?\s+to|planned\s+to|intends?\s+to|"
                            r"is\s+to|are\s+to|expected\s+to|due\s+to|set\s+to|scheduled\s+to|"
                            r"going\s+to|aims?\s+to|prepar(?:es|ing)\s+to)\b", re.IGNORECASE)
_PLANNED_ADJ = re.compile(r"\b(?:planned|scheduled|expected|upcoming|forthcoming|proposed|future|"
                          r"imminent|eventual|possible)\s+(?:\w+\s+)?$", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"\bnot\s+(?:yet\s+)?(?:been\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)
_HEADLINE_PRESENT = re.compile(r"^(?:hands|closes|leaves|quits?|returns|transfers|gives|vacates|"
                               r"exits|pulls|withdraws|completes|ends|shuts|cedes|surrenders|"
                               r"turns|evacuates|abandons|departs)\b", re.IGNORECASE)


def trigger_status(sentence: str, t: Trigger) -> Trigger:
    """The action with its status: completed, started or planned, from tense and modality."""
    if t.match is None:
        return t
    m, noun, headline = t.match, t.noun, t.headline
    word = m.group(0).lower()
    before = sentence[max(0, m.start() - 40): m.start()]
    status = verb_status(sentence, m)
    if word.startswith(("stay", "remain")):
        status = "planned"  # "is expected to stay until 30 November": leaves then
    elif status == "started" and word.split()[0] in ("went", "fell", "passed", "gave", "took",
                                                      "came", "flew", "ended", "signed", "changed"):
        status = "completed"  # a past tense the verb table does not know
    if noun and (status is None or word.endswith("s") and word[:-1] in NOUN_FORMS):
        status = "planned" if _PLANNED_ADJ.search(before) else None
    governed = governed_status(sentence, m)
    if governed and not (_NOUN_AFTER_DONE.match(sentence, m.end()) or _NOUN_PLANNED.match(sentence, m.end())):
        status = governed  # "announces the return of", "agreed to the handover of"
    if _NOT_BEFORE.search(before) or _MUST_BEFORE.search(before):
        status = "planned"
    ranked = _RANKED_BEFORE.search(sentence, max(0, m.start() - 80), m.start()) \
        if status == "planned" else None
    if ranked and not _FUTURE_BEFORE.search(CLAUSE_BREAK.split(sentence[:ranked.start()])[-1]):
        status = "completed"  # "the fourth base to be handed over": a rank among those done;
        # not "will be the last facility to be handed over": the rank is still to come
    if headline and _HEADLINE_PRESENT.match(word) and status in (None, "started"):
        status = "completed"
    if status == "started" and not noun and told_on_its_day(sentence, m.start()):
        status = "completed"  # a chronology's line: "13 May 2024 - Units vacate X" (a day ahead
        # of the edition makes it planned again, as any completed action)
    if status == "started" and word.split()[0].endswith("ing") and not _PROGRESSIVE.search(before):
        status = "completed"  # "after handing over the camp", ", handing the camp to": no progress
    if status in (None, "completed", "started") and word.split()[0].endswith("ing") \
            and _FUTURE_BEFORE.search(CLAUSE_BREAK.split(sentence[:m.start()])[-1]):
        status = "planned"  # "will now concentrate on closing", "plans to start handing over"
    return replace(t, status=status, match=None)



_DAY_OPENS = re.compile(r"^\s*(?:\*\*)?[\w ,.]{0,24}\d[\w ,.]{0,12}?\s*(?:\*\*)?\s*[-–—:|]\s")
_SIMPLE_PRESENT = re.compile(r"(?:[a-z]+s|leave|quit|vacate|return|hand|transfer|close|pull|"
                             r"withdraw|evacuate|abandon|depart|exit|cede|surrender|give|turn|"
                             r"shut|move|relocate)\b", re.IGNORECASE)


def told_on_its_day(text: str, start: int) -> bool:
    """A line of a dated chronology in the historic present ("30 November 2024 - Russian
    advisers leave X air base"): the line's day is when it happened, so the action is done,
    not under way. A progressive, a beginning or a plan before the verb still tells those."""
    if not _DAY_OPENS.match(text) or not _SIMPLE_PRESENT.match(text, start):
        return False
    word = text[start:].split(maxsplit=1)[0].lower()
    before = text[max(0, start - 40): start]
    clause = CLAUSE_BREAK.split(text[:start])[-1]
    return not (word.endswith(("ing", "ed")) or _PROGRESSIVE.search(before)
                or _PHASE_BEFORE.search(before) or _FIRST_BEFORE.search(before)
                or _BEGAN_TO_BEFORE.search(before) or _FUTURE_BEFORE.search(clause))
