"""name keys folded as fold_name folds: likely duplicates narrow by keys the database indexes, all computed here

Likely duplicates of one person (the People view) read only the people who may be theirs, through indexes.
Two of those narrowings disagreed with fold_name, which decides everywhere else: the surname key kept hyphens
("Smith-Jones" is "Smith Jones" for fold_name) and the alias look-up compared lower(alias), so an alias
written "O’Neill" did not find "O'Neill". Now:

- `person_name_keys.surname` is `annotator.nlp.lexicon.surname_key` of the name (the folded surname);
- `person_alias_keys` (new) holds each alias folded (`fold_name`), indexed; it replaces the index on
  lower(alias), which nothing reads any more. Its triggers do what 0008's do for names: a row (NULL) for
  every alias inserted, NULL again when the alias changes, whoever writes.

Every key is computed here, in Python (SQL cannot fold as fold_name does on both databases), so the first
check after the upgrade does not compute 100,000 of them (3.9 s); the keys are the app's functions', so the
functions are imported, and a change to them needs a migration like this one. A window of ids at a time.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 21:00:00
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from annotator.nlp.lexicon import fold_name, surname_key

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WINDOW = 20_000

_people = sa.table("people", sa.column("id", sa.Integer), sa.column("name", sa.String))
_aliases = sa.table("person_aliases", sa.column("id", sa.Integer), sa.column("alias", sa.String))
_name_keys = sa.table("person_name_keys", sa.column("person_id", sa.Integer), sa.column("surname", sa.String))
_alias_keys = sa.table("person_alias_keys", sa.column("alias_id", sa.Integer), sa.column("folded", sa.String))

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER person_alias_key_insert AFTER INSERT ON person_aliases "
    "BEGIN INSERT INTO person_alias_keys (alias_id, folded) VALUES (NEW.id, NULL) "
    "ON CONFLICT (alias_id) DO UPDATE SET folded = NULL; END",
    "CREATE TRIGGER person_alias_key_change AFTER UPDATE OF alias ON person_aliases WHEN OLD.alias IS NOT NEW.alias "
    "BEGIN UPDATE person_alias_keys SET folded = NULL WHERE alias_id = NEW.id; END",
]
_POSTGRESQL_TRIGGERS = [
    """
CREATE FUNCTION person_alias_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_alias_keys (alias_id, folded) VALUES (NEW.id, NULL)
        ON CONFLICT (alias_id) DO UPDATE SET folded = NULL;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER person_alias_key_insert AFTER INSERT ON person_aliases "
    "FOR EACH ROW EXECUTE FUNCTION person_alias_key()",
    "CREATE TRIGGER person_alias_key_change AFTER UPDATE OF alias ON person_aliases "
    "FOR EACH ROW WHEN (OLD.alias IS DISTINCT FROM NEW.alias) EXECUTE FUNCTION person_alias_key()",
]


def _rewrite(
    connection: sa.Connection, source: sa.TableClause, text: str, keys: sa.TableClause, compute: Callable[[str], str]
) -> None:
    """Every row of `keys` (its id, its key) again from `source`'s `text` column, a window of ids at a time:
    deleted and inserted, many rows a statement on both databases, quicker than an update per row."""
    key_id, key = keys.c
    highest = connection.scalar(sa.select(sa.func.max(source.c.id))) or 0
    for after in range(0, highest, WINDOW):
        rows = connection.execute(
            sa.select(source.c.id, source.c[text]).where(source.c.id > after, source.c.id <= after + WINDOW)
        ).all()
        connection.execute(sa.delete(keys).where(key_id > after, key_id <= after + WINDOW))
        if rows:
            connection.execute(sa.insert(keys), [{key_id.name: row_id, key.name: compute(t)} for row_id, t in rows])


def upgrade() -> None:
    op.drop_index("ix_person_aliases_alias_lower", table_name="person_aliases")
    op.create_table(
        "person_alias_keys",
        sa.Column("alias_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("folded", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["alias_id"], ["person_aliases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("alias_id"),
    )
    op.create_index("ix_person_alias_keys_folded", "person_alias_keys", ["folded"], unique=False)

    connection = op.get_bind()
    for statement in _POSTGRESQL_TRIGGERS if connection.dialect.name == "postgresql" else _SQLITE_TRIGGERS:
        connection.execute(sa.text(statement))
    _rewrite(connection, _people, "name", _name_keys, surname_key)
    _rewrite(connection, _aliases, "alias", _alias_keys, fold_name)
    if connection.dialect.name == "postgresql":  # the planner's figures for the rewritten tables, at once
        connection.execute(sa.text("ANALYZE person_name_keys, person_alias_keys"))


def downgrade() -> None:
    connection = op.get_bind()
    for trigger in ("person_alias_key_insert", "person_alias_key_change"):
        on_table = " ON person_aliases" if connection.dialect.name == "postgresql" else ""
        connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {trigger}{on_table}"))
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("DROP FUNCTION IF EXISTS person_alias_key()"))
    op.drop_table("person_alias_keys")
    op.create_index("ix_person_aliases_alias_lower", "person_aliases", [sa.text("lower(alias)")], unique=False)
    # The older app computes its own surname keys from empty ones
    connection.execute(sa.update(_name_keys).values(surname=None))
