"""The "clean quote" check an editor sees before confirming, and the trim-to-marks fix (no spaCy)."""

from __future__ import annotations

from annotator.nlp.quote_checks import piece_words, quote_problems, trim_to_marks


def span_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def kinds(problems) -> list[str]:
    return [p.kind for p in problems]


def test_a_clean_split_quote_has_no_problem():
    text = '"The bridge opens in May," the mayor said. "Nobody will pay a toll."'
    first, second = span_of(text, '"The bridge opens in May,"'), span_of(text, '"Nobody will pay a toll."')
    problems = quote_problems(
        text,
        start=0,
        end=len(text),
        pieces=[first, second],
        kind="direct",
        cue=span_of(text, "said"),
        speaker=span_of(text, "the mayor"),
    )
    assert problems == []


def test_a_piece_holding_its_own_cue_and_speaker_is_flagged():
    text = '"The bridge opens in May," the mayor said. "Nobody will pay a toll."'
    whole = (0, len(text))
    problems = quote_problems(
        text,
        start=0,
        end=len(text),
        pieces=[whole],
        kind="direct",
        cue=span_of(text, "said"),
        speaker=span_of(text, "the mayor"),
    )
    assert kinds(problems) == ["cue_inside", "speaker_inside", "words_outside_marks"]
    assert all((p.start, p.end) == whole for p in problems)
    assert problems[0].message == "the piece holds its own cue"


def test_words_outside_the_marks_of_a_direct_piece_are_flagged():
    text = 'The council said that "rents will fall" next year.'
    piece = span_of(text, 'that "rents will fall" next')
    assert kinds(quote_problems(text, start=piece[0], end=piece[1], pieces=[piece], kind="direct")) == [
        "words_outside_marks"
    ]


def test_punctuation_after_the_closing_mark_is_not_a_word_outside():
    text = 'She called the plan "a fair deal". Then she left.'
    piece = span_of(text, '"a fair deal".')
    assert quote_problems(text, start=piece[0], end=piece[1], pieces=[piece], kind="partial") == []


def test_an_unclosed_and_an_unopened_mark_are_flagged():
    text = "\u201cWe will build it, the engineer said.\nWe start on Monday. \u201c"
    unclosed = span_of(text, "\u201cWe will build it, the engineer said.")
    unopened = span_of(text, "We start on Monday. \u201c")
    problems = quote_problems(text, start=0, end=len(text), pieces=[unclosed, unopened], kind="direct")
    assert ("unbalanced_mark", *unclosed) in [(p.kind, p.start, p.end) for p in problems]
    assert ("unbalanced_mark", *unopened) in [(p.kind, p.start, p.end) for p in problems]
    assert ("words_outside_marks", *unopened) in [(p.kind, p.start, p.end) for p in problems]


def test_nested_quotes_apostrophes_and_a_quote_over_paragraphs_are_balanced():
    text = (
        "\u201cHe told me \u2018don\u2019t worry\u2019 and the Jones\u2019 dog barked.\n"
        '\u201cIt was the "best" day of the \u201990s,\u201d she said.'
    )
    piece = span_of(text, text[: text.index(" she said")])
    assert quote_problems(text, start=0, end=len(text), pieces=[piece], kind="direct") == []


def test_a_quote_nested_in_the_same_glyph_is_balanced_and_a_stray_opening_is_not():
    nested = "\u201cI would rather live in what he calls \u201chell\u201d than anywhere else.\u201d"
    assert quote_problems(nested, start=0, end=len(nested), pieces=[(0, len(nested))], kind="direct") == []
    stray = "\u201cWe will build it, he said. \u201cIt opens in May.\u201d"
    assert kinds(quote_problems(stray, start=0, end=len(stray), pieces=[(0, len(stray))], kind="direct")) == [
        "unbalanced_mark"
    ]


def test_british_single_marks_and_archive_double_apostrophes_are_marks_too():
    single = "'We will not move,' the minister said."
    piece = span_of(single, "'We will not move,'")
    assert quote_problems(single, start=0, end=piece[1], pieces=[piece], kind="direct") == []
    archive = "''It is settled,'' he said."
    piece = span_of(archive, "''It is settled,''")
    assert quote_problems(archive, start=0, end=piece[1], pieces=[piece], kind="direct") == []


def test_indirect_speech_has_no_marks_to_check():
    text = "The mayor said the bridge would open in May."
    content = span_of(text, "the bridge would open in May")
    assert quote_problems(text, start=content[0], end=content[1], pieces=[], kind="indirect") == []


def test_a_quote_given_no_pieces_is_checked_as_one_piece():
    text = 'He said the plan was "dead".'
    content = span_of(text, 'the plan was "dead"')
    assert kinds(quote_problems(text, start=content[0], end=content[1], pieces=[], kind="partial")) == [
        "words_outside_marks"
    ]


def test_trim_to_marks_cuts_a_piece_back_to_its_outermost_marks():
    text = 'The mayor said that "the bridge opens in May" and left.'
    start, end = span_of(text, 'that "the bridge opens in May" and')
    assert text[slice(*trim_to_marks(text, start, end))] == '"the bridge opens in May"'


def test_trim_to_marks_keeps_a_side_that_has_no_mark():
    text = "It was late. We start on Monday. \u201c"
    start, end = span_of(text, "We start on Monday. \u201c")
    assert trim_to_marks(text, start, end) == (start, end)
    opened = "\u201cWe start on Monday, he said"
    start, end = span_of(opened, "\u201cWe start on Monday,")
    assert trim_to_marks(opened, start, end + 8) == (0, end + 8)


def test_trim_to_marks_leaves_apostrophes_and_a_piece_with_no_mark_alone():
    text = "  the Jones' house  "
    assert trim_to_marks(text, 0, len(text)) == (2, len(text) - 2)
    quoted = "They said \u2018it\u2019s done\u2019, twice."
    start, end = span_of(quoted, "said \u2018it\u2019s done\u2019, twice")
    assert quoted[slice(*trim_to_marks(quoted, start, end))] == "\u2018it\u2019s done\u2019"


def test_trim_to_marks_keeps_the_end_of_a_last_stretch_left_open():
    text = 'He said "yes" and "no, never'
    start, end = span_of(text, 'said "yes" and "no, never')
    assert text[slice(*trim_to_marks(text, start, end))] == '"yes" and "no, never'


def test_piece_words_drop_the_enclosing_marks_even_a_lone_one():
    text = "\u201cIt is done,\u201d he said. It was hard work. \u201c\nNext 'em all."
    first = span_of(text, "\u201cIt is done,\u201d")
    unopened = span_of(text, "It was hard work. \u201c")
    assert piece_words(text, *first) == "It is done,"
    assert piece_words(text, *unopened) == "It was hard work."
    assert piece_words(text, *span_of(text, "'em all.")) == "'em all."
    nested = "She said \"we call it 'the deal'\" twice."
    assert piece_words(nested, *span_of(nested, "\"we call it 'the deal'\"")) == "we call it 'the deal'"
