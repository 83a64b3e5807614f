"""The events view gains `date_precision` beside `event_date`.

A date a report gives less precisely than a day ("in late March 2020") is stored as the first
day of its period with the period beside it (`Event.date_precision`); a SQL tool reading
`event_date` alone would take that first day for the day. The view now says which it is:
"day", or the period (week, part-month, month, quarter, half-year, year). See
`tracker.migrations.views.VIEWS_0009`.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

from tracker.migrations import views

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    views.create_all(op, views.VIEWS_0009)


def downgrade() -> None:
    views.create_all(op, {"events": views.VIEWS_0005["events"]})
