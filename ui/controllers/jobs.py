"""Background work: importing articles and a colleague's database, pre-annotation, the spaCy check, and the
progress of a shared pre-annotation run (ui/controllers/annotation_run.py).

Workers (ui/workers.py) run on the thread pool and report by signal; this controller starts them, shows
their progress in the status line, offers Cancel, and turns their results into messages and one refresh
of the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from annotator.annotation_queue import workers_running
from annotator.decision_records import MergeReport
from annotator.records import ImportReport
from ui.controllers.annotation_run import AnnotationRunIndicator
from ui.widgets.import_report import ImportReportDialog, needs_a_window, summary_text
from ui.workers import (
    AnnotateWorker,
    ColleagueImportWorker,
    ImportWorker,
    PipelineStatusWorker,
    SeedImportWorker,
    Worker,
)

if TYPE_CHECKING:
    from ui.main_window import MainWindow

ARTICLE_SUFFIXES = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.jsonl", "*.docx")
DATABASE_SUFFIXES = ("*.db", "*.sqlite", "*.sqlite3")


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]  # str.capitalize() would lower-case the names in the message


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def colleague_summary(report: MergeReport) -> str:
    """One line on what a colleague's database brought in, and where the conflicts are settled."""
    name = report.source if "://" in report.source else Path(report.source).name
    if not report.changed_anything:
        text = f"{name}: nothing new, everything in it is already here."
    else:
        text = (
            f"{name}: {_count(report.articles_added, 'article')} added ({report.articles_matched} already here), "
            f"{_count(report.quotes_added, 'quote')} added, {_count(report.decisions_added, 'decision')} "
            f"brought in ({report.decisions_adopted} taken over, {report.agreements} agreed with yours)."
        )
    if report.cancelled:
        text += " Cancelled before the end; importing the file again brings the rest."
    if report.conflicts:
        text += f" {_count(report.conflicts, 'conflict')} to resolve in Review › Review colleagues' work (Ctrl+2)."
    elif report.changed_anything:
        text += " No conflicts."
    return text


