"""Pick who said a quote: people of this article first, then the whole database, or a new person.

Keyboard first: type to filter, Up/Down to move, Enter to choose, Escape to cancel. While it is open a click
on a name in the article text picks that mention (the window forwards it with `use_mention`).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QListView, QVBoxLayout, QWidget

from annotator.db.opening import DatabaseProblem
from annotator.nlp.lexicon import fold_name
from annotator.records import MentionRecord, SpeakerCandidate
from annotator.store import Store, StoreError
from ui.models.speaker_choices import CHOICE_ROLE, PeopleModel, SpeakerChoice
from ui.plain import plain_label
from ui.widgets.fields import FieldLineEdit

DATABASE_MATCHES = 30


class _PickerLineEdit(FieldLineEdit):
    moved = Signal(int)  # -1 up, +1 down

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.moved.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.parent_picker.cancel()
            return
        super().keyPressEvent(event)

    parent_picker: SpeakerPicker


class SpeakerPicker(QFrame):
    speaker_chosen = Signal(object, object)  # SpeakerChoice, (start, end) of a mention picked in the text or None
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speakerPicker")
        self._store: Store | None = None
        self._article_id: int | None = None
        self._mention: tuple[int, int] | None = None

        self.hint = plain_label("Who said it? Type a name, or click a name in the text. Enter picks, Esc cancels.")
        self.hint.setWordWrap(True)
        self.hint.setObjectName("articleMeta")
        self.line_edit = _PickerLineEdit()
        self.line_edit.parent_picker = self
        self.line_edit.setPlaceholderText("Speaker name…")
        self.line_edit.setClearButtonEnabled(True)
        self.model = PeopleModel(self)
        self.list_view = QListView()
        self.list_view.setModel(self.model)
        self.list_view.setMaximumHeight(170)
        self.list_view.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addWidget(self.hint)
        layout.addWidget(self.line_edit)
        layout.addWidget(self.list_view)

        self.line_edit.textEdited.connect(self._on_line_edit_text_edited)
        self.line_edit.returnPressed.connect(self._on_line_edit_return_pressed)
        self.line_edit.moved.connect(self._on_line_edit_moved)
        self.list_view.activated.connect(self._on_list_view_activated)
        self.hide()

    @property
    def is_picking(self) -> bool:
        return self.isVisible()

    def start(self, store: Store, article_id: int, *, current: str | None = None) -> None:
        self._store = store
        self._article_id = article_id
        self._mention = None
        self.line_edit.clear()
        self.line_edit.setPlaceholderText(f"Speaker name… (now: {current})" if current else "Speaker name…")
        self._refresh("")
        self.show()
        self.line_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def cancel(self) -> None:
        self.hide()
        self.cancelled.emit()

    def use_mention(self, mention: MentionRecord) -> None:
        """A name clicked in the text: its person if known, else its words to match or create."""
        self._mention = (mention.start, mention.end)
        if mention.person_id is not None and self._store is not None:
            try:
                person = self._store.people.get_person(mention.person_id)
            except (StoreError, DatabaseProblem):
                person = None
            if person is not None:
                self._choose(SpeakerChoice(person=person, in_article=True))
                return
        self.line_edit.setText(mention.text)
        self._refresh(mention.text)
        self.line_edit.setFocus()

    def choose_row(self, row: int) -> None:
        choice = self.model.choice_at(row)
        if choice is not None:
            self._choose(choice)

    # ---- internals -----------------------------------------------------------------------------------------

    def _refresh(self, text: str) -> None:
        wanted = " ".join(text.split())
        candidates: list[SpeakerCandidate] = []
        if self._store is not None:
            try:
                candidates = self._store.people.find_speakers(
                    wanted, article_id=self._article_id, limit=DATABASE_MATCHES
                )
            except (StoreError, DatabaseProblem):
                candidates = []
        choices = [
            SpeakerChoice(person=c.person, in_article=c.in_article)
            if c.person is not None
            else SpeakerChoice(new_name=c.name, in_article=True)
            for c in candidates
        ]
        exact = any(fold_name(c.name) == fold_name(wanted) for c in candidates)
        if wanted and not exact:
            # a typed name nobody has yet: offer to create it, first when nothing else matches
            choices.append(SpeakerChoice(new_name=wanted))
        choices.append(SpeakerChoice())  # speaker unknown
        self.model.set_choices(choices)
        self.list_view.setCurrentIndex(self.model.index(0, 0))

    def _choose(self, choice: SpeakerChoice) -> None:
        mention = self._mention
        self.hide()
        self.speaker_chosen.emit(choice, mention)

    def _on_line_edit_text_edited(self, text: str) -> None:
        self._refresh(text)

    def _on_line_edit_return_pressed(self) -> None:
        current = self.list_view.currentIndex()
        self.choose_row(current.row() if current.isValid() else 0)

    def _on_line_edit_moved(self, step: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        row = max(0, min(count - 1, self.list_view.currentIndex().row() + step))
        self.list_view.setCurrentIndex(self.model.index(row, 0))

    def _on_list_view_activated(self, index: QModelIndex) -> None:
        choice = index.data(CHOICE_ROLE)
        if isinstance(choice, SpeakerChoice):
            self._choose(choice)
