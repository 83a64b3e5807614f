"""Status in official phrasing (failure kind 6), mechanism by mechanism: a modal with an
adverbial before "be" ("will in turn be transferred"), a rank still to come ("will be the last
facility to be handed over"), "gave no timetable for", a plan to begin ("will begin to leave"),
and a chronology's lines in the historic present ("30 November 2024 - Units leave X").

Every sentence is written for this test (invented places); the expected reading was decided
before running it.
"""

from __future__ import annotations

import pytest

from tracker.parse import parse_text


def _status(body: str, as_of: str = "20 December 2024") -> dict[str, tuple[str | None, str | None]]:
    snap = parse_text(f"Update\n\nAs of {as_of}\n\n{body}\n")
    return {e.name: (e.date, e.status) for e in snap.events}


@pytest.mark.parametrize("sentence,name", [
    ("The bases at Townsville and Riverton will in turn be transferred to the army.", "Townsville base"),
    ("Officials said the naval base on Kilo Island would be the last facility to be handed over.",
     "Kilo Island"),
    ("The Lima logistics base will be the last major installation to be transferred.", "Lima logistics base"),
    ("He gave no timetable for the closure of the Coral listening post.", "Coral listening post"),
    ("Troops will begin to leave Camp Onyx next year.", "Camp Onyx"),
])
def test_what_is_still_to_come_is_planned(sentence: str, name: str) -> None:
    assert _status(sentence)[name][1] == "planned"


def test_a_rank_among_those_done_stays_completed() -> None:
    assert _status("Camp Onyx is the fourth base to be handed over.")["Camp Onyx"][1] == "completed"


def test_begin_to_leave_is_started() -> None:
    assert _status("Troops begin to leave Camp Onyx, the governor said.")["Camp Onyx"][1] == "started"


def test_a_chronology_in_the_historic_present_tells_what_was_done_that_day() -> None:
    status = _status("- 30 November 2024 - As fighters enter the city, crews leave Kilo air base.\n"
                     "- 13 December 2024 - Military police vacate their compounds at Riverton and "
                     "Townsville.\n"
                     "- 15 December 2024 - The first convoys leave Post Coral.\n"
                     "- 16 December 2024 - Troops are leaving Post Jade.\n"
                     "- 28 December 2024 - Troops leave Post Onyx.")
    assert status["Kilo air base"] == ("2024-11-30", "completed")
    assert status["Riverton compound"] == status["Townsville compound"] == ("2024-12-13", "completed")
    assert status["Post Coral"][1] == "started"  # the first of several
    assert status["Post Jade"][1] == "started"
    assert status["Post Onyx"] == ("2024-12-28", "planned")  # after the edition's day


def test_present_tense_prose_without_a_day_is_unchanged() -> None:
    assert _status("Troops leave Camp Lima, the minister said.")["Camp Lima"][1] == "started"
