"""The review view's parts besides the queue: one side of a comparison, the conflicts tab, the agreement tab.

Each page reads and writes through the store on the GUI thread (one short transaction per action) and says
what happened by signal: `done` and `failed` carry one plain line for the view's message.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.decision_records import DecisionState, ReviewConflictRecord
from annotator.operations import History, ResolveConflict
from annotator.review.agreement import AgreementRow, agreement, write_csv
from annotator.store import Store, StoreError
from ui.models.review_models import AgreementModel, ConflictsModel, RecordTableModel
from ui.plain import plain_label


def record_table(model: RecordTableModel[Any]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


class DecisionColumn(QLabel):
    """One side of the comparison: a title and the decision in a few lines (plain text: it quotes)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.show_state(None)

    def show_state(self, state: DecisionState | None, title: str | None = None) -> None:
        heading = title or self.title
        if state is None:
            self.setText(f"{heading}\n—")
            return
        lines = [heading, f"{state.status}" + (f" by {state.user}" if state.user else "")]
        if state.is_quote:
            lines += [f"speaker: {state.speaker or 'unknown'}", f"kind: {state.kind}", state.text]
        else:
            lines.append("not a quote")
        if state.source and state.source != "model":
            lines.append(f"from {Path(state.source).name}")
        self.setText("\n".join(lines))


