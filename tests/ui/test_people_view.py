"""The People view through the real window, with the editor's keys: Ctrl+3, filter, sort, open a person,
Enter to jump to a quote in its article, merge a likely duplicate and undo it; View › Sources saves a chart.
A small archive built through the store (tests/unit/people_data.py), on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.people_archive import PeopleFilter, find_person
from annotator.store import Store
from tests.ui.conftest import open_window
from tests.unit.people_data import Said, annotated_article
from ui.main_window import MainWindow
from ui.models.people_quotes import PersonQuotesModel
from ui.models.people_table import QUOTES, PeopleTableModel
from ui.widgets.people_view import PeopleView


@pytest.fixture
def archive(sqlite_store: Store) -> Store:
    """Nick Clegg (1 verified quote), "N. Clegg" created in another article (1), Mark Zuckerberg (2 verified,
    1 to check), in two outlets."""
    annotated_article(
        sqlite_store,
        "Meta talks",
        [
            Said("Mark is very keen to play an active role here", "Nick Clegg"),
            Said("We will not change course on this at all", "Mark Zuckerberg"),
        ],
        outlet="Business Insider",
        published="2024-03-05",
    )
    annotated_article(
        sqlite_store,
        "Policy day",
        [
            Said("The conversations are clearly fairly high level", "N. Clegg"),
            Said("Too many people get penalized unfairly today", "Mark Zuckerberg"),
            Said("We are still thinking about the whole thing", "Mark Zuckerberg", decision="leave"),
        ],
        outlet="BBC News",
        published="2024-04-10",
    )
    return sqlite_store


@pytest.fixture
def main(qtbot: QtBot, archive: Store, settings: Settings) -> Iterator[MainWindow]:
    window = open_window(qtbot, archive, settings)
    yield window
    window.close()


def _press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key where the editor's keyboard is: the widget that has the focus."""
    target = QApplication.focusWidget()
    assert isinstance(target, QWidget)
    qtbot.keyClick(target, key, modifier)


def _names(view: PeopleView) -> list[str]:
    model = view.people_model
    return [p.name for row in range(model.rowCount()) if (p := model.person_at(row)) is not None]


