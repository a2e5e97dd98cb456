"""The decisions on a quote's pieces (one piece's bounds, trim, split, join, phrase to quote) as operations:
apply, undo (the exact inverse), redo and the refusal over a colleague's change, on real SQLite and
PostgreSQL; and fixing bounds never drops the speaker's person."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from annotator.db.models import Mention
from annotator.export import export_quotes
from annotator.nlp.types import TextSpan
from annotator.operations import (
    History,
    JoinQuotes,
    Operation,
    QuotePhrase,
    SetPieceBounds,
    SplitQuote,
    TrimPieces,
)
from annotator.records import QUOTED_PHRASE_LABEL, QuoteRecord
from annotator.store import ChangedMeanwhile, QuoteConflict, Store, StoreError
from tests.review_fixtures import annotated_article, span
from tests.unit.test_operations import visible_state

SAID_INSIDE = '"It is a fair plan," she added'
TWO_PIECES = '"We will win the vote," said Ana Lima, the mayor. Bo Chen disagreed: "No chance at all."'


@dataclass
class Scene:
    store: Store
    article_id: int
    quotes: list[QuoteRecord]

    def fresh(self, index: int) -> QuoteRecord:
        return self.store.quotes.get_quote(self.quotes[index].id)


@pytest.fixture
def scene(store: Store) -> Scene:
    """The review article with a quoted phrase ("unfunded") the model left apart, and quote 0 made the one
    attribution "We will win the vote ... No chance at all." with two pieces."""
    article_id, model_quotes = annotated_article(store, user="model-runner")
    phrase = TextSpan(*span('"unfunded"'), '"unfunded"')
    _add_phrase(store, article_id, phrase)
    start, end = span(TWO_PIECES)
    two = (span('"We will win the vote,"'), span('"No chance at all."'))
    store.quotes.update_quote(
        model_quotes[0].id, {"start": start, "end": end, "pieces": [list(p) for p in two]}, user="model-runner"
    )
    # quote 2 with the writer's words inside its piece, as a stray mark leaves it
    store.quotes.update_quote(
        model_quotes[2].id, {"end": span(SAID_INSIDE)[1], "pieces": [list(span(SAID_INSIDE))]}, user="model-runner"
    )
    return Scene(store, article_id, store.quotes.quotes_for_article(article_id))


def _add_phrase(store: Store, article_id: int, phrase: TextSpan) -> None:
    """What the engine stores for a quoted phrase: a mention labelled QUOTED_PHRASE (saving annotations
    again would take the model's suggestions away, so the row goes in directly)."""
    with store.db.transaction() as session:
        session.add(
            Mention(
                article_id=article_id,
                start=phrase.start,
                end=phrase.end,
                label=QUOTED_PHRASE_LABEL,
                text=phrase.text,
                origin="model:test",
            )
        )


def _phrase_id(scene: Scene) -> int:
    mentions = scene.store.articles.mentions_for_article(scene.article_id)
    return next(m.id for m in mentions if m.label == QUOTED_PHRASE_LABEL)


def _ben_notes(index: int) -> Callable[[Scene], object]:
    def change(scene: Scene) -> object:
        quote = scene.fresh(index)
        return scene.store.quotes.update_quote(quote.id, {"note": "Ben was here"}, user="ben", action="note")

    return change


def _ben_notes_added(scene: Scene) -> object:
    [added] = [q for q in scene.store.quotes.quotes_for_article(scene.article_id) if q.origin == "user:ana"]
    return scene.store.quotes.update_quote(added.id, {"note": "Ben was here"}, user="ben", action="note")


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Scene], Operation[Any]]
    colleague: Callable[[Scene], object]


