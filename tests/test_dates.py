"""Dates as briefs write them: table-driven, with spans, partial and impossible dates."""

import pytest

from tracker.vocabulary.dates import find_dates, first_date, parse_date

FULL = [
    ("On 17 March 20, coalition troops withdrew", "17 March 20", "2020-03-17"),
    ("withdrew on 17 March 2020 from", "17 March 2020", "2020-03-17"),
    ("As of April 11, 2020, six bases", "April 11, 2020", "2020-04-11"),
    ("closed on Dec. 14, 2021.", "Dec. 14, 2021", "2021-12-14"),
    ("left Sept 3rd 2020 after", "Sept 3rd 2020", "2020-09-03"),
    ("handed over 2020-03-17.", "2020-03-17", "2020-03-17"),
    ("handed over 17/03/2020.", "17/03/2020", "2020-03-17"),
    ("handed over 05/04/2020.", "05/04/2020", "2020-04-05"),  # day-first default
    ("handed over 03/17/2020.", "03/17/2020", "2020-03-17"),  # month-first only when forced
    ("on the 4th of April 2020 the", "the 4th of April 2020", "2020-04-04"),
    ("ceremony on 4 April 20. Five-hundred", "4 April 20", "2020-04-04"),
    ("from the base on 6 April 20.", "6 April 20", "2020-04-06"),
    ("17-Mar-2020", "17-Mar-2020", "2020-03-17"),
    ("on 1 January, 2021", "1 January, 2021", "2021-01-01"),
    ("Updated: 11.04.2020", "11.04.2020", "2020-04-11"),
    ("in MARCH 17, 2020 caps", "MARCH 17, 2020", "2020-03-17"),
]


@pytest.mark.parametrize("text,found,iso", FULL)
def test_full_dates(text, found, iso):
    dates = find_dates(text)
    assert [(d.text, d.iso) for d in dates] == [(found, iso)]
    d = dates[0]
    assert text[d.start:d.end] == found


NONE = [
    "base[3] in the north",
    "Five-hundred coalition personnel",
    "1,000 troops",
    "since 2015",
    "in late December",
    "troops may 5 times",
    "they march 3 miles",
    "K-1 airbase",
    "version 1.2.3",
    "",
]


@pytest.mark.parametrize("text", NONE)
def test_no_dates(text):
    assert find_dates(text) == []


def test_month_year_is_partial():
    (d,) = find_dates("an agreement in June 2014 between")
    assert d.partial and d.iso is None and (d.year, d.month, d.day) == (2014, 6, None)


@pytest.mark.parametrize("text", ["31 February 20", "30/02/2020", "2020-13-01", "32/13/2020"])
def test_impossible_dates_warn(text):
    (d,) = find_dates(text)
    assert d.iso is None and d.warning


def test_personnel_after_two_digit_year_is_not_a_year():
    (d,) = find_dates("on 4 April 20 troops left", as_of="2020-04-11")
    assert d.text == "4 April" and d.iso == "2020-04-04"


@pytest.mark.parametrize(
    "text,as_of,iso",
    [
        ("on 4 April", "2020-04-11", "2020-04-04"),
        ("on 4 April", None, None),
        ("on 20 December", "2020-04-11", "2019-12-20"),  # would be after the as-of date
        ("April 11", "2020-04-11", "2020-04-11"),
        ("on 29 February", "2021-03-01", "2020-02-29"),
    ],
)
def test_year_from_as_of(text, as_of, iso):
    (d,) = find_dates(text, as_of=as_of)
    assert d.iso == iso
    assert d.partial == (iso is None)


def test_several_dates_in_order():
    text = "Between 17 March 20 and March 26, 2020, and again on 2020-04-04."
    assert [d.iso for d in find_dates(text)] == ["2020-03-17", "2020-03-26", "2020-04-04"]


def test_first_and_parse_date():
    assert first_date("In June 2014 and on 5 May 2015") .iso == "2015-05-05"
    assert parse_date("2020-04-11") == "2020-04-11"
    assert parse_date("nothing here") is None


def test_long_text_is_fast_enough():
    text = "x 1 2 3 [4] March " * 20000 + "on 17 March 2020"
    assert find_dates(text)[-1].iso == "2020-03-17"
