"""Two editors, two SQLite files, one dataset a newsroom can trust.

Ana and Ben each annotate the Zuckerberg seed on their own (different bounds, speakers, a rejection). Ana
imports Ben's file in her window, settles every conflict from the keyboard (M keep mine, T take theirs),
accepts Ben's decision she took over, and exports: each quote once, both names where two people verified it.
"""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.export import export
from annotator.records import ExportFilter, QuoteRecord
from annotator.store import Store
from tests.ui.conftest import add_seed, review_read, seed_annotations
from ui.main_window import MainWindow
from ui.models.review_models import ROW_ROLE
from ui.widgets.review_view import Tab


def _by_start(store: Store, article_id: int) -> list[QuoteRecord]:
    return sorted(store.quotes.quotes_for_article(article_id), key=lambda q: q.start)


def _bens_file(tmp_path: Path) -> Path:
    """Ben confirms the first two quotes untouched, names another speaker for the third, rejects the fourth."""
    path = tmp_path / "ben" / "ben.db"
    ben = Store.open(f"sqlite:///{path}")
    try:
        summary = add_seed(ben)
        ben.articles.save_annotations(
            summary.id, seed_annotations(ben.articles.get_article(summary.id).text), user="model"
        )
        keen, high, risks, badass = _by_start(ben, summary.id)
        ben.quotes.confirm_quote(keen.id, user="ben")
        ben.quotes.confirm_quote(high.id, user="ben")
        zuckerberg = ben.people.find_or_create_person("Mark Zuckerberg", user="ben")
        ben.quotes.set_speaker(risks.id, zuckerberg.id, user="ben")
        ben.quotes.reject_quote(badass.id, user="ben")
    finally:
        ben.close()
    return path


def test_ana_and_ben_end_with_each_quote_once(
    qtbot: QtBot, window: MainWindow, seeded_store: Store, tmp_path: Path
) -> None:
    store = seeded_store
    article_id = store.articles.article_ids()[0]
    keen, high, risks, badass = _by_start(store, article_id)
    text = store.articles.get_article(article_id).text
    # Ana: trims the first quote to its last words, confirms the second, names Elon Musk for the third
    tail = text.index("active role", keen.start)
    store.quotes.update_quote(keen.id, {"start": tail, "end": keen.end}, user="Ana")
    store.quotes.confirm_quote(high.id, user="Ana")
    musk = store.people.find_or_create_person("Elon Musk", user="Ana")
    store.quotes.set_speaker(risks.id, musk.id, user="Ana")
    store.quotes.confirm_quote(badass.id, user="Ana")
    store.articles.set_article_status(article_id, "done", user="Ana")
    path = _bens_file(tmp_path)

    with qtbot.waitSignal(window.background_finished, timeout=30_000):
        window.jobs.import_colleague_work(path)  # File › Import colleague's work, once the file is chosen

    notice = window.notice.text()
    assert "0 quotes added" in notice and "3 conflicts" in notice, notice
    assert len(store.quotes.quotes_for_article(article_id)) == 4
    assert store.articles.get_article(article_id).status == "done"

    with qtbot.waitSignal(window.named_actions["review_mode"].toggled):
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.review_view
    assert view is not None
    review_read(qtbot, view)
    view.show_conflicts_tab()
    assert view.conflicts_model.rowCount() == 3
    # keep my bounds, take Ben's speaker, keep my "it is a quote"
    choice = {keen.id: Qt.Key.Key_M, risks.id: Qt.Key.Key_T, badass.id: Qt.Key.Key_M}
    while view.conflicts_model.rowCount():
        conflict = view.conflicts_page.current()
        assert conflict is not None
        with qtbot.waitSignal(view.conflict_resolved):
            qtbot.keyClick(view.conflicts_table, choice[conflict.quote_id])
    assert view.tabs.tabText(Tab.CONFLICTS) == "Conflicts (0)"

    # the queue: the quote both confirmed is agreed already; Ben's speaker, now on the quote, Ana accepts
    view.take_focus()
    review_read(qtbot, view)  # settling a conflict reads the queue again: it marks the quotes in conflict
    rows = {view.queue_model.index(r, 0).data(ROW_ROLE).quote.id: r for r in range(view.queue_model.rowCount())}
    if view.pending_only.isChecked():
        assert high.id not in rows  # nothing left to do on it
    else:
        agreed = view.queue_model.index(rows[high.id], view.queue_model.column("review")).data()
        assert agreed == "agreed"
    view.queue_table.selectRow(rows[risks.id])
    with qtbot.waitSignal(view.quote_accepted):
        qtbot.keyClick(view.queue_table, Qt.Key.Key_A)

    out = tmp_path / "quotes.csv"
    export(store, out, format="csv", filters=ExportFilter())
    exported = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(exported) == 4  # each quote once, none of Ben's beside Ana's
    by_start = {int(row["start"]): row for row in exported}
    assert set(by_start) == {tail, high.start, risks.start, badass.start}
    assert (by_start[high.start]["verified_by"], by_start[high.start]["reviewed_by"]) == ("Ana", "ben")
    assert (by_start[risks.start]["verified_by"], by_start[risks.start]["reviewed_by"]) == ("ben", "Ana")
    assert by_start[risks.start]["speaker"] == "Mark Zuckerberg"
    assert by_start[tail]["verified_by"] == "Ana" and by_start[badass.start]["verified_by"] == "Ana"
