"""A colleague's work merged so the newsroom can trust the dataset: one quote per stretch of text, agreement
counted as verification, editors told apart by their id rather than their name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.review.colleague_import import import_colleague_database
from annotator.review.queue import review_queue
from annotator.store import Store
from tests.review_fixtures import TEXT, annotated_article, span


@pytest.fixture
def ben_path(tmp_path: Path) -> Path:
    return tmp_path / "ben" / "ben.db"


@pytest.fixture
def ben(ben_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{ben_path}")
    try:
        yield opened
    finally:
        opened.close()


def test_narrowed_bounds_are_one_conflict_not_a_second_quote(store: Store, ben: Store, ben_path: Path) -> None:
    article_id, mine = annotated_article(store, user="ana")
    _, theirs = annotated_article(ben, user="ben")
    # Ana keeps only the last word of the first quote: far less than half of the model's span
    start, end = span("vote,", TEXT)
    store.update_quote(mine[0].id, {"start": start, "end": end}, user="ana", expected_version=mine[0].version)
    store.delete_quote(mine[3].id, user="ana")  # "rushed" is no quote for Ana
    for quote in mine[1:3]:
        store.confirm_quote(quote.id, user="ana")
    store.set_article_status(article_id, "done", user="ana")
    ben.confirm_quote(theirs[0].id, user="ben")  # untouched
    # Ben leaves the model's "rushed" as it is: only a suggestion

    report = import_colleague_database(store, ben_path, user="ana")

    assert report.quotes_added == 0
    quotes = store.quotes_for_article(article_id)
    assert len(quotes) == 3
    assert not any(q.status == "suggested" for q in quotes)
    assert store.get_article(article_id).status == "done"
    [conflict] = store.review_conflicts()
    assert conflict.quote_id == mine[0].id
    assert (conflict.mine.start, conflict.mine.end) == (start, end)
    assert (conflict.theirs.start, conflict.theirs.end) == (theirs[0].start, theirs[0].end)


def test_same_confirmation_by_two_editors_is_verified_and_accepted_once(
    store: Store, ben: Store, ben_path: Path
) -> None:
    _, mine = annotated_article(store, user="ana")
    _, theirs = annotated_article(ben, user="ben")
    store.confirm_quote(mine[1].id, user="ana")
    ben.confirm_quote(theirs[1].id, user="ben")

    import_colleague_database(store, ben_path, user="ana")

    agreed = store.get_quote(mine[1].id)
    assert (agreed.verified_by, agreed.reviewed_by, agreed.review_status) == ("ana", "ben", "accepted")
    [item] = [i for i in review_queue(store, reviewer="ana", colleagues=["ben"]) if i.quote.id == mine[1].id]
    assert item.agreed
    # accepting it from the queue is not refused: two people already verified it
    accepted = store.accept_quote(mine[1].id, reviewer="ana", expected_version=agreed.version)
    assert accepted.review_status == "accepted" and accepted.reviewed_by == "ben"
