"""The article as read-only plain text with highlight layers: entities, quotes (their pieces, the writer's words
of their content lighter), quoted phrases, and the selected quote with its piece at hand, speaker, cue and venue.

The text goes in with setPlainText (never HTML: an article may contain anything). Highlights are
ExtraSelections, so they never change the document; each layer's selections are built once per change of its
data and re-combined cheaply when the editor moves between quotes. What each layer paints is decided in
ui/widgets/highlights.py as code-point spans; they go through ui.text_positions at this border.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QMouseEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QTextEdit, QVBoxLayout, QWidget

from annotator.records import QUOTED_PHRASE_LABEL, ArticleRecord, MentionRecord, QuoteRecord
from ui import theme
from ui.plain import plain_label, trusted_rich_label
from ui.text_positions import PositionMap
from ui.theme import reading_font
from ui.widgets import highlights

LAYERS = ("entities", "quotes", "attribution")
# painted in this order, later over earlier; phrases show and hide with the quotes
_PAINT_ORDER = (("phrases", "quotes"), ("quotes", "quotes"), ("entities", "entities"), ("attribution", "attribution"))


def _order(quote: QuoteRecord) -> tuple[int, int, int]:
    return (quote.start, quote.end, quote.id)


def _display_text(text: str) -> str:
    # QTextDocument folds "\r\n" into one paragraph break, which would shift every offset after it; a CR
    # shown as a space keeps one position per code point.
    return text.replace("\r", " ")


class ArticleTextEdit(QTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleText")
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFont(reading_font())
        self.document().setDocumentMargin(18)
        self.extra_actions: list[QAction] = []  # the window's Q and B, offered next to Copy

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.extra_actions:
            menu.addSeparator()
            menu.addActions(self.extra_actions)
        menu.exec(event.globalPos())
        menu.deleteLater()


class ArticleView(QWidget):
    quote_clicked = Signal(int)  # quote id
    mention_clicked = Signal(object)  # MentionRecord, only while picking a speaker

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._article: ArticleRecord | None = None
        self._positions = PositionMap("")
        self._mentions: list[MentionRecord] = []
        self._phrases: list[MentionRecord] = []
        self._quotes: list[QuoteRecord] = []
        self._selected: QuoteRecord | None = None
        self._current_piece = 0
        self._visible = dict.fromkeys(LAYERS, True)
        self._layer_selections: dict[str, list[QTextEdit.ExtraSelection]] = {name: [] for name, _ in _PAINT_ORDER}
        self._quote_selection_lists: list[list[QTextEdit.ExtraSelection]] = []  # one list per quote, in order
        self._picking = False
        self._quote_formats = highlights.QuoteFormats()
        self._find_selections: list[QTextEdit.ExtraSelection] = []  # ui/widgets/find_bar.py's matches

        self.title_label = plain_label()
        self.title_label.setObjectName("articleTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        self.meta_label = plain_label()
        self.meta_label.setObjectName("articleMeta")
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_edit = ArticleTextEdit()
        self.text_edit.viewport().installEventFilter(self)
        self.legend = self._make_legend()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.meta_label)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.legend)
        self.set_article(None)

    # ---- content -------------------------------------------------------------------------------------------

    @property
    def article(self) -> ArticleRecord | None:
        return self._article

    @property
    def positions(self) -> PositionMap:
        return self._positions

    def set_article(
        self,
        article: ArticleRecord | None,
        mentions: Sequence[MentionRecord] = (),
        quotes: Sequence[QuoteRecord] = (),
    ) -> None:
        self._article = article
        self._selected = None
        if article is None:
            self.title_label.setText("No article open")
            self.meta_label.setText("Pick an article on the left, or import some (File › Import, Ctrl+O).")
            self._positions = PositionMap("")
            self.text_edit.clear()
            self._mentions, self._phrases, self._quotes = [], [], []
            self._rebuild_all()
            return
        self.title_label.setText(article.title)
        meta = [article.outlet, (article.published or "")[:10] or None, article.author]
        self.meta_label.setText("  ·  ".join(part for part in meta if part))
        self._positions = PositionMap(article.text)
        self.text_edit.setPlainText(_display_text(article.text))
        self._set_paragraph_spacing()
        self._phrases = highlights.phrases(mentions)
        self._mentions = [m for m in mentions if m.label != QUOTED_PHRASE_LABEL]  # entities
        self._quotes = sorted(quotes, key=_order)
        self._rebuild_all()
        self.text_edit.verticalScrollBar().setValue(0)

    def set_quotes(self, quotes: Sequence[QuoteRecord]) -> None:
        """The quotes changed (a decision, an undo): redraw the quote layer and the selected quote."""
        self._quotes = sorted(quotes, key=_order)
        if self._selected is not None:
            self._selected = next((q for q in self._quotes if q.uid == self._selected.uid), None)
        self._rebuild_quotes()
        self._layer_selections["attribution"] = self._attribution_selections()
        self._apply()

    def put_quote(self, record: QuoteRecord) -> None:
        """One quote changed (a decision): redraw only its highlight when its span stayed where it was."""
        for row, quote in enumerate(self._quotes):
            if quote.uid == record.uid and (quote.start, quote.end) == (record.start, record.end):
                self._quotes[row] = record
                self._quote_selection_lists[row] = self._quote_selection(record)
                self._layer_selections["quotes"] = [s for each in self._quote_selection_lists for s in each]
                if self._selected is not None and self._selected.uid == record.uid:
                    self._selected = record
                    self._layer_selections["attribution"] = self._attribution_selections()
                self._apply()
                return
        self.set_quotes(sorted([*(q for q in self._quotes if q.uid != record.uid), record], key=_order))

    def remove_quote(self, uid: str) -> None:
        self.set_quotes([q for q in self._quotes if q.uid != uid])

    def set_selected_quote(self, quote: QuoteRecord | None, *, scroll: bool = True, piece: int = 0) -> None:
        self._selected = quote
        self._current_piece = piece
        self._layer_selections["attribution"] = self._attribution_selections()
        self._apply()
        if quote is not None and scroll:
            self.scroll_to(quote.start, quote.end)

    def set_current_piece(self, piece: int) -> None:
        """The piece of the selected quote the bounds keys act on: underlined."""
        self._current_piece = piece
        self._layer_selections["attribution"] = self._attribution_selections()
        self._apply()
        quote = self._selected
        if quote is not None and 0 <= piece < len(highlights.pieces_of(quote)):
            self.scroll_to(*highlights.pieces_of(quote)[piece])

    @property
    def current_piece(self) -> int:
        return self._current_piece

    @property
    def shown_phrases(self) -> list[MentionRecord]:
        return list(self._phrases)

    def set_layer_visible(self, layer: str, visible: bool) -> None:
        self._visible[layer] = visible
        self._apply()

    def is_layer_visible(self, layer: str) -> bool:
        return self._visible[layer]

    def set_picking_mention(self, picking: bool) -> None:
        """While the speaker picker is open, a click on a name in the text picks that mention."""
        self._picking = picking
        cursor = Qt.CursorShape.PointingHandCursor if picking else Qt.CursorShape.IBeamCursor
        self.text_edit.viewport().setCursor(cursor)

    # ---- positions -----------------------------------------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        """The editor's text selection in code points, or None."""
        cursor = self.text_edit.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._positions.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        return (start, end) if start < end else None

    def select_span(self, start: int, end: int) -> None:
        """Select code points start..end in the text (tests and "find" use it)."""
        cursor = QTextCursor(self.text_edit.document())
        cursor.setPosition(self._positions.to_qt(start))
        cursor.setPosition(self._positions.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.text_edit.setTextCursor(cursor)

    def qt_cursor_for_span(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.text_edit.document())
        qt_start, qt_end = self._positions.span_to_qt(start, end)
        limit = self.text_edit.document().characterCount() - 1
        cursor.setPosition(min(qt_start, limit))
        cursor.setPosition(min(qt_end, limit), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def scroll_to(self, start: int, end: int | None = None) -> None:
        """Bring code points start..end into view (start a third from the top) without moving the selection."""
        limit = self.text_edit.document().characterCount() - 1
        first = QTextCursor(self.text_edit.document())
        first.setPosition(min(self._positions.to_qt(start), limit))
        last = QTextCursor(self.text_edit.document())
        last.setPosition(min(self._positions.to_qt(end if end is not None else start), limit))
        top = self.text_edit.cursorRect(first).top()
        bottom = self.text_edit.cursorRect(last).bottom()
        height = self.text_edit.viewport().height()
        if top < 0 or bottom > height:
            bar = self.text_edit.verticalScrollBar()
            bar.setValue(bar.value() + top - height // 3)

    def code_point_at(self, x: int, y: int) -> int:
        from PySide6.QtCore import QPoint

        qt_position = self.text_edit.cursorForPosition(QPoint(x, y)).position()
        return self._positions.from_qt(qt_position)

    def quote_at(self, position: int) -> QuoteRecord | None:
        inside = [q for q in self._quotes if q.start <= position < q.end]
        return min(inside, key=lambda q: q.end - q.start) if inside else None

    def phrase_at(self, start: int, end: int | None = None) -> MentionRecord | None:
        """The quoted phrase holding code points start..end (a selection inside it, or the cursor)."""
        end = start if end is None else end
        return next((m for m in self._phrases if m.start <= start and end <= m.end), None)

    def cursor_position(self) -> int:
        return self._positions.from_qt(self.text_edit.textCursor().position())

    def mention_at(self, position: int) -> MentionRecord | None:
        inside = [m for m in self._mentions if m.start <= position < m.end]
        return min(inside, key=lambda m: m.end - m.start) if inside else None

    def extra_selection_spans(self) -> list[tuple[int, int]]:
        """Shown highlights as code-point spans (for tests: the highlight covers exactly the right text)."""
        return [
            self._positions.span_from_qt(s.cursor.selectionStart(), s.cursor.selectionEnd())
            for s in self.text_edit.extraSelections()
        ]

    # ---- events --------------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.text_edit.viewport()
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and not self.text_edit.textCursor().hasSelection()
        ):
            point = event.position().toPoint()
            position = self.code_point_at(point.x(), point.y())
            if self._picking:
                mention = self.mention_at(position)
                if mention is not None:
                    self.mention_clicked.emit(mention)
                    return False
            quote = self.quote_at(position)
            if quote is not None:
                self.quote_clicked.emit(quote.id)
        return False

    # ---- drawing -------------------------------------------------------------------------------------------

    def _set_paragraph_spacing(self) -> None:
        block = QTextBlockFormat()
        block.setLineHeight(145, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block.setBottomMargin(10)
        cursor = QTextCursor(self.text_edit.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(block)

    def _selection(self, start: int, end: int, char_format: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = self.qt_cursor_for_span(start, end)
        selection.format = char_format
        return selection

    def _entity_selections(self) -> list[QTextEdit.ExtraSelection]:
        formats: dict[str, QTextCharFormat] = {}
        selections = []
        for mention in self._mentions:
            char_format = formats.get(mention.label)
            if char_format is None:
                char_format = QTextCharFormat()
                char_format.setForeground(QColor(theme.entity_colour(mention.label)))
                char_format.setFontWeight(QFont.Weight.DemiBold)
                char_format.setToolTip(mention.label)
                formats[mention.label] = char_format
            selections.append(self._selection(mention.start, mention.end, char_format))
        return selections

    def _painted(self, paints: list[highlights.Paint]) -> list[QTextEdit.ExtraSelection]:
        return [self._selection(start, end, char_format) for start, end, char_format in paints]

    def _quote_selection(self, quote: QuoteRecord) -> list[QTextEdit.ExtraSelection]:
        return self._painted(highlights.quote_paints(quote, self._quote_formats))

    def _rebuild_quotes(self) -> None:
        self._quote_selection_lists = [self._quote_selection(q) for q in self._quotes]
        self._layer_selections["quotes"] = [s for each in self._quote_selection_lists for s in each]
        self._layer_selections["phrases"] = self._painted(highlights.phrase_paints(self._phrases, self._quotes))

    def _attribution_selections(self) -> list[QTextEdit.ExtraSelection]:
        return self._painted(highlights.attribution_paints(self._selected, self._current_piece))

    def _rebuild_all(self) -> None:
        self._rebuild_quotes()
        self._layer_selections["entities"] = self._entity_selections()
        self._layer_selections["attribution"] = self._attribution_selections()
        self._apply()

    def _apply(self) -> None:
        # later layers paint over earlier ones: phrases, quote backgrounds, entity colours, the selected quote;
        # the words found (Ctrl+F) over all of them
        combined: list[QTextEdit.ExtraSelection] = []
        for layer, shown_with in _PAINT_ORDER:
            if self._visible[shown_with]:
                combined.extend(self._layer_selections[layer])
        combined.extend(self._find_selections)
        self.text_edit.setExtraSelections(combined)

    # ---- find in the article (the find bar's layer) -----------------------------------------------------

    def set_find_matches(self, spans: Sequence[tuple[int, int]], current: int | None = None) -> None:
        """Highlight the words found, as code-point spans; `current` (an index into spans) stronger, and
        scrolled into view. An empty list clears the layer. The text selection is left alone: Q and B
        act on what the editor selected, never on a match."""
        found, chosen = QTextCharFormat(), QTextCharFormat()
        found.setBackground(QColor(theme.FIND_MATCH))
        chosen.setBackground(QColor(theme.FIND_CURRENT))
        chosen.setFontUnderline(True)
        self._find_selections = [
            self._selection(start, end, chosen if index == current else found)
            for index, (start, end) in enumerate(spans)
        ]
        self._apply()
        if current is not None and 0 <= current < len(spans):
            self.scroll_to(*spans[current])

    def find_match_spans(self) -> list[tuple[int, int]]:
        """The find layer's spans (for tests: what is highlighted as found)."""
        return [
            self._positions.span_from_qt(s.cursor.selectionStart(), s.cursor.selectionEnd())
            for s in self._find_selections
        ]

    def _make_legend(self) -> QLabel:
        # one wrapping label (our own markup, never article text), so the legend never widens the pane
        legend = trusted_rich_label(highlights.legend_markup())
        legend.setWordWrap(True)
        legend.setObjectName("legend")
        return legend
