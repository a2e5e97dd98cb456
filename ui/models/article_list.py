"""The article list: a thin, lazily paged table over store.articles.list_articles."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from annotator.records import ArticleFilter, ArticleSummary
from annotator.store import Store, StoreError
from ui.models.record_rows import RecordRows
from ui.plain import plain_tooltip
from ui.theme import STATUS_COLOURS, STATUS_LABELS

Index = QModelIndex | QPersistentModelIndex

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3

# (store ordering key or None when the store cannot sort by it, header)
COLUMNS: tuple[tuple[str | None, str], ...] = (
    ("title", "Title"),
    ("outlet", "Outlet"),
    ("published", "Date"),
    ("status", "Status"),
    (None, "Quotes"),
)
TITLE, OUTLET, DATE, STATUS, QUOTES = range(len(COLUMNS))


class ArticleListModel(RecordRows[ArticleSummary], QAbstractTableModel):
    """Rows come from the store a page at a time (canFetchMore/fetchMore): 100,000 articles open at once."""

    load_failed = Signal(str)

    def __init__(self, store: Store | None, parent: Any = None, *, page_size: int = 200) -> None:
        super().__init__(parent)
        self._store = store
        self._page_size = page_size
        self._filter: ArticleFilter | None = None
        self._order = "id"
        self._descending = False
        self._rows: list[ArticleSummary] = []
        self._total = 0
        self._bold = QFont()
        self._bold.setBold(True)
        self.reload()

    # ---- what the window asks for --------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many articles match the filter (not how many are loaded)."""
        return self._total

    @property
    def filter(self) -> ArticleFilter | None:
        return self._filter

    def set_store(self, store: Store | None) -> None:
        self._store = store
        self.reload()

    def set_filter(self, filters: ArticleFilter | None) -> None:
        self._filter = filters
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        try:
            self._total = self._store.articles.count_articles(self._filter) if self._store else 0
        except StoreError as exc:
            self._total = 0
            self.load_failed.emit(str(exc))
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def summary_at(self, row: int) -> ArticleSummary | None:
        return self.record_at(row)

    def row_of(self, article_id: int) -> int | None:
        for row, summary in enumerate(self._rows):
            if summary.id == article_id:
                return row
        return None

    def load_until(self, article_id: int, *, max_rows: int = 20_000) -> int | None:
        """Fetch pages until the article is loaded (for "next article"); None when it is not in the list."""
        row = self.row_of(article_id)
        while row is None and self.canFetchMore(QModelIndex()) and len(self._rows) < max_rows:
            loaded = len(self._rows)
            self.fetchMore(QModelIndex())
            if len(self._rows) == loaded:
                break
            row = self.row_of(article_id)
        return row

    def refresh_article(self, article_id: int) -> None:
        """Re-read one row after a decision changed its counts or status."""
        row = self.row_of(article_id)
        if row is None or self._store is None:
            return
        try:
            self._rows[row] = self._store.articles.article_summary(article_id)
        except StoreError as exc:
            self.load_failed.emit(str(exc))
            return
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # ---- Qt overrides --------------------------------------------------------------------------------------

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._store is None:
            return
        try:
            page = self._store.articles.list_articles(
                self._filter,
                offset=len(self._rows),
                limit=self._page_size,
                order=self._order,
                descending=self._descending,
            )
        except StoreError as exc:
            self.load_failed.emit(str(exc))
            return
        if not page:
            self._total = len(self._rows)  # the database shrank meanwhile: stop asking
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0] if 0 <= column < len(COLUMNS) else None
        if key is None:
            return  # the store orders by columns, not by computed counts
        self._order = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][1]
            if role == Qt.ItemDataRole.ToolTipRole and section == QUOTES:
                return "Quotes still to check / all quotes in the article, in the colour of the article's status"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        summary = self.record_for(index)
        if summary is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TITLE:
                return summary.title
            if column == OUTLET:
                return summary.outlet or ""
            if column == DATE:
                return (summary.published or "")[:10]
            if column == STATUS:
                return STATUS_LABELS.get(summary.status, summary.status)
            if column == QUOTES:
                return f"{summary.quotes_to_check} / {summary.quotes_total}"
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == TITLE:
                details = "  ·  ".join(p for p in (summary.outlet, (summary.published or "")[:10]) if p)
                return plain_tooltip(f"{summary.title}\n{details}" if details else summary.title)
            if column in (STATUS, QUOTES):  # the count stands for the status where a narrow list hides it
                status = STATUS_LABELS.get(summary.status, summary.status)
                return f"{status}: {summary.quotes_to_check} of {summary.quotes_total} quotes still to check"
        elif role == Qt.ItemDataRole.ForegroundRole and column in (STATUS, QUOTES):
            return QColor(STATUS_COLOURS.get(summary.status, "#3b4252"))
        elif role == Qt.ItemDataRole.FontRole and column == TITLE and summary.quotes_to_check:
            return self._bold  # work left stands out
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == QUOTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == ARTICLE_ID_ROLE:
            return summary.id
        elif role == SUMMARY_ROLE:
            return summary
        elif role == STATUS_ROLE:
            return summary.status
        return None
