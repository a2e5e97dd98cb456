"""HTML pages: trafilatura finds the main article text and the page's metadata, offline."""

from __future__ import annotations

import re
from pathlib import Path

import trafilatura

from annotator.ingest.encoding import decode_text, normalise_newlines
from annotator.ingest.metadata import build_article, trim_body
from annotator.ingest.parsed import ArticleReadError, ParsedArticle

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_MARKUP = re.compile(r"<\s*(html|body|head|p|div|article|h[1-6])\b", re.IGNORECASE)


def _decode_html(data: bytes) -> str:
    """Honour a page's declared charset (saved pages say so), else guess like any text file."""
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode(declared[1].decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            return normalise_newlines(text.lstrip("\ufeff"))
    return decode_text(data)


def parse_html_file(data: bytes, path: Path) -> ParsedArticle:
    html = _decode_html(data)
    if not html.strip():
        raise ArticleReadError("empty file")
    if not _MARKUP.search(html):
        raise ArticleReadError("broken HTML: no HTML markup found")
    # No url is passed and nothing is fetched: trafilatura works only on the string it is given.
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        favor_recall=True,
        # Only dates the page states as its own: the extensive search would take "© 2024" in a footer
        # for a publication date, and a wrong date is worse than none.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = getattr(document, "text", None) or ""
    body = trim_body(normalise_newlines(body))
    if not body:
        raise ArticleReadError("broken HTML: no article text found")
    metadata = {
        "title": getattr(document, "title", None),
        "outlet": getattr(document, "sitename", None),
        "author": getattr(document, "author", None),
        "url": getattr(document, "url", None),
        "published": getattr(document, "date", None),
        "description": getattr(document, "description", None),
    }
    return build_article(body, str(path), metadata, fallback_title=path.stem)
