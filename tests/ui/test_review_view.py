"""Two editors on one database: Ana decides quotes (store calls as Ana), Ben reviews them in ReviewView with
the keyboard and sends one back with a comment, and Ana's "sent back to me" shows it."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.review.colleague_import import import_colleague_database
from annotator.review.queue import parse_day
from annotator.store import Store
from tests.review_fixtures import annotated_article
from tests.ui.conftest import review_read
from ui.models.review_models import ROW_ROLE
from ui.widgets.review_pages import EVERYONE_ELSE, QueueFilters
from ui.widgets.review_view import ReviewView, Tab


def _view(qtbot: QtBot, store: Store, user: str) -> ReviewView:
    settings = Settings(database_url=store.url, user_name=user)
    view = ReviewView(store, settings, user)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    review_read(qtbot, view)
    return view


@pytest.fixture
def decided(sqlite_store: Store) -> Store:
    """Ana confirms the first quote, corrects the second (kind) and confirms the third."""
    store = sqlite_store
    _, quotes = annotated_article(store, user="ana")
    store.quotes.confirm_quote(quotes[0].id, user="ana", expected_version=quotes[0].version)
    store.quotes.update_quote(quotes[1].id, {"kind": "partial"}, user="ana", expected_version=quotes[1].version)
    store.quotes.confirm_quote(quotes[2].id, user="ana", expected_version=quotes[2].version)
    return store


def test_ben_reviews_with_keys_and_ana_sees_what_came_back(qtbot: QtBot, decided: Store) -> None:
    store = decided
    ben = _view(qtbot, store, "ben")
    assert ben.colleague_box.itemText(0) == EVERYONE_ELSE and "ana" in [
        ben.colleague_box.itemText(i) for i in range(ben.colleague_box.count())
    ]
    assert ben.queue_model.rowCount() == 3
    first = ben.current_item()
    assert first is not None and first.colleague == "ana"
    # the colleague's quote is highlighted exactly, although an emoji comes before it in the text
    assert ben.text_view.highlighted_text("theirs") == [first.quote.text]
    assert "ana" in ben.theirs_column.text() and "Model" in ben.model_column.text()
    assert "(A, " in ben.accept_action.toolTip() and "(X" in ben.send_back_action.toolTip()

    ben.queue_table.setFocus()
    with qtbot.waitSignal(ben.quote_accepted) as accepted:
        qtbot.keyClick(ben.queue_table, Qt.Key.Key_A)
    assert accepted.args == [first.quote.id]
    assert store.quotes.get_quote(first.quote.id).review_status == "accepted"
    # pending only: the accepted quote left the queue, the next one is current
    assert ben.queue_model.rowCount() == 2
    second = ben.current_item()
    assert second is not None and second.theirs.kind == "partial"

    qtbot.keyClick(ben.queue_table, Qt.Key.Key_J)
    now = ben.current_item()
    assert now is not None and now.quote.id != second.quote.id
    qtbot.keyClick(ben.queue_table, Qt.Key.Key_K)
    assert ben.current_item() == second

    qtbot.keyClick(ben.queue_table, Qt.Key.Key_X)
    assert ben.comment_box.isVisible() and not ben.accept_action.isEnabled()
    qtbot.keyClick(ben.comment_edit, Qt.Key.Key_Return)  # empty: refused, the box stays open
    assert ben.comment_box.isVisible() and "comment" in ben.message.text()
    qtbot.keyClicks(ben.comment_edit, "It is a full sentence: direct")
    with qtbot.waitSignal(ben.quote_sent_back) as sent:
        qtbot.keyClick(ben.comment_edit, Qt.Key.Key_Return)
    assert sent.args == [second.quote.id]
    assert not ben.comment_box.isVisible() and ben.accept_action.isEnabled()
    assert ben.queue_model.rowCount() == 1

    ana = _view(qtbot, store, "ana")
    assert ana.sent_back_model.rowCount() == 1
    comment = ana.sent_back_model.index(0, ana.sent_back_model.column("comment")).data()
    reviewer = ana.sent_back_model.index(0, ana.sent_back_model.column("reviewer")).data()
    assert (comment, reviewer) == ("It is a full sentence: direct", "ben")
    assert ana.tabs.tabText(Tab.SENT_BACK) == "Sent back to me (1)"
    with qtbot.waitSignal(ana.quote_activated) as opened:
        ana.sent_back_table.doubleClicked.emit(ana.sent_back_model.index(0, 0))
    assert opened.args == [second.article_id, second.quote.id]


def test_comment_and_escape(qtbot: QtBot, decided: Store) -> None:
    ben = _view(qtbot, decided, "ben")
    item = ben.current_item()
    assert item is not None
    qtbot.keyClick(ben.queue_table, Qt.Key.Key_C)
    qtbot.keyClick(ben.comment_edit, Qt.Key.Key_Escape)
    assert not ben.comment_box.isVisible()
    qtbot.keyClick(ben.queue_table, Qt.Key.Key_C)
    qtbot.keyClicks(ben.comment_edit, "Check the recording")
    with qtbot.waitSignal(ben.quote_commented):
        qtbot.keyClick(ben.comment_edit, Qt.Key.Key_Return)
    quote = decided.quotes.get_quote(item.quote.id)
    assert (quote.review_comment, quote.review_status) == ("Check the recording", None)


def test_a_stale_quote_is_refused_and_shown_fresh(qtbot: QtBot, decided: Store) -> None:
    ben = _view(qtbot, decided, "ben")
    item = ben.current_item()
    assert item is not None
    decided.quotes.update_quote(item.quote.id, {"kind": "indirect"}, user="ana")  # Ana, in her own window
    with qtbot.waitSignal(ben.review_failed) as failed:
        qtbot.keyClick(ben.queue_table, Qt.Key.Key_Return)
    assert "ana" in failed.args[0] and "ana" in ben.message.text()
    assert decided.quotes.get_quote(item.quote.id).review_status is None
    ben.refresh()
    review_read(qtbot, ben)
    fresh = ben.current_item()
    assert fresh is not None and fresh.theirs.kind == "indirect"
    qtbot.keyClick(ben.queue_table, Qt.Key.Key_J)  # the reviewer moves on: the refusal has had its moment
    assert ben.message.text() == ""


def test_own_decisions_are_not_reviewable_unless_relaxed(qtbot: QtBot, decided: Store) -> None:
    ana = _view(qtbot, decided, "ana")
    assert ana.queue_model.rowCount() == 0 and "Nothing to review" in ana.review_state.text()
    assert not ana.accept_action.isEnabled()


def test_conflicts_and_agreement_tabs(qtbot: QtBot, sqlite_store: Store, tmp_path: Path) -> None:
    store = sqlite_store
    _, mine = annotated_article(store, user="ana")
    for quote in mine[:2]:
        store.quotes.confirm_quote(quote.id, user="ana", expected_version=quote.version)
    ben_path = tmp_path / "ben.db"
    ben = Store.open(f"sqlite:///{ben_path}")
    _, theirs = annotated_article(ben, user="ben")
    ben.quotes.confirm_quote(theirs[0].id, user="ben", expected_version=theirs[0].version)
    ben.quotes.update_quote(theirs[1].id, {"kind": "partial"}, user="ben", expected_version=theirs[1].version)
    ben.close()
    import_colleague_database(store, ben_path, user="ana")

    ana = _view(qtbot, store, "ana")
    assert ana.conflicts_model.rowCount() == 1 and ana.tabs.tabText(Tab.CONFLICTS) == "Conflicts (1)"
    conflict = ana.conflicts_model.index(0, 0).data(ROW_ROLE)
    assert "partial" in ana.conflicts_model.index(0, ana.conflicts_model.column("theirs")).data()
    with qtbot.waitSignal(ana.conflict_resolved):
        qtbot.mouseClick(ana.conflicts_page.take_theirs_button, Qt.MouseButton.LeftButton)
    assert store.quotes.get_quote(conflict.quote_id).kind == "partial"
    assert ana.conflicts_model.rowCount() == 0

    ana.agreement_page.editor_a.setCurrentText("ana")
    ana.agreement_page.editor_b.setCurrentText("ben")
    with qtbot.waitSignal(ana.agreement_page.compared):
        qtbot.mouseClick(ana.agreement_page.compare_button, Qt.MouseButton.LeftButton)
    assert ana.agreement_model.rowCount() == 2
    assert ana.agreement_model.index(1, 0).data() == "overall"
    # both marked the same two spans; taking Ben's decision does not erase what Ana had decided herself
    assert ana.agreement_model.index(1, ana.agreement_model.column("exact_f1")).data() == "1.000"
    out = tmp_path / "agreement.csv"
    ana.agreement_page.export_csv(out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["article_title"] for r in rows] == ["Council vote", "overall"]


def test_models_pass_the_model_tester(qtbot: QtBot, qtmodeltester: ModelTester, decided: Store) -> None:
    ben = _view(qtbot, decided, "ben")
    ben.pending_only.setChecked(False)
    review_read(qtbot, ben)
    ana = _view(qtbot, decided, "ana")
    with qtbot.waitSignal(ben.agreement_page.compared):
        ben.agreement_page.compare()
    for model in (ben.queue_model, ben.conflicts_model, ben.agreement_model, ana.sent_back_model):
        qtmodeltester.check(model)


def test_shortcuts_work_anywhere_in_the_view_but_not_while_typing(qtbot: QtBot, decided: Store) -> None:
    ben = _view(qtbot, decided, "ben")
    ben.activateWindow()
    qtbot.waitUntil(ben.isActiveWindow)
    ben.text_view.setFocus()  # not the table: the QAction shortcuts themselves answer
    first = ben.current_item()
    assert first is not None
    with qtbot.waitSignal(ben.quote_accepted):
        qtbot.keyClick(ben.text_view, Qt.Key.Key_A)
    second = ben.current_item()
    assert second is not None and second.quote.id != first.quote.id
    qtbot.keyClick(ben.queue_table, Qt.Key.Key_X)
    qtbot.keyClicks(ben.comment_edit, "ajkxc")  # review keys are letters here
    assert ben.comment_edit.text() == "ajkxc"
    with qtbot.waitSignal(ben.quote_sent_back):
        qtbot.keyClick(ben.comment_edit, Qt.Key.Key_Enter)  # Enter sends; it does not accept
    assert decided.quotes.get_quote(second.quote.id).review_status == "rejected"


def test_the_date_pickers_mean_the_same_utc_days_as_the_command_line(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an editor in Auckland (UTC+13 in December): a local day there starts the day before in UTC
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    time.tzset()
    try:
        filters = QueueFilters()
        qtbot.addWidget(filters)
        filters.since_edit.setDate(QDate(2026, 11, 1))
        filters.until_edit.setDate(QDate(2026, 11, 21))

        # `annotator review queue --since 2026-11-01 --until 2026-11-21` asks for the same decisions
        assert filters.span() == (parse_day("2026-11-01"), parse_day("2026-11-21", end=True))
    finally:
        monkeypatch.undo()
        time.tzset()


def test_an_empty_queue_says_why_and_what_would_fill_it(qtbot: QtBot, sqlite_store: Store) -> None:
    annotated_article(sqlite_store, user="ben")  # the model's suggestions, nobody else's decisions
    alone = _view(qtbot, sqlite_store, "ben")
    assert alone.queue_model.rowCount() == 0
    assert "no colleague has decided a quote" in alone.queue_page.review_state.text()
    assert "Import colleague's work" in alone.queue_page.review_state.text()


def test_a_queue_emptied_by_its_filters_says_which_to_change(qtbot: QtBot, decided: Store) -> None:
    view = _view(qtbot, decided, "ben")
    assert view.queue_model.rowCount() == 3
    view.filters.since_edit.setDate(QDate.currentDate().addDays(2))  # after every decision Ana made
    view.filters.until_edit.setDate(QDate.currentDate().addDays(3))
    view.refresh_queue()
    review_read(qtbot, view)
    assert view.queue_model.rowCount() == 0
    assert "Widen the dates" in view.queue_page.review_state.text()
