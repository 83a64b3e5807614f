"""`tracker init`: create the database, or move its schema to this release's and rebuild what
the release derives differently.

Why here and not in verify: a derived projection computed by an earlier release's rules (a
cumulative brief's fold states) is no sign of tampering, but verify must keep reporting a stale
one as a problem. The upgrade is the one moment the rules change, so the rebuild happens then,
in the migration's transaction, and is said in the output; never silently at other times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.app.cumulative import state_rows


@dataclass(frozen=True)
class Initialised:
    """What `init` did: the revision reached and the briefs whose fold states it rebuilt."""

    revision: str
    rebuilt_states: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"revision": self.revision, "rebuilt_states": list(self.rebuilt_states)}


def init(store: Any) -> Initialised:
    """Create or upgrade the schema to head; an upgrade refolds every cumulative brief with
    the current fold (a database at head already, or a new one, has nothing to rebuild)."""
    revision, rebuilt = store.init_refolding(state_rows)
    return Initialised(revision, tuple(rebuilt))
