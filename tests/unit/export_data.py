"""A small database for the export tests, built only through Store methods (review columns aside: review
is another module's work, so the tests write its three columns directly, as it would)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import update

from annotator.db.models import Quote
from annotator.nlp.types import Annotations, EntitySpan, QuoteGuess, SpeakerGuess, TextSpan
from annotator.records import QuoteRecord
from annotator.store import NewArticle, Store

ARTICLE_1 = (
    "“Mark is very keen, to play an active role,” Nick Clegg told journalists."
    ' "Commas, "quotes" and\nnewlines," said Ana López.'
    " «مرحبا بالعالم» قال أحمد."
    " 「你好，世界 🎉」 said Li Wei."
    ' "This stays a suggestion," said Someone.'
    ' "Not a quote," said Nobody.'
)
ARTICLE_2 = '"=SUM(A1:A9)" said Plus. "-5 degrees,\tsaid he" said Clegg.'
ARTICLE_3 = "Late addition 😀: 'We will be back,' said Nick Clegg at the end of 2023."


@dataclass
class Sample:
    articles: list[int] = field(default_factory=list)
    quotes: dict[str, QuoteRecord] = field(default_factory=dict)  # by a short name


def _guess(text: str, quote: str, speaker: str, name: str, cue: str, kind: str = "direct") -> QuoteGuess:
    start = text.index(quote)
    speaker_start = text.index(speaker, start + len(quote))
    cue_start = text.index(cue, start + len(quote))
    return QuoteGuess(
        start=start,
        end=start + len(quote),
        text=quote,
        kind=kind,  # type: ignore[arg-type]
        confidence=0.9,
        cue=TextSpan(cue_start, cue_start + len(cue), cue),
        speaker=SpeakerGuess(name, speaker_start, speaker_start + len(speaker), speaker),
    )


def _entity(text: str, words: str, label: str, after: int = 0) -> EntitySpan:
    start = text.index(words, after)
    return EntitySpan(start, start + len(words), label, words)


def build(store: Store) -> Sample:
    sample = Sample()
    a1, _ = store.articles.add_article(
        NewArticle(title='Keen, "very" keen', text=ARTICLE_1, outlet="BBC News", published="2024-03-05"),
        user="ana",
    )
    a2, _ = store.articles.add_article(
        NewArticle(
            title="@Breaking: +news",
            text=ARTICLE_2,
            outlet="The Guardian",
            published="2024-04-10T09:30:00",
            url="https://example.org/a,b",
        ),
        user="ana",
    )
    a3, _ = store.articles.add_article(
        NewArticle(title="Late", text=ARTICLE_3, outlet="bbc news", published="2023-12-31"), user="ana"
    )
    sample.articles = [a1.id, a2.id, a3.id]

    t = ARTICLE_1
    guesses = (
        _guess(t, "“Mark is very keen, to play an active role,”", "Nick Clegg", "Nick Clegg", "told"),
        _guess(t, '"Commas, "quotes" and\nnewlines,"', "Ana López", "Ana López", "said"),
        _guess(t, "«مرحبا بالعالم»", "أحمد", "أحمد", "قال"),
        _guess(t, "「你好，世界 🎉」", "Li Wei", "Li Wei", "said"),
        _guess(t, '"This stays a suggestion,"', "Someone", "Someone", "said"),
        _guess(t, '"Not a quote,"', "Nobody", "Nobody", "said"),
    )
    entities = (
        _entity(t, "Mark", "PERSON"),
        _entity(t, "Nick Clegg", "PERSON"),
        _entity(t, "Clegg", "ORG"),  # overlaps the PERSON: the DocBin keeps the longer one
        _entity(t, "Ana López", "PERSON"),
        _entity(t, "Li Wei", "PERSON"),
    )
    store.articles.save_annotations(
        a1.id, Annotations(entities=entities, quotes=guesses, model="test-model 1.0"), user="ana"
    )
    q = {r.text: r for r in store.quotes.quotes_for_article(a1.id)}
    sample.quotes["clegg"] = store.quotes.confirm_quote(q[guesses[0].text].id, user="bob")
    sample.quotes["commas"] = store.quotes.confirm_quote(q[guesses[1].text].id, user="bob")
    sample.quotes["arabic"] = store.quotes.confirm_quote(q[guesses[2].text].id, user="bob")
    sample.quotes["chinese"] = store.quotes.update_quote(q[guesses[3].text].id, {"kind": "partial"}, user="carol")
    sample.quotes["suggested"] = q[guesses[4].text]
    sample.quotes["rejected"] = store.quotes.reject_quote(q[guesses[5].text].id, user="bob")

    t = ARTICLE_2
    guesses2 = (
        _guess(t, '"=SUM(A1:A9)"', "Plus", "+Plus Person", "said"),
        _guess(t, '"-5 degrees,\tsaid he"', "Clegg", "Nick Clegg", "said"),
    )
    store.articles.save_annotations(a2.id, Annotations(quotes=guesses2, model="test-model 1.0"), user="ana")
    q = {r.text: r for r in store.quotes.quotes_for_article(a2.id)}
    sample.quotes["formula"] = store.quotes.confirm_quote(q[guesses2[0].text].id, user="bob")
    sample.quotes["clegg2"] = store.quotes.confirm_quote(q[guesses2[1].text].id, user="bob")

    clegg = store.people.find_or_create_person("Nick Clegg", user="bob")
    start = ARTICLE_3.index("'We")
    end = ARTICLE_3.index("back,'") + len("back,'")
    speaker = ARTICLE_3.index("Nick Clegg")
    sample.quotes["added"] = store.quotes.add_quote(
        a3.id,
        start,
        end,
        user="dave",
        person_id=clegg.id,
        speaker_start=speaker,
        speaker_end=speaker + len("Nick Clegg"),
        speaker_text="Nick Clegg",
        note="heard on the radio",
    )

    reviewed_at = datetime(2024, 5, 1, 12, 0, 30, tzinfo=UTC)
    with store.engine.begin() as conn:
        conn.execute(
            update(Quote)
            .where(Quote.id == sample.quotes["clegg"].id)
            .values(review_status="accepted", reviewed_by="erin", reviewed_at=reviewed_at)
        )
        conn.execute(
            update(Quote)
            .where(Quote.id == sample.quotes["commas"].id)
            .values(
                review_status="rejected",
                reviewed_by="frank",
                reviewed_at=reviewed_at,
                review_comment="speaker is wrong",
            )
        )
    for name, record in sample.quotes.items():
        sample.quotes[name] = store.quotes.get_quote(record.id)
    return sample


VERIFIED = ("clegg", "commas", "arabic", "chinese", "formula", "clegg2", "added")
