"""speakers.py on its own: names, honorifics, genders and the pronoun sieve, no spaCy."""

from __future__ import annotations

from annotator.nlp.speakers import PersonIndex, gender_of, name_tokens
from annotator.nlp.types import KnownPerson


def test_name_tokens_drop_titles_possessives_and_suffixes_but_keep_a_lone_surname():
    assert name_tokens("Mr. Zuckerberg's") == ["Zuckerberg"]
    assert name_tokens("President Donald Trump") == ["Donald", "Trump"]
    assert name_tokens("Donald Trump Jr.") == ["Donald", "Trump"]
    assert name_tokens("King") == ["King"]
    assert name_tokens("Mr. King") == ["King"]


def test_gender_from_honorific_or_given_name():
    assert gender_of("Mr Zuckerberg") == "m"
    assert gender_of("Ms. Moore") == "f"
    assert gender_of("Hillary Clinton") == "f"
    assert gender_of("Nick Clegg") == "m"
    assert gender_of("Zuckerberg") is None


def make_index(known=()):
    index = PersonIndex(known)
    # (start, end, text, inside a quote, subject of its clause)
    index.add_names(
        [
            (40, 50, "Zuckerberg", False, True),
            (0, 15, "Mark Zuckerberg", False, True),
            (60, 77, "Hillary Clinton", False, False),
            (100, 110, "Mr Zuckerberg", False, True),
            (120, 126, "Trump", True, False),
        ]
    )
    return index


def test_surnames_and_honorifics_resolve_to_the_fullest_earliest_name():
    index = make_index()
    assert index.canonical_name("Zuckerberg") == "Mark Zuckerberg"
    assert index.canonical_name("Mr Zuckerberg") == "Mark Zuckerberg"
    assert index.canonical_name("Mark") == "Mark Zuckerberg"
    assert index.canonical_name("Clinton") == "Hillary Clinton"
    assert index.canonical_name("Jane Zuckerberg") is None


def test_pronoun_sieve_takes_the_nearest_compatible_person():
    index = make_index()
    she = index.resolve_pronoun(90, "she")
    assert she is not None and index.people[she.person].canonical == "Hillary Clinton"
    he = index.resolve_pronoun(130, "he")
    # Trump is nearer but only mentioned inside a quote; the subject Mr Zuckerberg wins.
    assert he is not None and index.people[he.person].canonical == "Mark Zuckerberg"


def test_a_known_person_gives_the_confirmed_name():
    index = PersonIndex([KnownPerson("Mark Elliot Zuckerberg", aliases=("Zuck",))])
    index.add_names([(0, 10, "Zuckerberg", False, True)])
    assert index.canonical_name("Zuckerberg") == "Mark Elliot Zuckerberg"
    assert index.canonical_name("Zuck") == "Mark Elliot Zuckerberg"


def test_a_shared_surname_alone_goes_to_the_person_named_most():
    index = PersonIndex()
    index.add_names(
        [
            (0, 13, "Melania Trump", False, True),
            (50, 62, "Donald Trump", False, True),
            (90, 102, "Donald Trump", False, False),
            (120, 125, "Trump", False, True),
        ]
    )
    assert index.canonical_name("Trump") == "Donald Trump"
    assert index.canonical_name("Mrs. Melania Trump") == "Melania Trump"
