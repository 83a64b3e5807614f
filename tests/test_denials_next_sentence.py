"""Denials and corrections (failure kind 7): a claim reported in one sentence and called wrong
in the next ("Report No. 3 stated that ... That statement was inaccurate."), and a report
placed and timed before its "that" ("A report in a Townsville daily last week that ... is
incorrect"), are no events: their places are taken back. Invented texts."""

from __future__ import annotations

from tracker.parse import parse_text


def _read(body: str):  # noqa: ANN202
    return parse_text(f"Situation report\n\nAs of 20 January 2011\n\n{body}\n")


def test_a_statement_the_next_sentence_calls_wrong_is_taken_back() -> None:
    snap = _read("Report No. 3 stated that the Kilo camp had been handed over on 25 November 2010. "
                 "That statement was inaccurate. The camp is now to be handed over to the "
                 "government in late January 2011.")
    assert [r.key for r in snap.retractions] == ["kilo"]
    assert [(e.name, e.date, e.date_precision, e.status) for e in snap.events] == \
        [("Kilo camp", "2011-01-21", "part-month", "planned")]


def test_a_statement_the_next_sentence_leaves_alone_stands() -> None:
    snap = _read("Report No. 3 stated that the Kilo camp had been handed over on 25 November 2010. "
                 "That statement is confirmed by the ministry.")
    assert snap.retractions == ()
    assert [(e.name, e.date, e.status) for e in snap.events] == [("Kilo camp", "2010-11-25", "completed")]


def test_a_report_placed_and_timed_before_its_claim_is_taken_back() -> None:
    snap = _read("A report in a Townsville daily last week that personnel had already left Post Amber "
                 "is incorrect.")
    assert [r.key for r in snap.retractions] == ["amber"]
    assert snap.events == ()
