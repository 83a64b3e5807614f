"""What one edition's write puts in the record: its row and chain link, its log events (one
`EditionRecorded`, one per change) and its projection rows. Pure row building plus the log
append; the `Store` runs them in one transaction under the writer lock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection

from tracker.canonical import GENESIS, chain_hash, log_hash, recorded_payload, sorted_json
from tracker.model import PARSER_VERSION, Change
from tracker.store.queries import INSERT_LOG, LOG_HEAD

CHANGE_TYPES = {
    (entity, kind): f"{entity.capitalize()}{kind.capitalize()}"
    for entity in ("event", "count", "section")
    for kind in ("added", "removed", "changed", "progressed", "retracted", "disputed", "settled",
                 "refined", "corrected", "reconfirmed")
}
EDITION_RECORDED = "EditionRecorded"
ALIAS_RECORDED = "AliasRecorded"
EDITION_REPARSED = "EditionReparsed"  # a later reading of an edition (tracker reparse)
EDITION_RETRACTED = "EditionRetracted"  # an edition withdrawn from the views (tracker retract)
ALIAS_REVOKED = "AliasRevoked"  # an alias taken back (tracker alias --revoke)
FACT_CORRECTED = "FactCorrected"  # an analyst's correction of one fact (tracker fact ...)
FACT_REVOKED = "FactCorrectionRevoked"  # one taken back (tracker fact revoke)
FACT_TYPES = (FACT_CORRECTED, FACT_REVOKED)
CORRECTIONS = (EDITION_REPARSED, EDITION_RETRACTED, ALIAS_REVOKED) + FACT_TYPES
MODE_SET = "BriefModeSet"  # a brief's mode, from an edition on (payload: ModeInfo.payload)


class RowView:
    """Attribute access over a dict (so recorded_payload takes rows and dicts alike)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.__dict__.update(data)


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def change_type(change: Change) -> str:
    return CHANGE_TYPES[(change.entity, change.kind)]


def edition_row(brief: str, number: int, prev_chain: str, stamp: str, source: str, data: bytes,
                digest: str, as_of: str, snap_json: str, snap_sha: str,
                parser_version: str = PARSER_VERSION, charset: str = "utf-8") -> dict[str, Any]:
    """The editions row, chained to `prev_chain`."""
    row = {
        "brief": brief, "number": number, "as_of": as_of, "ingested_at": stamp,
        "source": source, "raw": data, "sha256": digest, "snapshot": snap_json,
        "parser_version": parser_version, "snapshot_sha256": snap_sha,
        "prev_chain_hash": prev_chain, "charset": charset,
    }
    row["chain_hash"] = chain_hash(prev_chain, brief, number, as_of, stamp, source,
                                   digest, parser_version, snap_sha, charset)
    return row


def edition_events(row: dict[str, Any], previous: int | None,
                   changes: tuple[Change, ...] | list[Change]) -> list[tuple[str, str]]:
    """(type, payload) log events of one edition: EditionRecorded, then one per change."""
    recorded = recorded_payload(RowView(row), previous, len(changes))
    events = [(EDITION_RECORDED, sorted_json(recorded))]  # flat: the same bytes as canonical_json
    events += [(change_type(c), sorted_json(c.to_dict())) for c in changes]  # to_dict is plain
    return events


def projection_rows(brief: str, number: int, as_of: str, snap: dict[str, Any],
                    encoded: dict[str, list[str]] | None = None) -> list[dict]:
    """entity_versions rows for one stored snapshot (events and counts); `encoded`: their
    JSON already made (`canonical.snapshot_json`), else encoded here."""
    events, counts = snap.get("events", ()), snap.get("counts", ())
    if encoded is None:
        encoded = {"events": [sorted_json(e) for e in events], "counts": [sorted_json(c) for c in counts]}
    rows = []
    for e, data in zip(events, encoded["events"]):
        rows.append({"brief": brief, "edition": number, "kind": "event", "key": e["key"],
                     "name": e.get("name"), "date": e.get("date"), "as_of": as_of, "data": data})
    for c, data in zip(counts, encoded["counts"]):
        rows.append({"brief": brief, "edition": number, "kind": "count", "key": c["key"],
                     "name": c.get("subject"), "date": c.get("as_of"), "as_of": as_of, "data": data})
    return rows


def state_rows(brief: str, states: tuple[tuple[int, str, str], ...] | list) -> list[dict]:
    """fold_states rows from the application's (edition, as_of, state JSON) triples."""
    return [{"brief": brief, "edition": n, "as_of": as_of, "state": state} for n, as_of, state in states]


def append_log(conn: Connection, brief: str | None, edition: int | None,
               events: list[tuple[str, str]], stamp: str) -> None:
    """Append events to the hash chain (the caller holds the writer lock)."""
    rows, _head = log_rows(log_head(conn), brief, edition, events, stamp)
    conn.execute(INSERT_LOG, rows)


def log_head(conn: Connection) -> tuple[int, str]:
    """The log's last event as (seq, hash); (0, GENESIS) for an empty log."""
    head = conn.execute(LOG_HEAD).first()
    return (head.seq, head.hash) if head else (0, GENESIS)


def log_rows(head: tuple[int, str], brief: str | None, edition: int | None,
             events: list[tuple[str, str]], stamp: str) -> tuple[list[dict[str, Any]], tuple[int, str]]:
    """The log rows that chain `events` after `head` (seq, hash), and the head they leave:
    one rule for a write made at once (`append_log`) and one held for a batch
    (`batch.Pending.append_log`), so the two can never chain differently."""
    seq, prev = head
    rows = []
    for type_, payload in events:
        seq += 1
        digest = log_hash(prev, seq, brief, edition, type_, payload, stamp)
        rows.append({"seq": seq, "brief": brief, "edition": edition, "type": type_,
                     "payload": payload, "recorded_at": stamp, "prev_hash": prev, "hash": digest})
        prev = digest
    return rows, (seq, prev)
