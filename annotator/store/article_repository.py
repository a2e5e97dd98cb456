"""Articles: import with dedupe, the article list, status, and the model's suggestions."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from annotator.db.models import (
    Article,
    Mention,
    Quote,
    utc_now,
)
from annotator.nlp.lexicon import fold_name
from annotator.nlp.types import Annotations
from annotator.records import (
    ARTICLE_STATUSES,
    QUOTED_PHRASE_LABEL,
    ArticleFilter,
    ArticleRecord,
    ArticleSummary,
    MentionRecord,
)
from annotator.store.audit import AuditLog
from annotator.store.database import Database
from annotator.store.errors import ChangedMeanwhile, NotFound, StoreError
from annotator.store.orm_records import article_record, escape_like, fitted_pieces, record_of, summary_record
from annotator.store.people_repository import people_with_folded_names


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


class ArticleRepository:
    """Articles: import with dedupe, the list, status, and the model's suggestions."""

    def __init__(self, db: Database, audit: AuditLog) -> None:
        self.db = db
        self.audit = audit

    def add_article(self, article: NewArticle, *, user: str) -> tuple[ArticleSummary, bool]:
        """Add an article; the same text imported twice is one article (returns it and False)."""
        digest = content_hash(article.text)
        with self.db.transaction() as session:
            existing = session.scalar(select(Article.id).where(Article.content_hash == digest))
        if existing is not None:
            return self.article_summary(existing), False
        try:
            with self.db.transaction() as session:
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
                self.audit.log(
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
            with self.db.read() as session:
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
                pattern = f"%{escape_like(word)}%"
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
            with self.db.read() as session:
                return [summary_record(row) for row in session.execute(everything)]
        # Pick the page of ids first and count quotes for those only: counting every article's quotes
        # before the LIMIT made each page of a 100,000-article list cost a full aggregate.
        page = self._filtered(select(Article.id), filters)
        page = page.order_by(*ordering).offset(offset or None).limit(limit)
        with self.db.read() as session:
            ids = list(session.scalars(page))
            if not ids:
                return []
            rows = {
                row[0]: summary_record(row) for row in session.execute(self._summary_query().where(Article.id.in_(ids)))
            }
        return [rows[article_id] for article_id in ids]

    def count_articles(self, filters: ArticleFilter | None = None) -> int:
        query = self._filtered(select(func.count(Article.id)), filters)
        with self.db.read() as session:
            return int(session.scalar(query) or 0)

    def outlets(self) -> list[str]:
        query = select(Article.outlet).where(Article.outlet.is_not(None)).distinct().order_by(Article.outlet)
        with self.db.read() as session:
            return [name for name in session.scalars(query) if name]

    def article_summary(self, article_id: int) -> ArticleSummary:
        with self.db.read() as session:
            row = session.execute(self._summary_query().where(Article.id == article_id)).first()
        if row is None:
            raise NotFound(f"there is no article {article_id}")
        return summary_record(row)

    def get_article(self, article_id: int) -> ArticleRecord:
        with self.db.read() as session:
            row = session.get(Article, article_id)
            if row is None:
                raise NotFound(f"there is no article {article_id}")
            return article_record(row)

    def find_article_by_hash(self, digest: str) -> ArticleRecord | None:
        with self.db.read() as session:
            row = session.scalar(select(Article).where(Article.content_hash == digest))
            return article_record(row) if row else None

    def article_ids(self, *, unannotated_only: bool = False) -> list[int]:
        query = select(Article.id).order_by(Article.id)
        if unannotated_only:
            query = query.where(Article.annotated_at.is_(None))
        with self.db.read() as session:
            return list(session.scalars(query))

    def set_article_status(
        self, article_id: int, status: str, *, user: str, expected_status: str | None = None
    ) -> ArticleSummary:
        """Mark an article new / in progress / done. `expected_status` is the status the editor saw: if
        someone changed it since, ChangedMeanwhile carries the fresh summary and nothing is written."""
        if status not in ARTICLE_STATUSES:
            raise StoreError(f"unknown article status {status!r} (use one of {', '.join(ARTICLE_STATUSES)})")
        with self.db.transaction() as session:
            row = session.get(Article, article_id)
            if row is None:
                raise NotFound(f"there is no article {article_id}")
            if expected_status is not None and row.status != expected_status:
                raise ChangedMeanwhile(
                    f"article {article_id} was marked {row.status} in the meantime", self.article_summary(article_id)
                )
            if row.status != status:
                self.audit.log(
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
        with self.db.read() as session:
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
        with self.db.transaction() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise NotFound(f"there is no article {article_id}")
            # the names this article gives, found through the key tables' indexes (not the whole people list)
            written = [e.text for e in annotations.entities if e.label == "PERSON"]
            written += [q.speaker.name for q in annotations.quotes if q.speaker and q.speaker.name]
            people = people_with_folded_names(session, {fold_name(name) for name in written})
            session.execute(delete(Mention).where(Mention.article_id == article_id, Mention.origin.like("model%")))
            # an editor's own quote still waiting for its speaker is theirs, not the model's to replace
            session.execute(
                delete(Quote).where(
                    Quote.article_id == article_id, Quote.status == "suggested", ~Quote.origin.like("user:%")
                )
            )
            kept = [
                (start, end)
                for start, end in session.execute(select(Quote.start, Quote.end).where(Quote.article_id == article_id))
            ]
            for entity in annotations.entities:
                person = people.get(fold_name(entity.text)) if entity.label == "PERSON" else None
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
            for phrase in annotations.phrases:
                session.add(
                    Mention(
                        article_id=article_id,
                        start=phrase.start,
                        end=phrase.end,
                        label=QUOTED_PHRASE_LABEL,
                        text=phrase.text,
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
                        pieces=fitted_pieces(
                            [(piece.start, piece.end) for piece in quote.pieces] or None,
                            (),
                            quote.kind,
                            quote.start,
                            quote.end,
                            article.text,
                        ),
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
                        # A mention with no name ("a senior official") links to no person.
                        person_id=people.get(fold_name(speaker.name)) if speaker and speaker.name else None,
                        venue=quote.venue.text if quote.venue else None,
                        venue_start=quote.venue.start if quote.venue else None,
                        venue_end=quote.venue.end if quote.venue else None,
                        updated_by=user,
                    )
                )
                stored += 1
            article.annotated_at = utc_now()
            article.annotated_with = annotations.model or None
            self.audit.log(
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
        with self.db.read() as session:
            return [record_of(MentionRecord, m) for m in session.scalars(query)]
