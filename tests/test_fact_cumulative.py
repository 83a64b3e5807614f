"""An analyst's corrections in the views of a cumulative brief (show, diff, history,
timeline): corrections apply per report and the brief is refolded, so the values are the
analyst's; each view marks which facts an analyst changed in which report, with the reason,
as the restating views do ("reading", "corrections", diff kind "corrected"). On both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.app import facts, views
from tracker.app.ingest import ingest
from tracker.audit import verify
from tracker.present import cumulative as text

DATA = Path(__file__).resolve().parent / "data" / "fact-corrections"
BRIEF = "reports"
SECOND = ("Update\nAs of April 6, 2020\n\n"
          "On 5 April 2020 coalition troops withdrew from Camp Bird.\n"
          "On 17 March 2020, coalition troops withdrew from the al-Qaim base on the border with Syria.\n"
          "On 26 March 2020 the coalition completed pulling out of Qayara airfield in northern Iraq.\n")
HOSTILE = "a \x9b31mred <b>reason</b> \u202e"


@pytest.fixture
def folded(store):  # noqa: ANN001, ANN201
    ingest(store, (DATA / "2020-04-04.txt").read_bytes(), source="2020-04-04.txt", brief=BRIEF,
           filename="2020-04-04.txt", mode="cumulative")
    ingest(store, SECOND.encode(), source="r2.txt", brief=BRIEF, filename="2020-04-06.txt")
    ids = {
        "qaim1": facts.record_correction(store, BRIEF, "1", "reject", key="qaim", reason="not a base", by="ana")["id"],
        "qaim2": facts.record_correction(store, BRIEF, "2", "reject", key="qaim", reason=HOSTILE, by="ana")["id"],
        "bird": facts.record_correction(store, BRIEF, "2", "set", key="bird", field="date", value="2020-04-04",
                                        reason="typo", by="ana")["id"],
        "qayara": facts.record_correction(store, BRIEF, "2", "set", key="qayara", field="status", value="completed",
                                          reason="done per report 2", by="bob")["id"],
        "sqoor": facts.record_correction(store, BRIEF, "1", "add", place="Sqoor position", action="withdrawal",
                                         status="completed", quote="the last soldiers are gone from the Sqoor position",
                                         reason="missed by the reader", by="ana")["id"],
    }
    return store, ids


def test_show_marks_each_fact_with_the_corrections_of_its_reports(folded) -> None:  # noqa: ANN001
    store, ids = folded
    doc = views.show_document(store, BRIEF, None)
    shown = {e["key"]: e for e in doc["events"]}
    assert "qaim" not in shown  # rejected from both reports that told it
    assert shown["bird"]["date"] == "2020-04-04" and shown["bird"]["reading"] == "analyst"
    assert [(c["id"], c["field"], c["before"], c["after"], c["reason"], c["by"]) for c in shown["bird"]["corrections"]] \
        == [(ids["bird"], "date", "2020-04-05", "2020-04-04", "typo", "ana")]
    assert shown["qayara"]["reading"] == "analyst" and shown["k1"]["reading"] == "parser"
    sqoor = next(e for e in doc["events"] if e["name"] == "Sqoor position")
    assert sqoor["reading"] == "analyst" and sqoor["corrections"][0]["id"] == ids["sqoor"]
    assert {(c["id"], c["edition"], c["op"]) for c in doc["fact_corrections"]} >= {
        (ids["qaim1"], 1, "reject"), (ids["qaim2"], 2, "reject")}
    # the state at report 1 knows only report 1's corrections
    first = views.show_document(store, BRIEF, "1")
    assert {c["edition"] for c in first["fact_corrections"]} == {1}
    assert {e["key"]: e["reading"] for e in first["events"]}["qayara"] == "parser"
    out = text.state_text(doc)
    assert "[corrected by ana, #%d: date 5 April 2020 -> 4 April 2020: typo]" % ids["bird"] in out
    assert "Rejected by the analyst (2)" in out and "al-Qaim base (event qaim) from #1" in out
    assert "\x9b" not in out and "\u202e" not in out  # a hostile reason is made safe on the terminal
    assert verify(store).ok


def test_diff_says_corrected_with_the_reason_never_a_change_in_the_source(folded) -> None:  # noqa: ANN001
    store, ids = folded
    doc = views.diff_refs(store, BRIEF, "1", "2")
    kinds = {(c["kind"], c["key"], c["field"]) for c in doc["changes"]}
    assert ("corrected", "qayara", "status") in kinds and ("corrected", "qaim", None) in kinds
    assert not {k for k in kinds if k[1] == "qayara" and k[0] != "corrected"}
    status = next(c for c in doc["changes"] if c["key"] == "qayara")
    assert (status["before"], status["after"], status["correction"]["id"], status["correction"]["reason"]) \
        == ("started", "completed", ids["qayara"], "done per report 2")
    rejected = next(c for c in doc["changes"] if c["key"] == "qaim" and c["kind"] == "corrected")
    assert rejected["correction"]["op"] == "reject" and rejected["correction"]["id"] == ids["qaim2"]
    # a correction never hides what the source said: report 2 told al-Qaim and Camp Bird's date
    assert ("added", "qaim", None) in kinds
    bird = [(c["kind"], c["field"], c["before"] if c["field"] else None, (c["after"] or {}).get("date")
             if c["kind"] == "added" else c["after"]) for c in doc["changes"] if c["key"] == "bird"]
    assert bird == [("added", None, None, "2020-04-05"), ("corrected", "date", "2020-04-05", "2020-04-04")]
    assert doc["summary"].get("corrected") == 3
    out = text.diff_text(doc)
    assert "Corrected by the analyst" in out
    assert f"~ Qayara airfield: status started -> completed  [by bob, correction #{ids['qayara']}: done per report 2]" in out
    assert "- al-Qaim base  (rejected from #2)" in out and "\x9b" not in out
    assert "Corrected by the analyst" in text.diff_markdown(doc)


def test_history_and_timeline_mark_the_analysts_reports(folded) -> None:  # noqa: ANN001
    store, ids = folded
    doc = views.history(store, BRIEF, "qayara")
    rows = {r["edition"]: r for r in doc["editions"]}
    assert (rows[1]["status"], rows[1]["reading"]) == ("added", "parser")
    assert (rows[2]["status"], rows[2]["reading"]) == ("corrected", "analyst")
    [change] = rows[2]["changes"]
    assert change["kind"] == "corrected" and change["correction"]["id"] == ids["qayara"]
    out = text.history_text(doc)
    assert f"corrected by the analyst: status started -> completed [by bob, correction #{ids['qayara']}: done per report 2]" in out
    added = views.history(store, BRIEF, "Sqoor position")
    assert added["editions"][0]["reading"] == "analyst" and "added by the analyst" in text.history_text(added)
    timeline = {r["key"]: r for r in views.timeline(store, BRIEF)}
    assert timeline["bird"]["reading"] == "analyst" and timeline["k1"]["reading"] == "parser"
    [rev] = timeline["qayara"]["revisions"]
    assert rev["changes"][0]["kind"] == "corrected"
    out = text.timeline_text(list(timeline.values()))
    assert "revised in #2 (status corrected by the analyst)" in out and "#%d" % ids["bird"] in out


def test_a_rejection_from_one_report_leaves_the_fact_other_reports_tell(store) -> None:  # noqa: ANN001
    ingest(store, (DATA / "2020-04-04.txt").read_bytes(), source="a.txt", brief=BRIEF, filename="2020-04-04.txt",
           mode="cumulative")
    ingest(store, SECOND.encode(), source="b.txt", brief=BRIEF, filename="2020-04-06.txt")
    cid = facts.record_correction(store, BRIEF, "2", "reject", key="qaim", reason="misread", by="ana")["id"]
    doc = views.history(store, BRIEF, "qaim")
    rows = {r["edition"]: r for r in doc["editions"]}
    assert rows[1]["status"] == "added" and rows[2]["status"] == "rejected" and rows[2]["rejected"]["id"] == cid
    assert f"rejected by the analyst [by ana, correction #{cid}: misread]" in text.history_text(doc)
    shown = {e["key"]: e for e in views.show_document(store, BRIEF, None)["events"]}
    assert shown["qaim"]["reading"] == "parser" and shown["qaim"]["reports"] == 1
    # no correction at all: every fact the parser's, no list
    facts.revoke(store, BRIEF, cid, "it was right", by="ana")
    doc = views.show_document(store, BRIEF, None)
    assert {e["reading"] for e in doc["events"]} == {"parser"} and "fact_corrections" not in doc
    assert all(c["kind"] != "corrected" for c in views.diff_refs(store, BRIEF, "1", "2")["changes"])
    assert verify(store).ok


# --- the barkhane-mali sample: corrections of reports that tell only what is new ---------------

SAMPLE = Path(__file__).resolve().parent.parent / "snapshots" / "barkhane-mali"


@pytest.fixture
def barkhane(store):  # noqa: ANN001, ANN201
    for i, path in enumerate(sorted(SAMPLE.iterdir())):
        ingest(store, path.read_bytes(), source=path.name, brief="barkhane-mali", filename=path.name,
               **({"mode": "cumulative"} if i == 0 else {}))
    return store


def test_a_correction_keeps_the_log_of_a_cumulative_report(barkhane) -> None:  # noqa: ANN001
    """Finding 1: the corrected report's changes are computed the cumulative way (against the
    folded state, as at ingest): its summary stays what it was plus "1 corrected by the
    analyst", never "events retracted" / "paragraphs removed"; the reports after it keep theirs."""
    store = barkhane
    before = {r["edition"]: r["summary_line"] for r in views.log_rows(store, "barkhane-mali")}
    assert before[9] == "1 count revised, 1 progressed" and before[10] == "no changes"
    facts.record_correction(store, "barkhane-mali", "9", "set", key="bases-transferred", field="value",
                            value="5", reason="x", by="ana")
    rows = {r["edition"]: r for r in views.log_rows(store, "barkhane-mali", with_changes=True)}
    assert rows[9]["summary_line"] == "1 count revised, 1 corrected by the analyst, 1 progressed"
    assert {n: r["summary_line"] for n, r in rows.items() if n != 9} == {n: s for n, s in before.items() if n != 9}
    assert all(r["summary"]["removed"] == 0 for r in rows.values())
    assert [(c["kind"], c["before"], c["after"]) for c in rows[9]["changes"] if c["key"] == "bases-transferred"] \
        == [("changed", 3, 4), ("corrected", 4, 5)]
    from tracker.app.report import report_data  # noqa: PLC0415

    cards = {c["edition"]: c["summary_line"] for c in report_data(store, "barkhane-mali")["cards"]}
    assert cards[9] == rows[9]["summary_line"] and cards[10] == "no changes"
    assert verify(store).ok


