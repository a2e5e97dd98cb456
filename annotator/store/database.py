"""Opening the database and its one session factory: short transactions that the store's parts share."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from annotator.db.opening import DatabaseProblem, describe_url, make_engine, upgrade_to_head
from annotator.progress import ProgressCallback


class Database:
    """The engine and the session factory every repository of the store works through.

    A transaction opened while another is open on the same thread joins it: an operation that calls several
    store methods (create a person, then attribute a quote to them) commits or rolls back as one.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._open = threading.local()  # the session of the transaction this thread is in, if any

    @classmethod
    def open(cls, url: str, progress: ProgressCallback | None = None, *, keep_copy: bool = True) -> Database:
        """Open (creating if needed) and migrate the database at `url`; DatabaseProblem says what is wrong.
        `progress` hears each migration step of an upgrade as it starts, and `keep_copy` keeps an earlier
        version's SQLite file as it was beside it (annotator.db.opening.upgrade_to_head)."""
        engine = make_engine(url)
        try:
            upgrade_to_head(engine, progress, keep_copy=keep_copy)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=False)

    @property
    def display_url(self) -> str:
        return describe_url(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def current_session(self) -> Session | None:
        """The session of the transaction open on this thread (None outside one)."""
        session: Session | None = getattr(self._open, "session", None)
        return session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction, committed on leaving; inside an open one it joins it instead."""
        joined = self.current_session
        if joined is not None:
            yield joined
            return
        try:
            with self._sessions.begin() as session:
                self._open.session = session
                try:
                    yield session
                finally:
                    self._open.session = None
        except OperationalError as exc:
            raise _problem(exc) from exc

    read = transaction  # reads use the same short transactions (and join an open one)


def _problem(exc: OperationalError) -> DatabaseProblem:
    text = str(exc.orig or exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseProblem("the database is locked by another program; nothing was saved, try again")
    if "disk" in text and ("full" in text or "space" in text):
        return DatabaseProblem("the disk is full; nothing was saved. Free some space and try again")
    return DatabaseProblem(f"the database did not answer: {str(exc.orig or exc).strip()}")
