"""`verify` for briefs that fold their reports (cumulative): their mode records in the log,
the fold_states projection replayed from the stored snapshots, and (deep) each edition's
logged changes recomputed with the fold.

The log's hash chain already proves the BriefModeSet events are the ones written; here they
must also be readable and sensible, and the projection must be exactly what folding the
stored snapshots in as-of order, each in the mode recorded for it, gives.

The fold states' verifier, run last by `tracker.audit.verifier` (and asked by the edition
verifier, in deep mode, where a brief starts folding). It never writes: a differing
projection is rebuilt by `tracker verify --repair` (`tracker.audit.repair`).
"""

from __future__ import annotations

import bisect
import json

from sqlalchemy import Connection, select

from tracker.audit.problems import Problems
from tracker.canonical import canonical_json
from tracker.diff import before_reconfirmed
from tracker.fold import MODES, State, compare_states, fold_rows, folds
from tracker.store import queries as q
from tracker.store import schema as t
from tracker.store.records import ModeInfo, mode_at
from tracker.store.writer import change_type


def folding_from(conn: Connection, brief: str) -> int | None:
    """The first edition a brief folds (its changes are the fold's), None for a brief that
    never did: editions before it were diffed as restatements when they were stored."""
    try:
        starts = [m.from_edition for m in q.modes_of(conn, brief) if m.mode == "cumulative"]
    except (ValueError, KeyError, TypeError):
        return None  # unreadable mode records are reported by check_folds
    return min(starts) if starts else None


def check_folds(conn: Connection, problems: Problems, logged: dict | None = None, deep: bool = False) -> None:
    """Mode records, the fold_states projection, and with `deep` the logged changes."""
    modes = _readable_modes(conn, problems)
    stored: dict[str, dict[int, tuple[str, str]]] = {}
    fs = t.fold_states.c
    for brief, edition, as_of, state in conn.execute(
            select(fs.brief, fs.edition, fs.as_of, fs.state).order_by(fs.brief, fs.edition)):
        stored.setdefault(brief, {})[edition] = (as_of, state)
    for brief in sorted(set(modes) | set(stored)):
        records = modes.get(brief, [])
        rows = stored.get(brief, {})
        if not folds(records):
            if rows:
                problems.add(f"projection fold_states has rows for brief {brief!r}, which is not "
                             "cumulative (rebuild with `tracker verify --repair`)")
            continue
        editions = q.editions_after(conn, brief, None)
        expected = fold_rows(editions, lambda n: mode_at(records, n))
        for number, as_of, state in expected:
            if rows.pop(number, None) != (as_of, state):
                problems.add("projection fold_states differs from the fold of the stored reports "
                             "(rebuild with `tracker verify --repair`)", brief, number)
        for number in sorted(rows):
            problems.add(f"projection fold_states of brief {brief!r} has a row for edition "
                         f"{number}, which is not stored")
        if deep and logged is not None:
            _deep(brief, editions, records, logged, problems)


def _readable_modes(conn: Connection, problems: Problems) -> dict[str, list[ModeInfo]]:
    found: dict[str, list[ModeInfo]] = {}
    lg = t.log.c
    rows = conn.execute(select(lg.seq, lg.brief, lg.payload, lg.recorded_at)
                        .where(lg.type == "BriefModeSet").order_by(lg.seq))
    for seq, brief, payload, recorded_at in rows:
        try:
            data = json.loads(payload)
            info = ModeInfo(brief, data["mode"], int(data["from_edition"]), data.get("reason"), recorded_at)
            ok = (info.mode in MODES and info.from_edition >= 1 and data.get("brief") == brief
                  and canonical_json(info.payload()) == payload)
        except (ValueError, KeyError, TypeError):
            ok, info = False, None
        if not ok or info is None:
            problems.add(f"log event {seq}: unreadable or inconsistent BriefModeSet")
            continue
        found.setdefault(brief, []).append(info)
    return found


def _deep(brief: str, editions: list, records: list[ModeInfo], logged: dict, problems: Problems) -> None:
    """Each edition's logged changes against the fold recomputed as it was at its ingest: the
    editions ingested before it, in as-of order, then it."""
    by_number = sorted(editions, key=lambda pair: pair[0].number)
    seen: list[tuple[str, int]] = []
    snapshots = {info.number: (info, snap) for info, snap in editions}
    start = min(m.from_edition for m in records if m.mode == "cumulative")
    for info, _ in by_number:
        if info.number < start:  # stored as a restatement, diffed as one (the verifier's check)
            bisect.insort(seen, (info.as_of, info.number))
            continue
        earlier = [snapshots[n] for a, n in seen if (a, n) <= (info.as_of, info.number)]
        before_rows = fold_rows(earlier, lambda n: mode_at(records, n))
        before = State.from_dict(json.loads(before_rows[-1][2])) if before_rows else State()
        after_rows = fold_rows([snapshots[info.number]], lambda n: mode_at(records, n), before)
        after = State.from_dict(json.loads(after_rows[-1][2]))
        changes = compare_states(before, after)
        entry = logged.get((brief, info.number))
        if entry is not None and isinstance(entry[1], list) and entry[1] not in (
                _logged(changes), _logged(before_reconfirmed(changes, cumulative=True))):
            problems.add(f"logged changes ({len(entry[1])}) differ from the changes the fold "
                         f"recomputes ({len(changes)})", brief, info.number)
        bisect.insort(seen, (info.as_of, info.number))


def _logged(changes: list) -> list[tuple[str, str]]:
    """Changes as the log holds them: (event type, canonical JSON)."""
    return [(change_type(c), canonical_json(c.to_dict())) for c in changes]
