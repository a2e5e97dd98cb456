"""The `annotator extract --format jsonl` contract: one JSON object per article with entities, quotes (each with
its verbatim pieces) and the quoted phrases that are not quotes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from annotator.nlp.suggestions import annotate_many
from annotator.nlp.types import Annotations, KnownPerson, QuoteGuess, TextSpan

if TYPE_CHECKING:
    from spacy.language import Language


def _span(span: TextSpan | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def quote_record(quote: QuoteGuess) -> dict[str, Any]:
    speaker = quote.speaker
    return {
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "kind": quote.kind,
        "direct": quote.kind != "indirect",
        "cue": _span(quote.cue),
        "speaker": None
        if speaker is None
        else {"name": speaker.name, "start": speaker.start, "end": speaker.end, "text": speaker.text},
        "venue": _span(quote.venue),
        "pieces": [[piece.start, piece.end] for piece in quote.pieces],
        "confidence": quote.confidence,
    }


def annotations_record(article_id: str, annotations: Annotations) -> dict[str, Any]:
    return {
        "id": article_id,
        "entities": [{"start": e.start, "end": e.end, "label": e.label, "text": e.text} for e in annotations.entities],
        "quotes": [quote_record(q) for q in annotations.quotes],
        "phrases": [_span(p) for p in annotations.phrases],
        "model": annotations.model,
    }


def extract_records(
    items: Iterable[tuple[str, str]],
    *,
    known_people: Sequence[KnownPerson] = (),
    n_process: int = 1,
    batch_size: int = 16,
    nlp: Language | None = None,
) -> Iterator[dict[str, Any]]:
    """One record per (id, text), in order, in the shape `annotator extract --format jsonl` prints."""
    pending_ids: list[str] = []

    def texts() -> Iterator[str]:
        for article_id, text in items:
            pending_ids.append(article_id)
            yield text

    results = annotate_many(texts(), known_people=known_people, n_process=n_process, batch_size=batch_size, nlp=nlp)
    for position, result in enumerate(results):
        yield annotations_record(pending_ids[position], result)


def read_extract_inputs(paths: list[str], stdin: TextIO) -> Iterator[tuple[str, str]]:
    """(id, text) pairs. `-` reads JSONL {"id", "text"} lines from `stdin`, keeping their ids (a missing id
    becomes "stdin-<line number>"). A .txt or .md file is decoded as import does (UTF-8/16, cp1252, BOM,
    newlines) and kept whole, so offsets count from the file's first character; .html, .docx and .jsonl go
    through the importers (the article's main text; a JSONL line keeps its "id"). Its stem is the id.
    A file or line that cannot be read raises ArticleReadError naming it."""
    from annotator.ingest import ArticleReadError, read_article_file
    from annotator.ingest.encoding import decode_text

    for path in paths:
        if path == "-":
            yield from _stdin_inputs(stdin)
            continue
        file = Path(path)
        try:
            if file.suffix.lower() in (".txt", ".md", ".markdown"):
                yield file.stem, decode_text(file.read_bytes())
                continue
            articles = read_article_file(file)
        except OSError as exc:
            raise ArticleReadError(f"{path}: {exc.strerror or exc}") from exc
        except ArticleReadError as exc:
            raise ArticleReadError(f"{path}: {exc.reason}") from exc
        for number, article in enumerate(articles, start=1):
            given = article.extra.get("id") if article.extra else None
            yield (str(given) if given else file.stem if len(articles) == 1 else f"{file.stem}-{number}"), article.text


def _stdin_inputs(stdin: TextIO) -> Iterator[tuple[str, str]]:
    from annotator.ingest import ArticleReadError

    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ArticleReadError(f"stdin line {number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ArticleReadError(f'stdin line {number}: expected an object with a "text" string')
        yield str(record.get("id", f"stdin-{number}")), record["text"]
