"""Recall of prose readings (issue 21): sites that are not called "base" or "camp", lists
without a base word, plural base words over lists, a locating place that is no second site,
names joined as one subject. Short documents written for these tests."""

from __future__ import annotations

import pytest

from tracker.parse.parser import parse_text

AS_OF = "2031-04-18"  # a Friday


def read(sentence: str) -> dict[str, tuple]:
    """name -> (action, status) of what a one-sentence report tells."""
    snap = parse_text(f"Drawdown notes\n\n{sentence}\n", as_of=AS_OF)
    return {e.name: (e.action, e.status) for e in snap.events}


@pytest.mark.parametrize("sentence, name", [
    ("Engineers returned the Marsh Hollow training area to the state forestry office.",
     "Marsh Hollow training area"),
    ("The garrison gave back the Kettle Ridge firing range to the municipality.",
     "Kettle Ridge firing range"),
    ("The regiment handed over the Brenner heliport to the civil aviation board.", "Brenner heliport"),
    ("The army closed the Oakridge fuel depot in a short ceremony.", "Oakridge fuel depot"),
    ("The command turned over Lindqvist Kaserne to the federal property agency.", "Lindqvist Kaserne"),
    ("Marines handed over the Old Customs Building to the provincial police.", "Old Customs Building"),
    ("The brigade withdrew from the Hill 40 observation post before dawn.", "Hill 40 observation post"),
])
def test_sites_not_called_base_or_camp(sentence: str, name: str) -> None:
    assert name in read(sentence)


def test_a_kind_word_inside_a_named_base_is_no_actor() -> None:
    # "military" qualifies the base word: Camp Tern is the site, its town only locates it
    found = read("The Camp Tern military base in Pallas, Wester Province was handed over to the guard.")
    assert list(found) == ["Camp Tern military base"]


def test_a_town_after_a_comma_locates_the_base_and_is_no_second_site() -> None:
    assert list(read("The navy handed over the base in Corvo, Eastport to the coast guard.")) == \
        ["Corvo base"]
    # with "and" it is a list: three bases
    assert len(read("The navy handed over the bases in Corvo, Eastport and Lune to the coast guard.")) == 3


def test_a_plural_base_word_before_a_list_names_each() -> None:
    assert set(read("The corps handed over Camps Heron and Plover to the national army.")) == \
        {"Camp Heron", "Camp Plover"}
    found = read("Yesterday the unit completed its withdrawal from observation posts No. 5 and No. 6.")
    assert set(found) == {"observation post No. 5", "observation post No. 6"}


def test_a_plural_base_word_after_a_list_names_each() -> None:
    found = read("The mission handed over the Verne and Pascal sites to the local council.")
    assert set(found) == {"Verne site", "Pascal site"}
    found = read("Soldiers left the Tamsin (TX) and Oriel air bases at dawn.")
    assert set(found) == {"Tamsin air base", "Oriel air base"}


def test_a_list_said_of_a_plural_base_word_is_a_list_of_sites() -> None:
    found = read("The other stations returned this year are Arno, Bexley, Cobb, Dunmore, "
                 "Elgin, Fenwick, Garth and Hollis.")
    assert set(found) == {"Arno", "Bexley", "Cobb", "Dunmore", "Elgin", "Fenwick", "Garth", "Hollis"}
    assert all(v == ("handover", "completed") for v in found.values())
    found = read("Training areas handed back include: Wendel Heath, Morrow and the Calder Moor.")
    assert set(found) == {"Wendel Heath", "Morrow", "Calder Moor"}


def test_names_joined_as_one_subject_share_its_action() -> None:
    found = read("Earlier, the Harbour Signal Building and the Quayside Hotel were passed to the police.")
    assert set(found) == {"Harbour Signal Building", "Quayside Hotel"}
    found = read("Fort Aldous and the Pike and Lantern barracks, all handed over last year, stand empty.")
    assert set(found) == {"Fort Aldous", "Pike barracks", "Lantern barracks"}


