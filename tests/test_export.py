"""Export tables on the sample editions, on each engine: every format carries the same rows,
CSV writes lists as `a; b`, JSON and NDJSON keep them exact, and the tables agree with the
views and with `show`, `timeline` and `log`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_browsing_views import query
from test_cli import IRAQ_FILES, run, run_json

from tracker.app.export import TABLES, date_precision, read_csv_events

BRIEF = "iraq-coalition-withdrawal"


@pytest.fixture
def iraq_db(db_url: str) -> str:
    run(db_url, "ingest", *map(str, IRAQ_FILES))
    return db_url


def ndjson(db: str, *args: str) -> list[dict]:
    return [json.loads(line) for line in run(db, "export", "--format", "ndjson", *args).stdout.splitlines()]


@pytest.mark.parametrize("table", sorted(set(TABLES) - {"corrections"}))  # corrections: test_correction_views
def test_every_format_carries_the_same_rows(iraq_db: str, table: str) -> None:
    lines = ndjson(iraq_db, "--table", table)
    document = json.loads(run(iraq_db, "export", "--table", table).stdout)
    assert document == {table: lines} and lines
    assert all(list(row) == list(TABLES[table]) for row in lines)
    rows = list(csv.DictReader(io.StringIO(run(iraq_db, "export", "--table", table, "--format", "csv").stdout)))
    assert len(rows) == len(lines)
    for row, line in zip(rows, lines):
        for column, value in line.items():
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                assert row[column] == "; ".join(value)
            elif isinstance(value, (dict, list)):
                assert json.loads(row[column]) == value
            else:
                assert row[column] == ("" if value is None else str(value)), column


def test_events_table_has_the_event_data_columns(iraq_db: str) -> None:
    rows = ndjson(iraq_db, "--table", "events")
    timeline = {r["key"]: r for r in run_json(iraq_db, "timeline")}
    log = run_json(iraq_db, "log")
    for info in log:
        shown = run_json(iraq_db, "show", str(info["edition"]))
        mine = [r for r in rows if r["edition"] == info["edition"]]
        assert [r["key"] for r in mine] == [e["key"] for e in shown["events"]]
        for row, event in zip(mine, shown["events"]):
            assert (row["event_date"], row["location"], row["actors"], row["nations"], row["notes"],
                    row["source"]) == (event["date"], event["place"], event["actors"], event["nations"],
                                       event["notes"], info["source"])
            assert row["date_precision"] == date_precision(event["date"])
            first = timeline[row["key"]]["first_reported"]
            assert (row["first_reported_edition"], row["first_reported"]) == (first["edition"], first["as_of"])
    for key, entry in timeline.items():
        last = [r for r in rows if r["key"] == key][-1]
        assert (last["last_reported_edition"], last["last_reported"]) == (last["edition"], last["as_of"])
        if entry["retracted"] is None:
            assert last["edition"] == log[-1]["edition"]
    back = read_csv_events(run(iraq_db, "export", "--format", "csv").stdout)
    assert [(r["key"], r["nations"], r["personnel"]) for r in back] == [
        (r["key"], r["nations"], r["personnel"]) for r in rows]


def test_tables_agree_with_the_views(iraq_db: str) -> None:
    counts = ndjson(iraq_db, "--table", "counts")
    assert [(r["edition"], r["key"], r["value"], r["stated_as_of"]) for r in counts] == [
        (r["edition"], r["key"], r["value"], r["stated_as_of"])
        for r in query(iraq_db, "SELECT * FROM counts ORDER BY as_of, edition, key")]
    paragraphs = ndjson(iraq_db, "--table", "paragraphs")
    assert [(r["edition"], r["position"], r["key"], r["text"]) for r in paragraphs] == [
        (r["edition"], r["position"], r["key"], r["text"])
        for r in query(iraq_db, "SELECT * FROM paragraphs ORDER BY as_of, edition, position")]
    changes = ndjson(iraq_db, "--table", "changes")
    assert [(r["edition"], r["kind"], r["entity"], r["key"], r["field"]) for r in changes] == [
        (r["edition"], r["kind"], r["entity"], r["key"], r["field"])
        for r in query(iraq_db, "SELECT * FROM changes ORDER BY as_of, edition, seq")]
    by_edition = {e["edition"]: e for e in run_json(iraq_db, "log")}
    assert all(r["compared_with"] == by_edition[r["edition"]]["compared_with"] for r in changes)


def test_facts_stay_exact(iraq_db: str) -> None:
    facts = ndjson(iraq_db)
    for info in run_json(iraq_db, "log"):
        shown = run_json(iraq_db, "show", str(info["edition"]))
        mine = [f for f in facts if f["edition"] == info["edition"]]
        head = {"brief": BRIEF, "edition": info["edition"], "as_of": info["as_of"],
                "ingested_at": info["ingested_at"], "sha256": info["sha256"], "source": info["source"]}
        assert [f for f in mine if f["type"] == "event"] == [{"type": "event", **head, **e} for e in shown["events"]]
        assert [f for f in mine if f["type"] == "section"] == [{"type": "section", **head, **s} for s in shown["sections"]]
        counts = [{"type": "count", **head, **{("count_as_of" if k == "as_of" else k): v for k, v in c.items()}}
                  for c in shown["counts"]]
        assert [f for f in mine if f["type"] == "count"] == counts


def test_date_precision() -> None:
    assert [date_precision(d) for d in ("2020-03-17", "2020-03", "2020", None)] == ["day", "month", "year", None]


def test_a_backfilled_edition_is_exported_in_as_of_order(db_url: str) -> None:
    """Editions stored out of as-of order (the newest first, then each older one) come out in
    as-of order, each with the events `show` gives it."""
    for path in reversed(IRAQ_FILES):
        run(db_url, "ingest", str(path))
    rows = ndjson(db_url, "--table", "events")
    log = run_json(db_url, "log")
    assert [info["edition"] for info in log] != sorted(info["edition"] for info in log)
    expected = [(info["edition"], e["key"]) for info in log
                for e in run_json(db_url, "show", str(info["edition"]))["events"]]
    assert [(r["edition"], r["key"]) for r in rows] == expected
    facts = ndjson(db_url)
    assert [(r["edition"], r["key"]) for r in facts if r["type"] == "event"] == expected
