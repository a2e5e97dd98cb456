"""Long work on the thread pool: import, a colleague's database, pre-annotation, checking the spaCy pipeline,
reading the review view's lists, comparing two editors.

Workers never touch widgets. They reach the database only through Store methods (each opens its own session,
so they are safe across threads) and hand back frozen records through signals. Cancel is cooperative: the
core's progress callback returns False and the core stops at the next article.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from annotator.decision_records import ReviewConflictRecord, ReviewItem
from annotator.records import QuoteRecord
from annotator.review.agreement import AgreementRow, agreement
from annotator.store import Store


class WorkerSignals(QObject):
    progressed = Signal(int, int, str)  # done, total, label
    item_finished = Signal(object)  # one unit of work done (e.g. an article id annotated)
    finished = Signal(object)  # the result: an ImportReport, a count, a (available, description) pair
    failed = Signal(str)  # a message for the user


class Worker(QRunnable):
    label = "working"

    def __init__(self) -> None:
        super().__init__()
        self.signals = WorkerSignals()
        self._cancelled = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def progress(self, done: int, total: int, label: str = "") -> bool:
        """The core's progress callback: reports, and answers False once the editor pressed Cancel."""
        self.signals.progressed.emit(int(done), int(total), label)
        return not self._cancelled.is_set()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # the window shows it; the thread pool must never see an exception
            self.signals.failed.emit(_message(exc))
            return
        self.signals.finished.emit(result)

    def work(self) -> Any:
        raise NotImplementedError


