"""File › Import colleague's work: Ben worked on his own SQLite file; Ana imports it from her window and his
decisions come in beside hers, the one they disagree on as a conflict to settle in review mode."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.decision_records import MergeReport
from annotator.records import QuoteRecord
from annotator.store import Store
from tests.ui.conftest import add_seed, review_read, seed_annotations
from ui.main_window import MainWindow
from ui.models.review_models import ROW_ROLE
from ui.widgets.review_view import Tab
from ui.workers import ColleagueImportWorker


def _by_start(store: Store, article_id: int) -> list[QuoteRecord]:
    return sorted(store.quotes.quotes_for_article(article_id), key=lambda q: q.start)


def _bens_database(tmp_path: Path, agree: QuoteRecord, differ: QuoteRecord, only_his: QuoteRecord) -> Path:
    """Ben's own file: the same seed, his own run of the model (other uids), then his decisions."""
    path = tmp_path / "ben.db"
    ben = Store.open(f"sqlite:///{path}")
    try:
        summary = add_seed(ben)
        ben.articles.save_annotations(
            summary.id, seed_annotations(ben.articles.get_article(summary.id).text), user="model"
        )
        his = {q.start: q for q in ben.quotes.quotes_for_article(summary.id)}
        ben.quotes.confirm_quote(his[agree.start].id, user="ben")
        ben.quotes.update_quote(his[differ.start].id, {"kind": "partial"}, user="ben")
        ben.quotes.reject_quote(his[only_his.start].id, user="ben")
    finally:
        ben.close()
    return path


def test_importing_bens_work_brings_a_conflict_to_review(
    qtbot: QtBot, window: MainWindow, seeded_store: Store, tmp_path: Path
) -> None:
    article_id = seeded_store.articles.article_ids()[0]
    assert window.open_article(article_id)
    for _ in range(2):  # Ana confirms the first two quotes with the keyboard
        with qtbot.waitSignal(window.decision_committed):
            qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_A)
    first, second, third, *_ = _by_start(seeded_store, article_id)
    assert (first.status, second.status, third.status) == ("confirmed", "confirmed", "suggested")
    path = _bens_database(tmp_path, agree=first, differ=second, only_his=third)

    action = window.named_actions["import_colleague"]
    assert action in window.menus["File"].actions() and action in window.menus["Review"].actions()
    assert "Ctrl+Shift+I" in action.toolTip().replace("Shift+Ctrl", "Ctrl+Shift")
    with qtbot.waitSignal(window.background_finished, timeout=20_000):
        worker = window.jobs.import_colleague_work(str(path))
    assert worker is not None

    summary = window.notice.text()
    assert "ben.db" in summary and "1 conflict to resolve" in summary and "(Ctrl+2)" in summary
    assert window.status_line.message_label.text() == summary
    # the open article shows Ben's rejection of the quote nobody here had decided
    shown = {q.uid: q for q in window.quote_panel.model.quotes}
    assert shown[third.uid].status == "rejected"
    # Ana's own decision stays; the disagreement waits as a conflict
    mine = seeded_store.quotes.get_quote(second.id)
    assert (mine.status, mine.kind, mine.verified_by) == ("confirmed", "direct", "Ana")

    with qtbot.waitSignal(window.named_actions["review_mode"].toggled):
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.review_view
    assert view is not None and window.in_review_mode
    review_read(qtbot, view)
    assert view.conflicts_model.rowCount() == 1 and view.tabs.tabText(Tab.CONFLICTS) == "Conflicts (1)"
    assert view.conflicts_model.index(0, 0).data(ROW_ROLE).quote_id == second.id
    assert "partial" in view.conflicts_model.index(0, view.conflicts_model.column("theirs")).data()

    # importing the same file again, with the review view open, brings nothing and changes nothing
    with qtbot.waitSignal(window.background_finished, timeout=20_000):
        window.jobs.import_colleague_work(path)
    assert "nothing new" in window.notice.text()
    assert view.conflicts_model.rowCount() == 1
    assert seeded_store.quotes.get_quote(second.id).kind == "direct"


def test_the_notice_button_opens_the_conflicts_tab(
    qtbot: QtBot, window: MainWindow, seeded_store: Store, tmp_path: Path
) -> None:
    article_id = seeded_store.articles.article_ids()[0]
    first, second, third, *_ = _by_start(seeded_store, article_id)
    seeded_store.quotes.confirm_quote(second.id, user="Ana")
    path = _bens_database(tmp_path, agree=first, differ=second, only_his=third)
    with qtbot.waitSignal(window.background_finished, timeout=20_000):
        window.jobs.import_colleague_work(path)
    window.review.show_conflicts()  # what the notice's "Review the conflicts" button does
    view = window.review_view
    assert view is not None and window.in_review_mode
    review_read(qtbot, view)
    assert view.tabs.currentIndex() == Tab.CONFLICTS and view.conflicts_model.rowCount() == 1


def test_a_file_that_is_not_a_database_is_a_notice_and_work_goes_on(
    qtbot: QtBot, window: MainWindow, seeded_store: Store, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"these are my notes, not a database " * 200)
    with qtbot.waitSignal(window.background_finished, timeout=20_000):
        window.jobs.import_colleague_work(notes)
    assert window.notice.isVisible() and window.notice.level == "error"
    assert "not a Quote Annotator database" in window.notice.text() and "notes.db" in window.notice.text()
    assert not window.busy and not window.status_line.progress_bar.isVisible()

    # her own database is refused too, and plainly
    own = seeded_store.url.removeprefix("sqlite:///")
    with qtbot.waitSignal(window.background_finished, timeout=20_000):
        window.jobs.import_colleague_work(own)
    assert "the database you are working in" in window.notice.text()

    assert window.open_article(seeded_store.articles.article_ids()[0])
    quote = window.current_quote
    assert quote is not None
    with qtbot.waitSignal(window.decision_committed):
        qtbot.keyClick(window.quote_panel.list_view, Qt.Key.Key_A)
    assert seeded_store.quotes.get_quote(quote.id).status == "confirmed"


def test_a_cancelled_import_stops_before_the_next_article(
    qtbot: QtBot, window: MainWindow, seeded_store: Store, tmp_path: Path
) -> None:
    first, second, third, *_ = _by_start(seeded_store, seeded_store.articles.article_ids()[0])
    path = _bens_database(tmp_path, agree=first, differ=second, only_his=third)
    worker = ColleagueImportWorker(seeded_store, path, user="Ana")
    worker.cancel()  # as if Cancel was pressed before the first article: the core asks progress() first
    reports: list[MergeReport] = []
    worker.signals.finished.connect(reports.append)  # before the window's own slot, so filled by the time it ends
    with qtbot.waitSignal(window.background_finished, timeout=20_000):
        window.jobs.start_worker(worker, window.jobs.on_colleague_import_finished)
    assert len(reports) == 1 and reports[0].cancelled and reports[0].decisions_added == 0
    assert "Cancelled before the end" in window.notice.text()
    assert seeded_store.quotes.get_quote(second.id).status == "suggested"
