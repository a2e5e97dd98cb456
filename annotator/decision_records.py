"""Frozen values of the review: decisions side by side, colleague decisions, conflicts, reports.

Like annotator/records.py they are safe to pass between threads and to keep in Qt models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from annotator.nlp.lexicon import fold_name
from annotator.records import ArticleRecord, EditRecord, MentionRecord, QuoteRecord

# What a review compares: one person's view of a quote (its span, kind, speaker and verdict).
DECISION_FIELDS: tuple[str, ...] = (
    "status",
    "start",
    "end",
    "text",
    "pieces",
    "kind",
    "speaker_name",
    "speaker_start",
    "speaker_end",
    "speaker_text",
    "cue_start",
    "cue_end",
    "cue_text",
    "venue",
    "venue_start",
    "venue_end",
    "verified_by",
    "verified_at",
)


@dataclass(frozen=True, slots=True)
class DecisionState:
    """One view of a quote: the model's suggestion, a colleague's decision or mine."""

    status: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    user: str | None = None  # None for the model's suggestion
    at: datetime | None = None
    source: str | None = None  # None: decided in this database; else the colleague's database

    @property
    def is_quote(self) -> bool:
        """False when the decision is "this is not a quote"."""
        return self.status != "rejected"

    def agrees_with(self, other: DecisionState) -> bool:
        """Same verdict: both say "not a quote", or the same span, kind and speaker."""
        if not self.is_quote or not other.is_quote:
            return self.is_quote == other.is_quote
        return (self.start, self.end, self.kind, fold_name(self.speaker)) == (
            other.start,
            other.end,
            other.kind,
            fold_name(other.speaker),
        )

    def describe(self) -> str:
        """One line for lists and tooltips."""
        if not self.is_quote:
            return "not a quote"
        return f"{self.speaker or 'speaker unknown'} · {self.kind} · {self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Highlight:
    """A stretch of article text to mark; `layer` is model, theirs, mine or speaker."""

    start: int
    end: int
    layer: str


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A quote a colleague decided: the model's suggestion, their decision and mine, side by side."""

    quote: QuoteRecord  # the quote as it is now in this database
    article_title: str
    colleague: str
    decided_at: datetime
    theirs: DecisionState
    model: DecisionState | None = None  # None when a person added the quote
    mine: DecisionState | None = None
    conflict_id: int | None = None  # an open conflict from a colleague import

    @property
    def article_id(self) -> int:
        return self.quote.article_id

    @property
    def agreed(self) -> bool:
        """The colleague and I decided the same on our own: two people verified it."""
        return self.mine is not None and self.mine.agrees_with(self.theirs)

    @property
    def review_status(self) -> str:
        return self.quote.review_status or "pending"

    @property
    def highlights(self) -> tuple[Highlight, ...]:
        marks: list[Highlight] = []
        for layer, state in (("model", self.model), ("theirs", self.theirs), ("mine", self.mine)):
            if state is None or not state.is_quote:
                continue
            marks.append(Highlight(state.start, state.end, layer))
            if state.speaker_start is not None and state.speaker_end is not None:
                marks.append(Highlight(state.speaker_start, state.speaker_end, "speaker"))
        return tuple(marks)


@dataclass(frozen=True, slots=True)
class QuoteDecisionRecord:
    id: int
    quote_id: int
    their_uid: str
    user: str
    decided_at: datetime
    state: dict[str, Any]
    source: str
    imported_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewConflictRecord:
    id: int
    quote_id: int
    article_id: int
    article_title: str
    quote_version: int
    mine: DecisionState
    theirs: DecisionState
    created_at: datetime
    resolution: str | None = None  # None while open; "mine" or "theirs"
    resolved_by: str | None = None
    resolved_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.resolution is None


@dataclass(frozen=True, slots=True)
class ArticleMergeResult:
    article_id: int
    article_added: bool = False
    quotes_added: int = 0
    decisions_added: int = 0
    decisions_adopted: int = 0
    conflicts: int = 0
    agreements: int = 0
    edits_added: int = 0


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What `annotator review import` brought in. Importing the same file again reports zeros."""

    source: str
    articles_added: int = 0
    articles_matched: int = 0
    people_added: int = 0
    quotes_added: int = 0
    decisions_added: int = 0  # colleague decisions stored for review
    decisions_adopted: int = 0  # ... of which became the quote's state here (we had not decided it)
    conflicts: int = 0  # ... of which disagree with a decision made here
    agreements: int = 0  # ... of which agree with ours: the quote counts as verified by both
    edits_added: int = 0
    cancelled: bool = False

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.articles_added
            or self.people_added
            or self.quotes_added
            or self.decisions_added
            or self.conflicts
            or self.agreements
            or self.edits_added
        )

    def describe(self) -> str:
        return (
            f"{self.articles_added} articles added, {self.articles_matched} matched, "
            f"{self.quotes_added} quotes added, {self.decisions_added} colleague decisions "
            f"({self.decisions_adopted} adopted, {self.agreements} agreed, {self.conflicts} conflicts), "
            f"{self.edits_added} edits"
        )


@dataclass(frozen=True, slots=True)
class ColleagueQuote:
    """A quote as it stands in a colleague's database, with the state it started in there."""

    record: QuoteRecord
    origin: dict[str, Any] | None  # their model's suggestion (decision fields), None if a person added it


@dataclass(frozen=True, slots=True)
class ColleagueArticle:
    """One article of a colleague's database and everything about it that a merge brings in."""

    article: ArticleRecord
    mentions: tuple[MentionRecord, ...]
    quotes: tuple[ColleagueQuote, ...]
    edits: tuple[EditRecord, ...]
    person_names: dict[int, str]  # their person id -> name (ids differ between databases; names do not)
