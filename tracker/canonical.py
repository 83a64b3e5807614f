"""Canonical JSON and hashing: the one home of the bytes every hash is taken over.

Hashes prove the record unaltered, so the byte form they cover must be defined once. The exact
encoder (`canonical_json`) converts any value; the fast ones (`sorted_json`, `flat_json`,
`fast_chain_hash`, `fast_recorded_payload`) skip its deep conversion for values known to be
flat, and are what ingest and verify use at volume. `tests/test_canonical.py` proves each fast
form gives the same bytes as the exact one.
"""

from __future__ import annotations

import hashlib
import json
from json.encoder import encode_basestring as _quote  # str as JSONEncoder(ensure_ascii=False) writes it
from typing import Any

GENESIS = "0" * 64  # the link before the first edition of a chain and the first log event


def plain(value: Any) -> Any:
    """Tuples become lists (recursively) so the value equals what json.loads gives back."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def canonical_json(value: Any) -> str:
    """The one serialisation hashes are computed over: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


sorted_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
"""`canonical_json` for values that hold lists, not tuples (the fast path; same bytes)."""

flat_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""`canonical_json` of a flat list (no dicts to sort; same bytes)."""


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def snapshot_dict(snap: Any) -> dict[str, Any]:
    """`snap.to_dict()`, without its deep copies: the entities are flat (strings, numbers,
    tuples of strings), so one level of tuple-to-list conversion gives the same JSON."""
    def flat(entity: Any) -> dict[str, Any]:
        out = {k: list(v) if isinstance(v, tuple) else v for k, v in vars(entity).items()}
        if "date_precision" in out and out["date_precision"] is None:
            del out["date_precision"]  # only when set: snapshots before it keep their bytes
        return out

    out = {
        "title": snap.title, "as_of": snap.as_of,
        "events": [flat(e) for e in snap.events], "counts": [flat(c) for c in snap.counts],
        "sections": [flat(x) for x in snap.sections], "warnings": list(snap.warnings),
    }
    if getattr(snap, "retractions", ()):
        out["retractions"] = [flat(r) for r in snap.retractions]
    if getattr(snap, "fact_corrections", ()):
        out["fact_corrections"] = [flat(c) for c in snap.fact_corrections]
    return out


def snapshot_json(snap: dict[str, Any]) -> tuple[str, dict[str, list[str]]]:
    """`sorted_json(snap)` of a `snapshot_dict`, and each of its events' and counts' own
    `sorted_json` (what the projection rows hold), every entity encoded once: the snapshot's
    JSON is put together from them as the encoder would write it (same bytes: tested)."""
    parts = {name: [sorted_json(x) for x in snap.get(name, ())] for name in ("counts", "events")}
    fields = [f"{_quote(key)}:[{','.join(parts[key])}]" if key in parts else
              f"{_quote(key)}:{sorted_json(snap[key])}" for key in sorted(snap)]
    return "{" + ",".join(fields) + "}", parts


PLAIN_CHARSET = "utf-8"
"""The charset an edition's bytes are stored with when they are UTF-8: left out of the chain
hash, so every edition stored before the charset was kept keeps its link."""


def chain_hash(prev: str, brief: str, number: int, as_of: str, ingested_at: str, source: str,
               sha256: str, parser_version: str, snapshot_sha256: str,
               charset: str = PLAIN_CHARSET) -> str:
    """An edition's link in its brief's chain: the previous link and the edition's identity,
    with the charset its bytes are read with when it is not UTF-8 (the bytes alone do not
    say what text they hold)."""
    fields = [brief, number, as_of, ingested_at, source, sha256, parser_version, snapshot_sha256]
    if charset != PLAIN_CHARSET:
        fields.append(charset)
    return sha256_hex(prev + flat_json(fields))


def fast_chain_hash(row: Any, brief: str) -> str:
    """`chain_hash` of an editions row, formatted by hand (the same bytes: tested)."""
    number, q = row.number, _quote  # TypeError for anything but a str
    if number.__class__ is not int:
        raise TypeError(number)
    charset = row.charset
    more = "" if charset == PLAIN_CHARSET else "," + q(charset)
    fields = (f"[{q(brief)},{number},{q(row.as_of)},{q(row.ingested_at)},"
              f"{q(row.source)},{q(row.sha256)},{q(row.parser_version)},"
              f"{q(row.snapshot_sha256)}{more}]")
    return hashlib.sha256((row.prev_chain_hash + fields).encode("utf-8")).hexdigest()


def log_hash(prev: str, seq: int, brief: str | None, edition: int | None, type_: str,
             payload: str, recorded_at: str) -> str:
    """Link `prev` to this event. One field a line, the free-text payload last: brief (a slug),
    type and stamp hold no newline, so the encoding is unambiguous without JSON-escaping the
    payload again (that escaping was most of `verify`'s time)."""
    brief_, edition_ = "-" if brief is None else brief, "-" if edition is None else edition
    head = f"{prev}\n{seq}\n{brief_}\n{edition_}\n{type_}\n{recorded_at}\n"
    digest = hashlib.sha256(head.encode("utf-8"))
    digest.update(payload.encode("utf-8"))
    return digest.hexdigest()


def recorded_payload(row: Any, previous: int | None, changes: int) -> dict[str, Any]:
    """The EditionRecorded event's payload: the edition's identifying fields and hashes."""
    return {
        "number": row.number, "as_of": row.as_of, "ingested_at": row.ingested_at,
        "source": row.source, "sha256": row.sha256, "parser_version": row.parser_version,
        "snapshot_sha256": row.snapshot_sha256, "chain_hash": row.chain_hash,
        "previous": previous, "changes": changes,
    }


def fast_recorded_payload(row: Any, previous: int | None, changes: int) -> str:
    """`sorted_json(recorded_payload(row, previous, changes))` formatted by hand (tested)."""
    q = _quote  # TypeError for anything but a str
    if row.number.__class__ is not int:
        raise TypeError(row.number)
    return (f'{{"as_of":{q(row.as_of)},"chain_hash":{q(row.chain_hash)},'
            f'"changes":{changes},"ingested_at":{q(row.ingested_at)},"number":{row.number},'
            f'"parser_version":{q(row.parser_version)},'
            f'"previous":{"null" if previous is None else previous},"sha256":{q(row.sha256)},'
            f'"snapshot_sha256":{q(row.snapshot_sha256)},"source":{q(row.source)}}}')


def derivation_hash(prev: str, brief: str, edition: int, derivation: int, recorded_at: str,
                    parser_version: str, snapshot_sha256: str) -> str:
    """A later reading's link in its edition's chain of readings: `prev` is the edition's
    chain hash (for the second reading) or the reading before it."""
    fields = [brief, edition, derivation, recorded_at, parser_version, snapshot_sha256]
    return sha256_hex(prev + flat_json(fields))


def reparsed_payload(row: Any, previous_version: str, summary: dict[str, int]) -> dict[str, Any]:
    """The EditionReparsed event's payload: the new reading's fields and hashes, the parser
    version it replaces, and how many facts it reads differently."""
    return {
        "derivation": row.derivation, "recorded_at": row.recorded_at,
        "parser_version": row.parser_version, "previous_parser_version": previous_version,
        "snapshot_sha256": row.snapshot_sha256, "chain_hash": row.chain_hash,
        "prev_chain_hash": row.prev_chain_hash, "reading": dict(summary),
    }
