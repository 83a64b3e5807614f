"""Lists dated by reference and handovers told in other words (issue 21): a copula list under
a definite plural takes the day of the sentence before that acted on that plural; an item set
off by a place inset ("and, in the western sector, Karkum"); "takes possession of", "accepted
the keys to", "goes back", "revert on". Invented names throughout."""

from __future__ import annotations

import pytest

from tracker.parse.parser import parse_text
from tracker.read.reader import read_document

AS_OF = "2031-04-18"  # a Friday


def read(text: str) -> dict[str, tuple]:
    snap = parse_text(f"Drawdown notes\n\n{text}\n", as_of=AS_OF)
    return {e.name: (e.action, e.status, e.date) for e in snap.events}


def test_a_copula_list_takes_the_day_of_the_sentence_it_refers_to() -> None:
    found = read("The brigade evacuated its last four positions in the valley on Tuesday night. "
                 "The positions abandoned were Orlan, Tessik, Vardo and, in the northern sector, "
                 "Mirrow, along with the command post in Kelby.")
    for name in ("Orlan", "Tessik", "Vardo", "Mirrow"):
        assert found[name][2] == "2031-04-15", name


def test_no_reference_day_without_the_same_plural() -> None:
    found = read("The brigade evacuated the town on Tuesday night. "
                 "The camps abandoned were Orlan, Tessik and Vardo.")
    assert all(found[name][2] is None for name in ("Orlan", "Tessik", "Vardo"))


@pytest.mark.parametrize("sentence, name", [
    ("The minister took formal possession of Delmar Naval Station on 2 April.", "Delmar Naval Station"),
    ("The governor accepted the keys to the Delmar Naval Station on 2 April.", "Delmar Naval Station"),
    ("Fort Quill goes back on 2 April together with the range beside it.", "Fort Quill"),
])
def test_other_words_for_a_handover(sentence: str, name: str) -> None:
    assert read(sentence)[name][0] == "handover"


def test_revert_on_a_day() -> None:
    found = read("Fort Ashby and the neighbouring Fort Quill are to revert on 1 November.")
    assert found["Fort Quill"][:2] == ("handover", "planned")


def test_a_located_list_set_off_by_commas() -> None:
    found = read("The three regional support centres, in Harlow, Penmore and Quist, are to be "
                 "handed over to the Government.")
    # each keeps the words that say what kind of centre it is
    names = ("Harlow regional support centre", "Penmore regional support centre", "Quist regional support centre")
    assert set(names) <= set(found), found
    assert all(found[n][1] == "planned" for n in names)


@pytest.mark.parametrize("sentence, name", [
    ("The Northern Training Area was returned to the prefecture on Tuesday.", "Northern Training Area"),
    ("The Lower Brook Housing Area is to be returned next year.", "Lower Brook Housing Area"),
    ("The West Harlow Housing Area was handed back on Tuesday.", "West Harlow Housing Area"),
])
def test_a_compass_word_that_names_a_site(sentence: str, name: str) -> None:
    assert name in read(sentence)


@pytest.mark.parametrize("sentence", [
    "The Northern base was closed on Tuesday.",
    "Troops left the Southern Lebanon outpost on Tuesday.",
    "The North Korea base was closed on Tuesday.",
])
def test_a_compass_word_that_only_says_where(sentence: str) -> None:
    assert read(sentence) == {}


def test_quarters_are_sites_and_their_dates_in_brackets() -> None:
    found = read("The sites returned earlier were the Arden and Belmont quarters near Ostry "
                 "park (7 March), the Admiral Varro quarter on the port of Kelby (15 March) and "
                 "the Quist joint transmission station (1 April).")
    assert found["Arden quarter"][2] == found["Belmont quarter"][2] == "2031-03-07"
    assert found["Admiral Varro quarter"][2] == "2031-03-15"
    assert found["Quist joint transmission station"][2] == "2031-04-01"
    assert not any("Kelby" in name for name in found)  # where the quarter stands, no site


