"""The event_revisions projection, on each engine: what ingest writes (in order, with gaps, and
backfilled) equals what a rebuild computes from entity_versions; the timeline read from it
equals one computed edition by edition; verify catches a tampered revision and --repair
restores it."""

from __future__ import annotations

import random

import pytest
from storehelpers import record, snapshot_bytes, sql

from tracker.app import views
from tracker.audit import rebuild_projections, verify
from tracker.store import revisions

BRIEF = "b"
COLUMNS = "brief, key, first_edition, first_as_of, last_edition, last_as_of, data"


def revision_rows(store) -> list[tuple]:  # noqa: ANN001
    return sorted(tuple(r) for r in sql(store, f"SELECT {COLUMNS} FROM event_revisions"))


def series(seed: int, n: int = 14) -> list[tuple[str, dict[str, str | None]]]:
    """(as_of, {name: date}) editions: bases come, change date, leave, come back."""
    rng = random.Random(seed)
    names = [f"Camp {chr(65 + i)}" for i in range(6)]
    out = []
    for day in range(1, n + 1):
        events = {name: f"2020-0{rng.choice([1, 2, 3])}-1{rng.choice([0, 1])}" for name in names
                  if rng.random() < 0.7}
        out.append((f"2021-01-{day:02d}", events))
    return out


def reference_timeline(store, brief: str) -> list[dict]:  # noqa: ANN001
    """The timeline computed edition by edition from entity_versions, as before the projection."""
    editions = store.editions(brief)
    order = {info.number: i for i, info in enumerate(editions)}
    by_key: dict[str, dict[int, dict]] = {}
    for row in store.entity_rows(brief, None):
        if row["kind"] == "event":
            by_key.setdefault(row["key"], {})[row["edition"]] = row
    rows = []
    for key, versions in by_key.items():
        ordered = sorted(versions.values(), key=lambda r: order[r["edition"]])
        revised = []
        for before, after in zip(ordered, ordered[1:]):
            changes = views.entity_changes(before, after)
            if changes:
                info = editions[order[after["edition"]]]
                revised.append({**views.edition_ref(info), "changes": changes})
        first, last = editions[order[ordered[0]["edition"]]], ordered[-1]
        end = order[last["edition"]]
        precision = {"date_precision": last["data"]["date_precision"]} if last["data"].get("date_precision") else {}
        rows.append({"key": key, "name": last["name"], "date": last["data"].get("date"), **precision,
                     "action": last["data"].get("action"), "status": last["data"].get("status"),
                     "first_reported": {**views.edition_ref(first), "ingested_at": first.ingested_at},
                     "revisions": revised,
                     "retracted": None if end == len(editions) - 1 else views.edition_ref(editions[end + 1]),
                     "reading": "parser"})  # no analyst's correction in these series
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["key"]))


