"""Probe editions in styles the parser once missed: a bracketed code between a name and its
generic word, a facility named without a base word, record lines ("K1 - date - handed over")
in plain text, Markdown and HTML, and casualty figures that are not personnel."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.vocabulary.numbers import find_personnel
from tracker.parse.parser import parse_bytes, parse_text

DATA = Path(__file__).resolve().parent / "data" / "parsing"


def parse(name: str):
    return parse_bytes((DATA / name).read_bytes(), name)


def facts(snapshot) -> list[tuple]:
    return [(e.key, e.name, e.date, e.action, e.status, e.place, e.personnel, e.aliases)
            for e in snapshot.events]


def test_plain_text_probes():
    snap = parse("probes-2020-04-25.txt")
    assert snap.as_of == "2020-04-25"
    assert facts(snap) == [
        ("qaim", "Al Qa'im Base", "2020-03-17", "handover", "completed", "Anbar", None, ()),
        ("qayara", "Qayyarah Airfield", "2020-03-26", "withdrawal", "completed", None, 300,
         ("QW",)),
        ("taqadum", "Al Taqaddum Air Base", "2020-04-04", "withdrawal", "completed", None, 500,
         ("TQ",)),
        # no base word, year from the edition's as-of date, "(Mosul)" situates it
        ("nineve-operations-comand", "Nineveh Operations Command", "2020-04-20", "handover",
         "completed", "Mosul", None, ()),
        # the action is in the item's second sentence; "wounded two contractors" is no strength
        ("rasul", "Camp Rasul", "2020-04-21", "handover", "completed", None, None, ()),
        ("rasulba", "Rasulba Base", "2020-04-22", "withdrawal", "completed", None, 200, ()),
        ("k1", "K1", "2020-03-29", "handover", "completed", None, None, ()),
        ("taji", "Taji", "2020-04-23", "handover", "completed", None, None, ()),
    ]
    assert [(c.key, c.value, c.as_of) for c in snap.counts] == [
        ("bases-transferred", 8, "2020-04-25")]
    assert snap.warnings == ()
    assert not any(s.title.startswith("K1") for s in snap.sections)


def test_markdown_record_bullets():
    snap = parse("probes-2020-04-25.md")
    assert facts(snap) == [
        ("k1", "K1", "2020-03-29", "handover", "completed", None, None, ()),
        ("qaim", "Al-Qaim base", "2020-03-17", "handover", "completed", None, None, ()),
        ("taqadum", "Al Taqaddum Air Base", "2020-04-04", "withdrawal", "completed", None, None,
         ("TQ",)),
        # a bracketed word already in the name is its city, not another name
        ("baghdad-operations-comand", "Baghdad Operations Command", "2020-04-24", "handover",
         "completed", "Baghdad", None, ()),
    ]


def test_html_record_list_items():
    snap = parse("probes-2020-04-25.html")
    assert facts(snap) == [
        ("qaim", "Al-Qaim base", "2020-03-17", "handover", "completed", None, None, ()),
        ("k1", "K1", "2020-03-29", "handover", "completed", None, None, ()),
        ("rasul", "Camp Rasul", "2020-04-21", "closure", "completed", None, None, ()),
    ]


def test_casualties_are_not_personnel():
    assert find_personnel("a rocket attack in December had wounded two contractors") is None
    assert find_personnel("three soldiers were killed in the attack") is None
    assert find_personnel("the strike left 4 casualties") is None
    assert find_personnel("500 troops withdrew after two soldiers were killed") == 500
    assert find_personnel("wounding 14 others; 2,500 troops remain") == 2500
    assert find_personnel("about 500 coalition troops departed") == 500


@pytest.mark.parametrize("fmt, text", [
    ("html", "<h1>Brief</h1><p>As of 2 May 2022.</p><h2>What next</h2>"
             "<p>Correction: an earlier edition said troops left the airfield; that was wrong.</p>"),
    ("markdown", "# Brief\n\nAs of 2 May 2022.\n\n## What next\n\n"
                 "Correction: an earlier edition said troops left the airfield; that was wrong.\n"),
])
def test_lead_in_right_under_a_heading_stays_in_that_section(fmt: str, text: str) -> None:
    sections = {s.key: s for s in parse_text(text, fmt).sections}
    assert "what-next" in sections and "correction" not in sections
    assert sections["what-next"].text.startswith("Correction: an earlier edition")


def test_dates_in_brackets_end_each_line():
    snap = parse("brackets-2020-08-20.txt")
    assert snap.as_of == "2020-08-20"
    assert facts(snap) == [
        ("swift", "Camp Swift", "2020-08-12", "withdrawal", "completed", None, None, ()),
        ("besmaya", "Besmaya Range", "2020-08-15", "handover", "completed", None, None, ()),
        ("taji", "Taji Military Complex", "2020-08-17", "withdrawal", "started", None, None, ()),
    ]
    assert list(snap.counts) == []
    assert [s.key for s in snap.sections] == ["outlook"]


def test_markdown_sub_bullets_date_their_parent_base():
    snap = parse("nested-2021-01-25.md")
    assert snap.as_of == "2021-01-25"  # "Status as of ..." dates the edition, no section
    assert [(e.key, e.name, e.date) for e in snap.events] == [
        ("victory-north", "Camp Victory North", "2021-01-03"),
        ("harbour-point", "Harbour Point Air Base", "2021-01-10"),
        ("fort-lantern", "Fort Lantern", "2021-01-22"),
    ]
    assert snap.events[0].text == "Camp Victory North: started 3 Jan 2021; completed 20 Jan 2021"
    # bare progress words give the status (the latest named); no action is invented
    assert [(e.action, e.status) for e in snap.events[:2]] == [(None, "completed"), (None, "started")]
    assert facts(snap)[2] == ("fort-lantern", "Fort Lantern", "2021-01-22", "handover",
                              "completed", None, None, ())
    assert snap.warnings == ()
    # prose under a "Notes" heading is that section, not a second introduction
    assert [(s.key, s.text) for s in snap.sections] == [("notes", "Dates are local.")]


def test_html_definition_list():
    snap = parse("deflist-2021-03-10.html")
    assert snap.as_of == "2021-03-10"
    assert facts(snap) == [
        ("meridian", "Camp Meridian", "2021-03-01", "handover", "completed", None, None, ()),
        ("redstone", "Redstone Airfield", "2021-03-05", "withdrawal", "started", None, None, ()),
        ("cedar", "Outpost Cedar", "2021-03-08", "closure", "completed", None, None, ()),
    ]
    assert [s.key for s in snap.sections] == ["context"]


def test_part_of_whole_count_troops_and_as_at_line():
    snap = parse("ofcount-2020-09-14.txt")
    assert snap.as_of == "2020-09-14"
    # consecutive "On <date>, ..." lines are separate items, each with its own strength
    assert facts(snap) == [
        ("taji", "Camp Taji", "2020-09-02", "handover", "completed", None, None, ()),
        ("asad", "Al Asad Air Base", "2020-09-10", "withdrawal", "completed", None, 400, ()),
    ]
    # "7 of 8 bases" is 7; "2,500 troops remain" is no count of bases
    assert [(c.key, c.value, c.as_of) for c in snap.counts] == [
        ("bases-transferred", 7, "2020-09-14")]
    # "As at 14/09/2020" is no heading
    assert [s.key for s in snap.sections] == ["introduction", "what-comes-next"]


def test_ordinal_and_abbreviated_dates_elsewhere():
    snap = parse("afghan-1989-02-15.txt")
    assert snap.as_of == "1989-02-15"
    assert facts(snap) == [
        ("jalalabad", "Jalalabad garrison", "1988-05-15", "withdrawal", "started", None, None,
         ()),
        ("shindand", "Shindand Air Base", "1988-08-14", "handover", "completed", None, None, ()),
    ]
    assert [(c.key, c.value) for c in snap.counts] == [("garrisons-transferred", 4)]
    assert [s.key for s in snap.sections] == ["overview", "key-departures"]


@pytest.mark.parametrize("line, expected", [
    ("As at 14/09/2020", True), ("Status as of 25 January 2021", True),
    ("Last updated: 3 May 2021", True), ("As of Feb. 15, 1989", True),
    ("As of spring 2021", False), ("Troops left Camp X on 3 May 2020", False),
])
def test_is_dateline(line: str, expected: bool) -> None:
    from tracker.vocabulary.dates import is_dateline

    assert is_dateline(line) is expected


def test_html_items_with_a_remark_before_the_colon_and_progress_told_in_order():
    """ "Ber (Timbuktu region): ..." heads its item; a "temporary operating base" is a base;
    an item that says a step began and later that it was completed is completed, one that
    began and is only expected to be completed has started."""
    snap = parse("un-mission-2023-11-14.html")
    assert snap.as_of == "2023-11-14"
    assert [(e.key, e.name, e.date, e.action, e.status, e.place) for e in snap.events] == [
        ("ber", "Ber", "2023-08-13", "withdrawal", "completed", "Timbuktu region"),
        ("goundam", "Goundam", "2023-08-20", "handover", "completed", None),
        ("ogosagou", "Ogossagou temporary operating base", "2023-06-30", "closure", "completed",
         None),
        ("tesalit", "Tessalit camp", "2023-10-19", "withdrawal", "completed", None),
        ("aguelhok", "Aguelhok camp", "2023-10-22", "withdrawal", "started", None),
        ("mopti", "Mopti", "2023-11-01", "handover", "started", None),
    ]
    assert snap.events[0].notes == ("Troops came under fire during the departure from Ber.",)
    assert [(c.key, c.value) for c in snap.counts] == [("camps-transferred", 8)]


@pytest.mark.parametrize("item, status", [
    ("Camp Alpha: withdrawal began 3 Jan 2021; completed on 20 January 2021.", "completed"),
    ("Camp Alpha: troops began leaving on 3 Jan 2021 and the move was completed 20 Jan 2021.",
     "completed"),
    ("Camp Alpha: withdrawal began 3 Jan 2021 and should be completed by 20 January.", "started"),
    ("Camp Alpha: the handover started on 3 Jan 2021; not yet completed.", "started"),
    ("Camp Alpha: withdrawal began 3 Jan 2021; it is due to be completed in March.", "started"),
])
def test_a_later_completion_in_the_same_sentence_completes_a_started_step(item, status):
    snap = parse_text(f"Brief\n\nAs of 1 February 2021.\n\n1. {item}\n")
    assert [e.status for e in snap.events] == [status]


def test_markdown_table_with_ordinal_dates_and_action_nouns():
    """Ordinal dates ("9th of November 2022", "Nov. 11th, 2022"), an evacuation or departure
    told as a noun, and "Kherson city (administrative HQ):" heading its item."""
    snap = parse("positions-2022-11-12.md")
    assert snap.as_of == "2022-11-12"
    assert [(e.key, e.date, e.action, e.status) for e in snap.events] == [
        ("chornobaivka", "2022-11-09", "withdrawal", "completed"),
        ("antonivka-bridge", "2022-11-10", "withdrawal", "completed"),
        ("nova-kakhovka", "2022-11-11", "withdrawal", "started"),
        ("snihurivka", "2022-11-10", "withdrawal", "completed"),
        ("beryslav", "2022-11-11", "withdrawal", "completed"),
        ("kherson-city", "2022-11-11", "withdrawal", "completed"),
    ]
    assert snap.events[-1].notes == ("Officials had left the city by 9 November.",)
    assert ("positions-withdrawn", 7) in [(c.key, c.value) for c in snap.counts]
    assert parse_text("B\n\nAs of 1 May 2021.\n\n1. French troops completed their departure "
                      "from Camp Kidal on 12 April 2021.\n").events[0].action == "withdrawal"


def test_wire_timeline_with_a_titled_dateline_and_handed_to():
    """A first line "SYRIA: ... UPDATE" over "Last updated: ..." is the title; dated timeline
    lines are items, two places left side by side two events; "FOB Tabqa handed to ..." is
    a handover."""
    snap = parse("wire-2019-10-27.txt")
    assert snap.title == "SYRIA: U.S. FORCE POSTURE - DAILY UPDATE"
    assert snap.as_of == "2019-10-27"
    assert [(e.key, e.date, e.action, e.status) for e in snap.events] == [
        ("lafarge-cement", "2019-10-13", "withdrawal", "completed"),
        ("mistenur", "2019-10-13", "withdrawal", "completed"),  # "... and the Mistenur outpost"
        ("sarin", "2019-10-20", "withdrawal", "completed"),
        ("tabqa", "2019-10-21", "handover", "completed"),
        ("ain-isa", "2019-10-21", "withdrawal", "completed"),
        ("tal-baydar", "2019-10-25", "withdrawal", "completed"),
    ]
    assert snap.events[-1].aliases == ("Tal Bidr",)
    assert [(c.key, c.value) for c in snap.counts] == [("outposts-withdrawn", 5)]
    assert [s.key for s in snap.sections] == ["key-figures", "timeline", "analysis"]


def test_contingency_operating_bases_and_turnovers():
    """ "Contingency Operating Base (COB) Speicher" is Speicher (the bracketed abbreviation
    names the kind of base, so it is no alias shared by every COB); "COB Adder (Tallil Air
    Base)" keeps Tallil as an alias; a "turnover ... completed" is a completed handover."""
    snap = parse("new-dawn-2011-09-30.txt")
    assert snap.as_of == "2011-09-30"
    assert [(e.key, e.name, e.date, e.action, e.status, e.aliases) for e in snap.events] == [
        ("balad", "Joint Base Balad", "2011-11-08", "transfer", "completed", ()),
        ("speicher", "Contingency Operating Base Speicher", "2011-10-27", "handover", "completed",
         ()),
        ("ader", "COB Adder", "2011-12-16", "transfer", "completed", ("Tallil Air Base",)),
        ("victory", "Victory Base Complex", "2011-12-02", "handover", "completed", ()),
        ("marez", "Forward Operating Base Marez", "2011-10-01", "closure", "completed", ()),
    ]
    assert snap.events[4].date_precision == "month"  # "closed in October 2011": no day
    assert snap.events[1].place == "near Tikrit"
    assert [(c.key, c.value) for c in snap.counts] == [("bases-transferred", 23)]


