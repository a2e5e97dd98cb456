"""The window's speed where an editor feels it: `uv run python -m bench ui` (QT_QPA_PLATFORM=offscreen).

- showing a 10,000-word article with 300+ highlights (aim < 150 ms), against setPlainText alone;
- a confirm key press until the decision is committed and repainted (aim < 30 ms), against the store call;
- start-up to an interactive window (aim < 1.5 s), against a bare Qt window, each in a fresh process;
- the article list over 100,000 articles: the first page, scrolling (rows fetched vs total), sort, search.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.interleave import Interleaved, interleaved

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
WORDS = [
    "the",
    "council",
    "said",
    "budget",
    "plan",
    "would",
    "cut",
    "costs",
    "across",
    "city",
    "services",
    "while",
    "residents",
    "asked",
    "about",
    "schools",
    "roads",
    "housing",
    "and",
    "the",
    "new",
    "transport",
    "scheme",
    "that",
    "officials",
    "promised",
    "before",
    "winter",
]
PEOPLE = ["Ana Lima", "Nick Clegg", "Maria Ortiz", "John Smith", "Wei Chen", "Sara Novak", "Tom Baker"]
ORGS = ["Meta", "City Council", "Reuters", "Acme Corp"]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def line(name: str, value_ms: float, aim_ms: float | None = None, baseline_ms: float | None = None) -> None:
    parts = [f"{name:<52} {value_ms:9.1f} ms"]
    if aim_ms is not None:
        parts.append(f"aim < {aim_ms:g} ms {'ok' if value_ms < aim_ms else 'OVER'}")
    if baseline_ms:
        parts.append(f"{value_ms / baseline_ms:5.1f}x baseline ({baseline_ms:.1f} ms)")
    print("  ".join(parts), flush=True)


def big_article(words: int = 10_000, seed: int = 7) -> tuple[str, object]:
    """Text of about `words` words with a quote, its cue and speaker, and entity mentions in each paragraph."""
    from annotator.nlp.types import Annotations, EntitySpan, QuoteGuess, SpeakerGuess, TextSpan

    rng = random.Random(seed)
    text = ""
    entities: list[EntitySpan] = []
    quotes: list[QuoteGuess] = []
    count = 0
    paragraph = 0
    while count < words:
        paragraph += 1
        org = rng.choice(ORGS)
        before = " ".join(rng.choice(WORDS) for _ in range(18))
        start = len(text) + len(before) + 1
        text += f"{before} {org} "
        entities.append(EntitySpan(start, start + len(org), "ORG", org))
        spoken = " ".join(rng.choice(WORDS) for _ in range(14))
        if paragraph % 25 == 0:
            spoken += " 🎉"  # astral characters keep the UTF-16 conversion honest
        quote_start = len(text)
        text += f'"{spoken}," '
        quote_end = len(text) - 1
        person = rng.choice(PEOPLE)
        speaker_start = len(text)
        text += f"{person} "
        cue_start = len(text)
        text += "said. "
        after = " ".join(rng.choice(WORDS) for _ in range(20))
        text += after + ".\n"
        entities.append(EntitySpan(speaker_start, speaker_start + len(person), "PERSON", person))
        quotes.append(
            QuoteGuess(
                quote_start,
                quote_end,
                text[quote_start:quote_end],
                "direct",
                0.9,
                cue=TextSpan(cue_start, cue_start + 4, "said"),
                speaker=SpeakerGuess(person, speaker_start, speaker_start + len(person), person),
            )
        )
        count += 18 + 1 + 14 + 2 + 1 + 20
    return text, Annotations(entities=tuple(entities), quotes=tuple(quotes), model="bench 1")


def compared(name: str, result: Interleaved, aim_ms: float | None = None) -> None:
    """The measured side's median time against its aim, and its interleaved median ratio to the baseline."""
    value = median_ms(list(result.measured))
    parts = [f"{name:<52} {value:9.1f} ms"]
    if aim_ms is not None:
        parts.append(f"aim < {aim_ms:g} ms {'ok' if value < aim_ms else 'OVER'}")
    low, high = result.spread()
    parts.append(f"{result.median():5.1f}x baseline ({low:.1f}-{high:.1f}, {len(result.measured)} rounds)")
    print("  ".join(parts), flush=True)


