"""Dates with their precision (issue 21, failure kind 8): "in late March", "in March 2020",
"by the end of the year", "last week" keep a date and its precision (the first day of the
period), end to end: vocabulary, parsing, the snapshot's bytes, diff (`refined`), history, the
cumulative fold, export, presentation, and the store on each engine (verify included).

Every sentence is written for this test; the expected reading was decided before running it.
"""

from __future__ import annotations

import json

import pytest
from clihelpers import run, run_json
from test_browsing_views import query
from sqlalchemy import text as sql_text

from tracker.app.export import date_precision
from tracker.canonical import canonical_json, snapshot_dict
from tracker.diff import compare, summary_line
from tracker.fold import ReportRef, compare_states, fold_all
from tracker.model import Event, Snapshot
from tracker.parse import parse_text
from tracker.present.text import diff_text, snapshot_text, written_date
from tracker.vocabulary.dates import find_dates, find_periods
from tracker.vocabulary.periods import Dated, date_text, narrows, span
from tracker.vocabulary.relative import find_relative

AS_OF = "2020-04-11"  # a Saturday


# -- vocabulary ---------------------------------------------------------------------------------

PERIODS = [
    ("withdrew in late March", "late March", "2020-03-21", "part-month"),
    ("left in early March", "early March", "2020-03-01", "part-month"),
    ("handed over in mid-August 2019", "mid-August 2019", "2019-08-11", "part-month"),
    ("vacated at the end of February", "the end of February", "2020-02-21", "part-month"),
    ("closed in the first days of April", "the first days of April", "2020-04-01", "part-month"),
    ("left in March 2020.", "March 2020", "2020-03-01", "month"),
    ("returned in March", "March", "2020-03-01", "month"),
    ("handed over in mid-December last year", "mid-December last year", "2019-12-11", "part-month"),
    ("to be returned by the end of the year", "the end of the year", "2020-01-01", "year"),
    ("closes by the end of 2021", "the end of 2021", "2021-01-01", "year"),
    ("due to close in early 2025", "early 2025", "2025-01-01", "quarter"),
    ("will go in late 2022", "late 2022", "2022-10-01", "quarter"),
    ("in mid-2021", "mid-2021", "2021-01-01", "year"),
    ("in the third quarter", "the third quarter", "2020-07-01", "quarter"),
    ("in Q3 2021", "Q3 2021", "2021-07-01", "quarter"),
    ("in the first half of 2021", "the first half of 2021", "2021-01-01", "half-year"),
    ("in the second half of the year", "the second half of the year", "2020-07-01", "half-year"),
    ("pulled out in 2019 after", "2019", "2019-01-01", "year"),
    ("during the week of 6 April 2020", "the week of 6 April 2020", "2020-04-06", "week"),
]


@pytest.mark.parametrize("text,found,iso,precision", PERIODS)
def test_periods_are_found_with_their_first_day(text: str, found: str, iso: str, precision: str) -> None:
    (p,) = find_periods(text, as_of=AS_OF)
    assert (text[p.start:p.end], p.iso, p.iso.precision) == (found, iso, precision)


@pytest.mark.parametrize("text", ["troops may leave", "they march on", "in 2019 troops left",
                                  "by 30 June", "in the second half of the match", "early on",
                                  "as of 2020-03-17", ""])
def test_no_period(text: str) -> None:
    assert find_periods(text, as_of=AS_OF) == []


def test_a_month_ahead_of_the_edition_is_last_years_or_the_one_ahead() -> None:
    (p,) = find_periods("will be handed over in late May", as_of=AS_OF)
    assert (p.iso, p.ahead) == ("2019-05-21", "2020-05-21")


def test_without_an_edition_date_a_yearless_period_has_no_date() -> None:
    (p,) = find_periods("left in late March")
    assert p.iso is None


def test_find_dates_is_unchanged_by_periods() -> None:
    (d,) = find_dates("an agreement in June 2014 between")
    assert d.partial and d.iso is None


@pytest.mark.parametrize("text,iso,precision", [
    ("handed over last week", "2020-03-30", "week"),
    ("closed this week", "2020-04-06", "week"),
    ("left earlier this month", "2020-04-01", "month"),
    ("returned last month", "2020-03-01", "month"),
    ("to close next year", "2021-01-01", "year"),
    ("closed earlier this year", "2020-01-01", "year"),
])
def test_relative_periods_count_from_the_edition(text: str, iso: str, precision: str) -> None:
    (r,) = find_relative(text, AS_OF)
    assert (r.iso, r.iso.precision) == (iso, precision)


