"""The action table (ui/actions.py) is the only place a key is bound: the menus, tooltips, the review view,
F1 and docs/UI.md all agree with it, and the review keys work from the keyboard through the real window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from annotator.store import Store
from tests.ui.conftest import review_read
from tests.ui.test_colleague_import import _bens_database, _by_start
from ui import actions
from ui.main_window import MainWindow
from ui.widgets.review_view import Tab

DOCS = Path(__file__).resolve().parents[2] / "docs" / "UI.md"


def test_the_key_table_in_the_docs_is_the_action_table() -> None:
    doc = DOCS.read_text(encoding="utf-8")
    begin, end = doc.index(actions.DOCS_BEGIN), doc.index(actions.DOCS_END) + len(actions.DOCS_END)
    assert doc[begin:end] == actions.keys_table_markdown(), "run `python -m ui.actions` and paste into docs/UI.md"
    for spec in actions.ACTIONS:
        if spec.keys:
            assert f"| {' or '.join(spec.keys)} | {spec.described} |" in doc, spec.name


def test_within_a_scope_no_key_means_two_things() -> None:
    for scope in (actions.WINDOW, actions.REVIEW):
        bound = [QKeySequence(key).toString() for spec in actions.specs(scope) for key in spec.keys]
        assert len(bound) == len(set(bound)), scope


def test_window_letters_are_off_while_the_review_view_is_shown() -> None:
    for spec in actions.specs(actions.WINDOW):
        if any(len(key) == 1 for key in spec.keys):
            assert spec.when in (actions.ANNOTATING, actions.HAS_ARTICLE, actions.HAS_QUOTE), spec.name


def test_menus_shortcuts_and_tooltips_come_from_the_table(window: MainWindow) -> None:
    for spec in actions.specs(actions.WINDOW):
        action = window.named_actions[spec.name]
        assert action.shortcuts() == [QKeySequence(k) for k in spec.keys], spec.name
        assert action.toolTip() == actions.tooltip(spec)
    for title, menu in window.menus.items():
        listed = [a for a in menu.actions() if not a.isSeparator()]
        names = {id(action): name for name, action in window.named_actions.items()}
        assert [names[id(a)] for a in listed] == [n for n in actions.menu_entries(title) if n is not None], title


def test_f1_lists_every_key_of_the_table(window: MainWindow) -> None:
    window.named_actions["keys"].trigger()
    dialog = window.dialogs.keys_dialog
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    shown = {(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())}
    expected = {
        (s.label, "reviewing" if s.scope == actions.REVIEW else "annotating") for s in actions.ACTIONS if s.keys
    }
    assert shown == expected


def _press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key where the editor's keyboard is: the widget that has the focus."""
    target = QApplication.focusWidget()
    assert isinstance(target, QWidget)
    qtbot.keyClick(target, key, modifier)


def test_after_ctrl_2_j_k_and_a_work_at_once(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    article_id = seeded_store.articles.article_ids()[0]
    for quote in _by_start(seeded_store, article_id)[:2]:
        seeded_store.quotes.confirm_quote(quote.id, user="Bea")  # Bea decided; Ana reviews
    window.quote_panel.list_view.setFocus()
    _press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.review_view
    assert view is not None and window.in_review_mode
    review_read(qtbot, view)
    assert view.queue_model.rowCount() == 2
    first = view.current_item()
    _press(qtbot, Qt.Key.Key_J)  # no click anywhere first
    second = view.current_item()
    assert first is not None and second is not None and second.quote.id != first.quote.id
    _press(qtbot, Qt.Key.Key_K)
    assert view.current_item() == first
    with qtbot.waitSignal(view.quote_accepted):
        _press(qtbot, Qt.Key.Key_A)
    assert seeded_store.quotes.get_quote(first.quote.id).review_status == "accepted"
    assert window.status_line.saved_label.text().startswith("saved")


def test_conflicts_are_settled_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, seeded_store: Store, tmp_path: Path
) -> None:
    article_id = seeded_store.articles.article_ids()[0]
    mine = _by_start(seeded_store, article_id)
    for quote in mine[:2]:
        seeded_store.quotes.confirm_quote(quote.id, user="Ana")
    path = _bens_database(tmp_path, mine[0], mine[1], mine[2])  # Ben makes the second one partial
    with qtbot.waitSignal(window.background_finished, timeout=30_000):
        window.jobs.import_colleague_work(path)
    window.quote_panel.list_view.setFocus()
    _press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.review_view
    assert view is not None
    review_read(qtbot, view)
    assert not view.named_actions["take_theirs"].isEnabled()  # not on the queue tab: T acts on nothing unseen
    for _ in range(2):
        _press(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.tabs.currentIndex() == Tab.CONFLICTS and view.conflicts_model.rowCount() == 1
    assert not view.named_actions["accept"].isEnabled()  # A does not accept a queue row out of sight
    with qtbot.waitSignal(view.conflict_resolved):
        _press(qtbot, Qt.Key.Key_T)
    assert seeded_store.quotes.get_quote(mine[1].id).kind == "partial"
    assert view.conflicts_model.rowCount() == 0
