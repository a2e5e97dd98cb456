"""The quote card's group line: the words that differ and the other speakers, plain text, hidden when the
quote stands alone."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from annotator.quote_groups import group_article
from annotator.store import Store
from tests.unit.people_data import Said, annotated_article
from ui.theme import PROBLEM_COLOUR
from ui.widgets.quote_group_flags import QuoteGroupFlags

KEEN = "Mark is very keen to play an active role in the debates about the future of technology"


def test_flags_show_the_differing_words_and_speakers_and_hide_for_a_quote_alone(
    qtbot: QtBot, sqlite_store: Store
) -> None:
    first = annotated_article(sqlite_store, "Keen", [Said(KEEN, "Nick Clegg")])
    second = annotated_article(
        sqlite_store, "Keen <b>again</b>", [Said(KEEN.replace("very", "really"), "Mark Zuckerberg")], outlet="Guardian"
    )
    alone = annotated_article(sqlite_store, "Alone", [Said("Nobody else ever put these particular words here", "X Y")])
    for quotes in (first, second, alone):
        group_article(sqlite_store, quotes[0].article_id)
    flags = QuoteGroupFlags()
    qtbot.addWidget(flags)

    flags.show_quote(sqlite_store, first[0].id)
    assert flags.isVisibleTo(flags.parentWidget() or flags) and not flags.isHidden()
    assert flags.summary_label.text() == "The same quote in 1 other article"
    assert flags.wording_label.text() == "Wording differs: “very” → “really” (Guardian)"
    assert flags.speakers_label.text() == "Attributed differently: Nick Clegg, Mark Zuckerberg"

    flags.show_quote(sqlite_store, alone[0].id)
    assert flags.isHidden()


def test_the_window_shows_the_flags_under_the_selected_quote(qtbot: QtBot, sqlite_store: Store, settings: Any) -> None:
    from tests.ui.conftest import open_window

    first = annotated_article(sqlite_store, "Keen", [Said(KEEN, "Nick Clegg")])
    second = annotated_article(sqlite_store, "Keen again", [Said(KEEN, "Mark Zuckerberg")], outlet="Guardian")
    for quotes in (first, second):
        group_article(sqlite_store, quotes[0].article_id)
    window = open_window(qtbot, sqlite_store, settings)
    window.open_article(second[0].article_id, select_uid=second[0].uid)
    flags = window.quote_group_flags
    assert flags.isVisible() and flags.speakers_label.text() == "Attributed differently: Nick Clegg, Mark Zuckerberg"
    assert flags.wording_label.isHidden()
    # a card of its own, another speaker in the problem colour: a warning, not loose text at the panel's foot
    assert flags.speakers_label.palette().color(QPalette.ColorRole.WindowText) == QColor(PROBLEM_COLOUR)
    card, panel = flags.grab().toImage().pixelColor(2, flags.height() // 2), window.quote_panel.grab().toImage()
    assert card != panel.pixelColor(window.quote_panel.width() - 2, 2)
    window.close()
