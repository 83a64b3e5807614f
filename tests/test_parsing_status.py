"""Status in official phrasing, denials and corrections, the event rather than the statement
(issue 21, kinds 6, 7 and 9). Short documents written for these tests."""

from __future__ import annotations

import pytest

from tracker.fold import ReportRef, State, fold
from tracker.parse.parser import parse_text

AS_OF = "2031-04-18"  # a Friday


def snapshot(body: str, title: str = "Drawdown notes", as_of: str = AS_OF):  # noqa: ANN201
    return parse_text(f"{title}\n\n{body}\n", as_of=as_of)


def read(body: str, title: str = "Drawdown notes") -> dict[str, tuple]:
    """name -> (status, date) of what a short report tells."""
    return {e.name: (e.status, e.date) for e in snapshot(body, title).events}


# -- kind 6: a nominalised action takes its status from the verb that governs it ----------------

@pytest.mark.parametrize("body, name", [
    ("The ministry announces the return of the Kestrel training area to the municipality.",
     "Kestrel training area"),
    ("The accord marks the finalized and permanent return of the Harlow firing range to the state.",
     "Harlow firing range"),
    ("Officials celebrated the handover of the Ostrava team site to the regional council.",
     "Ostrava team site"),
    ("The Merrow housing area and the Tolland depot have been returned to the city.",
     "Merrow housing area"),
    ("Engineers completed the transfer of Camp Juniper to the border guard.", "Camp Juniper"),
])
def test_an_action_told_as_done_is_completed(body: str, name: str) -> None:
    assert read(body)[name][0] == "completed"


@pytest.mark.parametrize("body, name", [
    ("The government agreed to return the Brisco air base to the province.", "Brisco air base"),
    ("The Pellam airfield is scheduled to be handed over to the civil authority.", "Pellam airfield"),
    ("The two sides plan the transfer of Camp Juniper to the army.", "Camp Juniper"),
    ("The cabinet approved the return of the Marlow depot to the town.", "Marlow depot"),
    ("Both governments agreed to the handover of the Linden barracks.", "Linden barracks"),
    ("A ceremony will mark the return of the Kestrel training area to the municipality.",
     "Kestrel training area"),
])
def test_an_action_told_as_still_to_come_is_planned(body: str, name: str) -> None:
    assert read(body)[name][0] == "planned"


def test_a_headline_in_the_historic_present_is_completed_on_the_edition_day() -> None:
    found = read("The ceremony was attended by the governor.", title="Army hands over Camp Rowan to police")
    assert found == {"Camp Rowan": ("completed", AS_OF)}


def test_the_body_dates_what_the_historic_present_headline_tells() -> None:
    found = read("The army handed over Camp Rowan to the police on Tuesday.",
                 title="Army hands over Camp Rowan to police")
    assert found == {"Camp Rowan": ("completed", "2031-04-15")}


# -- kind 7: denials and corrections are no event, and take back an earlier claim ----------------

@pytest.mark.parametrize("title, body, key", [
    ("Mission corrects inaccurate claim of withdrawal from Tarvel",
     "The mission's team site in Tarvel remains manned.", "tarvel"),
    ("UN mission denies withdrawal from Tarvel",
     "The team site in Tarvel remains manned, a spokesman said.", "tarvel"),
    ("Drawdown notes", "The mission denied reports that it had withdrawn from Camp Osprey.", "osprey"),
    ("Drawdown notes", "The command rejected claims that the Kilmore outpost had been abandoned. "
                       "The outpost remains in use.", "kilmore"),
    ("Drawdown notes", "The ministry denied that troops had left the Varna garrison, which it said "
                       "remains manned.", "varna"),
    ("Drawdown notes", "A spokesman dismissed as false rumours that the Opal air base had been "
                       "handed over.", "opal"),
    ("Drawdown notes", "The army denies having vacated the Tolland depot.", "toland-depot"),
    ("Mission corrects inaccurate claim of withdrawal from Tarvel",
     "Contrary to reports, the mission has not withdrawn from its team site in Tarvel, which "
     "remains manned.", "tarvel"),
])
def test_a_denial_is_no_event_and_takes_the_claim_back(title: str, body: str, key: str) -> None:
    snap = snapshot(body, title)
    assert snap.events == ()
    assert [r.key for r in snap.retractions] == [key]


