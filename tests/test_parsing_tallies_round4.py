"""Tallies, fourth round (issue 21): the whole of a rank is no second tally ("the fifth of seven
sites returned so far" tallies five), a claim followed by its list is no label ("have been
returned: A, B"), two claims of one figure under different nouns and predicates both stand,
a noun used as a modifier ("deployment sites"), the last of a bare whole ("the last of three
enclaves") and a relocation from the places left. Invented sentences and names."""

from __future__ import annotations

import pytest

from tracker.parse.parser import parse_text

AS_OF = "2031-04-18"


def tallies(text: str) -> set[tuple[str, int]]:
    snap = parse_text(f"Drawdown notes\n\n{text}\n", as_of=AS_OF)
    return {(c.key, c.value) for c in snap.counts}


def test_the_whole_of_a_rank_is_no_second_tally() -> None:
    found = tallies("Troops handed over Camp Velor on Monday, the fifth of seven sites returned so far.")
    assert ("sites-transferred", 5) in found
    assert all(value != 7 for _, value in found)
    found = tallies("Osler Depot is the third of the brigade's nine depots handed over this year.")
    assert ("depots-transferred", 3) in found
    assert all(value != 9 for _, value in found)


def test_a_claim_followed_by_its_list_is_a_tally() -> None:
    assert ("installations-transferred", 3) in tallies(
        "1. The phasedown goes on.\n\n2. Three of the four installations have now been returned: "
        "Parvo (2 May), Quill and Tessel.")


def test_one_figure_under_two_nouns_and_two_actions_is_two_tallies() -> None:
    found = tallies("Four of the 12 outposts have been closed. The remaining four team sites "
                    "are to be vacated by the end of the week.")
    assert ("outposts-closed", 4) in found
    assert ("sites-to-be-withdrawn", 4) in found


def test_the_same_figure_told_again_under_another_noun_stays_one_tally() -> None:
    found = tallies("Seven bases have been transferred. The seven sites were transferred in May.")
    assert [value for _, value in found].count(7) == 1


@pytest.mark.parametrize("sentence, key, value", [
    ("All 21 deployment sites along the river have been vacated.", "sites-withdrawn", 21),
    ("The force's relocation from its 18 deployment sites went on today.", "sites-withdrawn", 18),
])
def test_a_noun_as_modifier_and_a_relocation(sentence: str, key: str, value: int) -> None:
    assert (key, value) in tallies(sentence)


def test_the_last_of_a_bare_whole_counts_the_whole() -> None:
    found = tallies("Port Hallam was the last of three enclaves held by the garrison.")
    assert ("enclaves-listed", 3) in found


def test_two_kinds_of_one_noun_are_two_tallies() -> None:
    found = tallies("The force's relocation from its 30 deployment sites went on today. "
                    "Nine of the 10 team sites have now been vacated.")
    assert {value for _, value in found} >= {30, 9}


def test_a_running_total_of_one_kind_keeps_the_larger() -> None:
    found = tallies("The army returned its last two sites on Monday. All six sites have now been returned.")
    assert ("sites-transferred", 6) in found
    assert all(value != 2 for _, value in found)


def test_one_plan_told_again_with_another_verb_is_one_tally():
    """A headline's plan and the body's back-reference to it are one planned tally, not two
    under two verbs; two different done figures of one noun stay apart."""
    text = ("Dorvania to close four northern bases by next spring\n\n"
            "ARKEN, 3 May 2023 - The government said on Wednesday that the pullout from the four "
            "bases would begin in the autumn.\n")
    counts = parse_text(text, "wire.txt").counts
    assert [(c.subject, c.value) for c in counts] == [("bases", 4)]
