"""The event_revisions projection: each event's distinct successive versions, filled from
entity_versions (see `tracker.store.revisions`), so that a timeline costs what the events and
their revisions cost, not editions x events.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DAY = sa.String(10)
INDEX = "ix_event_revisions_brief_key_last_as_of_last_edition"
COLUMNS = ("brief", "key", "first_edition", "first_as_of", "last_edition", "last_as_of", "data")


def upgrade() -> None:
    table = op.create_table(
        "event_revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("brief", sa.String(100), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("first_edition", sa.Integer(), nullable=False),
        sa.Column("first_as_of", DAY, nullable=False),
        sa.Column("last_edition", sa.Integer(), nullable=False),
        sa.Column("last_as_of", DAY, nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_event_revisions"),
    )
    op.create_index(INDEX, "event_revisions", ["brief", "key", "last_as_of", "last_edition"])
    _fill(op.get_bind(), table)


def _fill(conn: sa.Connection, table: sa.Table) -> None:
    """Runs of identical data per (brief, key) over the event rows of entity_versions in as-of
    order, the last row of a key within one edition standing."""
    rows = conn.execute(sa.text(
        "SELECT brief, key, edition, as_of, data FROM entity_versions WHERE kind = 'event' "
        "ORDER BY brief, key, as_of, edition, id"))
    batch: list[dict] = []
    held: tuple | None = None
    current: dict | None = None
    for row in [*rows, None]:
        if held is not None and (row is None or tuple(row[:3]) != held[:3]):
            brief, key, edition, as_of, data = held
            if current and (current["brief"], current["key"], current["data"]) == (brief, key, data):
                current["last_edition"], current["last_as_of"] = edition, as_of
            else:
                if current:
                    batch.append(current)
                current = dict(zip(COLUMNS, (brief, key, edition, as_of, edition, as_of, data)))
        held = tuple(row) if row is not None else None
        if len(batch) >= 2000:
            conn.execute(table.insert(), batch)
            batch = []
    if current:
        batch.append(current)
    if batch:
        conn.execute(table.insert(), batch)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="event_revisions")
    op.drop_table("event_revisions")