def test_a_denial_leaves_what_else_the_report_tells() -> None:
    snap = snapshot("The mission denied reports that it had withdrawn from Camp Osprey. "
                    "It handed over the Lark team site on 3 April.")
    assert [(e.name, e.date) for e in snap.events] == [("Lark team site", "2031-04-03")]
    assert [r.key for r in snap.retractions] == ["osprey"]


def test_not_yet_is_still_to_come_in_a_correction() -> None:
    found = read("Contrary to earlier reports, Camp Osprey has not yet been handed over; it will "
                 "be handed over next month.")
    assert found["Camp Osprey"][0] == "planned"


def test_a_cumulative_brief_retracts_the_claim_a_denial_takes_back() -> None:
    first = snapshot("The mission withdrew from Camp Osprey and from the Lark team site on 12 April.",
                     as_of="2031-04-14")
    second = snapshot("The mission denied reports that it had withdrawn from Camp Osprey; the camp "
                      "remains manned.", as_of=AS_OF)
    one = fold(State(), first, ReportRef(1, "2031-04-14", "r1"))
    two = fold(one, second, ReportRef(2, AS_OF, "r2"))
    assert one.fact("event", "osprey").standing
    osprey = two.fact("event", "osprey")
    assert not osprey.standing and osprey.retracted.edition == 2
    assert two.fact("event", "lark").standing  # silence retracts nothing


# -- kind 9: the event, not the statement: the acting organisation is never the site -------------

@pytest.mark.parametrize("body, name, day", [
    ("On 6 April, the mission handed over its former headquarters in Kassala to the state government.",
     "Kassala headquarters", "2031-04-06"),
    ("On 6 April, UNAMIX handed over its team site in Dorra to local authorities.", "Dorra team site",
     "2031-04-06"),
    ("On 6 April, MINUSKA handed over its camp in Pelle to the national authorities, the mission said.",
     "Pelle camp", "2031-04-06"),
    ("On 6 April, the United Nations Mission in Kestrelia (UNMIK) handed over its former "
     "headquarters in Kassala to the state government.", "Kassala headquarters", "2031-04-06"),
    ("UNAMIX closed its office in Ferro on 2 April.", "Ferro office", "2031-04-02"),
])
def test_the_site_acted_on_not_the_organisation_acting(body: str, name: str, day: str) -> None:
    assert read(body) == {name: ("completed", day)}


def test_an_organisations_list_item_names_its_site() -> None:
    found = read("- 6 April: UNAMIX handed over its team site in Dorra to local authorities.\n"
                 "- 8 April: UNAMIX closed its office in Ferro.")
    assert found == {"Dorra team site": ("completed", "2031-04-06"), "Ferro office": ("completed", "2031-04-08")}


# -- dates of found places: what dates the event, and what does not ------------------------------

def dated(body: str) -> dict[str, str | None]:
    return {e.name: e.date for e in snapshot(body).events}


@pytest.mark.parametrize("body, name, day", [
    ("The drawdown began on 7 April, when about forty soldiers were pulled back from the posts at "
     "Tell Amar and Kafr Lusin.", "Tell Amar post", "2031-04-07"),
    ("The pullout started on 12 March, when a tank unit left its garrison at Varnok near Pell.",
     "Varnok garrison", "2031-03-12"),
    ("The brigade held a farewell parade on Sunday as its engineers handed Camp Wren to the "
     "national army.", "Camp Wren", "2031-04-13"),
])
def test_a_day_followed_by_when_or_as_dates_that_clause(body: str, name: str, day: str) -> None:
    assert dated(body)[name] == day


def test_a_date_in_brackets_after_each_listed_site_is_its_own() -> None:
    found = dated("The handover follows the earlier returns of the bases at Orlan (26 March 2031) "
                  "and Pessac (4 April 2031).")
    assert found == {"Orlan base": "2031-03-26", "Pessac base": "2031-04-04"}


