"""People mode (Ctrl+3): the People view in place of the annotation panes; its decisions on the history.

A change to a person (merge, split, rename, describe, gender) is an operation run through
`History(store, user)`; a small QUndoCommand on the window's undo stack takes it back and forward through
the same history, so Ctrl+Z undoes a merge like any other decision. Enter on a quote leaves the view for the
quote in its article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QDialog

from annotator.db.engine import DatabaseProblem
from annotator.operations import History, Operation, Outcome
from annotator.store import StoreError

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.widgets.people_view import PeopleView


class HistoryCommand(QUndoCommand):
    """An operation already run through History; undo and redo ask History to move one step."""

    def __init__(self, controller: PeopleController, history: History, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.history = history
        self._fresh = True  # QUndoStack.push() calls redo(): the operation has just been run

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        self._move(self.history.redo)

    def undo(self) -> None:
        self._move(self.history.undo)

    def _move(self, step: Any) -> None:
        try:
            step()
        except (StoreError, DatabaseProblem) as exc:
            self.setObsolete(True)  # refused (a colleague changed it since): it leaves the stack
            self.controller.window.show_problem(f"Could not {self.text().lower()}: {exc}")
        self.controller.changed()


class PeopleController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view: PeopleView | None = None
        self.sources_dialog: QDialog | None = None
        window.named_actions["people_mode"].toggled.connect(self.set_mode)
        window.named_actions["review_mode"].toggled.connect(self._on_review_mode_toggled)

    @property
    def active(self) -> bool:
        return self.view is not None and self.window.pages.currentWidget() is self.view

    def set_mode(self, on: bool) -> None:
        """Show the People view, or go back to the annotation panes."""
        action = self.window.named_actions["people_mode"]
        if action.isChecked() != on:
            action.setChecked(on)  # comes back here through toggled
            return
        window = self.window
        if on and window.store is not None:
            if window.in_review_mode:
                window.review.set_mode(False)
            window.annotation.stop_picking()
            view = self._ensure_view()
            view.refresh()
            window.pages.setCurrentWidget(view)
            view.take_focus()
        elif self.active:
            window.pages.setCurrentWidget(window.splitter)
            window.refresh()  # merges and renames change the speakers shown
        window.update_actions()

    def run(self, operation: Operation[Any]) -> Outcome[Any] | None:
        """Run a change to people as the editor, on their history; None (with the reason shown) if refused."""
        store = self.window.store
        if store is None:
            return None
        history = History(store, self.window.user)
        try:
            outcome = history.run(operation)
        except (StoreError, DatabaseProblem) as exc:
            self.window.show_problem(f"Could not {operation.describe()}: {exc}")
            return None
        if outcome.step is not None:
            self.window.undo_stack.push(HistoryCommand(self, history, operation.describe()))
            self.window.annotation.note_saved()
        return outcome

    def open_sources(self) -> None:
        """View › Sources: the chart of who is quoted, in a dialog of its own."""
        store = self.window.store
        if store is None:
            return
        from ui.widgets.sources_dialog import SourcesDialog

        dialog = SourcesDialog(store, parent=self.window)
        self.sources_dialog = dialog  # tests (and a second look) find it here
        dialog.show()

    def changed(self) -> None:
        """An undo or redo moved people: show the view (or the panes) again."""
        if self.active and self.view is not None:
            self.view.refresh()
        else:
            self.window.refresh()

    def drop_view(self) -> None:
        """The view holds the store and the editor: a new database or name needs a new one."""
        view = self.view
        if view is None:
            return
        self.window.named_actions["people_mode"].setChecked(False)
        self.window.pages.setCurrentWidget(self.window.splitter)
        self.window.pages.removeWidget(view)
        view.deleteLater()
        self.view = None

    def _ensure_view(self) -> PeopleView:
        if self.view is None:
            store = self.window.store
            assert store is not None
            from ui.widgets.people_view import PeopleView

            view = PeopleView(store, self.window.user, self.run)
            view.quote_activated.connect(self._on_view_quote_activated)
            view.problem.connect(self.window.show_problem)
            self.window.pages.addWidget(view)
            self.view = view
        return self.view

    def _on_review_mode_toggled(self, on: bool) -> None:
        if on:  # the review view takes the page; the People view's switch goes off with it
            action = self.window.named_actions["people_mode"]
            action.blockSignals(True)
            action.setChecked(False)
            action.blockSignals(False)

    def _on_view_quote_activated(self, article_id: int, quote_id: int) -> None:
        self.set_mode(False)
        if self.window.open_article(article_id):
            self.window.quote_panel.select_quote(quote_id)
            self.window.article_view.text_edit.setFocus()
