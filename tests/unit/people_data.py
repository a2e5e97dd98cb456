"""Small archives for the people tests, built through Store methods: articles whose quotes are annotated by
the model (suggestions) and then confirmed or rejected by an editor, as in the app."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.nlp.types import Annotations, QuoteGuess, SpeakerGuess, TextSpan
from annotator.records import QuoteRecord
from annotator.store import NewArticle, Store


@dataclass(frozen=True)
class Said:
    """One quote of an article: the words (in marks), who says them, and what the editor decides."""

    words: str
    speaker: str
    decision: str = "confirm"  # confirm / reject / leave (a suggestion)
    speaker_as_written: str | None = None  # "she", "Mr Clegg": defaults to the name


def annotated_article(
    store: Store,
    title: str,
    said: list[Said],
    *,
    outlet: str = "BBC News",
    published: str = "2024-03-05",
    editor: str = "bob",
) -> list[QuoteRecord]:
    """An article made of the quotes in `said`, annotated and decided (by `editor`); its quotes in order."""
    sentences = []
    for s in said:
        sentences.append(f"“{s.words}” {s.speaker_as_written or s.speaker} said.")
    text = f"{title}. " + " ".join(sentences)
    article, _ = store.articles.add_article(
        NewArticle(title=title, text=text, outlet=outlet, published=published), user="ana"
    )
    guesses = []
    cursor = 0
    for s in said:
        start = text.index(f"“{s.words}”", cursor)
        end = start + len(s.words) + 2
        written = s.speaker_as_written or s.speaker
        speaker_start = text.index(written, end)
        cue_start = text.index("said", speaker_start)
        cursor = cue_start
        guesses.append(
            QuoteGuess(
                start=start,
                end=end,
                text=text[start:end],
                kind="direct",
                confidence=0.9,
                cue=TextSpan(cue_start, cue_start + 4, "said"),
                speaker=SpeakerGuess(s.speaker, speaker_start, speaker_start + len(written), written),
            )
        )
    store.articles.save_annotations(article.id, Annotations(quotes=tuple(guesses), model="test 1.0"), user="ana")
    stored = sorted(store.quotes.quotes_for_article(article.id), key=lambda q: q.start)
    decided = []
    for quote, s in zip(stored, said, strict=True):
        if s.decision == "confirm":
            quote = store.quotes.confirm_quote(quote.id, user=editor)
        elif s.decision == "reject":
            quote = store.quotes.reject_quote(quote.id, user=editor)
        decided.append(quote)
    return decided
