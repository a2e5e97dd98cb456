"""Plain-text and Markdown articles, with optional YAML front matter.

Title choice: without a metadata title, the first non-empty line (the headline) becomes the title
*and stays in the text*. Headlines carry quotes too ("Zuckerberg: 'There's no secret deal'"), and
keeping the file whole means an offset in the text is an offset in the file the journalist has.
Front matter, on the other hand, is metadata and never part of the text.
"""

from __future__ import annotations

from pathlib import Path

from annotator.ingest.encoding import decode_text
from annotator.ingest.front_matter import split_front_matter
from annotator.ingest.metadata import build_article, trim_body
from annotator.ingest.parsed import ArticleReadError, ParsedArticle


def parse_text_file(data: bytes, path: Path, *, markdown: bool = False) -> ParsedArticle:
    text = decode_text(data)
    if not text.strip():
        raise ArticleReadError("empty file")
    metadata, body, problem = split_front_matter(text)
    body = trim_body(body)
    if not body:
        raise ArticleReadError("no article text after the front matter")
    notes = (problem,) if problem else ()
    return build_article(body, str(path), metadata or {}, fallback_title=path.stem, markdown=markdown, notes=notes)
