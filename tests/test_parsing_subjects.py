"""A site as the subject of what happens to it, and what only locates it (issue 21): a modal
before an intransitive closure ("Camp Vesk will close in July"), an adverb between a modal and
its verb ("will also be handed over"), "close to" as nearness, a town set off by commas after a
site, and a prose period filling a table row keeps its precision. Invented names."""

from __future__ import annotations

import pytest

from tracker.parse.parser import parse_text

AS_OF = "2031-04-18"


def events(text: str, fmt: str = "text") -> list[tuple[str, str | None, str | None, str | None]]:
    snap = parse_text(f"Drawdown notes\n\n{text}\n", fmt, as_of=AS_OF)
    return [(e.key, e.status, e.date, e.date_precision) for e in snap.events]


@pytest.mark.parametrize("sentence, date, precision", [
    ("Camp Vesk will close in July.", "2031-07-01", "month"),
    ("Camp Vesk, the largest site in the north, will also close in July.", "2031-07-01", "month"),
    ("Officials said Camp Vesk would close on 3 June.", "2031-06-03", None),
    ("Camp Vesk will close in the third quarter.", "2031-07-01", "quarter"),
])
def test_a_site_that_will_close_is_planned(sentence: str, date: str, precision: str | None) -> None:
    assert events(sentence) == [("vesk", "planned", date, precision)]


def test_an_adverb_between_the_modal_and_the_verb_keeps_the_plan() -> None:
    # read before as done a year earlier: "will also be handed over" is still ahead
    assert events("Camp Vesk will also be handed over in July.") == \
        [("vesk", "planned", "2031-07-01", "month")]
    assert events("Camp Vesk will soon be handed over to the army.")[0][1] == "planned"


def test_close_to_a_place_is_nearness_not_a_closure() -> None:
    assert events("Camp Vesk is close to the border and will remain open.") == []
    # a closure with its deadline still reads ("close by": the verb, after "to")
    assert events("The mission's office in Tarlow is scheduled to close by the end of February.") == \
        [("tarlow-ofice", "planned", "2031-02-21", "part-month")]


def test_a_town_set_off_by_commas_after_a_site_only_locates_it() -> None:
    found = events("The Mission's headquarters at Pellory, Quarnby, is scheduled to close on 30 June.")
    assert [k for k, *_ in found] == ["pelory"]
    # a list goes on with a name or "and": each is a site
    listed = events("The mission closed its bases in Ostrel, Varnow, and Kessick on 3 April.")
    assert {k for k, *_ in listed} == {"ostrel", "varnow", "kesick"}


def test_a_table_row_dated_by_the_prose_keeps_the_period() -> None:
    table = ("| Site | Handed over |\n|---|---|\n| Tarvo Range | March |\n| Camp Ostry | 2 April |\n\n"
             "Tarvo, where the brigade trained, was handed over last month.")
    found = {k: (d, p) for k, _, d, p in events(table, "markdown")}
    assert found["tarvo"] == ("2031-03-01", "month")


@pytest.mark.parametrize("sentence, status, date", [
    ("The army vacated Camp Castor last December.", "completed", "2030-12-01"),
    ("Camp Castor was handed over last March.", "completed", "2031-03-01"),
    ("The army will vacate Camp Castor next March.", "planned", "2032-03-01"),
    ("The army will vacate Camp Castor this July.", "planned", "2031-07-01"),
])
def test_a_month_named_from_the_editions_date(sentence: str, status: str, date: str) -> None:
    # said on 18 April 2031: the latest December before it, the first March after it
    assert events(sentence) == [("castor", status, date, "month")]


def test_a_month_opening_the_clause_with_during_dates_it() -> None:
    assert events("During March the mission closed Camp Bahai.") == \
        [("bahai", "completed", "2031-03-01", "month")]


def test_a_year_alone_in_a_date_column_is_that_year() -> None:
    table = ("| Site | What it was | Returned |\n|---|---|---|\n| Tarvo Heights | a hilltop headquarters | 2027 |\n"
             "| Camp Ostry | a depot | 3 May 2028 |")
    found = {k: (d, p) for k, _, d, p in events(table, "markdown")}
    assert found["tarvo-heights"] == ("2027-01-01", "year")
    assert found["ostry"] == ("2028-05-03", None)


def test_a_name_with_of_before_its_base_word_is_one_site() -> None:
    # read before as two sites, "Wales Barracks" (the item) and the whole name (the prose)
    assert events("The Duke of Tarvo Barracks were handed over on 3 April.") == \
        [("duke-of-tarvo", "completed", "2031-04-03", None)]


@pytest.mark.parametrize("sentence, key", [
    ("The army took over the Logistics Base at Tarvo on 3 April.", "tarvo"),
    ("The mission closed the Joint Operations Centre in Kosta on 3 April.", "kosta-centre"),
])
def test_a_capitalised_kind_at_a_town_is_the_towns_site(sentence: str, key: str) -> None:
    # read before as two sites: the kind itself ("Logistics Base") and the town's
    assert [k for k, *_ in events(sentence)] == [key]
