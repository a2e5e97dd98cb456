"""One person's quotes across articles, the latest first: a lazy table over people_archive.person_quotes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from annotator.db.opening import DatabaseProblem
from annotator.people_archive import PersonQuote, QuotesCursor, person_quotes
from annotator.store import Store, StoreError
from ui.models.keyset_pages import Index, KeysetPagedModel
from ui.plain import plain_tooltip
from ui.theme import STATUS_LABELS

QUOTE_ROLE = Qt.ItemDataRole.UserRole + 1

HEADERS = ("Date", "Outlet", "Article", "Status", "Words", "Same quote elsewhere")
DATE, OUTLET, ARTICLE, STATUS, WORDS, GROUP = range(len(HEADERS))


def group_flags_text(quote: PersonQuote) -> str:
    """What the quote's group says in a few words: "wording differs, attributed differently"."""
    if quote.group_id is None:
        return ""
    flags = [
        text
        for on, text in (
            (quote.wording_differs, "wording differs"),
            (quote.attributed_differently, "attributed differently"),
        )
        if on
    ]
    return ", ".join(flags) or "same words"


def _cell(quote: PersonQuote, column: int) -> str:
    if column == DATE:
        return (quote.published or "")[:10]
    if column == OUTLET:
        return quote.outlet or ""
    if column == ARTICLE:
        return quote.article_title
    if column == STATUS:
        return STATUS_LABELS.get(quote.status, quote.status)
    if column == WORDS:
        return " ".join(quote.words.split())
    return group_flags_text(quote)


class PersonQuotesModel(KeysetPagedModel):
    def __init__(self, store: Store | None, parent: Any = None, *, page_size: int = 100) -> None:
        super().__init__(store, parent, page_size=page_size)
        self._person_id: int | None = None

    @property
    def person_id(self) -> int | None:
        return self._person_id

    def set_person(self, person_id: int | None) -> None:
        self._person_id = person_id
        self._read_first_page()

    def quote_at(self, row: int) -> PersonQuote | None:
        return self.record_at(row)

    def _read_page(self, after: QuotesCursor | None) -> tuple[list[PersonQuote], QuotesCursor | None] | None:
        page = self._page(after)
        return None if page is None else (list(page.quotes), page.next)

    def _page(self, after: QuotesCursor | None) -> Any:
        if self._store is None or self._person_id is None:
            return None
        try:
            return person_quotes(self._store, self._person_id, after=after, limit=self._page_size)
        except (StoreError, DatabaseProblem) as exc:
            self.load_failed.emit(str(exc))
            return None

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        quote = self.record_for(index)
        if quote is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(quote, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(_cell(quote, index.column()))
        if role == QUOTE_ROLE:
            return quote
        return None
