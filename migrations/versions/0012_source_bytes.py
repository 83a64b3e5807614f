"""Editions keep the charset their bytes are read with (`editions.charset`).

An audit record must hold the bytes the source sent, so that the sha256 `verify` proves is the
source's own. Until now a page served in another charset than UTF-8 (an Arabic page in
windows-1256, say) was stored re-encoded as UTF-8 behind a byte-order mark, and the charset of
a legacy file was guessed again at every reading. From this revision the bytes are stored as
received, with the charset they were read with (declared by the page or the server, detected,
or given with `ingest --encoding`); `reparse` and the correction quotes decode them with it, and
the chain hash covers it (see `tracker.canonical.chain_hash`).

Editions stored before keep their rows as they are: the column defaults to "utf-8", which is
read as before (UTF-8, else the reading it was stored with), and leaves their chain hashes
unchanged. The edition summary view shows the column.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.migrations import views

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN on both engines: no table rebuild, so the append-only triggers stay
    op.add_column("editions", sa.Column("charset", sa.String(40), nullable=False, server_default="utf-8"))
    views.create_all(op, views.VIEWS_0012)


def downgrade() -> None:
    views.create_all(op, {"edition_summary": views.VIEWS_0005["edition_summary"]})
    op.drop_column("editions", "charset")
