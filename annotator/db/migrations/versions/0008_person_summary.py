"""people across the archive at a million quotes: a per-person summary kept by triggers; name keys

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 17:00:00

`person_summary` holds each speaking person's counts and first/last publication date, `person_dates` and
`person_outlets` how many of their quotes each date and outlet has (so that taking a quote away finds the
new first/last date with one index probe instead of reading all their quotes). Database triggers keep the
three current on every insert, update and delete of a quote, whichever code path makes it (ORM, Core bulk
inserts, a colleague's import, undo): a future write path cannot forget them. The People view pages over
the summary's indexes. A quote counts when it has a person and is not rejected.

`person_name_keys` holds each person's folded surname for likely duplicates; the key is computed by the
app (annotator/people_archive.py), so a trigger only marks it stale (NULL) when a person is added or renamed.

The SQL below is written once with NEW./OLD. row references, which SQLite triggers and PL/pgSQL trigger
functions both understand; it is kept here (not imported from the app) so this revision never changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VERIFIED = "('confirmed', 'corrected')"


def _add(row: str) -> list[str]:
    """Count the quote `row` (NEW) for its person."""
    person = f"{row}.person_id"
    published = f"COALESCE((SELECT published FROM articles WHERE id = {row}.article_id), '')"
    outlet = f"COALESCE((SELECT outlet FROM articles WHERE id = {row}.article_id), '')"
    return [
        f"INSERT INTO person_summary (person_id, quotes, verified, suggested, first_seen, last_seen) "
        f"VALUES ({person}, 0, 0, 0, '', '') ON CONFLICT DO NOTHING",
        f"UPDATE person_summary SET quotes = quotes + 1, "
        f"verified = verified + CASE WHEN {row}.status IN {_VERIFIED} THEN 1 ELSE 0 END, "
        f"suggested = suggested + CASE WHEN {row}.status = 'suggested' THEN 1 ELSE 0 END, "
        f"first_seen = CASE WHEN {published} <> '' AND (first_seen = '' OR {published} < first_seen) "
        f"THEN {published} ELSE first_seen END, "
        f"last_seen = CASE WHEN {published} > last_seen THEN {published} ELSE last_seen END "
        f"WHERE person_id = {person}",
        f"INSERT INTO person_dates (person_id, published, quotes) VALUES ({person}, {published}, 0) "
        f"ON CONFLICT DO NOTHING",
        f"UPDATE person_dates SET quotes = quotes + 1 WHERE person_id = {person} AND published = {published}",
        f"INSERT INTO person_outlets (person_id, outlet, quotes) VALUES ({person}, {outlet}, 0) ON CONFLICT DO NOTHING",
        f"UPDATE person_outlets SET quotes = quotes + 1 WHERE person_id = {person} AND outlet = {outlet}",
    ]


def _remove(row: str) -> list[str]:
    """Stop counting the quote `row` (OLD) for its person; first/last seen from the dates left."""
    person = f"{row}.person_id"
    published = f"COALESCE((SELECT published FROM articles WHERE id = {row}.article_id), '')"
    outlet = f"COALESCE((SELECT outlet FROM articles WHERE id = {row}.article_id), '')"
    return [
        f"UPDATE person_dates SET quotes = quotes - 1 WHERE person_id = {person} AND published = {published}",
        f"DELETE FROM person_dates WHERE person_id = {person} AND published = {published} AND quotes <= 0",
        f"UPDATE person_outlets SET quotes = quotes - 1 WHERE person_id = {person} AND outlet = {outlet}",
        f"DELETE FROM person_outlets WHERE person_id = {person} AND outlet = {outlet} AND quotes <= 0",
        f"UPDATE person_summary SET quotes = quotes - 1, "
        f"verified = verified - CASE WHEN {row}.status IN {_VERIFIED} THEN 1 ELSE 0 END, "
        f"suggested = suggested - CASE WHEN {row}.status = 'suggested' THEN 1 ELSE 0 END, "
        f"first_seen = COALESCE((SELECT MIN(published) FROM person_dates "
        f"WHERE person_id = {person} AND published <> ''), ''), "
        f"last_seen = COALESCE((SELECT MAX(published) FROM person_dates WHERE person_id = {person}), '') "
        f"WHERE person_id = {person}",
        f"DELETE FROM person_summary WHERE person_id = {person} AND quotes <= 0",
    ]


def _counted(row: str) -> str:
    return f"{row}.person_id IS NOT NULL AND {row}.status <> 'rejected'"


# An update matters when it moves the quote to another person, status or article
_CHANGED = "(OLD.person_id IS NOT NEW.person_id OR OLD.status IS NOT NEW.status OR OLD.article_id IS NOT NEW.article_id)"
_CHANGED_PG = _CHANGED.replace("IS NOT", "IS DISTINCT FROM")
_ARTICLE_EXISTS = "EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id)"
# An article's quotes go before it does, each through the quote triggers above (a cascade would run them
# after the article, when its date and outlet can no longer be read)
_ARTICLE_DELETE = "DELETE FROM quotes WHERE article_id = OLD.id"
_ARTICLE_MOVED = "(OLD.published IS NOT NEW.published OR OLD.outlet IS NOT NEW.outlet)"
_ARTICLE_MOVED_PG = _ARTICLE_MOVED.replace("IS NOT", "IS DISTINCT FROM")


def _article_moved() -> list[str]:
    """An article's date or outlet changed: its counted quotes move from the old date and outlet to the new."""
    movers = "SELECT person_id FROM quotes WHERE article_id = NEW.id AND person_id IS NOT NULL AND status <> 'rejected'"

    def moved(table: str) -> str:
        return (
            f"(SELECT COUNT(*) FROM quotes q WHERE q.article_id = NEW.id AND q.person_id = {table}.person_id "
            "AND q.status <> 'rejected')"
        )

    statements = []
    for table, column in (("person_dates", "published"), ("person_outlets", "outlet")):
        old, new = f"COALESCE(OLD.{column}, '')", f"COALESCE(NEW.{column}, '')"
        statements += [
            f"UPDATE {table} SET quotes = quotes - {moved(table)} WHERE {column} = {old} AND person_id IN ({movers})",
            f"DELETE FROM {table} WHERE {column} = {old} AND quotes <= 0 AND person_id IN ({movers})",
            f"INSERT INTO {table} (person_id, {column}, quotes) SELECT DISTINCT person_id, {new}, 0 "
            f"FROM quotes WHERE article_id = NEW.id AND person_id IS NOT NULL AND status <> 'rejected' "
            "ON CONFLICT DO NOTHING",
            f"UPDATE {table} SET quotes = quotes + {moved(table)} WHERE {column} = {new} AND person_id IN ({movers})",
        ]
    statements.append(
        "UPDATE person_summary SET "
        "first_seen = COALESCE((SELECT MIN(published) FROM person_dates d "
        "WHERE d.person_id = person_summary.person_id AND d.published <> ''), ''), "
        "last_seen = COALESCE((SELECT MAX(published) FROM person_dates d "
        f"WHERE d.person_id = person_summary.person_id), '') WHERE person_id IN ({movers})"
    )
    return statements


