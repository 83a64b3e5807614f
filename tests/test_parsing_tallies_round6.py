"""Tallies, sixth round: a number that stands for places a count just named ("The remaining 11
will follow"), the places still held ("One site remains open", "five bases left"), a share told
with a relative clause and a past perfect ("22 of the 31 posts the army held ... had been
emptied"), a second count of the same noun with its noun left out ("all 21 camps in the north
and four in the south"), a noun named only with its qualifier ("military towns"), and the kinds
of site a service or a pull-out names ("establishments", "settlements"). Invented sentences and
names."""

from __future__ import annotations

import pytest

from tracker.parse.counts import count_warnings, holds
from tracker.parse.parser import parse_text
from tracker.vocabulary.site_nouns import is_site_noun, plural

AS_OF = "2031-04-18"


def tallies(text: str) -> set[tuple[str, int]]:
    snap = parse_text(f"Drawdown notes\n\n{text}\n", as_of=AS_OF)
    return {(c.key, c.value) for c in snap.counts}


def values(text: str) -> list[int]:
    snap = parse_text(f"Drawdown notes\n\n{text}\n", as_of=AS_OF)
    return sorted(c.value for c in snap.counts)


@pytest.mark.parametrize("text, want", [
    ("Some 30 of the 41 properties have been given back. The remaining 11, mostly small parcels, "
     "will follow over the summer.", ("properties-to-be-transferred", 11)),
    ("14 of the 20 sites used by the navy have now been returned. The remaining six are to "
     "follow before June.", ("sites-to-be-transferred", 6)),
    ("The mission has closed nine of its 12 posts; the remaining three will close in May.",
     ("posts-to-be-closed", 3)),
    ("Eight of the nine premises have now been closed. One remains: the office in Townsville.",
     ("premises-remaining", 1)),
])
def test_an_elided_noun_is_the_one_the_count_before_named(text: str, want: tuple[str, int]) -> None:
    assert want in tallies(text)


def test_an_elided_number_needs_a_count_it_belongs_to() -> None:
    assert values("The mission handed over Camp Kilo. The remaining two are to follow.") == []
    assert 300 not in values("The army closed six bases in the north. The remaining 300 will leave in May.")
    assert 40 not in values("Two camps were handed over on 3 May. The other 40 are to stay until June.")


@pytest.mark.parametrize("text, want", [
    ("One site remains open at Camp Kilo.", ("sites-remaining", 1)),
    ("One property remains: the Post Amber relay site.", ("properties-remaining", 1)),
    ("Three posts still remain in the south.", ("posts-remaining", 3)),
    ("Army hands over Camp Kilo, five bases left", ("bases-remaining", 5)),
    ("Only two camps now left in the north.", ("camps-remaining", 2)),
    ("Post Amber is to be handed over in May, and the remaining five sites should be empty "
     "before winter.", ("sites-remaining", 5)),
])
def test_the_places_still_held(text: str, want: tuple[str, int]) -> None:
    assert want in tallies(text)


def test_places_left_by_someone_or_remaining_to_be_handed_over_keep_their_verb() -> None:
    assert ("posts-withdrawn", 7) in tallies("Seven posts left by the army were looted.")
    assert ("posts-withdrawn", 7) in tallies("The army has left seven posts.")
    assert ("camps-to-be-transferred", 2) in tallies("Two camps remain to be handed over.")


def test_a_count_of_places_still_held_is_not_checked_against_the_list() -> None:
    snap = parse_text("Drawdown notes\n\n1. Camp Kilo was handed over on 3 May.\n"
                      "2. Post Amber was handed over on 5 May.\n\nOne site remains open.\n", as_of=AS_OF)
    remaining = [c for c in snap.counts if holds(c)]
    assert remaining and not count_warnings(remaining, snap.events)


@pytest.mark.parametrize("text, want", [
    ("An officer said 22 of the 31 posts the army held in the east had now been emptied.",
     ("posts-withdrawn", 22)),
    ("By May, 40 of the 55 sites the mission ran in the region had been handed back.",
     ("sites-transferred", 40)),
])
def test_a_share_with_a_relative_clause_in_the_past_perfect(text: str, want: tuple[str, int]) -> None:
    assert want in tallies(text)


@pytest.mark.parametrize("text, want", [
    ("The plan provided for the closure of all 21 camps in the north and four in the south.",
     {21, 4}),
    ("The mission vacated 7 sites and 3 in the east.", {7, 3}),
])
def test_a_second_count_of_the_same_noun_left_out(text: str, want: set[int]) -> None:
    assert want <= set(values(text))


