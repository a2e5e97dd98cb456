"""The review view a newsroom can read: conflicts side by side in their article text with the differences
marked, settled ones findable with who settled them, kappa explained in words, agreement shown as agreed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.review.colleague_import import import_colleague_database
from annotator.store import Store
from tests.review_fixtures import annotated_article, span
from tests.ui.conftest import review_read
from ui.main_window import MainWindow
from ui.widgets.review_pages import ConflictSide
from ui.widgets.review_view import ReviewView


def _view(qtbot: QtBot, store: Store, user: str) -> ReviewView:
    view = ReviewView(store, Settings(database_url=store.url, user_name=user), user)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    review_read(qtbot, view)
    return view


def _import_ben(store: Store, tmp_path: Path) -> list[int]:
    """Ana trims quote 1, confirms 2 and 3; Ben confirms 1 untouched, names <b>Carla</b> for 2, confirms 3."""
    _, mine = annotated_article(store, user="ana")
    start, end = span("vote,")
    store.quotes.update_quote(mine[0].id, {"start": start, "end": end}, user="ana")
    store.quotes.confirm_quote(mine[1].id, user="ana")
    store.quotes.confirm_quote(mine[2].id, user="ana")
    ben = Store.open(f"sqlite:///{tmp_path / 'ben.db'}")
    _, theirs = annotated_article(ben, user="ben")
    ben.quotes.confirm_quote(theirs[0].id, user="ben")
    carla = ben.people.find_or_create_person("<b>Carla</b> Diaz", user="ben")
    ben.quotes.set_speaker(theirs[1].id, carla.id, user="ben")
    ben.quotes.confirm_quote(theirs[2].id, user="ben")
    ben.close()
    import_colleague_database(store, tmp_path / "ben.db", user="ana")
    return [q.id for q in mine]


def _formatted(side: ConflictSide, fragment: str) -> QTextCursor:
    found = side.document().find(fragment)
    assert not found.isNull(), fragment
    return found


def test_conflicts_show_both_versions_in_the_article_with_differences_marked(
    qtbot: QtBot, sqlite_store: Store, tmp_path: Path
) -> None:
    ids = _import_ben(sqlite_store, tmp_path)
    ana = _view(qtbot, sqlite_store, "ana")
    ana.show_conflicts_tab()
    assert ana.conflicts_model.rowCount() == 2
    ana.conflicts_table.selectRow(0)
    page = ana.conflicts_page
    conflict = page.current()
    assert conflict is not None and conflict.quote_id == ids[0]
    assert "bounds" in page.differences_label.text()
    mine, theirs = page.mine_side.toPlainText(), page.theirs_side.toPlainText()
    # the article text around the quote, on both sides
    assert "Council vote" in mine and "said Ana Lima" in mine and "said Ana Lima" in theirs
    assert mine.startswith("Mine by ana") and theirs.startswith("Theirs by ben")
    # the bounds line is marked as what differs; each side marks its own version of the quote
    assert _formatted(page.mine_side, "bounds: ").charFormat().fontWeight() < 700
    bounds_value = _formatted(page.mine_side, f"{conflict.mine.start}–{conflict.mine.end}")
    assert bounds_value.charFormat().background().color().isValid()
    assert bounds_value.charFormat().fontWeight() == 700
    their_quote = _formatted(page.theirs_side, '"We will win the vote,"')
    assert their_quote.charFormat().background().style() != Qt.BrushStyle.NoBrush
    # the columns fit their content: the article title is not cut to a few characters
    article_column = ana.conflicts_model.column("article")
    assert ana.conflicts_table.columnWidth(article_column) >= ana.conflicts_table.fontMetrics().horizontalAdvance(
        "Council vote"
    )

    ana.conflicts_table.selectRow(1)
    assert "speaker" in page.differences_label.text()
    # a colleague's speaker name is text, never markup
    assert "<b>Carla</b> Diaz" in page.theirs_side.toPlainText()
    assert page.theirs_side.document().find("Carla Diaz").isNull()


def test_settled_conflicts_stay_findable_with_who_settled_them(
    qtbot: QtBot, sqlite_store: Store, tmp_path: Path
) -> None:
    _import_ben(sqlite_store, tmp_path)
    ana = _view(qtbot, sqlite_store, "ana")
    ana.show_conflicts_tab()
    ana.conflicts_table.selectRow(0)
    with qtbot.waitSignal(ana.conflict_resolved):
        qtbot.keyClick(ana.conflicts_table, Qt.Key.Key_M)
    assert ana.conflicts_model.rowCount() == 1
    ana.conflicts_page.show_box.setCurrentText("Settled")
    assert ana.conflicts_model.rowCount() == 1
    status = ana.conflicts_model.index(0, ana.conflicts_model.column("status")).data()
    assert status.startswith("kept mine · ana")
    assert "Settled by ana: kept mine" in ana.conflicts_page.differences_label.text()


def test_the_quote_both_confirmed_shows_as_agreed(qtbot: QtBot, sqlite_store: Store, tmp_path: Path) -> None:
    ids = _import_ben(sqlite_store, tmp_path)
    ana = _view(qtbot, sqlite_store, "ana")
    ana.pending_only.setChecked(False)
    review_read(qtbot, ana)
    texts = [
        ana.queue_model.index(r, ana.queue_model.column("review")).data() for r in range(ana.queue_model.rowCount())
    ]
    assert "agreed" in texts
    assert sqlite_store.quotes.get_quote(ids[2]).reviewed_by == "ben"


def test_kappa_undefined_is_said_in_words(qtbot: QtBot, sqlite_store: Store, tmp_path: Path) -> None:
    _, mine = annotated_article(sqlite_store, user="ana")
    for quote in mine[:3]:
        sqlite_store.quotes.confirm_quote(quote.id, user="ana")
    ben = Store.open(f"sqlite:///{tmp_path / 'ben.db'}")
    _, theirs = annotated_article(ben, user="ben")
    bo = ben.people.find_or_create_person("Bo Chen", user="ben")
    for quote in theirs[:3]:  # Ben gives every quote the same speaker
        ben.quotes.set_speaker(quote.id, bo.id, user="ben")
    ben.close()
    import_colleague_database(sqlite_store, tmp_path / "ben.db", user="ana")
    ana = _view(qtbot, sqlite_store, "ana")
    page = ana.agreement_page
    page.editor_a.setCurrentText("ana")
    page.editor_b.setCurrentText("ben")
    with qtbot.waitSignal(page.compared) as compared:
        page.compare()
    rows = compared.args[0]
    assert rows and rows[-1].speaker_kappa is None
    kappa = ana.agreement_model.index(len(rows) - 1, ana.agreement_model.column("kappa"))
    assert kappa.data() == "undefined"
    assert "editor B gave every quote the same speaker" in kappa.data(Qt.ItemDataRole.ToolTipRole)
    assert "chance explains all the agreement" in page.kappa_note.text()
    same = ana.agreement_model.index(len(rows) - 1, ana.agreement_model.column("same_speaker"))
    assert "shared quotes have the same speaker" in same.data(Qt.ItemDataRole.ToolTipRole)


def test_settings_show_the_editor_id(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    window.dialogs.open_settings()
    dialog = window.dialogs.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    shown = dialog.editor_id_label.text()
    assert shown == seeded_store.audit.editor_ids()["Ana"] and shown.startswith("Ana#")
    dialog.reject()
