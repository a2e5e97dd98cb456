"""The article search box in the menu bar's corner: it searches as the editor types (once they pause), and
Return moves to the first article found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from ui.resources import icon
from ui.widgets.fields import FieldLineEdit

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class ArticleSearch(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.edit = FieldLineEdit()
        self.edit.setPlaceholderText("Search articles (Ctrl+Shift+F)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setFixedWidth(300)
        self.edit.addAction(icon("search"), FieldLineEdit.ActionPosition.LeadingPosition)
        self.edit.setAccessibleName("Search articles")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # search as the editor types, once they pause
        self.edit.textChanged.connect(lambda _text: self._timer.start())
        self.edit.returnPressed.connect(self._on_return_pressed)
        self._timer.timeout.connect(lambda: window.article_pane.set_search(self.edit.text()))

    def focus(self) -> None:
        self.edit.setFocus()
        self.edit.selectAll()

    def _on_return_pressed(self) -> None:
        self._timer.stop()
        pane = self.window.article_pane
        pane.set_search(self.edit.text())
        pane.table.setFocus()
        if self.window.article_model.rowCount():
            pane.table.selectRow(0)
