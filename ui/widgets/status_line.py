"""The status bar's parts: a passing message, the background job (label, progress, Cancel), the last save,
the spaCy pipeline, the database and the editor. Every label is plain text: a job label can hold a file or
article name.

Passing messages go to a label of their own instead of QStatusBar.showMessage, which paints the message
across the whole bar, over the permanent labels: here a long message is cut at its own width and a new one
replaces the last, so two messages never draw over each other or over the labels.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressBar, QSizePolicy, QStatusBar, QToolButton

from ui.plain import plain_label, plain_tooltip
from ui.resources import icon


class StatusLine:
    """Builds the parts into `status_bar`; the window and the jobs controller set their texts."""

    def __init__(self, status_bar: QStatusBar) -> None:
        self.status_bar = status_bar
        self.message_label = plain_label()
        self.message_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens
        self.message_label.setObjectName("statusMessage")
        status_bar.addWidget(self.message_label, 1)
        self._message_timer = QTimer(status_bar)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.message_label.clear)
        self.job_label = plain_label()
        self.job_label.setMaximumWidth(420)  # a long file name is elided by the width, never grows the bar
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(200)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setIcon(icon("cancel"))
        self.cancel_button.setToolButtonStyle(self.cancel_button.toolButtonStyle().ToolButtonTextBesideIcon)
        self.cancel_button.setToolTip("Stop the background work after the current article")
        for widget in (self.job_label, self.progress_bar, self.cancel_button):
            status_bar.addWidget(widget)
            widget.hide()
        self.saved_label = plain_label("nothing changed yet")
        self.saved_label.setToolTip("Every decision is written to the database as you make it")
        self.model_label = plain_label("model: checking…")
        self.database_label = plain_label()
        self.database_label.setToolTip("The database every decision goes to (File › Settings to change)")
        self.editor_label = plain_label()
        for widget in (self.saved_label, self.model_label, self.database_label, self.editor_label):
            status_bar.addPermanentWidget(widget)

    def show_message(self, text: str, timeout_ms: int) -> None:
        """A passing line; it replaces the one before and clears itself after `timeout_ms`."""
        self.message_label.setText(text)
        self.message_label.setToolTip(plain_tooltip(text))  # the whole line when the bar cuts it
        self._message_timer.start(timeout_ms)

    def show_job(self, label: str) -> None:
        self.job_label.setText(label)
        self.progress_bar.setRange(0, 0)
        for widget in (self.job_label, self.progress_bar, self.cancel_button):
            widget.show()

    def show_progress(self, done: int, total: int, label: str) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
            self.progress_bar.setFormat(f"{done}/{total}")
        if label:
            self.job_label.setText(label)

    def hide_job(self) -> None:
        for widget in (self.job_label, self.progress_bar, self.cancel_button):
            widget.hide()
