"""The review view on a newsroom archive: `uv run python -m bench review` (QT_QPA_PLATFORM=offscreen).

The archive: 100,000 quotes in 5,000 articles; three colleagues (ana, carl, dora) decided 70 % of them over
the past year and the reviewer (ben) accepted most of the older decisions, so the audit log holds about
140,000 rows, and "Everyone else, the last 30 days, not yet reviewed" (the view's default) lists about
5,000 quotes. Figures, each the median of a few rounds:

- the core's read of that queue (`review_queue`), the baseline: what the view waits for;
- opening the view: the GUI thread's longest stall until the queue is shown (aim < 100 ms: the window keeps
  answering; the read itself runs on the thread pool), and how long until the queue is shown;
- F5 (refresh): the same two;
- A on a quote until the next one is current (aim < 100 ms: keyboard-first reviewers press A, A, A).

The archive is written with sqlite3 bulk inserts in the shapes the store's own operations write (a confirm's
audit row, an accept's), about half a minute, and kept in the temporary folder between runs
(`annotator_bench_review_<size>_<schema revision>_<day>.db`: the decisions are dated back from the day it was
made). BENCH_REVIEW_QUOTES sets a smaller size for a quick look.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.kept_data import kept

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QUOTES = int(os.environ.get("BENCH_REVIEW_QUOTES", "100000"))
QUOTES_PER_ARTICLE = 20
COLLEAGUES = ("ana", "carl", "dora")
REVIEWER = "ben"
DECIDED_SHARE = 0.7
PEOPLE = 500
PARAGRAPH = '"We will balance the budget by {n}," said {who}, the minister. Critics disagreed. '


def _stamp(value: datetime) -> str:
    """As SQLAlchemy's SQLite DateTime stores a UTC time."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def _json_time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def make_archive(quotes: int = QUOTES) -> Path:
    """The archive described in the module doc, made once a day (its dates are relative to today) and kept."""
    from annotator.db.opening import head_revision
    from annotator.store import Store

    now = datetime.now(UTC)

    def make(path: Path) -> None:
        Store.open(f"sqlite:///{path}").close()  # the schema, at head
        _fill(path, quotes, now, random.Random(11))

    return kept(f"review-{quotes // 1000}k-{head_revision()}-{now:%Y%m%d}.db", make)


