"""Tallies, fifth round: the site nouns are one shared vocabulary (`tracker.vocabulary.site_nouns`),
so any kind of site is counted ("helipads", "checkpoints", "parcels"); counted places set off
from their verb by an apposition or joined by one more place; "the first three sites" counts
three, not a rank; a number in a date is never a figure. Invented sentences and names."""

from __future__ import annotations

import pytest

from tracker.parse.parser import parse_text
from tracker.vocabulary.site_nouns import SITE_NOUNS, is_site_noun, plural

AS_OF = "2031-04-18"


def tallies(text: str) -> set[tuple[str, int]]:
    snap = parse_text(f"Drawdown notes\n\n{text}\n", as_of=AS_OF)
    return {(c.key, c.value) for c in snap.counts}


def test_site_nouns_are_one_vocabulary() -> None:
    assert {"bases", "posts", "checkpoints", "parcels", "fobs", "helipads", "points"} <= SITE_NOUNS
    assert plural("facility") == "facilities" and plural("complex") == "complexes"
    assert is_site_noun("Observation Points") and is_site_noun("FOB")
    assert not is_site_noun("troops") and not is_site_noun("vehicles")


def test_any_site_noun_is_counted() -> None:
    assert ("checkpoints-closed", 12) in tallies("The army dismantled 12 checkpoints near Townsville.")
    assert ("helipads-closed", 6) in tallies("Six helipads were closed at Camp Kilo.")
    assert ("camps-transferred", 7) in tallies("The government took over 7 camps from the mission.")
    assert ("posts-transferred", 9) in tallies("Nine observation posts were handed to the army.")


def test_troops_and_vehicles_are_no_tally() -> None:
    assert tallies("Some 600 vehicles and 2,000 troops were withdrawn from Camp Kilo.") == set()


def test_an_apposition_between_the_places_and_their_verb() -> None:
    assert ("sites-to-be-transferred", 3) in tallies(
        "Three more sites - Camp Kilo, Post Amber and Fort Lima - are to be returned by 2035.")
    assert ("centres-to-be-transferred", 4) in tallies(
        "Camp Kilo was handed over in May. The four support centres, in Townsville, Kilo and Lima, "
        "will be handed over before the end of the year.")


def test_one_more_place_beside_the_counted_ones() -> None:
    assert ("positions-withdrawn", 4) in tallies(
        "That makes four positions and the headquarters camp given up in a single operation.")


def test_a_rank_before_a_number_is_no_rank() -> None:
    assert tallies("The first three sites were handed over in March.") == {("sites-transferred", 3)}


def test_a_date_in_a_label_is_no_figure() -> None:
    found = tallies("Handing back our property Posted on: 29 April 2031 | Category: Estates")
    assert all(value != 29 for _, value in found)


def test_a_count_told_as_more_is_its_own_tally() -> None:
    found = tallies("Nineteen sites have now been returned since 2029. The two governments agreed "
                    "the return of three more sites.")
    assert found == {("sites-transferred", 19), ("sites-transferred-3", 3)}  # agreeing it is returning


def test_a_tally_within_a_tally() -> None:
    found = tallies("All 33 deployment sites have been vacated, including ten team sites.")
    assert {value for _, value in found} == {33, 10}


def test_places_named_by_a_copula_are_counted() -> None:
    found = tallies("Twelve sites have been returned. The six sites in Townsville are Camp Kilo, "
                    "Post Amber, Fort Lima, Camp Zulu, South Yard and the Lima depot.")
    assert ("sites-transferred", 12) in found and ("sites-listed", 6) in found
    assert ("installations-listed", 4) in tallies(
        "The four installations are what is left of a network of bases.")


def test_one_of_a_counted_whole_is_a_tally() -> None:
    assert ("installations-transferred", 1) in tallies("One of the four installations has now been returned.")
    assert tallies("The mission gave up one of its sites.") == set()
    assert tallies("One of two border posts closed.") == set()


def test_places_that_go_without_an_object() -> None:
    assert ("camps-to-be-closed", 2) in tallies("Two of the remaining five camps are to close in June.")
    assert ("sites-to-be-transferred", 6) in tallies(
        "All six of the garrison's remaining sites will go back to the state.")
    assert ("centres-to-be-transferred", 4) in tallies(
        "Camp Kilo was handed over in May. The four support centres, in Townsville, Kilo and Lima, "
        "will follow: they are to be handed over before the end of the year.")


