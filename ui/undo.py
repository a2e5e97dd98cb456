"""Every editor action as a QUndoCommand over one store mutation.

A command runs its first store call in `execute()`, before it is pushed: if the store refuses (someone else
changed the quote, the database is locked), nothing is pushed and the window shows why. Later undo/redo calls
check that the quote still looks the way this command left it; if not, the command reports the conflict and
drops out of the stack instead of overwriting a colleague's decision.

Quotes are found by uid, which survives delete/restore, so a chain like "add, change speaker, undo, undo,
redo, redo" keeps working even though a restored quote gets a new row id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from annotator import editing
from annotator.db.engine import DatabaseProblem
from annotator.operations import History, Operation
from annotator.records import QuoteRecord
from annotator.store import QuoteConflict, Store, StoreError, quote_state

# verified_at round-trips through the database with a different tz-awareness; the rest must match exactly
_COMPARED_FIELDS = frozenset(quote_state(QuoteRecord(0, "", 0, 0, 0, "", "", "", None, ""))) - {"verified_at"}


def _comparable(record: QuoteRecord) -> dict[str, Any]:
    state = quote_state(record)
    return {k: v for k, v in state.items() if k in _COMPARED_FIELDS}


class UndoContext(QObject):
    """What commands need (the store, the editor) and how they tell the window what changed."""

    quote_changed = Signal(object)  # QuoteRecord, new or updated
    quote_removed = Signal(str, int)  # uid, article id
    article_changed = Signal(int)  # article id: its status or counts changed
    committed = Signal()  # a decision reached the database
    command_failed = Signal(str)  # an undo/redo the store refused; the command left the stack

    def __init__(self, store: Store, user: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.user = user


class StoreCommand(QUndoCommand):
    def __init__(self, context: UndoContext, text: str) -> None:
        super().__init__(text)
        self.context = context
        self._executed = False

    def execute(self) -> None:
        """The first run, before the command is pushed. Raises StoreError/DatabaseProblem on refusal."""
        self._apply()
        self._executed = True
        self.context.committed.emit()

    def redo(self) -> None:
        if self._executed:  # QUndoStack.push() calls redo(); the work was done by execute()
            self._executed = False
            return
        self._guarded(self._reapply)

    def undo(self) -> None:
        self._guarded(self._revert)

    def _guarded(self, step: Callable[[], None]) -> None:
        try:
            step()
        except (StoreError, DatabaseProblem) as exc:
            self.setObsolete(True)  # the stack drops it: no half-applied history
            if isinstance(exc, QuoteConflict) and exc.current is not None:
                self.context.quote_changed.emit(exc.current)
            self.context.command_failed.emit(f"Could not {self.text().lower()}: {exc}")
            return
        self.context.committed.emit()

    def _apply(self) -> None:
        raise NotImplementedError

    def _reapply(self) -> None:
        self._apply()

    def _revert(self) -> None:
        raise NotImplementedError

    def _current(self, uid: str, expected: QuoteRecord) -> QuoteRecord:
        """The quote as it is now, if it is still as this command expects it to be."""
        current = self.context.store.find_quote_by_uid(uid)
        if current is None or _comparable(current) != _comparable(expected):
            raise QuoteConflict(current)
        return current


class QuoteUpdateCommand(StoreCommand):
    """Confirm, reject, change speaker/kind/bounds/venue/note: any change to one existing quote."""

    def __init__(
        self,
        context: UndoContext,
        before: QuoteRecord,
        text: str,
        mutate: Callable[[Store, str, int], QuoteRecord],
    ) -> None:
        super().__init__(context, text)
        self.before = before
        self.after: QuoteRecord | None = None
        self._mutate = mutate  # (store, user, expected_version) -> new record

    def _apply(self) -> None:
        self.after = self._mutate(self.context.store, self.context.user, self.before.version)
        self._emit(self.after)

    def _reapply(self) -> None:
        assert self.after is not None
        current = self._current(self.before.uid, self.before)
        record = self.context.store.update_quote(
            current.id,
            quote_state(self.after),
            user=self.context.user,
            action="redo",
            expected_version=current.version,
        )
        self.after = record
        self._emit(record)

    def _revert(self) -> None:
        assert self.after is not None
        current = self._current(self.before.uid, self.after)
        record = self.context.store.update_quote(
            current.id,
            quote_state(self.before),
            user=self.context.user,
            action="undo",
            expected_version=current.version,
        )
        self.before = record
        self._emit(record)

    def _emit(self, record: QuoteRecord) -> None:
        self.context.quote_changed.emit(record)
        self.context.article_changed.emit(record.article_id)


class AddQuoteCommand(StoreCommand):
    """A quote the model missed. Undo deletes it; redo restores it with the same uid."""

    def __init__(self, context: UndoContext, article_id: int, start: int, end: int, *, kind: str = "direct") -> None:
        super().__init__(context, "Add quote")
        self.article_id = article_id
        self.start = start
        self.end = end
        self.kind = kind
        self.record: QuoteRecord | None = None

    def _apply(self) -> None:
        self.record = self.context.store.add_quote(
            self.article_id,
            self.start,
            self.end,
            user=self.context.user,
            kind=self.kind,
            status=editing.new_quote_status(None),
        )
        self._emit(self.record)

    def _reapply(self) -> None:
        assert self.record is not None
        self.record = self.context.store.restore_quote(self.record, user=self.context.user)
        self._emit(self.record)

    def _revert(self) -> None:
        assert self.record is not None
        current = self._current(self.record.uid, self.record)
        self.record = self.context.store.delete_quote(
            current.id, user=self.context.user, expected_version=current.version
        )
        self.context.quote_removed.emit(self.record.uid, self.article_id)
        self.context.article_changed.emit(self.article_id)

    def _emit(self, record: QuoteRecord) -> None:
        self.context.quote_changed.emit(record)
        self.context.article_changed.emit(record.article_id)


class ArticleStatusCommand(StoreCommand):
    def __init__(self, context: UndoContext, article_id: int, before: str, after: str, text: str) -> None:
        super().__init__(context, text)
        self.article_id = article_id
        self.before = before
        self.after = after

    def _apply(self) -> None:
        self.context.store.set_article_status(self.article_id, self.after, user=self.context.user)
        self.context.article_changed.emit(self.article_id)

    def _revert(self) -> None:
        self.context.store.set_article_status(self.article_id, self.before, user=self.context.user)
        self.context.article_changed.emit(self.article_id)


# ---- the mutations behind the editor's keys --------------------------------------------------------------


def confirm(quote: QuoteRecord) -> Callable[[Store, str, int], QuoteRecord]:
    return lambda store, user, version: store.confirm_quote(quote.id, user=user, expected_version=version)


def reject(quote: QuoteRecord) -> Callable[[Store, str, int], QuoteRecord]:
    return lambda store, user, version: store.reject_quote(quote.id, user=user, expected_version=version)


def set_speaker(
    quote: QuoteRecord, person_id: int | None, mention: tuple[int, int] | None
) -> Callable[[Store, str, int], QuoteRecord]:
    return lambda store, user, version: store.set_speaker(
        quote.id, person_id, user=user, mention=mention, expected_version=version
    )


Mutation = Callable[[Store, str, int], QuoteRecord]


def edit(quote: QuoteRecord, changes: dict[str, Any], action: str) -> Mutation:
    return lambda store, user, version: store.update_quote(
        quote.id, changes, user=user, action=action, expected_version=version
    )


class OperationCommand(StoreCommand):
    """A decision of annotator/operations run through the editor's History (annotator/operations/history.py):
    its undo and redo are the history's, the exact inverse of what it changed, refused over a colleague's
    change. `shown` is told after each step so the window reads the quotes again (the result, or None)."""

    def __init__(
        self, context: UndoContext, operation: Operation[Any], text: str, shown: Callable[[Any], None]
    ) -> None:
        super().__init__(context, text)
        self.operation = operation
        self.result: Any = None
        self._shown = shown

    def _history(self) -> History:
        return History(self.context.store, self.context.user)

    def _apply(self) -> None:
        outcome = self._history().run(self.operation)
        self.result = outcome.result
        if outcome.step is None:
            self.setObsolete(True)  # it changed nothing: no step to undo (the stack drops it)
        self._shown(self.result)

    def _reapply(self) -> None:
        self._history().redo()
        self._shown(None)

    def _revert(self) -> None:
        self._history().undo()
        self._shown(None)


def confirming_if_awaited(quote: QuoteRecord, mutate: Mutation) -> Mutation:
    """A speaker chosen for an editor's own quote still to check also confirms it (editing.awaits_speaker)."""

    def run(store: Store, user: str, version: int) -> QuoteRecord:
        after = mutate(store, user, version)
        confirming = editing.speaker_chosen_changes(quote, user, datetime.now(UTC))
        if not confirming:
            return after
        return store.update_quote(after.id, confirming, user=user, action="confirm", expected_version=after.version)

    return run
