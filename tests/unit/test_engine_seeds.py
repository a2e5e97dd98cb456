"""The engine against a hand-written reading of the three seed articles (tests/data/seeds_expected.json)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.nlp import Annotations, QuoteGuess, annotate
from annotator.nlp.quote_checks import piece_words, quote_problems
from annotator.pieces import verbatim_words

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = json.loads((ROOT / "tests" / "data" / "seeds_expected.json").read_text(encoding="utf-8"))
SEED_NAMES = sorted(name for name in EXPECTED if not name.startswith("_"))


def strip_front_matter(text: str) -> str:
    """Everything up to and including the second `---` line goes."""
    match = re.match(r"---[^\n]*\n.*?\n---[^\n]*\n", text, re.DOTALL)
    return text[match.end() :] if match else text


def seed_text(name: str) -> str:
    return strip_front_matter((ROOT / "seeds" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def annotated(nlp) -> dict[str, tuple[str, Annotations]]:
    return {name: (seed_text(name), annotate(seed_text(name), nlp=nlp)) for name in SEED_NAMES}


def locate(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        assert start >= 0, f"expectation not in the article: {quote!r}"
    return start, start + len(quote)


def best_match(quotes: tuple[QuoteGuess, ...], start: int, end: int) -> QuoteGuess | None:
    overlapping = [(min(end, q.end) - max(start, q.start), q) for q in quotes]
    covering = [(overlap, q) for overlap, q in overlapping if overlap >= 0.5 * (end - start)]
    return max(covering, key=lambda item: item[0])[1] if covering else None


def required_cases():
    for name in SEED_NAMES:
        for index, expected in enumerate(EXPECTED[name]):
            if expected.get("required", True):
                yield pytest.param(name, expected, id=f"{name[:3]}-{index}-{expected['quote'][:30]}")


@pytest.mark.parametrize(("name", "expected"), list(required_cases()))
def test_every_expected_quote_is_found_with_its_speaker_cue_and_venue(annotated, name, expected):
    text, annotations = annotated[name]
    start, end = locate(text, expected["quote"], expected.get("occurrence", 1))
    quote = best_match(annotations.quotes, start, end)
    assert quote is not None, f"no suggestion covers {expected['quote']!r}"
    assert quote.text == text[quote.start : quote.end]
    assert quote.kind in expected["kinds"]
    assert 0.0 <= quote.confidence <= 1.0
    if expected.get("headline"):
        assert quote.confidence < 0.5, "a headline quote is only a weak suggestion"
    if "speaker" in expected and "engine_limit" not in expected:
        assert quote.speaker is not None
        assert quote.speaker.name == expected["speaker"]
    if "speaker_text" in expected:
        assert quote.speaker is not None
        assert expected["speaker_text"] in quote.speaker.text
    if quote.speaker is not None:
        assert text[quote.speaker.start : quote.speaker.end] == quote.speaker.text
    if "cue" in expected:
        assert quote.cue is not None and quote.cue.text == expected["cue"]
    if "venue" in expected:
        assert quote.venue is not None and expected["venue"] in quote.venue.text
    if "pieces" in expected:
        found = [piece.text for piece in quote.pieces]
        assert [p for p in found if p in expected["pieces"]] == expected["pieces"], "a verbatim piece is missing"
        assert set(found) <= {*expected["pieces"], *expected.get("may_pieces", [])}, "a piece a reader would not cut"


@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_seed_quote_piece_holds_its_own_cue_or_speaker_or_a_stray_mark(annotated, name):
    text, annotations = annotated[name]
    for quote in annotations.quotes:
        if quote.kind == "indirect":
            assert quote.pieces == ()
            continue
        assert quote.pieces, f"a quote with no verbatim words: {quote.text!r}"
        cue = (quote.cue.start, quote.cue.end) if quote.cue else None
        speaker = (quote.speaker.start, quote.speaker.end) if quote.speaker else None
        pieces = [(p.start, p.end) for p in quote.pieces]
        problems = quote_problems(
            text, start=quote.start, end=quote.end, pieces=pieces, kind=quote.kind, cue=cue, speaker=speaker
        )
        assert not [p for p in problems if p.kind in ("cue_inside", "speaker_inside")], quote.text
        for piece in quote.pieces:
            assert quote.start <= piece.start < piece.end <= quote.end
            words = piece_words(text, piece.start, piece.end)
            # The quote cell: no cue words, no mark left without its partner.
            if quote.speaker is not None and quote.cue is not None:
                assert f"{quote.speaker.text} {quote.cue.text}" not in words
                assert f"{quote.cue.text} {quote.speaker.text}" not in words
            cell = quote_problems(words, start=0, end=len(words), pieces=[(0, len(words))], kind="partial")
            assert "unbalanced_mark" not in [p.kind for p in cell], f"a stray mark in {words!r}"


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_phrases_are_the_ones_a_reader_lists_and_never_a_quote(annotated, name):
    _, annotations = annotated[name]
    assert [p.text for p in annotations.phrases] == EXPECTED["_phrases"][name]
    for phrase in annotations.phrases:
        assert not any(q.start < phrase.end and phrase.start < q.end for q in annotations.quotes)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_confident_suggestions_are_all_real_attributions(annotated, name):
    text, annotations = annotated[name]
    listed = [locate(text, e["quote"], e.get("occurrence", 1)) for e in EXPECTED[name]]
    for quote in annotations.quotes:
        if quote.confidence >= 0.5:
            assert any(min(e, quote.end) > max(s, quote.start) for s, e in listed), f"unexpected: {quote.text!r}"


def test_a_programme_title_after_told_is_the_venue_not_a_quote(annotated):
    name = "002_9073bab275802419.txt"
    text, annotations = annotated[name]
    for title in EXPECTED["_not_quotes"][name]:
        start, end = locate(text, title)
        assert not any(q.start == start and q.end == end for q in annotations.quotes)


def test_seed_001_mismatched_marks_do_not_swallow_the_next_paragraph(annotated):
    _, annotations = annotated["001_666d5d1eb64a0a1f.txt"]
    for quote in annotations.quotes:
        if quote.kind != "indirect":
            assert "\n" not in quote.text, f"a quote crossed a paragraph: {quote.text!r}"


def test_seed_001_broken_marks_give_two_pieces_with_the_attribution_in_neither(annotated):
    text, annotations = annotated["001_666d5d1eb64a0a1f.txt"]
    start, end = locate(text, "Zuckerberg told Axios.")
    (quote,) = [q for q in annotations.quotes if q.start < start and end < q.end]
    assert [piece_words(text, p.start, p.end) for p in quote.pieces] == [
        "I\u2019ve heard this kind of speculation, too, so let me be clear: there\u2019s no deal of any kind,",
        "In fact, the whole idea of a deal is quite absurd.",
    ]
    assert quote.cue is not None and quote.cue.text == "told"
    assert all(p.end <= start or end <= p.start for p in quote.pieces)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_exported_quote_cell_of_a_seed_holds_its_cue_speaker_or_a_stray_mark(annotated, name):
    _, annotations = annotated[name]
    for quote in annotations.quotes:
        if quote.kind == "indirect":
            continue
        cell = verbatim_words(quote.text, quote.start, [(p.start, p.end) for p in quote.pieces])
        if quote.cue is not None and quote.speaker is not None:
            for attribution in (f"{quote.speaker.text} {quote.cue.text}", f"{quote.cue.text} {quote.speaker.text}"):
                assert attribution not in cell
        for words in cell.split(" \u2026 "):
            problems = quote_problems(words, start=0, end=len(words), pieces=[(0, len(words))], kind="partial")
            assert "unbalanced_mark" not in [p.kind for p in problems], f"a stray mark in the cell {words!r}"


def test_a_piece_that_lost_its_partner_mark_exports_its_words_without_the_lone_mark():
    text = "\u201cIt is done,\u201d he said. It was hard work. \u201c"
    pieces = [(0, 13), (text.index("It was"), len(text))]
    assert verbatim_words(text, 0, pieces) == "It is done \u2026 It was hard work."
