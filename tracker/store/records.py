"""The values the store hands out and takes in: plain frozen records, no SQL.

`NewEdition` is what the application gives the store to write; `Prior` is what the store
lets the application see of the record, inside the write transaction, to settle identity and
diff against; `Settled` is the application's answer. The store never computes any of it.

The values only a write takes in or answers (`NewEdition`, `Settled`, `NewDerivation`,
`IngestResult`, `Validators`) are in `tracker.store.inputs`: a command that only reads
(`tracker diff`) does not build their classes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from tracker.errors import StoreError
from tracker.model import Snapshot


@dataclass(frozen=True)
class EditionInfo:
    """What identifies an edition and proves it; the raw bytes and snapshot stay in the store."""

    brief: str
    number: int
    as_of: str
    ingested_at: str
    source: str
    sha256: str
    snapshot_sha256: str
    chain_hash: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AliasInfo:
    """A hand-made identity fix: `name` is the same entity as `canonical` (key `key`)."""

    id: int
    brief: str | None  # None: every brief
    name: str
    canonical: str
    key: str
    recorded_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ModeInfo:
    """A brief's mode as recorded in the log: `restating` or `cumulative`, applying from
    edition `from_edition` on (1 when the brief is created with it). `stored` is set on a
    record that re-interprets editions already stored (`brief set-mode --from N`): the last
    edition stored when it was made, so editions `from_edition`..`stored` were logged in
    another mode and are read in this one since."""

    brief: str
    mode: str
    from_edition: int
    reason: str | None
    recorded_at: str
    stored: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def reread(self) -> range:
        """The stored editions this record re-interprets (empty for a mode set ahead)."""
        return range(self.from_edition, self.stored + 1) if self.stored is not None else range(0)

    def payload(self) -> dict[str, Any]:
        """What the BriefModeSet log event holds (its time is the log row's); `stored` only
        on a re-interpretation, so earlier records keep their bytes."""
        data = {"brief": self.brief, "mode": self.mode, "from_edition": self.from_edition,
                "reason": self.reason}
        if self.stored is not None:
            data["stored"] = self.stored
        return data


def mode_at(modes: Iterable[ModeInfo], number: int, default: str = "restating") -> str:
    """The mode an edition is read in: the last one recorded from that edition or before."""
    found = default
    for info in modes:
        if info.from_edition <= number:
            found = info.mode
    return found


class Prior(Protocol):
    """What the record holds that a new edition is settled against (read in the write
    transaction, so nothing changes between reading it and writing the edition)."""

    previous: EditionInfo | None
    aliases: list[AliasInfo]
    number: int  # the number the new edition gets
    source: str
    modes: list[ModeInfo]  # the brief's mode records, in order

    def before(self) -> Snapshot:
        """The snapshot in force at the new edition's as-of date (empty if none)."""

    def state_before(self) -> str | None:
        """The fold_states JSON of the edition in force before the new one, if stored."""

    def later(self) -> list[tuple[EditionInfo, Snapshot]]:
        """Editions after the new one in as-of order (a backfill), with their snapshots."""

    def history(self) -> list[tuple[EditionInfo, Snapshot]]:
        """Every stored edition of the brief in as-of order, with its snapshot."""

    def identities(self, wanted: Iterable[str]) -> dict[str, str]:
        """identity -> key for those of `wanted` the record holds."""

    def fact_records(self) -> list[dict[str, Any]]:
        """The brief's fact correction records (see `facts.fact_records_of`)."""

    def raw(self) -> tuple[bytes, str | None, str]:
        """The new edition's bytes, file name and charset (to read its text, for a
        correction's quote)."""


@dataclass(frozen=True)
class Reading:
    """One reading (derivation) of an edition: 1 is the reading stored at ingest, later ones
    were appended by `tracker reparse`. The newest is the one every view uses."""

    brief: str
    edition: int
    derivation: int
    parser_version: str
    recorded_at: str
    snapshot_sha256: str
    chain_hash: str
    snapshot: Snapshot

    def to_dict(self) -> dict[str, Any]:
        return {"edition": self.edition, "derivation": self.derivation,
                "parser_version": self.parser_version, "recorded_at": self.recorded_at,
                "snapshot_sha256": self.snapshot_sha256, "chain_hash": self.chain_hash}


class StoreBusyError(StoreError):
    """Other writers kept the database locked through every retry."""

