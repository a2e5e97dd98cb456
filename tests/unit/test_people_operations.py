"""Describing a person and recording their gender: undoable operations like every editor decision (apply,
undo, redo, refusal over a colleague's change), audited, on real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from annotator.operations import History, SetPersonDescription, SetPersonGender
from annotator.store import ChangedMeanwhile, Store, StoreError


def _person(store: Store) -> int:
    return store.people.find_or_create_person("Mark Zuckerberg", user="ben").id


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


KEEN = "Mark is very keen to play an active role in the debates about the future of technology"


def test_an_editors_decision_regroups_the_quote_across_articles_and_undo_regroups_it_back(store: Store) -> None:
    from annotator.operations import RejectQuote, SetSpeaker
    from annotator.quote_groups import group_article, groups_for_quote
    from tests.unit.people_data import Said, annotated_article

    first = annotated_article(store, "Keen", [Said(KEEN, "Nick Clegg")])
    second = annotated_article(store, "Keen again", [Said(KEEN, "Nick Clegg")], outlet="The Guardian")
    for quotes in (first, second):
        group_article(store, quotes[0].article_id)
    group = groups_for_quote(store, second[0].id)
    assert group is not None and not group.attributed_differently
    history = History(store, "ana")

    history.run(SetSpeaker(second[0].id, name="Mark Zuckerberg"))  # no regrouping called by hand
    changed = groups_for_quote(store, second[0].id)
    assert changed is not None and changed.attributed_differently

    history.undo()
    back = groups_for_quote(store, second[0].id)
    assert back is not None and not back.attributed_differently

    history.run(RejectQuote(second[0].id))  # a rejected quote is no quote: it leaves the group
    assert groups_for_quote(store, second[0].id) is None and groups_for_quote(store, first[0].id) is None
    history.undo()
    assert groups_for_quote(store, first[0].id) is not None
