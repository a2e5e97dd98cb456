"""People mode (Ctrl+3): the People view in place of the annotation panes; its decisions on the history.

A change to a person (merge, split, rename, describe, gender) is an operation run through
`History(store, user)`; a small QUndoCommand on the window's undo stack takes it back and forward through
the same history, so Ctrl+Z undoes a merge like any other decision. Enter on a quote leaves the view for the
quote in its article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog

from annotator.operations import Operation, Outcome
from annotator.store import StoreError
from ui.controllers.page_modes import PageModeController

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.widgets.people_view import PeopleView


class PeopleController(PageModeController["PeopleView"]):
    mode_action = "people_mode"

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.sources_dialog: QDialog | None = None
        window.named_actions["review_mode"].toggled.connect(self._on_review_mode_toggled)

    def _before_showing(self) -> None:
        if self.window.in_review_mode:
            self.window.review.set_mode(False)

    def run(self, operation: Operation[Any]) -> Outcome[Any] | None:
        """Run a change to people as the editor, on their history; None (with the reason shown) if refused."""
        store = self.window.store
        if store is None:
            return None
        try:
            return self.window.undo_history.run(operation)
        except StoreError as exc:
            self.window.show_problem(f"Could not {operation.describe()}: {exc}")
            return None

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

    def _build_view(self) -> PeopleView:
        store = self.window.store
        assert store is not None
        from ui.widgets.people_view import PeopleView

        view = PeopleView(store, self.window.user, self.run)
        view.quote_activated.connect(self._on_view_quote_activated)
        view.problem.connect(self.window.show_problem)
        return view

    def _on_review_mode_toggled(self, on: bool) -> None:
        if on:  # the review view takes the page; the People view's switch goes off with it
            action = self.window.named_actions["people_mode"]
            action.blockSignals(True)
            action.setChecked(False)
            action.blockSignals(False)

    def _on_view_quote_activated(self, article_id: int, quote_id: int) -> None:
        if self._show_quote(article_id, quote_id):
            self.window.article_view.text_edit.setFocus()
