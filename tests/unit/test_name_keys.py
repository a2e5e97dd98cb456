"""The keys likely duplicates narrow by (annotator/store/name_keys.py): computed for an older database by
migration 0012, written by the store with every name and alias it writes, so the first check after an
upgrade or a day's annotating has none left to compute."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from annotator.db.opening import alembic_config, make_engine
from annotator.operations import History, MergePeople, RenamePerson
from annotator.people_archive import likely_duplicates
from annotator.store import Store


def _keys(store: Store) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """Name -> stored surname key, alias -> stored folded alias."""
    with store.engine.connect() as conn:
        names = conn.execute(
            text("SELECT p.name, k.surname FROM people p JOIN person_name_keys k ON k.person_id = p.id")
        ).all()
        aliases = conn.execute(
            text("SELECT a.alias, k.folded FROM person_aliases a JOIN person_alias_keys k ON k.alias_id = a.id")
        ).all()
    return dict(names), dict(aliases)  # type: ignore[arg-type]


def test_a_database_at_0011_upgrades_with_every_key_computed(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        command.upgrade(alembic_config(engine), "0011")
        with engine.begin() as conn:
            for person_id, name in ((1, "Tip O'Neill"), (2, "The Speaker"), (3, "A. Smith-Jones"), (4, "Minister")):
                conn.execute(
                    text("INSERT INTO people (id, name, created_at) VALUES (:id, :name, '2026-11-30 10:00:00')"),
                    {"id": person_id, "name": name},
                )
            conn.execute(text("INSERT INTO person_aliases (id, person_id, alias) VALUES (1, 2, 'Tip O\u2019Neill')"))
    finally:
        engine.dispose()

    store = Store.open(db_url)  # opening migrates to the head
    try:
        assert _keys(store) == (
            {"Tip O'Neill": "oneill", "The Speaker": "speaker", "A. Smith-Jones": "jones", "Minister": "minister"},
            {"Tip O\u2019Neill": "tip oneill"},
        )
        assert [(d.person_id, d.other_id, d.reason) for d in likely_duplicates(store, person_ids=[1])] == [
            (1, 2, "alias")
        ]
    finally:
        store.close()


def test_the_stores_writes_leave_no_key_to_compute(store: Store) -> None:
    people = store.people
    tip = people.find_or_create_person("Tip O'Neill", user="bob").id
    other = people.find_or_create_person("Thomas Smith", user="bob", aliases=["Mr Smith"]).id
    people.add_alias(tip, "Thomas P. O\u2019Neill Jr", user="bob")
    history = History(store, "bob")
    history.run(RenamePerson(other, "Tom Smith-Jones"))
    assert _keys(store) == (
        {"Tip O'Neill": "oneill", "Tom Smith-Jones": "jones"},
        {"Mr Smith": "mr smith", "Thomas P. O\u2019Neill Jr": "thomas p oneill jr"},
    )
    history.run(MergePeople(tip, other))  # "Tom Smith-Jones" becomes Tip's alias
    assert _keys(store)[1]["Tom Smith-Jones"] == "tom smith jones"

    history.undo()  # the undo writes rows back as they were: the triggers empty their keys, a read fills them
    assert likely_duplicates(store, person_ids=[tip]) == []
    assert _keys(store) == (
        {"Tip O'Neill": "oneill", "Tom Smith-Jones": "jones"},
        {"Mr Smith": "mr smith", "Thomas P. O\u2019Neill Jr": "thomas p oneill jr"},
    )
