"""Migration 0010: the audit log's indexes that the review queue reads through (its span, then its quotes'
histories by uid), and a queue that reads the same after the upgrade."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from alembic import command
from sqlalchemy import event, inspect

from annotator.db.opening import alembic_config, current_revision, head_revision, make_engine
from annotator.review.queue import review_queue
from annotator.store import Store
from tests.review_fixtures import annotated_article

INDEXES = {"ix_edits_target_at", "ix_edits_target_uid"}


def _index_names(store_or_engine: Any) -> set[str]:
    return {index["name"] for index in inspect(store_or_engine).get_indexes("edits")}


def test_a_database_at_0009_upgrades_with_the_indexes_and_its_queue_unchanged(db_url: str) -> None:
    store = Store.open(db_url)
    _, quotes = annotated_article(store, user="model")
    store.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)
    store.quotes.update_quote(quotes[1].id, {"kind": "partial"}, user="ana", expected_version=quotes[1].version)
    queue = review_queue(store, reviewer="ben")
    store.close()
    engine = make_engine(db_url)
    try:
        command.downgrade(alembic_config(engine), "0009")  # the database as the previous version left it
        assert not INDEXES & _index_names(engine)
    finally:
        engine.dispose()

    store = Store.open(db_url)  # opening upgrades it
    try:
        assert current_revision(store.engine) == head_revision()
        assert _index_names(store.engine) >= INDEXES
        assert review_queue(store, reviewer="ben") == queue
        assert [(item.colleague, item.theirs.status, item.theirs.kind) for item in queue] == [
            ("ana", "confirmed", "direct"),
            ("ana", "corrected", "partial"),
        ]
    finally:
        store.close()


def _plans(store: Store, read: Any, marker: str) -> list[str]:
    """The query plans SQLite chose for the statements `read` ran that contain `marker`."""
    statements: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if marker in statement:
            statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", keep)
    try:
        read()
    finally:
        event.remove(store.engine, "before_cursor_execute", keep)
    assert statements
    with store.engine.connect() as connection:
        return [
            " ".join(str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
            for sql, params in statements
        ]


def test_the_queue_reads_its_span_and_histories_through_the_indexes(sqlite_store: Store) -> None:
    """Without them each read went through every quote edit of the log (seconds on a newsroom archive); a
    database nobody ran ANALYZE on must pick them too."""
    _, quotes = annotated_article(sqlite_store, user="model")
    now = datetime.now(UTC)
    span = _plans(
        sqlite_store,
        lambda: sqlite_store.review.local_quote_edits(exclude_user="ben", since=now - timedelta(days=30), until=now),
        "edits.at >=",
    )
    histories = _plans(
        sqlite_store, lambda: sqlite_store.review.local_quote_edits(uids=[q.uid for q in quotes]), "target_uid IN"
    )
    assert all("USING INDEX ix_edits_target_at (target=? AND at>? AND at<?)" in plan for plan in span)
    assert all("USING INDEX ix_edits_target_uid (target=? AND target_uid=?)" in plan for plan in histories)
