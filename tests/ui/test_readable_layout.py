"""What an editor reads at a glance in the real window: article titles that tell articles apart, the quote list's
sort switch, labels and buttons never cut in a narrow window, the People view's words said and group flags
whole, a quote card's attribution without stray punctuation, and an empty pane that says why it is empty."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.people_archive import find_person
from annotator.quote_groups import group_article
from annotator.store import Store
from tests.ui.conftest import SEEDS, open_window
from tests.unit.people_data import Said, annotated_article
from ui.main_window import MainWindow
from ui.models.article_list import QUOTES, STATUS, TITLE
from ui.models.people_quotes import GROUP, WORDS
from ui.models.quote_list import ATTRIBUTION_ROLE, DETAILS_SEPARATOR
from ui.theme import STATUS_COLOURS, STATUS_LABELS, SWITCH_ON_BACKGROUND
from ui.widgets.people_view import WORDS_ROOM, PeopleView

README_SIZE = (1400, 850)  # the README's pictures
NARROW_SIZE = (1000, 700)  # the narrowest window docs/UI.md promises


def _sized(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    QApplication.processEvents()


def _pixel(widget: QWidget, point: QPoint) -> QColor:
    return widget.grab().toImage().pixelColor(point)


def _whole(widget: QWidget) -> bool:
    return widget.width() >= widget.sizeHint().width()


def test_at_the_readmes_size_the_titles_take_the_width_and_the_counts_fit(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    _sized(qtbot, window, README_SIZE)
    table = window.article_pane.table
    shown = [c for c in range(table.model().columnCount()) if not table.isColumnHidden(c)]
    others = [c for c in shown if c != TITLE]
    assert QUOTES in shown
    assert table.columnWidth(TITLE) > sum(table.columnWidth(c) for c in others), [table.columnWidth(c) for c in shown]
    for column in others:  # each as wide as its words, no more cut than the title
        assert table.columnWidth(column) >= table.sizeHintForColumn(column)


def test_a_layout_saved_before_keeps_the_titles_readable(qtbot: QtBot, seeded_store: Store, settings: Settings) -> None:
    """window.ini keeps the panes' widths, not the columns': an editor's narrow list from an earlier version
    comes back narrow, and its columns are fitted all the same."""
    first = open_window(qtbot, seeded_store, settings)
    _sized(qtbot, first, README_SIZE)
    first.splitter.setSizes([230, 790, 380])
    first.close()
    second = open_window(qtbot, seeded_store, settings)
    _sized(qtbot, second, README_SIZE)
    table = second.article_pane.table
    assert second.splitter.sizes()[0] <= 230  # as narrow as it was left, or narrower for the article
    qtbot.waitUntil(lambda: table.viewport().width() < 230)  # the pane has its restored width
    QApplication.processEvents()
    assert table.horizontalHeader().length() <= table.viewport().width()  # no column runs off the pane
    shown = [c for c in range(table.model().columnCount()) if not table.isColumnHidden(c) and c != TITLE]
    assert table.columnWidth(TITLE) > sum(table.columnWidth(c) for c in shown)
    second.close()


def test_in_a_narrow_window_the_status_makes_way_and_the_count_keeps_its_colour(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    _sized(qtbot, window, NARROW_SIZE)
    table = window.article_pane.table
    assert table.isColumnHidden(STATUS)
    assert table.columnWidth(TITLE) > table.columnWidth(QUOTES) >= table.sizeHintForColumn(QUOTES)
    count = table.model().index(0, QUOTES)
    summary = window.article_model.summary_at(0)
    assert summary is not None
    assert count.data(Qt.ItemDataRole.ForegroundRole) == QColor(STATUS_COLOURS[summary.status])
    assert count.data(Qt.ItemDataRole.ToolTipRole).startswith(f"{STATUS_LABELS[summary.status]}: ")

    # the editor asks for the Status column from the header's menu: it stays, whatever the width
    header = table.horizontalHeader()
    header.customContextMenuRequested.emit(QPoint(5, 5))
    menu = next(m for m in window.article_pane.findChildren(QMenu) if m.isVisible())
    next(a for a in menu.actions() if a.text() == "Status").setChecked(True)
    menu.close()
    _sized(qtbot, window, (1010, 700))
    assert not table.isColumnHidden(STATUS)


def test_the_confidence_sort_is_seen_at_a_glance(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    _sized(qtbot, window, README_SIZE)
    assert window.open_article(seeded_store.articles.article_ids()[0])
    button = window.quote_panel.sort_button
    inside = QPoint(4, button.height() // 2)  # inside the border, left of the words
    assert _pixel(button, inside) != QColor(SWITCH_ON_BACKGROUND)
    line = button.geometry().top()

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    QApplication.processEvents()  # the header lays itself out again around the longer words
    assert button.text() == "✓ Least confident first"
    assert _pixel(button, inside) == QColor(SWITCH_ON_BACKGROUND)  # filled: the list is in confidence order
    assert _whole(button) and button.geometry().top() == line  # it does not jump to another line

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert button.text() == "Least confident first"
    assert _pixel(button, inside) != QColor(SWITCH_ON_BACKGROUND)


def test_in_a_narrow_window_the_quote_panels_labels_and_buttons_are_whole(
    qtbot: QtBot, window: MainWindow, seeded_store: Store
) -> None:
    assert window.open_article(seeded_store.articles.article_ids()[0])
    window.quote_panel.select_row(0)
    panel = window.quote_panel
    for on in (False, True):
        window.named_actions["sort_by_confidence"].setChecked(on)
        _sized(qtbot, window, NARROW_SIZE)
        for widget in (panel.count_label, panel.sort_button, panel.confirm_button, panel.reject_button):
            assert _whole(widget), widget.objectName()
        assert _whole(panel.speaker_button)  # not "Cha…ker"
        assert not panel.count_label.geometry().intersects(panel.sort_button.geometry())
        assert panel.sort_button.geometry().bottom() < panel.list_view.geometry().top()

        _sized(qtbot, window, README_SIZE)  # with room, the switch is back beside the count
        window.splitter.setSizes([250, 760, 390])
        QApplication.processEvents()
        assert abs(panel.sort_button.geometry().center().y() - panel.count_label.geometry().center().y()) < 4
        assert _whole(panel.sort_button) and _whole(panel.count_label)


def test_a_short_quote_sits_on_the_cards_white(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    _sized(qtbot, window, README_SIZE)
    assert window.open_article(seeded_store.articles.article_ids()[0])
    panel = window.quote_panel
    badass = next(q for q in panel.model.quotes if q.text == '"badass."')
    panel.select_uid(badass.uid)
    QApplication.processEvents()
    scroll = panel.pieces_scroll
    assert scroll.height() > panel.pieces_label.fontMetrics().lineSpacing() * 2  # room under the one line
    corner = scroll.mapTo(panel.details, QPoint(scroll.width() - 3, scroll.height() - 3))
    card = QPoint(3, 3)
    assert _pixel(panel.details, corner) == _pixel(panel.details, card)  # no grey box inside the white card
    assert panel.pieces_label.alignment() & Qt.AlignmentFlag.AlignTop  # the words beside "Quote", not below


def test_a_card_says_who_and_how_without_a_stray_colon(qtbot: QtBot, sqlite_store: Store, settings: Settings) -> None:
    """The engine's cue of a headline "Zuckerberg: There's no secret agreement" is its colon: the card reads
    "Mark Zuckerberg  indirect  ·  0.40", not "Mark Zuckerberg  :  ·  indirect"; a cue that is a word stays."""
    from annotator.annotating import annotate_articles
    from annotator.importing import import_paths

    import_paths(sqlite_store, [next(SEEDS.glob("001_*.txt"))], user="importer")
    article_id = sqlite_store.articles.article_ids()[0]
    annotate_articles(sqlite_store, [article_id], user="model")  # the real spaCy pipeline
    main = open_window(qtbot, sqlite_store, settings)
    assert main.open_article(article_id)
    model = main.quote_panel.model
    cards = [(model.quote_at(row), model.index(row, 0).data(ATTRIBUTION_ROLE)) for row in range(model.rowCount())]
    headline = [line for quote, line in cards if quote is not None and quote.cue_text == ":"]
    assert headline and all(line == ("Mark Zuckerberg", f"indirect{DETAILS_SEPARATOR}0.40") for line in headline)
    told = [line for quote, line in cards if quote is not None and quote.cue_text == "told"]
    assert told and all(how.split(DETAILS_SEPARATOR)[0] == "told" for _who, how in told)
    main.close()


def _people(qtbot: QtBot, main: MainWindow) -> PeopleView:
    qtbot.keyClick(main, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    view = main.people.view
    assert view is not None and main.people.active
    return view


def test_a_persons_quotes_show_the_words_and_the_group_flags_whole(
    qtbot: QtBot, sqlite_store: Store, settings: Settings
) -> None:
    said = "The new ferry line will open before the summer season for everyone in the harbour"
    for title, speaker, words in (
        ("Harbour news", "Maria Okafor", said),
        ("Valley news", "Tom Reyes", said.replace("new ", "")),
    ):
        quotes = annotated_article(sqlite_store, title, [Said(words, speaker)], outlet="Harbour Times")
        group_article(sqlite_store, quotes[0].article_id)
    main = open_window(qtbot, sqlite_store, settings)
    _sized(qtbot, main, README_SIZE)
    view = _people(qtbot, main)
    assert view.select_person(find_person(sqlite_store, "Maria Okafor"))
    QApplication.processEvents()
    table = view.quotes_table
    flags = table.model().index(0, GROUP).data()
    assert flags == "wording differs, attributed differently"
    assert table.columnWidth(GROUP) >= table.fontMetrics().horizontalAdvance(flags)
    widest = max(range(table.model().columnCount()), key=table.columnWidth)
    assert widest == WORDS, [table.columnWidth(c) for c in range(table.model().columnCount())]

    _sized(qtbot, main, NARROW_SIZE)  # no room for every column: the words keep theirs, the table scrolls
    assert table.columnWidth(WORDS) >= WORDS_ROOM * table.fontMetrics().averageCharWidth()
    assert table.horizontalScrollBar().maximum() > 0
    main.close()


def test_in_a_narrow_window_the_filters_read_whole(qtbot: QtBot, window: MainWindow) -> None:
    """At 1000×700 the article list's filter boxes read "All statuses" and "All outlets", not "All sta", and the
    People view's filter box its whole placeholder, "Filter people: name or alias"."""
    _sized(qtbot, window, NARROW_SIZE)
    pane = window.article_pane
    for combo in (pane.status_combo, pane.outlet_combo):
        assert _whole(combo), (combo.currentText(), combo.width(), combo.sizeHint().width())
    assert pane.status_combo.geometry().right() < pane.width()  # inside the pane, not under its edge

    view = _people(qtbot, window)
    QApplication.processEvents()
    edit = view.filter_edit
    for widget in (view.verified_check, view.gender_filter):
        assert _whole(widget) and widget.geometry().right() < view.splitter.widget(0).width()
    # typed, the placeholder's words fit without the box scrolling them: the placeholder itself is not cut
    words = edit.placeholderText()
    edit.setText(words)
    edit.setCursorPosition(0)
    edit.repaint()  # the box scrolls its text to the cursor as it paints
    start = edit.cursorRect().center().x()
    edit.end(False)
    edit.repaint()
    assert edit.cursorRect().center().x() - start >= edit.fontMetrics().horizontalAdvance(words)
    edit.clear()


