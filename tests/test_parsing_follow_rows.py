"""Three readings of issue 21's user case, each by a general mechanism (invented names):

- a site joined by "and" that "followed" on its own day takes that day, not the first site's
  ("Camp A was handed over on 3 May and B base followed on 9 May");
- a table row whose cells say planned ("planned for June") is planned, with that month, though
  its action is a column heading told as done ("Handed over");
- a base word after its kind and before the name ("Forward Base Tolle", "Naval Base Kelso") is
  a site's name, also where an "including" aside names it.
"""

from __future__ import annotations

from tracker.parse.parser import parse_text
from tracker.parse.places import all_places

AS_OF = "2031-05-30"


def events(text: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    snap = parse_text(f"Drawdown notes\n\n{text}\n", as_of=AS_OF)
    return {e.key: (e.date, e.date_precision, e.status) for e in snap.events}


def test_a_site_that_followed_takes_its_own_day() -> None:
    found = events("Camp Ardel was handed over on 3 May and Rusk base followed on 9 May.")
    assert found["ardel"] == ("2031-05-03", None, "completed")
    assert found["rusk"] == ("2031-05-09", None, "completed")


def test_a_row_planned_for_a_month_is_planned() -> None:
    table = ("| Site | Handed over | Status |\n| --- | --- | --- |\n"
             "| Camp Ardel | 3 May 2031 | completed |\n"
             "| Harlo depot | — | planned for June |")
    found = events(table)
    assert found["ardel"] == ("2031-05-03", None, "completed")
    assert found["harlo-depot"] == ("2031-06-01", "month", "planned")


def test_a_base_word_between_its_kind_and_the_name() -> None:
    assert [p.name for p in all_places("Naval Base Kelso was closed.")] == ["Naval Base Kelso"]
    assert [p.name for p in all_places("Forward Base Tolle is due.")] == ["Forward Base Tolle"]
    # no name after it: a kind of base at a town, not a name
    assert all_places("They took over the Logistics Base at Tarvo.") == ()
    found = events("The remaining three sites, including Forward Base Tamor, are due to be returned "
                   "by the end of June.")
    assert found["tamor"][2] == "planned"
