"""How a table's columns share its width: each as wide as its words, those whose words can run long (a title,
a list of aliases) at a first width the editor can change, and one column taking what is left.

`FittedHeader`: Qt keeps room for the sort arrow in every column of a sortable table, so "16 / 16" under
"Quotes" took as much width as a title needs; here only the column the table is sorted by keeps that room (Qt
sizes the columns again when the sort moves).
`StretchedColumn`: Qt's Stretch squeezes a column to nothing once the others fill the table; this one keeps
`room` characters of it and lets the table scroll sideways instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QTableView, QWidget

LONG_TEXT_CHARACTERS = 18  # the first width of a column whose words can run long


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


def fit_columns(table: QTableView, *, long_text: tuple[int, ...] = ()) -> None:
    """Every column as wide as its words (they follow the rows), but the `long_text` ones: those start
    LONG_TEXT_CHARACTERS wide, and the editor can widen them (the cell's tooltip holds the rest)."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in long_text:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, LONG_TEXT_CHARACTERS * table.fontMetrics().averageCharWidth())


class StretchedColumn(QObject):
    """`column` of `table` takes the width the other columns leave, and never less than `room` characters."""

    def __init__(self, table: QTableView, column: int, room: int) -> None:
        super().__init__(table)
        self.table, self.column, self.room = table, column, room
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._on_section_resized)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _on_section_resized(self, section: int, _old: int, _new: int) -> None:
        if section != self.column:
            self.fit()

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != self.column)
        floor = self.room * self.table.fontMetrics().averageCharWidth()
        header.resizeSection(self.column, max(floor, self.table.viewport().width() - others))
