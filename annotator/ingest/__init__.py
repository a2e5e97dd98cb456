"""Article importers: .txt and .md (with optional YAML front matter), .html, .jsonl and .docx.

The store calls `read_articles` for a batch: it yields a ParsedArticle per article and an
ImportProblem per file (or JSONL line) that could not be imported, and never raises for a bad file.
`read_article_file` is the strict single-file form: it raises ArticleReadError, even for one bad
JSONL line.

Decisions worth knowing:
- A title taken from the text (the first non-empty line of a .txt/.md file without a metadata
  title, the first paragraph of a .docx) stays in the text: headlines hold quotes too, and offsets
  then match the file. Front matter never enters the text.
- `published` is an ISO date, or an ISO datetime when the source states a time
  ("2020-09-03-17-07-47" -> "2020-09-03T17:07:47"). An unreadable date stays in `extra`.
- HTML dates come only from what the page states (meta tags, structured data), never guessed.
- The size limit applies per file, except JSONL where it applies per line (per article).
"""

from annotator.ingest.parsed import ArticleReadError, ImportProblem, ParsedArticle
from annotator.ingest.reader import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    find_article_files,
    read_article_file,
    read_articles,
)

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
