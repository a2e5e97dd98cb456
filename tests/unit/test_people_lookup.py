"""Finding a person by name (confirm, change speaker, rename, suggestions) through the folded-name keys, on real
SQLite and PostgreSQL: every spelling fold_name makes equal finds the person already known, a person another
program wrote is found all the same, and the look-up reads an index, not every person of the archive."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from sqlalchemy import event, insert, select, text, update

from annotator.db.models import Person, PersonAlias, PersonNameKey, utc_now
from annotator.db.opening import alembic_config, make_engine
from annotator.operations import ConfirmQuote, History, RenamePerson, SetSpeaker
from annotator.store import Store, StoreError
from annotator.store.name_keys import fill_stale_keys
from tests.review_fixtures import annotated_article

SPELLINGS = [
    ("Tip O'Neill", "tip o\u2019neill"),  # a curly apostrophe, another case
    ("Jos\u00e9 Ramos", "JOSE  RAMOS"),  # no accent, capitals, two spaces
    ("Jean-Marc Ayrault", "jean marc ayrault."),  # no hyphen, a full stop
]


def _people(store: Store) -> set[tuple[int, str]]:
    return {(p.id, p.name) for p in store.people.list_people()}


@pytest.mark.parametrize(("name", "typed"), SPELLINGS)
def test_a_speaker_typed_another_way_is_the_person_already_known(store: Store, name: str, typed: str) -> None:
    _, quotes = annotated_article(store, user="model")
    known = store.people.find_or_create_person(name, user="ana").id
    other = store.people.find_or_create_person("Bo Chen", user="ana").id
    people = _people(store)
    history = History(store, "ana")

    quote = quotes[3]  # the model named no speaker
    history.run(SetSpeaker(quote.id, name=typed, expected_version=quote.version))
    assert store.quotes.get_quote(quote.id).person_id == known
    assert _people(store) == people  # nobody new
    history.undo()
    assert store.quotes.get_quote(quote.id).person_id is None
    assert _people(store) == people  # the undo removes no one it did not create

    with pytest.raises(StoreError, match=f"already person {known}"):
        history.run(RenamePerson(other, typed))
    assert _people(store) == people


@pytest.mark.parametrize(("name", "typed"), SPELLINGS)
def test_confirming_a_suggested_speaker_written_another_way_links_the_known_person(
    store: Store, name: str, typed: str
) -> None:
    text_ = f'"We will win," said {typed}.'
    _, quotes = annotated_article(store, user="model", text=text_, suggestions=(('"We will win,"', typed, typed),))
    known = store.people.find_or_create_person(name, user="ana").id  # known since the model's suggestion
    people = _people(store)
    history = History(store, "ana")

    history.run(ConfirmQuote(quotes[0].id, quotes[0].version))
    assert store.quotes.get_quote(quotes[0].id).person_id == known
    assert _people(store) == people
    history.undo()
    assert store.quotes.get_quote(quotes[0].id).person_id is None
    assert _people(store) == people


def test_people_another_program_wrote_are_found_by_their_names_as_they_are_now(store: Store) -> None:
    _, quotes = annotated_article(store, user="model")
    bo = store.people.find_or_create_person("Bo Chen", user="ana").id
    # A script writes straight to the database: a person, an alias, and a rename; the triggers empty their keys
    with store.engine.begin() as conn:
        added = conn.execute(insert(Person).values(name="M\u00e1ire O'Neill", created_at=utc_now()))
        maire = added.inserted_primary_key[0]
        conn.execute(insert(PersonAlias).values(person_id=maire, alias="The Speaker"))
        conn.execute(update(Person).where(Person.id == bo).values(name="Tip O'Neill"))
    with store.engine.connect() as conn:
        stale = conn.execute(select(PersonNameKey.surname).where(PersonNameKey.person_id.in_([bo, maire]))).all()
    assert stale == [(None,), (None,)]
    history = History(store, "ana")

    history.run(SetSpeaker(quotes[3].id, name="maire o\u2019neill", expected_version=quotes[3].version))
    assert store.quotes.get_quote(quotes[3].id).person_id == maire
    history.run(SetSpeaker(quotes[2].id, name="TIP O\u2019NEILL", expected_version=quotes[2].version))
    assert store.quotes.get_quote(quotes[2].id).person_id == bo
    # "Bo Chen" was his name before the script renamed him: it is nobody's now
    history.run(SetSpeaker(quotes[1].id, name="Bo Chen", expected_version=quotes[1].version))
    assert store.quotes.get_quote(quotes[1].id).person_id not in (bo, maire)
    with pytest.raises(StoreError, match=f"already person {bo}"):
        history.run(RenamePerson(maire, "Tip O'Neill"))

    # the model's suggestion written as the alias the script added links that person
    said = '"Not today," said the Speaker.'
    _, suggested = annotated_article(
        store, user="model", title="Later", text=said, suggestions=(('"Not today,"', "THE SPEAKER", "the Speaker"),)
    )
    assert suggested[0].person_id == maire


def test_a_database_at_0012_upgrades_with_every_folded_name_computed(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        command.upgrade(alembic_config(engine), "0012")
        with engine.begin() as conn:
            for person_id, name in ((1, "Tip O\u2019Neill"), (2, "Jean-Marc  Ayrault"), (3, "Minister")):
                conn.execute(
                    text("INSERT INTO people (id, name, created_at) VALUES (:id, :name, '2026-12-01 10:00:00')"),
                    {"id": person_id, "name": name},
                )
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT setval(pg_get_serial_sequence('people', 'id'), 3)"))
    finally:
        engine.dispose()

    store = Store.open(db_url)  # opening migrates to the head
    try:
        with store.engine.connect() as conn:
            keys = dict(conn.execute(select(PersonNameKey.person_id, PersonNameKey.folded)).all())
        assert keys == {1: "tip oneill", 2: "jean marc ayrault", 3: "minister"}
        assert store.people.find_or_create_person("tip o'neill", user="ana").id == 1
        assert store.people.find_or_create_person("Jean Marc Ayrault", user="ana").id == 2
    finally:
        store.close()


def _statements_of(store: Store, action: Any) -> list[tuple[str, Any]]:
    """The SQL statements (with their parameters) the store runs while doing `action`."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    return seen