def _sqlite_triggers() -> list[str]:
    def body(statements: list[str]) -> str:
        return "BEGIN " + "; ".join(statements) + "; END"

    return [
        f"CREATE TRIGGER quotes_summary_insert AFTER INSERT ON quotes WHEN {_counted('NEW')} {body(_add('NEW'))}",
        f"CREATE TRIGGER quotes_summary_delete AFTER DELETE ON quotes WHEN {_counted('OLD')} AND {_ARTICLE_EXISTS} "
        f"{body(_remove('OLD'))}",
        f"CREATE TRIGGER quotes_summary_update_old AFTER UPDATE OF person_id, status, article_id ON quotes "
        f"WHEN {_CHANGED} AND {_counted('OLD')} AND {_ARTICLE_EXISTS} {body(_remove('OLD'))}",
        f"CREATE TRIGGER quotes_summary_update_new AFTER UPDATE OF person_id, status, article_id ON quotes "
        f"WHEN {_CHANGED} AND {_counted('NEW')} {body(_add('NEW'))}",
        f"CREATE TRIGGER articles_summary_delete BEFORE DELETE ON articles {body([_ARTICLE_DELETE])}",
        f"CREATE TRIGGER articles_summary_moved AFTER UPDATE OF published, outlet ON articles WHEN {_ARTICLE_MOVED} "
        f"{body(_article_moved())}",
        "CREATE TRIGGER people_name_key_insert AFTER INSERT ON people "
        "BEGIN INSERT INTO person_name_keys (person_id, surname) VALUES (NEW.id, NULL) ON CONFLICT DO NOTHING; END",
        "CREATE TRIGGER people_name_key_rename AFTER UPDATE OF name ON people WHEN OLD.name IS NOT NEW.name "
        "BEGIN UPDATE person_name_keys SET surname = NULL WHERE person_id = NEW.id; END",
    ]