def test_a_paragraph_telling_several_handovers_gives_each_and_stays_prose():
    snap = parse("prose-2020-04-30.txt")
    assert [(e.key, e.date, e.action) for e in snap.events] == [
        ("qaim", "2020-03-19", "handover"),
        ("qayara-west", "2020-03-26", "withdrawal"),
        ("k1", "2020-03-29", "transfer"),
        # "..., and on 4 April, the Al-Taqaddum air base was transferred": a second event in
        # the K-1 sentence, with the day that opens its own clause
        ("taqadum", "2020-04-04", "transfer"),
    ]
    assert snap.sections[0].text.startswith("The coalition has continued to consolidate. On 19 March")
    # one dated handover in a paragraph is still one record line, not prose
    one = parse_text("B\n\nAs of 1 May 2020.\n\nOn 19 March 2020, troops left Camp Taji.\n")
    assert [e.key for e in one.events] == ["taji"] and one.sections == ()


@pytest.mark.parametrize("name", ["struck-2021-05-10.md", "struck-2021-05-10.html"])
def test_struck_out_text_is_taken_back(name):
    """A struck-out item is retracted and a struck-out date corrected: neither is read."""
    snap = parse(name)
    facts_ = {e.key: (e.date, e.action, e.status) for e in snap.events}
    assert "bravo" not in facts_
    assert facts_["alpha"] == ("2021-05-03", "handover", "completed")
    assert facts_["delta"] == ("2021-05-08", "closure", "completed")


