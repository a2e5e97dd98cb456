"""Export speed and memory: CSV of 100,000 and then 1,000,000 quotes from a temporary SQLite database.

Figures: rows/s of `export_quotes` (aim > 100,000), the peak of Python allocations during the export
(tracemalloc, a separate pass because tracing slows everything down) at 100k and 1M rows, which should stay
flat, and the ratio to two baselines measured in the same process: csv.writer over the same 21-column tuples
already in memory (the cost of CSV itself), and a hand-written sqlite3 query piped into csv.writer (what a
script without filters, neutralising, quote-mark stripping or atomic writes would do).
"""

from __future__ import annotations

import csv
import os
import random
import sqlite3
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from annotator.db.models import Article, Person, Quote
from annotator.export import ExportFilter, export_quotes, parse_statuses
from annotator.export.quote_rows import CSV_FIELD_COUNT, iter_quote_rows
from annotator.store import Store

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
            rows.append(
                {
                    "id": quote_id,
                    "uid": f"{quote_id:032x}",
                    "article_id": a,
                    "start": 19,
                    "end": 56,
                    "text": f"“{rng.choice(WORDS)}”",
                    "kind": "direct",
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


def _timed_export(store: Store, path: Path) -> tuple[int, float, float]:
    """Rows, wall seconds and CPU seconds (this process): on a shared machine CPU time is the steadier."""
    wall, cpu = time.perf_counter(), time.process_time()
    count = export_quotes(store, path, format="csv", filters=EVERY_QUOTE)
    return count, time.perf_counter() - wall, time.process_time() - cpu


def _traced_peak(store: Store, path: Path) -> int:
    tracemalloc.start()
    try:
        export_quotes(store, path, format="csv", filters=EVERY_QUOTE)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _baseline_in_memory(store: Store, path: Path, limit: int) -> tuple[int, float]:
    """csv.writer over 21-column tuples already in memory: the floor for writing the same CSV."""
    tuples = []
    for row in iter_quote_rows(store, EVERY_QUOTE):
        tuples.append(tuple(row[:CSV_FIELD_COUNT]))
        if len(tuples) == limit:
            break
    started = time.perf_counter()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows(tuples)
    return len(tuples), time.perf_counter() - started


def _baseline_sqlite3(database: Path, path: Path) -> tuple[int, float]:
    """A hand-written export: one sqlite3 query straight into csv.writer, no filters or safety."""
    started = time.perf_counter()
    connection = sqlite3.connect(database)
    count = 0
    try:
        cursor = connection.execute(
            "SELECT q.uid, q.article_id, a.title, a.outlet, a.published, a.url, q.text, q.kind,"
            " coalesce(p.name, q.speaker_name), q.person_id, q.speaker_text, q.cue_text, q.venue, q.start,"
            ' q."end", q.status, q.verified_by, q.verified_at, q.reviewed_by, q.reviewed_at, q.origin'
            " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN people p ON p.id = q.person_id"
            " ORDER BY q.id"
        )
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            while batch := cursor.fetchmany(5_000):
                writer.writerows(batch)
                count += len(batch)
    finally:
        connection.close()
    return count, time.perf_counter() - started


def run() -> None:
    rng = random.Random(5)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs (other work slows the wall-clock rates)")
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        here = Path(folder)
        database = here / "bench.db"
        store = Store.open(f"sqlite:///{database}")
        try:
            with store.engine.begin() as conn:
                conn.execute(insert(Person), [{"id": i, "name": f"Person {i}"} for i in range(1, PEOPLE + 1)])
            out = here / "quotes.csv"
            peaks: dict[int, int] = {}
            articles_done = 0
            for total_quotes in (100_000, 1_000_000):
                started = time.perf_counter()
                articles = total_quotes // QUOTES_PER_ARTICLE - articles_done
                _fill(store, articles_done + 1, articles, rng)
                articles_done += articles
                took = time.perf_counter() - started
                print(f"generated quotes up to {total_quotes:,} in {took:.1f} s (bulk Core insert)", flush=True)

                count, seconds, cpu_seconds = _timed_export(store, out)
                rate = count / seconds
                size = out.stat().st_size / 2**20
                print(
                    f"  CSV export of {count:>9,} rows in {seconds:.2f} s = "
                    f"{rate:,.0f} rows/s ({count / cpu_seconds:,.0f} rows per CPU second), {size:.0f} MiB",
                    flush=True,
                )
                peaks[total_quotes] = _traced_peak(store, out)
                print(
                    f"  peak Python memory during the export: {peaks[total_quotes] / 2**20:.2f} MiB",
                    flush=True,
                )

                if total_quotes == 100_000:
                    started = time.perf_counter()
                    jsonl = export_quotes(store, here / "quotes.jsonl", format="jsonl")
                    jsonl_rate = jsonl / (time.perf_counter() - started)
                    print(
                        f"  JSON Lines with provenance: {jsonl_rate:,.0f} rows/s",
                        flush=True,
                    )
                base_count, base_seconds = _baseline_sqlite3(database, here / "raw.csv")
                base_rate = base_count / base_seconds
                print(
                    f"  baseline sqlite3 -> csv.writer: {base_rate:,.0f} rows/s; "
                    f"export / baseline = {rate / base_rate:.2f}",
                    flush=True,
                )

            mem_count, mem_seconds = _baseline_in_memory(store, here / "memory.csv", 200_000)
            mem_rate = mem_count / mem_seconds
            print(
                f"baseline csv.writer over {mem_count:,} tuples in memory: {mem_rate:,.0f} rows/s; "
                f"export at 1M / baseline = {rate / mem_rate:.2f}"
            )
            growth = peaks[1_000_000] / peaks[100_000]
            small, large = peaks[100_000] / 2**20, peaks[1_000_000] / 2**20
            print(
                f"memory: peak {small:.2f} MiB at 100k vs {large:.2f} MiB "
                f"at 1M rows (x{growth:.2f} for x10 rows: {'flat' if growth < 1.5 else 'NOT flat'})"
            )
        finally:
            store.close()