def test_a_qualified_head_names_a_site_only_with_its_qualifier() -> None:
    assert is_site_noun("military towns") and plural("military town") == "military towns"
    assert not is_site_noun("towns")
    assert ("military-towns-transferred", 29) in tallies(
        "The official said 29 of the 34 military towns built since 1990 had now been taken over.")
    assert ("military-towns-transferred", 34) in tallies(
        "With these transfers, all 34 military towns, together with their airfields and depots, "
        "have been returned.")
    assert tallies("Five towns were evacuated after the floods.") == set()


def test_establishments_and_settlements_are_counted() -> None:
    assert ("establishments-transferred", 14) in tallies(
        "14 of the 20 establishments used by the navy have now been returned.")
    assert ("settlements-withdrawn", 4) in tallies("The four northern settlements are evacuated.")


@pytest.mark.parametrize("text, want", [
    ("The mission closed 10 of 14 sites.", ("sites-closed", 10)),
    ("The mission has handed over 3 of 5 camps in 2 weeks.", ("camps-transferred", 3)),
])
def test_a_share_of_a_bare_whole(text: str, want: tuple[str, int]) -> None:
    assert want in tallies(text)


def test_places_that_follow_are_a_tally_of_their_own() -> None:
    assert {("camps-transferred", 12), ("camps-transferred-4", 4)} <= tallies(
        "The army handed over 12 camps in 2019. In 2020, 4 in the east followed.")


@pytest.mark.parametrize("text, want", [
    ("Six positions are still to be handed over.", ("positions-to-be-transferred", 6)),
    ("Two camps remain yet to be returned.", ("camps-to-be-transferred", 2)),
    ("Four further observation posts were dismantled.", ("posts-closed", 4)),
    ("The mission operated 12 camps. Eleven of the twelve have now been handed over.",
     ("camps-transferred", 11)),
    ("With this transfer, all 40 camps operated by the mission in Kilo since 2020 have been "
     "closed or handed over to the army.", ("camps-closed", 40)),
    ("With the handover of Post Amber, all 37 sites once used by the navy in Townsville have "
     "been closed or transferred.", ("sites-closed", 37)),
])
def test_more_wordings_of_a_tally(text: str, want: tuple[str, int]) -> None:
    assert want in tallies(text)


def test_a_second_count_sharing_the_verb() -> None:
    assert {("sites-withdrawn", 9), ("sites-withdrawn-4", 4)} <= tallies(
        "Nine sites were vacated in March and a further four in April.")
    assert ("camps-withdrawn", 4) in tallies("Nine sites were vacated in March and four camps in April.")
    assert 4 not in values("Six bases were closed, and 4 camps were built.")


def test_places_a_force_ran_are_no_tally() -> None:
    assert values("At its peak the force operated 60 bases.") == []
    assert ("camps-operated", 12) not in tallies("The mission operated 12 camps.")


@pytest.mark.parametrize("text, want", [
    ("Bases closed to date - 7", ("bases-closed", 7)),
    ("Sites vacated so far: six", ("sites-withdrawn", 6)),
    ("All four sites used by U.S. forces in Townsville have now been vacated.", ("sites-withdrawn", 4)),
])
def test_a_label_and_its_figure(text: str, want: tuple[str, int]) -> None:
    assert want in tallies(text)


def test_a_label_over_names_or_a_date_is_no_figure() -> None:
    assert values("Camp Kilo handed over - 3 May 2031.") == []
    assert values("Posts vacated on 3 May – Post Amber, Post Delta.") == []


@pytest.mark.parametrize("text, want", [
    ("Seven training grounds were handed over to the ministry.", ("training-grounds-transferred", 7)),
    ("Nine hangars and two bunkers were demolished.", ("hangars-closed", 9)),
    ("The navy has surrendered four dockyards.", ("dockyards-withdrawn", 4)),
    ("Eight posts were phased out during the year.", ("posts-closed", 8)),
    ("Five camps were stood down in May.", ("camps-closed", 5)),
    ("Three bases have been restored to their owners.", ("bases-transferred", 3)),
    ("The army pulled back from 14 positions.", ("positions-withdrawn", 14)),
    ("Half of the 20 bases have been handed over.", ("bases-transferred", 10)),
])
def test_more_nouns_and_verbs(text: str, want: tuple[str, int]) -> None:
    assert want in tallies(text)


