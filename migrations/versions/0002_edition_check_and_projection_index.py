"""Edition numbers must be positive; projections get an index on (brief, edition).

The index lets `verify` and `rebuild_projections` read entity versions in edition order.
The CHECK constraint on editions is added in batch mode, which on SQLite rebuilds the table
(copy, drop, rename) and so drops its triggers: they are re-created here, after the batch,
in both directions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

from tracker.migrations import triggers

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("editions", recreate="auto") as batch:
        batch.create_check_constraint(op.f("ck_editions_number_positive"), "number >= 1")
    triggers.create_all(op, ["editions"])
    op.create_index("ix_entity_versions_brief_edition", "entity_versions", ["brief", "edition"])


def downgrade() -> None:
    op.drop_index("ix_entity_versions_brief_edition", table_name="entity_versions")
    with op.batch_alter_table("editions", recreate="auto") as batch:
        batch.drop_constraint(op.f("ck_editions_number_positive"), type_="check")
    triggers.create_all(op, ["editions"])
