"""Review decisions: accept, send back, comment, and settling a conflict with a colleague's decision
(keep mine / take theirs). The expected version is the one the reviewer saw; a stale one is refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from annotator.decision_records import ReviewConflictRecord
from annotator.operations.operation import Operation
from annotator.records import QuoteRecord
from annotator.store import Store


@dataclass(frozen=True, slots=True)
class AcceptQuote(Operation[QuoteRecord]):
    area: ClassVar[str] = "review"

    quote_id: int
    expected_version: int | None
    comment: str | None = None
    allow_self_review: bool = False

    def describe(self) -> str:
        return f"accept quote {self.quote_id}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        return store.review.accept_quote(
            self.quote_id,
            reviewer=user,
            expected_version=self.expected_version,
            allow_self_review=self.allow_self_review,
            comment=self.comment,
        )


@dataclass(frozen=True, slots=True)
class _CommentedDecision(Operation[QuoteRecord]):
    """A review decision that is mostly its words: sending back (why) or a comment."""

    area: ClassVar[str] = "review"

    quote_id: int
    comment: str
    expected_version: int | None


@dataclass(frozen=True, slots=True)
class SendBackQuote(_CommentedDecision):
    def describe(self) -> str:
        return f"send quote {self.quote_id} back"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        return store.review.send_back_quote(
            self.quote_id, reviewer=user, comment=self.comment, expected_version=self.expected_version
        )


@dataclass(frozen=True, slots=True)
class CommentQuote(_CommentedDecision):
    def describe(self) -> str:
        return f"comment on quote {self.quote_id}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        return store.review.comment_quote(
            self.quote_id, user=user, comment=self.comment, expected_version=self.expected_version
        )


@dataclass(frozen=True, slots=True)
class ResolveConflict(Operation[ReviewConflictRecord]):
    """Keep my decision as it is ("mine") or take the colleague's onto the quote ("theirs")."""

    area: ClassVar[str] = "review"

    conflict_id: int
    keep: str
    expected_version: int | None = None

    def describe(self) -> str:
        return f"keep {self.keep} in conflict {self.conflict_id}"

    def apply(self, store: Store, user: str) -> ReviewConflictRecord:
        return store.review.resolve_conflict(
            self.conflict_id, user=user, keep=self.keep, expected_version=self.expected_version
        )


def keep_mine(conflict_id: int, expected_version: int | None = None) -> ResolveConflict:
    return ResolveConflict(conflict_id, "mine", expected_version)


def take_theirs(conflict_id: int, expected_version: int | None = None) -> ResolveConflict:
    return ResolveConflict(conflict_id, "theirs", expected_version)