def tallies(text: str) -> set[int]:
    snap = parse_text(f"Drawdown notes\n\n{text}\n", as_of=AS_OF)
    return {c.value for c in snap.counts}


@pytest.mark.parametrize("text, values", [
    ("Eight of those outposts were returned to the regional council.", {8}),
    ("Five FOBs are to be handed over before the rains.", {5}),
    ("The ministry said it will return 14 sites to the host towns.", {14}),
    ("All 230 properties have now been vacated.", {230}),
    ("The engineers listed 6 vacated and closed sites ready for return.", {6}),
    ("Over the winter the force vacated 12 army camps and 4 air bases.", {12, 4}),
    ("The brigade closed three border posts and 11 temporary posts along the ridge.", {3, 11}),
    ("Ninety British bases across the valley were closed or passed to the army.", {90}),
    ("Lotte is the sixth of the Mission's ten bases to close since spring.", {6}),
    ("The battalion has 15 posts established along the road.", set()),
])
def test_tallies_in_any_noun(text: str, values: set[int]) -> None:
    assert tallies(text) == values


# -- second round: follow, verbs of emptying, lists of towns, subjects, forces at a place -----


def test_a_place_said_to_follow_takes_the_action_told_before_it() -> None:
    text = ("Drawdown notes\n\nThe brigade handed the Orchard depot to the county on Monday. "
            "Two more sites, Vell and Stromby, are to follow before the autumn. "
            "Quarry Lane Barracks in Hoxne followed in March.\n")
    found = {e.name: (e.action, e.status) for e in parse_text(text, as_of=AS_OF).events}
    assert found["Vell"] == ("handover", "planned")
    assert found["Stromby"] == ("handover", "planned")
    assert found["Quarry Lane Barracks"] == ("handover", "completed")


def test_follow_with_nothing_told_is_no_event() -> None:
    assert read("Marren is expected to follow before the end of the month.") == {}


@pytest.mark.parametrize("sentence, names", [
    ("The depots cleared in the spring were Aldwick, Bexley pod Hradem, Corran and Dunmore.",
     {"Aldwick", "Bexley pod Hradem", "Corran", "Dunmore"}),
    ("Among the camps now standing empty are the old headquarters at Elstow, Fenny and Garth, "
     "and the air base at Hollin.", {"Elstow headquarters", "Fenny", "Garth", "Hollin air base"}),
    ("The small outpost at Ivybridge was emptied the same day.", {"Ivybridge outpost"}),
])
def test_emptied_and_cleared_sites_are_left(sentence: str, names: set[str]) -> None:
    found = read(sentence)
    assert set(found) == names
    assert {a for a, _ in found.values()} == {"withdrawal"}


def test_a_name_and_what_situates_it_stay_in_one_list() -> None:
    found = read("Officials said the Tarn air base north of Pellow, the Q-9 base near Ostrey and "
                 "the Wend air base in Lusk would be handed over in the coming weeks.")
    assert set(found) == {"Tarn air base", "Q-9 base", "Wend air base"}
    assert {s for _, s in found.values()} == {"planned"}


def test_a_subject_after_that_is_still_the_subject() -> None:
    found = read("In a note dated 2 March, the ministry confirmed that the airfields at Kestle "
                 "and Morrow and the remaining depots in the hills will be vacated in the summer.")
    assert {n for n in found} == {"Kestle airfield", "Morrow airfield"}
    assert {s for _, s in found.values()} == {"planned"}


@pytest.mark.parametrize("sentence, name, status", [
    ("About 40 soldiers at Position 12, near the village of Arvel, pulled out on Thursday.",
     "Position 12", "completed"),
    ("A small detachment at Penhallow, on the river close to the border, is expected to pull "
     "out in the coming weeks.", "Penhallow", "planned"),
])
def test_forces_at_a_place_that_pull_out_leave_it(sentence: str, name: str, status: str) -> None:
    assert read(sentence) == {name: ("withdrawal", status)}


