"""JSON Lines: the CSV row of each quote (same keys, real types, nothing neutralised) plus the article's
metadata and the quote's full provenance (model or editor, who proposed, confirmed and reviewed it and when,
the spans of the cue, speaker and venue, and the audit trail)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from annotator.export.quote_rows import CSV_COLUMNS, CSV_FIELD_COUNT, Provenance, QuoteRow, provenance_for
from annotator.store import Store


def _span(start: int | None, end: int | None, text: str | None) -> dict[str, Any] | None:
    if start is None or end is None:
        return None
    return {"start": start, "end": end, "text": text}


def quote_object(row: QuoteRow, provenance: Provenance | None) -> dict[str, Any]:
    record: dict[str, Any] = dict(zip(CSV_COLUMNS, row[:CSV_FIELD_COUNT], strict=True))
    origin = row.origin
    record["article"] = {
        "id": row.article_id,
        "title": row.article_title,
        "outlet": row.outlet,
        "author": row.article_author,
        "published": row.published,
        "url": row.url,
        "source": row.article_source,
        "annotated_with": row.article_annotated_with,
    }
    record["spans"] = {
        "quote": {
            "start": row.start,
            "end": row.end,
            "text": row.content,
            "words": row.quote,
            "pieces": [[start, end] for start, end in row.pieces],
        },
        "cue": _span(row.cue_start, row.cue_end, row.cue),
        "speaker": (
            None
            if row.speaker_start is None
            else {
                **(_span(row.speaker_start, row.speaker_end, row.speaker_as_written) or {}),
                "name": row.speaker,
                "person_id": row.speaker_id,
            }
        ),
        "venue": _span(row.venue_start, row.venue_end, row.venue),
    }
    record["provenance"] = {
        "origin": origin,
        "source": "model" if origin.startswith("model") else "editor",
        "model_version": origin.split(":", 1)[1] if origin.startswith("model:") else None,
        "confidence": row.confidence,
        "suggested_speaker": row.speaker_name,
        "proposed_by": provenance.proposed_by if provenance else None,
        "proposed_at": provenance.proposed_at if provenance else None,
        "confirmed_by": provenance.confirmed_by if provenance else row.verified_by,
        "confirmed_at": provenance.confirmed_at if provenance else row.verified_at,
        "review_status": row.review_status,
        "reviewed_by": row.review_by_any,
        "reviewed_at": row.review_at_any,
        "review_comment": row.review_comment,
        "note": row.note,
        "created_at": row.created_at,
        "updated_by": row.updated_by,
        "updated_at": row.updated_at,
        "version": row.version,
        "history": [
            {"at": e.at, "user": e.user, "action": e.action, "fields": list(e.fields)}
            for e in (provenance.history if provenance else ())
        ],
    }
    return record


def write_quote_batches(
    stream: TextIO,
    store: Store,
    batches: Iterable[list[QuoteRow]],
    after_batch: Callable[[int], None] | None = None,
) -> int:
    written = 0
    for batch in batches:
        found = provenance_for(store, batch)
        stream.write(
            "".join(json.dumps(quote_object(row, found.get(row.id)), ensure_ascii=False) + "\n" for row in batch)
        )
        written += len(batch)
        if after_batch is not None:
            after_batch(written)
    return written
