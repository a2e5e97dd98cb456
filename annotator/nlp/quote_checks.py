"""The "clean quote" check: what an editor must see before confirming a quote. Pure functions, no Qt, no spaCy.

A verified quote must be the speaker's words verbatim: a piece that holds its own cue or speaker ("he said"),
a direct quote piece with words outside its quote marks, or a mark left open are flagged, and
`trim_to_marks` offers the usual fix, the piece cut back to its outermost marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.nlp.quotes import ALL_MARKS, GUILLEMETS, SINGLE_MARKS, Role, classify_mark

ProblemKind = Literal["cue_inside", "speaker_inside", "words_outside_marks", "unbalanced_mark"]
Range = tuple[int, int]

_MESSAGES = {
    "cue_inside": "the piece holds its own cue",
    "speaker_inside": "the piece holds its own speaker",
    "words_outside_marks": "words outside the quote marks",
    "unbalanced_mark": "a quote mark is not closed or not opened",
}


@dataclass(frozen=True, slots=True)
class QuoteProblem:
    """One thing to fix in one piece: `start`/`end` are the piece's (code points)."""

    kind: ProblemKind
    start: int
    end: int

    @property
    def message(self) -> str:
        return _MESSAGES[self.kind]


def _family(glyph: str) -> str:
    if glyph in GUILLEMETS:
        return "guillemet"
    return "single" if glyph in SINGLE_MARKS else "double"


def _marks_in(text: str, start: int, end: int) -> list[tuple[int, int, Role]]:
    """(position, width, role) of every quote mark between start and end, apostrophes left out; the doubled
    apostrophe '' of newspaper archives counts as one double mark."""
    found = []
    pos = start
    while pos < end:
        char = text[pos]
        if char == "'" and pos + 1 < end and text[pos + 1] == "'":
            found.append((pos, 2, classify_mark(text, pos, width=2)))
            pos += 2
            continue
        if char in ALL_MARKS:
            role = classify_mark(text, pos)
            if role is not Role.APOSTROPHE:
                found.append((pos, 1, role))
        pos += 1
    return found


def _glyph(text: str, pos: int, width: int) -> str:
    return '"' if width == 2 else text[pos]


def _is_straight(glyph: str) -> bool:
    return glyph in "\"'"


@dataclass(frozen=True, slots=True)
class _Reading:
    unbalanced: bool  # a mark never closed, or one that closes nothing
    words_outside: bool  # letters or digits outside every pair of marks
    first_opening: int | None  # where the first outermost quoted stretch opens
    last_closing_end: int | None  # where the last outermost one closes (after its mark)
    open_at_end: bool  # the last quoted stretch is never closed


def _read_marks(text: str, start: int, end: int) -> _Reading:
    """Walk the piece's marks. Quotes nest (an opening mark while one is open starts a quote inside it, left
    open if nothing closes it); a mark at the start of a paragraph while a quote of its glyph is open reopens
    it (a quote running over paragraphs); a lone s' is a possessive and a single closing mark with nothing
    open an apostrophe the glyph alone cannot tell."""
    stacks: dict[str, list[str]] = {}
    unbalanced = False
    words_outside = False
    cursor = start
    first_opening: int | None = None
    last_closing_end: int | None = None

    def outside_words_up_to(pos: int) -> None:
        nonlocal words_outside
        if not any(stacks.values()) and any(char.isalnum() for char in text[cursor:pos]):
            words_outside = True

    for pos, width, role in _marks_in(text, start, end):
        outside_words_up_to(pos)
        cursor = pos + width
        glyph = _glyph(text, pos, width)
        family = _family(glyph)
        stack = stacks.setdefault(family, [])
        if role is Role.EITHER:
            if family == "single" and not stack:
                continue
            role = Role.CLOSE if stack else Role.OPEN
        if role is Role.OPEN:
            if stack and _is_straight(stack[-1]) == _is_straight(glyph) and (pos == 0 or text[pos - 1] == "\n"):
                continue  # the quote goes on in a new paragraph
            if first_opening is None and not any(stacks.values()):
                first_opening = pos
            stack.append(glyph)
        elif stack:
            stack.pop()
            if not any(stacks.values()):
                last_closing_end = pos + width
        elif family != "single":
            unbalanced = True
            if not any(stacks.values()):
                last_closing_end = pos + width
    outside_words_up_to(end)
    open_at_end = any(stacks.values())
    return _Reading(unbalanced or open_at_end, words_outside, first_opening, last_closing_end, open_at_end)


def _overlaps(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def trim_to_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The piece start..end cut back to its outermost quote marks: from the first opening mark to the end of
    the last closing one. A side with no mark keeps its bound (spaces trimmed); a piece with no quote mark
    at all (apostrophes are not marks) comes back with only its spaces trimmed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    reading = _read_marks(text, start, end)
    new_start = start if reading.first_opening is None else reading.first_opening
    new_end = end if reading.last_closing_end is None or reading.open_at_end else reading.last_closing_end
    return (new_start, new_end) if new_end > new_start else (start, end)


def quote_problems(
    text: str,
    *,
    start: int,
    end: int,
    pieces: Sequence[Range],
    kind: str,
    cue: Range | None = None,
    speaker: Range | None = None,
) -> list[QuoteProblem]:
    """What an editor must see before confirming the quote whose content is start..end: one problem per
    piece and kind, in piece order. `kind` is "direct", "partial" or "indirect"; a quote given no pieces is
    checked as one piece, start..end, unless it is indirect speech (no quote marks to check)."""
    if not pieces:
        if kind == "indirect":
            return []
        pieces = [(start, end)]
    problems: list[QuoteProblem] = []
    for piece_start, piece_end in sorted(pieces):
        piece = (piece_start, piece_end)
        if cue is not None and cue[1] > cue[0] and _overlaps(piece, cue):
            problems.append(QuoteProblem("cue_inside", piece_start, piece_end))
        if speaker is not None and speaker[1] > speaker[0] and _overlaps(piece, speaker):
            problems.append(QuoteProblem("speaker_inside", piece_start, piece_end))
        reading = _read_marks(text, piece_start, piece_end)
        if reading.words_outside:
            problems.append(QuoteProblem("words_outside_marks", piece_start, piece_end))
        if reading.unbalanced:
            problems.append(QuoteProblem("unbalanced_mark", piece_start, piece_end))
    return problems


def piece_words(text: str, start: int, end: int) -> str:
    """The words of a piece without the marks that enclose it, a lone one included (a piece whose opening mark
    the article lost still ends with its closing mark): what a `quote` cell shows. Apostrophes stay."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    marks = _marks_in(text, start, end)
    if marks and marks[0][0] == start and marks[0][2] is not Role.CLOSE:
        start += marks[0][1]
    if marks and marks[-1][0] + marks[-1][1] == end and marks[-1][0] >= start and marks[-1][2] is not Role.OPEN:
        end = marks[-1][0]
    return text[start:end].strip()
