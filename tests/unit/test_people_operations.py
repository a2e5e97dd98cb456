"""Describing a person and recording their gender: undoable operations like every editor decision (apply,
undo, redo, refusal over a colleague's change), audited, on real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from annotator.operations import History, SetPersonDescription, SetPersonGender
from annotator.store import ChangedMeanwhile, Store, StoreError


def _person(store: Store) -> int:
    return store.find_or_create_person("Mark Zuckerberg", user="ben").id


def _state(store: Store, person_id: int) -> tuple[str | None, str | None]:
    from annotator.people_archive import person_summary

    summary = person_summary(store, person_id)
    return summary.description, summary.gender


def test_a_description_is_set_undone_and_redone(store: Store) -> None:
    person_id = _person(store)
    history = History(store, "ana")

    history.run(SetPersonDescription(person_id, "  Meta   CEO "))
    assert store.people.get_person(person_id).description == "Meta CEO"
    history.undo()
    assert store.people.get_person(person_id).description is None
    history.redo()
    assert store.people.get_person(person_id).description == "Meta CEO"
    audited = [e for e in store.audit.edits(target="person") if e.action == "set_description"]
    assert audited and audited[-1].after == {"description": "Meta CEO"} and audited[-1].user == "ana"


def test_an_empty_description_clears_it_and_an_unchanged_one_is_no_step(store: Store) -> None:
    person_id = _person(store)
    history = History(store, "ana")
    history.run(SetPersonDescription(person_id, "Meta CEO"))
    assert history.run(SetPersonDescription(person_id, "Meta CEO")).step is None
    history.run(SetPersonDescription(person_id, "   "))
    assert store.people.get_person(person_id).description is None
    history.undo()
    assert store.people.get_person(person_id).description == "Meta CEO"


def test_a_gender_is_recorded_and_undone(store: Store) -> None:
    person_id = _person(store)
    history = History(store, "ana")
    assert history.run(SetPersonGender(person_id, "man")).result is None
    assert _state(store, person_id) == (None, "man")
    history.undo()
    assert _state(store, person_id) == (None, None)
    history.redo()
    assert _state(store, person_id) == (None, "man")
    with pytest.raises(StoreError, match="unknown gender"):
        history.run(SetPersonGender(person_id, "robot"))
    assert _state(store, person_id) == (None, "man")


def test_undo_over_a_colleagues_description_is_refused(store: Store) -> None:
    person_id = _person(store)
    history = History(store, "ana")
    history.run(SetPersonDescription(person_id, "Meta CEO"))
    store.people.set_description(person_id, "Founder of Facebook", user="ben")

    with pytest.raises(ChangedMeanwhile):
        history.undo()
    assert store.people.get_person(person_id).description == "Founder of Facebook"
