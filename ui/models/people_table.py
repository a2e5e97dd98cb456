"""The People view's list: a thin, lazy table over people_archive.list_people's keyset pages.

Rows arrive a page at a time (canFetchMore/fetchMore), so the list opens on 100,000 people as fast as on
ten. Sorting and filtering ask the core again from the first page; nothing is sorted or counted here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from annotator.db.opening import DatabaseProblem
from annotator.people_archive import PeopleCursor, PeopleFilter, PersonSummary, list_people
from annotator.store import Store, StoreError
from ui.models.keyset_pages import Index, KeysetPagedModel
from ui.plain import plain_tooltip

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1

# (the core's sort for the column, or None when the core cannot sort by it; header)
COLUMNS: tuple[tuple[str | None, str], ...] = (
    ("name", "Name"),
    (None, "Aliases"),
    (None, "Description"),
    ("quotes", "Quotes"),
    ("verified", "Verified"),
    (None, "Suggested"),
    (None, "Outlets"),
    (None, "First seen"),
    ("last_seen", "Last seen"),
    (None, "Gender"),
)
NAME, ALIASES, DESCRIPTION, QUOTES, VERIFIED, SUGGESTED, OUTLETS, FIRST_SEEN, LAST_SEEN, GENDER = range(len(COLUMNS))
_NUMBERS = (QUOTES, VERIFIED, SUGGESTED)


def _cell(person: PersonSummary, column: int) -> str:
    if column == NAME:
        return person.name
    if column == ALIASES:
        return ", ".join(person.aliases)
    if column == DESCRIPTION:
        return person.description or ""
    if column == QUOTES:
        return str(person.quotes)
    if column == VERIFIED:
        return str(person.verified)
    if column == SUGGESTED:
        return str(person.suggested)
    if column == OUTLETS:
        return ", ".join(person.outlets)
    if column == FIRST_SEEN:
        return (person.first_seen or "")[:10]
    if column == LAST_SEEN:
        return (person.last_seen or "")[:10]
    return person.gender or ""


class PeopleTableModel(KeysetPagedModel):
    def __init__(self, store: Store | None, parent: Any = None, *, page_size: int = 100) -> None:
        super().__init__(store, parent, page_size=page_size)
        self._sort = "name"
        self._descending = False
        self._filters = PeopleFilter()

    # ---- what the view asks for ----------------------------------------------------------------------------

    @property
    def sort_name(self) -> str:
        return self._sort

    @property
    def descending(self) -> bool:
        return self._descending

    @property
    def filters(self) -> PeopleFilter:
        return self._filters

    def set_filters(self, filters: PeopleFilter) -> None:
        self._filters = filters
        self.reload()

    def person_at(self, row: int) -> PersonSummary | None:
        return self.record_at(row)

    def row_of(self, person_id: int) -> int | None:
        return next((i for i, p in enumerate(self._rows) if p.person_id == person_id), None)

    def reload(self) -> None:
        """Read the first page again (after a filter, a sort, or a change to people)."""
        self._read_first_page()

    # ---- Qt's side -----------------------------------------------------------------------------------------

    def _read_page(self, after: PeopleCursor | None) -> tuple[list[PersonSummary], PeopleCursor | None] | None:
        page = self._page(after)
        return None if page is None else (list(page.people), page.next)

    def _page(self, after: PeopleCursor | None) -> Any:
        if self._store is None:
            return None
        try:
            return list_people(
                self._store,
                sort=self._sort,
                descending=self._descending,
                filters=self._filters,
                after=after,
                limit=self._page_size,
            )
        except (StoreError, DatabaseProblem) as exc:
            self.load_failed.emit(str(exc))
            return None

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][1]
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Click to sort" if COLUMNS[section][0] else "Not sortable"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        person = self.record_for(index)
        if person is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(person, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(_cell(person, column))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == PERSON_ROLE:
            return person
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Columns the core can sort by; the others keep the current order."""
        if not (0 <= column < len(COLUMNS)) or COLUMNS[column][0] is None:
            return
        self._sort = COLUMNS[column][0] or "name"
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def sort_column(self) -> int:
        return next(i for i, (sort, _) in enumerate(COLUMNS) if sort == self._sort)
