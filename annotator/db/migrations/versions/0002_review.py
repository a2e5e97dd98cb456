"""review: colleague decisions, merge conflicts, and the source of imported edits

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 05:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("edits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=2000), nullable=True))

    op.create_table(
        "quote_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("their_uid", sa.String(length=36), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=2000), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["quote_id"], ["quotes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("quote_id", "user", name="uq_quote_decision_user"),
    )
    with op.batch_alter_table("quote_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quote_decisions_quote_id"), ["quote_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quote_decisions_their_uid"), ["their_uid"], unique=False)

    op.create_table(
        "review_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("mine", sa.JSON(), nullable=False),
        sa.Column("theirs", sa.JSON(), nullable=False),
        sa.Column("my_user", sa.String(length=200), nullable=True),
        sa.Column("their_user", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolution", sa.String(length=20), nullable=True),
        sa.Column("resolved_by", sa.String(length=200), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["decision_id"], ["quote_decisions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["quote_id"], ["quotes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review_conflicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_conflicts_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_conflicts_quote_id"), ["quote_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_conflicts_quote_id"))
        batch_op.drop_index(batch_op.f("ix_review_conflicts_decision_id"))
    op.drop_table("review_conflicts")
    with op.batch_alter_table("quote_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quote_decisions_their_uid"))
        batch_op.drop_index(batch_op.f("ix_quote_decisions_quote_id"))
    op.drop_table("quote_decisions")
    with op.batch_alter_table("edits", schema=None) as batch_op:
        batch_op.drop_column("source")
