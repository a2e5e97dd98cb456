"""Export speed and memory: CSV of 100,000 and 1,000,000 quotes from SQLite databases made for the bench.

The main figure is the CSV export's speed as a share of a hand-written sqlite3 query piped into csv.writer
over the same rows and columns (what a script without filters, neutralising, quote words or atomic
writes would do), measured in turn (bench/interleave.py) and given as the median with its spread; aim at
least 0.8. Beside it: rows/s, the peak of Python allocations during the export (tracemalloc, a separate
pass because tracing slows everything down) at 100k and 1M rows, which should stay flat, and JSON Lines.

Generating a million quotes takes one to three minutes here, so the two databases are made once and kept in
the system's temporary folder (annotator-bench/, named by a version of the generator); delete it to start
afresh.
"""

from __future__ import annotations

import csv
import os
import random
import sqlite3
import tempfile
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from annotator.db.models import Article, Person, Quote
from annotator.db.opening import head_revision
from annotator.export import ExportFilter, export_quotes, parse_statuses
from annotator.pieces import verbatim_words
from annotator.store import Store
from bench.interleave import interleaved
from bench.kept_data import kept

QUOTES_PER_ARTICLE = 100
PEOPLE = 2_000
CHUNK = 50_000
# Every status, so that the export writes exactly 100,000 and 1,000,000 rows (still through the filter code)
EVERY_QUOTE = ExportFilter(statuses=parse_statuses("all"))
STATUSES = ("confirmed", "confirmed", "corrected", "suggested", "rejected")
WORDS = (
    "the minister said",
    'we are, frankly, "very keen"',
    "مرحبا بالعالم",
    "你好，世界",
    "=not a formula",
    "growth 🎉 is back",
    "line one\nline two",
)


def _fill(store: Store, first_article: int, articles: int, rng: random.Random) -> int:
    """Insert `articles` articles with QUOTES_PER_ARTICLE quotes each, in bulk (Core executemany)."""
    text = "Mark Zuckerberg is “very keen to play an active role,” Nick Clegg told journalists. " * 3
    base = datetime(2024, 1, 1, tzinfo=UTC)
    with store.engine.begin() as conn:
        conn.execute(
            insert(Article),
            [
                {
                    "id": a,
                    "title": f'Article {a}, on "things"',
                    "outlet": ("BBC News", "The Guardian", "Le Monde")[a % 3],
                    "url": f"https://example.org/{a}",
                    "published": f"2024-{1 + a % 12:02d}-{1 + a % 28:02d}",
                    "text": text,
                    "content_hash": f"{a:064d}",
                    "status": "in_progress",
                    "extra": {},
                    "imported_at": base,
                }
                for a in range(first_article, first_article + articles)
            ],
        )
    rows: list[dict[str, Any]] = []
    inserted = 0
    quote_id = (first_article - 1) * QUOTES_PER_ARTICLE
    for a in range(first_article, first_article + articles):
        for _ in range(QUOTES_PER_ARTICLE):
            quote_id += 1
            status = STATUSES[quote_id % len(STATUSES)]
            decided = status != "suggested"
            person = 1 + quote_id % PEOPLE
            at = base + timedelta(seconds=quote_id)
            content = f"“{rng.choice(WORDS)}”"
            # Direct quotes have one piece (as the engine stores them), the indirect fifth none
            pieces = [] if quote_id % 5 == 0 else [[19, 19 + len(content)]]
            rows.append(
                {
                    "id": quote_id,
                    "uid": f"{quote_id:032x}",
                    "article_id": a,
                    "start": 19,
                    "end": 19 + len(content),
                    "text": content,
                    "pieces": pieces,
                    "words": verbatim_words(content, 19, pieces),  # what the app's ORM stores with a quote
                    "kind": "indirect" if quote_id % 5 == 0 else "direct",
                    "cue_start": 68,
                    "cue_end": 72,
                    "cue_text": "told",
                    "speaker_start": 57,
                    "speaker_end": 67,
                    "speaker_text": "Nick Clegg",
                    "speaker_name": f"Person {person}",
                    "person_id": person if decided else None,
                    "confidence": 0.9,
                    "origin": "model:bench 1.0",
                    "status": status,
                    "verified_by": "ana" if decided else None,
                    "verified_at": at if decided else None,
                    "review_status": "accepted" if quote_id % 7 == 0 else None,
                    "reviewed_by": "bob" if quote_id % 7 == 0 else None,
                    "reviewed_at": at if quote_id % 7 == 0 else None,
                    "created_at": at,
                    "updated_at": at,
                    "version": 1,
                }
            )
            if len(rows) == CHUNK:
                inserted += _insert_quotes(store, rows)
                rows = []
    if rows:
        inserted += _insert_quotes(store, rows)
    return inserted