def test_a_place_a_site_is_located_on_is_no_second_site() -> None:
    found = read("On 2 April the army handed over the Varro quarter, located on the port of Kelby.")
    assert list(found) == ["Varro quarter"]


def test_a_wrapped_line_closing_on_a_bracketed_date_goes_on_the_sentence() -> None:
    text = ("The sites returned earlier were the Arden and Belmont quarters near Ostry\n"
            "park (7 March), the Varro quarter on the port of Kelby (15 March) and\n"
            "the Quist transmission station (1 April).")
    snap = parse_text(f"Drawdown notes\n\n{text}\n", as_of=AS_OF)
    assert {e.name: e.date for e in snap.events}["Varro quarter"] == "2031-03-15"
    assert len({e.text for e in snap.events}) == 1  # one paragraph, one sentence


def test_a_cable_label_heading_an_item_is_no_site() -> None:
    found = read("1. SUMMARY: Ruritania formally handed over its military base in Kelby to the "
                 "republic on 2 April. END SUMMARY.")
    assert "SUMMARY" not in found and "Kelby base" in found


def test_a_pages_category_labels_are_no_sites() -> None:
    text = "Posted on: 2 April 2031  |  Category: Accommodation, Overseas\n\nWe handed back the camp."
    assert not {"Accommodation", "Overseas"} & set(read(text))


def test_a_date_line_under_the_headline_dates_the_edition() -> None:
    text = ("MINISTRY OF WORKS\n\nMission hands over Kelby support centre to the Government\n"
            "Ostry, 30 November 2031\n\nThe mission today handed over its camp in Kelby.\n")
    assert parse_text(text).as_of == "2031-11-30"


def test_a_wrapped_sentence_ending_on_a_place_and_date_goes_on() -> None:
    text = ("Notes\n\nThe withdrawal follows the agreement signed in\nOstry, 10 November 2030\n"
            "and ratified later.\n")
    blocks = read_document(text.encode(), "notes.txt").blocks
    assert any("signed in Ostry, 10 November 2030 and ratified" in b.text for b in blocks)


def test_places_that_revert_and_the_neighbouring_one() -> None:
    found = read("Across the bay, Pell Air Force Base and the neighbouring Fort Quill reverted at "
                 "the start of the month, ending eighty years of flying there.")
    assert set(found) == {"Pell Air Force Base", "Fort Quill"}
    assert all(v[:2] == ("handover", "completed") for v in found.values())


@pytest.mark.parametrize("sentence, expected", [
    ("The army gave Fort Quill to the republic on Tuesday.", {"Fort Quill"}),
    ("The minister gave Parliament to understand that the army would stay.", set()),
])
def test_giving_a_place_to_someone(sentence: str, expected: set[str]) -> None:
    assert set(read(sentence)) == expected


@pytest.mark.parametrize("sentence, day", [
    ("Fort Quill was handed over at the start of the month.", "2031-04-01"),
    ("Fort Quill was handed over at the end of last month.", "2031-03-21"),
    ("Fort Quill will be handed over by the end of next month.", "2031-05-21"),
])
def test_a_part_of_the_editions_month(sentence: str, day: str) -> None:
    snap = parse_text(f"Drawdown notes\n\n{sentence}\n", as_of=AS_OF)
    assert [(e.date, e.date_precision) for e in snap.events] == [(day, "part-month")]


@pytest.mark.parametrize("text, day", [
    ("The army handed over Camp Kilo on 3 March. Camp Lima was handed over the same day.", "2031-03-03"),
    ("The army handed over Camp Kilo on 3 March. Camp Lima followed the next day.", "2031-03-04"),
    ("The army handed over Camp Kilo on 3 March, and Camp Lima the following day.", "2031-03-04"),
    ("The army handed over Camp Kilo on 3 March. Two days later it left Camp Lima.", "2031-03-05"),
])
def test_a_day_told_by_reference_to_the_day_before(text: str, day: str) -> None:
    found = read(text)
    assert found["Camp Kilo"][2] == "2031-03-03" and found["Camp Lima"][2] == day


