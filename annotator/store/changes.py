"""What one transaction changed, row by row, and how to take it back exactly.

A ChangeJournal listens to the flushes of one session and keeps, for every row the transaction created,
changed or deleted, its values before and after. Reverting a list of such changes brings deleted rows back
(with their ids), puts changed columns back and removes created rows, after checking that each row is
still as the change left it: a row someone changed since (a quote's version moved on, a person renamed, an
alias now used by a colleague's decision) refuses the revert with RowChanged and nothing is written.

Reverting runs inside a journal too, so what the revert did is itself a list of changes: the redo.
The audit log, the history itself and editor names are never journaled: they only ever grow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, event, func, inspect, select
from sqlalchemy.orm import Mapper, Session

from annotator.db.models import Base, UTCDateTime
from annotator.decision_rules import parse_time
from annotator.store.errors import ChangedMeanwhile

# Tables that only grow (or, for users, hold names): an undo never takes their rows back
# Logs, and data derived from the decisions (quote groups and their match keys, rebuilt by regrouping the
# articles a step touched; the workers' claims; the people's summary, kept by triggers): undo neither
# restores them nor lets them block an undo
UNJOURNALED_TABLES = frozenset(
    {
        "edits",
        "operation_history",
        "users",
        "quote_groups",
        "quote_group_members",
        "quote_match_keys",
        "annotation_claims",
        "person_summary",
        "person_dates",
        "person_outlets",
        "person_name_keys",
        "person_alias_keys",
    }
)
# Set by SQLAlchemy on every update of a versioned row; never written back, only compared
VERSION_COLUMN = "version"


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row's change: created (before None), deleted (after None) or changed (both: the changed columns)."""

    table: str
    key: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    article_id: int | None = None  # the article the row belongs to, if any (to show it again)
    uid: str | None = None  # a quote's uid (the audit log names quotes by it)

    def to_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "key": self.key,
            "before": self.before,
            "after": self.after,
            "article_id": self.article_id,
            "uid": self.uid,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RowChange:
        return cls(
            table=data["table"],
            key=int(data["key"]),
            before=data["before"],
            after=data["after"],
            article_id=data.get("article_id"),
            uid=data.get("uid"),
        )

    @property
    def values(self) -> dict[str, Any]:
        """The row's last known values (after, or before for a deleted row)."""
        return dict(self.after if self.after is not None else self.before or {})


class RowChanged(ChangedMeanwhile):
    """A row a revert would touch is no longer as the change left it (or something new points at it)."""

    def __init__(self, table: str, key: int, reason: str) -> None:
        self.table = table
        self.key = key
        super().__init__(reason)


def _mapper_for(table: str) -> Mapper[Any]:
    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            return mapper
    raise KeyError(table)


def _table_order() -> dict[str, int]:
    """Parents before children (people before aliases, articles before quotes)."""
    return {table.name: index for index, table in enumerate(Base.metadata.sorted_tables)}


