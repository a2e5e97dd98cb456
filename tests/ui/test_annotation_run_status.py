"""The status bar follows a shared pre-annotation run of `annotate --worker` processes on PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from annotator.annotation_queue import AnnotationQueue, QueueStatus
from annotator.config import Settings
from annotator.nlp.types import Annotations
from annotator.store import NewArticle, Store
from tests.ui.conftest import open_window
from ui.main_window import MainWindow

pytestmark = pytest.mark.postgres


@pytest.fixture
def archive(pg_url: str) -> Iterator[Store]:
    """Five articles on a fresh PostgreSQL database, none pre-annotated yet."""
    store = Store.open(pg_url)
    for n in range(5):
        story = NewArticle(title=f"Council story {n}", text=f"The mayor spoke on day {n}.")
        store.articles.add_article(story, user="importer")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def window(qtbot: QtBot, archive: Store, pg_url: str) -> Iterator[MainWindow]:
    main = open_window(qtbot, archive, Settings(database_url=pg_url, user_name="Ana", user_chosen=True))
    main.jobs.run_progress.poll_ms = 50  # look often, so the test sees the run move
    main.jobs.run_progress.done_shown_ms = 300
    yield main
    main.close()


def store_one(worker: AnnotationQueue, article_id: int) -> None:
    """What a worker does with an article it claimed: suggestions in, claim finished."""
    assert worker.renew(article_id)
    worker.store.articles.save_annotations(article_id, Annotations(model="a worker's model"), user="worker")
    worker.finish(article_id)


def test_the_status_bar_shows_a_run_while_work_is_left_then_that_it_is_done(
    qtbot: QtBot, archive: Store, window: MainWindow
) -> None:
    desk = AnnotationQueue(archive, worker="desk-3:41")
    claimed = desk.claim(3)
    store_one(desk, claimed[0])
    indicator = window.jobs.run_progress
    label = indicator.label

    indicator.restart()
    qtbot.waitUntil(lambda: label.isVisible() and label.text().startswith("pre-annotation: 1 done"))
    assert re.fullmatch(r"pre-annotation: 1 done · 2 claimed · 2 left · [\d,]+/min", label.text())
    assert "desk-3:41: 1 done" in label.toolTip()  # each worker, as `annotate --status` prints it
    assert indicator.polling

    # the worker goes on: the line follows without anyone asking
    store_one(desk, claimed[1])
    qtbot.waitUntil(lambda: label.text().startswith("pre-annotation: 2 done · 1 claimed · 2 left"))

    store_one(desk, claimed[2])
    for article_id in desk.claim(5):
        store_one(desk, article_id)
    qtbot.waitUntil(lambda: label.text() == "pre-annotation done: 5 articles")
    assert not indicator.polling  # nothing left: no more looks
    qtbot.waitUntil(lambda: not label.isVisible())


def test_articles_waiting_without_workers_show_nothing_until_a_worker_starts(
    qtbot: QtBot, archive: Store, window: MainWindow
) -> None:
    indicator = window.jobs.run_progress
    with qtbot.waitSignal(indicator.checked) as looked:
        indicator.restart()
    status = looked.args[0]
    assert isinstance(status, QueueStatus) and status.left == 5 and not status.workers
    assert not indicator.label.isVisible()  # articles wait, but no run is going

    indicator.idle_poll_ms = 50
    with qtbot.waitSignal(indicator.checked):
        indicator.check()
    AnnotationQueue(archive, worker="spare-1:9921").claim(2)  # a worker starts after the app opened
    qtbot.waitUntil(lambda: indicator.label.isVisible())
    assert indicator.label.text().startswith("pre-annotation: 0 done · 2 claimed · 3 left")


def test_an_annotated_database_is_not_polled(qtbot: QtBot, archive: Store, window: MainWindow) -> None:
    for article_id in archive.articles.article_ids():
        archive.articles.save_annotations(article_id, Annotations(model="the app's model"), user="model")
    indicator = window.jobs.run_progress
    with qtbot.waitSignal(indicator.checked):
        indicator.restart()
    assert not indicator.label.isVisible()
    assert not indicator.polling  # nothing left to do: no more looks


def test_while_workers_run_the_app_annotates_only_the_article_the_editor_opens(
    qtbot: QtBot, archive: Store, window: MainWindow
) -> None:
    desk = AnnotationQueue(archive, worker="desk-3:41")
    held = desk.claim(2)  # a run is going
    story = NewArticle(title="Schools", text='"We will open new schools," Mayor Ana Lima told reporters on Monday.')
    opened = archive.articles.add_article(story, user="importer")[0].id
    assert window.jobs.annotate_pending() is None  # the waiting articles are left to the workers
    assert not window.jobs.busy

    with qtbot.waitSignal(window.background_finished, timeout=120_000):
        window.open_article(opened)  # the editor opens one: the app claims and annotates it at once
    qtbot.waitUntil(lambda: window.quote_panel.model.counts()[1] > 0)  # its suggestions are shown
    assert window.article is not None and window.article.annotated_at is not None
    untouched = set(archive.articles.article_ids()) - {opened}
    assert set(archive.articles.article_ids(unannotated_only=True)) == untouched  # the rest wait for workers

    with qtbot.waitSignal(window.background_finished, timeout=120_000):
        window.open_article(held[0])  # one a worker holds: the worker stores it, not the app
    assert set(archive.articles.article_ids(unannotated_only=True)) == untouched
    assert window.article is not None and window.article.annotated_at is None

    store_one(desk, held[0])  # still the worker's claim: it stores the article ...
    window.jobs.run_progress.restart()
    qtbot.waitUntil(lambda: window.article is not None and window.article.annotated_at is not None)  # ... and it shows
    assert window.article.id == held[0]


def test_the_apps_own_pass_stops_when_workers_start_and_annotates_each_article_once(
    qtbot: QtBot, archive: Store, window: MainWindow
) -> None:
    for n in range(5, 120):
        archive.articles.add_article(NewArticle(title=f"Story {n}", text=f"The mayor spoke on day {n}."), user="ana")
    assert window.jobs.annotate_pending() is not None  # no worker yet: the app annotates the waiting articles
    qtbot.waitUntil(lambda: len(archive.articles.article_ids(unannotated_only=True)) < 115)

    desk = AnnotationQueue(archive, worker="desk-3:41")
    held = desk.claim(4)  # a worker starts on the rest
    assert held
    with qtbot.waitSignal(window.background_finished, timeout=60_000):
        window.jobs.run_progress.restart()  # the app sees the run: its pass stops after the current article
    assert window.jobs.pending_left_to_workers
    waiting = set(archive.articles.article_ids(unannotated_only=True))
    assert set(held) <= waiting  # the worker's articles were left to it
    assert len(waiting) > len(held)  # and the app left the rest to the workers too

    annotations = [edit.article_id for edit in archive.audit.edits(target="article") if edit.action == "annotate"]
    assert len(annotations) == len(set(annotations)) == 120 - len(waiting)  # none annotated twice
