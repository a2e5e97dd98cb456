"""What an import did: articles added, duplicates skipped, each file that failed with its reason, and each
article imported only in part (ImportReport.notes, e.g. front matter that was not valid YAML).

A plain "3 articles added" needs no window: `needs_a_window` tells the import controller to say it in the
status bar instead. The window is sized to its rows, not to a fixed large size.
"""

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
    if report.notes:
        parts.append(f"{len(report.notes)} imported only in part")
    if report.cancelled:
        parts.append("cancelled before the end")
    return ", ".join(parts) + "."


def needs_a_window(report: ImportReport) -> bool:
    """Whether the import has something to read beyond its summary line (a row to show, or a cancel)."""
    return bool(report.problems or report.duplicates or report.notes or report.cancelled)


def report_rows(report: ImportReport) -> list[tuple[str, str]]:
    """(source, what happened) for every file that needs the editor's eye: failures first."""
    rows = [(source, reason) for source, reason in report.problems]
    rows += [(source, f"imported only in part: {what}") for source, what in report.notes]
    rows += [(source, "already in the database (same text)") for source in report.duplicates]
    return rows


VISIBLE_ROWS = 12  # more rows scroll


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.summary_label = plain_label(summary_text(report))
        self.summary_label.setWordWrap(True)
        rows = report_rows(report)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["File", "What happened"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (source, reason) in enumerate(rows):
            name = QTableWidgetItem(Path(source).name or source)
            name.setToolTip(plain_tooltip(source))  # the full path when the name alone is ambiguous
            self.table.setItem(row, 0, name)
            reason_item = QTableWidgetItem(reason)
            reason_item.setToolTip(plain_tooltip(reason))
            self.table.setItem(row, 1, reason_item)
        self.table.resizeColumnToContents(0)
        self.table.setVisible(bool(rows))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self._fit_to_rows(len(rows))

    def _fit_to_rows(self, count: int) -> None:
        """As tall as its rows (up to VISIBLE_ROWS, then it scrolls) and as wide as a sentence needs."""
        if count:
            shown = min(count, VISIBLE_ROWS)
            height = self.table.horizontalHeader().height() + sum(self.table.rowHeight(r) for r in range(shown))
            self.table.setFixedHeight(height + 2 * self.table.frameWidth())
        self.setMinimumWidth(480 if count else 320)
        self.adjustSize()
