"""Text from an article, a file or a colleague never renders as rich text (issue 14): the real window is
opened on hostile titles, quotes, names, comments and file names, and every widget is walked."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.store import NewArticle, Store
from tests.ui.conftest import open_window, review_read
from ui.plain import TRUSTED_RICH_TEXT, plain_tooltip

IMAGE = "<img src=x width=900 height=900>"
BIG = '<span style="font-size:72pt">shouting</span>'
LINK = '<a href="https://example.com">click here</a>'
HOSTILE = (IMAGE, BIG, LINK)
MARKERS = ("<img", "<span", "<a ")


def _hostile_database(store: Store) -> int:
    """An article whose title, outlet, quotes, speaker and review comment all carry markup."""
    text = f'Council vote\n\n"We will build it {BIG}," said the mayor {LINK}.\n\n"Never {IMAGE}," Ben replied.\n'
    summary, _ = store.articles.add_article(
        NewArticle(title=f"Council {IMAGE}", text=text, outlet=f"The {BIG} Post", source="hostile.txt"), user="x"
    )
    first_start = text.index('"We')
    first = store.quotes.add_quote(summary.id, first_start, text.index(",", first_start) + 2, user="Ana")
    mayor = store.people.find_or_create_person(f"Mayor {LINK}", user="Ana")
    first = store.quotes.set_speaker(first.id, mayor.id, user="Ana", mention=None, expected_version=first.version)
    store.review.send_back_quote(
        first.id, reviewer="Bea", comment=f"Check {BIG} {LINK}", expected_version=first.version
    )
    second_start = text.index('"Never')
    second = store.quotes.add_quote(summary.id, second_start, text.index(",", second_start) + 2, user="Bea")
    store.quotes.confirm_quote(second.id, user="Bea", expected_version=second.version)
    return summary.id


def _model_tooltips(model: QAbstractItemModel) -> list[str]:
    tips = []
    root = QModelIndex()
    for row in range(min(model.rowCount(root), 50)):
        for column in range(1 if isinstance(model, QAbstractListModel) else model.columnCount(root)):
            tip = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                tips.append(tip)
    return tips


def _rich_text_left(widgets: list[QWidget]) -> list[str]:
    """Every place a hostile string would render as markup."""
    found = []
    for widget in widgets:
        name = f"{type(widget).__name__} {widget.objectName()}".strip()
        if widget.objectName().startswith("qt_") and not isinstance(widget, QMessageBox):
            continue  # Qt's own parts (a message box's icon); the box's text format is checked below
        trusted = widget.property(TRUSTED_RICH_TEXT) and not any(h in widget.text() for h in HOSTILE)
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText and not trusted:
            found.append(f"{name}: label in {widget.textFormat().name} ({widget.text()[:60]!r})")
        if isinstance(widget, QMessageBox) and widget.textFormat() != Qt.TextFormat.PlainText:
            found.append(f"{name}: message box in {widget.textFormat().name}")
        tips = [widget.toolTip()]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            tips += _model_tooltips(widget.model())
        for tip in tips:
            if any(m in tip for m in MARKERS):  # plain_tooltip escapes every tag
                found.append(f"{name}: tooltip with raw markup ({tip[:60]!r})")
    return found


def test_plain_tooltip_escapes_only_what_qt_would_render() -> None:
    assert plain_tooltip("Undo the last decision (Ctrl+Z)") == "Undo the last decision (Ctrl+Z)"
    assert "&lt;" in plain_tooltip("a < b")
    escaped = plain_tooltip(f"line one\n{IMAGE}")
    assert IMAGE not in escaped and html.escape(IMAGE, quote=False) in escaped and "pre-wrap" in escaped


def test_hostile_text_never_renders_as_rich_text_anywhere(qtbot: QtBot, sqlite_store: Store, tmp_path: Path) -> None:
    article_id = _hostile_database(sqlite_store)
    settings = Settings(database_url=sqlite_store.url, user_name="Ana", user_chosen=True)
    window = open_window(qtbot, sqlite_store, settings)
    assert window.open_article(article_id)
    assert window.current_quote is not None and window.current_quote.review_comment is not None
    assert BIG in window.quote_panel.review_label.text()  # shown, as the characters it is
    # the review view: the queue shows Bea's decision, the sent-back tab Ana's quote with the comment
    qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.review_view
    assert view is not None
    review_read(qtbot, view)
    assert view.queue_model.rowCount() == 1 and view.sent_back_model.rowCount() == 1
    # a file with markup in its name, imported: the report names it
    hostile_file = tmp_path / f"{IMAGE}.txt"
    hostile_file.write_bytes(b"")
    with qtbot.waitSignal(window.background_finished, timeout=20_000):
        window.jobs.import_paths([hostile_file])
    # a problem naming it, the job label with a colleague's title, the about box
    window.show_problem(f"Cannot read {hostile_file.name}: {BIG}")
    window.status_line.show_job("importing a colleague's work")
    window.status_line.show_progress(1, 3, f"Council {IMAGE} {BIG}")
    window.dialogs.show_about()

    widgets = [w for w in QApplication.allWidgets() if w.window() is window or w.window().parent() is window]
    left = _rich_text_left(widgets)
    assert left == [], "\n".join(left)
    assert window.article_view.text_edit.toPlainText().count(IMAGE) == 1  # the text shows the markup literally
    status = window.statusBar()
    assert status.sizeHint().height() < 60 and status.height() < 60  # an <img width=900> would make it 900+
    window.status_line.hide_job()
    window.close()
