"""Ingesting: from an edition's bytes to a stored edition, whole or not at all.

The application side of a write: read and parse the bytes, check the as-of date, then hand
the store a `NewEdition` and the `settle` rule (identity, then the diff against the edition in
force), which the store runs inside its write transaction. Kept apart from the CLI so scripts
and tests ingest the same way the command does. Files, web pages and standard input reach
this module through `tracker.app.sources`, which reports a bad source and goes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tracker.app.briefnames import KnownBriefs, brief_for
from tracker.app.correcting import Backfills, settle_at_ingest
from tracker.app.cumulative import retraction_warning
from tracker.canonical import sha256_hex
from tracker.days import day_problem, valid_day
from tracker.errors import InputError, NotFoundError, TrackerError
from tracker.model import Snapshot
from tracker.read import UTF8, charset_for
from tracker.store.inputs import IngestResult, NewEdition, Settled
from tracker.store.records import Prior

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
