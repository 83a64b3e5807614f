"""Audit: prove the stored record is what was written (`verify`), and rebuild the derived
indexes from it (`rebuild_projections`), never touching the record itself.

`tracker.audit.verifier` runs one verifier per kind of thing proved (guards, chain, editions,
records, projections, folds); `tracker.audit.repair` is the only writer. Both are imported on
first use, so importing this package costs nothing.
"""

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
    returns the rows written (see `tracker.audit.repair`)."""
    from tracker.audit.repair import rebuild_projections as rebuild

    return rebuild(store)


__all__ = ["VerifyReport", "rebuild_projections", "verify"]
