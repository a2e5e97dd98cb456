"""Plain, frozen values the store hands out. Safe to pass between threads and to keep in Qt models."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from annotator.store_error import StoreError

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
class SpeakerCandidate:
    """A speaker the picker offers: a person of the database, or a name this article gives (a PERSON mention
    or a suggested speaker) that no person has yet (`person` None: choosing it creates them)."""

    name: str
    person: PersonRecord | None = None
    in_article: bool = False


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


# ---- what an export takes ------------------------------------------------------------------------------

DEFAULT_STATUSES: tuple[str, ...] = tuple(s for s in QUOTE_STATUSES if s in VERIFIED_STATUSES)


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which quotes leave. The defaults give the verified dataset: confirmed and corrected quotes."""

    statuses: tuple[str, ...] = DEFAULT_STATUSES
    outlets: tuple[str, ...] = ()  # any of these outlets (case-insensitive); empty: every outlet
    published_from: str | None = None  # inclusive, compared with the article's ISO date text
    published_to: str | None = None  # inclusive: "2024-03" takes in the whole of March
    speaker: str | None = None  # a person id, or a name or alias (case-insensitive)
    reviewed_only: bool = False  # only quotes a colleague accepted in review
    article_ids: tuple[int, ...] = ()
    # Leave out quotes a reviewer sent back (review_status "rejected"): "verified" for a newsroom that
    # does not require a second reviewer (annotator/decision_rules.py is_verified)
    skip_sent_back: bool = False

    def __post_init__(self) -> None:
        # Friendly forms: statuses="all" or "suggested,confirmed", outlets="BBC News", article_ids=[1, 2]
        if isinstance(self.statuses, str) or not isinstance(self.statuses, tuple):
            object.__setattr__(self, "statuses", parse_statuses(self.statuses))
        if isinstance(self.outlets, str):
            object.__setattr__(self, "outlets", (self.outlets,))
        elif not isinstance(self.outlets, tuple):
            object.__setattr__(self, "outlets", tuple(self.outlets))
        if not isinstance(self.article_ids, tuple):
            object.__setattr__(self, "article_ids", tuple(int(i) for i in self.article_ids))
        unknown = set(self.statuses) - set(QUOTE_STATUSES)
        if unknown:
            raise StoreError(
                f"unknown quote status {', '.join(sorted(unknown))} (use {', '.join(QUOTE_STATUSES)} or all)"
            )
        if not self.statuses:
            raise StoreError("choose at least one quote status to export")
        for name in ("published_from", "published_to"):
            value = getattr(self, name)
            if value is not None and not _ISO_DATE.match(value):
                raise StoreError(f"{value!r} is not a date like 2024-03-05 (or 2024-03, or 2024)")


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]*)?)?)?$")


def parse_statuses(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """ "all", "suggested,confirmed" or a list -> a tuple of statuses in their usual order."""
    if text is None:
        return DEFAULT_STATUSES
    words = [w.strip().lower() for w in (text.split(",") if isinstance(text, str) else text)]
    words = [w for w in words if w]
    if "all" in words:
        return QUOTE_STATUSES
    unknown = set(words) - set(QUOTE_STATUSES)
    if unknown:
        raise StoreError(f"unknown quote status {', '.join(sorted(unknown))} (use {', '.join(QUOTE_STATUSES)} or all)")
    return tuple(s for s in QUOTE_STATUSES if s in words)
