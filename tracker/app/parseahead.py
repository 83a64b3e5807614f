"""Parsing ahead: worker processes parse the next files while one process stores editions.

Parsing is pure and about half of an edition's cost, so a bulk ingest of many files hands it
to a small process pool and keeps the single writer busy. Only file names go to the workers,
and a snapshot they send back is used only if the bytes they parsed hash the same as the
bytes the writer stores; anything that goes wrong in a worker means the file is parsed again
in the writing process, so the outcome is the same as parsing each file in turn.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tracker.app.ingest import read_file
from tracker.canonical import sha256_hex
from tracker.errors import InputError
from tracker.read import charset_for

PARSE_WORKERS = 2  # processes parsing ahead of the (single) writer when many files are given
PARSE_CHUNK = 8  # files per task: one message each way for eight files, not one per file
PARSE_CHUNK_BYTES = 1 << 20  # ... fewer when they are big
PARSE_AHEAD = 4  # tasks in flight before the writer catches up
PARSE_AHEAD_BYTES = 64 << 20  # ... and no more bytes of files than this (beyond one task)


@contextmanager
def parsed_in_order(paths: list[Path], as_of: str | None,
                    encoding: str | None = None) -> Iterator[Iterator[tuple[Path, Any]]]:
    """(path, prepared) in the order given; `prepared` is None (read and parse in-process),
    an InputError (the file could not be read), or (bytes, snapshot or None).

    Workers read the files themselves, so only file names go to them; the snapshot they send
    back is used only if the bytes they parsed hash the same as the bytes read here to store."""
    workers = min(PARSE_WORKERS, os.cpu_count() or 1)
    if len(paths) < 3 or workers < 2:
        yield ((path, None) for path in paths)
        return
    with parse_pool(workers) as pool:
        yield _parsed_ahead(pool, paths, as_of, encoding)


@contextmanager
def parse_pool(workers: int) -> Iterator[Any]:
    """A pool of `workers` processes that parse, for a bulk ingest or a reparse. Forked where
    the platform can, after the parser is imported, so each worker starts with the parser's
    modules loaded; a worker ends when the process that started it is gone (killed, say)
    rather than wait for work for ever; work not yet started is dropped when the pool closes."""
    import concurrent.futures
    import multiprocessing

    import tracker.parse.parser  # noqa: F401  imported once here, before the workers fork

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=context,
                                                  initializer=_worker_start, initargs=(os.getpid(),))
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parsed_ahead(pool: Any, paths: list[Path], as_of: str | None,
                  encoding: str | None = None) -> Iterator[tuple[Path, Any]]:
    """The first tasks are handed out at once; the rest as the writer takes their results."""
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
                future = pool.submit(_parse_chunk, [str(p) for p in chunk], as_of, encoding)
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
                yield path, (data, snapshot if digest == sha256_hex(data) else None)

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
    """A parse worker ends when the process that started it is gone (killed, say): it would
    otherwise wait for work for ever."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _parse_chunk(paths: list[str], as_of: str | None,
                 encoding: str | None = None) -> list[tuple[str | None, Any]]:
    """(sha256 of the bytes parsed, snapshot read with the charset the writer stores) per file;
    (None, None) when a file cannot be read or parsed: the writer reads and parses it again."""
    from tracker.parse.parser import parse_bytes

    out: list[tuple[str | None, Any]] = []
    for name in paths:
        try:
            data = read_file(Path(name))
            charset = charset_for(data, encoding=encoding, filename=name)[0]
            out.append((sha256_hex(data), parse_bytes(data, name, as_of=as_of, encoding=charset)))
        except Exception:  # noqa: BLE001
            out.append((None, None))
    return out
