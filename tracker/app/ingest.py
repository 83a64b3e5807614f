"""Ingesting: from bytes or paths on disk to stored editions, each whole or not at all.

The application side of a write: read and parse the bytes, check the as-of date, then hand
the store a `NewEdition` and the `settle` rule (identity, then the diff against the edition in
force), which the store runs inside its write transaction. Kept apart from the CLI so scripts
and tests ingest the same way the command does, with the same per-file error handling: a bad
file is reported and skipped, the others are still stored.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from tracker.app.briefnames import KnownBriefs, brief_for
from tracker.app.correcting import Backfills, settle_at_ingest
from tracker.app.cumulative import retraction_warning
from tracker.canonical import sha256_hex
from tracker.days import day_problem, valid_day
from tracker.errors import InputError, NotFoundError, TrackerError
from tracker.model import Snapshot
from tracker.read import UTF8, charset_for
from tracker.store.records import IngestResult, NewEdition, Prior, Settled

@dataclass(frozen=True)
class EditionInput:
    """One edition to ingest: its bytes and where they came from (see `ingest`)."""

    data: bytes
    source: str
    brief: str | None = None
    as_of: str | None = None
    filename: str | None = None
    snapshot: Snapshot | None = None  # the parse of exactly `data`, when made ahead
    skip_same_facts: bool = False  # store nothing when the facts equal the edition in force
    mode: str | None = None  # the mode the brief is created in, or must be in
    encoding: str | None = None  # the charset of `data` when known (given, a server's); else found


def ingest(store: Any, data: bytes, *, source: str, brief: str | None, as_of: str | None = None,
           filename: str | None = None, snapshot: Snapshot | None = None,
           mode: str | None = None, encoding: str | None = None) -> IngestResult:
    """Store `data` as the next edition of `brief`, or report it `unchanged`.

    Parsed before any write (a bad file writes nothing); then one transaction holds the
    edition, its log events and its projection rows. `snapshot`, when given, is the parse
    of exactly these bytes read with their charset (`read.charset_for`), made by the caller (bulk
    loaders parse in other processes); it goes through the same as-of checks. The bytes are
    stored as given with their charset: `encoding` ("windows-1256": the user's, a server's),
    else the one they declare or are found in."""
    outcome = ingest_many(store, [EditionInput(data, source, brief, as_of, filename, snapshot, mode=mode,
                                               encoding=encoding)])[0]
    if isinstance(outcome, TrackerError):
        raise outcome
    return outcome


def ingest_many(store: Any, inputs: Sequence[EditionInput]) -> list[IngestResult | TrackerError]:
    """Store several editions, in order, in one write transaction: one outcome each.

    A bulk load pays one commit for many editions instead of one each. Each edition is
    still whole or absent: a file that cannot be read, parsed or dated is an error outcome
    and writes nothing."""
    store.ready()
    settle = Backfills(settle_edition)  # a backfill re-applies the corrections' rule after it
    outcomes: list[IngestResult | TrackerError | None] = [None] * len(inputs)
    pending: list[tuple[int, NewEdition]] = []
    written: list[IngestResult | TrackerError] = []
    known = KnownBriefs(store)
    for i, item in enumerate(inputs):
        if item.skip_same_facts and pending:  # compared with what the batch wrote before it
            written += store.write_editions([p for _, p in pending[len(written):]], settle)
            settle.settle_later(store)
        try:
            prepared = prepare(store, item, known)
        except TrackerError as exc:
            outcomes[i] = exc
            continue
        if isinstance(prepared, IngestResult):
            outcomes[i] = prepared
        else:
            pending.append((i, prepared))
    written += store.write_editions([p for _, p in pending[len(written):]], settle)
    settle.settle_later(store)
    modes: dict[str, Any] = {}
    for (i, item), result in zip(pending, written):
        if isinstance(result, IngestResult) and result.status == "stored":
            snap = item.snapshot
            result = replace(result, warnings=charset_warnings(inputs[i], item.charset)
                             + count_warnings(store, result.edition, snap, modes)
                             + retraction_warning(store, result, snap, modes) + future_warning(snap.as_of)
                             + empty_warning(snap) + completed_after_warning(snap))
        outcomes[i] = result
    return outcomes  # type: ignore[return-value]  every slot is filled


def charset_warnings(item: EditionInput, charset: str) -> tuple[str, ...]:
    """What the user is told of a legacy charset found in the bytes: said at ingest, not kept
    in the reading, since later readings decode with the charset stored (`read.charset_for`)."""
    if charset == UTF8 or item.encoding is not None:
        return ()
    return charset_for(item.data, filename=item.filename)[1]


def count_warnings(store: Any, info: Any, snap: Snapshot, modes: dict[str, Any]) -> tuple[str, ...]:
    """The parse warnings of a stored edition; in a cumulative brief its counts are checked
    against the compiled state (every report so far) rather than against the report's own
    list, which holds only what is new. `modes` caches each brief's modes for the batch."""
    from tracker.store.records import mode_at

    brief = info.brief
    if brief not in modes:
        modes[brief] = store.modes(brief)
    if mode_at(modes[brief], info.number) != "cumulative":
        return snap.warnings
    from tracker.parse.counts import compiled_count_warnings, counts_places, is_listed_count_warning

    kept = tuple(w for w in snap.warnings if not is_listed_count_warning(w))
    if not counts_places(snap.counts):
        return kept
    from tracker.app.folded import state_at

    events = state_at(store, brief, info).standing("event")
    done = sum(1 for f in events if f.data.get("status") == "completed")
    return kept + tuple(compiled_count_warnings(snap.counts, len(events), done))


