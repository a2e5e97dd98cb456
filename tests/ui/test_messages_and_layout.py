"""Messages that go away when their moment has passed, never drawn over each other, and an article that
keeps most of a narrow window (issue 13: Messages, Layout), driven by keys through the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.store import Store
from tests.ui.conftest import open_window
from ui.main_window import MainWindow


def _open_first(window: MainWindow, store: Store) -> None:
    assert window.open_article(store.articles.article_ids()[0])
    window.quote_panel.list_view.setFocus()


def test_a_refusal_goes_away_with_the_next_action(
    qtbot: QtBot, window: MainWindow, seeded_store: Store, settings: Settings
) -> None:
    _open_first(window, seeded_store)
    quote = window.current_quote
    assert quote is not None
    colleague = Store.open(settings.database_url)
    try:
        colleague.quotes.reject_quote(quote.id, user="Bea")
    finally:
        colleague.close()
    qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_A)  # refused: Bea decided first
    assert window.notice.isVisible() and "Bea" in window.notice.text()
    qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_J)  # the editor moves on
    assert not window.notice.isVisible()


def test_a_refusal_hides_itself_after_a_while(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    _open_first(window, seeded_store)
    window.notice.auto_hide_ms = 100  # the real delay is 12 s; the behaviour is the same
    qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_B)  # B without a selection says what to do
    assert window.notice.isVisible() and "Select the words" in window.notice.text()
    qtbot.waitUntil(lambda: not window.notice.isVisible(), timeout=5_000)


def test_a_notice_with_a_button_stays_until_used(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    _open_first(window, seeded_store)
    window.notice.show_message("2 conflicts to resolve", level="info", action_text="Review", action=lambda: None)
    qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_J)
    assert window.notice.isVisible() and window.notice.text() == "2 conflicts to resolve"


def test_two_status_messages_never_draw_over_each_other_or_the_labels(window: MainWindow) -> None:
    window.resize(1000, 700)
    window.show_status("Import: " + "a very long file name, " * 40, 10_000)
    window.show_status("Article reopened.", 10_000)
    line = window.status_line
    assert line.message_label.text() == "Article reopened."  # the second replaced the first
    assert window.statusBar().currentMessage() == ""  # QStatusBar paints nothing across the bar itself
    message = line.message_label.geometry()
    for label in (line.saved_label, line.model_label, line.database_label, line.editor_label):
        assert not message.intersects(label.geometry()), label.text()


def test_at_1000_by_700_the_article_gets_most_of_the_width_and_it_is_remembered(
    qtbot: QtBot, seeded_store: Store, settings: Settings
) -> None:
    first = open_window(qtbot, seeded_store, settings)
    first.resize(1000, 700)
    qtbot.waitUntil(lambda: first.width() == 1000)
    left, middle, right = first.splitter.sizes()
    assert middle > left + right, (left, middle, right)
    first.splitter.setSizes([left, middle + right, 0])  # the editor folds the quote panel away
    first.close()
    second = open_window(qtbot, seeded_store, settings)
    left, middle, right = second.splitter.sizes()
    assert right == 0 and middle > left, (left, middle, right)
    second.close()
