"""A quote one editor deleted while the other decided it: a conflict for the reviewer, never a silent winner."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.operations import History, ResolveConflict
from annotator.review.colleague_import import import_colleague_database
from annotator.review.queue import review_queue
from annotator.store import Store
from tests.review_fixtures import annotated_article, span


def _shared_quotes(store: Store, ben: Store) -> tuple[list[int], list[int]]:
    """Ana added two quotes the model missed; Ben works on a copy, so his have the same uids."""
    article_id, _ = annotated_article(store, user="ana")
    ben_article, _ = annotated_article(ben, user="ben")
    mine, theirs = [], []
    for fragment in ('"unfunded"', "Council vote"):
        added = store.quotes.add_quote(article_id, *span(fragment), user="ana", kind="partial")
        copied = ben.quotes.add_quote(ben_article, *span(fragment), user="ana", kind="partial", uid=added.uid)
        mine.append(added.id)
        theirs.append(copied.id)
    return mine, theirs


def test_a_quote_i_deleted_that_a_colleague_decided_is_a_conflict(store: Store, ben: Store, ben_path: Path) -> None:
    mine, theirs = _shared_quotes(store, ben)
    uids = [store.quotes.get_quote(quote_id).uid for quote_id in mine]
    ben.quotes.update_quote(theirs[0], {"kind": "direct"}, user="ben")  # Ben edits the first
    ben.quotes.confirm_quote(theirs[1], user="ben")  # and confirms the second
    for quote_id in mine:
        store.quotes.delete_quote(quote_id, user="ana")  # Ana finds both are no quotes

    report = import_colleague_database(store, ben_path, user="ana")

    assert (report.quotes_added, report.conflicts) == (0, 2)
    conflicts = {c.quote_id: c for c in store.review.review_conflicts()}
    back = {q.uid: q for q in store.review.quotes_by_ids(conflicts).values()}
    assert set(back) == set(uids)
    # while the reviewer has not settled it, the deletion stands: the quote is out of the data
    assert {(q.status, q.verified_by) for q in back.values()} == {("rejected", "ana")}
    edited, confirmed = (next(c for c in conflicts.values() if c.quote_id == back[uid].id) for uid in uids)
    assert (edited.mine.status, edited.mine.user) == ("rejected", "ana")
    assert (edited.theirs.status, edited.theirs.kind, edited.theirs.user) == ("corrected", "direct", "ben")
    assert confirmed.theirs.status == "confirmed"

    store.review.resolve_conflict(edited.id, user="ana", keep="mine")
    store.review.resolve_conflict(confirmed.id, user="ana", keep="theirs")

    assert store.quotes.find_quote_by_uid(uids[0]) is None  # stays deleted
    restored = store.quotes.get_quote(confirmed.quote_id)
    assert (restored.status, restored.verified_by, restored.uid) == ("confirmed", "ben", uids[1])
    again = import_colleague_database(store, ben_path, user="ana")
    assert (again.quotes_added, again.conflicts, again.decisions_added) == (0, 0, 0)


def test_a_quote_a_colleague_deleted_that_i_decided_is_a_conflict(store: Store, ben: Store, ben_path: Path) -> None:
    mine, theirs = _shared_quotes(store, ben)
    store.quotes.update_quote(mine[0], {"kind": "direct"}, user="ana")  # Ana edits the first
    store.quotes.confirm_quote(mine[1], user="ana")  # and confirms the second
    for quote_id in theirs:
        ben.quotes.delete_quote(quote_id, user="ben")  # Ben finds both are no quotes

    report = import_colleague_database(store, ben_path, user="ana")

    assert report.conflicts == 2
    first, second = sorted(store.review.review_conflicts(), key=lambda c: c.quote_id != mine[0])
    assert first.quote_id == mine[0] and second.quote_id == mine[1]
    assert (first.mine.status, first.mine.kind, first.mine.user) == ("corrected", "direct", "ana")
    assert (first.theirs.status, first.theirs.user) == ("rejected", "ben")
    # my decisions stand until the reviewer settles
    assert store.quotes.get_quote(mine[0]).status == "corrected"

    store.review.resolve_conflict(first.id, user="ana", keep="mine")
    store.review.resolve_conflict(second.id, user="ana", keep="theirs")

    assert (store.quotes.get_quote(mine[0]).status, store.quotes.get_quote(mine[0]).kind) == ("corrected", "direct")
    assert store.quotes.current_or_none(mine[1]) is None  # Ben's deletion: the quote is gone
    again = import_colleague_database(store, ben_path, user="ana")
    assert (again.conflicts, again.decisions_added) == (0, 0)


def _one_quote_deleted_on_one_side(store: Store, ben: Store, *, deleted_by: str) -> str:
    """Ana added a quote the model missed; Ben has it in his copy. One of them deletes it, the other confirms it."""
    mine, theirs = _shared_quotes(store, ben)
    uid = store.quotes.get_quote(mine[0]).uid
    if deleted_by == "ana":
        store.quotes.delete_quote(mine[0], user="ana")
        ben.quotes.confirm_quote(theirs[0], user="ben")
    else:
        store.quotes.confirm_quote(mine[0], user="ana")
        ben.quotes.delete_quote(theirs[0], user="ben")
    return uid


def _quote_rows(store: Store, article_id: int) -> list[tuple[object, ...]]:
    """Every quote of the article as the editor sees it: who decided what, on which words."""
    return sorted(
        (q.uid, q.status, q.verified_by, q.kind, q.start, q.end, q.version)
        for q in store.quotes.quotes_for_article(article_id)
    )


@pytest.mark.parametrize("deleted_by", ["ana", "ben"], ids=["I deleted", "they deleted"])
@pytest.mark.parametrize("keep", ["mine", "theirs"])
def test_settling_a_deletion_conflict_leaves_exactly_the_chosen_side_and_undo_reopens_it(
    store: Store, ben: Store, ben_path: Path, deleted_by: str, keep: str
) -> None:
    uid = _one_quote_deleted_on_one_side(store, ben, deleted_by=deleted_by)
    import_colleague_database(store, ben_path, user="ana")
    [conflict] = store.review.review_conflicts()
    article_id = conflict.article_id
    while_open = _quote_rows(store, article_id)
    decisions_open = store.review.quote_decisions()
    history = History(store, "ana")

    history.run(ResolveConflict(conflict.id, keep, conflict.quote_version))

    chosen = "ana" if keep == "mine" else "ben"
    others = [row for row in while_open if row[0] != uid]
    now = _quote_rows(store, article_id)
    if chosen == deleted_by:  # the deletion was chosen: the quote is gone, no row "not a quote" left behind
        assert now == others
        assert store.quotes.find_quote_by_uid(uid) is None
        assert uid not in {item.quote.uid for item in review_queue(store, reviewer="ana")}
    else:  # the decision was chosen: the quote is there, confirmed by whoever confirmed it
        [quote] = [row for row in now if row[0] == uid]
        assert quote[1:3] == ("confirmed", chosen)
        assert [row for row in now if row[0] != uid] == others
    assert store.review.review_conflicts() == []
    # importing the file again settles nothing anew and brings back nothing
    again = import_colleague_database(store, ben_path, user="ana")
    assert (again.conflicts, again.quotes_added, again.decisions_added) == (0, 0, 0)
    assert [row[:6] for row in _quote_rows(store, article_id)] == [row[:6] for row in now]

    history.undo("review")

    assert [row[:6] for row in _quote_rows(store, article_id)] == [row[:6] for row in while_open]
    [reopened] = store.review.review_conflicts()
    assert (reopened.id, reopened.quote_id, reopened.mine, reopened.theirs) == (
        conflict.id,
        conflict.quote_id,
        conflict.mine,
        conflict.theirs,
    )
    assert store.review.quote_decisions() == decisions_open

    history.redo("review")

    assert [row[:6] for row in _quote_rows(store, article_id)] == [row[:6] for row in now]
    assert store.review.review_conflicts() == []
