"""The main window: article list | article view | quote panel, the menus, the status line.

The window composes. Its actions come from the table in ui/actions.py; what they do lives in the controllers
(ui/controllers/: annotation, review, jobs, database); the rules around a decision live in the core
(annotator/editing.py). After anything changes the database under the panes, `refresh()` is the one way
the panes read it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.config import Settings
from annotator.records import ArticleRecord, MentionRecord, QuoteRecord
from annotator.store import Store, StoreError
from ui import actions
from ui.controllers.annotation import AnnotationController
from ui.controllers.article_search import ArticleSearch
from ui.controllers.database_switch import DatabaseController
from ui.controllers.dialogs import DialogsController
from ui.controllers.jobs import JobsController
from ui.controllers.people import PeopleController
from ui.controllers.piece_keys import PiecesController
from ui.controllers.review import ReviewController
from ui.models.article_list import ArticleListModel
from ui.resources import icon
from ui.undo import UndoController
from ui.widgets.article_list_pane import ArticleListPane
from ui.widgets.article_view import ArticleView
from ui.widgets.find_bar import FindBar
from ui.widgets.notice import NoticeBar
from ui.widgets.quote_group_flags import QuoteGroupFlags
from ui.widgets.quote_panel import QuotePanel
from ui.widgets.status_line import StatusLine
from ui.window_layout import LAYER_ACTIONS, ArticleFirstSplitter, WindowLayout

CLOSE_TIMEOUT_MS = 15_000


class MainWindow(QMainWindow):
    article_opened = Signal(int)
    quote_selected = Signal(object)  # QuoteRecord or None
    decision_committed = Signal()
    background_finished = Signal(str)  # the job's label
    pipeline_checked = Signal(bool, str)

    def __init__(
        self,
        store: Store | None,
        settings: Settings,
        *,
        problem: str | None = None,
        thread_pool: QThreadPool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.thread_pool = thread_pool or QThreadPool.globalInstance()
        self.article: ArticleRecord | None = None
        self.mentions: list[MentionRecord] = []

        self.setWindowTitle("Quote Annotator")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.resize(1400, 850)
        self._build_panes()
        self.status_line = StatusLine(self.statusBar())

        self.undo_history = UndoController(self)
        self.jobs = JobsController(self)
        self.annotation = AnnotationController(self)
        self.pieces = PiecesController(self, self.annotation)
        self.database = DatabaseController(self)
        self.dialogs = DialogsController(self)
        # the editor's next action takes a passing notice away (before the action may show its own)
        self.named_actions = actions.build_actions(
            self, actions.WINDOW, self._slots(), before=self.notice.dismiss_passing
        )
        self._build_menus()
        self.review = ReviewController(self)
        self.people = PeopleController(self)
        self._connect()
        self.layout_memory = WindowLayout(self, self.splitter, self.named_actions)
        self.show_store_details()
        self.article_pane.set_outlets(self.query(lambda s: s.articles.outlets(), []))
        self.update_actions()
        self.layout_memory.restore_window()
        if problem:
            self.show_database_problem(problem)

    # ---- building --------------------------------------------------------------------------------------

    def _build_panes(self) -> None:
        self.article_model = ArticleListModel(self.store, self)
        self.article_pane = ArticleListPane(self.article_model)
        self.article_view = ArticleView()
        self.quote_panel = QuotePanel()
        # the same quote in other articles, under the quote card (a widget of its own: ui/widgets/quote_group_flags.py)
        self.quote_group_flags = QuoteGroupFlags()
        panel_layout = self.quote_panel.layout()
        if panel_layout is not None:
            panel_layout.addWidget(self.quote_group_flags)
        self.notice = NoticeBar()
        self.search = ArticleSearch(self)

        self.find_bar = FindBar(self.article_view)
        article_column = QWidget()  # the find bar (Ctrl+F) above the article text
        column_layout = QVBoxLayout(article_column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(0)
        column_layout.addWidget(self.find_bar)
        column_layout.addWidget(self.article_view, 1)
        self.splitter = ArticleFirstSplitter((self.article_pane, article_column, self.quote_panel))
        self.splitter.setSizes([400, 620, 380])
        self.pages = QStackedWidget()
        self.pages.addWidget(self.splitter)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self.notice)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        # names for screen readers
        self.article_pane.table.setAccessibleName("Articles")
        self.article_view.text_edit.setAccessibleName("Article text")
        self.quote_panel.list_view.setAccessibleName("Quotes in this article")

    def _slots(self) -> dict[str, Callable[[], object]]:
        """What each action of the table does (ui/actions.py names them)."""
        annotation, jobs, panel = self.annotation, self.jobs, self.quote_panel
        return {
            "import_files": jobs.choose_import_files,
            "import_folder": jobs.choose_import_folder,
            "import_colleague": jobs.import_colleague_work,
            "export": self.dialogs.open_export,
            "annotate_again": jobs.annotate_current,
            "settings": self.dialogs.open_settings,
            "quit": self.close,
            "undo": self.undo_history.undo,
            "redo": self.undo_history.redo,
            "add_quote": self.pieces.add_quote,
            "set_bounds": self.pieces.set_bounds_from_selection,
            "next_piece": lambda: self.pieces.step_piece(1),
            "previous_piece": lambda: self.pieces.step_piece(-1),
            "grow_start": lambda: self.pieces.step_bound("start", grow=True),
            "shrink_start": lambda: self.pieces.step_bound("start", grow=False),
            "grow_end": lambda: self.pieces.step_bound("end", grow=True),
            "shrink_end": lambda: self.pieces.step_bound("end", grow=False),
            "trim_to_marks": self.pieces.trim_to_marks,
            "split_quote": self.pieces.split,
            "join_quote": self.pieces.join,
            "cycle_kind": annotation.cycle_kind,
            "edit_venue": annotation.focus_venue,
            "edit_note": annotation.focus_note,
            "search": self.search.focus,
            "find_in_article": self.find_bar.open_bar,
            "find_next": lambda: self.find_bar.step(1),
            "find_previous": lambda: self.find_bar.step(-1),
            "confirm": annotation.confirm_quote,
            "reject": annotation.reject_quote,
            "change_speaker": annotation.change_speaker,
            "next_quote": lambda: panel.step(1),
            "previous_quote": lambda: panel.step(-1),
            "next_article": annotation.next_article,
            "mark_done": annotation.toggle_done,
            "annotate_mode": self.show_annotation_panes,
            "sources": lambda: self.people.open_sources(),
            "keys": self.dialogs.show_keys,
            "about": self.dialogs.show_about,
        }

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        for title in actions.MENUS:
            menu = bar.addMenu(f"&{title}")
            self.menus[title] = menu
            for name in actions.menu_entries(title):
                if name is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.named_actions[name])
        corner = QWidget(bar)  # parented: PySide would otherwise delete it with the Python name
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 2, 8, 2)  # off the window edge, like the sketch
        corner_layout.addWidget(self.search.edit)
        bar.setCornerWidget(corner)

    def _connect(self) -> None:
        named = self.named_actions
        for name in ("show_entities", "show_quotes", "show_attribution"):
            layer = name.removeprefix("show_")
            named[name].toggled.connect(lambda on, layer=layer: self.article_view.set_layer_visible(layer, on))
        named["show_legend"].toggled.connect(self.article_view.legend.setVisible)
        for name in LAYER_ACTIONS:
            named[name].setChecked(True)
        self.quote_panel.set_actions(
            confirm=named["confirm"],
            reject=named["reject"],
            change_speaker=named["change_speaker"],
            more=[named[n] for n in ("cycle_kind", "edit_venue", "edit_note", "set_bounds")],
            sort_by_confidence=named["sort_by_confidence"],
        )
        self.article_view.text_edit.extra_actions = [named["add_quote"], named["set_bounds"], named["split_quote"]]
        self.article_pane.article_chosen.connect(self._on_article_pane_article_chosen)
        self.article_model.load_failed.connect(self._on_article_model_load_failed)
        self.quote_panel.current_quote_changed.connect(self._on_quote_panel_current_quote_changed)
        self.article_view.text_edit.selectionChanged.connect(self.update_actions)

    # ---- state and messages ------------------------------------------------------------------------------

    @property
    def user(self) -> str:
        return self.settings.user_name

    @property
    def current_quote(self) -> QuoteRecord | None:
        return self.quote_panel.current_quote

    @property
    def review_view(self) -> Any:
        return self.review.view

    @property
    def in_review_mode(self) -> bool:
        return self.review.active

    @property
    def busy(self) -> bool:
        return self.jobs.busy

    def query(self, ask: Callable[[Store], Any], default: Any) -> Any:
        """A read from the store; a database problem becomes a message and a default, never a crash."""
        if self.store is None:
            return default
        try:
            return ask(self.store)
        except StoreError as exc:
            self.show_problem(str(exc))
            return default

    def show_status(self, text: str, timeout_ms: int = 6000) -> None:
        """A passing line in the status bar."""
        self.status_line.show_message(text, timeout_ms)

    def show_problem(self, text: str, *, level: str = "error") -> None:
        """A message the editor can act on, in the window (not a modal box): the app keeps running."""
        self.notice.show_message(text, level=level)
        self.show_status(text, 8000)

    def show_database_problem(self, text: str) -> None:
        self.dialogs.show_database_problem(text)

    def show_store_details(self) -> None:
        self.status_line.database_label.setText(self.store.display_url if self.store else "no database open")
        self.status_line.editor_label.setText(f"editor: {self.user}")

    def conditions(self) -> set[str]:
        """Which `when` of the action table hold now."""
        holding: set[str] = set()
        if self.store is not None:
            holding.add(actions.HAS_STORE)
            if self.in_review_mode:  # the review view has its own A, X, J, K: never two at once
                holding.update((actions.REVIEWING, actions.ELSEWHERE))
            elif self.people.active:  # Enter and the letters belong to the People view
                holding.update((actions.BROWSING_PEOPLE, actions.ELSEWHERE))
            else:
                holding.add(actions.ANNOTATING)
                if self.article is not None:
                    holding.add(actions.HAS_ARTICLE)
                    if self.current_quote is not None:
                        holding.add(actions.HAS_QUOTE)
        return holding

    def update_actions(self, *_: object) -> None:
        actions.apply_enabled(self.named_actions, self.conditions())
        self.undo_history.show_in(self.named_actions)

    # ---- articles and the one refresh ----------------------------------------------------------------------

    def open_article(self, article_id: int, *, select_uid: str | None = None) -> bool:
        if self.store is None:
            return False
        try:
            article = self.store.articles.get_article(article_id)
            mentions = self.store.articles.mentions_for_article(article_id)
            quotes = self.store.quotes.quotes_for_article(article_id)
        except StoreError as exc:
            self.show_problem(f"Cannot open the article: {exc}")
            return False
        self.annotation.stop_picking()
        self.article = article
        self.mentions = mentions
        self.setWindowTitle(f"{article.title} — Quote Annotator")
        self.article_view.set_article(article, mentions, quotes)
        self.find_bar.refresh()
        if article.annotated_at is None:
            hint = (
                "Not pre-annotated yet: suggestions appear here when spaCy is done. Meanwhile select words and press Q."
            )
        else:
            hint = "No quotes found here. Select the words of a quote in the text and press Q to add it."
        self.quote_panel.set_empty_hint(hint)
        self.quote_panel.set_quotes(quotes)
        self.article_pane.select_article(article_id)
        if select_uid is not None:
            self.quote_panel.select_uid(select_uid)
        else:
            self.quote_panel.step(1)  # the first quote still to check: Enter confirms it right away
        self.update_actions()
        self.article_opened.emit(article_id)
        return True

    def close_article(self) -> None:
        self.article = None
        self.setWindowTitle("Quote Annotator")
        self.article_view.set_article(None)
        self.find_bar.refresh()
        self.quote_panel.set_quotes([])
        self.update_actions()

    def open_first_article_with_work(self) -> None:
        """Where an editor starts the day: the first article that still has quotes to check."""
        found = self.query(lambda s: s.articles.next_article_with_work(None), None)
        if found is not None:
            self.open_article(found)

    def refresh(
        self,
        *,
        only_article: int | None = None,
        reopen: bool = True,
        open_if_none: int | None = None,
        open_first: bool = False,
        review: bool = False,
    ) -> None:
        """Read again what the database says now, after an import, an annotation, a review or a switch.

        The article list (one row with `only_article`, else every row and the outlets), then the open
        article with its selected quote (unless `reopen` is False); with no article open, `open_if_none` or
        (`open_first`) the first listed one; the review view too with `review`."""
        if only_article is not None:
            self.article_model.refresh_article(only_article)
        else:
            self.article_model.reload()
            self.article_pane.set_outlets(self.query(lambda s: s.articles.outlets(), []))
        if self.article is not None:
            if reopen and (only_article is None or only_article == self.article.id):
                current = self.current_quote
                self.open_article(self.article.id, select_uid=current.uid if current else None)
            else:
                self.article_pane.select_article(self.article.id)
        elif open_if_none is not None:
            self.open_article(open_if_none)
        elif open_first and self.article_model.rowCount():
            first = self.article_model.summary_at(0)
            if first is not None:
                self.open_article(first.id)
        if review:
            self.review.refresh()
        self.update_actions()

    def show_annotation_panes(self) -> None:
        """Back from the review or the People view (Ctrl+1)."""
        self.review.set_mode(False)
        self.people.set_mode(False)

    # ---- slots and events ----------------------------------------------------------------------------------

    def _on_article_pane_article_chosen(self, article_id: int) -> None:
        if self.article is None or self.article.id != article_id:
            self.open_article(article_id)

    def _on_article_model_load_failed(self, message: str) -> None:
        self.show_problem(f"The article list could not be read: {message}")

    def _on_quote_panel_current_quote_changed(self, quote: QuoteRecord | None) -> None:
        self.article_view.set_selected_quote(quote)
        self.quote_group_flags.show_quote(self.store, quote.id if quote else None)
        self.update_actions()
        self.quote_selected.emit(quote)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.jobs.import_paths(paths)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.layout_memory.restore_panes()

    def closeEvent(self, event: QCloseEvent) -> None:
        # nothing to save: every decision is already in the database; only background work must stop
        self.jobs.closing = True
        self.layout_memory.save()
        self.jobs.stop(CLOSE_TIMEOUT_MS)
        super().closeEvent(event)
