"""`verify`: the log's hash chain. Events numbered 1..N with no gap, each linked to the hash
of the one before (the first to GENESIS), each hash recomputed from its fields; the checkpoint,
if given, must be one of those hashes (else the history was truncated or rewritten after it
was taken).

On the way it sorts the events for the verifiers that prove what they say: an edition's
EditionRecorded payload and its change events (their payloads only when `deep`, else their
number) for `tracker.audit.editions`, every other record (aliases, readings, retractions,
revocations, modes) into `LogRecords` for `tracker.audit.records`.

It proves only that the log is the one written, link by link; whether an event agrees with the
row it names is the other verifiers' job. It never writes.
"""

from __future__ import annotations

from dataclasses import dataclass
import hashlib
from typing import Any

from sqlalchemy import Connection

from tracker.audit.problems import Problems, rows
from tracker.audit.records import LogRecords
from tracker.canonical import GENESIS, log_hash
from tracker.store.writer import EDITION_RECORDED


@dataclass
class LogWalk:
    """What the walk gathered: per (brief, edition) its [EditionRecorded payload | None,
    changes] (a list of (type, payload) when deep, else a count), the other records, the
    hash of the last event (`head`), and whether the checkpoint was met."""

    logged: dict[tuple[str, int], list[Any]]
    records: LogRecords
    head: str
    seen_checkpoint: bool


def walk_log(conn: Connection, problems: Problems, checkpoint: str | None, deep: bool) -> LogWalk:
    """Walk the hash chain; collect per-edition events (change payloads only when `deep`,
    else their number) and the other records for the later checks."""
    logged: dict[tuple[str, int], list[Any]] = {}  # -> [recorded payload | None, changes]
    records = LogRecords()
    prev, expected_seq, seen = GENESIS, 1, checkpoint is None
    events = rows(conn, "SELECT seq, brief, edition, type, payload, recorded_at, prev_hash, hash "
                        "FROM log ORDER BY seq")
    sha256, get = hashlib.sha256, logged.get
    for seq, brief, edition, type_, payload, recorded_at, prev_hash, hash_ in events:
        # log_hash inlined (one string, one encode): this loop runs once per log event
        try:
            ok = seq == expected_seq and prev_hash == prev and hash_ == sha256((
                f"{prev_hash}\n{seq}\n{'-' if brief is None else brief}\n"
                f"{'-' if edition is None else edition}\n{type_}\n{recorded_at}\n{payload}"
            ).encode("utf-8")).hexdigest()
        except (TypeError, UnicodeError):
            ok = False
        if not ok:
            _report_link(problems, expected_seq, prev, seq, brief, edition, type_, payload,
                         recorded_at, prev_hash, hash_)
        if not seen and hash_ == checkpoint:
            seen = True
        prev, expected_seq = hash_, seq + 1
        if type_ == EDITION_RECORDED:
            if edition is None:
                problems.add(f"log event {seq} ({type_}) names no edition")
                continue
            records.recorded(seq, brief, edition)
            entry = get((brief, edition))
            if entry is None:
                logged[(brief, edition)] = [payload, [] if deep else 0]
            else:
                if entry[0] is not None:
                    problems.add(f"log event {seq}: a second EditionRecorded", brief, edition)
                entry[0] = payload
            continue
        if records.takes(type_):
            records.take(seq, brief, edition, type_, payload, problems)
            continue
        if edition is None:
            problems.add(f"log event {seq} ({type_}) names no edition")
            continue
        entry = get((brief, edition))
        if entry is None:
            entry = logged[(brief, edition)] = [None, [] if deep else 0]
        if deep:
            entry[1].append((type_, payload))
        else:
            entry[1] += 1
    return LogWalk(logged, records, prev, seen)


def _report_link(problems: Problems, expected_seq: int, prev: str, seq: int, brief: str | None,
                 edition: int | None, type_: str, payload: str, recorded_at: Any, prev_hash: str,
                 hash_: str) -> None:
    """Name what is wrong with an event that failed the fast check: a gap, a broken link, or
    contents that do not hash to its hash (several, when several are)."""
    where = (brief, edition) if edition is not None else (None, None)
    if seq != expected_seq:
        problems.add(f"log events {expected_seq}..{seq - 1} are missing", *where)
    if prev_hash != prev:
        problems.add(f"log event {seq}: link to the previous event is broken", *where)
    if _log_hash_or_none(prev_hash, seq, brief, edition, type_, payload, recorded_at) != hash_:
        problems.add(f"log event {seq} ({type_}): contents do not match its hash", *where)


def _log_hash_or_none(*fields: Any) -> str | None:
    try:
        return log_hash(*fields)
    except (TypeError, UnicodeError):  # a NULL or unencodable field: cannot match any hash
        return None


def check_checkpoint(walk: LogWalk, checkpoint: str | None, problems: Problems) -> None:
    """A checkpoint kept elsewhere must be one of the log's hashes."""
    if checkpoint is not None and not walk.seen_checkpoint:
        problems.add(f"checkpoint {checkpoint} is not in the log: the history was truncated or "
                     "rewritten after it was taken")
