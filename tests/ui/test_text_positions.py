"""Code points (core) <-> UTF-16 units (Qt): emoji and other astral characters must not shift highlights."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from annotator.nlp.types import Annotations, EntitySpan, QuoteGuess, SpeakerGuess, TextSpan
from annotator.store import NewArticle, Store
from ui.text_positions import PositionMap

SAMPLES = [
    "",
    "plain ascii only",
    "a😀b🎉🎉c",
    "😀",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters, CJK 𠀋 and flags 🇫🇷 🇩🇪",
    "é composed, e\u0301 decomposed, BMP only — “curly” ‘quotes’",
]


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("text", SAMPLES)
def test_every_code_point_maps_to_its_utf16_offset_and_back(text: str) -> None:
    positions = PositionMap(text)
    assert positions.utf16_units == utf16_length(text)
    for code_point in range(len(text) + 1):
        qt = positions.to_qt(code_point)
        assert qt == utf16_length(text[:code_point])
        assert positions.from_qt(qt) == code_point
        assert positions.from_qt(qt, round_up=True) == code_point


def test_a_position_inside_a_surrogate_pair_rounds_to_the_character_edges() -> None:
    positions = PositionMap("a😀b")  # UTF-16: a=0, 😀=1..2, b=3
    assert positions.from_qt(2) == 1  # start of the emoji
    assert positions.from_qt(2, round_up=True) == 2  # past it
    assert positions.span_from_qt(2, 2) == (1, 2)


def test_text_without_astral_characters_converts_by_identity() -> None:
    positions = PositionMap("no emoji here")
    assert positions.is_identity
    assert positions.to_qt(7) == 7
    assert positions.from_qt(7) == 7


EMOJI_TEXT = (
    '🎉🎉 Launch day 🚀. "We did it 😀 at last," said Ana Lima 👩‍💻, the lead.\r\n'
    'Then 𝔅𝔬𝔟 added: "Cake 🎂 for everyone."'
)


def test_highlights_cover_exactly_the_quote_speaker_and_cue_in_emoji_text(qtbot: QtBot, sqlite_store: Store) -> None:
    from ui.widgets.article_view import ArticleView

    text = EMOJI_TEXT
    summary, _ = sqlite_store.articles.add_article(NewArticle(title="Emoji", text=text), user="t")
    quote_start = text.index('"We did')
    quote_end = text.index('last,"') + len('last,"')
    ana = text.index("Ana Lima")
    said = text.index("said")
    cake_start = text.index('"Cake')
    cake_end = len(text)
    bob = text.index("𝔅𝔬𝔟")
    annotations = Annotations(
        entities=(
            EntitySpan(ana, ana + 8, "PERSON", "Ana Lima"),
            EntitySpan(bob, bob + 3, "PERSON", "𝔅𝔬𝔟"),
        ),
        quotes=(
            QuoteGuess(
                quote_start,
                quote_end,
                text[quote_start:quote_end],
                "direct",
                0.9,
                cue=TextSpan(said, said + 4, "said"),
                speaker=SpeakerGuess("Ana Lima", ana, ana + 8, "Ana Lima"),
            ),
            QuoteGuess(cake_start, cake_end, text[cake_start:cake_end], "direct", 0.8),
        ),
        model="hand 1",
    )
    sqlite_store.articles.save_annotations(summary.id, annotations, user="t")
    view = ArticleView()
    qtbot.addWidget(view)
    quotes = sqlite_store.quotes.quotes_for_article(summary.id)
    view.set_article(
        sqlite_store.articles.get_article(summary.id), sqlite_store.articles.mentions_for_article(summary.id), quotes
    )
    view.set_selected_quote(quotes[0])

    shown = {s.cursor.selectedText().replace("\u2029", "\n") for s in view.text_edit.extraSelections()}
    # the CR of "\r\n" is shown as a space so that every later offset still lines up
    assert text[quote_start:quote_end] in shown
    assert text[cake_start:cake_end] in shown
    assert "Ana Lima" in shown
    assert "said" in shown
    assert "𝔅𝔬𝔟" in shown
    spans = view.extra_selection_spans()
    assert (quote_start, quote_end) in spans
    assert (ana, ana + 8) in spans
    assert (said, said + 4) in spans
    assert (bob, bob + 3) in spans

    # a selection made in Qt comes back as code points, around the emoji inside the quote
    view.select_span(quote_start, quote_end)
    assert view.selected_span() == (quote_start, quote_end)
    assert view.text_edit.textCursor().selectedText() == text[quote_start:quote_end]
    # the cursor sits after "😀" in Qt units; the view reports the quote under it
    inner = text.index("at last")
    assert view.quote_at(inner) == quotes[0]
