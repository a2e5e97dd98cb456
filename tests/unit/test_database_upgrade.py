"""Opening a database an earlier version wrote: the plan is known before opening, each migration step is
reported as it starts, and a SQLite file is copied as it was first (a new database is not)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from annotator.db.opening import (
    DatabaseProblem,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    upgrade_plan_for,
)
from annotator.db.upgrade_steps import UpgradeStep
from annotator.store import Store

# Each step as a progress line names it: its migration docstring's first line, up to the colon
LATER_STEPS = [
    ("0011", "quote words"),
    ("0012", "name keys folded as fold_name folds"),
    ("0013", "each person's whole name folded (fold_name) beside their surname key"),
]


def make_database_at_0010(url: str) -> None:
    """A database as version 0010 left it, with one article and one quote."""
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(engine), "0010")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO articles (id, title, text, content_hash, status, imported_at, extra) "
                    "VALUES (1, 'Flood', 'Intro. \"We are ready,\" she said.', 'h', 'done', "
                    "'2026-11-30 10:00:00', '{}')"
                )
            )
            connection.execute(
                text(
                    'INSERT INTO quotes (id, uid, article_id, start, "end", text, pieces, kind, origin, status, '
                    "verified_by, created_at, updated_at, version) VALUES (1, 'u1', 1, 7, 22, "
                    "'\"We are ready,\"', '[]', 'direct', 'user:ana', 'confirmed', 'ana', "
                    "'2026-11-30 10:00:00', '2026-11-30 10:00:00', 2)"
                )
            )
    finally:
        engine.dispose()


def open_recording_steps(url: str) -> tuple[Store, list[tuple[int, int, str]]]:
    reported: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, label: str) -> bool:
        reported.append((done, total, label))
        return True

    return Store.open(url, progress=progress), reported


def test_an_older_database_is_known_to_need_upgrading_before_it_is_opened(db_url: str) -> None:
    make_database_at_0010(db_url)
    plan = upgrade_plan_for(db_url)
    assert plan.upgrades_existing
    assert (plan.current, plan.head) == ("0010", head_revision())
    assert plan.steps == tuple(UpgradeStep(revision, description) for revision, description in LATER_STEPS)
    # a SQLite file is copied first; a PostgreSQL server's database is the administrator's to back up
    assert (plan.backup is not None) == db_url.startswith("sqlite")
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == "0010"  # looking changed nothing
    finally:
        engine.dispose()


def test_a_database_at_this_version_or_a_new_one_needs_no_upgrade(db_url: str) -> None:
    new = upgrade_plan_for(db_url)
    assert not new.upgrades_existing and new.current is None and new.backup is None
    Store.open(db_url).close()
    assert upgrade_plan_for(db_url).steps == ()


def test_upgrading_reports_each_step_in_order_and_keeps_the_quotes(db_url: str) -> None:
    make_database_at_0010(db_url)
    store, reported = open_recording_steps(db_url)
    try:
        assert reported == [(done, 3, description) for done, (_revision, description) in enumerate(LATER_STEPS)]
        assert current_revision(store.engine) == head_revision()
        assert [quote.text for quote in store.quotes.quotes_for_article(1)] == ['"We are ready,"']
    finally:
        store.close()


def test_a_sqlite_file_is_copied_as_it_was_before_upgrading(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    make_database_at_0010(f"sqlite:///{path}")
    store, _reported = open_recording_steps(f"sqlite:///{path}")
    store.close()
    backup = tmp_path / "archive.db.before-0010.bak"
    assert sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name) == [backup.name]
    with sqlite3.connect(backup) as connection:  # an ordinary database at the old revision, the quote in it
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0010",)
        assert connection.execute("SELECT text FROM quotes").fetchall() == [('"We are ready,"',)]
    # the copy opens in the app too (and is upgraded there in turn)
    copy = Store.open(f"sqlite:///{backup}")
    try:
        assert [quote.id for quote in copy.quotes.quotes_for_article(1)] == [1]
    finally:
        copy.close()


def test_a_new_sqlite_database_is_not_copied(tmp_path: Path) -> None:
    store, reported = open_recording_steps(f"sqlite:///{tmp_path / 'new.db'}")
    store.close()
    assert len(reported) == len(alembic_config_steps())
    assert [p.name for p in tmp_path.iterdir() if ".bak" in p.name] == []


def test_a_colleagues_older_database_is_upgraded_in_the_private_copy_with_no_copy_of_that_copy(
    tmp_path: Path,
) -> None:
    theirs = tmp_path / "ben.db"
    make_database_at_0010(f"sqlite:///{theirs}")
    folder = tmp_path / "private"
    folder.mkdir()
    store = Store.open_colleague_copy(str(theirs), folder)
    store.close()
    assert [p.name for p in folder.iterdir() if ".bak" in p.name] == []  # the private copy is throwaway
    assert [p.name for p in tmp_path.iterdir() if ".bak" in p.name] == []  # and their file is never touched


def test_a_failed_upgrade_names_the_copy_and_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    make_database_at_0010(f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:  # 0012 creates this table: the upgrade fails there
        connection.execute("CREATE TABLE person_alias_keys (alias_id INTEGER)")
    with pytest.raises(DatabaseProblem, match=r"failed at 0012 .*archive\.db\.before-0010\.bak") as caught:
        Store.open(f"sqlite:///{path}")
    assert "\n" not in str(caught.value)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0010",)


def alembic_config_steps() -> list[str]:
    from alembic.script import ScriptDirectory

    return [script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()]
