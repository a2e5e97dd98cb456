"""What the store refuses, in words for the user. Every error here is a StoreError (annotator/store_error.py),
and so is DatabaseProblem (annotator/db/opening.py): callers catch one class."""

from __future__ import annotations

from annotator.db.opening import DatabaseProblem
from annotator.records import QuoteRecord
from annotator.store_error import StoreError

__all__ = ["ChangedMeanwhile", "DatabaseProblem", "NotFound", "QuoteConflict", "StoreError"]


class NotFound(StoreError):
    pass


class ChangedMeanwhile(StoreError):
    """Someone changed what a decision (or its undo) would touch. Nothing was written; `current` is the fresh
    state of what changed (a QuoteRecord, ArticleSummary, PersonRecord, ... or None when it is gone)."""

    def __init__(self, message: str, current: object | None = None) -> None:
        self.current = current
        super().__init__(message)


class QuoteConflict(ChangedMeanwhile):
    """Someone changed the quote since it was shown. Nothing was written; `current` is the fresh state."""

    current: QuoteRecord | None

    def __init__(self, current: QuoteRecord | None, message: str | None = None) -> None:
        if message is None:
            who = current.updated_by if current else None
            message = (
                f"this quote was changed by {who} in the meantime; it now shows their version"
                if who
                else "this quote was changed or removed in the meantime"
            )
        super().__init__(message, current)
