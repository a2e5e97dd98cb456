"""A non-modal notice above the work area: errors the editor can meet, said plainly, app keeps running.

A passing notice (a refusal, a hint) goes away by itself after a while and with the editor's next action, so
it never lingers over work it no longer concerns; a notice with a button (choose another database, review
the conflicts) stays until it is used or closed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QToolButton, QWidget

from ui.plain import plain_label
from ui.resources import icon

AUTO_HIDE_MS = 12_000


class NoticeBar(QFrame):
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setProperty("level", "info")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self._label = plain_label()
        self._label.setTextFormat(Qt.TextFormat.PlainText)  # messages may quote file names or article text
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._action_button = QPushButton()
        self._action_button.hide()
        close = QToolButton()
        close.setIcon(icon("cancel"))
        close.setToolTip("Dismiss")
        close.setAutoRaise(True)
        close.clicked.connect(self._on_close_clicked)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._action_button)
        layout.addWidget(close)
        self._action: Callable[[], None] | None = None
        self._action_button.clicked.connect(self._on_action_button_clicked)
        self.sticky = False
        self.auto_hide_ms = AUTO_HIDE_MS
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self.dismiss_passing)
        self.hide()

    def text(self) -> str:
        return self._label.text()

    @property
    def level(self) -> str:
        return str(self.property("level"))

    def show_message(
        self,
        text: str,
        *,
        level: str = "error",
        action_text: str | None = None,
        action: Callable[[], None] | None = None,
        sticky: bool | None = None,
    ) -> None:
        """`sticky` (by default: when there is a button) keeps it until used or closed."""
        self._label.setText(text)
        self.setProperty("level", level)
        self.style().unpolish(self)  # re-read the [level=...] rule of the style sheet
        self.style().polish(self)
        self._action = action
        self._action_button.setVisible(bool(action_text and action))
        self._action_button.setText(action_text or "")
        self.sticky = bool(action_text and action) if sticky is None else sticky
        if self.sticky:
            self._hide_timer.stop()
        else:
            self._hide_timer.start(self.auto_hide_ms)
        self.show()

    def dismiss_passing(self) -> None:
        """The editor moved on (or time passed): a passing notice goes; one with a button stays."""
        if self.isVisible() and not self.sticky:
            self._hide_timer.stop()
            self.hide()

    def _on_action_button_clicked(self) -> None:
        if self._action is not None:
            self._action()

    def _on_close_clicked(self) -> None:
        self.hide()
        self.dismissed.emit()