def test_record_lines_without_bullets_or_full_stops_stand_alone():
    """Six "Camp Victory, Baghdad - handed over ... 2 Dec 11" lines one under the other are six
    events; "IRAQ: ... UPDATE" over a bare date is the title; the lead-in after the records
    opens its own section."""
    snap = parse("records-2011-12-18.txt")
    assert snap.title == "IRAQ: U.S. FORCES DRAWDOWN UPDATE"
    assert [(e.key, e.date, e.action) for e in snap.events] == [
        ("victory", "2011-12-02", "handover"),
        ("balad", "2011-11-08", "transfer"),
        ("speicher", "2011-10-17", "handover"),
        ("ader", "2011-12-16", "handover"),
        ("buca", "2009-09-17", "closure"),
        ("asad", "2011-12-07", "handover"),
    ]
    assert [s.key for s in snap.sections] == ["background", "situation", "outlook"]
    assert [e.place for e in snap.events][:3] == ["Baghdad", None, "Tikrit"]  # ", Baghdad - "
    # a wrapped sentence is not cut in two, even where its lines hold dates; its two places
    # are two events, each with its own day
    wrapped = parse_text("B\n\nAs of 1 May 2020.\n\nOn 17 March 20, coalition troops withdrew from "
                         "Camp Alpha, and on\n19 March 20 they handed over Camp Bravo to Iraqi "
                         "forces.\n")
    assert [(e.key, e.date, e.action) for e in wrapped.events] == [
        ("alpha", "2020-03-17", "withdrawal"), ("bravo", "2020-03-19", "handover")]


