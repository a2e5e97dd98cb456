"""The `annotator extract --format jsonl` contract: one JSON object per article with entities and quotes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from annotator.nlp.engine import annotate_many
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
        "confidence": quote.confidence,
    }


def annotations_record(article_id: str, annotations: Annotations) -> dict[str, Any]:
    return {
        "id": article_id,
        "entities": [{"start": e.start, "end": e.end, "label": e.label, "text": e.text} for e in annotations.entities],
        "quotes": [quote_record(q) for q in annotations.quotes],
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
    """(id, text) pairs: a file is read as UTF-8 text with its stem as id; `-` reads JSONL {"id", "text"}
    lines from `stdin`, keeping their ids (a missing id becomes "stdin-<line number>")."""
    for path in paths:
        if path == "-":
            for number, line in enumerate(stdin, start=1):
                if not line.strip():
                    continue
                record = json.loads(line)
                yield str(record.get("id", f"stdin-{number}")), str(record["text"])
        else:
            file = Path(path)
            yield file.stem, file.read_text(encoding="utf-8", errors="replace")
