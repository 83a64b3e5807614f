"""Dates with their precision, mechanism by mechanism: a weekend, a range of days in one month,
a month or a month and year standing alone in a column, a period a list item dates its plan
with, a passive verb dating every name of its list.

Every sentence is written for this test (invented places); the expected reading was decided
before running it.
"""

from __future__ import annotations

import pytest

from tracker.parse import parse_text
from tracker.parse.mention_dates import days_named
from tracker.vocabulary.dates import find_periods
from tracker.vocabulary.relative import find_relative

FRIDAY = "2014-09-19"
SATURDAY = "2014-09-20"


def _dated(snap) -> dict[str, tuple[str | None, str | None]]:  # noqa: ANN001
    return {e.name: (e.date, e.date_precision) for e in snap.events}


# -- a weekend is told as its week --------------------------------------------------------------

@pytest.mark.parametrize("text,as_of,monday", [
    ("the patrol left over the weekend", FRIDAY, "2014-09-08"),
    ("the patrol left last weekend", FRIDAY, "2014-09-08"),
    ("the patrol left at the weekend", FRIDAY, "2014-09-08"),
    ("the patrol will leave over the weekend", FRIDAY, "2014-09-15"),
    ("the patrol will go next weekend", FRIDAY, "2014-09-15"),
    ("the patrol left over the weekend", SATURDAY, "2014-09-15"),
    ("the patrol left last weekend", SATURDAY, "2014-09-08"),
    ("the patrol will go next weekend", SATURDAY, "2014-09-22"),
])
def test_a_weekend_is_the_week_that_holds_it(text: str, as_of: str, monday: str) -> None:
    (found,) = find_relative(text, as_of)
    assert (found.iso, found.iso.precision) == (monday, "week")


def test_a_passive_verb_dates_every_name_of_its_list() -> None:
    snap = parse_text("Update\n\nAs of 19 September 2014\n\nThe staff of posts 4 and 9 and of Camp Kilo, "
                      "the old depot on the north side, were relocated to Townsville over the weekend.\n")
    dated = _dated(snap)
    assert dated["Camp Kilo"] == ("2014-09-08", "week")
    assert all(v == ("2014-09-08", "week") for k, v in dated.items() if k.lower().startswith("post"))


# -- a range of days in one month ----------------------------------------------------------------

@pytest.mark.parametrize("text,iso,precision", [
    ("Between 1 and 10 December 2010 the mission returned the sites", "2010-12-01", "part-month"),
    ("the sites were closed from 12 to 18 May 2021", "2021-05-11", "part-month"),
    ("troops left between 3 and 5 March 2020", "2020-03-02", "week"),
    ("troops left between 15 and 28 October 2020", "2020-10-01", "month"),
])
def test_a_range_of_days_is_the_narrowest_period_holding_it(text: str, iso: str, precision: str) -> None:
    (day,) = days_named(text, "2020-12-20")
    assert (day.iso, day.iso.precision) == (iso, precision)


def test_days_listed_with_and_stay_days() -> None:
    assert [d.iso for d in days_named("handed over on 6 and 16 November", "2020-12-20")] == \
        ["2020-11-06", "2020-11-16"]


def test_a_range_dates_the_sites_of_its_sentence() -> None:
    snap = parse_text("Report\n\nAs of 20 December 2010\n\nBetween 1 and 10 December 2010 the mission "
                      "returned the camps at Townsville and Post Amber to the government.\n")
    assert set(_dated(snap).values()) == {("2010-12-01", "part-month")}


# -- a month alone in a column, a month and year opening a line --------------------------------

def test_a_month_alone_between_dashes_is_that_month() -> None:
    (p,) = find_periods("Camp Kilo - July - Transferred. Province: North", as_of="2020-08-24")
    assert (p.text, p.iso, p.iso.precision) == ("July", "2020-07-01", "month")


def test_a_month_with_its_year_needs_no_period_word() -> None:
    (p,) = find_periods("Post Amber range - May 1970 - Evacuated.")
    assert (p.iso, p.iso.precision) == ("1970-05-01", "month")
    (p,) = find_periods("August 1991 - Post Coral at Townsville is handed over to the navy.")
    assert (p.iso, p.iso.precision) == ("1991-08-01", "month")


def test_a_word_between_dashes_is_no_month() -> None:
    assert find_periods("Camp Kilo - Juniper - Transferred", as_of="2020-08-24") == []


# -- an item's plan dated by a period named from the edition's day -----------------------------

