"""TEMPORARY: compare() placeholder until the diff engine lands; same signatures."""
from __future__ import annotations

from tracker.model import Change, Snapshot


def compare(before: Snapshot, after: Snapshot) -> list[Change]:
    return []


def summarize(changes: list[Change]) -> dict[str, int]:
    return {k: sum(1 for c in changes if c.kind == k) for k in ("added", "removed", "changed")}


def summary_line(changes: list[Change]) -> str:
    return "no changes" if not changes else f"{len(changes)} changes"
