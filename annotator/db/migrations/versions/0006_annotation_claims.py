"""annotation claims: the queue that lets several pre-annotation workers share one PostgreSQL database

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "annotation_claims",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    with op.batch_alter_table("annotation_claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_annotation_claims_worker"), ["worker"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("annotation_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_annotation_claims_worker"))
    op.drop_table("annotation_claims")
