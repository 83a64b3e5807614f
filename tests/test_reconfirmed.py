"""A count whose figure stays while its as-of moves later ("As of 4 April, two bases" ->
"As of 11 April, two bases") is reconfirmed, not revised: in the diff (JSON, text, Markdown),
the summaries, log, history and the report's chart, on restating and cumulative briefs, and a
record logged before the kind existed still verifies and reads the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from clihelpers import run, run_json

from tracker.app import views
from tracker.app.sources import ingest_paths
from tracker.app.report import report_data
from tracker.audit import verify
from tracker.diff import compare, reconfirmed, summary_line
from tracker.model import Change, Count, Snapshot
from tracker.present.report import report_html
from tracker.present.views import history_text

DATA = Path(__file__).resolve().parent / "data" / "reconfirmed"
FILES = sorted(DATA.iterdir())  # 4 April: 2 bases; 11 April: 2 bases again; 18 April: 3


def _counts(*counts: tuple[int, str]) -> Snapshot:
    return Snapshot(counts=tuple(Count("bases-transferred", "bases", value, as_of) for value, as_of in counts))


def test_the_same_figure_as_of_a_later_day_is_reconfirmed() -> None:
    (change,) = compare(_counts((6, "2020-04-04")), _counts((6, "2020-04-11")))
    assert (change.kind, change.field, change.before, change.after) == (
        "reconfirmed", "as_of", "2020-04-04", "2020-04-11")
    assert summary_line([change]) == "1 count reconfirmed"


@pytest.mark.parametrize("before, after, kinds", [
    ((5, "2020-04-04"), (6, "2020-04-11"), [("changed", "value"), ("changed", "as_of")]),  # a revision
    ((6, "2020-04-11"), (6, "2020-04-04"), [("changed", "as_of")]),  # an earlier day: no reconfirmation
])
def test_a_new_figure_or_an_earlier_day_stays_a_revision(before, after, kinds) -> None:
    assert [(c.kind, c.field) for c in compare(_counts(before), _counts(after))] == kinds


def test_a_reconfirmation_logged_as_a_change_reads_as_one() -> None:
    """Ingests before the kind logged a `changed` as-of: log and export read it as today's diff."""
    old = Change("changed", "count", "bases-transferred", "bases transferred", "as_of", "2020-04-04", "2020-04-11")
    assert [c.kind for c in reconfirmed([old])] == ["reconfirmed"]
    assert reconfirmed(reconfirmed([old])) == reconfirmed([old])


def _ingest(store, files=FILES, mode: str | None = None) -> str:  # noqa: ANN001
    outcomes = ingest_paths(lambda: store, files, brief="bases", as_of=None, source=None, mode=mode)
    assert [o["status"] for o in outcomes] == ["stored"] * len(files)
    return "bases"


def test_restating_brief_log_history_and_report_say_reconfirmed(store) -> None:  # noqa: ANN001
    brief = _ingest(store)
    doc = views.diff_refs(store, brief, "1", "2")
    assert [(c["kind"], c["entity"], c["field"]) for c in doc["changes"] if c["entity"] == "count"] == [
        ("reconfirmed", "count", "as_of")]
    assert doc["summary"]["reconfirmed"] == 1 and doc["summary"]["changed"] == 1  # the paragraph
    lines = [r["summary_line"] for r in views.log_rows(store, brief)]
    assert lines[1] == "+1 event, 1 count reconfirmed, 1 paragraph rewritten"
    assert lines[2].startswith("1 count revised")
    history = views.history(store, brief, "bases-transferred")
    assert [r["status"] for r in history["editions"]] == ["added", "reconfirmed", "changed"]
    text = history_text(history)
    assert "#2 (11 April 2020): reconfirmed (still 2): as of 4 April 2020 -> 11 April 2020." in text
    (series,) = report_data(store, brief)["counts"]
    assert [(p["value"], p.get("reconfirmed", False)) for p in series["points"]] == [
        (2, False), (2, True), (3, False)]
    page = report_html(report_data(store, brief))
    assert page.count('class="count-point reconfirmed"') == 1  # a ring on the same step
    assert "reconfirmed as of a later day" in page


def test_cumulative_brief_says_reconfirmed_too(store) -> None:  # noqa: ANN001
    brief = _ingest(store, FILES[:2], mode="cumulative")
    doc = views.diff_refs(store, brief, "1", "2")
    assert [(c["kind"], c["field"], c["before"], c["after"]) for c in doc["changes"] if c["entity"] == "count"] == [
        ("reconfirmed", "as_of", "2020-04-04", "2020-04-11")]
    assert views.log_rows(store, brief)[1]["summary_line"] == "+1 event, 1 count reconfirmed"
    history = views.history(store, brief, "bases-transferred")
    assert [r["status"] for r in history["editions"]] == ["added", "reconfirmed"]
    assert history["editions"][1]["changes"] == [
        {"field": "as_of", "before": "2020-04-04", "after": "2020-04-11", "kind": "reconfirmed"}]
    assert verify(store, deep=True).ok


def test_a_record_logged_before_the_kind_still_verifies_deep(store, monkeypatch) -> None:  # noqa: ANN001
    """A database ingested by the engine before `reconfirmed` logged a `changed` as-of: `verify
    --deep` recomputes today's changes and accepts the older wording of the same change, and
    log reads it as a reconfirmation."""
    import tracker.diff

    monkeypatch.setattr(tracker.diff, "reconfirmed", list)  # the engine before the kind
    brief = _ingest(store, FILES[:2])
    monkeypatch.undo()
    logged = store.log(brief)[1]["changes"]
    assert [c["kind"] for c in logged if c["entity"] == "count"] == ["changed"]
    assert verify(store, deep=True).ok
    assert views.log_rows(store, brief)[1]["summary_line"] == "+1 event, 1 count reconfirmed, 1 paragraph rewritten"


def test_diff_exit_code_counts_a_reconfirmation_as_a_difference(tmp_path) -> None:  # noqa: ANN001
    db = str(tmp_path / "t.db")
    run(db, "init")
    run(db, "ingest", *map(str, FILES[:2]), "--brief", "bases")
    out = run(db, "diff", "1", "2", "--exit-code", code=1).stdout
    assert "Reconfirmed figures\n  = bases transferred: same figure, as of 4 April 2020 -> 11 April 2020" in out
    assert "Summary: +1 event, 1 count reconfirmed, 1 paragraph rewritten" in out
    assert run_json(db, "diff", "1", "2")["summary"]["reconfirmed"] == 1
    markdown = run(db, "diff", "1", "2", "--format", "markdown").stdout
    assert "### Reconfirmed figures" in markdown and "| bases transferred | as of | 4 April 2020 | 11 April 2020 |" in markdown
