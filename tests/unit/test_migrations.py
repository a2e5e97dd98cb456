"""The schema the migrations build is the schema the models describe, and bad databases are refused clearly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from annotator.db.models import Base
from annotator.db.opening import DatabaseProblem, current_revision, head_revision, make_engine, upgrade_to_head
from annotator.store import Store


def test_fresh_database_upgraded_to_head_matches_models(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade_to_head(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            differences = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
            )
        assert differences == []
    finally:
        engine.dispose()


def test_upgrading_twice_changes_nothing(sqlite_url: str) -> None:
    Store.open(sqlite_url).close()
    store = Store.open(sqlite_url)
    try:
        assert current_revision(store.engine) == head_revision()
    finally:
        store.close()


def test_sqlite_is_opened_with_wal_foreign_keys_and_busy_timeout(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_database_from_a_newer_version_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    Store.open(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(DatabaseProblem, match="newer version"):
        Store.open(f"sqlite:///{path}")


def test_corrupt_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DatabaseProblem, match="damaged or not a database"):
        Store.open(f"sqlite:///{path}")
    assert path.read_bytes().startswith(b"this is not a database")  # the file is left as it was


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(DatabaseProblem, match="another program"):
        Store.open(f"sqlite:///{path}")


def test_unreachable_server_is_reported_in_one_line() -> None:
    with pytest.raises(DatabaseProblem, match="cannot open") as caught:
        Store.open("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert "\n" not in str(caught.value)
