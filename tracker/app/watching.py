"""Watching: poll web pages and files, and store an edition only when its facts change.

Following a page with cron around `ingest --skip-same-facts` downloads and parses it whole at
every poll. A watch asks first: the validators the server gave last time (ETag, Last-Modified)
go back with the request, and a page that has not changed answers 304 with no body, which
costs neither a parse nor a write. A body the same as the one seen last (a server without
validators, or a file) is not parsed either. Only then are the bytes handed to `ingest_many`,
as `ingest` hands them, with `skip_same_facts`: a page whose clock or comment count moved
stores nothing, and changed facts store one edition.

The validators are kept in the database (`Store.keep_validators`), so that a watch run by a
timer (`--once`) and every machine that writes the same database ask the same questions. They
are written only once the answer has been stored (or found to hold nothing new), never for a
source that failed, so a failure is asked about again in full.

Stopping is the caller's: `watch` checks its `stop` event between polls and waits on it, so a
signal that sets the event ends the watch after the poll in hand, never in the middle of one
(and an edition is written in one transaction anyway).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tracker.app.briefnames import brief_for
from tracker.app.ingest import EditionInput, ingest_many, read_file
from tracker.app.sources import STDIN, is_url, outcome_of, page_input
from tracker.canonical import sha256_hex
from tracker.errors import InputError, TrackerError
from tracker.store.inputs import Validators

DEFAULT_EVERY_S = 15 * 60.0
SHORTEST_EVERY_S = 1.0
BACKOFF_CAP_S = 6 * 3600.0  # the longest wait after repeated errors (unless --every is longer)
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

# what a poll came to: a new edition, or why there is none
STORED = "stored"
NOT_MODIFIED = "not-modified"  # the server answered 304
SAME_BYTES = "same-bytes"  # the bytes seen last time, not parsed again
SKIPPED = "skipped"  # other bytes, the same facts as the edition in force: nothing stored
UNCHANGED = "unchanged"  # bytes already stored for the brief
ERROR = "error"


@dataclass(frozen=True)
class Poll:
    """One poll of one source: its status, the ingest outcome when its bytes were ingested
    (`stored`, `skipped`, `unchanged`), or the error's one line."""

    source: str
    brief: str | None
    status: str
    outcome: dict[str, Any] | None = None
    error: str | None = None

    @property
    def new_edition(self) -> bool:
        return self.status == STORED

    def to_dict(self) -> dict[str, Any]:
        found = {"source": self.source, "brief": self.brief, "status": self.status}
        if self.outcome is not None:
            found.update({k: self.outcome[k] for k in ("edition", "as_of", "sha256", "previous", "summary",
                                                       "summary_line", "warnings")})
        if self.error is not None:
            found["error"] = self.error
        return found


