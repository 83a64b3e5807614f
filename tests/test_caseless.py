"""A CaselessPattern finds what its pattern finds: the same matches, from any start and end,
whether its lower-case copy is looked for anywhere or only where a word begins."""

from __future__ import annotations

import random
import re

import pytest

from tracker.vocabulary.caseless import CaselessPattern
from tracker.vocabulary.dates import _PATTERN as DATES
from tracker.vocabulary.verbs import VERB
from tracker.parse.triggers import MORE_VERBS
from tracker.parse.tally_shapes import NUMBER, ORDINAL_WORD

TEXTS = [
    "On 12 March 2020 the Kestrel task force handed over Camp Dorran; WITHDRAWAL completed 3/4/21.",
    "Forces withdrew from K-1 airbase (June 2014), closing the Second post on the 4th of April.",
    "x-handed over,-17-03-2020/the first-closure; twenty-one troops pulled out. İstanbul 5 May",
    "Transferred\ttransfers\nRETURNED the keys to the ministry in March 17, 2021 and Sept. 3rd 2020",
    "", "a", "12", "-the 3rd", "draw-down drawdown Drawn down thirty-two 1,200 men",
]


def _sig(m: re.Match[str] | None) -> object:
    return None if m is None else (m.span(), m.groups())


@pytest.mark.parametrize("caseless", [DATES, VERB, MORE_VERBS, NUMBER, ORDINAL_WORD])
def test_same_matches_as_the_pattern(caseless: CaselessPattern) -> None:
    pattern = caseless.pattern
    rnd = random.Random(7)
    for text in TEXTS + [" ".join(TEXTS)]:
        assert [_sig(m) for m in caseless.finditer(text)] == [_sig(m) for m in pattern.finditer(text)]
        for _ in range(40):
            pos = rnd.randrange(len(text) + 1)
            end = rnd.randrange(pos, len(text) + 2)
            assert _sig(caseless.search(text, pos, end)) == _sig(pattern.search(text, pos, end))
            assert [_sig(m) for m in caseless.finditer(text, pos, end)] == \
                [_sig(m) for m in pattern.finditer(text, pos, end)]


def test_a_copy_not_at_word_starts_is_searched_anywhere() -> None:
    """A copy that does not open on a word's start is searched as it is."""
    caseless = CaselessPattern(re.compile(r"(?=[ab])(?:ab|b)", re.IGNORECASE), r"(?=[ab])(?:ab|b)")
    assert [m.span() for m in caseless.finditer("xAB cb")] == [(1, 3), (5, 6)]
