"""Tallies told in more ways (issue 21): a plan after "scheduled to", a noun with an -ing
modifier, a share given as "its final nine", a list of counts after one verb, and a running
total that grows within one edition. Invented sentences."""

from __future__ import annotations

import pytest

from tracker.parse.parser import parse_text

AS_OF = "2031-04-18"


def tallies(text: str) -> set[tuple[str, int]]:
    snap = parse_text(f"Drawdown notes\n\n{text}\n", as_of=AS_OF)
    return {(c.key, c.value) for c in snap.counts}


@pytest.mark.parametrize("sentence, key, value", [
    ("Seven more installations are scheduled to be handed over before the deadline.",
     "installations-to-be-transferred", 7),
    ("Under the plan, 56 policing facilities used by the mission are to be handed over.",
     "facilities-to-be-transferred", 56),
    ("The brigade evacuated its final nine positions in the valley on Tuesday night.",
     "positions-withdrawn", 9),
])
def test_more_tally_phrasings(sentence: str, key: str, value: int) -> None:
    assert (key, value) in tallies(sentence)


def test_a_list_of_counts_after_one_planned_verb() -> None:
    found = tallies("Before 2032 we have to return four garrisons, 26 barracks and 900 hectares "
                    "of land to the state.")
    assert {v for _, v in found} == {4, 26}


def test_a_running_total_that_grows_is_the_tally() -> None:
    found = tallies("The army returned its last two sites on Tuesday. With those, all six sites "
                    "used by the garrison have been returned.")
    assert ("sites-transferred", 6) in found and ("sites-transferred", 2) not in found


def test_scheduled_alone_is_no_tally() -> None:
    assert tallies("Three bases are scheduled for inspection next week.") == set()


@pytest.mark.parametrize("sentence, key, value", [
    ("Of the 30 installations, 22 have been transferred.", "installations-transferred", 22),
    ("Of the thirty bases, twenty were closed.", "bases-closed", 20),
    ("The handover of the last three outposts is due in May.", "outposts-to-be-transferred", 3),
    ("Ten sites remain to be handed over.", "sites-to-be-transferred", 10),
    ("The handover of six bases is complete.", "bases-transferred", 6),
])
def test_the_whole_first_a_plan_after_the_noun_and_what_remains(sentence: str, key: str, value: int) -> None:
    assert (key, value) in tallies(sentence)
