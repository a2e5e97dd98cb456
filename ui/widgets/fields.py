"""Small input widgets that keep their keys (single-letter and Enter shortcuts must not fire while typing), and
line edits whose placeholder reads whole."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

_OWNED_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Delete})


class FieldLineEdit(QLineEdit):
    """A line edit that keeps Enter, Escape and Delete (QLineEdit already keeps printable keys)."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in _OWNED_KEYS
            and not (event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clearFocus()  # hand the keys back to the window
            event.accept()
            return
        super().keyPressEvent(event)


class PlaceholderEdit(QLineEdit):
    """A line edit whose placeholder is its only label ("Filter people: name or alias"): never narrower than
    the placeholder's words, so a narrow pane does not cut them to "Filter peo…"."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), self._placeholder_width()), hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), self._placeholder_width()), hint.height())

    def _placeholder_width(self) -> int:
        """Qt's size hint is room for 17 x's inside the frame, margins and clear button: the placeholder's
        words in the x's place."""
        metrics = self.fontMetrics()
        words = metrics.horizontalAdvance(self.placeholderText())
        return super().sizeHint().width() - 17 * metrics.horizontalAdvance("x") + words
