"""`annotator review import`: a colleague's SQLite file, built here with Store as that colleague."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.review.colleague_import import import_colleague_database
from annotator.review.queue import review_queue
from annotator.store import Store, StoreError
from tests.review_fixtures import TEXT, annotated_article, span


def _table_sizes(store: Store) -> tuple[int, int, int, int]:
    return (
        len(store.audit.edits()),
        len(store.review.quote_decisions()),
        len(store.review.review_conflicts(open_only=False)),
        sum(len(store.quotes.quotes_for_article(a)) for a in store.articles.article_ids()),
    )


def test_import_keeps_both_decisions_and_reimport_adds_nothing(store: Store, ben: Store, ben_path: Path) -> None:
    # Ana and Ben each ran the model on the same article (so the quote uids differ)
    article_id, mine = annotated_article(store, user="ana")
    ben_article, theirs = annotated_article(ben, user="ben")
    assert {q.uid for q in mine}.isdisjoint(q.uid for q in theirs)
    store.quotes.confirm_quote(mine[0].id, user="ana", expected_version=mine[0].version)
    store.quotes.confirm_quote(mine[2].id, user="ana", expected_version=mine[2].version)
    other = ben.people.find_or_create_person("Carla Diaz", user="ben")
    ben.quotes.set_speaker(theirs[0].id, other.id, user="ben", expected_version=theirs[0].version)  # disagrees
    ben.quotes.confirm_quote(theirs[2].id, user="ben", expected_version=theirs[2].version)  # agrees
    ben.quotes.reject_quote(theirs[3].id, user="ben", expected_version=theirs[3].version)  # ana has not decided
    start, end = span('"unfunded"')
    ben.quotes.add_quote(ben_article, start, end, user="ben", kind="partial")  # the model missed it
    ben_edits = [e for e in ben.audit.edits() if e.user == "ben" and e.target == "quote"]

    report = import_colleague_database(store, ben_path, user="ana")

    assert (report.articles_added, report.articles_matched) == (0, 1)
    assert report.quotes_added == 1
    assert report.decisions_added == 4
    assert report.decisions_adopted == 1
    assert report.conflicts == 1
    # my decision on the first quote is untouched; Ben's stands beside it as a conflict
    first = store.quotes.get_quote(mine[0].id)
    assert (first.status, first.speaker, first.verified_by) == ("confirmed", "Ana Lima", "ana")
    [conflict] = store.review.review_conflicts()
    assert conflict.quote_id == first.id
    assert (conflict.mine.user, conflict.mine.speaker) == ("ana", "Ana Lima")
    assert (conflict.theirs.user, conflict.theirs.speaker) == ("ben", "Carla Diaz")
    # the undecided quote took Ben's rejection; the missed one came in with Ben's uid
    assert store.quotes.get_quote(mine[3].id).status == "rejected"
    added = [q for q in store.quotes.quotes_for_article(article_id) if q.start == start]
    assert len(added) == 1 and added[0].verified_by == "ben" and added[0].kind == "partial"
    # Ben's edits keep his name and times, marked with where they came from
    imported = [e for e in store.audit.edits(users=["ben"]) if e.target == "quote"]
    assert sorted((e.action, e.at) for e in imported) == sorted((e.action, e.at) for e in ben_edits)
    assert {e.source for e in imported} == {str(ben_path.resolve())}
    assert "ben" in store.audit.users()
    # the queue shows the model, Ben and me side by side
    items = {i.quote.id: i for i in review_queue(store, reviewer="ana", colleagues=["ben"])}
    assert set(items) == {mine[0].id, mine[2].id, mine[3].id, added[0].id}
    assert items[mine[0].id].conflict_id == conflict.id
    assert items[mine[0].id].mine is not None and items[mine[0].id].mine.speaker == "Ana Lima"
    assert items[mine[0].id].theirs.speaker == "Carla Diaz"
    assert items[mine[0].id].model is not None and items[mine[0].id].model.speaker == "Ana Lima"
    agreed = items[mine[2].id]
    assert agreed.mine is not None and agreed.theirs.agrees_with(agreed.mine)
    assert items[added[0].id].model is None

    sizes = _table_sizes(store)
    again = import_colleague_database(store, ben_path, user="ana")

    assert not again.changed_anything
    assert (again.quotes_added, again.decisions_added, again.conflicts, again.edits_added) == (0, 0, 0, 0)
    assert _table_sizes(store) == sizes


def test_conflicts_are_settled_by_keeping_mine_or_taking_theirs(store: Store, ben: Store, ben_path: Path) -> None:
    _, mine = annotated_article(store, user="ana")
    _, theirs = annotated_article(ben, user="ben")
    for quote in mine[:2]:
        store.quotes.confirm_quote(quote.id, user="ana", expected_version=quote.version)
    for quote in theirs[:2]:
        ben.quotes.update_quote(quote.id, {"kind": "partial"}, user="ben", expected_version=quote.version)
    import_colleague_database(store, ben_path, user="ana")
    first, second = store.review.review_conflicts()

    kept = store.review.resolve_conflict(first.id, user="ana", keep="mine")
    taken = store.review.resolve_conflict(second.id, user="ana", keep="theirs", expected_version=second.quote_version)

    assert (kept.resolution, kept.resolved_by) == ("mine", "ana")
    assert store.quotes.get_quote(first.quote_id).kind == "direct"
    assert taken.resolution == "theirs"
    now = store.quotes.get_quote(second.quote_id)
    assert (now.kind, now.status, now.verified_by) == ("partial", "corrected", "ben")
    assert store.review.review_conflicts() == []
    assert [e.action for e in store.audit.edits(users=["ana"]) if e.action in ("keep_mine", "take_theirs")] == [
        "keep_mine",
        "take_theirs",
    ]
    with pytest.raises(StoreError, match="already settled"):
        store.review.resolve_conflict(first.id, user="ana", keep="theirs")


def test_a_copy_of_my_database_matches_by_uid_and_brings_only_the_new_work(sqlite_store: Store, tmp_path: Path) -> None:
    store = sqlite_store
    _, mine = annotated_article(store, user="ana")
    store.quotes.confirm_quote(mine[0].id, user="ana", expected_version=mine[0].version)
    copy = tmp_path / "copy.db"
    source = sqlite3.connect(store.engine.url.database or "")
    target = sqlite3.connect(copy)
    source.backup(target)  # Ana hands Ben a copy of her database
    source.close()
    target.close()
    ben = Store.open(f"sqlite:///{copy}")
    try:
        copied = ben.quotes.quotes_for_article(mine[0].article_id)
        assert [q.uid for q in copied] == [q.uid for q in mine]
        ben.quotes.confirm_quote(copied[1].id, user="ben", expected_version=copied[1].version)
    finally:
        ben.close()

    report = import_colleague_database(store, copy, user="ana")

    assert (report.articles_matched, report.quotes_added) == (1, 0)
    assert (report.decisions_added, report.decisions_adopted, report.conflicts) == (1, 1, 0)
    # Ana's own edits were in the copy too: only Ben's work is new
    assert [(e.user, e.action) for e in store.audit.edits() if e.source] == [("ben", "confirm")]
    assert store.quotes.get_quote(mine[1].id).verified_by == "ben"
    assert store.quotes.get_quote(mine[0].id).verified_by == "ana"


def test_a_new_article_comes_in_whole_with_the_model_suggestion(store: Store, ben: Store, ben_path: Path) -> None:
    _, theirs = annotated_article(ben, user="ben")
    ben.quotes.confirm_quote(theirs[1].id, user="ben", expected_version=theirs[1].version)
    ben.articles.set_article_status(theirs[1].article_id, "done", user="ben")
    steps: list[tuple[int, int]] = []

    report = import_colleague_database(
        store, ben_path, user="ana", progress=lambda done, total, _label: steps.append((done, total)) or True
    )

    assert (report.articles_added, report.quotes_added, report.decisions_added) == (1, 4, 1)
    assert steps == [(0, 1), (1, 1)]
    [summary] = store.articles.list_articles()
    assert summary.status == "done" and summary.quotes_total == 4
    assert store.articles.get_article(summary.id).text == TEXT
    [item] = review_queue(store, reviewer="ana")
    assert item.quote.uid == theirs[1].uid
    assert item.model is not None and item.model.status == "suggested"
    assert item.theirs.status == "confirmed" and item.theirs.user == "ben"
    assert item.mine is None


def test_cancel_stops_between_articles(store: Store, ben: Store, ben_path: Path) -> None:
    annotated_article(ben, user="ben")
    report = import_colleague_database(store, ben_path, user="ana", progress=lambda *_: False)
    assert report.cancelled
    assert store.articles.list_articles() == []


def test_refusals_are_one_line(store: Store, sqlite_store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database file"):
        import_colleague_database(store, tmp_path / "missing.db", user="ana")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not a Quote Annotator database") as caught:
        import_colleague_database(store, junk, user="ana")
    assert "\n" not in str(caught.value)
    with pytest.raises(StoreError, match="working in"):
        import_colleague_database(sqlite_store, sqlite_store.engine.url.database or "", user="ana")


def test_imported_audit_rows_name_this_databases_people(store: Store, ben: Store, ben_path: Path) -> None:
    _, theirs = annotated_article(ben, user="ben")
    for name in ("Zed One", "Zed Two", "Zed Three"):  # Ana's database numbers its people differently
        store.people.find_or_create_person(name, user="ana")
    annotated_article(store, user="ana")
    carla_there = ben.people.find_or_create_person("Carla Diaz", user="ben")
    ben.quotes.confirm_quote(theirs[1].id, user="ben")  # attaches Bo Chen
    bo_there = ben.quotes.get_quote(theirs[1].id).person_id
    ben.quotes.set_speaker(theirs[1].id, carla_there.id, user="ben")

    import_colleague_database(store, ben_path, user="ana")

    here = {person.name: person.id for person in store.people.list_people()}
    assert (here["Carla Diaz"], here["Bo Chen"]) != (carla_there.id, bo_there)
    [change] = [e for e in store.audit.edits(users=["ben"]) if e.action == "set_speaker"]
    # the log names the people as this database knows them, so it reads right here
    assert (change.before or {})["person_id"] == here["Bo Chen"]
    assert (change.after or {})["person_id"] == here["Carla Diaz"]