def _open_people(qtbot: QtBot, main: MainWindow) -> PeopleView:
    _press(qtbot, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    view = main.people.view
    assert view is not None and main.people.active
    return view


def test_ctrl_3_filter_sort_open_a_person_and_enter_jumps_to_the_quote(
    qtbot: QtBot, main: MainWindow, archive: Store
) -> None:
    view = _open_people(qtbot, main)
    assert _names(view) == ["Mark Zuckerberg", "N. Clegg", "Nick Clegg"]
    assert not main.named_actions["confirm"].isEnabled()  # Enter and A belong to the view now

    _press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # back to annotating, and Ctrl+3 again
    assert not main.people.active and main.pages.currentWidget() is main.splitter
    view = _open_people(qtbot, main)
    qtbot.keyClicks(view.filter_edit, "clegg")
    qtbot.waitUntil(lambda: _names(view) == ["N. Clegg", "Nick Clegg"])
    view.filter_edit.clear()
    qtbot.waitUntil(lambda: len(_names(view)) == 3)

    header = view.people_table.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(QUOTES) + header.sectionSize(QUOTES) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    qtbot.waitUntil(lambda: view.people_model.sort_name == "quotes")
    zuckerberg = view.people_model.person_at(0)
    assert zuckerberg is not None and zuckerberg.name == "Mark Zuckerberg"
    assert (zuckerberg.quotes, zuckerberg.verified, zuckerberg.suggested) == (3, 2, 1)
    assert zuckerberg.outlets == ("BBC News", "Business Insider")

    view.people_table.setFocus()
    view.people_table.setCurrentIndex(view.people_model.index(0, 0))
    _press(qtbot, Qt.Key.Key_Return)  # open the person: their quotes, the latest first
    assert view.current is not None and view.current.name == "Mark Zuckerberg"
    assert view.quotes_table.hasFocus() and view.quotes_model.rowCount() == 3
    latest = view.quotes_model.quote_at(0)
    assert latest is not None and latest.article_title == "Policy day"

    _press(qtbot, Qt.Key.Key_Return)  # to the quote in its article
    assert not main.people.active and not main.named_actions["people_mode"].isChecked()
    assert main.article is not None and main.article.title == "Policy day"
    assert main.current_quote is not None and main.current_quote.id == latest.quote_id


def test_merge_a_likely_duplicate_then_undo_and_redo_it_with_the_keys(
    qtbot: QtBot, main: MainWindow, archive: Store
) -> None:
    view = _open_people(qtbot, main)
    nick = find_person(archive, "Nick Clegg")
    view.select_person(nick)
    assert view.duplicates.isVisibleTo(view)
    assert "N. Clegg" in view.duplicates.list.item(0).text()

    qtbot.mouseClick(view.duplicates.merge_button, Qt.MouseButton.LeftButton)

    assert _names(view) == ["Mark Zuckerberg", "Nick Clegg"]
    assert view.current is not None and view.current.quotes == 2 and "N. Clegg" in view.current.aliases
    view.people_table.setFocus()
    _press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _names(view) == ["Mark Zuckerberg", "N. Clegg", "Nick Clegg"]
    assert archive.people.get_person(nick).aliases == ()
    _press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _names(view) == ["Mark Zuckerberg", "Nick Clegg"]
    merges = [e for e in archive.audit.edits(target="person") if e.action == "merge"]
    assert merges and merges[-1].user == "Ana"


def test_a_person_known_by_their_name_written_otherwise_is_offered_as_a_duplicate(
    qtbot: QtBot, main: MainWindow, archive: Store
) -> None:
    """An alias in capitals with a full stop is Nick Clegg's name, as the rest of the app compares names."""
    deputy = archive.people.find_or_create_person("The Deputy Prime Minister", user="ana", aliases=["NICK CLEGG."])
    view = _open_people(qtbot, main)
    view.select_person(find_person(archive, "Nick Clegg"))
    offered = [view.duplicates.list.item(row).text() for row in range(view.duplicates.list.count())]
    assert f"The Deputy Prime Minister (person {deputy.id}): one name is the other's alias" in offered
    assert any("N. Clegg" in text for text in offered)


def test_dismissing_a_duplicate_keeps_both_people_and_stops_the_suggestion(
    qtbot: QtBot, main: MainWindow, archive: Store
) -> None:
    view = _open_people(qtbot, main)
    view.select_person(find_person(archive, "Nick Clegg"))
    qtbot.mouseClick(view.duplicates.dismiss_button, Qt.MouseButton.LeftButton)
    assert not view.duplicates.isVisibleTo(view)
    assert _names(view) == ["Mark Zuckerberg", "N. Clegg", "Nick Clegg"]


def test_describe_rename_gender_and_split_from_the_view_are_undoable(
    qtbot: QtBot, main: MainWindow, archive: Store
) -> None:
    view = _open_people(qtbot, main)
    mark = find_person(archive, "Mark Zuckerberg")
    view.select_person(mark)
    answers = iter(["Meta CEO", "Mark E. Zuckerberg", "Priscilla Chan"])
    view.ask_text = lambda _title, _question, _text: next(answers)

    qtbot.mouseClick(view.describe_button, Qt.MouseButton.LeftButton)
    assert view.current is not None and view.current.description == "Meta CEO"
    assert view.description_label.text() == "Meta CEO"
    qtbot.mouseClick(view.rename_button, Qt.MouseButton.LeftButton)
    assert _names(view) == ["Mark E. Zuckerberg", "N. Clegg", "Nick Clegg"]
    view.gender_combo.setCurrentIndex(view.gender_combo.findData("man"))
    assert archive.people.get_person(mark) and view.current.gender == "man"
    view.quotes_table.selectRow(2)  # the oldest quote is someone else's
    moved = view.selected_quote_ids()
    qtbot.mouseClick(view.split_button, Qt.MouseButton.LeftButton)
    assert view.current.name == "Priscilla Chan" and view.current.quotes == 1
    assert archive.quotes.get_quote(moved[0]).person_id == view.current.person_id

    for _ in range(4):  # split, gender, rename, description: each a step of its own
        main.undo_history.undo()
    view.select_person(mark)
    assert (view.current.name, view.current.description, view.current.gender) == ("Mark Zuckerberg", None, None)
    assert view.current.quotes == 3 and "Priscilla Chan" not in _names(view)


def test_the_people_models_page_in_lazily_and_pass_the_model_tester(qtmodeltester: object, archive: Store) -> None:
    people = PeopleTableModel(archive, page_size=1)
    people.reload()
    assert people.rowCount() == 1 and people.canFetchMore()
    while people.canFetchMore():
        people.fetchMore()
    assert people.rowCount() == 3
    people.set_filters(PeopleFilter(outlet="Business Insider"))
    while people.canFetchMore():
        people.fetchMore()
    assert people.rowCount() == 2  # N. Clegg speaks only in the BBC
    people.set_filters(PeopleFilter())
    assert people.canFetchMore()
    qtmodeltester.check(people)  # type: ignore[attr-defined]  # it pages in the rest itself
    quotes = PersonQuotesModel(archive, page_size=2)
    quotes.set_person(find_person(archive, "Mark Zuckerberg"))
    assert quotes.rowCount() == 2 and quotes.canFetchMore()
    quotes.fetchMore()
    assert quotes.rowCount() == 3 and not quotes.canFetchMore()
    quotes.set_person(find_person(archive, "Mark Zuckerberg"))
    qtmodeltester.check(quotes)  # type: ignore[attr-defined]


def test_sources_dialog_counts_by_hand_and_saves_the_chart_as_png_and_svg(
    qtbot: QtBot, main: MainWindow, tmp_path: Path
) -> None:
    main.named_actions["sources"].trigger()
    dialog = main.people.sources_dialog
    assert dialog is not None and dialog.isVisible()
    # counted by hand: 4 verified quotes (Clegg 1, N. Clegg 1, Zuckerberg 2) from 3 speakers
    assert dialog.summary_label.text().startswith("4 verified quotes from 3 speakers")
    dialog.verified_check.setChecked(False)
    assert dialog.summary_label.text().startswith("5 quotes")

    dialog.choose_path = lambda _suggested: tmp_path / "sources.png"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "sources.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dialog.chart_combo.setCurrentIndex(dialog.chart_combo.findData("buckets"))
    assert dialog.breakdown == "outlet"
    dialog.choose_path = lambda _suggested: tmp_path / "outlets.svg"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    svg = (tmp_path / "outlets.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "BBC News" in svg
    dialog.close()


def test_a_person_quoted_in_an_article_without_outlet_or_date_reads_plainly(
    qtbot: QtBot, sqlite_store: Store, settings: Settings
) -> None:
    """The seed articles have no date: the person's line said "1 quotes (...) in 0 outlets, ? to ?"."""
    annotated_article(
        sqlite_store,
        "Undated",
        [Said("Mark is very keen to play an active role here", "Nick Clegg")],
        outlet="",
        published="",
    )
    main = open_window(qtbot, sqlite_store, settings)
    main.named_actions["people_mode"].trigger()
    view = main.people.view
    assert view is not None
    view.select_person(find_person(sqlite_store, "Nick Clegg"))
    assert view.counts_label.text() == "1 quote (1 verified, 0 to check)"
    main.close()
