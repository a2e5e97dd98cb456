"""The rows an export writes, read through the store in batches so memory stays flat.

The reads themselves are the store's (annotator/store/export_reads.py: keyset-paginated, read-only, one
short connection per batch); here they become QuoteRow, PersonRow and ArticleDocRow values for the writers,
with the quote's words stripped of their marks and each quote's provenance taken from the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from annotator.decision_rules import CREATION_ACTIONS
from annotator.pieces import verbatim_words
from annotator.progress import ProgressCallback
from annotator.records import DEFAULT_STATUSES, VERIFIED_STATUSES, ExportFilter, parse_statuses
from annotator.store import Store, StoreError
from annotator.store.export_reads import (
    ALWAYS_READ,
    CONTENT_COLUMN,
    ID_COLUMN,
    PIECES_COLUMN,
    QUOTE_COLUMN,
    START_COLUMN,
)

__all__ = ["DEFAULT_STATUSES", "ExportFilter", "parse_statuses"]

BATCH_SIZE = 5_000

# progress(done, total, label) -> False to cancel: the project's one callback shape
Progress = ProgressCallback


class ExportCancelled(StoreError):
    """The progress callback asked to stop; nothing was written to the target path."""


class QuoteRow(NamedTuple):
    """One exported quote. The first 23 fields are the CSV contract, in its order; the rest is provenance."""

    quote_id: str
    article_id: int
    article_title: str
    outlet: str | None
    published: str | None
    url: str | None
    quote: str
    kind: str
    speaker: str | None
    speaker_id: int | None
    speaker_as_written: str | None
    cue: str | None
    venue: str | None
    start: int
    end: int
    status: str
    verified_by: str | None
    verified_at: str | None
    reviewed_by: str | None
    reviewed_at: str | None
    origin: str
    content: str  # the reported clause as written, marks and writer's words included
    quote_group: str | None  # the key of the group of the same words across articles; None when alone
    # ---- beyond the CSV: always read ----
    pieces: tuple[tuple[int, int], ...]  # the verbatim stretches (article offsets, marks included)
    id: int  # the database key: only meaningful inside this database
    speaker_name: str | None  # the canonical name suggested (before or without a person)
    review_status: str | None
    review_by_any: str | None  # the reviewer whatever the outcome (reviewed_by is for accepted only)
    review_at_any: str | None
    # ---- provenance: read only when asked for (JSONL), None otherwise ----
    confidence: float | None
    note: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue_start: int | None
    cue_end: int | None
    venue_start: int | None
    venue_end: int | None
    review_comment: str | None
    created_at: str | None
    updated_by: str | None
    updated_at: str | None
    version: int | None
    article_author: str | None
    article_source: str | None
    article_annotated_with: str | None


CSV_FIELD_COUNT = 23
CSV_COLUMNS: tuple[str, ...] = QuoteRow._fields[:CSV_FIELD_COUNT]


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, to the second: 2024-03-05T14:02:11Z."""
    if value is None:
        return None
    if value.tzinfo is not None and value.utcoffset():
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def quote_words(r: Sequence[Any]) -> str:
    """The `quote` cell of a result row of the export query: the stored words, else the pieces' words worked
    out from the content (see annotator.pieces) for a row another program wrote without them."""
    words: str | None = r[QUOTE_COLUMN]
    if words is not None:
        return words
    return verbatim_words(r[CONTENT_COLUMN], r[START_COLUMN], r[PIECES_COLUMN] or ())


def make_quote_row(r: Any) -> QuoteRow:
    """A QuoteRow from a result row of the export query (short rows get None for the provenance fields)."""
    tail = r[ID_COLUMN:] if len(r) > ALWAYS_READ else (*r[ID_COLUMN:], *_NO_PROVENANCE)
    pieces = tuple((int(s), int(e)) for s, e in r[PIECES_COLUMN] or ())
    return tuple.__new__(QuoteRow, (*r[:6], quote_words(r), *r[7:PIECES_COLUMN], pieces, *tail))


_NO_PROVENANCE: tuple[None, ...] = (None,) * (len(QuoteRow._fields) - ALWAYS_READ)


def count_quotes(store: Store, filters: ExportFilter) -> int:
    return store.exports.count_quotes(filters)


def iter_quote_batches(
    store: Store, filters: ExportFilter, *, batch_size: int = BATCH_SIZE, provenance: bool = False
) -> Iterator[list[QuoteRow]]:
    """Matching quotes as QuoteRows in id order, a batch at a time; `provenance` also reads the fields
    only JSONL and spaCy need."""
    for fetched in store.exports.quote_windows(filters, batch_size, provenance):
        yield [make_quote_row(r) for r in fetched]


def iter_raw_quote_batches(
    store: Store,
    filters: ExportFilter,
    columns_for: Callable[[str], Sequence[Any]],
    *,
    batch_size: int = BATCH_SIZE,
) -> Iterator[list[Any]]:
    """The fast path for the CSV: result rows whose first 23 values are the CSV columns in order (the
    `quote` cell from the stored words, None where they are missing) and whose last is the database id.
    Skips building QuoteRows."""
    yield from store.exports.quote_windows(filters, batch_size, False, columns_for=columns_for, plain_tuples=True)