_SQLITE_TRIGGER_NAMES = (
    "quotes_summary_insert",
    "quotes_summary_delete",
    "quotes_summary_update_old",
    "quotes_summary_update_new",
    "articles_summary_delete",
    "articles_summary_moved",
    "people_name_key_insert",
    "people_name_key_rename",
)


_SUMMARY_LOCK = 80_080_015  # the advisory lock's key: any number no other part of the app uses


def _plpgsql(statements: list[str]) -> str:
    return " ".join(f"{s};" for s in statements)


def _postgresql_triggers() -> list[str]:
    quote_function = f"""
CREATE FUNCTION quotes_summary() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Writers of the summary take turns until they commit: two workers storing articles that quote the same
    -- people in another order would otherwise lock those people's rows crosswise and deadlock
    PERFORM pg_advisory_xact_lock({_SUMMARY_LOCK});
    IF TG_OP <> 'INSERT' THEN
        IF {_counted("OLD")} AND {_ARTICLE_EXISTS} THEN {_plpgsql(_remove("OLD"))} END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF {_counted("NEW")} THEN {_plpgsql(_add("NEW"))} END IF;
    END IF;
    RETURN NULL;
END $$"""
    article_function = f"""
CREATE FUNCTION articles_summary_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {_ARTICLE_DELETE}; RETURN OLD; END $$"""
    moved_function = f"""
CREATE FUNCTION articles_summary_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {_plpgsql(_article_moved())} RETURN NULL; END $$"""
    name_function = """
CREATE FUNCTION people_name_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_name_keys (person_id, surname) VALUES (NEW.id, NULL)
        ON CONFLICT (person_id) DO UPDATE SET surname = NULL;
    RETURN NULL;
END $$"""
    return [
        quote_function,
        article_function,
        moved_function,
        name_function,
        "CREATE TRIGGER quotes_summary_insert_delete AFTER INSERT OR DELETE ON quotes "
        "FOR EACH ROW EXECUTE FUNCTION quotes_summary()",
        "CREATE TRIGGER quotes_summary_update AFTER UPDATE OF person_id, status, article_id ON quotes "
        f"FOR EACH ROW WHEN {_CHANGED_PG} EXECUTE FUNCTION quotes_summary()",
        "CREATE TRIGGER articles_summary_delete BEFORE DELETE ON articles "
        "FOR EACH ROW EXECUTE FUNCTION articles_summary_delete()",
        "CREATE TRIGGER articles_summary_moved AFTER UPDATE OF published, outlet ON articles "
        f"FOR EACH ROW WHEN {_ARTICLE_MOVED_PG} EXECUTE FUNCTION articles_summary_moved()",
        "CREATE TRIGGER people_name_key_insert AFTER INSERT ON people FOR EACH ROW EXECUTE FUNCTION people_name_key()",
        "CREATE TRIGGER people_name_key_rename AFTER UPDATE OF name ON people "
        "FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION people_name_key()",
    ]


