"""Review mode: the review view (ui/widgets/review_view.py) in place of the annotation panes, and back.

The view is built on first use and dropped when the database or the editor changes (it reviews one editor's
colleagues in one database). It reads on the window's thread pool, so closing the window or switching the
database waits for a read under way as for any worker. Its actions join the Review menu while it
exists; the window's letters are off meanwhile, so A, X, J and K mean the review's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from ui.controllers.page_modes import PageModeController

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.widgets.review_view import ReviewView


class ReviewController(PageModeController["ReviewView"]):
    mode_action = "review_mode"

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._menu_separator: QAction | None = None

    def show_conflicts(self) -> None:
        self.set_mode(True)
        if self.view is not None:
            self.view.show_conflicts_tab()

    def refresh(self) -> None:
        if self.view is not None:
            self.view.refresh()

    def _build_view(self) -> ReviewView:
        store = self.window.store
        assert store is not None
        from ui.widgets.review_view import ReviewView

        view = ReviewView(
            store,
            self.window.settings,
            self.window.user,
            before_action=self.window.notice.dismiss_passing,
            thread_pool=self.window.thread_pool,
        )
        view.quote_activated.connect(self._show_quote)
        view.review_failed.connect(self.window.show_problem)
        for signal in (view.quote_accepted, view.quote_sent_back, view.quote_commented, view.conflict_resolved):
            signal.connect(self._on_view_decided)
        menu = self.window.menus["Review"]
        self._menu_separator = menu.addSeparator()
        menu.addActions(view.actions_for_menu())
        return view

    def _forget_view(self, view: ReviewView) -> None:
        menu = self.window.menus["Review"]
        for action in [self._menu_separator, *view.actions_for_menu()]:
            if action is not None:
                menu.removeAction(action)

    def _on_view_decided(self, _id: int) -> None:
        self.window.annotation.note_saved()  # a review decision is saved at once too
        self.window.update_actions()  # the Edit menu names it for Ctrl+Z