def test_a_month_in_brackets_dates_the_item_before_it() -> None:
    snap = parse_text("Drawdown notes\n\nThe sites returned were Camp Kilo (July) and Camp Lima "
                      "(March).\n", as_of=AS_OF)
    assert [(e.name, e.date, e.date_precision) for e in snap.events] == [
        ("Camp Kilo", "2030-07-01", "month"), ("Camp Lima", "2031-03-01", "month")]


def test_a_reference_day_of_another_clause_is_not_the_sites() -> None:
    found = read("The drawdown began on 7 March, when troops were pulled back from the posts at "
                 "Kelby and Ostry, clearing the way for the offensive that the rebels launched "
                 "two days later.")
    assert found["Kelby post"][2] == found["Ostry post"][2] == "2031-03-07"


@pytest.mark.parametrize("sentence, expected", [
    ("The handover ceremony was held in Ostry, where the army handed over Camp Kilo.", {"Camp Kilo"}),
    ("The handover ceremony was held in Ostry as the army left Camp Kilo.", {"Camp Kilo"}),
    ("The handover ceremony at Camp Kilo was held on Tuesday.", {"Camp Kilo"}),
])
def test_where_a_ceremony_was_held_is_no_second_site(sentence: str, expected: set[str]) -> None:
    assert set(read(sentence)) == expected


@pytest.mark.parametrize("sentence, status", [
    ("Officials held a ceremony at the Ostry town hall to mark the return of Camp Kilo.", "completed"),
    ("Officials will hold a ceremony to mark the return of Camp Kilo.", "planned"),
    ("Officials met to plan the return of Camp Kilo.", "planned"),
])
def test_a_ceremony_held_to_mark_a_return(sentence: str, status: str) -> None:
    assert read(sentence)["Camp Kilo"][1] == status


def test_items_under_a_lead_in_name_every_site_listed_and_air_stations() -> None:
    text = ("# Notes\n\n## Still to come\n\nThe following areas are to be returned when other "
            "sites are ready:\n\n"
            "- Camp Ashby (Camp Lester)\n"
            "- the Lower Brook Housing Area, part of the Kettle Housing Area and the Mill Road, "
            "all at Camp Varro\n"
            "- Marine Corps Air Station Delmar\n")
    snap = parse_text(text, "markdown", as_of=AS_OF)
    assert {e.name: e.status for e in snap.events} == {
        "Camp Ashby": "planned", "Lower Brook Housing Area": "planned",
        "Kettle Housing Area": "planned", "Marine Corps Air Station Delmar": "planned"}


@pytest.mark.parametrize("sentence, names", [
    ("The Quist parcel of land was returned to its owners on 2 April.", {"Quist parcel of land"}),
    ("Troops have withdrawn from the Harlow border post and the Penmore observation point.",
     {"Harlow border post", "Penmore observation point"}),
    ("Troops left the observation points at Harlow and Penmore.",
     {"Harlow observation point", "Penmore observation point"}),
])
def test_parcels_and_observation_points_are_sites(sentence: str, names: set[str]) -> None:
    assert set(read(sentence)) == names


@pytest.mark.parametrize("text, dates", [
    ("The army is leaving. Camp Kilo and Camp Lima were handed over on 3 and 4 March.",
     {"Camp Kilo": "2031-03-03", "Camp Lima": "2031-03-04"}),
    ("The army is leaving. Camps Kilo, Lima and Mike were closed on 2, 5 and 9 March.",
     {"Camp Kilo": "2031-03-02", "Camp Lima": "2031-03-05", "Camp Mike": "2031-03-09"}),
    ("The army is leaving. The Regional Support Centres in Harlow and Quist were handed over "
     "on 6 and 16 March.", {"Harlow centre": "2031-03-06", "Quist centre": "2031-03-16"}),
])
def test_days_listed_as_the_sites_are(text: str, dates: dict[str, str]) -> None:
    assert {name: v[2] for name, v in read(text).items()} == dates


