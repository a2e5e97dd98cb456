"""People across the archive at 100,000 articles and 1,000,000 quotes (100,000 people).

Figures: opening the People view (the first page sorted by name, by quote count and by last seen, and a page
deep into the list by name and by count) and one person's quotes, in ms (aim < 300); the likely duplicates of
one person; a write's cost in the summary's triggers (migration 0008); matching one new article's quotes
against the archive (`group_article`, aim < 200 ms); regrouping the whole archive in quotes/s with the peak
memory of the process that does it (a child process, beside the same child doing only its imports).

The archive is generated with sqlite3 bulk inserts (about a minute) and kept in the temporary folder
between runs (`annotator_bench_people_<size>_v2_<schema revision>.db`; delete it to start again). A cache made
at another schema is never opened as it is: a checkout with a newer schema copies the latest older cache and
upgrades the copy on its first run, timing the upgrade (migration 0008 filling the summary, for one); one with
an older schema generates its own. BENCH_PEOPLE_QUOTES sets a
smaller size for a quick look (the article and people counts scale with it).

The same figures (regrouping aside) are then timed on PostgreSQL, the team database, when the local server
answers (ANNOTATOR_TEST_PG, as the tests use; skipped otherwise): the SQLite archive is copied once into a
database at the app's schema named like the cache (`bench_people_pg_<size>_v2_<schema revision>`; drop it to
start again) and kept on the server.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

QUOTES = int(os.environ.get("BENCH_PEOPLE_QUOTES", "1000000"))
# Regrouping is timed on an archive of this size each run (the big one is regrouped once, when generated)
REGROUP_QUOTES = min(QUOTES, 100_000)
QUOTES_PER_ARTICLE = 10
SCHEMA_TAG = "v2"
CHUNK = 50_000
OUTLETS = ("BBC News", "The Guardian", "Le Monde", "Reuters", "ABC News", "Der Spiegel", "El País", "NZ Herald")
STATUSES = ("confirmed", "confirmed", "corrected", "suggested", "suggested", "rejected")
GIVEN = ("Anna", "Mark", "Nick", "Jacinda", "Li", "Ahmed", "Olga", "Pedro", "Sara", "Tom", "Ines", "Yuki")
SURNAMES = 40_000


def _syllable_words(rng: random.Random, count: int) -> list[str]:
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    return list({"".join(rng.choices(syllables, k=rng.randint(1, 3))) for _ in range(count * 2)})[:count]


def _stem(quotes: int) -> str:
    size = f"{quotes // 1000}k" if quotes < 1_000_000 else f"{quotes // 1_000_000}M"
    return f"annotator_bench_people_{size}_{SCHEMA_TAG}"


def _path(quotes: int) -> Path:
    """Named by the schema's head revision: a checkout at another schema (older or newer) keeps its own copy."""
    from annotator.db.opening import head_revision

    return Path(tempfile.gettempdir()) / f"{_stem(quotes)}_{head_revision()}.db"


def _older_cache(quotes: int) -> Path | None:
    """A cache of this size generated at an older schema (this code's migrations know its revision)."""
    from annotator.db.opening import head_revision, known_revisions

    older = []
    for candidate in Path(tempfile.gettempdir()).glob(f"{_stem(quotes)}*.db"):
        try:
            with sqlite3.connect(f"file:{candidate}?mode=ro", uri=True) as db:
                revision = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        except sqlite3.Error:
            continue  # being generated, or not an archive
        if revision in known_revisions() and revision != head_revision():
            older.append(candidate)
    return max(older, key=lambda p: p.stat().st_mtime, default=None)


