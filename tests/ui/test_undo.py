"""Ctrl+Z / Ctrl+Shift+Z through the real window: undo acts on what the view shows (the review view takes
back review decisions, never an annotation decision in another article), the Edit menu names the step, a
colleague's change since refuses the undo with the fresh state, and the app and `annotator undo` share one
history. Real SQLite files (one scenario on PostgreSQL too)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from annotator import cli
from annotator.config import Settings
from annotator.operations import RenamePerson
from annotator.review.colleague_import import import_colleague_database
from annotator.store import Store
from tests.review_fixtures import annotated_article
from tests.ui.conftest import open_window, review_read
from ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _focused(window: MainWindow) -> QWidget:
    return QApplication.focusWidget() or window


def _press(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier = CTRL) -> None:
    qtbot.keyClick(_focused(window), key, modifiers)


def _menu_text(window: MainWindow, name: str) -> str:
    return window.named_actions[name].text().replace("&", "")


def _ben_confirms_an_article(store: Store) -> int:
    """Ben, on the same database, confirms the first quote of another article: one row for Ana's review."""
    _, quotes = annotated_article(store, user="ben")
    store.quotes.confirm_quote(quotes[0].id, user="ben", expected_version=quotes[0].version)
    return quotes[0].id


def _confirm_in_annotation(qtbot: QtBot, window: MainWindow) -> int:
    """Ana opens the seed article and confirms its first quote to check with A."""
    assert window.store is not None
    seed = next(a.id for a in window.store.articles.list_articles() if a.title != "Council vote")
    assert window.open_article(seed)
    quote = window.current_quote
    assert quote is not None
    qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_A)
    assert window.store is not None and window.store.quotes.get_quote(quote.id).status == "confirmed"
    return quote.id


def _review_mode(qtbot: QtBot, window: MainWindow) -> None:
    _press(qtbot, window, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: window.in_review_mode)
    review_read(qtbot, window.review_view)