_FILL = [
    "INSERT INTO person_dates (person_id, published, quotes) "
    "SELECT q.person_id, COALESCE(a.published, ''), COUNT(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
    "WHERE q.person_id IS NOT NULL AND q.status <> 'rejected' GROUP BY q.person_id, COALESCE(a.published, '')",
    "INSERT INTO person_outlets (person_id, outlet, quotes) "
    "SELECT q.person_id, COALESCE(a.outlet, ''), COUNT(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
    "WHERE q.person_id IS NOT NULL AND q.status <> 'rejected' GROUP BY q.person_id, COALESCE(a.outlet, '')",
    "INSERT INTO person_summary (person_id, quotes, verified, suggested, first_seen, last_seen) "
    "SELECT person_id, COUNT(*), "
    f"SUM(CASE WHEN status IN {_VERIFIED} THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'suggested' THEN 1 ELSE 0 END), "
    "'', '' FROM quotes WHERE person_id IS NOT NULL AND status <> 'rejected' GROUP BY person_id",
    "UPDATE person_summary SET "
    "first_seen = COALESCE((SELECT MIN(published) FROM person_dates d "
    "WHERE d.person_id = person_summary.person_id AND d.published <> ''), ''), "
    "last_seen = COALESCE((SELECT MAX(published) FROM person_dates d WHERE d.person_id = person_summary.person_id), '')",
    "INSERT INTO person_name_keys (person_id, surname) SELECT id, NULL FROM people",
]


def upgrade() -> None:
    op.create_table(
        "person_summary",
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("quotes", sa.Integer(), nullable=False),
        sa.Column("verified", sa.Integer(), nullable=False),
        sa.Column("suggested", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.String(length=40), nullable=False),
        sa.Column("last_seen", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id"),
    )
    with op.batch_alter_table("person_summary", schema=None) as batch_op:
        batch_op.create_index("ix_person_summary_quotes", [sa.text("quotes DESC"), "person_id"], unique=False)
        batch_op.create_index("ix_person_summary_verified", [sa.text("verified DESC"), "person_id"], unique=False)
        batch_op.create_index("ix_person_summary_last_seen", [sa.text("last_seen DESC"), "person_id"], unique=False)
    for table, column, length in (("person_dates", "published", 40), ("person_outlets", "outlet", 300)):
        op.create_table(
            table,
            sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
            sa.Column(column, sa.String(length=length), nullable=False),
            sa.Column("quotes", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("person_id", column),
        )
    op.create_table(
        "person_name_keys",
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("surname", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id"),
    )
    with op.batch_alter_table("person_name_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_name_keys_surname"), ["surname"], unique=False)
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index("ix_quotes_person_article", ["person_id", "article_id"], unique=False)
    with op.batch_alter_table("person_aliases", schema=None) as batch_op:
        batch_op.create_index("ix_person_aliases_alias_lower", [sa.text("lower(alias)")], unique=False)

    connection = op.get_bind()
    for statement in _FILL:
        connection.execute(sa.text(statement))
    triggers = _postgresql_triggers() if connection.dialect.name == "postgresql" else _sqlite_triggers()
    for statement in triggers:
        connection.execute(sa.text(statement))


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        for table, trigger in (
            ("quotes", "quotes_summary_insert_delete"),
            ("quotes", "quotes_summary_update"),
            ("articles", "articles_summary_delete"),
            ("articles", "articles_summary_moved"),
            ("people", "people_name_key_insert"),
            ("people", "people_name_key_rename"),
        ):
            connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {trigger} ON {table}"))
        for function in ("quotes_summary", "articles_summary_delete", "articles_summary_moved", "people_name_key"):
            connection.execute(sa.text(f"DROP FUNCTION IF EXISTS {function}()"))
    else:
        for trigger in _SQLITE_TRIGGER_NAMES:
            connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {trigger}"))
    with op.batch_alter_table("person_aliases", schema=None) as batch_op:
        batch_op.drop_index("ix_person_aliases_alias_lower")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index("ix_quotes_person_article")
    op.drop_table("person_name_keys")
    op.drop_table("person_outlets")
    op.drop_table("person_dates")
    op.drop_table("person_summary")
