"""Tallies, fifth round: the site nouns are one shared vocabulary (`tracker.vocabulary.site_nouns`),
so any kind of site is counted ("helipads", "checkpoints", "parcels"); counted places set off
from their verb by an apposition or joined by one more place; "the first three sites" counts
three, not a rank; a number in a date is never a figure. Invented sentences and names."""

from __future__ import annotations

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
        "The four support centres, in Townsville, Kilo and Lima, will be handed over before the "
        "end of the year.")


def test_one_more_place_beside_the_counted_ones() -> None:
    assert ("positions-withdrawn", 4) in tallies(
        "That makes four positions and the headquarters camp given up in a single operation.")


def test_a_rank_before_a_number_is_no_rank() -> None:
    assert tallies("The first three sites were handed over in March.") == {("sites-transferred", 3)}


def test_a_date_in_a_label_is_no_figure() -> None:
    found = tallies("Handing back our property Posted on: 29 April 2031 | Category: Estates")
    assert all(value != 29 for _, value in found)