def test_a_share_told_by_a_word_counts_nothing_but_half() -> None:
    assert values("Most of its 12 posts have been vacated.") == []
    assert values("Troops stayed on the ground for two weeks.") == []
    assert values("Two quarters of growth were recorded.") == []


@pytest.mark.parametrize("text, want", [
    ("Sites remaining: 1", ("sites-remaining", 1)),
    ("Remaining sites - 3", ("sites-remaining", 3)),
    ("Posts left: 4", ("posts-remaining", 4)),
    ("Team sites still outstanding: 2", ("sites-remaining", 2)),
])
def test_a_label_of_the_places_still_held(text: str, want: tuple[str, int]) -> None:
    assert tallies(text) == {want}


def test_a_plan_told_by_what_someone_wants_or_an_accord_provides() -> None:
    assert ("sites-to-be-transferred", 14) in tallies(
        "The government wants the remaining 14 sites returned by June.")
    assert ("installations-to-be-transferred", 17) in tallies(
        "The accord provides for the return of 17 installations within two years.")
    assert ("bases-closed", 12) in tallies("Officials said 12 bases were closed.")


def test_a_unit_named_by_its_rank_is_no_tally() -> None:
    assert ("bases-closed", 12) not in tallies(
        "The base, formally the army's 12th military base, was closed on 3 May.")


def test_two_batches_in_their_own_times_never_merge() -> None:
    assert {("posts-transferred", 15), ("posts-transferred-3", 3)} <= tallies(
        "Fifteen posts were handed over in 2019. Three posts were handed over in 2021.")
    assert tallies("The mission returned its last two sites on Monday. All six sites have now "
                   "been returned.") == {("sites-transferred", 6)}
    assert tallies("Four camps were closed in March. By the end of May, ten camps had been "
                   "closed.") == {("camps-closed", 10)}


def test_counts_chained_after_one_verb_and_may_the_month() -> None:
    assert tallies("The army returned 9 posts in May, 4 in June and 2 in July.") == {
        ("posts-transferred", 9), ("posts-transferred-4", 4), ("posts-transferred-2", 2)}
    assert ("properties-remaining", 11) in tallies("Forty-one properties have been given back and 11 remain.")
    assert ("bases-remaining", 3) in tallies(
        "Nine of the 12 bases have been handed over; three remain under coalition control.")


def test_a_section_heading_states_a_tally() -> None:
    text = ("Drawdown bulletin\n\nAs of 3 May 2031 the mission reports progress.\n\n"
            "## Four more bases handed over\n\nCamp Kilo was handed over on 1 May 2031.\n\n"
            "## The two sites and what became of them\n\nPost Amber was closed on 2 May 2031.\n")
    snap = parse_text(text, "markdown", as_of=AS_OF)
    assert {(c.key, c.value) for c in snap.counts} >= {("bases-transferred", 4), ("sites-listed", 2)}


def test_a_figures_table_states_tallies() -> None:
    text = ("# Drawdown bulletin No. 4\n\nAs of 3 May 2031.\n\n| Indicator | Figure |\n| --- | --- |\n"
            "| Sites handed over | 12 |\n| Sites remaining | 3 |\n| Troops withdrawn | 2,400 |\n\n"
            "Camp Kilo was handed over on 1 May 2031.\n")
    snap = parse_text(text, "markdown", as_of=AS_OF)
    assert {(c.key, c.value) for c in snap.counts} == {("sites-transferred", 12), ("sites-remaining", 3)}


@pytest.mark.parametrize("text, want", [
    ("The Mission has closed 9 of its 14 team sites and handed over the remaining 5 to the "
     "Government.", ("sites-transferred", 5)),
    ("A total of 13 camps have been vacated, of which 11 were handed over to national authorities.",
     ("camps-transferred", 11)),
    ("The army left 6 posts on Monday and another 3 on Tuesday.", ("posts-withdrawn-3", 3)),
    ("The army closed 20 bases. It will hand over the last 4 before June.", ("bases-to-be-transferred", 4)),
])
def test_more_elided_nouns(text: str, want: tuple[str, int]) -> None:
    assert want in tallies(text)


def test_an_elided_number_with_its_own_noun_is_not_filled() -> None:
    assert 300 not in values("The army closed 20 bases. The other 300 soldiers left.")


def test_a_count_included_before_the_verb() -> None:
    assert {("sites-withdrawn", 12), ("sites-withdrawn-4", 4)} <= tallies(
        "Twelve sites, including four team sites, have been vacated.")
    assert tallies("Twelve sites, including Camp Kilo, have been vacated.") == {("sites-withdrawn", 12)}
