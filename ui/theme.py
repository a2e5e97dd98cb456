"""Colours and the reading font shared by the article view, the quote panel, the legend and the review text."""

from __future__ import annotations

from PySide6.QtGui import QFont

# Entity types: a text colour each, readable over any quote background
ENTITY_COLOURS: dict[str, str] = {
    "PERSON": "#1c4fb8",
    "ORG": "#a14a00",
    "GPE": "#0b7a4b",
    "NORP": "#7a2f9e",
    "LOC": "#0b7a4b",
    "FAC": "#5f6b00",
}
OTHER_ENTITY_COLOUR = "#5b6470"
LEGEND_ENTITIES = ("PERSON", "ORG", "GPE", "NORP")

# Quote backgrounds in the text, by status: the pieces (the words said) in full; a corrected quote is rose, apart
# from the blues of the speaker and the golds of the selection
QUOTE_BACKGROUNDS: dict[str, str] = {
    "suggested": "#fff3c4",
    "confirmed": "#e2f3e0",
    "corrected": "#f8dde8",
    "rejected": "#f1f1f1",
}
# The writer's words inside a quote's content (between or around its pieces): the status tint, much lighter
WRITERS_WORDS_OPACITY = 0.35
# Quoted phrases (scare quotes, titles, labels): not quotes to check, a faint layer Q turns into a quote
PHRASE_BACKGROUND = "#e8e8f1"
PHRASE_UNDERLINE = "#9aa0b4"
SELECTED_QUOTE_BACKGROUND = "#ffd95a"
SELECTED_WRITERS_WORDS = "#fff0bd"  # the selected quote's writer's words
CURRENT_PIECE_UNDERLINE = "#7a5200"  # the piece the bounds keys act on
SPEAKER_BACKGROUND = "#b9d4ff"
CUE_BACKGROUND = "#e6d5fb"
VENUE_BACKGROUND = "#d2f0ec"
# words found in the article (Ctrl+F): orange, unlike any quote, speaker or selection tint
FIND_MATCH = "#ffc58a"
FIND_CURRENT = "#ff9933"

# What the clean-quote check flags, and a quote attributed to someone else in another article
PROBLEM_COLOUR = "#b3261e"

# A switch that is on (the quote list sorted least confident first): filled, white words, seen at a glance
SWITCH_ON_BACKGROUND = "#1c4fb8"
SWITCH_ON_TEXT = "#ffffff"

# Status chips in the quote panel and the article list: words an editor reads, so each at least 4.5:1 on white
# (WCAG AA) but "rejected", greyed on purpose
STATUS_COLOURS: dict[str, str] = {
    "suggested": "#985f0d",
    "confirmed": "#2f7d32",
    "corrected": "#1f6f9f",
    "rejected": "#8a8f98",
    "new": "#5b6470",
    "in_progress": "#985f0d",
    "done": "#2f7d32",
}
STATUS_LABELS: dict[str, str] = {
    "suggested": "to check",
    "confirmed": "confirmed",
    "corrected": "corrected",
    "rejected": "rejected",
    "new": "new",
    "in_progress": "in progress",
    "done": "done",
}


def lighter(colour: str, opacity: float = WRITERS_WORDS_OPACITY) -> str:
    """`colour` as if painted at `opacity` over white: the tint of the writer's words inside a quote."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(255 - (255 - c) * opacity) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def entity_colour(label: str) -> str:
    return ENTITY_COLOURS.get(label, OTHER_ENTITY_COLOUR)


def reading_font() -> QFont:
    """The article text's face, the same in annotation and review: a serif at a size for long reading."""
    font = QFont()
    font.setFamilies(["Georgia", "Noto Serif", "DejaVu Serif", "Times New Roman", "serif"])
    font.setPointSizeF(12.5)
    return font
