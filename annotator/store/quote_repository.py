"""Quotes: every editor decision, audited, with optimistic concurrency through the version column."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from annotator.db.models import (
    Article,
    Person,
    Quote,
    utc_now,
)
from annotator.records import (
    DECIDED_STATUSES,
    QUOTE_KINDS,
    QuoteRecord,
)
from annotator.store.audit import AuditLog
from annotator.store.database import Database
from annotator.store.errors import NotFound, QuoteConflict, StoreError
from annotator.store.orm_records import check_span, fitted_pieces, loaded_quote_record, quote_record
from annotator.store.people_repository import PeopleRepository, teach_alias

# Fields an editor may change on a quote (what review replays from the audit log).
EDITABLE_QUOTE_FIELDS: tuple[str, ...] = (
    "start",
    "end",
    "text",
    "pieces",
    "kind",
    "status",
    "cue_start",
    "cue_end",
    "cue_text",
    "speaker_start",
    "speaker_end",
    "speaker_text",
    "speaker_name",
    "person_id",
    "venue",
    "venue_start",
    "venue_end",
    "note",
    "verified_by",
    "verified_at",
)
# Confirming attaches the suggested person and undo restores an earlier state: neither is a correction
_NON_CORRECTING_ACTIONS = frozenset({"confirm", "reject", "undo", "redo"})
# Changing any of these turns a model suggestion into the editor's correction
CORRECTING_FIELDS = frozenset(
    {"start", "end", "pieces", "kind", "speaker_start", "speaker_end", "person_id", "speaker_name"}
)


def quote_state(record: QuoteRecord) -> dict[str, Any]:
    """The editable part of a quote, as the audit log and review replay see it."""
    return {name: getattr(record, name) for name in EDITABLE_QUOTE_FIELDS}


class QuoteRepository:
    """Quotes: every editor decision, audited, with optimistic concurrency through the version column."""

    def __init__(self, db: Database, audit: AuditLog, people: PeopleRepository) -> None:
        self.db = db
        self.audit = audit
        self.people = people

    def quotes_for_article(self, article_id: int) -> list[QuoteRecord]:
        query = (
            select(Quote, Person.name)
            .outerjoin(Person, Person.id == Quote.person_id)
            .where(Quote.article_id == article_id)
            .order_by(Quote.start, Quote.end, Quote.id)
        )
        with self.db.read() as session:
            return [quote_record(quote, name) for quote, name in session.execute(query)]

    def get_quote(self, quote_id: int) -> QuoteRecord:
        with self.db.read() as session:
            return self.quote_record_in(session, quote_id)

    def find_quote_by_uid(self, uid: str) -> QuoteRecord | None:
        with self.db.read() as session:
            quote_id = session.scalar(select(Quote.id).where(Quote.uid == uid))
            return self.quote_record_in(session, quote_id) if quote_id is not None else None

    def quote_record_in(self, session: Session, quote_id: int) -> QuoteRecord:
        row = session.execute(
            select(Quote, Person.name).outerjoin(Person, Person.id == Quote.person_id).where(Quote.id == quote_id)
        ).first()
        if row is None:
            raise NotFound(f"there is no quote {quote_id}")
        return quote_record(row[0], row[1])

    def current_or_none(self, quote_id: int) -> QuoteRecord | None:
        if self.db.current_session is not None:
            return None  # a write failed inside a decision's transaction: nothing can be read until it ends
        try:
            return self.get_quote(quote_id)
        except NotFound:
            return None

    def update_quote(
        self,
        quote_id: int,
        changes: Mapping[str, Any],
        *,
        user: str,
        action: str = "edit",
        expected_version: int | None = None,
        prepare: Callable[[Session, Quote, dict[str, Any]], None] | None = None,
    ) -> QuoteRecord:
        """Change a quote's editable fields in one audited transaction.

        `expected_version` is the version the editor saw; if someone changed the quote since, QuoteConflict
        is raised and nothing is written. A change to the span, kind or speaker of a suggestion makes it
        `corrected`, with the editor as the one who verified it. `prepare` may add changes that depend on
        the quote's current state, inside the same transaction.
        """
        unknown = set(changes) - set(EDITABLE_QUOTE_FIELDS)
        if unknown:
            raise StoreError(f"these quote fields cannot be edited: {', '.join(sorted(unknown))}")
        if "kind" in changes and changes["kind"] not in QUOTE_KINDS:
            raise StoreError(f"unknown quote kind {changes['kind']!r}")
        try:
            with self.db.transaction() as session:
                quote = session.get(Quote, quote_id)
                if quote is None:
                    raise QuoteConflict(None, f"quote {quote_id} no longer exists")
                if expected_version is not None and quote.version != expected_version:
                    raise QuoteConflict(loaded_quote_record(quote))
                article = session.get(Article, quote.article_id)
                assert article is not None
                updates = dict(changes)
                if prepare is not None:
                    prepare(session, quote, updates)
                if "start" in updates or "end" in updates:
                    start = int(updates.get("start", quote.start))
                    end = int(updates.get("end", quote.end))
                    check_span(start, end, len(article.text))
                    updates["text"] = article.text[start:end]
                if {"start", "end", "pieces", "kind"} & updates.keys():
                    updates["pieces"] = fitted_pieces(
                        updates.get("pieces"),
                        quote.pieces or (),
                        str(updates.get("kind", quote.kind)),
                        int(updates.get("start", quote.start)),
                        int(updates.get("end", quote.end)),
                        article.text,
                    )
                if "person_id" in updates and updates["person_id"] is not None:
                    person = session.get(Person, updates["person_id"])
                    if person is None:
                        raise NotFound(f"there is no person {updates['person_id']}")
                    updates.setdefault("speaker_name", person.name)
                changed = {k for k, v in updates.items() if getattr(quote, k) != v}
                if action not in _NON_CORRECTING_ACTIONS and CORRECTING_FIELDS & changed:
                    updates.setdefault("status", "corrected")
                    updates.setdefault("verified_by", user)
                    updates.setdefault("verified_at", utc_now())
                    self._attach_suggested_person(session, quote, updates, user)
                self.reset_review_on_change(quote, updates)
                before = {k: getattr(quote, k) for k in updates if getattr(quote, k) != updates[k]}
                if not before:
                    return loaded_quote_record(quote)
                for key, value in updates.items():
                    setattr(quote, key, value)
                if article.status == "new":
                    article.status = "in_progress"
                self.audit.log_quote_change(
                    session, quote, user=user, action=action, before=before, after={k: updates[k] for k in before}
                )
                if quote.status in ("confirmed", "corrected") and quote.person_id and quote.speaker_text:
                    teach_alias(session, quote.person_id, quote.speaker_text)
        except StaleDataError as exc:
            raise QuoteConflict(self.current_or_none(quote_id)) from exc
        return self.get_quote(quote_id)

    def confirm_quote(self, quote_id: int, *, user: str, expected_version: int | None = None) -> QuoteRecord:
        """Confirm the attribution as shown. A suggested speaker becomes a person of the database."""

        def attach_suggested_person(session: Session, quote: Quote, updates: dict[str, Any]) -> None:
            # decided on the state being confirmed, in the same transaction: no person is left behind
            # by a confirm that turns out to be stale
            if quote.status == "corrected":
                updates["status"] = "corrected"
            if quote.person_id is None and quote.speaker_name:
                updates["person_id"] = self.people.person_for_name(session, quote.speaker_name, user=user)

        changes: dict[str, Any] = {"status": "confirmed", "verified_by": user, "verified_at": utc_now()}
        return self.update_quote(
            quote_id,
            changes,
            user=user,
            action="confirm",
            expected_version=expected_version,
            prepare=attach_suggested_person,
        )

    def reject_quote(self, quote_id: int, *, user: str, expected_version: int | None = None) -> QuoteRecord:
        """Not a quote: kept (so re-annotation never brings it back) but out of every export."""
        changes = {"status": "rejected", "verified_by": user, "verified_at": utc_now()}
        return self.update_quote(quote_id, changes, user=user, action="reject", expected_version=expected_version)

    def set_speaker(
        self,
        quote_id: int,
        person_id: int | None,
        *,
        user: str,
        mention: tuple[int, int] | None = None,
        expected_version: int | None = None,
    ) -> QuoteRecord:
        """Attribute the quote to a person (None: speaker unknown), optionally to a mention in the text."""
        changes: dict[str, Any] = {"person_id": person_id}
        if person_id is None:
            changes["speaker_name"] = None
        else:
            with self.db.read() as session:
                person = session.get(Person, person_id)
                if person is None:
                    raise NotFound(f"there is no person {person_id}")
                changes["speaker_name"] = person.name
        if mention is not None:
            with self.db.read() as session:
                article = session.get(Article, self.get_quote(quote_id).article_id)
                assert article is not None  # a quote goes with its article
                text = article.text
            start, end = mention
            check_span(start, end, len(text))
            changes.update(speaker_start=start, speaker_end=end, speaker_text=text[start:end])
        elif person_id is None:
            changes.update(speaker_start=None, speaker_end=None, speaker_text=None)
        return self.update_quote(quote_id, changes, user=user, action="set_speaker", expected_version=expected_version)

    def add_quote(
        self,
        article_id: int,
        start: int,
        end: int,
        *,
        user: str,
        kind: str = "direct",
        person_id: int | None = None,
        status: str = "confirmed",
        uid: str | None = None,
        **fields: Any,
    ) -> QuoteRecord:
        """A quote the model missed, added by an editor: it counts as their decision."""
        if kind not in QUOTE_KINDS:
            raise StoreError(f"unknown quote kind {kind!r}")
        unknown = set(fields) - set(EDITABLE_QUOTE_FIELDS)
        if unknown:
            raise StoreError(f"unknown quote fields: {', '.join(sorted(unknown))}")
        with self.db.transaction() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise NotFound(f"there is no article {article_id}")
            check_span(start, end, len(article.text))
            person_name = None
            if person_id is not None:
                person = session.get(Person, person_id)
                if person is None:
                    raise NotFound(f"there is no person {person_id}")
                person_name = person.name
            values: dict[str, Any] = {
                "verified_by": user if status in DECIDED_STATUSES else None,
                "verified_at": utc_now() if status in DECIDED_STATUSES else None,
                "speaker_name": person_name,
            }
            values.update(fields)
            values.update(start=start, end=end, text=article.text[start:end])
            values["pieces"] = fitted_pieces(values.get("pieces"), (), kind, start, end, article.text)
            quote = Quote(
                uid=uid or uuid.uuid4().hex,
                article_id=article_id,
                kind=kind,
                person_id=person_id,
                status=status,
                origin=f"user:{user}",
                confidence=None,
                updated_by=user,
                **values,
            )
            session.add(quote)
            if article.status == "new":
                article.status = "in_progress"
            session.flush()
            self.audit.log(
                session,
                user=user,
                action="add",
                target="quote",
                target_id=quote.id,
                target_uid=quote.uid,
                article_id=article_id,
                after={
                    "start": start,
                    "end": end,
                    "pieces": values["pieces"],
                    "kind": kind,
                    "person_id": person_id,
                    "status": status,
                },
            )
            new_id = quote.id
        return self.get_quote(new_id)

    def delete_quote(self, quote_id: int, *, user: str, expected_version: int | None = None) -> QuoteRecord:
        """Remove a quote an editor added (the undo of add). Model suggestions are rejected instead."""
        with self.db.transaction() as session:
            quote = session.get(Quote, quote_id)
            if quote is None:
                raise NotFound(f"there is no quote {quote_id}")
            if expected_version is not None and quote.version != expected_version:
                raise QuoteConflict(loaded_quote_record(quote))
            return self.remove_quote(session, quote, user=user)

    def remove_quote(self, session: Session, quote: Quote, *, user: str) -> QuoteRecord:
        """Delete the quote in the open transaction; its audit row keeps the whole quote (so it can come back)."""
        record = loaded_quote_record(quote)
        self.audit.log(
            session,
            user=user,
            action="delete",
            target="quote",
            target_id=quote.id,
            target_uid=quote.uid,
            article_id=quote.article_id,
            before={**quote_state(record), "uid": record.uid, "origin": record.origin},
        )
        session.delete(quote)
        session.flush()
        return record

    def restore_quote(self, record: QuoteRecord, *, user: str) -> QuoteRecord:
        """Bring back a deleted quote with its uid and state (the redo of add, the undo of delete)."""
        state = quote_state(record)
        start, end = state.pop("start"), state.pop("end")
        state.pop("text")
        kind = state.pop("kind")
        person_id = state.pop("person_id")
        status = state.pop("status")
        return self.add_quote(
            record.article_id,
            start,
            end,
            user=user,
            kind=kind,
            person_id=person_id,
            status=status,
            uid=record.uid,
            **state,
        )

    def _attach_suggested_person(self, session: Session, quote: Quote, updates: dict[str, Any], user: str) -> None:
        """A suggestion the editor corrected (bounds, pieces, kind) is their decision on the speaker as shown
        too, as a confirm would be: the suggested name becomes a person of the database, so the export has
        its speaker_id (fixing bounds once left it empty)."""
        if "person_id" in updates or quote.person_id is not None or updates.get("status") != "corrected":
            return
        name = updates.get("speaker_name", quote.speaker_name)
        if name:
            updates["person_id"] = self.people.person_for_name(session, name, user=user)

    @staticmethod
    def reset_review_on_change(quote: Quote, updates: dict[str, Any]) -> None:
        """A reviewed decision that changes again (confirmed anew, corrected, undone) needs a new review."""
        if quote.review_status not in ("accepted", "rejected"):
            return
        if any(key != "note" and getattr(quote, key) != value for key, value in updates.items()):
            updates["review_status"] = "pending"
