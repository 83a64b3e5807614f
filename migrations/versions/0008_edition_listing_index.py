"""A covering index for listing a brief's editions in as-of order.

`Store.editions` (every view, the log, the timeline, the report) reads each edition's number,
dates, source and hashes. In the table those columns sit after the raw bytes and the snapshot,
so SQLite reads every edition's overflow pages to reach them: 0.2 s for 10,000 editions. The
index holds them all, in as-of order: 0.1 s, most of it building the records.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NAME = "ix_editions_listing"
COLUMNS = ["brief", "as_of", "number", "ingested_at", "source", "sha256", "snapshot_sha256", "chain_hash"]


def upgrade() -> None:
    op.create_index(NAME, "editions", COLUMNS)


def downgrade() -> None:
    op.drop_index(NAME, table_name="editions")
