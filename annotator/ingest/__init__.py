"""Article importers: .txt and .md (with optional YAML front matter), .html, .jsonl and .docx.

The store calls `read_articles` for a batch: it yields a ParsedArticle per article and an
ImportProblem per file (or JSONL line) that could not be imported, and never raises for a bad file.
"""

from annotator.ingest.reader import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    find_article_files,
    read_article_file,
    read_articles,
)
from annotator.ingest.types import ArticleReadError, ImportProblem, ParsedArticle

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "ArticleReadError",
    "ImportProblem",
    "ParsedArticle",
    "find_article_files",
    "read_article_file",
    "read_articles",
]
