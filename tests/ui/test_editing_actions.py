"""Editing actions that change only what the editor meant (issue 13, "Editing"), driven by keys through the
real window: Q and the speaker, the speaker picker's search, the export dialog's counts, find in the article."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from annotator.store import Store
from tests.ui.conftest import MISSED_QUOTE, find
from ui.main_window import MainWindow


def open_first(window: MainWindow, store: Store) -> None:
    assert window.open_article(store.articles.article_ids()[0])


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
    stored = seeded_store.quotes.find_quote_by_uid(added.uid)
    assert stored is not None and (stored.status, stored.speaker, stored.verified_by) == (
        "confirmed",
        "Mark Zuckerberg",
        "Ana",
    )


def test_a_confirms_an_added_quote_as_speaker_unknown(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    open_first(window, seeded_store)
    add_missed_quote(qtbot, window)
    added = window.current_quote
    assert added is not None
    window.quote_panel.list_view.setFocus()
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_A)
    stored = seeded_store.quotes.find_quote_by_uid(added.uid)
    assert stored is not None and (stored.status, stored.speaker, stored.verified_by) == ("confirmed", None, "Ana")


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
    assert panel.speaker_picker.model.index(last, 0).data() == "Speaker unknown"
    for _ in range(last):
        qtbot.keyClick(panel.speaker_picker.line_edit, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(panel.speaker_picker.line_edit, Qt.Key.Key_Return)
    stored = seeded_store.quotes.find_quote_by_uid(added.uid)
    assert stored is not None and (stored.status, stored.speaker) == ("confirmed", None)


def test_the_speaker_picker_finds_the_articles_people_by_part_of_their_name(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    """It offered only "Add new person" for "zuck" or "Mark"."""
    seeded_store.people.find_or_create_person("Mark Twain", user="Ana")  # someone of the database, not of this article
    open_first(window, seeded_store)
    panel = window.quote_panel
    picker = panel.speaker_picker
    badass = panel.model.quotes[3]
    panel.select_uid(badass.uid)
    panel.list_view.setFocus()

    qtbot.keyClick(panel.list_view, Qt.Key.Key_S)
    qtbot.keyClicks(picker.line_edit, "Mark")
    shown = [picker.model.index(row, 0).data() for row in range(picker.model.rowCount())]
    assert shown[0].startswith("Mark Zuckerberg") and shown[1] == "Mark Twain", shown
    picker.line_edit.clear()
    qtbot.keyClicks(picker.line_edit, "zuck")
    assert picker.model.index(0, 0).data().startswith("Mark Zuckerberg")
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(picker.line_edit, Qt.Key.Key_Return)
    stored = seeded_store.quotes.find_quote_by_uid(badass.uid)
    assert stored is not None and stored.speaker == "Mark Zuckerberg" and stored.person_id is not None

    # the next time, the person is in the database and still first for this article
    qtbot.keyClick(panel.list_view, Qt.Key.Key_S)
    qtbot.keyClicks(picker.line_edit, "zuc")
    first = picker.model.choice_at(0)
    assert first is not None and first.person is not None and first.person.name == "Mark Zuckerberg"
    qtbot.keyClick(picker.line_edit, Qt.Key.Key_Escape)


def test_ctrl_e_with_the_defaults_exports_the_confirmed_quotes_and_says_what_it_left_out(
    qtbot: QtBot, window: MainWindow, seeded_store: Store, tmp_path: Path
) -> None:
    """With the defaults Ctrl+E exported 0 of the confirmed quotes ("only quotes a colleague accepted" was
    ticked) and said nothing else."""
    open_first(window, seeded_store)
    panel = window.quote_panel
    panel.list_view.setFocus()
    for _ in range(2):  # confirm the first two quotes; two are still to check
        with qtbot.waitSignal(window.decision_committed):
            qtbot.keyClick(panel.list_view, Qt.Key.Key_A)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.dialogs.export_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.counts_label.text().splitlines() == [
        "2 quotes match.",
        "2 quotes still to check (status “suggested” not ticked).",
    ]
    path = tmp_path / "quotes.csv"
    dialog.set_path(path)
    with qtbot.waitSignal(dialog.export_finished, timeout=20_000) as finished:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert finished.args == [2]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 2
    assert "2 quotes still to check" in dialog.message_label.text()

    # ticked by hand, the reviewer filter says what it leaves out before the next export
    qtbot.mouseClick(dialog.reviewed_box, Qt.MouseButton.LeftButton)
    dialog.update_counts()  # what the pause after a change does
    assert "2 confirmed quotes await a second reviewer" in dialog.counts_label.text()
    assert dialog.counts_label.text().startswith("0 quotes match.")
    dialog.close()


def test_ctrl_f_finds_in_the_open_article_and_steps_through_the_matches(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    """Ctrl+F only filtered the article list; it did not find or highlight the words in the article."""
    open_first(window, seeded_store)
    assert window.article is not None
    text = window.article.text
    expected = [find(text, "Clegg", nth) for nth in range(text.count("Clegg"))]
    assert len(expected) >= 2
    bar = window.find_bar
    window.quote_panel.list_view.setFocus()

    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible() and bar.line_edit.hasFocus()
    qtbot.keyClicks(bar.line_edit, "clegg")  # case aside
    assert window.article_view.find_match_spans() == expected
    assert bar.count_label.text() == f"1 of {len(expected)}"
    selected_before = window.current_quote

    qtbot.keyClick(bar.line_edit, Qt.Key.Key_Return)
    assert bar.count_label.text() == f"2 of {len(expected)}"
    qtbot.keyClick(bar.line_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == f"1 of {len(expected)}"
    qtbot.keyClick(bar.line_edit, Qt.Key.Key_F3)
    assert bar.count_label.text() == f"2 of {len(expected)}"
    qtbot.keyClick(bar.line_edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == f"1 of {len(expected)}"
    # finding neither decides nor moves the text selection Q and B act on
    assert window.current_quote == selected_before
    assert window.article_view.selected_span() is None
    assert window.store is not None and window.store.history.next_undo(window.user) is None

    bar.line_edit.selectAll()
    qtbot.keyClicks(bar.line_edit, "no such words")
    assert bar.count_label.text() == "no match" and window.article_view.find_match_spans() == []

    qtbot.keyClick(bar.line_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.article_view.find_match_spans() == []

    # the article search has its own key now and still filters the list
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.search.edit.hasFocus()


def drop_files(qtbot: QtBot, window: MainWindow, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(window.background_finished, timeout=20_000) as finished:
        window.dropEvent(event)
    assert finished.args == ["importing"]


def test_one_article_added_is_a_status_line_not_a_large_empty_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    good = tmp_path / "council.txt"
    good.write_text('Council backs the plan\n\n"We will build it," the mayor said.\n', encoding="utf-8")
    drop_files(qtbot, window, good)
    assert window.jobs.import_report_dialog is None
    assert window.status_line.message_label.toolTip() == "Import: 1 article added."
    qtbot.waitUntil(lambda: not window.busy, timeout=60_000)  # its pre-annotation


def test_the_import_report_lists_articles_imported_only_in_part_and_fits_its_rows(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text('---\ntitle: [never closed\n---\nPlan passes\n\n"It is done," she said.\n', encoding="utf-8")
    drop_files(qtbot, window, broken)
    dialog = window.jobs.import_report_dialog
    assert dialog is not None and dialog.isVisible()
    assert "1 imported only in part" in dialog.summary_label.text()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "broken.md"  # type: ignore[union-attr]
    assert dialog.table.item(0, 1).text().startswith("imported only in part: ")  # type: ignore[union-attr]
    assert dialog.height() < 320  # one row, not the old 640×320 minimum
    dialog.accept()
    qtbot.waitUntil(lambda: not window.busy, timeout=60_000)


def test_find_matches_a_phrase_across_a_line_break_and_case() -> None:
    from ui.widgets.find_bar import find_all

    text = "Nick Clegg told\njournalists. NICK clegg left. Nick  Cleggs"
    assert find_all(text, "nick clegg") == [(0, 10), (29, 39), (46, 57)]
    assert find_all(text, "told journalists") == [(11, 27)]
    assert find_all(text, "   ") == [] and find_all(text, "a.b") == []
