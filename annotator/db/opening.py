"""Opening a database: the engine with SQLite's safety settings, and migrations to the current schema."""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from annotator.db.upgrade_steps import (
    StepReporter,
    UpgradePlan,
    backup_path,
    copy_sqlite_database,
    pending_steps,
)
from annotator.progress import ProgressCallback, no_progress
from annotator.store_error import StoreError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Another process writing (the CLI, a second window) holds the lock for milliseconds; waiting longer than a
# few seconds only freezes the editor before the "database is locked" message, so give up after 5.
SQLITE_BUSY_SECONDS = 5
SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseProblem(StoreError):
    """A database that cannot be used as it is; the message is meant for the user, in one line."""


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseProblem(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")  # the driver we ship
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            refuse_foreign_sqlite_file(Path(database).expanduser(), describe_url(url))
            folder = Path(database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseProblem(f"cannot create the folder {folder}: {exc.strerror}") from exc
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def refuse_foreign_sqlite_file(path: Path, where: str) -> None:
    """Refuse a file that is not ours, or is newer than this app, by only reading it.

    The connection then switches the file to WAL mode, which rewrites its header: a file we refuse must
    stay byte for byte as it was, so this look comes first, on a read-only connection.
    """
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return  # a new database, created on first connection
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseProblem(f"cannot read {where}: {exc.strerror or exc}") from exc
    if header != SQLITE_MAGIC:
        raise DatabaseProblem(
            f"{where} is not a Quote Annotator database (damaged or not a database: not a SQLite file)"
        )
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=SQLITE_BUSY_SECONDS)
    except sqlite3.Error:
        return  # cannot even look (a locked or read-only folder): opening it for real says why
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = found[0] if found else None
    except sqlite3.OperationalError:
        return  # busy or unreadable for a moment: the real open reports it
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(f"{where} is damaged or not a database: {exc}") from exc
    finally:
        connection.close()
    problem = _refusal(where, revision, tables)
    if problem is not None:
        raise DatabaseProblem(problem)


def _refusal(where: str, revision: str | None, tables: set[str]) -> str | None:
    """Why a database at `revision` with these tables is not one this version may open, if it is not."""
    if revision is not None and revision not in known_revisions():
        return (
            f"{where} was written by a newer version of Quote Annotator (schema {revision}); update the app to open it"
        )
    if revision is None and tables and "articles" not in tables:
        return f"{where} is a database of another program, not a Quote Annotator database"
    return None


def known_revisions() -> set[str]:
    return {script.revision for script in migration_scripts().walk_revisions()}


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets the app read while a commit is in flight; FULL sync makes each commit durable before the
        # next key press is handled; the busy timeout rides out a second process writing for a moment.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    finally:
        cursor.close()


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


@cache
def migration_scripts() -> ScriptDirectory:
    """The migrations shipped with this version, read once per process: each read loads every migration file,
    and opening a database asks for the known revisions, the head and the steps to run (twice, when the app
    or a command looks at the plan before opening)."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = migration_scripts().get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def describe_url(url: str) -> str:
    """The URL without its password, for messages and the status bar."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def upgrade_plan(engine: Engine) -> UpgradePlan:
    """What opening will do to this database's schema, read before doing it (a refused one raises)."""
    where = describe_url(engine.url.render_as_string(hide_password=False))
    try:
        revision = current_revision(engine)
        problem = _refusal(where, revision, set(inspect(engine).get_table_names()))
    except OperationalError as exc:
        raise DatabaseProblem(f"cannot open {where}: {_first_line(exc)}") from exc
    except DatabaseError as exc:
        raise DatabaseProblem(f"{where} is damaged or not a database: {_first_line(exc)}") from exc
    if problem is not None:
        raise DatabaseProblem(problem)
    steps = pending_steps(migration_scripts(), revision)
    database = _sqlite_file(engine)
    backup = backup_path(database, revision) if database is not None and revision is not None and steps else None
    return UpgradePlan(current=revision, head=head_revision(), steps=steps, backup=backup)


def upgrade_plan_for(url: str) -> UpgradePlan:
    """The plan for the database at `url`, looked at without keeping it open."""
    engine = make_engine(url)
    try:
        return upgrade_plan(engine)
    finally:
        engine.dispose()


def upgrade_to_head(engine: Engine, progress: ProgressCallback | None = None, *, keep_copy: bool = True) -> None:
    """Bring the schema up to date, refusing databases that are damaged or written by a newer version.

    An earlier version's SQLite file is copied first (UpgradePlan.backup) unless `keep_copy` is off (the file
    is itself a throwaway copy); `progress` hears each migration as it starts: (steps already applied, steps
    in all, the step's description)."""
    where = describe_url(engine.url.render_as_string(hide_password=False))
    plan = upgrade_plan(engine)
    if not plan.steps:
        return
    backup = plan.backup if keep_copy else None
    if backup is not None:
        database = _sqlite_file(engine)
        assert database is not None
        try:
            copy_sqlite_database(database, backup)
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseProblem(
                f"{where} needs upgrading, but a copy as it was could not be written to {backup}: {exc}; "
                "nothing was changed"
            ) from exc
    kept = f"; the database as it was is kept in {backup}" if backup is not None else ""
    reporter = StepReporter(plan.steps, progress or no_progress)
    config = alembic_config(engine)
    config.attributes["on_version_apply"] = reporter.on_version_apply
    try:
        reporter.start()
        command.upgrade(config, "head")
    except DatabaseError as exc:
        if type(exc) is DatabaseError:  # what SQLite says of a damaged file, not of a migration that failed
            raise DatabaseProblem(f"{where} is damaged or not a database: {_first_line(exc)}{kept}") from exc
        raise DatabaseProblem(f"upgrading {where} failed{_during(reporter)}: {_first_line(exc)}{kept}") from exc
    except Exception as exc:
        if "Can't locate revision" in str(exc):
            raise DatabaseProblem(
                f"{where} was written by a newer version of Quote Annotator; update the app to open it"
            ) from exc
        raise DatabaseProblem(f"upgrading {where} failed{_during(reporter)}: {_first_line(exc)}{kept}") from exc


def _during(reporter: StepReporter) -> str:
    step = reporter.running
    return f" at {step.revision} ({step.description})" if step is not None else ""


def _sqlite_file(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database).expanduser()


def _first_line(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
