"""Two files compared without a database (`tracker diff --no-index OLD NEW`), as
`git diff --no-index` compares two files outside a repository.

Both are read and parsed as `ingest` would, and NEW is settled against OLD as if OLD were the
edition in force (a respelled base keeps its key), so the diff reads exactly as the one
`tracker diff` prints after ingesting the two. Nothing is written anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from tracker.app.ingest import ReadPrior, settle_edition
from tracker.canonical import sha256_hex


def diff_files(old: str, new: str, *, stdin: BinaryIO | None = None) -> dict[str, Any]:
    """The Diff JSON between two files (either may be "-", standard input); `from` and `to`
    carry the path instead of an edition number."""
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
    prior = ReadPrior(None, [], before, identities_of(before))
    changes = settle_edition(after, prior).changes
    doc = diff_document(None, _side(old_name, old_data, before.as_of),
                        _side(new_name, new_data, after.as_of), changes)
    doc["from"]["path"], doc["to"]["path"] = old_name, new_name
    return doc


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
