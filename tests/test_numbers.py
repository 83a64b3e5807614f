"""Numbers in words and digits, and personnel figures that are never years, dates or markers."""

import pytest

from tracker.vocabulary.numbers import find_numbers, find_personnel, parse_number


@pytest.mark.parametrize(
    "text,value",
    [
        ("Five-hundred", 500),
        ("five hundred", 500),
        ("About 450", 450),
        ("1,000", 1000),
        ("500", 500),
        ("six", 6),
        ("a dozen", 12),
        ("twenty-one", 21),
        ("one hundred and five", 105),
        ("two thousand five hundred", 2500),
        ("some 2,500", 2500),
        ("nothing", None),
        ("", None),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text,value",
    [
        ("Five-hundred coalition personnel are withdrawing from the Anbar base", 500),
        ("About 450 troops left", 450),
        ("1,000 US soldiers remain", 1000),
        ("some 2,500 U.S. and coalition troops", 2500),
        ("a dozen Italian trainers", 12),
        ("300 French soldiers", 300),
        ("six marines", 6),
        ("a 200-strong contingent", 200),
        ("2000 troops", 2000),
        ("In 2015 coalition troops arrived", None),
        ("since 2015 troops have", None),
        ("six bases and troops", None),
        ("the base[3] troops", None),
        ("the sixth base", None),
        ("an American contractor", None),
        ("K-1 troops", None),
        ("thousands of US and allied troops", None),
    ],
)
def test_personnel(text, value):
    assert find_personnel(text) == value


def test_personnel_skips_excluded_spans():
    text = "on 4 April 20 troops left"
    start = text.index("20")
    assert find_personnel(text, [(start - 8, start + 2)]) is None


def test_find_numbers_spans():
    text = "six bases, 1,000 troops and [3]"
    found = find_numbers(text)
    assert [(n.text, n.value) for n in found] == [("six", 6), ("1,000", 1000)]
    assert all(text[n.start:n.end] == n.text for n in found)
