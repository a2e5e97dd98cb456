"""The quotes of the open article: a list (status colour, the words said, speaker, kind, venue, confidence) and
the details of the selected one: every piece in full, what the clean-quote check flags, and the fields where
kind, venue and note are edited. Decisions themselves are the window's actions."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QListView,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.records import QUOTE_KINDS, QuoteRecord
from ui.models.quote_list import (
    ARTICLE_ORDER,
    ATTRIBUTION_ROLE,
    CONFIDENCE_ORDER,
    PROBLEMS_ROLE,
    QUOTE_ROLE,
    WORDS_ROLE,
    QuoteListModel,
)
from ui.plain import plain_label
from ui.theme import PROBLEM_COLOUR, STATUS_COLOURS, STATUS_LABELS, SWITCH_ON_BACKGROUND, SWITCH_ON_TEXT
from ui.widgets.fields import FieldLineEdit
from ui.widgets.speaker_picker import SpeakerPicker

Index = QModelIndex | QPersistentModelIndex


def _review_text(quote: QuoteRecord) -> str:
    """What a colleague's review said, so an editor sees why a quote came back."""
    if quote.review_status == "accepted":
        return f"accepted by {quote.reviewed_by}" if quote.reviewed_by else "accepted"
    if quote.review_status == "rejected":
        who = f" by {quote.reviewed_by}" if quote.reviewed_by else ""
        return f"sent back{who}: {quote.review_comment}" if quote.review_comment else f"sent back{who}"
    if quote.review_status == "pending":
        return "waiting for a second reviewer"
    return "—"


def _two_lines(text: str, metrics: QFontMetrics, first_width: int, width: int) -> tuple[str, str]:
    """Wrap at a word for the first line; the second line takes the rest, elided."""
    words = text.split(" ")
    taken = 0
    while taken < len(words) and metrics.horizontalAdvance(" ".join(words[: taken + 1])) <= first_width:
        taken += 1
    if taken == 0:  # one very long word
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, first_width), ""
    rest = " ".join(words[taken:])
    return " ".join(words[:taken]), metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)


FLAG = "⚠"
TRIM_HINT = "' trims the pieces to their quote marks"


SORT_LABEL = "Least confident first"  # the menu's words are too long for the header
SORTED_MARK = "✓"
# The sort control reads as a switch: an outline while the list is in article order, filled with a tick while
# it is sorted by confidence (a raised button's pressed look was too faint to tell the order by)
SORT_BUTTON_STYLE = f"""
QToolButton#quoteSort {{ border: 1px solid #cfd5dc; border-radius: 4px; padding: 2px 8px; background: #ffffff; }}
QToolButton#quoteSort:checked {{ border-color: {SWITCH_ON_BACKGROUND}; background: {SWITCH_ON_BACKGROUND};
    color: {SWITCH_ON_TEXT}; }}
"""


def pieces_text(words: list[str], current: int) -> str:
    """Every piece in full, numbered when there are several, the one the bounds keys act on marked."""
    if len(words) == 1:
        return words[0]
    return "\n".join(f"{'▸' if i == current else ' '} {i + 1}. {w}" for i, w in enumerate(words))


def _width(row: QHBoxLayout, widgets: tuple[QWidget, ...]) -> int:
    """What a row needs to show every widget whole."""
    return sum(w.sizeHint().width() for w in widgets) + row.spacing() * (len(widgets) - 1)


def _fold(widget: QWidget, row: QHBoxLayout, line: QHBoxLayout, fits: bool, alignment: Qt.AlignmentFlag) -> None:
    """Put `widget` at the end of its row when it fits there (before the row's closing stretch), else alone on
    `line` under it."""
    if (row if fits else line).indexOf(widget) >= 0:
        return
    (line if fits else row).removeWidget(widget)
    if fits:
        last = row.itemAt(row.count() - 1)
        closing_stretch = last is not None and last.spacerItem() is not None
        row.insertWidget(row.count() - 1 if closing_stretch else row.count(), widget)
    else:
        line.addWidget(widget, 0, alignment)