def test_a_cumulative_diff_shows_the_source_change_then_the_correction(barkhane) -> None:  # noqa: ANN001
    """Finding 6: "revised 3 -> 4" by the source, then "corrected 4 -> 5" by the analyst."""
    store = barkhane
    cid = facts.record_correction(store, "barkhane-mali", "9", "set", key="bases-transferred", field="value",
                                  value="5", reason="miscounted", by="ana")["id"]
    doc = views.diff_refs(store, "barkhane-mali", "8", "9")
    mine = [(c["kind"], c["before"], c["after"], (c.get("correction") or {}).get("id"))
            for c in doc["changes"] if c["key"] == "bases-transferred"]
    assert mine == [("changed", 3, 4, None), ("corrected", 4, 5, cid)]
    out = text.diff_text(doc)
    assert "~ bases transferred: value 3 -> 4" in out
    assert f"~ bases transferred: value 4 -> 5  [by ana, correction #{cid}: miscounted]" in out
    # over several reports too: what the sources said, then what the analyst corrected
    wide = views.diff_refs(store, "barkhane-mali", "1", "12")
    assert ("corrected", 4, 5) in [(c["kind"], c["before"], c["after"]) for c in wide["changes"]
                                   if c["key"] == "bases-transferred"]


def test_a_correction_that_moves_no_compiled_value_is_still_told(barkhane) -> None:  # noqa: ANN001
    """Finding 7: a date set in report 7 (whose date the fold does not show) is in `diff 6 7`
    and in the fact's history; a mark on `show latest` describes the value shown: a
    correction a later report has replaced says "superseded by report N"."""
    store = barkhane
    date = facts.record_correction(store, "barkhane-mali", "7", "set", key="timbuktu", field="date",
                                   value="2021-12-14", reason="a typo", by="ana")["id"]
    doc = views.diff_refs(store, "barkhane-mali", "6", "7")
    assert ("corrected", "date", "2021-12-13", "2021-12-14", date) in [
        (c["kind"], c["field"], c["before"], c["after"], (c.get("correction") or {}).get("id"))
        for c in doc["changes"] if c["key"] == "timbuktu"]
    history = views.history(store, "barkhane-mali", "timbuktu")
    row = next(r for r in history["editions"] if r["edition"] == 7)
    assert [(c["kind"], c["correction"]["id"]) for c in row["changes"]] == [("corrected", date)]
    assert f"date 13 December 2021 -> 14 December 2021 [by ana, correction #{date}: a typo]" \
        in text.history_text(history)
    count = facts.record_correction(store, "barkhane-mali", "9", "set", key="bases-transferred", field="value",
                                    value="5", reason="miscounted", by="ana")["id"]
    latest = {c["key"]: c for c in views.show_document(store, "barkhane-mali", None)["counts"]}
    fact = latest["bases-transferred"]
    assert fact["value"] == 6 and fact["reading"] == "parser"
    assert [(c["id"], c["superseded_by"]) for c in fact["corrections"]] == [(count, 12)]
    out = text.state_text(views.show_document(store, "barkhane-mali", None))
    assert f"#{count}: value 4 -> 5: miscounted; superseded by report #12]" in out
    at9 = {c["key"]: c for c in views.show_document(store, "barkhane-mali", "9")["counts"]}
    assert at9["bases-transferred"]["reading"] == "analyst" and "superseded_by" not in at9["bases-transferred"]["corrections"][0]
    history = views.history(store, "barkhane-mali", "bases-transferred")
    row = next(r for r in history["editions"] if r["edition"] == 9)
    assert [(c["kind"], c["before"], c["after"]) for c in row["changes"]] == [("revised", 3, 4), ("corrected", 4, 5)]
    assert verify(store).ok
