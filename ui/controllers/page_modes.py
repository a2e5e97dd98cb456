"""What the review and People modes share: a view of their own shown in the window's pages in place of the
annotation panes, built on first use, dropped when the database or the editor changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, Protocol, TypeVar, cast

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class ModeView(Protocol):
    """What a mode's view does besides being a widget."""

    def refresh(self) -> None: ...

    def take_focus(self) -> None: ...


View = TypeVar("View", bound=QWidget)


class PageModeController(QObject, Generic[View]):
    """A subclass names its switch (`mode_action`) and builds its view (`_build_view`)."""

    mode_action = ""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view: View | None = None
        window.named_actions[self.mode_action].toggled.connect(self.set_mode)

    @property
    def active(self) -> bool:
        return self.view is not None and self.window.pages.currentWidget() is self.view

    def set_mode(self, on: bool) -> None:
        """Show the mode's view, or go back to the annotation panes."""
        action = self.window.named_actions[self.mode_action]
        if action.isChecked() != on:
            action.setChecked(on)  # comes back here through toggled
            return
        window = self.window
        if on and window.store is not None:
            self._before_showing()
            window.annotation.stop_picking()
            view = self._ensure_view()
            cast(ModeView, view).refresh()
            window.pages.setCurrentWidget(view)
            cast(ModeView, view).take_focus()  # its keys work at once, without a click
        elif self.active:
            window.pages.setCurrentWidget(window.splitter)
            window.refresh()  # the mode's decisions change statuses, counts and speakers
        window.update_actions()

    def drop_view(self) -> None:
        """The view holds the store and the editor: a new database or name needs a new one."""
        view = self.view
        if view is None:
            return
        self.window.named_actions[self.mode_action].setChecked(False)
        self.window.pages.setCurrentWidget(self.window.splitter)
        self._forget_view(view)
        self.window.pages.removeWidget(view)
        view.deleteLater()
        self.view = None

    def _ensure_view(self) -> View:
        if self.view is None:
            view = self._build_view()
            self.window.pages.addWidget(view)
            self.view = view
        return self.view

    def _build_view(self) -> View:
        raise NotImplementedError

    def _before_showing(self) -> None:
        """Anything to switch off before the view takes the page."""

    def _forget_view(self, view: View) -> None:
        """Undo what _build_view hooked into the window beyond the pages."""

    def _show_quote(self, article_id: int, quote_id: int) -> bool:
        """Leave the mode for a quote in its article; False if the article could not be opened."""
        self.set_mode(False)
        if not self.window.open_article(article_id):
            return False
        self.window.quote_panel.select_quote(quote_id)
        return True