def test_vague_expressions_still_name_nothing() -> None:
    assert [r.iso for r in find_relative("in recent weeks and a few days ago", AS_OF)] == [None, None]


def test_period_arithmetic_and_words() -> None:
    assert span("2020-03-21", "part-month") == ("2020-03-21", "2020-03-31")
    assert span("2020-02-21", "part-month") == ("2020-02-21", "2020-02-29")
    assert span("2020-03-30", "week") == ("2020-03-30", "2020-04-05")
    assert span("2020-07-01", "quarter") == ("2020-07-01", "2020-09-30")
    assert span("2020-07-01", "half-year") == ("2020-07-01", "2020-12-31")
    assert narrows("2020-03-01", "month", "2020-03-17", None)
    assert narrows("2020-01-01", "year", "2020-03-21", "part-month")
    assert not narrows("2020-03-01", "month", "2020-04-02", None)  # outside: a change
    assert not narrows("2020-03-17", None, "2020-03-01", "month")  # wider: no refinement
    assert [date_text(d, p) for d, p in [("2020-03-21", "part-month"), ("2020-03-01", "month"),
                                         ("2020-01-01", "year"), ("2020-04-06", "week"),
                                         ("2021-01-01", "quarter"), ("2021-07-01", "half-year"),
                                         ("2020-03-17", None)]] == [
        "late March 2020", "March 2020", "2020", "week of 6 April 2020", "first quarter of 2021",
        "second half of 2021", "2020-03-17"]


# -- parsing ------------------------------------------------------------------------------------

def facts(body: str, published: str = "2021-11-20") -> list[tuple]:
    snap = parse_text(f"Report\n\nPublished: {published}\n\n{body}\n")
    return [(e.key, e.date, e.date_precision, e.status) for e in snap.events]


@pytest.mark.parametrize("body,expected", [
    ("French troops left the base in Kidal in late October.",
     [("kidal", "2021-10-21", "part-month", "completed")]),
    ("The Gossi camp was handed over in April 2021.", [("gosi", "2021-04-01", "month", "completed")]),
    ("Camp Echo will be handed over by the end of the year.", [("echo", "2021-01-01", "year", "planned")]),
    ("The mission closed its base in Lubero on 26 December last year.",
     [("lubero", "2020-12-26", None, "completed")]),  # a day, in the year the period gives
    ("The mission closed its base in Khost today, completing a restructuring that began last year.",
     [("khost", "2021-11-20", None, "completed")]),  # a period in another clause is not its date
])
def test_prose_takes_the_period_when_no_day_is_given(body: str, expected: list[tuple]) -> None:
    assert facts(body) == expected


def test_an_item_takes_the_period_of_its_own_sentence() -> None:
    snap = parse_text("Brief\n\nAs of 11 April 2020\n\n1. Camp Alpha: coalition troops withdrew in late "
                      "March 2020.\n2. Camp Bravo: handed over to Iraqi forces on 4 April 2020.\n")
    assert [(e.key, e.date, e.date_precision) for e in snap.events] == [
        ("alpha", "2020-03-21", "part-month"), ("bravo", "2020-04-04", None)]


def test_a_verbless_line_with_a_period_is_no_event() -> None:
    snap = parse_text("Brief\n\nAs of 11 April 2020\n\n- Notes on the sites (March 2020)\n")
    assert snap.events == ()


# -- the snapshot's bytes -------------------------------------------------------------------------

def test_precision_is_serialised_beside_the_date_and_only_when_set() -> None:
    month = Event("a", "Camp A", Dated("2020-03-01", "month"))
    day = Event("b", "Camp B", "2020-03-17")
    assert (month.date, month.date_precision, type(month.date)) == ("2020-03-01", "month", str)
    snap = Snapshot(as_of=AS_OF, events=(month, day))
    events = snap.to_dict()["events"]
    assert list(events[0])[:4] == ["key", "name", "date", "date_precision"]
    assert "date_precision" not in events[1]
    assert canonical_json(snap.to_dict()) == canonical_json(snapshot_dict(snap))
    assert Snapshot.from_dict(json.loads(json.dumps(snap.to_dict()))) == snap


