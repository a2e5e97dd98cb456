"""The bounds and pieces of the quote at hand: B from a selection made for it, the piece at hand (, and .),
a piece grown or shrunk by a word ([ ] { }), trim to the quote marks ('), split (/), join (Backspace), and Q
on a quoted phrase.

Each is an operation of annotator/operations/quote_pieces.py run through the editor's History
(ui/undo.py); the rules (which piece a selection is for, what a word is) are the core's, in
annotator/piece_edits.py. None of them touches the speaker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from annotator import editing
from annotator.operations import JoinQuotes, Operation, QuotePhrase, SetPieceBounds, SplitQuote, TrimPieces
from annotator.piece_edits import Side, piece_for_selection, shape_of, stepped
from annotator.records import QuoteRecord

if TYPE_CHECKING:
    from ui.controllers.annotation import AnnotationController
    from ui.main_window import MainWindow

STALE_SELECTION = (
    "That selection is not on this quote. Select words on or next to the quote at hand (J and K pick it), "
    "then press B; [ ] { } move its ends a word at a time."
)


class PiecesController(QObject):
    def __init__(self, window: MainWindow, annotation: AnnotationController) -> None:
        super().__init__(window)
        self.window = window
        self.annotation = annotation
        self._uid: str | None = None
        self._piece = 0
        window.quote_panel.current_quote_changed.connect(self._on_quote_panel_current_quote_changed)
        window.article_opened.connect(self._on_window_article_opened)

    @property
    def quote(self) -> QuoteRecord | None:
        return self.window.quote_panel.current_quote

    @property
    def piece(self) -> int:
        """The piece of the quote at hand the bounds keys act on (0: the first)."""
        return self._piece

    # ---- the piece at hand ---------------------------------------------------------------------------------

    def step_piece(self, offset: int) -> None:
        quote = self.quote
        if quote is None:
            return
        count = len(_stretches(quote))
        self._show_piece((self._piece + offset) % count)
        self.window.show_status(f"Piece {self._piece + 1} of {count}.", 3000)

    def _show_piece(self, piece: int) -> None:
        quote = self.quote
        self._piece = max(0, min(piece, len(_stretches(quote)) - 1)) if quote is not None else 0
        self.window.article_view.set_current_piece(self._piece)
        self.window.quote_panel.set_current_piece(self._piece)

    # ---- decisions -----------------------------------------------------------------------------------------

    def set_bounds_from_selection(self) -> None:
        quote, article = self.quote, self.window.article
        if quote is None or article is None:
            return
        selected = self.window.article_view.selected_span()
        span = editing.trim_selection(article.text, *selected) if selected is not None else None
        if span is None:
            self.window.show_problem("Select the words of the piece in the text first, then press B.", level="info")
            return
        piece = piece_for_selection(shape_of(quote.start, quote.end, quote.pieces), span, self._piece)
        if piece is None:
            self.window.show_problem(STALE_SELECTION, level="info")
            return
        self._piece = piece
        if self._run(SetPieceBounds(quote.id, piece, *span, quote.version), "Set piece bounds"):
            cursor = self.window.article_view.text_edit.textCursor()
            cursor.clearSelection()
            self.window.article_view.text_edit.setTextCursor(cursor)  # used: it may not move the next quote

    def step_bound(self, side: Side, grow: bool) -> None:
        quote, article = self.quote, self.window.article
        if quote is None or article is None:
            return
        piece = min(self._piece, len(_stretches(quote)) - 1)
        new = stepped(article.text, _stretches(quote)[piece], side, grow)
        if new is None:
            self.window.show_status("The piece cannot lose its last word or go past the text.", 4000)
            return
        verb = ("starts a word earlier", "starts a word later", "ends a word later", "ends a word earlier")
        text = verb[(0 if side == "start" else 2) + (0 if grow else 1)]
        self._run(SetPieceBounds(quote.id, piece, *new, quote.version), f"Piece {text}")

    def trim_to_marks(self) -> None:
        quote = self.quote
        if quote is None:
            return
        if not quote.pieces:
            self.window.show_problem("Indirect speech has no quote marks to trim to.", level="info")
            return
        self._run(TrimPieces(quote.id, None, quote.version), "Trim pieces to their quote marks")

    def split(self) -> None:
        quote = self.quote
        if quote is None:
            return
        if len(quote.pieces) < 2:
            self.window.show_problem("This quote has one piece: there is no piece to split it before.", level="info")
            return
        self._run(SplitQuote(quote.id, max(self._piece, 1), quote.version), "Split quote")

    def join(self) -> None:
        quote = self.quote
        if quote is None:
            return
        before = editing.quote_before(self.window.quote_panel.model.quotes, quote)
        if before is None:
            self.window.show_problem("This is the first quote here: there is none before it to join.", level="info")
            return
        self._run(JoinQuotes(quote.id, before.id, quote.version, before.version), "Join quote to the one before")

    def add_quote(self) -> None:
        """Q: on a quoted phrase (the cursor or a selection inside it), the phrase becomes a quote; elsewhere
        the selection is added as a quote."""
        view, article = self.window.article_view, self.window.article
        selected = view.selected_span()
        phrase = view.phrase_at(*selected) if selected is not None else view.phrase_at(view.cursor_position())
        if phrase is None or article is None:
            self.annotation.add_quote_from_selection()
            return
        if self._run(QuotePhrase(article.id, phrase.id), "Make the phrase a quote"):
            self.window.show_status("The phrase is a quote now. S sets its speaker.", 5000)

    # ---- running and showing -------------------------------------------------------------------------------

    def _run(self, operation: Operation[Any], text: str) -> bool:
        """Run the decision through the editor's history (`text` names it for messages); False if refused."""
        result = self.annotation.run(operation)
        if result is None:
            return False
        self._reload(result)
        return True

    def _reload(self, result: Any) -> None:
        """Read the open article's quotes again (a split adds one, a join removes one) and keep the quote at
        hand: the result of the decision when it is a quote (the new one after a split)."""
        article = self.window.article
        if article is None:
            return
        quotes = self.window.query(lambda s: s.quotes.quotes_for_article(article.id), None)
        if quotes is None:
            return
        current = self.quote
        uid = result.uid if isinstance(result, QuoteRecord) else (current.uid if current else None)
        piece = self._piece if current is not None and current.uid == uid else 0
        self.window.article_view.set_quotes(quotes)
        self.window.quote_panel.set_quotes(quotes)
        if uid is not None:
            self.window.quote_panel.select_uid(uid)
        self._show_piece(piece)
        self.window.article_model.refresh_article(article.id)
        self.window.update_actions()

    def _on_quote_panel_current_quote_changed(self, quote: QuoteRecord | None) -> None:
        uid = quote.uid if quote is not None else None
        if uid != self._uid:
            self._uid = uid
            self._show_piece(0)

    def _on_window_article_opened(self, _article_id: int) -> None:
        article = self.window.article
        self.window.quote_panel.set_article_text(article.text if article is not None else "")


def _stretches(quote: QuoteRecord) -> tuple[tuple[int, int], ...]:
    return shape_of(quote.start, quote.end, quote.pieces).stretches
