"""Tallies told in more ways (issue 21, third round): the whole owned by someone ("Of the
mission's 40 premises, 28 ..."), a unit of land ("parcels of land"), an adverb between the
auxiliary and the participle ("were later withdrawn"), and a plan over "another" or "its last"
N. Posts established are still no tally. Invented sentences."""

from __future__ import annotations

import pytest

from tracker.parse.parser import parse_text

AS_OF = "2031-04-18"


def tallies(text: str) -> set[tuple[str, int]]:
    snap = parse_text(f"Drawdown notes\n\n{text}\n", as_of=AS_OF)
    return {(c.key, c.value) for c in snap.counts}


@pytest.mark.parametrize("sentence, key, value", [
    ("Of the brigade's 40 premises, 28 have been returned to their owners.", "premises-transferred", 28),
    ("So far, 5 parcels of land have been returned to the farmers of Oslen.", "parcels-transferred", 5),
    ("The force set up 15 posts in the valley; 3 posts were later withdrawn.", "posts-withdrawn", 3),
    ("The mission will close another five field offices in July.", "offices-to-be-closed", 5),
    ("The army will vacate its last three outposts in June.", "outposts-to-be-withdrawn", 3),
])
def test_more_tally_phrasings(sentence: str, key: str, value: int) -> None:
    assert (key, value) in tallies(sentence)


def test_posts_established_are_no_tally_of_a_drawdown() -> None:
    found = tallies("The force set up 15 posts in the valley; 3 posts were later withdrawn.")
    assert all(value != 15 for _, value in found)


def test_a_leaving_noun_counts_the_places_left() -> None:
    assert ("fobs-withdrawn", 16) in tallies("The withdrawal from 16 FOBs is complete.")
    assert ("bases-to-be-withdrawn", 3) in tallies(
        "The minister said the pullout from the three bases would begin in the second half of the year.")
    # a handover from somewhere says from whom, not of what
    assert tallies("The handover from 12 depots of spare parts continued.") == set()


def test_the_progress_of_a_noun_is_no_second_tally() -> None:
    # "was completed" tells how the closure went: one tally, of sites closed
    assert tallies("The closure of 12 team sites was completed on Friday.") == {("sites-closed", 12)}
