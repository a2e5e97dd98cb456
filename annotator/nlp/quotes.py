"""Character-level quote-mark scanning, no spaCy needed.

Marks are paired by family (double, single, guillemets), never across families, and every mark is read in
its context rather than by its glyph alone: machine-translated and badly converted articles use an opening
curly mark to close a quote, and a straight mark can do either job. A mark that cannot be paired never
sinks the rest of the document: the pairs around it are still found and the doubtful span gets a low
confidence and a flag saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

DOUBLE_MARKS = frozenset('"\u201c\u201d\u201e\u201f\u2033')
SINGLE_MARKS = frozenset("'\u2018\u2019\u201a\u201b\u2032")
GUILLEMETS = frozenset("\u00ab\u00bb\u2039\u203a")
ALL_MARKS = DOUBLE_MARKS | SINGLE_MARKS | GUILLEMETS

OPENING_GLYPHS = frozenset("\u201c\u201e\u201f\u2018\u201a\u201b\u00ab\u2039")
CLOSING_GLYPHS = frozenset("\u201d\u2019\u00bb\u203a")
# Characters that may sit on the outer side of a mark: a mark with one of these on its left is at the start
# of a word (an opening), with one on its right at the end of a word (a closing).
OPEN_CONTEXT_LEFT = frozenset(" \t\n\r\u00a0([{\u2014\u2013-/")
OPEN_CONTEXT_RIGHT = frozenset(" \t\n\r\u00a0)]}.,;:!?\u2014\u2013-/\u2026")
# Elisions that start with an apostrophe: 'em, 'til, 'cause, 'tis, 'n' (rock 'n' roll), 'bout ...
LEADING_ELISIONS = ("em", "til", "cause", "cos", "tis", "twas", "n", "bout", "round", "nuff", "ere")

FEET_AND_INCHES = re.compile(r"\b\d{1,2}['\u2032\u2019]\d{1,2}$")

SENTENCE_START = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!Mrs)(?<!\b[A-Z])[.!?\u2026][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
)


class Role(Enum):
    OPEN = "open"
    CLOSE = "close"
    EITHER = "either"  # a straight mark between two words, or a trailing s' that may be a possessive
    APOSTROPHE = "apostrophe"


@dataclass(frozen=True, slots=True)
class Mark:
    pos: int
    glyph: str
    role: Role
    width: int = 1  # two for the doubled apostrophe ('') some archives use as a double mark


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quoted stretch of text; `start`/`end` include the marks when they are there."""

    start: int
    end: int
    confidence: float
    family: str  # "double", "single" or "guillemet"
    # Why it is doubtful or special: "unclosed", "unopened", "multi_paragraph", "headline_style".
    flags: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class ScanResult:
    spans: tuple[QuoteSpan, ...]
    single_marks_are_quotes: bool


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def classify_mark(text: str, pos: int, width: int = 1) -> Role:
    """The job a quote mark does at `pos`, judged from its neighbours first and its glyph second."""
    glyph = '"' if width == 2 else text[pos]
    left = text[pos - 1] if pos > 0 else "\n"
    right = text[pos + width] if pos + width < len(text) else "\n"
    is_single = glyph in SINGLE_MARKS

    if is_single:
        if _is_word_char(left) and _is_word_char(right):
            return Role.APOSTROPHE  # don't, it's, O'Brien
        if not _is_word_char(left) and right.isdigit() and pos + 3 <= len(text) and text[pos + 1 : pos + 3].isdigit():
            following = text[pos + 3] if pos + 3 < len(text) else " "
            if following in "s \n,.;:!?)\u2019'" and not (pos + 3 < len(text) and text[pos + 3].isdigit()):
                return Role.APOSTROPHE  # '90s, '16
        if not _is_word_char(left):
            word = re.match(r"[A-Za-z]+", text[pos + 1 : pos + 8])
            if word and word.group(0).lower() in LEADING_ELISIONS:
                after = pos + 1 + len(word.group(0))
                next_char = text[after] if after < len(text) else " "
                if word.group(0).lower() == "n":
                    if next_char in SINGLE_MARKS:
                        return Role.APOSTROPHE  # the first mark of 'n'
                elif not next_char.isalpha():
                    return Role.APOSTROPHE
        if left in "nN" and pos >= 2 and text[pos - 2] in SINGLE_MARKS and not _is_word_char(right):
            return Role.APOSTROPHE  # the second mark of 'n'

    if glyph == '"' and width == 1 and FEET_AND_INCHES.search(text, max(0, pos - 6), pos):
        return Role.APOSTROPHE  # 6'3": an inch sign, not a mark

    left_open = left in OPEN_CONTEXT_LEFT or left in OPENING_GLYPHS
    right_open = right in OPEN_CONTEXT_RIGHT or right in CLOSING_GLYPHS or right in "\"'"
    if left_open and not right_open:
        return Role.OPEN
    if right_open and not left_open:
        if is_single and left in "sSzZ" and right not in "\n":
            return Role.EITHER  # Jones' house or the end of a quote
        return Role.CLOSE
    if left_open and right_open:
        # A lone mark between spaces: the line's edge tells, else the glyph.
        if right in "\n\r" or pos + width >= len(text):
            return Role.CLOSE
        if left in "\n\r" or pos == 0:
            return Role.OPEN
    if glyph in OPENING_GLYPHS:
        return Role.OPEN
    if glyph in CLOSING_GLYPHS:
        return Role.CLOSE if not is_single or not (_is_word_char(left) and _is_word_char(right)) else Role.APOSTROPHE
    return Role.EITHER


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for match in re.finditer(r"\n", text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


class _Paragraphs:
    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds = _paragraph_bounds(text)
        self._starts = [s for s, _ in self.bounds]

    def index(self, pos: int) -> int:
        lo, hi = 0, len(self._starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def next_nonblank(self, index: int) -> int:
        index += 1
        while index < len(self.bounds) and not self.text[slice(*self.bounds[index])].strip():
            index += 1
        return index

    def starts_paragraph(self, pos: int) -> bool:
        start, _ = self.bounds[self.index(pos)]
        return not self.text[start:pos].strip()

    def trimmed_end(self, index: int) -> int:
        start, end = self.bounds[index]
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return end


def _doubled_apostrophes(text: str) -> set[int]:
    """Start positions of '' used as a double mark (an old newspaper-archive convention)."""
    return {m.start() for m in re.finditer(r"(?<!')''(?!')", text)}


def _marks(text: str, family: frozenset[str], doubled: set[int]) -> list[Mark]:
    found = []
    in_doubled = doubled | {p + 1 for p in doubled}
    for pos, char in enumerate(text):
        if family is DOUBLE_MARKS and pos in doubled:
            role = classify_mark(text, pos, width=2)
            found.append(Mark(pos, '"', Role.EITHER if role is Role.APOSTROPHE else role, width=2))
        elif char in family and pos not in in_doubled:
            role = classify_mark(text, pos)
            if role is not Role.APOSTROPHE:
                found.append(Mark(pos, char, role))
    return found


def _guess_start_of_unopened(text: str, paragraphs: _Paragraphs, close_pos: int, previous_end: int | None) -> int:
    """Where a quote whose opening mark is missing most likely began.

    After an earlier quote in the same paragraph that closed on a full stop, right after it; after one that
    closed on a comma (`"...," she said. Then the rest.`), after the attribution's sentence; with no earlier
    quote, at the start of the sentence holding the closing mark."""
    par_start, _ = paragraphs.bounds[paragraphs.index(close_pos)]
    if previous_end is not None and previous_end > par_start:
        before_close = text[previous_end - 2 : previous_end - 1] if previous_end >= 2 else ""
        if before_close in (".", "!", "?", "\u2026"):
            start = previous_end
        else:
            boundary = SENTENCE_START.search(text, previous_end, close_pos)
            start = boundary.end() if boundary else close_pos
    else:
        start = par_start
        for boundary in SENTENCE_START.finditer(text, par_start, close_pos):
            if text[boundary.end() : close_pos].strip():
                start = boundary.end()
    while start < close_pos and text[start].isspace():
        start += 1
    return start


def _is_straight(mark: Mark) -> bool:
    return mark.glyph in "\"'" or mark.width == 2


def _closes_twice(marks: list[Mark], index: int, paragraph: int, paragraphs: _Paragraphs) -> bool:
    """Whether the two marks after `index` in its paragraph both close: then the opening at `index` is a quote
    nested in the open one, written with the same glyph."""
    following = [m for m in marks[index + 1 : index + 3] if paragraphs.index(m.pos) == paragraph]
    return len(following) == 2 and all(m.role is Role.CLOSE for m in following)


def _pair(
    text: str, marks: list[Mark], family: str, paragraphs: _Paragraphs, *, guess_missing: bool
) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    open_mark: Mark | None = None
    nested: Mark | None = None  # one level of a quote inside a quote, written with the other glyph style
    open_paragraph = -1
    flags: set[str] = set()

    def close_unclosed() -> None:
        nonlocal open_mark
        assert open_mark is not None
        end = paragraphs.trimmed_end(open_paragraph)
        if guess_missing and text[open_mark.pos + 1 : end].strip():
            spans.append(QuoteSpan(open_mark.pos, end, 0.35, family, frozenset(flags | {"unclosed"})))
        open_mark = None

    def last_end_in_paragraph(pos: int) -> int | None:
        par_start, _ = paragraphs.bounds[paragraphs.index(pos)]
        ends = [s.end for s in spans if s.end > par_start and s.end <= pos]
        return max(ends) if ends else None

    for index, mark in enumerate(marks):
        paragraph = paragraphs.index(mark.pos)
        role = mark.role
        if paragraph != open_paragraph:
            nested = None
        if open_mark is not None and paragraph != open_paragraph:
            # The reopening mark is the opening one again: a straight mark after curly ones (or the other
            # way round) opens a new quote, as when an article quotes a passage that holds its own quotes.
            reopens = (
                role in (Role.OPEN, Role.EITHER)
                and paragraphs.starts_paragraph(mark.pos)
                and paragraph == paragraphs.next_nonblank(open_paragraph)
                and _is_straight(mark) == _is_straight(open_mark)
            )
            if reopens:
                # A quote over several paragraphs reopens its mark at each one and closes only at the end.
                open_paragraph = paragraph
                flags.add("multi_paragraph")
                continue
            close_unclosed()
        if role is Role.EITHER:
            if open_mark is None:
                role = (
                    Role.OPEN
                    if mark.glyph not in SINGLE_MARKS or not text[mark.pos - 1 : mark.pos].isalpha()
                    else Role.APOSTROPHE
                )
            else:
                role = Role.CLOSE
                if mark.glyph in SINGLE_MARKS:
                    # A trailing s' closes the quote only if no clearer closing mark follows in the paragraph.
                    for later in marks[index + 1 :]:
                        if paragraphs.index(later.pos) != paragraph or later.role is Role.OPEN:
                            break
                        if later.role is Role.CLOSE:
                            role = Role.APOSTROPHE
                            break
            if role is Role.APOSTROPHE:
                continue
        if role is Role.OPEN:
            if open_mark is not None and nested is None and _is_straight(mark) != _is_straight(open_mark):
                nested = mark
                continue
            if open_mark is not None and nested is None and _closes_twice(marks, index, paragraph, paragraphs):
                nested = mark  # “what he calls “hell” than ...”: a nested quote in the same glyph
                continue
            if open_mark is not None:
                # Opening again before closing: the earlier mark lost its partner. Keep it, doubtful.
                end = mark.pos
                while end > open_mark.pos + 1 and text[end - 1].isspace():
                    end -= 1
                if guess_missing and text[open_mark.pos + 1 : end].strip():
                    spans.append(QuoteSpan(open_mark.pos, end, 0.3, family, frozenset(flags | {"unclosed"})))
            open_mark, open_paragraph, flags = mark, paragraph, set()
        else:  # closing
            if nested is not None:
                closes_inner = _is_straight(mark) == _is_straight(nested)
                nested = None
                if closes_inner:
                    continue
            if open_mark is not None:
                confidence = 0.85 if "multi_paragraph" in flags else 1.0
                spans.append(QuoteSpan(open_mark.pos, mark.pos + mark.width, confidence, family, frozenset(flags)))
                open_mark, flags = None, set()
            elif guess_missing:
                start = _guess_start_of_unopened(text, paragraphs, mark.pos, last_end_in_paragraph(mark.pos))
                if text[start : mark.pos].strip(" \t\n.,;:") and start < mark.pos:
                    spans.append(QuoteSpan(start, mark.pos + mark.width, 0.3, family, frozenset({"unopened"})))
    if open_mark is not None:
        close_unclosed()
    return spans


def _guillemet_spans(text: str, paragraphs: _Paragraphs) -> list[QuoteSpan]:
    marks = [(pos, char) for pos, char in enumerate(text) if char in GUILLEMETS]
    if not marks:
        return []
    # German style writes »so«; French and most others «so».
    reversed_style = marks[0][1] in "\u00bb\u203a"
    converted = []
    for pos, char in marks:
        opening = (char in "\u00ab\u2039") != reversed_style
        converted.append(Mark(pos, char, Role.OPEN if opening else Role.CLOSE))
    return _pair(text, converted, "guillemet", paragraphs, guess_missing=True)


def _clean_pairs(spans: list[QuoteSpan]) -> int:
    return sum(1 for s in spans if not s.flags & {"unclosed", "unopened"})


def _overlaps(span: tuple[int, int], others: list[QuoteSpan]) -> bool:
    return any(span[0] < o.end and o.start < span[1] for o in others)


def scan_quotes(text: str) -> ScanResult:
    """Every quoted span of `text`, sorted and not overlapping, with the per-document decision whether
    single marks are quote marks (British and Australian style) or only apostrophes and nested quotes."""
    paragraphs = _Paragraphs(text)
    doubled = _doubled_apostrophes(text)
    double = _pair(text, _marks(text, DOUBLE_MARKS, doubled), "double", paragraphs, guess_missing=True)
    trial_single = _pair(text, _marks(text, SINGLE_MARKS, doubled), "single", paragraphs, guess_missing=False)
    single_outside_double = [s for s in trial_single if not _overlaps((s.start, s.end), double)]
    singles_are_quotes = _clean_pairs(single_outside_double) >= 1 and _clean_pairs(
        single_outside_double
    ) > 2 * _clean_pairs(double)

    if singles_are_quotes:
        single = _pair(text, _marks(text, SINGLE_MARKS, doubled), "single", paragraphs, guess_missing=True)
        nested_double = [s for s in double if not any(o.start <= s.start and s.end <= o.end for o in single)]
        primary, secondary = single, nested_double
    else:
        primary = double
        # Outside double quotes, single marks still quote in headlines (`Zuckerberg 'keen' on ...`).
        secondary = [
            QuoteSpan(s.start, s.end, 0.5, s.family, s.flags | {"headline_style"})
            for s in single_outside_double
            if paragraphs.index(s.start) == paragraphs.next_nonblank(-1) and not s.flags
        ]
    chosen = sorted(primary, key=lambda s: s.start)
    for span in secondary + _guillemet_spans(text, paragraphs):
        if not _overlaps((span.start, span.end), chosen):
            chosen.append(span)
    chosen.sort(key=lambda s: (s.start, -s.end))
    result: list[QuoteSpan] = []
    for span in chosen:
        if span.end <= span.start:
            continue
        if result and span.start < result[-1].end:
            # Keep the surer of two overlapping guesses.
            if span.confidence > result[-1].confidence and (len(result) < 2 or result[-2].end <= span.start):
                result[-1] = span
            continue
        result.append(span)
    return ScanResult(tuple(result), singles_are_quotes)


def find_quote_spans(text: str) -> list[QuoteSpan]:
    return list(scan_quotes(text).spans)