def prepare(store: Any, item: EditionInput, known: KnownBriefs | None = None) -> NewEdition | IngestResult:
    """What to write for one input, parsed and dated. Bytes already stored are reported
    `unchanged` here, before any parse and before `skip_same_facts` compares facts: the same
    bytes are always `unchanged`, never `skipped` (the write checks again)."""
    brief = brief_for(store, item.brief, item.filename, known)
    digest = sha256_hex(item.data)
    if item.snapshot is None or item.skip_same_facts:
        existing = store.stored_as(brief, digest)
        if existing is not None:
            return IngestResult("unchanged", existing, (), None)
    charset = charset_for(item.data, encoding=item.encoding, filename=item.filename)[0]
    snapshot = dated_snapshot(item.data, item.filename, item.as_of, item.snapshot, charset)
    if item.skip_same_facts:
        same = same_facts_in_force(store, brief, snapshot, (item.data, item.filename or item.source, charset))
        if same is not None:
            return IngestResult("skipped", same, (), same)
    return NewEdition(brief, item.data, digest, snapshot, item.source, item.filename or item.source,
                      mode=item.mode, charset=charset)


@dataclass
class ReadPrior:
    """`records.Prior` read outside a write: what a snapshot would be settled against."""

    previous: Any
    aliases: list[Any]
    snapshot: Snapshot
    known: dict[str, str]
    fact_records: Callable[[], list[dict[str, Any]]] = list  # the brief's fact corrections
    raw: Callable[[], tuple[bytes, str | None, str]] = lambda: (b"", None, "utf-8")  # bytes, name, charset

    def before(self) -> Snapshot:
        return self.snapshot

    def identities(self, wanted: Iterable[str]) -> dict[str, str]:
        return {i: self.known[i] for i in wanted if i in self.known}


def same_facts_in_force(store: Any, brief: str, snapshot: Snapshot,
                        raw: tuple[bytes, str | None, str] = (b"", None, "utf-8")) -> Any:
    """The edition in force at the snapshot's as-of date when storing the snapshot would
    record no change against it (the diff `tracker diff` would show is empty), else None.
    Like with like: the analyst's corrections it hands on are applied to the snapshot (of
    `raw`: its bytes, name and charset, for an added fact's quote) as the write would apply them.

    What `ingest --skip-same-facts` uses: a page polled every hour changes its bytes (a clock,
    a comment count) far more often than its facts. Read before the write transaction: a
    writer storing the same brief meanwhile at worst makes this edition stored after all."""
    if brief not in store.briefs():
        return None
    try:
        info = store.resolve(brief, snapshot.as_of)
    except NotFoundError:
        return None
    prior = ReadPrior(info, store.aliases(brief), store.snapshot(brief, info.number),
                      store.identities(brief), lambda: store.fact_records(brief), lambda: raw)
    return info if not settle_edition(snapshot, prior).changes else None


def settle_edition(snapshot: Snapshot, prior: Prior) -> Settled:
    """Identity first (established keys, respellings), then the diff against the edition in
    force: what the store writes for a new snapshot. Runs inside the write transaction.
    A brief that folds its reports (cumulative) is settled onto its folded state instead."""
    from tracker.diff import compare
    from tracker.identity import settle

    if getattr(prior, "modes", None):
        from tracker.app.cumulative import folds, settle_report

        if folds(prior.modes):
            return settle_report(snapshot, prior)

    settled, fresh = settle(snapshot, prior)
    # an analyst's corrections the edition in force hands on
    return settle_at_ingest(prior, Settled(settled, tuple(compare(prior.before(), settled)), fresh))