def test_places_meant_for_an_action_are_planned() -> None:
    assert ("installations-to-be-transferred", 30) in tallies("Some 30 installations are slated for return.")
    assert ("facilities-to-be-transferred", 500) in tallies(
        "The closing team cleared some 500 facilities for return to the state.")
    assert ("facilities-to-be-transferred", 80) in tallies(
        "The sites belong to the 80 facilities that the two governments agreed in 2029 to return.")
    assert ("bases-to-be-closed", 20) in tallies("The plan calls for the closure of 20 bases by 2035.")


def test_forced_to_leave_is_done() -> None:
    assert ("sites-withdrawn", 33) in tallies("The mission was forced to leave all 33 of its deployment sites.")


def test_coordinated_counts_share_their_verb() -> None:
    found = tallies("Six helipads and four airstrips were closed.")
    assert ("helipads-closed", 6) in found and ("airstrips-closed", 4) in found
    assert ("parcels-transferred", 3) in tallies("The land was transferred in three parcels.")


def test_posts_established_never_merge_with_posts_withdrawn() -> None:
    assert tallies("The force established 15 posts in the area. Later, 3 posts were withdrawn.") == {
        ("posts-withdrawn", 3)}


def test_a_rank_of_the_action_is_a_tally() -> None:
    assert ("sites-transferred", 2) in tallies(
        "The housing area is the second land return carried out under the plan.")
    assert ("sites-transferred", 1) in tallies(
        "The transfer is the first handover of a team site since the decision.")
    assert ("bases-closed", 3) in tallies("This was the third base closure this year.")


def test_a_rank_of_anything_else_is_none() -> None:
    assert tallies("It is the second withdrawal of troops this year.") == set()
    assert tallies("The first withdrawal phase ended in May.") == set()


def test_places_told_by_a_pronoun() -> None:
    assert ("camps-closed", 9) in tallies(
        "By the end of November it had closed nine of them, including the camps at Kilo and Lima.")
    assert ("camps-closed", 9) in tallies("The mission had 13 camps. It has closed nine of them.")
    assert ("camps-closed", 9) in tallies("The mission had 13 camps. Nine of them have been closed.")
    assert tallies("There were 40 soldiers at Camp Kilo. It withdrew six of them.") == set()


def test_verbs_that_leave_a_place_where_it_was_are_no_tally() -> None:
    assert tallies("Under the agreement, Turkey was allotted 12 observation posts.") == set()
    assert tallies("Around 80 posts are affected in total.") == set()


def test_a_lead_in_and_its_figure() -> None:
    assert ("sites-transferred", 14) in tallies("Camp Kilo was handed over.\n\nSites handed over to date: 14")
    assert ("sites-transferred", 14) in tallies("Camp Kilo was handed over.\n\nNumber of sites handed over: 14")


def test_a_headline_present_and_a_determiner() -> None:
    assert ("camps-transferred", 5) in tallies("Mission hands over 5 more camps to army")
    assert ("bases-closed", 3) in tallies("UN closes 3 bases in Kilo region")
    assert ("camps-transferred", 4) in tallies("The mission handed over the 4 remaining camps.")
    assert ("posts-withdrawn", 24) in tallies("Troops vacated some two dozen posts.")
    assert ("bases-transferred", 6) in tallies("The army took control of six bases held by the mission.")


def test_an_acronym_is_the_counted_noun() -> None:
    assert ("fobs-transferred", 3) in tallies("The last 3 FOBs were handed over on 30 June.")
    assert ("fobs-transferred", 6) in tallies("Handover of 6 FOBs completed.")


def test_more_planned_verbs() -> None:
    assert ("positions-to-be-withdrawn", 12) in tallies("The force will withdraw from a total of 12 positions.")
    assert ("bases-to-be-withdrawn", 4) in tallies("The army plans to pull out of four bases by May.")


def test_places_left_as_they_are_are_no_tally() -> None:
    assert tallies("The mission leaves 4 bases open in the south.") == set()
    assert tallies("The army left two posts manned.") == set()


