"""The speaker picker's search (store.people.find_speakers), on SQLite and PostgreSQL: any part of a name or an
alias, case and accents aside, the article's people first, names the article gives that are nobody yet."""

from __future__ import annotations

from annotator.nlp.types import Annotations, EntitySpan
from annotator.store import NewArticle, Store

TEXT = "Mark Zuckerberg spoke. Later Zuckerberg said more. José Ortega and Denmark's envoy listened."


def names(store: Store, text: str, article_id: int | None = None) -> list[tuple[str, bool, bool]]:
    """(name, is a person already, named in the article) of each row, in order."""
    return [
        (c.name, c.person is not None, c.in_article) for c in store.people.find_speakers(text, article_id=article_id)
    ]


def article_with_mentions(store: Store) -> int:
    article, _ = store.articles.add_article(NewArticle(title="Meta", text=TEXT, outlet="Daily"), user="ana")
    entities = []
    for name in ("Mark Zuckerberg", "Zuckerberg", "José Ortega"):
        start = TEXT.index(name, 10 if name == "Zuckerberg" else 0)
        entities.append(EntitySpan(start, start + len(name), "PERSON", name))
    store.articles.save_annotations(
        article.id, Annotations(entities=tuple(entities), quotes=(), model="m"), user="model"
    )
    return article.id


def test_any_part_of_a_name_or_an_alias_finds_the_person(store: Store) -> None:
    store.people.find_or_create_person("Mark Zuckerberg", user="ana", aliases=["the Meta boss"])
    store.people.find_or_create_person("Nick Clegg", user="ana")
    for typed in ("zuck", "Mark", "ZUCKERBERG", "mark zuck", "meta boss"):
        assert names(store, typed) == [("Mark Zuckerberg", True, False)], typed
    assert names(store, "nobody") == []


def test_accents_and_case_are_folded_both_ways(store: Store) -> None:
    store.people.find_or_create_person("José Ortega", user="ana")
    store.people.find_or_create_person("Élise Durand", user="ana")
    assert names(store, "jose") == [("José Ortega", True, False)]
    assert names(store, "JOSÉ ort") == [("José Ortega", True, False)]
    assert names(store, "élise") == [("Élise Durand", True, False)]


def test_apostrophes_and_hyphens_are_folded_too(store: Store) -> None:
    store.people.find_or_create_person("Máire O'Neill", user="ana")
    store.people.find_or_create_person("Jean-Marc Ayrault", user="ana")
    assert names(store, "o'neill") == [("Máire O'Neill", True, False)]
    assert names(store, "O’Neill") == [("Máire O'Neill", True, False)]
    assert names(store, "jean marc") == [("Jean-Marc Ayrault", True, False)]


def test_a_word_that_starts_as_typed_ranks_first(store: Store) -> None:
    store.people.find_or_create_person("Lars Denmarkson", user="ana")
    store.people.find_or_create_person("Mark Zuckerberg", user="ana")
    assert [n for n, _, _ in names(store, "mark")] == ["Mark Zuckerberg", "Lars Denmarkson"]


def test_the_article_names_come_first_even_before_they_are_people(store: Store) -> None:
    store.people.find_or_create_person("Mark Twain", user="ana")
    article_id = article_with_mentions(store)
    # the article's Mark Zuckerberg is nobody yet; the surname alone is not offered beside the full name
    assert names(store, "mark", article_id) == [("Mark Zuckerberg", False, True), ("Mark Twain", True, False)]
    assert names(store, "zuck", article_id) == [("Mark Zuckerberg", False, True)]
    assert names(store, "", article_id)[:2] == [("José Ortega", False, True), ("Mark Zuckerberg", False, True)]


def test_an_article_name_that_is_a_known_alias_is_that_person(store: Store) -> None:
    person = store.people.find_or_create_person("Mark Elliot Zuckerberg", user="ana", aliases=["Mark Zuckerberg"])
    article_id = article_with_mentions(store)
    [first] = store.people.find_speakers("zuck", article_id=article_id)
    assert (first.person is not None and first.person.id, first.in_article) == (person.id, True)
