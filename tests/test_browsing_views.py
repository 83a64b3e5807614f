"""The browsing views (events, counts, paragraphs, changes, edition_summary), on each engine,
answer what the matching command's JSON says: `show` for an edition's events, counts and
paragraphs, `diff` against the edition it was compared with for its changes, `log` for the
summary."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import text
from test_cli import IRAQ_FILES, run, run_json

VIEWS = ("events", "counts", "paragraphs", "changes", "edition_summary")  # and fact_corrections (its own test)
BRIEF = "iraq-coalition-withdrawal"


@pytest.fixture
def iraq_db(db_url: str) -> str:
    run(db_url, "ingest", *map(str, IRAQ_FILES))
    return db_url


def query(db: str, sql: str, **params: Any) -> list[dict[str, Any]]:
    from tracker.store import open_store

    with open_store(db) as store, store.read() as conn:
        return [dict(r._mapping) for r in conn.execute(text(sql), params)]


def listed(values: list[str]) -> str | None:
    """How a view shows a list: `a; b`, or NULL when empty."""
    return "; ".join(values) or None


def plain(value: Any) -> Any:
    """How a view shows a JSON value: text for strings, JSON text for lists and objects."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return value


def as_text(value: Any) -> str | None:
    return None if value is None else str(value)


def test_every_view_exists_and_has_plain_columns(iraq_db: str) -> None:
    for view in VIEWS:
        rows = query(iraq_db, f"SELECT * FROM {view}")
        assert rows, view
        assert all(c.isidentifier() and c.islower() for c in rows[0]), rows[0].keys()


def test_events_counts_and_paragraphs_match_show(iraq_db: str) -> None:
    for info in run_json(iraq_db, "log"):
        n = info["edition"]
        shown = run_json(iraq_db, "show", str(n))
        events = query(iraq_db, "SELECT * FROM events WHERE brief = :b AND edition = :n ORDER BY key",
                       b=BRIEF, n=n)
        expected = [{"brief": BRIEF, "edition": n, "as_of": info["as_of"], "event_date": e["date"],
                     "date_precision": (e.get("date_precision") or "day") if e["date"] else None,
                     "key": e["key"], "name": e["name"], "action": e["action"], "status": e["status"],
                     "place": e["place"], "nations": listed(e["nations"]), "personnel": e["personnel"],
                     "text": e["text"], "reading": e["reading"]}
                    for e in sorted(shown["events"], key=lambda e: e["key"])]
        assert events == expected
        counts = query(iraq_db, "SELECT * FROM counts WHERE brief = :b AND edition = :n ORDER BY key",
                       b=BRIEF, n=n)
        assert counts == [{"brief": BRIEF, "edition": n, "as_of": info["as_of"], "key": c["key"],
                           "subject": c["subject"], "value": c["value"], "stated_as_of": c["as_of"],
                           "text": c["text"], "reading": c["reading"]}
                          for c in sorted(shown["counts"], key=lambda c: c["key"])]
        paragraphs = query(iraq_db, "SELECT * FROM paragraphs WHERE brief = :b AND edition = :n "
                                    "ORDER BY position", b=BRIEF, n=n)
        assert paragraphs == [{"brief": BRIEF, "edition": n, "as_of": info["as_of"], "position": i,
                               "key": s["key"], "title": s["title"], "text": s["text"]}
                              for i, s in enumerate(shown["sections"], 1)]


def test_changes_match_diff_against_the_edition_compared_with(iraq_db: str) -> None:
    compared = 0
    for info in run_json(iraq_db, "log"):
        rows = query(iraq_db, "SELECT * FROM changes WHERE brief = :b AND edition = :n ORDER BY seq",
                     b=BRIEF, n=info["edition"])
        assert all(r["as_of"] == info["as_of"] for r in rows)
        if info["compared_with"] is None:
            continue
        diff = run_json(iraq_db, "diff", str(info["compared_with"]), str(info["edition"]))
        expected = Counter(tuple(as_text(plain(c[f])) for f in ("kind", "entity", "key", "label",
                                                                  "field", "before", "after"))
                           for c in diff["changes"])
        got = Counter(tuple(as_text(r[f]) for f in ("kind", "entity", "key", "label", "field",
                                                   "before", "after")) for r in rows)
        assert got == expected and got
        compared += 1
    assert compared == 3


def test_changes_view_lists_every_kind_the_log_holds(db_url: str) -> None:
    """A figure reconfirmed (and a date refined, a cumulative brief's progress ...) is a change
    like the rest: the view lists it as `diff` does."""
    from pathlib import Path

    from tracker.migrations.views import CHANGE_TYPES_0014
    from tracker.store.writer import CHANGE_TYPES

    assert {f"'{name}'" for name in CHANGE_TYPES.values()} <= set(CHANGE_TYPES_0014.split(", "))
    files = sorted((Path(__file__).resolve().parent / "data" / "reconfirmed").iterdir())[:2]
    run(db_url, "ingest", "--brief", "bases", *map(str, files))
    rows = query(db_url, "SELECT kind, entity, key, field, before, after FROM changes "
                         "WHERE brief = 'bases' AND edition = 2 ORDER BY seq")
    diff = run_json(db_url, "diff", "1", "2", "--brief", "bases")
    assert Counter(tuple(as_text(plain(r[f])) for f in ("kind", "entity", "key", "field", "before", "after"))
                   for r in rows) == Counter(tuple(as_text(plain(c[f])) for f in ("kind", "entity", "key", "field",
                                                                                    "before", "after"))
                                             for c in diff["changes"])
    assert ("reconfirmed", "count", "bases-transferred", "as_of", "2020-04-04", "2020-04-11") in [
        tuple(r.values()) for r in rows]


