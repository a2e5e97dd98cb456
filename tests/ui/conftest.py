"""Fixtures for the window tests: a seed article with hand-built suggestions (fast, no spaCy) and a window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.nlp.types import Annotations, EntitySpan, QuoteGuess, SpeakerGuess, TextSpan
from annotator.records import ArticleSummary
from annotator.store import NewArticle, Store
from ui.main_window import MainWindow
from ui.widgets.review_view import ReviewView

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ZUCKERBERG_SEED = next(SEEDS.glob("000_*.txt"))
MISSED_QUOTE = '"Too often harmless content gets taken down or restricted and too many people get penalized unfairly."'


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def span(text: str, needle: str, nth: int = 0) -> TextSpan:
    start, end = find(text, needle, nth)
    return TextSpan(start, end, needle)


def add_seed(store: Store, path: Path = ZUCKERBERG_SEED) -> ArticleSummary:
    text = path.read_text(encoding="utf-8").strip()
    summary, _ = store.articles.add_article(
        NewArticle(title=text.splitlines()[0], text=text, outlet="Business Insider", source=str(path)),
        user="importer",
    )
    return summary


def seed_annotations(text: str) -> Annotations:
    """What a model might suggest for the Zuckerberg seed: one wrong speaker, one missed quote."""
    entities = []
    for name, label in (
        ("Nick Clegg", "PERSON"),
        ("Mark Zuckerberg", "PERSON"),
        ("Elon Musk", "PERSON"),
        ("Donald Trump", "PERSON"),
        ("Meta", "ORG"),
        ("Facebook", "ORG"),
        ("America", "GPE"),
    ):
        position = text.find(name)
        while position >= 0:
            entities.append(EntitySpan(position, position + len(name), label, name))
            position = text.find(name, position + 1)
    # surnames on their own: "Unlike Musk, Zuckerberg didn't endorse" (the mention an editor will click)
    zuck = text.index("Zuckerberg didn't endorse")
    entities.append(EntitySpan(zuck, zuck + len("Zuckerberg"), "PERSON", "Zuckerberg"))
    clegg = text.index("Clegg declined")
    entities.append(EntitySpan(clegg, clegg + len("Clegg"), "PERSON", "Clegg"))
    entities.sort(key=lambda e: (e.start, e.end))

    def clegg_speaker(mention: TextSpan) -> SpeakerGuess:
        return SpeakerGuess("Nick Clegg", mention.start, mention.end, mention.text)

    keen = span(text, '"Mark is very keen to play an active role')
    keen_end = text.index('sphere"', keen.start) + len('sphere"')
    nick = span(text, "Nick Clegg")
    told = span(text, "told")
    high = span(text, '"the conversations at this stage are clearly fairly high level."')
    said_that = text.index("said that")
    said_high = TextSpan(said_that, said_that + 4, "said")
    risks_start = text.index('"the risks of allowing')
    risks_end = text.index('too great."') + len('too great."')
    badass = span(text, '"badass."')
    trump = span(text, "Trump's reaction")
    said_trump = text.index("said Trump's")
    quotes = (
        QuoteGuess(
            keen.start,
            keen_end,
            text[keen.start : keen_end],
            "direct",
            0.91,
            cue=told,
            speaker=clegg_speaker(nick),
            venue=span(text, "journalists"),
        ),
        QuoteGuess(
            high.start,
            high.end,
            high.text,
            "direct",
            0.83,
            cue=said_high,
            speaker=clegg_speaker(TextSpan(clegg, clegg + len("Clegg"), "Clegg")),
        ),
        QuoteGuess(risks_start, risks_end, text[risks_start:risks_end], "direct", 0.86),
        QuoteGuess(
            badass.start,
            badass.end,
            badass.text,
            "partial",
            0.42,
            cue=TextSpan(said_trump, said_trump + 4, "said"),
            speaker=SpeakerGuess("Donald Trump", trump.start, trump.start + 5, "Trump"),
        ),
    )
    return Annotations(entities=tuple(entities), quotes=quotes, model="hand_built 1.0")


@pytest.fixture
def seeded_store(sqlite_store: Store) -> Store:
    summary = add_seed(sqlite_store)
    article = sqlite_store.articles.get_article(summary.id)
    sqlite_store.articles.save_annotations(summary.id, seed_annotations(article.text), user="model")
    return sqlite_store


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(database_url=sqlite_url, user_name="Ana", user_chosen=True)


@pytest.fixture
def any_seeded_store(store: Store) -> Store:
    """The seed with suggestions on each backend (SQLite file, fresh PostgreSQL database)."""
    summary = add_seed(store)
    store.articles.save_annotations(
        summary.id, seed_annotations(store.articles.get_article(summary.id).text), user="model"
    )
    return store


@pytest.fixture
def any_settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, user_name="Ana", user_chosen=True)


def review_read(qtbot: QtBot, view: ReviewView) -> None:
    """Wait until the review view shows what it read: it reads on the thread pool."""
    qtbot.waitUntil(lambda: not view.loading, timeout=30_000)


def open_window(qtbot: QtBot, store: Store, settings: Settings) -> MainWindow:
    from ui.app import create_application

    create_application()
    main = MainWindow(store, settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    return main


@pytest.fixture
def any_window(qtbot: QtBot, any_seeded_store: Store, any_settings: Settings) -> Iterator[MainWindow]:
    main = open_window(qtbot, any_seeded_store, any_settings)
    yield main
    main.close()


@pytest.fixture
def window(qtbot: QtBot, seeded_store: Store, settings: Settings) -> Iterator[MainWindow]:
    main = open_window(qtbot, seeded_store, settings)
    yield main
    main.close()
