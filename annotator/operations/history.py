"""The history of one editor's decisions in one database: run, undo, redo.

The app (Ctrl+Z / Ctrl+Shift+Z) and the command line (`annotator undo` / `annotator redo`) both go through
here, so they undo alike, and a history left by the app can be undone from the command line. The history
itself lives in the database (store.history), not in this object: two History objects for the same editor
and database see the same steps.
"""

from __future__ import annotations

from typing import TypeVar

from annotator.operations.operation import Operation, Outcome
from annotator.quote_groups import group_article
from annotator.store import HistoryStep, Store

# A decision touching more articles than this (merging a prolific speaker) leaves their quote groups'
# "attributed differently" flags to the next full regrouping (`annotator people groups --regroup`)
REGROUP_ARTICLES_MAX = 200

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
        if step is not None:
            self._regroup(step)
        return Outcome(result=result, step=step)

    def undo(self) -> HistoryStep:
        """Take back the latest decision. A row a colleague changed since refuses it (ChangedMeanwhile, with
        the fresh state) and the decision leaves the history; NotFound when there is nothing to undo."""
        return self._regroup(self.store.history.undo(self.user))

    def redo(self) -> HistoryStep:
        """Make the latest undone decision again, under the same rule as undo."""
        return self._regroup(self.store.history.redo(self.user))

    def next_undo(self) -> str | None:
        return self.store.history.next_undo(self.user)

    def next_redo(self) -> str | None:
        return self.store.history.next_redo(self.user)

    def _regroup(self, step: HistoryStep) -> HistoryStep:
        """A quote whose words, speaker or status changed may join or leave a group of the same quote
        across articles, or change its flags: match its article against the archive again (cheap)."""
        if step.quote_ids and len(step.article_ids) <= REGROUP_ARTICLES_MAX:
            for article_id in step.article_ids:
                group_article(self.store, article_id)
        return step
