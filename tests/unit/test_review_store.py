"""Review actions and the review queue on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from annotator.decision_rules import is_verified
from annotator.review.queue import after_review, group_by_article, review_queue
from annotator.store import QuoteConflict, Store, StoreError
from tests.review_fixtures import annotated_article, span


def test_accept_verifies_a_colleagues_decision_and_is_audited(store: Store) -> None:
    _, quotes = annotated_article(store, user="ana")
    confirmed = store.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)
    assert not is_verified(confirmed)

    accepted = store.review.accept_quote(confirmed.id, reviewer="ben", expected_version=confirmed.version)

    assert accepted.review_status == "accepted"
    assert accepted.reviewed_by == "ben"
    assert accepted.version == confirmed.version + 1
    assert is_verified(accepted)
    [edit] = [e for e in store.audit.edits(users=["ben"]) if e.action == "accept"]
    assert edit.target_uid == accepted.uid
    assert edit.before is not None and edit.before["review_status"] is None
    assert edit.after is not None and edit.after["review_status"] == "accepted"


def test_one_person_cannot_review_their_own_decision_unless_relaxed(store: Store) -> None:
    _, quotes = annotated_article(store, user="ana")
    confirmed = store.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)
    with pytest.raises(StoreError, match="second person"):
        store.review.accept_quote(confirmed.id, reviewer="ana", expected_version=confirmed.version)
    assert store.quotes.get_quote(confirmed.id).review_status is None
    # the one-person newsroom: a confirmation alone verifies, and self-review is allowed
    assert is_verified(confirmed, require_second_reviewer=False)
    accepted = store.review.accept_quote(
        confirmed.id, reviewer="ana", expected_version=confirmed.version, allow_self_review=True
    )
    assert accepted.review_status == "accepted"


def test_an_undecided_quote_cannot_be_reviewed(store: Store) -> None:
    _, quotes = annotated_article(store, user="ana")
    with pytest.raises(StoreError, match="not been decided"):
        store.review.accept_quote(quotes[0].id, reviewer="ben", expected_version=quotes[0].version)


def test_send_back_needs_a_comment_and_reaches_the_author(store: Store) -> None:
    _, quotes = annotated_article(store, user="ana")
    corrected = store.quotes.update_quote(
        quotes[1].id, {"kind": "partial"}, user="ana", expected_version=quotes[1].version
    )
    with pytest.raises(StoreError, match="comment"):
        store.review.send_back_quote(corrected.id, reviewer="ben", comment="  ", expected_version=corrected.version)

    sent = store.review.send_back_quote(
        corrected.id, reviewer="ben", comment="It is a full sentence", expected_version=corrected.version
    )

    assert sent.review_status == "rejected"
    [mine] = store.review.sent_back_quotes("ana")
    assert mine.id == corrected.id
    assert mine.review_comment == "It is a full sentence"
    assert mine.reviewed_by == "ben"
    assert store.review.sent_back_quotes("ben") == []
    assert not is_verified(sent) and not is_verified(sent, require_second_reviewer=False)


def test_a_changed_decision_goes_back_to_pending(store: Store) -> None:
    _, quotes = annotated_article(store, user="ana")
    corrected = store.quotes.update_quote(
        quotes[1].id, {"kind": "partial"}, user="ana", expected_version=quotes[1].version
    )
    sent = store.review.send_back_quote(
        corrected.id, reviewer="ben", comment="direct", expected_version=corrected.version
    )

    again = store.quotes.update_quote(sent.id, {"kind": "direct"}, user="ana", expected_version=sent.version)

    assert again.review_status == "pending"
    assert store.review.sent_back_quotes("ana") == []
    # the comment and the send-back stay in the audit log
    actions = [e.action for e in store.audit.edits(target="quote") if e.target_uid == again.uid]
    assert actions == ["edit", "send_back", "edit"]
    # accepting, then confirming anew, also asks for a new review
    accepted = store.review.accept_quote(again.id, reviewer="ben", expected_version=again.version)
    reconfirmed = store.quotes.confirm_quote(accepted.id, user="ana", expected_version=accepted.version)
    assert reconfirmed.review_status == "pending"
    assert not is_verified(reconfirmed)


def test_a_note_alone_keeps_the_review(store: Store) -> None:
    _, quotes = annotated_article(store, user="ana")
    confirmed = store.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)
    accepted = store.review.accept_quote(confirmed.id, reviewer="ben", expected_version=confirmed.version)
    noted = store.quotes.update_quote(accepted.id, {"note": "checked the recording"}, user="ana")
    assert noted.review_status == "accepted"


def test_comment_keeps_the_review_status(store: Store) -> None:
    _, quotes = annotated_article(store, user="ana")
    confirmed = store.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)
    commented = store.review.comment_quote(
        confirmed.id, user="ben", comment="Check the video", expected_version=confirmed.version
    )
    assert commented.review_status is None
    assert commented.review_comment == "Check the video"
    assert [e.after for e in store.audit.edits(users=["ben"]) if e.action == "comment"] == [
        {"review_comment": "Check the video"}
    ]


def test_a_stale_version_is_refused_and_nothing_is_lost(store: Store) -> None:
    _, quotes = annotated_article(store, user="ana")
    confirmed = store.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)
    store.quotes.update_quote(confirmed.id, {"kind": "partial"}, user="ana", expected_version=confirmed.version)

    with pytest.raises(QuoteConflict) as caught:
        store.review.accept_quote(confirmed.id, reviewer="ben", expected_version=confirmed.version)

    assert caught.value.current is not None and caught.value.current.kind == "partial"
    assert store.quotes.get_quote(confirmed.id).review_status is None
    assert not [e for e in store.audit.edits(users=["ben"])]


def test_queue_shows_model_colleague_and_my_decision_side_by_side(store: Store) -> None:
    article_id, quotes = annotated_article(store, user="ana")
    ben = store.people.find_or_create_person("Ben Stone", user="ben")
    # ana confirms the first quote, corrects the second (speaker), rejects the fourth
    store.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)
    store.quotes.set_speaker(quotes[1].id, ben.id, user="ana", expected_version=quotes[1].version)
    store.quotes.reject_quote(quotes[3].id, user="ana", expected_version=quotes[3].version)
    # ben (the reviewer) had decided the third quote himself before ana changed its span
    third = store.quotes.confirm_quote(quotes[2].id, user="ben", expected_version=quotes[2].version)
    start, end = span('"It is a fair plan,"')
    store.quotes.update_quote(third.id, {"end": end - 1}, user="ana", expected_version=third.version)

    items = review_queue(store, reviewer="ben")

    assert [(i.quote.id, i.colleague) for i in items] == [(q.id, "ana") for q in quotes]
    first, second, third_item, fourth = items
    assert first.model is not None and first.model.status == "suggested"
    assert first.theirs.status == "confirmed" and first.theirs.speaker == "Ana Lima"
    assert first.mine is None
    assert second.model is not None and second.model.speaker == "Bo Chen"
    assert second.theirs.speaker == "Ben Stone" and second.theirs.status == "corrected"
    assert third_item.mine is not None and (third_item.mine.start, third_item.mine.end) == (start, end)
    assert (third_item.theirs.start, third_item.theirs.end) == (start, end - 1)
    assert not third_item.theirs.agrees_with(third_item.mine)
    assert fourth.theirs.status == "rejected" and not fourth.theirs.is_quote
    assert {h.layer for h in first.highlights} == {"model", "theirs", "speaker"}
    [(group_id, title, grouped)] = group_by_article(items)
    assert (group_id, title, len(grouped)) == (article_id, "Council vote", 4)
    # ana sees ben's one decision (the third quote, before she changed it)
    assert [(i.quote.id, i.colleague) for i in review_queue(store, reviewer="ana")] == [(third.id, "ben")]


def test_queue_filters_by_colleague_span_and_pending(store: Store) -> None:
    _, quotes = annotated_article(store, user="ana")
    a = store.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)
    store.quotes.confirm_quote(quotes[1].id, user="cleo", expected_version=quotes[1].version)
    store.review.accept_quote(a.id, reviewer="ben", expected_version=a.version)

    assert [i.colleague for i in review_queue(store, reviewer="ben", colleagues=["cleo"])] == ["cleo"]
    assert [i.colleague for i in review_queue(store, reviewer="ben", pending_only=True)] == ["cleo"]
    assert review_queue(store, reviewer="ben", colleagues=["ben"]) == []
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert review_queue(store, reviewer="ben", since=later) == []
    assert len(review_queue(store, reviewer="ben", until=later)) == 2
    # the queue reads fresh state: the accepted quote shows its review
    accepted = [i for i in review_queue(store, reviewer="ben") if i.colleague == "ana"]
    assert accepted[0].review_status == "accepted"


@pytest.mark.parametrize("pending_only", [True, False])
def test_the_queue_after_a_review_is_the_queue_read_again(store: Store, pending_only: bool) -> None:
    """The review view moves on after a decision without reading the queue again: what it shows then must be
    what a read would give, for a quote listed twice (two colleagues decided it) as for the others."""
    _, quotes = annotated_article(store, user="ana")
    for user, quote in (("ana", quotes[0]), ("cleo", quotes[0]), ("ana", quotes[1]), ("ana", quotes[2])):
        store.quotes.confirm_quote(quote.id, user=user)
    items = review_queue(store, reviewer="ben", pending_only=pending_only)
    assert [i.colleague for i in items if i.quote.id == quotes[0].id] == ["ana", "cleo"]

    reviews = (
        lambda q: store.review.accept_quote(q.id, reviewer="ben", expected_version=q.version),
        lambda q: store.review.comment_quote(
            q.id, user="ben", comment="the full sentence?", expected_version=q.version
        ),
        lambda q: store.review.send_back_quote(
            q.id, reviewer="ben", comment="not her words", expected_version=q.version
        ),
    )
    for quote, review in zip(quotes, reviews, strict=False):
        reviewed = review(store.quotes.get_quote(quote.id))
        items = after_review(items, reviewed, pending_only=pending_only)
        assert items == review_queue(store, reviewer="ben", pending_only=pending_only)
    assert len(items) == (1 if pending_only else 4)  # pending: only the commented quote is left


def test_undoing_a_decision_takes_it_out_of_the_queue(store: Store) -> None:
    _, quotes = annotated_article(store, user="ana")
    confirmed = store.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)
    before = {"status": "suggested", "verified_by": None, "verified_at": None, "person_id": None}
    store.quotes.update_quote(confirmed.id, before, user="ana", action="undo", expected_version=confirmed.version)
    assert review_queue(store, reviewer="ben") == []


def test_a_quote_ana_added_has_no_model_suggestion(store: Store) -> None:
    article_id, _ = annotated_article(store, user="ana")
    start, end = span('"unfunded"')
    added = store.quotes.add_quote(article_id, start, end, user="ana", kind="partial")
    [item] = review_queue(store, reviewer="ben")
    assert item.quote.id == added.id
    assert item.model is None
    assert item.theirs.kind == "partial" and item.theirs.user == "ana"