def test_posts_and_checkpoints_are_places_and_peacekeepers_name_their_nation():
    snap = parse("posts-2024-04-20.html")
    got = {e.key: (e.date, e.action, e.status, e.nations) for e in snap.events}
    assert got["aghdara"] == ("2024-04-15", "withdrawal", "completed", ())
    assert got["kalbajar"] == ("2024-04-12", "withdrawal", "completed", ("Russia",))
    assert got["tartar"] == ("2024-04-14", "handover", "completed", ())
    assert got["khojaly"][3] == ("Russia",)  # "Russian peacekeepers handed the airfield over"
    assert parse_text("B\n\nAs of 5 May 2024.\n\n1. He wrote a Facebook post on 3 May 2024 "
                      "saying troops left.\n").events == ()


def test_what_is_planned_lies_ahead_and_started_to_is_started():
    snap = parse("drawdown-2024-05-03.txt")
    got = {e.key: (e.date, e.status) for e in snap.events}
    assert got["baraka"] == ("2024-06-30", "planned")  # "scheduled ... on 30 June", a May edition
    assert got["kavumu"] == ("2024-05-02", "started")  # "started to vacate Kavumu airfield"
    closures = {e.key: (e.date, e.action, e.status, e.nations) for e in parse("closures-2014-11-01.md").events}
    assert closures["shindand"] == ("2014-12-15", "transfer", "planned", ())  # "is scheduled for"
    assert closures["dwyer"][3] == ("United States",)  # "U.S. Marines"


