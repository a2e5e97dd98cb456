"""After a decision the selection moves to the next quote to check as the list shows it: with the list sorted
least confident first (Ctrl+Shift+L), Enter goes on to the next least confident quote, not the next in the text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from annotator import editing
from annotator.store import Store
from ui.main_window import MainWindow
from ui.models.quote_list import CONFIDENCE_ORDER


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key where the editor's keyboard is: the widget that has the focus."""
    target = QApplication.focusWidget()
    assert isinstance(target, QWidget)
    qtbot.keyClick(target, key, modifier)


def test_enter_moves_on_to_the_next_least_confident_quote_when_the_list_is_sorted_so(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    assert window.open_article(seeded_store.articles.article_ids()[0])
    window.quote_panel.list_view.setFocus()
    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    model = window.quote_panel.model
    assert model.order == CONFIDENCE_ORDER
    window.quote_panel.select_row(0)

    moved_differently = False
    while (current := window.current_quote) is not None and current.status == "suggested":
        listed = model.quotes
        waiting_after = [q for q in listed[listed.index(current) + 1 :] if q.status == "suggested"]
        in_text_order = editing.next_quote_to_check(listed, current)
        press(qtbot, Qt.Key.Key_Return)  # confirm

        assert seeded_store.quotes.get_quote(current.id).status == "confirmed"
        if not waiting_after:
            break
        assert window.current_quote is not None and window.current_quote.uid == waiting_after[0].uid
        assert [q.uid for q in model.quotes] == [q.uid for q in listed]  # the list kept its order
        moved_differently |= in_text_order is not None and in_text_order.uid != waiting_after[0].uid

    assert moved_differently  # the seed's confidences put some quote elsewhere than the text does
    assert all(q.status != "suggested" for q in model.quotes)
