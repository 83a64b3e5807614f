"""An index on the log's (type, brief): the corrections (retractions, alias revocations) are
log events, read by type whenever an edition is written or a view filters them out.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_log_type_brief", "log", ["type", "brief"])


def downgrade() -> None:
    op.drop_index("ix_log_type_brief", table_name="log")
