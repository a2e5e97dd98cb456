"""Migration 0009: the partial index on articles without suggestions, and the run's status reading through it."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from annotator.annotation_queue import WAITING_COUNT, queue_status
from annotator.db.opening import alembic_config, current_revision, head_revision, make_engine
from annotator.nlp.types import Annotations
from annotator.store import NewArticle, Store


def test_a_database_at_0008_upgrades_with_the_index_and_its_counts_unchanged(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        command.upgrade(alembic_config(engine), "0008")
        with engine.begin() as connection:
            for n in range(1, 6):
                connection.execute(
                    text(
                        "INSERT INTO articles (title, text, content_hash, status, imported_at, extra, "
                        "annotated_at) VALUES (:title, :body, :hash, 'new', '2026-11-30 10:00:00', '{}', "
                        ":annotated)"
                    ),
                    {
                        "title": f"Story {n}",
                        "body": f"The mayor spoke on day {n}.",
                        "hash": f"h{n}",
                        "annotated": "2026-11-30 11:00:00" if n <= 2 else None,
                    },
                )
        assert "ix_articles_unannotated" not in {i["name"] for i in inspect(engine).get_indexes("articles")}
    finally:
        engine.dispose()

    store = Store.open(db_url)  # opening migrates to the head
    try:
        assert current_revision(store.engine) == head_revision()
        assert "ix_articles_unannotated" in {i["name"] for i in inspect(store.engine).get_indexes("articles")}
        status = queue_status(store)
        assert (status.done, status.left) == (2, 3)
        third, fourth, fifth = store.articles.article_ids()[2:]  # in the order they were imported
        assert store.articles.article_ids(unannotated_only=True) == [third, fourth, fifth]
        store.articles.save_annotations(third, Annotations(model="the app's model"), user="model")
        added = store.articles.add_article(NewArticle(title="New", text="A new story."), user="ana")[0].id
        assert store.articles.article_ids(unannotated_only=True) == [fourth, fifth, added]
        status = queue_status(store)
        assert (status.done, status.left) == (3, 3)
    finally:
        store.close()


def test_the_status_counts_the_waiting_articles_through_the_index(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as connection:
        query = str(WAITING_COUNT.compile(connection))
        plan = " ".join(str(row[-1]) for row in connection.execute(text(f"EXPLAIN QUERY PLAN {query}")))
    assert "USING INDEX ix_articles_unannotated" in plan  # not a scan of every article
