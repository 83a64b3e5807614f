"""The events and counts views gain `reading`: "parser" or "analyst".

An analyst's correction of one fact (`tracker fact`, `tracker edit`) makes a new reading of
each edition it applies to, and the views show the corrected values; `reading` says which rows
an analyst changed ("analyst"), as `show --format json` does, so a SQL tool can tell the
parser's reading from a person's. See `tracker.migrations.views.VIEWS_0011`.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

from tracker.migrations import views

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    views.create_all(op, views.VIEWS_0011)


def downgrade() -> None:
    views.create_all(op, {"events": views.VIEWS_0009["events"], "counts": views.VIEWS_0005["counts"]})
