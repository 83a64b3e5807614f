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


_HTML = """<html><head><title>Army quits Camp Kilo</title></head><body>
<article><h1>Army quits Camp Kilo</h1>
<p>The army left Camp Kilo on Tuesday, officials said.</p>
<section><h3>More coverage</h3><ul><li><a href="#">Camp Lima closed</a> <time>14 February 2021</time>
</li></ul></section>
<aside><p>Camp Kilo opened</p><time datetime="2009-05-03">3 May 2009</time></aside>
{own}</article></body></html>"""


def test_a_time_element_in_a_related_box_or_aside_is_not_the_pages() -> None:
    assert parse_text(_HTML.format(own=""), "html").as_of is None


def test_the_pages_own_time_element_still_gives_it() -> None:
    own = '<p class="byline">By Jo Doe, <time datetime="2021-03-16">16 March 2021</time></p>'
    assert parse_text(_HTML.format(own=own), "html").as_of == "2021-03-16"


def test_a_media_widget_line_is_neither_the_pages_date_nor_an_event() -> None:
    snap = parse_text("Army quits Camp Kilo\n\nTOWNSVILLE, Feb. 28 (Agency) - The army left Camp Kilo on "
                      "Tuesday, officials said.\n\nWatch: Camp Lima handover, 27 Feb 2023\n\n"
                      "VIDEO: Troops leave Riverton base (12 March 2021)\n")
    assert snap.as_of is None
    assert [(e.name, e.date) for e in snap.events] == [("Camp Kilo", None)]


# -- a day the body gives another event is not the page's ------------------------------------

def test_a_short_line_giving_another_events_day_is_no_dateline() -> None:
    for line in ("Ceasefire agreed 12 March 2019", "Mandate end: 31 December 2023",
                 "12 March 2019 ceasefire holds", "Handover: 12 March 2019",
                 "Signed in Townsville, 12 March 2019"):
        assert as_of(f"Army quits Camp Kilo\n\n{line}\n\nThe army left Camp Kilo.\n") is None, line


def test_a_bracketed_day_after_a_prose_verb_dates_the_action() -> None:
    assert as_of("Army quits Camp Kilo (12 March 2019)\n\nThe army left Camp Kilo.\n") is None


def test_a_place_and_a_day_or_a_day_alone_still_date_the_page() -> None:
    assert as_of("Army quits Camp Kilo\n\nTownsville, 12 March 2019\n\nThe army left Camp Kilo.\n") == "2019-03-12"
    assert as_of("Army quits Camp Kilo\n\n12 March 2019\n\nThe army left Camp Kilo.\n") == "2019-03-12"
    assert as_of("Situation Report #7 (14 May 2008)\n\nThe army left Camp Kilo.\n") == "2008-05-14"


def test_a_serials_header_naming_its_subject_still_dates_the_page() -> None:
    assert as_of("Camp Kilo\n\nWithdrawal Bulletin No. 5 - 3 May 2021\n\nThe army left Camp Kilo.\n") == "2021-05-03"
