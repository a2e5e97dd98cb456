"""Choices in the speaker picker: people of this article first, then the database, then "create"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from annotator.records import PersonRecord
from ui.models.record_rows import RecordRows
from ui.plain import plain_tooltip

Index = QModelIndex | QPersistentModelIndex

CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class SpeakerChoice:
    """A row of the picker: an existing person, a new name to create, or "speaker unknown" (both None)."""

    person: PersonRecord | None = None
    new_name: str | None = None
    in_article: bool = False

    @property
    def label(self) -> str:
        if self.person is not None:
            aliases = f"  ({', '.join(self.person.aliases[:3])})" if self.person.aliases else ""
            return f"{self.person.name}{aliases}"
        if self.new_name and self.in_article:
            return f"{self.new_name}  (named in this article; new person)"
        if self.new_name:
            return f"Add new person “{self.new_name}”"
        return "Speaker unknown"


class PeopleModel(RecordRows[SpeakerChoice], QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SpeakerChoice] = []
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_choices(self, choices: list[SpeakerChoice]) -> None:
        self.beginResetModel()
        self._rows = list(choices)
        self.endResetModel()

    def choice_at(self, row: int) -> SpeakerChoice | None:
        return self.record_at(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        choice = self.record_for(index)
        if choice is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return choice.label
        if role == Qt.ItemDataRole.ToolTipRole:
            if choice.person is not None:
                where = "named in this article" if choice.in_article else "in the database"
                return plain_tooltip(f"{choice.person.name}: {where}, {choice.person.quote_count} quotes")
            return plain_tooltip(choice.label)
        if role == Qt.ItemDataRole.FontRole and choice.person is None:
            return self._italic
        if role == CHOICE_ROLE:
            return choice
        return None
