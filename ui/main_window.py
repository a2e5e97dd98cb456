"""The main window: article list | article view | quote panel, menus of QActions, a status bar with the
background job, the last save, the database and the editor.

Every decision goes through a command in ui.undo (one store call, committed at once); the window only shows
what the store answers. Long work runs on the thread pool through ui.workers.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QPoint, QSettings, QThreadPool, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import annotator
from annotator.config import Settings, config_dir, save_settings
from annotator.db.engine import DatabaseProblem
from annotator.decision_records import MergeReport
from annotator.records import QUOTE_KINDS, ArticleRecord, ImportReport, MentionRecord, QuoteRecord
from annotator.store import QuoteConflict, Store, StoreError
from ui import undo
from ui.models.article_list import ArticleListModel
from ui.models.people import SpeakerChoice
from ui.resources import icon
from ui.widgets.article_list_pane import ArticleListPane
from ui.widgets.article_view import ArticleView
from ui.widgets.fields import FieldLineEdit
from ui.widgets.import_report import ImportReportDialog, summary_text
from ui.widgets.notice import NoticeBar
from ui.widgets.quote_panel import QuotePanel
from ui.workers import (
    AnnotateWorker,
    ColleagueImportWorker,
    ImportWorker,
    PipelineStatusWorker,
    SeedImportWorker,
    Worker,
)

if TYPE_CHECKING:
    from ui.widgets.review_view import ReviewView

ARTICLE_SUFFIXES = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.jsonl", "*.docx")
DATABASE_SUFFIXES = ("*.db", "*.sqlite", "*.sqlite3")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]  # str.capitalize() would lower-case the names in the message


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def colleague_summary(report: MergeReport) -> str:
    """One line on what a colleague's database brought in, and where the conflicts are settled."""
    name = report.source if "://" in report.source else Path(report.source).name
    if not report.changed_anything:
        text = f"{name}: nothing new, everything in it is already here."
    else:
        text = (
            f"{name}: {_count(report.articles_added, 'article')} added ({report.articles_matched} already here), "
            f"{_count(report.quotes_added, 'quote')} added, {_count(report.decisions_added, 'decision')} "
            f"brought in ({report.decisions_adopted} taken over)."
        )
    if report.cancelled:
        text += " Cancelled before the end; importing the file again brings the rest."
    if report.conflicts:
        text += f" {_count(report.conflicts, 'conflict')} to resolve in Review › Review colleagues' work (Ctrl+2)."
    elif report.changed_anything:
        text += " No conflicts."
    return text


