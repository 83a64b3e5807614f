"""Numbers as briefs write them ("Five-hundred", "About 450", "1,000", "six", "a dozen").

Number-word phrases are found with one compiled expression and valued with text2num
(imported lazily: it is not on the CLI's start-up path), with a small evaluator of our own as
the fallback for what text2num refuses ("a dozen", "hundred and five"). Personnel figures are
numbers attached to a personnel noun; a year, a date or a footnote marker never is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tracker.memo import remembered
from tracker.vocabulary.caseless import CaselessPattern

__all__ = ["NumberMatch", "find_numbers", "parse_number", "parse_ordinal", "find_personnel",
           "NUMBER_RE_SOURCE", "ORDINAL_RE_SOURCE", "ORDINALS"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
def _trie(words: list[str]) -> str:
    """An alternation of literal words as a trie: the same matches as a longest-first
    alternation (only a word and its extensions can match at one position, and the trie tries
    the extension first), but a word is rejected after a letter or two, not 30 attempts."""
    if not words:
        return ""
    groups: dict[str, list[str]] = {}
    ends = False
    for w in words:
        if w:
            groups.setdefault(w[0], []).append(w[1:])
        else:
            ends = True
    alts = [re.escape(c) + _trie(rest) for c, rest in sorted(groups.items())]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if ends else body


_WORD = "(?:" + _trie(sorted({*_UNITS, *_SCALES, "dozen"})) + ")"
_WORDS = _WORD + r"(?:(?:\s+and\s+|\s*-\s*|\s+)" + _WORD + r"){0,6}"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?![\d,]\d)"
# "a dozen", "a hundred", "a thousand" (never "a" alone: "an American contractor" is no 1).
_A_WORDS = r"an?\s+(?:dozen|hundred|thousand)"

NUMBER_RE_SOURCE = (
    r"(?=[\dzotfsenhmdaZOTFSENHMDA])"  # a digit or the first letter of a number word
    r"(?<![\w\[^,.-])(?:(?P<num_digits>" + _DIGITS + r")|(?P<num_words>" + _A_WORDS + "|"
    + _WORDS + r"))(?![\w\]])"
)
_NUMBER = re.compile(NUMBER_RE_SOURCE, re.IGNORECASE)

PERSONNEL_NOUNS = (
    r"troops|personnel|soldiers|marines|servicemembers|service\s*members|servicemen|"
    r"service\s+personnel|contractors|staff|trainers|advisers|advisors|sailors|airmen|"
    r"paratroopers|commandos|members|men|women|forces"
)
_MODIFIER_WORDS = (
    r"coalition|allied|foreign|international|multinational|additional|more|other|extra|"
    r"remaining|combat|non-combat|noncombat|military|support|special|operations|"
    r"american|u\.?s\.?|us|u\.?s\.?-led|us-led|nato|and|of|the|their|its|marine|army|navy|"
    r"air|force|ground|armed|active-duty|reserve|national|guard|civilian|private|defen[cs]e|"
    r"security|service|partner|western|elite"
)
# a nation's adjective or an acronym, capitalised as written ("Italian", "UK")
_CAPITALISED_MODIFIER = r"[A-Z][a-z]+(?:ian|ish|ese|an|i|ch)|[A-Z]{2,5}"


def _personnel_source(modifier: str) -> str:
    return (NUMBER_RE_SOURCE + r"(?:-strong\s+(?:contingent|force|unit|detachment)"
            r"|(?:\s+(?:" + modifier + r")){0,4}\s+(?:" + PERSONNEL_NOUNS + r"))\b")


# Searched as a CaselessPattern: its lower-case copy reads a capitalised modifier as any word of
# that shape, so it matches wherever the pattern does, and the pattern then decides.
_PERSONNEL = CaselessPattern(
    re.compile(_personnel_source(f"{_MODIFIER_WORDS}|(?-i:{_CAPITALISED_MODIFIER})"), re.IGNORECASE),
    _personnel_source(f"{_MODIFIER_WORDS}|{_CAPITALISED_MODIFIER.lower()}"),
)
_YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|since|from|by|until|till|of|during|before|after|year|early|late|mid|"
    r"through|to|and)|[,(])\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberMatch:
    """A number in a text: span, as written, and its value."""

    start: int
    end: int
    text: str
    value: int


def _own_value(words: str) -> int | None:
    """Evaluate a number-word phrase ourselves (fallback for text2num)."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", words.lower()):
        if word in ("and", "a", "an", ""):
            continue
        seen = True
        if word == "dozen":
            current = (current or 1) * 12
        elif word in _UNITS:
            current += _UNITS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
    return total + current if seen else None


