"""Ingesting files: from paths on disk to stored editions, each whole or not at all.

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
    from tracker.read.decoding import _check_size, max_bytes_limit

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


STORE_BATCH = 32  # editions per write transaction: one commit for many in a bulk ingest
PARSE_WORKERS = 2  # processes parsing ahead of the (single) writer when many files are given
PARSE_CHUNK = 8  # files per task: one message each way for eight files, not one per file
PARSE_CHUNK_BYTES = 1 << 20  # ... fewer when they are big
PARSE_AHEAD = 4  # tasks in flight before the writer catches up
PARSE_AHEAD_BYTES = 64 << 20  # ... and no more bytes of files than this (beyond one task)


def ingest_paths(store: Any, paths: Iterable[Path], *, brief: str | None, as_of: str | None,
                 source: str | None, progress: bool = False,
                 on_outcome: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Ingest each path as an edition; return one outcome dict per path, in order.

    With three files or more, parsing (pure, and half an edition's cost) runs ahead in a small
    process pool while this process stores the editions in the order given, STORE_BATCH to a
    transaction (each edition whole or absent; a bad file costs only itself).

    `store` is a Store, or a function that opens one: called once the workers have started,
    so that opening (and migrating) the database overlaps the first parses.

    `on_outcome` is called with each outcome as soon as its transaction has committed, so a
    caller can report progress that stays true even if the process is killed a moment later."""
    paths = list(paths)
    outcomes: list[dict[str, Any]] = []

    def flush(batch: list[tuple[Path, Any]]) -> None:
        for outcome in _store_batch(store, batch, brief=brief, as_of=as_of, source=source):
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
        batch.clear()

    def store_all(items: Iterable[tuple[Path, Any]]) -> None:
        batch: list[tuple[Path, Any]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= STORE_BATCH:
                flush(batch)
        flush(batch)

    with _prepared(paths, as_of) as items:
        if callable(store):
            store = store()
        if progress:
            import click

            with click.progressbar(items, length=len(paths), label="ingesting",
                                   file=click.get_text_stream("stderr")) as bar:
                store_all(bar)
        else:
            store_all(items)
    return outcomes


def _store_batch(store: Any, batch: list[tuple[Path, Any]], *, brief: str | None,
                 as_of: str | None, source: str | None) -> list[dict[str, Any]]:
    """Files to editions in one `Store.ingest_many`; user errors become outcomes, never
    exceptions.

    `prepared` (from _prepared) is None (read here), the error reading the file, or its bytes
    and their parse made ahead; a parse that failed there (None) is done again by the store,
    so its error reads the same."""
    from tracker.store.store import EditionInput

    outcomes: list[dict[str, Any] | None] = [None] * len(batch)
    inputs, slots = [], []
    for n, (path, prepared) in enumerate(batch):
        try:
            if isinstance(prepared, TrackerError):
                raise prepared
            data, snapshot = (read_file(path), None) if prepared is None else prepared
        except TrackerError as exc:
            outcomes[n] = error_outcome(path, exc)
            continue
        inputs.append(EditionInput(data, source or path.name, brief, as_of, str(path), snapshot))
        slots.append(n)
    try:
        results = store.ingest_many(inputs) if inputs else []
    except TrackerError as exc:  # the store cannot be used at all (no schema, say)
        results = [exc] * len(inputs)
    for n, result in zip(slots, results):
        path = batch[n][0]
        outcomes[n] = (error_outcome(path, result) if isinstance(result, TrackerError)
                       else outcome_of(path, result))
    return outcomes  # type: ignore[return-value]  every slot is filled


def error_outcome(path: Path, exc: TrackerError) -> dict[str, Any]:
    message = str(exc)
    for prefix in (f"{path}: ", f"{path.name}: "):
        message = message.removeprefix(prefix)
    return {"path": str(path), "status": "error", "error": message}


@contextmanager
def _prepared(paths: list[Path], as_of: str | None) -> Iterator[Iterator[tuple[Path, Any]]]:
    """(path, prepared) in the order given; `prepared` is None (read and parse in-process),
    an InputError (the file could not be read), or (bytes, snapshot or None).

    Workers read the files themselves, so only file names go to them; the snapshot they send
    back is used only if the bytes they parsed hash the same as the bytes read here to store."""
    workers = min(PARSE_WORKERS, os.cpu_count() or 1)
    if len(paths) < 3 or workers < 2:
        yield ((path, None) for path in paths)
        return
    import concurrent.futures
    import multiprocessing

    import tracker.parse.parser  # noqa: F401  imported once here, before the workers fork

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=context,
                                                  initializer=_worker_start, initargs=(os.getpid(),))
    try:
        yield _parsed_ahead(pool, paths, as_of)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parsed_ahead(pool: Any, paths: list[Path], as_of: str | None) -> Iterator[tuple[Path, Any]]:
    """The first tasks are handed out at once; the rest as the writer takes their results."""
    from hashlib import sha256

    ahead: deque[tuple[list[Path], Any, int]] = deque()
    tasks = _tasks(paths)
    held = 0  # bytes of the files in flight

    def top_up() -> None:
        nonlocal held
        while len(ahead) < PARSE_AHEAD and (not ahead or held < PARSE_AHEAD_BYTES):
            task = next(tasks, None)
            if task is None:
                return
            chunk, size = task
            try:
                future = pool.submit(_parse_chunk, [str(p) for p in chunk], as_of)
            except Exception:  # noqa: BLE001  a broken pool: parse in this process
                future = None
            ahead.append((chunk, future, size))
            held += size

    def results() -> Iterator[tuple[Path, Any]]:
        nonlocal held
        while ahead:
            chunk, future, size = ahead.popleft()
            held -= size
            top_up()
            try:
                parsed = future.result() if future is not None else []
            except Exception:  # noqa: BLE001  a worker died: these files are parsed here
                parsed = []
            parsed += [(None, None)] * (len(chunk) - len(parsed))
            for path, (digest, snapshot) in zip(chunk, parsed):
                try:
                    data = read_file(path)
                except InputError as exc:
                    yield path, exc
                    continue
                yield path, (data, snapshot if digest == sha256(data).hexdigest() else None)

    top_up()
    return results()


