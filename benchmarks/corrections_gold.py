"""Corrections are gold: score the current parser against a database's corrected facts
(`python benchmarks/extraction.py --db tracker.db [--brief B]`).

For each edition whose reading in force applies an analyst's correction (`tracker fact`), the
gold is that corrected reading and the prediction is the current parser's reading of the
edition's stored bytes. Scored as a corpus document is (benchmarks/extraction.py), so a
rejection the parser still reads counts as a false positive, an addition it still misses as a
miss, and a field set it still reads wrong as a field error. Every correction a user makes
becomes a test case.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tracker.app.correcting import parse_name
from tracker.model import Snapshot


def gold_of(snapshot: Snapshot, as_of: str) -> Any:
    """The `Gold` a corrected reading gives: its events (a period as `approx`) and tallies."""
    from extraction import Gold, GoldEvent, predicted_day

    events = tuple(GoldEvent(e.name or e.key, (e.key,), predicted_day(e), e.action,
                             e.status, (e.date_precision, e.date) if e.date_precision and e.date else None)
                   for e in snapshot.events)
    return Gold(as_of, events, tuple(c.value for c in snapshot.counts if c.value is not None))


def corrected_editions(store: Any, brief: str) -> list[tuple[Any, Snapshot]]:
    """(edition info, corrected reading) of the brief's editions in force whose reading
    applies at least one correction."""
    out = []
    for info in store.editions(brief):
        snapshot = store.reading(brief, info.number).snapshot
        if any(n.outcome == "applied" for n in snapshot.fact_corrections):
            out.append((info, snapshot))
    return out


def evaluate_db(db: str, brief: str | None = None) -> tuple[list[Any], Counter]:
    """The scored editions of every brief (or `brief`) of the database `db` that have
    corrections in force, and the corrections applied by op (reject, set, add)."""
    from extraction import parse_document, score_snapshot
    from tracker.store.store import open_store

    store = open_store(db)
    briefs = [store.resolve_brief(brief)] if brief else store.briefs()
    docs, ops = [], Counter()
    for name in briefs:
        for info, corrected in corrected_editions(store, name):
            ops.update(n.op for n in corrected.fact_corrections if n.outcome == "applied")
            label = f"{name}#{info.number}"
            raw, charset = store.received(name, info.number)
            predicted, error = parse_document(raw, parse_name(info.source), label, charset)
            docs.append(score_snapshot(label, gold_of(corrected, info.as_of), predicted, error))
    return docs, ops
