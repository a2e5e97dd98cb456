"""The store on a real SQLite file and a real PostgreSQL database (the `store` fixture runs both)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.nlp.types import Annotations, EntitySpan, QuoteGuess, SpeakerGuess, TextSpan
from annotator.records import ArticleFilter
from annotator.store import NewArticle, NotFound, QuoteConflict, Store, StoreError, content_hash, quote_state

TEXT = (
    'Mark Zuckerberg said on Thursday that "there is no deal of any kind." '
    'He added, "We are clear about it." Nick Clegg told journalists the company "overdid it a bit".'
)


def _span(fragment: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def _annotations(model: str = "test_pipeline 1.0") -> Annotations:
    q1 = _span('"there is no deal of any kind."')
    q2 = _span('"We are clear about it."')
    q3 = _span('"overdid it a bit"')
    return Annotations(
        entities=(
            EntitySpan(*_span("Mark Zuckerberg"), "PERSON", "Mark Zuckerberg"),
            EntitySpan(*_span("Nick Clegg"), "PERSON", "Nick Clegg"),
            EntitySpan(*_span("Thursday"), "DATE", "Thursday"),
        ),
        quotes=(
            QuoteGuess(
                *q1,
                text=TEXT[q1[0] : q1[1]],
                kind="direct",
                confidence=0.93,
                cue=TextSpan(*_span("said"), "said"),
                speaker=SpeakerGuess("Mark Zuckerberg", *_span("Mark Zuckerberg"), "Mark Zuckerberg"),
            ),
            QuoteGuess(
                *q2,
                text=TEXT[q2[0] : q2[1]],
                kind="direct",
                confidence=0.8,
                cue=TextSpan(*_span("added"), "added"),
                speaker=SpeakerGuess("Mark Zuckerberg", *_span("He"), "He"),
            ),
            QuoteGuess(
                *q3,
                text=TEXT[q3[0] : q3[1]],
                kind="partial",
                confidence=0.7,
                cue=TextSpan(*_span("told"), "told"),
                speaker=SpeakerGuess("Nick Clegg", *_span("Nick Clegg"), "Nick Clegg"),
                venue=TextSpan(*_span("journalists"), "journalists"),
            ),
        ),
        model=model,
    )


@pytest.fixture
def article_id(store: Store) -> int:
    summary, created = store.articles.add_article(
        NewArticle(title="No secret deal", text=TEXT, outlet="Axios", published="2020-06-30"), user="ana"
    )
    assert created
    store.articles.save_annotations(summary.id, _annotations(), user="ana")
    return summary.id


def test_the_same_text_imported_twice_is_one_article(store: Store) -> None:
    first, created = store.articles.add_article(NewArticle(title="A", text="Same words."), user="ana")
    again, created_again = store.articles.add_article(NewArticle(title="B", text="Same words."), user="ben")
    assert created and not created_again
    assert again.id == first.id
    assert store.articles.count_articles() == 1
    assert store.articles.get_article(first.id).content_hash == content_hash("Same words.")


def test_suggestions_are_listed_with_counts(store: Store, article_id: int) -> None:
    quotes = store.quotes.quotes_for_article(article_id)
    assert [q.text for q in quotes] == [
        '"there is no deal of any kind."',
        '"We are clear about it."',
        '"overdid it a bit"',
    ]
    assert all(q.status == "suggested" for q in quotes)
    assert quotes[1].speaker == "Mark Zuckerberg" and quotes[1].speaker_text == "He"
    assert quotes[2].venue == "journalists"
    summary = store.articles.article_summary(article_id)
    assert (summary.quotes_total, summary.quotes_to_check, summary.status) == (3, 3, "new")
    assert [m.label for m in store.articles.mentions_for_article(article_id)] == ["PERSON", "DATE", "PERSON"]


def test_confirming_records_the_decision_the_person_and_the_audit_row(store: Store, article_id: int) -> None:
    quote = store.quotes.quotes_for_article(article_id)[1]
    confirmed = store.quotes.confirm_quote(quote.id, user="ana", expected_version=quote.version)
    assert confirmed.status == "confirmed"
    assert confirmed.verified_by == "ana" and confirmed.verified_at is not None
    assert confirmed.person_name == "Mark Zuckerberg"
    assert confirmed.version == quote.version + 1
    assert store.articles.article_summary(article_id).status == "in_progress"
    audit = [e for e in store.audit.edits(target="quote") if e.target_id == quote.id]
    assert [(e.user, e.action) for e in audit] == [("ana", "confirm")]
    assert audit[0].before is not None and audit[0].before["status"] == "suggested"
    assert audit[0].after is not None and audit[0].after["status"] == "confirmed"


def test_confirmed_people_feed_the_engine_but_pronouns_are_not_aliases(store: Store, article_id: int) -> None:
    quotes = store.quotes.quotes_for_article(article_id)
    assert store.people.known_people() == []
    store.quotes.confirm_quote(quotes[1].id, user="ana")  # written "He"
    store.quotes.confirm_quote(quotes[2].id, user="ana")
    known = {p.name: p.aliases for p in store.people.known_people()}
    assert known == {"Mark Zuckerberg": (), "Nick Clegg": ()}
    person = store.people.find_or_create_person("Mark Zuckerberg", user="ana", aliases=["Mr Zuckerberg", "Zuckerberg"])
    assert person.aliases == ("Mr Zuckerberg", "Zuckerberg")
    assert person.quote_count == 1


def test_changing_the_speaker_is_a_correction(store: Store, article_id: int) -> None:
    quote = store.quotes.quotes_for_article(article_id)[2]
    someone = store.people.find_or_create_person("Sheryl Sandberg", user="ana")
    corrected = store.quotes.set_speaker(quote.id, someone.id, user="ana", expected_version=quote.version)
    assert corrected.status == "corrected"
    assert corrected.person_name == "Sheryl Sandberg" and corrected.speaker_name == "Sheryl Sandberg"
    assert store.people.search_people("sandb")[0].name == "Sheryl Sandberg"


def test_a_stale_version_is_a_conflict_and_nothing_is_lost(store: Store, article_id: int) -> None:
    quote = store.quotes.quotes_for_article(article_id)[0]
    store.quotes.reject_quote(quote.id, user="ana", expected_version=quote.version)
    with pytest.raises(QuoteConflict) as caught:
        store.quotes.confirm_quote(quote.id, user="ben", expected_version=quote.version)
    assert caught.value.current is not None and caught.value.current.status == "rejected"
    assert "ana" in str(caught.value)
    assert store.quotes.get_quote(quote.id).status == "rejected"


def test_undo_restores_the_exact_earlier_state(store: Store, article_id: int) -> None:
    quote = store.quotes.quotes_for_article(article_id)[0]
    before = quote_state(quote)
    start, end = _span('"there is no deal')
    changed = store.quotes.update_quote(quote.id, {"start": start, "end": end}, user="ana", action="set_bounds")
    assert changed.text == '"there is no deal' and changed.status == "corrected"
    restored = store.quotes.update_quote(quote.id, before, user="ana", action="undo")
    assert quote_state(restored) == before
    assert [e.action for e in store.audit.edits(target="quote")] == ["set_bounds", "undo"]


def test_adding_deleting_and_restoring_a_missed_quote(store: Store, article_id: int) -> None:
    start, end = _span("the company")
    clegg = store.people.find_or_create_person("Nick Clegg", user="ana")
    added = store.quotes.add_quote(article_id, start, end, user="ana", kind="indirect", person_id=clegg.id)
    assert (added.text, added.status, added.origin, added.person_name) == (
        "the company",
        "confirmed",
        "user:ana",
        "Nick Clegg",
    )
    store.quotes.delete_quote(added.id, user="ana")
    with pytest.raises(NotFound):
        store.quotes.get_quote(added.id)
    back = store.quotes.restore_quote(added, user="ana")
    assert back.uid == added.uid and back.text == "the company"


def test_spans_outside_the_article_are_refused(store: Store, article_id: int) -> None:
    with pytest.raises(StoreError, match="outside the article"):
        store.quotes.add_quote(article_id, 5, len(TEXT) + 10, user="ana")
    with pytest.raises(StoreError, match="cannot be edited"):
        store.quotes.update_quote(store.quotes.quotes_for_article(article_id)[0].id, {"uid": "x"}, user="ana")


def test_reannotating_never_touches_decided_quotes(store: Store, article_id: int) -> None:
    quotes = store.quotes.quotes_for_article(article_id)
    store.quotes.confirm_quote(quotes[0].id, user="ana")
    store.quotes.reject_quote(quotes[1].id, user="ana")
    stored = store.articles.save_annotations(article_id, _annotations("test_pipeline 2.0"), user="ana")
    assert stored == 1  # only the undecided third quote comes back as a suggestion
    after = store.quotes.quotes_for_article(article_id)
    assert [(q.id, q.status) for q in after[:2]] == [(quotes[0].id, "confirmed"), (quotes[1].id, "rejected")]
    assert after[2].status == "suggested" and after[2].origin == "model:test_pipeline 2.0"


def test_article_list_filters_sorts_and_pages(store: Store) -> None:
    for number, (outlet, title) in enumerate([("Axios", "Zeta"), ("BBC", "Alpha"), ("Axios", "Mid")]):
        store.articles.add_article(
            NewArticle(title=title, text=f"text n{number}x with 100% words_here", outlet=outlet), user="a"
        )
    assert [a.title for a in store.articles.list_articles(order="title")] == ["Alpha", "Mid", "Zeta"]
    assert [a.title for a in store.articles.list_articles(order="title", descending=True, limit=2)] == ["Zeta", "Mid"]
    assert [a.title for a in store.articles.list_articles(order="title", offset=2)] == ["Zeta"]
    assert store.articles.count_articles(ArticleFilter(outlet="Axios")) == 2
    assert [a.title for a in store.articles.list_articles(ArticleFilter(search="N1X text"))] == ["Alpha"]
    assert store.articles.count_articles(ArticleFilter(search="100%")) == 3  # LIKE wildcards are searched literally
    assert store.articles.count_articles(ArticleFilter(search="0%")) == 3
    assert store.articles.count_articles(ArticleFilter(search="1_0")) == 0
    assert store.articles.outlets() == ["Axios", "BBC"]


def test_next_article_with_work_and_done(store: Store, article_id: int) -> None:
    other, _ = store.articles.add_article(NewArticle(title="Other", text="Nothing quoted."), user="ana")
    assert store.articles.next_article_with_work() == article_id
    store.articles.set_article_status(article_id, "done", user="ana")
    assert store.articles.next_article_with_work() == other.id
    with pytest.raises(StoreError, match="unknown article status"):
        store.articles.set_article_status(article_id, "finished", user="ana")


def test_audit_log_filters_by_user_and_time(store: Store, article_id: int) -> None:
    quotes = store.quotes.quotes_for_article(article_id)
    store.quotes.confirm_quote(quotes[0].id, user="ana")
    store.quotes.confirm_quote(quotes[1].id, user="ben")
    ben = store.audit.edits(users=["ben"])
    assert [(e.user, e.action) for e in ben] == [("ben", "confirm")]
    assert all(e.user != "ana" for e in store.audit.edits(exclude_user="ana"))
    assert store.audit.edits(since=ben[0].at, users=["ana"]) == []


def test_a_locked_sqlite_database_is_a_clear_message_and_nothing_half_written(sqlite_store: Store) -> None:
    import sqlite3

    from sqlalchemy.engine import make_url

    from annotator.db.opening import DatabaseProblem

    summary, _ = sqlite_store.articles.add_article(NewArticle(title="T", text=TEXT), user="ana")
    sqlite_store.articles.save_annotations(summary.id, _annotations(), user="ana")
    quote = sqlite_store.quotes.quotes_for_article(summary.id)[0]
    edits_before = len(sqlite_store.audit.edits())
    blocker = sqlite3.connect(str(make_url(sqlite_store.url).database), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseProblem, match="locked by another program"):
            sqlite_store.quotes.confirm_quote(quote.id, user="ana")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert sqlite_store.quotes.get_quote(quote.id).status == "suggested"
    assert len(sqlite_store.audit.edits()) == edits_before
    assert sqlite_store.quotes.confirm_quote(quote.id, user="ana").status == "confirmed"


def test_a_stale_confirm_leaves_no_person_behind(store: Store, article_id: int) -> None:
    quote = store.quotes.quotes_for_article(article_id)[2]  # suggested speaker Nick Clegg, no person yet
    store.quotes.update_quote(quote.id, {"note": "check the recording"}, user="ben")
    with pytest.raises(QuoteConflict):
        store.quotes.confirm_quote(quote.id, user="ana", expected_version=quote.version)
    assert store.people.list_people() == []
    confirmed = store.quotes.confirm_quote(quote.id, user="ana")
    assert confirmed.person_name == "Nick Clegg"
    assert [p.name for p in store.people.list_people()] == ["Nick Clegg"]


def test_confirming_a_correction_keeps_it_a_correction(store: Store, article_id: int) -> None:
    quote = store.quotes.quotes_for_article(article_id)[0]
    store.quotes.update_quote(quote.id, {"kind": "partial"}, user="ana")
    assert store.quotes.confirm_quote(quote.id, user="ana").status == "corrected"


def test_one_except_catches_a_damaged_database_as_well_as_a_refusal(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"this is no database, only words " * 200)
    with pytest.raises(StoreError) as refused:
        Store.open(f"sqlite:///{damaged}")
    assert "damaged.db" in str(refused.value)
