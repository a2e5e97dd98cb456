"""operation history: every editor decision with what it changed, for undo and redo in any process

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "operation_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("operation_history", schema=None) as batch_op:
        batch_op.create_index("ix_operation_history_user_state", ["user", "state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("operation_history", schema=None) as batch_op:
        batch_op.drop_index("ix_operation_history_user_state")
    op.drop_table("operation_history")
