"""Choose files to import and dispatch each to the parser for its type; bad files become problems."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.ingest.docx import parse_docx_file
from annotator.ingest.html import parse_html_file
from annotator.ingest.jsonl import parse_jsonl_file
from annotator.ingest.parsed import ArticleReadError, ImportProblem, ParsedArticle
from annotator.ingest.sizes import human_size
from annotator.ingest.text_files import parse_text_file

DEFAULT_MAX_BYTES = 20_000_000
SUPPORTED_SUFFIXES = (".docx", ".htm", ".html", ".jsonl", ".markdown", ".md", ".txt")


def _hidden(name: str) -> bool:
    # "~$name.docx" is the lock file Word leaves beside an open document, not an article.
    return name.startswith((".", "~$"))


def _as_list(paths: Iterable[str | Path] | str | Path) -> list[str | Path]:
    # A lone path is iterable too (a str by character); take it as one path, not many.
    return [paths] if isinstance(paths, str | Path) else list(paths)


def find_article_files(paths: Iterable[str | Path] | str | Path) -> list[Path]:
    """Files to import: folders expand recursively in sorted order, hidden entries inside them skipped.

    Files named directly are kept as given, whatever their type, so read_articles can say why an
    unsupported one was not imported. Folder contents are kept whatever their type for the same
    reason; a file named twice (directly and through its folder) is listed once.
    """
    found: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(path)

    for given in _as_list(paths):
        path = Path(given)
        if not path.is_dir():
            add(path)
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not _hidden(d))
            for name in sorted(files):
                if not _hidden(name):
                    add(Path(root) / name)
    return found


def _check_file(path: Path, max_bytes: int) -> str:
    """The lower-case suffix of a readable, supported file; raises ArticleReadError otherwise."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise ArticleReadError("file not found")
    if suffix not in SUPPORTED_SUFFIXES:
        kind = suffix or "without an extension"
        raise ArticleReadError(f"unsupported file type {kind} (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    if not path.is_file():
        raise ArticleReadError("not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise ArticleReadError("empty file")
    # JSONL is checked line by line instead (see jsonl.py): many articles make a big file.
    if size > max_bytes and suffix != ".jsonl":
        raise ArticleReadError(f"file too large ({human_size(size)}; limit {human_size(max_bytes)})")
    return suffix


def _read_one(path: Path, max_bytes: int) -> Iterator[ParsedArticle | ImportProblem]:
    suffix = _check_file(path, max_bytes)
    if suffix == ".jsonl":
        yield from parse_jsonl_file(path, max_bytes=max_bytes)
        return
    data = path.read_bytes()
    if suffix in (".txt", ".md", ".markdown"):
        yield parse_text_file(data, path, markdown=suffix != ".txt")
    elif suffix in (".html", ".htm"):
        yield parse_html_file(data, path)
    else:
        yield parse_docx_file(data, path, max_bytes=max_bytes)


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "cannot read the file: permission denied"
    if isinstance(error, FileNotFoundError):
        return "file not found"
    return f"cannot read the file: {error.strerror or error}"


def read_article_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[ParsedArticle]:
    """Every article in one file; raises ArticleReadError with a reason for the user if it is bad.

    Strict on purpose: a .jsonl file with one bad line raises for that line ("line 3: not valid
    JSON") rather than quietly dropping it. Use read_articles to import the good lines anyway.
    """
    path = Path(path)
    articles: list[ParsedArticle] = []
    try:
        for item in _read_one(path, max_bytes):
            if isinstance(item, ImportProblem):
                raise ArticleReadError(item.reason)
            articles.append(item)
    except OSError as error:
        raise ArticleReadError(_os_reason(error)) from error
    return articles


def read_articles(
    paths: Iterable[str | Path] | str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ParsedArticle | ImportProblem]:
    """Articles and problems, file by file, in find_article_files order. Never raises for a bad file."""
    for path in find_article_files(paths):
        # JSONL lines are independent articles, so they stream; any other file is drained first so a
        # file failing half-way reports one problem and no partial article.
        streaming = path.suffix.lower() == ".jsonl"
        results: list[ParsedArticle | ImportProblem] = []
        try:
            for item in _read_one(path, max_bytes):
                if streaming:
                    yield item
                else:
                    results.append(item)
        except ArticleReadError as error:
            yield ImportProblem(str(path), error.reason)
            continue
        except OSError as error:
            yield ImportProblem(str(path), _os_reason(error))
            continue
        except Exception as error:  # a parser library's own bug must not stop the batch
            yield ImportProblem(str(path), f"could not read the file ({type(error).__name__}: {error})")
            continue
        yield from results
