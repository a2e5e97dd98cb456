"""quote words: what the person said, stored beside each quote's content and pieces

The CSV's `quote` cell was worked out in Python for every exported row (the pieces' words without their
marks, annotator/pieces.py verbatim_words); stored, an export of a million quotes reads it like any other
column. The ORM keeps it from now on (annotator/db/models.py _keep_words); here every existing quote gets
it, a window of ids at a time. No decision changes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 20:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from annotator.pieces import verbatim_words

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WINDOW = 5_000

_quotes = sa.table(
    "quotes",
    sa.column("id", sa.Integer),
    sa.column("start", sa.Integer),
    sa.column("text", sa.Text),
    sa.column("pieces", sa.JSON),
    sa.column("words", sa.Text),
)


def upgrade() -> None:
    op.add_column("quotes", sa.Column("words", sa.Text(), nullable=True))
    connection = op.get_bind()
    highest = connection.scalar(sa.select(sa.func.max(_quotes.c.id))) or 0
    fill = sa.update(_quotes).where(_quotes.c.id == sa.bindparam("quote_id")).values(words=sa.bindparam("words"))
    for after in range(0, highest, WINDOW):
        window = sa.select(_quotes.c.id, _quotes.c.text, _quotes.c.start, _quotes.c.pieces).where(
            _quotes.c.id > after, _quotes.c.id <= after + WINDOW
        )
        rows = [
            {"quote_id": quote_id, "words": verbatim_words(text, start, pieces or ())}
            for quote_id, text, start, pieces in connection.execute(window)
        ]
        if rows:
            connection.execute(fill, rows)


def downgrade() -> None:
    # In place (SQLite 3.35 and later, PostgreSQL): a batch copy of the table would break the triggers that
    # keep the people summaries (migration 0008) while the copy stands in for it
    op.execute("ALTER TABLE quotes DROP COLUMN words")