@pytest.mark.parametrize("body, name", [
    ("The mission brought forward its departure from Ber, originally planned for around 15 May.", "Ber"),
    ("The camps in Tobin and Garro were meant to be the last to be returned, because the mission "
     "had planned to base its liquidation work there after 1 May.", "Tobin camp"),
])
def test_a_superseded_plan_or_a_bound_is_no_firm_day(body: str, name: str) -> None:
    assert dated(body).get(name) is None


def test_a_day_given_on_a_back_reference_dates_that_place() -> None:
    found = dated("The mission has formally returned its camp in Tobin to the state. Television "
                  "showed the governor and the mission's head signing the transfer papers at the "
                  "camp on Thursday.")
    assert found == {"Tobin camp": "2031-04-17"}


def test_demanding_the_closure_of_the_camp_closes_nothing() -> None:
    found = read("The army will vacate the air base in Pessac by 30 April. Protesters have long "
                 "been demanding the closure of the camp.")
    assert found == {"Pessac air base": ("planned", "2031-04-30")}


def test_sites_acted_on_by_one_action_share_the_day_after_the_last() -> None:
    from tracker.parse.parser import parse_text
    snap = parse_text("Notes\n\nIn a statement on Monday, the agency said it took back Elm Village and "
                      "the adjoining Rook Barracks from the army on 29 March.\n", as_of="2031-04-18")
    assert {e.name: e.date for e in snap.events} == {"Elm Village": "2031-03-29",
                                                      "Rook Barracks": "2031-03-29"}


def test_respectively_pairs_sites_and_days_in_order() -> None:
    from tracker.parse.parser import parse_text
    snap = parse_text("Notes\n\nPosts No. 7 and No. 8 were vacated on Sunday and Monday respectively.\n",
                      as_of="2031-04-18")
    assert sorted(e.date for e in snap.events) == ["2031-04-13", "2031-04-14"]


def test_a_site_opening_its_own_clause_takes_its_own_passive() -> None:
    from tracker.parse.parser import parse_text
    snap = parse_text("Notes\n\nThe moves were: Position 11 pulled back on 2 April, Position 12 was "
                      "evacuated on 3 April.\n", as_of="2031-04-18")
    assert {e.name: e.date for e in snap.events}.get("Position 12") == "2031-04-03"


def test_an_action_told_as_afterwards_takes_no_earlier_day() -> None:
    from tracker.parse.parser import parse_text
    snap = parse_text("Notes\n\nThe headquarters at Lindau held its farewell parade on 11 March 2031 and "
                      "was handed over afterwards.\n", as_of="2031-04-18")
    assert [(e.name, e.date) for e in snap.events] == [("Lindau headquarters", None)]
    item = parse_text("Sites\n\nAs of 18 April 2031\n\n- The depot at Kelm held its last parade on "
                      "2 March 2031 and was handed over later.\n")
    assert [e.date for e in item.events] == [None]


def test_a_sentence_opening_at_a_place_means_it_by_the_camp() -> None:
    from tracker.parse.parser import parse_text
    snap = parse_text("Notes\n\nThe camp at Orne was closed last month. At Vire, dismantling of the "
                      "camp started on 10 April.\n", as_of="2031-04-18")
    dates = {e.name: e.date for e in snap.events}
    assert dates.get("Vire") == "2031-04-10"
    assert dates.get("Orne camp") != "2031-04-10"


def test_a_statement_day_is_not_the_day_of_what_it_reports() -> None:
    from tracker.parse.parser import parse_text
    # "had taken": done before the statement, on a day the sentence does not give
    snap = parse_text("Notes\n\nThe ministry said earlier on Tuesday that government forces had taken "
                      "full control of Tarsk.\n", as_of="2031-04-18")
    assert {e.name: e.date for e in snap.events} == {"Tarsk": None}
    # another day in the sentence is the event's
    snap = parse_text("Notes\n\nThe ministry said on Tuesday that its forces had left Tarsk on "
                      "Sunday.\n", as_of="2031-04-18")
    assert {e.name: e.date for e in snap.events} == {"Tarsk": "2031-04-13"}
