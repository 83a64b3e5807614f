"""Ingesting sources: files, web pages and standard input, each to one outcome.

`ingest_sources` is what `tracker ingest` runs: it reads each source, hands its bytes to
`tracker.app.ingest`, and turns every result (stored, unchanged, skipped, or a user error)
into an outcome dict, so that a bad file is reported and skipped while the others are still
stored. Many files go in batches, one write transaction each, while worker processes parse
the next ones (`tracker.app.parseahead`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from tracker.app.briefnames import brief_for
from tracker.app.ingest import AsOfNeeded, EditionInput, ingest_many, read_file
from tracker.app.parseahead import parsed_in_order
from tracker.errors import InputError, TrackerError

STDIN = "-"


def ingest_sources(store: Any, sources: Sequence[str], *, brief: str | None, as_of: str | None,
                   source: str | None, skip_same_facts: bool = False, stdin: BinaryIO | None = None,
                   timeout: float | None = None, mode: str | None = None,
                   on_outcome: Callable[[dict[str, Any]], None] | None = None,
                   encoding: str | None = None) -> list[dict[str, Any]]:
    """Ingest files, web pages (http/https URLs) and standard input ("-"), in the order given:
    one outcome dict each, as `ingest_paths` gives for files.

    Files alone take `ingest_paths` (parse workers, batched writes). With a URL or "-" among
    them, each source is read and stored in turn. A page is stored with its URL as the source
    and standard input as "stdin" unless `source` names it; both need a brief: `brief`, or the
    only one the database holds (standard input: `brief` always, since nothing else names it).
    `encoding`: every source's charset (`--encoding`), over what a page or server declares.
    """
    if encoding is not None:
        from tracker.read import codec_name

        codec_name(encoding)  # an unknown label is refused before anything is read
    if not any(s == STDIN or is_url(s) for s in sources):
        return ingest_paths(store, [Path(s) for s in sources], brief=brief, as_of=as_of,
                            source=source, on_outcome=on_outcome, skip_same_facts=skip_same_facts,
                            mode=mode, encoding=encoding)
    if sources.count(STDIN) > 1:
        raise InputError("standard input (-) can be read only once")
    if STDIN in sources and brief is None:
        raise InputError("reading an edition from standard input (-) needs --brief SLUG")
    if callable(store):
        store = store()
    outcomes = []
    for name in sources:
        try:
            item = _source_input(store, name, brief=brief, as_of=as_of, source=source,
                                 stdin=stdin, timeout=timeout, skip_same_facts=skip_same_facts)
            result = ingest_many(store, [replace(item[0], mode=mode, encoding=encoding or item[0].encoding)])[0]
            if isinstance(result, TrackerError):
                raise result
        except TrackerError as exc:
            outcome = error_outcome(name, exc)
        else:
            outcome = outcome_of(name, result)
            outcome["warnings"] = list(item[1]) + outcome["warnings"]
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes


def _source_input(store: Any, name: str, *, brief: str | None, as_of: str | None, source: str | None,
                  stdin: BinaryIO | None, timeout: float | None,
                  skip_same_facts: bool) -> tuple[EditionInput, tuple[str, ...]]:
    """One source -> (what to ingest, warnings of its fetching)."""
    if name == STDIN:
        from tracker.read import stream_bytes

        if stdin is None:
            raise InputError("no standard input to read")
        data = stream_bytes(stdin)
        return EditionInput(data, source or "stdin", brief, as_of, None, None, skip_same_facts), ()
    if is_url(name):
        from tracker.read.fetching import TIMEOUT_S, fetch

        page = fetch(name, timeout=timeout or TIMEOUT_S)
        return page_input(page, source or name, brief_for(store, brief, None), as_of, skip_same_facts), page.warnings
    return EditionInput(read_file(Path(name)), source or Path(name).name, brief, as_of, name, None,
                        skip_same_facts), ()


def page_input(page: Any, source: str, brief: str, as_of: str | None, skip_same_facts: bool) -> EditionInput:
    """A fetched page (`read.fetching.Fetched`) as an edition to ingest: the one place that says
    what of a page goes with its bytes (as served, with the server's charset), for `ingest URL`
    and `watch` alike."""
    return EditionInput(page.data, source, brief, as_of, page.filename, None, skip_same_facts,
                        encoding=page.encoding)


def is_url(source: str) -> bool:
    """A URL: a scheme of two letters or more, then `://`. Only http and https are fetched;
    any other (ftp://, file://) is refused as such rather than looked for as a file, whose
    name would lose a slash on the way."""
    return bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]+://", source))


STORE_BATCH = 32  # editions per write transaction: one commit for many in a bulk ingest


def ingest_paths(store: Any, paths: Iterable[Path], *, brief: str | None, as_of: str | None,
                 source: str | None,
                 on_outcome: Callable[[dict[str, Any]], None] | None = None,
                 skip_same_facts: bool = False, mode: str | None = None,
                 encoding: str | None = None) -> list[dict[str, Any]]:
    """Ingest each path (in charset `encoding`, else its own) as an edition; return one outcome
    dict per path, in order.

    With three files or more, parsing (pure, and half an edition's cost) runs ahead in a small
    process pool while this process stores the editions in the order given, STORE_BATCH to a
    transaction (each edition whole or absent; a bad file costs only itself).

    `store` is a Store, or a function that opens one: called once the workers have started,
    so that opening (and migrating) the database overlaps the first parses.

    `on_outcome` is called with each outcome as soon as its transaction has committed, so a
    caller can report progress (the CLI's progress bar) that stays true even if the process is
    killed a moment later."""
    paths = list(paths)
    outcomes: list[dict[str, Any]] = []

    def flush(batch: list[tuple[Path, Any]]) -> None:
        for outcome in _store_batch(store, batch, brief=brief, as_of=as_of, source=source,
                                    skip_same_facts=skip_same_facts, mode=mode, encoding=encoding):
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

    with parsed_in_order(paths, as_of, encoding) as items:
        if callable(store):
            store = store()
        store_all(items)
    return outcomes


def _store_batch(store: Any, batch: list[tuple[Path, Any]], *, brief: str | None,
                 as_of: str | None, source: str | None,
                 skip_same_facts: bool = False, mode: str | None = None,
                 encoding: str | None = None) -> list[dict[str, Any]]:
    """Files to editions in one `Store.ingest_many`; user errors become outcomes, never
    exceptions.

    `prepared` (from `parseahead.parsed_in_order`) is None (read here), the error reading the file, or its bytes
    and their parse made ahead; a parse that failed there (None) is done again by the store,
    so its error reads the same."""
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
        inputs.append(EditionInput(data, source or path.name, brief, as_of, str(path), snapshot,
                                   skip_same_facts, mode, encoding))
        slots.append(n)
    try:
        results = ingest_many(store, inputs) if inputs else []
    except TrackerError as exc:  # the store cannot be used at all (no schema, say)
        results = [exc] * len(inputs)
    for n, result in zip(slots, results):
        path = batch[n][0]
        outcomes[n] = (error_outcome(path, result) if isinstance(result, TrackerError)
                       else outcome_of(path, result))
    return outcomes  # type: ignore[return-value]  every slot is filled


def error_outcome(path: Path | str, exc: TrackerError) -> dict[str, Any]:
    """A source that could not be stored, as an outcome rather than an exception, so the other
    sources of the command are still stored; the error loses the source's name, which the
    outcome's `path` already gives."""
    message = str(exc)
    for prefix in (f"{path}: ", f"{Path(path).name}: "):
        message = message.removeprefix(prefix)
    outcome = {"path": str(path), "status": "error", "error": message}
    if isinstance(exc, AsOfNeeded):
        outcome["as_of_needed"] = True  # the command exits 2: it needs --as-of
    return outcome


def outcome_of(path: Path | str, result: Any) -> dict[str, Any]:
    """What `ingest` and `watch` report of one stored, unchanged or skipped source: the JSON
    object `--format json` prints, and what the text line is rendered from."""
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
        "summary_line": (summary_line(changes) if result.status == "stored"
                         else "same facts" if result.status == "skipped" else "unchanged"),
        "changes": [c.to_dict() for c in changes],
        "warnings": list(getattr(result, "warnings", ())),
    }
