"""Shared set-up for the review tests: an article the "model" annotated, with quotes found by fragment.

The text has an emoji (outside the BMP) before the quotes, so any code-point / UTF-16 mix-up shows.
"""

from __future__ import annotations

from annotator.nlp.types import Annotations, QuoteGuess, SpeakerGuess
from annotator.records import QuoteRecord
from annotator.store import NewArticle, Store

TEXT = (
    "Council vote 🗳️ today. "
    '"We will win the vote," said Ana Lima, the mayor. '
    'Bo Chen disagreed: "No chance at all." '
    '"It is a fair plan," she added. '
    'Critics called the plan "rushed" and "unfunded".'
)
# fragment, suggested speaker (None: unknown), where the speaker is written
SUGGESTIONS: tuple[tuple[str, str | None, str | None], ...] = (
    ('"We will win the vote,"', "Ana Lima", "Ana Lima"),
    ('"No chance at all."', "Bo Chen", "Bo Chen"),
    ('"It is a fair plan,"', "Bo Chen", "she"),
    ('"rushed"', None, None),
)


def span(fragment: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def annotated_article(
    store: Store,
    *,
    user: str,
    title: str = "Council vote",
    text: str = TEXT,
    suggestions: tuple[tuple[str, str | None, str | None], ...] = SUGGESTIONS,
) -> tuple[int, list[QuoteRecord]]:
    """Add the article and the model's suggestions; returns its id and its quotes in text order."""
    article, _ = store.articles.add_article(NewArticle(title=title, text=text, outlet="Daily"), user=user)
    guesses = []
    for fragment, name, written in suggestions:
        start, end = span(fragment, text)
        speaker = None
        if name and written:
            s_start = text.index(written)
            speaker = SpeakerGuess(name=name, start=s_start, end=s_start + len(written), text=written)
        guesses.append(QuoteGuess(start=start, end=end, text=fragment, kind="direct", confidence=0.8, speaker=speaker))
    store.articles.save_annotations(article.id, Annotations(quotes=tuple(guesses), model="test-model 1.0"), user=user)
    return article.id, store.quotes.quotes_for_article(article.id)