def iter_quote_rows(
    store: Store, filters: ExportFilter, *, batch_size: int = BATCH_SIZE, provenance: bool = False
) -> Iterator[QuoteRow]:
    for batch in iter_quote_batches(store, filters, batch_size=batch_size, provenance=provenance):
        yield from batch


def quotes_in_articles(store: Store, filters: ExportFilter, article_ids: Sequence[int]) -> list[QuoteRow]:
    """The matching quotes (with provenance fields) of a few articles, through the article index."""
    return [make_quote_row(r) for r in store.exports.quotes_in_articles(filters, article_ids)]


# ---- provenance from the audit log ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProvenanceStep:
    at: str | None
    user: str
    action: str
    fields: tuple[str, ...]  # what changed (the audit row's after keys)
    status: str | None  # the status the edit set, if it set one


@dataclass(frozen=True, slots=True)
class Provenance:
    proposed_by: str | None  # the editor who added it, or the one who ran the model over the article
    proposed_at: str | None
    confirmed_by: str | None  # the last editor who confirmed or corrected it
    confirmed_at: str | None
    history: tuple[ProvenanceStep, ...]


def provenance_for(store: Store, rows: Sequence[QuoteRow]) -> dict[int, Provenance]:
    """Who proposed and who confirmed each quote of a batch, from the audit log (two indexed queries)."""
    if not rows:
        return {}
    ids = [r.id for r in rows]
    article_ids = sorted({r.article_id for r in rows})
    history: dict[int, list[tuple[datetime, ProvenanceStep]]] = {}
    runs: dict[int, list[tuple[datetime, str]]] = {}
    edits, model_runs = store.exports.quote_edits_and_runs(ids, article_ids)
    for target_id, at, user, action, after in edits:
        after = after or {}
        entry = ProvenanceStep(
            at=iso_utc(at),
            user=user,
            action=action,
            fields=tuple(after),
            status=after.get("status") if isinstance(after.get("status"), str) else None,
        )
        history.setdefault(target_id, []).append((at, entry))
    for run_article, at, user in model_runs:
        if run_article is not None:
            runs.setdefault(run_article, []).append((at, user))

    found: dict[int, Provenance] = {}
    for row in rows:
        entries = [e for _, e in history.get(row.id, [])]
        proposed_by = proposed_at = None
        added = next((e for e in entries if e.action in CREATION_ACTIONS), None)
        if added is not None:
            proposed_by, proposed_at = added.user, added.at
        elif row.origin.startswith("user:"):
            proposed_by, proposed_at = row.origin[len("user:") :], row.created_at
        elif row.created_at is not None and runs.get(row.article_id):
            # The model run that stored this suggestion: the annotate audit row nearest its creation
            created = datetime.strptime(row.created_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            _, proposed_by = min(runs[row.article_id], key=lambda run: abs((run[0] - created).total_seconds()))
            proposed_at = row.created_at
        verified = [e for e in entries if e.status in VERIFIED_STATUSES]
        confirmed_by = verified[-1].user if verified else row.verified_by
        confirmed_at = verified[-1].at if verified else row.verified_at
        if row.status not in VERIFIED_STATUSES:
            confirmed_by = confirmed_at = None
        found[row.id] = Provenance(proposed_by, proposed_at, confirmed_by, confirmed_at, tuple(entries))
    return found


# ---- people ------------------------------------------------------------------------------------------------


class PersonRow(NamedTuple):
    person_id: int
    name: str
    aliases: tuple[str, ...]
    description: str | None
    quotes: int  # quotes attributed to them, rejected ones aside (what the app counts)
    verified_quotes: int  # confirmed or corrected
    created_at: str | None
    created_by: str | None


def count_people(store: Store) -> int:
    return store.exports.count_people()


def iter_people_batches(store: Store, *, batch_size: int = BATCH_SIZE) -> Iterator[list[PersonRow]]:
    """Every person in id order with aliases and quote counts, a batch at a time."""
    for people, aliases, counts in store.exports.people_batches(batch_size):
        yield [
            PersonRow(
                person_id=p[0],
                name=p[1],
                aliases=tuple(aliases.get(p[0], ())),
                description=p[2],
                quotes=counts.get(p[0], (0, 0))[0],
                verified_quotes=counts.get(p[0], (0, 0))[1],
                created_at=iso_utc(p[3]),
                created_by=p[4],
            )
            for p in people
        ]


# ---- articles, for the spaCy export ------------------------------------------------------------------------


class ArticleDocRow(NamedTuple):
    id: int
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    text: str
    mentions: tuple[tuple[int, int, str], ...]  # (start, end, label)


def article_id_pages(store: Store, filters: ExportFilter, page_size: int) -> Iterator[list[int]]:
    """Articles holding at least one quote the filters export, in id order, a page of ids at a time."""
    return store.exports.article_id_pages(filters, page_size)


def count_articles_with_quotes(store: Store, filters: ExportFilter) -> int:
    return store.exports.count_articles_with_quotes(filters)


def articles_for_docs(store: Store, ids: Sequence[int]) -> list[ArticleDocRow]:
    return [
        ArticleDocRow(row[0], row[1], row[2], row[3], row[4], row[5], mentions)
        for row, mentions in store.exports.articles_for_docs(ids)
    ]
