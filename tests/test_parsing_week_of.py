"""A day that only names its week ("vacated, week of 18 February", "in the week of 3 May") dates
an event with week precision, from that week's Monday, in prose and in a table's rows alike;
a plain day stays a day. Invented names."""

from __future__ import annotations

from tracker.parse.parser import parse_text

AS_OF = "2031-02-28"


def dated(text: str) -> dict[str, tuple[str | None, str | None]]:
    snap = parse_text(f"Relocation update\n\n{text}\n", as_of=AS_OF)
    return {e.key: (e.date, e.date_precision) for e in snap.events}


def test_the_week_of_a_day_in_prose_is_a_week() -> None:
    # 18 February 2031 is a Tuesday: the week opens on Monday the 17th
    assert dated("The force vacated Camp Kelvo in the week of 18 February.")["kelvo"] == ("2031-02-17", "week")


def test_the_week_of_a_day_in_a_table_row_is_a_week() -> None:
    table = ("| Team site | Sector | Status |\n|---|---|---|\n"
             "| Camp Kelvo | West | vacated, week of 10 February |\n"
             "| Camp Dunmar | West | vacated 27 February |")
    found = dated(table)
    assert found["kelvo"] == ("2031-02-10", "week")
    assert found["dunmar"] == ("2031-02-27", None)


def test_a_day_with_no_week_before_it_stays_a_day() -> None:
    assert dated("The force vacated Camp Kelvo on 18 February, a week early.")["kelvo"] == ("2031-02-18", None)


def test_by_the_end_of_the_week_is_the_editions_week() -> None:
    # 28 February 2031 is a Friday: its week opens on Monday the 24th
    found = dated("Camp Kelvo is to be vacated by the end of the week.")
    assert found["kelvo"] == ("2031-02-24", "week")
    found = dated("Camp Kelvo will be handed over at the start of next week.")
    assert found["kelvo"] == ("2031-03-03", "week")
