"""The edition's as-of date from the text alone (tests/data/as-of/: each document a trap, its
gold written first): page furniture, a yearless dateline, a date the body quotes or looks
ahead to. A text that states no date gives none, with a warning; nothing is guessed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.parse.parser import parse_bytes

DATA = Path(__file__).parent / "data" / "as-of"
GOLD = {name: day for name, day in json.loads((DATA / "gold.json").read_text("utf-8")).items()
        if not name.startswith("_")}


@pytest.mark.parametrize("name", sorted(GOLD))
def test_the_as_of_is_what_the_text_states_or_none(name: str) -> None:
    snapshot = parse_bytes((DATA / name).read_bytes(), None)  # as from standard input
    assert snapshot.as_of == GOLD[name]
    asks = [w for w in snapshot.warnings if "no as-of date" in w]
    assert bool(asks) is (GOLD[name] is None)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_a_file_name_with_the_day_still_gives_it(name: str) -> None:
    snapshot = parse_bytes((DATA / name).read_bytes(), f"brief/2030-01-02{Path(name).suffix}")
    assert snapshot.as_of == "2030-01-02"
    assert not [w for w in snapshot.warnings if "as-of" in w]


def test_a_day_written_in_the_file_name_comes_when_the_text_states_none() -> None:
    snapshot = parse_bytes((DATA / "related-list-only.txt").read_bytes(), "posts-2023-11-20.txt")
    assert snapshot.as_of == "2023-11-20"
    # and what the text states comes before it
    snapshot = parse_bytes((DATA / "as-of-with-clock.txt").read_bytes(), "bulletin-2030-01-02.txt")
    assert snapshot.as_of == "2024-04-11"


def test_the_body_never_supplies_the_date() -> None:
    text = b"Camp brief\n\nTroops withdrew from Camp Bar on 2 April 2020 and from Camp Baz on 9 April 2020.\n"
    snapshot = parse_bytes(text, None)
    assert snapshot.as_of is None
    assert [w for w in snapshot.warnings if "no as-of date" in w and "--as-of" in w]
    assert parse_bytes(text, None, as_of="2020-04-10").as_of == "2020-04-10"


@pytest.mark.parametrize(("said", "year"), [
    ("The garrison, set up in 1994, 21 years ago, leaves behind an empty airfield.", "2015"),
    ("Twenty-one years ago, in 1994, the first troops arrived.", "2015"),
    ("The departure ends 21 years of foreign presence in the valley since 1994.", "2015"),
    ("The last patrol of the force, which arrived last year, in 2014, went out today.", "2015"),
])
def test_a_yearless_dateline_takes_the_year_the_body_says_it_is_in_and_says_so(said: str, year: str) -> None:
    text = (f"Troops leave Townsville\n\nTOWNSVILLE, March 6 (Plain Wire) - Soldiers left Camp Kilo "
            f"on Friday. {said}\n").encode()
    snapshot = parse_bytes(text, None)
    assert snapshot.as_of == f"{year}-03-06"
    assert [w for w in snapshot.warnings if "gives no year" in w and "--as-of" in w]


def test_a_yearless_dateline_without_a_year_said_gives_none() -> None:
    text = (b"Troops leave Townsville\n\nTOWNSVILLE, March 6 (Plain Wire) - Soldiers left Camp Kilo, "
            b"built in 1994, on Friday. The base opened 21 years after the war.\n")
    snapshot = parse_bytes(text, None)
    assert snapshot.as_of is None
    assert [w for w in snapshot.warnings if "no as-of date" in w]


@pytest.mark.parametrize(("said", "day"), [
    ("It ends a presence that began more than 12 years ago, after the 2003 war.", "2015-03-06"),
    ("The departure comes nine days after the vote and almost four years after the government "
     "announced, in April 2011, that the force would go.", "2015-03-06"),
    ("The vote ended after four years the only mission of its kind, created in 2011.", "2015-03-06"),
])
def test_a_span_of_years_up_to_now_gives_a_yearless_dateline_its_year_and_says_so(said: str, day: str) -> None:
    text = (f"Troops leave Townsville\n\nTOWNSVILLE, March 6 (Plain Wire) - Soldiers left Camp Kilo "
            f"on Friday. {said}\n").encode()
    snapshot = parse_bytes(text, None)
    assert snapshot.as_of == day
    assert [w for w in snapshot.warnings if "gives no year" in w and "--as-of" in w]


def test_a_span_counted_from_a_month_gives_the_year_nearest_its_end() -> None:
    text = (b"Troops leave Townsville\n\nTOWNSVILLE, Dec. 14 (Plain Wire) - Soldiers left Camp Kilo "
            b"today. The closure comes almost four years after the government announced, in "
            b"January 2011, that the force would go.\n")
    assert parse_bytes(text, None).as_of == "2014-12-14"


@pytest.mark.parametrize("said", [
    "The base was built five years after the 2003 war.",
    "In 2010, five years after the war, the camp was enlarged.",
    "The force was created 20 years after the 1991 accord.",
])
def test_a_span_of_years_not_counted_up_to_now_gives_none(said: str) -> None:
    text = (f"Troops leave Townsville\n\nTOWNSVILLE, March 6 (Plain Wire) - Soldiers left Camp Kilo "
            f"on Friday. {said}\n").encode()
    snapshot = parse_bytes(text, None)
    assert snapshot.as_of is None
    assert [w for w in snapshot.warnings if "no as-of date" in w]


def test_a_page_published_then_updated_gives_its_publication_day() -> None:
    page = (b"<html><body><article><h1>Army hands Camp Kilo to Townsville</h1>"
            b"<div class='meta'>March 16, 2021 &middot; <em>Updated March 18, 2021</em></div>"
            b"<p>The army handed Camp Kilo to the town council on Tuesday, officials said.</p>"
            b"</article></body></html>")
    assert parse_bytes(page, "kilo.html").as_of == "2021-03-16"


@pytest.mark.parametrize(("office", "day"), [
    ("Transition Cell, Office of the Force Commander", "2022-05-12"),
    ("Headquarters Post Amber - Liaison Section", "2022-05-12"),
    ("Closure Task Group", "2022-05-12"),
])
def test_a_bodys_name_over_its_day_gives_the_day_when_the_lines_run_together(office: str, day: str) -> None:
    text = (f"# Camp Kilo - Status Report No. 4\n\n**{office}**\n**12 May 2022**\n\n"
            f"Camp Kilo was handed over on 9 May. Post Amber is to close in June.\n").encode()
    assert parse_bytes(text, "status.md").as_of == day


@pytest.mark.parametrize("line", ["Camp Kilo handed over 12 May 2022", "Handover of Camp Kilo 12 May 2022",
                                  "Departure of the Liaison Office 12 May 2022"])
def test_a_line_telling_an_event_with_its_day_gives_none(line: str) -> None:
    text = (f"# Camp Kilo\n\n{line}\n\nThe army left Camp Kilo, officials said.\n").encode()
    assert parse_bytes(text, "status.md").as_of is None


def test_a_yearless_dateline_given_the_latest_of_several_header_years_says_so() -> None:
    text = (b"Townsville drawdown 2014 - 2015\n\nTOWNSVILLE, March 6 (Plain Wire) - Soldiers left "
            b"Camp Kilo, officials said.\n")
    snapshot = parse_bytes(text, None)
    assert snapshot.as_of == "2015-03-06"
    assert [w for w in snapshot.warnings if "latest of several years" in w and "--as-of" in w]
    # a weekday the dateline names picks one: no guess, nothing to say
    text = text.replace(b"March 6", b"Friday, March 6")
    snapshot = parse_bytes(text, None)
    assert snapshot.as_of == "2015-03-06"
    assert not [w for w in snapshot.warnings if "as-of" in w]


def test_ingest_says_when_the_year_of_its_as_of_is_a_reading(tmp_path: Path) -> None:
    from tests.clihelpers import run

    path = tmp_path / "kilo.txt"
    path.write_bytes(b"Troops leave Townsville\n\nTOWNSVILLE, March 6 (Plain Wire) - Soldiers left "
                     b"Camp Kilo on Friday. It ends a presence that began 12 years ago, after the "
                     b"2003 war.\n")
    result = run(str(tmp_path / "t.db"), "ingest", str(path), "--brief", "kilo", code=None)
    assert "2015-03-06" in result.stdout + result.stderr
    assert "gives no year" in result.stderr


@pytest.mark.parametrize("footer", ["(c) 2022 Plain Wire. Published 12 May 2022.",
                                    "Copyright Townsville Council - posted on Thursday, 12 May 2022",
                                    "\u00a9 Plain Wire 2022 | Updated May 12, 2022"])
def test_a_copyright_line_that_stamps_the_page_keeps_its_day(footer: str) -> None:
    text = (f"Army hands over Camp Kilo\n\nThe army handed Camp Kilo to the council on Tuesday, "
            f"officials said.\n\n{footer}\n").encode()
    assert parse_bytes(text, None).as_of == "2022-05-12"


def test_a_copyright_line_with_years_only_is_still_dropped() -> None:
    text = (b"Army hands over Camp Kilo\n\nThe army handed Camp Kilo to the council on Tuesday, "
            b"officials said.\n\n(c) 1999-2022 Plain Wire. All rights reserved.\n")
    snapshot = parse_bytes(text, None)
    assert snapshot.as_of is None
    assert "Plain Wire" not in " ".join(s.text for s in snapshot.sections)


@pytest.mark.parametrize("dateline", ["TOWNSVILLE -- May 12, 2022 -- ", "TOWNSVILLE - 12 May 2022 - ",
                                      "TOWNSVILLE, May 12, 2022 -- "])
def test_a_dateline_set_off_by_double_dashes_gives_its_day(dateline: str) -> None:
    text = f"Army hands over Camp Kilo\n\n{dateline}The army handed Camp Kilo to the council.\n".encode()
    assert parse_bytes(text, None).as_of == "2022-05-12"


@pytest.mark.parametrize("said", [
    "In a statement issued on 10 May 2022, the army said it had handed Camp Kilo to the council.",
    "A report published on 10 May 2022 by the council said the army had left Camp Kilo.",
    "A letter dated 10 May 2022 told the council the army would leave Camp Kilo.",
    "The army left Camp Kilo. The plan, updated on 10 May 2022, lists Post Amber next.",
    "The army left Camp Kilo, according to a notice posted on 10 May 2022 at the gate.",
])
def test_a_paper_the_text_quotes_with_its_day_gives_no_date(said: str) -> None:
    snapshot = parse_bytes(f"Army hands over Camp Kilo\n\n{said}\n".encode(), None)
    assert snapshot.as_of is None
    assert [w for w in snapshot.warnings if "no as-of date" in w]


@pytest.mark.parametrize("head", [
    "Townsville drawdown: the council blog\nPosted on: 12 May 2022 | Category: Estate",
    "SITUATION REPORT No. 4\nPeriod covered: 5 - 11 May 2022\nDate of issue: 12 May 2022",
    "This statement was issued on 12 May 2022.",
    "Page last updated 12 May 2022",
    "Press release issued 12 May 2022",
])
def test_a_label_of_the_pages_own_day_still_gives_it(head: str) -> None:
    text = f"Army hands over Camp Kilo\n\n{head}\n\nThe army handed Camp Kilo to the council.\n"
    assert parse_bytes(text.encode(), None).as_of == "2022-05-12"


@pytest.mark.parametrize("widget", ["VIDEO 2:31 Troops leave Camp Lima (3 March 2021)",
                                    "Watch 01:45 - Camp Lima handed over, 3 March 2021"])
def test_a_clip_with_its_running_time_gives_no_date(widget: str) -> None:
    text = f"Army hands over Camp Kilo\n\n{widget}\n\nThe army handed Camp Kilo to the council.\n"
    assert parse_bytes(text.encode(), None).as_of is None


def test_a_next_update_line_gives_no_date() -> None:
    text = b"Camp Kilo update\n\nNext update: 19 May 2022\n\nThe army handed Camp Kilo to the council.\n"
    assert parse_bytes(text, None).as_of is None


def test_an_archive_box_named_ours_gives_no_date() -> None:
    text = (b"Army hands over Camp Kilo\n\nFrom our archive\n\nCamp Lima closes\n3 March 2021\n\n"
            b"The army handed Camp Kilo to the council on Tuesday, officials said.\n")
    assert parse_bytes(text, None).as_of is None


def test_a_day_and_month_that_could_swap_are_read_day_first_and_said() -> None:
    text = b"Camp Kilo Bulletin\nReleased 05/12/2022\n\nThe army handed Camp Kilo to the council.\n"
    snapshot = parse_bytes(text, None)
    assert snapshot.as_of == "2022-12-05"
    assert [w for w in snapshot.warnings if "day first" in w and "--as-of" in w]


@pytest.mark.parametrize("line", ["Released 17/12/2022", "Released 05.12.2022",
                                  "Released 05/12/2022 | Previous issue 28/11/2022"])
def test_a_numeric_day_the_page_leaves_no_doubt_about_says_nothing(line: str) -> None:
    text = f"Camp Kilo Bulletin\n{line}\n\nThe army handed Camp Kilo to the council.\n".encode()
    snapshot = parse_bytes(text, None)
    assert snapshot.as_of and not [w for w in snapshot.warnings if "as-of" in w]