def _upgraded_copy(older: Path, path: Path) -> Path:
    """Copy an older cache (left for the checkout that made it) and upgrade the copy, timing the upgrade."""
    from annotator.store import Store

    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(older) as source, sqlite3.connect(partial) as copy:
        source.backup(copy)  # consistent even with a WAL beside it, unlike copying the file
        copy.execute("PRAGMA journal_mode=DELETE")  # no WAL file to follow the rename
    with sqlite3.connect(partial) as db:
        revision = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    started = time.perf_counter()
    Store.open(f"sqlite:///{partial}", keep_copy=False).close()  # the older cache itself is the copy
    print(f"  upgrading the archive {older.name} from {revision}: {time.perf_counter() - started:.1f} s (once)")
    path.with_suffix(".json").write_bytes(older.with_suffix(".json").read_bytes())
    partial.rename(path)
    return path


def _database(quotes: int) -> Path:
    """The generated archive, built once, grouped once, and kept (the schema by the app's own migrations)."""
    path = _path(quotes)
    if path.exists():
        return path
    older = _older_cache(quotes)
    if older is not None and older.with_suffix(".json").exists():
        return _upgraded_copy(older, path)
    articles = quotes // QUOTES_PER_ARTICLE
    people = max(articles, 10)
    from annotator.store import Store

    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    Store.open(f"sqlite:///{partial}").close()
    rng = random.Random(15)
    vocabulary = _syllable_words(rng, 5_000)
    weights = [1 / (i + 1) for i in range(len(vocabulary))]  # Zipf-like: a few words everywhere
    surnames = _syllable_words(rng, SURNAMES)
    started = time.perf_counter()
    now = datetime(2024, 6, 1, tzinfo=UTC).isoformat(" ")
    db = sqlite3.connect(partial)
    try:
        # Rollback journal, not WAL: the finished file is renamed, and a WAL file would not follow it
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute("PRAGMA synchronous=OFF")
        db.executemany(
            "INSERT INTO people (id, name, created_at, gender) VALUES (?, ?, ?, ?)",
            (
                (
                    p,
                    f"{GIVEN[p % len(GIVEN)]} {surnames[p % len(surnames)].title()}",
                    now,
                    (None, "woman", "man")[p % 3],
                )
                for p in range(1, people + 1)
            ),
        )
        db.executemany(
            "INSERT INTO articles (id, title, outlet, published, text, content_hash, status, extra, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'in_progress', '{}', ?)",
            (
                (
                    a,
                    f"Article {a}",
                    OUTLETS[a % len(OUTLETS)],
                    f"20{18 + a % 7}-{1 + a % 12:02d}-{1 + a % 28:02d}",
                    "Generated.",
                    f"{a:064x}",
                    now,
                )
                for a in range(1, articles + 1)
            ),
        )
        earlier: list[str] = []
        rows: list[tuple[Any, ...]] = []
        for quote_id in range(1, quotes + 1):
            article = 1 + (quote_id - 1) // QUOTES_PER_ARTICLE
            roll = rng.random()
            if earlier and roll < 0.03:  # the same words again, one of them changed
                words = rng.choice(earlier).split()
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
                said = " ".join(words)
            elif earlier and roll < 0.05:  # the same words, elsewhere
                said = rng.choice(earlier)
            else:
                said = " ".join(rng.choices(vocabulary, weights, k=rng.randint(6, 22)))
                if len(earlier) < 50_000 and rng.random() < 0.2:
                    earlier.append(said)
            content = f"“{said}”"
            person = min(people, int(rng.paretovariate(1.1)) if rng.random() < 0.3 else rng.randint(1, people))
            status = STATUSES[quote_id % len(STATUSES)]
            rows.append(
                (
                    quote_id,
                    f"{quote_id:032x}",
                    article,
                    10,
                    10 + len(content),
                    content,
                    json.dumps([[10, 10 + len(content)]]),
                    "direct",
                    person,
                    f"Speaker {person}",
                    "he" if person % 5 == 0 else None,
                    status,
                    "model:bench",
                    now,
                    now,
                    1,
                )
            )
            if len(rows) == CHUNK:
                _insert_quotes(db, rows)
                rows = []
        if rows:
            _insert_quotes(db, rows)
        db.commit()
    finally:
        db.close()
    print(f"  generated {quotes:,} quotes in {articles:,} articles in {time.perf_counter() - started:.0f} s")
    regrouped, peak = _child(_REGROUP.format(url=f"sqlite:///{partial}"))
    partial.with_suffix(".json").write_text(json.dumps({**regrouped, "peak_kib": peak}), encoding="utf-8")
    partial.with_suffix(".json").rename(path.with_suffix(".json"))
    partial.rename(path)
    print(f"  grouped once in {regrouped['seconds']:.0f} s -> {path}")
    return path


