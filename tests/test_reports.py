"""Reports in prose, one failure kind of the real-text issue at a time: undated mentions,
relative days, places that are not "X base", lists, several dated events in one sentence,
tense and modality, tallies, the edition's own date, one base one event, site leftovers.

Each sentence is written for this test; the expected reading was decided before running it.
"""

from __future__ import annotations

import pytest

from tracker.parse import parse_bytes, parse_text


def facts(body: str, published: str = "2021-11-20") -> list[tuple]:
    snap = parse_text(f"Report\n\nPublished: {published}\n\n{body}\n")
    return [(e.key, (e.date, e.date_precision) if e.date_precision else e.date, e.action, e.status)
            for e in snap.events]


def tallies(body: str) -> list[int]:
    return [c.value for c in parse_text(f"Report\n\nPublished: 2021-11-20\n\n{body}\n").counts]


@pytest.mark.parametrize(("body", "expected"), [
    # 1. undated mentions are events too
    ("Earlier handovers of Camp Xray and Camp Yankee were reported last month.",
     [("xray", None, "handover", "completed"), ("yanke", None, "handover", "completed")]),
    # 2. weekdays resolve to the latest such day on or before the edition (a Saturday)
    ("The mission closed its camp in Kidal on Tuesday.", [("kidal", "2021-11-16", "closure", "completed")]),
    ("Troops left the Zinder air base on Friday.", [("zinder", "2021-11-19", "withdrawal", "completed")]),
    # 3. places that are not "X base"; whoever acts is never the place
    ("UNAMID handed its team site in Kutum to the government.",
     [("kutum", None, "handover", "completed")]),
    ("France handed over its base in Ansongo and the base of Douentza last week.",
     [("ansongo", ("2021-11-08", "week"), "handover", "completed"),  # one action, one list:
      ("douentza", ("2021-11-08", "week"), "handover", "completed")]),  # the period is both's
    ("The temporary operating base at Hombori was closed on 15 November.",
     [("hombori", "2021-11-15", "closure", "completed")]),
    ("Camp Tarvo in Lessira was handed over on 3 November.",
     [("tarvo", "2021-11-03", "handover", "completed")]),
    ("Russian peacekeepers vacated observation post No. 4 in the Kalbajar district on Monday.",
     [("no4", "2021-11-15", "withdrawal", "completed")]),
    # 4. lists of places in one sentence, one event each
    ("The camps in Beni, Butembo and Bunia have closed.",
     [("beni", None, "closure", "completed"), ("butembo", None, "closure", "completed"),
      ("bunia", None, "closure", "completed")]),
    ("The mission plans to close its remaining camps (Tessalit, Aguelhok and Kidal).",
     [("tesalit", None, "closure", "planned"), ("aguelhok", None, "closure", "planned"),
      ("kidal", None, "closure", "planned")]),
    # 5. several dated events in one sentence keep their own dates; another verb's date is not theirs
    ("British troops left Camp Bastion on 26 October and Camp Nathan Smith in Kandahar on 4 November.",
     [("bastion", "2021-10-26", "withdrawal", "completed"),
      ("nathan-smith", "2021-11-04", "withdrawal", "completed")]),
    ("The drawdown began on 2 May, and troops left Camp Alpha and Camp Bravo.",
     [("alpha", None, "withdrawal", "completed"), ("bravo", None, "withdrawal", "completed")]),
    # 6. tense and modality
    ("The battalion is expected to stay at Camp Delta until 30 November.",
     [("delta", "2021-11-30", "withdrawal", "planned")]),
    ("Camp Echo will be handed over by the end of the year.",
     [("echo", ("2021-01-01", "year"), "handover", "planned")]),
    ("The airfield at Kandahar, turned over last week, is now run by the Afghan air force.",
     [("kandahar", ("2021-11-08", "week"), "handover", "completed")]),
    ("On Monday the army took control of the base in Ansongo, vacated by UN peacekeepers.",
     [("ansongo", "2021-11-15", "handover", "completed")]),
    ("Kandahar is the fourth base to be handed over, after Tarin Kowt, Lashkar Gah and Shindand.",
     [("kandahar", None, "handover", "completed"), ("tarin-kowt", None, "handover", "completed"),
      ("lashkar-gah", None, "handover", "completed"), ("shindand", None, "handover", "completed")]),
])
def test_prose_reading(body, expected):
    assert sorted(facts(body)) == sorted(expected)


