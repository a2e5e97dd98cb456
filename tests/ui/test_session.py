"""A whole editing session on a seed article, driven by keys and clicks on the real window; then a new
window on the same database shows exactly those decisions."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.store import Store
from tests.ui.conftest import MISSED_QUOTE, find
from ui.main_window import MainWindow


def click_text(qtbot: QtBot, window: MainWindow, position: int) -> None:
    view = window.article_view
    view.scroll_to(position)
    cursor = view.qt_cursor_for_span(position, position + 1)
    cursor.setPosition(cursor.anchor())
    rect = view.text_edit.cursorRect(cursor)  # viewport coordinates of that code point
    qtbot.mouseClick(
        view.text_edit.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center().x() + 2, rect.center().y())
    )


def test_a_whole_session_is_in_the_database_for_the_next_window(
    qtbot: QtBot, any_window: MainWindow, any_seeded_store: Store, any_settings: Settings
) -> None:
    """On SQLite and on PostgreSQL."""
    window, seeded_store, settings = any_window, any_seeded_store, any_settings
    panel = window.quote_panel
    picker = panel.speaker_picker
    table = window.article_pane.table

    # open the article by clicking it in the list
    with qtbot.waitSignal(window.article_opened, timeout=5000):
        rect = table.visualRect(window.article_model.index(0, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.article is not None
    text = window.article.text
    keen, high, risks, badass = panel.model.quotes
    assert window.current_quote == keen  # the first quote still to check is ready for Enter
    assert panel.count_label.text() == "4 to check / 4"

    # Enter confirms; the panel moves on to the next quote to check
    panel.list_view.setFocus()
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(panel.list_view, Qt.Key.Key_Return)
    assert window.current_quote is not None and window.current_quote.uid == high.uid
    assert panel.count_label.text() == "3 to check / 4"

    # J and K move between quotes
    qtbot.keyClick(panel.list_view, Qt.Key.Key_J)
    assert window.current_quote.uid == risks.uid
    qtbot.keyClick(panel.list_view, Qt.Key.Key_K)
    assert window.current_quote.uid == high.uid

    # a click in the text selects the quote under it
    click_text(qtbot, window, badass.start + 3)
    assert window.current_quote.uid == badass.uid
    assert window.current_quote.speaker == "Donald Trump"  # the model's wrong guess

    # S: change the speaker; a click on a name in the text picks that mention, then the editor types the
    # full name and Enter creates the person
    qtbot.keyClick(panel.list_view, Qt.Key.Key_S)
    assert picker.isVisible()
    zuckerberg = find(text, "Zuckerberg didn't endorse")[0]
    click_text(qtbot, window, zuckerberg + 3)
    assert picker.line_edit.text() == "Zuckerberg"
    picker.line_edit.selectAll()
    qtbot.keyClicks(picker.line_edit, "Mark Zuckerberg")
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)
    assert not picker.isVisible()
    changed = window.current_quote
    assert changed is not None and changed.uid == badass.uid
    assert (changed.speaker, changed.status, changed.speaker_text) == (
        "Mark Zuckerberg",
        "corrected",
        "Zuckerberg",
    )
    assert (changed.speaker_start, changed.speaker_end) == (zuckerberg, zuckerberg + len("Zuckerberg"))

    # Q adds the quote the model missed, from the selection in the text; it waits for its speaker
    missed_start, missed_end = find(text, MISSED_QUOTE)
    window.article_view.select_span(missed_start - 1, missed_end)  # the space before it is trimmed
    window.article_view.text_edit.setFocus()
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.article_view.text_edit, Qt.Key.Key_Q)
    added = window.current_quote
    assert added is not None and (added.start, added.end, added.status) == (
        missed_start,
        missed_end,
        "suggested",
    )
    assert len(seeded_store.quotes.quotes_for_article(window.article.id)) == 5

    # undo twice (the added quote, then the speaker change), and redo both
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(panel.list_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(seeded_store.quotes.quotes_for_article(window.article.id)) == 4
    assert panel.model.rowCount() == 4
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(panel.list_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    reverted = seeded_store.quotes.find_quote_by_uid(badass.uid)
    assert reverted is not None and (reverted.speaker, reverted.status) == ("Donald Trump", "suggested")
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    for _ in range(2):
        with qtbot.waitSignal(window.decision_committed):
            qtbot.keyClick(panel.list_view, Qt.Key.Key_Z, redo)
    assert panel.model.rowCount() == 5
    assert not window.named_actions["redo"].isEnabled()

    # D marks the article done
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(panel.list_view, Qt.Key.Key_D)
    assert window.article_model.index(0, 3).data() == "done"
    article_id = window.article.id
    window.close()

    # a new store and a new window on the same database see exactly these decisions
    reopened = Store.open(settings.database_url)
    try:
        second = MainWindow(reopened, settings)
        qtbot.addWidget(second)
        second.show()
        assert second.open_article(article_id)
        by_uid = {q.uid: q for q in second.quote_panel.model.quotes}
        assert len(by_uid) == 5
        assert (by_uid[keen.uid].status, by_uid[keen.uid].speaker) == ("confirmed", "Nick Clegg")
        assert by_uid[keen.uid].verified_by == "Ana"
        corrected = by_uid[badass.uid]
        assert (corrected.status, corrected.speaker, corrected.speaker_text) == (
            "corrected",
            "Mark Zuckerberg",
            "Zuckerberg",
        )
        assert (by_uid[high.uid].status, by_uid[risks.uid].status) == ("suggested", "suggested")
        new = [q for uid, q in by_uid.items() if uid not in {keen.uid, high.uid, risks.uid, badass.uid}]
        assert [(q.text, q.status, q.origin) for q in new] == [(MISSED_QUOTE, "suggested", "user:Ana")]
        assert second.article_model.index(0, 3).data() == "done"
        assert second.quote_panel.count_label.text() == "3 to check / 5"
        actions = [e.action for e in reopened.audit.edits(users=["Ana"])]
        # undoing an added quote deletes it and redoing restores it; other undos restore the earlier state,
        # the rows the decision created included
        assert actions == [
            "create",  # Nick Clegg becomes a person of the database on confirm
            "confirm",
            "create",  # Mark Zuckerberg, typed in the speaker picker
            "set_speaker",
            "add",
            "delete",
            "undo",  # the speaker change, and the person and alias it created (the core's exact inverse)
            "undo",
            "undo",
            "redo",
            "redo",
            "redo",
            "add",
            "set_status",
        ]
        second.close()
    finally:
        reopened.close()
