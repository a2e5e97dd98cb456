"""Annotation decisions: confirm, reject, speaker, kind, venue, note, add a quote, mark done (bounds and pieces:
ui/controllers/pieces.py).

Each decision is one command of ui/undo.py (one store call, committed at once, pushed on the window's undo
stack only if the store took it). The rules around a decision (the next quote to check, the span a
selection stands for, the fields an edit changes) are the core's, in annotator/editing.py.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from annotator import editing
from annotator.db.engine import DatabaseProblem
from annotator.records import MentionRecord, QuoteRecord
from annotator.store import QuoteConflict, Store, StoreError
from ui import undo
from ui.controllers.jobs import sentence
from ui.models.people import SpeakerChoice

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class AnnotationController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.undo_stack = window.undo_stack
        self.context: undo.UndoContext | None = None
        self.set_store(window.store)
        panel = window.quote_panel
        panel.kind_chosen.connect(self._on_quote_panel_kind_chosen)
        panel.venue_edited.connect(self._on_quote_panel_venue_edited)
        panel.note_edited.connect(self._on_quote_panel_note_edited)
        panel.venue_edit.returnPressed.connect(panel.list_view.setFocus)
        panel.note_edit.returnPressed.connect(panel.list_view.setFocus)
        panel.speaker_picker.speaker_chosen.connect(self._on_speaker_picker_speaker_chosen)
        panel.speaker_picker.cancelled.connect(self._on_speaker_picker_cancelled)
        window.article_view.quote_clicked.connect(self._on_article_view_quote_clicked)
        window.article_view.mention_clicked.connect(self._on_article_view_mention_clicked)

    def set_store(self, store: Store | None) -> None:
        """A new database: the history belongs to the other one."""
        self.undo_stack.clear()
        if self.context is not None:
            self.context.deleteLater()
        self.context = undo.UndoContext(store, self.window.user, self) if store is not None else None
        if self.context is not None:
            self.context.quote_changed.connect(self._on_undo_context_quote_changed)
            self.context.quote_removed.connect(self._on_undo_context_quote_removed)
            self.context.article_changed.connect(self.window.article_model.refresh_article)
            self.context.committed.connect(self.note_saved)
            self.context.command_failed.connect(self.window.show_problem)

    def set_user(self, user: str) -> None:
        if self.context is not None:
            self.context.user = user

    @property
    def quote(self) -> QuoteRecord | None:
        return self.window.quote_panel.current_quote

    def note_saved(self) -> None:
        """A decision reached the database (here or in the review view)."""
        self.window.status_line.saved_label.setText(f"saved {time.strftime('%H:%M:%S')}")
        self.window.decision_committed.emit()

    # ---- running commands ----------------------------------------------------------------------------------

    def run(self, command: undo.StoreCommand) -> bool:
        """Do the command's store call now; push it on the undo stack only if the store took it."""
        try:
            command.execute()
        except QuoteConflict as exc:
            self.window.show_problem(sentence(str(exc)))
            if exc.current is not None:
                self._on_undo_context_quote_changed(exc.current)
            else:
                article = self.window.article
                if article is not None:
                    self.window.refresh(only_article=article.id)
            return False
        except (StoreError, DatabaseProblem) as exc:
            self.window.show_problem(f"Not saved: {exc}")
            return False
        self.undo_stack.push(command)
        return True

    def _update(self, text: str, mutate: undo.Mutation) -> bool:
        quote = self.quote
        if quote is None or self.context is None:
            return False
        return self.run(undo.QuoteUpdateCommand(self.context, quote, text, mutate))

    # ---- decisions -----------------------------------------------------------------------------------------

    def confirm_quote(self) -> None:
        quote = self.quote
        if quote is not None and self._update("Confirm quote", undo.confirm(quote)):
            self._advance_after(quote)

    def reject_quote(self) -> None:
        quote = self.quote
        if quote is not None and self._update("Reject quote", undo.reject(quote)):
            self._advance_after(quote)

    def _advance_after(self, decided: QuoteRecord) -> None:
        following = editing.next_quote_to_check(self.window.quote_panel.model.quotes, decided)
        if following is not None:
            self.window.quote_panel.select_uid(following.uid)
        else:
            self.window.show_status("Every quote here is checked: D marks the article done, N opens the next one.")

    def cycle_kind(self) -> None:
        quote = self.quote
        if quote is not None:
            self.set_kind(quote, editing.next_kind(quote.kind))

    def set_kind(self, quote: QuoteRecord, kind: str) -> None:
        self._update(f"Set kind to {kind}", undo.edit(quote, {"kind": kind}, "set_kind"))

    def focus_venue(self) -> None:
        self.window.quote_panel.venue_edit.setFocus()
        self.window.quote_panel.venue_edit.selectAll()

    def focus_note(self) -> None:
        self.window.quote_panel.note_edit.setFocus()
        self.window.quote_panel.note_edit.selectAll()

    def _selected_span_or_hint(self, what: str) -> tuple[int, int] | None:
        span = self.window.article_view.selected_span()
        article = self.window.article
        if span is None or article is None:
            self.window.show_problem(f"Select the words of the quote in the text first, then {what}.", level="info")
            return None
        return editing.trim_selection(article.text, *span)

    def add_quote_from_selection(self) -> None:
        article = self.window.article
        if article is None or self.context is None:
            return
        span = self._selected_span_or_hint("press Q")
        if span is None:
            return
        command = undo.AddQuoteCommand(self.context, article.id, *span)
        if self.run(command) and command.record is not None:
            self.window.quote_panel.select_uid(command.record.uid)
            self.window.show_status(
                "Quote added, to check: S chooses its speaker (that confirms it); A confirms it as speaker unknown.",
                8000,
            )

    def toggle_done(self) -> None:
        article = self.window.article
        if article is None or self.context is None:
            return
        summary = self.window.query(lambda s: s.article_summary(article.id), None)
        if summary is None:
            return
        before = summary.status
        after = "in_progress" if before == "done" else "done"
        text = "Mark article done" if after == "done" else "Reopen article"
        if self.run(undo.ArticleStatusCommand(self.context, summary.id, before, after, text)):
            left = summary.quotes_to_check
            if after == "done":
                note = f" ({left} quote{'s' if left != 1 else ''} left unchecked)" if left else ""
                self.window.show_status(f"Article marked done{note}. N opens the next one.")
            else:
                self.window.show_status("Article reopened.", 4000)

    def next_article(self) -> None:
        article = self.window.article
        after = article.id if article else None
        found = self.window.query(lambda s: s.next_article_with_work(after), None)
        if found is None:
            self.window.show_status("No article has work left: every quote is checked.")
            return
        self.window.open_article(found)

    # ---- the speaker ---------------------------------------------------------------------------------------

    def change_speaker(self) -> None:
        quote = self.quote
        if quote is None or self.window.store is None:
            return
        self.window.quote_panel.speaker_picker.start(self.window.store, quote.article_id, current=quote.speaker)
        self.window.article_view.set_picking_mention(True)

    def stop_picking(self) -> None:
        if self.window.quote_panel.speaker_picker.isVisible():
            self.window.quote_panel.speaker_picker.hide()
        self.window.article_view.set_picking_mention(False)

    def apply_speaker(self, choice: SpeakerChoice, mention: tuple[int, int] | None) -> None:
        quote = self.quote
        store = self.window.store
        if quote is None or store is None:
            return
        person = choice.person
        if person is None and choice.new_name:
            try:
                person = store.find_or_create_person(choice.new_name, user=self.window.user)
            except (StoreError, DatabaseProblem) as exc:
                self.window.show_problem(f"Not saved: {exc}")
                return
        if person is None:
            text, mutate = "Set speaker unknown", undo.set_speaker(quote, None, None)
        elif mention is not None:
            text, mutate = f"Set speaker to {person.name}", undo.set_speaker(quote, person.id, mention)
        else:
            changes = editing.speaker_changes(person)
            text, mutate = f"Set speaker to {person.name}", undo.edit(quote, changes, "set_speaker")
        if self._update(text, undo.confirming_if_awaited(quote, mutate)) and editing.awaits_speaker(quote):
            self.window.show_status("Quote confirmed with its speaker.", 4000)

    # ---- slots ---------------------------------------------------------------------------------------------

    def _on_quote_panel_kind_chosen(self, kind: str) -> None:
        quote = self.quote
        if quote is not None:
            self.set_kind(quote, kind)

    def _on_quote_panel_venue_edited(self, text: str) -> None:
        quote = self.quote
        if quote is not None:
            self._update("Edit venue", undo.edit(quote, editing.venue_changes(text), "set_venue"))

    def _on_quote_panel_note_edited(self, text: str) -> None:
        quote = self.quote
        if quote is not None:
            self._update("Edit note", undo.edit(quote, editing.note_changes(text), "note"))

    def _on_speaker_picker_speaker_chosen(self, choice: SpeakerChoice, mention: Any) -> None:
        self.window.article_view.set_picking_mention(False)
        self.apply_speaker(choice, mention)
        self.window.quote_panel.list_view.setFocus()

    def _on_speaker_picker_cancelled(self) -> None:
        self.window.article_view.set_picking_mention(False)
        self.window.quote_panel.list_view.setFocus()

    def _on_article_view_quote_clicked(self, quote_id: int) -> None:
        if not self.window.quote_panel.speaker_picker.isVisible():
            self.window.quote_panel.select_quote(quote_id)

    def _on_article_view_mention_clicked(self, mention: MentionRecord) -> None:
        if self.window.quote_panel.speaker_picker.isVisible():
            self.window.quote_panel.speaker_picker.use_mention(mention)

    def _on_undo_context_quote_changed(self, record: QuoteRecord) -> None:
        article = self.window.article
        if article is None or article.id != record.article_id:
            self.window.open_article(record.article_id, select_uid=record.uid)  # an undo in another article
            return
        self.window.quote_panel.put_quote(record)
        self.window.article_view.put_quote(record)
        current = self.quote
        if current is None or current.uid != record.uid:
            self.window.quote_panel.select_uid(record.uid)

    def _on_undo_context_quote_removed(self, uid: str, article_id: int) -> None:
        article = self.window.article
        if article is not None and article.id == article_id:
            self.window.quote_panel.remove_uid(uid)
            self.window.article_view.remove_quote(uid)
