"""Plain, frozen values the store hands out. Safe to pass between threads and to keep in Qt models."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

ArticleStatus = Literal["new", "in_progress", "done"]
QuoteStatus = Literal["suggested", "confirmed", "corrected", "rejected"]
ARTICLE_STATUSES: tuple[str, ...] = ("new", "in_progress", "done")
QUOTE_STATUSES: tuple[str, ...] = ("suggested", "confirmed", "corrected", "rejected")
DECIDED_STATUSES: frozenset[str] = frozenset({"confirmed", "corrected", "rejected"})
VERIFIED_STATUSES: frozenset[str] = frozenset({"confirmed", "corrected"})
QUOTE_KINDS: tuple[str, ...] = ("direct", "partial", "indirect")
# The mention label of a quoted phrase with no cue and no source (scare quotes, titles): not a quote to check
QUOTED_PHRASE_LABEL = "QUOTED_PHRASE"


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One row of the article list: no text, so a list of 100,000 stays small."""

    id: int
    title: str
    outlet: str | None
    published: str | None
    status: str
    quotes_total: int
    quotes_to_check: int  # suggested, not yet decided
    imported_at: datetime

    @property
    def quotes_checked(self) -> int:
        return self.quotes_total - self.quotes_to_check


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    id: int
    title: str
    outlet: str | None
    author: str | None
    url: str | None
    published: str | None
    description: str | None
    text: str
    content_hash: str
    status: str
    source: str | None
    imported_at: datetime
    annotated_at: datetime | None
    annotated_with: str | None


@dataclass(frozen=True, slots=True)
class MentionRecord:
    id: int
    article_id: int
    start: int
    end: int
    label: str
    text: str
    person_id: int | None


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    id: int
    uid: str
    article_id: int
    start: int
    end: int
    text: str
    kind: str
    status: str
    confidence: float | None
    origin: str
    pieces: tuple[tuple[int, int], ...] = ()  # verbatim quoted stretches, marks included (article offsets)
    cue_start: int | None = None
    cue_end: int | None = None
    cue_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    speaker_name: str | None = None
    person_id: int | None = None
    person_name: str | None = None
    venue: str | None = None
    venue_start: int | None = None
    venue_end: int | None = None
    note: str | None = None
    verified_by: str | None = None
    verified_at: datetime | None = None
    review_status: str | None = None
    review_comment: str | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    updated_by: str | None = None
    updated_at: datetime | None = None
    version: int = 1

    @property
    def speaker(self) -> str | None:
        """The name to show: the confirmed person's, else the suggested canonical name."""
        return self.person_name or self.speaker_name

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATUSES


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: int
    name: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    quote_count: int = 0


@dataclass(frozen=True, slots=True)
class EditRecord:
    id: int
    at: datetime
    user: str
    article_id: int | None
    target: str
    target_id: int | None
    target_uid: str | None
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    source: str | None = None  # the colleague's database an imported edit came from; None: made here


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    status: str | None = None
    outlet: str | None = None
    search: str | None = None  # words in the title or the text
    ids: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: tuple[ArticleSummary, ...] = ()
    duplicates: tuple[str, ...] = ()  # sources whose text was already in the database
    problems: tuple[tuple[str, str], ...] = ()  # (source, reason)
    # (source, what) for articles imported in part, e.g. front matter that was not valid YAML
    notes: tuple[tuple[str, str], ...] = ()
    cancelled: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
