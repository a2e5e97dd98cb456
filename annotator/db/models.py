"""The database schema as SQLAlchemy 2 typed models. The words match the architecture page.

Only annotator/store/ and the migrations use these classes; everything above the store sees frozen
records (annotator/records.py), so ORM objects never leak into threads or widgets.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from annotator.pieces import verbatim_words


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps are stored in UTC and always come back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # who this editor is across databases: the name plus a random part, so two people with one name differ
    editor_id: Mapped[str] = mapped_column(String(250), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(1000))
    outlet: Mapped[str | None] = mapped_column(String(300))
    author: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2000))
    published: Mapped[str | None] = mapped_column(String(40), index=True)  # ISO date or datetime text
    description: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    # sha256 of the text: the same text imported twice is one article
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)  # new / in_progress / done
    source: Mapped[str | None] = mapped_column(String(2000))
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    imported_by: Mapped[str | None] = mapped_column(String(200))
    annotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    annotated_with: Mapped[str | None] = mapped_column(String(200))  # pipeline name and version
    revision_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))

    quotes: Mapped[list[Quote]] = relationship(back_populates="article", cascade="all, delete-orphan")
    mentions: Mapped[list[Mention]] = relationship(back_populates="article", cascade="all, delete-orphan")


# The articles still without suggestions (few, once an archive is pre-annotated): the workers' claims and the
# run's status find them without reading the whole table (migration 0009)
_waiting = Article.annotated_at.is_(None)
Index("ix_articles_unannotated", Article.id, sqlite_where=_waiting, postgresql_where=_waiting)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    created_by: Mapped[str | None] = mapped_column(String(200))
    # The editor's choice, empty by default (annotator/people_archive.py suggests one from pronouns):
    # "woman" / "man" / "nonbinary"
    gender: Mapped[str | None] = mapped_column(String(20))

    aliases: Mapped[list[PersonAlias]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonAlias.alias"
    )


class PersonAlias(Base):
    __tablename__ = "person_aliases"
    __table_args__ = (UniqueConstraint("person_id", "alias", name="uq_person_alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300), index=True)

    person: Mapped[Person] = relationship(back_populates="aliases")


class PersonAliasKey(Base):
    """An alias folded (fold_name): likely duplicates find the people who have someone's name as an alias, and
    the store the person a speaker's name is an alias of, however it is written, through its index. Kept like
    PersonNameKey: the app writes it with the alias, a trigger adds the row (NULL) for an alias any writer
    inserts and resets it to NULL when the alias changes, and annotator/store/name_keys.py fills the NULLs
    before reading (migration 0012)."""

    __tablename__ = "person_alias_keys"

    alias_id: Mapped[int] = mapped_column(
        ForeignKey("person_aliases.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    folded: Mapped[str | None] = mapped_column(String(300), index=True)


class PersonQuoteSummary(Base):
    """A speaking person's quotes (rejected ones aside) counted, and their first and last publication date
    ("" when undated): the People view's sort and page. Kept by database triggers on quotes and articles
    (migration 0008), never written by the app; a row exists while the person has a counted quote."""

    __tablename__ = "person_summary"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    quotes: Mapped[int] = mapped_column(Integer)
    verified: Mapped[int] = mapped_column(Integer)
    suggested: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[str] = mapped_column(String(40))
    last_seen: Mapped[str] = mapped_column(String(40))


Index("ix_person_summary_quotes", PersonQuoteSummary.quotes.desc(), PersonQuoteSummary.person_id)
Index("ix_person_summary_verified", PersonQuoteSummary.verified.desc(), PersonQuoteSummary.person_id)
Index("ix_person_summary_last_seen", PersonQuoteSummary.last_seen.desc(), PersonQuoteSummary.person_id)


class PersonQuoteDate(Base):
    """How many of a person's counted quotes each publication date has ("" for undated articles): taking a
    quote away finds the new first/last seen with one index probe. Kept by the same triggers."""

    __tablename__ = "person_dates"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    published: Mapped[str] = mapped_column(String(40), primary_key=True)
    quotes: Mapped[int] = mapped_column(Integer)


class PersonQuoteOutlet(Base):
    """How many of a person's counted quotes each outlet has ("" for none). Kept by the same triggers."""

    __tablename__ = "person_outlets"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    outlet: Mapped[str] = mapped_column(String(300), primary_key=True)
    quotes: Mapped[int] = mapped_column(Integer)


