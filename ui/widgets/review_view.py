"""ReviewView: a second editor reviews a colleague's decisions, settles import conflicts, sees agreement.

Four tabs: the review queue (model / colleague / mine side by side, highlighted in the text), the quotes
sent back to me, the conflicts from colleague imports, and agreement between two editors. Every action is
one store call on the GUI thread (each is one short transaction); a stale version comes back as
QuoteConflict, which is shown and followed by a refresh, so nothing is written over anybody's work.

For the main window: `actions()` are the review QActions with their shortcuts (for the Review menu),
`refresh()` re-reads the database, and the past-tense signals say what happened.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.config import Settings
from annotator.decision_records import DecisionState, ReviewItem
from annotator.review.agreement import AgreementRow, agreement, write_csv
from annotator.review.queue import review_queue
from annotator.store import Store, StoreError
from ui.models.review_models import (
    AgreementModel,
    ConflictsModel,
    RecordTableModel,
    ReviewQueueModel,
    SentBackModel,
)
from ui.widgets.review_text import ReviewTextView

EVERYONE_ELSE = "Everyone else"


def _table(model: RecordTableModel[Any]) -> QTableView:
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
    """One side of the comparison: a title and the decision in a few lines."""

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


class ReviewView(QWidget):
    """The review of colleagues' work by `user`; see the module doc."""

    quote_accepted = Signal(int)
    quote_sent_back = Signal(int)
    quote_commented = Signal(int)
    conflict_resolved = Signal(int)
    # the author double-clicked a sent-back quote (or a reviewer a queue row): open it (article id, quote id)
    quote_activated = Signal(int, int)
    review_failed = Signal(str)  # one line, for the status bar

    def __init__(self, store: Store, settings: Settings, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.user = user
        self._comment_mode: str | None = None  # "send_back" or "comment" while the comment box is open
        self._last_row = 0  # where the selection was, to stay near it when a refresh drops the quote

        self.queue_model = ReviewQueueModel(self)
        self.sent_back_model = SentBackModel(self)
        self.conflicts_model = ConflictsModel(self)
        self.agreement_model = AgreementModel(self)

        self._build_actions()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_queue_page(), "Queue")
        self.tabs.addTab(self._build_sent_back_page(), "Sent back to me")
        self.tabs.addTab(self._build_conflicts_page(), "Conflicts")
        self.tabs.addTab(self._build_agreement_page(), "Agreement")
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        self.refresh()

    # ---- building -------------------------------------------------------------------------------------

    def _action(self, text: str, keys: list[Any], tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        action.setToolTip(f"{tip} ({shown})")
        action.setStatusTip(tip)
        return action

    def _build_actions(self) -> None:
        self.accept_action = self._action(
            "&Accept", ["A", Qt.Key.Key_Return, Qt.Key.Key_Enter], "Accept the colleague's decision"
        )
        self.send_back_action = self._action(
            "Send &back…", ["X", Qt.Key.Key_Delete], "Send the quote back to the colleague with a comment"
        )
        self.comment_action = self._action("&Comment…", ["C"], "Comment on the quote without deciding")
        self.next_action = self._action("&Next", ["J"], "Next quote in the queue")
        self.previous_action = self._action("&Previous", ["K"], "Previous quote in the queue")
        self.refresh_action = self._action("&Refresh", [QKeySequence.StandardKey.Refresh], "Read the queue again")
        self.accept_action.triggered.connect(self.accept_current)
        self.send_back_action.triggered.connect(lambda: self.open_comment_box("send_back"))
        self.comment_action.triggered.connect(lambda: self.open_comment_box("comment"))
        self.next_action.triggered.connect(lambda: self.step_queue(1))
        self.previous_action.triggered.connect(lambda: self.step_queue(-1))
        self.refresh_action.triggered.connect(self.refresh)

    def actions_for_menu(self) -> list[QAction]:
        """The Review menu: accept, send back, comment, next, previous, refresh."""
        return [
            self.accept_action,
            self.send_back_action,
            self.comment_action,
            self.next_action,
            self.previous_action,
            self.refresh_action,
        ]

    def _build_queue_page(self) -> QWidget:
        page = QWidget()
        self.colleague_box = QComboBox()
        self.colleague_box.setToolTip("Whose decisions to review")
        self.since_edit = QDateEdit(QDate.currentDate().addDays(-30))
        self.until_edit = QDateEdit(QDate.currentDate())
        for edit, tip in (
            (self.since_edit, "Decided on or after"),
            (self.until_edit, "Decided up to and including"),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setToolTip(tip)
        self.pending_only = QCheckBox("Only not yet reviewed")
        self.pending_only.setChecked(True)
        filters = QHBoxLayout()
        for label, widget in (
            ("Colleague", self.colleague_box),
            ("from", self.since_edit),
            ("to", self.until_edit),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.pending_only)
        filters.addStretch(1)
        refresh = QToolButton()
        refresh.setDefaultAction(self.refresh_action)
        filters.addWidget(refresh)

        self.queue_table = _table(self.queue_model)
        self.queue_table.installEventFilter(self)
        self.queue_table.doubleClicked.connect(self._on_queue_table_double_clicked)
        self.queue_table.selectionModel().currentRowChanged.connect(self._on_queue_current_changed)

        self.model_column = DecisionColumn("Model")
        self.theirs_column = DecisionColumn("Colleague")
        self.mine_column = DecisionColumn("You")
        sides = QGridLayout()
        for index, column in enumerate((self.model_column, self.theirs_column, self.mine_column)):
            sides.addWidget(column, 0, index)
            sides.setColumnStretch(index, 1)
        self.review_state = QLabel()
        self.text_view = ReviewTextView()

        self.comment_box = QWidget()
        self.comment_label = QLabel()
        self.comment_edit = QLineEdit()
        self.comment_edit.setPlaceholderText("Your comment for the colleague")
        self.comment_send = QPushButton("Send")
        self.comment_cancel = QPushButton("Cancel")
        self.comment_cancel.setToolTip("Close without sending (Esc)")
        box = QHBoxLayout(self.comment_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.comment_label)
        box.addWidget(self.comment_edit, 1)
        box.addWidget(self.comment_send)
        box.addWidget(self.comment_cancel)
        self.comment_box.hide()
        self.comment_edit.returnPressed.connect(self.submit_comment)
        self.comment_send.clicked.connect(self.submit_comment)
        self.comment_cancel.clicked.connect(self.close_comment_box)
        self.comment_edit.installEventFilter(self)

        buttons = QHBoxLayout()
        for action in (self.accept_action, self.send_back_action, self.comment_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolTip(action.toolTip())
            buttons.addWidget(button)
        buttons.addStretch(1)
        for action in (self.previous_action, self.next_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolTip(action.toolTip())
            buttons.addWidget(button)

        detail = QWidget()
        right = QVBoxLayout(detail)
        right.addLayout(sides)
        right.addWidget(self.review_state)
        right.addWidget(self.text_view, 1)
        right.addWidget(self.comment_box)
        right.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.queue_table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(page)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        page.addActions(self.actions_for_menu())
        self.colleague_box.currentIndexChanged.connect(self.refresh_queue)
        self.since_edit.dateChanged.connect(self.refresh_queue)
        self.until_edit.dateChanged.connect(self.refresh_queue)
        self.pending_only.toggled.connect(self.refresh_queue)
        return page

    def _build_sent_back_page(self) -> QWidget:
        page = QWidget()
        self.sent_back_table = _table(self.sent_back_model)
        self.sent_back_table.doubleClicked.connect(self._on_sent_back_table_double_clicked)
        layout = QVBoxLayout(page)
        note = QLabel("Quotes a reviewer sent back to you. Change or confirm them again and they return for review.")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.sent_back_table)
        return page

    def _build_conflicts_page(self) -> QWidget:
        page = QWidget()
        self.conflicts_table = _table(self.conflicts_model)
        self.keep_mine_button = QPushButton("Keep mine")
        self.keep_mine_button.setToolTip("Keep the decision made here; the colleague's stays in the log")
        self.take_theirs_button = QPushButton("Take theirs")
        self.take_theirs_button.setToolTip("Put the colleague's decision on the quote")
        self.keep_mine_button.clicked.connect(lambda: self.resolve_current_conflict("mine"))
        self.take_theirs_button.clicked.connect(lambda: self.resolve_current_conflict("theirs"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine_button)
        buttons.addWidget(self.take_theirs_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.conflicts_table)
        layout.addLayout(buttons)
        return page

    def _build_agreement_page(self) -> QWidget:
        page = QWidget()
        self.editor_a = QComboBox()
        self.editor_b = QComboBox()
        self.compute_button = QPushButton("Compare")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setEnabled(False)
        self.compute_button.clicked.connect(self.compute_agreement)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        top = QHBoxLayout()
        for label, widget in (("Editor A", self.editor_a), ("Editor B", self.editor_b)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addWidget(self.compute_button)
        top.addStretch(1)
        top.addWidget(self.export_button)
        self.agreement_table = _table(self.agreement_model)
        note = QLabel(
            "Articles both editors decided quotes in. Exact F1: identical spans; overlap F1: spans sharing a "
            "character (one-to-one); speaker agreement and Cohen's kappa on the overlapping pairs."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.agreement_table)
        layout.addWidget(note)
        return page

    def _fill_colleagues(self) -> None:
        editors = self.store.editors()
        others = [name for name in editors if name != self.user]
        chosen = self.colleague_box.currentText()
        self.colleague_box.blockSignals(True)
        self.colleague_box.clear()
        self.colleague_box.addItems([EVERYONE_ELSE, *others])
        if chosen in others:
            self.colleague_box.setCurrentText(chosen)
        self.colleague_box.blockSignals(False)
        for box, default in ((self.editor_a, self.user), (self.editor_b, others[0] if others else "")):
            current = box.currentText() or default
            box.clear()
            box.addItems(sorted({*editors, self.user}, key=str.casefold))
            box.setCurrentText(current)

    # ---- reading ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read everything again (the database may have changed under us in team mode)."""
        self._fill_colleagues()
        self.refresh_queue()
        self.refresh_sent_back()
        self.refresh_conflicts()

    def _span(self) -> tuple[datetime, datetime]:
        def local_midnight(day: QDate) -> datetime:
            return datetime.combine(day.toPython(), time()).astimezone()  # type: ignore[arg-type]

        return local_midnight(self.since_edit.date()), local_midnight(self.until_edit.date()) + timedelta(days=1)

    def refresh_queue(self) -> None:
        previous = self.current_item()
        colleague = self.colleague_box.currentText()
        since, until = self._span()
        try:
            items = review_queue(
                self.store,
                reviewer=self.user,
                colleagues=None if colleague in ("", EVERYONE_ELSE) else [colleague],
                since=since,
                until=until,
                pending_only=self.pending_only.isChecked(),
            )
        except StoreError as exc:
            self._fail(str(exc))
            items = []
        self.queue_model.set_rows(items)
        self.tabs.setTabText(0, f"Queue ({len(items)})")
        row = 0
        if previous is not None:
            row = next(
                (i for i, item in enumerate(items) if item.quote.id == previous.quote.id),
                min(self._last_row, len(items) - 1),
            )
        self.select_row(max(row, 0))

    def refresh_sent_back(self) -> None:
        quotes = self.store.sent_back_quotes(self.user)
        self.sent_back_model.set_quotes(quotes, self.store.article_titles(q.article_id for q in quotes))
        self.tabs.setTabText(1, f"Sent back to me ({len(quotes)})")

    def refresh_conflicts(self) -> None:
        conflicts = self.store.review_conflicts(open_only=True)
        self.conflicts_model.set_rows(conflicts)
        self.tabs.setTabText(2, f"Conflicts ({len(conflicts)})")
        if conflicts:
            self.conflicts_table.selectRow(0)

    def current_item(self) -> ReviewItem | None:
        index = self.queue_table.currentIndex()
        return self.queue_model.row_at(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.queue_model.rowCount():
            self.queue_table.selectRow(row)
            self.queue_table.setCurrentIndex(self.queue_model.index(row, 0))
        else:
            self._show_item(None)

    def step_queue(self, step: int) -> None:
        """J / K: the next or previous quote in the queue."""
        current = self.queue_table.currentIndex().row()
        self.select_row(min(max(current + step, 0), self.queue_model.rowCount() - 1))

    def _on_queue_current_changed(self, current: object, _previous: object) -> None:
        row = self.queue_table.currentIndex().row()
        self._last_row = max(row, 0)
        self._show_item(self.queue_model.row_at(row))

    def _show_item(self, item: ReviewItem | None) -> None:
        for action in (self.accept_action, self.send_back_action, self.comment_action):
            action.setEnabled(item is not None and self._comment_mode is None)
        if item is None:
            for column in (self.model_column, self.theirs_column, self.mine_column):
                column.show_state(None)
            self.review_state.setText("Nothing to review" if not self.queue_model.rowCount() else "")
            self.text_view.show_article("")
            return
        self.model_column.show_state(item.model)
        self.theirs_column.show_state(item.theirs, title=item.colleague)
        self.mine_column.show_state(item.mine)
        state = f"review: {item.review_status}"
        if item.quote.review_comment:
            state += f" — {item.quote.reviewed_by or 'comment'}: {item.quote.review_comment}"
        if item.conflict_id:
            state += "  (a conflict from an import: settle it in the Conflicts tab)"
        self.review_state.setText(state)
        try:
            text = self.store.get_article(item.article_id).text
        except StoreError as exc:
            self._fail(str(exc))
            return
        self.text_view.show_article(text)
        self.text_view.show_highlights(item.highlights)

    # ---- acting ----------------------------------------------------------------------------------------

    def accept_current(self) -> None:
        item = self.current_item()
        if item is None or self._comment_mode is not None:
            return
        try:
            self.store.accept_quote(
                item.quote.id,
                reviewer=self.user,
                expected_version=item.quote.version,
                allow_self_review=not self.settings.require_second_reviewer,
            )
        except StoreError as exc:
            self._fail(str(exc))
            return
        self._done(f"accepted: {item.quote.text[:60]}")
        self.quote_accepted.emit(item.quote.id)
        self._after_action(item)

    def open_comment_box(self, mode: str) -> None:
        """X: send back (a comment is required); C: comment only."""
        if self.current_item() is None:
            return
        self._comment_mode = mode
        self.comment_label.setText("Why does it go back?" if mode == "send_back" else "Comment:")
        self.comment_send.setText("Send back" if mode == "send_back" else "Comment")
        self.comment_edit.clear()
        self.comment_box.show()
        # while typing, A / J / Enter belong to the text box, not to the review
        for action in (self.accept_action, self.send_back_action, self.comment_action, self.next_action):
            action.setEnabled(False)
        self.previous_action.setEnabled(False)
        self.comment_edit.setFocus()

    def close_comment_box(self) -> None:
        self._comment_mode = None
        self.comment_box.hide()
        self.next_action.setEnabled(True)
        self.previous_action.setEnabled(True)
        self._show_item(self.current_item())
        self.queue_table.setFocus()

    def submit_comment(self) -> None:
        item = self.current_item()
        mode = self._comment_mode
        if item is None or mode is None:
            return
        text = self.comment_edit.text()
        try:
            if mode == "send_back":
                self.store.send_back_quote(
                    item.quote.id, reviewer=self.user, comment=text, expected_version=item.quote.version
                )
            else:
                self.store.comment_quote(
                    item.quote.id, user=self.user, comment=text, expected_version=item.quote.version
                )
        except StoreError as exc:
            self._fail(str(exc))
            if not text.strip():
                return  # keep the box open: the comment was missing
            self.close_comment_box()
            self.refresh_queue()
            return
        self.close_comment_box()
        if mode == "send_back":
            self._done(f"sent back to {item.colleague}")
            self.quote_sent_back.emit(item.quote.id)
        else:
            self._done("comment saved")
            self.quote_commented.emit(item.quote.id)
        self._after_action(item)

    def _after_action(self, item: ReviewItem) -> None:
        """Re-read the queue and go on to the quote after the one just reviewed."""
        row = self.queue_table.currentIndex().row()
        self.refresh_queue()
        rows = self.queue_model.rows()
        still = next((i for i, r in enumerate(rows) if r.quote.id == item.quote.id), None)
        self.select_row(min(still + 1, len(rows) - 1) if still is not None else min(row, len(rows) - 1))

    def resolve_current_conflict(self, keep: str) -> None:
        index = self.conflicts_table.currentIndex()
        conflict = self.conflicts_model.row_at(index.row()) if index.isValid() else None
        if conflict is None:
            return
        try:
            self.store.resolve_conflict(conflict.id, user=self.user, keep=keep, expected_version=conflict.quote_version)
        except StoreError as exc:
            self._fail(str(exc))
            self.refresh_conflicts()
            return
        self._done(f"conflict settled: kept {keep}")
        self.conflict_resolved.emit(conflict.id)
        self.refresh_conflicts()
        self.refresh_queue()

    def compute_agreement(self) -> list[AgreementRow]:
        try:
            rows = agreement(self.store, self.editor_a.currentText(), self.editor_b.currentText())
        except StoreError as exc:
            self._fail(str(exc))
            rows = []
        self.agreement_model.set_rows(rows)
        self.export_button.setEnabled(bool(rows))
        return rows

    def export_agreement_csv(self, path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as stream:
            write_csv(self.agreement_model.rows(), stream)
        self._done(f"agreement saved to {path}")

    def _on_export_button_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export agreement", "agreement.csv", "CSV (*.csv)")
        if name:
            try:
                self.export_agreement_csv(Path(name))
            except OSError as exc:
                self._fail(f"cannot write {name}: {exc.strerror}")

    def _on_queue_table_double_clicked(self, index: QModelIndex) -> None:
        item = self.queue_model.row_at(index.row())
        if item is not None:
            self.quote_activated.emit(item.article_id, item.quote.id)

    def _on_sent_back_table_double_clicked(self, index: QModelIndex) -> None:
        quote = self.sent_back_model.row_at(index.row())
        if quote is not None:
            self.quote_activated.emit(quote.article_id, quote.id)

    def _fail(self, message: str) -> None:
        self.message.setText(message)
        self.review_failed.emit(message)

    def _done(self, message: str) -> None:
        self.message.setText(message)

    # ---- keys ------------------------------------------------------------------------------------------

    _KEYS: ClassVar[dict[Qt.Key, str]] = {
        Qt.Key.Key_A: "accept_action",
        Qt.Key.Key_Return: "accept_action",
        Qt.Key.Key_Enter: "accept_action",
        Qt.Key.Key_X: "send_back_action",
        Qt.Key.Key_Delete: "send_back_action",
        Qt.Key.Key_C: "comment_action",
        Qt.Key.Key_J: "next_action",
        Qt.Key.Key_K: "previous_action",
    }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The table reaches the actions even when the window is not active (shortcuts need it to be),
        and Esc closes the comment box."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.comment_edit and event.key() == Qt.Key.Key_Escape:
                self.close_comment_box()
                return True
            if watched is self.queue_table and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            ):
                name = self._KEYS.get(Qt.Key(event.key()))
                if name is not None:
                    getattr(self, name).trigger()
                    return True
        return super().eventFilter(watched, event)
