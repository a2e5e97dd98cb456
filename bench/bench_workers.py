"""Pre-annotation shared through PostgreSQL: two `annotator annotate --worker` processes against one.

Each worker runs with one spaCy process (`--processes 1`), standing for one machine of one core, over the
same articles in a fresh PostgreSQL database on the local server (ANNOTATOR_TEST_PG, as the tests use);
between runs the suggestions and claims are cleared. One worker and two workers run in turn
(bench/interleave.py); the figure is the median of time(one) / time(two) with its spread, model loading
included (each worker loads the pipeline once). Skipped when no server answers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import create_engine, delete, text, update
from sqlalchemy.engine import make_url

from annotator.db.models import AnnotationClaim, Article, Mention, Quote
from annotator.store import NewArticle, Store
from bench.bench_engine import load_texts
from bench.interleave import interleaved

ARTICLES = 48  # enough for several batches each, few enough to keep three rounds of both within minutes
PG_ADMIN_URL = os.environ.get("ANNOTATOR_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _workers(url: str, count: int) -> None:
    script = shutil.which("annotator", path=str(Path(sys.executable).parent)) or "annotator"
    command = [script, "--db", url, "--user", "bench", "annotate", "--worker", "--processes", "1", "--batch", "8"]
    running = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(count)]
    for process in running:
        _, errors = process.communicate(timeout=1800)
        if process.returncode != 0:
            raise SystemExit(f"a worker failed: {errors.decode(errors='replace')[-500:]}")


def _reset(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.execute(delete(AnnotationClaim))
        conn.execute(delete(Quote))
        conn.execute(delete(Mention))
        conn.execute(update(Article).values(annotated_at=None, annotated_with=None))


def run() -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:
        print(f"no PostgreSQL server at {PG_ADMIN_URL} ({str(exc).splitlines()[0]}): skipped")
        return
    name = f"bench_workers_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        source, texts = load_texts()
        texts = texts[:ARTICLES]
        store = Store.open(url)
        try:
            for n, body in enumerate(texts):
                store.articles.add_article(NewArticle(title=f"Article {n}", text=body), user="bench")
            print(f"{len(texts)} articles ({source}); each worker: 1 spaCy process, batches of 8", flush=True)

            def one() -> None:
                _reset(store)
                _workers(url, 1)

            def two() -> None:
                _reset(store)
                _workers(url, 2)

            result = interleaved(one, two, rounds=3)
            print(f"  {result.describe('two workers / one worker, throughput', speed=True)}", flush=True)
            if store.articles.count_articles() != len(texts):
                raise SystemExit("articles went missing")
        finally:
            store.close()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