def _plans(store: Store, statements: list[tuple[str, Any]], table: str) -> list[list[str]]:
    """SQLite's query plan of each SELECT that reads `table`."""
    plans = []
    with store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("SELECT") and f"FROM {table}" in statement.replace("\n", " "):
                plans.append([row[-1] for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)])
    return plans


def test_finding_a_speaker_by_name_reads_the_folded_keys_index_not_every_person(sqlite_store: Store) -> None:
    store = sqlite_store
    with store.engine.begin() as conn:  # an archive of other people, with aliases, their keys computed below
        conn.execute(insert(Person), [{"name": f"Person {n}", "created_at": utc_now()} for n in range(300)])
        conn.execute(insert(PersonAlias), [{"person_id": n, "alias": f"Mr {n}"} for n in range(1, 300, 3)])
    store.people.find_or_create_person("Ann O'Neil", user="ana")
    with store.engine.begin() as conn:
        fill_stale_keys(conn)

    by_name = _plans(
        store,
        _statements_of(store, lambda: store.people.find_or_create_person("ann o\u2019neil", user="ana")),
        "people JOIN person_name_keys",
    )
    assert by_name, "the look-up reads the name keys"
    for plan in by_name:
        assert any("ix_person_name_keys_folded" in step for step in plan), plan
        assert not any(step.startswith("SCAN") for step in plan), plan

    said = '"Soon," said Mr 7.'
    by_alias = _plans(
        store,
        _statements_of(
            store,
            lambda: annotated_article(store, user="model", text=said, suggestions=(('"Soon,"', "MR 7", "Mr 7"),)),
        ),
        "person_aliases JOIN person_alias_keys",
    )
    assert by_alias, "the suggestions' speakers are looked up by alias too"
    for plan in by_alias:
        assert any("ix_person_alias_keys_folded" in step for step in plan), plan
        assert not any(step.startswith("SCAN") for step in plan), plan