def test_ctrl_z_in_review_undoes_the_accept_and_leaves_annotation_alone(
    qtbot: QtBot, any_seeded_store: Store, any_settings: Settings
) -> None:
    store = any_seeded_store
    bens = _ben_confirms_an_article(store)
    window = open_window(qtbot, store, any_settings)
    mine = _confirm_in_annotation(qtbot, window)
    assert _menu_text(window, "undo") == f"Undo confirm quote {mine}"

    _review_mode(qtbot, window)
    # nothing decided in review yet: the Edit menu says so instead of offering Ana's confirm
    assert not window.named_actions["undo"].isEnabled()
    assert _menu_text(window, "undo") == "Undo (no review decision to undo)"
    view = window.review_view
    assert view.current_item() is not None and view.current_item().quote.id == bens
    qtbot.keyClick(view.queue_table, Qt.Key.Key_A)
    assert store.quotes.get_quote(bens).review_status == "accepted"
    assert _menu_text(window, "undo") == f"Undo accept quote {bens}"

    _press(qtbot, window, Qt.Key.Key_Z)
    assert store.quotes.get_quote(bens).review_status != "accepted"
    assert store.quotes.get_quote(mine).status == "confirmed"  # the annotation decision in the other article stays
    review_read(qtbot, view)
    assert view.queue_model.rowCount() == 1  # Ben's quote is back in the queue
    assert _menu_text(window, "redo") == f"Redo accept quote {bens}"
    assert not window.named_actions["undo"].isEnabled()

    _press(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert store.quotes.get_quote(bens).review_status == "accepted"
    assert store.quotes.get_quote(mine).status == "confirmed"

    # back in annotation, Ctrl+Z takes back the annotation decision (the accept stays)
    _press(qtbot, window, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: not window.in_review_mode)
    assert _menu_text(window, "undo") == f"Undo confirm quote {mine}"
    _press(qtbot, window, Qt.Key.Key_Z)
    assert store.quotes.get_quote(mine).status != "confirmed"
    assert store.quotes.get_quote(bens).review_status == "accepted"
    assert window.current_quote is not None and window.current_quote.id == mine
    assert window.current_quote.status != "confirmed"  # the panel shows the undone state
    window.close()


def test_keep_mine_and_take_theirs_are_undone_and_redone(
    qtbot: QtBot, seeded_store: Store, settings: Settings, tmp_path: Path
) -> None:
    store = seeded_store
    _, mine = annotated_article(store, user="Ana")
    for quote in mine[:2]:
        store.quotes.confirm_quote(quote.id, user="Ana", expected_version=quote.version)
    ben_path = tmp_path / "ben.db"
    ben = Store.open(f"sqlite:///{ben_path}")
    _, theirs = annotated_article(ben, user="ben")
    ben.quotes.update_quote(theirs[0].id, {"kind": "partial"}, user="ben", expected_version=theirs[0].version)
    ben.quotes.update_quote(theirs[1].id, {"kind": "indirect"}, user="ben", expected_version=theirs[1].version)
    ben.close()
    import_colleague_database(store, ben_path, user="Ana")

    window = open_window(qtbot, store, settings)
    _review_mode(qtbot, window)
    view = window.review_view
    view.show_conflicts_tab()
    assert view.conflicts_model.rowCount() == 2
    view.conflicts_table.setFocus()
    view.conflicts_table.selectRow(0)
    first = view.conflicts_page.current()
    assert first is not None
    with qtbot.waitSignal(view.conflict_resolved):
        qtbot.keyClick(view.conflicts_table, Qt.Key.Key_T)  # take theirs
    taken = store.quotes.get_quote(first.quote_id).kind
    assert taken in {"partial", "indirect"}
    assert _menu_text(window, "undo") == f"Undo keep theirs in conflict {first.id}"

    _press(qtbot, window, Qt.Key.Key_Z)
    assert store.quotes.get_quote(first.quote_id).kind == "direct"
    review_read(qtbot, view)
    assert view.conflicts_model.rowCount() == 2  # open again, in the tab
    _press(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert store.quotes.get_quote(first.quote_id).kind == taken
    review_read(qtbot, view)

    view.show_conflicts_tab()
    view.conflicts_table.setFocus()
    view.conflicts_table.selectRow(0)
    second = view.conflicts_page.current()
    assert second is not None and second.id != first.id
    with qtbot.waitSignal(view.conflict_resolved):
        qtbot.keyClick(view.conflicts_table, Qt.Key.Key_M)  # keep mine
    assert view.conflicts_model.rowCount() == 0
    assert _menu_text(window, "undo") == f"Undo keep mine in conflict {second.id}"
    _press(qtbot, window, Qt.Key.Key_Z)
    review_read(qtbot, view)
    assert view.conflicts_model.rowCount() == 1 and store.quotes.get_quote(second.quote_id).kind == "direct"
    assert [c.id for c in store.review.review_conflicts(open_only=True)] == [second.id]
    window.close()


def test_an_undo_over_a_colleagues_change_is_refused_with_the_fresh_state(
    qtbot: QtBot, seeded_store: Store, settings: Settings, sqlite_url: str
) -> None:
    store = seeded_store
    bens = _ben_confirms_an_article(store)
    window = open_window(qtbot, store, settings)
    _review_mode(qtbot, window)
    qtbot.keyClick(window.review_view.queue_table, Qt.Key.Key_A)
    assert store.quotes.get_quote(bens).review_status == "accepted"

    # Ben, at his own desk on the same database file, changes the quote after Ana's accept
    colleague = Store.open(sqlite_url)
    fresh = colleague.quotes.get_quote(bens)
    left = colleague.quotes.update_quote(bens, {"kind": "indirect"}, user="ben", expected_version=fresh.version)
    colleague.close()

    _press(qtbot, window, Qt.Key.Key_Z)
    assert store.quotes.get_quote(bens) == left  # nothing of Ben's is lost: the quote is as he left it
    assert "ben" in window.notice.text() and f"Cannot undo accept quote {bens}" in window.notice.text()
    assert not window.named_actions["undo"].isEnabled()  # the refused step left the history
    window.close()


def test_the_app_and_the_command_line_share_one_history(
    qtbot: QtBot, seeded_store: Store, settings: Settings, sqlite_url: str
) -> None:
    window = open_window(qtbot, seeded_store, settings)
    store = seeded_store
    mine = _confirm_in_annotation(qtbot, window)
    path = sqlite_url.removeprefix("sqlite:///")

    assert cli.main(["--db", path, "--user", "Ana", "undo"]) == 0
    window.refresh()
    assert store.quotes.get_quote(mine).status != "confirmed"
    assert window.current_quote is not None and window.current_quote.status != "confirmed"
    assert _menu_text(window, "redo") == f"Redo confirm quote {mine}"

    # the other way round: a decision on the command line, Ctrl+Z in the app
    other = next(q for q in store.quotes.quotes_for_article(window.article.id) if q.id != mine)  # type: ignore[union-attr]
    assert cli.main(["--db", path, "--user", "Ana", "quote", "reject", str(other.id)]) == 0
    window.refresh()
    assert _menu_text(window, "undo") == f"Undo reject quote {other.id}"
    _press(qtbot, window, Qt.Key.Key_Z)
    assert store.quotes.get_quote(other.id).status == other.status
    assert cli.main(["--db", path, "--user", "Ana", "redo"]) == 0
    assert store.quotes.get_quote(other.id).status == "rejected"
    window.close()


class _PeoplePage(QWidget):
    """A view of people decisions, as a view of its own declares its kind to the window's undo."""

    undo_kind = "people"


def test_a_view_of_its_own_undoes_its_own_kind(qtbot: QtBot, seeded_store: Store, settings: Settings) -> None:
    store = seeded_store
    window = open_window(qtbot, store, settings)
    mine = _confirm_in_annotation(qtbot, window)
    person = store.people.find_or_create_person("Nick Clegg", user="Ana")
    window.undo_history.run(RenamePerson(person.id, "Sir Nick Clegg"))
    assert _menu_text(window, "undo") == f"Undo confirm quote {mine}"  # the annotation view shows its own

    page = _PeoplePage()
    window.pages.addWidget(page)
    window.pages.setCurrentWidget(page)
    window.update_actions()
    assert _menu_text(window, "undo").startswith(f"Undo rename person {person.id}")
    window.named_actions["undo"].trigger()
    assert store.people.get_person(person.id).name == "Nick Clegg"
    assert store.quotes.get_quote(mine).status == "confirmed"
    assert _menu_text(window, "undo") == "Undo (no people decision to undo)"
    window.close()
