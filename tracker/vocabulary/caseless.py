"""Case-insensitive patterns searched fast: the regex engine under IGNORECASE tries every
alternative at every position, while a case-sensitive copy of the pattern run on lower-cased
text skips ahead on its first letters. Searching only; it must not change what a pattern
matches."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator

# the only characters IGNORECASE matches to an ASCII letter besides that letter's two cases:
# a quick test on lower-cased text for a caseless pattern's words must let text holding one through
FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")

# A copy that opens on a class of word characters and then asks for a word's start
# ("(?=[wp...])\b", "(?=[\d...])(?<![\w/.-])") can match only where a word begins.
_WORD_START = re.compile(r"\(\?=\[([^\]]+)\]\)(?:\\b|\(\?<!\[\\w)")


def _at_word_starts(lower_source: str) -> bool:
    """Whether every match of the copy begins a word: its opening class holds word characters
    only (on ASCII text, the only text the copy reads) and a word boundary or a look-behind
    for no word character follows it."""
    opening = _WORD_START.match(lower_source)
    if opening is None:
        return False
    letters = re.compile(f"[{opening.group(1)}]")
    return all(re.fullmatch(r"\w", chr(c)) for c in range(128) if letters.fullmatch(chr(c)))


class CaselessPattern:
    """A case-insensitive pattern, searched fast. Under IGNORECASE the regex engine tries every
    alternative at every position; a case-sensitive copy (`lower_source`, written for
    lower-case text) skips ahead on its first letters. On ASCII text, whose lower-cased copy
    keeps every position, the copy finds where the pattern may match in that copy, and the
    pattern itself then matches there, so callers get the pattern's own match objects on the
    text. The copy must match wherever the pattern does (it may match more: a case-sensitive
    part of the pattern is any letter in it). Other text ("İ" lower-cases to two characters)
    is searched by the pattern alone.

    The regex engine skips ahead only on a pattern that opens on a character class, not on a
    look-ahead, so a copy that matches only where a word begins is looked for just after a
    non-word character (a class it skips to in C), or at the text's start: the same positions,
    far fewer tries."""

    def __init__(self, pattern: re.Pattern[str], lower_source: str) -> None:
        self.pattern = pattern
        self.lower = re.compile(lower_source)
        self._match = pattern.match
        self._find: Callable[[str, int, int], int | None] = self._find_anywhere
        if _at_word_starts(lower_source):
            self._here = self.lower.match
            self._after_gap = re.compile(r"\W(?:" + lower_source + ")").search
            self._find = self._find_at_word_starts

    def _find_anywhere(self, low: str, pos: int, endpos: int) -> int | None:
        maybe = self.lower.search(low, pos, endpos)
        return None if maybe is None else maybe.start()

    def _find_at_word_starts(self, low: str, pos: int, endpos: int) -> int | None:
        """Where the copy first matches in low[pos:endpos]: one past a non-word character from
        low[pos - 1] on (a word cannot begin at `pos` when a word character precedes it), or at
        the very start of the text."""
        if pos > 0:
            gap = self._after_gap(low, pos - 1, endpos)
        elif self._here(low, 0, endpos) is not None:
            return 0
        else:
            gap = self._after_gap(low, 0, endpos)
        return None if gap is None else gap.start() + 1

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if not text.isascii():
            return self.pattern.search(text, pos, endpos)
        low = text.lower()
        find = self._find
        maybe = find(low, pos, endpos)
        while maybe is not None:
            found = self._match(text, maybe, endpos)
            if found is not None:
                return found
            maybe = find(low, maybe + 1, endpos)
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if not text.isascii():
            return self.pattern.finditer(text, pos, endpos)
        return self._finditer(text, text.lower(), pos, endpos)

    def _finditer(self, text: str, low: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        find, match = self._find, self._match
        maybe = find(low, pos, endpos)
        while maybe is not None:
            found = match(text, maybe, endpos)
            if found is None:
                maybe = find(low, maybe + 1, endpos)
                continue
            yield found
            end = found.end()
            maybe = find(low, end if end > found.start() else end + 1, endpos)
