"""`watch_validators`: what `tracker watch` last saw of each source it polls.

`tracker watch` polls a page every few minutes. Asking the server "has it changed since?"
(`If-None-Match` with the ETag it gave, `If-Modified-Since` with its Last-Modified) lets an
unchanged page cost one empty 304 answer instead of a download and a parse. Those validators
have to outlive the process (a cron job or a systemd timer runs `watch --once` afresh each
time) and be shared by every machine that writes the same database, so they live here rather
than in a side file. The sha256 of the bytes last seen spares a parse when a server gives no
validators, or for a file.

The table is a cache, not part of the record: a row is replaced at each change, losing it
costs one full download, and `verify` neither hashes nor replays it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_validators",
        sa.Column("brief", sa.String(100), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("checked_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("brief", "source", name="pk_watch_validators"),
    )


def downgrade() -> None:
    op.drop_table("watch_validators")
