"""The validators `tracker watch` keeps per source (table `watch_validators`, migration 0013).

A cache beside the record, not part of it: a row is replaced when what the source answered
changes, and neither the hash chain nor `verify` covers it (losing a row costs one full
download). This module reads and replaces rows; what they mean is the application's
(`tracker.app.watching`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, insert, select

from tracker.store import schema as t
from tracker.store.database import Database
from tracker.store.writer import now_utc

if TYPE_CHECKING:
    from tracker.store.inputs import Validators


class WatchValidators(Database):
    """Read and replace what a watched source last answered."""

    def validators(self, brief: str, source: str) -> Validators | None:
        from tracker.store.inputs import Validators

        self.ready()
        v = t.watch_validators.c
        with self.read() as conn:
            row = conn.execute(select(v.etag, v.last_modified, v.sha256, v.checked_at)
                               .where(v.brief == brief, v.source == source)).first()
        return None if row is None else Validators(brief, source, *row)

    def keep_validators(self, seen: Validators) -> Validators:
        """Replace the source's row with `seen` (stamped now); returns what was written."""
        from tracker.store.inputs import Validators

        self.ready()
        kept = Validators(seen.brief, seen.source, seen.etag, seen.last_modified, seen.sha256, now_utc())

        def work(conn: Connection) -> None:
            v = t.watch_validators.c
            conn.execute(delete(t.watch_validators).where(v.brief == kept.brief, v.source == kept.source))
            conn.execute(insert(t.watch_validators).values(
                brief=kept.brief, source=kept.source, etag=kept.etag,
                last_modified=kept.last_modified, sha256=kept.sha256, checked_at=kept.checked_at))

        with self.errors():
            self.retrying(f"the validators of {kept.source}", work)
        return kept