def test_a_planned_item_takes_next_week() -> None:
    snap = parse_text("Bulletin\n\nAs of 22 June 2024\n\n- **Camp Kilo** (North) is scheduled to be "
                      "handed over to the army next week.\n")
    assert _dated(snap)["Camp Kilo"] == ("2024-06-24", "week")


def test_a_done_item_takes_no_period_ahead_of_the_edition() -> None:
    snap = parse_text("Bulletin\n\nAs of 22 June 2024\n\n- **Camp Kilo** (North) was handed over to the "
                      "army, and the depot follows next week.\n")
    assert _dated(snap).get("Camp Kilo", (None, None))[0] is None


# -- which site a period belongs to -------------------------------------------------------------

def test_a_period_right_after_sites_told_as_done_before_is_theirs() -> None:
    snap = parse_text("Statement\n\nAs of 20 December 2021\n\nCamp Kilo is the fourth site transferred "
                      "by the force to the army, after those of Townsville, Post Amber and Post Coral "
                      "in the second half of 2021.\n")
    dated = _dated(snap)
    assert dated["Camp Kilo"][0] is None
    assert dated["Post Amber"] == dated["Post Coral"] == ("2021-07-01", "half-year")


def test_a_period_past_a_comma_yields_to_the_actions_own() -> None:
    snap = parse_text("Report\n\nAs of 20 December 2023\n\nThe coalition already handed several bases "
                      "to the army in 2020, including Camp Lima near the capital and the Post Amber base "
                      "in Riverton, and ended its combat role at the end of 2021.\n")
    assert set(_dated(snap).values()) == {("2020-01-01", "year")}


def test_an_item_takes_a_period_named_from_the_edition_in_its_own_clause() -> None:
    snap = parse_text("Report\n\nAs of 20 December 2023\n\nThe mission closed its office in Townsville on "
                      "11 December, and earlier this month it returned Camp Kilo in the centre without "
                      "incident, unlike several rushed departures from the north in October.\n\n"
                      "- Camp Kilo: handed over to the army, the ministry said last week.\n"
                      "- Camp Lima: handed over earlier this month.\n"
                      "- Camp Onyx: to be handed over next month.\n")
    dated = _dated(snap)
    assert dated["Camp Lima"] == ("2023-12-01", "month")
    assert dated["Camp Onyx"] == ("2024-01-01", "month")
    assert dated["Camp Kilo"][1] != "week"  # the day it was said is not the handover's


def test_a_day_opening_the_actions_clause_beats_a_later_period() -> None:
    snap = parse_text("Report\n\nAs of 20 December 2023\n\nThe mission closed its office in Townsville on "
                      "11 December, and earlier this month it returned Camp Kilo in the centre without "
                      "incident, unlike several rushed departures from the north in October.\n")
    assert _dated(snap)["Camp Kilo"] == ("2023-12-01", "month")


def test_a_day_opens_a_sentence_run_into_its_heading() -> None:
    snap = parse_text("Situation report\n\nIssued: 4 January 2011\n\n2. Handovers completed\n"
                      "Between 1 and 10 December 2010 the mission returned the sites at Townsville and "
                      "Riverton to the government.\n\n3. Field presence\nDuring July the mission closed "
                      "two field offices in the east: Kestrel, in the Alpha region, and Harrow, in Bravo.\n")
    dated = _dated(snap)
    assert dated["Townsville site"] == ("2010-12-01", "part-month")
    assert dated["Kestrel"] == dated["Harrow"] == ("2010-07-01", "month")


# -- more ways to write a period ----------------------------------------------------------------

@pytest.mark.parametrize("text,found,iso,precision", [
    ("to be returned in Q4", "Q4", "2021-10-01", "quarter"),
    ("closed during Q1.", "Q1", "2021-01-01", "quarter"),
    ("to be vacated by mid-year", "mid-year", "2021-01-01", "year"),
    ("returned in the course of May", "May", "2021-05-01", "month"),
    ("to leave by the end of the third quarter", "the third quarter", "2021-07-01", "quarter"),
])
def test_more_periods(text: str, found: str, iso: str, precision: str) -> None:
    (day,) = days_named(text, "2021-06-16")
    assert (text[day.start:day.end], day.iso, day.iso.precision) == (found, iso, precision)


@pytest.mark.parametrize("text", ["the H2 helicopter", "the Q3 report", "the agreement of 12 March",
                                  "the decision of May 2020"])
def test_no_more_periods_than_before(text: str) -> None:
    assert days_named(text, "2021-06-16") == []
