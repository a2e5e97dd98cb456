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
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from annotator.db.models import Article, Edit, utc_now
from annotator.ingest import ImportProblem, ParsedArticle, find_article_files, read_articles
from annotator.progress import ProgressCallback, no_progress
from annotator.store import NewArticle, Store
from annotator.store.articles import content_hash

BATCH = 1_000
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


def _row(article: ParsedArticle, digest: str, user: str) -> dict[str, object]:
    # The same fields and clean-up as Store.add_article
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
        "imported_at": utc_now(),
    }


def _write_batch(store: Store, batch: Sequence[ParsedArticle], *, user: str) -> tuple[list[int], int]:
    """Insert the articles of a batch that are not in yet; returns (new ids, how many were already in)."""
    fresh: dict[str, ParsedArticle] = {}
    for article in batch:
        fresh.setdefault(content_hash(article.text), article)  # the same text twice in one batch: once
    try:
        with store.engine.begin() as conn:
            hashes = list(fresh)
            for first in range(0, len(hashes), _LOOKUP_CHUNK):
                chunk = hashes[first : first + _LOOKUP_CHUNK]
                for known in conn.scalars(select(Article.content_hash).where(Article.content_hash.in_(chunk))):
                    fresh.pop(known, None)
            if not fresh:
                return [], len(batch)
            rows = [_row(article, digest, user) for digest, article in fresh.items()]
            inserted = conn.execute(
                insert(Article).returning(Article.id, Article.title, sort_by_parameter_order=True), rows
            )
            ids_titles = inserted.all()
            conn.execute(
                insert(Edit),
                [
                    {
                        "user": user,
                        "action": "import",
                        "target": "article",
                        "target_id": article_id,
                        "article_id": article_id,
                        "after": {"title": title, "source": row["source"], "content_hash": row["content_hash"]},
                    }
                    for (article_id, title), row in zip(ids_titles, rows, strict=True)
                ],
            )
    except IntegrityError:
        # Another importer added some of these texts meanwhile: this batch goes one article at a time
        return _write_one_by_one(store, batch, user=user)
    ids = [article_id for article_id, _ in ids_titles]
    return ids, len(batch) - len(ids)


def _write_one_by_one(store: Store, batch: Sequence[ParsedArticle], *, user: str) -> tuple[list[int], int]:
    ids: list[int] = []
    for article in batch:
        summary, created = store.add_article(
            NewArticle(
                title=article.title,
                text=article.text,
                outlet=article.outlet,
                author=article.author,
                url=article.url,
                published=article.published,
                description=article.description,
                source=article.source,
                extra=dict(article.extra) if article.extra else None,
            ),
            user=user,
        )
        if created:
            ids.append(summary.id)
    return ids, len(batch) - len(ids)