def test_a_prose_paragraph_mentioning_one_dated_move_stays_prose():
    snap = parse("sites-2023-12-16.html")
    assert [s.key for s in snap.sections] == ["background", "situation", "sources"]
    assert "wunstorf" not in {e.key for e in snap.events}
    assert [e.key for e in snap.events] == ["castor", "koulikoro", "niamey-air-transport",
                                             "bamako-liaison-ofice"]


def test_a_completion_dated_after_the_edition_is_warned_about():
    snap = parse_text("B\n\nAs of 1 November 2023.\n\n1. Camp Menaka: handed over to the "
                      "authorities (5 November 2023).\n")
    assert [e.date for e in snap.events] == ["2023-11-05"]
    assert any("after the edition's as-of date 2023-11-01" in w for w in snap.warnings)


def test_numbered_air_bases_keep_their_number_and_their_kind():
    one = parse_text("B\n\nAs of 8 August 2024.\n\n1. Air Base 101 in Niamey: the last U.S. troops "
                     "left on 7 July 2024.\n2. Air Base 201 near Agadez: handed over on 5 August 2024.\n")
    assert [(e.name, e.key) for e in one.events] == [("Air Base 101", "airbase-101"),
                                                      ("Air Base 201", "airbase-201")]
    two = parse_text("B\n\nAs of 8 August 2024.\n\n1. Niamey Air Base 101 - handed over 7 July 2024.\n")
    assert [e.name for e in two.events] == ["Niamey Air Base 101"]


def test_superscript_footnote_markers_point_to_their_notes():
    """ "Air Base 101¹" with a note line "¹ ...": the note (and an alias in it) goes with its
    item; "12 km²" keeps its power."""
    snap = parse("superscripts-2024-08-06.txt")
    notes = {e.key: e.notes for e in snap.events}
    assert notes["airbase-101"][0].startswith("Air Base 101 sits next to Diori Hamani")
    assert notes["dirkou"][0].startswith("Dirkou was used by U.S. special operations forces")
    assert "Niger Air Base 201" in {e.key: e.aliases for e in snap.events}["airbase-201"]
    assert all("[a]" not in s.text for s in snap.sections)  # a letter marker is a marker too
    lettered = parse_text("B\n\nAs of 5 May 2020.\n\n1. Camp Taji[a] was handed over on 3 May 2020.\n"
                          "\n[a] Also known as Taji Military Complex.\n")
    assert lettered.events[0].notes == ("Also known as Taji Military Complex.",)
    area = parse_text("B\n\nAs of 1 May 2020.\n\n1. Camp X, a 12 km\u00b2 compound, was handed "
                      "over on 3 March 2020.\n")
    assert "12 km\u00b2 compound" in area.events[0].text


