"""The People view's "possibly the same person" panel: likely duplicates of the person shown, to merge into
them (an operation the view runs) or to dismiss (a note about the suggestion, not a change to anyone)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from annotator.db.opening import DatabaseProblem
from annotator.people_archive import DuplicateSuggestion, dismiss_duplicate, likely_duplicates
from annotator.store import Store, StoreError

_REASONS = {"alias": "one name is the other's alias", "name": "same surname, compatible given names"}


class DuplicatesPanel(QWidget):
    """Hidden when the person shown has no likely duplicate."""

    merge_chosen = Signal(int)  # the other person's id: merge them into the person shown
    dismissed = Signal()  # a suggestion is gone: the person shown may be read again
    problem = Signal(str)

    def __init__(self, store: Store, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.user = user
        self.person_id: int | None = None
        self.suggestions: list[DuplicateSuggestion] = []

        self.list = QListWidget()
        self.list.setAccessibleName("Likely duplicates")
        self.list.setMaximumHeight(90)
        self.merge_button = QPushButton("Merge into this person")
        self.dismiss_button = QPushButton("Not the same person")
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Possibly the same person:"))
        layout.addWidget(self.list)
        layout.addLayout(buttons)

        self.merge_button.clicked.connect(self.merge_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.list.itemActivated.connect(lambda _item: self.merge_selected())

    def show_for(self, person_id: int | None) -> None:
        """List the likely duplicates of this person (none for None)."""
        self.person_id = person_id
        self.suggestions = []
        if person_id is not None:
            try:
                self.suggestions = likely_duplicates(self.store, person_ids=[person_id])
            except (StoreError, DatabaseProblem) as exc:
                self.problem.emit(str(exc))
        self.list.clear()
        for suggestion in self.suggestions:
            other_id, other_name = self._other(suggestion)
            item = QListWidgetItem(
                f"{other_name} (person {other_id}): {_REASONS.get(suggestion.reason, suggestion.reason)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, other_id)
            self.list.addItem(item)
        if self.suggestions:
            self.list.setCurrentRow(0)
        self.setVisible(bool(self.suggestions))

    def merge_selected(self) -> None:
        other_id = self._selected()
        if other_id is not None:
            self.merge_chosen.emit(other_id)

    def dismiss_selected(self) -> None:
        other_id = self._selected()
        if other_id is None or self.person_id is None:
            return
        try:
            dismiss_duplicate(self.store, self.person_id, other_id, user=self.user)
        except (StoreError, DatabaseProblem) as exc:
            self.problem.emit(str(exc))
            return
        self.dismissed.emit()

    def _selected(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _other(self, suggestion: DuplicateSuggestion) -> tuple[int, str]:
        if suggestion.person_id == self.person_id:
            return suggestion.other_id, suggestion.other_name
        return suggestion.person_id, suggestion.name
