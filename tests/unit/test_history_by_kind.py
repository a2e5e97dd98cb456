"""Undo and redo of one kind of decision (what one view of the app shows): the review view's Ctrl+Z takes
back the latest review decision and leaves the editor's later annotation decisions alone, on real SQLite
and PostgreSQL (the `store` fixture runs both)."""

from __future__ import annotations

import pytest

from annotator.operations import AcceptQuote, ConfirmQuote, History, RejectQuote
from annotator.store import ChangedMeanwhile, NotFound, Store
from tests.review_fixtures import annotated_article


def _confirmed_by_ben(store: Store) -> tuple[int, list[int]]:
    article_id, quotes = annotated_article(store, user="model-runner")
    for quote in quotes:
        store.quotes.confirm_quote(quote.id, user="ben", expected_version=quote.version)
    return article_id, [q.id for q in quotes]


def test_undo_of_a_kind_skips_later_decisions_of_another_kind(store: Store) -> None:
    _, ids = _confirmed_by_ben(store)
    ana = History(store, "ana")
    ana.run(AcceptQuote(ids[0], store.quotes.get_quote(ids[0]).version))
    ana.run(RejectQuote(ids[1], store.quotes.get_quote(ids[1]).version))  # a later annotation decision

    assert ana.next_undo("review") == f"accept quote {ids[0]}"
    assert ana.next_undo("annotation") == f"reject quote {ids[1]}"
    step = ana.undo("review")

    assert step.kind == "review" and step.quote_ids == (ids[0],)
    assert store.quotes.get_quote(ids[0]).review_status != "accepted"
    assert store.quotes.get_quote(ids[1]).status == "rejected"  # the annotation decision stays
    assert ana.next_undo("review") is None
    assert ana.next_redo("review") == f"accept quote {ids[0]}"
    assert ana.next_redo("annotation") is None

    ana.redo("review")
    assert store.quotes.get_quote(ids[0]).review_status == "accepted"
    assert store.quotes.get_quote(ids[1]).status == "rejected"


def test_nothing_of_that_kind_to_undo_is_not_found_and_touches_nothing(store: Store) -> None:
    _, ids = _confirmed_by_ben(store)
    ana = History(store, "ana")
    ana.run(RejectQuote(ids[1], store.quotes.get_quote(ids[1]).version))
    with pytest.raises(NotFound):
        ana.undo("review")
    with pytest.raises(NotFound):
        ana.redo("review")
    assert store.quotes.get_quote(ids[1]).status == "rejected"
    assert ana.next_undo() == f"reject quote {ids[1]}"


def test_an_undo_a_later_decision_of_another_kind_built_on_is_refused_and_kept(store: Store) -> None:
    _, quotes = annotated_article(store, user="model-runner")
    ana = History(store, "ana")
    quote = quotes[0]
    ana.run(ConfirmQuote(quote.id, quote.version))  # annotation
    ana.run(
        AcceptQuote(quote.id, store.quotes.get_quote(quote.id).version, allow_self_review=True)
    )  # review, same quote

    with pytest.raises(ChangedMeanwhile, match="accept quote"):
        ana.undo("annotation")
    # nothing lost: both decisions stand and both are still in the history
    fresh = store.quotes.get_quote(quote.id)
    assert fresh.status == "confirmed" and fresh.review_status == "accepted"
    assert ana.next_undo("annotation") == f"confirm quote {quote.id}"
    ana.undo("review")
    ana.undo("annotation")
    assert store.quotes.get_quote(quote.id).status == quote.status
