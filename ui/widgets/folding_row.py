"""A row of controls that goes onto two lines when the width cannot show each of them whole."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

Placed = tuple[QWidget, int]  # a control and its stretch factor on its line


def _needed(controls: Sequence[Placed], spacing: int, hint: bool) -> int:
    """The width `controls` side by side take: each at its size hint (or minimum) and at least its set minimum."""
    shown = [widget for widget, _ in controls if not widget.isHidden()]
    widths = [
        max(widget.sizeHint().width() if hint else widget.minimumSizeHint().width(), widget.minimumWidth())
        for widget in shown
    ]
    return sum(widths) + spacing * max(len(widths) - 1, 0)


class FoldingRow(QWidget):
    """`first` and `second` side by side while the width shows every control at its size hint; in a narrower
    pane `second` goes onto a line of its own under `first`, both lines the pane's whole width, so a filter box
    reads "All statuses", not "All sta"."""

    def __init__(self, first: Sequence[Placed], second: Sequence[Placed], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._first, self._second = list(first), list(second)
        self.first_line, self.second_line = QHBoxLayout(), QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.first_line)
        layout.addLayout(self.second_line)  # empty while not folded: it takes no room
        for widget, stretch in (*self._first, *self._second):
            self.first_line.addWidget(widget, stretch)
        self._folded = False

    @property
    def folded(self) -> bool:
        return self._folded

    def minimumSizeHint(self) -> QSize:
        """As narrow as the folded lines allow, so that the row never holds its pane wider than folding needs."""
        spacing = self.first_line.spacing()
        narrowest = max(_needed(self._first, spacing, hint=False), _needed(self._second, spacing, hint=False))
        return QSize(narrowest, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fold(self.width() < _needed([*self._first, *self._second], self.first_line.spacing(), hint=True))

    def _fold(self, fold: bool) -> None:
        if fold == self._folded:
            return
        self._folded = fold
        source, target = (self.first_line, self.second_line) if fold else (self.second_line, self.first_line)
        for widget, stretch in self._second:
            source.removeWidget(widget)
            target.addWidget(widget, stretch)
        self.updateGeometry()  # one line more or less: the pane lays itself out again
