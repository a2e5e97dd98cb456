"""The window's size, the panes' widths and the shown layers, as the editor left them last time.

Kept in window.ini next to settings.json (ANNOTATOR_HOME in tests), not in Qt's per-user registry.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QSplitter

from annotator.config import config_dir

LAYER_ACTIONS = ("show_entities", "show_quotes", "show_attribution", "show_legend")
SIDE_SHARE = 0.27  # of the width, for the article list and the quote panel each, on a first start


class WindowLayout:
    def __init__(self, window: QMainWindow, splitter: QSplitter, actions: Mapping[str, QAction]) -> None:
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
