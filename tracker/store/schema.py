"""The tables, as SQLAlchemy Core metadata: the model the Alembic migrations must match.

The schema is only ever created by the migrations (`tracker init`); this metadata exists so
the store can build statements and so a test can check (with Alembic's autogenerate
comparison) that the migrations and this description agree. Core only: `sqlalchemy.orm`
costs start-up time and buys nothing here.

Immutable record: `briefs`, `editions`, `derivations`, `log`, `aliases` (append-only, enforced
by triggers). An edition's first reading is in its `editions` row; `derivations` holds the
readings after it (`tracker reparse`), newest one in force. Retractions and alias revocations
are log events.
Projections (derived, rebuildable from the record): `entity_versions`, `identities`, and
`event_revisions` (derived from `entity_versions`: each event's distinct successive versions), and `fold_states` (a cumulative brief's state
after each report).
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

#: Tables whose rows may never change or disappear once written.
IMMUTABLE_TABLES = ("briefs", "editions", "derivations", "log", "aliases")
# Tables derived from the immutable ones (entity_versions, identities): `tracker verify --repair`
# recomputes them.

HASH = String(64)
DAY = String(10)  # ISO YYYY-MM-DD
STAMP = String(40)  # ISO timestamp, UTC

briefs = Table(
    "briefs",
    metadata,
    Column("slug", String(100), primary_key=True),
    Column("created_at", STAMP, nullable=False),
)

editions = Table(
    "editions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("brief", String(100), ForeignKey("briefs.slug"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("as_of", DAY, nullable=False),
    Column("ingested_at", STAMP, nullable=False),
    Column("source", Text, nullable=False),
    Column("raw", LargeBinary, nullable=False),  # the bytes as received, never re-encoded
    Column("sha256", HASH, nullable=False),
    Column("snapshot", Text, nullable=False),
    Column("parser_version", String(20), nullable=False),
    Column("snapshot_sha256", HASH, nullable=False),
    Column("prev_chain_hash", HASH, nullable=False),
    Column("chain_hash", HASH, nullable=False),
    # the charset `raw` is read with (declared, detected or given); in the chain hash unless UTF-8
    Column("charset", String(40), nullable=False, server_default="utf-8"),
    UniqueConstraint("brief", "number"),
    CheckConstraint("number >= 1", name="number_positive"),
    Index(None, "brief", "as_of", "number"),
    Index(None, "brief", "sha256"),  # not unique: a retracted edition's bytes may come again
    # covering: listing editions in as-of order never reads the raw bytes' and snapshot's pages
    Index("ix_editions_listing", "brief", "as_of", "number", "ingested_at", "source", "sha256",
          "snapshot_sha256", "chain_hash"),
)

derivations = Table(
    "derivations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("brief", String(100), nullable=False),
    Column("edition", Integer, nullable=False),
    Column("derivation", Integer, nullable=False),  # 2, 3, ...: the first is the editions row
    Column("recorded_at", STAMP, nullable=False),
    Column("parser_version", String(20), nullable=False),
    Column("snapshot", Text, nullable=False),
    Column("snapshot_sha256", HASH, nullable=False),
    Column("prev_chain_hash", HASH, nullable=False),  # the edition's chain_hash, then the last derivation's
    Column("chain_hash", HASH, nullable=False),
    UniqueConstraint("brief", "edition", "derivation"),
    CheckConstraint("derivation >= 2", name="derivation_after_first"),
)

log = Table(
    "log",
    metadata,
    # Assigned by the writer (max + 1 under the write lock), not by a sequence: the hash
    # covers it, so it must be known before the row is inserted, and it stays gapless.
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("brief", String(100), nullable=True),
    Column("edition", Integer, nullable=True),
    Column("type", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    Column("recorded_at", STAMP, nullable=False),
    Column("prev_hash", HASH, nullable=False),
    Column("hash", HASH, nullable=False),
    Index(None, "brief", "edition"),
    Index(None, "hash"),
    Index(None, "type", "brief"),  # corrections (retractions, revocations) are found by type
)

aliases = Table(
    "aliases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("brief", String(100), nullable=True),  # NULL: applies to every brief
    Column("name", Text, nullable=False),
    Column("canonical", Text, nullable=False),
    Column("key", String(200), nullable=False),
    Column("recorded_at", STAMP, nullable=False),
)

entity_versions = Table(
    "entity_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("brief", String(100), nullable=False),
    Column("edition", Integer, nullable=False),
    Column("kind", String(10), nullable=False),  # event | count
    Column("key", String(200), nullable=False),
    Column("name", Text, nullable=True),  # event name as written / count subject
    Column("date", DAY, nullable=True),  # event date / count's stated as-of
    Column("as_of", DAY, nullable=False),  # the edition's as-of
    Column("data", Text, nullable=False),  # canonical JSON of the entity
    Index(None, "brief", "key"),
    Index(None, "brief", "edition"),
)

identities = Table(
    "identities",
    metadata,
    Column("brief", String(100), primary_key=True),
    Column("identity", String(200), primary_key=True),
    Column("key", String(200), nullable=False),
)

event_revisions = Table(
    "event_revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("brief", String(100), nullable=False),
    Column("key", String(200), nullable=False),
    Column("first_edition", Integer, nullable=False),  # a run of identical versions, from
    Column("first_as_of", DAY, nullable=False),
    Column("last_edition", Integer, nullable=False),  # ... to, in as-of order
    Column("last_as_of", DAY, nullable=False),
    Column("data", Text, nullable=False),  # canonical JSON of the event, as in entity_versions
    Index(None, "brief", "key", "last_as_of", "last_edition"),
)

fold_states = Table(
    "fold_states",
    metadata,
    Column("brief", String(100), primary_key=True),
    Column("edition", Integer, primary_key=True),
    Column("as_of", DAY, nullable=False),
    Column("state", Text, nullable=False),  # canonical JSON of tracker.fold.State
)

# What `tracker watch` last saw of each source (migration 0013): a cache, replaced at each
# change, neither part of the record nor a projection of it.
watch_validators = Table(
    "watch_validators",
    metadata,
    Column("brief", String(100), primary_key=True),
    Column("source", Text, primary_key=True),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("sha256", HASH, nullable=True),
    Column("checked_at", STAMP, nullable=False),
)
