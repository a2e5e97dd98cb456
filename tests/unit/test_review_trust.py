"""A colleague's work merged so the newsroom can trust the dataset: one quote per stretch of text, agreement
counted as verification, editors told apart by their id rather than their name."""

from __future__ import annotations

import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from annotator.decision_records import MergeReport
from annotator.review.colleague_import import import_colleague_database
from annotator.review.queue import review_queue
from annotator.store import Store
from tests.review_fixtures import TEXT, annotated_article, span
from tests.unit.racing_processes import started_together


def test_narrowed_bounds_are_one_conflict_not_a_second_quote(store: Store, ben: Store, ben_path: Path) -> None:
    article_id, mine = annotated_article(store, user="ana")
    _, theirs = annotated_article(ben, user="ben")
    # Ana keeps only the last word of the first quote: far less than half of the model's span
    start, end = span("vote,", TEXT)
    store.quotes.update_quote(mine[0].id, {"start": start, "end": end}, user="ana", expected_version=mine[0].version)
    store.quotes.delete_quote(mine[3].id, user="ana")  # "rushed" is no quote for Ana
    for quote in mine[1:3]:
        store.quotes.confirm_quote(quote.id, user="ana")
    store.articles.set_article_status(article_id, "done", user="ana")
    ben.quotes.confirm_quote(theirs[0].id, user="ben")  # untouched
    # Ben leaves the model's "rushed" as it is: only a suggestion

    report = import_colleague_database(store, ben_path, user="ana")

    assert report.quotes_added == 0
    quotes = store.quotes.quotes_for_article(article_id)
    assert len(quotes) == 3
    assert not any(q.status == "suggested" for q in quotes)
    assert store.articles.get_article(article_id).status == "done"
    [conflict] = store.review.review_conflicts()
    assert conflict.quote_id == mine[0].id
    assert (conflict.mine.start, conflict.mine.end) == (start, end)
    assert (conflict.theirs.start, conflict.theirs.end) == (theirs[0].start, theirs[0].end)


def test_same_confirmation_by_two_editors_is_verified_and_accepted_once(
    store: Store, ben: Store, ben_path: Path
) -> None:
    _, mine = annotated_article(store, user="ana")
    _, theirs = annotated_article(ben, user="ben")
    store.quotes.confirm_quote(mine[1].id, user="ana")
    ben.quotes.confirm_quote(theirs[1].id, user="ben")

    import_colleague_database(store, ben_path, user="ana")

    agreed = store.quotes.get_quote(mine[1].id)
    assert (agreed.verified_by, agreed.reviewed_by, agreed.review_status) == ("ana", "ben", "accepted")
    [item] = [i for i in review_queue(store, reviewer="ana", colleagues=["ben"]) if i.quote.id == mine[1].id]
    assert item.agreed
    # accepting it from the queue is not refused: two people already verified it
    accepted = store.review.accept_quote(mine[1].id, reviewer="ana", expected_version=agreed.version)
    assert accepted.review_status == "accepted" and accepted.reviewed_by == "ben"


def test_a_colleague_with_my_name_is_not_me(store: Store, ben_path: Path) -> None:
    """Issue #14: the other "ana" (her own database) has decisions that conflict like anyone's."""
    store.audit.ensure_user("ana")
    _, mine = annotated_article(store, user="ana")
    store.quotes.confirm_quote(mine[0].id, user="ana")
    other = Store.open(f"sqlite:///{ben_path}")
    try:
        other_id = other.audit.ensure_user("ana")
        _, theirs = annotated_article(other, user="ana")
        other.quotes.reject_quote(theirs[0].id, user="ana")
        other.quotes.confirm_quote(theirs[1].id, user="ana")
    finally:
        other.close()
    assert other_id != store.audit.editor_ids()["ana"]

    report = import_colleague_database(store, ben_path, user="ana")

    assert report.conflicts == 1 and report.decisions_adopted == 1
    [conflict] = store.review.review_conflicts()
    assert conflict.theirs.user == other_id and not conflict.theirs.is_quote
    assert store.quotes.get_quote(mine[1].id).verified_by == other_id
    assert store.audit.editor_ids()[other_id] == other_id


def test_a_copy_of_my_own_database_brings_nothing_of_mine_as_a_colleague(store: Store, tmp_path: Path) -> None:
    store.audit.ensure_user("ana")
    _, mine = annotated_article(store, user="ana")
    store.quotes.confirm_quote(mine[0].id, user="ana")
    copy = tmp_path / "copy.db"
    copied = Store.open(f"sqlite:///{copy}")
    try:
        copied.audit.ensure_user("ana", editor_id=store.audit.editor_ids()["ana"])
        annotated_article(copied, user="ana")
        copied.quotes.confirm_quote(
            copied.quotes.quotes_for_article(copied.articles.article_ids()[0])[2].id, user="ana"
        )
    finally:
        copied.close()

    report = import_colleague_database(store, copy, user="ana")

    assert (report.decisions_added, report.conflicts) == (0, 0)


