"""`verify`: an analyst's corrections of single facts, and the corrected readings they make.

- each `FactCorrected` record is readable, and names a stored edition of its brief by number
  and as-of date;
- each `FactCorrectionRevoked` names a correction of its brief, recorded before it, once;
- each corrected reading (a reading whose snapshot records `fact_corrections`) names only
  corrections recorded before it and not revoked before it, and equals the parser's reading
  it rests on (the newest reading before it without corrections) with those corrections
  applied (the pure rule, `tracker.correct`). Whether an added fact's quote occurs in the
  edition's text is taken from the reading (this layer does not read texts); the raw bytes
  themselves are proved by the editions' checks.
A tampered record is caught by the log's chain (naming the event); one rewritten with its
chain recomputed no longer gives the stored reading, and that reading is named.

Reads the log's records (gathered by `records.LogRecords`) and the derivations; never writes.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection

from tracker.audit.problems import Problems, rows
from tracker.canonical import snapshot_dict, sorted_json
from tracker.correct import FactCorrection, apply_corrections
from tracker.correct.applying import SUPERSEDED
from tracker.model import Snapshot
from tracker.store.facts import CORRECTED_MARK
from tracker.store.writer import FACT_CORRECTED

_READINGS_SQL = (
    "SELECT 1 AS derivation, e.brief, e.number, e.snapshot FROM editions e WHERE e.number IN "
    "(SELECT d.edition FROM derivations d WHERE d.brief = e.brief) "
    "UNION ALL SELECT d.derivation, d.brief, d.edition, d.snapshot FROM derivations d "
    "ORDER BY 2, 3, 1")
_LOGGED_SQL = "SELECT brief, edition, payload, seq FROM log WHERE type = 'EditionReparsed'"


def check_facts(conn: Connection, facts: list[tuple[int, Any, Any, str, str]], problems: Problems) -> None:
    """See the module docstring. `facts`: (seq, brief, edition, type, payload) as logged."""
    corrections, revoked = _records(conn, facts, problems)
    if not corrections and not revoked and not _any_corrected(conn):
        return
    logged_at = {(b, n, json.loads(p).get("derivation")): seq for b, n, p, seq in rows(conn, _LOGGED_SQL)}
    base: Snapshot | None = None
    for derivation, brief, number, text in rows(conn, _READINGS_SQL):
        if CORRECTED_MARK not in text:
            base = Snapshot.from_dict(json.loads(text))
            continue
        where = f"reading {derivation}"
        stored = Snapshot.from_dict(json.loads(text))
        at = logged_at.get((brief, number, derivation), 0)
        applied = []
        for note in stored.fact_corrections:
            c = corrections.get(note.id)
            if c is None or c.brief != brief or note.id > at:
                problems.add(f"{where} names correction {note.id}, which is not recorded before it", brief, number)
                break
            if note.id in revoked and revoked[note.id] < at:
                problems.add(f"{where} applies correction {note.id}, revoked before it", brief, number)
                break
            applied.append(c)
        else:
            if base is None or not _same(base, applied, stored):
                ids = ", ".join(str(c.id) for c in applied)
                problems.add(f"{where} does not equal the parser's reading with corrections {ids} "
                             "applied (a correction or the reading was altered)", brief, number)


def _same(base: Snapshot, applied: list[FactCorrection], stored: Snapshot) -> bool:
    quotes = "\n".join(_kept_quotes(applied, stored))
    redone = apply_corrections(base, applied, lambda: quotes)
    return sorted_json(snapshot_dict(redone)) == sorted_json(snapshot_dict(stored))


def _kept_quotes(applied: list[FactCorrection], stored: Snapshot) -> list[str]:
    outcome = {n.id: n.outcome for n in stored.fact_corrections}
    return [c.anchor for c in applied if c.op == "add" and outcome.get(c.id) != SUPERSEDED]


def _any_corrected(conn: Connection) -> bool:
    return any(CORRECTED_MARK in text for (text,) in rows(conn, "SELECT snapshot FROM derivations"))


def _records(conn: Connection, facts: list[tuple[int, Any, Any, str, str]],
             problems: Problems) -> tuple[dict[int, FactCorrection], dict[int, int]]:
    """The corrections by id and the revocations (id -> seq), each checked against the rows."""
    stored = {(b, n): a for b, n, a in rows(conn, "SELECT brief, number, as_of FROM editions")}
    corrections: dict[int, FactCorrection] = {}
    revoked: dict[int, int] = {}
    for seq, brief, edition, type_, payload in facts:
        try:
            data = json.loads(payload)
            if type_ == FACT_CORRECTED:
                c = FactCorrection.from_payload(seq, data)
                if c.brief != brief or c.edition != edition or stored.get((brief, edition)) != c.as_of:
                    problems.add(f"log event {seq}: the correction does not name a stored edition", brief, edition)
                elif not isinstance(c.reason, str) or not c.reason:
                    problems.add(f"log event {seq}: the correction gives no reason", brief, edition)
                corrections[seq] = c
                continue
            target = int(data["id"])
        except (ValueError, KeyError, TypeError):
            problems.add(f"log event {seq}: unreadable {type_} payload", brief, edition)
            continue
        c = corrections.get(target)
        if c is None or c.brief != brief or target in revoked:
            problems.add(f"log event {seq}: revokes correction {target}, which is not one recorded "
                         "before it (or revoked already)", brief, edition)
            continue
        revoked[target] = seq
    return corrections, revoked


_NEWEST_SQL = (
    "SELECT d.brief, d.edition, d.snapshot FROM derivations d WHERE d.derivation = "
    "(SELECT MAX(n.derivation) FROM derivations n WHERE n.brief = d.brief AND n.edition = d.edition) "
    "ORDER BY d.brief, d.edition")


def superseded_corrections(conn: Connection) -> dict[str, dict[int, int]]:
    """brief -> {correction id: the first edition (by number) whose reading in force finds it
    superseded}: the source changed the fact it corrected. A normal state, never a problem,
    but `verify` says so."""
    out: dict[str, dict[int, int]] = {}
    for brief, number, text in rows(conn, _NEWEST_SQL):
        if '"superseded"' not in text or CORRECTED_MARK not in text:
            continue
        for note in Snapshot.from_dict(json.loads(text)).fact_corrections:
            if note.outcome == SUPERSEDED:
                mine = out.setdefault(brief, {})
                mine[note.id] = min(mine.get(note.id, number), number)
    return out
