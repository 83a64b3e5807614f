"""Markdown for log, history and timeline: one table row per edition or event, every value
escaped so that a name holding `|` or `*` cannot break the table."""

from __future__ import annotations

import pytest
from test_cli import IRAQ_FILES, run, run_json

from tracker.present.text import md_table
from tracker.present.views import history_markdown, log_markdown, timeline_markdown


@pytest.fixture
def iraq_db(db_url: str) -> str:
    run(db_url, "ingest", *map(str, IRAQ_FILES))
    return db_url


def table_rows(markdown: str) -> list[list[str]]:
    """The body rows of the Markdown table in `markdown`, split at unescaped pipes."""
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    body = rows[2:] if len(rows) > 1 and set(rows[1]) <= set("|-: ") else rows
    out = []
    for line in body:
        cells, cell, escaped = [], "", False
        for ch in line.strip()[1:-1]:
            if ch == "|" and not escaped:
                cells.append(cell.strip())
                cell = ""
            else:
                cell += ch
            escaped = ch == "\\" and not escaped
        out.append(cells + [cell.strip()])
    return out


def test_log_history_and_timeline_in_markdown(iraq_db: str) -> None:
    log = run_json(iraq_db, "log")
    rows = table_rows(run(iraq_db, "log", "--format", "markdown").stdout)
    assert [int(r[0]) for r in rows] == [e["edition"] for e in log] and all(len(r) == 7 for r in rows)
    history = run_json(iraq_db, "history", "K1 Air Base")
    rows = table_rows(run(iraq_db, "history", "K1 Air Base", "--format", "markdown").stdout)
    assert [(int(r[0]), r[2]) for r in rows] == [(e["edition"], e["status"]) for e in history["editions"]]
    assert "K-1 airbase → K1 Air Base" in rows[-1][3]
    timeline = run_json(iraq_db, "timeline")
    rows = table_rows(run(iraq_db, "timeline", "--format", "markdown").stdout)
    assert [r[1] for r in rows] == [e["name"] for e in timeline] and all(len(r) == 6 for r in rows)
    assert [bool(r[5]) for r in rows] == [e["retracted"] is not None for e in timeline]


def test_markdown_escapes_what_a_brief_says() -> None:
    ref = {"edition": 1, "as_of": "2020-04-04", "sha256": "ab" * 32}
    event = {"key": "x", "name": "Camp | *Bold* <b>", "date": "2020-03-01", "action": "withdrawal",
             "status": "completed", "first_reported": ref, "revisions": [], "retracted": None}
    rows = table_rows(timeline_markdown([event], "b"))
    assert len(rows) == 1 and len(rows[0]) == 6 and rows[0][1] == r"Camp \| \*Bold\* \<b\>"
    log = [{"brief": "b", **ref, "ingested_at": "2026-01-01T00:00:00", "source": "a|b.txt",
            "compared_with": None, "summary_line": "+1 event"}]
    assert len(table_rows(log_markdown(log))[0]) == 7
    doc = {"brief": "b", "key": "x", "name": "Camp | X", "editions": [
        {**ref, "status": "added", "name": "Camp | X", "text": "A | B", "data": {}, "changes": []}]}
    assert len(table_rows(history_markdown(doc))[0]) == 4
    assert timeline_markdown([], "b").endswith("No events.\n") and "No editions" in log_markdown([], "b")


def test_every_markdown_table_is_framed_one_way() -> None:
    """Header, alignment (counts to the right), rows; a table of no rows is a sentence instead."""
    assert md_table(("Event", "Reports"), ["| a | 2 |"], empty="No events.", numeric=("Reports",)) == [
        "| Event | Reports |", "| --- | ---: |", "| a | 2 |"]
    assert md_table(("Event", "Reports"), [], empty="No events.") == ["No events."]