class NewestOnly(QObject):
    """Runs reads on the thread pool of which only the newest counts: starting one cancels the one before, and
    an answer from any but the newest is dropped, so a slow old read never overwrites a fresh one. Answers
    arrive on the GUI thread (the workers' signals are queued to this object's thread)."""

    finished = Signal(object)  # the newest worker's result
    failed = Signal(str)

    def __init__(self, thread_pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread_pool = thread_pool
        self._newest: Worker | None = None

    @property
    def running(self) -> bool:
        """A read was started whose answer has not come yet."""
        return self._newest is not None

    def start(self, worker: Worker) -> None:
        if self._newest is not None:
            self._newest.cancel()
        self._newest = worker
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        self._thread_pool.start(worker)

    def _answer_of_newest(self) -> bool:
        if self._newest is None or self.sender() is not self._newest.signals:
            return False  # superseded: what it read may predate a newer read or a decision since
        self._newest = None
        return True

    def _on_finished(self, result: Any) -> None:
        if self._answer_of_newest():
            self.finished.emit(result)

    def _on_failed(self, message: str) -> None:
        if self._answer_of_newest():
            self.failed.emit(message)


def _message(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class ImportWorker(Worker):
    label = "importing"

    def __init__(self, store: Store, paths: Sequence[Path | str], *, user: str) -> None:
        super().__init__()
        self.store = store
        self.paths = [Path(p) for p in paths]
        self.user = user

    def work(self) -> Any:
        from annotator.importing import import_paths

        return import_paths(self.store, self.paths, user=self.user, progress=self.progress)


class AnnotateWorker(Worker):
    """Pre-annotates articles one at a time so each appears in the window as soon as it is done."""

    label = "pre-annotating"

    def __init__(
        self, store: Store, article_ids: Sequence[int], *, user: str, model_name: str | None = None, again: bool = True
    ) -> None:
        super().__init__()
        self.store = store
        self.article_ids = list(article_ids)
        self.user = user
        self.model_name = model_name
        self.again = again  # False: skip an article someone gave suggestions since it was listed

    def work(self) -> Any:
        from annotator.annotating import annotate_articles

        total = len(self.article_ids)
        stored = 0
        self.progress(0, total, "loading the spaCy pipeline")
        for done, article_id in enumerate(self.article_ids):
            if self.cancelled:
                break
            stored += len(
                annotate_articles(
                    self.store,
                    [article_id],
                    user=self.user,
                    model_name=self.model_name,
                    progress=lambda *_: not self.cancelled,
                    again=self.again,
                )
            )
            self.signals.item_finished.emit(article_id)
            self.progress(done + 1, total, self.label)
        return stored


class PipelineStatusWorker(Worker):
    """Loads (and so warms up) the spaCy pipeline off the GUI thread; answers (available, description)."""

    label = "loading the spaCy pipeline"

    def __init__(self, model_name: str | None) -> None:
        super().__init__()
        self.model_name = model_name

    def work(self) -> Any:
        from annotator.annotating import pipeline_status

        available, description = pipeline_status(self.model_name)
        return bool(available), str(description)


class SeedImportWorker(Worker):
    """First start: the sample articles go into an empty database so there is something to work on."""

    label = "adding the sample articles"

    def __init__(self, store: Store, *, user: str) -> None:
        super().__init__()
        self.store = store
        self.user = user

    def work(self) -> Any:
        from annotator.importing import import_seeds_if_empty

        return import_seeds_if_empty(self.store, user=self.user)


class ColleagueImportWorker(Worker):
    """Merges a colleague's database into ours (annotator.review.colleague_import); answers a MergeReport."""

    label = "importing a colleague's work"

    def __init__(self, store: Store, path: Path | str, *, user: str) -> None:
        super().__init__()
        self.store = store
        self.path = Path(path)
        self.user = user

    def work(self) -> Any:
        from annotator.review.colleague_import import import_colleague_database

        # each article is its own transaction, so a cancel between articles leaves whole articles
        return import_colleague_database(self.store, self.path, user=self.user, progress=self.progress)


@dataclass(frozen=True)
class ReviewQuery:
    """Whose decisions the review queue lists: the reviewer's colleagues (None: everyone else), decided in
    [since, until), and whether only those not yet reviewed."""

    reviewer: str
    colleagues: tuple[str, ...] | None
    since: datetime
    until: datetime
    pending_only: bool


@dataclass(frozen=True)
class ReviewReading:
    """What the review view shows, read in one go. Only the queue unless `everything` was asked for."""

    query: ReviewQuery
    queue: list[ReviewItem]
    everything: bool = False
    editors: list[str] = field(default_factory=list)
    sent_back: list[QuoteRecord] = field(default_factory=list)
    titles: dict[int, str] = field(default_factory=dict)  # of the sent-back quotes' articles
    conflicts: list[ReviewConflictRecord] = field(default_factory=list)  # open and settled


class ReviewReadWorker(Worker):
    """The review view's lists, off the GUI thread: on a newsroom archive the queue replays the audit log of
    thousands of quotes (about a second; docs/REVIEW.md). Answers a ReviewReading, or None once cancelled."""

    label = "reading the review queue"

    def __init__(self, store: Store, query: ReviewQuery, *, everything: bool) -> None:
        super().__init__()
        self.store = store
        self.query = query
        self.everything = everything

    def work(self) -> ReviewReading | None:
        from annotator.review.queue import review_queue

        query = self.query
        colleagues = list(query.colleagues) if query.colleagues is not None else None
        queue = review_queue(
            self.store,
            reviewer=query.reviewer,
            colleagues=colleagues,
            since=query.since,
            until=query.until,
            pending_only=query.pending_only,
        )
        if not self.everything or self.cancelled:
            return None if self.cancelled else ReviewReading(query, queue)
        review = self.store.review
        sent_back = review.sent_back_quotes(query.reviewer)
        return ReviewReading(
            query,
            queue,
            everything=True,
            editors=review.editors(),
            sent_back=sent_back,
            titles=review.article_titles(quote.article_id for quote in sent_back),
            conflicts=review.review_conflicts(open_only=False),
        )


class AgreementWorker(Worker):
    """Agreement between two editors, off the GUI thread: it replays both editors' decisions from the audit log,
    as long on a newsroom archive as the review queue's read. Answers the rows (annotator.review.agreement)."""

    label = "comparing two editors"

    def __init__(self, store: Store, editor_a: str, editor_b: str) -> None:
        super().__init__()
        self.store = store
        self.editor_a = editor_a
        self.editor_b = editor_b

    def work(self) -> list[AgreementRow]:
        return agreement(self.store, self.editor_a, self.editor_b)


class OpenDatabaseWorker(Worker):
    """Opens a database an earlier version wrote, upgrading it (seconds on a newsroom archive) off the GUI
    thread; each migration step is reported as it starts. Answers the Store. Never cancelled: a migration
    must not be interrupted half-way."""

    label = "upgrading the database"

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def work(self) -> Store:
        return Store.open(self.url, progress=self.progress)
