"""`tracker verify`: prove the stored record is what was written, or name the first bad edition.

This module only runs the verifiers, in one read transaction (one consistent view), in this
order, and assembles their problems into the report; each proves one kind of thing:

1. `guards`: schema at head (alembic_version against the scripts' head) and the append-only
   triggers;
2. `chain`: the log, seq 1..N, every prev_hash link and every hash recomputed; the checkpoint,
   if given, must be one of its hashes (found: at which event and edition; else taken from
   another record, or the history truncated or rewritten since);
3. `editions`: numbers 1..N per brief, sha256 of the raw bytes and of the snapshot JSON, the
   chain link and chain hash, its EditionRecorded event (payload equal to the row) and change
   count; with `deep`, its changes recomputed with today's diff engine; log events naming
   editions that are not stored. In the same pass, `projections` checks entity_versions
   against each snapshot (its aggregate read by `aggregate`, on SQLite on a second
   connection and thread with the same snapshot, while this thread hashes);
4. `records`: the log's other records against the rows they name: aliases, later readings,
   retractions, revocations, brief rows. A new kind of record is added there;
5. `projections`: identities replayed, event_revisions (on SQLite checked on a third
   connection and thread from the start, its finding reported here);
6. `folds`: a cumulative brief's modes and fold states (with `deep`, its folded changes).

The order matters to the output: problems of the whole record are listed in the order found.

Speed (SQLite, ~10,000 editions of ~20 events): plain driver cursors for the scans, no JSON
parsing per edition or per projection row; the log chain hashed in one loop; the chain hash
and EditionRecorded payload formatted by hand (the same bytes as the store's encoders, the
slow exact path taken whenever they differ); the identities derived only for events not seen
before. About 2.2 s for the whole command on 10,000 editions on a shared 2-core machine
(about 6,000 editions/s beyond start-up: benchmarks/README.md).

What it cannot prove without a checkpoint: that nothing was removed from the *end* of the
history together with its log events, or that someone who recomputed every hash after an
edit did not do so. With the checkpoint kept elsewhere, both are detected.

Nothing here writes: `--repair` is `tracker.audit.repair`, run before.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from tracker.audit import aggregate
from tracker.audit.chain import Checkpoint, check_checkpoint, walk_log
from tracker.audit.editions import all_briefs, check_editions, check_unstored
from tracker.audit.guards import check_schema, present_triggers
from tracker.audit.problems import Problems
from tracker.audit.projections import ProjectionCheck, check_identities, check_revisions, revisions_on
from tracker.audit.records import check_records
from tracker.store.store import Store


@dataclass(frozen=True)
class VerifyReport:
    """What `verify` found: ok, or every problem and the first bad edition; `head` is the
    hash of the last log event, the checkpoint to keep elsewhere."""

    ok: bool
    editions_checked: int
    problems: list[str]
    first_bad: tuple[str, int] | None
    head: str
    # brief -> {correction id: first edition superseding it}: an analyst's corrections the
    # source has since changed; a normal state (never a problem), but never left unsaid
    superseded: dict[str, dict[int, int]] = field(default_factory=dict)
    # the full checkpoint of the head (HASH@SEQ.RECORD) to keep elsewhere, and, when one was
    # given, where it was found (log `seq`, the `brief` and `edition`) or why not (`reason`)
    head_checkpoint: str = ""
    checkpoint: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def verify(store: Store, checkpoint: str | Checkpoint | None = None, *, deep: bool = False) -> VerifyReport:
    """Check everything (see the module docstring); `deep` also recomputes every edition's
    changes with the current diff engine (slow: the diff engine's cost per edition).
    `checkpoint`: a bare hash or the full form `HASH@SEQ.RECORD` (ValueError if neither)."""
    if isinstance(checkpoint, str):
        checkpoint = Checkpoint.parse(checkpoint)
    problems = Problems()
    with store.read() as conn:
        twins = aggregate.open_twin(store, conn) if store.dialect == "sqlite" else None
        groups = side = None
        try:
            briefs = all_briefs(conn)
            if twins is not None:  # both start now, on other connections and threads
                groups = aggregate.TwinGroups(twins[0], briefs)
                side = aggregate.TwinJob(twins[1], revisions_on)
            check_schema(conn, store.dialect, problems)
            walk = walk_log(conn, problems, checkpoint.hash if checkpoint else None, deep)
            projections = ProjectionCheck(conn, problems, groups)
            checked = check_editions(conn, briefs, walk, problems, deep, projections.brief)
            revisions_found = side.result() if side is not None else None
        finally:
            if groups is not None:
                groups.close()
            if side is not None:
                side.wait()  # before its connection is closed
            for twin in twins or ():
                twin.close()
        check_unstored(walk.logged, checked, problems)
        check_records(conn, walk.records, problems)
        check_identities(conn, projections.identities, problems)
        check_revisions(conn, problems, revisions_found)
        from tracker.audit.folds import check_folds

        check_folds(conn, problems, walk.logged, deep)
        from tracker.audit.facts import superseded_corrections

        superseded = superseded_corrections(conn)
    found = check_checkpoint(walk, checkpoint, problems)
    messages = problems.sorted()
    return VerifyReport(not messages, len(checked), messages, problems.first(), walk.head, superseded,
                        str(walk.head_checkpoint()), found)


# `present_triggers` is part of this module's interface (tests and benchmarks drop triggers by it)
__all__ = ["VerifyReport", "present_triggers", "verify"]