def test_an_empty_people_list_says_why(qtbot: QtBot, sqlite_store: Store, settings: Settings) -> None:
    main = open_window(qtbot, sqlite_store, settings)
    view = _people(qtbot, main)
    assert view.name_label.text() == "No people yet"
    assert "confirmed" in view.description_label.text()

    annotated_article(sqlite_store, "Meta talks", [Said("Mark is very keen to play an active role here", "Nick Clegg")])
    view.refresh()
    qtbot.waitUntil(lambda: view.people_model.rowCount() == 1)
    qtbot.keyClicks(view.filter_edit, "nobody by that name")
    qtbot.waitUntil(lambda: view.people_model.rowCount() == 0)
    qtbot.waitUntil(lambda: view.name_label.text() == "No one matches the filter")
    view.filter_edit.clear()
    qtbot.waitUntil(lambda: view.people_model.rowCount() == 1)
    qtbot.waitUntil(lambda: view.name_label.text() in ("Nick Clegg", "Choose a person on the left"))
    main.close()


def test_an_empty_article_list_says_why(qtbot: QtBot, window: MainWindow, seeded_store: Store) -> None:
    pane = window.article_pane
    pane.set_search("words no article holds")
    assert pane.model.total == 0
    assert pane.empty_label.isVisible() and "clear them" in pane.empty_label.text()
    pane.set_search("")
    assert pane.model.total == 1 and not pane.empty_label.isVisible()


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def test_status_words_read_on_white_and_on_the_selected_card() -> None:
    """ "to check" on a card and "in progress" in the list were amber at 3.6:1 on white, 2.9:1 when selected."""
    for status, colour in STATUS_COLOURS.items():
        if status == "rejected":
            continue  # greyed on purpose, and struck through in the text
        for background, least in (("#ffffff", 4.5), ("#dbe8fb", 4.0)):  # a card (WCAG AA), the selected card
            darker, lighter = sorted((_luminance(QColor(colour)), _luminance(QColor(background))))
            assert (lighter + 0.05) / (darker + 0.05) >= least, (status, background)
