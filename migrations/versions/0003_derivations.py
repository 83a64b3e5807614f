"""Derivations: a stored edition read again by a newer parser, appended, never replacing.

`derivations` holds the readings after an edition's first (the first stays in its `editions`
row): number 2, 3, ... per edition, each chained to the one before it and hash-covered like an
edition. It is append-only (triggers on both engines).

The raw bytes of an edition are no longer unique per brief: an edition withdrawn with
`tracker retract` may be ingested again (say with the right `--as-of`), so the same bytes can
stand in two editions, one of them retracted. The writer still reports bytes held by an
edition in force as `unchanged` (under the writer lock); the unique constraint becomes a plain
index, and the SQLite trigger that refuses overwriting rows keys on (brief, number) only.
The batch rebuild of `editions` on SQLite drops its triggers; they are re-created after it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.migrations import triggers

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

HASH = sa.String(64)
STAMP = sa.String(40)


def upgrade() -> None:
    op.create_table(
        "derivations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("brief", sa.String(100), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("derivation", sa.Integer(), nullable=False),
        sa.Column("recorded_at", STAMP, nullable=False),
        sa.Column("parser_version", sa.String(20), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("snapshot_sha256", HASH, nullable=False),
        sa.Column("prev_chain_hash", HASH, nullable=False),
        sa.Column("chain_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_derivations"),
        sa.UniqueConstraint("brief", "edition", "derivation",
                            name="uq_derivations_brief_edition_derivation"),
        sa.CheckConstraint("derivation >= 2", name="ck_derivations_derivation_after_first"),
    )
    triggers.create_all(op, ["derivations"], triggers.SQLITE_KEYS_0003)
    triggers.drop_all(op, ["editions"])
    with op.batch_alter_table("editions", recreate="auto") as batch:
        batch.drop_constraint("uq_editions_brief_sha256", type_="unique")
        batch.create_index("ix_editions_brief_sha256", ["brief", "sha256"])
    triggers.create_all(op, ["editions"], triggers.SQLITE_KEYS_0003)


def downgrade() -> None:
    triggers.drop_all(op, ["editions", "derivations"])
    with op.batch_alter_table("editions", recreate="auto") as batch:
        batch.drop_index("ix_editions_brief_sha256")
        batch.create_unique_constraint("uq_editions_brief_sha256", ["brief", "sha256"])
    triggers.create_all(op, ["editions"])
    op.drop_table("derivations")
