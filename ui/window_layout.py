"""The window's size, the panes' widths and the shown layers, as the editor left them last time, and the
rule that the article comes first: in a narrow window the side panes shrink (and can be folded away by
dragging) before the article text does.

Kept in window.ini next to settings.json (ANNOTATOR_HOME in tests), not in Qt's per-user registry.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from annotator.config import config_dir

LAYER_ACTIONS = ("show_entities", "show_quotes", "show_attribution", "show_legend")
LIST_SHARE, PANEL_SHARE = 0.2, 0.27  # of the width, for the article list and the quote panel on a first start
ARTICLE_SHARE = 0.55  # the article text gets most of the width while the side panes can give way
SIDE_MINIMUM = 150  # px a side pane keeps before it can only be folded away
ARTICLE_MINIMUM = 320


class ArticleFirstSplitter(QSplitter):
    """Article list | article | quote panel, where the side panes give way to the article text."""

    def __init__(self, panes: tuple[QWidget, QWidget, QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for index, pane in enumerate(panes):
            self.addWidget(pane)
            self.setStretchFactor(index, 1 if index == 1 else 0)  # growth goes to the article
            pane.setMinimumWidth(ARTICLE_MINIMUM if index == 1 else SIDE_MINIMUM)
            self.setCollapsible(index, index != 1)  # a side pane folds away when dragged shut

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.give_the_article_its_share()

    def give_the_article_its_share(self) -> None:
        """Shrink the side panes until the article has ARTICLE_SHARE of the width: the article list first
        (titles read well narrow), then the quote panel (it holds the buttons), neither below SIDE_MINIMUM;
        a folded pane stays folded."""
        left, middle, right = self.sizes()
        short = int((left + middle + right) * ARTICLE_SHARE) - middle
        if short <= 0:
            return
        sides = [left, right]
        for index, size in enumerate(sides):
            if size > SIDE_MINIMUM and short > 0:  # 0 is folded: it stays so
                taken = min(short, size - SIDE_MINIMUM)
                sides[index] -= taken
                middle += taken
                short -= taken
        if sides != [left, right]:
            self.setSizes([sides[0], middle, sides[1]])


class WindowLayout:
    def __init__(self, window: QMainWindow, splitter: ArticleFirstSplitter, actions: Mapping[str, QAction]) -> None:
        self.window = window
        self.splitter = splitter
        self.actions = actions
        self.sized = False  # the splitter shares the real width only once the window is shown

    def _stored(self) -> QSettings:
        return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)

    def restore_window(self) -> None:
        """Size and layers (before the window is shown)."""
        stored = self._stored()
        geometry = stored.value("geometry")
        if isinstance(geometry, QByteArray):
            self.window.restoreGeometry(geometry)
        for name in LAYER_ACTIONS:
            self.actions[name].setChecked(stored.value(name, "true") != "false")

    def restore_panes(self) -> None:
        """The panes' widths, once the window has its real width (on the first show)."""
        if self.sized:
            return
        self.sized = True
        splitter = self._stored().value("splitter")
        if isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter):
            self.splitter.give_the_article_its_share()  # the window may come back narrower than it was
            return
        width = max(self.window.width() - 16, 900)
        left, right = int(width * LIST_SHARE), int(width * PANEL_SHARE)
        self.splitter.setSizes([left, width - left - right, right])
        self.splitter.give_the_article_its_share()

    def save(self) -> None:
        if not self.sized:
            return  # never shown: nothing the editor arranged
        stored = self._stored()
        stored.setValue("geometry", self.window.saveGeometry())
        stored.setValue("splitter", self.splitter.saveState())
        for name in LAYER_ACTIONS:
            stored.setValue(name, "true" if self.actions[name].isChecked() else "false")
        stored.sync()
