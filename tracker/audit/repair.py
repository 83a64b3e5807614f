"""`tracker verify --repair`: rebuild the derived indexes (entity versions, identities, event
revisions, fold states) from the stored snapshots, before verifying.

The only module of `tracker.audit` that writes, and it writes projections only: the store
recomputes them from the immutable record, which it never changes. What the projections must
equal is proved by `tracker.audit.projections` and `tracker.audit.folds`; this module proves
nothing.
"""

from __future__ import annotations

from typing import Any


def rebuild_projections(store: Any) -> int:
    """Recompute the derived indexes from the stored snapshots, each brief's fold states in
    the modes its log records; returns the rows written."""
    from tracker.fold import fold_rows, folds
    from tracker.identity import identities_of
    from tracker.store.records import mode_at

    def states(editions: list, modes: list) -> list:
        return fold_rows(editions, lambda n: mode_at(modes, n)) if folds(modes) else []

    return store.rebuild_projections(identities_of, states)
