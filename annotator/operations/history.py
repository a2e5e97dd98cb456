"""The history of one editor's decisions in one database: run, undo, redo.

The app (Ctrl+Z / Ctrl+Shift+Z) and the command line (`annotator undo` / `annotator redo`) both go through
here, so they undo alike, and a history left by the app can be undone from the command line. The history
itself lives in the database (store.history), not in this object: two History objects for the same editor
and database see the same steps.
"""

from __future__ import annotations

from typing import TypeVar

from annotator.operations.operation import Operation, Outcome
from annotator.store import HistoryStep, Store

Result = TypeVar("Result")


class History:
    def __init__(self, store: Store, user: str) -> None:
        self.store = store
        self.user = user

    def run(self, operation: Operation[Result]) -> Outcome[Result]:
        """Apply a decision in one transaction and put it on the history (it ends what could be redone)."""
        with self.store.history.recording(user=self.user, label=operation.describe(), kind=operation.area) as recording:
            result = operation.apply(self.store, self.user)
        step = self.store.history.step_of(recording.entry_id) if recording.entry_id is not None else None
        return Outcome(result=result, step=step)

    def undo(self, kind: str | None = None) -> HistoryStep:
        """Take back the latest decision, or the latest of one `kind` (annotation / review / people: what a
        view of the app shows). A row a colleague changed since refuses it (ChangedMeanwhile, with the fresh
        state) and the decision leaves the history; NotFound when there is nothing to undo. An undo of one
        kind that a later decision of another kind built on (the same quote) is refused and kept."""
        return self.store.history.undo(self.user, kind)

    def redo(self, kind: str | None = None) -> HistoryStep:
        """Make the latest undone decision (of `kind` when given) again, under the same rule as undo."""
        return self.store.history.redo(self.user, kind)

    def next_undo(self, kind: str | None = None) -> str | None:
        """What undo would take back ("accept quote 12"), if anything."""
        return self.store.history.next_undo(self.user, kind)

    def next_redo(self, kind: str | None = None) -> str | None:
        return self.store.history.next_redo(self.user, kind)
