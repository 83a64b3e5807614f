"""The tamper loop's second half: the records and projections added after the first one was
written. Corrections (a retraction, an alias taken back, a brief's mode record, an analyst's
fact correction and its revocation, a reparse) are written into the history before its last
edition; then one byte of each column of one row of each kind is changed in turn, with the
triggers dropped: the log record, the reading (derivation) it wrote, and the projections
(entity_versions, identities, event_revisions, fold_states). `verify` must catch each, name
the edition where the row belongs to one, and pass again once it is undone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.stress.common import edition_text, store_old_reading

# log record kinds and the (brief, edition) verify should name for a tampered one (None: the
# record is not about one edition, any problem found will do)
LOG_KINDS = {
    "EditionRetracted": ("k", 2),
    "AliasRevoked": None,
    "BriefModeSet": None,
    "FactCorrected": ("c", 1),
    "FactCorrectionRevoked": ("c", 1),
    "EditionReparsed": None,  # the first in the log: a fact correction's reading or the reparse
}
LOG_COLUMNS = ("brief", "edition", "type", "payload")  # the others behave as every event's
NOT_FACTS = {"id"}  # surrogate row ids: carry no fact, covered by no hash


def build_corrections(store: Any, base: dt.date) -> None:
    """Brief `c` (two editions already): an analyst's correction of edition 1, then its
    revocation, and an alias for it taken back; brief `k`: three cumulative reports (a mode
    record, fold states), the second retracted; brief `d`: one edition stored as an older
    parser read it, read again by `reparse`."""
    from tracker.app import facts
    from tracker.app.corrections import retract
    from tracker.app.ingest import ingest
    from tracker.app.names import add_alias, revoke_alias
    from tracker.app.reparse import reparse

    key = store.snapshot("c", 1).events[0].key
    made = facts.record_correction(store, "c", "1", "reject", key=key, reason="not a base", by="tamper")
    facts.revoke(store, "c", made["id"], "after all", by="tamper")
    add_alias(store, "Third name", "Fourth name", "c")
    revoke_alias(store, "Third name", "c", "a mistake")
    for i in range(3):
        text_ = edition_text(f"tamper-k-{i}", items=2 + i, as_of=base + dt.timedelta(days=3 * i))
        ingest(store, text_.encode(), source=f"k{i}.txt", brief="k", mode="cumulative")
    retract(store, "k", "2", "a wrong report")
    store_old_reading(store, "d", edition_text("tamper-d", items=4, as_of=base).encode(), "d.txt")
    reparse(store, ["d"])


def record_cases(store: Any) -> list[Any]:
    """One row of each kind, every column in turn (the triggers are dropped by the caller)."""
    from sqlalchemy import select

    from tracker.store import schema as t

    lg, d = t.log, t.derivations
    targets: list[tuple[Any, dict, str, set | None]] = []
    with store.read() as conn:
        for kind, named in LOG_KINDS.items():
            row = conn.execute(select(lg).where(lg.c.type == kind).order_by(lg.c.seq).limit(1)).first()
            if row is None:
                raise RuntimeError(f"the history holds no {kind} record")
            if named is None and row.edition is not None:
                named = (row.brief, row.edition)
            targets.append((lg, dict(row._mapping), f"the {kind} record", {named} if named else None))
        for brief, label in (("d", "a reparse's reading"), ("c", "a fact correction's reading")):
            row = conn.execute(select(d).where(d.c.brief == brief).order_by(d.c.id).limit(1)).first()
            targets.append((d, dict(row._mapping), label, {(brief, row.edition)}))
        for table, where, label in ((t.entity_versions, t.entity_versions.c.brief == "b", "a projection row"),
                                    (t.identities, t.identities.c.brief == "b", "a projection row"),
                                    (t.event_revisions, t.event_revisions.c.brief == "b", "a projection row"),
                                    (t.fold_states, t.fold_states.c.brief == "k", "a fold state")):
            row = conn.execute(select(table).where(where).limit(1)).first()
            if row is None:
                raise RuntimeError(f"the history holds no {table.name} row")
            targets.append((table, dict(row._mapping), label, None))
    cases = []
    for table, row, label, named in targets:
        columns = LOG_COLUMNS if table is lg else [c.name for c in table.columns if c.name not in NOT_FACTS]
        for column in columns:
            cases.append(_flip_case(store, table, row, column, label, named))
    return cases


def _flip_case(store: Any, table: Any, row: dict, column: str, label: str, named: set | None) -> Any:
    """One byte of `column` of `row` changed, verify run, the byte put back, verify run again."""
    from benchmarks.stress.tamper import TamperCase, _caught, _named, _verifies_but_triggers, flipped

    name = f"{table.name}.{column} of {label}"
    old = row[column]
    if old is None:
        return TamperCase(name, True, None, True, "column is NULL here")
    new = flipped(old)
    if column == "brief":
        new = "z"  # one letter, a brief with no rows to collide with (these tables hold no foreign key)
    with store.engine.begin() as conn:
        conn.execute(table.update().where(*_match(table, row)).values({column: new}))
    report = verify(store)
    with store.engine.begin() as conn:
        conn.execute(table.update().where(*_match(table, {**row, column: new})).values({column: old}))
    acceptable = None if named is None else set(named) | _moved(row, column, new)
    return TamperCase(name, _caught(report), None if acceptable is None else _named(report, acceptable),
                      _verifies_but_triggers(store), "" if _caught(report) else "verify saw nothing")


def verify(store: Any) -> Any:
    from tracker.audit import verify as run

    return run(store)


def _match(table: Any, row: dict) -> list[Any]:
    """The row by its key: its primary key columns, or all of them when it has no single one."""
    keys = [c for c in table.primary_key.columns] or list(table.columns)
    if len(keys) == 1 and keys[0].name in ("id", "seq"):
        return [keys[0] == row[keys[0].name]]
    return [c.is_(None) if row[c.name] is None else c == row[c.name] for c in table.columns]


def _moved(row: dict, column: str, new: Any) -> set:
    """The identity a tampered record now claims: the edition verify may name instead."""
    brief, number = row.get("brief"), row.get("edition")
    if column == "brief":
        return {(new, number)}
    if column == "edition":
        return {(brief, new)}
    return set()
