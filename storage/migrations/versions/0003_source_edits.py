"""source edits: a poll interval of a source's own, and removed sources kept as tombstones

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-09 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("poll_interval", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("removed_at", storage.models.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("removed_at")
        batch_op.drop_column("poll_interval")
