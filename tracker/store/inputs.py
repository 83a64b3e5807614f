"""The values only a write takes in or answers: an edition to write and the application's
reading of it (`NewEdition`, `Settled`), a new reading of a stored edition (`NewDerivation`),
what an ingest did (`IngestResult`) and what `tracker watch` last saw of a source
(`Validators`). Plain frozen records, no SQL, like `tracker.store.records`, and apart from
them so that a command that only reads does not build their classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tracker.model import PARSER_VERSION, Change, Snapshot
from tracker.store.records import EditionInfo


@dataclass(frozen=True)
class NewEdition:
    """An edition ready to be written: its bytes, their hash and the snapshot read from them.
    `mode`, when given, is the mode the brief must be in (or is created in)."""

    brief: str
    data: bytes
    sha256: str
    snapshot: Snapshot
    source: str
    what: str  # how errors name it (a file name, or the source)
    parser_version: str = PARSER_VERSION  # the parser that read `snapshot` from `data`
    mode: str | None = None
    charset: str = "utf-8"  # the charset `data` was read with, and is read with again


@dataclass(frozen=True)
class Settled:
    """The application's reading of a new edition against the record: the snapshot under the
    keys identity gave it, its changes against the edition in force, and the identity rows
    (identity -> key) the record does not hold yet."""

    snapshot: Snapshot
    changes: tuple[Change, ...]
    identities: dict[str, str]
    # a brief that folds its reports: (edition, as_of, state JSON) rows of the fold_states
    # projection to (re)write: the new edition's, and those of editions after it in as-of order
    states: tuple[tuple[int, str, str], ...] = ()
    # an analyst's corrections in force for it (tracker.correct): the corrected reading,
    # written as its second reading in the same transaction, and its summary for the log
    reading: Snapshot | None = None
    reading_summary: dict[str, int] | None = None


@dataclass(frozen=True)
class IngestResult:
    status: Literal["stored", "unchanged", "skipped"]  # skipped: same facts as the edition in force
    edition: EditionInfo
    changes: tuple[Change, ...]
    previous: EditionInfo | None  # the edition in force before it (by as-of), diffed against
    warnings: tuple[str, ...] = ()  # reading/parsing warnings of a stored edition, for the user


@dataclass(frozen=True)
class NewDerivation:
    """A new reading of a stored edition, ready to be appended: the snapshot (under settled
    keys), the parser version that made it, the reading it follows (its derivation number,
    so a write that finds another reading appended meanwhile refuses) and how many facts it
    reads differently (added/removed/changed, for the log)."""

    brief: str
    edition: int
    follows: int
    parser_version: str
    snapshot: Snapshot
    summary: dict[str, int]


@dataclass(frozen=True)
class Validators:
    """What `tracker watch` last saw of one source of a brief: the server's validators (ETag,
    Last-Modified, sent back so that an unchanged page answers 304) and the sha256 of the bytes
    (a page without validators, or a file, is not parsed again when its bytes are the same)."""

    brief: str
    source: str
    etag: str | None
    last_modified: str | None
    sha256: str | None
    checked_at: str = ""
