"""Annotation decisions: confirm, reject, speaker, kind, venue, note, add a quote, mark done (bounds and pieces:
ui/controllers/piece_keys.py).

Each decision is one operation of annotator/operations run through the editor's history (ui/undo.py):
committed at once, undone with Ctrl+Z here or `annotator undo` on the command line. The rules around a
decision (the next quote to check, the span a selection stands for, the fields an edit changes) are the
core's, in annotator/editing.py.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from annotator import editing
from annotator.operations import (
    AddQuote,
    ConfirmQuote,
    MarkArticleDone,
    Operation,
    RejectQuote,
    SetKind,
    SetNote,
    SetSpeaker,
    SetVenue,
)
from annotator.records import ArticleSummary, MentionRecord, QuoteRecord
from annotator.store import QuoteConflict, StoreError
from ui.controllers.jobs import sentence
from ui.models.speaker_choices import SpeakerChoice

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class AnnotationController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
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

    @property
    def quote(self) -> QuoteRecord | None:
        return self.window.quote_panel.current_quote

    def note_saved(self) -> None:
        """A decision reached the database (here or in the review view)."""
        self.window.status_line.saved_label.setText(f"saved {time.strftime('%H:%M:%S')}")
        self.window.decision_committed.emit()

    # ---- running operations --------------------------------------------------------------------------------

    def run(self, operation: Operation[Any]) -> Any:
        """Make the decision through the editor's history and show it; None (and why) when refused."""
        try:
            result = self.window.undo_history.run(operation).result
        except QuoteConflict as exc:
            self.window.show_problem(sentence(str(exc)))
            if exc.current is not None:
                self.show_record(exc.current)
            else:
                article = self.window.article
                if article is not None:
                    self.window.refresh(only_article=article.id)
            return None
        except StoreError as exc:
            self.window.show_problem(f"Not saved: {exc}")
            return None
        if isinstance(result, QuoteRecord):
            self.show_record(result)
            self.window.article_model.refresh_article(result.article_id)
        elif isinstance(result, ArticleSummary):
            self.window.article_model.refresh_article(result.id)
        return result

    # ---- decisions -----------------------------------------------------------------------------------------

    def confirm_quote(self) -> None:
        quote = self.quote
        if quote is not None and self.run(ConfirmQuote(quote.id, quote.version)) is not None:
            self._advance_after(quote)

    def reject_quote(self) -> None:
        quote = self.quote
        if quote is not None and self.run(RejectQuote(quote.id, quote.version)) is not None:
            self._advance_after(quote)

    def _advance_after(self, decided: QuoteRecord) -> None:
        listed = self.window.quote_panel.model  # the next quote as the editor sees the list, sorted or not
        following = editing.next_quote_to_check(listed.quotes, decided, order=listed.sort_key)
        if following is not None:
            self.window.quote_panel.select_uid(following.uid)
        else:
            self.window.show_status("Every quote here is checked: D marks the article done, N opens the next one.")

    def cycle_kind(self) -> None:
        quote = self.quote
        if quote is not None:
            self.set_kind(quote, editing.next_kind(quote.kind))

    def set_kind(self, quote: QuoteRecord, kind: str) -> None:
        self.run(SetKind(quote.id, kind, quote.version))

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
        if article is None:
            return
        span = self._selected_span_or_hint("press Q")
        if span is None:
            return
        added = self.run(AddQuote(article.id, *span))
        if added is not None:
            self.window.quote_panel.select_uid(added.uid)
            self.window.show_status(
                "Quote added, to check: S chooses its speaker (that confirms it); A confirms it as speaker unknown.",
                8000,
            )

    def toggle_done(self) -> None:
        article = self.window.article
        if article is None:
            return
        summary = self.window.query(lambda s: s.articles.article_summary(article.id), None)
        if summary is None:
            return
        before = summary.status
        after = "in_progress" if before == "done" else "done"
        if self.run(MarkArticleDone(summary.id, done=after == "done", expected_status=before)) is not None:
            left = summary.quotes_to_check
            if after == "done":
                note = f" ({left} quote{'s' if left != 1 else ''} left unchecked)" if left else ""
                self.window.show_status(f"Article marked done{note}. N opens the next one.")
            else:
                self.window.show_status("Article reopened.", 4000)

    def next_article(self) -> None:
        article = self.window.article
        after = article.id if article else None
        found = self.window.query(lambda s: s.articles.next_article_with_work(after), None)
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
        if quote is None:
            return
        # a new name creates the person inside the decision, so its undo removes them again; an editor's own
        # quote waiting for its speaker is confirmed by the same operation (SetSpeaker)
        person, name = choice.person, choice.new_name if choice.person is None else None
        person_id = person.id if person is not None else None
        operation = SetSpeaker(
            quote.id, person_id, name or None, mention if person_id or name else None, expected_version=quote.version
        )
        if self.run(operation) is not None and editing.awaits_speaker(quote):
            self.window.show_status("Quote confirmed with its speaker.", 4000)

    # ---- slots ---------------------------------------------------------------------------------------------

    def _on_quote_panel_kind_chosen(self, kind: str) -> None:
        quote = self.quote
        if quote is not None:
            self.set_kind(quote, kind)

    def _on_quote_panel_venue_edited(self, text: str) -> None:
        quote = self.quote
        if quote is not None:
            self.run(SetVenue(quote.id, text, expected_version=quote.version))

    def _on_quote_panel_note_edited(self, text: str) -> None:
        quote = self.quote
        if quote is not None:
            self.run(SetNote(quote.id, text, expected_version=quote.version))

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

    def show_record(self, record: QuoteRecord) -> None:
        """Show a quote as the database now has it (a decision's result, a colleague's fresh version)."""
        article = self.window.article
        if article is None or article.id != record.article_id:
            self.window.open_article(record.article_id, select_uid=record.uid)
            return
        self.window.quote_panel.put_quote(record)
        self.window.article_view.put_quote(record)
        current = self.quote
        if current is None or current.uid != record.uid:
            self.window.quote_panel.select_uid(record.uid)
