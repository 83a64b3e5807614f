"""Briefs and their modes: create one in a mode, list them, describe one, change its mode.

The mode is recorded in the hash-chained log (BriefModeSet); a change applies from the
brief's next edition, or from a stored edition on (`--from N`: the record is re-interpreted,
never edited), and the brief's folded states are rewritten with the new mode record in the
same transaction.
"""

from __future__ import annotations

from typing import Any

from tracker.app.cumulative import check_mode, state_rows
from tracker.app.briefnames import brief_for
from tracker.errors import InputError
from tracker.store.records import mode_at


def create(store: Any, slug: str, mode: str) -> dict[str, Any]:
    brief = brief_for(store, slug, None)  # checks the slug
    return store.create_brief(brief, check_mode(mode)).to_dict()


def set_mode(store: Any, slug: str, mode: str, reason: str | None,
             from_edition: int | None = None) -> dict[str, Any]:
    """Record `mode` from the brief's next edition or, `from_edition` given, from that stored
    edition on: a re-interpretation of what is stored (a brief ingested as restating that is a
    stream of reports), which needs a reason. The record and the refolded projection are one
    transaction; the editions and their logged changes stay as they are."""
    brief = store.resolve_brief(slug)
    if from_edition is not None and not (reason or "").strip() and from_edition <= len(store.editions(brief, include_retracted=True)):
        raise InputError("a change of mode --from a stored edition re-reads the record: give --reason")
    return store.set_mode(brief, check_mode(mode), reason, state_rows, from_edition).to_dict()


def listing(store: Any) -> list[dict[str, Any]]:
    modes = store.all_modes()
    rows = []
    for brief in store.briefs():
        editions = store.editions(brief)
        rows.append({"brief": brief, "mode": mode_at(modes.get(brief, []), 1 << 30),
                     "editions": len(editions),
                     "latest_as_of": editions[-1].as_of if editions else None})
    return rows


def describe(store: Any, brief: str) -> dict[str, Any]:
    modes = store.modes(brief)
    editions = store.editions(brief)
    return {"brief": brief, "mode": mode_at(modes, 1 << 30), "editions": len(editions),
            "modes": [m.to_dict() for m in modes],
            "latest_as_of": editions[-1].as_of if editions else None}
