"""What the article view paints, as code-point spans with a format: each quote by its pieces (the words
said) with the writer's words of its content in a lighter tint, the quoted phrases as a faint layer, and the
selected quote with the piece at hand, its speaker, cue and venue. The article view turns these spans into
Qt selections (UTF-16) at its border; the legend says what each tint means.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtGui import QColor, QTextCharFormat

from annotator.records import QUOTED_PHRASE_LABEL, MentionRecord, QuoteRecord
from ui import theme

Paint = tuple[int, int, QTextCharFormat]
REJECTED_TEXT = "#8a8f98"


def _background(colour: str) -> QTextCharFormat:
    char_format = QTextCharFormat()
    char_format.setBackground(QColor(colour))
    return char_format


def writers_words(quote: QuoteRecord) -> list[tuple[int, int]]:
    """The stretches of a quote's content outside its pieces (all of it for indirect speech)."""
    if not quote.pieces:
        return []
    gaps, cursor = [], quote.start
    for start, end in quote.pieces:
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < quote.end:
        gaps.append((cursor, quote.end))
    return gaps


def pieces_of(quote: QuoteRecord) -> tuple[tuple[int, int], ...]:
    """What is painted as the quote: its pieces, or the whole content of indirect speech."""
    return quote.pieces or ((quote.start, quote.end),)


class QuoteFormats:
    """Formats made once per status, shared by every quote of that status."""

    def __init__(self) -> None:
        self._formats: dict[tuple[str, bool], QTextCharFormat] = {}

    def get(self, status: str, piece: bool) -> QTextCharFormat:
        key = (status, piece)
        char_format = self._formats.get(key)
        if char_format is None:
            colour = theme.QUOTE_BACKGROUNDS.get(status, theme.QUOTE_BACKGROUNDS["suggested"])
            char_format = _background(colour if piece else theme.lighter(colour))
            if status == "rejected":
                char_format.setForeground(QColor(REJECTED_TEXT))
                char_format.setFontStrikeOut(True)
            self._formats[key] = char_format
        return char_format


def quote_paints(quote: QuoteRecord, formats: QuoteFormats) -> list[Paint]:
    paints: list[Paint] = [(s, e, formats.get(quote.status, False)) for s, e in writers_words(quote)]
    paints += [(s, e, formats.get(quote.status, True)) for s, e in pieces_of(quote)]
    return paints


def phrases(mentions: Iterable[MentionRecord]) -> list[MentionRecord]:
    return [m for m in mentions if m.label == QUOTED_PHRASE_LABEL]


def phrase_paints(found: Sequence[MentionRecord], quotes: Sequence[QuoteRecord]) -> list[Paint]:
    """Phrases no quote covers yet (one an editor turned into a quote is painted as that quote)."""
    char_format = _background(theme.PHRASE_BACKGROUND)
    char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    char_format.setUnderlineColor(QColor(theme.PHRASE_UNDERLINE))
    char_format.setToolTip("quoted phrase: not a quote to check (Q makes it a quote)")
    return [
        (m.start, m.end, char_format)
        for m in found
        if not any(q.start <= m.start and m.end <= q.end and q.status != "rejected" for q in quotes)
    ]


def attribution_paints(quote: QuoteRecord | None, current_piece: int) -> list[Paint]:
    if quote is None:
        return []
    paints: list[Paint] = [(s, e, _background(theme.SELECTED_WRITERS_WORDS)) for s, e in writers_words(quote)]
    for index, (piece_start, piece_end) in enumerate(pieces_of(quote)):
        char_format = _background(theme.SELECTED_QUOTE_BACKGROUND)
        if index == current_piece and len(pieces_of(quote)) > 1:
            char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            char_format.setUnderlineColor(QColor(theme.CURRENT_PIECE_UNDERLINE))
        paints.append((piece_start, piece_end, char_format))
    for start, end, colour in (
        (quote.speaker_start, quote.speaker_end, theme.SPEAKER_BACKGROUND),
        (quote.cue_start, quote.cue_end, theme.CUE_BACKGROUND),
        (quote.venue_start, quote.venue_end, theme.VENUE_BACKGROUND),
    ):
        if start is not None and end is not None and start < end:
            char_format = _background(colour)
            char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            paints.append((start, end, char_format))
    return paints


def legend_markup() -> str:
    """The legend (our own markup, never article text)."""
    parts = ['<span style="color:#5b6470">Legend:</span>']
    for label in theme.LEGEND_ENTITIES:
        parts.append(f'<b style="color:{theme.entity_colour(label)}">{label}</b>')
    parts.append(f'<b style="color:{theme.OTHER_ENTITY_COLOUR}">other</b>')
    suggested = theme.QUOTE_BACKGROUNDS["suggested"]
    for text, colour in (
        ("quote to check", suggested),
        ("writer's words in a quote", theme.lighter(suggested)),
        ("confirmed", theme.QUOTE_BACKGROUNDS["confirmed"]),
        ("corrected", theme.QUOTE_BACKGROUNDS["corrected"]),
        ("selected", theme.SELECTED_QUOTE_BACKGROUND),
        ("speaker", theme.SPEAKER_BACKGROUND),
        ("cue", theme.CUE_BACKGROUND),
    ):
        parts.append(f'<span style="background-color:{colour}">&nbsp;{text}&nbsp;</span>')
    rejected = theme.QUOTE_BACKGROUNDS["rejected"]
    parts.append(f'<span style="background-color:{rejected};color:{REJECTED_TEXT}">&nbsp;<s>rejected</s>&nbsp;</span>')
    phrase = theme.PHRASE_BACKGROUND
    parts.append(f'<span style="background-color:{phrase}">&nbsp;quoted phrase (Q: a quote)&nbsp;</span>')
    return " &nbsp; ".join(parts)
