"""Properties that hold for any text, however broken its quote marks and apostrophes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.nlp import QuoteGuess, annotate
from annotator.nlp.quotes import find_quote_spans

MARKS = ['"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "''"]
PIECES = [
    *MARKS,
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    ",",
    ".",
    ":",
    "?",
    " - ",
    "said",
    "says",
    "told",
    "wrote",
    "according to",
    "he",
    "she",
    "Mr",
    "Dr.",
    "Clegg",
    "Nick Clegg",
    "Mark Zuckerberg",
    "Axios",
    "the company",
    "don't",
    "Jones'",
    "'90s",
    "rock 'n' roll",
    "that",
    "it was",
    "very keen",
    "in a Facebook post",
    "\U0001f600",
    "\u00e9t\u00e9",
]
article_like = st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join) | st.lists(
    st.sampled_from(PIECES), max_size=60
).map("".join)
any_text = st.text(
    alphabet=st.sampled_from([*(m for m in MARKS if len(m) == 1), "a", "B", " ", "\n", ".", ",", "s", "\u2014"]),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(article_like | any_text)
def test_scanner_spans_are_in_bounds_sorted_and_disjoint(text):
    spans = find_quote_spans(text)
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end
        assert 0.0 < span.confidence <= 1.0
        previous_end = span.end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=article_like | any_text)
def test_annotate_never_raises_and_every_span_points_into_the_text(nlp, text):
    annotations = annotate(text, nlp=nlp)
    previous_end = 0
    for quote in sorted(annotations.quotes, key=lambda q: q.start):
        assert 0 <= quote.start < quote.end <= len(text)
        assert quote.start >= previous_end, "quotes overlap"
        previous_end = quote.end
        assert quote.text == text[quote.start : quote.end]
        assert 0.0 <= quote.confidence <= 1.0
        assert quote.kind in ("direct", "partial", "indirect")
        for part in (quote.cue, quote.venue, quote.speaker):
            if part is not None:
                assert 0 <= part.start <= part.end <= len(text)
                assert part.text == text[part.start : part.end]
        assert_pieces_are_verbatim_stretches_of_the_content(text, quote)
    for phrase in annotations.phrases:
        assert 0 <= phrase.start < phrase.end <= len(text)
        assert phrase.text == text[phrase.start : phrase.end]
        pieces = [p for q in annotations.quotes for p in q.pieces]
        assert not any(p.start < phrase.end and phrase.start < p.end for p in pieces), "a phrase is also a quote"
    for entity in annotations.entities:
        assert entity.text == text[entity.start : entity.end]


def assert_pieces_are_verbatim_stretches_of_the_content(text: str, quote: QuoteGuess) -> None:
    """Pieces: in bounds, sorted, disjoint, inside the content span, never holding the cue or the speaker;
    indirect speech has none."""
    if quote.kind == "indirect":
        assert quote.pieces == ()
        return
    assert quote.pieces, "a direct or partial quote with no verbatim piece"
    previous_end = quote.start
    for piece in quote.pieces:
        assert quote.start <= previous_end <= piece.start < piece.end <= quote.end
        assert piece.text == text[piece.start : piece.end]
        assert piece.text == piece.text.strip()
        for part in (quote.cue, quote.speaker):
            if part is not None and part.end > part.start:
                assert part.end <= piece.start or piece.end <= part.start, "the cue or speaker inside a piece"
        previous_end = piece.end
