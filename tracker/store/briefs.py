"""Briefs and their modes: which briefs there are, a brief's creation with its mode, changes of
mode (`BriefModeSet` log records), and the `fold_states` projection a cumulative brief keeps.

A mode applies from an edition on (`records.mode_at`). The fold itself is the application's:
`set_mode` and `refold` are handed it and write what it returns in the same transaction. This
module must not fold, parse or diff anything itself.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from tracker.canonical import canonical_json
from tracker.errors import AmbiguousError, InputError, NotFoundError
from tracker.model import Snapshot
from tracker.store import queries as q
from tracker.store import schema as t
from tracker.store.database import Database
from tracker.store.records import EditionInfo, ModeInfo, mode_at
from tracker.store.writer import MODE_SET, append_log, now_utc, state_rows


States = Callable[[list[tuple[EditionInfo, Snapshot]], list[ModeInfo]], list[tuple[int, str, str]]]
"""The application's fold: (edition, as_of, state JSON) rows of fold_states from a brief's
editions in force (as-of order, newest readings) and its mode records."""


def refold_in(conn: Connection, brief: str, states: States) -> int:
    """Rewrite `brief`'s fold_states with `states` in the open write transaction, from what the
    transaction holds so far; the number of rows written (none for a brief that does not fold).

    Why in the caller's transaction: a retraction, a new reading or a fact correction changes
    what a cumulative brief folds; written with it, no crash can leave the projection stale."""
    modes = q.modes_of(conn, brief)
    rows = states(q.editions_after(conn, brief, None), modes) if modes else []
    conn.execute(t.fold_states.delete().where(t.fold_states.c.brief == brief))
    if rows:
        conn.execute(q.INSERT_STATES, state_rows(brief, rows))
    return len(rows)


def log_mode(conn: Connection, info: ModeInfo) -> None:
    """Append a brief's mode record to the log (the caller holds the writer lock)."""
    append_log(conn, info.brief, None, [(MODE_SET, canonical_json(info.payload()))], info.recorded_at)


class Briefs(Database):
    """The briefs, their modes, and the fold_states of those that fold."""

    def briefs(self) -> list[str]:
        self.ready()
        with self.read() as conn:
            return q.all_briefs(conn)

    def resolve_brief(self, brief: str | None) -> str:
        """The brief named, or the only one; errors list the briefs there are."""
        known = self.briefs()
        if brief is not None:
            if brief in known:
                return brief
            listing = ", ".join(known) if known else "none yet"
            raise NotFoundError(f"no brief named {brief!r} (briefs: {listing})")
        if len(known) == 1:
            return known[0]
        if not known:
            raise NotFoundError(f"database {self.display} holds no editions yet; run `tracker ingest`")
        raise AmbiguousError(f"several briefs, pass --brief: {', '.join(known)}")

    # -- modes

    def modes(self, brief: str) -> list[ModeInfo]:
        """The brief's mode records in the order they were made (none: restating)."""
        self.ready()
        with self.read() as conn:
            return q.modes_of(conn, brief)

    def all_modes(self) -> dict[str, list[ModeInfo]]:
        self.ready()
        with self.read() as conn:
            return q.modes_by_brief(conn)

    def create_brief(self, brief: str, mode: str) -> ModeInfo:
        """Record a new brief with its mode (before any edition); an existing brief is an error."""
        self.ready()

        def work(conn: Connection) -> ModeInfo:
            if conn.execute(q.BRIEF_EXISTS, {"brief": brief}).first() is not None:
                raise InputError(f"brief {brief!r} exists already (see `tracker brief show {brief}`)")
            stamp = now_utc()
            conn.execute(t.briefs.insert().values(slug=brief, created_at=stamp))
            info = ModeInfo(brief, mode, 1, None, stamp)
            log_mode(conn, info)
            return info

        return self.retrying(f"brief {brief!r}", work)

    def set_mode(self, brief: str, mode: str, reason: str | None, states: States,
                 from_edition: int | None = None) -> ModeInfo:
        """Record a change of mode applying from edition `from_edition` (None: the brief's
        next edition; an earlier one re-interprets the editions stored from it on), and
        rewrite its fold_states projection with `states(editions, modes)` (the application's
        fold) in the same transaction."""
        self.ready()

        def work(conn: Connection) -> ModeInfo:
            if conn.execute(q.BRIEF_EXISTS, {"brief": brief}).first() is None:
                raise NotFoundError(f"no brief named {brief!r}")
            modes = q.modes_of(conn, brief)
            last = conn.execute(q.LAST_NUMBER, {"brief": brief}).first()
            number = last.number + 1 if last else 1
            start = number if from_edition is None else from_edition
            if not 1 <= start <= number:
                held = f"editions 1..{number - 1}" if number > 1 else "no edition yet"
                raise InputError(f"--from {start}: brief {brief!r} has {held} (its next is {number})")
            if all(mode_at(modes, n) == mode for n in range(start, number + 1)):
                raise InputError(f"brief {brief!r} is already {mode}"
                                 + (f" from edition {start}" if start < number else ""))
            info = ModeInfo(brief, mode, start, reason, now_utc(), number - 1 if start < number else None)
            log_mode(conn, info)
            refold_in(conn, brief, states)  # reads the modes back with `info`
            return info

        return self.retrying(f"brief {brief!r}", work)

    # -- fold states

    def init_refolding(self, states: States) -> tuple[str, list[str]]:
        """Create or upgrade the schema to head; when an existing schema moved, rewrite every
        brief's fold_states with `states` (the application's fold, whose rules may have
        changed with the release) in the same transaction. Returns the revision and the
        briefs whose states were rebuilt; a database already at head is left as it is."""
        rebuilt: list[str] = []

        def moved(conn: Connection) -> None:
            for brief in sorted(q.modes_by_brief(conn)):
                if refold_in(conn, brief, states):
                    rebuilt.append(brief)

        return self.init(moved), rebuilt

    def refold(self, brief: str, states: States) -> int:
        """Rewrite a brief's fold_states projection with `states(editions in force, modes)`
        (the application's fold), in a transaction of its own: what `verify --repair` and a
        backfill's later readings use; a retraction or a new reading refolds in its own."""
        self.ready()
        return self.retrying(f"brief {brief!r}", lambda conn: refold_in(conn, brief, states))

    def state(self, brief: str, number: int) -> str | None:
        """The fold_states JSON of one edition (None: the brief does not fold, or no row)."""
        self.ready()
        with self.read() as conn:
            return q.state_of(conn, brief, number)
