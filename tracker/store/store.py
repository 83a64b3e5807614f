"""The event store: immutable editions, an append-only hash-chained log, and projections.

It records what it is given and answers queries: it never reads, parses, settles identity or
diffs (the application does, see `tracker.app.ingest`). `Store` is one object made of the
store's jobs, each in its own module:

- `database`:    transactions, the writer lock, retries, the schema check and migrations;
- `briefs`:      briefs, their modes (`BriefModeSet`) and the fold_states of those that fold;
- `ingest`:      writing editions, each whole in one transaction with its log and projections;
- `editions`:    resolving a REF, and reading editions, their raw bytes, readings and snapshots;
- `log`:         the log read back per edition;
- `corrections`: retractions, and every correction of a brief listed (what a new kind adds);
- `derivations`: new readings of stored editions (`tracker reparse`);
- `facts`:       an analyst's corrections of single facts, and the corrected readings they make;
- `aliases`:     hand-made identity fixes, recorded and revoked;
- `projections`: the views' rows, read and rebuilt;
- `validators`:  what `tracker watch` last saw of each source (a cache beside the record).

Below them: `engine` opens the database, `schema` describes the tables, `queries` holds the
statements, `writer` builds the rows and appends to the log, `revisions` keeps the
event_revisions projection, and `records` the values handed in and out.

Hashes (all sha256, hex; the byte forms are in `tracker.canonical`):
- `sha256`          of the raw bytes;
- `snapshot_sha256` of the stored snapshot JSON text (canonical JSON);
- `chain_hash`      = H(prev_chain_hash + canonical [brief, number, as_of, ingested_at, source,
                        sha256, parser_version, snapshot_sha256]), per brief, from GENESIS;
- log `hash`        = H(prev_hash, seq, brief, edition, type, recorded_at, one a line, then the
                        payload), one chain over the whole log; the last is the checkpoint `head`.

SQLAlchemy Core only, imported when a store is opened (the CLI imports this module lazily).
This module only puts the jobs together and opens a store: it must hold no job of its own.
"""

from __future__ import annotations

import os

from tracker.store.aliases import Aliases
from tracker.store.briefs import Briefs
from tracker.store.corrections import Corrections
from tracker.store.database import Database
from tracker.store.derivations import Derivations
from tracker.store.editions import Editions
from tracker.store.facts import FactCorrections
from tracker.store.engine import ensure_database, open_engine
from tracker.store.ingest import Ingest
from tracker.store.log import EditionLog
from tracker.store.projections import Projections
from tracker.store.validators import WatchValidators


class Store(Briefs, Ingest, Editions, EditionLog, Corrections, FactCorrections, Derivations, Aliases,
            Projections, WatchValidators, Database):
    """A tracker database. Methods raise `TrackerError` subclasses with one-line messages."""


def open_store(db: str | None = None, *, create: bool = False, create_database: bool = False) -> Store:
    """Open the store at `db`: a path (SQLite file) or a SQLAlchemy URL.

    `None` means env TRACKER_DB, else "tracker.db" in the current directory. With
    `create=True` a missing SQLite file, or a database without tracker tables, is created and
    migrated to head; otherwise it is an error telling to run `tracker init`.
    A schema behind head is reported on first use (so that `init` can still upgrade it).
    `create_database` (`tracker init`): a PostgreSQL database that does not exist is created.
    """
    opened = open_engine(db or os.environ.get("TRACKER_DB") or "tracker.db", create)
    if create_database:
        opened = ensure_database(opened)
    store = Store(opened)
    if create and (opened.fresh or store.current_revision() is None):
        store.init()
    return store
