"""Ingesting files: from paths on disk to stored editions, one transaction per file.

Kept apart from the CLI so scripts and tests can ingest many files the same way the
command does, with the same per-file error handling: a bad file is reported and skipped,
the others are still stored.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tracker.errors import InputError, TrackerError


def read_file(path: Path) -> bytes:
    """The raw bytes of an edition, refusing what cannot be one before reading it whole."""
    from tracker.decoding import _check_size, max_bytes_limit

    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    _check_size(path.stat().st_size, max_bytes_limit(), str(path))
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


PARSE_WORKERS = 2  # processes parsing ahead of the (single) writer when many files are given
PARSE_AHEAD = 16  # files read and handed to the workers before their turn to be stored
PARSE_AHEAD_BYTES = 64 << 20  # ... and no more bytes than this held waiting (beyond one file)


def ingest_paths(store: Any, paths: Iterable[Path], *, brief: str | None, as_of: str | None,
                 source: str | None, progress: bool = False,
                 on_outcome: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Ingest each path in its own transaction; return one outcome dict per path, in order.

    With three files or more, parsing (pure, and half an edition's cost) runs ahead in a small
    process pool while this process stores the editions one by one, in the order given.

    `on_outcome` is called with each outcome as soon as its transaction has committed, so a
    caller can report progress that stays true even if the process is killed a moment later."""
    paths = list(paths)
    outcomes: list[dict[str, Any]] = []

    def store_all(items: Iterable[tuple[Path, Any]]) -> None:
        for path, prepared in items:
            outcome = ingest_one(store, path, brief=brief, as_of=as_of, source=source,
                                 prepared=prepared)
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)

    with _prepared(paths, as_of) as items:
        if progress:
            import click

            with click.progressbar(items, length=len(paths), label="ingesting",
                                   file=click.get_text_stream("stderr")) as bar:
                store_all(bar)
        else:
            store_all(items)
    return outcomes


@contextmanager
def _prepared(paths: list[Path], as_of: str | None) -> Iterator[Iterator[tuple[Path, Any]]]:
    """(path, prepared) in the order given; `prepared` is None (read and parse in-process),
    an InputError (the file could not be read), or a (bytes, future snapshot) pair."""
    workers = min(PARSE_WORKERS, os.cpu_count() or 1)
    if len(paths) < 3 or workers < 2:
        yield ((path, None) for path in paths)
        return
    import concurrent.futures
    import multiprocessing

    import tracker.parsing  # noqa: F401  imported once here, before the workers fork

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=context,
                                                  initializer=_worker_start, initargs=(os.getpid(),))

    def items() -> Iterator[tuple[Path, Any]]:
        ahead: deque[tuple[Path, Any]] = deque()
        held = 0  # bytes read and not yet stored
        queued = iter(paths)
        while True:
            while len(ahead) < PARSE_AHEAD and (not ahead or held < PARSE_AHEAD_BYTES):
                path = next(queued, None)
                if path is None:
                    break
                try:
                    data = read_file(path)
                except InputError as exc:
                    ahead.append((path, exc))
                    continue
                try:
                    future = pool.submit(_parse_worker, data, str(path), as_of)
                except Exception:  # noqa: BLE001  a broken pool: parse in this process
                    future = None
                ahead.append((path, (data, future)))
                held += len(data)
            if not ahead:
                return
            path, prepared = ahead.popleft()
            if isinstance(prepared, tuple):
                held -= len(prepared[0])
            yield path, prepared

    try:
        yield items()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_start(parent: int) -> None:
    """A parse worker ends when the ingesting process is gone (killed, say): it would
    otherwise wait for work for ever."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _parse_worker(data: bytes, filename: str, as_of: str | None) -> Any:
    from tracker.parsing import parse_bytes

    return parse_bytes(data, filename, as_of=as_of)


def ingest_one(store: Any, path: Path, *, brief: str | None, as_of: str | None,
               source: str | None, prepared: Any = None) -> dict[str, Any]:
    """One file to one edition; user errors become an outcome, never an exception.

    `prepared` (from ingest_paths) carries the file's bytes and their parse made ahead;
    a parse that failed there is done again here, so its error reads the same."""
    try:
        if isinstance(prepared, TrackerError):
            raise prepared
        snapshot = None
        if prepared is None:
            data = read_file(path)
        else:
            data, future = prepared
            try:
                snapshot = future.result() if future is not None else None
            except Exception:  # noqa: BLE001  re-parsed in this process by store.ingest
                snapshot = None
        result = store.ingest(data, source=source or path.name, brief=brief, as_of=as_of,
                              filename=str(path), snapshot=snapshot)
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
