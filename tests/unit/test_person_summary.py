"""The per-person summary (migration 0008's tables and triggers) against a count from scratch after every kind
of write that changes a quote's person, status or article: editor operations with undo and redo, merging and
splitting people, a colleague's import, the model's annotation by a worker, a bulk import, Core writes that
no app code watches; on real SQLite and PostgreSQL. And the People view's order read from it."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, text, update

from annotator.db.models import Article, Person, PersonQuoteDate, PersonQuoteOutlet, PersonQuoteSummary, Quote
from annotator.operations import ConfirmQuote, History, MergePeople, RejectQuote, SetSpeaker, SplitPerson
from annotator.people_archive import list_people, person_quotes
from annotator.store import Store
from tests.unit.people_data import Said, annotated_article
from tests.unit.racing_processes import started_together

KEEN = "We are very keen to see this through"
WORDS = ("Growth is slowing down this year", "Nobody expected the vote", "We will not raise taxes again")


def _from_scratch(store: Store) -> dict[str, Any]:
    """What the summary should say, counted from the quotes themselves."""
    people: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"quotes": 0, "verified": 0, "suggested": 0, "first": "", "last": ""}
    )
    dates: dict[tuple[int, str], int] = defaultdict(int)
    outlets: dict[tuple[int, str], int] = defaultdict(int)
    with store.engine.connect() as conn:
        for person_id, status, published, outlet in conn.execute(
            select(Quote.person_id, Quote.status, Article.published, Article.outlet)
            .join(Article, Article.id == Quote.article_id)
            .where(Quote.person_id.is_not(None), Quote.status != "rejected")
        ):
            row = people[person_id]
            row["quotes"] += 1
            row["verified"] += status in ("confirmed", "corrected")
            row["suggested"] += status == "suggested"
            if published and (not row["first"] or published < row["first"]):
                row["first"] = published
            row["last"] = max(row["last"], published or "")
            dates[(person_id, published or "")] += 1
            outlets[(person_id, outlet or "")] += 1
    return {
        "people": {p: (r["quotes"], r["verified"], r["suggested"], r["first"], r["last"]) for p, r in people.items()},
        "dates": dict(dates),
        "outlets": dict(outlets),
    }


def _kept(store: Store) -> dict[str, Any]:
    with store.engine.connect() as conn:
        summary = PersonQuoteSummary
        return {
            "people": {
                r[0]: tuple(r[1:])
                for r in conn.execute(
                    select(
                        summary.person_id,
                        summary.quotes,
                        summary.verified,
                        summary.suggested,
                        summary.first_seen,
                        summary.last_seen,
                    )
                )
            },
            "dates": {(p, d): n for p, d, n in conn.execute(select(PersonQuoteDate.__table__))},
            "outlets": {(p, o): n for p, o, n in conn.execute(select(PersonQuoteOutlet.__table__))},
        }


def _assert_current(store: Store) -> None:
    assert _kept(store) == _from_scratch(store)


def _archive(store: Store) -> list[Any]:
    """Three articles on three dates in two outlets; Nick Clegg and Jacinda Ardern confirmed, one quote left a
    suggestion, one rejected."""
    first = annotated_article(
        store,
        "Budget",
        [Said(KEEN, "Nick Clegg"), Said(WORDS[0], "Jacinda Ardern", "leave")],
        published="2024-01-10",
    )
    second = annotated_article(
        store,
        "Vote",
        [Said(WORDS[1], "Nick Clegg"), Said(WORDS[2], "Jacinda Ardern", "reject")],
        outlet="The Guardian",
        published="2024-03-02",
    )
    third = annotated_article(store, "Later", [Said(KEEN, "Jacinda Ardern")], published="2024-05-20")
    return [*first, *second, *third]


def _person(store: Store, name: str) -> int:
    with store.engine.connect() as conn:
        found = conn.scalar(select(Person.id).where(Person.name == name))
    assert found is not None
    return found


def test_confirm_reject_speaker_change_and_their_undo_and_redo_keep_the_summary(store: Store) -> None:
    quotes = _archive(store)
    _assert_current(store)
    clegg, ardern = _person(store, "Nick Clegg"), _person(store, "Jacinda Ardern")
    assert _kept(store)["people"][clegg] == (2, 2, 0, "2024-01-10", "2024-03-02")
    history = History(store, "ana")

    history.run(SetSpeaker(quotes[0].id, person_id=ardern))  # Clegg's first quote is Ardern's
    _assert_current(store)
    assert _kept(store)["people"][clegg] == (1, 1, 0, "2024-03-02", "2024-03-02")
    history.run(RejectQuote(quotes[2].id))  # and his other one is no quote: he no longer speaks
    _assert_current(store)
    assert clegg not in _kept(store)["people"]
    history.run(ConfirmQuote(quotes[1].id))  # the suggestion confirmed
    _assert_current(store)
    for _ in range(3):
        history.undo()
        _assert_current(store)
    assert _kept(store)["people"][clegg] == (2, 2, 0, "2024-01-10", "2024-03-02")
    for _ in range(3):
        history.redo()
        _assert_current(store)


def test_merging_and_splitting_people_and_undoing_them_keep_the_summary(store: Store) -> None:
    quotes = _archive(store)
    clegg, ardern = _person(store, "Nick Clegg"), _person(store, "Jacinda Ardern")
    history = History(store, "ana")

    history.run(MergePeople(ardern, clegg))
    _assert_current(store)
    assert set(_kept(store)["people"]) == {ardern}
    assert _kept(store)["people"][ardern][0] == 3  # his 2 and her 1 (her rejected quote still does not count)
    history.undo()
    _assert_current(store)
    assert set(_kept(store)["people"]) == {clegg, ardern}

    history.run(SplitPerson(clegg, "Nicholas Clegg", (quotes[2].id,)))
    _assert_current(store)
    assert _kept(store)["people"][clegg] == (1, 1, 0, "2024-01-10", "2024-01-10")
    history.undo()
    _assert_current(store)
    history.redo()
    _assert_current(store)


def test_core_writes_no_app_code_watches_keep_the_summary(store: Store) -> None:
    """Bulk inserts, a moved article date, deleted quotes and articles: the triggers see them all."""
    _archive(store)
    clegg = _person(store, "Nick Clegg")
    with store.engine.begin() as conn:
        article_id = conn.execute(
            insert(Article).returning(Article.id),
            [{"title": "Bulk", "text": "x", "content_hash": "bulk-1", "extra": {}, "published": "2025-02-01"}],
        ).scalar_one()
        conn.execute(
            insert(Quote),
            [
                {
                    "uid": f"bulk-{i}",
                    "article_id": article_id,
                    "start": i,
                    "end": i + 1,
                    "text": "x",
                    "origin": "model:test",
                    "status": status,
                    "person_id": clegg,
                }
                for i, status in enumerate(("suggested", "confirmed", "rejected"))
            ],
        )
    _assert_current(store)
    assert _kept(store)["people"][clegg][4] == "2025-02-01"
    with store.engine.begin() as conn:
        conn.execute(update(Article).where(Article.id == article_id).values(published=None, outlet="Reuters"))
    _assert_current(store)
    assert _kept(store)["people"][clegg][4] == "2024-03-02"  # an undated article is no last seen
    with store.engine.begin() as conn:
        conn.execute(update(Quote).where(Quote.article_id == article_id).values(status="rejected"))
    _assert_current(store)
    with store.engine.begin() as conn:
        conn.execute(update(Quote).where(Quote.article_id == article_id).values(status="corrected"))
        conn.execute(delete(Article).where(Article.id == article_id))
    _assert_current(store)
    with store.engine.begin() as conn:
        conn.execute(delete(Quote))
    assert _kept(store) == {"people": {}, "dates": {}, "outlets": {}}


def test_a_colleagues_import_keeps_the_summary(store: Store, tmp_path: Path) -> None:
    from annotator.review.colleague_import import import_colleague_database

    _archive(store)
    ben_path = tmp_path / "ben" / "ben.db"
    ben = Store.open(f"sqlite:///{ben_path}")
    try:
        annotated_article(ben, "Ben's article", [Said(KEEN, "Nick Clegg"), Said(WORDS[1], "Ben Person")])
    finally:
        ben.close()

    report = import_colleague_database(store, ben_path, user="ana")

    assert report.articles_added == 1
    _assert_current(store)
    assert _kept(store)["people"][_person(store, "Nick Clegg")][0] == 3


def test_two_colleagues_imports_at_once_keep_the_summary(pg_url: str, tmp_path: Path) -> None:
    """Two `review import` processes writing into one team database at the same moment, their files quoting
    the same people (one of them new here, in an article both bring): one summary row per person, and every
    count, date and outlet as a count from scratch says."""
    store = Store.open(pg_url)
    try:
        _archive(store)
        files = []
        for editor, decision in (("ben", "confirm"), ("cara", "reject")):
            path = tmp_path / editor / f"{editor}.db"
            colleague = Store.open(f"sqlite:///{path}")
            try:
                # the archive's first article: the suggestion Ana left, each decides in their own way
                budget = [Said(KEEN, "Nick Clegg"), Said(WORDS[0], "Jacinda Ardern", decision)]
                annotated_article(colleague, "Budget", budget, published="2024-01-10", editor=editor)
                # an article both have and Ana has not: both imports want to add it at once
                shared = [Said(WORDS[1], "Maria Lopez"), Said(KEEN, "Nick Clegg")]
                annotated_article(colleague, "Shared", shared, outlet="Reuters", published="2023-12-01", editor=editor)
                for day in range(4):
                    own = [Said(WORDS[day % 3], "Maria Lopez"), Said(KEEN, "Jacinda Ardern", "leave")]
                    published = f"2024-0{day + 2}-1{day}"
                    outlet = f"{editor} news"
                    annotated_article(
                        colleague, f"{editor} {day}", own, outlet=outlet, published=published, editor=editor
                    )
            finally:
                colleague.close()
            files.append(path)
        command = [sys.executable, "-m", "annotator.cli", "--db", pg_url, "--user", "ana", "review", "import"]

        runs = started_together(pg_url, [[*command, str(path)] for path in files])

        results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
        assert [(code, "Traceback" in err) for code, _, err in results] == [(0, False), (0, False)], results
        _assert_current(store)
        with store.engine.connect() as conn:
            lopez = conn.scalars(select(Person.id).where(Person.name == "Maria Lopez")).all()
        assert len(lopez) == 1
        assert _kept(store)["people"][lopez[0]][0] == 1 + 4 + 4  # the shared article once, and each one's own
    finally:
        store.close()


def test_the_models_annotation_by_a_worker_after_a_bulk_import_keeps_the_summary(store: Store, tmp_path: Path) -> None:
    from annotator.annotation_queue import run_worker
    from annotator.bulk_import import bulk_import

    _archive(store)  # Nick Clegg is a known person: the model names him in the new articles
    lines = [
        {"title": f"Later {i}", "text": f"“{KEEN}, again,” Nick Clegg said on day {i}.", "published": f"2025-0{i}-01"}
        for i in (1, 2)
    ]
    archive = tmp_path / "archive.jsonl"
    archive.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")

    assert bulk_import(store, [archive], user="ana").added == 2
    _assert_current(store)
    assert run_worker(store, user="ana", n_process=1) == 2

    _assert_current(store)
    clegg = _kept(store)["people"][_person(store, "Nick Clegg")]
    assert clegg[2] == 2 and clegg[4] == "2025-02-01"  # two new suggestions, seen last in February


def test_an_existing_database_upgrades_with_its_summary_filled(tmp_path: Path) -> None:
    from alembic import command

    from annotator.db.opening import alembic_config, make_engine

    path = tmp_path / "old.db"
    store = Store.open(f"sqlite:///{path}")
    try:
        _archive(store)
        expected = _from_scratch(store)
    finally:
        store.close()
    engine = make_engine(f"sqlite:///{path}")
    try:
        command.downgrade(alembic_config(engine), "0007")
        with engine.connect() as conn:
            tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
        assert "person_summary" not in tables
    finally:
        engine.dispose()

    upgraded = Store.open(f"sqlite:///{path}")  # opening migrates to the head, 0008 filling the summary
    try:
        assert _kept(upgraded) == expected
        History(upgraded, "ana").run(RejectQuote(_first_quote(upgraded)))  # and the triggers keep it from there
        _assert_current(upgraded)
    finally:
        upgraded.close()


def _first_quote(store: Store) -> int:
    with store.engine.connect() as conn:
        found = conn.scalar(select(Quote.id).where(Quote.status != "rejected").order_by(Quote.id).limit(1))
    assert found is not None
    return found


def test_the_people_view_orders_by_count_and_last_seen_page_by_page(store: Store) -> None:
    _archive(store)
    with store.engine.begin() as conn:  # more people, with ties, in bulk
        conn.execute(insert(Person), [{"name": f"Person {i:02d}"} for i in range(12)])
        extra = list(conn.scalars(select(Person.id).where(Person.name.like("Person %")).order_by(Person.id)))
        article_ids = list(conn.scalars(select(Article.id).order_by(Article.id)))
        conn.execute(
            insert(Quote),
            [
                {
                    "uid": f"extra-{person_id}-{n}",
                    "article_id": article_ids[(i + n) % len(article_ids)],
                    "start": 1000 + n,
                    "end": 1001 + n,
                    "text": "x",
                    "origin": "model:test",
                    "status": "confirmed",
                    "person_id": person_id,
                }
                for i, person_id in enumerate(extra)
                for n in range(i % 4 + 1)
            ],
        )
    counted = _from_scratch(store)["people"]
    by_count = sorted(counted, key=lambda p: (-counted[p][0], p))
    by_last_seen = sorted(counted, key=lambda p: (_descending(counted[p][4]), p))
    oldest_first = sorted(counted, key=lambda p: (counted[p][4], p))
    for sort, descending, expected in (
        ("quotes", None, by_count),
        ("last_seen", None, by_last_seen),
        ("last_seen", False, oldest_first),
    ):
        shown: list[int] = []
        page = list_people(store, sort=sort, descending=descending, limit=4)
        shown += [p.person_id for p in page.people]
        while page.next is not None:
            page = list_people(store, sort=sort, descending=descending, after=page.next, limit=4)
            shown += [p.person_id for p in page.people]
        assert shown == expected, sort
    top = list_people(store, sort="quotes", limit=1).people[0]
    assert (top.quotes, top.verified, top.suggested) == counted[top.person_id][:3]


def _descending(value: str) -> tuple[int, ...]:
    return (*(-ord(c) for c in value), 1)


def test_one_persons_quotes_page_through_the_latest_dates_in_order(store: Store, monkeypatch: Any) -> None:
    """With the window of latest dates in use (a low threshold here), the pages are the sorted whole."""
    from annotator import people_archive

    quotes = _archive(store)
    clegg = _person(store, "Nick Clegg")
    with store.engine.begin() as conn:
        conn.execute(update(Quote).where(Quote.id.in_([q.id for q in quotes])).values(person_id=clegg))
    with store.engine.connect() as conn:
        expected = [
            r[0]
            for r in conn.execute(
                select(Quote.id, Article.published)
                .join(Article, Article.id == Quote.article_id)
                .where(Quote.person_id == clegg, Quote.status != "rejected")
                .order_by(Article.published.desc(), Quote.id.desc())
            )
        ]
    monkeypatch.setattr(people_archive, "SORT_WHOLE", 0)
    for size in (1, 2, 3):
        shown: list[int] = []
        page = person_quotes(store, clegg, limit=size)
        shown += [q.quote_id for q in page.quotes]
        while page.next is not None:
            page = person_quotes(store, clegg, after=page.next, limit=size)
            shown += [q.quote_id for q in page.quotes]
        assert shown == expected, size
