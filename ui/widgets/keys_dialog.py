"""Help › Keyboard shortcuts: every action with its keys, read from the action table (ui/actions.py)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import actions
from ui.plain import plain_label

WHERE = {actions.WINDOW: "annotating", actions.REVIEW: "reviewing"}


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(keys as the platform writes them, action, where it works), in the table's order."""
    return [(actions.shown_keys(spec, " or "), spec.label, WHERE[spec.scope]) for spec in actions.ACTIONS if spec.keys]


class KeysDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setMinimumSize(560, 560)
        rows = shortcut_rows()
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Keys", "Action", "Where"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        note = plain_label(
            "Single-letter keys work anywhere in the window except while typing in a field; Esc leaves a field. "
            "In the review view the same letters act on the review queue."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