def test_a_snapshot_stored_before_the_field_keeps_its_bytes() -> None:
    old = {"title": "T", "as_of": AS_OF, "events": [
        {"key": "a", "name": "Camp A", "date": "2020-03-17", "action": "handover",
         "status": "completed", "place": None, "actors": [], "nations": [], "personnel": None,
         "notes": [], "aliases": [], "text": ""}], "counts": [], "sections": [], "warnings": []}
    assert canonical_json(Snapshot.from_dict(old).to_dict()) == canonical_json(old)


# -- diff ---------------------------------------------------------------------------------------------

def one(date: str | None, precision: str | None = None, key: str = "alpha") -> Snapshot:
    return Snapshot(as_of=AS_OF, events=(Event(key, "Camp Alpha", date, "withdrawal", "completed",
                                               date_precision=precision),))


def test_a_date_narrowed_inside_its_period_is_refined() -> None:
    (c,) = compare(one("2020-03-01", "month"), one("2020-03-17"))
    assert (c.kind, c.field, c.before, c.after) == (
        "refined", "date", {"date": "2020-03-01", "precision": "month"}, "2020-03-17")
    assert summary_line([c]) == "1 date refined"
    text = diff_text({"brief": "b", "from": {"edition": 1}, "to": {"edition": 2},
                      "changes": [c.to_dict()]}, color=False)
    assert "Refined dates\n  ~ Camp Alpha: date March 2020 -> 17 March 2020" in text


def test_a_finer_period_inside_a_coarser_one_is_refined_too() -> None:
    (c,) = compare(one("2020-01-01", "year"), one("2020-03-21", "part-month"))
    assert c.kind == "refined"


def test_a_date_moved_outside_its_period_is_a_change() -> None:
    (c,) = compare(one("2020-03-01", "month"), one("2020-04-02"))
    assert (c.kind, c.before, c.after) == ("changed", {"date": "2020-03-01", "precision": "month"},
                                           "2020-04-02")
    assert summary_line([c]) == "1 date corrected"


def test_the_same_first_day_with_another_precision_is_a_change_of_the_date() -> None:
    (c,) = compare(one("2020-03-01", "month"), one("2020-03-01"))
    assert (c.kind, c.field) == ("refined", "date")  # 1 March lies in March
    (c,) = compare(one("2020-03-01"), one("2020-03-01", "month"))
    assert (c.kind, c.field) == ("changed", "date")  # less precise than before


def test_day_dates_compare_as_before() -> None:
    (c,) = compare(one("2020-03-17"), one("2020-03-19"))
    assert (c.kind, c.before, c.after) == ("changed", "2020-03-17", "2020-03-19")


# -- the cumulative fold ----------------------------------------------------------------------------

def fold_of(*tellings: tuple[str, str | None, str | None]) -> list:
    reports = []
    for n, (as_of, date, precision) in enumerate(tellings, 1):
        reports.append((Snapshot(as_of=as_of, events=(Event("alpha", "Camp Alpha", date, "withdrawal",
                                                            "completed", date_precision=precision),)),
                        ReportRef(n, as_of, f"r{n}"), "cumulative"))
    return fold_all(reports)


def test_the_fold_refines_and_never_disputes_a_narrower_date() -> None:
    states = fold_of(("2020-04-11", "2020-03-01", "month"), ("2020-04-11", "2020-03-17", None),
                     ("2020-04-18", "2020-03-01", "month"))
    fact = states[1].facts[0]
    assert (fact.data["date"], "date_precision" in fact.data, fact.disputes) == ("2020-03-17", False, ())
    (c,) = compare_states(states[0], states[1])
    assert (c.kind, c.field, c.before, c.after) == (
        "refined", "date", {"date": "2020-03-01", "precision": "month"}, "2020-03-17")
    assert compare_states(states[1], states[2]) == []  # "in March" again adds nothing
    assert states[2].facts[0].data["date"] == "2020-03-17"


def test_the_fold_revises_a_date_outside_the_period() -> None:
    states = fold_of(("2020-04-11", "2020-03-01", "month"), ("2020-04-18", "2020-04-02", None))
    (c,) = compare_states(states[0], states[1])
    assert (c.kind, c.after) == ("changed", "2020-04-02")
    assert "date_precision" not in states[1].facts[0].data


