"""Pre-annotation shared through PostgreSQL: two `annotator annotate --worker` processes against one.

Each worker runs with one spaCy process (`--processes 1`), standing for one machine of one core. The
articles go once into a template database on the local PostgreSQL server (ANNOTATOR_TEST_PG, as the tests
use); every run gets a fresh copy of it (CREATE DATABASE ... TEMPLATE, outside the timing), so both sides
start from the same articles, the same empty claims table and a cold database. One worker and two workers
run in turn (A B, B A, ... bench/interleave.py); the figure is the median of time(one) / time(two) with its
spread, model loading included (each worker loads the pipeline once). After each run every article must be
annotated exactly once (one model run each in the audit log), or the bench stops. Skipped when no server
answers.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select, text

from annotator.db.models import Article, Edit
from annotator.store import NewArticle, Store
from bench.bench_engine import load_texts
from bench.interleave import interleaved
from bench.pg_server import admin_engine, database_url

# The whole dev set (84): with fewer, the seconds each worker spends loading the pipeline hide the throughput
# (24 articles gave 0.99x on an idle machine, start-up being half of every run)
ARTICLES = 84
BATCH = 4


def _workers(url: str, count: int) -> None:
    script = shutil.which("annotator", path=str(Path(sys.executable).parent)) or "annotator"
    command = [script, "--db", url, "--user", "bench", "annotate", "--worker", "--processes", "1"]
    command += ["--batch", str(BATCH)]
    running = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(count)]
    for process in running:
        _, errors = process.communicate(timeout=1800)
        if process.returncode != 0:
            raise SystemExit(f"a worker failed: {errors.decode(errors='replace')[-500:]}")


def _annotated_once(url: str, articles: int) -> None:
    """Every article annotated, each by exactly one model run (the workers never shared one)."""
    store = Store.open(url)
    try:
        with store.engine.connect() as conn:
            left = conn.scalar(select(func.count(Article.id)).where(Article.annotated_at.is_(None)))
            runs = conn.execute(
                select(Edit.article_id, func.count(Edit.id))
                .where(Edit.target == "article", Edit.action == "annotate")
                .group_by(Edit.article_id)
            ).all()
    finally:
        store.close()
    twice = [article_id for article_id, count in runs if count != 1]
    if left or len(runs) != articles or twice:
        raise SystemExit(f"not annotated exactly once: {left} left, {len(runs)} annotated, twice: {twice[:5]}")


def run() -> None:
    admin = admin_engine()
    if admin is None:
        return
    prefix = f"bench_workers_{uuid.uuid4().hex[:8]}"
    template = f"{prefix}_template"
    made: list[str] = []

    def database(name: str, like: str | None = None) -> str:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{like}"' if like else "")))
        made.append(name)
        return database_url(name)

    def drop(name: str) -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    try:
        source, texts = load_texts()
        texts = texts[:ARTICLES]
        store = Store.open(database(template))
        try:
            for n, body in enumerate(texts):
                store.articles.add_article(NewArticle(title=f"Article {n}", text=body), user="bench")
        finally:
            store.close()  # a template must have no connection when it is copied
        print(f"{len(texts)} articles ({source}); each worker: 1 spaCy process, batches of {BATCH}", flush=True)

        def timed_run(workers: int) -> float:
            name = f"{prefix}_run{len(made)}"
            url = database(name, like=template)
            try:
                started = time.perf_counter()
                _workers(url, workers)
                took = time.perf_counter() - started
                _annotated_once(url, len(texts))
                return took
            finally:
                drop(name)

        result = interleaved(lambda: timed_run(1), lambda: timed_run(2), rounds=3, self_timed=True)
        print(f"  {result.describe('two workers / one worker, throughput', speed=True)}", flush=True)
        seconds = statistics.median(result.measured)
        print(f"    two workers {len(texts) / seconds:.1f} articles/s, every article annotated once", flush=True)
    finally:
        for name in made:
            drop(name)
        admin.dispose()
