"""The undo history of each editor, kept in the database: record a decision, undo it, redo it.

A decision runs inside `recording()`: one transaction whose row changes (annotator/store/changes.py) are
saved with the decision. Undo reverts the editor's latest decision in one transaction and saves what the
revert changed, which is exactly what redo reverts. The same rule holds everywhere: a row someone changed
since is never overwritten; the undo (or redo) is refused with the fresh state and leaves the history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from annotator.db.models import HistoryEntry
from annotator.records import QuoteRecord
from annotator.store.article_repository import ArticleRepository
from annotator.store.audit import AuditLog
from annotator.store.changes import (
    ChangeJournal,
    RowChange,
    RowChanged,
    changes_from_json,
    changes_to_json,
    follow_versions,
    revert,
    versions_moved,
)
from annotator.store.database import Database
from annotator.store.errors import ChangedMeanwhile, NotFound, QuoteConflict, StoreError
from annotator.store.people_repository import PeopleRepository
from annotator.store.quote_repository import QuoteRepository

DONE, UNDONE, DROPPED = "done", "undone", "dropped"
# Steps an editor can go back; older ones leave the history (their changes stay, of course)
HISTORY_DEPTH = 500
# Quote columns the audit log leaves out of an undo row: bookkeeping, not the decision
_BOOKKEEPING = frozenset({"version", "updated_by", "updated_at"})


# What the audit log calls a row of each table an undo or redo puts back ("person_aliases" is an "alias")
_AUDIT_TARGETS = {
    "quotes": "quote",
    "people": "person",
    "person_aliases": "alias",
    "articles": "article",
    "mentions": "mention",
}


@dataclass(frozen=True, slots=True)
class HistoryStep:
    """What an undo or redo (or the decision itself) touched, so a window can show it again."""

    entry_id: int
    label: str
    kind: str
    undone: bool
    quote_ids: tuple[int, ...]
    article_ids: tuple[int, ...]
    person_ids: tuple[int, ...]


@dataclass
class Recording:
    """Filled in when the recorded transaction ends: the history entry of the decision (None: no change)."""

    entry_id: int | None = None


class HistoryRepository:
    def __init__(
        self,
        db: Database,
        audit: AuditLog,
        quotes: QuoteRepository,
        articles: ArticleRepository,
        people: PeopleRepository,
    ) -> None:
        self.db = db
        self.audit = audit
        self.quotes = quotes
        self.articles = articles
        self.people = people

    @contextmanager
    def recording(self, *, user: str, label: str, kind: str) -> Iterator[Recording]:
        """Run a decision in one transaction and put it on `user`'s history (a new decision ends redo)."""
        recording = Recording()
        if self.db.current_session is not None:
            raise StoreError("a decision cannot start inside another decision")
        with self.db.transaction() as session:
            journal = ChangeJournal(session)
            try:
                yield recording
                changes = journal.finish()
            finally:
                journal.close()
            if changes:
                session.execute(
                    update(HistoryEntry)
                    .where(HistoryEntry.user == user, HistoryEntry.state == UNDONE)
                    .values(state=DROPPED)
                )
                entry = HistoryEntry(
                    user=user,
                    label=label[:300],
                    kind=kind,
                    state=DONE,
                    step=self._next_step(session, user),
                    changes=changes_to_json(changes),
                )
                session.add(entry)
                session.flush()
                recording.entry_id = entry.id
                self._forget_oldest(session, user)

    def undo(self, user: str, kind: str | None = None) -> HistoryStep:
        """Take back `user`'s latest decision (of `kind` when given: annotation / review / people); NotFound
        when there is nothing to undo."""
        return self._move(user, DONE, UNDONE, kind)

    def redo(self, user: str, kind: str | None = None) -> HistoryStep:
        """Make `user`'s latest undone decision (of `kind` when given) again; NotFound when there is none."""
        return self._move(user, UNDONE, DONE, kind)

    def next_undo(self, user: str, kind: str | None = None) -> str | None:
        """The label of what undo would take back, if anything."""
        with self.db.read() as session:
            entry = self._latest(session, user, DONE, kind)
            return entry.label if entry else None

    def next_redo(self, user: str, kind: str | None = None) -> str | None:
        with self.db.read() as session:
            entry = self._latest(session, user, UNDONE, kind)
            return entry.label if entry else None

    def step_of(self, entry_id: int) -> HistoryStep:
        with self.db.read() as session:
            entry = session.get(HistoryEntry, entry_id)
            if entry is None:
                raise NotFound(f"there is no history entry {entry_id}")
            return _step(entry)

    def _move(self, user: str, source: str, target: str, kind: str | None) -> HistoryStep:
        verb = "undo" if target == UNDONE else "redo"
        moving: tuple[int, str] | None = None
        try:
            with self.db.transaction() as session:
                entry = self._latest(session, user, source, kind)
                if entry is None:
                    raise NotFound(f"nothing to {verb} for {user}" + (f" in {kind}" if kind else ""))
                if target == UNDONE:
                    self._refuse_if_built_on(session, entry)
                moving = (entry.id, entry.label)
                reverted = changes_from_json(entry.changes)
                journal = ChangeJournal(session)
                try:
                    revert(session, reverted)
                    changes = journal.finish()
                finally:
                    journal.close()
                self._follow_versions(session, user, entry.id, versions_moved(reverted, changes))
                action = verb if entry.kind != "review" else f"{verb}_review"
                self._log(session, changes, user=user, action=action)
                entry.changes = changes_to_json(changes)
                entry.state = target
                entry.step = self._next_step(session, user)
                session.flush()
                step = _step(entry)
        except RowChanged as exc:
            assert moving is not None  # RowChanged comes from the revert
            self._drop(moving[0])
            raise self._fresh_conflict(exc, f"cannot {verb} {moving[1]}") from exc
        return step

    @staticmethod
    def _refuse_if_built_on(session: Session, entry: HistoryEntry) -> None:
        """An undo of one kind (the review view's) may skip the editor's later steps of another kind, but not
        one that changed the same rows since: that later step would be lost. Refused, and kept in the history."""
        rows = {(c.table, c.key) for c in changes_from_json(entry.changes)}
        later = session.scalars(
            select(HistoryEntry)
            .where(HistoryEntry.user == entry.user, HistoryEntry.state == DONE, HistoryEntry.step > entry.step)
            .order_by(HistoryEntry.step.desc())
        )
        for other in later:
            if rows & {(c.table, c.key) for c in changes_from_json(other.changes)}:
                raise ChangedMeanwhile(
                    f"cannot undo {entry.label}: your later decision in {other.kind} ({other.label}) "
                    "changed it since; undo that one first"
                )

    @staticmethod
    def _forget_oldest(session: Session, user: str) -> None:
        kept = (
            select(HistoryEntry.id)
            .where(HistoryEntry.user == user, HistoryEntry.state == DONE)
            .order_by(HistoryEntry.step.desc())
            .limit(HISTORY_DEPTH)
        )
        session.execute(
            update(HistoryEntry)
            .where(
                HistoryEntry.user == user, HistoryEntry.state == DONE, HistoryEntry.id.not_in(kept.scalar_subquery())
            )
            .values(state=DROPPED)
        )

    @staticmethod
    def _follow_versions(
        session: Session, user: str, entry_id: int, moved: dict[tuple[str, int], tuple[int, int]]
    ) -> None:
        """The editor's other steps on the rows an undo or redo rewrote now expect their new versions."""
        if not moved:
            return
        others = session.scalars(
            select(HistoryEntry).where(
                HistoryEntry.user == user, HistoryEntry.state.in_((DONE, UNDONE)), HistoryEntry.id != entry_id
            )
        )
        for other in others:
            followed = follow_versions(changes_from_json(other.changes), moved)
            if followed is not None:
                other.changes = changes_to_json(followed)

    def _drop(self, entry_id: int) -> None:
        """A step that cannot be taken leaves the history, so the next undo is not stuck behind it."""
        with self.db.transaction() as session:
            session.execute(update(HistoryEntry).where(HistoryEntry.id == entry_id).values(state=DROPPED))

    def _fresh_conflict(self, exc: RowChanged, doing: str) -> ChangedMeanwhile:
        message = f"{doing}: {exc}"
        if exc.table == "quotes":
            fresh = self.quotes.current_or_none(exc.key)
            if fresh is not None and fresh.updated_by:
                message = f"{doing}: quote {exc.key} was changed by {fresh.updated_by} since; it shows their version"
            return QuoteConflict(fresh, message)
        current: Any = None
        try:
            if exc.table == "articles":
                current = self.articles.article_summary(exc.key)
            elif exc.table == "people":
                current = self.people.get_person(exc.key)
        except NotFound:
            current = None
        return ChangedMeanwhile(message, current)

    def _log(self, session: Session, changes: list[RowChange], *, user: str, action: str) -> None:
        """The audit rows of an undo or redo, in the shape review replays (see decision_rules.replay)."""
        for change in changes:
            values = change.values
            if change.table == "quotes":
                target: dict[str, Any] = {
                    "target": "quote",
                    "target_id": change.key,
                    "target_uid": change.uid,
                    "article_id": change.article_id,
                }
                if change.before is None:
                    self.audit.log(session, user=user, action="add", after=_decision(values), **target)
                elif change.after is None:
                    self.audit.log(session, user=user, action="delete", before=_decision(values), **target)
                else:
                    before = {k: v for k, v in change.before.items() if k not in _BOOKKEEPING}
                    after = {k: v for k, v in change.after.items() if k not in _BOOKKEEPING}
                    if before:
                        self.audit.log(session, user=user, action=action, before=before, after=after, **target)
            else:
                self.audit.log(
                    session,
                    user=user,
                    action=action,
                    target=_AUDIT_TARGETS.get(change.table, change.table),
                    target_id=change.key,
                    article_id=change.article_id,
                    before=change.before,
                    after=change.after,
                )

    @staticmethod
    def _latest(session: Session, user: str, state: str, kind: str | None = None) -> HistoryEntry | None:
        query = select(HistoryEntry).where(HistoryEntry.user == user, HistoryEntry.state == state)
        if kind is not None:
            query = query.where(HistoryEntry.kind == kind)
        return session.scalar(query.order_by(HistoryEntry.step.desc(), HistoryEntry.id.desc()).limit(1))

    @staticmethod
    def _next_step(session: Session, user: str) -> int:
        highest = session.scalar(select(func.max(HistoryEntry.step)).where(HistoryEntry.user == user))
        return int(highest or 0) + 1


def _decision(values: dict[str, Any]) -> dict[str, Any]:
    """A whole quote as the audit log keeps an added or deleted one (see QuoteRepository.delete_quote)."""
    names = (*QuoteRecord.__dataclass_fields__,)
    return {k: v for k, v in values.items() if k in names and k not in _BOOKKEEPING and k != "id"}


def _step(entry: HistoryEntry) -> HistoryStep:
    changes = changes_from_json(entry.changes)
    quotes = tuple(dict.fromkeys(c.key for c in changes if c.table == "quotes"))
    articles = [c.article_id for c in changes if c.article_id is not None]
    people = tuple(dict.fromkeys(c.key for c in changes if c.table == "people"))
    return HistoryStep(
        entry_id=entry.id,
        label=entry.label,
        kind=entry.kind,
        undone=entry.state == UNDONE,
        quote_ids=quotes,
        article_ids=tuple(dict.fromkeys(articles)),
        person_ids=people,
    )
