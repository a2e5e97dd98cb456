"""people across the archive: quote groups and their blocking keys, a person's gender, dismissed duplicates

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 14:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gender", sa.String(length=20), nullable=True))

    op.create_table(
        "quote_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("wording_differs", sa.Boolean(), nullable=False),
        sa.Column("attributed_differently", sa.Boolean(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "quote_group_members",
        sa.Column("quote_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["quote_groups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("quote_id"),
    )
    with op.batch_alter_table("quote_group_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quote_group_members_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quote_group_members_article_id"), ["article_id"], unique=False)

    op.create_table(
        "quote_match_keys",
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(["quote_id"], ["quotes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("quote_id", "key"),
    )
    with op.batch_alter_table("quote_match_keys", schema=None) as batch_op:
        batch_op.create_index("ix_quote_match_keys_key", ["key"], unique=False)

    op.create_table(
        "person_duplicate_dismissals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("dismissed_by", sa.String(length=200), nullable=False),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["other_id"], ["people.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "other_id", name="uq_duplicate_dismissal"),
    )
    with op.batch_alter_table("person_duplicate_dismissals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_duplicate_dismissals_other_id"), ["other_id"], unique=False)

    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index("ix_quotes_person_status", ["person_id", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index("ix_quotes_person_status")
    op.drop_table("person_duplicate_dismissals")
    op.drop_table("quote_match_keys")
    op.drop_table("quote_group_members")
    op.drop_table("quote_groups")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("gender")
