"""run heartbeats: runs that stopped beating are abandoned and give their sources back

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("heartbeat_at", storage.models.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index("ix_runs_status", ["status"], unique=False)
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by_run_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_sources_claimed_by_run_id_runs"), "runs", ["claimed_by_run_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_sources_claimed_by_run_id_runs"), type_="foreignkey"
        )
        batch_op.drop_column("claimed_by_run_id")
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_index("ix_runs_status")
        batch_op.drop_column("heartbeat_at")