class ConflictsPage(QWidget):
    """Quotes a colleague import found decided differently here and there: keep mine or take theirs."""

    resolved = Signal(int)  # conflict id
    done = Signal(str)
    failed = Signal(str)

    def __init__(self, store: Store, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.user = user
        self.model = ConflictsModel(self)
        self.table = record_table(self.model)
        self.keep_mine_button = QPushButton("Keep mine")
        self.keep_mine_button.setToolTip("Keep the decision made here; the colleague's stays in the log")
        self.take_theirs_button = QPushButton("Take theirs")
        self.take_theirs_button.setToolTip("Put the colleague's decision on the quote")
        self.keep_mine_button.clicked.connect(lambda: self.resolve_current("mine"))
        self.take_theirs_button.clicked.connect(lambda: self.resolve_current("theirs"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine_button)
        buttons.addWidget(self.take_theirs_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def refresh(self) -> int:
        """Read the open conflicts again; the count, for the tab."""
        conflicts = self.store.review_conflicts(open_only=True)
        self.model.set_rows(conflicts)
        if conflicts:
            self.table.selectRow(0)
        return len(conflicts)

    def current(self) -> ReviewConflictRecord | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def resolve_current(self, keep: str) -> None:
        conflict = self.current()
        if conflict is None:
            return
        try:
            History(self.store, self.user).run(ResolveConflict(conflict.id, keep, conflict.quote_version))
        except StoreError as exc:
            self.failed.emit(str(exc))
            self.refresh()
            return
        self.done.emit(f"conflict settled: kept {keep}")
        self.resolved.emit(conflict.id)


class AgreementPage(QWidget):
    """Agreement between two editors, per article and overall; saved as CSV on request."""

    done = Signal(str)
    failed = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = AgreementModel(self)
        self.editor_a = QComboBox()
        self.editor_b = QComboBox()
        self.compute_button = QPushButton("Compare")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setEnabled(False)
        self.compute_button.clicked.connect(self.compute)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        top = QHBoxLayout()
        for label, widget in (("Editor A", self.editor_a), ("Editor B", self.editor_b)):
            top.addWidget(plain_label(label))
            top.addWidget(widget)
        top.addWidget(self.compute_button)
        top.addStretch(1)
        top.addWidget(self.export_button)
        self.table = record_table(self.model)
        note = plain_label(
            "Articles both editors decided quotes in. Exact F1: identical spans; overlap F1: spans sharing a "
            "character (one-to-one); speaker agreement and Cohen's kappa on the overlapping pairs."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(note)

    def fill_editors(self, editors: list[str], user: str, colleague: str) -> None:
        for box, default in ((self.editor_a, user), (self.editor_b, colleague)):
            current = box.currentText() or default
            box.clear()
            box.addItems(sorted({*editors, user}, key=str.casefold))
            box.setCurrentText(current)

    def compute(self) -> list[AgreementRow]:
        try:
            rows = agreement(self.store, self.editor_a.currentText(), self.editor_b.currentText())
        except StoreError as exc:
            self.failed.emit(str(exc))
            rows = []
        self.model.set_rows(rows)
        self.export_button.setEnabled(bool(rows))
        return rows

    def export_csv(self, path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as stream:
            write_csv(self.model.rows(), stream)
        self.done.emit(f"agreement saved to {path}")

    def _on_export_button_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export agreement", "agreement.csv", "CSV (*.csv)")
        if name:
            try:
                self.export_csv(Path(name))
            except OSError as exc:
                self.failed.emit(f"cannot write {name}: {exc.strerror}")


EVERYONE_ELSE = "Everyone else"


class QueueFilters(QWidget):
    """Whose decisions, decided when, and whether only those not yet reviewed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colleague_box = QComboBox()
        self.colleague_box.setToolTip("Whose decisions to review")
        self.since_edit = QDateEdit(QDate.currentDate().addDays(-30))
        self.until_edit = QDateEdit(QDate.currentDate())
        for edit, tip in ((self.since_edit, "Decided on or after"), (self.until_edit, "Decided up to and including")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setToolTip(tip)
        self.pending_only = QCheckBox("Only not yet reviewed")
        self.pending_only.setChecked(True)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        for label, widget in (("Colleague", self.colleague_box), ("from", self.since_edit), ("to", self.until_edit)):
            self.row.addWidget(plain_label(label))
            self.row.addWidget(widget)
        self.row.addWidget(self.pending_only)
        self.row.addStretch(1)
        self.colleague_box.currentIndexChanged.connect(self.changed)
        self.since_edit.dateChanged.connect(self.changed)
        self.until_edit.dateChanged.connect(self.changed)
        self.pending_only.toggled.connect(self.changed)

    def fill_colleagues(self, others: list[str]) -> None:
        chosen = self.colleague_box.currentText()
        self.colleague_box.blockSignals(True)
        self.colleague_box.clear()
        self.colleague_box.addItems([EVERYONE_ELSE, *others])
        if chosen in others:
            self.colleague_box.setCurrentText(chosen)
        self.colleague_box.blockSignals(False)

    def colleagues(self) -> list[str] | None:
        """None: everyone else."""
        colleague = self.colleague_box.currentText()
        return None if colleague in ("", EVERYONE_ELSE) else [colleague]

    def span(self) -> tuple[datetime, datetime]:
        def local_midnight(day: QDate) -> datetime:
            return datetime.combine(day.toPython(), time()).astimezone()  # type: ignore[arg-type]

        return local_midnight(self.since_edit.date()), local_midnight(self.until_edit.date()) + timedelta(days=1)


class CommentBox(QWidget):
    """The line for a comment to the colleague: Enter or Send submits, Esc or Cancel closes."""

    submitted = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = plain_label()
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Your comment for the colleague")
        self.send = QPushButton("Send")
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Close without sending (Esc)")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in ((self.label, 0), (self.edit, 1), (self.send, 0), (self.cancel, 0)):
            row.addWidget(widget, stretch)
        self.edit.returnPressed.connect(self.submitted)
        self.send.clicked.connect(self.submitted)
        self.cancel.clicked.connect(self.cancelled)
        self.edit.installEventFilter(self)
        self.hide()

    def open_for(self, send_back: bool) -> None:
        self.label.setText("Why does it go back?" if send_back else "Comment:")
        self.send.setText("Send back" if send_back else "Comment")
        self.edit.clear()
        self.show()
        self.edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.cancelled.emit()
            return True
        return super().eventFilter(watched, event)
