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
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

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


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


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
    summary, _ = store.add_article(NewArticle(title="A long council report", text=text), user="bench")
    store.save_annotations(summary.id, annotations, user="bench")  # type: ignore[arg-type]
    spare, _ = store.add_article(NewArticle(title="Spare", text=text + " spare"), user="bench")
    store.save_annotations(spare.id, annotations, user="bench")  # type: ignore[arg-type]
    mentions = store.mentions_for_article(summary.id)
    quotes = store.quotes_for_article(summary.id)
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
        window.article_view.set_article(store.get_article(summary.id), mentions, quotes)
        window.article_view.repaint()

    def open_in_window() -> None:
        window.open_article(summary.id)
        window.repaint()

    base = median_ms(timed(baseline, 7))
    line("setPlainText + paint (baseline)", base)
    line("article view: text + highlights + paint", median_ms(timed(show_view, 7)), 150, base)
    line("open article in the window (db reads, list, panel)", median_ms(timed(open_in_window, 7)), 150, base)

    # confirm: Enter on the quote list, until committed to SQLite and repainted
    bare.close()
    window.open_article(summary.id)
    window.activateWindow()  # shortcuts go to the active window
    QApplication.processEvents()
    window.quote_panel.list_view.setFocus()
    presses = []
    committed: list[int] = []
    window.decision_committed.connect(lambda: committed.append(1))
    for _ in range(25):
        if window.current_quote is None:
            break
        started = time.perf_counter()
        QTest.keyClick(window.quote_panel.list_view, Qt.Key.Key_Return)
        QApplication.processEvents()  # paints what the decision changed
        presses.append(time.perf_counter() - started)
    if len(committed) != len(presses):
        raise SystemExit(f"only {len(committed)} of {len(presses)} key presses reached the database")
    spare_quotes = iter(store.quotes_for_article(spare.id))
    direct = timed(lambda: store.confirm_quote(next(spare_quotes).id, user="bench"), 25)
    store_ms = median_ms(direct)
    line("store.confirm_quote alone (baseline: the commit)", store_ms)
    line(f"Enter -> committed + repainted (median of {len(presses)})", median_ms(presses), 30, store_ms)
    line("  slowest press", max(presses) * 1000)
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
    bare = [launch(bare_script) for _ in range(3)]
    full = [launch(app_script) for _ in range(3)]
    bare_in, bare_wall = statistics.median(b[0] for b in bare), statistics.median(b[1] for b in bare)
    full_in, full_wall = statistics.median(f[0] for f in full), statistics.median(f[1] for f in full)
    line("bare Qt window, in process (baseline)", bare_in * 1000)
    line("start-up to an interactive window, in process", full_in * 1000, 1500, bare_in * 1000)
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

    baseline = median_ms(timed(lambda: (store.count_articles(), store.list_articles(limit=200)), 5))
    line("store count + first 200 rows (baseline)", baseline)
    model_box: list[ArticleListModel] = []
    opened = timed(lambda: model_box.append(ArticleListModel(store)), 5)
    model = model_box[-1]
    line("open the list model (count + first page)", median_ms(opened), 150, baseline)

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
    sort = timed(lambda: model.sort(0, Qt.SortOrder.DescendingOrder), 3)
    line("sort 100,000 by title", median_ms(sort), None, baseline)
    search = timed(lambda: model.set_filter(ArticleFilter(search="marker99999")), 3)
    line(f"search title+text ({model.total} match)", median_ms(search), None, baseline)
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
