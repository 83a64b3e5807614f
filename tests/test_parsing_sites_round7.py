"""Sites, seventh round: a base word named by the town it stands near ("the firing range near
Townsville"), a hospital as a kind of site, numbered lots told together ("Parcels 4 and 5"),
and a base word and town that name no site of their own (said of a named site, or a count of
sites around one town). Invented sentences and names."""

from __future__ import annotations

import pytest

from tracker.parse.parser import parse_text

AS_OF = "2031-05-12"


def keys(text: str) -> list[str]:
    snap = parse_text(f"Drawdown notes\n\n12 May 2031\n\n{text}\n", as_of=AS_OF)
    return sorted(e.key for e in snap.events)


@pytest.mark.parametrize("text, want", [
    ("The firing range near Townsville is to be handed over in the third quarter.", ["townsvile-firing"]),
    ("The depot near Port Amber was handed back on 3 May.", ["port-amber"]),
    ("Camp Kilo near Townsville was handed over on 3 May.", ["kilo"]),
    ("Troops near Townsville handed over Camp Lima on 3 May.", ["lima"]),
])
def test_a_base_word_named_by_the_town_it_stands_near(text: str, want: list[str]) -> None:
    assert keys(text) == want


def test_a_hospital_is_a_site() -> None:
    assert keys("The State agreed to return the former hospital at Kilo by the end of June.") == ["kilo-hospital"]


def test_numbered_lots_told_together_are_one_site() -> None:
    assert len(keys("Parcels 4 and 5 of the old air station were transferred in April.")) == 1


@pytest.mark.parametrize("text, want", [
    ("The last soldiers left Camp Kilo, the field camp near Townsville, on 3 May.", ["kilo"]),
    ("The mission vacated its nine positions near Townsville on 3 May.", []),
    ("The mission vacated the two camps at Kilo and Lima on 3 May.", ["kilo", "lima"]),
])
def test_a_base_word_and_town_that_name_no_site_of_their_own(text: str, want: list[str]) -> None:
    assert keys(text) == want


@pytest.mark.parametrize("text, want", [
    ("RAF Lima in Kilo is to close on Thursday.", ["raf-lima"]),
    ("The return of HMS Kilo to the Government on 15 December, and of RAF Lima on 16 December.",
     ["hms-kilo", "raf-lima"]),
])
def test_a_service_prefix_names_a_station(text: str, want: list[str]) -> None:
    assert keys(text) == want


@pytest.mark.parametrize("text, want", [
    ("The Navy's station at Kilo, near Townsville, is due to be handed over in mid-December.", ["kilo"]),
    ("The Ministry announces the return of HMS Kilo, the Navy's station near Townsville, to the "
     "Government on 15 December.", ["hms-kilo"]),
    ("The army handed over Camp Kilo, the base in Townsville and Post Amber on 3 May.",
     ["amber", "kilo", "townsvile"]),
])
def test_a_service_owns_a_station_and_an_apposition_locates_it(text: str, want: list[str]) -> None:
    assert keys(text) == want


@pytest.mark.parametrize("text, want", [
    ("IPTF Station Kilo closed on 6 May; the station at Lima followed on 20 May.", ["kilo", "lima"]),
    ("Police Station Kilo was handed over on 6 May.", ["kilo-police"]),
    ("UN Depot Kilo was handed over on 6 May.", ["kilo-depot"]),
])
def test_a_title_order_name_is_the_town_s_station(text: str, want: list[str]) -> None:
    assert keys(text) == want


@pytest.mark.parametrize("text, want", [
    ("Kilo was returned in mid-October and Lima in the autumn.", ["kilo", "lima"]),
    ("Kilo was handed over on 3 May and Lima on 9 May.", ["kilo", "lima"]),
])
def test_a_name_that_shares_a_passive_verb_told_before_it(text: str, want: list[str]) -> None:
    assert keys(text) == want
