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
from collections.abc import Callable
from functools import partial
import json

from sqlalchemy import Connection, func, select

from tracker.audit.oldforms import logged_by_old_fold
from tracker.audit.problems import Problems
from tracker.canonical import canonical_json
from tracker.diff import before_reconfirmed
from tracker.fold import MODES, State, compare_states, fold_rows, folds
from tracker.store import queries as q
from tracker.store import schema as t
from tracker.store.records import ModeInfo, mode_at
from tracker.store.writer import change_type


def folded_at(conn: Connection, brief: str) -> Callable[[int | None], bool]:
    """Whether an edition of `brief` whose EditionRecorded event is log event `seq` was folded
    when it was stored (its logged changes are the fold's) rather than diffed as a
    restatement: so it was when a mode record before it made the brief fold. A record made
    after it (`brief set-mode --from`) re-interprets the edition, never what was logged then."""
    try:
        records = [(r.seq, q.mode_info(brief, r.payload, r.recorded_at))
                   for r in conn.execute(q.MODES_OF.where(t.log.c.brief == brief))]
    except (ValueError, KeyError, TypeError):
        return lambda seq: False  # unreadable mode records are reported by check_folds
    return lambda seq: folds(_before(records, seq))


def _before(records: list[tuple[int, ModeInfo]], seq: int | None) -> list[ModeInfo]:
    """The mode records made before log event `seq` (all of them for None)."""
    return [m for at, m in records if seq is None or at < seq]


def check_folds(conn: Connection, problems: Problems, logged: dict | None = None, deep: bool = False) -> None:
    """Mode records, the fold_states projection, and with `deep` the logged changes."""
    modes = _readable_modes(conn, problems)
    stored: dict[str, dict[int, tuple[str, str]]] = {}
    fs = t.fold_states.c
    for brief, edition, as_of, state in conn.execute(
            select(fs.brief, fs.edition, fs.as_of, fs.state).order_by(fs.brief, fs.edition)):
        stored.setdefault(brief, {})[edition] = (as_of, state)
    for brief in sorted(set(modes) | set(stored)):
        records = [m for _, m in modes.get(brief, [])]
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
            _deep(brief, editions, modes[brief], _recorded_seqs(conn, brief), logged, problems)


def _readable_modes(conn: Connection, problems: Problems) -> dict[str, list[tuple[int, ModeInfo]]]:
    """Each brief's mode records with their log seq; one that re-interprets stored editions
    must name the last edition stored before it (and start at one of them)."""
    found: dict[str, list[tuple[int, ModeInfo]]] = {}
    recorded: dict[str, dict[int, int]] = {}
    for brief, payload, recorded_at, seq in conn.execute(q.MODES_OF):
        try:
            data = json.loads(payload)
            info = q.mode_info(brief, payload, recorded_at)
            ok = (info.mode in MODES and info.from_edition >= 1 and data.get("brief") == brief
                  and canonical_json(info.payload()) == payload)
        except (ValueError, KeyError, TypeError):
            ok, info = False, None
        if not ok or info is None:
            problems.add(f"log event {seq}: unreadable or inconsistent BriefModeSet")
            continue
        if info.stored is not None:
            if brief not in recorded:
                recorded[brief] = _recorded_seqs(conn, brief)
            before = sum(1 for at in recorded[brief].values() if at < seq)
            if info.stored != before or not 1 <= info.from_edition <= info.stored:
                problems.add(f"log event {seq}: BriefModeSet re-reads editions {info.from_edition}.."
                             f"{info.stored}, but {before} were stored before it")
        found.setdefault(brief, []).append((seq, info))
    return found


def _recorded_seqs(conn: Connection, brief: str) -> dict[int, int]:
    """edition -> the log seq of its EditionRecorded event."""
    lg = t.log.c
    return {edition: seq for edition, seq in conn.execute(
        select(lg.edition, func.min(lg.seq)).where(lg.brief == brief, lg.type == "EditionRecorded")
        .group_by(lg.edition))}


def _deep(brief: str, editions: list, records: list[tuple[int, ModeInfo]], recorded: dict[int, int],
          logged: dict, problems: Problems) -> None:
    """Each edition's logged changes against the fold recomputed as it was at its ingest: the
    editions ingested before it, in as-of order, then it, in the modes recorded before it (a
    later re-interpretation, `brief set-mode --from`, changes what is read, not what was logged)."""
    by_number = sorted(editions, key=lambda pair: pair[0].number)
    seen: list[tuple[str, int]] = []
    snapshots = {info.number: (info, snap) for info, snap in editions}
    for info, _ in by_number:
        then = _before(records, recorded.get(info.number))
        if not folds(then):  # stored as a restatement, diffed as one (the verifier's check)
            bisect.insort(seen, (info.as_of, info.number))
            continue
        earlier = [snapshots[n] for a, n in seen if (a, n) <= (info.as_of, info.number)]
        before_rows = fold_rows(earlier, partial(mode_at, then))
        before = State.from_dict(json.loads(before_rows[-1][2])) if before_rows else State()
        after_rows = fold_rows([snapshots[info.number]], partial(mode_at, then), before)
        after = State.from_dict(json.loads(after_rows[-1][2]))
        changes = compare_states(before, after)
        entry = logged.get((brief, info.number))
        if entry is not None and isinstance(entry[1], list) and not _matches(entry[1], changes, info.number):
            problems.add(f"logged changes ({len(entry[1])}) differ from the changes the fold "
                         f"recomputes ({len(changes)})", brief, info.number)
        bisect.insort(seen, (info.as_of, info.number))


def _matches(logged: list, changes: list, number: int) -> bool:
    """Whether an edition's logged changes are the fold's `changes`, as the current engine
    writes them or as an earlier one did (before reconfirmed counts; the listed forms of
    release 5a477cc's fold, `tracker.audit.oldforms`)."""
    forms = (_logged(changes), _logged(before_reconfirmed(changes, cumulative=True)))
    return logged in forms or any(logged_by_old_fold(logged, form, number) for form in forms)


def _logged(changes: list) -> list[tuple[str, str]]:
    """Changes as the log holds them: (event type, canonical JSON)."""
    return [(change_type(c), canonical_json(c.to_dict())) for c in changes]
