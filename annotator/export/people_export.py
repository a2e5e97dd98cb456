"""Every person of the database with their aliases and how often they are quoted, as CSV or JSONL."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from annotator.export.csv_export import csv_writer, neutralise
from annotator.export.quote_rows import PersonRow

PEOPLE_COLUMNS: tuple[str, ...] = (
    "person_id",
    "name",
    "aliases",
    "description",
    "quotes",
    "verified_quotes",
    "created_at",
    "created_by",
)
ALIAS_SEPARATOR = "; "  # in the CSV cell; JSONL keeps a list


def person_cells(person: PersonRow) -> list[Any]:
    return [
        person.person_id,
        neutralise(person.name),
        neutralise(ALIAS_SEPARATOR.join(person.aliases)),
        neutralise(person.description),
        person.quotes,
        person.verified_quotes,
        person.created_at,
        neutralise(person.created_by),
    ]


def person_object(person: PersonRow) -> dict[str, Any]:
    return {
        "person_id": person.person_id,
        "name": person.name,
        "aliases": list(person.aliases),
        "description": person.description,
        "quotes": person.quotes,
        "verified_quotes": person.verified_quotes,
        "created_at": person.created_at,
        "created_by": person.created_by,
    }


def write_people_csv(
    stream: TextIO, batches: Iterable[list[PersonRow]], after_batch: Callable[[int], None] | None = None
) -> int:
    writer = csv_writer(stream)
    writer.writerow(PEOPLE_COLUMNS)
    written = 0
    for batch in batches:
        writer.writerows([person_cells(p) for p in batch])
        written += len(batch)
        if after_batch is not None:
            after_batch(written)
    return written


def write_people_jsonl(
    stream: TextIO, batches: Iterable[list[PersonRow]], after_batch: Callable[[int], None] | None = None
) -> int:
    written = 0
    for batch in batches:
        stream.write("".join(json.dumps(person_object(p), ensure_ascii=False) + "\n" for p in batch))
        written += len(batch)
        if after_batch is not None:
            after_batch(written)
    return written
