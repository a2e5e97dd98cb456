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
SIDE_SHARE = 0.22  # of the width, for the article list and the quote panel each, on a first start
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
        """Shrink the side panes (each in proportion, not below SIDE_MINIMUM) until the article has
        ARTICLE_SHARE of the width; a folded pane stays folded."""
        left, middle, right = self.sizes()
        total = left + middle + right
        short = int(total * ARTICLE_SHARE) - middle
        sides = [size for size in (left, right) if size > 0]
        spare = sum(size - SIDE_MINIMUM for size in sides if size > SIDE_MINIMUM)
        if short <= 0 or spare <= 0:
            return
        taken = min(short, spare)

        def shrunk(size: int) -> int:
            return size if size <= SIDE_MINIMUM else size - round(taken * (size - SIDE_MINIMUM) / spare)

        new_left, new_right = shrunk(left), shrunk(right)
        self.setSizes([new_left, total - new_left - new_right, new_right])


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
        side = int(width * SIDE_SHARE)
        self.splitter.setSizes([side, width - 2 * side, side])

    def save(self) -> None:
        if not self.sized:
            return  # never shown: nothing the editor arranged
        stored = self._stored()
        stored.setValue("geometry", self.window.saveGeometry())
        stored.setValue("splitter", self.splitter.saveState())
        for name in LAYER_ACTIONS:
            stored.setValue(name, "true" if self.actions[name].isChecked() else "false")
        stored.sync()
