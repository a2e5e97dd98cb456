"""quote pieces: the verbatim quoted stretches inside each quote's content span

Existing quotes get the stretches their text encloses in paired marks, or their whole span when it has none
(what an editor chose as the quote stays the quote); indirect speech gets none. No decision changes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 14:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from annotator.pieces import default_pieces

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_quotes = sa.table(
    "quotes",
    sa.column("id", sa.Integer),
    sa.column("start", sa.Integer),
    sa.column("end", sa.Integer),
    sa.column("text", sa.Text),
    sa.column("kind", sa.String),
    sa.column("pieces", sa.JSON),
)


def upgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pieces", sa.JSON(), nullable=False, server_default="[]"))
    connection = op.get_bind()
    rows = connection.execute(sa.select(_quotes.c.id, _quotes.c.start, _quotes.c.end, _quotes.c.text, _quotes.c.kind))
    for quote_id, start, end, text, kind in rows.fetchall():
        pieces = [[s, e] for s, e in default_pieces(kind, start, end, text)]
        connection.execute(sa.update(_quotes).where(_quotes.c.id == quote_id).values(pieces=pieces))


def downgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_column("pieces")