def bench_article_and_confirm(folder: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QTextEdit

    from annotator.config import Settings, sqlite_url
    from annotator.store import NewArticle, Store
    from ui.app import create_application
    from ui.main_window import MainWindow

    app = create_application()
    store = Store.open(sqlite_url(folder / "article.db"))
    text, annotations = big_article()
    summary, _ = store.articles.add_article(NewArticle(title="A long council report", text=text), user="bench")
    store.articles.save_annotations(summary.id, annotations, user="bench")  # type: ignore[arg-type]
    spare, _ = store.articles.add_article(NewArticle(title="Spare", text=text + " spare"), user="bench")
    store.articles.save_annotations(spare.id, annotations, user="bench")  # type: ignore[arg-type]
    mentions = store.articles.mentions_for_article(summary.id)
    quotes = store.quotes.quotes_for_article(summary.id)
    highlights = len(mentions) + len(quotes)
    words = len(text.split())
    print(f"article: {words:,} words, {len(quotes)} quotes + {len(mentions)} entities = {highlights} highlights")

    window = MainWindow(store, Settings(database_url=store.url, user_name="bench", user_chosen=True))
    window.resize(1400, 850)
    window.show()
    QApplication.processEvents()

    bare = QTextEdit()
    bare.resize(620, 700)
    bare.show()

    def baseline() -> None:
        bare.setPlainText(text)
        bare.repaint()

    def show_view() -> None:
        window.article_view.set_article(store.articles.get_article(summary.id), mentions, quotes)
        window.article_view.repaint()

    def open_in_window() -> None:
        window.open_article(summary.id)
        window.repaint()

    view = interleaved(baseline, show_view, rounds=7, warmup=1)
    line("setPlainText + paint (baseline, median)", median_ms(list(view.baseline)))
    compared("article view: text + highlights + paint", view, 150)
    compared("open article in the window (db reads, list, panel)", interleaved(baseline, open_in_window, rounds=7), 150)

    # confirm: Enter on the quote list, until committed to SQLite and repainted
    bare.close()
    window.open_article(summary.id)
    window.activateWindow()  # shortcuts go to the active window
    QApplication.processEvents()
    window.quote_panel.list_view.setFocus()
    committed: list[int] = []
    window.decision_committed.connect(lambda: committed.append(1))
    spare_quotes = iter(store.quotes.quotes_for_article(spare.id))
    rounds = min(25, len(quotes), len(store.quotes.quotes_for_article(spare.id)))

    def press() -> None:
        QTest.keyClick(window.quote_panel.list_view, Qt.Key.Key_Return)
        QApplication.processEvents()  # paints what the decision changed

    confirm = interleaved(lambda: store.quotes.confirm_quote(next(spare_quotes).id, user="bench"), press, rounds=rounds)
    if len(committed) != rounds:
        raise SystemExit(f"only {len(committed)} of {rounds} key presses reached the database")
    line("store.confirm_quote alone (baseline: the commit, median)", median_ms(list(confirm.baseline)))
    compared(f"Enter -> committed + repainted (median of {rounds})", confirm, 30)
    line("  slowest press", max(confirm.measured) * 1000)
    window.close()
    store.close()
    del app


def bench_startup(folder: Path) -> None:
    from annotator.config import sqlite_url
    from annotator.importing import import_seeds_if_empty
    from annotator.store import Store

    url = sqlite_url(folder / "startup.db")
    store = Store.open(url)
    import_seeds_if_empty(store, user="bench")
    store.close()
    # An installed app runs from compiled bytecode; this container sets PYTHONDONTWRITEBYTECODE, which makes
    # every start compile SQLAlchemy and Alembic from source. Measure both, with the cache in a temp folder.
    cold_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_HOME": str(folder)}
    env = {k: v for k, v in cold_env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    app_script = textwrap.dedent(
        f"""
        import os, time
        started = time.perf_counter()
        from PySide6.QtWidgets import QApplication
        from annotator.config import Settings
        from ui.app import build_window, create_application
        app = create_application()
        window = build_window(Settings(database_url={url!r}, user_name="bench", user_chosen=True), ask_name=False)
        window.show()
        QApplication.processEvents()
        assert window.article is not None  # build_window opened the first article with work left
        print(f"{{time.perf_counter() - started:.4f}}", flush=True)
        os._exit(0)  # the spaCy pipeline is still loading in the background: not part of start-up
        """
    )
    bare_script = textwrap.dedent(
        """
        import os, time
        started = time.perf_counter()
        from PySide6.QtWidgets import QApplication, QMainWindow
        app = QApplication([])
        window = QMainWindow()
        window.show()
        QApplication.processEvents()
        print(f"{time.perf_counter() - started:.4f}", flush=True)
        os._exit(0)
        """
    )

    def launch(script: str, environment: dict[str, str] = env) -> tuple[float, float]:
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", script], env=environment, cwd=REPO, capture_output=True, text=True, check=True
        ).stdout
        wall = time.perf_counter() - started
        return float(out.strip().splitlines()[-1]), wall

    cold = launch(app_script, cold_env)
    launch(app_script)  # fills the bytecode cache
    # In-process times as reported by the scripts themselves; the wall times of the same runs beside them
    walls: dict[str, list[float]] = {"bare": [], "full": []}

    def timed_launch(script: str, side: str) -> float:
        inside, wall = launch(script)
        walls[side].append(wall)
        return inside

    startup = interleaved(
        lambda: timed_launch(bare_script, "bare"), lambda: timed_launch(app_script, "full"), rounds=3, self_timed=True
    )
    line("bare Qt window, in process (baseline, median)", median_ms(list(startup.baseline)))
    compared("start-up to an interactive window, in process", startup, 1500)
    bare_wall, full_wall = statistics.median(walls["bare"]), statistics.median(walls["full"])
    line("  same, from process launch (wall)", full_wall * 1000, 1500, bare_wall * 1000)
    line("  without a bytecode cache (PYTHONDONTWRITEBYTECODE)", cold[0] * 1000)


def bench_article_list(folder: Path, total: int = 100_000) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from annotator.config import sqlite_url
    from annotator.db.models import Article
    from annotator.records import ArticleFilter
    from annotator.store import Store
    from ui.models.article_list import ArticleListModel

    QApplication.instance() or QApplication([])
    store = Store.open(sqlite_url(folder / "many.db"))
    started = time.perf_counter()
    now = datetime.now(UTC)
    rng = random.Random(3)
    with store.engine.begin() as connection:
        for first in range(0, total, 10_000):
            rows = [
                {
                    "title": f"Article {n:06d}: " + " ".join(rng.choice(WORDS) for _ in range(6)),
                    "text": " ".join(rng.choice(WORDS) for _ in range(60)) + f" marker{n}",
                    "content_hash": f"{n:064x}",
                    "status": "new",
                    "outlet": rng.choice(ORGS),
                    "published": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
                    "extra": {},
                    "imported_at": now,
                }
                for n in range(first, min(total, first + 10_000))
            ]
            connection.execute(Article.__table__.insert(), rows)
    print(f"bulk insert of {total:,} articles: {time.perf_counter() - started:.1f} s")

    def store_page() -> None:
        store.articles.count_articles()
        store.articles.list_articles(limit=200)

    model_box: list[ArticleListModel] = []
    opened = interleaved(store_page, lambda: model_box.append(ArticleListModel(store)), rounds=5)
    baseline = median_ms(list(opened.baseline))
    line("store count + first 200 rows (baseline, median)", baseline)
    model = model_box[-1]
    compared("open the list model (count + first page)", opened, 150)

    view = QTableView()
    view.setModel(model)
    view.resize(400, 700)
    view.show()
    QApplication.processEvents()
    fetches = []
    for _ in range(25):  # the editor drags the scroll bar to the bottom again and again
        started = time.perf_counter()
        view.scrollToBottom()  # reaching the end makes the view ask the model for the next page
        QApplication.processEvents()
        fetches.append(time.perf_counter() - started)
    print(f"after 25 scrolls to the bottom: {model.rowCount():,} rows fetched of {model.total:,}")
    line("  one scroll to the bottom + next page (median)", median_ms(fetches), 100, baseline)
    line("  slowest", max(fetches) * 1000)
    compared(
        "sort 100,000 by title", interleaved(store_page, lambda: model.sort(0, Qt.SortOrder.DescendingOrder), rounds=3)
    )
    search = interleaved(store_page, lambda: model.set_filter(ArticleFilter(search="marker99999")), rounds=3)
    compared(f"search title+text ({model.total} match)", search)
    view.close()
    store.close()


def run() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["ANNOTATOR_HOME"] = home
        folder = Path(home)
        print("-- article view and decisions")
        bench_article_and_confirm(folder)
        print("-- start-up")
        bench_startup(folder)
        print("-- article list")
        bench_article_list(folder)


if __name__ == "__main__":
    run()
