"""Decisions on a quote's pieces: one piece's bounds, trimming pieces to their quote marks, splitting a quote
into two attributions, joining a quote to the one before it, and turning a quoted phrase into a quote.

Each names the version of every quote it changes as the editor saw it; a colleague's change since is refused
with the fresh state and nothing is written. The rules (which content a piece edit leaves, where a split
cuts) are pure functions in annotator/piece_edits.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.nlp.quote_checks import trim_to_marks
from annotator.operations.operation import Operation
from annotator.piece_edits import Shape, joined, shape_of, split_before, with_piece
from annotator.records import QUOTED_PHRASE_LABEL, QuoteRecord
from annotator.store import NotFound, QuoteConflict, Store, StoreError


def _fresh(store: Store, quote_id: int, expected_version: int | None) -> QuoteRecord:
    quote = store.quotes.get_quote(quote_id)
    if expected_version is not None and quote.version != expected_version:
        raise QuoteConflict(quote)
    return quote


def _shape(quote: QuoteRecord) -> Shape:
    return shape_of(quote.start, quote.end, quote.pieces)


def _reshape(store: Store, user: str, quote: QuoteRecord, shape: Shape, action: str) -> QuoteRecord:
    # only where the quote sits changes; its speaker and person stay (the store turns a suggestion whose
    # bounds the editor fixed into their correction, with the suggested person attached)
    changes = {"start": shape.start, "end": shape.end, "pieces": [[s, e] for s, e in shape.pieces]}
    return store.quotes.update_quote(quote.id, changes, user=user, action=action, expected_version=quote.version)


@dataclass(frozen=True, slots=True)
class SetPieceBounds(Operation[QuoteRecord]):
    """Piece `piece` of the quote (its content, for indirect speech) now spans start..end; a content edge
    that was the piece's edge follows it. The other pieces and the speaker stay as they are."""

    quote_id: int
    piece: int
    start: int
    end: int
    expected_version: int | None = None

    def describe(self) -> str:
        return f"set piece {self.piece + 1} of quote {self.quote_id} to {self.start}-{self.end}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        quote = _fresh(store, self.quote_id, self.expected_version)
        shape = _shape(quote)
        if not (0 <= self.piece < len(shape.stretches)):
            raise StoreError(f"quote {quote.id} has no piece {self.piece + 1}")
        return _reshape(store, user, quote, with_piece(shape, self.piece, (self.start, self.end)), "set_bounds")


@dataclass(frozen=True, slots=True)
class TrimPieces(Operation[QuoteRecord]):
    """Every piece cut back to its outermost quote marks (annotator/nlp/quote_checks.py trim_to_marks), so
    no cue, speaker or writer's word stays inside a piece; `piece` trims only that one."""

    quote_id: int
    piece: int | None = None
    expected_version: int | None = None

    def describe(self) -> str:
        which = "the pieces" if self.piece is None else f"piece {self.piece + 1}"
        return f"trim {which} of quote {self.quote_id} to their quote marks"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        quote = _fresh(store, self.quote_id, self.expected_version)
        if not quote.pieces:
            raise StoreError("indirect speech has no quote marks to trim to")
        text = store.articles.get_article(quote.article_id).text
        shape = _shape(quote)
        for index in range(len(shape.pieces)) if self.piece is None else (self.piece,):
            if not (0 <= index < len(shape.pieces)):
                raise StoreError(f"quote {quote.id} has no piece {index + 1}")
            shape = with_piece(shape, index, trim_to_marks(text, *shape.pieces[index]))
        return _reshape(store, user, quote, shape, "set_bounds")


@dataclass(frozen=True, slots=True)
class SplitQuote(Operation[QuoteRecord]):
    """Two attributions from one, cut before piece `before_piece` (the second piece or later): the quote
    keeps the pieces before the cut, a new quote of the same kind and speaker takes the rest (S then sets
    its own speaker). Returns the new quote; undo removes it and gives the pieces back."""

    quote_id: int
    before_piece: int
    expected_version: int | None = None

    def describe(self) -> str:
        return f"split quote {self.quote_id} before piece {self.before_piece + 1}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        quote = _fresh(store, self.quote_id, self.expected_version)
        try:
            first, second = split_before(_shape(quote), self.before_piece)
        except ValueError as exc:
            raise StoreError(f"quote {quote.id}: {exc}") from exc
        kept = _reshape(store, user, quote, first, "split")
        return store.quotes.add_quote(
            quote.article_id,
            second.start,
            second.end,
            user=user,
            kind=kept.kind,
            person_id=kept.person_id,
            status=kept.status,
            pieces=[[s, e] for s, e in second.pieces],
            speaker_name=kept.speaker_name,
            speaker_start=kept.speaker_start,
            speaker_end=kept.speaker_end,
            speaker_text=kept.speaker_text,
        )


@dataclass(frozen=True, slots=True)
class JoinQuotes(Operation[QuoteRecord]):
    """The quote's pieces belong to the attribution before it (`into_id`): that quote's content runs on to
    this one's end and takes its pieces, and this quote goes (undo brings it back as it was)."""

    quote_id: int
    into_id: int
    expected_version: int | None = None
    into_version: int | None = None

    def describe(self) -> str:
        return f"join quote {self.quote_id} to quote {self.into_id}"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        quote = _fresh(store, self.quote_id, self.expected_version)
        into = _fresh(store, self.into_id, self.into_version)
        if quote.article_id != into.article_id or quote.id == into.id:
            raise StoreError("a quote joins another quote of the same article")
        store.quotes.delete_quote(quote.id, user=user, expected_version=quote.version)
        return _reshape(store, user, into, joined(_shape(into), _shape(quote)), "join")


@dataclass(frozen=True, slots=True)
class QuotePhrase(Operation[QuoteRecord]):
    """A quoted phrase (scare quotes, a title, a label: found with no cue and no source) is a quote after
    all: a partial quote over the phrase, decided like one added by hand (S then names the speaker)."""

    article_id: int
    mention_id: int

    def describe(self) -> str:
        return f"make phrase {self.mention_id} of article {self.article_id} a quote"

    def apply(self, store: Store, user: str) -> QuoteRecord:
        mentions = store.articles.mentions_for_article(self.article_id)
        phrase = next((m for m in mentions if m.id == self.mention_id), None)
        if phrase is None or phrase.label != QUOTED_PHRASE_LABEL:
            raise NotFound(f"article {self.article_id} has no quoted phrase {self.mention_id}")
        return store.quotes.add_quote(self.article_id, phrase.start, phrase.end, user=user, kind="partial")