def test_forces_at_a_place_doing_something_else_leave_nothing() -> None:
    assert read("About 40 soldiers at Position 12 held off an attack on Thursday.") == {}


def test_the_next_clause_passive_is_its_own_subjects() -> None:
    found = read("The teams at Rusk and Tolland will leave their bases in June, and the Ulvard "
                 "base is to be handed over to the army.")
    assert found["Rusk"][0] == "withdrawal" and found["Tolland"][0] == "withdrawal"
    assert found["Ulvard base"] == ("handover", "planned")


@pytest.mark.parametrize("text", [
    "About 9,000 troops were stationed in 40 garrisons when the drawdown began.",
    "Engineers rebuilt the road, and a third location, Post Arden, was closed.",
])
def test_no_tally_where_troops_were_or_for_another_place(text: str) -> None:
    assert tallies(text) == set()


# -- dates, third round -----------------------------------------------------------------------------

def _events(text: str) -> dict[str, tuple]:
    """name -> (action, status, date) of a whole document, as of AS_OF (a Friday)."""
    return {e.name: (e.action, e.status, e.date) for e in parse_text(text, as_of=AS_OF).events}


def test_a_paragraph_of_several_sentences_is_prose_not_one_dated_line() -> None:
    # the second sentence's "began on 1 April" is not the day Fort Quill was handed over
    text = ("Depot notes\n\nThe army took over Fort Quill from the brigade on Thursday. Together with "
            "Fort Quill, five sites have been handed over since the drawdown began on 1 April.\n")
    assert _events(text)["Fort Quill"][2] == "2031-04-17"


def test_the_body_dates_what_the_headline_tells_on_the_edition_day() -> None:
    text = ("Rangers hand over Pellow camp\n\nThe rangers began handing over the Pellow camp to the "
            "park service on Wednesday.\n")
    assert _events(text)["Pellow camp"][2] == "2031-04-16"


def test_the_first_sentence_dates_the_headline_when_it_names_no_site() -> None:
    text = ("Guard hands Marrow Point base to navy\n\nThe coast guard handed over a small base on "
            "the northern shore to the navy yesterday, officials said, the first of several sites it "
            "means to give up this year.\n\nMore sites may follow.\n")
    assert _events(text)["Marrow Point base"][2] == "2031-04-17"


@pytest.mark.parametrize("sentence, name", [
    ("The contractors turned the Whitlow depot over to the county on Tuesday.", "Whitlow depot"),
    ("The engineers gave the Cress Lane barracks back to the town council.", "Cress Lane barracks"),
])
def test_a_verb_and_its_particle_around_the_site(sentence: str, name: str) -> None:
    assert read(sentence)[name][0] == "handover"


# -- precision: what is no site ---------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("Base notes\n\n- 4 May 2031 - The last Norwegian garrison was vacated.\n", "Norwegian garrison"),
    ("Base notes\n\n- 4 May 2031 - The only UN camp on the ridge was handed over.\n", "UN camp"),
    ("Base notes\n\n- 4 May 2031 - Seven sites in the valley were handed over.\n", "Seven sites"),
])
def test_a_people_an_acronym_or_a_count_before_a_base_word_is_no_site(text: str, name: str) -> None:
    assert name not in {e.name for e in parse_text(text, as_of=AS_OF).events}


def test_a_rank_among_a_regions_bases_is_no_site() -> None:
    found = read("Fort Quill, the last British base in Lowmarsh, was handed over to the guard.")
    assert "Lowmarsh base" not in found and "Fort Quill" in found


def test_a_base_in_the_capital_is_named_by_the_capital() -> None:
    assert "Ostrey transport base" in read("The wing handed over its transport base in the capital Ostrey "
                                 "to the air force on Tuesday.")


