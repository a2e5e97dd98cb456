"""The review view reads its lists off the GUI thread: it opens at once with "Loading the review queue…", no
key acts on a quote until the answer, a newer read's answer is never overwritten by an older one's, and a
decision moves on to the next quote at once, without reading the queue again. The Agreement tab compares two
editors off the GUI thread in the same way.

The thread pool here is gated (GatedPool): each read runs on a thread of its own as on the real pool, but its
answer waits until the test lets it go, so the order in which answers arrive is the test's, not the clock's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRunnable, Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.records import QuoteRecord
from annotator.store import Store
from tests.review_fixtures import annotated_article
from tests.ui.conftest import review_read
from ui.widgets.review_pages import COMPARING
from ui.widgets.review_view import LOADING, ReviewView, Tab
from ui.workers import Worker

TIMEOUT = 30.0


class GatedPool(QThreadPool):
    """Runs each worker on a thread of its own; a worker has read once `read[i]` is set, and answers only
    once `let_go(i)` (the answer then goes to the GUI thread through Qt's queue, as from the real pool)."""

    def __init__(self) -> None:
        super().__init__()
        self.workers: list[Worker] = []
        self.read: list[threading.Event] = []
        self._gates: list[threading.Event] = []
        self._threads: list[threading.Thread] = []

    def start(self, runnable: QRunnable, priority: int = 0) -> None:  # type: ignore[override]
        assert isinstance(runnable, Worker)
        worker, read, gate = runnable, threading.Event(), threading.Event()
        work = worker.work

        def gated_work() -> object:
            result = work()
            read.set()
            assert gate.wait(TIMEOUT)
            return result

        worker.work = gated_work  # type: ignore[method-assign]
        self.workers.append(worker)
        self.read.append(read)
        self._gates.append(gate)
        thread = threading.Thread(target=worker.run, daemon=True)
        self._threads.append(thread)
        thread.start()

    def let_go(self, index: int) -> None:
        """Release read `index` and wait until its answer is queued for the GUI thread."""
        self._gates[index].set()
        self._threads[index].join(TIMEOUT)
        assert not self._threads[index].is_alive()

    def release_all(self) -> None:
        for index in range(len(self._gates)):
            self.let_go(index)


@pytest.fixture
def pool() -> Iterator[GatedPool]:
    gated = GatedPool()
    yield gated
    gated.release_all()  # no thread left waiting with the store


def _three_decided(store: Store) -> list[QuoteRecord]:
    """Ana confirms three of the model's quotes; Ben reviews them."""
    _, quotes = annotated_article(store, user="model")
    for quote in quotes[:3]:
        store.quotes.confirm_quote(quote.id, user="ana", expected_version=quote.version)
    return quotes


def _view(qtbot: QtBot, store: Store, pool: QThreadPool | None = None) -> ReviewView:
    view = ReviewView(store, Settings(database_url=store.url, user_name="ben"), "ben", thread_pool=pool)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def _queue(view: ReviewView) -> list[int]:
    return [item.quote.id for item in view.queue_model.rows()]


def test_the_view_opens_loading_and_shows_the_queue_when_read(
    qtbot: QtBot, sqlite_store: Store, pool: GatedPool
) -> None:
    quotes = _three_decided(sqlite_store)
    view = _view(qtbot, sqlite_store, pool)
    # open, and the read under way: the plain loading line, an empty list, no key that acts on a quote
    assert view.loading and view.review_state.text() == LOADING
    assert view.queue_model.rowCount() == 0 and view.tabs.tabText(Tab.QUEUE) == "Queue (loading…)"
    assert not view.accept_action.isEnabled() and not view.send_back_action.isEnabled()
    view.queue_table.setFocus()
    for key in (Qt.Key.Key_A, Qt.Key.Key_Return, Qt.Key.Key_J, Qt.Key.Key_X, Qt.Key.Key_C):
        qtbot.keyClick(view.queue_table, key)
    assert not view.comment_box.isVisible() and view.current_item() is None
    assert all(sqlite_store.quotes.get_quote(q.id).review_status is None for q in quotes[:3])

    qtbot.waitUntil(lambda: bool(pool.read) and pool.read[0].is_set(), timeout=int(TIMEOUT * 1000))
    with qtbot.waitSignal(view.queue_shown):
        pool.let_go(0)
    assert not view.loading
    assert _queue(view) == [q.id for q in quotes[:3]] and view.tabs.tabText(Tab.QUEUE) == "Queue (3)"
    first = view.current_item()
    assert first is not None and first.quote.id == quotes[0].id and view.accept_action.isEnabled()
    assert "ana" in view.colleague_box.itemText(view.colleague_box.count() - 1)
    with qtbot.waitSignal(view.quote_accepted):
        qtbot.keyClick(view.queue_table, Qt.Key.Key_A)
    assert sqlite_store.quotes.get_quote(quotes[0].id).review_status == "accepted"


def test_an_older_read_never_overwrites_a_newer_one(qtbot: QtBot, sqlite_store: Store, pool: GatedPool) -> None:
    quotes = _three_decided(sqlite_store)
    view = _view(qtbot, sqlite_store, pool)
    qtbot.waitUntil(lambda: bool(pool.read) and pool.read[0].is_set(), timeout=int(TIMEOUT * 1000))
    # the first read has read three quotes to review; meanwhile Ana decides a fourth and Ben presses F5
    sqlite_store.quotes.confirm_quote(quotes[3].id, user="ana", expected_version=quotes[3].version)
    view.refresh()
    qtbot.waitUntil(lambda: len(pool.read) == 2 and pool.read[1].is_set(), timeout=int(TIMEOUT * 1000))
    shown: list[list[int]] = []
    view.queue_shown.connect(lambda: shown.append(_queue(view)))

    with qtbot.waitSignal(view.queue_shown):
        pool.let_go(1)  # the newer answer comes first
    assert _queue(view) == [q.id for q in quotes[:4]] and not view.loading
    pool.let_go(0)  # then the older one, slower
    QApplication.processEvents()  # its answer is handed to the view
    assert _queue(view) == [q.id for q in quotes[:4]] and view.tabs.tabText(Tab.QUEUE) == "Queue (4)"
    assert shown == [[q.id for q in quotes[:4]]]  # the three-quote answer was never shown


def test_an_older_answer_on_its_way_when_f5_is_pressed_is_not_shown(
    qtbot: QtBot, sqlite_store: Store, pool: GatedPool
) -> None:
    """The older answer, already on its way when F5 is pressed, is not shown while the newer read runs."""
    quotes = _three_decided(sqlite_store)
    view = _view(qtbot, sqlite_store, pool)
    qtbot.waitUntil(lambda: bool(pool.read) and pool.read[0].is_set(), timeout=int(TIMEOUT * 1000))
    sqlite_store.quotes.confirm_quote(quotes[3].id, user="ana", expected_version=quotes[3].version)
    pool.let_go(0)  # its answer waits in the event queue...
    view.refresh()  # ...behind F5, which asks for the newer read (it starts when the event loop turns)
    qtbot.waitUntil(lambda: len(pool.read) == 2, timeout=int(TIMEOUT * 1000))
    QApplication.processEvents()
    assert view.loading and view.queue_model.rowCount() == 0 and view.review_state.text() == LOADING
    with qtbot.waitSignal(view.queue_shown):
        pool.let_go(1)
    assert _queue(view) == [q.id for q in quotes[:4]]


def test_a_decision_moves_on_at_once_without_reading_again(qtbot: QtBot, sqlite_store: Store, pool: GatedPool) -> None:
    quotes = _three_decided(sqlite_store)
    view = _view(qtbot, sqlite_store, pool)
    qtbot.waitUntil(lambda: bool(pool.workers), timeout=int(TIMEOUT * 1000))
    pool.let_go(0)
    review_read(qtbot, view)
    view.queue_table.setFocus()

    # A, A: each accept shows the next quote before the key press returns, and reads nothing
    qtbot.keyClick(view.queue_table, Qt.Key.Key_A)
    current = view.current_item()
    assert current is not None and current.quote.id == quotes[1].id and _queue(view) == [quotes[1].id, quotes[2].id]
    qtbot.keyClick(view.queue_table, Qt.Key.Key_A)
    current = view.current_item()
    assert current is not None and current.quote.id == quotes[2].id and view.tabs.tabText(Tab.QUEUE) == "Queue (1)"
    # send back the last one: the queue of quotes still to review is empty, and says so
    qtbot.keyClick(view.queue_table, Qt.Key.Key_X)
    qtbot.keyClicks(view.comment_edit, "Which speech was this?")
    with qtbot.waitSignal(view.quote_sent_back):
        qtbot.keyClick(view.comment_edit, Qt.Key.Key_Return)
    assert view.queue_model.rowCount() == 0 and view.review_state.text().startswith("Nothing left to review")
    assert len(pool.workers) == 1 and not view.loading  # no read after any of the three
    assert [sqlite_store.quotes.get_quote(q.id).review_status for q in quotes[:3]] == [
        "accepted",
        "accepted",
        "rejected",
    ]


def test_reviewed_rows_stay_with_their_fresh_state_when_all_are_listed(qtbot: QtBot, sqlite_store: Store) -> None:
    """Listing reviewed quotes too, an accepted quote stays, marked accepted, and its fresh version lets a
    comment on it go through (a stale one would be refused as changed meanwhile)."""
    quotes = _three_decided(sqlite_store)
    view = _view(qtbot, sqlite_store)
    review_read(qtbot, view)
    view.pending_only.setChecked(False)
    review_read(qtbot, view)
    view.queue_table.setFocus()
    qtbot.keyClick(view.queue_table, Qt.Key.Key_A)
    assert not view.loading and _queue(view) == [q.id for q in quotes[:3]]
    current = view.current_item()
    assert current is not None and current.quote.id == quotes[1].id
    review = view.queue_model.index(0, view.queue_model.column("review")).data()
    assert review == "accepted"
    qtbot.keyClick(view.queue_table, Qt.Key.Key_K)
    qtbot.keyClick(view.queue_table, Qt.Key.Key_C)
    qtbot.keyClicks(view.comment_edit, "Checked against the recording")
    with qtbot.waitSignal(view.quote_commented):
        qtbot.keyClick(view.comment_edit, Qt.Key.Key_Return)
    assert view.message.text() == "comment saved"
    assert sqlite_store.quotes.get_quote(quotes[0].id).review_comment == "Checked against the recording"


def test_compare_runs_off_the_gui_thread_and_a_newer_compare_wins(
    qtbot: QtBot, sqlite_store: Store, pool: GatedPool
) -> None:
    """Compare on the Agreement tab says "Comparing…" with no figures until its answer; pressed again after Ben
    decided one more quote, the newer figures are shown and the older comparison's, slower, never are."""
    quotes = _three_decided(sqlite_store)
    for quote in quotes[:2]:
        sqlite_store.quotes.confirm_quote(quote.id, user="ben")
    view = _view(qtbot, sqlite_store, pool)
    qtbot.waitUntil(lambda: bool(pool.workers), timeout=int(TIMEOUT * 1000))
    with qtbot.waitSignal(view.queue_shown):
        pool.let_go(0)
    view.tabs.setCurrentIndex(Tab.AGREEMENT)
    page = view.agreement_page
    page.editor_a.setCurrentText("ana")
    page.editor_b.setCurrentText("ben")
    exact_f1 = page.model.column("exact_f1")

    def overall_exact_f1() -> str:
        return str(page.model.index(page.model.rowCount() - 1, exact_f1).data())

    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    # the click has returned while the comparison is still on the pool: the window is not held up meanwhile
    assert page.comparing and page.comparing_label.text() == COMPARING
    assert page.model.rowCount() == 0 and not page.export_button.isEnabled()
    qtbot.waitUntil(lambda: len(pool.read) == 2 and pool.read[1].is_set(), timeout=int(TIMEOUT * 1000))
    # compared with Ben's two quotes against Ana's three; meanwhile Ben decides the third and compares again
    sqlite_store.quotes.confirm_quote(quotes[2].id, user="ben")
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(pool.read) == 3 and pool.read[2].is_set(), timeout=int(TIMEOUT * 1000))
    shown: list[str] = []
    page.compared.connect(lambda _rows: shown.append(overall_exact_f1()))

    with qtbot.waitSignal(page.compared):
        pool.let_go(2)  # the newer answer comes first
    assert overall_exact_f1() == "1.000" and page.export_button.isEnabled()
    assert not page.comparing and page.comparing_label.text() == ""
    pool.let_go(1)  # then the older one (2 of 3 quotes: 0.800)
    QApplication.processEvents()  # its answer is handed to the page
    assert overall_exact_f1() == "1.000" and shown == ["1.000"]