@pytest.mark.parametrize("text, expected", [
    ("Six posts have been emptied. The evacuation of the last two, Harlow in the north and "
     "Quist near the coast, began on 2 April and is expected to take weeks.",
     {"Harlow": ("withdrawal", "started", "2031-04-02"), "Quist": ("withdrawal", "started", "2031-04-02")}),
    ("Kelby is the third of the four centres to be handed over, and the last, in Ostry, will "
     "be handed over on 3 December.", {"Ostry": ("handover", "planned", "2031-12-03")}),
    ("The other two, Harlow and Quist, were closed on 2 April.",
     {"Harlow": ("closure", "completed", "2031-04-02"), "Quist": ("closure", "completed", "2031-04-02")}),
])
def test_sites_set_off_after_a_number_that_stands_for_them(text: str, expected: dict) -> None:
    assert read(text) == expected


def test_earlier_handovers_listed_after_those_of() -> None:
    found = read("The army handed over Camp Kilo on 3 April. The handover follows, in quick "
                 "succession, those of Harlow in the north, Penmore near the coast, the Quist "
                 "site inside the old fort, and Ostry Air Base in Kelby province.")
    assert set(found) == {"Camp Kilo", "Harlow", "Penmore", "Quist site", "Ostry Air Base"}
    assert all(v[:2] == ("handover", "completed") for v in found.values())
    assert found["Harlow"][2] is None and found["Camp Kilo"][2] == "2031-04-03"


def test_status_lines_of_a_name_and_a_colon() -> None:
    text = ("MISSION BULLETIN - 18 April 2031\n\nClosure of team sites\n\n"
            "Harlow: closed on 14 April.\nPenmore: closure under way.\n"
            "Quist: scheduled for closure in May.\nSummary: the mission closed two sites.\n")
    snap = parse_text(text)
    assert [(e.name, e.date, e.action, e.status) for e in snap.events] == [
        ("Harlow", "2031-04-14", "closure", "completed"), ("Penmore", None, "closure", "started"),
        ("Quist", "2031-05-01", "closure", "planned")]


@pytest.mark.parametrize("sentence, date", [
    ("Quist is scheduled for closure in May.", "2031-05-01"),
    ("Camp Kilo is due for handover next month.", "2031-05-01"),
])
def test_a_place_due_for_an_action(sentence: str, date: str) -> None:
    found = read("The mission is leaving. " + sentence)
    assert [(v[1], v[2]) for v in found.values()] == [("planned", date)]


def test_items_under_a_heading_that_tells_their_action() -> None:
    text = ("# Transition update No. 7\n\nAs of 18 April 2031\n\n## Sites handed over this week\n\n"
            "- Harlow team site (14 April)\n\n## Sites to be handed over\n\n"
            "- Quist team site: end of April\n")
    snap = parse_text(text, "markdown")
    assert [(e.name, e.date, e.date_precision, e.action, e.status) for e in snap.events] == [
        ("Harlow team site", "2031-04-14", None, "handover", "completed"),
        ("Quist team site", "2031-04-21", "part-month", "handover", "planned")]


@pytest.mark.parametrize("text, expected", [
    ("The handover of Quist is scheduled for the end of April; Ostry will follow in May.",
     {"Quist": ("handover", "planned", "2031-04-21"), "Ostry": ("handover", "planned", "2031-05-01")}),
    ("The army handed over Camp Kilo on 3 March. Lima followed on 5 March.",
     {"Camp Kilo": ("handover", "completed", "2031-03-03"), "Lima": ("handover", "completed", "2031-03-05")}),
])
def test_a_bare_name_that_follows(text: str, expected: dict) -> None:
    assert read("The mission is leaving. " + text) == expected


def test_a_date_column_whose_header_names_the_action_beside_a_status_column() -> None:
    text = ("# Drawdown status\n\nDate: 18 April 2031\n\n| Site | Handed over | Status |\n"
            "|---|---|---|\n| Harlow | 14 April 2031 | completed |\n| Quist camp | 2 March 2031 | completed |\n")
    snap = parse_text(text, "markdown")
    assert [(e.name, e.date, e.action, e.status) for e in snap.events] == [
        ("Harlow", "2031-04-14", "handover", "completed"), ("Quist camp", "2031-03-02", "handover", "completed")]
