"""One place told once gives one event: a text that tells a happening twice (in its prose and
in its table, in a list read once per name) keeps it once, while a place with two happenings
(two dates) keeps both. The documents are short and written for these tests."""

from __future__ import annotations

from tracker.parse.parser import parse_text


def _events(text: str, fmt: str = "text", as_of: str | None = "2031-05-01") -> list[tuple]:
    snap = parse_text(text, fmt, as_of=as_of)
    return [(e.key, e.name, e.action, e.status, e.date) for e in snap.events]


def test_a_list_in_apposition_gives_each_place_once() -> None:
    for joint in (", {}, ", " - {} - ", " – {} – ", " ({}) "):
        listed = joint.format("Camp Kilo, Camp Amber and Camp Bravo")
        found = _events(f"Post news\n\nTroops handed over three camps{listed}on 3 April.\n")
        assert found == [(k, f"Camp {k.title()}", "handover", "completed", "2031-04-03")
                         for k in ("kilo", "amber", "bravo")], (joint, found)


def test_a_list_item_naming_several_places_reads_each_once() -> None:
    for item in ("- Camp Kilo, Camp Amber and Camp Bravo: handed over on 3 April.",
                 "- Handed over on 3 April: Camp Kilo, Camp Amber and Camp Bravo."):
        found = _events(f"Post news\n\n{item}\n- Camp Delta closed on 5 April.\n", "markdown")
        assert [f[0] for f in found] == ["kilo", "amber", "bravo", "delta"], (item, found)


def test_two_places_side_by_side_keep_their_locator() -> None:
    snap = parse_text("Post news\n\n- Camp Kilo and Camp Amber, Townsville: handed over on 3 April.\n",
                      "markdown", as_of="2031-05-01")
    assert [(e.key, e.place) for e in snap.events] == [("kilo", "Townsville"), ("amber", "Townsville")]


def test_a_list_that_is_not_the_items_place_does_not_repeat_it() -> None:
    found = _events("Post news\n\n- Camp Kilo was handed over on 3 April; its troops moved to "
                    "Camp Amber and Camp Bravo.\n", "markdown")
    assert [f[0] for f in found] == ["kilo"], found


def test_a_happening_told_in_prose_and_in_a_table_is_one_event() -> None:
    text = ("Post news\n\nOn 3 April 2031 the army handed over Camp Kilo to the city of Townsville.\n\n"
            "| Site | Status | Date |\n|---|---|---|\n| Camp Kilo | Handed over | 3 April 2031 |\n"
            "| Post Amber | Handed over | 9 April 2031 |\n")
    found = _events(text, "markdown")
    assert [f[0] for f in found].count("kilo") == 1 and not any(f[0].startswith("kilo-") for f in found), found


def test_an_undated_mention_adds_nothing_to_a_dated_one() -> None:
    text = ("Post news\n\n- Camp Kilo is to be handed over.\n- Camp Kilo: handed over on 3 April.\n"
            "- Camp Amber: closure under way.\n")
    found = _events(text, "markdown")
    assert [f for f in found if f[0].startswith("kilo")] == [
        ("kilo", "Camp Kilo", "handover", "completed", "2031-04-03")], found


def test_two_happenings_of_one_place_stay_two() -> None:
    # a serial update: a handover begun one day and completed another; parcels on two days
    text = ("Post news\n\n- 3 April: handover of Camp Kilo started.\n- 9 April: Camp Kilo handed over.\n"
            "- Camp Amber (north parcel): returned on 2 March.\n"
            "- Camp Amber (south parcel): returned on 20 April.\n")
    found = _events(text, "markdown")
    assert [(f[0], f[3], f[4]) for f in found] == [
        ("kilo", "started", "2031-04-03"), ("kilo-2", "completed", "2031-04-09"),
        ("amber", "completed", "2031-03-02"), ("amber-2", "completed", "2031-04-20")], found


def test_a_planned_happening_and_a_completed_one_stay_two() -> None:
    text = ("Post news\n\n- Camp Kilo (west part): returned on 3 April.\n"
            "- Camp Kilo (east part): to be returned in June.\n")
    found = _events(text, "markdown")
    assert [(f[0], f[3]) for f in found] == [("kilo", "completed"), ("kilo-2", "planned")], found


def test_a_places_happenings_are_numbered_in_date_order() -> None:
    # the second update tells the new parcel first, in prose; its table, and the first
    # update's, tell the parcels in date order: each parcel keeps its key from one to the next
    first = ("Post news\n\n- Camp Amber (north parcel): returned on 2 March.\n"
             "- Camp Kilo: handed over on 5 March.\n")
    second = ("Post news\n\nOn 20 April the army returned the south parcel of Camp Amber.\n\n"
              "- Camp Amber (north parcel): returned on 2 March.\n"
              "- Camp Amber (south parcel): returned on 20 April.\n")
    keys = {f[4]: f[0] for f in _events(first, "markdown") + _events(second, "markdown") if "amber" in f[0]}
    assert keys == {"2031-03-02": "amber", "2031-04-20": "amber-2"}, keys


def test_a_plan_and_its_completion_on_one_day_are_one_happening() -> None:
    text = ("Post news\n\n- Camp Kilo: to be handed over on 3 April.\n"
            "- 3 April: Camp Kilo handed over.\n- 9 April: Post Amber closed.\n")
    found = _events(text, "markdown")
    assert [f for f in found if f[0].startswith("kilo")] == [
        ("kilo", "Camp Kilo", "handover", "completed", "2031-04-03")], found


def test_a_name_given_to_the_place_meant_by_its_kind_word_is_another_name() -> None:
    text = ("Post news\n\nTroops completed their withdrawal from the observation post at Morvik on "
            "Tuesday, local sources said.\n\nConvoys of trucks left the post, known as observation "
            "post No. 4, on Monday and Tuesday.\n")
    found = _events(text, as_of="2031-04-16")
    assert [(f[0], f[4]) for f in found] == [("morvik", "2031-04-15")], found
    # another kind of place than the one last told is a place of its own
    found = _events("Post news\n\nTroops left Camp Kilo on 3 April.\n\nConvoys of trucks left "
                    "the post, known as observation post No. 7, on 5 April.\n")
    assert [f[0] for f in found] == ["kilo", "no7"], found