@remembered(512, longest=None)
def _words_value(words: str) -> int | None:
    phrase = re.sub(r"\s*-\s*|\s+", " ", words.lower()).strip()
    if "dozen" in phrase or phrase.startswith(("a ", "an ")):
        return _own_value(phrase)
    try:
        from text_to_num import text2num  # lazy: keep it off the CLI start-up path

        return int(text2num(phrase.replace(" and ", " "), "en"))
    except Exception:  # text2num raises ValueError (and others) on phrases it refuses
        return _own_value(phrase)


def _value(m: re.Match[str]) -> int | None:
    digits = m.group("num_digits")
    if digits:
        return int(digits.replace(",", ""))
    return _words_value(m.group("num_words"))


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number (digits or words) in `text`, with its span and value."""
    out = []
    for m in _NUMBER.finditer(text or ""):
        value = _value(m)
        if value is not None:
            out.append(NumberMatch(m.start(), m.end(), m.group(0), value))
    return out


ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
            "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
            "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20}
ORDINAL_RE_SOURCE = (r"(?:" + "|".join(ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))")


def parse_ordinal(text: str) -> int | None:
    """ "fifth" -> 5, "12th" -> 12; None for anything else."""
    word = text.strip().lower()
    if word in ORDINALS:
        return ORDINALS[word]
    digits = word[:-2]
    return int(digits) if digits.isdigit() and word[-2:] in ("st", "nd", "rd", "th") else None


def parse_number(text: str) -> int | None:
    """The number a short phrase states: "About 450" -> 450, "Five-hundred" -> 500."""
    if not text:
        return None
    found = find_numbers(text.strip())
    return found[0].value if found else None


_HARM = r"(?:wound(?:ed|ing|s)?|kill(?:ed|ing|s)?|injur(?:ed|ing|es|y|ies)|hurt(?:ing)?|dead|" \
        r"died|casualt(?:y|ies)|fatalit(?:y|ies)|deaths?)"
_HARM_BEFORE = re.compile(rf"\b{_HARM}\s+(?:[^\s;,.:]+\s+){{0,2}}$", re.IGNORECASE)
_HARM_AFTER = re.compile(rf"^\s*(?:[^\s;,.:]+\s+){{0,3}}?{_HARM}\b", re.IGNORECASE)


def _casualties(text: str, m: re.Match[str]) -> bool:
    """ "had wounded two contractors", "three soldiers were killed": a toll, not a strength."""
    return bool(_HARM_BEFORE.search(text, max(0, m.start() - 40), m.start())
                or _HARM_AFTER.match(text[m.end(): m.end() + 50]))


def _looks_like_year(text: str, m: re.Match[str]) -> bool:
    digits = m.group("num_digits")
    if not digits or "," in digits or len(digits) != 4 or not 1900 <= int(digits) <= 2100:
        return False
    return bool(_YEAR_BEFORE.search(text, max(0, m.start() - 12), m.start()))


def find_personnel(text: str, exclude: Iterable[tuple[int, int]] = ()) -> int | None:
    """The first personnel figure in `text` ("Five-hundred coalition personnel" -> 500).

    `exclude` holds spans (e.g. of dates) whose numbers are never personnel.
    """
    spans = list(exclude)
    for m in _PERSONNEL.finditer(text or ""):
        start, end = m.start(), m.start() + len(m.group("num_digits") or m.group("num_words"))
        if any(s < end and start < e for s, e in spans):
            continue
        if _looks_like_year(text, m) or _casualties(text, m):
            continue
        value = _value(m)
        if value:
            return value
    return None
