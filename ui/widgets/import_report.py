"""What an import did: articles added, duplicates skipped, and each file that failed with its reason."""

from __future__ import annotations

from pathlib import Path

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

from annotator.records import ImportReport
from ui.plain import plain_label, plain_tooltip


def summary_text(report: ImportReport) -> str:
    parts = [f"{len(report.added)} article{'s' if len(report.added) != 1 else ''} added"]
    if report.duplicates:
        parts.append(f"{len(report.duplicates)} already in the database")
    if report.problems:
        parts.append(f"{len(report.problems)} could not be read")
    if report.cancelled:
        parts.append("cancelled before the end")
    return ", ".join(parts) + "."


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.setMinimumSize(640, 320)
        self.summary_label = plain_label(summary_text(report))
        self.summary_label.setWordWrap(True)
        rows = [(source, reason) for source, reason in report.problems]
        rows += [(source, "already in the database (same text)") for source in report.duplicates]
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["File", "Reason"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (source, reason) in enumerate(rows):
            name = QTableWidgetItem(Path(source).name or source)
            name.setToolTip(plain_tooltip(source))  # the full path when the name alone is ambiguous
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(reason))
        self.table.resizeColumnToContents(0)
        self.table.setVisible(bool(rows))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
