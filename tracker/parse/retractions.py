"""What a report takes back: the places earlier reports told of that this one says were wrong.

Three ways a text takes something back, none tied to one outlet's wording:
- an item or paragraph marked as withdrawn ("[Retracted] On 30 March ...", "Deleted: ...",
  "(Erroneous) ...");
- struck-out text (Markdown `~~…~~`, HTML `<del>`, `<s>`, `<strike>`), which the reader keeps
  apart from the blocks (`Document.struck`);
- a sentence saying earlier reports were wrong: "earlier reports that the mission had left
  Tessalit were wrong", "denied reports that Camp X had been handed over", "was wrongly
  reported as handed over", "contrary to earlier reports, ...", "X was not, as first
  reported, handed over on 3 June", "Correction: ...".

Each place found in what is taken back becomes a `Retraction`. Where the claim taken back can
be told apart from the rest of the sentence (the "that ..." of "reports that ... were wrong"),
its places are no events of this report; a place the report tells again (the correction) is
both, which a cumulative brief reads as a correction of the earlier value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tracker import identity as _names
from tracker.memo import remembered
from tracker.model import Retraction

_WRONG = (r"(?:wrong|incorrect|inaccurate|mistaken|false|erroneous|untrue|premature|unfounded|"
          r"baseless|in\s+error|not\s+(?:true|correct|accurate))")
_EARLIER = r"(?:earlier|previous|initial|prior|first|some|media|news|press|local|several|those)"
_CLAIM = r"(?P<claim>[^;]{3,250}?)"
_SAID = (r"(?:reports?|claims?|statements?|announcements?|accounts?|rumou?rs?|allegations?|"
         r"suggestions?|speculation|assertions?)")

TAKEN_BACK = re.compile(
    # "earlier reports that <claim> were wrong", "reports of <claim> proved premature"
    rf"\b(?:{_EARLIER}\s+)?(?:\w+\s+)?(?:reports?|claims?|statements?|accounts?|announcements?)"
    rf"(?:\s+[\w'’-]+){{0,6}}?\s+(?:that|of|saying(?:\s+that)?|suggesting(?:\s+that)?)\s+{_CLAIM}\s*,?\s+"
    rf"(?:was|were|is|are|had\s+been|have\s+been|proved|proves|prove|turned\s+out(?:\s+to\s+be)?)\s+"
    rf"(?:\w+\s+)?{_WRONG}"
    # "denied reports that <claim>", "corrected an earlier report that <claim>", "corrects
    # inaccurate claim of <claim>", "denied that <claim>", "denies having <claim>"
    rf"|\b(?:den(?:ied|ies|y)|dismiss(?:ed|es)?|refut(?:ed|es|e)|reject(?:ed|s)?|correct(?:ed|s)?|"
    rf"retract(?:ed|s)?|withdr[ae]w)\s+(?:(?:\w+\s+){{0,3}}?{_SAID}\s+(?:that|of|about|saying(?:\s+that)?)|"
    rf"(?:that|having|any))\s+(?P<claim2>[^;]{{3,250}})"
    # "denies withdrawal from <place>", "denied its departure from <place>"
    rf"|\bden(?:ied|ies|y)\s+(?P<claim4>(?:(?:any|the|its|their|a)\s+)?(?:withdrawal|pull-?out|"
    rf"handover|hand-over|closure|departure|exit|evacuation|abandonment)\b[^;]{{0,200}})"
    # "wrongly reported that <claim>", "was erroneously reported as handed over"
    rf"|\b(?:wrongly|erroneously|incorrectly|mistakenly|falsely)\s+(?:been\s+)?"
    rf"(?:reported|stated|said|announced|described|listed)\b(?P<claim3>[^;]{{0,250}})"
    # no claim apart: the sentence is the correction
    rf"|\bcontrary\s+to\s+(?:{_EARLIER}\s+)?(?:reports?|claims?|statements?|announcements?)\b"
    rf"|\bnot\s*,?\s+as\s+(?:was\s+)?(?:earlier|previously|initially|first|originally|wrongly|"
    rf"erroneously|incorrectly)\s+(?:reported|stated|said|announced)\b"
    rf"|^\s*(?:correction|clarification|corrects?)\s*[:.\-–—]",
    re.IGNORECASE,
)

# Any word a sentence taking something back must hold: one search rules most sentences out
# before the costlier TAKEN_BACK is tried.
_MAY = (r"wrong|incorrect|inaccurate|mistak|false|erroneous|untrue|premature|"
        r"unfounded|baseless|error|not\s+(?:true|correct|accurate)|den(?:ied|ies|y)|"
        r"dismiss|refut|reject|correct|retract|contrary|reports?\s+(?:that|of)|"
        r"as\s+(?:was\s+)?(?:earlier|previously|initially|first|originally)")
_MAY_ANY_CASE = re.compile("(?i)" + _MAY)
_MAY_LOWER = re.compile(_MAY)
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")  # İ ı ſ K: (?i) matches them to i, s, k


class _MayTakeBack:
    """`search` as `re.compile("(?i)" + _MAY).search` (whether it matches, and where), done on
    the lowered text without IGNORECASE: the same answer, several times faster. Lowering
    keeps every offset and maps a character onto an ASCII letter exactly when (?i) would,
    except for the four letters above, whose texts take the IGNORECASE search."""

    def search(self, text: str) -> re.Match[str] | None:
        return _may_take_back(text)


# a word every match of _MAY holds: a text with none of them cannot match
_MAY_WORDS = ("wrong", "correct", "accurate", "mistak", "false", "erroneous", "true", "premature",
              "unfounded", "baseless", "error", "denied", "denies", "deny", "dismiss", "refut",
              "reject", "retract", "contrary", "report", "earlier", "previously", "initially",
              "first", "originally")


@remembered(4096)
def _may_take_back(text: str) -> re.Match[str] | None:  # remembered: editions repeat their items
    if text.isascii() or _FOLDS_TO_ASCII.search(text) is None:
        low = text.lower()
        return _MAY_LOWER.search(low) if any(w in low for w in _MAY_WORDS) else None
    return _MAY_ANY_CASE.search(text)


MAY_TAKE_BACK = _MayTakeBack()

_MARKED = re.compile(r"\s*(?:[\[(](?:retracted|removed|deleted|erroneous|withdrawn in error|"
                     r"correction|corrected)[\])]|(?:retracted|deleted)\s*[:.-])\s*", re.IGNORECASE)


def taken_back(sentence: str) -> tuple[re.Match[str], tuple[int, int] | None] | None:
    """The cue that a sentence takes an earlier report back, and the span of the claim taken
    back when it stands apart (None: the whole sentence is the correction)."""
    m = TAKEN_BACK.search(sentence)
    if m is None:
        return None
    for group in ("claim", "claim2", "claim3", "claim4"):
        if m.group(group) is not None and m.group(group).strip():
            return m, m.span(group)
    return m, None


# "X stated that <claim>." followed by "That statement was inaccurate.": the next sentence
# takes back what this one reports
_THAT_WAS_WRONG = re.compile(rf"^\s*(?:that|this|the|these|those|such)\s+(?:\w+\s+)?{_SAID}\s+"
                             rf"(?:was|were|is|are|proved|has\s+proved|turned\s+out\s+to\s+be)\s+"
                             rf"(?:\w+\s+)?{_WRONG}", re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:stated|reported|said|announced|claimed|wrote|told|indicated)"
                       r"(?:\s+\w+){0,2}?\s+that\s+(?P<claim>[^;]{3,250})", re.IGNORECASE)


def taken_back_next(sentence: str, following: str) -> tuple[int, int] | None:
    """The claim a sentence reports ("Report No. 3 stated that Camp X had been handed over")
    when the sentence after it says that was wrong ("That statement was inaccurate.")."""
    if not following or not _THAT_WAS_WRONG.match(following):
        return None
    m = _REPORTED.search(sentence)
    return m.span("claim") if m else None


def marked(text: str) -> str | None:
    """The rest of a block marked as withdrawn ("[Retracted] On 30 March ..."), else None."""
    m = _MARKED.match(text or "")
    return text[m.end():] if m else None


def retraction(name: str, key: str | None, text: str) -> Retraction | None:
    key = key or _names.place_key(name)
    return Retraction(key, name, " ".join(text.split())) if key else None


def struck_names(span: str) -> list[str]:
    """A struck-out span that is only a name ("~~Tessalit~~ Aguelhok"): that name."""
    words = span.strip(" .,;:").split()
    if 1 <= len(words) <= 4 and all(w[:1].isupper() or w.lower() in ("al", "el", "de", "camp")
                                    for w in words):
        return [" ".join(words)]
    return []


def unique(found: Iterable[Retraction | None]) -> tuple[Retraction, ...]:
    out: dict[str, Retraction] = {}
    for r in found:
        if r is not None:
            out.setdefault(r.key, r)
    return tuple(out.values())


def blanked(sentence: str, span: tuple[int, int]) -> str:
    """The sentence without the claim it takes back (the rest may tell the correction)."""
    return sentence[:span[0]] + " " * (span[1] - span[0]) + sentence[span[1]:]


__all__ = ["MAY_TAKE_BACK", "TAKEN_BACK", "blanked", "marked", "retraction", "struck_names", "taken_back",
           "taken_back_next", "unique"]
