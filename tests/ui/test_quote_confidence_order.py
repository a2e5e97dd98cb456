"""The quote list sorted least confident first, so an editor checks the doubtful suggestions first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.store import Store
from ui.main_window import MainWindow
from ui.models.quote_list import ARTICLE_ORDER, CONFIDENCE_ORDER


def confidences(window: MainWindow) -> list[float | None]:
    return [q.confidence for q in window.quote_panel.model.quotes]


def test_the_least_confident_quote_comes_first_when_chosen_and_the_key_turns_it_back(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    assert window.open_article(seeded_store.articles.article_ids()[0])
    in_article_order = [q.uid for q in window.quote_panel.model.quotes]
    assert confidences(window) != sorted(confidences(window))  # the seed's least sure quote is not the first
    window.quote_panel.select_row(1)
    selected = window.current_quote
    assert selected is not None

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    assert window.quote_panel.model.order == CONFIDENCE_ORDER
    assert window.named_actions["sort_by_confidence"].isChecked()
    shown = confidences(window)
    assert shown[0] == min(c for c in shown if c is not None)
    assert shown == sorted(shown, key=lambda c: float("inf") if c is None else c)
    assert window.current_quote is not None and window.current_quote.uid == selected.uid  # still selected

    # a decision keeps the list in confidence order
    confirmed = seeded_store.quotes.confirm_quote(window.quote_panel.model.quotes[0].id, user="Ana")
    window.quote_panel.put_quote(confirmed)
    assert confidences(window) == shown

    window.quote_panel.sort_button.click()  # the list's own control does the same as the key
    assert window.quote_panel.model.order == ARTICLE_ORDER
    assert [q.uid for q in window.quote_panel.model.quotes] == in_article_order
