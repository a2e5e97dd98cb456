"""Bulk import of a JSON Lines archive of 100,000 articles against a bare insert of the same rows.

The baseline reads the same file with json.loads and inserts title, text and content hash with one sqlite3
executemany, in one transaction (what a throwaway script would do: no ingest clean-up, no duplicate check,
no audit rows). The measured side is `annotator.bulk_import.bulk_import`. Both start from an empty database
with the schema in place, and run in turn (bench/interleave.py); the figure is the median ratio of their
rates with its spread. Then a re-run over the same archive, everything already in, shows the resume rate.
The archive is generated once and kept in the system's temporary folder (annotator-bench/).
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from annotator.bulk_import import bulk_import
from annotator.store import Store
from bench.interleave import interleaved
from bench.kept_data import kept

ARTICLES = 100_000
WORDS = ("the", "council", "said", "budget", "plan", "would", "cut", "costs", "across", "city", "services", "roads")


def cached_archive() -> Path:
    """A JSON Lines archive of ARTICLES made-up council stories, made once and kept."""

    def make(path: Path) -> None:
        rng = random.Random(11)
        with path.open("w", encoding="utf-8") as handle:
            for n in range(ARTICLES):
                body = " ".join(rng.choice(WORDS) for _ in range(120))
                record = {
                    "title": f"Council story {n}",
                    "text": f"“We will cut costs,” the mayor said on day {n}. {body}.",
                    "outlet": ("City Desk", "The Courier", "Le Monde")[n % 3],
                    "published": f"20{10 + n % 15}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                    "url": f"https://example.org/{n}",
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    return kept(f"archive-{ARTICLES}-v1.jsonl", make)


def bare_insert(archive: Path, database: Path) -> int:
    now = datetime.now(UTC).isoformat(" ")
    connection = sqlite3.connect(database)
    try:
        with archive.open(encoding="utf-8") as lines, connection:
            rows = []
            for line in lines:
                record = json.loads(line)
                text = record["text"]
                digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
                rows.append((record["title"], text, digest, "new", "{}", now))
            connection.executemany(
                "INSERT INTO articles (title, text, content_hash, status, extra, imported_at) VALUES (?,?,?,?,?,?)",
                rows,
            )
        return len(rows)
    finally:
        connection.close()


def run() -> None:
    archive = cached_archive()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        here = Path(folder)
        template = here / "empty.db"
        Store.open(f"sqlite:///{template}").close()  # the schema, migrated once

        def fresh(name: str) -> Path:
            database = here / name
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(template, database)
            return database

        added: list[int] = []

        def measured() -> None:
            store = Store.open(f"sqlite:///{fresh('bulk.db')}")
            try:
                added.append(bulk_import(store, [archive], user="bench").added)
            finally:
                store.close()

        result = interleaved(lambda: bare_insert(archive, fresh("bare.db")), measured, rounds=3)
        if added[-1] != ARTICLES:
            raise SystemExit(f"bulk import added {added[-1]:,} articles, not {ARTICLES:,}")
        seconds = sorted(result.measured)[1]
        print(f"  {result.describe(f'bulk import / bare insert of {ARTICLES:,} articles', speed=True)}")
        print(f"    bulk import {ARTICLES / seconds:,.0f} articles/s (median round)", flush=True)

        store = Store.open(f"sqlite:///{here / 'bulk.db'}")
        try:
            started = time.perf_counter()
            again = bulk_import(store, [archive], user="bench")
            took = time.perf_counter() - started
            print(f"  re-run over the same archive (resume): {again.duplicates:,} skipped at {ARTICLES / took:,.0f}/s")
        finally:
            store.close()