def _encode(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _snapshot(obj: Any, *, old: bool = False) -> dict[str, Any]:
    """The row's column values as JSON values; `old`: as they were before the pending change."""
    state = inspect(obj)
    values: dict[str, Any] = {}
    for prop in state.mapper.column_attrs:
        value = getattr(obj, prop.key)
        if old:
            history = state.attrs[prop.key].history
            if history.deleted:
                value = history.deleted[0]
        values[prop.key] = _encode(value)
    return values


def _table_of(obj: Any) -> str:
    return str(inspect(obj).mapper.local_table.name)


def _key_of(obj: Any) -> int:
    return int(inspect(obj).identity[0])


def _change(obj: Any, before: dict[str, Any] | None, after: dict[str, Any] | None) -> RowChange:
    table = _table_of(obj)
    article_id = _key_of(obj) if table == "articles" else getattr(obj, "article_id", None)
    return RowChange(table, _key_of(obj), before, after, article_id=article_id, uid=getattr(obj, "uid", None))


class ChangeJournal:
    """Collects the row changes of one session until finish()."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._created: list[Any] = []
        self._changed: dict[int, tuple[Any, dict[str, Any]]] = {}  # id(obj) -> (obj, values before)
        self._deleted: list[RowChange] = []
        event.listen(session, "before_flush", self._on_flush)

    def _on_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        for obj in session.new:
            if _table_of(obj) not in UNJOURNALED_TABLES and not any(obj is seen for seen in self._created):
                self._created.append(obj)
        for obj in session.dirty:
            if _table_of(obj) in UNJOURNALED_TABLES or any(obj is seen for seen in self._created):
                continue
            if id(obj) not in self._changed and session.is_modified(obj):
                self._changed[id(obj)] = (obj, _snapshot(obj, old=True))
        for obj in session.deleted:
            if _table_of(obj) in UNJOURNALED_TABLES:
                continue
            if any(obj is seen for seen in self._created):  # created and deleted again: nothing happened
                self._created = [seen for seen in self._created if seen is not obj]
                continue
            earlier = self._changed.pop(id(obj), None)
            before = earlier[1] if earlier else _snapshot(obj, old=True)
            self._deleted.append(_change(obj, before, None))

    def finish(self) -> list[RowChange]:
        """Flush what is pending and return every row change, in the order the rows were first touched."""
        try:
            self._session.flush()
        finally:
            self.close()
        changes: list[RowChange] = [_change(obj, None, _snapshot(obj)) for obj in self._created]
        for obj, before in self._changed.values():
            after = _snapshot(obj)
            changed = [name for name in after if name != VERSION_COLUMN and after[name] != before[name]]
            if not changed:
                continue
            if VERSION_COLUMN in after:
                changed.append(VERSION_COLUMN)
            changes.append(_change(obj, {n: before[n] for n in changed}, {n: after[n] for n in changed}))
        changes.extend(self._deleted)
        return changes

    def close(self) -> None:
        if event.contains(self._session, "before_flush", self._on_flush):
            event.remove(self._session, "before_flush", self._on_flush)


def revert(session: Session, changes: Sequence[RowChange]) -> None:
    """Take `changes` back in `session`: deleted rows return, changed columns go back, created rows go.

    Raises RowChanged (and the caller's transaction rolls back) when a row is not as the change left it.
    """
    order = _table_order()
    deleted = sorted((c for c in changes if c.after is None), key=lambda c: order[c.table])
    changed = [c for c in changes if c.before is not None and c.after is not None]
    created = sorted((c for c in changes if c.before is None), key=lambda c: -order[c.table])
    removed: set[tuple[str, int]] = set()
    for change in deleted:
        mapper = _mapper_for(change.table)
        if session.get(mapper.class_, change.key) is not None:
            # SQLite hands a freed id to the next row: the row the change created may sit in its place
            taking = next((c for c in created if (c.table, c.key) == (change.table, change.key)), None)
            if taking is None:
                raise RowChanged(change.table, change.key, f"{_what(change)} was added again in the meantime")
            _remove_created(session, taking)
            removed.add((taking.table, taking.key))
        values = {k: _decode(mapper, k, v) for k, v in (change.before or {}).items() if k != VERSION_COLUMN}
        session.add(mapper.class_(**values))
        session.flush()
    for change in reversed(changed):
        mapper = _mapper_for(change.table)
        if VERSION_COLUMN not in (change.before or {}) and _matches(session, change, change.before or {}):
            continue  # someone already put it back as the revert would (an article back in progress)
        row = _still_as_left(session, change)
        for name, value in (change.before or {}).items():
            if name != VERSION_COLUMN:
                setattr(row, name, _decode(mapper, name, value))
    session.flush()
    for change in created:
        if (change.table, change.key) not in removed:
            _remove_created(session, change)


def _remove_created(session: Session, change: RowChange) -> None:
    row = _still_as_left(session, change)
    if _is_referenced(session, change.table, change.key):
        raise RowChanged(change.table, change.key, f"{_what(change)} is used by a later decision")
    session.delete(row)
    session.flush()


def _matches(session: Session, change: RowChange, values: dict[str, Any]) -> bool:
    """Does the row exist with these values (times aside)?"""
    mapper = _mapper_for(change.table)
    row = session.get(mapper.class_, change.key, populate_existing=True)
    return row is not None and all(
        _encode(getattr(row, name)) == value for name, value in values.items() if not _is_time(mapper, name)
    )


def _still_as_left(session: Session, change: RowChange) -> Any:
    mapper = _mapper_for(change.table)
    row = session.get(mapper.class_, change.key, populate_existing=True)
    if row is None:
        raise RowChanged(change.table, change.key, f"{_what(change)} was removed in the meantime")
    expected = change.after or {}
    if VERSION_COLUMN in expected:  # versioned rows (quotes): the version says it all
        same = getattr(row, VERSION_COLUMN) == expected[VERSION_COLUMN]
    else:
        same = all(
            _encode(getattr(row, name)) == value
            for name, value in expected.items()
            if not _is_time(mapper, name)  # the time of a change is not the change
        )
    if not same:
        raise RowChanged(change.table, change.key, f"{_what(change)} was changed in the meantime")
    return row


def _is_referenced(session: Session, table: str, key: int) -> bool:
    """Does any row (outside the append-only logs) still point at this one through a foreign key?"""
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table.name == table and fk.parent.table.name not in UNJOURNALED_TABLES:
                found = session.scalar(select(func.count()).select_from(other).where(fk.parent == key))
                if found:
                    return True
    return False


def _is_time(mapper: Mapper[Any], name: str) -> bool:
    column = mapper.columns.get(name)
    return column is not None and isinstance(column.type, (DateTime, UTCDateTime))


def _decode(mapper: Mapper[Any], name: str, value: Any) -> Any:
    return parse_time(value) if value is not None and _is_time(mapper, name) else value


def _what(change: RowChange) -> str:
    noun = {"quotes": "the quote", "people": "the person", "person_aliases": "the alias", "articles": "the article"}
    return f"{noun.get(change.table, change.table)} {change.key}"


def versions_moved(reverted: Sequence[RowChange], made: Sequence[RowChange]) -> dict[tuple[str, int], tuple[int, int]]:
    """For each versioned row a revert touched: (the version it had before the reverted change, the version
    the revert left it at). Another step of the same editor that left the row at the first now means the
    second: the revert brought back exactly the state that step left."""
    landed = {(c.table, c.key): int(c.after[VERSION_COLUMN]) for c in made if c.after and VERSION_COLUMN in c.after}
    moved: dict[tuple[str, int], tuple[int, int]] = {}
    for change in reverted:
        where = (change.table, change.key)
        if change.before and VERSION_COLUMN in change.before and where in landed:
            moved[where] = (int(change.before[VERSION_COLUMN]), landed[where])
    return moved


def follow_versions(
    changes: Sequence[RowChange], moved: dict[tuple[str, int], tuple[int, int]]
) -> list[RowChange] | None:
    """`changes` expecting the new versions of `moved` rows, or None when none of them is concerned."""
    followed: list[RowChange] = []
    touched = False
    for change in changes:
        shift = moved.get((change.table, change.key))
        if shift and change.after is not None and change.after.get(VERSION_COLUMN) == shift[0]:
            change = replace(change, after={**change.after, VERSION_COLUMN: shift[1]})
            touched = True
        followed.append(change)
    return followed if touched else None


def changes_to_json(changes: Iterable[RowChange]) -> list[dict[str, Any]]:
    return [change.to_json() for change in changes]


def changes_from_json(data: Iterable[dict[str, Any]]) -> list[RowChange]:
    return [RowChange.from_json(item) for item in data]