def _insert_quotes(store: Store, rows: list[dict[str, Any]]) -> int:
    with store.engine.begin() as conn:
        conn.execute(insert(Quote), rows)
    return len(rows)


def _traced_peak(store: Store, path: Path) -> int:
    tracemalloc.start()
    try:
        export_quotes(store, path, format="csv", filters=EVERY_QUOTE)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


BARE_QUERY = (
    "SELECT q.uid, q.article_id, a.title, a.outlet, a.published, a.url, q.words, q.kind,"
    " coalesce(p.name, q.speaker_name), q.person_id, q.speaker_text, q.cue_text, q.venue, q.start,"
    ' q."end", q.status, q.verified_by, q.verified_at, q.reviewed_by, q.reviewed_at, q.origin, q.text, g.key'
    " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN people p ON p.id = q.person_id"
    " LEFT JOIN quote_group_members m ON m.quote_id = q.id LEFT JOIN quote_groups g ON g.id = m.group_id"
    " ORDER BY q.id"
)


def bare_loop(database: Path, path: Path) -> int:
    """A hand-written export: one sqlite3 query straight into csv.writer, the CSV's 23 columns (the quote
    group too), no filters or safety."""
    connection = sqlite3.connect(database)
    count = 0
    try:
        cursor = connection.execute(BARE_QUERY)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            while batch := cursor.fetchmany(5_000):
                writer.writerows(batch)
                count += len(batch)
    finally:
        connection.close()
    return count


GENERATOR_VERSION = 4  # bump when _fill changes: the kept databases are then made again


def cached_database(total_quotes: int) -> Path:
    """A database of `total_quotes` quotes at the current schema, made once and kept for later runs."""

    def make(path: Path) -> None:
        store = Store.open(f"sqlite:///{path}")
        try:
            with store.engine.begin() as conn:
                conn.execute(insert(Person), [{"id": i, "name": f"Person {i}"} for i in range(1, PEOPLE + 1)])
            _fill(store, 1, total_quotes // QUOTES_PER_ARTICLE, random.Random(5))
        finally:
            store.close()

    return kept(f"export-{total_quotes}-{head_revision()}-v{GENERATOR_VERSION}.db", make)


def run() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs (the ratios below are medians of interleaved rounds)")
    peaks: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        here = Path(folder)
        for total_quotes, rounds in ((100_000, 5), (1_000_000, 3)):
            database = cached_database(total_quotes)
            store = Store.open(f"sqlite:///{database}")
            try:
                out, raw = here / "quotes.csv", here / "raw.csv"
                counts: list[int] = []
                result = interleaved(
                    lambda: bare_loop(database, raw),  # noqa: B023 (called before the loop moves on)
                    lambda: counts.append(export_quotes(store, out, format="csv", filters=EVERY_QUOTE)),  # noqa: B023
                    rounds=rounds,
                )
                if counts[-1] != total_quotes:
                    raise SystemExit(f"the export wrote {counts[-1]} rows, not {total_quotes}")
                seconds = sorted(result.measured)[len(result.measured) // 2]
                print(f"  {result.describe(f'CSV export / bare loop at {total_quotes:,} rows', speed=True)}")
                print(f"    aim at least 0.80; export {total_quotes / seconds:,.0f} rows/s (median round)", flush=True)
                peaks[total_quotes] = _traced_peak(store, out)
                print(f"    peak Python memory during the export: {peaks[total_quotes] / 2**20:.2f} MiB", flush=True)
                if total_quotes == 100_000:
                    jsonl = interleaved(
                        lambda: bare_loop(database, raw),  # noqa: B023
                        lambda: export_quotes(store, here / "quotes.jsonl", format="jsonl"),  # noqa: B023
                        rounds=3,
                    )
                    print(f"  {jsonl.describe('JSON Lines with provenance / bare CSV loop', speed=True)}", flush=True)
            finally:
                store.close()
    growth = peaks[1_000_000] / peaks[100_000]
    small, large = peaks[100_000] / 2**20, peaks[1_000_000] / 2**20
    print(
        f"memory: peak {small:.2f} MiB at 100k vs {large:.2f} MiB "
        f"at 1M rows (x{growth:.2f} for x10 rows: {'flat' if growth < 1.5 else 'NOT flat'})"
    )
