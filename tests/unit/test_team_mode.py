"""Team mode: two editors, two Store instances (two processes in real life), one PostgreSQL database."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from annotator.records import QuoteRecord
from annotator.review.queue import review_queue
from annotator.store import QuoteConflict, Store
from tests.review_fixtures import annotated_article

pytestmark = pytest.mark.postgres


@pytest.fixture
def sessions(pg_url: str) -> Iterator[tuple[Store, Store]]:
    ana, ben = Store.open(pg_url), Store.open(pg_url)
    try:
        yield ana, ben
    finally:
        ana.close()
        ben.close()


def test_the_second_writer_gets_a_conflict_and_retries_on_the_fresh_state(
    sessions: tuple[Store, Store],
) -> None:
    ana, ben = sessions
    _, quotes = annotated_article(ana, user="ana")
    carla = ben.people.find_or_create_person("Carla Diaz", user="ben")
    shown_to_ana = ana.quotes.get_quote(quotes[1].id)
    shown_to_ben = ben.quotes.get_quote(quotes[1].id)

    ana.quotes.update_quote(shown_to_ana.id, {"kind": "partial"}, user="ana", expected_version=shown_to_ana.version)
    with pytest.raises(QuoteConflict, match="ana") as caught:
        ben.quotes.set_speaker(shown_to_ben.id, carla.id, user="ben", expected_version=shown_to_ben.version)

    fresh = caught.value.current
    assert fresh is not None and fresh.kind == "partial" and fresh.version == shown_to_ben.version + 1
    retried = ben.quotes.set_speaker(fresh.id, carla.id, user="ben", expected_version=fresh.version)
    # nothing lost: Ana's kind and Ben's speaker are both on the quote, both edits in the log
    assert (retried.kind, retried.speaker, retried.verified_by) == ("partial", "Carla Diaz", "ben")
    log = [(e.user, e.action) for e in ana.audit.edits(target="quote") if e.target_uid == retried.uid]
    assert log == [("ana", "edit"), ("ben", "set_speaker")]
    # Ana's review queue, read from her own session, shows Ben's decision as it now stands
    [item] = review_queue(ana, reviewer="ana")
    assert item.colleague == "ben" and item.theirs.speaker == "Carla Diaz" and item.theirs.kind == "partial"
    assert item.mine is not None and item.mine.kind == "partial" and item.mine.speaker == "Bo Chen"


def _race(first: Callable[[], QuoteRecord], second: Callable[[], QuoteRecord]) -> list[object]:
    """Run both at the same moment; returns what each returned or raised."""
    start = threading.Barrier(2)
    results: list[object] = [None, None]

    def run(index: int, action: Callable[[], QuoteRecord]) -> None:
        start.wait()
        try:
            results[index] = action()
        except Exception as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_simultaneous_edits_one_wins_one_conflicts(sessions: tuple[Store, Store]) -> None:
    ana, ben = sessions
    _, quotes = annotated_article(ana, user="ana")
    quote = quotes[0]

    results = _race(
        lambda: ana.quotes.update_quote(quote.id, {"kind": "partial"}, user="ana", expected_version=quote.version),
        lambda: ben.quotes.update_quote(quote.id, {"kind": "indirect"}, user="ben", expected_version=quote.version),
    )

    winners = [r for r in results if isinstance(r, QuoteRecord)]
    losers = [r for r in results if isinstance(r, QuoteConflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    final = ana.quotes.get_quote(quote.id)
    assert final.kind == winners[0].kind and final.version == quote.version + 1
    assert len([e for e in ana.audit.edits(target="quote") if e.target_uid == quote.uid]) == 1


def test_a_review_racing_a_change_never_reviews_the_wrong_version(sessions: tuple[Store, Store]) -> None:
    ana, ben = sessions
    _, quotes = annotated_article(ana, user="ana")
    confirmed = ana.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)

    results = _race(
        lambda: ana.quotes.update_quote(
            confirmed.id, {"kind": "partial"}, user="ana", expected_version=confirmed.version
        ),
        lambda: ben.review.accept_quote(confirmed.id, reviewer="ben", expected_version=confirmed.version),
    )

    assert sum(isinstance(r, QuoteConflict) for r in results) == 1, results
    final = ben.quotes.get_quote(confirmed.id)
    if final.kind == "partial":
        assert final.review_status is None  # the change won; Ben must look again
    else:
        assert final.review_status == "accepted"  # the acceptance won; Ana's change was refused, not lost
        assert isinstance(results[0], QuoteConflict) and results[0].current is not None


def test_send_back_reaches_the_author_in_her_own_session(sessions: tuple[Store, Store]) -> None:
    ana, ben = sessions
    _, quotes = annotated_article(ana, user="ana")
    confirmed = ana.quotes.confirm_quote(quotes[2].id, user="ana", expected_version=quotes[2].version)
    [item] = review_queue(ben, reviewer="ben")
    ben.review.send_back_quote(
        item.quote.id, reviewer="ben", comment="'she' is Ana", expected_version=item.quote.version
    )

    [back] = ana.review.sent_back_quotes("ana")
    assert back.id == confirmed.id and back.review_comment == "'she' is Ana"
    with pytest.raises(QuoteConflict):
        ana.quotes.confirm_quote(confirmed.id, user="ana", expected_version=confirmed.version)
    fixed = ana.quotes.update_quote(back.id, {"speaker_name": "Ana Lima"}, user="ana", expected_version=back.version)
    assert fixed.review_status == "pending" and ana.review.sent_back_quotes("ana") == []
