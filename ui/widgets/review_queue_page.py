"""The review queue tab's widgets: the filters, the list, the three decisions side by side, the article text
with them highlighted, the comment line and the buttons. ReviewView fills it and handles its keys."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSplitter, QToolButton, QVBoxLayout, QWidget

from annotator.decision_records import ReviewItem
from ui.models.review_models import ReviewQueueModel
from ui.plain import plain_label
from ui.widgets.review_pages import CommentBox, DecisionColumn, QueueFilters, record_table
from ui.widgets.review_text import ReviewTextView


def _button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolTip(action.toolTip())
    return button


class QueuePage(QWidget):
    """The queue tab. `actions` are the view's, by name (accept, send_back, comment, previous_in_queue,
    next_in_queue, refresh_review): the page's buttons trigger them."""

    def __init__(self, model: ReviewQueueModel, actions: Mapping[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filters = QueueFilters()
        self.filters.row.addWidget(_button(actions["refresh_review"]))
        self.table = record_table(model)

        self.model_column = DecisionColumn("Model")
        self.theirs_column = DecisionColumn("Colleague")
        self.mine_column = DecisionColumn("You")
        sides = QGridLayout()
        for index, column in enumerate((self.model_column, self.theirs_column, self.mine_column)):
            sides.addWidget(column, 0, index)
            sides.setColumnStretch(index, 1)
        self.review_state = plain_label()
        self.review_state.setWordWrap(True)  # an empty queue explains itself in a sentence or two
        self.text_view = ReviewTextView()
        self.comment_box = CommentBox()

        buttons = QHBoxLayout()
        for name in ("accept", "send_back", "comment"):
            buttons.addWidget(_button(actions[name]))
        buttons.addStretch(1)
        for name in ("previous_in_queue", "next_in_queue"):
            buttons.addWidget(_button(actions[name]))

        detail = QWidget()
        right = QVBoxLayout(detail)
        right.addLayout(sides)
        right.addWidget(self.review_state)
        right.addWidget(self.text_view, 1)
        right.addWidget(self.comment_box)
        right.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)

    def show_nothing(self, why: str) -> None:
        """No quote to show: the list is empty ("Nothing to review") or still being read."""
        for column in (self.model_column, self.theirs_column, self.mine_column):
            column.show_state(None)
        self.review_state.setText(why)
        self.text_view.show_article("")

    def show_item(self, item: ReviewItem) -> None:
        """The three decisions and the review state; the article text comes separately (show_text)."""
        self.model_column.show_state(item.model)
        self.theirs_column.show_state(item.theirs, title=item.colleague)
        self.mine_column.show_state(item.mine)
        state = f"review: {item.review_status}"
        if item.quote.review_comment:
            state += f" — {item.quote.reviewed_by or 'comment'}: {item.quote.review_comment}"
        if item.conflict_id:
            state += "  (a conflict from an import: settle it in the Conflicts tab)"
        self.review_state.setText(state)

    def show_text(self, item: ReviewItem, article_text: str) -> None:
        self.text_view.show_article(article_text)
        self.text_view.show_highlights(item.highlights)
