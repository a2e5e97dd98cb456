"""Properties that hold for any text, however broken its quote marks and apostrophes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.nlp import annotate
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
    for entity in annotations.entities:
        assert entity.text == text[entity.start : entity.end]
