"""A yearless dateline ("TARVO, Dec. 11 (Agency) --") takes the year the body says it is in by
the year it calls last ("moved out last year, in 2028": 2029); statements that disagree, or
none, give no date, so the user is asked for --as-of. Invented texts."""

from __future__ import annotations

from tracker.parse.parser import parse_text


def as_of(body: str) -> str | None:
    return parse_text(f"Army returns camps\n\nTARVO, Dec. 11 (Agency) -- {body}\n").as_of


def test_the_year_called_last_gives_the_datelines_year() -> None:
    assert as_of("The army handed Camp Orlo back on Tuesday. Its staff moved out last year, "
                 "in 2028.") == "2029-12-11"
    assert as_of("The army handed Camp Orlo back. In 2028, last year, its staff moved out.") == "2029-12-11"


def test_no_year_or_disagreeing_years_give_none() -> None:
    assert as_of("The army handed Camp Orlo back on Tuesday.") is None
    assert as_of("Camp Orlo was emptied last year, in 2028; the depot last year, in 2026.") is None


def test_the_year_called_this_or_next_gives_the_datelines_year_too() -> None:
    assert as_of("The army handed Camp Orlo back on Tuesday. A new unit is to be at full "
                 "strength by the end of next year, 2030.") == "2029-12-11"
    assert as_of("Camp Orlo, the third site returned this year (2029), is empty.") == "2029-12-11"
    assert as_of("Camp Orlo went last year, in 2028; the depot goes next year, 2030.") == "2029-12-11"
    assert as_of("Camp Orlo went last year, in 2028; the depot goes next year, 2031.") is None


def _titled(title: str) -> str | None:
    return parse_text(f"{title}\n\nTARVO, Nov. 16 (Agency) -- The army left Camp Orlo on Tuesday, "
                      "officials said.\n").as_of


def test_a_year_the_title_refers_to_is_not_the_datelines() -> None:
    assert _titled("Five years after the 2016 accord, army quits Camp Orlo") is None
    assert _titled("Army quits Camp Orlo, built in 1998") is None
    assert _titled("Army quits Camp Orlo, its home since 2014") is None


def test_a_year_the_head_states_still_gives_it() -> None:
    assert _titled("Drawdown digest, autumn 2029") == "2029-11-16"