def test_a_question_is_no_site() -> None:
    text = ("Questions and answers\n\nWhat was closed?\n\nThe Harrow Point air station was closed "
            "on 2 April 2031.\n")
    assert [e.name for e in parse_text(text, as_of=AS_OF).events] == ["Harrow Point air station"]


def test_an_adverb_between_the_opening_day_and_the_verb() -> None:
    text = ("Site notes\n\nThe mission yesterday formally handed over its Brack Hill team site to the "
            "county authorities, a spokesperson said at a briefing in the capital.\n")
    assert _events(text)["Brack Hill team site"][2] == "2031-04-17"


def test_an_area_forces_are_in_is_no_site() -> None:
    found = read("Dutch troops in Sector Nine gave up the Harlow Ridge base.")
    assert "Sector Nine" not in found and "Harlow Ridge base" in found


def test_an_item_heading_name_may_end_in_a_number_give_a_second_name_or_open_with_old() -> None:
    text = ("Outpost list\n\nAs of 10 March 2031\n\n"
            "- Kestrel 2 (Lowland, Norway) - handed over 3 Mar 2031\n"
            "- Tower Hall / Stone Keep (Harbourtown) - handed over 4 Mar 2031\n"
            "- Old Quarry (Sector Nine) - handed over, Feb 2031\n")
    names = {e.name: e.date for e in parse_text(text).events}
    assert names.get("Kestrel 2") == "2031-03-03"
    assert names.get("Tower Hall") == "2031-03-04"
    assert "Old Quarry" in names


def test_a_list_item_resolves_a_relative_day_like_prose() -> None:
    text = ("Drawdown bulletin No. 4\nIssued: 18 April 2031\n\nTransfers\n\n"
            "- Forward Operating Base Marten, near Lisk, was transferred to the army on Sunday; "
            "Camp Vole followed on Wednesday.\n")
    dates = {e.name: e.date for e in parse_text(text).events}
    assert dates.get("Forward Operating Base Marten") == "2031-04-13"


@pytest.mark.parametrize("sentence", [
    "Most of the departing troops are regrouping at Camp Linnet before flying home.",
    "The relocated personnel are now at Camp Harrow, the force's main base.",
    "Redeploying units will process through Camp Osier before onward movement.",
    "Personnel returning from Camp Alder will rest in Cyprus before travelling home.",
])
def test_a_word_that_says_which_people_move_acts_on_no_site(sentence: str) -> None:
    assert read(sentence) == {}
    # the same word as the action still reads
    assert read("The last departing troops left Camp Linnet on Friday.") == \
        {"Camp Linnet": ("withdrawal", "completed")}


def test_a_tally_clause_says_its_action_of_the_places_it_counts() -> None:
    found = read("Together with the garrisons at Ostrov, Pelm and Varna, verified earlier, this "
                 "brings to five the number of garrisons vacated by the corps.")
    assert found == {"Ostrov garrison": ("withdrawal", "completed"), "Pelm": ("withdrawal", "completed"),
                     "Varna": ("withdrawal", "completed")}


def test_a_plural_subject_means_the_sites_the_sentence_before_named() -> None:
    text = ("Drawdown notes\n\nThe rest of the force is at Camp Tallow and the Brisk air base near "
            "the coast. Both are due to be vacated by September 2032.\n")
    events = {e.name: (e.action, e.status) for e in parse_text(text, as_of=AS_OF).events}
    assert events == {"Camp Tallow": ("withdrawal", "planned"), "Brisk air base": ("withdrawal", "planned")}
    # a count that does not fit the names before means something else
    text = text.replace("Both are", "All three are")
    assert parse_text(text, as_of=AS_OF).events == ()


@pytest.mark.parametrize("sentence, name", [
    # a base word opening on any letter is found after a name ("naval", "impact", "exercise",
    # "weapons", and a capitalised "Village")
    ("The fleet would leave the Port Orrin naval base by the end of the week.", "Port Orrin naval base"),
    ("Engineers returned the Marl Flats impact area to the wildlife service.", "Marl Flats impact area"),
    ("The troops vacated the Dunmore Heights Village on Tuesday.", "Dunmore Heights Village"),
])
def test_a_base_word_is_found_whatever_its_first_letter(sentence: str, name: str) -> None:
    assert name in read(sentence)


