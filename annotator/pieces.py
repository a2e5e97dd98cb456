"""A quote's pieces: the verbatim quoted stretches inside its content span, and the words they hold.

An attribution's content is the reported clause (writer's words included); its pieces are what the person
said word for word, each a span with its quote marks: `"A," she said. "B."` is one quote with two pieces,
indirect speech has none. Offsets are article code points, like every span in the core.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Piece = tuple[int, int]

# Enclosing quote marks: opening mark -> the closing marks that pair with it (English, German, French,
# Swedish, Danish and CJK conventions).
CLOSING_MARKS: dict[str, str] = {
    '"': '"',
    "'": "'",
    "“": "”“",  # “…” and German-style “…“
    "”": "”",  # Swedish ”…”
    "‘": "’‘",
    "’": "’",
    "„": "“”",
    "‚": "‘’",
    "«": "»",
    "»": "«»",
    "‹": "›",
    "›": "‹›",
    "「": "」",
    "『": "』",
    "〝": "〞〟",
    "＂": "＂",
    "＇": "＇",
}
# Marks whose glyph says which way they face; single marks are left out of scanning because an apostrophe
# looks the same ("don't", "Jones'")
_OPENING_MARKS = frozenset("“„«‹「『〝")
_CLOSING_MARKS = frozenset("”»›」』〞〟")
_STRAIGHT_MARKS = frozenset('"＂')
_BEFORE_AN_OPENING_MARK = frozenset(" \t\n\r\u00a0([{\u2014\u2013-/")
PIECE_SEPARATOR = " … "


def strip_quote_marks(text: str) -> str:
    """The words of a quote: surrounding whitespace and one pair of matching enclosing marks removed."""
    words = text.strip()
    if len(words) >= 2:
        closers = CLOSING_MARKS.get(words[0])
        if closers is not None and words[-1] in closers:
            return words[1:-1].strip()
    return words


def normalise_pieces(pieces: Iterable[Sequence[int]], start: int, end: int) -> tuple[Piece, ...]:
    """Pieces sorted, clipped to the content span start..end, empty ones dropped and overlaps joined."""
    clipped = sorted((max(int(s), start), min(int(e), end)) for s, e in pieces)
    joined: list[Piece] = []
    for s, e in clipped:
        if s >= e:
            continue
        if joined and s <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], e))
        else:
            joined.append((s, e))
    return tuple(joined)


def marked_stretches(text: str, offset: int = 0) -> tuple[Piece, ...]:
    """The outermost stretches of `text` enclosed in double marks or guillemets, marks included, shifted by
    `offset`. A straight mark opens after a space or the start and closes otherwise, so a quote inside a
    quote stays inside; an opening mark never closed is left out rather than swallowing the rest."""
    found: list[Piece] = []
    depth_starts: list[int] = []
    for i, char in enumerate(text):
        if char in _STRAIGHT_MARKS:
            opens = i == 0 or text[i - 1] in _BEFORE_AN_OPENING_MARK
        elif char in _OPENING_MARKS or char in _CLOSING_MARKS:
            opens = char in _OPENING_MARKS
        else:
            continue
        if opens:
            depth_starts.append(i)
        elif depth_starts:
            first = depth_starts.pop()
            if not depth_starts:
                found.append((offset + first, offset + i + 1))
    return tuple(found)


def default_pieces(kind: str, start: int, end: int, content: str) -> tuple[Piece, ...]:
    """The pieces of a quote nobody has cut yet: none for indirect speech, the marked stretches of the
    content when it has any, else the whole content (an editor's selection of the spoken words)."""
    if kind == "indirect":
        return ()
    return marked_stretches(content, start) or ((start, end),)


def verbatim_words(content: str, start: int, pieces: Sequence[Sequence[int]]) -> str:
    """What the person said: each piece's words without their enclosing marks, joined with ` … `; the
    content's words for a quote without pieces (indirect speech)."""
    if not pieces:
        return strip_quote_marks(content)
    # A comma before the closing mark is the writer's punctuation ("We are ready," she said), not speech
    words = (_piece_words(content[s - start : e - start]).rstrip(",").rstrip() for s, e in pieces)
    return PIECE_SEPARATOR.join(words)


# Marks that cannot be an apostrophe, so one alone at a piece's edge is the piece's own
_LONE_EDGE_MARKS = frozenset('"“”„‟«»‹›「」『』〝〞〟＂')


def _piece_words(piece: str) -> str:
    """A piece's words: its enclosing marks removed, and a lone one at its edge too, since a piece is one quoted
    stretch whose partner mark the article lost ("... quite absurd. “" closed with an opening glyph)."""
    words = strip_quote_marks(piece)
    if words != piece.strip():
        return words
    if words[:1] in _LONE_EDGE_MARKS:
        words = words[1:].lstrip()
    if words[-1:] in _LONE_EDGE_MARKS:
        words = words[:-1].rstrip()
    return words
