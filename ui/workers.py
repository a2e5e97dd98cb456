"""Long work on the thread pool: import, a colleague's database, pre-annotation, checking the spaCy pipeline.

Workers never touch widgets. They reach the database only through Store methods (each opens its own session,
so they are safe across threads) and hand back frozen records through signals. Cancel is cooperative: the
core's progress callback returns False and the core stops at the next article.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

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
