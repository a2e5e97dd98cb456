"""The export query and the rows it yields, streamed in batches so memory stays flat.

Why this module reads through `store.engine` rather than Store methods: an export walks every quote of the
database once, read-only, in keyset-paginated batches of plain tuples. Store methods build one frozen
record per quote inside one transaction, which is right for the app but would hold a million records (or
one long read transaction) at once. Here each batch is its own short read on a pooled connection, selects
Core columns (no ORM objects, no session), and nothing is ever written, so the store's guarantees about
mutations and audit rows are untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, String, and_, case, false, func, or_, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from annotator.db.models import Article, Edit, Mention, Person, PersonAlias, Quote
from annotator.pieces import verbatim_words
from annotator.progress import ProgressCallback
from annotator.records import QUOTE_STATUSES, QUOTED_PHRASE_LABEL, VERIFIED_STATUSES
from annotator.store import Store, StoreError

BATCH_SIZE = 5_000
DEFAULT_STATUSES: tuple[str, ...] = tuple(s for s in QUOTE_STATUSES if s in VERIFIED_STATUSES)

# progress(done, total, label) -> False to cancel: the project's one callback shape
Progress = ProgressCallback


class ExportCancelled(StoreError):
    """The progress callback asked to stop; nothing was written to the target path."""


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which quotes leave. The defaults give the verified dataset: confirmed and corrected quotes."""

    statuses: tuple[str, ...] = DEFAULT_STATUSES
    outlets: tuple[str, ...] = ()  # any of these outlets (case-insensitive); empty: every outlet
    published_from: str | None = None  # inclusive, compared with the article's ISO date text
    published_to: str | None = None  # inclusive: "2024-03" takes in the whole of March
    speaker: str | None = None  # a person id, or a name or alias (case-insensitive)
    reviewed_only: bool = False  # only quotes a colleague accepted in review
    article_ids: tuple[int, ...] = ()
    # Leave out quotes a reviewer sent back (review_status "rejected"): "verified" for a newsroom that
    # does not require a second reviewer (annotator/review/rules.py is_verified)
    skip_sent_back: bool = False

    def __post_init__(self) -> None:
        # Friendly forms: statuses="all" or "suggested,confirmed", outlets="BBC News", article_ids=[1, 2]
        if isinstance(self.statuses, str) or not isinstance(self.statuses, tuple):
            object.__setattr__(self, "statuses", parse_statuses(self.statuses))
        if isinstance(self.outlets, str):
            object.__setattr__(self, "outlets", (self.outlets,))
        elif not isinstance(self.outlets, tuple):
            object.__setattr__(self, "outlets", tuple(self.outlets))
        if not isinstance(self.article_ids, tuple):
            object.__setattr__(self, "article_ids", tuple(int(i) for i in self.article_ids))
        unknown = set(self.statuses) - set(QUOTE_STATUSES)
        if unknown:
            raise StoreError(
                f"unknown quote status {', '.join(sorted(unknown))} (use {', '.join(QUOTE_STATUSES)} or all)"
            )
        if not self.statuses:
            raise StoreError("choose at least one quote status to export")
        for name in ("published_from", "published_to"):
            value = getattr(self, name)
            if value is not None and not _ISO_DATE.match(value):
                raise StoreError(f"{value!r} is not a date like 2024-03-05 (or 2024-03, or 2024)")


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]*)?)?)?$")


