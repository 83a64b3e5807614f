"""Cumulative briefs: the folded state after each report, a derived projection.

A brief's mode (restating or cumulative) is recorded in the hash-chained log (BriefModeSet),
not in a table; this projection holds, per edition of a brief that folds its reports, the
state of every fact as of that edition, so `show --as-of` and `diff` read one row per side
instead of the history. `tracker verify` recomputes it; `--repair` rebuilds it. (The mode records are read
through the log's (type, brief) index of 0004.)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fold_states",
        sa.Column("brief", sa.String(100), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("brief", "edition", name="pk_fold_states"),
    )


def downgrade() -> None:
    op.drop_table("fold_states")
