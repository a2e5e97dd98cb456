"""Thin table models for the review view: rows of frozen core records, columns, roles; no logic."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.decision_records import DecisionState, ReviewConflictRecord, ReviewItem
from annotator.decision_rules import differences
from annotator.records import QuoteRecord
from annotator.review.agreement import AgreementRow
from ui.plain import plain_tooltip

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole  # the row's record itself

CONFLICT_COLOUR = QColor(255, 228, 196)
DONE_COLOUR = QColor(128, 128, 128)


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else ""


def _state(value: DecisionState | None) -> str:
    return value.describe() if value is not None else "—"


def _snippet(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class Column:
    """One column: a name for code (`model.column("quote")`), its header, the text shown and (optionally)
    a longer tooltip. Tooltips are plain text: quotes and comments come from articles and colleagues."""

    key: str
    header: str
    show: Callable[[Any], str]
    tip: Callable[[Any], str] | None = None


class RecordTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of records and a fixed list of columns; subclasses only declare the columns."""

    columns: Sequence[Column] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def column(self, key: str) -> int:
        """The position of the column named `key` (KeyError for a name the model does not have)."""
        for position, column in enumerate(self.columns):
            if column.key == key:
                return position
        raise KeyError(key)

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not (0 <= index.column() < len(self.columns)):
            return None
        record = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.show(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip((column.tip or column.show)(record))
        if role == ROW_ROLE:
            return record
        return self.extra_data(record, index.column(), role)

    def extra_data(self, record: Row, column: int, role: int) -> Any:
        return None


def _review_text(item: ReviewItem) -> str:
    if item.conflict_id:
        return "conflict"
    if item.agreed:
        return "agreed"  # two people decided the same on their own: verified
    return item.review_status


def _review_tip(item: ReviewItem) -> str:
    if item.agreed and not item.conflict_id:
        return f"You and {item.colleague} decided this quote the same way on your own: it counts as verified"
    return item.review_status


class ReviewQueueModel(RecordTableModel[ReviewItem]):
    """The review queue, one row per (quote, colleague), in article order."""

    columns = (
        Column("article", "Article", lambda i: i.article_title),
        Column("quote", "Quote", lambda i: _snippet(i.quote.text), lambda i: i.quote.text),
        Column("colleague", "Colleague", lambda i: i.colleague, lambda i: f"{i.colleague}, {_when(i.decided_at)}"),
        Column("their_decision", "Their decision", lambda i: _state(i.theirs)),
        Column("model", "Model", lambda i: _state(i.model)),
        Column("mine", "Mine", lambda i: _state(i.mine)),
        Column("review", "Review", _review_text, _review_tip),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Only the first row of an article names it: the list reads as groups
        if index.isValid() and index.column() == self.column("article") and role == Qt.ItemDataRole.DisplayRole:
            previous = self.row_at(index.row() - 1)
            current = self.row_at(index.row())
            if previous is not None and current is not None and previous.article_id == current.article_id:
                return ""
        return super().data(index, role)

    def extra_data(self, record: ReviewItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and record.conflict_id:
            return CONFLICT_COLOUR
        if role == Qt.ItemDataRole.ForegroundRole and record.review_status in ("accepted", "rejected"):
            return DONE_COLOUR
        return None


class SentBackModel(RecordTableModel[QuoteRecord]):
    """The author's quotes a reviewer sent back."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.titles: dict[int, str] = {}

    @property
    def columns(self) -> Sequence[Column]:  # type: ignore[override]
        return (
            Column("article", "Article", lambda q: self.titles.get(q.article_id, str(q.article_id))),
            Column("quote", "Quote", lambda q: _snippet(q.text), lambda q: q.text),
            Column("speaker", "Speaker", lambda q: q.speaker or "unknown"),
            Column("reviewer", "Reviewer", lambda q: q.reviewed_by or ""),
            Column("comment", "Comment", lambda q: q.review_comment or ""),
            Column("when", "When", lambda q: _when(q.reviewed_at)),
        )

    def set_quotes(self, quotes: Sequence[QuoteRecord], titles: dict[int, str]) -> None:
        self.titles = dict(titles)
        self.set_rows(quotes)


class ConflictsModel(RecordTableModel[ReviewConflictRecord]):
    """Quotes a colleague import found decided differently here and there."""

    columns = (
        Column("article", "Article", lambda c: c.article_title),
        Column("quote", "Quote", lambda c: _snippet(c.mine.text), lambda c: c.mine.text),
        Column("mine", "Mine", lambda c: f"{_state(c.mine)} ({c.mine.user or '?'})"),
        Column("theirs", "Theirs", lambda c: f"{_state(c.theirs)} ({c.theirs.user})"),
        Column("differs", "Differs in", lambda c: ", ".join(differences(c.mine, c.theirs)) or "—"),
        Column(
            "status",
            "Status",
            lambda c: "open" if c.is_open else f"kept {c.resolution} · {c.resolved_by} · {_when(c.resolved_at)}",
        ),
    )


def _figure(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:.1f} %" if percent else f"{value:.3f}"


def _kappa_text(row: AgreementRow) -> str:
    return _figure(row.speaker_kappa) if row.speaker_kappa is not None else "undefined"


def _kappa_tip(row: AgreementRow) -> str:
    if row.speaker_kappa_note is not None:
        return row.speaker_kappa_note
    return (
        "Cohen's kappa: speaker agreement beyond what chance would give "
        "(1 = always the same speaker, 0 = no better than chance)"
    )


class AgreementModel(RecordTableModel[AgreementRow]):
    """Agreement per article and overall (the last row)."""

    columns = (
        Column("article", "Article", lambda r: r.article_title),
        Column("a_quotes", "A quotes", lambda r: str(r.quotes_a)),
        Column("b_quotes", "B quotes", lambda r: str(r.quotes_b)),
        Column(
            "exact_f1",
            "Exact F1",
            lambda r: _figure(r.exact_f1),
            lambda r: f"{r.exact_matches} quotes with identical bounds; 1.000 = both marked exactly the same quotes",
        ),
        Column(
            "overlap_f1",
            "Overlap F1",
            lambda r: _figure(r.overlap_f1),
            lambda r: (
                f"{r.overlap_matches} quotes that share text; 1.000 = both found the same quotes, whatever their bounds"
            ),
        ),
        Column(
            "same_speaker",
            "Same speaker",
            lambda r: _figure(r.speaker_percent, percent=True),
            lambda r: f"{r.speaker_agreements} of {len(r.speaker_pairs)} shared quotes have the same speaker",
        ),
        Column("kappa", "Kappa", _kappa_text, _kappa_tip),
    )

    def extra_data(self, record: AgreementRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.column("article"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