def parse_duration(text: str) -> float:
    """'90s', '15m', '1h', '1d' or a number of seconds -> seconds; at least SHORTEST_EVERY_S."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not found:
        raise InputError(f"--every {text!r} is not a duration: give a number with s, m, h or d (30s, 15m, 1h)")
    seconds = float(found.group(1)) * UNITS[found.group(2) or "s"]
    if seconds < SHORTEST_EVERY_S:
        raise InputError(f"--every {text!r} is too short: at least {SHORTEST_EVERY_S:g} s")
    return seconds


def backoff(every: float, failures: int) -> float:
    """The wait before the next poll of a source after `failures` errors in a row: `every`,
    doubled at each error, up to BACKOFF_CAP_S (or `every` when that is longer)."""
    if failures <= 0:
        return every
    return min(every * 2.0 ** failures, max(every, BACKOFF_CAP_S))


def source_key(source: str) -> str:
    """How a source is known in the validators: a URL as given, a file by its absolute path."""
    return source if is_url(source) else str(Path(source).absolute())


def poll(store: Any, source: str, *, brief: str | None = None, mode: str | None = None,
         timeout: float | None = None) -> Poll:
    """Poll `source` (an http(s) URL or a file) once, storing an edition when its facts changed.
    User errors (no answer, an error status, a bad file, a brief to name) become an `error`
    Poll, never an exception."""
    slug = None
    try:
        data = None if is_url(source) else read_file(Path(source))  # a missing file is said first
        slug = brief_for(store, brief, None if is_url(source) else source)
        seen = store.validators(slug, source_key(source))
        fetched = _read(source, slug, seen, timeout, data)
        if fetched is None:
            return Poll(source, slug, NOT_MODIFIED)
        item, warnings, validators = fetched
        digest = sha256_hex(item.data)
        if seen is not None and seen.sha256 == digest:
            _keep(store, seen, validators, digest)
            return Poll(source, slug, SAME_BYTES)
        result = ingest_many(store, [replace(item, mode=mode)])[0]
        if isinstance(result, TrackerError):
            raise result
        _keep(store, Validators(slug, source_key(source), None, None, None), validators, digest)
    except TrackerError as exc:
        return Poll(source, slug, ERROR, error=_one_line(source, exc))
    outcome = outcome_of(source, result)
    outcome["warnings"] = list(warnings) + outcome["warnings"]
    return Poll(source, slug, result.status, outcome)


def _read(source: str, brief: str, seen: Validators | None, timeout: float | None,
          data: bytes | None = None) -> tuple[EditionInput, tuple[str, ...], tuple[str | None, str | None]] | None:
    """(what to ingest, fetch warnings, the server's validators), or None for a 304. A file's
    `data` is read by the caller, before anything else is asked of the source."""
    if data is not None:
        return EditionInput(data, Path(source).name, brief, None, source, None, True), (), (None, None)
    from tracker.read.fetching import TIMEOUT_S, fetch_if_changed

    page = fetch_if_changed(source, etag=seen.etag if seen else None,
                            last_modified=seen.last_modified if seen else None, timeout=timeout or TIMEOUT_S)
    if page is None:
        return None
    return page_input(page, source, brief, None, True), page.warnings, (page.etag, page.last_modified)


def _keep(store: Any, seen: Validators, validators: tuple[str | None, str | None], digest: str) -> None:
    """Write the source's validators when they differ from those kept (no write otherwise)."""
    etag, last_modified = validators
    if (seen.etag, seen.last_modified, seen.sha256) != (etag, last_modified, digest):
        store.keep_validators(Validators(seen.brief, seen.source, etag, last_modified, digest))


def _one_line(source: str, exc: TrackerError) -> str:
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    for prefix in (f"{source}: ", f"{Path(source).name}: "):
        message = message.removeprefix(prefix)
    return message


def watch(store: Any, sources: Sequence[str], *, every: float = DEFAULT_EVERY_S, brief: str | None = None,
          mode: str | None = None, timeout: float | None = None, once: bool = False,
          stop: threading.Event | None = None,
          on_poll: Callable[[Poll, float | None], None] | None = None,
          clock: Callable[[], float] = time.monotonic) -> list[Poll]:
    """Poll every source, then (unless `once`) again every `every` seconds until `stop` is set.

    `on_poll(poll, wait)` is called after each poll with the seconds until that source is
    polled again (None with `once`). A source that fails waits longer each time it fails in a
    row (`backoff`), the others keep their pace. Returns the polls made (with `once`, one per
    source, in the order given)."""
    check_sources(sources)
    stop = stop or threading.Event()
    due = {source: clock() for source in dict.fromkeys(sources)}
    failures = dict.fromkeys(due, 0)
    polls: list[Poll] = []
    while not stop.is_set():
        for source in sorted(due, key=due.__getitem__):
            if stop.is_set() or due[source] > clock():
                continue
            done = poll(store, source, brief=brief, mode=mode, timeout=timeout)
            failures[source] = failures[source] + 1 if done.status == ERROR else 0
            due[source] = clock() + backoff(every, failures[source])
            polls.append(done)
            if on_poll is not None:
                on_poll(done, None if once else due[source] - clock())
        if once:
            break
        stop.wait(max(0.0, min(due.values()) - clock()))
    return polls


def check_sources(sources: Sequence[str]) -> None:
    """Refuse what cannot be polled again before the first poll: standard input (-) is read
    once and is gone, while a watch reads each source again and again."""
    if STDIN in sources:
        raise InputError("watch cannot read standard input (-): it polls each source again, so "
                         "give a file or a URL (`tracker ingest -` stores standard input once)")


def once_exit_code(polls: Sequence[Poll]) -> int:
    """`watch --once` for cron and timers: 2 when a source failed, 1 when a new edition was
    stored, 0 when nothing is new (the scheme of every command: 1 means changes found)."""
    if any(p.status == ERROR for p in polls):
        return 2
    return 1 if any(p.new_edition for p in polls) else 0
