"""Sites beyond "base" and "camp": plural site words over lists (offices, centres, hubs,
checkpoints), copula lists under them, names that only say whose a kind of site is, and what
situates a site or acts on it. The documents are short, written for these tests, with
invented places."""

from __future__ import annotations

from tracker.parse.parser import parse_text


def _read(text: str, as_of: str | None = "2031-04-18") -> dict[str, tuple]:
    snap = parse_text(text, as_of=as_of)
    return {e.name: (e.action, e.status, e.date) for e in snap.events}


def test_a_copula_list_under_any_plural_site_word_names_each_item() -> None:
    for kind in ("offices", "regional centres", "logistics hubs", "checkpoints", "airports"):
        found = _read(f"Mission news\n\nThe {kind} due to close at the end of June are Townsville, "
                      "Amberton, Kilo Flats and Bravoville.\n")
        assert set(found) == {"Townsville", "Amberton", "Kilo Flats", "Bravoville"}, (kind, found)
        assert all(v[:2] == ("closure", "planned") for v in found.values()), found


def test_names_before_a_plural_office_word_are_each_a_site() -> None:
    found = _read("Mission news\n\nThe Amberton and Kilo Flats offices closed on 3 April.\n")
    assert found == {"Amberton office": ("closure", "completed", "2031-04-03"),
                     "Kilo Flats office": ("closure", "completed", "2031-04-03")}


def test_a_nation_or_a_partner_before_a_plural_site_word_says_whose_not_which() -> None:
    assert _read("Mission news\n\nThe sheet lists the main UK and UK-partnered locations that were "
                 "closed in Kilo province.\n") == {}
    assert _read("Mission news\n\nThe French and US-backed posts were handed over on 3 April.\n") == {}


def test_a_list_set_off_by_dashes_after_a_plural_site_word_undergoes_its_action() -> None:
    found = _read("Mission news\n\nThe move follows the handover this spring of other bases in and "
                  "around the city — the Old Kilo Building, the Amber Hotel and the Townsville Logistics "
                  "Base — to the army. Officials said the drawdown was on schedule.\n")
    assert set(found) == {"Old Kilo Building", "Amber Hotel", "Townsville Logistics Base"}, found
    assert all(v[:2] == ("handover", "completed") for v in found.values()), found
    # a dash that sets off no list of sites still breaks the clause
    assert _read("Mission news\n\nThe army handed over the keys — officials said Camp Kilo stays open.\n") == {}


def test_a_region_after_in_northern_or_a_countrys_possessive_is_no_site() -> None:
    found = _read("Troops leave besieged Kilo post in Ruritania's Amberia\n\nTroops on Tuesday completed "
                  "their withdrawal from the observation post in the town of Kilo in northern Amberia, the "
                  "largest of the positions.\n")
    assert set(found) == {"Kilo observation post"}, found
    # with its base word, a name after "in northern" is a site all the same
    found = _read("Mission news\n\nTroops withdrew from Camp Bravo in northern Amberia on 3 April.\n")
    assert set(found) == {"Camp Bravo"}, found


def test_the_larger_place_after_a_sites_own_town_is_no_second_site() -> None:
    found = _read("Mission news\n\nThe sites returned are Camps Eagle and Long in Kiloville, parcels of Camp "
                  "Amber in Bravoton, Deltaton, and the Shea Range parcel at Camp Hovel in Echoville.\n")
    assert "Deltaton" not in found and {"Camp Eagle", "Camp Long", "Camp Amber"} <= set(found), found
    found = _read("Mission news\n\nThe army handed over the Camp Kilo military base in Townsville, Capital "
                  "City, on 3 April.\n")
    assert list(found) == ["Camp Kilo military base"], found


def test_the_town_of_a_named_site_is_that_site_not_a_second_one() -> None:
    found = _read("Last soldiers leave Camp Kilo in Townsville\n\nThe last soldiers left Camp Kilo on "
                  "Tuesday. \"The pull-out from Townsville is complete,\" a spokesman said.\n")
    assert set(found) == {"Camp Kilo"}, found
    found = _read("Troops leave Amberton's Air Base 12\n\nTroops completed their withdrawal from Air Base 12 "
                  "on 3 April. The Amberton turnover began in March.\n")
    assert set(found) == {"Air Base 12"}, found
    # a town that locates no site acted on is a site of its own
    found = _read("Mission news\n\nTroops withdrew from Townsville on 3 April. Camp Kilo in Amberton is to "
                  "be handed over in June.\n")
    assert set(found) == {"Townsville", "Camp Kilo"}, found


def test_a_town_that_names_a_base_of_its_own_stays_a_site() -> None:
    found = _read("Mission news\n\nTroops have not left their base at Townsville, the army said; the handover "
                  "will take place in the coming weeks. Residents said the last vehicles left the Kilo camp "
                  "outside Townsville at the weekend.\n")
    assert "Townsville base" in found or "Townsville" in found, found