def dated_snapshot(data: bytes, filename: str | None, as_of: str | None,
                   parsed: Snapshot | None = None, charset: str | None = None) -> Snapshot:
    """The snapshot of `data` read with `charset` (parsed here unless given), with a valid
    as-of date."""
    from tracker.parse.parser import parse_bytes

    name = filename or "input"
    if as_of is not None and not valid_day(as_of):
        raise InputError(f"--as-of {as_of!r} {day_problem(as_of)}")
    snapshot = parse_bytes(data, filename, as_of=as_of, encoding=charset) if parsed is None else parsed
    if as_of is not None and snapshot.as_of != as_of:
        snapshot = snapshot.with_as_of(as_of)
    if not snapshot.as_of:
        raise AsOfNeeded(f"{name}: the text states no as-of date (no 'As of' line, dateline or "
                         "publication date, and the file name no date); pass --as-of YYYY-MM-DD")
    if not valid_day(snapshot.as_of):
        raise InputError(f"{name}: as-of date {snapshot.as_of!r} is not a valid date")
    return snapshot


class AsOfNeeded(InputError):
    """A text that states no date of its own, from a file whose name gives none: nothing is
    guessed from the days its body gives, the caller is asked for --as-of."""


def future_warning(as_of: str) -> tuple[str, ...]:
    """An as-of date after tomorrow (UTC, so no time zone is early) is stored as given, since
    the record keeps what the brief says, but the user is told: it is most likely a typo."""
    tomorrow = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)
    if as_of > tomorrow.isoformat():
        return (f"as-of date {as_of} is in the future; stored as given (check the date, "
                "or pass --as-of)",)
    return ()


def completed_after_warning(snapshot: Snapshot) -> tuple[str, ...]:
    """An edition cannot report as done what happens after its own date: an as-of earlier
    than a completed event is most likely the wrong date (an event's day taken for the
    edition's, or a mistyped --as-of). Stored as given, and said."""
    late = sorted((e.date, e.name) for e in snapshot.events
                  if e.status == "completed" and e.date and snapshot.as_of and e.date > snapshot.as_of)
    if not late:
        return ()
    date, name = late[-1]
    return (f"as-of date {snapshot.as_of} is earlier than {len(late)} event(s) the edition reports "
            f"completed (latest: {name!r} on {date}); check the edition's date, or pass --as-of",)


def empty_warning(snapshot: Snapshot) -> tuple[str, ...]:
    """An edition that states nothing (say, a Markdown file of only headings) is stored, since
    the user asked for it, but said so: it is most likely the wrong file."""
    if snapshot.events or snapshot.counts or snapshot.retractions or any(s.text for s in snapshot.sections):
        return ()
    return ("no events, counts or paragraphs found: the edition is stored empty",)


def read_file(path: Path) -> bytes:
    """The raw bytes of an edition, refusing what cannot be one before reading it whole."""
    from tracker.read import file_bytes

    return file_bytes(path)


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
PARSE_WORKERS = 2  # processes parsing ahead of the (single) writer when many files are given
PARSE_CHUNK = 8  # files per task: one message each way for eight files, not one per file
PARSE_CHUNK_BYTES = 1 << 20  # ... fewer when they are big
PARSE_AHEAD = 4  # tasks in flight before the writer catches up
PARSE_AHEAD_BYTES = 64 << 20  # ... and no more bytes of files than this (beyond one task)


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

    with _prepared(paths, as_of, encoding) as items:
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

    `prepared` (from _prepared) is None (read here), the error reading the file, or its bytes
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
    message = str(exc)
    for prefix in (f"{path}: ", f"{Path(path).name}: "):
        message = message.removeprefix(prefix)
    outcome = {"path": str(path), "status": "error", "error": message}
    if isinstance(exc, AsOfNeeded):
        outcome["as_of_needed"] = True  # the command exits 2: it needs --as-of
    return outcome


@contextmanager
def _prepared(paths: list[Path], as_of: str | None,
              encoding: str | None = None) -> Iterator[Iterator[tuple[Path, Any]]]:
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
        yield _parsed_ahead(pool, paths, as_of, encoding)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parsed_ahead(pool: Any, paths: list[Path], as_of: str | None,
                  encoding: str | None = None) -> Iterator[tuple[Path, Any]]:
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


def _parse_chunk(paths: list[str], as_of: str | None,
                 encoding: str | None = None) -> list[tuple[str | None, Any]]:
    """(sha256 of the bytes parsed, snapshot read with the charset the writer stores) per file;
    (None, None) when a file cannot be read or parsed: the writer reads and parses it again."""
    from hashlib import sha256

    from tracker.parse.parser import parse_bytes

    out: list[tuple[str | None, Any]] = []
    for name in paths:
        try:
            data = read_file(Path(name))
            charset = charset_for(data, encoding=encoding, filename=name)[0]
            out.append((sha256(data).hexdigest(), parse_bytes(data, name, as_of=as_of, encoding=charset)))
        except Exception:  # noqa: BLE001
            out.append((None, None))
    return out


def outcome_of(path: Path | str, result: Any) -> dict[str, Any]:
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
