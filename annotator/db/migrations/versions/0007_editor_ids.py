"""editors identified by a stable id (name plus a random part), not by their name alone

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 15:20:00

Existing editors get an id derived from their name and the time their row was created, so a copy of a
database made before this revision migrates to the same ids as the original: importing it back still
recognises one's own decisions. Editors created from now on get a random id (annotator/store/audit.py).
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("editor_id", sa.String(length=250), nullable=True))
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("created_at"))
    connection = op.get_bind()
    for row_id, name, created_at in connection.execute(sa.select(users.c.id, users.c.name, users.c.created_at)):
        digest = hashlib.sha256(f"{name}\n{created_at}".encode()).hexdigest()[:8]
        connection.execute(
            sa.text("UPDATE users SET editor_id = :editor_id WHERE id = :id"),
            {"editor_id": f"{name}#{digest}", "id": row_id},
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("editor_id", existing_type=sa.String(length=250), nullable=False)
        batch_op.create_unique_constraint("uq_users_editor_id", ["editor_id"])


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("uq_users_editor_id", type_="unique")
        batch_op.drop_column("editor_id")
