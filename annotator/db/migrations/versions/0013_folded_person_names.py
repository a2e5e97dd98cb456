"""each person's whole name folded (fold_name) beside their surname key: the store finds people by index

Confirming a quote, changing its speaker and renaming a person each find a person by name, as fold_name
compares names ("Ann O’Neil" is "ann o'neil"). That read every name and alias of the database and folded them
in Python (a quarter of a second at 100,000 people, on every such decision); the speaker picker's look-up of
an article's names compared SQL expressions no index serves. Now:

- `person_name_keys.folded` (new, indexed) holds `annotator.nlp.lexicon.fold_name` of the name; aliases
  already have theirs in `person_alias_keys.folded` (0012).
- The triggers stay 0008's: a person inserted gets a row of NULLs, a rename makes `surname` NULL again, and a
  NULL surname marks the row's keys stale, both computed again by annotator/store/name_keys.py; a look-up
  reads a stale row's name itself meanwhile.

As 0012, every row is computed here, in Python, a window of ids at a time (deleted and inserted again, both
keys), with the app's functions: a change to them needs a migration like this one.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from annotator.nlp.lexicon import fold_name, surname_key

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WINDOW = 20_000

_people = sa.table("people", sa.column("id", sa.Integer), sa.column("name", sa.String))
_name_keys = sa.table(
    "person_name_keys",
    sa.column("person_id", sa.Integer),
    sa.column("surname", sa.String),
    sa.column("folded", sa.String),
)


def upgrade() -> None:
    op.add_column("person_name_keys", sa.Column("folded", sa.String(length=300), nullable=True))
    op.create_index("ix_person_name_keys_folded", "person_name_keys", ["folded"], unique=False)

    connection = op.get_bind()
    highest = connection.scalar(sa.select(sa.func.max(_people.c.id))) or 0
    for after in range(0, highest, WINDOW):
        rows = connection.execute(
            sa.select(_people.c.id, _people.c.name).where(_people.c.id > after, _people.c.id <= after + WINDOW)
        ).all()
        window = (_name_keys.c.person_id > after, _name_keys.c.person_id <= after + WINDOW)
        connection.execute(sa.delete(_name_keys).where(*window))
        if rows:
            connection.execute(
                sa.insert(_name_keys),
                [{"person_id": i, "surname": surname_key(name), "folded": fold_name(name)} for i, name in rows],
            )
    if connection.dialect.name == "postgresql":  # the planner's figures for the rewritten table, at once
        connection.execute(sa.text("ANALYZE person_name_keys"))


def downgrade() -> None:
    op.drop_index("ix_person_name_keys_folded", table_name="person_name_keys")
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # the copy's rename would check 0008's triggers on people, which name the table being replaced
        op.execute("PRAGMA legacy_alter_table = ON")
    with op.batch_alter_table("person_name_keys", schema=None) as batch_op:
        batch_op.drop_column("folded")
    if sqlite:
        op.execute("PRAGMA legacy_alter_table = OFF")
