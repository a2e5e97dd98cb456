"""The People view (Ctrl+3): every person who speaks across the archive, and one person's quotes.

Left, the people (ui/models/people_table.py): filter as you type, click a header to sort, the list pages in
as it scrolls. Right, the person under the cursor: description, aliases, gender (the editor's choice, the
pronouns' suggestion beside it), likely duplicates to merge or dismiss, and every quote of theirs across
articles. Enter on a person moves to their quotes; Enter on a quote opens it in its article.

Every change to a person is an operation (annotator/operations) handed to `run`, which the controller
(ui/controllers/people.py) puts on the editor's history: the view never writes to the store itself, apart
from dismissing a duplicate suggestion (a note about the suggestion, not a change to anyone).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.db.opening import DatabaseProblem
from annotator.operations import (
    MergePeople,
    Operation,
    Outcome,
    RenamePerson,
    SetPersonDescription,
    SetPersonGender,
    SplitPerson,
)
from annotator.people_archive import (
    GENDERS,
    PeopleFilter,
    PersonSummary,
    find_person,
    person_summary,
    suggest_gender,
)
from annotator.records import PersonRecord
from annotator.store import Store, StoreError
from ui.models.people_quotes import ARTICLE, WORDS, PersonQuotesModel
from ui.models.people_table import ALIASES, COLUMNS, DESCRIPTION, NAME, OUTLETS, PeopleTableModel
from ui.plain import plain_label
from ui.widgets.duplicate_people import DuplicatesPanel
from ui.widgets.fields import PlaceholderEdit
from ui.widgets.folding_row import FoldingRow
from ui.widgets.table_columns import FittedHeader, StretchedColumn, fit_columns

# Run an editor's decision; its outcome, or None when refused (the controller shows why)
RunOperation = Callable[[Operation[Any]], Outcome[Any] | None]
# Ask the editor for a line of text (title, question, prefilled); None when cancelled. Tests pass their own.
AskText = Callable[[str, str, str], str | None]

GENDER_CHOICES: tuple[tuple[str | None, str], ...] = ((None, "not recorded"), *((g, g) for g in GENDERS))
FILTER_GENDERS: tuple[tuple[str | None, str], ...] = (
    (None, "any gender"),
    *((g, g) for g in GENDERS),
    ("unknown", "not recorded"),
)
WORDS_ROOM = 36  # characters of a quote's words its row keeps before the table scrolls sideways
# Finding a person deep in a long list pages it in; beyond this many pages they are shown without a row
SELECT_PAGES_MAX = 20


def _counts_text(person: PersonSummary) -> str:
    """The person's line, e.g. 3 quotes (2 verified, 1 to check) in 2 outlets, 2024-01-12 to 2024-04-15. Articles
    without an outlet or a date (the seed articles have no date) leave that part out, never "0 outlets, ? to ?"."""
    text = f"{person.quotes} quote{'' if person.quotes == 1 else 's'} ({person.verified} verified, "
    text += f"{person.suggested} to check)"
    outlets = len(person.outlets)
    if outlets:
        text += f" in {outlets} outlet{'' if outlets == 1 else 's'}"
    first, last = (person.first_seen or "")[:10], (person.last_seen or "")[:10]
    if first or last:
        text += f", {first or last}" if first == last or not (first and last) else f", {first} to {last}"
    return text


class PeopleView(QWidget):
    quote_activated = Signal(int, int)  # article id, quote id
    problem = Signal(str)
    undo_kind = "people"  # Ctrl+Z here takes back decisions about people only (ui/undo.py)

    def __init__(
        self,
        store: Store,
        user: str,
        run: RunOperation,
        *,
        ask_text: AskText | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.user = user
        self._run = run
        self.ask_text = ask_text or self._ask_with_dialog
        self.current: PersonSummary | None = None
        self._showing_gender = False  # the combo is being filled in, not changed by the editor

        self.people_model = PeopleTableModel(store, self)
        self.quotes_model = PersonQuotesModel(store, self)
        self._build()
        self._connect()

    # ---- building --------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.filter_edit = PlaceholderEdit()
        self.filter_edit.setPlaceholderText("Filter people: name or alias")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter people")
        self.verified_check = QCheckBox("Verified quotes only")
        self.gender_filter = QComboBox()
        for value, label in FILTER_GENDERS:
            self.gender_filter.addItem(label, value)
        self.gender_filter.setAccessibleName("Filter by gender")
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)  # filter as the editor types, once they pause
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(120)  # moving down the list quickly reads only where it stops

        self.people_table = QTableView()
        self.people_table.setHorizontalHeader(FittedHeader(self.people_table))
        self.people_table.setModel(self.people_model)
        self.people_table.setAccessibleName("People")
        self.people_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people_table.verticalHeader().setVisible(False)
        self.people_table.horizontalHeader().setStretchLastSection(True)
        header = self.people_table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        fit_columns(self.people_table, long_text=(ALIASES, DESCRIPTION, OUTLETS))
        self.people_table.setWordWrap(False)

        self.name_label = plain_label()
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name_label.setFont(font)
        self.description_label = plain_label()
        self.aliases_label = plain_label()
        self.aliases_label.setWordWrap(True)
        self.counts_label = plain_label()
        self.gender_combo = QComboBox()
        for value, label in GENDER_CHOICES:
            self.gender_combo.addItem(label, value)
        self.gender_combo.setAccessibleName("Gender")
        self.gender_hint = plain_label()
        self.rename_button = QPushButton("Rename…")
        self.describe_button = QPushButton("Describe…")
        self.merge_button = QPushButton("Merge with…")
        self.merge_button.setToolTip("Another entry is the same person: their quotes and aliases move here")
        self.split_button = QPushButton("Split selected quotes off…")
        self.split_button.setToolTip("The selected quotes are someone else's: move them to another person")

        self.duplicates = DuplicatesPanel(self.store, self.user)

        self.quotes_table = QTableView()
        self.quotes_table.setModel(self.quotes_model)
        self.quotes_table.setAccessibleName("Quotes of this person")
        self.quotes_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.quotes_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.quotes_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.quotes_table.verticalHeader().setVisible(False)
        fit_columns(self.quotes_table, long_text=(ARTICLE,))
        StretchedColumn(self.quotes_table, WORDS, WORDS_ROOM)  # the words said take what the others leave
        self.quotes_table.setWordWrap(False)

        self.filters = FoldingRow([(self.filter_edit, 1)], [(self.verified_check, 0), (self.gender_filter, 0)])
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.people_table, 1)

        gender_row = QHBoxLayout()
        gender_row.addWidget(QLabel("Gender:"))
        gender_row.addWidget(self.gender_combo)
        gender_row.addWidget(self.gender_hint, 1)
        buttons = QHBoxLayout()
        for button in (self.rename_button, self.describe_button, self.merge_button, self.split_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.detail = QWidget()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(6, 0, 0, 0)
        detail_layout.addWidget(self.name_label)
        detail_layout.addWidget(self.description_label)
        detail_layout.addWidget(self.aliases_label)
        detail_layout.addWidget(self.counts_label)
        detail_layout.addLayout(gender_row)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.duplicates)
        detail_layout.addWidget(QLabel("Quotes across articles (Enter opens one in its article):"))
        detail_layout.addWidget(self.quotes_table, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([500, 900])  # the person's side holds the words said, the wider table
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._show_person(None)

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self._on_filter_return_pressed)
        self._filter_timer.timeout.connect(self.apply_filters)
        self.verified_check.toggled.connect(lambda _on: self.apply_filters())
        self.gender_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.people_table.selectionModel().currentRowChanged.connect(lambda *_: self._detail_timer.start())
        self._detail_timer.timeout.connect(self._show_current_row)
        self.people_table.activated.connect(self._on_person_activated)
        self.people_table.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        self.people_model.modelReset.connect(self._on_people_reset)
        self.people_model.load_failed.connect(self.problem)
        self.quotes_model.load_failed.connect(self.problem)
        self.quotes_table.activated.connect(self._on_quote_activated)
        self.gender_combo.currentIndexChanged.connect(self._on_gender_chosen)
        self.rename_button.clicked.connect(self.ask_rename)
        self.describe_button.clicked.connect(self.ask_description)
        self.merge_button.clicked.connect(self.ask_merge)
        self.split_button.clicked.connect(self.ask_split)
        self.duplicates.merge_chosen.connect(self.merge)
        self.duplicates.dismissed.connect(self._show_current_row)
        self.duplicates.problem.connect(self.problem)

    # ---- reading -----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the people again (after an undo, a merge, an import), keeping the person shown if still there."""
        shown = self.current.person_id if self.current else None
        self.people_model.reload()
        if shown is not None:
            self.select_person(shown)

    def take_focus(self) -> None:
        self.people_table.setFocus()
        if self.people_table.currentIndex().row() < 0 and self.people_model.rowCount():
            self.people_table.selectRow(0)

    def apply_filters(self) -> None:
        self._filter_timer.stop()
        self.people_model.set_filters(
            PeopleFilter(
                text=self.filter_edit.text().strip() or None,
                verified_only=self.verified_check.isChecked(),
                gender=self.gender_filter.currentData(),
            )
        )

    def select_person(self, person_id: int) -> bool:
        """Put the cursor on a person (paging in until found) and show them; False when not listed."""
        row = self.people_model.row_of(person_id)
        for _ in range(SELECT_PAGES_MAX):
            if row is not None or not self.people_model.canFetchMore():
                break
            self.people_model.fetchMore()
            row = self.people_model.row_of(person_id)
        if row is None:
            self._show_person(self._summary(person_id))
            return False
        self.people_table.selectRow(row)
        self._show_current_row()
        return True

    def _summary(self, person_id: int) -> PersonSummary | None:
        try:
            return person_summary(self.store, person_id)
        except (StoreError, DatabaseProblem):
            return None

    def _show_current_row(self) -> None:
        self._detail_timer.stop()
        row = self.people_table.currentIndex().row()
        listed = self.people_model.person_at(row)
        # the row may be a page old: read the person again so a change made elsewhere shows
        self._show_person(self._summary(listed.person_id) if listed is not None else None)

    def _show_person(self, person: PersonSummary | None) -> None:
        self.current = person
        for widget in (self.rename_button, self.describe_button, self.merge_button, self.split_button):
            widget.setEnabled(person is not None)
        self.gender_combo.setEnabled(person is not None)
        if person is None:
            name, hint = self._nobody_shown()
            self.name_label.setText(name)
            self.description_label.setText(hint)
            for label in (self.aliases_label, self.counts_label, self.gender_hint):
                label.setText("")
            self.quotes_model.set_person(None)
            self.duplicates.show_for(None)
            return
        self.name_label.setText(person.name)
        self.description_label.setText(person.description or "No description (Describe… adds one: “Meta CEO”)")
        self.aliases_label.setText(f"Also written: {', '.join(person.aliases)}" if person.aliases else "No aliases")
        self.counts_label.setText(_counts_text(person))
        self._showing_gender = True
        self.gender_combo.setCurrentIndex(max(0, self.gender_combo.findData(person.gender)))
        self._showing_gender = False
        try:
            suggestion = suggest_gender(self.store, person.person_id)
        except (StoreError, DatabaseProblem) as exc:
            self.problem.emit(str(exc))
            suggestion = None
        if suggestion is not None and suggestion.gender and suggestion.gender != person.gender:
            evidence = ", ".join(f"{k} {v}" for k, v in sorted(suggestion.evidence.items()))
            self.gender_hint.setText(f"suggested: {suggestion.gender} (pronouns and titles: {evidence})")
        else:
            self.gender_hint.setText("")
        self.quotes_model.set_person(person.person_id)
        self.duplicates.show_for(person.person_id)

    def _nobody_shown(self) -> tuple[str, str]:
        """What the person's side says with no one chosen: why the list is empty, when it is."""
        if self.people_model.rowCount():
            return "Choose a person on the left", ""
        if self.people_model.filters != PeopleFilter():
            return "No one matches the filter", "Clear the filter and the choices beside it to see everyone."
        if self.people_model.sort_name == "verified":  # that order lists only people with a verified quote
            return "No one with a verified quote yet", "Sort by another column to see everyone."
        return "No people yet", "A speaker is listed here once one of their quotes is confirmed (Ctrl+1: the articles)."

    # ---- the editor's changes ------------------------------------------------------------------------------

    def run(self, operation: Operation[Any], *, show_result: bool = False) -> bool:
        """Run a change through the history, then show the list again with the same person (or, with
        `show_result`, the person the operation returns: the one a split created)."""
        outcome = self._run(operation)
        if outcome is None:
            return False
        shown = self.current.person_id if self.current else None
        if show_result and isinstance(outcome.result, PersonRecord):
            shown = outcome.result.id
        self.people_model.reload()
        if shown is not None:
            self.select_person(shown)
        return True

    def ask_rename(self) -> None:
        if self.current is None:
            return
        name = self.ask_text("Rename", f"The right name for {self.current.name}:", self.current.name)
        if name and name.strip() and name.strip() != self.current.name:
            self.run(RenamePerson(self.current.person_id, name.strip()))

    def ask_description(self) -> None:
        if self.current is None:
            return
        text = self.ask_text(
            "Describe",
            f"A short description of {self.current.name} (“Meta CEO”); empty clears it:",
            self.current.description or "",
        )
        if text is not None and (text.strip() or None) != self.current.description:
            self.run(SetPersonDescription(self.current.person_id, text))

    def ask_merge(self) -> None:
        if self.current is None:
            return
        text = self.ask_text(
            "Merge", f"Who else is {self.current.name}? Their name, an alias or their person number:", ""
        )
        if not text or not text.strip():
            return
        try:
            other = find_person(self.store, text)
        except (StoreError, DatabaseProblem) as exc:
            self.problem.emit(str(exc))
            return
        self.merge(other)

    def merge(self, other_id: int) -> bool:
        """`other_id` is the person shown: their quotes and aliases move here and the entry goes."""
        if self.current is None:
            return False
        if other_id == self.current.person_id:
            self.problem.emit("That is this very person: choose another one to merge.")
            return False
        return self.run(MergePeople(self.current.person_id, other_id))

    def ask_split(self) -> None:
        if self.current is None:
            return
        ids = self.selected_quote_ids()
        if not ids:
            self.problem.emit("Select the quotes that belong to someone else first (Shift or Ctrl with the arrows).")
            return
        name = self.ask_text("Split off", f"Whose are the {len(ids)} selected quotes? A new or existing name:", "")
        if name and name.strip():
            self.split(ids, name.strip())

    def split(self, quote_ids: tuple[int, ...], name: str) -> bool:
        if self.current is None:
            return False
        return self.run(SplitPerson(self.current.person_id, name, quote_ids), show_result=True)

    def selected_quote_ids(self) -> tuple[int, ...]:
        rows = sorted({index.row() for index in self.quotes_table.selectionModel().selectedRows()})
        return tuple(q.quote_id for row in rows if (q := self.quotes_model.quote_at(row)) is not None)

    def _on_gender_chosen(self, _index: int) -> None:
        if self._showing_gender or self.current is None:
            return
        chosen = self.gender_combo.currentData()
        if chosen != self.current.gender:
            self.run(SetPersonGender(self.current.person_id, chosen))

    # ---- slots ---------------------------------------------------------------------------------------------

    def _on_filter_return_pressed(self) -> None:
        self.apply_filters()
        self.take_focus()

    def _on_people_reset(self) -> None:
        header = self.people_table.horizontalHeader()
        column = self.people_model.sort_column()
        order = Qt.SortOrder.DescendingOrder if self.people_model.descending else Qt.SortOrder.AscendingOrder
        if header.sortIndicatorSection() != column or header.sortIndicatorOrder() != order:
            header.blockSignals(True)  # the indicator follows the model; it must not sort again
            header.setSortIndicator(column, order)
            header.blockSignals(False)
        self._detail_timer.start()

    def _on_header_clicked(self, column: int) -> None:
        """Sort by the column clicked (the core sorts): counts and dates most first, names A to Z; a second
        click turns the order round. Columns the core cannot sort by leave the order as it is."""
        model = self.people_model
        if COLUMNS[column][0] is None:
            self._on_people_reset()  # put the indicator back where the order is
            return
        descending = not model.descending if column == model.sort_column() else column != NAME
        model.sort(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    def _on_person_activated(self, index: QModelIndex) -> None:
        """Enter on a person: show them now and move to their quotes."""
        self.people_table.setCurrentIndex(index)
        self._show_current_row()
        self.quotes_table.setFocus()
        if self.quotes_model.rowCount() and self.quotes_table.currentIndex().row() < 0:
            self.quotes_table.setCurrentIndex(self.quotes_model.index(0, 0))
            self.quotes_table.selectRow(0)

    def _on_quote_activated(self, index: QModelIndex) -> None:
        quote = self.quotes_model.quote_at(index.row())
        if quote is not None:
            self.quote_activated.emit(quote.article_id, quote.quote_id)

    def _ask_with_dialog(self, title: str, question: str, text: str) -> str | None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(question)
        dialog.setTextValue(text)
        for label in dialog.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)  # the question holds a name from an article
        accepted = dialog.exec() == QInputDialog.DialogCode.Accepted
        answer = dialog.textValue()
        dialog.deleteLater()
        return answer if accepted else None
