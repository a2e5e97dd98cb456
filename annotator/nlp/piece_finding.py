"""The verbatim pieces of an attribution: the quoted stretches, marks included, never the attribution itself.

`"A," she said. "B."` is one attribution with two pieces. The scanner's stretches are only the raw material:
a stretch whose mark was guessed can run into the writer's words, so each piece is clipped to the content
span, cut before its own cue or speaker, and trimmed of the spaces at its edges.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.nlp.types import TextSpan

Range = tuple[int, int]


def _strip(text: str, start: int, end: int) -> Range:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _has_words(text: str, start: int, end: int) -> bool:
    return any(char.isalnum() for char in text[start:end])


def _without(piece: Range, holes: Iterable[Range]) -> list[Range]:
    """`piece` minus every hole that overlaps it (the parts before and after)."""
    parts = [piece]
    for hole_start, hole_end in holes:
        if hole_end <= hole_start:
            continue
        kept = []
        for start, end in parts:
            if hole_end <= start or end <= hole_start:
                kept.append((start, end))
                continue
            if start < hole_start:
                kept.append((start, hole_start))
            if hole_end < end:
                kept.append((hole_end, end))
        parts = kept
    return parts


def attribution_pieces(
    text: str,
    stretches: Iterable[Range],
    content: Range,
    attribution_words: Iterable[Range] = (),
) -> tuple[TextSpan, ...]:
    """Sorted, disjoint pieces inside `content`, none holding any of `attribution_words` (cue, speaker).

    A stretch cut by its own cue keeps only the part before it: what follows a cue a scanner ran over is
    the writer's sentence ("... Zuckerberg told Axios. In fact ..."), and a real second piece has its own
    stretch."""
    holes = sorted(attribution_words)
    found: list[Range] = []
    for stretch_start, stretch_end in sorted(set(stretches)):
        start, end = max(stretch_start, content[0]), min(stretch_end, content[1])
        if end <= start:
            continue
        parts = _without((start, end), holes)
        if len(parts) > 1 or (parts and parts[0] != (start, end)):
            parts = parts[:1] if parts and parts[0][0] == start else []
        for part in parts:
            part = _strip(text, *part)
            if part[1] > part[0] and _has_words(text, *part) and (not found or found[-1][1] <= part[0]):
                found.append(part)
    return tuple(TextSpan(start, end, text[start:end]) for start, end in found)


def content_without_attribution(
    text: str, content: Range, pieces: Sequence[TextSpan], attribution_words: Iterable[Range]
) -> Range:
    """The content span with its own cue and source left out where they sit at its edge ("Cruz exhorted
    Republicans to "vote ..."" -> "Republicans to "vote ...""). Between two pieces they stay: `"A," she said.
    "B."` is one content, as attribution corpora annotate it."""
    start, end = content
    first_piece = pieces[0].start if pieces else end
    last_piece = pieces[-1].end if pieces else start
    for word_start, word_end in sorted(attribution_words):
        if not (start <= word_start and word_end <= end) or word_end <= word_start:
            continue
        if word_end <= first_piece:
            start = word_end
        elif word_start >= last_piece and word_start < end:
            end = word_start
    while start < end and (text[start].isspace() or text[start] in ",;:\u2014\u2013-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:\u2014\u2013-"):
        end -= 1
    if end <= start or (pieces and (start > first_piece or end < last_piece)):
        return content
    return start, end
