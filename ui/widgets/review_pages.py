"""The review view's parts besides the queue: one side of a comparison, the conflicts tab, the agreement tab.

Each page writes through the store on the GUI thread (one short transaction per action) and says what
happened by signal: `done` and `failed` carry one plain line for the view's message. Reads are off the GUI
thread: the conflicts are read by the view and handed to their page, the agreement page compares on the
view's thread pool.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QShowEvent, QTextCharFormat, QTextCursor
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
    QSplitter,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.decision_records import DecisionState, ReviewConflictRecord
from annotator.decision_rules import differences
from annotator.operations import History, ResolveConflict
from annotator.review.agreement import AgreementRow, write_csv
from annotator.review.queue import day_span
from annotator.store import Store, StoreError
from ui.models.review_models import AgreementModel, ConflictsModel, RecordTableModel
from ui.plain import plain_label
from ui.theme import reading_font
from ui.workers import AgreementWorker, NewestOnly


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


# How much article text the conflict detail shows on either side of the two versions
CONTEXT_CHARS = 240


class ConflictSide(QTextEdit):
    """One version of a conflicting quote in its article: the text around it, the quote and its speaker
    marked, and what this version says. Plain text with character formats only: the article is never HTML."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setFont(reading_font())

    def show_version(
        self, state: DecisionState | None, article_text: str, window: tuple[int, int], differ: list[str]
    ) -> None:
        self.clear()
        if state is None:
            return
        cursor = self.textCursor()
        plain, bold, changed = QTextCharFormat(), QTextCharFormat(), QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        changed.setFontWeight(QFont.Weight.Bold)
        changed.setBackground(QColor(255, 226, 150))
        who = f" by {state.user}" if state.user else ""
        cursor.insertText(f"{self.title}{who}\n", bold)
        facts = (
            ("status", state.status),
            ("speaker", state.speaker or "unknown"),
            ("kind", state.kind),
            ("bounds", f"{state.start}–{state.end}"),
        )
        for name, value in facts:
            if name != "status" and not state.is_quote:
                continue
            cursor.insertText(f"{name}: ", plain)
            cursor.insertText(str(value), changed if name in differ else plain)
            cursor.insertText("\n", plain)
        cursor.insertText("\n", plain)
        start, end = window
        marks = [(state.start, state.end, _quote_format())] if state.is_quote else []
        if state.is_quote and state.speaker_start is not None and state.speaker_end is not None:
            marks.append((state.speaker_start, state.speaker_end, _speaker_format()))
        position = start
        for mark_start, mark_end, fmt in sorted(marks):
            mark_start, mark_end = max(mark_start, position), min(mark_end, end)
            if mark_start >= mark_end:
                continue
            cursor.insertText(article_text[position:mark_start], plain)
            cursor.insertText(article_text[mark_start:mark_end], fmt)
            position = mark_end
        cursor.insertText(article_text[position:end], plain)
        self.moveCursor(QTextCursor.MoveOperation.Start)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) clipped to the text and widened to whole words, so the context never cuts one."""
    start, end = max(0, start), min(len(text), end)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _quote_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(255, 214, 102))
    return fmt


def _speaker_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setForeground(QColor(150, 40, 40))
    return fmt


class ConflictsPage(QWidget):
    """Quotes a colleague import found decided differently here and there: keep mine or take theirs.

    The chosen conflict shows both versions side by side in the article text, what differs marked; settled
    conflicts stay findable (Show: settled) with who settled them and how.
    """

    resolved = Signal(int)  # conflict id
    done = Signal(str)
    failed = Signal(str)
    outdated = Signal()  # a refusal: the database says otherwise than the page, which needs reading again

    SHOW_OPEN, SHOW_SETTLED, SHOW_ALL = "Open", "Settled", "All"

    def __init__(self, store: Store, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.user = user
        self._texts: dict[int, str] = {}
        self._conflicts: list[ReviewConflictRecord] = []  # open and settled, as last read
        self.model = ConflictsModel(self)
        self.table = record_table(self.model)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.model.column("quote"), QHeaderView.ResizeMode.Stretch)
        self.show_box = QComboBox()
        self.show_box.addItems([self.SHOW_OPEN, self.SHOW_SETTLED, self.SHOW_ALL])
        self.show_box.setToolTip("Which conflicts to list: open ones, settled ones (with who settled them), or all")
        self.show_box.currentIndexChanged.connect(lambda _: self._show(0))
        self.differences_label = plain_label()
        self.differences_label.setWordWrap(True)
        self.mine_side = ConflictSide("Mine")
        self.theirs_side = ConflictSide("Theirs")
        sides = QSplitter(Qt.Orientation.Horizontal)
        sides.addWidget(self.mine_side)
        sides.addWidget(self.theirs_side)
        self.keep_mine_button = QPushButton("Keep mine")
        self.keep_mine_button.setToolTip("Keep the decision made here; the colleague's stays in the log")
        self.take_theirs_button = QPushButton("Take theirs")
        self.take_theirs_button.setToolTip("Put the colleague's decision on the quote")
        self.keep_mine_button.clicked.connect(lambda: self.resolve_current("mine"))
        self.take_theirs_button.clicked.connect(lambda: self.resolve_current("theirs"))
        top = QHBoxLayout()
        top.addWidget(plain_label("Show"))
        top.addWidget(self.show_box)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine_button)
        buttons.addWidget(self.take_theirs_button)
        buttons.addWidget(self.differences_label, 1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(sides)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())

    def show_conflicts(self, conflicts: Sequence[ReviewConflictRecord]) -> None:
        """The conflicts as read (open and settled); the page lists those the Show box asks for."""
        self._conflicts = list(conflicts)
        self._show(0)

    @property
    def open_count(self) -> int:
        """How many are still open, for the tab."""
        return sum(1 for c in self._conflicts if c.is_open)

    def _show(self, row: int) -> None:
        shown = self.show_box.currentText()
        rows = [
            c
            for c in self._conflicts
            if shown == self.SHOW_ALL or (c.is_open if shown == self.SHOW_OPEN else not c.is_open)
        ]
        self.model.set_rows(rows)
        self._fit_columns()
        if rows:
            self.table.selectRow(min(row, len(rows) - 1))
        self.show_current()

    def current(self) -> ReviewConflictRecord | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _fit_columns(self) -> None:
        """Each column as wide as its content (a long title at most a third of the table); the quote takes
        what is left."""
        widest = max(160, self.table.viewport().width() // 3)
        for column in range(self.model.columnCount()):
            if column != self.model.column("quote"):
                self.table.resizeColumnToContents(column)
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_columns()  # the table knows its width only once shown

    def show_current(self) -> None:
        conflict = self.current()
        if conflict is None:
            self.differences_label.setText("")
            self.mine_side.clear()
            self.theirs_side.clear()
            return
        text = self._article_text(conflict.article_id)
        differ = differences(conflict.mine, conflict.theirs)
        starts = [s.start for s in (conflict.mine, conflict.theirs) if s.is_quote] or [0]
        ends = [s.end for s in (conflict.mine, conflict.theirs) if s.is_quote] or [0]
        window = _whole_words(text, min(starts) - CONTEXT_CHARS, max(ends) + CONTEXT_CHARS)
        self.mine_side.show_version(conflict.mine, text, window, differ)
        self.theirs_side.show_version(conflict.theirs, text, window, differ)
        line = f"Differs in: {', '.join(differ)}." if differ else "Same decision."
        if not conflict.is_open:
            line += f" Settled by {conflict.resolved_by}: kept {conflict.resolution}."
        self.differences_label.setText(line)

    def _article_text(self, article_id: int) -> str:
        if article_id not in self._texts:
            self._texts[article_id] = self.store.articles.get_article(article_id).text
        return self._texts[article_id]

    def resolve_current(self, keep: str) -> None:
        conflict = self.current()
        if conflict is None or not conflict.is_open:
            return
        row = self.table.currentIndex().row()
        try:
            settled = History(self.store, self.user).run(ResolveConflict(conflict.id, keep, conflict.quote_version))
        except StoreError as exc:
            self.failed.emit(str(exc))
            self.outdated.emit()
            return
        # the settled conflict in place of the open one: the next is current at once, nothing read again
        self._conflicts = [settled.result if c.id == conflict.id else c for c in self._conflicts]
        self._show(row)
        self.done.emit(f"conflict settled: kept {keep}")
        self.resolved.emit(conflict.id)


COMPARING = "Comparing…"


class AgreementPage(QWidget):
    """Agreement between two editors, per article and overall; saved as CSV on request.

    Compare reads on the thread pool (both editors' decisions are replayed from the audit log, long on a
    newsroom archive): the table is empty and "Comparing…" shows until the answer, and a newer Compare
    supersedes one under way (NewestOnly), whose answer is dropped.
    """

    done = Signal(str)
    failed = Signal(str)
    compared = Signal(object)  # the rows now shown (none when the comparison failed)

    def __init__(self, store: Store, thread_pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = AgreementModel(self)
        self.comparisons = NewestOnly(thread_pool, self)
        self.comparisons.finished.connect(self._show_rows)
        self.comparisons.failed.connect(self._on_comparison_failed)
        self.editor_a = QComboBox()
        self.editor_b = QComboBox()
        self.compare_button = QPushButton("Compare")
        self.comparing_label = plain_label()
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setEnabled(False)
        self.compare_button.clicked.connect(self.compare)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        top = QHBoxLayout()
        for label, widget in (("Editor A", self.editor_a), ("Editor B", self.editor_b)):
            top.addWidget(plain_label(label))
            top.addWidget(widget)
        top.addWidget(self.compare_button)
        top.addWidget(self.comparing_label)
        top.addStretch(1)
        top.addWidget(self.export_button)
        self.table = record_table(self.model)
        note = plain_label(
            "Articles both editors decided quotes in (the last row: all of them). Exact F1: how far the two "
            "marked the same quotes with the same bounds (1 = identical). Overlap F1: the same quotes, "
            "whatever their bounds. Same speaker: the share of those shared quotes given one speaker. Kappa: "
            "that agreement beyond chance (1 = perfect, 0 = chance); undefined when an editor gave every "
            "quote the same speaker, since chance then explains everything (hover a figure for details)."
        )
        note.setWordWrap(True)
        self.kappa_note = plain_label()
        self.kappa_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.kappa_note)
        layout.addWidget(note)

    def fill_editors(self, editors: list[str], user: str, colleague: str) -> None:
        for box, default in ((self.editor_a, user), (self.editor_b, colleague)):
            current = box.currentText() or default
            box.clear()
            box.addItems(sorted({*editors, user}, key=str.casefold))
            box.setCurrentText(current)

    @property
    def comparing(self) -> bool:
        """A comparison was started whose answer has not come yet."""
        return self.comparisons.running

    def compare(self) -> None:
        """Compare the two chosen editors off the GUI thread; the figures show when the answer comes."""
        self.model.set_rows([])  # no figures of an earlier pair while these two are compared
        self.export_button.setEnabled(False)
        self.kappa_note.setText("")
        self.comparing_label.setText(COMPARING)
        self.comparisons.start(AgreementWorker(self.store, self.editor_a.currentText(), self.editor_b.currentText()))

    def _show_rows(self, rows: list[AgreementRow]) -> None:
        self.comparing_label.setText("")
        self.model.set_rows(rows)
        self.export_button.setEnabled(bool(rows))
        overall_note = rows[-1].speaker_kappa_note if rows and rows[-1].speaker_pairs else None
        self.kappa_note.setText(f"Kappa overall: {overall_note}." if overall_note else "")
        self.compared.emit(rows)

    def _on_comparison_failed(self, message: str) -> None:
        self.failed.emit(message)
        self._show_rows([])

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
        self.colleague_box.addItem(EVERYONE_ELSE)  # the colleagues by name come with the view's first read
        now = datetime.now(UTC)  # today as a UTC day, as the span is read
        today = QDate(now.year, now.month, now.day)
        self.since_edit = QDateEdit(today.addDays(-30))
        self.until_edit = QDateEdit(today)
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
        """The chosen days as the command line reads them: whole UTC days (annotator.review.queue.day_span)."""
        return day_span(self.since_edit.date().toPython(), self.until_edit.date().toPython())  # type: ignore[arg-type]


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
