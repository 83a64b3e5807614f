"""Enumeration in prose and lists: copula lists, items under a colon lead-in, lists that go on
after "then", kind words between names and a plural base word (issue 21, generalisation round).
The documents are short and written for these tests."""

from __future__ import annotations

from tracker.parse.parser import parse_text


def _read(text: str, as_of: str | None = "2031-04-18") -> dict[str, tuple]:
    snap = parse_text(text, as_of=as_of)
    return {e.name: (e.action, e.status, e.date) for e in snap.events}


def test_a_copula_list_names_each_item_and_its_plural_subject_is_no_site() -> None:
    # in prose and as a list item; an acronym is a name in such a list
    for text in ("Garrison news\n\nThe other Brelford depots already given back are Marsh, Tolley and RTC.\n",
                 "Garrison news\n\n- Depot Hale was handed over on 2 April.\n"
                 "- The other Brelford depots already given back are Marsh, Tolley and RTC.\n"):
        found = _read(text)
        assert {"Marsh", "Tolley", "RTC"} <= set(found), found
        assert not any("Brelford" in name for name in found), found


def test_items_under_a_lead_in_with_an_action_and_a_colon_undergo_it() -> None:
    found = _read("Garrison news\n\nThe four remaining sites of the garrison will go back to the federal "
                  "government:\n\n- Varn Barracks, near Oster;\n- the Pell Park and Cobb Hill housing "
                  "areas;\n- the Skarn range.\n\nDates will be agreed later.\n")
    assert found.get("Varn Barracks") == ("handover", "planned", None)
    assert {"Pell Park housing area", "Cobb Hill housing area", "Skarn range"} <= set(found), found
    assert "Oster" not in found  # what situates a site is no site
    # a list after a lead-in with no action tells nothing
    assert _read("Garrison news\n\nThe garrison's sites are:\n\n- Varn Barracks;\n- the Skarn range.\n") == {}


def test_go_back_to_a_government_is_a_return() -> None:
    found = _read("Garrison news\n\nThe Varn Barracks went back to the federal government on 3 April.\n")
    assert found == {"Varn Barracks": ("handover", "completed", "2031-04-03")}
    assert _read("Garrison news\n\nThe troops went back to Varn Barracks on 3 April.\n") == {}


def test_an_enumeration_goes_on_after_then() -> None:
    found = _read("Garrison news\n\nSince last year the force has handed over its bases at Arlo, Bexby and "
                  "Corran, then Dunmore in February and Elswick on 2 March 2031.\n")
    assert {"Dunmore", "Elswick"} <= set(found), found
    assert found["Elswick"] == ("handover", "completed", "2031-03-02")


def test_kind_words_may_stand_between_names_and_their_plural_base_word() -> None:
    found = _read("Garrison news\n\nThe Pell Park and Cobb Hill family housing areas were returned on 1 April.\n")
    assert set(found) == {"Pell Park family housing area", "Cobb Hill family housing area"}, found


def test_names_compared_with_provinces_are_provinces() -> None:
    found = _read("Garrison news\n\nOstra is the third of the northern provinces to be handed over to "
                  "local control, after Veld, Marn and Tosk.\n")
    assert not {"Veld", "Marn", "Tosk"} & set(found), found
    # compared with bases, they are bases
    found = _read("Garrison news\n\nOstra camp is the third of the northern bases to be handed over, "
                  "after Veld, Marn and Tosk.\n")
    assert {"Veld", "Marn", "Tosk"} <= set(found), found


def test_a_town_left_for_another_is_a_journey_not_a_site() -> None:
    found = _read("Garrison news\n\nA motor-rifle regiment left Varna for Tosk on 3 April.\n")
    assert "Varna" not in found and "Tosk" not in found, found
    found = _read("Garrison news\n\nThe last troops drove out of Camp Varna on 3 April, leaving Ostra "
                  "with only two small posts.\n")
    assert "Ostra" not in found and "Camp Varna" in found, found
    # withdrawn from a place, for wherever: the place is left
    assert "Varna" in _read("Garrison news\n\nThe regiment withdrew from Varna for Tosk on 3 April.\n")


def test_a_colon_list_item_may_carry_where_it_is_and_items_join_with_and_or_commas() -> None:
    found = _read("Garrison news\n\nDuring March the mission closed two field offices in the east: "
                  "Arlo, in the Vesk region, and Bexby, in Marn.\n")
    assert set(found) == {"Arlo", "Bexby"}, found
    found = _read("Garrison news\n\nEarlier handovers, for the record: Arlo and Bexby (January), "
                  "Corran (14 February), and Dunmore in the Upper Vale (mid-March).\n")
    assert {"Arlo", "Bexby", "Corran", "Dunmore"} <= set(found), found
    # a bracketed month after a run of names is theirs (a month, no day): the next bracket's
    # day is another name's
    assert found["Arlo"][2] == found["Bexby"][2] == "2031-01-01"
    assert found["Corran"][2] == "2031-02-14"
