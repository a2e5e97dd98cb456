"""What a quote is: its verbatim pieces, apart from the attribution around them, and quoted phrases that are
not quotes. Short texts written for these tests."""

from __future__ import annotations

import pytest

from annotator.nlp import Annotations, QuoteGuess, annotate


@pytest.fixture
def read(nlp):
    def annotate_text(text: str) -> Annotations:
        return annotate(text, nlp=nlp)

    return annotate_text


def only_quote(annotations: Annotations) -> QuoteGuess:
    (quote,) = [q for q in annotations.quotes if q.kind != "indirect"]
    return quote


def piece_texts(quote: QuoteGuess) -> list[str]:
    return [p.text for p in quote.pieces]


def test_a_quote_split_by_its_attribution_is_one_quote_in_two_pieces(read):
    text = '"The bridge opens in May," the mayor said. "Nobody will pay a toll."'
    quote = only_quote(read(text))
    assert piece_texts(quote) == ['"The bridge opens in May,"', '"Nobody will pay a toll."']
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.speaker is not None and quote.speaker.text == "the mayor"
    assert (quote.start, quote.end) == (0, len(text))  # the content runs from the first piece to the last


def test_a_cue_between_the_pieces_of_one_sentence_is_in_neither(read):
    text = '"If the rain stops," Dr. Ana Ruiz said, "the match will go ahead tonight."'
    quote = only_quote(read(text))
    assert piece_texts(quote) == ['"If the rain stops,"', '"the match will go ahead tonight."']
    assert quote.speaker is not None and quote.speaker.name == "Ana Ruiz"


def test_a_partial_quote_has_the_quoted_words_as_its_piece_and_the_clause_as_its_content(read):
    text = 'The minister said that "the talks are clearly at an early stage." Nothing was signed.'
    quote = only_quote(read(text))
    assert quote.kind == "partial"
    assert piece_texts(quote) == ['"the talks are clearly at an early stage."']
    assert quote.text.startswith("that ") and quote.text.endswith('stage."')


def test_two_quoted_stretches_in_one_reported_clause_are_two_pieces_of_one_quote(read):
    text = 'The senator called the bill "reckless" and "a gift to lobbyists," aides said on Monday.'
    quotes = [q for q in read(text).quotes if q.kind != "indirect"]
    pieces = [p.text for q in quotes for p in q.pieces]
    assert pieces == ['"reckless"', '"a gift to lobbyists,"']
    assert all(q.speaker is not None for q in quotes)


def test_a_stray_mark_after_the_attribution_does_not_take_the_writers_next_paragraph(read):
    text = '"We will win on Sunday," the coach said. "\nThe team lost by three goals. Fans went home early.'
    quote = only_quote(read(text))
    assert piece_texts(quote) == ['"We will win on Sunday,"']
    assert "The team lost" not in quote.text


def test_a_quote_over_two_paragraphs_that_reopens_its_mark_is_one_piece(read):
    text = (
        "The mayor spoke for an hour.\n\n"
        "\u201cThe plan is sound and the money is there.\n\n"
        "\u201cWe start building on Monday,\u201d she said."
    )
    quote = only_quote(read(text))
    start = text.index("\u201cThe plan")
    end = text.index(" she said")
    assert piece_texts(quote) == [text[start:end]]
    assert quote.cue is not None and quote.cue.text == "said"


def test_scare_quotes_titles_labels_and_lists_are_phrases_not_quotes(read):
    text = (
        'The council\'s new "efficiency" drive closed two libraries. '
        'The film "Night Train to Leeds" opens on Friday. '
        'A group called "Parents for Parks" met on Monday. '
        'Voters ranked "jobs," "rent" and "schools" as their worries.'
    )
    annotations = read(text)
    assert [q for q in annotations.quotes if q.kind != "indirect"] == []
    assert [p.text for p in annotations.phrases] == [
        '"efficiency"',
        '"Night Train to Leeds"',
        '"Parents for Parks"',
        '"jobs,"',
        '"rent"',
        '"schools"',
    ]


def test_a_quoted_sentence_with_no_source_stays_a_quote_for_the_editor(read):
    text = 'The letter was left on the desk.\n\n"We are closing the factory and nobody will be paid."'
    annotations = read(text)
    quote = only_quote(annotations)
    assert quote.speaker is None and quote.confidence <= 0.35
    assert annotations.phrases == ()


def test_a_characterising_verb_with_a_source_keeps_its_quote(read):
    text = 'The mayor described the plan as "a disaster in the making."'
    quote = only_quote(read(text))
    assert quote.kind == "partial"
    assert piece_texts(quote) == ['"a disaster in the making."']
    assert quote.speaker is not None and quote.speaker.text == "The mayor"


def test_nicknames_and_programme_titles_are_phrases(read):
    text = (
        'The minister, nicknamed "The Bulldozer" at school, was late. '
        'He spoke on "Morning Hour" about the budget, and said the plan was "done."'
    )
    annotations = read(text)
    assert [p.text for p in annotations.phrases] == ['"The Bulldozer"', '"Morning Hour"']
    assert [p.text for q in annotations.quotes for p in q.pieces] == ['"done."']


def test_the_content_leaves_out_its_own_source_and_cue_at_its_edge(read):
    text = "They debated what the mayor says the budget would do."
    (quote,) = read(text).quotes
    assert quote.kind == "indirect" and quote.pieces == ()
    assert quote.text == "the budget would do"
    assert quote.cue is not None and quote.cue.end <= quote.start


def test_pieces_and_phrases_keep_their_offsets_in_a_text_annotated_in_parts(nlp):
    paragraph = (
        'The council\'s "efficiency" drive closed a library.\n\n'
        '"We will not give in," Nick Clegg said. "Not this year."\n\n'
    )
    text = paragraph * 30
    saved = nlp.max_length
    nlp.max_length = 1500
    try:
        parts = annotate(text, nlp=nlp)
    finally:
        nlp.max_length = saved
    assert [p.text for q in parts.quotes for p in q.pieces] == ['"We will not give in,"', '"Not this year."'] * 30
    assert all(text[p.start : p.end] == p.text for q in parts.quotes for p in q.pieces)
    assert [text[p.start : p.end] for p in parts.phrases] == ['"efficiency"'] * 30


def test_a_title_with_no_source_is_a_phrase_even_next_to_a_speech_verb(read):
    text = (
        'Its best song is "Night Train to Leeds," written in 1998 for a film.\n\n'
        'Fans sang "Rain on the Moor," said to be written on a train.'
    )
    annotations = read(text)
    assert [q for q in annotations.quotes if q.kind != "indirect"] == []
    assert [p.text for p in annotations.phrases] == ['"Night Train to Leeds,"', '"Rain on the Moor,"']
