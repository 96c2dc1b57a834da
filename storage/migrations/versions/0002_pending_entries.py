"""pending entries: feed entries tracked until stored or given up on

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("published", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_outcome", sa.String(length=40), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("first_seen_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_pending_entries_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_entries")),
        sa.UniqueConstraint("source_id", "url", name="uq_pending_entries_source_url"),
    )
    with op.batch_alter_table("pending_entries", schema=None) as batch_op:
        batch_op.create_index("ix_pending_entries_url", ["url"], unique=False)
        batch_op.create_index(
            "ix_pending_entries_status_next_try_at", ["status", "next_try_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pending_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_pending_entries_status_next_try_at")
        batch_op.drop_index("ix_pending_entries_url")
    op.drop_table("pending_entries")