def _fill(path: Path, quotes: int, now: datetime, rng: random.Random) -> None:
    connection = sqlite3.connect(path)
    imported = now - timedelta(days=400)
    people = [f"Person {i}" for i in range(1, PEOPLE + 1)]
    connection.executemany(
        "INSERT INTO people (id, name, created_at) VALUES (?, ?, ?)",
        [(i, name, _stamp(imported)) for i, name in enumerate(people, 1)],
    )
    connection.executemany(
        "INSERT INTO users (name, editor_id, created_at) VALUES (?, ?, ?)",
        [(name, f"{name}#{i:08x}", _stamp(imported)) for i, name in enumerate((*COLLEAGUES, REVIEWER))],
    )
    articles: list[tuple[Any, ...]] = []
    rows: list[tuple[Any, ...]] = []
    edits: list[tuple[Any, ...]] = []
    for article_id in range(1, quotes // QUOTES_PER_ARTICLE + 1):
        text, spans = "", []
        for n in range(QUOTES_PER_ARTICLE):
            who = people[(article_id * 7 + n) % PEOPLE]
            paragraph = PARAGRAPH.format(n=2030 + n, who=who)
            quote_end = paragraph.index(",") + 2
            speaker = paragraph.index(who)
            spans.append((len(text), len(text) + quote_end, len(text) + speaker, len(text) + speaker + len(who), who))
            text += paragraph
        articles.append(
            (article_id, f"Budget, part {article_id}", "Daily", text, f"{article_id:064x}", "in_progress", "{}",
             _stamp(imported))
        )  # fmt: skip
        for kind, after in (
            ("import", {"title": f"Budget, part {article_id}", "source": None}),
            ("annotate", {"model": "bench 1.0", "quotes": QUOTES_PER_ARTICLE, "entities": 0}),
        ):
            edits.append((_stamp(imported), "model", article_id, "article", article_id, None, kind, None, after))
        for start, end, s_start, s_end, who in spans:
            quote = _QuoteHistory(len(rows) + 1, uuid.UUID(int=rng.getrandbits(128)).hex, article_id, imported)
            if rng.random() < DECIDED_SHARE:
                _decide(quote, rng, now, person=people.index(who) + 1)
            edits.extend(quote.edits)
            state = quote.state
            rows.append(
                (quote.id, quote.uid, article_id, start, end, text[start:end], state["kind"], s_start, s_end, who,
                 who, state["person_id"], 0.8, "model:bench 1.0", state["status"], state["verified_by"],
                 _stamp(state["verified_at"]) if state["verified_at"] else None, state["review_status"],
                 state["reviewed_by"], _stamp(state["reviewed_at"]) if state["reviewed_at"] else None,
                 _stamp(imported), _stamp(quote.updated), state["version"], json.dumps([[start, end]]))
            )  # fmt: skip
    connection.executemany(
        "INSERT INTO articles (id, title, outlet, text, content_hash, status, extra, imported_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        articles,
    )
    connection.executemany(
        'INSERT INTO quotes (id, uid, article_id, start, "end", text, kind, speaker_start, speaker_end, speaker_text,'
        " speaker_name, person_id, confidence, origin, status, verified_by, verified_at, review_status, reviewed_by,"
        " reviewed_at, created_at, updated_at, version, pieces) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    edits.sort(key=lambda row: row[0])  # the log is appended in time order
    connection.executemany(
        "INSERT INTO edits (at, user, article_id, target, target_id, target_uid, action, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*row[:7], json.dumps(row[7]), json.dumps(row[8])) for row in edits],
    )
    connection.commit()
    connection.close()
    print(f"  {len(rows):,} quotes in {len(articles):,} articles, {len(edits):,} audit rows", flush=True)


class _QuoteHistory:
    """One suggested quote and the audit rows of what people did to it, in the shapes the store writes."""

    def __init__(self, quote_id: int, uid: str, article_id: int, created: datetime) -> None:
        self.id, self.uid, self.article_id, self.updated = quote_id, uid, article_id, created
        self.state: dict[str, Any] = {
            "status": "suggested", "kind": "direct", "verified_by": None, "verified_at": None, "person_id": None,
            "review_status": None, "reviewed_by": None, "reviewed_at": None, "version": 1,
        }  # fmt: skip
        self.edits: list[tuple[Any, ...]] = []

    def log(self, user: str, at: datetime, action: str, changes: dict[str, Any]) -> None:
        before = {key: self.state[key] for key in changes}
        self.state.update(changes)
        self.state["version"] += 1
        self.updated = at

        def plain(values: dict[str, Any]) -> dict[str, Any]:
            return {k: _json_time(v) if isinstance(v, datetime) else v for k, v in values.items()}

        row = (_stamp(at), user, self.article_id, "quote", self.id, self.uid, action, plain(before), plain(changes))
        self.edits.append(row)


def _decide(quote: _QuoteHistory, rng: random.Random, now: datetime, *, person: int) -> None:
    """A colleague's decision some time in the past year, and the reviewer's accept of most older ones."""
    user = rng.choice(COLLEAGUES)
    at = now - timedelta(days=rng.uniform(0.01, 365))
    corrected = {"kind": "partial", "status": "corrected", "verified_by": user, "verified_at": at, "person_id": person}
    roll = rng.random()
    if roll < 0.05:  # corrected, then confirmed again two hours later
        quote.log(user, at - timedelta(hours=2), "edit", corrected)
        quote.log(user, at, "confirm", {"status": "confirmed", "verified_at": at})
    elif roll < 0.30:
        quote.log(user, at, "edit", corrected)
    elif roll < 0.40:
        quote.log(user, at, "reject", {"status": "rejected", "verified_by": user, "verified_at": at})
    else:
        quote.log(
            user, at, "confirm", {"status": "confirmed", "verified_by": user, "verified_at": at, "person_id": person}
        )
    if rng.random() < (0.15 if now - at < timedelta(days=30) else 0.8):
        reviewed = min(at + timedelta(hours=rng.uniform(1, 48)), now)
        quote.log(
            REVIEWER,
            reviewed,
            "accept",
            {"review_status": "accepted", "reviewed_by": REVIEWER, "reviewed_at": reviewed},
        )


def median_ms(rounds: int, measure: Callable[[], float]) -> tuple[float, float, float]:
    """Median, lowest and highest of `rounds` measurements (each in seconds), in ms."""
    samples = [measure() * 1000 for _ in range(rounds)]
    return statistics.median(samples), min(samples), max(samples)


def line(name: str, figures: tuple[float, float, float], aim_ms: float | None = None) -> None:
    median, low, high = figures
    text = f"{name:<58} {median:9.1f} ms  ({low:.0f}–{high:.0f})"
    if aim_ms is not None:
        text += f"  aim < {aim_ms:g} ms {'ok' if median < aim_ms else 'OVER'}"
    print(text, flush=True)


def run() -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.config import Settings
    from annotator.review.queue import review_queue
    from annotator.store import Store
    from ui.widgets.review_pages import QueueFilters
    from ui.widgets.review_view import ReviewView

    archive = make_archive()
    app = QApplication.instance() or QApplication([])  # kept: the views need it alive
    folder = tempfile.TemporaryDirectory(prefix="bench-review-")
    path = Path(folder.name) / archive.name  # A writes: the kept archive stays as it was made
    shutil.copyfile(archive, path)
    store = Store.open(f"sqlite:///{path}")
    settings = Settings(database_url=store.url, user_name=REVIEWER)
    since, until = QueueFilters().span()
    queue = review_queue(store, reviewer=REVIEWER, since=since, until=until, pending_only=True)
    print(f"the queue: {len(queue):,} quotes", flush=True)

    def core() -> float:
        started = time.perf_counter()
        review_queue(store, reviewer=REVIEWER, since=since, until=until, pending_only=True)
        return time.perf_counter() - started

    line("review_queue (core, the baseline)", median_ms(3, core))

    views: list[ReviewView] = []
    stalls: list[float] = []  # per round: the longest the GUI thread answered no event

    def until_shown(view: ReviewView, started: float, held: float) -> float:
        """Run the event loop until the view shows its queue; returns the time from `started`, and notes the
        round's longest stall: `held` (the call itself) or the longest gap between the ticks of a 10 ms timer
        (applying the answer, say, or the reading thread holding the GIL)."""
        ticks = [time.perf_counter()]
        loop = QEventLoop()

        def tick() -> None:
            ticks.append(time.perf_counter())
            if not view.loading:
                loop.quit()

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        timer.start()
        if view.loading:
            loop.exec()
        timer.stop()
        stalls.append(max([held] + [later - earlier - 0.010 for earlier, later in itertools.pairwise(ticks)]))
        return time.perf_counter() - started

    def open_view() -> float:
        started = time.perf_counter()
        view = ReviewView(store, settings, REVIEWER)
        view.show()
        views.append(view)
        return until_shown(view, started, time.perf_counter() - started)

    shown = median_ms(3, open_view)
    line("open the view: the GUI thread's longest stall", median_ms(3, stalls.pop), aim_ms=100)
    line("open the view: until the queue is shown", shown)

    view = views[-1]

    def refresh() -> float:
        started = time.perf_counter()
        view.refresh()
        return until_shown(view, started, time.perf_counter() - started)

    shown = median_ms(3, refresh)
    line("F5: the GUI thread's longest stall", median_ms(3, stalls.pop), aim_ms=100)
    line("F5: until the queue is shown", shown)

    def accept() -> float:
        before = view.current_item()
        started = time.perf_counter()
        view.accept_current()
        took = time.perf_counter() - started
        after = view.current_item()
        assert before is not None and after is not None and after.quote.id != before.quote.id
        return took

    line("A: accept until the next quote is current", median_ms(5, accept), aim_ms=100)
    store.close()
    folder.cleanup()
    del app
