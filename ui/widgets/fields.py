"""Small input widgets that keep their keys: single-letter and Enter shortcuts must not fire while typing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
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
