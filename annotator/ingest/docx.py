"""Word (.docx) articles: body paragraphs as text, core document properties as metadata."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError

from annotator.ingest.archive import UNPACKED_PER_FILE_LIMIT, check_zip_bounds
from annotator.ingest.metadata import build_article
from annotator.ingest.parsed import ArticleReadError, ParsedArticle

# python-docx stamps every new document with these; they describe the library, not the article.
_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.UTC)


def parse_docx_file(data: bytes, path: Path, *, max_bytes: int) -> ParsedArticle:
    """The article in a Word file; `max_bytes` bounds the file, and what it may unpack to (see archive.py)."""
    check_zip_bounds(data, kind="Word document (.docx)", max_unpacked=UNPACKED_PER_FILE_LIMIT * max_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ArticleReadError("not a valid Word document (.docx)") from error
    # Blank lines between paragraphs keep paragraph breaks visible, as in .txt articles.
    paragraphs = [p.text.replace("\r", "\n").rstrip() for p in document.paragraphs]
    body = "\n\n".join(p for p in paragraphs if p.strip())
    if not body:
        raise ArticleReadError("empty file")

    properties = document.core_properties
    created = properties.created
    if created is not None and created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    metadata = {
        "title": properties.title or None,
        "author": properties.author if properties.author != _TEMPLATE_AUTHOR else None,
        "published": created if created and created != _TEMPLATE_CREATED else None,
        "description": properties.subject or properties.comments or None,
        "keywords": properties.keywords or None,
    }
    return build_article(body, str(path), metadata, fallback_title=path.stem)
