"""Turning ORM rows into frozen records, and the small query helpers the store's parts share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, TypeVar

from annotator.db.models import (
    Article,
    Edit,
    Quote,
    QuoteDecision,
    ReviewConflict,
)
from annotator.decision_records import (
    DECISION_FIELDS,
    QuoteDecisionRecord,
    ReviewConflictRecord,
)
from annotator.decision_rules import decision_state, parse_time, same_quote_overlap
from annotator.pieces import default_pieces, normalise_pieces
from annotator.records import (
    ArticleRecord,
    ArticleSummary,
    EditRecord,
    QuoteRecord,
)
from annotator.store.errors import StoreError


def fitted_pieces(
    given: Any, current: Sequence[Sequence[int]], kind: str, start: int, end: int, article_text: str
) -> list[list[int]]:
    """The pieces a quote keeps after an edit: the ones given (or its current ones) inside the content span;
    a direct or partial quote left with none gets the marked stretches of its content, or the content."""
    source = current if given is None else given
    pieces = normalise_pieces(source, start, end) if kind != "indirect" else ()
    if not pieces:
        pieces = default_pieces(kind, start, end, article_text[start:end])
    return [[s, e] for s, e in pieces]


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def check_span(start: int, end: int, length: int) -> None:
    if not (0 <= start < end <= length):
        raise StoreError(f"the span {start}-{end} is outside the article (0-{length}) or empty")


def summary_record(row: Any) -> ArticleSummary:
    return ArticleSummary(
        id=row[0],
        title=row[1],
        outlet=row[2],
        published=row[3],
        status=row[4],
        quotes_total=int(row[5] or 0),
        quotes_to_check=int(row[6] or 0),
        imported_at=row[7],
    )


_Record = TypeVar("_Record")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(record_type: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(record_type)
    if names is None:
        names = _FIELD_NAMES[record_type] = tuple(f.name for f in fields(record_type))
    return names


def record_of(record_type: type[_Record], row: Any, **given: Any) -> _Record:
    """A frozen record whose fields are read from the same-named attributes of `row` (an ORM row or
    another record), except those `given`."""
    values = {name: getattr(row, name) for name in _field_names(record_type) if name not in given}
    return record_type(**values, **given)


def fields_of(record: Any, *, leaving_out: Iterable[str] = ()) -> dict[str, Any]:
    """A record's fields by name (not copied, unlike dataclasses.asdict), to build an ORM row from it."""
    left_out = set(leaving_out)
    return {name: getattr(record, name) for name in _field_names(type(record)) if name not in left_out}


def article_record(row: Article) -> ArticleRecord:
    return record_of(ArticleRecord, row)


def quote_record(quote: Quote, person_name: str | None) -> QuoteRecord:
    pieces = tuple((int(start), int(end)) for start, end in quote.pieces or ())
    return record_of(QuoteRecord, quote, pieces=pieces, person_name=person_name)


def loaded_quote_record(quote: Quote) -> QuoteRecord:
    """The record of a quote row loaded in a session, its person's name read through the relationship."""
    return quote_record(quote, quote.person.name if quote.person else None)


def edit_record(row: Edit) -> EditRecord:
    return record_of(EditRecord, row)


# Fields a merge copies from a colleague's decision (the text is cut from our own copy of the article)
MERGED_QUOTE_FIELDS: tuple[str, ...] = tuple(name for name in DECISION_FIELDS if name != "text")


def chunks(values: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """IN lists in slices, well under SQLite's bound-parameter limit."""
    for index in range(0, len(values), size):
        yield values[index : index + size]


def edit_key(
    user: str, at: datetime, action: str, target: str, target_uid: str | None
) -> tuple[str, str, str, str, str | None]:
    """Who did what to which quote when: the same edit imported twice has the same key."""
    moment = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return user, moment.isoformat(), action, target, target_uid


def best_overlap(record: QuoteRecord, candidates: Sequence[Quote]) -> Quote | None:
    """Our quote that is the same quote as theirs (see decision_rules.same_quote_overlap), if any."""
    theirs = (record.start, record.end)
    scored = [
        (score, -quote.id, quote)
        for quote in candidates
        if (score := same_quote_overlap(theirs, record.pieces, (quote.start, quote.end), quote.pieces or []))
        is not None
    ]
    if not scored:
        return None
    return max(scored, key=lambda row: (row[0], row[1]))[2]


def decision_record(row: QuoteDecision) -> QuoteDecisionRecord:
    return record_of(QuoteDecisionRecord, row, state=dict(row.state))


def conflict_record(row: ReviewConflict, article_id: int, version: int, title: str) -> ReviewConflictRecord:
    return record_of(
        ReviewConflictRecord,
        row,
        article_id=article_id,
        article_title=title,
        quote_version=version,
        mine=decision_state(row.mine, user=row.my_user, at=parse_time(row.mine.get("verified_at"))),
        theirs=decision_state(
            row.theirs, user=row.their_user, at=parse_time(row.theirs.get("verified_at")), source="import"
        ),
    )


def who_and_when(
    user_column: Any,
    time_column: Any,
    *,
    users: Sequence[str] | None,
    exclude_user: str | None,
    since: datetime | None,
    until: datetime | None,
) -> list[Any]:
    """The review filters (these editors, or everyone but me, in [since, until)) as WHERE conditions."""
    conditions: list[Any] = []
    if users:
        conditions.append(user_column.in_(list(users)))
    if exclude_user:
        conditions.append(user_column != exclude_user)
    if since:
        conditions.append(time_column >= since)
    if until:
        conditions.append(time_column < until)
    return conditions