def test_a_period_settles_no_dispute_between_two_days_inside_it() -> None:
    states = fold_of(("2024-07-08", "2024-07-08", None), ("2024-07-08", "2024-07-07", None),
                     ("2024-08-05", "2024-07-01", "month"))
    assert any(d.open for d in states[2].facts[0].disputes)


# -- presentation and export -------------------------------------------------------------------------

def test_text_writes_the_period_never_its_first_day() -> None:
    snap = Snapshot(as_of=AS_OF, events=(Event("a", "Camp A", "2020-03-21", date_precision="part-month"),
                                         Event("b", "Camp B", "2020-03-30", date_precision="week")))
    out = snapshot_text(snap)
    assert "late March 2020" in out and "week of 30 March 2020" in out and "21 March" not in out
    assert written_date({"date": "2020-01-01", "precision": "year"}) == "2020"
    assert written_date("2020-03-17") == "17 March 2020"


def test_export_precision_column() -> None:
    assert [date_precision(d, p) for d, p in [("2020-03-17", None), ("2020-03-21", "part-month"),
                                              ("2020-01-01", "year"), (None, None)]] == [
        "day", "part-month", "year", None]


# -- the store, on each engine ------------------------------------------------------------------------

EDITION = "Iraq bases brief\n\nAs of {as_of}\n\n1. Camp Alpha: coalition troops withdrew {when}.\n" \
          "2. Camp Bravo: handed over to Iraqi forces on 4 April 2020.\n"


def test_refinement_end_to_end(db_url: str, tmp_path) -> None:  # noqa: ANN001
    first, second = tmp_path / "2020-04-11.txt", tmp_path / "2020-04-18.txt"
    first.write_text(EDITION.format(as_of="11 April 2020", when="in late March 2020"), encoding="utf-8")
    second.write_text(EDITION.format(as_of="18 April 2020", when="on 27 March 2020"), encoding="utf-8")
    run(db_url, "ingest", "--brief", "iraq", str(first), str(second))
    diff = run_json(db_url, "diff")
    assert [(c["kind"], c["field"], c["before"], c["after"]) for c in diff["changes"]] == [
        ("refined", "date", {"date": "2020-03-21", "precision": "part-month"}, "2020-03-27")]
    assert "Refined dates\n  ~ Camp Alpha: date late March 2020 -> 27 March 2020" in run(db_url, "diff").stdout
    assert "date refined" in run(db_url, "log").stdout
    history = run_json(db_url, "history", "Camp Alpha")
    assert [r["status"] for r in history["editions"]] == ["added", "refined"]
    assert "date refined: date late March 2020 -> 27 March 2020" in run(db_url, "history", "Camp Alpha").stdout
    shown = run_json(db_url, "show", "1")
    assert shown["events"][0]["date_precision"] == "part-month"
    assert "late March 2020" in run(db_url, "show", "1").stdout
    rows = [json.loads(line) for line in run(db_url, "export", "--table", "events", "--format",
                                             "ndjson").stdout.splitlines()]
    assert [(r["edition"], r["key"], r["event_date"], r["date_precision"]) for r in rows] == [
        (1, "alpha", "2020-03-21", "part-month"), (1, "bravo", "2020-04-04", "day"),
        (2, "alpha", "2020-03-27", "day"), (2, "bravo", "2020-04-04", "day")]
    rows = query(db_url, "SELECT edition, key, event_date, date_precision FROM events ORDER BY edition, key")
    assert [tuple(r.values()) for r in rows] == [
        (1, "alpha", "2020-03-21", "part-month"), (1, "bravo", "2020-04-04", "day"),
        (2, "alpha", "2020-03-27", "day"), (2, "bravo", "2020-04-04", "day")]
    run(db_url, "verify")


def test_verify_still_catches_a_wrong_date_column_beside_a_precision(db_url: str, tmp_path) -> None:  # noqa: ANN001
    from tracker.store import open_store

    path = tmp_path / "2020-04-11.txt"
    path.write_text(EDITION.format(as_of="11 April 2020", when="in late March 2020"), encoding="utf-8")
    run(db_url, "ingest", "--brief", "iraq", str(path))
    run(db_url, "verify")
    store = open_store(db_url)
    with store.engine.begin() as conn:
        conn.execute(sql_text("UPDATE entity_versions SET date = '2020-03-22' WHERE key = 'alpha'"))
    store.engine.dispose()
    result = run(db_url, "verify", code=1)
    assert "entity_versions" in result.stdout + result.stderr
