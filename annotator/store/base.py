"""Opening the database, transactions, users and the append-only audit log."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Self

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from annotator.db.engine import DatabaseProblem, describe_url, make_engine, upgrade_to_head
from annotator.db.models import (
    Edit,
    Quote,
    User,
)
from annotator.records import (
    EditRecord,
)
from annotator.store.errors import StoreError
from annotator.store.rows import (
    _edit_record,
    _jsonable,
    who_and_when,
)


class StoreBase:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Self:
        """Open (creating if needed) and migrate the database at `url`; DatabaseProblem says what is wrong."""
        engine = make_engine(url)
        try:
            upgrade_to_head(engine)
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

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except OperationalError as exc:
            text = str(exc.orig or exc).lower()
            if "locked" in text or "busy" in text:
                raise DatabaseProblem(
                    "the database is locked by another program; nothing was saved, try again"
                ) from exc
            if "disk" in text and ("full" in text or "space" in text):
                raise DatabaseProblem("the disk is full; nothing was saved. Free some space and try again") from exc
            raise DatabaseProblem(f"the database did not answer: {str(exc.orig or exc).strip()}") from exc

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._transaction() as session:
            yield session

    # ---- users and the audit log -------------------------------------------------------------------------

    def ensure_user(self, name: str) -> None:
        name = name.strip()
        if not name:
            raise StoreError("an editor needs a name")
        with self._transaction() as session:
            if session.scalar(select(User.id).where(User.name == name)) is None:
                session.add(User(name=name))

    def users(self) -> list[str]:
        with self._read() as session:
            return list(session.scalars(select(User.name).order_by(User.name)))

    def _log(
        self,
        session: Session,
        *,
        user: str,
        action: str,
        target: str,
        target_id: int | None,
        article_id: int | None,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        target_uid: str | None = None,
    ) -> None:
        session.add(
            Edit(
                user=user,
                action=action,
                target=target,
                target_id=target_id,
                target_uid=target_uid,
                article_id=article_id,
                before={k: _jsonable(v) for k, v in before.items()} if before is not None else None,
                after={k: _jsonable(v) for k, v in after.items()} if after is not None else None,
            )
        )

    def edits(
        self,
        *,
        users: Sequence[str] | None = None,
        exclude_user: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        article_id: int | None = None,
        target: str | None = None,
    ) -> list[EditRecord]:
        conditions = who_and_when(Edit.user, Edit.at, users=users, exclude_user=exclude_user, since=since, until=until)
        query = select(Edit).where(*conditions).order_by(Edit.at, Edit.id)
        if article_id is not None:
            query = query.where(Edit.article_id == article_id)
        if target:
            query = query.where(Edit.target == target)
        with self._read() as session:
            return [_edit_record(row) for row in session.scalars(query)]

    def _log_quote(
        self,
        session: Session,
        quote: Quote,
        *,
        user: str,
        action: str,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> None:
        """An audit row about one quote (the review block logs many)."""
        self._log(
            session,
            user=user,
            action=action,
            target="quote",
            target_id=quote.id,
            target_uid=quote.uid,
            article_id=quote.article_id,
            before=before,
            after=after,
        )
