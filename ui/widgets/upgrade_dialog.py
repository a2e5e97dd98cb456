"""The modal window shown while a database written by an earlier version is upgraded: which step runs, and
where the copy as it was is kept. It has no Cancel and cannot be closed: a migration must not stop half-way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QProgressBar, QVBoxLayout, QWidget

from ui.plain import plain_label

HEADLINE = "Upgrading the database to this version (once)"


class UpgradeDialog(QDialog):
    def __init__(self, total_steps: int, backup: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Upgrading the database")
        self.setModal(True)
        # no close button: closing would only hide the dialog while the upgrade goes on
        self.setWindowFlags(Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint | Qt.WindowType.WindowTitleHint)
        self._finished = False
        self.opened: Any = None  # what the upgrade answered (the store), once it finished
        self.problem: str | None = None  # why it failed, if it did
        self.step_label = plain_label(f"{HEADLINE}: starting")
        self.step_label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, max(total_steps, 1))
        self.bar.setValue(0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.bar)
        if backup is not None:
            kept = plain_label(f"The database as it was is copied first to {backup}")
            kept.setWordWrap(True)
            layout.addWidget(kept)
        self.setMinimumWidth(460)

    def show_step(self, done: int, total: int, label: str) -> None:
        """A step starts: `done` steps of `total` are applied."""
        self.step_label.setText(f"{HEADLINE}: step {done + 1} of {total} — {label}")
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def succeed(self, opened: Any) -> None:
        self.opened = opened
        self._finish()

    def fail(self, message: str) -> None:
        self.problem = message
        self._finish()

    def _finish(self) -> None:
        self._finished = True
        self.accept()

    def reject(self) -> None:  # Escape
        if self._finished:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._finished:
            super().closeEvent(event)
        else:
            event.ignore()
