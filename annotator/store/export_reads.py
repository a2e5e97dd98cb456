"""The exporter's reads: every quote (or person, or article) of the database once, read-only, in batches.

Why these are not ordinary repository methods: an export walks every quote of the database once in
keyset-paginated batches of plain tuples. Repository methods build one frozen record per quote inside one
transaction, which is right for the app but would hold a million records (or one long read transaction)
at once. Here each batch is its own short read on a pooled connection, selects Core columns (no ORM
objects, no session), and nothing is ever written. Rows come back in the column order of
annotator/export/quote_rows.py QuoteRow, which turns them into rows for the writers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    bindparam,
    case,
    distinct,
    false,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from annotator.db.models import Article, Edit, Mention, Person, PersonAlias, Quote, QuoteGroup, QuoteGroupMember
from annotator.nlp.lexicon import fold_name
from annotator.pieces import verbatim_words
from annotator.records import QUOTE_STATUSES, QUOTED_PHRASE_LABEL, ExportFilter
from annotator.store.database import Database
from annotator.store.orm_records import chunks
from annotator.store_error import StoreError

# ---- the query ---------------------------------------------------------------------------------------------


def _iso_sql(column: Any, dialect: str) -> Any:
    """The timestamp as ISO 8601 UTC text (2024-03-05T14:02:11Z), formatted by the database: parsing a
    million values into datetimes in Python would cost more than the rest of the row put together."""
    if dialect == "sqlite":
        # Stored as UTC text, "2024-03-05 14:02:11.000000" (annotator/db/models.py UTCDateTime): cutting
        # the date and the time out costs a third less than strftime parsing the text again
        stored = type_coerce(column, String)
        return func.substr(stored, 1, 10) + "T" + func.substr(stored, 12, 8) + "Z"
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
        Quote.words,  # the `quote` cell as stored (None where another program wrote the row)
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
        QuoteGroup.key,  # the quote's group (annotator/quote_groups.py), outer-joined in _base
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


# Where some columns sit among the selected ones (see annotator/export/quote_rows.py QuoteRow)
QUOTE_COLUMN = 6  # the stored words
START_COLUMN = 13
CONTENT_COLUMN = 21  # the content, for words that were not stored
PIECES_COLUMN = 23
ID_COLUMN = 24
ALWAYS_READ = 29  # columns selected without provenance


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
    # Names compared as everywhere else (fold_name): "O'Neill" finds "O’Neill", "jean marc" "Jean-Marc"
    wanted = fold_name(speaker)
    person_ids: set[int] = set()
    if wanted.isdigit():
        person_ids.add(int(wanted))
    for person_id, name in conn.execute(select(Person.id, Person.name)):
        if fold_name(name) == wanted:
            person_ids.add(person_id)
    for person_id, alias in conn.execute(select(PersonAlias.person_id, PersonAlias.alias)):
        if fold_name(alias) == wanted:
            person_ids.add(person_id)
    # A suggestion not yet tied to a person still carries the canonical name the engine found
    names = [
        name
        for name in conn.scalars(select(Quote.speaker_name).where(Quote.speaker_name.is_not(None)).distinct())
        if name and fold_name(name) == wanted
    ]
    conditions: list[ColumnElement[bool]] = []
    if person_ids:
        conditions.append(Quote.person_id.in_(sorted(person_ids)))
    if names:
        conditions.append(and_(Quote.person_id.is_(None), Quote.speaker_name.in_(names)))
    return or_(*conditions) if conditions else false()


def quote_columns(dialect: str) -> tuple[Any, ...]:
    """The CSV's 23 cells as the database holds them, in QuoteRow order, with the stored words in the
    `quote` cell's place (NULL where another program wrote the row), then the database id: where the CSV's
    fast path (annotator/export/csv_export) starts."""
    return (*_columns(dialect, False)[:PIECES_COLUMN], Quote.id)


def _base(columns: Sequence[Any], where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    # The group by outer joins on primary keys rather than a subquery per row: a subquery is run again
    # wherever the column is named, and neutralising the CSV cell names it three times
    query = (
        select(*columns)
        .select_from(Quote)
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(Person, Person.id == Quote.person_id)
        .outerjoin(QuoteGroupMember, QuoteGroupMember.quote_id == Quote.id)
        .outerjoin(QuoteGroup, QuoteGroup.id == QuoteGroupMember.group_id)
    )
    return query.where(*where) if where else query


def database_error(exc: SQLAlchemyError) -> StoreError:
    original = getattr(exc, "orig", None) or exc
    line = (str(original).strip().splitlines() or [type(original).__name__])[0]
    if isinstance(exc, OperationalError) and ("locked" in line.lower() or "busy" in line.lower()):
        return StoreError("the database is locked by another program; try the export again")
    return StoreError(f"the database did not answer: {line}")


class ExportReads:
    """Batched read-only queries for the exporter, each batch in its own short connection."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def count_quotes(self, filters: ExportFilter) -> int:
        try:
            with self.db.engine.connect() as conn:
                query = _base([func.count(Quote.id)], _conditions(conn, filters))
                return int(conn.scalar(query) or 0)
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc

    def quote_windows(
        self,
        filters: ExportFilter,
        batch_size: int,
        provenance: bool,
        *,
        columns_for: Callable[[str], Sequence[Any]] | None = None,
        plain_tuples: bool = False,
    ) -> Iterator[list[Any]]:
        """Matching result rows in id order, each batch read in its own short transaction.

        Keyset pagination over windows of `batch_size` ids (id > a and id <= a + batch_size): every batch
        costs the same however deep the export, and no query ever sorts more than one window. (With
        id > a ... LIMIT, SQLite walks the status index and sorts every remaining match for each batch.)
        A quote edited while the export runs shows its state when its batch is read; quotes added after the
        export started are left for the next one.
        `columns_for(dialect)` selects other columns (the CSV's fast path), the database id last;
        `plain_tuples` reads the driver's tuples straight from its cursor, without Row objects or result
        types: half the cost of a batch for the CSV, whose columns need no conversion.
        """
        engine = self.db.engine
        try:
            with engine.connect() as conn:
                where = _conditions(conn, filters)
                lowest, highest = conn.execute(select(func.min(Quote.id), func.max(Quote.id))).one()
            if lowest is None:
                return
            columns = columns_for(self.db.dialect) if columns_for else _columns(self.db.dialect, provenance)
            by_id = itemgetter(len(columns) - 1 if columns_for else ID_COLUMN)
            # No ORDER BY: within one window Python sorts faster than SQLite, which would build a temporary
            # B-tree whenever it reads the window through the status index
            # One statement for every window, its bounds bound per batch: SQLAlchemy works out the cache key
            # of a statement once, and with two dozen CASE columns that walk is worth sparing 200 times
            query = _base(columns, where).where(Quote.id > bindparam("after"), Quote.id <= bindparam("upto"))
            after = lowest - 1
            while after < highest:
                upto = after + batch_size
                with engine.connect() as conn:
                    result = conn.execute(query, {"after": after, "upto": upto})
                    fetched: list[Any] = list(result.cursor.fetchall() if plain_tuples else result.fetchall())
                    result.close()
                after = upto
                if fetched:
                    fetched.sort(key=by_id)
                    yield fetched
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc

    def words_not_stored(self, quote_ids: Sequence[int]) -> dict[int, str]:
        """The words of quotes whose stored `words` are missing (rows another program wrote), worked out
        from their content and pieces as the ORM would have stored them."""
        try:
            with self.db.engine.connect() as conn:
                return {
                    quote_id: verbatim_words(text, start, pieces or ())
                    for chunk in chunks(sorted(quote_ids))
                    for quote_id, text, start, pieces in conn.execute(
                        select(Quote.id, Quote.text, Quote.start, Quote.pieces).where(Quote.id.in_(chunk))
                    )
                }
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc

    def quotes_in_articles(self, filters: ExportFilter, article_ids: Sequence[int]) -> list[Any]:
        """The matching quotes (with provenance columns) of a few articles, through the article index."""
        try:
            with self.db.engine.connect() as conn:
                where = _conditions(conn, filters)
                query = _base(_columns(self.db.dialect, True), where).where(Quote.article_id.in_(list(article_ids)))
                return list(conn.execute(query.order_by(Quote.article_id, Quote.start, Quote.id)))
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc

    def quote_edits_and_runs(self, quote_ids: Sequence[int], article_ids: Sequence[int]) -> tuple[list[Any], list[Any]]:
        """The audit rows (target_id, at, user, action, after) of these quotes, and the model runs
        (article_id, at, user) over these articles, oldest first: two indexed queries."""
        try:
            with self.db.engine.connect() as conn:
                edits = list(
                    conn.execute(
                        select(Edit.target_id, Edit.at, Edit.user, Edit.action, Edit.after)
                        # A range, not IN (5,000 ids): old SQLite builds allow only 999 parameters
                        .where(Edit.target == "quote", Edit.target_id.between(min(quote_ids), max(quote_ids)))
                        .order_by(Edit.id)
                    )
                )
                runs = list(
                    conn.execute(
                        select(Edit.article_id, Edit.at, Edit.user)
                        .where(
                            Edit.target == "article",
                            Edit.action == "annotate",
                            Edit.article_id.between(min(article_ids), max(article_ids)),
                        )
                        .order_by(Edit.id)
                    )
                )
            return edits, runs
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc

    def count_people(self) -> int:
        try:
            with self.db.engine.connect() as conn:
                return int(conn.scalar(select(func.count(Person.id))) or 0)
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc

    def people_batches(
        self, batch_size: int
    ) -> Iterator[tuple[list[Any], dict[int, list[str]], dict[int, tuple[int, int]]]]:
        """Every person in id order (id, name, description, created_at, created_by), a batch at a time
        (keyset pagination), with their aliases and (quotes not rejected, verified quotes) per id."""
        last_id = 0
        try:
            while True:
                with self.db.engine.connect() as conn:
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
                    counts: dict[int, tuple[int, int]] = {}
                    for quoted_id, status, count in conn.execute(
                        select(Quote.person_id, Quote.status, func.count(Quote.id))
                        .where(Quote.person_id.between(ids[0], ids[-1]))
                        .group_by(Quote.person_id, Quote.status)
                    ):
                        if quoted_id is None:
                            continue
                        quoted, verified = counts.get(quoted_id, (0, 0))
                        counts[quoted_id] = (
                            quoted + (int(count) if status != "rejected" else 0),
                            verified + (int(count) if status in ("confirmed", "corrected") else 0),
                        )
                last_id = ids[-1]
                yield list(people), aliases, counts
                if len(people) < batch_size:
                    return
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc

    def article_id_pages(self, filters: ExportFilter, page_size: int) -> Iterator[list[int]]:
        """Articles holding at least one quote the filters export, in id order, `page_size` ids at a time
        (keyset pagination, each page its own short read): an archive's million ids are never all in memory."""
        try:
            with self.db.engine.connect() as conn:
                where = _conditions(conn, filters)  # resolved once (outlets, speakers), reused by every page
            after = 0
            while True:
                with self.db.engine.connect() as conn:
                    query = _base([Quote.article_id], where).where(Quote.article_id > after).distinct()
                    page = list(conn.scalars(query.order_by(Quote.article_id).limit(page_size)))
                if page:
                    yield page
                    after = page[-1]
                if len(page) < page_size:
                    return
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc

    def count_articles_with_quotes(self, filters: ExportFilter) -> int:
        try:
            with self.db.engine.connect() as conn:
                query = _base([func.count(distinct(Quote.article_id))], _conditions(conn, filters))
                return int(conn.scalar(query) or 0)
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc

    def articles_for_docs(self, ids: Sequence[int]) -> list[tuple[Any, tuple[tuple[int, int, str], ...]]]:
        """(id, title, outlet, published, url, text) of these articles, each with its mentions."""
        try:
            with self.db.engine.connect() as conn:
                mentions: dict[int, list[tuple[int, int, str]]] = {}
                for article_id, start, end, label in conn.execute(
                    select(Mention.article_id, Mention.start, Mention.end, Mention.label)
                    .where(Mention.article_id.in_(ids), Mention.label != QUOTED_PHRASE_LABEL)
                    .order_by(Mention.article_id, Mention.start, Mention.end)
                ):
                    mentions.setdefault(article_id, []).append((start, end, label))
                return [
                    (tuple(a), tuple(mentions.get(a[0], ())))
                    for a in conn.execute(select(*_DOC_COLUMNS).where(Article.id.in_(ids)).order_by(Article.id))
                ]
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc


_DOC_COLUMNS = (Article.id, Article.title, Article.outlet, Article.published, Article.url, Article.text)
