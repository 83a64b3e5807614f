"""The `changes` view lists every kind of change the log holds.

It listed only `added`, `removed` and `changed`; a date refined, a figure reconfirmed, a
cumulative brief's progress, disputes, settlements and retractions, and an analyst's corrections
logged at ingest are changes too, and `diff`, `log` and `export` show them. See
`tracker.migrations.views.VIEWS_0014`.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

from tracker.migrations import views

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    views.create_all(op, views.VIEWS_0014)


def downgrade() -> None:
    views.create_all(op, {"changes": views.VIEWS_0005["changes"]})