# quotes in text order: 0 the two-piece attribution, 1 "No chance at all." (inside it), 2 "It is a fair plan,",
# 3 "rushed"
CASES = [
    Case("piece bounds", lambda s: SetPieceBounds(s.quotes[0].id, 1, *span("No chance at all."), s.quotes[0].version),
         _ben_notes(0)),
    Case("trim", lambda s: TrimPieces(s.quotes[2].id, None, s.quotes[2].version), _ben_notes(2)),
    Case("split", lambda s: SplitQuote(s.quotes[0].id, 1, s.quotes[0].version), _ben_notes(0)),
    Case("join", lambda s: JoinQuotes(s.quotes[3].id, s.quotes[2].id, s.quotes[3].version, s.quotes[2].version),
         _ben_notes(2)),
    Case("phrase to quote", lambda s: QuotePhrase(s.article_id, _phrase_id(s)), _ben_notes_added),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_undo_is_the_exact_inverse_and_redo_applies_again(scene: Scene, case: Case) -> None:
    operation = case.build(scene)
    before = visible_state(scene.store)
    history = History(scene.store, "ana")

    history.run(operation)
    applied = visible_state(scene.store)
    assert applied != before
    history.undo()
    assert visible_state(scene.store) == before
    history.redo()
    assert visible_state(scene.store) == applied


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_undo_over_a_colleagues_change_is_refused(scene: Scene, case: Case) -> None:
    history = History(scene.store, "ana")
    history.run(case.build(scene))
    case.colleague(scene)
    theirs = visible_state(scene.store)
    with pytest.raises(ChangedMeanwhile):
        history.undo()
    assert visible_state(scene.store) == theirs
    assert history.next_undo() is None


def test_a_stale_piece_decision_is_refused_and_writes_nothing(scene: Scene) -> None:
    stale = scene.quotes[0].version
    _ben_notes(0)(scene)
    before = visible_state(scene.store)
    for operation in (SplitQuote(scene.quotes[0].id, 1, stale), SetPieceBounds(scene.quotes[0].id, 0, 23, 30, stale)):
        with pytest.raises(QuoteConflict):
            History(scene.store, "ana").run(operation)
    assert visible_state(scene.store) == before


def test_split_gives_two_attributions_each_with_its_pieces(scene: Scene) -> None:
    new = History(scene.store, "ana").run(SplitQuote(scene.quotes[0].id, 1, scene.quotes[0].version)).result
    kept = scene.fresh(0)
    assert kept.text == '"We will win the vote,"' and kept.pieces == (span('"We will win the vote,"'),)
    assert new.text == '"No chance at all."' and new.pieces == (span('"No chance at all."'),)
    assert (new.speaker_name, new.kind) == ("Ana Lima", kept.kind)


def test_split_before_the_first_piece_is_refused(scene: Scene) -> None:
    with pytest.raises(StoreError, match="second piece"):
        History(scene.store, "ana").run(SplitQuote(scene.quotes[0].id, 0))


def test_one_piece_bounds_leave_the_other_piece_and_the_speaker(scene: Scene) -> None:
    quote = scene.quotes[0]
    done = History(scene.store, "ana").run(SetPieceBounds(quote.id, 0, *span("We will win the vote"))).result
    assert done.pieces == (span("We will win the vote"), span('"No chance at all."'))
    assert (done.start, done.end) == (span("We will win the vote")[0], quote.end)
    assert (done.speaker_name, done.speaker_start, done.speaker_text) == (
        quote.speaker_name,
        quote.speaker_start,
        quote.speaker_text,
    )


def test_trim_cuts_a_piece_back_to_its_marks(scene: Scene) -> None:
    quote = scene.fresh(2)
    assert quote.pieces == (span(SAID_INSIDE),)
    done = History(scene.store, "ana").run(TrimPieces(quote.id)).result
    assert done.text == '"It is a fair plan,"' and done.pieces == (span('"It is a fair plan,"'),)


def test_a_phrase_becomes_a_partial_quote(scene: Scene) -> None:
    done = History(scene.store, "ana").run(QuotePhrase(scene.article_id, _phrase_id(scene))).result
    assert (done.text, done.kind) == ('"unfunded"', "partial")


def test_fixing_bounds_keeps_the_speakers_person_in_the_csv(sqlite_store: Store, tmp_path: Path) -> None:
    # issue 13: after B the quote kept its speaker's name but the CSV's speaker_id was empty
    store = sqlite_store
    _, quotes = annotated_article(store, user="model-runner")
    quote = quotes[0]
    History(store, "ana").run(SetPieceBounds(quote.id, 0, *span('"We will win the vote'), quote.version))
    fixed = store.quotes.get_quote(quote.id)
    assert fixed.status == "corrected" and fixed.person_id is not None
    out = tmp_path / "quotes.csv"
    export_quotes(store, out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    [row] = [r for r in rows if r["quote"].startswith("We will win the vote")]
    assert row["speaker"] == "Ana Lima" and row["speaker_id"] == str(fixed.person_id)
