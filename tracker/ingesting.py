"""Ingesting files: from paths on disk to stored editions, one transaction per file.

Kept apart from the CLI so scripts and tests can ingest many files the same way the
command does, with the same per-file error handling: a bad file is reported and skipped,
the others are still stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tracker.errors import InputError, TrackerError


def read_file(path: Path) -> bytes:
    """The raw bytes of an edition, refusing what cannot be one before reading it whole."""
    from tracker.reading import max_bytes_limit

    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    limit = max_bytes_limit()
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"{path}: {size:,} bytes is larger than the {limit:,}-byte limit "
                         "(set TRACKER_MAX_BYTES to raise it)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def check_date(value: str, what: str) -> str:
    """An ISO date given on the command line, or a clear error."""
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InputError(f"{what}: {value!r} is not a date in the form YYYY-MM-DD") from None


def ingest_paths(store: Any, paths: Iterable[Path], *, brief: str | None, as_of: str | None,
                 source: str | None, progress: bool = False,
                 on_outcome: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Ingest each path in its own transaction; return one outcome dict per path, in order.

    `on_outcome` is called with each outcome as soon as its transaction has committed, so a
    caller can report progress that stays true even if the process is killed a moment later."""
    paths = list(paths)
    outcomes: list[dict[str, Any]] = []

    def one(path: Path) -> None:
        outcome = ingest_one(store, path, brief=brief, as_of=as_of, source=source)
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    if progress:
        import click

        with click.progressbar(paths, label="ingesting", file=click.get_text_stream("stderr")) as bar:
            for path in bar:
                one(path)
    else:
        for path in paths:
            one(path)
    return outcomes


def ingest_one(store: Any, path: Path, *, brief: str | None, as_of: str | None,
               source: str | None) -> dict[str, Any]:
    """One file to one edition; user errors become an outcome, never an exception."""
    try:
        data = read_file(path)
        result = store.ingest(data, source=source or path.name, brief=brief, as_of=as_of,
                              filename=str(path))
    except TrackerError as exc:
        message = str(exc)
        for prefix in (f"{path}: ", f"{path.name}: "):
            message = message.removeprefix(prefix)
        return {"path": str(path), "status": "error", "error": message}
    return outcome_of(path, result)


def outcome_of(path: Path, result: Any) -> dict[str, Any]:
    from tracker.diffing import summarize, summary_line

    edition = result.edition
    changes = list(result.changes)
    return {
        "path": str(path),
        "status": result.status,
        "brief": edition.brief,
        "edition": edition.number,
        "as_of": edition.as_of,
        "sha256": edition.sha256,
        "previous": result.previous.number if result.previous else None,
        "summary": summarize(changes) if result.status == "stored" else None,
        "summary_line": summary_line(changes) if result.status == "stored" else "unchanged",
        "changes": [c.to_dict() for c in changes],
        "warnings": list(getattr(result, "warnings", ())),
    }


def outcome_line(outcome: dict[str, Any]) -> str:
    """`stored    iraq #2  2020-04-11  2020-04-11.txt  +1 event, 1 count revised`."""
    head = f"{outcome['status']:<9} {outcome['brief']} #{outcome['edition']}  {outcome['as_of']}  {outcome['path']}"
    if outcome["status"] == "unchanged":
        return head + "  (same bytes already stored)"
    against = f" against #{outcome['previous']}" if outcome["previous"] else " (first edition)"
    return f"{head}  {outcome['summary_line']}{against}"
