"""`verify`: the log's hash chain. Events numbered 1..N with no gap, each linked to the hash
of the one before (the first to GENESIS), each hash recomputed from its fields; the checkpoint,
if given, must be one of those hashes (else it was taken from another record, or the history
was truncated or rewritten after it was taken: its full form tells which).

On the way it sorts the events for the verifiers that prove what they say: an edition's
EditionRecorded payload and its change events (their payloads only when `deep`, else their
number) for `tracker.audit.editions`, every other record (aliases, readings, retractions,
revocations, modes) into `LogRecords` for `tracker.audit.records`; and where a checkpoint's
hash is, or why it is not there (`check_checkpoint`).

It proves only that the log is the one written, link by link; whether an event agrees with the
row it names is the other verifiers' job. It never writes.
"""

from __future__ import annotations

from dataclasses import dataclass
import hashlib
import re
from typing import Any

from sqlalchemy import Connection

from tracker.audit.problems import Problems, rows
from tracker.audit.records import LogRecords
from tracker.canonical import GENESIS, log_hash
from tracker.store.writer import EDITION_RECORDED


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint kept elsewhere: the hash of a log event and, in the full form `verify`
    prints (`HASH@SEQ.RECORD`), that event's position and the record it was taken from (see
    `LogWalk.record_id`). A bare HASH is accepted;
    only the full form tells a history cut or rewritten since from a checkpoint of another
    database."""

    hash: str
    seq: int | None = None
    record: str | None = None  # `LogWalk.record_id` of the record it was taken from

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """A checkpoint from its text; ValueError when it is neither form."""
        found = re.fullmatch(r"([0-9a-f]{64})(?:@(\d+)\.([0-9a-f]{16}))?", text.strip().lower())
        if found is None:
            raise ValueError(text)
        seq = found.group(2)
        return cls(found.group(1), int(seq) if seq is not None else None, found.group(3))

    def __str__(self) -> str:
        return self.hash if self.seq is None else f"{self.hash}@{self.seq}.{self.record}"


@dataclass(frozen=True)
class Found:
    """Where a checkpoint's hash is in the log: event `seq` (of `type_`, recorded at
    `recorded_at`), and the edition it names or, for a record naming none, the last edition
    recorded before it (None before the first)."""

    seq: int
    type_: str
    recorded_at: str
    brief: str | None
    edition: int | None
    names_edition: bool  # the event is the edition's own (recorded, or one of its changes)


@dataclass
class LogWalk:
    """What the walk gathered: per (brief, edition) its [EditionRecorded payload | None,
    changes] (a list of (type, payload) when deep, else a count), the other records, the
    hash of the last event (`head`) and its seq (`length`), the time the first was recorded
    (`first`), and where the checkpoint's hash was met (`found`)."""

    logged: dict[tuple[str, int], list[Any]]
    records: LogRecords
    head: str
    found: Found | None
    length: int = 0
    first: str = ""

    @property
    def record_id(self) -> str:
        """What names this record in a full checkpoint: the time its first log event was
        recorded (to the microsecond), hashed and shortened. Another database has another;
        a history rewritten or cut keeps it (a forger re-hashing the log rewrites contents,
        and would have to change that time as well to pass for another database)."""
        return hashlib.sha256(self.first.encode("utf-8")).hexdigest()[:16]

    def head_checkpoint(self) -> Checkpoint:
        """The full checkpoint of the log's head, to keep elsewhere."""
        return Checkpoint(self.head, self.length, self.record_id)


def walk_log(conn: Connection, problems: Problems, checkpoint: str | None, deep: bool) -> LogWalk:
    """Walk the hash chain; collect per-edition events (change payloads only when `deep`,
    else their number) and the other records for the later checks."""
    logged: dict[tuple[str, int], list[Any]] = {}  # -> [recorded payload | None, changes]
    records = LogRecords()
    prev, expected_seq, seen = GENESIS, 1, checkpoint is None
    found, first, last_recorded = None, "", (None, None)
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
        if expected_seq == 1:
            first = str(recorded_at)
        if type_ == EDITION_RECORDED and edition is not None:
            last_recorded = (brief, edition)
        if not seen and hash_ == checkpoint:
            seen = True
            at = (brief, edition) if edition is not None else last_recorded
            found = Found(seq, type_, str(recorded_at), *at, edition is not None)
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
    return LogWalk(logged, records, prev, found, expected_seq - 1, first)


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


def check_checkpoint(walk: LogWalk, checkpoint: Checkpoint | None, problems: Problems) -> dict[str, Any] | None:
    """A checkpoint kept elsewhere must be one of the log's hashes. Returns what `verify`
    tells of it: where it was found, or why it was not (`reason`): taken from another record
    (`other-record`), a log now shorter than when it was taken (`truncated`), the event at its
    position rewritten (`rewritten`), or, for a bare hash, not known (`not-found`)."""
    if checkpoint is None:
        return None
    if checkpoint.hash == GENESIS:  # the head of an empty log: found before the first event
        return {"checkpoint": str(checkpoint), "found": True, "seq": 0, "type": None, "recorded_at": None,
                "brief": None, "edition": None, "names_edition": False}
    if walk.found is not None:
        f = walk.found
        return {"checkpoint": str(checkpoint), "found": True, "seq": f.seq, "type": f.type_,
                "recorded_at": f.recorded_at, "brief": f.brief, "edition": f.edition,
                "names_edition": f.names_edition}
    reason, message = _missing(walk, checkpoint, problems)
    problems.add(message)
    return {"checkpoint": str(checkpoint), "found": False, "reason": reason}


def _missing(walk: LogWalk, checkpoint: Checkpoint, problems: Problems) -> tuple[str, str]:
    """Why a checkpoint's hash is not in the log, as far as the record and the checkpoint tell."""
    short = checkpoint.hash[:12]
    if checkpoint.record is not None and checkpoint.record != walk.record_id:
        return "other-record", (f"checkpoint {short}… is not found in this record: taken from another "
                                f"database? (it names record {checkpoint.record}, this is {walk.record_id})")
    if checkpoint.seq is not None and checkpoint.seq > walk.length:
        return "truncated", (f"checkpoint {short}… was taken at log event {checkpoint.seq}, but this "
                             f"record's log ends at event {walk.length}: the history was truncated "
                             "after it was taken")
    if checkpoint.seq is not None:
        return "rewritten", (f"log event {checkpoint.seq} no longer has checkpoint {short}…'s hash: "
                             "the history was truncated or rewritten after it was taken")
    if problems.items:  # the record shows damage: a bare hash missing is read with it
        return "rewritten", (f"checkpoint {short}… is not in the log: the history was truncated or "
                             "rewritten after it was taken")
    return "not-found", (f"checkpoint {short}… is not found in this record: taken from another "
                         "database? If it was taken from this one, the history was cut or rewritten "
                         "since; the full checkpoint (HASH@SEQ.RECORD, printed by `tracker verify "
                         "--checkpoint`) tells which")