def _tasks(paths: list[Path]) -> Iterator[tuple[list[Path], int]]:
    """Paths in runs of PARSE_CHUNK, or fewer when their files add up to PARSE_CHUNK_BYTES."""
    chunk: list[Path] = []
    size = 0
    for path in paths:
        try:
            size += path.stat().st_size
        except OSError:
            pass  # reported when the file is read to be stored
        chunk.append(path)
        if len(chunk) >= PARSE_CHUNK or size >= PARSE_CHUNK_BYTES:
            yield chunk, size
            chunk, size = [], 0
    if chunk:
        yield chunk, size


def _worker_start(parent: int) -> None:
    """A parse worker ends when the ingesting process is gone (killed, say): it would
    otherwise wait for work for ever."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _parse_chunk(paths: list[str], as_of: str | None) -> list[tuple[str | None, Any]]:
    """(sha256 of the bytes parsed, snapshot) per file; (None, None) when a file cannot be read
    or parsed: the writer reads and parses it again, so its error reads the same."""
    from hashlib import sha256

    from tracker.parse.parser import parse_bytes

    out: list[tuple[str | None, Any]] = []
    for name in paths:
        try:
            data = read_file(Path(name))
            out.append((sha256(data).hexdigest(), parse_bytes(data, name, as_of=as_of)))
        except Exception:  # noqa: BLE001
            out.append((None, None))
    return out


def outcome_of(path: Path, result: Any) -> dict[str, Any]:
    from tracker.diff import summarize, summary_line

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
