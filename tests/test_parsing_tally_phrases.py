"""Tallies whose noun carries a phrase before its verb, and a whole told by its last member."""

from __future__ import annotations

import pytest

from tracker.parse.parser import parse_text

AS_OF = "2021-06-30"


def tallies(text: str) -> set[int]:
    snap = parse_text(f"Garrison notes\n\n{text}\n", as_of=AS_OF)
    return {c.value for c in snap.counts}


@pytest.mark.parametrize("text, values", [
    # who used the places sits between the noun and its verb
    ("So far five of the eight depots run by the navy have been given back.", {5}),
    ("Twelve outposts held by the brigade along the river were vacated in May.", {12}),
    # the last of a stated whole tells the whole
    ("Fort Ash was the last of the seven forts the treaty told the army to leave.", {7}),
    ("Bravo was the last of its three airfields to close.", {3}),
])
def test_tally_noun_with_a_phrase_or_a_last_member(text: str, values: set[int]) -> None:
    assert tallies(text) == values


@pytest.mark.parametrize("text", [
    "The last 40 vehicles left the harbour at dawn.",
    "Ten outposts held by the militia were attacked overnight.",
    "Nine outposts used by the rebels were established last year.",
])
def test_no_tally_without_a_drawdown_or_a_place(text: str) -> None:
    assert tallies(text) == set()
