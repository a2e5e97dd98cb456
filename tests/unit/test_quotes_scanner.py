"""quotes.py on its own: no spaCy."""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import Role, classify_mark, find_quote_spans, scan_quotes


def quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text)]


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("I don't know.", 5),
        ("Jones' house is big.", 5),
        ("Back in the '90s it was cheap.", 12),
        ("They played rock 'n' roll all night.", 17),
        ("They played rock 'n' roll all night.", 19),
        ("O'Brien said so.", 1),
        ("Let 'em in.", 4),
    ],
)
def test_apostrophes_are_not_quote_marks(text, position):
    assert classify_mark(text, position) in (Role.APOSTROPHE, Role.EITHER)
    assert quoted(text) == []


def test_british_single_marks_are_quotes_and_apostrophes_inside_them_are_not():
    text = (
        "Mark Zuckerberg said the rhetoric was 'problematic.'\n\n"
        "'I don't think it's right, and I've told him so,' he told CBS' 'This Morning.'\n\n"
        "'We're going to block new ads,' he wrote."
    )
    result = scan_quotes(text)
    assert result.single_marks_are_quotes
    assert [text[s.start : s.end] for s in result.spans] == [
        "'problematic.'",
        "'I don't think it's right, and I've told him so,'",
        "'This Morning.'",
        "'We're going to block new ads,'",
    ]


def test_single_marks_in_an_american_article_are_only_nested_quotes():
    text = "He said, \"You say you 'accept responsibility,' but you don't.\" The players' union agreed."
    result = scan_quotes(text)
    assert not result.single_marks_are_quotes
    assert quoted(text) == ["\"You say you 'accept responsibility,' but you don't.\""]


def test_curly_and_straight_double_marks():
    text = '“Keen,” she said. "Very keen," he said.'
    assert quoted(text) == ["“Keen,”", '"Very keen,"']


def test_a_quote_over_several_paragraphs_closes_only_at_the_end():
    text = '"First paragraph of the statement.\n\n"Second paragraph.\n\n"Third and last," she said.\n\nAfter.'
    spans = find_quote_spans(text)
    assert len(spans) == 1
    assert text[spans[0].start : spans[0].end] == text[: text.index('," she') + 2]
    assert "multi_paragraph" in spans[0].flags


def test_guillemets_both_ways():
    assert quoted("Il a dit « c'est fini » hier.") == ["« c'est fini »"]
    assert quoted("Er sagte »es ist vorbei« gestern.") == ["»es ist vorbei«"]


def test_a_stray_mark_does_not_sink_the_rest():
    text = 'She said "this never closes.\n\nThen "a proper quote," he said, and "another one."'
    spans = find_quote_spans(text)
    texts = [text[s.start : s.end] for s in spans]
    assert '"a proper quote,"' in texts and '"another one."' in texts
    doubtful = [s for s in spans if "unclosed" in s.flags]
    assert doubtful and all(s.confidence < 0.5 for s in doubtful)
    assert all(s.confidence == 1.0 for s in spans if not s.flags)


def test_an_opening_mark_used_to_close_is_read_from_its_context():
    # Machine-translated text closes quotes with an opening curly mark at the end of the paragraph.
    text = "“No deal of any kind,” he told Axios. In fact, the idea is absurd. “\n\nNext paragraph."
    texts = quoted(text)
    assert texts[0] == "“No deal of any kind,”"
    assert texts[1] == "In fact, the idea is absurd. “"
    assert [s.confidence for s in find_quote_spans(text)][1] < 0.5


def test_a_lone_mark_with_nothing_before_it_is_ignored():
    text = "“I talk to the president,” he said. “\n\nBACKGROUND: more text."
    assert quoted(text) == ["“I talk to the president,”"]


def test_doubled_apostrophes_used_as_double_marks():
    text = "''This isn't tax reform,'' he said. ''It's anti-reform.''"
    assert quoted(text) == ["''This isn't tax reform,''", "''It's anti-reform.''"]


def test_mixed_glyphs_pair_and_nest():
    text = '"The issue: “As you know, is it fine?” Yes," he said.'
    assert quoted(text) == ['"The issue: “As you know, is it fine?” Yes,"']


def test_empty_and_markless_text():
    assert quoted("") == []
    assert quoted("No quotes at all here.") == []


def test_a_quote_nested_in_the_same_curly_glyph_stays_one_quote():
    text = "\u201cI would rather live in what he calls \u201chell\u201d than see him win,\u201d one reader wrote."
    assert quoted(text) == ["\u201cI would rather live in what he calls \u201chell\u201d than see him win,\u201d"]


def test_a_paragraph_opening_with_the_other_glyph_starts_a_new_quote():
    text = '"The crowd was loud that night.\n\n\u201cHere he comes,\u201d she said.'
    assert quoted(text) == ['"The crowd was loud that night.', "\u201cHere he comes,\u201d"]


def test_a_paragraph_reopening_the_same_glyph_goes_on_with_the_quote():
    text = "\u201cThe plan is sound.\n\n\u201cWe start on Monday,\u201d the mayor said."
    assert quoted(text) == ["\u201cThe plan is sound.\n\n\u201cWe start on Monday,\u201d"]


def test_an_inch_sign_is_not_a_quote_mark():
    text = "The letter says the candidate is 6'3\" and weighs 236 pounds."
    assert quoted(text) == []
