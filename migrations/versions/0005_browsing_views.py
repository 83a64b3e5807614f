"""Views for browsing: events, counts, paragraphs, changes and edition_summary.

Plain columns over the projections and the log, for Datasette, psql or any SQL tool; see
`tracker.migrations.views`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

from tracker.migrations import views

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    views.create_all(op, views.VIEWS_0005)


def downgrade() -> None:
    views.drop_all(op, views.VIEWS_0005)