def test_an_editor_created_by_two_programs_at_once_is_created_once(db_url: str) -> None:
    stores = [Store.open(db_url), Store.open(db_url)]
    try:
        for round_ in range(15):
            name = f"zoe {round_}"
            barrier = threading.Barrier(2)
            found: list[str] = []
            errors: list[BaseException] = []

            def create(
                store: Store,
                name: str = name,
                barrier: threading.Barrier = barrier,
                found: list[str] = found,
                errors: list[BaseException] = errors,
            ) -> None:
                barrier.wait()
                try:
                    found.append(store.audit.ensure_user(name))
                except BaseException as exc:  # the test reports what the user would see
                    errors.append(exc)

            threads = [threading.Thread(target=create, args=(s,)) for s in stores]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert errors == []
            assert len(set(found)) == 1 and found[0].startswith(f"{name}#")
        assert sum(name.startswith("zoe ") for name in stores[0].audit.users()) == 15
    finally:
        for opened in stores:
            opened.close()


def test_two_imports_of_one_file_at_once_bring_it_in_once(db_url: str, ben: Store, ben_path: Path) -> None:
    ana = Store.open(db_url)
    try:
        _, mine = annotated_article(ana, user="ana")
        ana.quotes.confirm_quote(mine[0].id, user="ana")
        _, theirs = annotated_article(ben, user="ben")
        ben.quotes.reject_quote(theirs[0].id, user="ben")
        ben.quotes.confirm_quote(theirs[1].id, user="ben")
        ben.quotes.add_quote(theirs[0].article_id, *span('"unfunded"'), user="ben", kind="partial")
        for day in range(8):  # articles only Ben has: both imports want to add them at the same moment
            _, others = annotated_article(ben, user="ben", title=f"Day {day}", text=f"{TEXT} Day {day}.")
            ben.quotes.confirm_quote(others[1].id, user="ben")
        ben.close()
        command = [sys.executable, "-m", "annotator.cli", "--db", db_url, "--user", "ana", "review", "import"]
        for _ in range(2):
            # two `review import` processes of one file at once, as two windows or scripts would run them
            runs = started_together(db_url, [[*command, str(ben_path)]] * 2)
            results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
            assert [(code, "Traceback" in err) for code, _, err in results] == [(0, False), (0, False)], results
        # every row came in once: Ben's audit rows, the import's own rows; the "merge database" rows (one per
        # run that brought something in: the two may share the work) add up to one import of the file
        edits = ana.audit.edits()
        rows = [(e.user, e.at, e.action, e.target, e.target_uid, e.source) for e in edits]
        assert sorted(row for row in rows if rows.count(row) > 1) == []
        merged = [e.after or {} for e in _merge_rows(ana)]
        assert merged and sum(m["articles_added"] for m in merged) == 8
        assert sum(m["decisions_added"] for m in merged) == 3 + 8
        assert sum(m["edits_added"] for m in merged) == len([e for e in edits if e.source])
        imported = [(e.after or {}).get("content_hash") for e in edits if e.action == "import" and e.source is None]
        assert len(imported) == len(set(imported)) >= 8  # each article Ana did not have is imported once
        quotes = ana.quotes.quotes_for_article(mine[0].article_id)
        assert len(quotes) == 5
        assert len(ana.review.review_conflicts()) == 1
        assert len(ana.review.quote_decisions()) == 3 + 8
        assert (
            len(ana.articles.article_ids()) == 9
            and len(ana.quotes.quotes_for_article(ana.articles.article_ids()[-1])) == 4
        )
    finally:
        ana.close()


def test_a_rerun_after_an_interrupted_import_writes_the_merge_row(store: Store, ben: Store, ben_path: Path) -> None:
    _, theirs = annotated_article(ben, user="ben")
    ben.quotes.confirm_quote(theirs[0].id, user="ben")
    import_colleague_database(store, ben_path, user="ana")
    # the process was killed after the last article and before its "merge database" row
    with store.db.transaction() as session:
        session.execute(text("DELETE FROM edits WHERE action = 'merge' AND target = 'database'"))
    assert not _merge_rows(store)

    report = import_colleague_database(store, ben_path, user="ana")

    assert not report.changed_anything
    assert len(_merge_rows(store)) == 1
    import_colleague_database(store, ben_path, user="ana")
    assert len(_merge_rows(store)) == 1  # a third run that completes adds no second row


def _merge_rows(store: Store) -> list[object]:
    return [e for e in store.audit.edits() if e.action == "merge" and e.target == "database"]


def test_a_run_that_found_another_runs_work_leaves_the_merge_row_to_it(
    store: Store, ben: Store, ben_path: Path
) -> None:
    _, theirs = annotated_article(ben, user="ben")
    ben.quotes.confirm_quote(theirs[0].id, user="ben")
    nothing_new = MergeReport(source=str(ben_path.resolve()))
    started = datetime.now(UTC)  # this run starts; another import of the file, beside it, brings it all in
    import_colleague_database(store, ben_path, user="ana")
    with store.db.transaction() as session:  # and has not written its row yet
        session.execute(text("DELETE FROM edits WHERE action = 'merge' AND target = 'database'"))

    assert not store.colleagues.record_merge(nothing_new, user="ana", started=started)
    # a rerun that starts after all of it came in is the rerun of an interrupted import: it writes the row
    assert store.colleagues.record_merge(nothing_new, user="ana", started=datetime.now(UTC))
    assert len(_merge_rows(store)) == 1
