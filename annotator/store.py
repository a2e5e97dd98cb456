"""The only door to the database.

Queries return frozen records (annotator/records.py). Every mutation is one short transaction that also
appends a row to the audit log (who, when, what, before, after), and is committed before the call returns,
so a decision is on disk before the app handles the next key press.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, case, delete, func, or_, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from annotator.config import sqlite_url as sqlite_url_for
from annotator.db.engine import DatabaseProblem, describe_url, make_engine, upgrade_to_head
from annotator.db.models import (
    Article,
    Edit,
    Mention,
    Person,
    PersonAlias,
    Quote,
    QuoteDecision,
    ReviewConflict,
    User,
    utc_now,
)
from annotator.nlp.types import Annotations, KnownPerson
from annotator.records import (
    ARTICLE_STATUSES,
    DECIDED_STATUSES,
    QUOTE_KINDS,
    VERIFIED_STATUSES,
    ArticleFilter,
    ArticleRecord,
    ArticleSummary,
    EditRecord,
    MentionRecord,
    PersonRecord,
    QuoteRecord,
)
from annotator.review.records import (
    DECISION_FIELDS,
    ArticleMergeResult,
    ColleagueArticle,
    ColleagueQuote,
    MergeReport,
    QuoteDecisionRecord,
    ReviewConflictRecord,
)
from annotator.review.rules import decision_state, loose_match, parse_time, state_of


class StoreError(Exception):
    """A request the store refuses; the message is for the user."""


class NotFound(StoreError):
    pass


class QuoteConflict(StoreError):
    """Someone changed the quote since it was shown. Nothing was written; `current` is the fresh state."""

    def __init__(self, current: QuoteRecord | None, message: str | None = None) -> None:
        self.current = current
        if message is None:
            who = current.updated_by if current else None
            message = (
                f"this quote was changed by {who} in the meantime; it now shows their version"
                if who
                else "this quote was changed or removed in the meantime"
            )
        super().__init__(message)


# Fields an editor may change on a quote, and which the undo stack snapshots and restores.
EDITABLE_QUOTE_FIELDS: tuple[str, ...] = (
    "start",
    "end",
    "text",
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
CORRECTING_FIELDS = frozenset({"start", "end", "kind", "speaker_start", "speaker_end", "person_id", "speaker_name"})


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def quote_state(record: QuoteRecord) -> dict[str, Any]:
    """The editable part of a quote, as the undo stack keeps it."""
    return {name: getattr(record, name) for name in EDITABLE_QUOTE_FIELDS}


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


@dataclass(frozen=True, slots=True)
class NewArticle:
    """What an importer found; the store adds it unless the same text is already there."""

    title: str
    text: str
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None
    description: str | None = None
    source: str | None = None
    extra: Mapping[str, Any] | None = None


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Store:
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
        query = select(Edit).order_by(Edit.at, Edit.id)
        if users:
            query = query.where(Edit.user.in_(list(users)))
        if exclude_user:
            query = query.where(Edit.user != exclude_user)
        if since:
            query = query.where(Edit.at >= since)
        if until:
            query = query.where(Edit.at < until)
        if article_id is not None:
            query = query.where(Edit.article_id == article_id)
        if target:
            query = query.where(Edit.target == target)
        with self._read() as session:
            return [_edit_record(row) for row in session.scalars(query)]

    # ---- articles ------------------------------------------------------------------------------------------

    def add_article(self, article: NewArticle, *, user: str) -> tuple[ArticleSummary, bool]:
        """Add an article; the same text imported twice is one article (returns it and False)."""
        digest = content_hash(article.text)
        with self._transaction() as session:
            existing = session.scalar(select(Article.id).where(Article.content_hash == digest))
        if existing is not None:
            return self.article_summary(existing), False
        try:
            with self._transaction() as session:
                row = Article(
                    title=article.title.strip()[:1000] or "Untitled",
                    text=article.text,
                    content_hash=digest,
                    outlet=article.outlet,
                    author=article.author,
                    url=article.url,
                    published=article.published,
                    description=article.description,
                    source=article.source,
                    extra=dict(article.extra or {}),
                    imported_by=user,
                )
                session.add(row)
                session.flush()
                self._log(
                    session,
                    user=user,
                    action="import",
                    target="article",
                    target_id=row.id,
                    article_id=row.id,
                    after={"title": row.title, "source": row.source, "content_hash": digest},
                )
                new_id = row.id
        except IntegrityError:
            # another process imported the same text between our check and our insert
            with self._read() as session:
                found = session.scalar(select(Article.id).where(Article.content_hash == digest))
            if found is None:
                raise
            return self.article_summary(found), False
        return self.article_summary(new_id), True

    def _summary_query(self) -> Select[Any]:
        total = func.count(Quote.id)
        to_check = func.coalesce(func.sum(case((Quote.status == "suggested", 1), else_=0)), 0)
        return (
            select(
                Article.id,
                Article.title,
                Article.outlet,
                Article.published,
                Article.status,
                total,
                to_check,
                Article.imported_at,
            )
            .outerjoin(Quote, Quote.article_id == Article.id)
            .group_by(Article.id)
        )

    @staticmethod
    def _filtered(query: Select[Any], filters: ArticleFilter | None) -> Select[Any]:
        if filters is None:
            return query
        if filters.status:
            query = query.where(Article.status == filters.status)
        if filters.outlet:
            query = query.where(Article.outlet == filters.outlet)
        if filters.ids is not None:
            query = query.where(Article.id.in_(filters.ids))
        if filters.search:
            for word in filters.search.split():
                pattern = f"%{_escape_like(word)}%"
                query = query.where(
                    or_(Article.title.ilike(pattern, escape="\\"), Article.text.ilike(pattern, escape="\\"))
                )
        return query

    def list_articles(
        self,
        filters: ArticleFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
        order: str = "id",
        descending: bool = False,
    ) -> list[ArticleSummary]:
        columns = {
            "id": Article.id,
            "title": Article.title,
            "outlet": Article.outlet,
            "published": Article.published,
            "status": Article.status,
            "imported_at": Article.imported_at,
        }
        if order not in columns:
            raise StoreError(f"cannot sort articles by {order!r}")
        key = columns[order]
        ordering = (key.desc() if descending else key.asc(), Article.id)
        if limit is None:  # everything: one aggregate over all articles is the cheapest way
            everything = self._filtered(self._summary_query(), filters).order_by(*ordering).offset(offset or None)
            with self._read() as session:
                return [_summary(row) for row in session.execute(everything)]
        # Pick the page of ids first and count quotes for those only: counting every article's quotes
        # before the LIMIT made each page of a 100,000-article list cost a full aggregate.
        page = self._filtered(select(Article.id), filters)
        page = page.order_by(*ordering).offset(offset or None).limit(limit)
        with self._read() as session:
            ids = list(session.scalars(page))
            if not ids:
                return []
            rows = {row[0]: _summary(row) for row in session.execute(self._summary_query().where(Article.id.in_(ids)))}
        return [rows[article_id] for article_id in ids]

    def count_articles(self, filters: ArticleFilter | None = None) -> int:
        query = self._filtered(select(func.count(Article.id)), filters)
        with self._read() as session:
            return int(session.scalar(query) or 0)

    def outlets(self) -> list[str]:
        query = select(Article.outlet).where(Article.outlet.is_not(None)).distinct().order_by(Article.outlet)
        with self._read() as session:
            return [name for name in session.scalars(query) if name]

    def article_summary(self, article_id: int) -> ArticleSummary:
        with self._read() as session:
            row = session.execute(self._summary_query().where(Article.id == article_id)).first()
        if row is None:
            raise NotFound(f"there is no article {article_id}")
        return _summary(row)

    def get_article(self, article_id: int) -> ArticleRecord:
        with self._read() as session:
            row = session.get(Article, article_id)
            if row is None:
                raise NotFound(f"there is no article {article_id}")
            return _article_record(row)

    def find_article_by_hash(self, digest: str) -> ArticleRecord | None:
        with self._read() as session:
            row = session.scalar(select(Article).where(Article.content_hash == digest))
            return _article_record(row) if row else None

    def article_ids(self, *, unannotated_only: bool = False) -> list[int]:
        query = select(Article.id).order_by(Article.id)
        if unannotated_only:
            query = query.where(Article.annotated_at.is_(None))
        with self._read() as session:
            return list(session.scalars(query))

    def set_article_status(self, article_id: int, status: str, *, user: str) -> ArticleSummary:
        if status not in ARTICLE_STATUSES:
            raise StoreError(f"unknown article status {status!r} (use one of {', '.join(ARTICLE_STATUSES)})")
        with self._transaction() as session:
            row = session.get(Article, article_id)
            if row is None:
                raise NotFound(f"there is no article {article_id}")
            if row.status != status:
                self._log(
                    session,
                    user=user,
                    action="set_status",
                    target="article",
                    target_id=row.id,
                    article_id=row.id,
                    before={"status": row.status},
                    after={"status": status},
                )
                row.status = status
        return self.article_summary(article_id)

    def next_article_with_work(self, after_id: int | None = None) -> int | None:
        """The next article (by id, wrapping around) that is not done and has quotes left to check."""
        pending = (
            select(Article.id)
            .join(Quote, Quote.article_id == Article.id)
            .where(Article.status != "done", Quote.status == "suggested")
            .group_by(Article.id)
            .order_by(Article.id)
        )
        with self._read() as session:
            if after_id is not None:
                later = session.scalar(pending.where(Article.id > after_id).limit(1))
                if later is not None:
                    return int(later)
            first = session.scalar(pending.limit(1))
            if first is not None and first != after_id:
                return int(first)
            # no suggestions left anywhere: fall back to an article that is simply not done yet
            undone = select(Article.id).where(Article.status != "done").order_by(Article.id)
            if after_id is not None:
                later = session.scalar(undone.where(Article.id > after_id).limit(1))
                if later is not None:
                    return int(later)
            first = session.scalar(undone.limit(1))
            return int(first) if first is not None and first != after_id else None

    # ---- pre-annotation ------------------------------------------------------------------------------------

    def save_annotations(self, article_id: int, annotations: Annotations, *, user: str) -> int:
        """Replace the model's suggestions for an article, never touching a quote an editor has decided.

        Returns the number of quote suggestions stored.
        """
        origin = f"model:{annotations.model}" if annotations.model else "model"
        with self._transaction() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise NotFound(f"there is no article {article_id}")
            people = _people_by_name(session)
            session.execute(delete(Mention).where(Mention.article_id == article_id, Mention.origin.like("model%")))
            session.execute(delete(Quote).where(Quote.article_id == article_id, Quote.status == "suggested"))
            kept = [
                (start, end)
                for start, end in session.execute(select(Quote.start, Quote.end).where(Quote.article_id == article_id))
            ]
            for entity in annotations.entities:
                person = people.get(entity.text.casefold()) if entity.label == "PERSON" else None
                session.add(
                    Mention(
                        article_id=article_id,
                        start=entity.start,
                        end=entity.end,
                        label=entity.label,
                        text=entity.text,
                        person_id=person,
                        origin=origin,
                    )
                )
            stored = 0
            for quote in annotations.quotes:
                if any(quote.start < end and start < quote.end for start, end in kept):
                    continue  # an editor already decided this stretch of text
                speaker = quote.speaker
                session.add(
                    Quote(
                        uid=uuid.uuid4().hex,
                        article_id=article_id,
                        start=quote.start,
                        end=quote.end,
                        text=quote.text,
                        kind=quote.kind,
                        confidence=round(float(quote.confidence), 4),
                        origin=origin,
                        status="suggested",
                        cue_start=quote.cue.start if quote.cue else None,
                        cue_end=quote.cue.end if quote.cue else None,
                        cue_text=quote.cue.text if quote.cue else None,
                        speaker_start=speaker.start if speaker else None,
                        speaker_end=speaker.end if speaker else None,
                        speaker_text=speaker.text if speaker else None,
                        speaker_name=speaker.name if speaker else None,
                        person_id=people.get(speaker.name.casefold()) if speaker else None,
                        venue=quote.venue.text if quote.venue else None,
                        venue_start=quote.venue.start if quote.venue else None,
                        venue_end=quote.venue.end if quote.venue else None,
                        updated_by=user,
                    )
                )
                stored += 1
            article.annotated_at = utc_now()
            article.annotated_with = annotations.model or None
            self._log(
                session,
                user=user,
                action="annotate",
                target="article",
                target_id=article_id,
                article_id=article_id,
                after={"model": annotations.model, "quotes": stored, "entities": len(annotations.entities)},
            )
        return stored

    def mentions_for_article(self, article_id: int) -> list[MentionRecord]:
        query = select(Mention).where(Mention.article_id == article_id).order_by(Mention.start, Mention.end)
        with self._read() as session:
            return [
                MentionRecord(
                    id=m.id,
                    article_id=m.article_id,
                    start=m.start,
                    end=m.end,
                    label=m.label,
                    text=m.text,
                    person_id=m.person_id,
                )
                for m in session.scalars(query)
            ]

    # ---- quotes --------------------------------------------------------------------------------------------

    def quotes_for_article(self, article_id: int) -> list[QuoteRecord]:
        query = (
            select(Quote, Person.name)
            .outerjoin(Person, Person.id == Quote.person_id)
            .where(Quote.article_id == article_id)
            .order_by(Quote.start, Quote.end, Quote.id)
        )
        with self._read() as session:
            return [_quote_record(quote, name) for quote, name in session.execute(query)]

    def get_quote(self, quote_id: int) -> QuoteRecord:
        with self._read() as session:
            return self._quote_record_in(session, quote_id)

    def find_quote_by_uid(self, uid: str) -> QuoteRecord | None:
        with self._read() as session:
            quote_id = session.scalar(select(Quote.id).where(Quote.uid == uid))
            return self._quote_record_in(session, quote_id) if quote_id is not None else None

    def _quote_record_in(self, session: Session, quote_id: int) -> QuoteRecord:
        row = session.execute(
            select(Quote, Person.name).outerjoin(Person, Person.id == Quote.person_id).where(Quote.id == quote_id)
        ).first()
        if row is None:
            raise NotFound(f"there is no quote {quote_id}")
        return _quote_record(row[0], row[1])

    def _current_or_none(self, quote_id: int) -> QuoteRecord | None:
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
    ) -> QuoteRecord:
        """Change a quote's editable fields in one audited transaction.

        `expected_version` is the version the editor saw; if someone changed the quote since, QuoteConflict
        is raised and nothing is written. A change to the span, kind or speaker of a suggestion makes it
        `corrected`, with the editor as the one who verified it.
        """
        unknown = set(changes) - set(EDITABLE_QUOTE_FIELDS)
        if unknown:
            raise StoreError(f"these quote fields cannot be edited: {', '.join(sorted(unknown))}")
        if "kind" in changes and changes["kind"] not in QUOTE_KINDS:
            raise StoreError(f"unknown quote kind {changes['kind']!r}")
        try:
            with self._transaction() as session:
                quote = session.get(Quote, quote_id)
                if quote is None:
                    raise QuoteConflict(None, f"quote {quote_id} no longer exists")
                if expected_version is not None and quote.version != expected_version:
                    raise QuoteConflict(_quote_record(quote, quote.person.name if quote.person else None))
                article = session.get(Article, quote.article_id)
                assert article is not None
                updates = dict(changes)
                if "start" in updates or "end" in updates:
                    start = int(updates.get("start", quote.start))
                    end = int(updates.get("end", quote.end))
                    _check_span(start, end, len(article.text))
                    updates["text"] = article.text[start:end]
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
                self._reset_review_on_change(quote, updates)
                before = {k: getattr(quote, k) for k in updates if getattr(quote, k) != updates[k]}
                if not before:
                    return _quote_record(quote, quote.person.name if quote.person else None)
                for key, value in updates.items():
                    setattr(quote, key, value)
                quote.updated_by = user
                quote.updated_at = utc_now()
                if article.status == "new":
                    article.status = "in_progress"
                session.flush()
                self._log(
                    session,
                    user=user,
                    action=action,
                    target="quote",
                    target_id=quote.id,
                    target_uid=quote.uid,
                    article_id=quote.article_id,
                    before=before,
                    after={k: updates[k] for k in before},
                )
                if quote.status in ("confirmed", "corrected") and quote.person_id and quote.speaker_text:
                    _teach_alias(session, quote.person_id, quote.speaker_text)
        except StaleDataError as exc:
            raise QuoteConflict(self._current_or_none(quote_id)) from exc
        return self.get_quote(quote_id)

    def confirm_quote(self, quote_id: int, *, user: str, expected_version: int | None = None) -> QuoteRecord:
        """Confirm the attribution as shown. A suggested speaker becomes a person of the database."""
        current = self.get_quote(quote_id)
        if expected_version is not None and current.version != expected_version:
            raise QuoteConflict(current)
        changes: dict[str, Any] = {
            "status": "corrected" if current.status == "corrected" else "confirmed",
            "verified_by": user,
            "verified_at": utc_now(),
        }
        if current.person_id is None and current.speaker_name:
            person = self.find_or_create_person(current.speaker_name, user=user)
            changes["person_id"] = person.id
        return self._decide(quote_id, changes, user=user, action="confirm", expected_version=expected_version)

    def reject_quote(self, quote_id: int, *, user: str, expected_version: int | None = None) -> QuoteRecord:
        """Not a quote: kept (so re-annotation never brings it back) but out of every export."""
        changes = {"status": "rejected", "verified_by": user, "verified_at": utc_now()}
        return self._decide(quote_id, changes, user=user, action="reject", expected_version=expected_version)

    def _decide(
        self, quote_id: int, changes: dict[str, Any], *, user: str, action: str, expected_version: int | None
    ) -> QuoteRecord:
        return self.update_quote(quote_id, changes, user=user, action=action, expected_version=expected_version)

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
            with self._read() as session:
                person = session.get(Person, person_id)
                if person is None:
                    raise NotFound(f"there is no person {person_id}")
                changes["speaker_name"] = person.name
        if mention is not None:
            article = self.get_article(self.get_quote(quote_id).article_id)
            start, end = mention
            _check_span(start, end, len(article.text))
            changes.update(speaker_start=start, speaker_end=end, speaker_text=article.text[start:end])
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
        with self._transaction() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise NotFound(f"there is no article {article_id}")
            _check_span(start, end, len(article.text))
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
            self._log(
                session,
                user=user,
                action="add",
                target="quote",
                target_id=quote.id,
                target_uid=quote.uid,
                article_id=article_id,
                after={"start": start, "end": end, "kind": kind, "person_id": person_id, "status": status},
            )
            new_id = quote.id
        return self.get_quote(new_id)

    def delete_quote(self, quote_id: int, *, user: str, expected_version: int | None = None) -> QuoteRecord:
        """Remove a quote an editor added (the undo of add). Model suggestions are rejected instead."""
        with self._transaction() as session:
            quote = session.get(Quote, quote_id)
            if quote is None:
                raise NotFound(f"there is no quote {quote_id}")
            record = _quote_record(quote, quote.person.name if quote.person else None)
            if expected_version is not None and quote.version != expected_version:
                raise QuoteConflict(record)
            self._log(
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

    # ---- people --------------------------------------------------------------------------------------------

    def find_or_create_person(self, name: str, *, user: str, aliases: Iterable[str] = ()) -> PersonRecord:
        name = " ".join(name.split())
        if not name:
            raise StoreError("a person needs a name")
        with self._transaction() as session:
            person_id = _people_by_name(session, exact_names_only=True).get(name.casefold())
            if person_id is None:
                person = Person(name=name, created_by=user)
                session.add(person)
                session.flush()
                person_id = person.id
                self._log(
                    session,
                    user=user,
                    action="create",
                    target="person",
                    target_id=person_id,
                    article_id=None,
                    after={"name": name},
                )
            for alias in aliases:
                _teach_alias(session, person_id, alias)
        return self.get_person(person_id)

    def add_alias(self, person_id: int, alias: str, *, user: str) -> PersonRecord:
        with self._transaction() as session:
            if session.get(Person, person_id) is None:
                raise NotFound(f"there is no person {person_id}")
            if _teach_alias(session, person_id, alias):
                self._log(
                    session,
                    user=user,
                    action="add_alias",
                    target="person",
                    target_id=person_id,
                    article_id=None,
                    after={"alias": alias},
                )
        return self.get_person(person_id)

    def get_person(self, person_id: int) -> PersonRecord:
        people = self._people(select(Person).where(Person.id == person_id))
        if not people:
            raise NotFound(f"there is no person {person_id}")
        return people[0]

    def list_people(self) -> list[PersonRecord]:
        return self._people(select(Person).order_by(Person.name))

    def search_people(self, text: str, *, limit: int = 50) -> list[PersonRecord]:
        pattern = f"%{_escape_like(text.strip())}%"
        matching = (
            select(Person)
            .outerjoin(PersonAlias, PersonAlias.person_id == Person.id)
            .where(or_(Person.name.ilike(pattern, escape="\\"), PersonAlias.alias.ilike(pattern, escape="\\")))
            .distinct()
            .order_by(Person.name)
            .limit(limit)
        )
        return self._people(matching)

    def people_in_article(self, article_id: int) -> list[PersonRecord]:
        """People this article names or quotes: the first choices in the speaker picker."""
        ids = (
            select(Quote.person_id.label("pid"))
            .where(Quote.article_id == article_id, Quote.person_id.is_not(None))
            .union(select(Mention.person_id).where(Mention.article_id == article_id, Mention.person_id.is_not(None)))
            .subquery()
        )
        return self._people(select(Person).where(Person.id.in_(select(ids.c.pid))).order_by(Person.name))

    def known_people(self) -> list[KnownPerson]:
        """People with at least one confirmed or corrected quote: what the engine learns from."""
        verified = select(Quote.person_id).where(Quote.status.in_(("confirmed", "corrected")))
        people = self._people(select(Person).where(Person.id.in_(verified)).order_by(Person.name))
        return [KnownPerson(name=p.name, aliases=p.aliases) for p in people]

    def _people(self, query: Select[Any]) -> list[PersonRecord]:
        with self._read() as session:
            people = list(session.scalars(query).unique())
            if not people:
                return []
            ids = [p.id for p in people]
            counts: dict[int | None, int] = {
                person_id: int(count)
                for person_id, count in session.execute(
                    select(Quote.person_id, func.count(Quote.id))
                    .where(Quote.person_id.in_(ids), Quote.status != "rejected")
                    .group_by(Quote.person_id)
                )
            }
            aliases: dict[int, list[str]] = {}
            for person_id, alias in session.execute(
                select(PersonAlias.person_id, PersonAlias.alias)
                .where(PersonAlias.person_id.in_(ids))
                .order_by(PersonAlias.alias)
            ):
                aliases.setdefault(person_id, []).append(alias)
            return [
                PersonRecord(
                    id=p.id,
                    name=p.name,
                    aliases=tuple(aliases.get(p.id, ())),
                    description=p.description,
                    quote_count=int(counts.get(p.id, 0)),
                )
                for p in people
            ]

    # ---- review ----
    # Review actions (accept, send back, comment), the queries behind the review queue, and the merge of a
    # colleague's database. The rules themselves (replay, matching, "verified") live in annotator/review/.

    def accept_quote(
        self,
        quote_id: int,
        *,
        reviewer: str,
        expected_version: int | None,
        allow_self_review: bool = False,
        comment: str | None = None,
    ) -> QuoteRecord:
        """A second person agrees with the decision: with it the quote is verified."""
        changes: dict[str, Any] = {"review_status": "accepted"}
        if comment and comment.strip():
            changes["review_comment"] = comment.strip()
        return self._review_quote(
            quote_id,
            changes,
            reviewer=reviewer,
            action="accept",
            expected_version=expected_version,
            allow_self_review=allow_self_review,
        )

    def send_back_quote(
        self, quote_id: int, *, reviewer: str, comment: str, expected_version: int | None
    ) -> QuoteRecord:
        """Disagree with the decision: it goes back to whoever made it, with the reason."""
        if not comment or not comment.strip():
            raise StoreError("say why the quote goes back: a comment is required")
        return self._review_quote(
            quote_id,
            {"review_status": "rejected", "review_comment": comment.strip()},
            reviewer=reviewer,
            action="send_back",
            expected_version=expected_version,
            allow_self_review=False,
        )

    def comment_quote(self, quote_id: int, *, user: str, comment: str, expected_version: int | None) -> QuoteRecord:
        """A remark on the quote that leaves its review status as it is (the log keeps every comment)."""
        if not comment or not comment.strip():
            raise StoreError("an empty comment says nothing")
        return self._review_quote(
            quote_id,
            {"review_comment": comment.strip()},
            reviewer=user,
            action="comment",
            expected_version=expected_version,
            allow_self_review=True,
            needs_decision=False,
        )

    def _review_quote(
        self,
        quote_id: int,
        changes: dict[str, Any],
        *,
        reviewer: str,
        action: str,
        expected_version: int | None,
        allow_self_review: bool,
        needs_decision: bool = True,
    ) -> QuoteRecord:
        reviewer = reviewer.strip()
        if not reviewer:
            raise StoreError("a reviewer needs a name")
        try:
            with self._transaction() as session:
                quote = session.get(Quote, quote_id)
                if quote is None:
                    raise NotFound(f"there is no quote {quote_id}")
                if expected_version is not None and quote.version != expected_version:
                    raise QuoteConflict(_quote_record(quote, quote.person.name if quote.person else None))
                if needs_decision and quote.status not in DECIDED_STATUSES:
                    raise StoreError(f"quote {quote_id} has not been decided yet: there is nothing to review")
                if needs_decision and not allow_self_review and quote.verified_by == reviewer:
                    raise StoreError(f"quote {quote_id} was decided by {reviewer}: a second person has to review it")
                if action != "comment":
                    changes = {**changes, "reviewed_by": reviewer, "reviewed_at": utc_now()}
                before = {key: getattr(quote, key) for key in changes}
                for key, value in changes.items():
                    setattr(quote, key, value)
                quote.updated_by = reviewer
                quote.updated_at = utc_now()
                session.flush()
                self._log_quote(
                    session,
                    quote,
                    user=reviewer,
                    action=action,
                    before=before,
                    after=changes,
                )
        except StaleDataError as exc:
            raise QuoteConflict(self._current_or_none(quote_id)) from exc
        return self.get_quote(quote_id)

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

    @staticmethod
    def _reset_review_on_change(quote: Quote, updates: dict[str, Any]) -> None:
        """A reviewed decision that changes again (confirmed anew, corrected, undone) needs a new review."""
        if quote.review_status not in ("accepted", "rejected"):
            return
        if any(key != "note" and getattr(quote, key) != value for key, value in updates.items()):
            updates["review_status"] = "pending"

    def editors(self) -> list[str]:
        """Everyone who decided or reviewed anything: registered users, authors of quote edits, colleagues
        whose decisions were imported. The review view offers them as colleagues."""
        with self._read() as session:
            names = set(session.scalars(select(User.name)))
            names.update(session.scalars(select(Edit.user).where(Edit.target == "quote").distinct()))
            names.update(session.scalars(select(QuoteDecision.user).distinct()))
        return sorted(names, key=str.casefold)

    def sent_back_quotes(self, user: str) -> list[QuoteRecord]:
        """Quotes `user` decided that a reviewer sent back, with the reviewer's comment."""
        query = (
            select(Quote, Person.name)
            .outerjoin(Person, Person.id == Quote.person_id)
            .where(Quote.review_status == "rejected", Quote.verified_by == user)
            .order_by(Quote.reviewed_at.desc(), Quote.id)
        )
        with self._read() as session:
            return [_quote_record(quote, name) for quote, name in session.execute(query)]

    def quotes_by_ids(self, quote_ids: Iterable[int] = (), uids: Iterable[str] = ()) -> dict[int, QuoteRecord]:
        """The quotes with these ids or uids (gone ones are simply missing), by id."""
        found: dict[int, QuoteRecord] = {}
        with self._read() as session:
            for column, values in ((Quote.id, quote_ids), (Quote.uid, uids)):
                for chunk in _chunks(sorted(set(values))):
                    query = (
                        select(Quote, Person.name)
                        .outerjoin(Person, Person.id == Quote.person_id)
                        .where(column.in_(chunk))
                    )
                    found.update({q.id: _quote_record(q, name) for q, name in session.execute(query)})
        return found

    def article_titles(self, article_ids: Iterable[int]) -> dict[int, str]:
        ids = sorted(set(article_ids))
        with self._read() as session:
            return {
                row[0]: row[1]
                for chunk in _chunks(ids)
                for row in session.execute(select(Article.id, Article.title).where(Article.id.in_(chunk)))
            }

    def local_quote_edits(
        self,
        *,
        users: Sequence[str] | None = None,
        exclude_user: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        uids: Iterable[str] | None = None,
    ) -> list[EditRecord]:
        """Quote edits made in this database (imported ones are left out), oldest first."""
        conditions: list[Any] = [Edit.target == "quote", Edit.source.is_(None)]
        if users:
            conditions.append(Edit.user.in_(list(users)))
        if exclude_user:
            conditions.append(Edit.user != exclude_user)
        if since:
            conditions.append(Edit.at >= since)
        if until:
            conditions.append(Edit.at < until)
        with self._read() as session:
            if uids is None:
                query = select(Edit).where(*conditions).order_by(Edit.at, Edit.id)
                return [_edit_record(row) for row in session.scalars(query)]
            rows: list[Edit] = []
            for chunk in _chunks(sorted(set(uids))):
                rows.extend(session.scalars(select(Edit).where(*conditions, Edit.target_uid.in_(chunk))))
            rows.sort(key=lambda row: (row.at, row.id))
            return [_edit_record(row) for row in rows]

    def quote_decisions(
        self,
        *,
        users: Sequence[str] | None = None,
        exclude_user: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        quote_ids: Iterable[int] | None = None,
    ) -> list[QuoteDecisionRecord]:
        """Colleague decisions brought in from other databases."""
        query = select(QuoteDecision).order_by(QuoteDecision.decided_at, QuoteDecision.id)
        if users:
            query = query.where(QuoteDecision.user.in_(list(users)))
        if exclude_user:
            query = query.where(QuoteDecision.user != exclude_user)
        if since:
            query = query.where(QuoteDecision.decided_at >= since)
        if until:
            query = query.where(QuoteDecision.decided_at < until)
        with self._read() as session:
            if quote_ids is None:
                return [_decision_record(row) for row in session.scalars(query)]
            rows = [
                _decision_record(row)
                for chunk in _chunks(sorted(set(quote_ids)))
                for row in session.scalars(query.where(QuoteDecision.quote_id.in_(chunk)))
            ]
            return sorted(rows, key=lambda row: (row.decided_at, row.id))

    def review_conflicts(self, *, open_only: bool = True) -> list[ReviewConflictRecord]:
        query = (
            select(ReviewConflict, Quote.article_id, Quote.version, Article.title)
            .join(Quote, Quote.id == ReviewConflict.quote_id)
            .join(Article, Article.id == Quote.article_id)
            .order_by(Quote.article_id, Quote.start, ReviewConflict.id)
        )
        if open_only:
            query = query.where(ReviewConflict.resolution.is_(None))
        with self._read() as session:
            return [
                _conflict_record(conflict, article_id, version, title)
                for conflict, article_id, version, title in session.execute(query)
            ]

    def resolve_conflict(
        self, conflict_id: int, *, user: str, keep: str, expected_version: int | None = None
    ) -> ReviewConflictRecord:
        """Settle a conflict from a colleague import: keep "mine" as is, or take "theirs" onto the quote."""
        if keep not in ("mine", "theirs"):
            raise StoreError(f"keep 'mine' or 'theirs', not {keep!r}")
        try:
            with self._transaction() as session:
                conflict = session.get(ReviewConflict, conflict_id)
                if conflict is None:
                    raise NotFound(f"there is no conflict {conflict_id}")
                if conflict.resolution is not None:
                    raise StoreError(
                        f"conflict {conflict_id} was already settled by {conflict.resolved_by} ({conflict.resolution})"
                    )
                quote = session.get(Quote, conflict.quote_id)
                assert quote is not None  # the conflict row goes with its quote
                if expected_version is not None and quote.version != expected_version:
                    raise QuoteConflict(_quote_record(quote, quote.person.name if quote.person else None))
                before: dict[str, Any] = {}
                after: dict[str, Any] = {"conflict": conflict_id, "their_user": conflict.their_user}
                if keep == "theirs":
                    before, changed = self._apply_state(session, quote, conflict.theirs, user=user)
                    after.update(changed)
                    quote.updated_by = user
                    quote.updated_at = utc_now()
                conflict.resolution = keep
                conflict.resolved_by = user
                conflict.resolved_at = utc_now()
                session.flush()
                self._log_quote(
                    session,
                    quote,
                    user=user,
                    action="take_theirs" if keep == "theirs" else "keep_mine",
                    before=before,
                    after=after,
                )
        except StaleDataError as exc:
            raise QuoteConflict(None) from exc
        return next(c for c in self.review_conflicts(open_only=False) if c.id == conflict_id)

    def _apply_state(
        self, session: Session, quote: Quote, state: Mapping[str, Any], *, user: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Make a quote show another database's decision; returns the (before, after) of what changed."""
        article = session.get(Article, quote.article_id)
        assert article is not None
        updates: dict[str, Any] = {
            key: state.get(key) for key in MERGED_QUOTE_FIELDS if key in state and key != "verified_at"
        }
        updates["verified_at"] = parse_time(state.get("verified_at"))
        start, end = int(updates.get("start", quote.start)), int(updates.get("end", quote.end))
        _check_span(start, end, len(article.text))
        updates["text"] = article.text[start:end]
        name = state.get("speaker_name")
        if not name:
            updates["person_id"] = None
        elif state.get("status") in VERIFIED_STATUSES:
            updates["person_id"] = self._person_for_name(session, name, user=user)
        else:  # a mere suggestion names a person only if they are already known here
            updates["person_id"] = _known_names(session, exact=False).get(" ".join(name.split()).casefold())
        self._reset_review_on_change(quote, updates)
        before = {k: _jsonable(getattr(quote, k)) for k, v in updates.items() if getattr(quote, k) != v}
        after = {k: _jsonable(updates[k]) for k in before}
        for key in before:
            setattr(quote, key, updates[key])
        return before, after

    def _person_for_name(self, session: Session, name: str, *, user: str) -> int:
        name = " ".join(name.split())
        person_id = _known_names(session, exact=True).get(name.casefold())
        if person_id is None:
            person = Person(name=name, created_by=user)
            session.add(person)
            session.flush()
            person_id = person.id
            for exact in (True, False):
                _known_names(session, exact=exact)[name.casefold()] = person_id
            self._log(
                session,
                user=user,
                action="create",
                target="person",
                target_id=person_id,
                article_id=None,
                after={"name": name},
            )
        return person_id

    def merge_people(self, people: Sequence[PersonRecord], *, user: str) -> int:
        """Bring a colleague's people in by name (their aliases too); returns how many were new."""
        added = 0
        with self._transaction() as session:
            for person in people:
                name = " ".join(person.name.split())
                if not name:
                    continue
                added += name.casefold() not in _known_names(session, exact=True)
                person_id = self._person_for_name(session, name, user=user)
                for alias in person.aliases:
                    _teach_alias(session, person_id, alias)
        return added

    def merge_colleague_article(self, theirs: ColleagueArticle, *, user: str, source: str) -> ArticleMergeResult:
        """Bring one article of a colleague's database in, in one transaction, never overwriting a decision.

        The article is matched by content hash, each quote by uid, by an earlier merge, or by a span that
        overlaps by half. Their decision is stored (quote_decisions); it becomes the quote's state only when
        nobody here decided it; where we decided differently a conflict is recorded for the reviewer.
        Their edits join the audit log with their own users and times, marked with `source`.
        """
        counts = {"quotes_added": 0, "decisions_added": 0, "decisions_adopted": 0, "conflicts": 0}
        with self._transaction() as session:
            article, article_added = self._merge_article_row(session, theirs, user=user, source=source)
            mine = list(session.scalars(select(Quote).where(Quote.article_id == article.id)))
            by_uid = {quote.uid: quote for quote in mine}
            earlier = {
                row.their_uid: row.quote_id
                for row in session.scalars(
                    select(QuoteDecision).where(QuoteDecision.quote_id.in_([q.id for q in mine] or [-1]))
                )
            }
            by_id = {quote.id: quote for quote in mine}
            uid_map: dict[str, Quote] = {}
            for their in theirs.quotes:
                record = their.record
                match = by_uid.get(record.uid) or by_id.get(earlier.get(record.uid, -1))
                if match is None:
                    match = _best_overlap(record, [q for q in mine if q not in uid_map.values()])
                if match is None:
                    if session.scalar(select(Quote.id).where(Quote.uid == record.uid)) is not None:
                        continue  # that uid is some other article's quote here: never two rows per uid
                    match = self._merge_new_quote(session, article, their, user=user, source=source)
                    mine.append(match)
                    counts["quotes_added"] += 1
                uid_map[record.uid] = match
                # our own decisions coming back in a copy of our database are already here
                if record.status in DECIDED_STATUSES and record.verified_by not in (None, "", user):
                    outcome = self._merge_decision(session, match, record, user=user, source=source)
                    for key in outcome:
                        counts[key] += 1
            edits_added = self._merge_edits(session, theirs, article, uid_map, source=source)
        return ArticleMergeResult(article_id=article.id, article_added=article_added, edits_added=edits_added, **counts)

    def _merge_article_row(
        self, session: Session, theirs: ColleagueArticle, *, user: str, source: str
    ) -> tuple[Article, bool]:
        their = theirs.article
        found = session.scalar(select(Article).where(Article.content_hash == their.content_hash))
        if found is not None:
            return found, False
        article = Article(
            title=their.title,
            outlet=their.outlet,
            author=their.author,
            url=their.url,
            published=their.published,
            description=their.description,
            text=their.text,
            content_hash=their.content_hash,
            status=their.status,
            source=their.source,
            imported_by=user,
            annotated_at=their.annotated_at,
            annotated_with=their.annotated_with,
        )
        session.add(article)
        session.flush()
        for mention in theirs.mentions:
            name = theirs.person_names.get(mention.person_id) if mention.person_id is not None else None
            session.add(
                Mention(
                    article_id=article.id,
                    start=mention.start,
                    end=mention.end,
                    label=mention.label,
                    text=mention.text,
                    person_id=self._person_for_name(session, name, user=user) if name else None,
                    origin=f"merge:{source}"[:200],
                )
            )
        self._log(
            session,
            user=user,
            action="import",
            target="article",
            target_id=article.id,
            article_id=article.id,
            after={"title": article.title, "source": source, "content_hash": article.content_hash},
        )
        return article, True

    def _merge_new_quote(
        self, session: Session, article: Article, their: ColleagueQuote, *, user: str, source: str
    ) -> Quote:
        record = their.record
        state = state_of(record)
        quote = Quote(
            uid=record.uid,
            article_id=article.id,
            start=record.start,
            end=record.end,
            text=article.text[record.start : record.end],
            kind=record.kind,
            confidence=record.confidence,
            origin=record.origin,
            status="suggested",
            updated_by=user,
        )
        session.add(quote)
        session.flush()
        # The quote starts here as their suggestion (or, if they added it, as their whole state); then the
        # merge edit moves it to their current state, so replaying our log finds the suggestion again.
        start_state = their.origin if their.origin is not None else state
        self._apply_state(session, quote, start_state, user=user)
        session.flush()
        self._log_quote(
            session,
            quote,
            user=user,
            action="merge_add" if their.origin is None else "merge_suggestion",
            after={"source": source, "uid": record.uid},
        )
        if their.origin is not None:
            before, after = self._apply_state(session, quote, state, user=user)
            quote.updated_at = utc_now()
            session.flush()
            if before:
                self._log_quote(
                    session,
                    quote,
                    user=user,
                    action="merge",
                    before=before,
                    after=after,
                )
        return quote

    def _merge_decision(
        self, session: Session, quote: Quote, record: QuoteRecord, *, user: str, source: str
    ) -> list[str]:
        """Store their decision on our quote; returns which counters it moved."""
        colleague = record.verified_by or ""
        decided_at = record.verified_at or record.updated_at or utc_now()
        theirs = state_of(record)
        row = session.scalar(
            select(QuoteDecision).where(QuoteDecision.quote_id == quote.id, QuoteDecision.user == colleague)
        )
        if row is not None and row.decided_at >= decided_at:
            return []  # the same decision (or an older one) came in before
        if row is None:
            row = QuoteDecision(quote_id=quote.id, user=colleague, imported_by=user)
            session.add(row)
        row.their_uid = record.uid
        row.decided_at = decided_at
        row.state = theirs
        row.source = source
        row.imported_at = utc_now()
        session.flush()
        moved = ["decisions_added"]
        current = _quote_record(quote, quote.person.name if quote.person else None)
        newer_own = quote.verified_by == colleague and (quote.verified_at or decided_at) < decided_at
        if quote.status not in DECIDED_STATUSES or newer_own:
            # nobody decided it here (or it is their own older decision): their decision becomes the state
            before, after = self._apply_state(session, quote, theirs, user=user)
            quote.updated_by = user
            quote.updated_at = utc_now()
            session.flush()
            self._log_quote(
                session,
                quote,
                user=user,
                action="merge",
                before=before,
                after={**after, "source": source},
            )
            return [*moved, "decisions_adopted"]
        mine = decision_state(state_of(current), user=current.verified_by, at=current.verified_at)
        if quote.verified_by == colleague or mine.agrees_with(decision_state(theirs, user=colleague, at=decided_at)):
            return moved
        conflict = session.scalar(
            select(ReviewConflict).where(ReviewConflict.decision_id == row.id, ReviewConflict.resolution.is_(None))
        )
        if conflict is None:
            conflict = ReviewConflict(quote_id=quote.id, decision_id=row.id, their_user=colleague)
            session.add(conflict)
        conflict.mine = state_of(current)
        conflict.my_user = current.verified_by
        conflict.theirs = theirs
        return [*moved, "conflicts"]

    def _merge_edits(
        self,
        session: Session,
        theirs: ColleagueArticle,
        article: Article,
        uid_map: Mapping[str, Quote],
        *,
        source: str,
    ) -> int:
        """Their audit rows with their users and times; one already here (same who, when, what) is skipped."""
        seen = {
            _edit_key(row.user, row.at, row.action, row.target, row.target_uid)
            for row in session.scalars(select(Edit).where(Edit.article_id == article.id))
        }
        added = 0
        for edit in theirs.edits:
            quote = uid_map.get(edit.target_uid or "") if edit.target == "quote" else None
            target_uid = quote.uid if quote is not None else edit.target_uid
            key = _edit_key(edit.user, edit.at, edit.action, edit.target, target_uid)
            if key in seen:
                continue
            seen.add(key)
            session.add(
                Edit(
                    at=edit.at,
                    user=edit.user,
                    article_id=article.id,
                    target=edit.target,
                    target_id=quote.id if quote is not None else (article.id if edit.target == "article" else None),
                    target_uid=target_uid,
                    action=edit.action,
                    before=edit.before,
                    after=edit.after,
                    source=(edit.source or source)[:2000],
                )
            )
            added += 1
        return added

    def record_merge(self, report: MergeReport, *, user: str) -> None:
        """One audit row for the whole import, so the log says who merged which file when."""
        with self._transaction() as session:
            self._log(
                session,
                user=user,
                action="merge",
                target="database",
                target_id=None,
                article_id=None,
                after={
                    "source": report.source,
                    "articles_added": report.articles_added,
                    "quotes_added": report.quotes_added,
                    "decisions_added": report.decisions_added,
                    "conflicts": report.conflicts,
                    "edits_added": report.edits_added,
                },
            )

    @staticmethod
    def open_colleague_copy(path_or_url: str, folder: Path) -> Store:
        """Open a colleague's database for reading without ever writing to their file.

        A SQLite file is first copied with SQLite's backup API (consistent even mid-write, WAL included)
        into `folder`, and the copy is what gets migrated and read.
        """
        if "://" in path_or_url and not path_or_url.startswith("sqlite"):
            return Store.open(path_or_url)
        is_url = path_or_url.startswith("sqlite")
        path = Path((make_url(path_or_url).database or "") if is_url else path_or_url).expanduser()
        if not path.is_file():
            raise StoreError(f"there is no database file at {path}")
        copy = folder / "colleague.db"
        try:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                target = sqlite3.connect(copy)
                try:
                    source.backup(target)
                finally:
                    target.close()
            finally:
                source.close()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is not a Quote Annotator database: {exc}") from exc
        try:
            return Store.open(sqlite_url_for(copy))
        except DatabaseProblem as exc:
            raise StoreError(f"{path}: {exc}") from exc


# ---- helpers ---------------------------------------------------------------------------------------------


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _check_span(start: int, end: int, length: int) -> None:
    if not (0 <= start < end <= length):
        raise StoreError(f"the span {start}-{end} is outside the article (0-{length}) or empty")


def _people_by_name(session: Session, *, exact_names_only: bool = False) -> dict[str, int]:
    """Casefolded name (and, unless told otherwise, alias) -> person id."""
    found: dict[str, int] = {}
    if not exact_names_only:
        for person_id, alias in session.execute(select(PersonAlias.person_id, PersonAlias.alias)):
            found.setdefault(alias.casefold(), person_id)
    for person_id, name in session.execute(select(Person.id, Person.name).order_by(Person.id)):
        found[name.casefold()] = person_id  # a full name wins over somebody's alias
    return found


def _teach_alias(session: Session, person_id: int, alias: str) -> bool:
    """Remember how a person was written ("Mr Zuckerberg"), unless it is a pronoun or the name itself."""
    alias = " ".join(alias.split())
    if not alias or alias.casefold() in _NOT_ALIASES:
        return False
    person = session.get(Person, person_id)
    if person is None or person.name.casefold() == alias.casefold():
        return False
    exists = session.scalar(
        select(PersonAlias.id).where(
            and_(PersonAlias.person_id == person_id, func.lower(PersonAlias.alias) == alias.lower())
        )
    )
    if exists is not None:
        return False
    session.add(PersonAlias(person_id=person_id, alias=alias))
    return True


_NOT_ALIASES = frozenset(
    ["he", "she", "they", "him", "her", "them", "his", "hers", "their", "i", "we", "you", "it", "who", "this"]
)


def _summary(row: Any) -> ArticleSummary:
    return ArticleSummary(
        id=row[0],
        title=row[1],
        outlet=row[2],
        published=row[3],
        status=row[4],
        quotes_total=int(row[5] or 0),
        quotes_to_check=int(row[6] or 0),
        imported_at=row[7],
    )


def _article_record(row: Article) -> ArticleRecord:
    return ArticleRecord(
        id=row.id,
        title=row.title,
        outlet=row.outlet,
        author=row.author,
        url=row.url,
        published=row.published,
        description=row.description,
        text=row.text,
        content_hash=row.content_hash,
        status=row.status,
        source=row.source,
        imported_at=row.imported_at,
        annotated_at=row.annotated_at,
        annotated_with=row.annotated_with,
    )


def _quote_record(quote: Quote, person_name: str | None) -> QuoteRecord:
    return QuoteRecord(
        id=quote.id,
        uid=quote.uid,
        article_id=quote.article_id,
        start=quote.start,
        end=quote.end,
        text=quote.text,
        kind=quote.kind,
        status=quote.status,
        confidence=quote.confidence,
        origin=quote.origin,
        cue_start=quote.cue_start,
        cue_end=quote.cue_end,
        cue_text=quote.cue_text,
        speaker_start=quote.speaker_start,
        speaker_end=quote.speaker_end,
        speaker_text=quote.speaker_text,
        speaker_name=quote.speaker_name,
        person_id=quote.person_id,
        person_name=person_name,
        venue=quote.venue,
        venue_start=quote.venue_start,
        venue_end=quote.venue_end,
        note=quote.note,
        verified_by=quote.verified_by,
        verified_at=quote.verified_at,
        review_status=quote.review_status,
        review_comment=quote.review_comment,
        reviewed_by=quote.reviewed_by,
        reviewed_at=quote.reviewed_at,
        updated_by=quote.updated_by,
        updated_at=quote.updated_at,
        version=quote.version,
    )


def _edit_record(row: Edit) -> EditRecord:
    return EditRecord(
        id=row.id,
        at=row.at,
        user=row.user,
        article_id=row.article_id,
        target=row.target,
        target_id=row.target_id,
        target_uid=row.target_uid,
        action=row.action,
        before=row.before,
        after=row.after,
        source=row.source,
    )


# Fields a merge copies from a colleague's decision (the text is cut from our own copy of the article)
MERGED_QUOTE_FIELDS: tuple[str, ...] = tuple(name for name in DECISION_FIELDS if name != "text")


def _chunks(values: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """IN lists in slices, well under SQLite's bound-parameter limit."""
    for index in range(0, len(values), size):
        yield values[index : index + size]


def _edit_key(
    user: str, at: datetime, action: str, target: str, target_uid: str | None
) -> tuple[str, str, str, str, str | None]:
    """Who did what to which quote when: the same edit imported twice has the same key."""
    moment = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return user, moment.isoformat(), action, target, target_uid


def _known_names(session: Session, *, exact: bool) -> dict[str, int]:
    """_people_by_name, read once per transaction: a merge looks names up for every quote."""
    key = "review_people_exact" if exact else "review_people_all"
    if key not in session.info:
        session.info[key] = _people_by_name(session, exact_names_only=exact)
    found: dict[str, int] = session.info[key]
    return found


def _best_overlap(record: QuoteRecord, candidates: Sequence[Quote]) -> Quote | None:
    """Our quote that is the same stretch of text as theirs (see review.rules.loose_match), if any."""
    theirs = (record.start, record.end)
    matching = [quote for quote in candidates if loose_match(theirs, (quote.start, quote.end))]
    if not matching:
        return None
    return max(matching, key=lambda q: (min(q.end, record.end) - max(q.start, record.start), -q.id))


def _decision_record(row: QuoteDecision) -> QuoteDecisionRecord:
    return QuoteDecisionRecord(
        id=row.id,
        quote_id=row.quote_id,
        their_uid=row.their_uid,
        user=row.user,
        decided_at=row.decided_at,
        state=dict(row.state),
        source=row.source,
        imported_at=row.imported_at,
    )


def _conflict_record(row: ReviewConflict, article_id: int, version: int, title: str) -> ReviewConflictRecord:
    return ReviewConflictRecord(
        id=row.id,
        quote_id=row.quote_id,
        article_id=article_id,
        article_title=title,
        quote_version=version,
        mine=decision_state(row.mine, user=row.my_user, at=parse_time(row.mine.get("verified_at"))),
        theirs=decision_state(
            row.theirs, user=row.their_user, at=parse_time(row.theirs.get("verified_at")), source="import"
        ),
        created_at=row.created_at,
        resolution=row.resolution,
        resolved_by=row.resolved_by,
        resolved_at=row.resolved_at,
    )
