"""A table model that reads its rows a page at a time from a keyset-paged core query (canFetchMore/fetchMore)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Signal

from ui.models.record_rows import Index, RecordRows


class KeysetPagedModel(RecordRows[Any], QAbstractTableModel):
    """Subclasses say how to read one page after a cursor (`_read_page`); this keeps the rows read so far and
    the cursor of the next page, and hands Qt more rows as the view scrolls."""

    load_failed = Signal(str)

    def __init__(self, store: Any, parent: Any = None, *, page_size: int = 100) -> None:
        super().__init__(parent)
        self._store = store
        self._page_size = page_size
        self._rows: list[Any] = []
        self._next: Any = None

    def _read_page(self, after: Any) -> tuple[list[Any], Any] | None:
        """The rows of the page after the cursor `after` (None: the first) and the next cursor; None when the
        page cannot be read (the subclass has said why through load_failed)."""
        raise NotImplementedError

    def _read_first_page(self) -> None:
        """Drop the rows read so far and read the first page again, as one model reset."""
        self.beginResetModel()
        self._rows, self._next = [], None
        page = self._read_page(None)
        if page is not None:
            self._rows, self._next = list(page[0]), page[1]
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._next is None:
            return
        page = self._read_page(self._next)
        if page is None or not page[0]:
            self._next = None
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page[0]) - 1)
        self._rows.extend(page[0])
        self._next = page[1]
        self.endInsertRows()
