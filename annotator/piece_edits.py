"""Rules for editing one piece of a quote, as pure functions (no Qt, no database).

An editor fixes bounds one piece at a time: a selection replaces the piece it is made for, a key grows or
shrinks the piece by a word at either end, a quote splits into two attributions before a piece, and a quote
joins the one before it. The content span follows its pieces: an edge of the content that was a piece's
edge moves with it, and the content always holds every piece. Indirect speech has no pieces, so the
stretch these rules act on is its content. Offsets are article code points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.pieces import normalise_pieces

Span = tuple[int, int]
Side = Literal["start", "end"]


@dataclass(frozen=True, slots=True)
class Shape:
    """Where an attribution sits: its content span and its pieces (none for indirect speech)."""

    start: int
    end: int
    pieces: tuple[Span, ...]

    @property
    def stretches(self) -> tuple[Span, ...]:
        """What bounds act on: the pieces, or the content of a quote without any."""
        return self.pieces or ((self.start, self.end),)


def shape_of(start: int, end: int, pieces: Sequence[Sequence[int]]) -> Shape:
    return Shape(start, end, tuple((int(s), int(e)) for s, e in pieces))


def piece_for_selection(shape: Shape, selection: Span, current: int = 0) -> int | None:
    """Which piece a selection is made for: the one it overlaps most or touches; the current piece when it
    only touches the quote's content (writer's words between pieces); None when it is nowhere near the
    quote, so a selection left over from another quote never moves this one."""
    start, end = selection
    if not (start <= shape.end and shape.start <= end):
        return None
    best: tuple[int, int] | None = None  # (overlap, index)
    for index, (s, e) in enumerate(shape.stretches):
        if start <= e and s <= end:
            overlap = min(e, end) - max(s, start)
            if best is None or overlap > best[0]:
                best = (overlap, index)
    if best is not None:
        return best[1]
    return min(max(current, 0), len(shape.stretches) - 1)


def with_piece(shape: Shape, index: int, new: Span) -> Shape:
    """`shape` with its piece `index` (or, without pieces, its content) set to `new`: a content edge that
    was the piece's edge follows it, and the content grows to hold it."""
    old = shape.stretches[index]
    start = new[0] if shape.start == old[0] else min(shape.start, new[0])
    end = new[1] if shape.end == old[1] else max(shape.end, new[1])
    if not shape.pieces:
        return Shape(new[0], new[1], ())
    pieces = list(shape.pieces)
    pieces[index] = new
    start = min(start, *(s for s, _ in pieces))
    end = max(end, *(e for _, e in pieces))
    return Shape(start, end, normalise_pieces(pieces, start, end))


def stepped(text: str, span: Span, side: Side, grow: bool) -> Span | None:
    """`span` grown or shrunk by one word at `side`: a word is a run of non-space characters, so quote marks
    and punctuation go with the word they touch. None when it cannot (the text's edge, or the last word)."""
    start, end = span
    if side == "end":
        if grow:
            position = end
            while position < len(text) and text[position].isspace():
                position += 1
            while position < len(text) and not text[position].isspace():
                position += 1
            return (start, position) if position > end else None
        position = end
        while position > start and text[position - 1].isspace():
            position -= 1
        while position > start and not text[position - 1].isspace():
            position -= 1
        while position > start and text[position - 1].isspace():
            position -= 1
        return (start, position) if position > start else None
    if grow:
        position = start
        while position > 0 and text[position - 1].isspace():
            position -= 1
        while position > 0 and not text[position - 1].isspace():
            position -= 1
        return (position, end) if position < start else None
    position = start
    while position < end and text[position].isspace():
        position += 1
    while position < end and not text[position].isspace():
        position += 1
    while position < end and text[position].isspace():
        position += 1
    return (position, end) if position < end else None


def split_before(shape: Shape, index: int) -> tuple[Shape, Shape]:
    """Two attributions from one, cut before piece `index` (at least 1): the first ends with the piece
    before the cut, the second starts with the piece at it, and each keeps its own pieces."""
    if not (1 <= index < len(shape.pieces)):
        raise ValueError("a quote splits before its second piece or a later one")
    first, second = shape.pieces[:index], shape.pieces[index:]
    return Shape(shape.start, first[-1][1], first), Shape(second[0][0], shape.end, second)


def joined(before: Shape, after: Shape) -> Shape:
    """One attribution from two: the content from the first's start to the second's end, every piece kept."""
    start, end = min(before.start, after.start), max(before.end, after.end)
    return Shape(start, end, normalise_pieces([*before.pieces, *after.pieces], start, end))
