"""ReviewView: a second editor reviews a colleague's decisions, settles import conflicts, sees agreement.

Four tabs: the review queue (model / colleague / mine side by side, highlighted in the text), the quotes
sent back to me, the conflicts from colleague imports, and agreement between two editors. Every action is
one store call on the GUI thread (each is one short transaction); a stale version comes back as
QuoteConflict, which is shown and followed by a refresh, so nothing is written over anybody's work.

For the main window: `actions()` are the review QActions with their shortcuts (for the Review menu),
`refresh()` re-reads the database, and the past-tense signals say what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.config import Settings
from annotator.decision_records import ReviewItem
from annotator.operations import AcceptQuote, CommentQuote, History, SendBackQuote
from annotator.review.queue import review_queue
from annotator.store import Store, StoreError
from ui import actions
from ui.models.review_models import (
    ReviewQueueModel,
    SentBackModel,
)
from ui.plain import plain_label
from ui.widgets.review_pages import (
    AgreementPage,
    CommentBox,
    ConflictsPage,
    DecisionColumn,
    QueueFilters,
    record_table,
)
from ui.widgets.review_text import ReviewTextView


class Tab(IntEnum):
    QUEUE = 0
    SENT_BACK = 1
    CONFLICTS = 2
    AGREEMENT = 3


class ReviewView(QWidget):
    """The review of colleagues' work by `user`; see the module doc."""

    quote_accepted = Signal(int)
    quote_sent_back = Signal(int)
    quote_commented = Signal(int)
    conflict_resolved = Signal(int)
    # the author double-clicked a sent-back quote (or a reviewer a queue row): open it (article id, quote id)
    quote_activated = Signal(int, int)
    review_failed = Signal(str)  # one line, for the status bar

    def __init__(
        self,
        store: Store,
        settings: Settings,
        user: str,
        parent: QWidget | None = None,
        *,
        before_action: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._before_action = before_action  # runs ahead of every review action (the window's notice)
        self.store = store
        self.settings = settings
        self.user = user
        self._comment_mode: str | None = None  # "send_back" or "comment" while the comment box is open
        self._last_row = 0  # where the selection was, to stay near it when a refresh drops the quote

        self.queue_model = ReviewQueueModel(self)
        self.sent_back_model = SentBackModel(self)
        self.conflicts_page = ConflictsPage(store, user)
        self.agreement_page = AgreementPage(store)
        self.conflicts_model, self.conflicts_table = self.conflicts_page.model, self.conflicts_page.table
        self.agreement_model = self.agreement_page.model
        self.conflicts_page.resolved.connect(self._on_conflicts_page_resolved)
        for page in (self.conflicts_page, self.agreement_page):
            page.done.connect(self._done)
            page.failed.connect(self._fail)

        self._build_actions()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_queue_page(), "Queue")
        self.tabs.addTab(self._build_sent_back_page(), "Sent back to me")
        self.tabs.addTab(self.conflicts_page, "Conflicts")
        self.tabs.addTab(self.agreement_page, "Agreement")
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.conflicts_table.selectionModel().currentRowChanged.connect(lambda *_: self.update_actions())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        self.refresh()

    # ---- building -------------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        """The review's actions and keys come from the table in ui/actions.py (scope "review")."""
        self.named_actions = actions.build_actions(
            self,
            actions.REVIEW,
            {
                "accept": self.accept_current,
                "send_back": lambda: self.open_comment_box("send_back"),
                "comment": lambda: self.open_comment_box("comment"),
                "next_in_queue": lambda: self.step_queue(1),
                "previous_in_queue": lambda: self.step_queue(-1),
                "refresh_review": self.refresh,
                "keep_mine": lambda: self.conflicts_page.resolve_current("mine"),
                "take_theirs": lambda: self.conflicts_page.resolve_current("theirs"),
                "next_tab": lambda: self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count()),
                "previous_tab": lambda: self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count()),
            },
            before=self._on_any_action,
        )
        self.accept_action = self.named_actions["accept"]
        self.send_back_action = self.named_actions["send_back"]
        self.comment_action = self.named_actions["comment"]
        self.next_action = self.named_actions["next_in_queue"]
        self.previous_action = self.named_actions["previous_in_queue"]
        self.refresh_action = self.named_actions["refresh_review"]
        page = self.conflicts_page
        for button, name in ((page.keep_mine_button, "keep_mine"), (page.take_theirs_button, "take_theirs")):
            button.setToolTip(self.named_actions[name].toolTip())

    def _on_any_action(self) -> None:
        """The last line said (a refusal, "accepted: ...") has had its moment once the reviewer acts again."""
        self.message.clear()
        if self._before_action is not None:
            self._before_action()

    def actions_for_menu(self) -> list[QAction]:
        """The Review menu's part while the view exists, in the table's order."""
        return list(self.named_actions.values())

    def update_actions(self) -> None:
        """Which review keys act now: the queue's on the queue tab while no comment is typed, keep mine and
        take theirs on the conflicts tab with a conflict chosen (so no key acts on a tab out of sight)."""
        holding = set()
        tab = self.tabs.currentIndex()
        if tab == Tab.QUEUE and self._comment_mode is None and self.current_item() is not None:
            holding.add(actions.REVIEW_ITEM)
        if tab == Tab.CONFLICTS and self.conflicts_page.current() is not None:
            holding.add(actions.CONFLICT)
        actions.apply_enabled(self.named_actions, holding)

    def _on_tabs_current_changed(self, index: int) -> None:
        table = {Tab.QUEUE: self.queue_table, Tab.SENT_BACK: self.sent_back_table, Tab.CONFLICTS: self.conflicts_table}
        if self.isVisible() and index in table:
            table[Tab(index)].setFocus()  # the tab's keys work at once
        self.update_actions()

    def take_focus(self) -> None:
        """The queue gets the keyboard: J/K/A act at once, without a click."""
        self.tabs.setCurrentIndex(Tab.QUEUE)
        self.queue_table.setFocus()

    def show_conflicts_tab(self) -> None:
        self.tabs.setCurrentIndex(Tab.CONFLICTS)
        self.conflicts_table.setFocus()

    def _build_queue_page(self) -> QWidget:
        page = QWidget()
        self.filters = QueueFilters()
        self.colleague_box, self.pending_only = self.filters.colleague_box, self.filters.pending_only
        filters = self.filters.row
        refresh = QToolButton()
        refresh.setDefaultAction(self.refresh_action)
        filters.addWidget(refresh)

        self.queue_table = record_table(self.queue_model)
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
        self.review_state = plain_label()
        self.text_view = ReviewTextView()

        self.comment_box = CommentBox()
        self.comment_edit = self.comment_box.edit
        self.comment_box.submitted.connect(self.submit_comment)
        self.comment_box.cancelled.connect(self.close_comment_box)

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
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        self.filters.changed.connect(self.refresh_queue)
        return page

    def _build_sent_back_page(self) -> QWidget:
        page = QWidget()
        self.sent_back_table = record_table(self.sent_back_model)
        self.sent_back_table.doubleClicked.connect(self._on_sent_back_table_double_clicked)
        layout = QVBoxLayout(page)
        note = plain_label(
            "Quotes a reviewer sent back to you. Change or confirm them again and they return for review."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.sent_back_table)
        return page

    def _fill_colleagues(self) -> None:
        editors = self.store.review.editors()
        others = [name for name in editors if name != self.user]
        self.filters.fill_colleagues(others)
        self.agreement_page.fill_editors(editors, self.user, others[0] if others else "")

    # ---- reading ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read everything again (the database may have changed under us in team mode)."""
        self._fill_colleagues()
        self.refresh_queue()
        self.refresh_sent_back()
        self.refresh_conflicts()

    def refresh_queue(self) -> None:
        previous = self.current_item()
        since, until = self.filters.span()
        try:
            items = review_queue(
                self.store,
                reviewer=self.user,
                colleagues=self.filters.colleagues(),
                since=since,
                until=until,
                pending_only=self.pending_only.isChecked(),
            )
        except StoreError as exc:
            self._fail(str(exc))
            items = []
        self.queue_model.set_rows(items)
        self.tabs.setTabText(Tab.QUEUE, f"Queue ({len(items)})")
        row = 0
        if previous is not None:
            row = next(
                (i for i, item in enumerate(items) if item.quote.id == previous.quote.id),
                min(self._last_row, len(items) - 1),
            )
        self.select_row(max(row, 0))

    def refresh_sent_back(self) -> None:
        quotes = self.store.review.sent_back_quotes(self.user)
        self.sent_back_model.set_quotes(quotes, self.store.review.article_titles(q.article_id for q in quotes))
        self.tabs.setTabText(Tab.SENT_BACK, f"Sent back to me ({len(quotes)})")

    def refresh_conflicts(self) -> None:
        self.tabs.setTabText(Tab.CONFLICTS, f"Conflicts ({self.conflicts_page.refresh()})")

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
        self.update_actions()
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
            text = self.store.articles.get_article(item.article_id).text
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
            History(self.store, self.user).run(
                AcceptQuote(
                    item.quote.id,
                    expected_version=item.quote.version,
                    allow_self_review=not self.settings.require_second_reviewer,
                )
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
        self.comment_box.open_for(send_back=mode == "send_back")
        self.update_actions()  # while typing, A / J / Enter belong to the text box, not to the review
        self.comment_edit.setFocus()

    def close_comment_box(self) -> None:
        self._comment_mode = None
        self.comment_box.hide()
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
                History(self.store, self.user).run(SendBackQuote(item.quote.id, text, item.quote.version))
            else:
                History(self.store, self.user).run(CommentQuote(item.quote.id, text, item.quote.version))
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

    def _on_conflicts_page_resolved(self, conflict_id: int) -> None:
        self.conflict_resolved.emit(conflict_id)
        self.refresh_conflicts()
        self.refresh_queue()

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The table reaches the actions even when the window is not active (shortcuts need it to be)."""
        if watched is self.queue_table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            action = actions.matching_action(self.named_actions.values(), event)
            if action is not None:
                action.trigger()
                return True
        return super().eventFilter(watched, event)
