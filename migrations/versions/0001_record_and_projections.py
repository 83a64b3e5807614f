"""The immutable record (briefs, editions, log, aliases) and its projections.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.migrations import triggers

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

IMMUTABLE = ("briefs", "editions", "log", "aliases")
HASH = sa.String(64)
DAY = sa.String(10)
STAMP = sa.String(40)


def upgrade() -> None:
    op.create_table(
        "briefs",
        sa.Column("slug", sa.String(100), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("slug", name="pk_briefs"),
    )
    op.create_table(
        "editions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("brief", sa.String(100), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("as_of", DAY, nullable=False),
        sa.Column("ingested_at", STAMP, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", HASH, nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("parser_version", sa.String(20), nullable=False),
        sa.Column("snapshot_sha256", HASH, nullable=False),
        sa.Column("prev_chain_hash", HASH, nullable=False),
        sa.Column("chain_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_editions"),
        sa.ForeignKeyConstraint(["brief"], ["briefs.slug"], name="fk_editions_brief_briefs"),
        sa.UniqueConstraint("brief", "number", name="uq_editions_brief_number"),
        sa.UniqueConstraint("brief", "sha256", name="uq_editions_brief_sha256"),
    )
    op.create_index("ix_editions_brief_as_of_number", "editions", ["brief", "as_of", "number"])
    op.create_table(
        "log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("brief", sa.String(100), nullable=True),
        sa.Column("edition", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("recorded_at", STAMP, nullable=False),
        sa.Column("prev_hash", HASH, nullable=False),
        sa.Column("hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_log"),
    )
    op.create_index("ix_log_brief_edition", "log", ["brief", "edition"])
    op.create_index("ix_log_hash", "log", ["hash"])
    op.create_table(
        "aliases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("brief", sa.String(100), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("canonical", sa.Text(), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("recorded_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_aliases"),
    )
    op.create_table(
        "entity_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("brief", sa.String(100), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("date", DAY, nullable=True),
        sa.Column("as_of", DAY, nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_entity_versions"),
    )
    op.create_index("ix_entity_versions_brief_key", "entity_versions", ["brief", "key"])
    op.create_table(
        "identities",
        sa.Column("brief", sa.String(100), nullable=False),
        sa.Column("identity", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("brief", "identity", name="pk_identities"),
    )
    triggers.create_all(op, IMMUTABLE)


def downgrade() -> None:
    triggers.drop_all(op, IMMUTABLE)
    op.drop_table("identities")
    op.drop_index("ix_entity_versions_brief_key", table_name="entity_versions")
    op.drop_table("entity_versions")
    op.drop_table("aliases")
    op.drop_index("ix_log_hash", table_name="log")
    op.drop_index("ix_log_brief_edition", table_name="log")
    op.drop_table("log")
    op.drop_index("ix_editions_brief_as_of_number", table_name="editions")
    op.drop_table("editions")
    op.drop_table("briefs")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {triggers.PG_FUNCTION}()")
