"""Bringing article files into the database: read each with annotator.ingest, add it through the store."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.ingest import ImportProblem, ParsedArticle, find_article_files, read_articles
from annotator.paths import seeds_dir
from annotator.progress import ProgressCallback, no_progress
from annotator.records import ArticleSummary, ImportReport
from annotator.store import NewArticle, Store


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    user: str,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import files and folders. A file that cannot be read is reported by name; the rest go on."""
    report = progress or no_progress
    files = find_article_files(paths)
    added: list[ArticleSummary] = []
    duplicates: list[str] = []
    problems: list[tuple[str, str]] = []
    notes: list[tuple[str, str]] = []
    done_files: set[str] = set()
    cancelled = False
    if not report(0, len(files), "reading files"):
        return ImportReport(cancelled=True)
    for item in read_articles(files):
        if isinstance(item, ImportProblem):
            problems.append((item.source, item.reason))
            source = item.source
        else:
            summary, created = store.articles.add_article(new_article(item), user=user)
            notes.extend((item.source, note) for note in item.notes)
            if created:
                added.append(summary)
            else:
                duplicates.append(item.source)
            source = item.source
        done_files.add(_file_of(source))
        if not report(len(done_files), len(files), f"imported {Path(_file_of(source)).name}"):
            cancelled = True
            break
    return ImportReport(
        added=tuple(added),
        duplicates=tuple(duplicates),
        problems=tuple(problems),
        notes=tuple(notes),
        cancelled=cancelled,
    )


def import_seeds_if_empty(store: Store, *, user: str) -> ImportReport:
    """First start: an empty database opens on the bundled sample articles."""
    if store.articles.count_articles() > 0:
        return ImportReport()
    folder = seeds_dir()
    if not folder.is_dir():
        return ImportReport(problems=((str(folder), "the sample articles are missing from this installation"),))
    return import_paths(store, [folder], user=user)


def new_article(parsed: ParsedArticle) -> NewArticle:
    """What the store takes of a parsed file (the one import and the bulk import both)."""
    return NewArticle(
        title=parsed.title,
        text=parsed.text,
        outlet=parsed.outlet,
        author=parsed.author,
        url=parsed.url,
        published=parsed.published,
        description=parsed.description,
        source=parsed.source,
        extra=dict(parsed.extra) if parsed.extra else None,
    )


def _file_of(source: str) -> str:
    """JSONL problems and articles name "file.jsonl:LINE"; progress counts files."""
    head, sep, tail = source.rpartition(":")
    return head if sep and tail.isdigit() else source