def test_a_present_tense_headline_is_done_on_the_edition_date_and_one_base_is_one_event():
    snap = parse_text("Germany hands over Camp Castor\n\nPublished: 2023-12-12\n\n"
                      "German soldiers handed Camp Castor to the United Nations mission. "
                      "The camp had housed about 1,000 troops.\n")
    assert [(e.key, e.date, e.action, e.status) for e in snap.events] == [
        ("castor", "2023-12-12", "handover", "completed")]


@pytest.mark.parametrize(("body", "expected"), [
    ("Ménaka is the fourth camp returned so far.", [4]),
    ("It was the fifth installation to be transferred to the army.", [5]),
    ("The handover of Gossi, the second of its nine bases, took place on Friday.", [2]),
    ("The departure from Tessalit, bringing to five the number of positions vacated, is complete.", [5]),
    ("Eleven facilities have been handed over so far.", [11]),
    ("U.S. forces have closed or handed over 494 of the 505 bases they operated.", [494]),
    # troops, peacekeepers, casualties and vehicles are never a count of bases
    ("Some 4,200 troops and 300 vehicles have left the mission area; 42 soldiers were killed.", []),
])
def test_tallies(body, expected):
    assert tallies(body) == expected


@pytest.mark.parametrize(("head", "expected"), [
    # a yearless dateline takes no year the text never gives (2021 is nowhere): ask for --as-of
    ("BAMAKO, Dec. 15 (Reuters) - French soldiers said on Wednesday they would leave in 2022, "
     "eight years after arriving in 2013.", None),
    ("Wednesday 15 December 2021\n\nBAMAKO, Dec. 15 (Reuters) - French soldiers said on Wednesday "
     "they would leave in 2022.", "2021-12-15"),
    ("GOMA, 3 March 2025 - The mission handed over its base.", "2025-03-03"),
    ("By Jane Doe | Published: 11/02/2023\n\nThe mission handed over its base.", "2023-02-11"),
    ("Updated: 14 Jan 2022\n\nThe mission handed over its base.", "2022-01-14"),
    ("Tue, Mar 08, 2022\n\nThe mission handed over its base.", "2022-03-08"),
    # a date quoted in the body is never the edition's
    ("Abidjan, 14 October 2016\n\nUnder the agreement of 10 November 2020 the base was "
     "handed over.", "2016-10-14"),
])
def test_the_edition_date_from_the_page(head, expected):
    assert parse_text(f"Report\n\n{head}\n").as_of == expected


def test_a_file_name_of_the_brief_layout_gives_the_date_and_as_of_changes_no_event():
    data = b"Report\n\nThe mission closed its camp in Kidal on Tuesday.\n"
    named = parse_bytes(data, "kidal/2021-11-20.txt")
    assert named.as_of == "2021-11-20"
    given = parse_bytes(data, "report.txt", as_of="2021-11-20")
    assert [e.key for e in given.events] == [e.key for e in named.events] == ["kidal"]


def test_news_site_leftovers_tell_nothing():
    page = (b"<html><body><nav><a href='/'>Home</a></nav><div class='share'>Share on Facebook</div>"
            b"<article><h1>Mission closes Ansongo camp</h1><time datetime='2023-10-14'>14 Oct</time>"
            b"<p>The mission closed its base in Ansongo on Saturday.</p></article>"
            b"<aside class='related'><ul><li>Army hands over Camp Zulu on 1 May 2020</li></ul></aside>"
            b"<div class='newsletter'>Subscribe to our newsletter</div></body></html>")
    snap = parse_bytes(page, "page.html")
    assert snap.as_of == "2023-10-14"
    assert [(e.key, e.date) for e in snap.events] == [("ansongo", "2023-10-14")]
    assert snap.counts == ()


@pytest.mark.parametrize(("body", "key"), [
    ("Six FOBs are to be handed over by the end of September.", "fobs-to-be-transferred"),
    ("France will close three bases in the north.", "bases-to-be-closed"),
    ("Eleven facilities have been handed over so far.", "facilities-transferred"),
])
def test_a_planned_tally_has_a_key_of_its_own(body, key):
    """A plan and a tally of what was done never share a key (the fold keeps them apart)."""
    assert [c.key for c in parse_text(f"Report\n\nPublished: 2021-11-20\n\n{body}\n").counts] == [key]