class PersonNameKey(Base):
    """A person's surname as fold_name folds it (annotator.nlp.lexicon.surname_key), the blocking key of likely
    duplicates, and their whole name folded (fold_name), the key the store finds a person by (migration 0013).
    The app writes both with the name; a trigger adds the row (NULL) for a person any writer inserts and resets
    `surname` to NULL on a rename: a NULL surname marks both keys stale, and annotator/store/name_keys.py
    computes them again (or a look-up reads the name itself)."""

    __tablename__ = "person_name_keys"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    surname: Mapped[str | None] = mapped_column(String(300), index=True)
    folded: Mapped[str | None] = mapped_column(String(300), index=True)


class Mention(Base):
    __tablename__ = "mentions"
    __table_args__ = (Index("ix_mentions_article_start", "article_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)  # code points, like Python str offsets
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    origin: Mapped[str] = mapped_column(String(200))

    article: Mapped[Article] = relationship(back_populates="mentions")


class Quote(Base):
    __tablename__ = "quotes"
    __table_args__ = (
        Index("ix_quotes_article_start", "article_id", "start"),
        Index("ix_quotes_person_article", "person_id", "article_id"),  # one person's quotes by date
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across exports and databases (a colleague's copy keeps it), unlike the integer key
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # the content span as written: the reported clause
    # The verbatim quoted stretches, marks included, as [[start, end], ...] in code points inside start..end;
    # empty for indirect speech (see annotator/pieces.py)
    pieces: Mapped[list[list[int]]] = mapped_column(JSON, default=list, server_default="[]")
    # What the person said, as the CSV's `quote` cell gives it: the pieces' words (verbatim_words), kept
    # by the ORM on every insert and update (see _keep_words) so that an export reads it instead of
    # working it out for a million rows. NULL only where another program wrote the row; readers fall back.
    words: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="direct")  # direct / partial / indirect
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    cue_text: Mapped[str | None] = mapped_column(Text)
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    speaker_text: Mapped[str | None] = mapped_column(Text)  # the speaker as written ("he", "Mr Zuckerberg")
    # The canonical name suggested or chosen; a Person row exists once an editor confirms one (person_id)
    speaker_name: Mapped[str | None] = mapped_column(String(300))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    venue: Mapped[str | None] = mapped_column(Text)
    venue_start: Mapped[int | None] = mapped_column(Integer)
    venue_end: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float | None] = mapped_column(Float)
    origin: Mapped[str] = mapped_column(String(200))  # "model:<pipeline version>" or "user:<name>"
    status: Mapped[str] = mapped_column(String(20), default="suggested", index=True)
    note: Mapped[str | None] = mapped_column(Text)
    verified_by: Mapped[str | None] = mapped_column(String(200))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_status: Mapped[str | None] = mapped_column(String(20))  # accepted / rejected
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_by: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # Optimistic concurrency: an UPDATE carrying a stale version matches no row and is refused
    version: Mapped[int] = mapped_column(Integer, default=1)

    article: Mapped[Article] = relationship(back_populates="quotes")
    person: Mapped[Person | None] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


@event.listens_for(Quote, "before_insert")
@event.listens_for(Quote, "before_update")
def _keep_words(_mapper: Any, _connection: Any, quote: Quote) -> None:
    """Every write of a quote through the ORM stores its words beside its content and pieces."""
    quote.words = verbatim_words(quote.text, quote.start, quote.pieces or ())


class Edit(Base):
    """Append-only audit log: nothing updates or deletes these rows (no foreign keys, on purpose)."""

    __tablename__ = "edits"
    __table_args__ = (
        Index("ix_edits_user_at", "user", "at"),
        Index("ix_edits_target", "target", "target_id"),
        # the review queue's two reads: the quote edits in a span, then those quotes' histories by uid
        # (migration 0010 says why `target` leads)
        Index("ix_edits_target_at", "target", "at"),
        Index("ix_edits_target_uid", "target", "target_uid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    user: Mapped[str] = mapped_column(String(200))
    article_id: Mapped[int | None] = mapped_column(Integer, index=True)
    target: Mapped[str] = mapped_column(String(20))  # quote / mention / person / article
    target_id: Mapped[int | None] = mapped_column(Integer)
    target_uid: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # None for edits made in this database; the colleague's database for edits brought in by
    # `annotator review import` (they keep their original user and time, and never replay onto our quotes)
    source: Mapped[str | None] = mapped_column(String(2000))


class QuoteDecision(Base):
    """A colleague's decision on one of our quotes, brought in from their database for review.

    Their state is kept whole (JSON) rather than written over ours, so neither decision is ever lost.
    """

    __tablename__ = "quote_decisions"
    __table_args__ = (UniqueConstraint("quote_id", "user", name="uq_quote_decision_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"), index=True)
    # The quote's uid in their database: it differs from ours when the quotes were matched by span
    their_uid: Mapped[str] = mapped_column(String(36), index=True)
    user: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(2000))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    imported_by: Mapped[str] = mapped_column(String(200))


class ReviewConflict(Base):
    """We and a colleague decided the same quote differently; open until the reviewer keeps one."""

    __tablename__ = "review_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("quote_decisions.id", ondelete="CASCADE"), index=True)
    mine: Mapped[dict[str, Any]] = mapped_column(JSON)
    theirs: Mapped[dict[str, Any]] = mapped_column(JSON)
    my_user: Mapped[str | None] = mapped_column(String(200))
    their_user: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    resolution: Mapped[str | None] = mapped_column(String(20))  # None (open) / mine / theirs
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# ---- people across the archive (annotator/quote_groups.py, annotator/people_archive.py) -----------------


class QuoteGroup(Base):
    """Quotes in different articles whose words match, exactly or nearly (annotator/quote_groups.py)."""

    __tablename__ = "quote_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The uid of its earliest quote: the same group keeps the same key when the archive is regrouped, and
    # a colleague's copy of the database gives it the same one (the CSV's quote_group column)
    key: Mapped[str] = mapped_column(String(36), unique=True)
    wording_differs: Mapped[bool] = mapped_column(Boolean, default=False)
    attributed_differently: Mapped[bool] = mapped_column(Boolean, default=False)
    size: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class QuoteGroupMember(Base):
    """A quote's place in a group. No foreign key to the quote, on purpose: when a quote is deleted its row
    stays behind with its article, so regrouping that article finds the group it left and rebuilds it."""

    __tablename__ = "quote_group_members"

    quote_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    group_id: Mapped[int] = mapped_column(ForeignKey("quote_groups.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(Integer, index=True)


class QuoteMatchKey(Base):
    """The blocking index: a few hashes per quote (its exact words, and min-hashes of its word shingles).
    Two quotes are only ever scored against each other when they share a key."""

    __tablename__ = "quote_match_keys"
    __table_args__ = (Index("ix_quote_match_keys_key", "key"),)

    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)


class DuplicateDismissal(Base):
    """An editor said two people are not the same person: the pair is not suggested again."""

    __tablename__ = "person_duplicate_dismissals"
    __table_args__ = (UniqueConstraint("person_id", "other_id", name="uq_duplicate_dismissal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))  # the lower id
    other_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    dismissed_by: Mapped[str] = mapped_column(String(200))
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


# A person's quotes counted by status without touching the quotes table (the People view's counts)
Index("ix_quotes_person_status", Quote.person_id, Quote.status)


class HistoryEntry(Base):
    """One editor decision in the undo history: what its last run changed, row by row, to revert next.

    Kept per editor in the database itself, so `annotator undo` in a new process undoes what the app did.
    """

    __tablename__ = "operation_history"
    __table_args__ = (Index("ix_operation_history_user_state", "user", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(300))  # "confirm quote 12", for menus and the command line
    kind: Mapped[str] = mapped_column(String(20))  # annotation / review / people
    state: Mapped[str] = mapped_column(String(10))  # done / undone / dropped
    step: Mapped[int] = mapped_column(Integer)  # order of the editor's last move: undo takes the highest done
    changes: Mapped[list[Any]] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class AnnotationClaim(Base):
    """An article a pre-annotation worker has taken (annotator/annotation_queue.py): a lease, renewed as the
    worker stores its results and taken over by another worker once `claimed_at` is older than the timeout.
    The row stays with `done_at` set once the article is stored, so the run's progress and each worker's rate
    can be read from any machine."""

    __tablename__ = "annotation_claims"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    worker: Mapped[str] = mapped_column(String(200), index=True)  # host:pid
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
