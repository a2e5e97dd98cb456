"""Find in the open article (Ctrl+F): a bar above the text with the words to find, the match count and
previous / next. Enter and F3 go to the next match, Shift+Enter and Shift+F3 to the previous one, Esc
closes the bar and clears the highlights.

Matches are highlighted in the article view's own find layer (ArticleView.set_find_matches); the text
selection is never moved, so Q and B still act on what the editor selected. The article search (the box in
the menu bar, Ctrl+Shift+F) filters the article list instead.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QWidget

from ui.plain import plain_label
from ui.widgets.article_view import ArticleView
from ui.widgets.fields import FieldLineEdit


def find_all(text: str, wanted: str) -> list[tuple[int, int]]:
    """Every place `wanted` occurs in `text`, case aside, as code-point spans in text order (no overlaps).
    Runs of spaces in `wanted` match any run of whitespace, so a phrase across a line break is found."""
    words = wanted.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(word) for word in words)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]


class _FindLineEdit(FieldLineEdit):
    """Enter: next; Shift+Enter: previous; Esc: close the bar (the field keeps these keys)."""

    bar: FindBar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.bar.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.bar.close_bar()
            return
        super().keyPressEvent(event)


class FindBar(QFrame):
    def __init__(self, article_view: ArticleView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.article_view = article_view
        self.matches: list[tuple[int, int]] = []
        self.current: int | None = None

        self.line_edit = _FindLineEdit()
        self.line_edit.bar = self
        self.line_edit.setPlaceholderText("Find in this article")
        self.line_edit.setClearButtonEnabled(True)
        self.line_edit.setAccessibleName("Find in this article")
        self.count_label = plain_label()
        self.count_label.setObjectName("articleMeta")
        self.previous_button = self._button("↑", "Previous match (Shift+Enter, Shift+F3)", lambda: self.step(-1))
        self.next_button = self._button("↓", "Next match (Enter, F3)", lambda: self.step(1))
        self.close_button = self._button("✕", "Close (Esc)", self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.line_edit.textChanged.connect(self._on_line_edit_text_changed)
        self.hide()

    def _button(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # ---- what the window calls -----------------------------------------------------------------------------

    def open_bar(self) -> None:
        """Show the bar with the words to find selected; a short selection in the text becomes them."""
        span = self.article_view.selected_span()
        article = self.article_view.article
        if span is not None and article is not None:
            selected = article.text[span[0] : span[1]]
            if selected.strip() and "\n" not in selected and len(selected) <= 80:
                self.line_edit.setText(selected.strip())
        self.show()
        self.line_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.line_edit.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self.hide()
        self.article_view.set_find_matches([])
        self.article_view.text_edit.setFocus()

    def step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) match, wrapping round; F3 opens the bar when it is shut."""
        if not self.isVisible():
            self.open_bar()
            return
        if not self.matches:
            return
        if self.current is None:
            self.current = 0 if direction > 0 else len(self.matches) - 1
        else:
            self.current = (self.current + direction) % len(self.matches)
        self._show()

    def refresh(self) -> None:
        """Find again in the article now shown (a new article, or new words)."""
        article = self.article_view.article
        self.matches = find_all(article.text, self.line_edit.text()) if article is not None else []
        self.current = 0 if self.matches else None
        if self.isVisible():
            self._show()

    # ---- internals -----------------------------------------------------------------------------------------

    def _show(self) -> None:
        self.article_view.set_find_matches(self.matches, self.current)
        if not self.line_edit.text().strip():
            self.count_label.setText("")
        elif not self.matches:
            self.count_label.setText("no match")
        else:
            assert self.current is not None
            self.count_label.setText(f"{self.current + 1} of {len(self.matches)}")
        self.previous_button.setEnabled(len(self.matches) > 1)
        self.next_button.setEnabled(len(self.matches) > 1)

    def _on_line_edit_text_changed(self, _text: str) -> None:
        self.refresh()