def parse_statuses(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """ "all", "suggested,confirmed" or a list -> a tuple of statuses in their usual order."""
    if text is None:
        return DEFAULT_STATUSES
    words = [w.strip().lower() for w in (text.split(",") if isinstance(text, str) else text)]
    words = [w for w in words if w]
    if "all" in words:
        return QUOTE_STATUSES
    unknown = set(words) - set(QUOTE_STATUSES)
    if unknown:
        raise StoreError(f"unknown quote status {', '.join(sorted(unknown))} (use {', '.join(QUOTE_STATUSES)} or all)")
    return tuple(s for s in QUOTE_STATUSES if s in words)


class QuoteRow(NamedTuple):
    """One exported quote. The first 22 fields are the CSV contract, in its order; the rest is provenance."""

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


CSV_FIELD_COUNT = 22
CSV_COLUMNS: tuple[str, ...] = QuoteRow._fields[:CSV_FIELD_COUNT]


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, to the second: 2024-03-05T14:02:11Z."""
    if value is None:
        return None
    if value.tzinfo is not None and value.utcoffset():
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- the query ---------------------------------------------------------------------------------------------


def _iso_sql(column: Any, dialect: str) -> Any:
    """The timestamp as ISO 8601 UTC text (2024-03-05T14:02:11Z), formatted by the database: parsing a
    million values into datetimes in Python would cost more than the rest of the row put together."""
    if dialect == "sqlite":
        return func.strftime("%Y-%m-%dT%H:%M:%SZ", type_coerce(column, String))  # stored as UTC text
    return func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')  # PostgreSQL


def _columns(dialect: str, full: bool) -> tuple[Any, ...]:
    """The columns to select, in QuoteRow order, with the raw text standing in for `quote`."""
    accepted = Quote.review_status == "accepted"
    columns: tuple[Any, ...] = (
        Quote.uid,
        Quote.article_id,
        Article.title,
        Article.outlet,
        Article.published,
        Article.url,
        Quote.text,
        Quote.kind,
        func.coalesce(Person.name, Quote.speaker_name),  # the confirmed person, else the suggested name
        Quote.person_id,
        Quote.speaker_text,
        Quote.cue_text,
        Quote.venue,
        Quote.start,
        Quote.end,
        Quote.status,
        Quote.verified_by,
        _iso_sql(Quote.verified_at, dialect),
        case((accepted, Quote.reviewed_by)),
        case((accepted, _iso_sql(Quote.reviewed_at, dialect))),
        Quote.origin,
        Quote.text,
        Quote.pieces,
        Quote.id,
        Quote.speaker_name,
        Quote.review_status,
        Quote.reviewed_by,
        _iso_sql(Quote.reviewed_at, dialect),
    )
    if full:
        columns += (
            Quote.confidence,
            Quote.note,
            Quote.speaker_start,
            Quote.speaker_end,
            Quote.cue_start,
            Quote.cue_end,
            Quote.venue_start,
            Quote.venue_end,
            Quote.review_comment,
            _iso_sql(Quote.created_at, dialect),
            Quote.updated_by,
            _iso_sql(Quote.updated_at, dialect),
            Quote.version,
            Article.author,
            Article.source,
            Article.annotated_with,
        )
    return columns


_START_COLUMN = 13  # where Quote.start sits among the selected columns
_PIECES_COLUMN = 22
_ID_COLUMN = 23
_ALWAYS_READ = 28  # columns selected without provenance


def quote_words(r: Sequence[Any]) -> str:
    """The `quote` cell of a result row of `_columns`: the pieces' words (see annotator.pieces)."""
    return verbatim_words(r[_QUOTE_COLUMN], r[_START_COLUMN], r[_PIECES_COLUMN] or ())


def make_quote_row(r: Any) -> QuoteRow:
    """A QuoteRow from a result row of `_columns` (short rows get None for the provenance fields)."""
    tail = r[_ID_COLUMN:] if len(r) > _ALWAYS_READ else (*r[_ID_COLUMN:], *_NO_PROVENANCE)
    pieces = tuple((int(s), int(e)) for s, e in r[_PIECES_COLUMN] or ())
    return tuple.__new__(QuoteRow, (*r[:6], quote_words(r), *r[7:_PIECES_COLUMN], pieces, *tail))


_QUOTE_COLUMN = 6
_NO_PROVENANCE: tuple[None, ...] = (None,) * (len(QuoteRow._fields) - _ALWAYS_READ)


def _conditions(conn: Connection, filters: ExportFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if set(filters.statuses) != set(QUOTE_STATUSES):
        where.append(Quote.status.in_(filters.statuses))
    if filters.outlets:
        # Resolved here rather than with SQL lower(): SQLite folds only ASCII, and outlets are few
        wanted = {o.strip().casefold() for o in filters.outlets}
        names = [
            name
            for name in conn.scalars(select(Article.outlet).where(Article.outlet.is_not(None)).distinct())
            if name and name.casefold() in wanted
        ]
        where.append(Article.outlet.in_(names) if names else false())
    if filters.published_from:
        where.append(Article.published >= filters.published_from)
    if filters.published_to:
        # Inclusive on the ISO text: "2024-03-05" keeps "2024-03-05T18:00", "2024-03" all of March
        to = filters.published_to
        where.append(func.substr(Article.published, 1, len(to)) <= to)
    if filters.speaker:
        where.append(_speaker_condition(conn, filters.speaker))
    if filters.reviewed_only:
        where.append(Quote.review_status == "accepted")
    if filters.skip_sent_back:
        where.append(or_(Quote.review_status.is_(None), Quote.review_status != "rejected"))
    if filters.article_ids:
        where.append(Quote.article_id.in_(filters.article_ids))
    return where


def _speaker_condition(conn: Connection, speaker: str) -> ColumnElement[bool]:
    wanted = " ".join(speaker.split()).casefold()
    person_ids: set[int] = set()
    if wanted.isdigit():
        person_ids.add(int(wanted))
    for person_id, name in conn.execute(select(Person.id, Person.name)):
        if " ".join(name.split()).casefold() == wanted:
            person_ids.add(person_id)
    for person_id, alias in conn.execute(select(PersonAlias.person_id, PersonAlias.alias)):
        if " ".join(alias.split()).casefold() == wanted:
            person_ids.add(person_id)
    # A suggestion not yet tied to a person still carries the canonical name the engine found
    names = [
        name
        for name in conn.scalars(select(Quote.speaker_name).where(Quote.speaker_name.is_not(None)).distinct())
        if name and " ".join(name.split()).casefold() == wanted
    ]
    conditions: list[ColumnElement[bool]] = []
    if person_ids:
        conditions.append(Quote.person_id.in_(sorted(person_ids)))
    if names:
        conditions.append(and_(Quote.person_id.is_(None), Quote.speaker_name.in_(names)))
    return or_(*conditions) if conditions else false()


def _base(columns: Sequence[Any], where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    query = (
        select(*columns)
        .select_from(Quote)
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(Person, Person.id == Quote.person_id)
    )
    return query.where(*where) if where else query


def _database_error(exc: SQLAlchemyError) -> StoreError:
    original = getattr(exc, "orig", None) or exc
    line = (str(original).strip().splitlines() or [type(original).__name__])[0]
    if isinstance(exc, OperationalError) and ("locked" in line.lower() or "busy" in line.lower()):
        return StoreError("the database is locked by another program; try the export again")
    return StoreError(f"the database did not answer: {line}")


def count_quotes(store: Store, filters: ExportFilter) -> int:
    try:
        with store.engine.connect() as conn:
            query = _base([func.count(Quote.id)], _conditions(conn, filters))
            return int(conn.scalar(query) or 0)
    except SQLAlchemyError as exc:
        raise _database_error(exc) from exc


def _windows(
    store: Store,
    filters: ExportFilter,
    batch_size: int,
    columns_for: Callable[[str], Sequence[Any]],
    *,
    plain_tuples: bool = False,
) -> Iterator[list[Any]]:
    """Matching result rows in id order, each batch read in its own short transaction.

    Keyset pagination over windows of `batch_size` ids (id > a and id <= a + batch_size): every batch costs
    the same however deep the export, and no query ever sorts more than one window. (With id > a ... LIMIT,
    SQLite walks the status index and sorts every remaining match for each batch: quadratic.)
    A quote edited while the export runs shows its state when its batch is read; quotes added after the
    export started are left for the next one.
    `plain_tuples` reads the driver's tuples straight from its cursor, without SQLAlchemy's Row objects or
    result types: half the cost of a batch for the CSV, whose columns need no conversion.
    """
    try:
        with store.engine.connect() as conn:
            where = _conditions(conn, filters)
            lowest, highest = conn.execute(select(func.min(Quote.id), func.max(Quote.id))).one()
        if lowest is None:
            return
        columns = columns_for(store.dialect)
        # No ORDER BY: within one window Python sorts faster than SQLite, which would build a temporary
        # B-tree whenever it reads the window through the status index
        query = _base(columns, where)
        by_id = itemgetter(_ID_COLUMN)
        after = lowest - 1
        while after < highest:
            upto = after + batch_size
            with store.engine.connect() as conn:
                result = conn.execute(query.where(Quote.id > after, Quote.id <= upto))
                fetched: list[Any] = list(result.cursor.fetchall() if plain_tuples else result.fetchall())
                result.close()
            after = upto
            if fetched:
                fetched.sort(key=by_id)
                yield fetched
    except SQLAlchemyError as exc:
        raise _database_error(exc) from exc


def iter_quote_batches(
    store: Store, filters: ExportFilter, *, batch_size: int = BATCH_SIZE, provenance: bool = False
) -> Iterator[list[QuoteRow]]:
    """Matching quotes as QuoteRows in id order, a batch at a time; `provenance` also reads the fields
    only JSONL and spaCy need."""
    for fetched in _windows(store, filters, batch_size, lambda dialect: _columns(dialect, provenance)):
        yield [make_quote_row(r) for r in fetched]


# ---- the CSV's fast path -----------------------------------------------------------------------------------


def quote_columns(dialect: str) -> tuple[Any, ...]:
    """The columns `_columns` selects without provenance, in QuoteRow order up to the database id (23):
    the place to start for a writer that selects its own, such as the CSV's (annotator/export/csv_export)."""
    return _columns(dialect, False)[: _ID_COLUMN + 1]


def iter_raw_quote_batches(
    store: Store,
    filters: ExportFilter,
    columns_for: Callable[[str], Sequence[Any]],
    *,
    batch_size: int = BATCH_SIZE,
) -> Iterator[list[Any]]:
    """The fast path for the CSV: the filtered quotes as the driver's plain tuples of `columns_for(dialect)`
    in id order, a batch at a time: no QuoteRows, no result types (select text). The columns must keep the
    database id at index 23."""
    yield from _windows(store, filters, batch_size, columns_for, plain_tuples=True)


def iter_quote_rows(
    store: Store, filters: ExportFilter, *, batch_size: int = BATCH_SIZE, provenance: bool = False
) -> Iterator[QuoteRow]:
    for batch in iter_quote_batches(store, filters, batch_size=batch_size, provenance=provenance):
        yield from batch


def quotes_in_articles(store: Store, filters: ExportFilter, article_ids: Sequence[int]) -> list[QuoteRow]:
    """The matching quotes (with provenance fields) of a few articles, through the article index."""
    try:
        with store.engine.connect() as conn:
            where = _conditions(conn, filters)
            query = _base(_columns(store.dialect, True), where).where(Quote.article_id.in_(list(article_ids)))
            rows = conn.execute(query.order_by(Quote.article_id, Quote.start, Quote.id))
            return [make_quote_row(r) for r in rows]
    except SQLAlchemyError as exc:
        raise _database_error(exc) from exc


# ---- provenance from the audit log ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryEntry:
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
    history: tuple[HistoryEntry, ...]


# An editor's own quote, or a colleague's merged in from their database (annotator/review)
_CREATION_ACTIONS = frozenset({"add", "merge_add"})


def provenance_for(store: Store, rows: Sequence[QuoteRow]) -> dict[int, Provenance]:
    """Who proposed and who confirmed each quote of a batch, from the audit log (two indexed queries)."""
    if not rows:
        return {}
    ids = [r.id for r in rows]
    article_ids = sorted({r.article_id for r in rows})
    history: dict[int, list[tuple[datetime, HistoryEntry]]] = {}
    runs: dict[int, list[tuple[datetime, str]]] = {}
    try:
        with store.engine.connect() as conn:
            for target_id, at, user, action, after in conn.execute(
                select(Edit.target_id, Edit.at, Edit.user, Edit.action, Edit.after)
                # A range, not IN (5,000 ids): old SQLite builds allow only 999 parameters
                .where(Edit.target == "quote", Edit.target_id.between(min(ids), max(ids)))
                .order_by(Edit.id)
            ):
                after = after or {}
                entry = HistoryEntry(
                    at=iso_utc(at),
                    user=user,
                    action=action,
                    fields=tuple(after),
                    status=after.get("status") if isinstance(after.get("status"), str) else None,
                )
                history.setdefault(target_id, []).append((at, entry))
            for run_article, at, user in conn.execute(
                select(Edit.article_id, Edit.at, Edit.user)
                .where(
                    Edit.target == "article",
                    Edit.action == "annotate",
                    Edit.article_id.between(article_ids[0], article_ids[-1]),
                )
                .order_by(Edit.id)
            ):
                if run_article is not None:
                    runs.setdefault(run_article, []).append((at, user))
    except SQLAlchemyError as exc:
        raise _database_error(exc) from exc

    found: dict[int, Provenance] = {}
    for row in rows:
        entries = [e for _, e in history.get(row.id, [])]
        proposed_by = proposed_at = None
        added = next((e for e in entries if e.action in _CREATION_ACTIONS), None)
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
    try:
        with store.engine.connect() as conn:
            return int(conn.scalar(select(func.count(Person.id))) or 0)
    except SQLAlchemyError as exc:
        raise _database_error(exc) from exc


def iter_people_batches(store: Store, *, batch_size: int = BATCH_SIZE) -> Iterator[list[PersonRow]]:
    """Every person in id order with aliases and quote counts, a batch at a time (keyset pagination)."""
    last_id = 0
    try:
        while True:
            with store.engine.connect() as conn:
                people = conn.execute(
                    select(Person.id, Person.name, Person.description, Person.created_at, Person.created_by)
                    .where(Person.id > last_id)
                    .order_by(Person.id)
                    .limit(batch_size)
                ).all()
                if not people:
                    return
                ids = [p[0] for p in people]
                aliases: dict[int, list[str]] = {}
                for person_id, alias in conn.execute(
                    select(PersonAlias.person_id, PersonAlias.alias)
                    .where(PersonAlias.person_id.between(ids[0], ids[-1]))
                    .order_by(PersonAlias.person_id, PersonAlias.alias)
                ):
                    aliases.setdefault(person_id, []).append(alias)
                counts: dict[int, list[int]] = {}
                for quoted_id, status, count in conn.execute(
                    select(Quote.person_id, Quote.status, func.count(Quote.id))
                    .where(Quote.person_id.between(ids[0], ids[-1]))
                    .group_by(Quote.person_id, Quote.status)
                ):
                    if quoted_id is None:
                        continue
                    tally = counts.setdefault(quoted_id, [0, 0])
                    if status != "rejected":
                        tally[0] += int(count)
                    if status in VERIFIED_STATUSES:
                        tally[1] += int(count)
            last_id = ids[-1]
            yield [
                PersonRow(
                    person_id=p[0],
                    name=p[1],
                    aliases=tuple(aliases.get(p[0], ())),
                    description=p[2],
                    quotes=counts.get(p[0], [0, 0])[0],
                    verified_quotes=counts.get(p[0], [0, 0])[1],
                    created_at=iso_utc(p[3]),
                    created_by=p[4],
                )
                for p in people
            ]
            if len(people) < batch_size:
                return
    except SQLAlchemyError as exc:
        raise _database_error(exc) from exc


# ---- articles, for the spaCy export ------------------------------------------------------------------------


class ArticleDocRow(NamedTuple):
    id: int
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    text: str
    mentions: tuple[tuple[int, int, str], ...]  # (start, end, label)


def article_ids_with_quotes(store: Store, filters: ExportFilter) -> list[int]:
    """Articles holding at least one quote the filters export (ids only: small even for big databases)."""
    try:
        with store.engine.connect() as conn:
            query = _base([Quote.article_id], _conditions(conn, filters)).distinct()
            return list(conn.scalars(query.order_by(Quote.article_id)))
    except SQLAlchemyError as exc:
        raise _database_error(exc) from exc


_DOC_COLUMNS = (Article.id, Article.title, Article.outlet, Article.published, Article.url, Article.text)


def articles_for_docs(store: Store, ids: Sequence[int]) -> list[ArticleDocRow]:
    try:
        with store.engine.connect() as conn:
            mentions: dict[int, list[tuple[int, int, str]]] = {}
            for article_id, start, end, label in conn.execute(
                select(Mention.article_id, Mention.start, Mention.end, Mention.label)
                .where(Mention.article_id.in_(ids), Mention.label != QUOTED_PHRASE_LABEL)
                .order_by(Mention.article_id, Mention.start, Mention.end)
            ):
                mentions.setdefault(article_id, []).append((start, end, label))
            return [
                ArticleDocRow(a[0], a[1], a[2], a[3], a[4], a[5], tuple(mentions.get(a[0], ())))
                for a in conn.execute(select(*_DOC_COLUMNS).where(Article.id.in_(ids)).order_by(Article.id))
            ]
    except SQLAlchemyError as exc:
        raise _database_error(exc) from exc