@pytest.mark.parametrize("sentence", [
    "The mission has 12 team sites in the region.",
    "The two sites are 40 km apart.",
    "The four bases are located in the north.",
    "Six posts were reinforced after the attack.",
    "Rebels captured three army posts.",
    "The force established 15 new posts along the line.",
    "About 2,000 troops and 300 vehicles were withdrawn.",
    "The mission operates 14 team sites.",
])
def test_no_tally(sentence: str) -> None:
    assert tallies(sentence) == set()


def test_a_copula_names_its_places() -> None:
    assert tallies("The four bases are Camp Kilo, Camp Lima, Post Amber and Fort Zulu.") == {("bases-listed", 4)}
    assert ("posts-transferred", 4) in tallies("4 posts were given to the army.")


def test_a_label_with_words_before_its_figure() -> None:
    lead = "Camp Kilo was handed over.\n\n"
    assert ("sites-transferred", 14) in tallies(lead + "Total handed over to date: 14 sites")
    assert ("sites-transferred", 14) in tallies(lead + "Handed over so far - 14 sites")
    assert ("sites-transferred", 7) in tallies(lead + "Handovers completed: 7 of 12 sites")


def test_more_of_the_same_planned_after_a_count() -> None:
    assert tallies("So far the mission has closed nine team sites and plans to close four more by June.") == {
        ("sites-closed", 9), ("sites-to-be-closed", 4)}
    assert tallies("9 positions have been evacuated, 3 more will be evacuated next week.") == {
        ("positions-withdrawn", 9), ("positions-to-be-withdrawn", 3)}


def test_a_rank_whose_noun_the_site_gives() -> None:
    assert ("camps-transferred", 3) in tallies("Camp Kilo is the third to be handed over.")
    assert ("posts-closed", 5) in tallies("Post Amber became the fifth to close this year.")
    assert ("sites-transferred", 2) in tallies("It was the second such handover this year.")
    assert tallies("He was the first to leave the room.") == set()


def test_kinds_of_base_by_their_acronyms_and_more_site_nouns() -> None:
    assert ("tobs-closed", 5) in tallies("The mission has closed 5 of its 12 TOBs.")
    assert ("cobs-closed", 4) in tallies("Four COBs were closed.")
    assert ("roadblocks-closed", 14) in tallies("The army removed 14 roadblocks.")
    assert ("tracts-transferred", 2) in tallies("Two tracts of land were released to the city.")
    assert ("checkpoints-closed", 20) in tallies("Some 20 checkpoints and roadblocks were removed.")
    assert tallies("Six bases and two camps were closed.") == {("bases-closed", 6), ("camps-closed", 2)}
    assert tallies("Twelve cops were injured.") == set()


def test_a_site_noun_that_qualifies_another_noun_is_no_rank() -> None:
    assert tallies("He was the first base commander to leave Camp Kilo.") == set()
    assert ("bases-transferred", 6) in tallies(
        "Coalition leaves Camp Kilo, sixth base handover in three weeks")


def test_a_verb_with_an_object_is_no_place_going() -> None:
    assert tallies("Two sites will follow the same procedure.") == set()
    assert tallies("Two bases will close their gates to visitors on Sunday.") == set()
    assert ("camps-to-be-transferred", 3) in tallies(
        "Camp Kilo was handed over. Three more camps are expected to follow suit.")


def test_more_action_nouns() -> None:
    assert ("bases-transferred", 3) in tallies("The retrocession of 3 bases to the army took place in May.")
    assert ("positions-withdrawn", 6) in tallies("The pullback from 6 positions was completed.")
    assert ("parcels-to-be-transferred", 4) in tallies("The restitution of four parcels is planned for 2035.")


def test_what_places_were_meant_for_and_a_plan_fulfilled() -> None:
    assert tallies("Four parcels were designated for return in 2029. All four parcels designated for "
                   "immediate return have now been returned.") == {("parcels-transferred", 4)}
    assert tallies("Six FOBs are to be handed over by September. Three FOBs have been handed over.") == {
        ("fobs-to-be-transferred", 6), ("fobs-transferred", 3)}
