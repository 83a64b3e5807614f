"""A view of the analyst's corrections of one fact: `fact_corrections`.

One row per FactCorrected log record (`tracker fact reject|set|add`, `tracker edit`): the
edition, what was done to which fact (op, entity, key, field, before, after), the sentence it
rests on, who and why, and its revocation if any. Read from the log's JSON payloads with each
engine's JSON functions; see `tracker.migrations.views.VIEWS_0010`.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

from tracker.migrations import views

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    views.create_all(op, views.VIEWS_0010)


def downgrade() -> None:
    views.drop_all(op, views.VIEWS_0010)
