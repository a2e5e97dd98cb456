"""Text from an article, a file or a colleague is shown as it is, never as rich text.

Qt guesses: a QLabel with the default AutoText format, a tooltip or a message box renders anything that
looks like HTML, so a title with `<img width=900>` or a comment with `<span style="font-size:72pt">` would
blow up the window. Every widget of ui/ that can hold such text is made here; tests/ui/test_plain_text.py
opens the real window with hostile text and walks every widget to hold the line.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

TRUSTED_RICH_TEXT = "trustedRichText"  # a property set on the few labels whose markup is our own (the legend)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows its text literally, tags and all."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def trusted_rich_label(markup: str, parent: QWidget | None = None) -> QLabel:
    """A label of our own markup (colour swatches); never give it text from outside."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setProperty(TRUSTED_RICH_TEXT, True)
    label.setText(markup)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` literally. Qt renders a tooltip as rich text when it guesses markup
    (Qt.mightBeRichText), so text with a tag or an entity is escaped and put in one paragraph that keeps its
    line breaks; text without `<` or `&` cannot be taken for markup and is returned unchanged."""
    if "<" not in text and "&" not in text:
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"


def plain_message_box(
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton,
    parent: QWidget | None = None,
) -> QMessageBox:
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box