def test_two_places_side_by_side_are_two_events_with_the_whole_item():
    snap = parse("closures-2014-11-01.md")
    got = {e.key: e for e in snap.events}
    assert (got["bastion"].date, got["bastion"].action) == (got["leatherneck"].date, got["leatherneck"].action)
    assert got["bastion"].text == got["leatherneck"].text
    assert got["leatherneck"].text.startswith("Camp Bastion and Camp Leatherneck, Helmand:")
    one = parse_text("B\n\nAs of 5 May 2020.\n\n1. Troops left Camp Taji on 3 May 2020 and moved "
                     "to Camp Bravo.\n")
    assert [e.key for e in one.events] == ["taji"]


def test_quoted_names_and_retracted_items():
    snap = parse_text('B\n\nAs of 1 May 2020.\n\n1. On 3 March 2020, troops withdrew from the '
                      '"Manbij" outpost.\n2. [Retracted] On 30 March 20, US troops withdrew from '
                      'Al-Sqoor base inside Nineveh. This item was wrong.\n3. Retracted: Camp Bravo '
                      'was handed over on 4 March 2020.\n4. On 5 March 2020, Camp Charlie was '
                      'handed over.\n')
    assert [e.key for e in snap.events] == ["manbij", "charlie"]


def test_a_table_column_can_name_the_action():
    """ "| Base | Date | Handed to |": every row is a completed handover."""
    snap = parse("handed-to-2022-06-15.md")
    assert [(e.key, e.date, e.action, e.status) for e in snap.events] == [
        ("kidal", "2021-10-14", "handover", "completed"),
        ("tesalit", "2021-11-15", "handover", "completed"),
        ("tombouctou", "2021-12-14", "handover", "completed"),
        ("menaka", "2022-06-13", "handover", "completed"),
        ("gao", None, "closure", "planned"),  # "Next: Gao, the largest base, is expected to close"
    ]


@pytest.mark.parametrize("sentence, status", [
    # future or intention in the action's clause: planned
    ("The army agreed to withdraw from Camp Rolling Hill by the end of March.", "planned"),
    ("The battalion will withdraw from Camp Rolling Hill by 30 June.", "planned"),
    ("The ministry announced it would leave Camp Rolling Hill next spring.", "planned"),
    ("The contingent plans to hand over Camp Rolling Hill to local police in May.", "planned"),
    ("The agreement means giving up Camp Rolling Hill and two smaller outposts.", "planned"),
    ("The handover of Camp Rolling Hill will follow before the end of the year.", "planned"),
    # inception or progress: started
    ("Engineers began the final phase of their withdrawal from Camp Rolling Hill on Monday.",
     "started"),
    ("Troops started pulling out of Camp Rolling Hill on Monday.", "started"),
    ("The regiment is withdrawing from Camp Rolling Hill this week.", "started"),
    ("The contingent is in the process of handing over Camp Rolling Hill.", "started"),
    ("The first troops left Camp Rolling Hill on Monday.", "started"),
    # past, done: completed
    ("The battalion withdrew from Camp Rolling Hill on Monday.", "completed"),
    ("The army has left Camp Rolling Hill.", "completed"),
    ("The last troops left Camp Rolling Hill on Monday.", "completed"),
    ("Soldiers have already quit Camp Rolling Hill, residents said.", "completed"),
    ("Camp Rolling Hill: first convoy left on 3 May 2025; camp handed to the police on 9 May 2025.",
     "completed"),
])
def test_status_from_tense_and_modality_of_the_action(sentence, status):
    snap = parse_text(f"Brief\n\nAs of 1 March 2025.\n\n{sentence}\n")
    assert [e.status for e in snap.events][:1] == [status]
