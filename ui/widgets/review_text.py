"""The article text with the review's highlight layers (model / colleague / mine / speaker).

The core counts Python code points; Qt counts UTF-16 units, so every character outside the Basic
Multilingual Plane (an emoji) shifts later positions by one. The conversion below is a local stand-in
until ui/text_positions.py (written by the UI engineer) lands; then these two helpers should go.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from annotator.decision_records import Highlight
from ui.text_positions import PositionMap
from ui.theme import reading_font


def layer_format(layer: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if layer == "theirs":
        fmt.setBackground(QColor(255, 214, 102))
    elif layer == "mine":
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor(30, 110, 220))
        fmt.setFontUnderline(True)
    elif layer == "model":
        fmt.setBackground(QColor(220, 220, 220))
    elif layer == "speaker":
        fmt.setFontWeight(700)
        fmt.setForeground(QColor(150, 40, 40))
    return fmt


# Later layers paint over earlier ones: the colleague's decision (what is under review) on top
LAYER_ORDER = ("model", "mine", "theirs", "speaker")
LAYER_LEGEND = {
    "model": "grey: the model's suggestion",
    "theirs": "yellow: the colleague's decision",
    "mine": "blue underline: your decision",
    "speaker": "red bold: the speaker",
}


class ReviewTextView(QPlainTextEdit):
    """Read-only article text; `show_highlights` marks code-point spans in layers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setToolTip("\n".join(LAYER_LEGEND.values()))
        self._text = ""
        self._positions = PositionMap("")
        self.setFont(reading_font())
        self.document().setDocumentMargin(14)
        self._ranges: list[tuple[int, int, str]] = []

    def show_article(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._positions = PositionMap(text)
            self.setPlainText(text)
        self.show_highlights(())

    def article_text(self) -> str:
        return self._text

    def show_highlights(self, highlights: Sequence[Highlight]) -> None:
        ordered = sorted(highlights, key=lambda h: LAYER_ORDER.index(h.layer) if h.layer in LAYER_ORDER else 0)
        selections = []
        self._ranges = []
        for mark in ordered:
            if not (0 <= mark.start < mark.end <= len(self._text)):
                continue
            start, end = self._positions.span_to_qt(mark.start, mark.end)
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = layer_format(mark.layer)
            selections.append(selection)
            self._ranges.append((start, end, mark.layer))
        self.setExtraSelections(selections)
        if self._ranges:
            focus = min(self._ranges, key=lambda r: r[0])
            cursor = QTextCursor(self.document())
            cursor.setPosition(focus[0])
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def highlighted_text(self, layer: str) -> list[str]:
        """What each mark of a layer covers, read back from the document (tests check the conversion)."""
        found = []
        for start, end, name in self._ranges:
            if name == layer:
                cursor = QTextCursor(self.document())
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                found.append(cursor.selectedText())
        return found
