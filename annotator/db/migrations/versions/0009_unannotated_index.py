"""a partial index on the articles still without suggestions

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 18:10:00

Once an archive is pre-annotated only a few articles have `annotated_at IS NULL`; the workers' claims
(ordered by id) and the run's status (`annotator annotate --status`, the app's status bar, every few
seconds) find them through this index instead of reading every article. Both SQLite and PostgreSQL
support partial indexes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WAITING = sa.text("annotated_at IS NULL")


def upgrade() -> None:
    op.create_index("ix_articles_unannotated", "articles", ["id"], sqlite_where=_WAITING, postgresql_where=_WAITING)


def downgrade() -> None:
    op.drop_index("ix_articles_unannotated", table_name="articles")
