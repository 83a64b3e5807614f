"""Case-insensitive patterns searched fast: the regex engine under IGNORECASE tries every
alternative at every position, while a case-sensitive copy of the pattern run on lower-cased
text skips ahead on its first letters. Searching only; it must not change what a pattern
matches."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator


class CaselessPattern:
    """A case-insensitive pattern, searched fast. Under IGNORECASE the regex engine tries every
    alternative at every position; a case-sensitive copy (`lower_source`, written for
    lower-case text) skips ahead on its first letters. On ASCII text, whose lower-cased copy
    keeps every position, the copy finds where the pattern may match in that copy, and the
    pattern itself then matches there, so callers get the pattern's own match objects on the
    text. The copy must match wherever the pattern does (it may match more: a case-sensitive
    part of the pattern is any letter in it). Other text ("İ" lower-cases to two characters)
    is searched by the pattern alone."""

    def __init__(self, pattern: re.Pattern[str], lower_source: str) -> None:
        self.pattern = pattern
        self.lower = re.compile(lower_source)
        self._find, self._match = self.lower.search, pattern.match

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if not text.isascii():
            return self.pattern.search(text, pos, endpos)
        low = text.lower()
        maybe = self._find(low, pos, endpos)
        while maybe is not None:
            found = self._match(text, maybe.start(), endpos)
            if found is not None:
                return found
            maybe = self._find(low, maybe.start() + 1, endpos)
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if not text.isascii():
            return self.pattern.finditer(text, pos, endpos)
        return self._finditer(text, text.lower(), pos, endpos)

    def _finditer(self, text: str, low: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        find, match = self._find, self._match
        maybe = find(low, pos, endpos)
        while maybe is not None:
            found = match(text, maybe.start(), endpos)
            if found is None:
                maybe = find(low, maybe.start() + 1, endpos)
                continue
            yield found
            end = found.end()
            maybe = find(low, end if end > found.start() else end + 1, endpos)