def test_edition_summary_matches_log(iraq_db: str) -> None:
    rows = query(iraq_db, "SELECT * FROM edition_summary ORDER BY as_of, edition")
    log = run_json(iraq_db, "log")
    assert [(r["edition"], r["as_of"], r["sha256"], r["ingested_at"], r["source"], r["compared_with"],
             {"added": r["added"], "removed": r["removed"], "changed": r["changed"]}) for r in rows] == \
           [(e["edition"], e["as_of"], e["sha256"], e["ingested_at"], e["source"], e["compared_with"],
             e["summary"]) for e in log]
    for row in rows:
        shown = run_json(iraq_db, "show", str(row["edition"]))
        assert (row["events"], row["counts"], row["paragraphs"]) == (
            len(shown["events"]), len(shown["counts"]), len(shown["sections"]))


def test_views_follow_the_projection(iraq_db: str) -> None:
    """The views read the projections: what `verify --repair` rebuilds is what they show."""
    before = query(iraq_db, "SELECT * FROM events ORDER BY edition, key")
    run(iraq_db, "verify", "--repair")
    assert query(iraq_db, "SELECT * FROM events ORDER BY edition, key") == before


def test_a_retracted_edition_leaves_every_view(iraq_db: str) -> None:
    run(iraq_db, "retract", "2", "--reason", "a test of the views")
    shown = {e["edition"] for e in run_json(iraq_db, "log")}
    assert 2 not in shown
    for view in VIEWS:
        assert {r["edition"] for r in query(iraq_db, f"SELECT edition FROM {view}")} <= shown, view
    assert {r["edition"] for r in query(iraq_db, "SELECT edition FROM edition_summary")} == shown
    test_events_counts_and_paragraphs_match_show(iraq_db)


def test_fact_corrections_view_lists_the_analysts_corrections(iraq_db: str) -> None:
    """`fact_corrections`: one row per correction of one fact, what `fact list` says of it
    (what, where, the sentence, who and why) with its revocation; a retracted edition's leave."""
    key = next(e["key"] for e in run_json(iraq_db, "show", "1")["events"])
    rejected = run_json(iraq_db, "fact", "reject", key, "--at", "1", "--reason", "not a <b>base</b>", "--by", "ana")
    revoked = run_json(iraq_db, "fact", "reject", key, "--at", "2", "--reason", "x", "--by", "bob")
    run(iraq_db, "fact", "revoke", str(revoked["id"]), "--reason", "it is a base", "--by", "cy")
    rows = query(iraq_db, "SELECT * FROM fact_corrections ORDER BY id")
    listed_ = run_json(iraq_db, "fact", "list")
    assert [r["id"] for r in rows] == [r["id"] for r in listed_] == [rejected["id"], revoked["id"]]
    first, second = rows
    assert all(c.isidentifier() and c.islower() for c in first)
    assert {k: first[k] for k in ("brief", "edition", "op", "entity", "key", "field", "before", "after", "sentence",
                                  "reason", "corrected_by", "corrected_at", "revocation_id")} == {
        "brief": BRIEF, "edition": 1, "op": "reject", "entity": "event", "key": key, "field": None,
        "before": rejected["before"], "after": None, "sentence": rejected["anchor"], "reason": "not a <b>base</b>",
        "corrected_by": "ana", "corrected_at": rejected["at"], "revocation_id": None}
    assert first["as_of"] == run_json(iraq_db, "show", "1")["edition"]["as_of"]
    assert (second["revoke_reason"], second["revoked_by"]) == ("it is a base", "cy")
    assert second["revocation_id"] == listed_[1]["revoked"]["seq"]
    run(iraq_db, "retract", "2", "--reason", "a test of the views")
    assert [r["edition"] for r in query(iraq_db, "SELECT edition FROM fact_corrections")] == [1]


def test_events_and_counts_say_whose_reading_each_row_is(iraq_db: str) -> None:
    """`reading` in events and counts: "analyst" where a correction applies to that fact in
    that edition's reading in force, as `show` says; "parser" elsewhere, and again once revoked."""
    rows = query(iraq_db, "SELECT DISTINCT reading FROM events UNION SELECT DISTINCT reading FROM counts")
    assert [r["reading"] for r in rows] == ["parser"]
    count = run_json(iraq_db, "show", "4")["counts"][0]
    event = run_json(iraq_db, "show", "2")["events"][0]
    fixed = run_json(iraq_db, "fact", "set", count["key"], "value", str(count["value"] + 1), "--at", "4",
                     "--reason", "miscounted", "--by", "ana")
    run(iraq_db, "fact", "set", event["key"], "status", "planned", "--at", "2", "--reason", "not yet", "--by", "ana")
    counts = query(iraq_db, "SELECT edition, key, value, reading FROM counts WHERE key = :k ORDER BY edition",
                   k=count["key"])
    assert [(r["edition"], r["reading"]) for r in counts] == [(1, "parser"), (2, "parser"), (3, "parser"),
                                                              (4, "analyst")]
    assert counts[-1]["value"] == count["value"] + 1
    events = {(r["edition"], r["key"]): r for r in query(iraq_db, "SELECT * FROM events")}
    assert events[(2, event["key"])]["reading"] == "analyst" and events[(2, event["key"])]["status"] == "planned"
    assert events[(1, event["key"])]["reading"] == "parser"
    assert {r["reading"] for (n, k), r in events.items() if k != event["key"]} == {"parser"}
    test_events_counts_and_paragraphs_match_show(iraq_db)
    run(iraq_db, "fact", "revoke", str(fixed["id"]), "--reason", "it was right", "--by", "ana")
    assert {r["reading"] for r in query(iraq_db, "SELECT reading FROM counts")} == {"parser"}
