"""The keys the database finds names by: each person's surname key and whole name folded, and each alias folded,
as fold_name folds them (annotator.nlp.lexicon.surname_key, fold_name), so that the database finds by index whom
Python then compares. Likely duplicates narrow by them, and the store finds a person by name through them
(annotator/store/people_repository.py, `people_with_folded_names`).

Python computes them (SQL cannot fold accents and apostrophes the same way on SQLite and PostgreSQL). The
store writes them with the name or alias it writes, so they are ready when the People view asks; the
database's triggers (migrations 0008 and 0012) empty a key whenever any other writer adds or changes a name or
alias (undo, a script, a bulk insert): a person's row is stale when its surname is NULL (both its keys are),
an alias's when its key is. `fill_stale_keys` computes the empty ones before a read; the store's look-ups
read a stale row's name or alias itself instead, and write nothing.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from annotator.db.models import Person, PersonAlias, PersonAliasKey, PersonNameKey
from annotator.nlp.lexicon import fold_name, surname_key


def write_person_key(session: Session, person_id: int, name: str) -> None:
    """After the person's row is flushed (its trigger has run): their surname key and folded name, current."""
    session.execute(
        update(PersonNameKey)
        .where(PersonNameKey.person_id == person_id)
        .values(surname=surname_key(name), folded=fold_name(name))
    )


def write_alias_key(session: Session, alias_id: int, alias: str) -> None:
    """After the alias's row is flushed: the alias folded, current."""
    session.execute(update(PersonAliasKey).where(PersonAliasKey.alias_id == alias_id).values(folded=fold_name(alias)))


def fill_stale_keys(conn: Connection) -> None:
    """Compute the keys the triggers left empty (few: names and aliases written outside the store since the
    last read). In id order, so that two fillers at once lock rows in one order."""
    stale_people = conn.execute(
        select(Person.id, Person.name)
        .join(PersonNameKey, PersonNameKey.person_id == Person.id)
        .where(PersonNameKey.surname.is_(None))
        .order_by(Person.id)
    ).all()
    if stale_people:
        conn.execute(
            update(PersonNameKey).where(PersonNameKey.person_id == bindparam("key_id")),
            [
                {"key_id": person_id, "surname": surname_key(name), "folded": fold_name(name)}
                for person_id, name in stale_people
            ],
        )
    stale_aliases = conn.execute(
        select(PersonAlias.id, PersonAlias.alias)
        .join(PersonAliasKey, PersonAliasKey.alias_id == PersonAlias.id)
        .where(PersonAliasKey.folded.is_(None))
        .order_by(PersonAlias.id)
    ).all()
    if stale_aliases:
        conn.execute(
            update(PersonAliasKey).where(PersonAliasKey.alias_id == bindparam("key_id")),
            [{"key_id": alias_id, "folded": fold_name(alias)} for alias_id, alias in stale_aliases],
        )
