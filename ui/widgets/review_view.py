"""ReviewView: a second editor reviews a colleague's decisions, settles import conflicts, sees agreement.

Four tabs: the review queue (model / colleague / mine side by side, highlighted in the text), the quotes
sent back to me, the conflicts from colleague imports, and agreement between two editors. Every action is
one store call on the GUI thread (each is one short transaction); a stale version comes back as
QuoteConflict, which is shown and followed by a refresh, so nothing is written over anybody's work.

Reading is not done on the GUI thread: on a newsroom archive the queue replays the audit log of thousands of
quotes (about a second, docs/REVIEW.md). `refresh()` starts a ReviewReadWorker on the thread pool and shows
"Loading the review queue…" with an empty list (so no key acts on a quote) until its answer comes; a newer
read supersedes an older one (NewestOnly), whose answer is dropped. After a decision the queue is not read
again: the decided quote's rows are updated in place (annotator.review.queue.after_review) and the next
quote is current at once. Agreement is compared on the same thread pool, the same way (AgreementPage).

For the main window: `actions()` are the review QActions with their shortcuts (for the Review menu),
`refresh()` re-reads the database, `loading` says a read is under way, and the past-tense signals say what
happened (`queue_shown` once a read's answer is shown).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QEvent, QModelIndex, QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from annotator.config import Settings
from annotator.decision_records import ReviewItem
from annotator.operations import AcceptQuote, CommentQuote, History, SendBackQuote
from annotator.records import QuoteRecord
from annotator.review.queue import after_review
from annotator.store import Store, StoreError
from ui import actions
from ui.models.review_models import ReviewQueueModel, SentBackModel
from ui.plain import plain_label
from ui.widgets.review_pages import AgreementPage, ConflictsPage, record_table
from ui.widgets.review_queue_page import QueuePage
from ui.workers import NewestOnly, ReviewQuery, ReviewReading, ReviewReadWorker

LOADING = "Loading the review queue…"


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
    queue_shown = Signal()  # a read's answer is shown (the queue, and on a full read the other tabs)

    def __init__(
        self,
        store: Store,
        settings: Settings,
        user: str,
        parent: QWidget | None = None,
        *,
        before_action: Callable[[], object] | None = None,
        thread_pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._before_action = before_action  # runs ahead of every review action (the window's notice)
        self.store = store
        self.settings = settings
        self.user = user
        self._comment_mode: str | None = None  # "send_back" or "comment" while the comment box is open
        self._last_row = 0  # where the selection was, to stay near it when a refresh drops the quote
        self._shown_quote: int | None = None  # the quote current before a read, current again after it
        self._reading_everything = False  # the read asked for is a full one (a queue-only one may supersede it)
        self._read_asked = False  # a read is asked for and starts when the event loop next turns
        thread_pool = thread_pool or QThreadPool.globalInstance()
        self.reads = NewestOnly(thread_pool, self)
        self.reads.finished.connect(self._on_read)
        self.reads.failed.connect(self._on_read_failed)

        self.queue_model = ReviewQueueModel(self)
        self.sent_back_model = SentBackModel(self)
        self.conflicts_page = ConflictsPage(store, user)
        self.agreement_page = AgreementPage(store, thread_pool)
        self.conflicts_model, self.conflicts_table = self.conflicts_page.model, self.conflicts_page.table
        self.agreement_model = self.agreement_page.model
        self.conflicts_page.resolved.connect(self._on_conflicts_page_resolved)
        self.conflicts_page.outdated.connect(self.refresh)
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
        page = QueuePage(self.queue_model, self.named_actions)
        self.queue_page, self.filters, self.queue_table = page, page.filters, page.table
        self.colleague_box, self.pending_only = self.filters.colleague_box, self.filters.pending_only
        self.model_column, self.theirs_column, self.mine_column = (
            page.model_column,
            page.theirs_column,
            page.mine_column,
        )
        self.review_state, self.text_view = page.review_state, page.text_view
        self.comment_box, self.comment_edit = page.comment_box, page.comment_box.edit
        self.queue_table.installEventFilter(self)
        self.queue_table.doubleClicked.connect(self._on_queue_table_double_clicked)
        self.queue_table.selectionModel().currentRowChanged.connect(self._on_queue_current_changed)
        self.comment_box.submitted.connect(self.submit_comment)
        self.comment_box.cancelled.connect(self.close_comment_box)
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

    # ---- reading ---------------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """A read is asked for or under way: the queue shows "Loading the review queue…" until its answer."""
        return self._read_asked or self.reads.running

    def refresh(self) -> None:
        """Read everything again (the database may have changed under us in team mode), off the GUI thread."""
        self._read(everything=True)

    def refresh_queue(self) -> None:
        """Read the queue again (the filters changed, or a conflict was settled), off the GUI thread."""
        self._read(everything=False)

    def _query(self) -> ReviewQuery:
        since, until = self.filters.span()
        colleagues = self.filters.colleagues()
        return ReviewQuery(
            self.user,
            tuple(colleagues) if colleagues is not None else None,
            since,
            until,
            self.pending_only.isChecked(),
        )

    def _read(self, *, everything: bool) -> None:
        """Empty the queue (so no key acts on a quote) and read; the reads asked for in one turn of the event
        loop are one read (the view built and refreshed at once by Ctrl+2), started once the turn is over."""
        self._reading_everything = everything or (self.loading and self._reading_everything)
        current = self.current_item()
        if current is not None:
            self._shown_quote = current.quote.id
        if self._comment_mode is not None:
            self.close_comment_box()  # its quote is about to go; what it was typed for may have changed
        if not self._read_asked:
            self._read_asked = True
            QTimer.singleShot(0, self, self._start_read)
        self.queue_model.set_rows([])
        self.tabs.setTabText(Tab.QUEUE, "Queue (loading…)")
        self._show_item(None)

    def _start_read(self) -> None:
        self._read_asked = False
        self.reads.start(ReviewReadWorker(self.store, self._query(), everything=self._reading_everything))

    def _on_read(self, reading: ReviewReading) -> None:
        if self._read_asked:
            return  # a newer read is about to start: this one may predate what made it necessary
        if reading.everything:
            others = [name for name in reading.editors if name != self.user]
            self.filters.fill_colleagues(others)
            self.agreement_page.fill_editors(reading.editors, self.user, others[0] if others else "")
            self.sent_back_model.set_quotes(reading.sent_back, reading.titles)
            self.tabs.setTabText(Tab.SENT_BACK, f"Sent back to me ({len(reading.sent_back)})")
            self.conflicts_page.show_conflicts(reading.conflicts)
            self.tabs.setTabText(Tab.CONFLICTS, f"Conflicts ({self.conflicts_page.open_count})")
        if reading.query != self._query():  # the chosen colleague is no editor any more: the box moved
            self.refresh_queue()
            return
        self._show_queue(reading.queue, keep=self._shown_quote)
        self.queue_shown.emit()

    def _on_read_failed(self, message: str) -> None:
        if self._read_asked:
            return
        self._fail(message)
        self._show_queue([], keep=None)
        self.review_state.setText(f"The review queue could not be read: {message}")

    def _show_queue(self, items: list[ReviewItem], *, keep: int | None) -> None:
        """Show `items`; the quote `keep` stays current if listed, else the row where the selection was."""
        self.queue_model.set_rows(items)
        self.tabs.setTabText(Tab.QUEUE, f"Queue ({len(items)})")
        row = next((i for i, item in enumerate(items) if item.quote.id == keep), min(self._last_row, len(items) - 1))
        self.select_row(max(row, 0))

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

    def _why_nothing(self) -> str:
        """An empty queue says why, and what would fill it."""
        if self.queue_model.rowCount():
            return "Nothing to review"  # rows listed, none current
        if self.colleague_box.count() <= 1:  # only "everyone else": no other editor has decided anything here
            return (
                "Nothing to review: no colleague has decided a quote in this database yet. "
                "File › Import colleague's work (Ctrl+Shift+I) brings theirs in, or share a team database."
            )
        return (
            "Nothing left to review with these filters. Widen the dates, choose another colleague, "
            "or untick “Only not yet reviewed” to see the ones already reviewed."
        )

    def _show_item(self, item: ReviewItem | None) -> None:
        self.update_actions()
        if item is None:
            self.queue_page.show_nothing(LOADING if self.loading else self._why_nothing())
            return
        self.queue_page.show_item(item)
        try:
            text = self.store.articles.get_article(item.article_id).text
        except StoreError as exc:
            self._fail(str(exc))
            return
        self.queue_page.show_text(item, text)

    # ---- acting ----------------------------------------------------------------------------------------

    def accept_current(self) -> None:
        item = self.current_item()
        if item is None or self._comment_mode is not None:
            return
        try:
            accepted = History(self.store, self.user).run(
                AcceptQuote(
                    item.quote.id,
                    expected_version=item.quote.version,
                    allow_self_review=not self.settings.require_second_reviewer,
                )
            )
        except StoreError as exc:
            self._fail(str(exc))
            return
        self._after_action(item, accepted.result)
        self._done(f"accepted: {item.quote.text[:60]}")
        self.quote_accepted.emit(item.quote.id)

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
                outcome = History(self.store, self.user).run(SendBackQuote(item.quote.id, text, item.quote.version))
            else:
                outcome = History(self.store, self.user).run(CommentQuote(item.quote.id, text, item.quote.version))
        except StoreError as exc:
            self._fail(str(exc))
            if not text.strip():
                return  # keep the box open: the comment was missing
            self.close_comment_box()
            self.refresh_queue()
            return
        self.close_comment_box()
        self._after_action(item, outcome.result)
        if mode == "send_back":
            self._done(f"sent back to {item.colleague}")
            self.quote_sent_back.emit(item.quote.id)
        else:
            self._done("comment saved")
            self.quote_commented.emit(item.quote.id)

    def _after_action(self, item: ReviewItem, quote: QuoteRecord) -> None:
        """Go on to the quote after the one just reviewed at once: its rows are updated in place (or leave a
        queue of pending quotes) instead of reading the queue again, which takes long on a big archive."""
        row = self.queue_table.currentIndex().row()
        rows = after_review(self.queue_model.rows(), quote, pending_only=self.pending_only.isChecked())
        self.queue_model.set_rows(rows)
        self.tabs.setTabText(Tab.QUEUE, f"Queue ({len(rows)})")
        still = next((i for i, r in enumerate(rows) if r.quote.id == item.quote.id), None)
        self.select_row(min(still + 1, len(rows) - 1) if still is not None else min(row, len(rows) - 1))

    def _on_conflicts_page_resolved(self, conflict_id: int) -> None:
        self.conflict_resolved.emit(conflict_id)
        self.tabs.setTabText(Tab.CONFLICTS, f"Conflicts ({self.conflicts_page.open_count})")
        self.refresh_queue()  # the queue marks quotes in conflict, and taking theirs changed one

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
