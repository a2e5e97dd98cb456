"""What the store refuses, in words for the user."""

from __future__ import annotations

from annotator.records import QuoteRecord


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
