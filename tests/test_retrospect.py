"""A retrospective's days without a year are in the year it looks back on, not the edition's."""

from __future__ import annotations

from tracker.parse.parser import parse_bytes

FEATURE = """# Thirty years on: the spring the garrison left

*Townsville Review - 2 April 2019*

Thirty years ago this week, the last soldiers marched out of Camp Kilo and the town took over
its barracks.

The run-down began in February 1989, when the firing range at Post Amber was closed. Camp Lima
was handed over on 20 March, and Camp Kilo on 31 March, at midnight.

A plaque will be unveiled at the gate today.
"""


def dates(text: str) -> dict[str, str | None]:
    return {e.name: e.date for e in parse_bytes(text.encode(), "feature.md").events}


def test_a_retrospectives_yearless_days_take_the_year_it_looks_back_on() -> None:
    found = dates(FEATURE)
    assert found["Camp Lima"] == "1989-03-20"
    assert found["Camp Kilo"] == "1989-03-31"


def test_without_the_year_in_the_body_the_edition_year_stays() -> None:
    found = dates(FEATURE.replace("February 1989", "the winter"))
    assert found["Camp Lima"] == "2019-03-20"


def test_a_years_ago_aside_is_no_retrospective() -> None:
    text = ("Troops leave Camp Lima\n\n*Townsville Herald - 2 April 2019*\n\nSoldiers handed over Camp "
            "Lima on 20 March, ending a drawdown that began three years ago. The first site, Post "
            "Amber, was closed in June 2016.\n")
    assert dates(text)["Camp Lima"] == "2019-03-20"