class QuoteDelegate(QStyledItemDelegate):
    """Paints a quote as a card: a status bar on the left, two lines of the quote, then who and how."""

    PADDING = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        quote = index.data(QUOTE_ROLE)
        lines = 4 if isinstance(quote, QuoteRecord) and quote.venue else 3
        return QSize(200, lines * metrics.lineSpacing() + 2 * self.PADDING + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        quote = index.data(QUOTE_ROLE)
        if not isinstance(quote, QuoteRecord):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        state = option.state
        font: QFont = option.font
        painter.save()
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, QColor("#dbe8fb" if selected else "#ffffff"))
        painter.setPen(QPen(QColor("#eceef1")))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        colour = QColor(STATUS_COLOURS.get(quote.status, "#3b4252"))
        painter.fillRect(QRect(rect.left(), rect.top() + 4, 4, rect.height() - 8), colour)

        metrics = QFontMetrics(font)
        line = metrics.lineSpacing()
        left = rect.left() + self.PADDING + 6
        width = rect.width() - 2 * self.PADDING - 6
        top = rect.top() + self.PADDING

        status = STATUS_LABELS.get(quote.status, quote.status)
        bold = QFont(font)
        bold.setBold(True)
        status_width = QFontMetrics(bold).horizontalAdvance(status) + 4
        painter.setFont(bold)
        painter.setPen(colour)
        painter.drawText(
            QRect(left + width - status_width, top, status_width, line), Qt.AlignmentFlag.AlignRight, status
        )

        painter.setFont(font)
        painter.setPen(QColor("#8a8f98" if quote.status == "rejected" else "#1f2933"))
        words = str(index.data(WORDS_ROLE) or quote.text)
        if index.data(PROBLEMS_ROLE):
            words = f"{FLAG} {words}"  # the details say what; the whole quote is there too
        first, rest = _two_lines(words, metrics, width - status_width - 6, width)
        painter.drawText(QRect(left, top, width - status_width - 6, line), 0, first)
        painter.drawText(QRect(left, top + line, width, line), 0, rest)

        who, how = index.data(ATTRIBUTION_ROLE)
        painter.setFont(bold)
        painter.setPen(QColor("#1c4fb8" if quote.speaker else "#b3261e"))
        who_width = min(QFontMetrics(bold).horizontalAdvance(who) + 8, width // 2)
        painter.drawText(
            QRect(left, top + 2 * line, who_width, line),
            0,
            QFontMetrics(bold).elidedText(who, Qt.TextElideMode.ElideRight, who_width),
        )
        painter.setFont(font)
        painter.setPen(QColor("#5b6470"))
        painter.drawText(
            QRect(left + who_width, top + 2 * line, width - who_width, line),
            0,
            metrics.elidedText(how, Qt.TextElideMode.ElideRight, width - who_width),
        )
        if quote.venue:
            painter.drawText(
                QRect(left, top + 3 * line, width, line),
                0,
                metrics.elidedText(f"venue: {quote.venue}", Qt.TextElideMode.ElideRight, width),
            )
        painter.restore()


class QuotePanel(QWidget):
    current_quote_changed = Signal(object)  # QuoteRecord or None
    kind_chosen = Signal(str)
    venue_edited = Signal(str)
    note_edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QuoteListModel(self)
        self._empty_hint = ""

        self.pane_title = plain_label("QUOTES")
        self.pane_title.setObjectName("paneTitle")
        self.count_label = plain_label()
        self.count_label.setObjectName("paneTitle")
        self.sort_button = QToolButton()  # the list's sort control: shows the View menu's toggle
        self.sort_button.setObjectName("quoteSort")
        self.sort_button.setStyleSheet(SORT_BUTTON_STYLE)
        self.header = QHBoxLayout()
        self.header.addWidget(self.pane_title)
        self.header.addStretch(1)
        self.header.addWidget(self.count_label)
        self.header.addWidget(self.sort_button)
        self.sort_line = QHBoxLayout()  # the sort switch when the header has no room for it

        self.list_view = QListView()
        self.list_view.setModel(self.model)
        self.list_view.setItemDelegate(QuoteDelegate(self.list_view))
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list_view.setMouseTracking(True)

        self.details = QFrame()
        self.details.setObjectName("quoteDetails")
        form = QFormLayout(self.details)
        form.setContentsMargins(10, 8, 10, 8)
        self.speaker_label = plain_label()
        self.speaker_label.setTextFormat(Qt.TextFormat.PlainText)
        self.speaker_label.setWordWrap(True)
        self.speaker_button = QToolButton()
        self.confirm_button = QToolButton()
        self.reject_button = QToolButton()
        for button in (self.speaker_button, self.confirm_button, self.reject_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.kind_combo = QComboBox()
        self.kind_combo.addItems(list(QUOTE_KINDS))
        self.kind_combo.setToolTip("Direct, partial or indirect quote (T cycles)")
        self.venue_edit = FieldLineEdit()
        self.venue_edit.setPlaceholderText("where it was said, e.g. told journalists (V)")
        self.note_edit = FieldLineEdit()
        self.note_edit.setPlaceholderText("a note for colleagues (C)")
        self.pieces_label = plain_label()
        self.pieces_label.setObjectName("quotePieces")
        self.pieces_label.setTextFormat(Qt.TextFormat.PlainText)  # the article's words
        self.pieces_label.setWordWrap(True)
        self.pieces_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pieces_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # beside "Quote"
        self.pieces_scroll = QScrollArea()  # a long quote scrolls here, never cut
        self.pieces_scroll.setWidget(self.pieces_label)
        self.pieces_scroll.setWidgetResizable(True)
        self.pieces_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.pieces_scroll.viewport().setAutoFillBackground(False)  # the card's white, not a grey box
        self.pieces_label.setAutoFillBackground(False)  # (setWidget turned it on)
        self.pieces_scroll.setMaximumHeight(9 * self.fontMetrics().lineSpacing())
        self.problems_label = plain_label()
        self.problems_label.setObjectName("quoteProblems")
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        self._current_piece = 0
        self.cue_label = plain_label()
        self.cue_label.setTextFormat(Qt.TextFormat.PlainText)
        self.cue_label.setObjectName("articleMeta")
        self.decide_row = QHBoxLayout()
        self.decide_row.addWidget(self.confirm_button)
        self.decide_row.addWidget(self.reject_button)
        self.decide_row.addWidget(self.speaker_button)
        self.decide_row.addStretch(1)
        self.speaker_line = QHBoxLayout()  # Change speaker when the row has no room for it
        form.addRow(plain_label("Quote"), self.pieces_scroll)
        form.addRow(plain_label("Check"), self.problems_label)
        form.addRow(plain_label("Speaker"), self.speaker_label)
        form.addRow(plain_label("Cue"), self.cue_label)
        form.addRow(plain_label("Kind"), self.kind_combo)
        form.addRow(plain_label("Venue"), self.venue_edit)
        form.addRow(plain_label("Note"), self.note_edit)
        self.review_label = plain_label()
        self.review_label.setTextFormat(Qt.TextFormat.PlainText)  # a colleague's comment is free text
        self.review_label.setWordWrap(True)
        form.addRow(plain_label("Review"), self.review_label)
        form.addRow(self.decide_row)
        form.addRow(self.speaker_line)

        self.speaker_picker = SpeakerPicker()
        self.empty_label = plain_label()
        self.empty_label.setObjectName("articleMeta")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(self.header)
        layout.addLayout(self.sort_line)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.speaker_picker)
        layout.addWidget(self.details)

        self.list_view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.kind_combo.activated.connect(self._on_kind_combo_activated)
        self.venue_edit.editingFinished.connect(self._on_venue_edit_editing_finished)
        self.note_edit.editingFinished.connect(self._on_note_edit_editing_finished)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        self.model.dataChanged.connect(self._update_count)
        self._show_details(None)
        self._update_count()

    def set_actions(
        self,
        *,
        confirm: QAction,
        reject: QAction,
        change_speaker: QAction,
        more: list[QAction],
        sort_by_confidence: QAction | None = None,
    ) -> None:
        if sort_by_confidence is not None:
            self.sort_button.setDefaultAction(sort_by_confidence)
            sort_by_confidence.toggled.connect(self.sort_by_confidence)
            sort_by_confidence.toggled.connect(self._show_sort_state)
            self._show_sort_state(sort_by_confidence.isChecked())
        self.confirm_button.setDefaultAction(confirm)
        self.reject_button.setDefaultAction(reject)
        self.speaker_button.setDefaultAction(change_speaker)
        # right-click on a quote offers the same actions as the Review and Edit menus
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.list_view.addActions([confirm, reject, change_speaker, *more])

    # ---- content -------------------------------------------------------------------------------------------

    @property
    def current_quote(self) -> QuoteRecord | None:
        index = self.list_view.currentIndex()
        quote = index.data(QUOTE_ROLE) if index.isValid() else None
        return quote if isinstance(quote, QuoteRecord) else None

    def set_article_text(self, text: str) -> None:
        """The open article's text: the card shows the pieces' words and the clean-quote check from it."""
        self.model.set_article_text(text)
        self._show_details(self.current_quote)

    def set_current_piece(self, piece: int) -> None:
        self._current_piece = piece
        self._show_pieces(self.current_quote)

    def _show_pieces(self, quote: QuoteRecord | None) -> None:
        text = self.model.text
        if quote is None:
            self.pieces_label.setText("")
            self.problems_label.setText("")
            return
        stretches = quote.pieces or ((quote.start, quote.end),)
        words = [" ".join(text[s:e].split()) if text else quote.text for s, e in stretches]
        self.pieces_label.setText(pieces_text(words, self._current_piece))
        problems = self.model.problems(quote)
        lines = []
        for problem in problems:
            which = next((i for i, p in enumerate(stretches) if p == (problem.start, problem.end)), 0)
            where = f"piece {which + 1}: " if len(stretches) > 1 else ""
            lines.append(f"{FLAG} {where}{problem.message}")
        if problems:
            lines.append(TRIM_HINT)
        self.problems_label.setText("\n".join(lines) if lines else "clean: the pieces are the words said")
        self.problems_label.setStyleSheet(f"color: {PROBLEM_COLOUR if problems else '#2f7d32'};")

    def set_quotes(self, quotes: list[QuoteRecord]) -> None:
        self.model.set_quotes(quotes)
        self._show_details(None)
        self.current_quote_changed.emit(None)

    def sort_by_confidence(self, on: bool) -> None:
        """Least confident quote first (or back to article order), keeping the selected quote selected."""
        was_current = self.current_quote
        self.model.set_order(CONFIDENCE_ORDER if on else ARTICLE_ORDER)
        if was_current is not None:
            self.select_uid(was_current.uid)
        else:
            self._show_details(None)

    def _show_sort_state(self, on: bool) -> None:
        action = self.sort_button.defaultAction()
        if action is not None:
            action.setIconText(f"{SORTED_MARK} {SORT_LABEL}" if on else SORT_LABEL)
        self._fold_lines()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fold_lines()

    def _fold_lines(self) -> None:
        """In a narrow panel the sort switch and Change speaker go onto a line of their own under their row
        rather than being cut to "Least … first" and "Cha…ker"."""
        outer, inner = self.layout(), self.details.layout()
        if outer is None or inner is None:
            return
        room = self.width() - outer.contentsMargins().left() - outer.contentsMargins().right()
        # measured as when on, so that turning the switch on or off never moves it
        on = self.sort_button.isChecked()
        mark = 0 if on else self.sort_button.fontMetrics().horizontalAdvance(f"{SORTED_MARK} ")
        header = (self.pane_title, self.count_label, self.sort_button)
        fits = room >= _width(self.header, header) + mark
        _fold(self.sort_button, self.header, self.sort_line, fits, Qt.AlignmentFlag.AlignRight)
        decide = (self.confirm_button, self.reject_button, self.speaker_button)
        room -= inner.contentsMargins().left() + inner.contentsMargins().right() + 2 * self.details.frameWidth()
        fits = room >= _width(self.decide_row, decide)
        _fold(self.speaker_button, self.decide_row, self.speaker_line, fits, Qt.AlignmentFlag.AlignLeft)

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.list_view.setCurrentIndex(index)
            self.list_view.scrollTo(index)

    def select_quote(self, quote_id: int) -> None:
        row = self.model.row_of(quote_id)
        if row is not None:
            self.select_row(row)

    def select_uid(self, uid: str) -> None:
        row = self.model.row_of_uid(uid)
        if row is not None:
            self.select_row(row)

    def step(self, offset: int) -> None:
        """Next (+1) or previous (-1) quote; with none selected, the first quote still to check."""
        count = self.model.rowCount()
        if not count:
            return
        current = self.list_view.currentIndex()
        if not current.isValid():
            quotes = self.model.quotes
            pending = [r for r, q in enumerate(quotes) if q.status == "suggested"]
            self.select_row(pending[0] if pending else (0 if offset > 0 else count - 1))
            return
        self.select_row(max(0, min(count - 1, current.row() + offset)))

    def put_quote(self, record: QuoteRecord) -> None:
        """Show a quote's new state, keeping it selected if it was."""
        was_current = self.current_quote
        row = self.model.put_quote(record)
        if was_current is not None and was_current.uid == record.uid:
            self.select_row(row)
            self._show_details(record)
            self.current_quote_changed.emit(record)

    def remove_uid(self, uid: str) -> None:
        was_current = self.current_quote
        self.model.remove_uid(uid)
        if was_current is not None and was_current.uid == uid:
            self.list_view.clearSelection()
            self.list_view.setCurrentIndex(QModelIndex())
            self._show_details(None)
            self.current_quote_changed.emit(None)

    # ---- internals -----------------------------------------------------------------------------------------

    def set_empty_hint(self, text: str) -> None:
        """What to say while the article has no quotes (not pre-annotated yet, or none found)."""
        self._empty_hint = text
        self._update_count()

    def _update_count(self, *_: object) -> None:
        to_check, total = self.model.counts()
        self.count_label.setText(f"{to_check} to check / {total}")
        self.empty_label.setText(self._empty_hint)
        self.empty_label.setVisible(total == 0 and bool(self._empty_hint))

    def _show_details(self, quote: QuoteRecord | None) -> None:
        self.details.setEnabled(quote is not None)
        self._show_pieces(quote)
        if quote is None:
            self.speaker_label.setText("—")
            self.cue_label.setText("")
            self.review_label.setText("")
            self.venue_edit.setText("")
            self.note_edit.setText("")
            return
        speaker = quote.speaker or "unknown"
        if quote.speaker_text and quote.speaker_text != speaker:
            speaker += f"  (as “{quote.speaker_text}”)"
        self.speaker_label.setText(speaker)
        self.cue_label.setText(quote.cue_text or "—")
        self.review_label.setText(_review_text(quote))
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentText(quote.kind)
        self.kind_combo.blockSignals(False)
        if not self.venue_edit.hasFocus():
            self.venue_edit.setText(quote.venue or "")
        if not self.note_edit.hasFocus():
            self.note_edit.setText(quote.note or "")

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        quote = self.current_quote
        self._show_details(quote)
        self.current_quote_changed.emit(quote)

    def _on_kind_combo_activated(self, _index: int) -> None:
        quote = self.current_quote
        if quote is not None and self.kind_combo.currentText() != quote.kind:
            self.kind_chosen.emit(self.kind_combo.currentText())

    def _on_venue_edit_editing_finished(self) -> None:
        quote = self.current_quote
        text = self.venue_edit.text().strip()
        if quote is not None and text != (quote.venue or ""):
            self.venue_edited.emit(text)

    def _on_note_edit_editing_finished(self) -> None:
        quote = self.current_quote
        text = self.note_edit.text().strip()
        if quote is not None and text != (quote.note or ""):
            self.note_edited.emit(text)
