"""Withdrawing a mistaken edition: `tracker retract REF --reason TEXT`.

The edition stays stored, hashed and verified; a log event records that it is withdrawn and
why. Every view then leaves it out (diff by date, show, log, history, timeline, export) unless
asked to include it, and a new edition is compared with the edition in force among the
others. Its bytes may be ingested again, say with the right `--as-of`.
"""

from __future__ import annotations

from typing import Any

from tracker.days import ISO_DAY
from tracker.errors import InputError


def retract(store: Any, brief: str, ref: str, reason: str) -> dict[str, Any]:
    """Retract the edition REF names (a number, a sha256 prefix, or a date: the edition in
    force that day) with `reason`; returns the retraction as recorded."""
    reason = " ".join(reason.split())
    if not reason:
        raise InputError("--reason must say why the edition is retracted")
    withdrawn = store.retracted(brief)
    dated = ISO_DAY.fullmatch(ref.strip()) is not None  # a date names the edition in force
    info = store.resolve(brief, ref, include_retracted=bool(withdrawn) and not dated)
    if info.number in withdrawn:
        raise InputError(f"edition {info.number} is already retracted ({withdrawn[info.number]['reason']})")
    from tracker.app.correcting import resettled
    from tracker.app.cumulative import state_rows
    from tracker.identity import identities_of

    # in the retraction's transaction: the readings the analyst's corrections of (or handed
    # on by) it no longer make, and a cumulative brief's fold of the editions in force without it
    readings = resettled(store, brief, leaving=info.number)
    return store.retract(brief, info.number, reason, readings, identities_of, state_rows)
