"""A quote's pieces in the window, as an editor works them with keys: B only from a selection made for the
quote at hand, a piece grown and shrunk a word at a time, split and join, trim to the marks with the card's
clean-quote check, a quoted phrase made a quote, and the card showing every piece in full."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.db.models import Mention
from annotator.records import QUOTED_PHRASE_LABEL, QuoteRecord
from annotator.store import Store
from tests.review_fixtures import annotated_article
from tests.review_fixtures import span as review_span
from tests.ui.conftest import find, open_window
from ui.main_window import MainWindow

FIRST_PIECE = '"We know that when enforcing our policies'
SECOND_PIECE_END = 'penalized unfairly."'
PHRASE = '"overdid it a bit"'


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(window.article_view.text_edit, key)


def undo(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.article_view.text_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def open_article(window: MainWindow, store: Store, select_uid: str | None = None) -> str:
    article_id = store.articles.article_ids()[0]
    assert window.open_article(article_id, select_uid=select_uid)
    assert window.article is not None
    return window.article.text


def two_piece_quote(store: Store) -> QuoteRecord:
    """Ana's quote `"We know ... enable," he said. "Too often ... unfairly."`: one attribution, two pieces."""
    article_id = store.articles.article_ids()[0]
    text = store.articles.get_article(article_id).text
    start = text.index(FIRST_PIECE)
    end = text.index(SECOND_PIECE_END) + len(SECOND_PIECE_END)
    quote = store.quotes.add_quote(article_id, start, end, user="Ana")
    assert len(quote.pieces) == 2
    return quote


