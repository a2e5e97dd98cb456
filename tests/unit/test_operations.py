"""Every editor decision as an operation: apply, undo (its exact inverse), redo, and the refusal of an undo
over a colleague's change, on real SQLite and PostgreSQL (the `store` fixture runs both)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from annotator.operations import (
    AcceptQuote,
    AddQuote,
    CommentQuote,
    ConfirmQuote,
    History,
    MarkArticleDone,
    MergePeople,
    Operation,
    RejectQuote,
    RenamePerson,
    SendBackQuote,
    SetBounds,
    SetKind,
    SetNote,
    SetSpeaker,
    SetVenue,
    SplitPerson,
    keep_mine,
    take_theirs,
)
from annotator.records import QuoteRecord
from annotator.review.colleague_import import import_colleague_database
from annotator.store import ChangedMeanwhile, NotFound, QuoteConflict, Store, StoreError
from tests.review_fixtures import TEXT, annotated_article, span

# What a user can see of the database: quotes, people with aliases, articles, open conflicts.
# Bookkeeping (version, updated_by/at) is left out: an undo is a new write, the state is the old one.
_HIDDEN = {"version", "updated_by", "updated_at", "person_name"}


def visible_state(store: Store) -> dict[str, Any]:
    quotes = {}
    for article_id in store.articles.article_ids():
        for quote in store.quotes.quotes_for_article(article_id):
            quotes[quote.uid] = {k: getattr(quote, k) for k in QuoteRecord.__dataclass_fields__ if k not in _HIDDEN}
    return {
        "quotes": quotes,
        "people": {(p.id, p.name, p.aliases) for p in store.people.list_people()},
        "articles": {(a.id, a.status) for a in store.articles.list_articles()},
        "conflicts": {(c.id, c.resolution, c.resolved_by) for c in store.review.review_conflicts(open_only=False)},
    }


@dataclass
class Scene:
    store: Store
    article_id: int
    quotes: list[QuoteRecord]  # the model's suggestions, in text order

    def fresh(self, index: int) -> QuoteRecord:
        return self.store.quotes.get_quote(self.quotes[index].id)


@pytest.fixture
def scene(store: Store) -> Scene:
    article_id, quotes = annotated_article(store, user="model-runner")
    return Scene(store, article_id, quotes)


def _decided_by_ben(scene: Scene, index: int = 0) -> QuoteRecord:
    """A quote Ben confirmed, for Ana to review."""
    quote = scene.fresh(index)
    return scene.store.quotes.confirm_quote(quote.id, user="ben", expected_version=quote.version)


def _two_people(scene: Scene) -> tuple[int, int]:
    """Ana Lima (quote 0) and a duplicate "A. Lima" with an alias (quote 1), both confirmed by Ben."""
    store = scene.store
    ana = store.people.find_or_create_person("Ana Lima", user="ben")
    dup = store.people.find_or_create_person("A. Lima", user="ben", aliases=["the mayor"])
    first, second = scene.fresh(0), scene.fresh(1)
    store.quotes.set_speaker(first.id, ana.id, user="ben", expected_version=first.version)
    store.quotes.set_speaker(second.id, dup.id, user="ben", expected_version=second.version)
    return ana.id, dup.id


# Each case: a name, how to build the operation on a scene, and a colleague's change that touches what
# the operation changed (so that Ana's undo must be refused).
@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Scene], Operation[Any]]
    colleague: Callable[[Scene], object]


def _ben_notes(index: int) -> Callable[[Scene], object]:
    def change(scene: Scene) -> object:
        quote = scene.fresh(index)
        return scene.store.quotes.update_quote(quote.id, {"note": "Ben was here"}, user="ben", action="note")

    return change


CASES = [
    Case("confirm", lambda s: ConfirmQuote(s.quotes[0].id, s.quotes[0].version), _ben_notes(0)),
    Case("reject", lambda s: RejectQuote(s.quotes[3].id, s.quotes[3].version), _ben_notes(3)),
    Case("speaker by name", lambda s: SetSpeaker(s.quotes[3].id, name="Dana Roe"), _ben_notes(3)),
    Case("speaker unknown", lambda s: SetSpeaker(s.quotes[1].id, None, expected_version=1), _ben_notes(1)),
    Case("kind", lambda s: SetKind(s.quotes[0].id, "indirect", s.quotes[0].version), _ben_notes(0)),
    Case("bounds", lambda s: SetBounds(s.quotes[0].id, *span("We will win the vote"), None, 1), _ben_notes(0)),
    Case(
        "pieces",
        lambda s: SetBounds(s.quotes[0].id, *span('"We will win the vote," said'), ((span('"We will win')),), 1),
        _ben_notes(0),
    ),
    Case("venue", lambda s: SetVenue(s.quotes[0].id, "the council", None, 1), _ben_notes(0)),
    Case("note", lambda s: SetNote(s.quotes[0].id, "check the tape", 1), _ben_notes(0)),
    Case("add", lambda s: AddQuote(s.article_id, *span('"unfunded"'), kind="partial"), lambda s: _ben_notes_added(s)),
    Case(
        "mark done",
        lambda s: MarkArticleDone(s.article_id, expected_status="new"),
        lambda s: s.store.articles.set_article_status(s.article_id, "in_progress", user="ben"),
    ),
    Case("accept", lambda s: AcceptQuote(s.quotes[0].id, _decided_by_ben(s).version), _ben_notes(0)),
    Case(
        "send back",
        lambda s: SendBackQuote(s.quotes[0].id, "wrong speaker", _decided_by_ben(s).version),
        _ben_notes(0),
    ),
    Case("comment", lambda s: CommentQuote(s.quotes[0].id, "good catch", s.quotes[0].version), _ben_notes(0)),
    Case("merge people", lambda s: MergePeople(*_two_people(s)), _ben_notes(1)),
    Case(
        "rename person",
        lambda s: RenamePerson(_two_people(s)[0], "Ana M. Lima"),
        lambda s: s.store.people.rename_person(_person_named(s, "Ana M. Lima"), "Ana Maria Lima", user="ben"),
    ),
    Case(
        "split person",
        lambda s: SplitPerson(_two_people(s)[0], "Bo Chen", (s.quotes[0].id,)),
        _ben_notes(0),
    ),
]


def _person_named(scene: Scene, name: str) -> int:
    return next(p.id for p in scene.store.people.list_people() if p.name == name)


def _ben_notes_added(scene: Scene) -> object:
    [added] = [q for q in scene.store.quotes.quotes_for_article(scene.article_id) if q.origin == "user:ana"]
    return scene.store.quotes.update_quote(added.id, {"note": "Ben was here"}, user="ben", action="note")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_undo_is_the_exact_inverse_and_redo_applies_again(scene: Scene, case: Case) -> None:
    operation = case.build(scene)
    before = visible_state(scene.store)
    history = History(scene.store, "ana")

    outcome = history.run(operation)
    applied = visible_state(scene.store)
    assert outcome.step is not None and applied != before

    undone = history.undo()
    assert undone.undone and undone.label == operation.describe()
    assert visible_state(scene.store) == before  # people and aliases it created are gone too

    history.redo()
    assert visible_state(scene.store) == applied
    history.undo()
    assert visible_state(scene.store) == before


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_undo_over_a_colleagues_change_is_refused_with_the_fresh_state(scene: Scene, case: Case) -> None:
    history = History(scene.store, "ana")
    history.run(case.build(scene))
    case.colleague(scene)
    theirs = visible_state(scene.store)

    with pytest.raises(ChangedMeanwhile) as refused:
        history.undo()

    assert visible_state(scene.store) == theirs  # nothing of Ben's was overwritten
    if isinstance(refused.value, QuoteConflict):
        assert refused.value.current is not None and refused.value.current.updated_by == "ben"
    else:
        assert refused.value.current is not None  # the article or person as Ben left it
    # the refused step leaves the history instead of blocking it
    assert history.next_undo() is None


@pytest.mark.parametrize("case", CASES[:3], ids=[c.name for c in CASES[:3]])
def test_redo_over_a_colleagues_change_is_refused_too(scene: Scene, case: Case) -> None:
    history = History(scene.store, "ana")
    history.run(case.build(scene))
    history.undo()
    case.colleague(scene)
    theirs = visible_state(scene.store)
    with pytest.raises(QuoteConflict, match="changed by ben"):
        history.redo()
    assert visible_state(scene.store) == theirs
    assert history.next_redo() is None


def test_confirm_teaches_an_alias_and_creates_a_person_that_undo_removes(store: Store) -> None:
    # the model found the speaker written "Chen" and named him Robert Bo Chen, whom the database lacks
    text = TEXT + " Robert Bo Chen later confirmed it."
    _, [quote] = annotated_article(
        store, user="model-runner", text=text, suggestions=(('"No chance at all."', "Robert Bo Chen", "Chen"),)
    )
    history = History(store, "ana")

    confirmed = history.run(ConfirmQuote(quote.id, quote.version)).result

    [person] = store.people.list_people()
    assert (person.name, person.aliases, confirmed.person_id) == ("Robert Bo Chen", ("Chen",), person.id)
    history.undo()
    assert store.people.list_people() == []
    assert store.quotes.get_quote(quote.id).status == "suggested"
    undone = {edit.target for edit in store.audit.edits() if edit.action.startswith("undo")}
    assert {"alias", "person", "quote"} <= undone  # the audit log names what the undo took back
    history.redo()
    [again] = store.people.list_people()
    assert (again.name, again.aliases) == ("Robert Bo Chen", ("Chen",))


def test_a_new_decision_ends_what_could_be_redone_and_undo_goes_back_in_order(scene: Scene) -> None:
    history = History(scene.store, "ana")
    history.run(SetNote(scene.quotes[0].id, "one"))
    history.run(SetNote(scene.quotes[0].id, "two"))
    history.undo()
    assert scene.fresh(0).note == "one"
    assert history.next_redo() == f"note on quote {scene.quotes[0].id}"
    history.run(SetKind(scene.quotes[1].id, "partial"))
    assert history.next_redo() is None
    with pytest.raises(NotFound):
        history.redo()
    history.undo()
    history.undo()
    assert (scene.fresh(0).note, scene.fresh(1).kind) == (None, "direct")
    with pytest.raises(NotFound):
        history.undo()


def test_several_steps_on_one_quote_undo_and_redo_as_a_chain(scene: Scene) -> None:
    history = History(scene.store, "ana")
    quote_id = scene.quotes[0].id
    history.run(SetNote(quote_id, "one"))
    history.run(ConfirmQuote(quote_id))
    history.run(SetNote(quote_id, "two"))
    for expected in [("one", "confirmed"), ("one", "suggested"), (None, "suggested")]:
        history.undo()
        assert (scene.fresh(0).note, scene.fresh(0).status) == expected
    for expected in [("one", "suggested"), ("one", "confirmed"), ("two", "confirmed")]:
        history.redo()
        assert (scene.fresh(0).note, scene.fresh(0).status) == expected


def test_each_editor_undoes_only_their_own_decisions(scene: Scene) -> None:
    ana, ben = History(scene.store, "ana"), History(scene.store, "ben")
    ana.run(SetNote(scene.quotes[0].id, "ana's"))
    ben.run(SetNote(scene.quotes[1].id, "ben's"))
    ana.undo()
    assert (scene.fresh(0).note, scene.fresh(1).note) == (None, "ben's")


def test_a_refused_decision_writes_nothing_and_is_not_in_the_history(scene: Scene) -> None:
    history = History(scene.store, "ana")
    stale = scene.quotes[0].version
    scene.store.quotes.update_quote(scene.quotes[0].id, {"note": "Ben first"}, user="ben", action="note")
    with pytest.raises(QuoteConflict):
        history.run(ConfirmQuote(scene.quotes[0].id, stale))
    with pytest.raises(StoreError):
        history.run(SetSpeaker(scene.quotes[0].id, name="Nobody Known", expected_version=stale))
    assert history.next_undo() is None
    assert scene.store.people.list_people() == []


def test_undo_and_redo_are_in_the_audit_log_for_review(scene: Scene) -> None:
    history = History(scene.store, "ana")
    history.run(ConfirmQuote(scene.quotes[0].id))
    history.undo()
    actions = [e.action for e in scene.store.audit.edits(target="quote") if e.user == "ana"]
    assert actions == ["confirm", "undo"]


# ---- keep mine / take theirs: a conflict needs a colleague's database -------------------------------------


@pytest.fixture
def conflicts(store: Store, tmp_path: Path) -> Iterator[tuple[Store, list[int]]]:
    """Ana and Ben decided the same two quotes differently; Ben's database has been imported."""
    ben = Store.open(f"sqlite:///{tmp_path / 'ben.db'}")
    try:
        _, mine = annotated_article(store, user="ana")
        _, theirs = annotated_article(ben, user="ben")
        for index in (0, 1):
            store.quotes.confirm_quote(mine[index].id, user="ana")
            carla = ben.people.find_or_create_person("Carla Diaz", user="ben")
            ben.quotes.set_speaker(theirs[index].id, carla.id, user="ben")
        import_colleague_database(store, tmp_path / "ben.db", user="ana")
        yield store, [c.id for c in store.review.review_conflicts()]
    finally:
        ben.close()


