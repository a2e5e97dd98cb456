"""A quote one editor deleted while the other decided it: a conflict for the reviewer, never a silent winner."""

from __future__ import annotations

from pathlib import Path

from annotator.review.colleague_import import import_colleague_database
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

    assert store.quotes.get_quote(edited.quote_id).status == "rejected"  # stays deleted: no quote
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
    taken = store.quotes.get_quote(mine[1])
    assert (taken.status, taken.verified_by) == ("rejected", "ben")  # Ben's deletion: no quote
    again = import_colleague_database(store, ben_path, user="ana")
    assert (again.conflicts, again.decisions_added) == (0, 0)
