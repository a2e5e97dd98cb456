"""What editors confirmed earlier helps the next article."""

from __future__ import annotations

from annotator.nlp import KnownPerson, annotate, annotate_many
from annotator.nlp.speakers import PersonIndex


def speaker_names(annotations):
    return [q.speaker.name if q.speaker else None for q in annotations.quotes]


def test_a_surname_alone_becomes_the_confirmed_full_name(nlp):
    text = 'The company will change course. "We overdid it a bit," Clegg said on Monday.'
    before = annotate(text, nlp=nlp)
    after = annotate(text, nlp=nlp, known_people=[KnownPerson("Nick Clegg", aliases=("Clegg", "Sir Nick"))])
    assert speaker_names(before) == ["Clegg"]
    assert speaker_names(after) == ["Nick Clegg"]


def test_a_nickname_the_parser_does_not_know_is_recognised_and_named(nlp):
    text = 'Investors were nervous. "We are very keen to play an active role," Zuck told reporters.'
    known = [KnownPerson("Mark Zuckerberg", aliases=("Zuck", "the Meta CEO"))]
    annotations = annotate(text, nlp=nlp, known_people=known)
    assert speaker_names(annotations) == ["Mark Zuckerberg"]
    assert any(e.label == "PERSON" and e.text == "Zuck" for e in annotations.entities)
    assert annotations.quotes[0].venue is not None and annotations.quotes[0].venue.text == "reporters"


def test_a_descriptive_alias_names_the_speaker(nlp):
    text = 'Shares rose on Tuesday. "Trust takes years," the Meta CEO said in an interview.'
    known = [KnownPerson("Mark Zuckerberg", aliases=("the Meta CEO",))]
    annotations = annotate(text, nlp=nlp, known_people=known)
    assert speaker_names(annotations) == ["Mark Zuckerberg"]


def test_known_people_do_not_rename_someone_else(nlp):
    text = '"It is fine," Jane Clegg said.'
    annotations = annotate(text, nlp=nlp, known_people=[KnownPerson("Nick Clegg")])
    assert speaker_names(annotations) == ["Jane Clegg"]


def test_surnames_honorifics_and_pronouns_resolve_to_the_earliest_fullest_name(nlp):
    text = (
        "Mark Zuckerberg met the president last week.\n\n"
        '"It went well," Mr Zuckerberg said. "We talked about AI."\n\n'
        '"There is no deal," he told Axios.\n\n'
        "Meta's president of global affairs, Nick Clegg, told journalists the talks were at a high level.\n\n"
        '"We will keep talking," Clegg said.'
    )
    annotations = annotate(text, nlp=nlp)
    by_text = {q.text: q for q in annotations.quotes}
    assert by_text['"It went well," Mr Zuckerberg said. "We talked about AI."'].speaker.name == "Mark Zuckerberg"
    no_deal = by_text['"There is no deal,"']
    assert (no_deal.speaker.text, no_deal.speaker.name) == ("he", "Mark Zuckerberg")
    assert no_deal.venue.text == "Axios"
    indirect = [q for q in annotations.quotes if q.kind == "indirect"]
    assert [q.speaker.name for q in indirect] == ["Nick Clegg"]
    assert indirect[0].text == "the talks were at a high level"
    assert by_text['"We will keep talking,"'].speaker.name == "Nick Clegg"


def test_she_skips_the_nearer_man(nlp):
    text = 'Hillary Clinton spoke after Donald Trump left the stage.\n\n"We have work to do," she said.'
    (quote,) = annotate(text, nlp=nlp).quotes
    assert quote.speaker.name == "Hillary Clinton"


def test_an_unattributed_quote_is_kept_with_low_confidence(nlp):
    text = 'The sign on the door read nothing.\n\n"Nobody knows who wrote this, and nobody will ever know."'
    annotations = annotate(text, nlp=nlp)
    (quote,) = [q for q in annotations.quotes if "Nobody knows" in q.text]
    assert quote.speaker is None
    assert quote.confidence < 0.5


def test_an_unattributed_short_phrase_is_a_quoted_phrase_not_a_quote(nlp):
    text = 'The sign on the door read nothing. Later, "nobody knows" appeared in the margin.'
    annotations = annotate(text, nlp=nlp)
    assert not [q for q in annotations.quotes if "nobody knows" in q.text]
    assert [p.text for p in annotations.phrases] == ['"nobody knows"']


def test_it_names_the_organisation_that_spoke_before(nlp):
    text = (
        "The Commission on Presidential Debates said on Friday that the audio had been checked twice.\n\n"
        '"There were issues regarding the sound level in the hall," it added.'
    )
    quote = next(q for q in annotate(text, nlp=nlp).quotes if q.kind == "direct")
    assert (quote.speaker.text, quote.speaker.name) == ("it", "Commission on Presidential Debates")


def test_a_text_longer_than_the_pipeline_accepts_is_annotated_in_parts(nlp):
    paragraph = 'The minister spoke at length.\n\n"We will not give in," Nick Clegg said on Monday.\n\n'
    text = paragraph * 40
    whole = annotate(text, nlp=nlp)
    saved = nlp.max_length
    nlp.max_length = 1500
    try:
        parts = annotate(text, nlp=nlp)
        batched = list(annotate_many(["short one", text], nlp=nlp))
    finally:
        nlp.max_length = saved
    assert len(parts.quotes) == len(whole.quotes) == 40
    for quote in parts.quotes:
        assert quote.text == text[quote.start : quote.end] == '"We will not give in,"'
        assert quote.speaker.name == "Nick Clegg" and text[quote.speaker.start : quote.speaker.end] == "Nick Clegg"
    assert batched[1].quotes == parts.quotes


def test_two_people_confirmed_together_lend_their_surname_to_no_one():
    index = PersonIndex([KnownPerson("Ann Roy and Tom Hale", ("Roy and Hale",))])
    index.add_names([(0, 4, "Hale", False, True)])
    assert index.canonical_name("Hale") == "Hale"


def test_the_articles_headline_beats_a_confirmed_person_who_only_shares_the_surname(nlp):
    text = (
        "Governor Susan Whitfield Signs The New Water Law\n\n"
        "Whitfield signed the bill on Monday in front of farmers.\n\n"
        '"Every farm in this state will have the water it needs," Whitfield said.\n'
    )
    annotations = annotate(text, nlp=nlp, known_people=[KnownPerson("George Whitfield")])
    quote = next(q for q in annotations.quotes if "water it needs" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "Susan Whitfield"
