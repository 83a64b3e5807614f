"""Text helpers for the parser: an item's text cleaned of footnote markers and extra spaces, and
split into sentences, since place, verb, actors and date are all matched within one sentence;
and what breaks a clause within one ("; ", " - ", ", which", "said")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.memo import remembered


MARKER = re.compile(r"\s*\[\^?(\d{1,3}|[a-z])\]")  # "[1]", "[^2]", "[a]"
SPACES = re.compile(r"\s+")


_SPACE_PUNCT = re.compile(r" +(?=[,.;:!?)])")
_SPACED_PUNCT = (" ,", " .", " ;", " :", " !", " ?", " )")


# "HANOI, March 27 (World Wire) - ", "MANTA, Ecuador, Sept. 18 (Agency) - ": a news dateline
# opening a paragraph; its date is the report's, never an event's
DATELINE_PREFIX = re.compile(
    r"^[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+(?:[ /][A-ZÀ-Þ][A-ZÀ-Þ'’.-]+){0,3}(?:,\s*[A-Z][\w .'’-]{1,30}?)?"
    r"(?:,\s*[^-–—()]{3,25}?)?\s*(?:\([^()]{1,25}\)\s*)?[-–—]+\s+")


@remembered(8192)
def clean_text(text: str) -> str:
    """Markers removed, spaces collapsed, no space before punctuation. Remembered: items and
    sentences are cleaned several times per parse, and again in the next edition."""
    text = text or ""
    if "[" in text:
        text = MARKER.sub("", text)
    text = " ".join(text.split())  # str.split and the regex \s agree on what a space is
    # the spaces are single now: a space before punctuation is one of these pairs
    return _SPACE_PUNCT.sub("", text) if any(p in text for p in _SPACED_PUNCT) else text


_ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "lt", "gen", "col", "maj", "capt", "sgt", "dr", "mr", "mrs", "ms", "st",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "vs", "etc", "e.g", "i.e", "approx", "a.k.a", "inc", "co", "corp", "ltd", "gov", "sen",
    "rep", "adm", "brig", "pvt", "cpl", "mt", "ft", "jr", "sr", "prof", "rev", "hon", "cmdr",
}
_BOUNDARY = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?]$")


@remembered(8192)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans; abbreviations ("U.S.", "Lt.", "Dec.") and initials do not end one.
    Remembered: several stages split the same item or paragraph, and the next edition repeats
    most of them (a tuple, so no caller can change what the others are given)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        head = text[max(start, m.start() - 20): m.start() + 1]
        w = _WORD_BEFORE.search(head)
        word = (w.group(1) if w else "").lower().rstrip(".")
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word:
            continue
        spans.append((start, m.start() + 1))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans) or ((0, len(text)),)


def sentence_at(spans: Sequence[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The span of the sentence that holds `pos` (the last one when none does)."""
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return spans[-1]


# What ends the clause an action word and its place share: a semicolon, a bracket, a dash, a
# relative or contrasting clause, or reported speech.
CLAUSE_BREAK = re.compile(r"[;()\[\]]|\s[-–—]\s|,\s+(?:which|who|while|but|whereas|although|"
                          r"according|said|says)\b|\b(?:said|says|told|announced)\b",
                          re.IGNORECASE)