def test_a_base_word_with_its_abbreviation_is_named_by_its_town_and_the_abbreviation_means_it() -> None:
    snap = parse_text(
        "Station notice\n\nThe last patrol flown from the Forward Operating Location (FOL) in Quarry "
        "Cove touched down this morning. The FOL, with its hangars and stores, is scheduled to be "
        "handed over to the coast guard in May 2031.\n", as_of=AS_OF)
    assert [(e.name, e.action, e.status, e.date, e.date_precision) for e in snap.events] == [
        ("Quarry Cove location", "handover", "planned", "2031-05-01", "month")]


def test_a_news_datelines_day_is_the_reports_not_the_events() -> None:
    # one sentence with a place, a verb and the dateline's day is prose, not a dated record line
    snap = parse_text(
        "HARBOUR DESK 16 April 2031\n\nNavy to leave Port Orrin by June\n\nKESSEL, April 16 (Coast Wire) - "
        "The minister said on Wednesday that the last sailors would leave the Port Orrin naval base "
        "in June, a year before the lease runs out, after talks that lasted two days.\n")
    assert [(e.name, e.status, e.date, e.date_precision) for e in snap.events] == [
        ("Port Orrin naval base", "planned", "2031-06-01", "month")]


def test_a_base_word_before_a_plural_noun_means_no_one_base() -> None:
    snap = parse_text("Notes\n\nA convoy drove past Camp Heron on Monday. Officials say the base "
                      "transfers were completed on schedule.\n", as_of=AS_OF)
    assert snap.events == ()


@pytest.mark.parametrize("sentence, name", [
    # what the site is for may stand between its name and its base word
    ("Navy hands over Port Orrin anti-drug post as lease ends.", "Port Orrin anti-drug post"),
    ("Engineers closed the Kessel listening post on Friday.", "Kessel listening post"),
])
def test_a_purpose_between_a_name_and_its_base_word(sentence: str, name: str) -> None:
    assert name in read(sentence)


@pytest.mark.parametrize("sentence", [
    "The Cuban listening post was closed on Friday.",     # whose post, not which
    "The Ecuadorian air base was handed over on Friday.",
    "Russia closing its post was announced on Friday.",   # a verb, not a purpose
])
def test_a_people_or_a_verb_before_a_base_word_names_no_site(sentence: str) -> None:
    assert read(sentence) == {}


# -- tallies, third round: a share after the verb, adjectives, action nouns, a second count under
# the first count's noun, ranks told with any verb of giving up, list items, one figure once ------
@pytest.mark.parametrize("text, values", [
    ("The brigade has now vacated six of its eleven border positions.", {6}),
    ("Over the summer the agency shut down three regional offices in the north.", {3}),
    ("Since June, five provincial offices have been closed.", {5}),
    ("The force reported the evacuation of all 40 of its rural outposts.", {40}),
    ("Four of the depots were handed to the police and three others were closed.", {4, 3}),
    ("Army hands back towns: nine camps returned, two shut", {9, 2}),
    ("Dunmore is the third overseas station the navy has given up since 1990.", {3}),
    ("Kessel is the second garrison in the valley to change hands this year.", {2}),
    ("The corps gave up one of its airfields after the storm.", set()),
    ("Ten barracks were handed back in May. The return of the ten sites was marked by a parade.",
     {10}),
])
def test_tallies_third_round(text: str, values: set[int]) -> None:
    assert tallies(text) == values


def test_a_list_item_states_a_tally() -> None:
    text = "Summary\n\n- Seven depots in the south have been returned since 2019.\n- Camp Orr: open.\n"
    assert {c.value for c in parse_text(text, as_of=AS_OF).counts} == {7}