def test_b_on_a_selection_left_from_another_quote_moves_nothing_and_says_what_to_do(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    open_article(window, seeded_store)
    first = window.current_quote
    assert first is not None
    window.article_view.select_span(first.start, first.start + 20)  # made for quote 1
    press(qtbot, window, Qt.Key.Key_J)
    second = window.current_quote
    assert second is not None and second.uid != first.uid

    press(qtbot, window, Qt.Key.Key_B)

    assert seeded_store.quotes.get_quote(second.id) == second  # quote 2 stays on its own text
    assert "not on this quote" in window.notice.text()


def test_b_sets_only_the_piece_at_hand_and_keeps_the_speakers_person(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    text = open_article(window, seeded_store)
    quote = window.current_quote
    assert quote is not None and quote.speaker_name == "Nick Clegg"
    window.article_view.select_span(quote.start, quote.start + 20)
    with qtbot.waitSignal(window.decision_committed):
        press(qtbot, window, Qt.Key.Key_B)
    fixed = seeded_store.quotes.get_quote(quote.id)
    assert fixed.pieces[0] == (quote.start, quote.start + 20) and text[fixed.start : fixed.end].startswith('"Mark')
    assert fixed.person_id is not None and fixed.speaker == "Nick Clegg"  # issue 13: the person link stays
    assert window.article_view.selected_span() is None  # the selection was used: J then B cannot reuse it


@pytest.fixture
def emoji_window(qtbot: QtBot, sqlite_store: Store, settings: Settings) -> Iterator[tuple[MainWindow, Store]]:
    annotated_article(sqlite_store, user="model")
    main = open_window(qtbot, sqlite_store, settings)
    yield main, sqlite_store
    main.close()


def test_keys_grow_and_shrink_the_piece_a_word_at_a_time_after_an_emoji(
    qtbot: QtBot, emoji_window: tuple[MainWindow, Store]
) -> None:
    window, store = emoji_window
    open_article(window, store)
    quote = window.current_quote
    assert quote is not None and quote.pieces == (review_span('"We will win the vote,"'),)

    for key in (Qt.Key.Key_BracketRight, Qt.Key.Key_BracketRight):  # ends two words later
        with qtbot.waitSignal(window.decision_committed):
            press(qtbot, window, key)
    grown = store.quotes.get_quote(quote.id)
    assert grown.pieces == (review_span('"We will win the vote," said Ana'),)
    # the highlight covers exactly those code points, though an emoji sits before them (UTF-16 in Qt)
    assert review_span('"We will win the vote," said Ana') in window.article_view.extra_selection_spans()

    with qtbot.waitSignal(window.decision_committed):
        press(qtbot, window, Qt.Key.Key_BraceRight)  # ends a word earlier
    with qtbot.waitSignal(window.decision_committed):
        press(qtbot, window, Qt.Key.Key_BraceLeft)  # starts a word later
    assert store.quotes.get_quote(quote.id).pieces == (review_span('will win the vote," said'),)
    with qtbot.waitSignal(window.decision_committed):
        press(qtbot, window, Qt.Key.Key_BracketLeft)  # starts a word earlier
    assert store.quotes.get_quote(quote.id).pieces == (review_span('"We will win the vote," said'),)
    assert store.quotes.get_quote(quote.id).speaker_name == "Ana Lima"

    undo(qtbot, window)
    assert store.quotes.get_quote(quote.id).pieces == (review_span('will win the vote," said'),)


def test_split_before_a_piece_then_join_it_back_and_undo(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    quote = two_piece_quote(seeded_store)
    open_article(window, seeded_store, select_uid=quote.uid)
    card = window.quote_panel.pieces_label.text()
    text = seeded_store.articles.get_article(quote.article_id).text
    for start, end in quote.pieces:  # the card shows every piece in full
        assert " ".join(text[start:end].split()) in card
    before = len(seeded_store.quotes.quotes_for_article(quote.article_id))

    with qtbot.waitSignal(window.decision_committed):
        press(qtbot, window, Qt.Key.Key_Slash)

    quotes = seeded_store.quotes.quotes_for_article(quote.article_id)
    assert len(quotes) == before + 1
    assert seeded_store.quotes.get_quote(quote.id).pieces == (quote.pieces[0],)
    new = window.current_quote  # the new attribution is at hand: S sets its speaker
    assert new is not None and new.pieces == (quote.pieces[1],) and new.uid != quote.uid

    with qtbot.waitSignal(window.decision_committed):
        press(qtbot, window, Qt.Key.Key_Backspace)  # its piece joins the quote before it again
    assert len(seeded_store.quotes.quotes_for_article(quote.article_id)) == before
    assert seeded_store.quotes.get_quote(quote.id).pieces == quote.pieces
    assert window.current_quote is not None and window.current_quote.uid == quote.uid

    undo(qtbot, window)
    undo(qtbot, window)
    assert len(seeded_store.quotes.quotes_for_article(quote.article_id)) == before
    assert seeded_store.quotes.get_quote(quote.id).pieces == quote.pieces


def test_the_card_flags_a_cue_inside_a_piece_and_one_key_trims_it(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    quote = two_piece_quote(seeded_store)
    text = seeded_store.articles.get_article(quote.article_id).text
    said = find(text, '," he said.')[0] + len(',"')
    first = (quote.pieces[0][0], said + len(" he said"))
    seeded_store.quotes.update_quote(quote.id, {"pieces": [list(first), list(quote.pieces[1])]}, user="model")
    open_article(window, seeded_store, select_uid=quote.uid)

    problems = window.quote_panel.problems_label.text()
    assert "piece 1: words outside the quote marks" in problems and "' trims" in problems

    with qtbot.waitSignal(window.decision_committed):
        press(qtbot, window, Qt.Key.Key_Apostrophe)

    assert seeded_store.quotes.get_quote(quote.id).pieces == quote.pieces
    assert window.quote_panel.problems_label.text().startswith("clean")


@pytest.fixture
def phrase_store(seeded_store: Store) -> Store:
    """The seed with a quoted phrase the engine left apart (a mention labelled QUOTED_PHRASE)."""
    article_id = seeded_store.articles.article_ids()[0]
    start, end = find(seeded_store.articles.get_article(article_id).text, PHRASE)
    with seeded_store.db.transaction() as session:
        session.add(
            Mention(article_id=article_id, start=start, end=end, label=QUOTED_PHRASE_LABEL, text=PHRASE, origin="model")
        )
    return seeded_store


def test_a_quoted_phrase_is_a_faint_layer_not_to_check_and_q_makes_it_a_quote(
    qtbot: QtBot, window: MainWindow, phrase_store: Store
) -> None:
    text = open_article(window, phrase_store)
    phrase = find(text, PHRASE)
    summary = phrase_store.articles.article_summary(phrase_store.articles.article_ids()[0])
    to_check = sum(1 for q in window.quote_panel.model.quotes if q.status == "suggested")
    assert phrase in window.article_view.extra_selection_spans()  # shown
    assert window.quote_panel.count_label.text().startswith(f"{to_check} to check")  # not counted
    assert summary.quotes_to_check == to_check

    window.article_view.select_span(phrase[0] + 3, phrase[0] + 8)  # a selection inside it
    with qtbot.waitSignal(window.decision_committed):
        press(qtbot, window, Qt.Key.Key_Q)

    [quote] = [q for q in phrase_store.quotes.quotes_for_article(summary.id) if (q.start, q.end) == phrase]
    assert quote.kind == "partial" and quote.origin == "user:Ana"
    assert window.current_quote is not None and window.current_quote.uid == quote.uid
    undo(qtbot, window)
    assert not [q for q in phrase_store.quotes.quotes_for_article(summary.id) if (q.start, q.end) == phrase]
