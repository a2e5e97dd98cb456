"""Background work: import (menu, drop), first-start seeds, pre-annotation with the real spaCy pipeline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QThread, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.store import Store
from ui.main_window import MainWindow
from ui.workers import ImportWorker


def wait_idle(qtbot: QtBot, window: MainWindow, timeout: int = 60_000) -> None:
    qtbot.waitUntil(lambda: not window.busy, timeout=timeout)


def test_dropping_files_imports_them_and_reports_each_problem(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    good = tmp_path / "council.txt"
    good.write_text('Council backs the plan\n\n"We will build it," the mayor said.\n', encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(empty))])
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(window.background_finished, timeout=20_000) as finished:
        window.dropEvent(event)
    assert finished.args == ["importing"]
    dialog = window.jobs.import_report_dialog
    assert dialog.isVisible()
    assert "1 article added" in dialog.summary_label.text()
    assert "1 could not be read" in dialog.summary_label.text()
    item = dialog.table.item(0, 0)
    assert item is not None and item.text() == "empty.txt"
    assert "empty" in dialog.table.item(0, 1).text()  # type: ignore[union-attr]
    assert window.article_model.total == 2
    wait_idle(qtbot, window)  # pre-annotation of the new article (or its clear failure without a pipeline)


def test_a_cancelled_import_stops_and_says_so(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    for number in range(3):
        (tmp_path / f"a{number}.txt").write_text(f"Title {number}\n\nText {number}.", encoding="utf-8")
    assert window.store is not None
    worker = ImportWorker(window.store, [tmp_path], user="Ana")
    worker.cancel()
    threads = []

    def on_finished(report: object) -> None:
        threads.append(QThread.currentThread())
        window.jobs.on_import_finished(report)

    with qtbot.waitSignal(window.background_finished, timeout=20_000):
        window.jobs.start_worker(worker, on_finished)
    assert threads == [window.thread()]  # results reach widgets on the GUI thread only
    assert window.jobs.import_report_dialog.isVisible()
    assert "cancelled" in window.jobs.import_report_dialog.summary_label.text()
    wait_idle(qtbot, window)
    assert not window.status_line.progress_bar.isVisible()


def test_first_start_adds_the_seed_articles_in_the_background(qtbot: QtBot, sqlite_url: str) -> None:
    from ui.app import build_window, create_application

    create_application()
    settings = Settings(database_url=sqlite_url, user_name="Ana", user_chosen=True)
    window = build_window(settings, ask_name=False, background=True)
    qtbot.addWidget(window)
    window.show()
    assert window.isVisible()  # usable before anything is imported or any model is loaded
    qtbot.waitUntil(lambda: window.article_model.total == 3, timeout=20_000)
    qtbot.waitUntil(lambda: window.article is not None, timeout=20_000)
    window.close()
    assert window.store is not None
    window.store.close()


def test_pre_annotation_runs_spacy_in_a_worker_and_fills_the_open_article(
    qtbot: QtBot, sqlite_store: Store, settings: Settings
) -> None:
    from tests.ui.conftest import add_seed

    summary = add_seed(sqlite_store)
    window = MainWindow(sqlite_store, settings)
    qtbot.addWidget(window)
    window.show()
    window.open_article(summary.id)
    assert window.quote_panel.model.rowCount() == 0
    with qtbot.waitSignal(window.pipeline_checked, timeout=120_000) as checked:
        window.jobs.check_pipeline()
    assert checked.args[0] is True, checked.args[1]
    with qtbot.waitSignal(window.background_finished, timeout=120_000):
        window.jobs.annotate([summary.id])
    assert window.quote_panel.model.rowCount() >= 3
    assert window.article_view.text_edit.extraSelections()
    assert window.article_model.index(0, 4).data().endswith(f"/ {window.quote_panel.model.rowCount()}")
    window.close()