def export_dialog_available() -> bool:
    return importlib.util.find_spec("ui.widgets.export_dialog") is not None


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
        self.pipeline: tuple[bool, str] | None = None
        self._workers: list[Worker] = []
        self._closing = False
        self._sized = False

        self.setWindowTitle("Quote Annotator")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.resize(1400, 850)

        self.undo_stack = QUndoStack(self)
        self.undo_context = undo.UndoContext(store, settings.user_name, self) if store else None

        self.article_model = ArticleListModel(store, self)
        self.article_pane = ArticleListPane(self.article_model)
        self.article_view = ArticleView()
        self.quote_panel = QuotePanel()
        self.notice = NoticeBar()
        self.search_edit = FieldLineEdit()
        self.search_edit.setPlaceholderText("Search articles (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setFixedWidth(300)
        self.search_edit.addAction(icon("search"), FieldLineEdit.ActionPosition.LeadingPosition)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)  # search as the editor types, once they pause

        self.splitter = QSplitter()
        self.splitter.addWidget(self.article_pane)
        self.splitter.addWidget(self.article_view)
        self.splitter.addWidget(self.quote_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([400, 620, 380])
        self.splitter.setChildrenCollapsible(False)
        self.review_view: ReviewView | None = None  # built on first use: it queries the whole audit log
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
        self.search_edit.setAccessibleName("Search articles")

        self.named_actions: dict[str, QAction] = {}
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.quote_panel.set_actions(
            confirm=self.named_actions["confirm"],
            reject=self.named_actions["reject"],
            change_speaker=self.named_actions["change_speaker"],
            more=[self.named_actions[n] for n in ("cycle_kind", "edit_venue", "edit_note", "set_bounds")],
        )
        self.article_view.text_edit.extra_actions = [self.named_actions["add_quote"], self.named_actions["set_bounds"]]
        self._connect()
        self._show_store_details()
        self.article_pane.set_outlets(self._query(lambda s: s.outlets(), []))
        self._update_actions()
        self._restore_window()
        if problem:
            self.show_database_problem(problem)

    # ---- building --------------------------------------------------------------------------------------

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], Any] | None,
        keys: Sequence[str] = (),
        icon_name: str | None = None,
        tip: str | None = None,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        shown = ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        base = tip or text.replace("…", "").replace("&", "")
        action.setToolTip(f"{base} ({shown})" if shown else base)
        action.setStatusTip(action.toolTip())
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even when the menu bar is hidden
        self.named_actions[name] = action
        return action

    def _build_actions(self) -> None:
        a = self._action
        a("import_files", "&Import files…", self.choose_import_files, ["Ctrl+O"], "import")
        a("import_folder", "Import &folder…", self.choose_import_folder, ["Ctrl+Shift+O"], "folder")
        a(
            "import_colleague",
            "Import &colleague's work…",
            self.import_colleague_work,
            ["Ctrl+Shift+I"],
            "import",
            "Import a colleague's database: their decisions come in for review",
        )
        a("export", "&Export…", self.open_export, ["Ctrl+E"], "export")
        a("settings", "&Settings…", self.open_settings, ["Ctrl+,"], "settings")
        a("annotate_again", "&Pre-annotate this article again", self.annotate_current, ["Ctrl+R"])
        a("quit", "&Quit", self.close, ["Ctrl+Q"], "quit")

        undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        undo_action.setIcon(icon("undo"))
        redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo_action.setIcon(icon("redo"))
        for label, action, shown in (("undo", undo_action, "Ctrl+Z"), ("redo", redo_action, "Ctrl+Shift+Z")):
            action.setToolTip(f"{label.capitalize()} the last decision ({shown})")
            self.addAction(action)
            self.named_actions[label] = action
        a("search", "&Search articles", self.focus_search, ["Ctrl+F"], "search")
        a("add_quote", "&Add quote from selection", self.add_quote_from_selection, ["Q"], "add-quote")
        a("set_bounds", "Set quote &bounds from selection", self.set_bounds_from_selection, ["B"], "bounds")
        a("cycle_kind", "Change &kind (direct/partial/indirect)", self.cycle_kind, ["T"], "kind")
        a("edit_venue", "Edit &venue", self.focus_venue, ["V"], "venue")
        a("edit_note", "Edit &note", self.focus_note, ["C"], "note")

        for name, text, keys in (
            ("show_entities", "&Entities", ["Alt+1"]),
            ("show_quotes", "&Quotes", ["Alt+2"]),
            ("show_attribution", "&Speaker and cue of the selected quote", ["Alt+3"]),
        ):
            layer = name.removeprefix("show_")
            action = a(name, text, None, keys, checkable=True)
            action.setChecked(True)
            action.toggled.connect(lambda on, layer=layer: self.article_view.set_layer_visible(layer, on))
        legend = a("show_legend", "&Legend", None, ["Alt+4"], checkable=True)
        legend.setChecked(True)
        legend.toggled.connect(self.article_view.legend.setVisible)

        a("confirm", "&Confirm", self.confirm_quote, ["Return", "Enter", "A"], "confirm", "Confirm the quote")
        a("reject", "&Reject", self.reject_quote, ["X", "Delete"], "reject", "Not a quote: reject it")
        a("change_speaker", "Change &speaker…", self.change_speaker, ["S"], "speaker", "Change the speaker")
        a("next_quote", "Ne&xt quote", lambda: self.quote_panel.step(1), ["J"], "next")
        a("previous_quote", "&Previous quote", lambda: self.quote_panel.step(-1), ["K"], "previous")
        a("next_article", "Next article with &work left", self.next_article, ["N"], "next-article")
        a("mark_done", "Mark article &done", self.toggle_done, ["D"], "done")
        mode = a("review_mode", "Review colleagues' &work", None, ["Ctrl+2"], tip="Switch to the review of colleagues")
        mode.setCheckable(True)
        mode.toggled.connect(self.set_review_mode)
        a("annotate_mode", "Back to &annotating", lambda: self.set_review_mode(False), ["Ctrl+1"])

        a("keys", "&Keyboard shortcuts", self.show_keys, ["F1"])
        a("about", "&About Quote Annotator", self.show_about, [], "about")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        layout = {
            "&File": "import_files import_folder import_colleague - export - annotate_again - settings - quit",
            "&Edit": "undo redo - add_quote set_bounds cycle_kind edit_venue edit_note - search",
            "&View": "show_entities show_quotes show_attribution - show_legend",
            "&Review": "confirm reject change_speaker - next_quote previous_quote - mark_done next_article"
            " - review_mode annotate_mode import_colleague",
            "&Help": "keys - about",
        }
        self.menus: dict[str, QMenu] = {}
        for title, names in layout.items():
            menu = bar.addMenu(title)
            self.menus[title.replace("&", "")] = menu
            for name in names.split():
                if name == "-":
                    menu.addSeparator()
                else:
                    menu.addAction(self.named_actions[name])
        corner = QWidget(bar)  # parented: PySide would otherwise delete it with the Python name
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 2, 8, 2)  # off the window edge, like the sketch
        corner_layout.addWidget(self.search_edit)
        bar.setCornerWidget(corner)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.job_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(200)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setIcon(icon("cancel"))
        self.cancel_button.setToolButtonStyle(self.cancel_button.toolButtonStyle().ToolButtonTextBesideIcon)
        self.cancel_button.setToolTip("Stop the background work after the current article")
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        for widget in (self.job_label, self.progress_bar, self.cancel_button):
            status.addWidget(widget)
            widget.hide()
        self.saved_label = QLabel("nothing changed yet")
        self.saved_label.setToolTip("Every decision is written to the database as you make it")
        self.model_label = QLabel("model: checking…")
        self.database_label = QLabel()
        self.editor_label = QLabel()
        for widget in (self.saved_label, self.model_label, self.database_label, self.editor_label):
            status.addPermanentWidget(widget)

    def _connect(self) -> None:
        self.article_pane.article_chosen.connect(self._on_article_pane_article_chosen)
        self.article_model.load_failed.connect(self._on_article_model_load_failed)
        self.quote_panel.current_quote_changed.connect(self._on_quote_panel_current_quote_changed)
        self.quote_panel.kind_chosen.connect(self._on_quote_panel_kind_chosen)
        self.quote_panel.venue_edited.connect(self._on_quote_panel_venue_edited)
        self.quote_panel.note_edited.connect(self._on_quote_panel_note_edited)
        self.quote_panel.venue_edit.returnPressed.connect(self.quote_panel.list_view.setFocus)
        self.quote_panel.note_edit.returnPressed.connect(self.quote_panel.list_view.setFocus)
        self.quote_panel.speaker_picker.speaker_chosen.connect(self._on_speaker_picker_speaker_chosen)
        self.quote_panel.speaker_picker.cancelled.connect(self._on_speaker_picker_cancelled)
        self.article_view.quote_clicked.connect(self._on_article_view_quote_clicked)
        self.article_view.mention_clicked.connect(self._on_article_view_mention_clicked)
        self.article_view.text_edit.selectionChanged.connect(self._update_actions)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.undo_stack.indexChanged.connect(self._update_actions)
        if self.undo_context is not None:
            self._connect_undo_context(self.undo_context)

    def _connect_undo_context(self, context: undo.UndoContext) -> None:
        context.quote_changed.connect(self._on_undo_context_quote_changed)
        context.quote_removed.connect(self._on_undo_context_quote_removed)
        context.article_changed.connect(self._on_undo_context_article_changed)
        context.committed.connect(self._on_undo_context_committed)
        context.command_failed.connect(self._on_undo_context_command_failed)

    # ---- small helpers -----------------------------------------------------------------------------------

    @property
    def user(self) -> str:
        return self.settings.user_name

    @property
    def current_quote(self) -> QuoteRecord | None:
        return self.quote_panel.current_quote

    def _query(self, ask: Callable[[Store], Any], default: Any) -> Any:
        """A read from the store; a database problem becomes a message and a default, never a crash."""
        if self.store is None:
            return default
        try:
            return ask(self.store)
        except (StoreError, DatabaseProblem) as exc:
            self.show_problem(str(exc))
            return default

    def show_problem(self, text: str, *, level: str = "error") -> None:
        """A message the editor can act on, in the window (not a modal box): the app keeps running."""
        self.notice.show_message(text, level=level)
        self.statusBar().showMessage(text, 8000)

    def show_database_problem(self, text: str) -> None:
        message = f"The database cannot be used: {text}"
        self.notice.show_message(
            message, level="error", action_text="Choose another database…", action=self.open_settings
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Cannot open the database",
            message,
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setObjectName("databaseProblemBox")
        choose = box.addButton("Choose another database…", QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(choose)
        box.buttonClicked.connect(lambda button: self.open_settings() if button is choose else None)
        box.open()  # window-modal but not blocking: the app keeps running behind it
        self.database_problem_box = box

    def _show_store_details(self) -> None:
        self.database_label.setText(self.store.display_url if self.store else "no database open")
        self.database_label.setToolTip("The database every decision goes to (File › Settings to change)")
        self.editor_label.setText(f"editor: {self.user}")

    def _update_actions(self, *_: object) -> None:
        has_store = self.store is not None
        annotating = not self.in_review_mode  # the review view has its own A, X, J, K: never two at once
        has_article = has_store and annotating and self.article is not None
        has_quote = has_article and self.current_quote is not None
        for name in ("confirm", "reject", "change_speaker", "cycle_kind", "edit_venue", "edit_note"):
            self.named_actions[name].setEnabled(has_quote)
        for name in ("next_quote", "previous_quote", "add_quote", "mark_done", "annotate_again"):
            self.named_actions[name].setEnabled(has_article)
        self.named_actions["set_bounds"].setEnabled(has_quote)
        for name in ("import_files", "import_folder", "import_colleague", "search"):
            self.named_actions[name].setEnabled(has_store)
        self.named_actions["next_article"].setEnabled(has_store and annotating)
        self.named_actions["review_mode"].setEnabled(has_store)
        self.named_actions["annotate_mode"].setEnabled(not annotating)
        export = self.named_actions["export"]
        export.setEnabled(has_store and export_dialog_available())
        if not export_dialog_available():
            export.setToolTip("Export is not part of this build yet (Ctrl+E)")

    # ---- articles ----------------------------------------------------------------------------------------

    def open_article(self, article_id: int, *, select_uid: str | None = None) -> bool:
        if self.store is None:
            return False
        try:
            article = self.store.get_article(article_id)
            mentions = self.store.mentions_for_article(article_id)
            quotes = self.store.quotes_for_article(article_id)
        except (StoreError, DatabaseProblem) as exc:
            self.show_problem(f"Cannot open the article: {exc}")
            return False
        self._stop_picking()
        self.article = article
        self.mentions = mentions
        self.setWindowTitle(f"{article.title} — Quote Annotator")
        self.article_view.set_article(article, mentions, quotes)
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
        self._update_actions()
        self.article_opened.emit(article_id)
        return True

    def next_article(self) -> None:
        after = self.article.id if self.article else None
        found = self._query(lambda s: s.next_article_with_work(after), None)
        if found is None:
            self.statusBar().showMessage("No article has work left: every quote is checked.", 6000)
            return
        self.open_article(found)

    def toggle_done(self) -> None:
        if self.article is None or self.undo_context is None:
            return
        summary = self._query(lambda s: s.article_summary(self.article.id), None)  # type: ignore[union-attr]
        if summary is None:
            return
        before = summary.status
        after = "in_progress" if before == "done" else "done"
        text = "Mark article done" if after == "done" else "Reopen article"
        if self._run(undo.ArticleStatusCommand(self.undo_context, summary.id, before, after, text)):
            left = summary.quotes_to_check
            if after == "done":
                note = f" ({left} quote{'s' if left != 1 else ''} left unchecked)" if left else ""
                self.statusBar().showMessage(f"Article marked done{note}. N opens the next one.", 6000)
            else:
                self.statusBar().showMessage("Article reopened.", 4000)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # ---- decisions -----------------------------------------------------------------------------------------

    def _run(self, command: undo.StoreCommand) -> bool:
        """Do the command's store call now; push it on the undo stack only if the store took it."""
        try:
            command.execute()
        except QuoteConflict as exc:
            self.show_problem(_sentence(str(exc)))
            if exc.current is not None:
                self._on_undo_context_quote_changed(exc.current)
            elif self.article is not None:
                self.open_article(self.article.id)
            return False
        except (StoreError, DatabaseProblem) as exc:
            self.show_problem(f"Not saved: {exc}")
            return False
        self.undo_stack.push(command)
        return True

    def _update_quote(self, text: str, mutate: undo.Mutation) -> bool:
        quote = self.current_quote
        if quote is None or self.undo_context is None:
            return False
        return self._run(undo.QuoteUpdateCommand(self.undo_context, quote, text, mutate))

    def confirm_quote(self) -> None:
        quote = self.current_quote
        if quote is not None and self._update_quote("Confirm quote", undo.confirm(quote)):
            self._advance_after_decision(quote)

    def reject_quote(self) -> None:
        quote = self.current_quote
        if quote is not None and self._update_quote("Reject quote", undo.reject(quote)):
            self._advance_after_decision(quote)

    def _advance_after_decision(self, decided: QuoteRecord) -> None:
        quotes = self.quote_panel.model.quotes
        order = [q for q in quotes if q.status == "suggested"]
        later = [q for q in order if (q.start, q.id) > (decided.start, decided.id)]
        following = later or order
        if following:
            self.quote_panel.select_uid(following[0].uid)
        else:
            self.statusBar().showMessage(
                "Every quote here is checked: D marks the article done, N opens the next one.", 6000
            )

    def cycle_kind(self) -> None:
        quote = self.current_quote
        if quote is None:
            return
        kinds = list(QUOTE_KINDS)
        following = kinds[(kinds.index(quote.kind) + 1) % len(kinds)] if quote.kind in kinds else kinds[0]
        self._set_kind(quote, following)

    def _set_kind(self, quote: QuoteRecord, kind: str) -> None:
        self._update_quote(f"Set kind to {kind}", undo.edit(quote, {"kind": kind}, "set_kind"))

    def focus_venue(self) -> None:
        self.quote_panel.venue_edit.setFocus()
        self.quote_panel.venue_edit.selectAll()

    def focus_note(self) -> None:
        self.quote_panel.note_edit.setFocus()
        self.quote_panel.note_edit.selectAll()

    def _selected_span_or_hint(self, what: str) -> tuple[int, int] | None:
        span = self.article_view.selected_span()
        if span is None or self.article is None:
            self.show_problem(f"Select the words of the quote in the text first, then {what}.", level="info")
            return None
        start, end = span
        text = self.article.text
        # a drag selection often takes a space or a line break at either end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def add_quote_from_selection(self) -> None:
        if self.article is None or self.undo_context is None:
            return
        span = self._selected_span_or_hint("press Q")
        if span is None:
            return
        command = undo.AddQuoteCommand(self.undo_context, self.article.id, *span)
        if self._run(command) and command.record is not None:
            self.quote_panel.select_uid(command.record.uid)
            self.statusBar().showMessage("Quote added. S sets its speaker.", 5000)

    def set_bounds_from_selection(self) -> None:
        quote = self.current_quote
        span = self._selected_span_or_hint("press B") if quote is not None else None
        if quote is None or span is None:
            return
        start, end = span
        self._update_quote("Set quote bounds", undo.edit(quote, {"start": start, "end": end}, "set_bounds"))

    def change_speaker(self) -> None:
        quote = self.current_quote
        if quote is None or self.store is None:
            return
        self.quote_panel.speaker_picker.start(self.store, quote.article_id, current=quote.speaker)
        self.article_view.set_picking_mention(True)

    def _stop_picking(self) -> None:
        if self.quote_panel.speaker_picker.isVisible():
            self.quote_panel.speaker_picker.hide()
        self.article_view.set_picking_mention(False)

    def _apply_speaker(self, choice: SpeakerChoice, mention: tuple[int, int] | None) -> None:
        quote = self.current_quote
        if quote is None or self.store is None:
            return
        person = choice.person
        if person is None and choice.new_name:
            try:
                person = self.store.find_or_create_person(choice.new_name, user=self.user)
            except (StoreError, DatabaseProblem) as exc:
                self.show_problem(f"Not saved: {exc}")
                return
        if person is None:
            mutate = undo.set_speaker(quote, None, None)
            text = "Set speaker unknown"
        elif mention is not None:
            mutate = undo.set_speaker(quote, person.id, mention)
            text = f"Set speaker to {person.name}"
        else:
            # no mention picked: the old speaker span pointed at someone else, so it goes
            changes = {
                "person_id": person.id,
                "speaker_name": person.name,
                "speaker_start": None,
                "speaker_end": None,
                "speaker_text": None,
            }
            mutate = undo.edit(quote, changes, "set_speaker")
            text = f"Set speaker to {person.name}"
        self._update_quote(text, mutate)

    # ---- background work ---------------------------------------------------------------------------------

    def start_worker(
        self,
        worker: Worker,
        on_finished: Callable[[Any], None] | None = None,
        on_item: Callable[[Any], None] | None = None,
    ) -> Worker:
        self._workers.append(worker)
        signals = worker.signals
        signals.progressed.connect(self._on_worker_progressed)
        signals.finished.connect(lambda result: self._on_worker_done(worker, result, on_finished, None))
        signals.failed.connect(lambda message: self._on_worker_done(worker, None, None, message))
        if on_item is not None:
            signals.item_finished.connect(on_item)
        self.job_label.setText(worker.label)
        self.progress_bar.setRange(0, 0)
        for widget in (self.job_label, self.progress_bar, self.cancel_button):
            widget.show()
        self.thread_pool.start(worker)
        return worker

    @property
    def busy(self) -> bool:
        return bool(self._workers)

    def cancel_background_work(self) -> None:
        for worker in self._workers:
            worker.cancel()

    def _on_worker_progressed(self, done: int, total: int, label: str) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
            self.progress_bar.setFormat(f"{done}/{total}")
        if label:
            self.job_label.setText(label)

    def _on_worker_done(
        self,
        worker: Worker,
        result: Any,
        on_finished: Callable[[Any], None] | None,
        failure: str | None,
    ) -> None:
        if worker in self._workers:
            self._workers.remove(worker)
        if not self._workers:
            for widget in (self.job_label, self.progress_bar, self.cancel_button):
                widget.hide()
        if self._closing:
            return
        if failure is not None:
            self.show_problem(f"{_sentence(worker.label)} stopped: {failure}")
        elif on_finished is not None:
            on_finished(result)
        self.background_finished.emit(worker.label)

    def _on_cancel_button_clicked(self) -> None:
        self.cancel_background_work()
        self.job_label.setText("cancelling…")

    def check_pipeline(self) -> Worker:
        worker = PipelineStatusWorker(self.settings.spacy_model)
        return self.start_worker(worker, self._on_pipeline_checked)

    def _on_pipeline_checked(self, result: Any) -> None:
        available, description = result
        self.pipeline = (bool(available), str(description))
        self.model_label.setText(f"model: {description}" if available else "model: none installed")
        self.model_label.setToolTip(str(description))
        if not available:
            self.show_problem(f"Pre-annotation is off: {description}", level="info")
        self.pipeline_checked.emit(bool(available), str(description))

    def open_first_article_with_work(self) -> None:
        """Where an editor starts the day: the first article that still has quotes to check."""
        found = self._query(lambda s: s.next_article_with_work(None), None)
        if found is not None:
            self.open_article(found)

    def start_background_work(self) -> None:
        """What start-up leaves to the thread pool: checking the spaCy pipeline, seeds, pre-annotation."""
        if self.store is None or self._closing:
            return
        self.check_pipeline()
        self.start_first_run_work()

    def start_first_run_work(self) -> None:
        """Seeds into an empty database, then pre-annotation of whatever is not annotated yet."""
        if self.store is None:
            return
        self.start_worker(SeedImportWorker(self.store, user=self.user), self._on_seeds_imported)

    def _on_seeds_imported(self, _result: Any) -> None:
        self.article_model.reload()
        self.article_pane.set_outlets(self._query(lambda s: s.outlets(), []))
        if self.article is None and self.article_model.rowCount():
            first = self.article_model.summary_at(0)
            if first is not None:
                self.open_article(first.id)
        self.annotate_pending()

    def annotate_pending(self) -> Worker | None:
        ids = self._query(lambda s: s.article_ids(unannotated_only=True), [])
        return self.annotate(ids) if ids else None

    def annotate_current(self) -> None:
        if self.article is not None:
            self.annotate([self.article.id])

    def annotate(self, article_ids: Sequence[int]) -> Worker | None:
        if self.store is None or not article_ids:
            return None
        worker = AnnotateWorker(self.store, article_ids, user=self.user, model_name=self.settings.spacy_model or None)
        return self.start_worker(worker, self._on_annotation_finished, self._on_article_annotated)

    def _on_article_annotated(self, article_id: Any) -> None:
        self.article_model.refresh_article(int(article_id))
        if self.article is not None and self.article.id == article_id:
            current = self.current_quote
            self.open_article(int(article_id), select_uid=current.uid if current else None)

    def _on_annotation_finished(self, result: Any) -> None:
        count = int(result or 0)
        self.statusBar().showMessage(f"Pre-annotated {count} article{'s' if count != 1 else ''}.", 6000)
        self.article_model.reload()
        if self.article is not None:
            self.article_pane.select_article(self.article.id)

    def choose_import_files(self) -> None:
        filters = f"Articles ({' '.join(ARTICLE_SUFFIXES)});;All files (*)"
        paths, _ = QFileDialog.getOpenFileNames(self, "Import articles", "", filters)
        if paths:
            self.import_paths(paths)

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: Sequence[str | Path]) -> Worker | None:
        if self.store is None:
            self.show_problem("Open a database first (File › Settings).")
            return None
        return self.start_worker(ImportWorker(self.store, paths, user=self.user), self._on_import_finished)

    def _on_import_finished(self, result: Any) -> None:
        if not isinstance(result, ImportReport):
            return
        self.article_model.reload()
        self.article_pane.set_outlets(self._query(lambda s: s.outlets(), []))
        self.statusBar().showMessage(f"Import: {summary_text(result)}", 8000)
        self.import_report_dialog = ImportReportDialog(result, self)
        self.import_report_dialog.open()
        if self.article is None and result.added:
            self.open_article(result.added[0].id)
        self.annotate([summary.id for summary in result.added])

    def import_colleague_work(self, path: str | Path | None = None) -> Worker | None:
        """Merge a colleague's database into ours; None asks for the file."""
        if self.store is None:
            self.show_problem("Open a database first (File › Settings).")
            return None
        if path is None:
            filters = f"SQLite databases ({' '.join(DATABASE_SUFFIXES)});;All files (*)"
            path, _ = QFileDialog.getOpenFileName(self, "Import a colleague's work", "", filters)
            if not path:
                return None
        worker = ColleagueImportWorker(self.store, path, user=self.user)
        return self.start_worker(worker, self._on_colleague_import_finished)

    def _on_colleague_import_finished(self, result: Any) -> None:
        if not isinstance(result, MergeReport):
            return
        text = colleague_summary(result)
        self.statusBar().showMessage(text, 10_000)
        if result.conflicts:
            self.notice.show_message(
                text, level="info", action_text="Review the conflicts", action=self.show_review_conflicts
            )
        else:
            self.notice.show_message(text, level="info")
        if not result.changed_anything:
            return
        # their decisions may have changed quotes of the open article and the counts in the list
        self.article_model.reload()
        self.article_pane.set_outlets(self._query(lambda s: s.outlets(), []))
        if self.article is not None:
            current = self.current_quote
            self.open_article(self.article.id, select_uid=current.uid if current else None)
        if self.review_view is not None:
            self.review_view.refresh()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # ---- review mode -------------------------------------------------------------------------------------

    @property
    def in_review_mode(self) -> bool:
        return self.review_view is not None and self.pages.currentWidget() is self.review_view

    def set_review_mode(self, on: bool) -> None:
        """Switch between annotating articles and reviewing colleagues' decisions (ui.widgets.review_view)."""
        action = self.named_actions["review_mode"]
        if action.isChecked() != on:
            action.setChecked(on)  # comes back here through toggled
            return
        if on and self.store is not None:
            self._stop_picking()
            view = self._ensure_review_view()
            view.refresh()
            self.pages.setCurrentWidget(view)
            view.setFocus()
        else:
            self.pages.setCurrentWidget(self.splitter)
            self.article_model.reload()  # reviews change statuses and counts
            if self.article is not None:
                current = self.current_quote
                self.open_article(self.article.id, select_uid=current.uid if current else None)
        self._update_actions()

    def show_review_conflicts(self) -> None:
        self.set_review_mode(True)
        if self.review_view is not None:
            self.review_view.tabs.setCurrentIndex(2)  # Conflicts

    def _ensure_review_view(self) -> ReviewView:
        if self.review_view is None:
            assert self.store is not None
            from ui.widgets.review_view import ReviewView

            view = ReviewView(self.store, self.settings, self.user)
            view.quote_activated.connect(self._on_review_view_quote_activated)
            view.review_failed.connect(self._on_review_view_review_failed)
            for signal in (view.quote_accepted, view.quote_sent_back, view.conflict_resolved):
                signal.connect(self._on_review_view_decided)
            self.pages.addWidget(view)
            menu = self.menus["Review"]
            self._review_menu_separator = menu.addSeparator()
            menu.addActions(view.actions_for_menu())
            self.review_view = view
        return self.review_view

    def _drop_review_view(self) -> None:
        if self.review_view is None:
            return
        self.pages.setCurrentWidget(self.splitter)
        self.named_actions["review_mode"].setChecked(False)
        menu = self.menus["Review"]
        for action in [self._review_menu_separator, *self.review_view.actions_for_menu()]:
            menu.removeAction(action)
        self.pages.removeWidget(self.review_view)
        self.review_view.deleteLater()
        self.review_view = None

    def _on_review_view_quote_activated(self, article_id: int, quote_id: int) -> None:
        self.set_review_mode(False)
        if self.open_article(article_id):
            self.quote_panel.select_quote(quote_id)

    def _on_review_view_review_failed(self, message: str) -> None:
        self.show_problem(message)

    def _on_review_view_decided(self, _id: int) -> None:
        self._on_undo_context_committed()  # a review decision is saved at once too

    # ---- dialogs -------------------------------------------------------------------------------------------

    def open_export(self) -> None:
        if self.store is None or not export_dialog_available():
            return
        from ui.widgets.export_dialog import ExportDialog  # written separately; absent in some builds

        dialog = ExportDialog(self.store, self.settings, self)
        dialog.open()
        self.export_dialog = dialog

    def open_settings(self) -> None:
        from ui.widgets.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.chosen_settings()))
        dialog.open()
        self.settings_dialog = dialog

    def apply_settings(self, settings: Settings) -> bool:
        """Save the settings and reopen the database if it changed. False if the new database failed."""
        previous = self.settings
        if settings.database_url != previous.database_url or self.store is None:
            try:
                store = Store.open(settings.database_url)
            except DatabaseProblem as exc:
                self.show_database_problem(str(exc))
                return False
            self.cancel_background_work()
            self.thread_pool.waitForDone(10_000)  # workers hold the old store
            self._replace_store(store)
        self.settings = settings
        try:
            save_settings(settings)
        except OSError as exc:
            self.show_problem(f"The settings could not be saved: {exc.strerror}")
        if self.undo_context is not None:
            self.undo_context.user = settings.user_name
        if previous.user_name != settings.user_name:
            self._drop_review_view()  # it reviews as one user
        if self.store is not None:
            self._query(lambda s: s.ensure_user(settings.user_name), None)
        self._show_store_details()
        self._update_actions()
        return True

    def _replace_store(self, store: Store) -> None:
        old = self.store
        self._drop_review_view()  # it holds the old store
        self.store = store
        self.undo_stack.clear()  # the history belongs to the other database
        if self.undo_context is not None:
            self.undo_context.deleteLater()
        self.undo_context = undo.UndoContext(store, self.settings.user_name, self)
        self._connect_undo_context(self.undo_context)
        self.article = None
        self.article_view.set_article(None)
        self.quote_panel.set_quotes([])
        self.article_model.set_store(store)
        self.article_pane.set_outlets(self._query(lambda s: s.outlets(), []))
        self.notice.hide()
        if old is not None:
            old.close()
        self.start_first_run_work()

    def show_about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.NoIcon, "About Quote Annotator", self.about_text(), parent=self)
        box.setIconPixmap(icon("app").pixmap(64, 64))
        box.open()
        self.about_box = box

    def about_text(self) -> str:
        import PySide6
        from PySide6.QtCore import qVersion

        if self.pipeline is None:
            pipeline = "spaCy pipeline: still loading…"
        elif self.pipeline[0]:
            pipeline = f"spaCy pipeline: {self.pipeline[1]}"
        else:
            pipeline = f"spaCy pipeline: none ({self.pipeline[1]})"
        return "\n".join(
            [
                f"Quote Annotator {annotator.__version__}",
                "Verify who said what in news articles.",
                "",
                f"Qt {qVersion()}, PySide6 {PySide6.__version__}",
                pipeline,
                f"Database: {self.store.display_url if self.store else 'none'}",
            ]
        )

    def keys_text(self) -> str:
        from ui.widgets.keys_dialog import shortcut_rows

        return "\n".join(f"{keys}: {text}" for keys, text in shortcut_rows(self.named_actions.values()))

    def show_keys(self) -> None:
        from ui.widgets.keys_dialog import KeysDialog

        self.keys_dialog = KeysDialog(self.named_actions.values(), self)
        self.keys_dialog.open()

    # ---- slots ---------------------------------------------------------------------------------------------

    def _on_article_pane_article_chosen(self, article_id: int) -> None:
        if self.article is None or self.article.id != article_id:
            self.open_article(article_id)

    def _on_article_model_load_failed(self, message: str) -> None:
        self.show_problem(f"The article list could not be read: {message}")

    def _on_quote_panel_current_quote_changed(self, quote: QuoteRecord | None) -> None:
        self.article_view.set_selected_quote(quote)
        self._update_actions()
        self.quote_selected.emit(quote)

    def _on_quote_panel_kind_chosen(self, kind: str) -> None:
        quote = self.current_quote
        if quote is not None:
            self._set_kind(quote, kind)

    def _on_quote_panel_venue_edited(self, text: str) -> None:
        quote = self.current_quote
        if quote is not None:
            # the typed venue may not be words of the text, so the old span no longer applies
            changes = {"venue": text or None, "venue_start": None, "venue_end": None}
            self._update_quote("Edit venue", undo.edit(quote, changes, "set_venue"))

    def _on_quote_panel_note_edited(self, text: str) -> None:
        quote = self.current_quote
        if quote is not None:
            self._update_quote("Edit note", undo.edit(quote, {"note": text or None}, "note"))

    def _on_speaker_picker_speaker_chosen(self, choice: SpeakerChoice, mention: Any) -> None:
        self.article_view.set_picking_mention(False)
        self._apply_speaker(choice, mention)
        self.quote_panel.list_view.setFocus()

    def _on_speaker_picker_cancelled(self) -> None:
        self.article_view.set_picking_mention(False)
        self.quote_panel.list_view.setFocus()

    def _on_article_view_quote_clicked(self, quote_id: int) -> None:
        if not self.quote_panel.speaker_picker.isVisible():
            self.quote_panel.select_quote(quote_id)

    def _on_article_view_mention_clicked(self, mention: MentionRecord) -> None:
        if self.quote_panel.speaker_picker.isVisible():
            self.quote_panel.speaker_picker.use_mention(mention)

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self.article_pane.set_search(self.search_edit.text())

    def _on_search_edit_return_pressed(self) -> None:
        self._search_timer.stop()
        self.article_pane.set_search(self.search_edit.text())
        self.article_pane.table.setFocus()
        if self.article_model.rowCount():
            self.article_pane.table.selectRow(0)

    def _on_undo_context_quote_changed(self, record: QuoteRecord) -> None:
        if self.article is None or self.article.id != record.article_id:
            self.open_article(record.article_id, select_uid=record.uid)  # an undo in another article
            return
        self.quote_panel.put_quote(record)
        self.article_view.put_quote(record)
        if self.current_quote is None or self.current_quote.uid != record.uid:
            self.quote_panel.select_uid(record.uid)

    def _on_undo_context_quote_removed(self, uid: str, article_id: int) -> None:
        if self.article is not None and self.article.id == article_id:
            self.quote_panel.remove_uid(uid)
            self.article_view.remove_quote(uid)

    def _on_undo_context_article_changed(self, article_id: int) -> None:
        self.article_model.refresh_article(article_id)

    def _on_undo_context_committed(self) -> None:
        self.saved_label.setText(f"saved {time.strftime('%H:%M:%S')}")
        self.decision_committed.emit()

    def _on_undo_context_command_failed(self, message: str) -> None:
        self.show_problem(message)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True  # the splitter shares the real width only once the window has one
            if not self._restore_layout():
                width = max(self.width() - 16, 900)
                left, right = int(width * 0.27), int(width * 0.27)
                self.splitter.setSizes([left, width - left - right, right])

    def _layout_settings(self) -> QSettings:
        # next to settings.json (ANNOTATOR_HOME in tests), not in Qt's per-user registry
        return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)

    def _restore_window(self) -> None:
        """Size and layers as the editor left them (before the window is shown)."""
        stored = self._layout_settings()
        geometry = stored.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        for name in ("show_entities", "show_quotes", "show_attribution", "show_legend"):
            self.named_actions[name].setChecked(stored.value(name, "true") != "false")

    def _restore_layout(self) -> bool:
        splitter = self._layout_settings().value("splitter")
        return isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter)

    def _save_layout(self) -> None:
        stored = self._layout_settings()
        stored.setValue("geometry", self.saveGeometry())
        stored.setValue("splitter", self.splitter.saveState())
        for name in ("show_entities", "show_quotes", "show_attribution", "show_legend"):
            stored.setValue(name, "true" if self.named_actions[name].isChecked() else "false")
        stored.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # nothing to save: every decision is already in the database; only background work must stop
        self._closing = True
        if self._sized:
            self._save_layout()
        self.cancel_background_work()
        self.thread_pool.waitForDone(15_000)
        super().closeEvent(event)

    # ---- test and screenshot helpers ----------------------------------------------------------------------

    def point_of(self, position: int) -> QPoint:
        """Viewport coordinates of a code-point position in the article text (to click on it)."""
        cursor = self.article_view.qt_cursor_for_span(position, position + 1)
        cursor.setPosition(cursor.anchor())
        rect = self.article_view.text_edit.cursorRect(cursor)
        return QPoint(rect.center().x() + 2, rect.center().y())