@pytest.mark.parametrize("keep", [keep_mine, take_theirs], ids=["keep mine", "take theirs"])
def test_settling_a_conflict_is_undone_and_redone(conflicts: tuple[Store, list[int]], keep: Any) -> None:
    store, ids = conflicts
    before = visible_state(store)
    history = History(store, "ana")
    history.run(keep(ids[0]))
    settled = visible_state(store)
    assert settled != before
    history.undo()
    assert visible_state(store) == before
    assert ids[0] in [c.id for c in store.review.review_conflicts()]  # open again
    history.redo()
    assert visible_state(store) == settled


def test_undoing_take_theirs_over_a_later_edit_is_refused(conflicts: tuple[Store, list[int]]) -> None:
    store, ids = conflicts
    history = History(store, "ana")
    conflict = history.run(take_theirs(ids[0])).result
    store.quotes.update_quote(conflict.quote_id, {"note": "Ben was here"}, user="ben", action="note")
    with pytest.raises(QuoteConflict) as refused:
        history.undo()
    assert refused.value.current is not None and refused.value.current.note == "Ben was here"


def test_a_quote_added_without_a_speaker_waits_for_one_and_choosing_it_confirms(scene: Scene) -> None:
    """Q used to store a new quote "confirmed" with "? speaker unknown"."""
    history = History(scene.store, "ana")
    added = history.run(AddQuote(scene.article_id, *span('"rushed"'), kind="partial")).result
    assert (added.status, added.person_id, added.verified_by) == ("suggested", None, None)

    chosen = history.run(SetSpeaker(added.id, name="Critics", expected_version=added.version)).result
    assert (chosen.status, chosen.speaker, chosen.verified_by) == ("confirmed", "Critics", "ana")
    history.undo()
    waiting = scene.store.quotes.get_quote(added.id)
    assert (waiting.status, waiting.speaker) == ("suggested", None)


