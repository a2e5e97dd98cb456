"""Map loosely named metadata (front matter, JSONL fields) onto ParsedArticle, and derive titles."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from annotator.ingest.dates import normalise_date
from annotator.ingest.parsed import ArticleReadError, ParsedArticle

# Synonyms seen in static-site front matter and scraped-news datasets; first present key wins.
_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "published": ("published", "date", "published_at", "publish_date", "pubdate", "date_published"),
    "description": ("description", "summary", "excerpt", "subtitle"),
    "author": ("author", "authors", "byline"),
    "url": ("url", "link", "canonical_url", "permalink"),
    "outlet": ("outlet", "source", "site", "sitename", "site_name", "publisher", "publication"),
}
TITLE_LIMIT = 200
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")


def as_text(value: Any) -> str:
    """One readable string for a metadata value of any YAML/JSON type."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(as_text(item) for item in value if item is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


def shorten(line: str, limit: int = TITLE_LIMIT) -> str:
    """Cut an over-long first line (a whole paragraph, in files with no headline) at a word boundary."""
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] or line[: limit - 1]
    return cut.rstrip(" ,;:-") + "…"


def first_line_title(text: str, *, markdown: bool = False) -> str:
    """The first non-empty line, as a headline; in Markdown without its `#` heading marks."""
    for line in text.splitlines():
        if not line.strip():
            continue
        if markdown and (heading := _MD_HEADING.match(line)):
            line = heading[1]
        title = shorten(line)
        if title:
            return title
    return ""


def trim_body(text: str) -> str:
    """Drop blank lines before the first words and all whitespace after the last ones."""
    text = text.rstrip()
    stripped = text.lstrip()
    if not stripped:
        return ""
    # Keep the first line's own indentation: only whole blank lines are removed at the top.
    start = len(text) - len(stripped)
    return text[text.rfind("\n", 0, start) + 1 :]


def build_article(
    text: str,
    source: str,
    metadata: Mapping[str, Any],
    *,
    fallback_title: str,
    markdown: bool = False,
    notes: tuple[str, ...] = (),
) -> ParsedArticle:
    """A ParsedArticle from body text and loose metadata; unknown keys go to `extra` as strings.

    The title is the metadata title, else the body's first line, else `fallback_title` (the file stem),
    so it is never empty. A date that cannot be read is kept, untouched, in `extra`.
    """
    lowered = {key.lower(): key for key in metadata}
    known: dict[str, str | None] = {}
    used: set[str] = set()
    for name, synonyms in _FIELDS.items():
        known[name] = None
        for synonym in synonyms:
            key = lowered.get(synonym)
            if key is None or metadata[key] is None:
                continue
            value = normalise_date(metadata[key]) if name == "published" else as_text(metadata[key]) or None
            if value is None:
                continue
            known[name] = value
            used.add(key)
            break
    extra = {key: as_text(value) for key, value in metadata.items() if key not in used and value is not None}
    title = shorten(known["title"] or "") or first_line_title(text, markdown=markdown) or fallback_title
    _refuse_lone_surrogates("the text", text)
    for name, value in [("the title", title), *known.items(), *extra.items()]:
        _refuse_lone_surrogates(name, value)
        _refuse_lone_surrogates("a field name", name)
    return ParsedArticle(
        text=text,
        title=title,
        source=source,
        outlet=known["outlet"],
        author=known["author"],
        url=known["url"],
        published=known["published"],
        description=known["description"],
        extra=extra,
        notes=notes,
    )


def _refuse_lone_surrogates(name: str, value: str | None) -> None:
    """JSON and YAML escapes can spell half a UTF-16 pair ("\\ud800"), which no database can store."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        where = "" if name == "the text" else f" in {name}"
        character = f"U+{ord(value[error.start]):04X}"
        raise ArticleReadError(
            f"invalid character {character} (half of a UTF-16 pair) at position {error.start}{where}"
        ) from None
