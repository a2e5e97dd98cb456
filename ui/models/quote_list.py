"""The quotes of one article: a thin list model over QuoteRecords the window got from the store."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.nlp.quote_checks import QuoteProblem, quote_problems
from annotator.pieces import verbatim_words
from annotator.records import QuoteRecord
from ui.models.record_rows import RecordRows
from ui.plain import plain_tooltip
from ui.theme import STATUS_COLOURS, STATUS_LABELS

Index = QModelIndex | QPersistentModelIndex

QUOTE_ROLE = Qt.ItemDataRole.UserRole + 1
QUOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3
SPEAKER_ROLE = Qt.ItemDataRole.UserRole + 4
KIND_ROLE = Qt.ItemDataRole.UserRole + 5
CONFIDENCE_ROLE = Qt.ItemDataRole.UserRole + 6
VENUE_ROLE = Qt.ItemDataRole.UserRole + 7
CUE_ROLE = Qt.ItemDataRole.UserRole + 8
PROBLEMS_ROLE = Qt.ItemDataRole.UserRole + 9  # list[QuoteProblem]: the clean-quote check
WORDS_ROLE = Qt.ItemDataRole.UserRole + 10  # the words said: the pieces without their marks, joined with …
ATTRIBUTION_ROLE = Qt.ItemDataRole.UserRole + 11  # (who, how) under a card's words: see attribution()

UNKNOWN_SPEAKER = "? speaker unknown"
DETAILS_SEPARATOR = "  ·  "


def _span(start: int | None, end: int | None) -> tuple[int, int] | None:
    return (start, end) if start is not None and end is not None else None


def cue_word(cue_text: str | None) -> str | None:
    """The cue as a word to read ("said", "told"); None for none, and for a cue of punctuation alone: the colon
    of "Zuckerberg: no secret deal" marks where the quote is introduced, but reads as a stray ":" in a line."""
    if cue_text is None or not any(character.isalnum() for character in cue_text):
        return None
    return cue_text


def attribution(quote: QuoteRecord) -> tuple[str, str]:
    """A quote card's line under the words: who said it, and how ("told  ·  direct  ·  0.91")."""
    how = [cue_word(quote.cue_text), quote.kind, f"{quote.confidence:.2f}" if quote.confidence is not None else None]
    return quote.speaker or UNKNOWN_SPEAKER, DETAILS_SEPARATOR.join(part for part in how if part)


# How the list is ordered: as the quotes stand in the article, or the least confident suggestion first so an
# editor checks the doubtful ones before the rest (quotes added by hand have no confidence: they come last).
ARTICLE_ORDER = "article"
CONFIDENCE_ORDER = "confidence"


def _order(record: QuoteRecord) -> tuple[int, int, int]:
    return (record.start, record.end, record.id)


def _confidence_order(record: QuoteRecord) -> tuple[float, int, int, int]:
    confidence = record.confidence if record.confidence is not None else float("inf")
    return (confidence, *_order(record))


class QuoteListModel(RecordRows[QuoteRecord], QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[QuoteRecord] = []
        self._text = ""  # the article's, for the clean-quote check and the pieces' words
        self._order = ARTICLE_ORDER

    @property
    def order(self) -> str:
        return self._order

    def set_order(self, order: str) -> None:
        """ARTICLE_ORDER or CONFIDENCE_ORDER; the rows are sorted again."""
        if order not in (ARTICLE_ORDER, CONFIDENCE_ORDER):
            raise ValueError(order)
        self._order = order
        self.set_quotes(list(self._rows))

    def sort_key(self, record: QuoteRecord) -> tuple[float, ...]:
        """Where a quote stands in the list as it is ordered now."""
        return _confidence_order(record) if self._order == CONFIDENCE_ORDER else _order(record)

    @property
    def text(self) -> str:
        return self._text

    def set_article_text(self, text: str) -> None:
        self._text = text
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def problems(self, quote: QuoteRecord) -> list[QuoteProblem]:
        """What the editor must see before confirming (annotator/nlp/quote_checks.py), none without the text."""
        if not self._text or quote.end > len(self._text):
            return []
        return quote_problems(
            self._text,
            start=quote.start,
            end=quote.end,
            pieces=quote.pieces,
            kind=quote.kind,
            cue=_span(quote.cue_start, quote.cue_end),
            speaker=_span(quote.speaker_start, quote.speaker_end),
        )

    def words(self, quote: QuoteRecord) -> str:
        if not self._text or quote.end > len(self._text):
            return " ".join(quote.text.split())
        content = self._text[quote.start : quote.end]
        return " ".join(verbatim_words(content, quote.start, quote.pieces).split())

    @property
    def quotes(self) -> tuple[QuoteRecord, ...]:
        return tuple(self._rows)

    def set_quotes(self, quotes: Iterable[QuoteRecord]) -> None:
        self.beginResetModel()
        self._rows = sorted(quotes, key=self.sort_key)
        self.endResetModel()

    def quote_at(self, row: int) -> QuoteRecord | None:
        return self.record_at(row)

    def row_of(self, quote_id: int) -> int | None:
        for row, record in enumerate(self._rows):
            if record.id == quote_id:
                return row
        return None

    def row_of_uid(self, uid: str) -> int | None:
        for row, record in enumerate(self._rows):
            if record.uid == uid:
                return row
        return None

    def counts(self) -> tuple[int, int]:
        """(to check, total)"""
        return sum(1 for q in self._rows if q.status == "suggested"), len(self._rows)

    def put_quote(self, record: QuoteRecord) -> int:
        """Show the new state of a quote (matched by uid, which survives undo/redo), adding it if new."""
        row = self.row_of_uid(record.uid)
        if row is not None and self.sort_key(self._rows[row]) == self.sort_key(record):
            self._rows[row] = record
            self.dataChanged.emit(self.index(row), self.index(row))
            return row
        if row is not None:
            self.remove_row(row)
        row = sum(1 for q in self._rows if self.sort_key(q) < self.sort_key(record))
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, record)
        self.endInsertRows()
        return row

    def remove_uid(self, uid: str) -> None:
        row = self.row_of_uid(uid)
        if row is not None:
            self.remove_row(row)

    def remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    # ---- Qt overrides --------------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        quote = self.record_for(index)
        if quote is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return quote.text
        if role == Qt.ItemDataRole.ToolTipRole:
            speaker = quote.speaker or "speaker unknown"
            flagged = "".join(f"\n⚠ {problem.message}" for problem in self.problems(quote))
            status = STATUS_LABELS.get(quote.status, quote.status)
            return plain_tooltip(f"{self.words(quote)}\n— {speaker} ({status}){flagged}")
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(STATUS_COLOURS.get(quote.status, "#3b4252"))
        if role == QUOTE_ROLE:
            return quote
        if role == QUOTE_ID_ROLE:
            return quote.id
        if role == STATUS_ROLE:
            return quote.status
        if role == SPEAKER_ROLE:
            return quote.speaker
        if role == KIND_ROLE:
            return quote.kind
        if role == CONFIDENCE_ROLE:
            return quote.confidence
        if role == VENUE_ROLE:
            return quote.venue
        if role == CUE_ROLE:
            return quote.cue_text
        if role == PROBLEMS_ROLE:
            return self.problems(quote)
        if role == WORDS_ROLE:
            return self.words(quote)
        if role == ATTRIBUTION_ROLE:
            return attribution(quote)
        return None
