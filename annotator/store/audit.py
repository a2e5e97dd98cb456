"""Editors and the append-only audit log: who changed what, when, from what to what."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from annotator.db.models import Edit, Quote, User, utc_now
from annotator.decision_rules import jsonable
from annotator.records import EditRecord
from annotator.store.database import Database
from annotator.store.errors import StoreError
from annotator.store.orm_records import edit_record, who_and_when


class AuditLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    def ensure_user(self, name: str, *, editor_id: str | None = None) -> str:
        """The editor called `name`, created once (also when two programs create them at the same moment);
        returns their stable id. `editor_id` keeps the id a colleague's database gave them."""
        name = name.strip()
        if not name:
            raise StoreError("an editor needs a name")
        with self.db.transaction() as session:
            found = session.scalar(select(User.editor_id).where(User.name == name))
            if found is not None:
                return found
            values = {"name": name, "editor_id": editor_id or new_editor_id(name), "created_at": utc_now()}
            session.execute(insert_ignoring_duplicates(session, User, values))
            created = session.scalar(select(User.editor_id).where(User.name == name))
            if created is None and editor_id is not None:
                # their id is taken here by another name: this person gets one of their own
                values["editor_id"] = new_editor_id(name)
                session.execute(insert_ignoring_duplicates(session, User, values))
                created = session.scalar(select(User.editor_id).where(User.name == name))
        if created is None:
            raise StoreError(f"the editor {name} could not be created")
        return created

    def users(self) -> list[str]:
        with self.db.read() as session:
            return list(session.scalars(select(User.name).order_by(User.name)))

    def editor_ids(self) -> dict[str, str]:
        """Each editor's name -> their stable id."""
        with self.db.read() as session:
            return {name: editor_id for name, editor_id in session.execute(select(User.name, User.editor_id))}

    @staticmethod
    def log(
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
                before={k: jsonable(v) for k, v in before.items()} if before is not None else None,
                after={k: jsonable(v) for k, v in after.items()} if after is not None else None,
            )
        )

    @staticmethod
    def log_quote(
        session: Session,
        quote: Quote,
        *,
        user: str,
        action: str,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> None:
        """An audit row about one quote (the review block logs many)."""
        AuditLog.log(
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

    def log_quote_change(
        self,
        session: Session,
        quote: Quote,
        *,
        user: str,
        action: str,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> None:
        """A change made to a quote row: who and when on the row, then its audit row. The flush comes first
        so that a colleague's newer version raises before anything is logged."""
        quote.updated_by = user
        quote.updated_at = utc_now()
        session.flush()
        self.log_quote(session, quote, user=user, action=action, before=before, after=after)

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
        with self.db.read() as session:
            return [edit_record(row) for row in session.scalars(query)]


def new_editor_id(name: str) -> str:
    """A stable id for a new editor: their name (readable in lists) plus a random part (unique)."""
    return f"{name}#{secrets.token_hex(4)}"


def insert_ignoring_duplicates(session: Session, table: type[User], values: dict[str, Any]) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING: a second program creating the same row at once is no error."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).values(**values).on_conflict_do_nothing()
    return sqlite.insert(table).values(**values).on_conflict_do_nothing()
