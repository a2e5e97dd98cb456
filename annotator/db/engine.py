"""Opening a database: the engine with SQLite's safety settings, and migrations to the current schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from annotator.store_error import StoreError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Another process writing (the CLI, a second window) holds the lock for milliseconds; waiting longer than a
# few seconds only freezes the editor before the "database is locked" message, so give up after 5.
SQLITE_BUSY_SECONDS = 5


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


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
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


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema up to date, refusing databases that are damaged or written by a newer version."""
    where = describe_url(engine.url.render_as_string(hide_password=False))
    try:
        revision = current_revision(engine)
        script = ScriptDirectory.from_config(alembic_config())
        if revision is not None and script.get_revision(revision) is None:
            raise DatabaseProblem(
                f"{where} was written by a newer version of Quote Annotator (schema {revision}); "
                "update the app to open it"
            )
        if revision is None and _has_foreign_tables(engine):
            raise DatabaseProblem(f"{where} is a database of another program, not a Quote Annotator database")
        command.upgrade(alembic_config(engine), "head")
    except DatabaseProblem:
        raise
    except OperationalError as exc:
        raise DatabaseProblem(f"cannot open {where}: {_first_line(exc)}") from exc
    except DatabaseError as exc:
        raise DatabaseProblem(f"{where} is damaged or not a database: {_first_line(exc)}") from exc
    except Exception as exc:
        if "Can't locate revision" in str(exc):
            raise DatabaseProblem(
                f"{where} was written by a newer version of Quote Annotator; update the app to open it"
            ) from exc
        raise


def _has_foreign_tables(engine: Engine) -> bool:
    names = set(inspect(engine).get_table_names())
    return bool(names) and "articles" not in names


def _first_line(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