def test_speaker_unknown_chosen_explicitly_confirms_an_added_quote(scene: Scene) -> None:
    history = History(scene.store, "ana")
    added = history.run(AddQuote(scene.article_id, *span('"unfunded"'), kind="partial")).result
    unknown = history.run(SetSpeaker(added.id, expected_version=added.version)).result
    assert (unknown.status, unknown.speaker, unknown.verified_by) == ("confirmed", None, "ana")


def test_a_quote_added_with_its_speaker_is_confirmed_at_once(scene: Scene) -> None:
    person = scene.store.people.find_or_create_person("Ana Lima", user="ana")
    added = History(scene.store, "ana").run(AddQuote(scene.article_id, *span('"rushed"'), person_id=person.id)).result
    assert (added.status, added.speaker) == ("confirmed", "Ana Lima")


def test_a_model_suggestion_given_a_speaker_stays_a_correction(scene: Scene) -> None:
    quote = scene.fresh(2)  # "It is a fair plan," with no suggested speaker
    chosen = History(scene.store, "ana").run(SetSpeaker(quote.id, name="Ana Lima", expected_version=quote.version))
    assert chosen.result.status == "corrected"


def test_reannotating_keeps_an_added_quote_that_waits_for_its_speaker(scene: Scene) -> None:
    from annotator.nlp.types import Annotations

    added = History(scene.store, "ana").run(AddQuote(scene.article_id, *span('"rushed"'), kind="partial")).result
    scene.store.articles.save_annotations(
        scene.article_id, Annotations(entities=(), quotes=(), model="m"), user="model"
    )
    assert scene.store.quotes.get_quote(added.id).status == "suggested"
