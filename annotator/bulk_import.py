"""Importing an archive: a folder or JSON Lines file of hundreds of thousands of articles, in batches.

The same articles as `annotator.importing.import_paths` (read by annotator.ingest, the same fields and the
same audit row per article), but written a batch at a time: the content hashes of a batch are looked up in
one query, the new articles inserted with one multi-row statement and their audit rows with another, in one
transaction per batch. A re-run after a crash or Ctrl+C goes through the files again and skips every
article already in (its content hash is there), so an interrupted import resumes where it stopped, and
loses at most the batch it was writing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from annotator.db.models import Article, Edit, utc_now
from annotator.importing import new_article
from annotator.ingest import ImportProblem, ParsedArticle, find_article_files, read_articles
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Store, content_hash

BATCH = 2_000  # a commit (an fsync on SQLite) per 2,000 articles
_LOOKUP_CHUNK = 500  # hashes per IN (...): below the parameter limit of old SQLite builds


@dataclass(frozen=True, slots=True)
class BulkImportReport:
    added: int = 0
    duplicates: int = 0  # already in the database (an earlier run, or the same text twice in the input)
    problems: tuple[tuple[str, str], ...] = ()  # (source, reason)
    cancelled: bool = False
    added_ids: tuple[int, ...] = field(default=(), repr=False)


def count_items(files: Sequence[Path]) -> int:
    """How many articles the files hold, for progress: one per file, one per line of a JSON Lines file."""
    total = 0
    for path in files:
        if path.suffix.lower() == ".jsonl":
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1  # read_articles reports it as a problem
        else:
            total += 1
    return total


def bulk_import(
    store: Store,
    paths: Iterable[str | Path],
    *,
    user: str,
    progress: ProgressCallback | None = None,
    batch_size: int = BATCH,
) -> BulkImportReport:
    """Import files and folders in batches; returns counts. Unreadable files are reported by name."""
    report = progress or no_progress
    files = find_article_files(paths)
    total = count_items(files)
    if not report(0, total, "importing"):
        return BulkImportReport(cancelled=True)
    added: list[int] = []
    duplicates = 0
    problems: list[tuple[str, str]] = []
    seen = 0
    batch: list[ParsedArticle] = []

    def flush() -> bool:
        nonlocal duplicates, seen
        new_ids, repeated = _write_batch(store, batch, user=user)
        added.extend(new_ids)
        duplicates += repeated
        seen += len(batch)
        batch.clear()
        return report(seen + len(problems), total, f"imported {len(added)}, {duplicates} already in")

    for item in read_articles(files):
        if isinstance(item, ImportProblem):
            problems.append((item.source, item.reason))
            continue
        batch.append(item)
        if len(batch) >= batch_size and not flush():
            return BulkImportReport(len(added), duplicates, tuple(problems), True, tuple(added))
    if batch:
        flush()
    return BulkImportReport(len(added), duplicates, tuple(problems), False, tuple(added))


def _row(article: ParsedArticle, digest: str, user: str, now: datetime) -> dict[str, Any]:
    # The same fields and clean-up as store.articles.add_article
    return {
        "title": article.title.strip()[:1000] or "Untitled",
        "text": article.text,
        "content_hash": digest,
        "outlet": article.outlet,
        "author": article.author,
        "url": article.url,
        "published": article.published,
        "description": article.description,
        "source": article.source,
        "extra": dict(article.extra) if article.extra else {},
        "status": "new",
        "imported_by": user,
        "imported_at": now,
    }


def _write_batch(store: Store, batch: Sequence[ParsedArticle], *, user: str) -> tuple[list[int], int]:
    """Insert the articles of a batch that are not in yet; returns (new ids, how many were already in)."""
    fresh: dict[str, ParsedArticle] = {}
    for article in batch:
        fresh.setdefault(content_hash(article.text), article)  # the same text twice in one batch: once
    try:
        with store.engine.begin() as conn:
            for known in _ids_by_hash(conn, list(fresh)):
                fresh.pop(known)
            if not fresh:
                return [], len(batch)
            now = utc_now()
            rows = [_row(article, digest, user, now) for digest, article in fresh.items()]
            conn.execute(insert(Article), rows)  # one executemany: no RETURNING, which SQLite does row by row
            ids = _ids_by_hash(conn, list(fresh))
            conn.execute(
                insert(Edit),
                [
                    {
                        "at": now,
                        "user": user,
                        "action": "import",
                        "target": "article",
                        "target_id": ids[row["content_hash"]],
                        "article_id": ids[row["content_hash"]],
                        "after": {"title": row["title"], "source": row["source"], "content_hash": row["content_hash"]},
                    }
                    for row in rows
                ],
            )
    except IntegrityError:
        # Another importer added some of these texts meanwhile: this batch goes one article at a time
        return _write_one_by_one(store, batch, user=user)
    new_ids = sorted(ids.values())
    return new_ids, len(batch) - len(new_ids)


def _ids_by_hash(conn: Connection, hashes: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for first in range(0, len(hashes), _LOOKUP_CHUNK):
        chunk = hashes[first : first + _LOOKUP_CHUNK]
        query = select(Article.content_hash, Article.id).where(Article.content_hash.in_(chunk))
        found.update((digest, article_id) for digest, article_id in conn.execute(query))
    return found


def _write_one_by_one(store: Store, batch: Sequence[ParsedArticle], *, user: str) -> tuple[list[int], int]:
    ids: list[int] = []
    for article in batch:
        summary, created = store.articles.add_article(new_article(article), user=user)
        if created:
            ids.append(summary.id)
    return ids, len(batch) - len(ids)
