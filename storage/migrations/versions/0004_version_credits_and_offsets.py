"""article versions: agencies credited, and the UTC offsets their dates were declared in

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-09 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article_versions") as batch:
        batch.add_column(
            sa.Column("agencies", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch.add_column(sa.Column("published_offset", sa.SmallInteger(), nullable=True))
        batch.add_column(sa.Column("modified_offset", sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article_versions") as batch:
        batch.drop_column("modified_offset")
        batch.drop_column("published_offset")
        batch.drop_column("agencies")
