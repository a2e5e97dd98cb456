"""Review mode: the review view (ui/widgets/review_view.py) in place of the annotation panes, and back.

The view is built on first use (it reads the whole audit log) and dropped when the database or the editor
changes (it reviews one editor's colleagues in one database). Its actions join the Review menu while it
exists; the window's letters are off meanwhile, so A, X, J and K mean the review's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.widgets.review_view import ReviewView


class ReviewController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view: ReviewView | None = None
        self._menu_separator: QAction | None = None
        window.named_actions["review_mode"].toggled.connect(self.set_mode)

    @property
    def active(self) -> bool:
        return self.view is not None and self.window.pages.currentWidget() is self.view

    def set_mode(self, on: bool) -> None:
        """Switch between annotating articles and reviewing colleagues' decisions."""
        action = self.window.named_actions["review_mode"]
        if action.isChecked() != on:
            action.setChecked(on)  # comes back here through toggled
            return
        window = self.window
        if on and window.store is not None:
            window.annotation.stop_picking()
            view = self._ensure_view()
            view.refresh()
            window.pages.setCurrentWidget(view)
            view.take_focus()  # J/K/A work at once, without a click in the queue
        else:
            window.pages.setCurrentWidget(window.splitter)
            window.refresh()  # reviews change statuses and counts
        window.update_actions()

    def show_conflicts(self) -> None:
        self.set_mode(True)
        if self.view is not None:
            self.view.show_conflicts_tab()

    def refresh(self) -> None:
        if self.view is not None:
            self.view.refresh()

    def _ensure_view(self) -> ReviewView:
        if self.view is None:
            store = self.window.store
            assert store is not None
            from ui.widgets.review_view import ReviewView

            view = ReviewView(
                store, self.window.settings, self.window.user, before_action=self.window.notice.dismiss_passing
            )
            view.quote_activated.connect(self._on_view_quote_activated)
            view.review_failed.connect(self.window.show_problem)
            for signal in (view.quote_accepted, view.quote_sent_back, view.quote_commented, view.conflict_resolved):
                signal.connect(self._on_view_decided)
            self.window.pages.addWidget(view)
            menu = self.window.menus["Review"]
            self._menu_separator = menu.addSeparator()
            menu.addActions(view.actions_for_menu())
            self.view = view
        return self.view

    def drop_view(self) -> None:
        """The view holds the store and the editor: a new database or name needs a new one."""
        view = self.view
        if view is None:
            return
        self.window.pages.setCurrentWidget(self.window.splitter)
        self.window.named_actions["review_mode"].setChecked(False)
        menu = self.window.menus["Review"]
        for action in [self._menu_separator, *view.actions_for_menu()]:
            if action is not None:
                menu.removeAction(action)
        self.window.pages.removeWidget(view)
        view.deleteLater()
        self.view = None

    def _on_view_quote_activated(self, article_id: int, quote_id: int) -> None:
        self.set_mode(False)
        if self.window.open_article(article_id):
            self.window.quote_panel.select_quote(quote_id)

    def _on_view_decided(self, _id: int) -> None:
        self.window.annotation.note_saved()  # a review decision is saved at once too
        self.window.update_actions()  # the Edit menu names it for Ctrl+Z