@pytest.mark.parametrize("seed", [1, 2])
def test_ingest_in_any_order_equals_a_rebuild(store, seed: int) -> None:  # noqa: ANN001
    editions = series(seed)
    late = editions[len(editions) // 2:]
    random.Random(seed).shuffle(late)
    shuffled = editions[:3] + late + editions[3:len(editions) // 2]  # some slot in before others
    for as_of, events in shuffled:
        record(store, snapshot_bytes(as_of, events), brief=BRIEF, source=as_of)
    written = revision_rows(store)
    assert written and views.timeline(store, BRIEF) == reference_timeline(store, BRIEF)
    rebuild_projections(store)
    assert revision_rows(store) == written
    with store.read() as conn:
        assert revisions.first_difference(conn) is None
    assert verify(store).ok


def test_a_base_left_out_and_back_unchanged_is_one_revision(store) -> None:  # noqa: ANN001
    for as_of, events in [("2021-01-01", {"Camp A": "2020-01-01"}), ("2021-01-02", {}),
                          ("2021-01-03", {"Camp A": "2020-01-01"}), ("2021-01-04", {"Camp A": "2020-01-02"})]:
        record(store, snapshot_bytes(as_of, events), brief=BRIEF, source=as_of)
    rows = sql(store, "SELECT first_edition, last_edition FROM event_revisions ORDER BY first_edition")
    assert [tuple(r) for r in rows] == [(1, 3), (4, 4)]
    [row] = views.timeline(store, BRIEF)
    assert [r["edition"] for r in row["revisions"]] == [4] and row["retracted"] is None


@pytest.mark.parametrize("tamper", [
    "UPDATE event_revisions SET last_edition = first_edition WHERE id = (SELECT max(id) FROM event_revisions WHERE last_edition > first_edition)",
    "UPDATE event_revisions SET data = replace(data, 'Camp', 'Lager') WHERE id = (SELECT min(id) FROM event_revisions)",
    "DELETE FROM event_revisions WHERE id = (SELECT min(id) FROM event_revisions)",
    "INSERT INTO event_revisions (brief, key, first_edition, first_as_of, last_edition, last_as_of, data) "
    "SELECT brief, key, first_edition, first_as_of, first_edition, first_as_of, data FROM event_revisions "
    "WHERE id = (SELECT max(id) FROM event_revisions WHERE last_edition > first_edition)",
])
def test_verify_detects_a_tampered_revision_and_repair_restores_it(store, tamper: str) -> None:  # noqa: ANN001
    for as_of, events in series(3, 8):
        record(store, snapshot_bytes(as_of, events), brief=BRIEF, source=as_of)
    good = revision_rows(store)
    sql(store, tamper)
    report = verify(store)
    assert not report.ok and any("event_revisions" in p for p in report.problems), report.problems
    rebuild_projections(store)
    assert revision_rows(store) == good and verify(store).ok


def test_a_reparse_moves_the_revisions_and_the_views_to_the_newest_reading(store) -> None:  # noqa: ANN001
    """After `reparse`, event_revisions, the timeline and the paragraphs and edition_summary
    views follow the newest readings, and verify agrees."""
    from test_reparse import BRIEF as MALI, store_old_readings

    from tracker.app.reparse import reparse
    from tracker.model import PARSER_VERSION

    store_old_readings(store)
    reparse(store, [MALI])
    written = revision_rows(store)
    assert views.timeline(store, MALI) == reference_timeline(store, MALI)
    rebuild_projections(store)
    assert revision_rows(store) == written and verify(store).ok
    for info in store.editions(MALI):
        sections = store.snapshot(MALI, info.number).sections
        got = sql(store, "SELECT key, text FROM paragraphs WHERE brief = :b AND edition = :n ORDER BY position",
                  b=MALI, n=info.number)
        assert [tuple(r) for r in got] == [(s.key, s.text) for s in sections]
        [summary] = sql(store, "SELECT reading, parser_version, paragraphs FROM edition_summary "
                               "WHERE brief = :b AND edition = :n", b=MALI, n=info.number)
        assert tuple(summary) == (2, PARSER_VERSION, len(sections))


def test_timeline_and_export_leave_a_retracted_edition_out(store) -> None:  # noqa: ANN001
    """event_revisions spans every stored edition; with one retracted, the timeline and the
    export's first/last reported come from the editions that remain."""
    from tracker.app.corrections import retract
    from tracker.app.export import table_rows

    for as_of, events in series(4, 10):
        record(store, snapshot_bytes(as_of, events), brief=BRIEF, source=as_of)
    before = views.timeline(store, BRIEF)
    retract(store, BRIEF, "5", "a test")
    after = views.timeline(store, BRIEF)
    assert after == reference_timeline(store, BRIEF) and after != before
    assert views.timeline(store, BRIEF, include_retracted=True) == before
    rows = [dict(own) | {"edition": head["edition"]} for head, own in table_rows(store, BRIEF, "events")]
    assert 5 not in {r["edition"] for r in rows}
    for key in {r["key"] for r in rows}:
        mine = [r for r in rows if r["key"] == key]
        assert (mine[0]["first_reported_edition"], mine[0]["last_reported_edition"]) == (
            mine[0]["edition"], mine[-1]["edition"])
