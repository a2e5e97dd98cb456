"""The left pane: filters (status, outlet) over the paged article table, and how many articles match."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.records import ARTICLE_STATUSES, ArticleFilter
from ui.models.article_list import (
    ARTICLE_ID_ROLE,
    COLUMNS,
    DATE,
    OUTLET,
    STATUS,
    TITLE,
    ArticleListModel,
)
from ui.plain import plain_label
from ui.theme import STATUS_LABELS
from ui.widgets.folding_row import FoldingRow
from ui.widgets.table_columns import FittedHeader, fit_columns

TITLE_ROOM = 24  # characters of a title the list keeps before the Status column makes way


class ArticleListPane(QWidget):
    article_chosen = Signal(int)  # article id
    filter_changed = Signal(object)  # ArticleFilter

    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._search: str | None = None

        title = plain_label("ARTICLES")
        title.setObjectName("paneTitle")
        self.count_label = plain_label()
        self.count_label.setObjectName("articleMeta")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.count_label)

        self.status_combo = QComboBox()
        self.status_combo.addItem("All statuses", None)
        for status in ARTICLE_STATUSES:
            self.status_combo.addItem(STATUS_LABELS.get(status, status), status)
        self.status_combo.setToolTip("Show articles with this status")
        self.outlet_combo = QComboBox()
        self.outlet_combo.addItem("All outlets", None)
        self.outlet_combo.setToolTip("Show articles from this outlet")
        self.outlet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.outlet_combo.setMinimumContentsLength(10)
        # a narrow pane puts the outlet under the status rather than cutting both ("All sta")
        self.filters = FoldingRow([(self.status_combo, 0)], [(self.outlet_combo, 1)])

        self.table = QTableView()
        self.table.setHorizontalHeader(FittedHeader(self.table))
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        heading = self.table.horizontalHeader()
        heading.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # import order until the editor sorts
        heading.setSortIndicatorShown(True)
        heading.setSectionsClickable(True)
        self.table.setSortingEnabled(True)
        heading.setStretchLastSection(False)
        # the title is what tells articles apart: it takes the width the other columns' words leave
        fit_columns(self.table)
        heading.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        # a narrow pane shows what the work needs; the header's context menu brings back the rest
        self.table.setColumnHidden(OUTLET, True)
        self.table.setColumnHidden(DATE, True)
        self._status_chosen = False  # the editor showed or hid the Status column: no longer shown by the width
        heading.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        heading.customContextMenuRequested.connect(self._on_heading_context_menu_requested)

        self.empty_label = plain_label()  # why the list is empty, when it is
        self.empty_label.setObjectName("articleMeta")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 4, 6)
        layout.addLayout(header)
        layout.addWidget(self.filters)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)

        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.status_combo.currentIndexChanged.connect(self._on_filters_changed)
        self.outlet_combo.currentIndexChanged.connect(self._on_filters_changed)
        model.modelReset.connect(self._update_count)
        model.rowsInserted.connect(self._update_count)
        self._update_count()

    def set_outlets(self, outlets: list[str]) -> None:
        current = self.outlet_combo.currentData()
        self.outlet_combo.blockSignals(True)
        self.outlet_combo.clear()
        self.outlet_combo.addItem("All outlets", None)
        for outlet in outlets:
            self.outlet_combo.addItem(outlet, outlet)
        index = self.outlet_combo.findData(current)
        self.outlet_combo.setCurrentIndex(max(0, index))
        self.outlet_combo.blockSignals(False)

    def set_search(self, text: str) -> None:
        self._search = text.strip() or None
        self._on_filters_changed()

    def current_filter(self) -> ArticleFilter | None:
        status = self.status_combo.currentData()
        outlet = self.outlet_combo.currentData()
        if not (status or outlet or self._search):
            return None
        return ArticleFilter(status=status, outlet=outlet, search=self._search)

    def select_article(self, article_id: int) -> bool:
        """Select the article's row (loading pages as needed) without re-announcing it."""
        row = self.model.load_until(article_id)
        if row is None:
            self.table.clearSelection()
            return False
        self.table.blockSignals(True)
        self.table.selectionModel().blockSignals(True)
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, TITLE))
        self.table.selectionModel().blockSignals(False)
        self.table.blockSignals(False)
        self.table.scrollTo(self.model.index(row, TITLE))
        self.table.viewport().update()
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._make_room_for_titles()

    def _make_room_for_titles(self) -> None:
        """The Status column shows only while the titles keep TITLE_ROOM characters beside it: in a narrow pane
        it makes way (the quote count keeps the status in its colour and tooltip)."""
        if self._status_chosen:
            return
        heading = self.table.horizontalHeader()
        scroll_bar = self.table.verticalScrollBar()
        width = self.table.width() - 2 * self.table.frameWidth() - (scroll_bar.width() if scroll_bar.isVisible() else 0)
        for column in range(len(COLUMNS)):
            if column not in (TITLE, STATUS) and not self.table.isColumnHidden(column):
                width -= heading.sectionSize(column)
        width -= max(heading.sectionSizeHint(STATUS), self.table.sizeHintForColumn(STATUS))
        self.table.setColumnHidden(STATUS, width < TITLE_ROOM * self.table.fontMetrics().averageCharWidth())

    def _update_count(self, *_: object) -> None:
        total = self.model.total
        self.count_label.setText(f"{total:,} article{'s' if total != 1 else ''}")
        if self.current_filter() is not None:
            self.empty_label.setText("No article matches the search and filters: clear them to see every article.")
        else:
            self.empty_label.setText("No articles yet: File › Import files (Ctrl+O), or drop files on the window.")
        self.empty_label.setVisible(total == 0)

    def _on_filters_changed(self, *_: object) -> None:
        filters = self.current_filter()
        self.model.set_filter(filters)
        self.filter_changed.emit(filters)

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            article_id = current.data(ARTICLE_ID_ROLE)
            if isinstance(article_id, int):
                self.article_chosen.emit(article_id)

    def _on_heading_context_menu_requested(self, point: QPoint) -> None:
        menu = QMenu(self)
        for column, (_key, header) in enumerate(COLUMNS):
            if column == TITLE:
                continue
            action = menu.addAction(header)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.toggled.connect(lambda shown, column=column: self._show_column(column, shown))
        menu.popup(self.table.horizontalHeader().mapToGlobal(point))

    def _show_column(self, column: int, shown: bool) -> None:
        if column == STATUS:
            self._status_chosen = True
        self.table.setColumnHidden(column, not shown)
