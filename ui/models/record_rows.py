"""What every read-only model of records shares: its rows, how many, the record of a row or an index, and
the flags of a row the editor selects but never edits in place (edits go through operations)."""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RecordRows(Generic[Row]):
    """Mixed in before the Qt model class (`class M(RecordRows[QuoteRecord], QAbstractListModel)`), which
    then keeps its records in `_rows`."""

    _rows: list[Row]

    def record_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def record_for(self, index: Index) -> Row | None:
        return self.record_at(index.row()) if index.isValid() else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
