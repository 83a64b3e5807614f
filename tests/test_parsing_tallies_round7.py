"""Tallies, seventh round: a noun that qualifies the site noun ("two region headquarters", "six
police stations"), the counted places named between commas ("Two more posts, Kilo and Lima,
will close"), places told by whose hands they are now in ("back in government hands", "under
Iraqi control"), an ordinal before a plural (a first batch, never a rank of one), and places
only talked about ("the cost at the four sites would be settled"). Invented sentences and
names."""

from __future__ import annotations

import pytest

from tracker.parse.parser import parse_text

AS_OF = "2031-04-18"


def values(text: str) -> list[int]:
    snap = parse_text(f"Drawdown notes\n\n{text}\n", as_of=AS_OF)
    return sorted(c.value for c in snap.counts)


@pytest.mark.parametrize("text, want", [
    ("Six stations and one region headquarters have now closed.", [1, 6]),
    ("Eight posts and two sector headquarters have been handed over since May.", [2, 8]),
    ("Four police stations were closed in March.", [4]),
    ("The last three district offices - the offices at Kilo, Lima and Mike - are to close by June.", [3]),
])
def test_a_noun_before_the_site_noun_qualifies_it(text: str, want: list[int]) -> None:
    assert values(text) == want


@pytest.mark.parametrize("text, want", [
    ("Two more stations, Townsville and Port Amber, are due to close in mid-October.", [2]),
    ("Three camps, Kilo, Lima and Mike, were handed over on Monday.", [3]),
    ("Two posts, Alpha and Bravo, will close in May.", [2]),
])
def test_the_counted_places_named_between_commas(text: str, want: list[int]) -> None:
    assert values(text) == want


@pytest.mark.parametrize("text, want", [
    ("Five of the eight installations are now back in national hands.", [5]),
    ("Four camps are now under army control.", [4]),
    ("Seven bases were back in government hands by June.", [7]),
])
def test_places_in_other_hands_are_handed_over(text: str, want: list[int]) -> None:
    assert values(text) == want


@pytest.mark.parametrize("text, want", [
    ("Troops left the posts at Kilo and Lima on Monday, the first positions on the border to be "
     "given up.", []),
    ("The first camps were handed over in May.", []),
    ("Camp Kilo was the third camp handed over so far.", [3]),
    ("The cost of clean-up at the four sites would be settled in talks.", []),
])
def test_a_batch_or_talk_is_no_tally(text: str, want: list[int]) -> None:
    assert values(text) == want
