"""Audit views on the sample editions ingested out of order (a backfill), on each engine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.app import views
from tracker.parse.parser import parse_bytes
from tracker.app.ingest import ingest
from tracker.present.views import history_text, log_text

ROOT = Path(__file__).resolve().parent.parent
IRAQ = ROOT / "snapshots" / "iraq-coalition-withdrawal"
FILES = {p.stem: p for p in sorted(IRAQ.iterdir())}  # as-of date -> file
BRIEF = "iraq-coalition-withdrawal"
# Ingestion order differs from as-of order: the 11 April edition arrives last (backfilled).
ORDER = ["2020-08-23", "2020-04-04", "2020-08-30", "2020-04-11"]


@pytest.fixture
def backfilled(store):  # noqa: ANN001, ANN201
    for as_of in ORDER:
        path = FILES[as_of]
        ingest(store, path.read_bytes(), source=path.name, brief=BRIEF, filename=str(path))
    return store


def test_log_is_in_as_of_order_with_ingestion_numbers(backfilled) -> None:  # noqa: ANN001
    rows = views.log_rows(backfilled, BRIEF)
    assert [(r["edition"], r["as_of"]) for r in rows] == [
        (2, "2020-04-04"), (4, "2020-04-11"), (1, "2020-08-23"), (3, "2020-08-30")]
    # The backfilled edition was compared with the edition in force before it (4 April).
    backfill = rows[1]
    assert backfill["compared_with"] == 2
    assert backfill["summary"] == {"added": 1, "removed": 0, "changed": 4}  # count value + as-of, 2 paragraphs


def test_log_says_which_edition_a_summary_was_compared_with_after_a_backfill(backfilled) -> None:  # noqa: ANN001
    """A summary is what ingest compared: after a backfill, a line whose edition was compared
    with another than the one listed above it says which, in text; JSON gives both."""
    rows = views.log_rows(backfilled, BRIEF)
    assert [(r["edition"], r["compared_with"], r["follows"]) for r in rows] == [
        (2, None, None), (4, 2, 2), (1, None, 4), (3, 1, 1)]
    lines = log_text(rows).splitlines()
    assert lines[1].endswith("2 paragraphs rewritten")  # compared with #2, listed just above
    assert lines[2].endswith("(against no edition: stored first)")  # stored before any other
    assert not lines[3].endswith(")")
    from tracker.present.views import log_markdown

    table = {line.split(" | ")[0]: line.split(" | ")[5] for line in log_markdown(rows, BRIEF).splitlines()
             if line.startswith("| ") and line[2].isdigit()}
    assert table == {"| 2": "first", "| 4": "#2", "| 1": "none (stored first)", "| 3": "#1"}
    three = ingest_order_log(backfilled)
    assert three[-1].endswith("(against #1)")


def ingest_order_log(store) -> list[str]:  # noqa: ANN001
    """The log of a second brief: 4 April, 23 August, then 11 April backfilled between them."""
    for as_of in ("2020-04-04", "2020-08-23", "2020-04-11"):
        path = FILES[as_of]
        ingest(store, path.read_bytes(), source=path.name, brief="second", filename=str(path))
    rows = views.log_rows(store, "second")
    assert [(r["edition"], r["compared_with"], r["follows"]) for r in rows] == [(1, None, None), (3, 1, 1), (2, 1, 3)]
    return log_text(rows).splitlines()


def test_show_resolves_dates_between_editions(backfilled) -> None:  # noqa: ANN001
    assert views.show_document(backfilled, BRIEF, "2020-04-10")["edition"]["edition"] == 2
    assert views.show_document(backfilled, BRIEF, "2020-04-11")["edition"]["edition"] == 4
    assert views.show_document(backfilled, BRIEF, "2020-08-29")["edition"]["edition"] == 1
    assert views.show_document(backfilled, BRIEF, None)["edition"]["edition"] == 3
    from tracker.errors import NotFoundError

    with pytest.raises(NotFoundError):
        views.show_document(backfilled, BRIEF, "2020-04-03")


def in_force(day: str) -> Path | None:
    dates = [d for d in FILES if d <= day]
    return FILES[max(dates)] if dates else None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=dt.date(2020, 4, 4), max_value=dt.date(2020, 12, 31)))
def test_show_as_of_equals_parsing_the_edition_in_force(backfilled, day: dt.date) -> None:  # noqa: ANN001
    path = in_force(day.isoformat())
    shown = views.show_document(backfilled, BRIEF, day.isoformat())
    parsed = parse_bytes(path.read_bytes(), str(path)).to_dict()
    for plural in ("events", "counts"):  # show marks whose reading each is: the parser's here
        assert all(item.pop("reading") == "parser" for item in shown[plural])
    for field in ("title", "as_of", "events", "counts", "sections", "warnings"):
        assert shown[field] == parsed[field], field


def test_history_follows_a_respelled_base_through_the_backfill(backfilled) -> None:  # noqa: ANN001
    doc = views.history(backfilled, BRIEF, "Qayyarah airfield")
    rows = [(r["edition"], r["as_of"], r["status"], r["name"]) for r in doc["editions"]]
    assert rows == [
        (2, "2020-04-04", "added", "Qayara airfield"),
        (4, "2020-04-11", "unchanged", "Qayara airfield"),
        (1, "2020-08-23", "changed", "Qayyarah airfield"),
        (3, "2020-08-30", "unchanged", "Qayyarah airfield"),
    ]
    fields = {c["field"]: (c["before"], c["after"]) for c in doc["editions"][2]["changes"]}
    assert fields["status"] == ("started", "completed")
    assert fields["name"] == ("Qayara airfield", "Qayyarah airfield")
    assert "Qayyarah airfield" in history_text(doc)


def test_history_of_a_retracted_base_ends_removed(backfilled) -> None:  # noqa: ANN001
    doc = views.history(backfilled, BRIEF, "al-sqoor")
    assert [r["status"] for r in doc["editions"]] == ["added", "unchanged", "unchanged", "removed"]
    assert doc["editions"][-1]["as_of"] == "2020-08-30"


def test_timeline_rows(backfilled) -> None:  # noqa: ANN001
    rows = views.timeline(backfilled, BRIEF)
    summary = [(r["date"], r["first_reported"]["as_of"], bool(r["revisions"]), r["retracted"] is not None)
               for r in rows]
    assert summary == [
        ("2020-03-17", "2020-04-04", False, False),
        ("2020-03-26", "2020-04-04", True, False),
        ("2020-03-29", "2020-04-04", True, False),
        ("2020-03-30", "2020-04-04", False, True),
        ("2020-04-04", "2020-04-04", False, False),
        ("2020-04-06", "2020-04-11", False, False),
        ("2020-08-23", "2020-08-23", False, False),
    ]
    abu = rows[5]
    assert abu["first_reported"]["edition"] == 4  # the backfilled edition reported it first by as-of
    assert [r["date"] for r in views.timeline(backfilled, BRIEF, since="2020-04-01", until="2020-04-30")] == [
        "2020-04-04", "2020-04-06"]


def test_diff_by_dates_uses_as_of_order(backfilled) -> None:  # noqa: ANN001
    doc = views.diff_refs(backfilled, BRIEF, "2020-04-04", "2020-04-11")
    assert (doc["from"]["edition"], doc["to"]["edition"]) == (2, 4)
    added = [c["key"] for c in doc["changes"] if c["kind"] == "added"]
    assert added == ["abu-ghraib"]
