"""One name folding (annotator.nlp.lexicon.fold_name) wherever names are compared: "Ann  O’Neil" typed by one
editor and "ann o'neil" by another are one person for the store, the colleague import, agreement and review."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.decision_records import DecisionState
from annotator.decision_rules import differences
from annotator.nlp.lexicon import fold_name
from annotator.nlp.types import Annotations, EntitySpan, QuoteGuess, SpeakerGuess
from annotator.records import PersonRecord
from annotator.review.agreement import compare_article
from annotator.review.colleague_import import import_colleague_database
from annotator.store import NewArticle, Store
from tests.review_fixtures import annotated_article

CURLY = "Ann  O\u2019Neil"  # a curly apostrophe and a double space, as pasted from an article
STRAIGHT = "ann o'neil"


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        (CURLY, "ann oneil"),
        (STRAIGHT, "ann oneil"),
        ("ANN O\u02bcNEIL\t", "ann oneil"),
        ("Ann\u00a0O`Neil", "ann oneil"),
        ("Jos\u00e9  Mar\u00eda Aznar", "jose maria aznar"),
        ("Jean-Marc Ayrault", "jean marc ayrault"),
        ("J. K. Rowling", "j k rowling"),
        ("Mark   Zuckerberg", "mark zuckerberg"),  # the plain-ASCII short cut
        ("", ""),
        (None, ""),
    ],
)
def test_fold_name(written: str | None, folded: str) -> None:
    assert fold_name(written) == folded


def _state(speaker: str) -> DecisionState:
    return DecisionState(status="confirmed", start=0, end=10, text="", kind="direct", speaker=speaker)


def test_agreement_and_conflicts_count_two_spellings_as_one_speaker() -> None:
    row = compare_article(1, "one", [_state(CURLY)], [_state(STRAIGHT)])
    assert row.speaker_percent == 100.0
    assert differences(_state(CURLY), _state(STRAIGHT)) == []
    assert _state(CURLY).agrees_with(_state(STRAIGHT))
    assert differences(_state(CURLY), _state("Ann O'Neill")) == ["speaker"]


def test_the_store_finds_a_person_however_the_name_is_written(store: Store) -> None:
    ann = store.people.find_or_create_person("Ann O'Neil", user="ana")
    assert store.people.find_or_create_person(CURLY, user="ana").id == ann.id
    with pytest.raises(Exception, match="already person"):
        store.people.rename_person(store.people.find_or_create_person("Bo Chen", user="ana").id, STRAIGHT, user="ana")
    # an alias that only differs in its apostrophe is the same alias
    store.people.add_alias(ann.id, "Ms O'Neil", user="ana")
    store.people.add_alias(ann.id, "ms  O\u2019neil", user="ana")
    assert store.people.get_person(ann.id).aliases == ("Ms O'Neil",)


def test_suggestions_and_the_speaker_picker_link_the_known_person(store: Store) -> None:
    ann = store.people.find_or_create_person("Ann O'Neil", user="ana")
    text = "\u201cWe will build it,\u201d said Ann O\u2019Neil on Monday."
    article, _ = store.articles.add_article(NewArticle(title="Plans", text=text, outlet="Daily"), user="ana")
    name_at = text.index("Ann")
    written = "Ann O\u2019Neil"
    speaker = SpeakerGuess(name=written, start=name_at, end=name_at + len(written), text=written)
    quote = QuoteGuess(start=0, end=19, text=text[:19], kind="direct", confidence=0.9, speaker=speaker)
    person = EntitySpan(start=name_at, end=name_at + len(written), label="PERSON", text=written)
    store.articles.save_annotations(
        article.id, Annotations(quotes=(quote,), entities=(person,), model="test-model 1.0"), user="ana"
    )

    [suggested] = store.quotes.quotes_for_article(article.id)
    assert suggested.person_id == ann.id
    assert [m.person_id for m in store.articles.mentions_for_article(article.id)] == [ann.id]
    # the picker offers the person once, not an unknown "Ann O’Neil" beside them
    offered = store.people.find_speakers("", article_id=article.id)
    assert [(c.name, c.person.id if c.person else None) for c in offered if c.in_article] == [("Ann O'Neil", ann.id)]


def test_a_colleague_writing_the_name_differently_agrees_and_adds_no_person(
    sqlite_store: Store, ben: Store, ben_path: Path
) -> None:
    store = sqlite_store
    _, mine = annotated_article(store, user="ana")
    _, theirs = annotated_article(ben, user="ben")
    ann = store.people.find_or_create_person("Ann O'Neil", user="ana")
    store.quotes.set_speaker(mine[0].id, ann.id, user="ana", expected_version=mine[0].version)
    ben_ann = ben.people.find_or_create_person(CURLY, user="ben")
    ben.quotes.set_speaker(theirs[0].id, ben_ann.id, user="ben", expected_version=theirs[0].version)
    people_before = len(store.people.list_people())

    report = import_colleague_database(store, ben_path, user="ana")

    assert report.conflicts == 0
    assert len(store.people.list_people()) == people_before
    assert store.colleagues.merge_people([PersonRecord(id=1, name="ANN O\u2019NEIL")], user="ana") == 0
