"""Ctrl+Z / Ctrl+Shift+Z over the core history (annotator/operations/history.py), scoped to the view.

Every decision the window makes runs as an operation through `History(store, user)`, which keeps it in the
database: the app and `annotator undo` share one history per editor and database. Undo acts only on what
the current view shows: the review view takes back review decisions, the annotation view annotation
decisions (the `kind` the history records). The Edit menu names the step ("Undo accept quote 12") and says
why when there is none. A refused undo (a colleague changed the quote since) shows the fresh state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject

from annotator.operations import History, Operation, Outcome
from annotator.store import ChangedMeanwhile, HistoryStep, NotFound, QuoteConflict, StoreError
from ui.controllers.jobs import sentence

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Result = TypeVar("Result")

ANNOTATION, REVIEW = "annotation", "review"


class UndoController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    @property
    def history(self) -> History | None:
        store = self.window.store
        return History(store, self.window.user) if store is not None else None

    @property
    def scope(self) -> str:
        """The kind of decision the current view shows. A view of its own (people, say) names its kind in an
        `undo_kind` attribute; the annotation panes are the default."""
        if self.window.in_review_mode:
            return REVIEW
        return str(getattr(self.window.pages.currentWidget(), "undo_kind", ANNOTATION))

    def run(self, operation: Operation[Result]) -> Outcome[Result]:
        """Make a decision through the history. Raises StoreError (nothing written) when refused."""
        history = self.history
        if history is None:
            raise StoreError("no database is open")
        outcome = history.run(operation)
        self.window.annotation.note_saved()
        self.window.update_actions()
        return outcome

    def undo(self) -> None:
        self._step("undo")

    def redo(self) -> None:
        self._step("redo")

    def _step(self, verb: str) -> None:
        history, scope = self.history, self.scope
        if history is None:
            return
        try:
            step = history.undo(scope) if verb == "undo" else history.redo(scope)
        except NotFound:
            self.window.show_status(f"Nothing to {verb} in the {scope} view.")
            return
        except ChangedMeanwhile as exc:
            self._show_refusal(exc)
            return
        except StoreError as exc:
            self.window.show_problem(f"Could not {verb}: {exc}")
            return
        self.window.show_status(f"{'Undone' if verb == 'undo' else 'Redone'}: {step.label}", 5000)
        self.window.annotation.note_saved()
        self._show_step(step)

    def _show_step(self, step: HistoryStep) -> None:
        """Show what the undo or redo changed, where the editor is."""
        window = self.window
        for article_id in step.article_ids:
            window.article_model.refresh_article(article_id)
        if self.scope == REVIEW:
            window.review.refresh()
        elif self.scope != ANNOTATION:
            self._refresh_own_view()
        elif window.article is not None and window.article.id in step.article_ids:
            window.refresh(only_article=window.article.id)
            if step.quote_ids:
                window.quote_panel.select_quote(step.quote_ids[0])
        elif step.article_ids and window.open_article(step.article_ids[0]) and step.quote_ids:
            window.quote_panel.select_quote(step.quote_ids[0])
        window.update_actions()

    def _show_refusal(self, exc: ChangedMeanwhile) -> None:
        """Nothing was written: say why and show the database as it is now (the colleague's version)."""
        window = self.window
        window.show_problem(sentence(str(exc)))
        if self.scope == REVIEW:
            window.review.refresh()
        elif self.scope != ANNOTATION:
            self._refresh_own_view()
        elif isinstance(exc, QuoteConflict) and exc.current is not None:
            window.annotation.show_record(exc.current)
        elif window.article is not None:
            window.refresh(only_article=window.article.id)
        window.update_actions()

    def _refresh_own_view(self) -> None:
        """A view with its own kind of decision (people) shows them again; the window around it too."""
        self.window.refresh()
        refresh = getattr(self.window.pages.currentWidget(), "refresh", None)
        if callable(refresh):
            refresh()

    def show_in(self, named_actions: dict[str, Any]) -> None:
        """Name in the Edit menu what undo and redo would do here, or why they cannot."""
        history, scope = self.history, self.scope
        try:
            labels = (history.next_undo(scope), history.next_redo(scope)) if history else (None, None)
        except StoreError:
            labels = (None, None)
        for (name, title), label in zip((("undo", "&Undo"), ("redo", "&Redo")), labels, strict=True):
            action = named_actions[name]
            action.setEnabled(label is not None)
            if label is not None:
                action.setText(f"{title} {label}")
            else:
                action.setText(f"{title} (no {scope} decision to {name})")
            action.setStatusTip(action.text().replace("&", ""))
