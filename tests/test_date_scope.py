"""A date's scope beyond its own sentence: a sentence dated only by reference ("in the course of
the day", "that evening", "the same day") takes the day the sentence before tells, whether that
sentence names a site or only an action ("The garrison completed its departure yesterday.")."""

from __future__ import annotations

import pytest

from tracker.parse.parser import parse_bytes


def dates(body: str, as_of: str = "2015-09-21") -> dict[str, str | None]:
    snapshot = parse_bytes(f"Garrison news\n\nAs of {as_of}\n\n{body}\n".encode(), None)
    return {e.name: e.date for e in snapshot.events}


@pytest.mark.parametrize("body", [
    "The garrison completed its departure from the northern district yesterday. Camp Kilo and the "
    "checkpoint at Dunmore were vacated in the course of the day.",
    "Troops left the valley yesterday. Camp Kilo and the checkpoint at Dunmore were handed over to "
    "the police that evening.",
    "The army withdrew from the hills on Sunday. Camp Kilo and the checkpoint at Dunmore were "
    "closed later in the day.",
])
def test_a_day_told_of_an_action_dates_the_sites_the_next_sentence_ties_to_it(body: str) -> None:
    found = dates(body)
    assert found["Camp Kilo"] == "2015-09-20"
    assert found["Dunmore checkpoint"] == "2015-09-20"


def test_the_last_site_told_before_gives_the_day_when_the_sentence_before_names_several() -> None:
    found = dates("Troops handed over Camp Kilo on 3 September and Camp Lima on 5 September. The "
                  "checkpoint at Dunmore was handed over later that day.")
    assert found == {"Camp Kilo": "2015-09-03", "Camp Lima": "2015-09-05",
                     "Dunmore checkpoint": "2015-09-05"}


def test_a_sentence_with_its_own_day_keeps_it() -> None:
    found = dates("Troops left the valley yesterday. Camp Kilo was handed over on 14 September, "
                  "during the day.")
    assert found["Camp Kilo"] == "2015-09-14"


def test_a_list_on_that_day_takes_the_one_day_the_sentence_before_names() -> None:
    found = dates("On 3 September the commission accepted the last group of installations. The "
                  "sites handed over on that day were: Camp Kilo, Post Amber and the Dunmore depot.")
    assert found and set(found.values()) == {"2015-09-03"}


def test_a_sentence_before_naming_two_days_gives_none() -> None:
    found = dates("The commission met on 2 September and on 3 September. The sites handed over on "
                  "that day were: Camp Kilo and Post Amber.")
    assert found == {"Camp Kilo": None, "Post Amber": None}


@pytest.mark.parametrize("body", [
    "Camp Kilo is scheduled to be handed over on 30 March, and Fort Lima, on the river at "
    "Townsville, at midnight on 31 March.",
    "Two more sites will follow: Camp Kilo is to be handed over on 30 March, and Fort Lima on "
    "31 March.",
    "The last two are to follow before the deadline: Camp Kilo is scheduled to be handed over on "
    "30 March, and Fort Lima, on the river at Townsville, at midnight on 31 March.",
])
def test_each_site_of_a_sentence_takes_the_day_of_its_own_clause(body: str) -> None:
    found = dates(body, as_of="1979-03-16")
    assert found["Camp Kilo"] == "1979-03-30"
    assert found["Fort Lima"] == "1979-03-31"


@pytest.mark.parametrize("body", [
    "On Friday, the police closed their office in Townsville and cleared their headquarters at "
    "the Hotel Kilo in the old town.",
    "On Friday, the garrison vacated Camp Kilo, handed Post Amber to the town and closed the "
    "Lima depot.",
])
def test_a_day_set_before_the_subject_dates_each_verb_it_governs(body: str) -> None:
    found = dates(body)
    assert found and set(found.values()) == {"2015-09-18"}


def test_an_item_site_told_after_another_clause_takes_its_own_period() -> None:
    snapshot = parse_bytes(b"Garrison fact sheet\n\nAs of 1 June 1992\n\n## Handovers\n\n- The tank "
                           b"garrison at Townsville was vacated during 1990, and Camp Kilo air base in "
                           b"Lima province in the second quarter of 1990.\n", None)
    kilo = next(e for e in snapshot.events if "Kilo" in e.name)
    assert (kilo.date, kilo.date_precision) == ("1990-04-01", "quarter")


@pytest.mark.parametrize(("said", "first"), [
    ("by end September 2009", "2009-09-21"), ("by end-June", "2009-06-21"),
    ("by the end of September 2009", "2009-09-21"),
])
def test_the_end_of_a_month_without_of_is_its_last_part(said: str, first: str) -> None:
    from tracker.vocabulary.dates import find_periods
    from tracker.vocabulary.periods import precision_of

    found = [p.iso for p in find_periods(f"Camp Kilo is to be handed over {said}.", as_of="2009-08-01")]
    assert found == [first] and precision_of(found[0]) == "part-month"
