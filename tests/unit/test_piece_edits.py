"""The rules for editing one piece: which piece a selection is for, growing and shrinking by a word, the
content following its pieces, split and join."""

from __future__ import annotations

from annotator.piece_edits import Shape, joined, piece_for_selection, split_before, stepped, with_piece

TEXT = '"A is right," she said. "B is 🙂 too."'
A = (0, 13)
B = (24, len(TEXT))
QUOTE = Shape(0, len(TEXT), (A, B))


def test_a_selection_is_for_the_piece_it_overlaps_and_never_for_a_far_one() -> None:
    assert piece_for_selection(QUOTE, (25, 29)) == 1
    assert piece_for_selection(QUOTE, (1, 5)) == 0
    assert piece_for_selection(QUOTE, (15, 18), current=1) == 1  # the writer's words: the piece at hand
    assert piece_for_selection(Shape(100, 120, ((100, 120),)), (1, 5)) is None  # a stale selection elsewhere


def test_a_piece_grows_and_shrinks_by_a_word_marks_and_emoji_included() -> None:
    assert stepped(TEXT, (25, 29), "end", grow=True) == (25, 31)  # "B is 🙂": one code point
    assert stepped(TEXT, (25, 31), "end", grow=False) == (25, 29)
    assert stepped(TEXT, (25, 29), "start", grow=True) == (24, 29)  # the mark goes with its word
    assert stepped(TEXT, B, "start", grow=False) == (27, len(TEXT))
    assert stepped(TEXT, (0, 2), "end", grow=False) is None  # the last word stays
    assert stepped(TEXT, (0, 2), "start", grow=True) is None  # the text's edge


def test_the_content_follows_a_piece_at_its_edge_and_holds_every_piece() -> None:
    trimmed = with_piece(Shape(0, 22, ((0, 22),)), 0, A)
    assert (trimmed.start, trimmed.end, trimmed.pieces) == (0, 13, (A,))
    inner = with_piece(QUOTE, 1, (25, 29))
    assert (inner.start, inner.end, inner.pieces) == (0, 29, (A, (25, 29)))
    indirect = with_piece(Shape(5, 10, ()), 0, (4, 12))
    assert (indirect.start, indirect.end, indirect.pieces) == (4, 12, ())


def test_split_and_join_are_each_others_inverse() -> None:
    first, second = split_before(QUOTE, 1)
    assert (first.pieces, second.pieces) == ((A,), (B,))
    assert joined(first, second) == Shape(0, len(TEXT), (A, B))
