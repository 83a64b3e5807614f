"""The edition's date from the text alone (failure kind 5): page furniture gives none, even
when the reader leaves no cue line over it. Invented pages."""

from __future__ import annotations

from tracker.parse import parse_text


def as_of(text: str) -> str | None:
    return parse_text(text).as_of


def test_links_listed_with_their_days_give_no_date() -> None:
    assert as_of("Army quits Camp Kilo\n\nRelated\n\nCamp Lima closed\n14 February 2021\n\n"
                 "Troops leave Riverton\n3 May 2020\n\nThe army left Camp Kilo on Tuesday, "
                 "officials said.\n") is None


def test_the_pages_dateline_after_such_a_list_still_gives_it() -> None:
    assert as_of("Army quits Camp Kilo\n\nRelated\n\nCamp Lima closed\n14 February 2021\n\n"
                 "Troops leave Riverton\n3 May 2020\n\nCamp Kilo handover\n\n"
                 "TOWNSVILLE, 16 March 2021 - The army left Camp Kilo on Tuesday.\n") == "2021-03-16"


def test_a_title_over_its_own_date_still_gives_it() -> None:
    assert as_of("Army quits Camp Kilo\n\n14 February 2021\n\nThe army left Camp Kilo on "
                 "Tuesday.\n") == "2021-02-14"


def test_an_archive_widget_gives_no_date() -> None:
    assert as_of("Army quits Camp Kilo\n\nFrom the archive: 3 May 2019 - the camp opened\n\n"
                 "The army left Camp Kilo on Tuesday, officials said.\n") is None
    assert as_of("Army quits Camp Kilo\n\nIn our archive: 3 May 2019 - the camp opened\n\n"
                 "The army left Camp Kilo on Tuesday, officials said.\n") is None