def _insert_quotes(db: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    db.executemany(
        'INSERT INTO quotes (id, uid, article_id, start, "end", text, pieces, kind, person_id, speaker_name, '
        "speaker_text, status, origin, created_at, updated_at, version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _ms(action: Callable[[], Any], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _child(code: str) -> tuple[dict[str, Any], int]:
    """Run `code` in a fresh Python; its JSON output and its own peak resident memory in KiB."""
    done = subprocess.run([sys.executable, "-c", code + _PEAK], check=True, capture_output=True, text=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found, int(found.pop("peak_kib"))


_PEAK = """
import resource
print(json.dumps({**locals().get("figures", {}), "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


_REGROUP = """
import json, time
from annotator.store import Store
from annotator.quote_groups import regroup_all
store = Store.open({url!r})
started, cpu = time.perf_counter(), time.process_time()
result = regroup_all(store)
figures = {{"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
           "quotes": result.quotes, "groups": result.groups}}
"""
_IMPORTS_ONLY = """
import json
from annotator.store import Store
from annotator.quote_groups import regroup_all
"""


def _status_flip(store: Any, person_id: int) -> float:
    """Median ms of one Core UPDATE of a quote's status (suggested <-> confirmed) and its summary triggers."""
    from sqlalchemy import select, update

    from annotator.db.models import Quote

    with store.engine.connect() as conn:
        quote_id, status = conn.execute(
            select(Quote.id, Quote.status).where(Quote.person_id == person_id, Quote.status != "rejected").limit(1)
        ).one()
    statuses = ["suggested" if status != "suggested" else "confirmed", status]
    flips = iter(statuses * 6)

    def flip() -> None:
        with store.engine.begin() as conn:
            conn.execute(update(Quote).where(Quote.id == quote_id).values(status=next(flips)))

    flip()  # to the other status; the five timed flips below end on the status it had
    return _ms(flip, 5)


def _pg_database(admin: Any, archive: Path) -> str:
    """The SQLite archive copied into a PostgreSQL database at the app's schema, made once and kept.

    Named like the SQLite cache (its size, generator tag and schema revision), so a checkout at another schema
    loads its own. The app's migrations make the schema (Store.open); COPY then brings every table's rows over
    in dependency order, the summary tables as they are (their triggers are off for the load, or the quotes
    would count twice), then the sequences move past the copied ids and VACUUM ANALYZE gives the planner its
    figures and the visibility map a server that autovacuum has visited would have."""
    import psycopg
    from psycopg import sql
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from annotator.db.models import Base
    from annotator.store import Store
    from bench.pg_server import database_url as url

    name = archive.stem.replace("annotator_bench_people", "bench_people_pg")
    partial = f"{name}_partial"

    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            return url(name)
        conn.execute(text(f'DROP DATABASE IF EXISTS "{partial}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{partial}"'))
    Store.open(url(partial)).close()
    started = time.perf_counter()
    conninfo = make_url(url(partial)).set(drivername="postgresql").render_as_string(hide_password=False)
    tables = [t for t in Base.metadata.sorted_tables if t.name != "alembic_version"]
    source = sqlite3.connect(f"file:{archive}?mode=ro", uri=True)
    copied = 0
    try:
        with psycopg.connect(conninfo) as pg:
            for table in tables:
                pg.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(sql.Identifier(table.name)))
            for table in tables:
                columns = [c.name for c in table.columns]
                quoted = ", ".join(f'"{c}"' for c in columns)
                rows = source.execute(f'SELECT {quoted} FROM "{table.name}"')
                copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
                )
                with pg.cursor().copy(copy) as writer:
                    for row in rows:
                        writer.write_row(row)
                        copied += 1
                if "id" in table.columns and table.columns["id"].autoincrement is not False:
                    pg.execute(
                        sql.SQL(
                            "SELECT setval(pg_get_serial_sequence({t}, 'id'), max(id)) FROM {i} HAVING max(id) > 0"
                        ).format(t=sql.Literal(table.name), i=sql.Identifier(table.name))
                    )
            for table in tables:
                pg.execute(sql.SQL("ALTER TABLE {} ENABLE TRIGGER USER").format(sql.Identifier(table.name)))
        with psycopg.connect(conninfo, autocommit=True) as pg:
            pg.execute("VACUUM ANALYZE")
    finally:
        source.close()
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{partial}" RENAME TO "{name}"'))
    print(f"  copied {copied:,} rows into PostgreSQL ({name}) in {time.perf_counter() - started:.0f} s (kept)")
    return url(name)


def run() -> None:
    from annotator.store import Store

    path = _database(QUOTES)
    url = f"sqlite:///{path}"

    _, imports_peak = _child(_IMPORTS_ONLY)
    small = _database(REGROUP_QUOTES)
    regrouped, regroup_peak = _child(_REGROUP.format(url=f"sqlite:///{small}"))
    print(
        f"  full regrouping of {REGROUP_QUOTES:,} quotes ({regrouped['quotes']:,} comparable): "
        f"{regrouped['quotes'] / regrouped['seconds']:,.0f} quotes/s wall, "
        f"{regrouped['quotes'] / regrouped['cpu']:,.0f} quotes/s of CPU, {regrouped['groups']:,} groups; "
        f"peak memory {regroup_peak / 1024:.0f} MiB (the same process with its imports only: "
        f"{imports_peak / 1024:.0f} MiB)"
    )
    once = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    print(
        f"  full regrouping of {QUOTES:,} quotes, when the archive was generated: "
        f"{once['quotes'] / once['seconds']:,.0f} quotes/s wall, {once['quotes'] / once['cpu']:,.0f} quotes/s of CPU, "
        f"{once['groups']:,} groups, peak memory {once['peak_kib'] / 1024:.0f} MiB"
    )

    print("  SQLite:")
    store = Store.open(url)
    try:
        _archive_reads(store)
    finally:
        store.close()
    from bench.pg_server import admin_engine

    admin = admin_engine(indent="  ")
    if admin is None:
        return
    try:
        pg_url = _pg_database(admin, path)
    finally:
        admin.dispose()
    print("  PostgreSQL:")
    store = Store.open(pg_url)
    try:
        _archive_reads(store)
    finally:
        store.close()


def _archive_reads(store: Any) -> None:
    """The People view, one person's quotes, the likely duplicates, a write's trigger cost and matching one
    new article, on either database (the archive is left as it was)."""

    from annotator.db.models import Quote
    from annotator.people_archive import likely_duplicates, list_people, person_quotes
    from annotator.quote_groups import group_article, groups_for_quotes

    people = max(QUOTES // QUOTES_PER_ARTICLE, 10)
    first = list_people(store)
    deep_cursor = first.next
    deep = min(200, people // 200)  # 20,000 people down at full size
    for _ in range(deep):
        assert deep_cursor is not None
        deep_cursor = list_people(store, after=deep_cursor).next
    print(f"  People view, first page by name: {_ms(lambda: list_people(store)):.1f} ms")
    print(f"  People view, page {deep + 1} by name: {_ms(lambda: list_people(store, after=deep_cursor)):.1f} ms")
    print(f"  People view, first page by quote count: {_ms(lambda: list_people(store, sort='quotes'), 3):.1f} ms")
    print(f"  People view, first page by last seen: {_ms(lambda: list_people(store, sort='last_seen'), 3):.1f} ms")
    by_count = None
    for _ in range(deep):
        by_count = list_people(store, sort="quotes", after=by_count).next
    deep_by_count = _ms(lambda: list_people(store, sort="quotes", after=by_count))
    print(f"  People view, page {deep + 1} by quote count: {deep_by_count:.1f} ms")
    busiest = list_people(store, sort="quotes", limit=1).people[0]
    typical = first.people[0]
    second_page = person_quotes(store, busiest.person_id).next
    print(
        f"  one person's quotes (first page of 100): {busiest.quotes:,}-quote person "
        f"{_ms(lambda: person_quotes(store, busiest.person_id)):.1f} ms (second page "
        f"{_ms(lambda: person_quotes(store, busiest.person_id, after=second_page)):.1f} ms), "
        f"{typical.quotes}-quote person {_ms(lambda: person_quotes(store, typical.person_id)):.1f} ms"
    )
    started = time.perf_counter()
    likely_duplicates(store, person_ids=[typical.person_id])
    filled = time.perf_counter() - started
    duplicates = _ms(lambda: likely_duplicates(store, person_ids=[typical.person_id]))
    print(
        f"  likely duplicates of one person: {duplicates:.1f} ms (the first call, with any keys other "
        f"writers left empty: {filled * 1000:.0f} ms)"
    )
    flip = _status_flip(store, busiest.person_id)
    print(f"  a status change of one of the busiest person's quotes, its summary triggers included: {flip:.1f} ms")

    article_id = _new_article(store)
    result = group_article(store, article_id)
    with store.engine.connect() as conn:
        new_ids = list(
            conn.scalars(Quote.__table__.select().with_only_columns(Quote.id).where(Quote.article_id == article_id))
        )
    grouped = len(groups_for_quotes(store, new_ids))
    print(
        f"  matching one new article's {result.quotes} quotes against {QUOTES:,}: "
        f"{_ms(lambda: group_article(store, article_id)):.1f} ms ({grouped} of them found in a group; aim < 200 ms)"
    )
    _remove_article(store, article_id)


def _new_article(store: Any) -> int:
    """A new article quoting the archive: half of its quotes are earlier words with one changed."""
    from sqlalchemy import insert

    from annotator.db.models import Article, Quote

    with store.engine.connect() as conn:
        earlier = [r[0] for r in conn.execute(Quote.__table__.select().with_only_columns(Quote.text).limit(20))]
    with store.engine.begin() as conn:
        article_id = conn.execute(
            insert(Article).returning(Article.id),
            [{"title": "New", "text": "Generated.", "content_hash": f"bench-{time.time_ns()}", "extra": {}}],
        ).scalar_one()
        quotes = []
        for i, text in enumerate(earlier):
            words = text.strip("“”").split()
            if i % 2:
                words[0] = "changed"
            content = f"“{' '.join(words)}”"
            quotes.append(
                {
                    "uid": f"bench-{article_id}-{i}",
                    "article_id": article_id,
                    "start": 10,
                    "end": 10 + len(content),
                    "text": content,
                    "pieces": [[10, 10 + len(content)]],
                    "origin": "model:bench",
                    "status": "suggested",
                    "speaker_name": "Someone New",
                }
            )
        conn.execute(insert(Quote), quotes)
    return int(article_id)


def _remove_article(store: Any, article_id: int) -> None:
    """Leave the archive as it was: the groups the article joined are rebuilt without it."""
    from annotator.db.models import Article, Quote
    from annotator.quote_groups import group_article

    with store.engine.begin() as conn:
        conn.execute(Quote.__table__.delete().where(Quote.article_id == article_id))
    group_article(store, article_id)
    with store.engine.begin() as conn:
        conn.execute(Article.__table__.delete().where(Article.id == article_id))
