"""A table's column header that fits each column to its words: Qt keeps room for the sort arrow in every column
of a sortable table, so "16 / 16" under "Quotes" took as much width as a title needs. Here only the column the
table is sorted by keeps that room (Qt sizes the columns again when the sort moves)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget


class FittedHeader(QHeaderView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)  # as the table's own header

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        if not self.isSortIndicatorShown() or logicalIndex == self.sortIndicatorSection():
            return super().sectionSizeFromContents(logicalIndex)
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.section = logicalIndex
        option.text = str(self.model().headerData(logicalIndex, self.orientation()) or "") if self.model() else ""
        option.fontMetrics = self.fontMetrics()
        option.sortIndicator = QStyleOptionHeader.SortIndicator.None_
        return self.style().sizeFromContents(QStyle.ContentsType.CT_HeaderSection, option, QSize(), self)