class JobsController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.workers: list[Worker] = []
        self.closing = False
        self.pipeline: tuple[bool, str] | None = None  # (available, description) once checked
        self.import_report_dialog: ImportReportDialog | None = None
        window.status_line.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        # the shared run of `annotate --worker` processes, polled while it has work left
        self.run_progress = AnnotationRunIndicator(window, self)
        # On a shared database while workers run, the app annotates only the articles the editor opens
        self.pending_left_to_workers = False
        self.pending_job: Worker | None = None  # the app's own pass over the waiting articles
        window.article_opened.connect(self._on_article_opened)

    @property
    def busy(self) -> bool:
        return bool(self.workers)

    def start_worker(
        self,
        worker: Worker,
        on_finished: Callable[[Any], None] | None = None,
        on_item: Callable[[Any], None] | None = None,
    ) -> Worker:
        self.workers.append(worker)
        signals = worker.signals
        signals.progressed.connect(self.window.status_line.show_progress)
        signals.finished.connect(lambda result: self._on_worker_done(worker, result, on_finished, None))
        signals.failed.connect(lambda message: self._on_worker_done(worker, None, None, message))
        if on_item is not None:
            signals.item_finished.connect(on_item)
        self.window.status_line.show_job(worker.label)
        self.window.thread_pool.start(worker)
        return worker

    def cancel(self) -> None:
        for worker in self.workers:
            worker.cancel()

    def stop(self, timeout_ms: int) -> None:
        """Cancel and wait: the workers hold the store, which is about to close or change."""
        self.cancel()
        self.window.thread_pool.waitForDone(timeout_ms)

    def _on_worker_done(
        self, worker: Worker, result: Any, on_finished: Callable[[Any], None] | None, failure: str | None
    ) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
        if not self.workers:
            self.window.status_line.hide_job()
        if self.closing:
            return
        if failure is not None:
            self.window.show_problem(f"{sentence(worker.label)} stopped: {failure}")
        elif on_finished is not None:
            on_finished(result)
        self.window.background_finished.emit(worker.label)

    def _on_cancel_button_clicked(self) -> None:
        self.cancel()
        self.window.status_line.job_label.setText("cancelling…")

    # ---- start-up ------------------------------------------------------------------------------------------

    def start_background_work(self) -> None:
        """What start-up leaves to the thread pool: checking the spaCy pipeline, seeds, pre-annotation."""
        if self.window.store is None or self.closing:
            return
        self.check_pipeline()
        self.start_first_run_work()

    def start_first_run_work(self) -> None:
        """Seeds into an empty database, then pre-annotation of whatever is not annotated yet; and a look at
        the shared run of workers, if the database has one."""
        if self.window.store is None:
            return
        self.run_progress.restart()
        self.start_worker(SeedImportWorker(self.window.store, user=self.window.user), self._on_seeds_imported)

    def _on_seeds_imported(self, _result: Any) -> None:
        self.window.refresh(open_first=True)
        self.annotate_pending()

    def check_pipeline(self) -> Worker:
        return self.start_worker(PipelineStatusWorker(self.window.settings.spacy_model), self.show_pipeline)

    def show_pipeline(self, result: Any) -> None:
        """The spaCy check's answer (available, description) in the status line, the about box and a notice."""
        available, description = bool(result[0]), str(result[1])
        self.pipeline = (available, description)
        label = self.window.status_line.model_label
        label.setText(f"model: {description}" if available else "model: none installed")
        label.setToolTip(description)
        if not available:
            self.window.show_problem(f"Pre-annotation is off: {description}", level="info")
        self.window.pipeline_checked.emit(available, description)

    # ---- pre-annotation ------------------------------------------------------------------------------------

    def annotate_pending(self) -> Worker | None:
        """Articles without suggestions, claimed one by one on a shared database. While workers are running
        there, the app leaves them the waiting articles (it would only compete with them for the same ones)
        and annotates an article the moment the editor opens it."""
        self.pending_left_to_workers = bool(self.window.query(workers_running, False))
        if self.pending_left_to_workers:
            return None
        ids = self.window.query(lambda s: s.articles.article_ids(unannotated_only=True), [])
        self.pending_job = self.annotate(ids, again=False) if ids else None
        return self.pending_job

    def leave_pending_to_workers(self) -> None:
        """Workers started on the shared database: the app's pass stops after its current article (giving
        back what it claimed ahead), and from now on the app annotates only the articles the editor opens."""
        self.pending_left_to_workers = True
        if self.pending_job is not None and self.pending_job in self.workers:
            self.pending_job.cancel()

    def _on_article_opened(self, article_id: int) -> None:
        article = self.window.article
        if self.pending_left_to_workers and article is not None and article.annotated_at is None:
            self.annotate([article_id], again=False)  # unless a worker holds it: then it stores it soon

    def annotate_current(self) -> None:
        if self.window.article is not None:
            self.annotate([self.window.article.id])

    def annotate(self, article_ids: Sequence[int], *, again: bool = True) -> Worker | None:
        """`again` False: only what still has no suggestions when its turn comes (pending, just imported)."""
        store = self.window.store
        if store is None or not article_ids:
            return None
        model = self.window.settings.spacy_model or None
        worker = AnnotateWorker(store, article_ids, user=self.window.user, model_name=model, again=again)
        return self.start_worker(worker, self._on_annotation_finished, self._on_article_annotated)

    def _on_article_annotated(self, article_id: Any) -> None:
        self.window.refresh(only_article=int(article_id))

    def _on_annotation_finished(self, result: Any) -> None:
        count = int(result or 0)
        self.window.show_status(f"Pre-annotated {_count(count, 'article')}.", 6000)
        self.window.refresh(reopen=False)

    # ---- imports -------------------------------------------------------------------------------------------

    def choose_import_files(self) -> None:
        filters = f"Articles ({' '.join(ARTICLE_SUFFIXES)});;All files (*)"
        paths, _ = QFileDialog.getOpenFileNames(self.window, "Import articles", "", filters)
        if paths:
            self.import_paths(paths)

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder of articles")
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: Sequence[str | Path]) -> Worker | None:
        if self.window.store is None:
            self.window.show_problem("Open a database first (File › Settings).")
            return None
        worker = ImportWorker(self.window.store, paths, user=self.window.user)
        return self.start_worker(worker, self.on_import_finished)

    def on_import_finished(self, result: Any) -> None:
        if not isinstance(result, ImportReport):
            return
        self.window.show_status(f"Import: {summary_text(result)}", 8000)
        if needs_a_window(result):  # a plain "1 article added" is said in the status bar only
            self.import_report_dialog = ImportReportDialog(result, self.window)
            self.import_report_dialog.open()
        self.window.refresh(open_if_none=result.added[0].id if result.added else None)
        self.annotate([summary.id for summary in result.added], again=False)

    def import_colleague_work(self, path: str | Path | None = None) -> Worker | None:
        """Merge a colleague's database into ours; None asks for the file."""
        if self.window.store is None:
            self.window.show_problem("Open a database first (File › Settings).")
            return None
        if path is None:
            filters = f"SQLite databases ({' '.join(DATABASE_SUFFIXES)});;All files (*)"
            path, _ = QFileDialog.getOpenFileName(self.window, "Import a colleague's work", "", filters)
            if not path:
                return None
        worker = ColleagueImportWorker(self.window.store, path, user=self.window.user)
        return self.start_worker(worker, self.on_colleague_import_finished)

    def on_colleague_import_finished(self, result: Any) -> None:
        if not isinstance(result, MergeReport):
            return
        text = colleague_summary(result)
        self.window.show_status(text, 10_000)
        if result.conflicts:
            self.window.notice.show_message(
                text, level="info", action_text="Review the conflicts", action=self.window.review.show_conflicts
            )
        else:
            self.window.notice.show_message(text, level="info")
        if result.changed_anything:  # their decisions may have changed the open article and the counts
            self.window.refresh(review=True)
