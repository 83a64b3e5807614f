"""Audit: prove the stored record is what was written (`verify`), and rebuild the derived
indexes from it (`rebuild_projections`), never touching the record itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.audit.verifier import VerifyReport


def verify(store: Any, checkpoint: str | None = None, *, deep: bool = False) -> VerifyReport:
    """Re-hash, re-chain, replay and compare everything (see `tracker.audit.verifier`); `deep`
    also recomputes every edition's changes with the current diff engine."""
    from tracker.audit.verifier import verify as run

    with store.errors():
        return run(store, checkpoint, deep=deep)


def rebuild_projections(store: Any) -> int:
    """Recompute the derived indexes (entity versions, identities) from the stored snapshots;
    returns the rows written."""
    from tracker.fold import fold_rows, folds
    from tracker.identity import identities_of
    from tracker.store.records import mode_at

    def states(editions: list, modes: list) -> list:
        return fold_rows(editions, lambda n: mode_at(modes, n)) if folds(modes) else []

    return store.rebuild_projections(identities_of, states)


__all__ = ["VerifyReport", "rebuild_projections", "verify"]
