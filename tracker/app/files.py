"""Two files compared without a database (`tracker diff --no-index OLD NEW`), as
`git diff --no-index` compares two files outside a repository.

Both are read and parsed as `ingest` would, and NEW is settled against OLD as if OLD were the
edition in force (a respelled base keeps its key), so the diff reads exactly as the one
`tracker diff` prints after ingesting the two. Nothing is written anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from tracker.app.ingest import ReadPrior, settle_edition
from tracker.canonical import sha256_hex
from tracker.model import Snapshot
from tracker.store.records import ModeInfo


def diff_files(old: str, new: str, *, stdin: BinaryIO | None = None, mode: str = "restating") -> dict[str, Any]:
    """The Diff JSON between two files (either may be "-", standard input); `from` and `to`
    carry the path instead of an edition number. With `mode` "cumulative" they are two
    reports of a cumulative brief: NEW is folded onto OLD, so what NEW leaves out is not
    retracted, and the changes are those `tracker diff` shows for a cumulative brief."""
    from tracker.app.cumulative import check_mode

    check_mode(mode)
    from tracker.diff import diff_document
    from tracker.identity import identities_of
    from tracker.parse.parser import parse_bytes

    if old == "-" and new == "-":
        from tracker.errors import InputError

        raise InputError("standard input (-) can be only one of the two files")
    sides = []
    for name in (old, new):
        data = _bytes(name, stdin)
        sides.append((name, data, parse_bytes(data, None if name == "-" else name)))
    (old_name, old_data, before), (new_name, new_data, after) = sides
    if mode == "cumulative":
        changes = _folded_changes(before, after, old_name, new_name)
    else:
        changes = settle_edition(after, ReadPrior(None, [], before, identities_of(before))).changes
    doc = diff_document(None, _side(old_name, old_data, before.as_of),
                        _side(new_name, new_data, after.as_of), changes)
    doc["from"]["path"], doc["to"]["path"] = old_name, new_name
    return {**doc, "mode": mode} if mode == "cumulative" else doc


@dataclass
class _FilePrior:
    """A two-report cumulative brief held in memory: what `settle_report` settles a report
    against (the state OLD folds into, OLD's identities), with nothing stored anywhere."""

    number: int
    source: str
    state: str | None = None
    known: dict[str, str] = field(default_factory=dict)
    aliases: list[Any] = field(default_factory=list)
    previous: Any = None
    modes: list[Any] = field(default_factory=lambda: [ModeInfo("files", "cumulative", 1, None, "")])

    def before(self) -> Snapshot:
        return Snapshot()

    def state_before(self) -> str | None:
        return self.state

    def later(self) -> list:
        return []

    def history(self) -> list:
        return []

    def identities(self, wanted: Iterable[str]) -> dict[str, str]:
        return {i: self.known[i] for i in wanted if i in self.known}


def _folded_changes(before: Snapshot, after: Snapshot, old_name: str, new_name: str) -> tuple:
    """OLD folded as a first report, NEW settled and folded onto it: NEW's changes."""
    from tracker.app.cumulative import settle_report
    from tracker.identity import identities_of

    first = settle_report(before, _FilePrior(1, old_name))
    second = _FilePrior(2, new_name, first.states[0][2], identities_of(first.snapshot), previous=True)
    return settle_report(after, second).changes


def _bytes(name: str, stdin: BinaryIO | None) -> bytes:
    from tracker.read import file_bytes, stream_bytes

    if name == "-":
        from tracker.errors import InputError

        if stdin is None:
            raise InputError("no standard input to read")
        return stream_bytes(stdin)
    return file_bytes(Path(name))


def _side(name: str, data: bytes, as_of: str | None) -> dict[str, Any]:
    return {"edition": None, "as_of": as_of, "sha256": sha256_hex(data)}
