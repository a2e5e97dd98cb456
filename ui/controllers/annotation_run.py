"""The shared pre-annotation run in the status bar: done, claimed, left and the workers' rate.

Workers on other machines (`annotator annotate --worker`) fill the PostgreSQL database the app has open;
the editor sees how far they are without a terminal. The figures are those of `annotator annotate
--status` (annotator.annotation_queue.queue_status), asked on the thread pool, never on the GUI thread (the
server may be far away), every few seconds while the run has work left. Articles waiting with no worker on
them are looked at once a minute, so a run started after the app opened still shows. When the run finishes
the line says so for a while and goes, and nothing more is asked until a database is opened again. A
SQLite database has no shared run, so nothing is ever asked there. An article the editor has open while a
worker holds it gets its suggestions shown once the worker has stored them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.annotation_queue import QueueStatus, format_status, queue_status, worker_name
from annotator.store import Store, StoreError
from ui.plain import plain_label, plain_tooltip
from ui.workers import Worker

if TYPE_CHECKING:
    from ui.controllers.jobs import JobsController
    from ui.main_window import MainWindow

POLL_MS = 5_000  # between two looks while a run has work left
IDLE_POLL_MS = 60_000  # between two looks while articles wait but no worker holds any
DONE_SHOWN_MS = 20_000  # how long "done" stays before the line goes


class QueueStatusWorker(Worker):
    """Asks the database how far the shared run is, and whether the open article waiting for a worker has its
    suggestions now; answers (QueueStatus, arrived)."""

    label = "checking the pre-annotation run"

    def __init__(self, store: Store, waiting_article: int | None = None) -> None:
        super().__init__()
        self.store = store
        self.waiting_article = waiting_article

    def work(self) -> Any:
        status = queue_status(self.store)
        if self.waiting_article is None:
            return status, False
        try:
            return status, self.store.articles.get_article(self.waiting_article).annotated_at is not None
        except StoreError:
            return status, False  # deleted meanwhile: nothing to show


def running(status: QueueStatus) -> bool:
    """Workers have claimed articles here and some are still to annotate (held or not)."""
    return bool(status.workers) and status.claimed + status.left > 0


def run_summary(status: QueueStatus) -> str:
    """`pre-annotation: 1,200 done · 64 claimed · 3,400 left · 310/min`; the rate is that of the workers
    holding claims now (a stopped worker's old rate would flatter the run)."""
    rate = sum(worker.per_minute for worker in status.workers if worker.claimed)
    return f"pre-annotation: {status.done:,} done · {status.claimed:,} claimed · {status.left:,} left · {rate:,.0f}/min"


class AnnotationRunIndicator(QObject):
    """A label in the status bar and the polling behind it."""

    checked = Signal(object)  # the QueueStatus each look found

    def __init__(self, window: MainWindow, jobs: JobsController) -> None:
        super().__init__(window)
        self.window = window
        self.jobs = jobs
        self.poll_ms = POLL_MS
        self.idle_poll_ms = IDLE_POLL_MS
        self.done_shown_ms = DONE_SHOWN_MS
        self.label = plain_label()
        self.label.hide()
        window.statusBar().addWidget(self.label)  # after the job's progress, left of the permanent labels
        self._poll_timer = QTimer(self)
        self._poll_timer.setSingleShot(True)
        self._poll_timer.timeout.connect(self.check)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self.label.hide)
        self._asking: QueueStatusWorker | None = None  # kept alive until it answers
        self.app_name = worker_name()  # the name of this app's own claims, which are not a run of workers
        self._watched_a_run = False

    @property
    def polling(self) -> bool:
        return self._asking is not None or self._poll_timer.isActive()

    def restart(self) -> None:
        """A database was opened: forget the last one's run and look at this one's."""
        self._poll_timer.stop()
        self._hide_timer.stop()
        self._watched_a_run = False
        self.label.hide()
        self.check()

    def check(self) -> None:
        store = self.window.store
        if store is None or store.dialect != "postgresql" or self.jobs.closing or self._asking is not None:
            return
        article = self.window.article
        waiting = article.id if article is not None and article.annotated_at is None else None
        worker = QueueStatusWorker(store, waiting)
        worker.signals.finished.connect(self._on_status)
        worker.signals.failed.connect(self._on_failed)
        self._asking = worker
        self.window.thread_pool.start(worker)

    def _on_status(self, answer: Any) -> None:
        asked, self._asking = self._asking, None
        status, arrived = answer
        if self.jobs.closing or not isinstance(status, QueueStatus):
            return
        article = self.window.article
        still_open = asked is not None and article is not None and article.id == asked.waiting_article
        if arrived and still_open and article is not None and article.annotated_at is None:
            self.window.refresh(only_article=article.id)  # a worker stored the article the editor has open
        if any(worker.claimed and worker.worker != self.app_name for worker in status.workers):
            self.jobs.leave_pending_to_workers()  # a run is going: the app would compete with it
        if running(status):
            self._watched_a_run = True
            self._hide_timer.stop()
            self.label.setText(run_summary(status))
            self.label.setToolTip(plain_tooltip(format_status(status)))  # each worker, as --status prints it
            self.label.show()
            self._poll_timer.start(self.poll_ms)
        elif self._watched_a_run:
            self._watched_a_run = False
            self.label.setText(f"pre-annotation done: {status.done:,} articles")
            self.label.setToolTip(plain_tooltip(format_status(status)))
            self.label.show()
            self._hide_timer.start(self.done_shown_ms)
        else:
            self.label.hide()
        if not running(status) and status.left > 0:
            self._poll_timer.start(self.idle_poll_ms)  # work waits: workers may start on it later
        self.checked.emit(status)

    def _on_failed(self, _message: str) -> None:
        self._asking = None
        if self._watched_a_run and not self.jobs.closing:
            self._poll_timer.start(self.poll_ms)  # a dropped connection: look again rather than show stale figures
