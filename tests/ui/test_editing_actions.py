"""Editing actions that change only what the editor meant (issue 13, "Editing"), driven by keys through the
real window: Q and the speaker, the speaker picker's search, the export dialog's counts, find in the article."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.store import Store
from tests.ui.conftest import MISSED_QUOTE, find
from ui.main_window import MainWindow


def open_first(window: MainWindow, store: Store) -> None:
    assert window.open_article(store.article_ids()[0])


def add_missed_quote(qtbot: QtBot, window: MainWindow) -> None:
    assert window.article is not None
    start, end = find(window.article.text, MISSED_QUOTE)
    window.article_view.select_span(start, end)
    window.article_view.text_edit.setFocus()
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.article_view.text_edit, Qt.Key.Key_Q)


def test_q_adds_a_quote_to_check_and_choosing_its_speaker_confirms_it(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    open_first(window, seeded_store)
    add_missed_quote(qtbot, window)
    added = window.current_quote
    assert added is not None and (added.status, added.speaker) == ("suggested", None)
    assert "speaker" in window.status_line.message_label.text()

    panel = window.quote_panel
    panel.list_view.setFocus()
    qtbot.keyClick(panel.list_view, Qt.Key.Key_S)
    qtbot.keyClicks(panel.speaker_picker.line_edit, "Mark Zuckerberg")
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(panel.speaker_picker.line_edit, Qt.Key.Key_Return)
    stored = seeded_store.find_quote_by_uid(added.uid)
    assert stored is not None and (stored.status, stored.speaker, stored.verified_by) == (
        "confirmed",
        "Mark Zuckerberg",
        "Ana",
    )


def test_speaker_unknown_from_the_picker_confirms_an_added_quote(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    open_first(window, seeded_store)
    add_missed_quote(qtbot, window)
    added = window.current_quote
    assert added is not None
    panel = window.quote_panel
    panel.list_view.setFocus()
    qtbot.keyClick(panel.list_view, Qt.Key.Key_S)
    last = panel.speaker_picker.model.rowCount() - 1
    assert panel.speaker_picker.model.choice_at(last).label == "Speaker unknown"
    for _ in range(last):
        qtbot.keyClick(panel.speaker_picker.line_edit, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(panel.speaker_picker.line_edit, Qt.Key.Key_Return)
    stored = seeded_store.find_quote_by_uid(added.uid)
    assert stored is not None and (stored.status, stored.speaker) == ("confirmed", None)


def test_the_speaker_picker_finds_the_articles_people_by_part_of_their_name(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    """It offered only "Add new person" for "zuck" or "Mark"."""
    seeded_store.find_or_create_person("Mark Twain", user="Ana")  # someone of the database, not of this article
    open_first(window, seeded_store)
    panel = window.quote_panel
    picker = panel.speaker_picker
    badass = panel.model.quotes[3]
    panel.select_uid(badass.uid)
    panel.list_view.setFocus()

    qtbot.keyClick(panel.list_view, Qt.Key.Key_S)
    qtbot.keyClicks(picker.line_edit, "Mark")
    shown = [picker.model.choice_at(row).label for row in range(picker.model.rowCount())]
    assert shown[0].startswith("Mark Zuckerberg") and shown[1] == "Mark Twain", shown
    picker.line_edit.clear()
    qtbot.keyClicks(picker.line_edit, "zuck")
    assert picker.model.choice_at(0).label.startswith("Mark Zuckerberg")
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)
    stored = seeded_store.find_quote_by_uid(badass.uid)
    assert stored is not None and stored.speaker == "Mark Zuckerberg" and stored.person_id is not None

    # the next time, the person is in the database and still first for this article
    qtbot.keyClick(panel.list_view, Qt.Key.Key_S)
    qtbot.keyClicks(picker.line_edit, "zuc")
    first = picker.model.choice_at(0)
    assert first.person is not None and first.person.name == "Mark Zuckerberg"
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Escape)
