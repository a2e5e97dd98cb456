"""People across the archive, the read side: who speaks, how often, where and when; one person's quotes;
likely duplicate people; a person's gender (the editor's choice) and the suggestion the pronouns give.

Reads go through `store.engine` in short Core reads, like the exporter (annotator/export/rows.py): the
People view pages over 100,000 people, so each page is one keyset query over an index plus indexed look-ups
for the page's own people, never a walk over the whole archive. The counts, outlets and dates come from the
per-person summary the database keeps with triggers (migration 0008, docs/PEOPLE.md). The two writes here
(a gender, a dismissed duplicate) are one transaction each with their audit row. Merging, splitting and
renaming people are operations (annotator/operations), not this module's business.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, delete, exists, func, insert, or_, select
from sqlalchemy.engine import Connection

from annotator.db.models import (
    Article,
    DuplicateDismissal,
    Edit,
    Person,
    PersonAlias,
    PersonAliasKey,
    PersonNameKey,
    PersonQuoteDate,
    PersonQuoteOutlet,
    PersonQuoteSummary,
    Quote,
    QuoteGroup,
    QuoteGroupMember,
    utc_now,
)
from annotator.nlp.lexicon import (
    FEMALE_HONORIFICS,
    FEMALE_PRONOUNS,
    MALE_HONORIFICS,
    MALE_PRONOUNS,
    fold_name,
    name_parts,
    surname_key,
)
from annotator.pieces import verbatim_words
from annotator.store import Store, StoreError
from annotator.store.name_keys import fill_stale_keys
from annotator.store.people_repository import PERSON_GENDERS

PeopleSort = Literal["name", "quotes", "verified", "last_seen"]
PEOPLE_SORTS: tuple[str, ...] = ("name", "quotes", "verified", "last_seen")
GENDERS: tuple[str, ...] = PERSON_GENDERS
PAGE_SIZE = 100


# ---- the people list -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """One row of the People view."""

    person_id: int
    name: str
    aliases: tuple[str, ...]
    description: str | None
    gender: str | None
    quotes: int  # attributed to them, rejected ones aside
    verified: int  # confirmed or corrected
    suggested: int  # still to check
    outlets: tuple[str, ...]
    first_seen: str | None  # the earliest publication date of an article quoting them
    last_seen: str | None


@dataclass(frozen=True, slots=True)
class PeopleCursor:
    """Where the next page starts: the sort value and id of the last row shown."""

    value: Any
    person_id: int


@dataclass(frozen=True, slots=True)
class PeoplePage:
    people: tuple[PersonSummary, ...]
    next: PeopleCursor | None  # None on the last page


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    text: str | None = None  # in the name or an alias (case-insensitive)
    outlet: str | None = None  # quoted in this outlet
    verified_only: bool = False  # with at least one verified quote
    gender: str | None = None  # "woman" / "man" / "nonbinary", or "unknown" for not recorded


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


Summary = PersonQuoteSummary  # the People view's sort and page, kept by triggers (migration 0008)
_SORT_COLUMNS: dict[str, Any] = {
    "name": Person.name,
    "quotes": Summary.quotes,
    "verified": Summary.verified,
    "last_seen": Summary.last_seen,
}


def _filter_conditions(filters: PeopleFilter) -> list[ColumnElement[bool]]:
    """Conditions on a query that joins each person's summary row (so only people who speak are in it)."""
    where: list[ColumnElement[bool]] = []
    if filters.verified_only:
        where.append(Summary.verified > 0)
    if filters.text and filters.text.strip():
        pattern = f"%{_escape_like(filters.text.strip().lower())}%"
        where.append(
            or_(
                func.lower(Person.name).like(pattern, escape="\\"),
                exists().where(
                    PersonAlias.person_id == Person.id, func.lower(PersonAlias.alias).like(pattern, escape="\\")
                ),
            )
        )
    if filters.outlet:
        where.append(
            exists().where(
                PersonQuoteOutlet.person_id == Person.id,
                func.lower(PersonQuoteOutlet.outlet) == filters.outlet.strip().lower(),
            )
        )
    if filters.gender == "unknown":
        where.append(Person.gender.is_(None))
    elif filters.gender:
        where.append(Person.gender == filters.gender)
    return where


def list_people(
    store: Store,
    *,
    sort: str = "name",
    descending: bool | None = None,
    filters: PeopleFilter | None = None,
    after: PeopleCursor | None = None,
    limit: int = PAGE_SIZE,
) -> PeoplePage:
    """A page of the people who speak, sorted, filtered; pass the page's `next` as `after` for the next one.

    Counts and dates sort most first and names A to Z unless `descending` says otherwise; ties by person id.
    Every sort pages through an index (the people's names, or the summary's counts and last seen), so a
    page costs the same at the top of the list and 20,000 people down, whatever the archive's size.
    """
    if sort not in PEOPLE_SORTS:
        raise StoreError(f"cannot sort people by {sort!r} (use {', '.join(PEOPLE_SORTS)})")
    descending = sort != "name" if descending is None else descending
    value = _SORT_COLUMNS[sort]
    # Ties by id: the summary's own person_id for its sorts, so that its index serves the whole order
    person = Person.id if sort == "name" else Summary.person_id
    query = (
        select(person, value)
        .select_from(Person)
        .join(Summary, Summary.person_id == Person.id)
        .where(*_filter_conditions(filters or PeopleFilter()))
    )
    if sort == "verified":
        query = query.where(Summary.verified > 0)
    ordered = (value.desc() if descending else value, person)
    rows: list[Any] = []
    with store.engine.connect() as conn:
        if after is not None:
            # Two index ranges rather than one OR: the rest of the cursor's ties, then the values beyond it
            ties = query.where(value == after.value, person > after.person_id)
            rows = list(conn.execute(ties.order_by(person).limit(limit + 1)))
            query = query.where(value < after.value if descending else value > after.value)
        if len(rows) <= limit:
            rows += conn.execute(query.order_by(*ordered).limit(limit + 1 - len(rows))).all()
        more = len(rows) > limit
        rows = rows[:limit]
        people = _summaries(conn, [r[0] for r in rows])
    cursor = PeopleCursor(rows[-1][1], rows[-1][0]) if more and rows else None
    return PeoplePage(tuple(people[r[0]] for r in rows), cursor)


def _summaries(conn: Connection, person_ids: Sequence[int]) -> dict[int, PersonSummary]:
    """Names, aliases, counts, outlets and dates of a page of people: indexed look-ups on their ids."""
    if not person_ids:
        return {}
    ids = list(person_ids)
    aliases: dict[int, list[str]] = defaultdict(list)
    for person_id, alias in conn.execute(
        select(PersonAlias.person_id, PersonAlias.alias)
        .where(PersonAlias.person_id.in_(ids))
        .order_by(PersonAlias.person_id, PersonAlias.alias)
    ):
        aliases[person_id].append(alias)
    outlets: dict[int, list[str]] = defaultdict(list)
    for person_id, outlet in conn.execute(
        select(PersonQuoteOutlet.person_id, PersonQuoteOutlet.outlet).where(
            PersonQuoteOutlet.person_id.in_(ids), PersonQuoteOutlet.outlet != ""
        )
    ):
        outlets[person_id].append(outlet)
    found: dict[int, PersonSummary] = {}
    for person_id, name, description, gender, quotes, verified, suggested, first, last in conn.execute(
        select(
            Person.id,
            Person.name,
            Person.description,
            Person.gender,
            Summary.quotes,
            Summary.verified,
            Summary.suggested,
            Summary.first_seen,
            Summary.last_seen,
        )
        .outerjoin(Summary, Summary.person_id == Person.id)
        .where(Person.id.in_(ids))
    ):
        found[person_id] = PersonSummary(
            person_id=person_id,
            name=name,
            aliases=tuple(aliases.get(person_id, ())),
            description=description,
            gender=gender,
            quotes=quotes or 0,
            verified=verified or 0,
            suggested=suggested or 0,
            outlets=tuple(sorted(outlets.get(person_id, ()), key=str.casefold)),
            first_seen=first or None,
            last_seen=last or None,
        )
    return found


def person_summary(store: Store, person_id: int) -> PersonSummary:
    with store.engine.connect() as conn:
        found = _summaries(conn, [person_id])
    if person_id not in found:
        raise StoreError(f"there is no person {person_id}")
    return found[person_id]


def find_person(store: Store, text: str) -> int:
    """A person's id from an id, a name or an alias (case-insensitive); StoreError when none or several."""
    wanted = " ".join(text.split())
    with store.engine.connect() as conn:
        if wanted.isdigit():
            if conn.scalar(select(Person.id).where(Person.id == int(wanted))) is None:
                raise StoreError(f"there is no person {wanted}")
            return int(wanted)
        lowered = wanted.lower()
        ids = set(conn.scalars(select(Person.id).where(func.lower(Person.name) == lowered)))
        if not ids:
            ids = set(conn.scalars(select(PersonAlias.person_id).where(func.lower(PersonAlias.alias) == lowered)))
    if not ids:
        raise StoreError(f"nobody called {wanted!r} (give a person id, a name or an alias)")
    if len(ids) > 1:
        raise StoreError(f"{len(ids)} people are called {wanted!r}: give the id ({', '.join(map(str, sorted(ids)))})")
    return ids.pop()


# ---- one person's quotes -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonQuote:
    quote_id: int
    article_id: int
    article_title: str
    outlet: str | None
    published: str | None
    status: str
    kind: str
    words: str  # the verbatim words (the whole content for indirect speech)
    start: int  # where the quote sits in its article, to jump there
    end: int
    group_id: int | None
    wording_differs: bool
    attributed_differently: bool


@dataclass(frozen=True, slots=True)
class QuotesCursor:
    published: str
    quote_id: int


@dataclass(frozen=True, slots=True)
class PersonQuotesPage:
    quotes: tuple[PersonQuote, ...]
    next: QuotesCursor | None


def person_quotes(
    store: Store,
    person_id: int,
    *,
    include_rejected: bool = False,
    after: QuotesCursor | None = None,
    limit: int = PAGE_SIZE,
) -> PersonQuotesPage:
    """A person's quotes across articles, the latest published first, a page at a time.

    A person quoted a hundred thousand times is not sorted whole for each page: their latest dates (from
    the cursor's) that hold a page of quotes are read from `person_dates`, and only the quotes in those
    dates' articles are fetched (the (person, article) index), then sorted."""
    published = func.coalesce(Article.published, "")
    query = (
        select(
            Quote.id,
            Quote.article_id,
            Article.title,
            Article.outlet,
            Article.published,
            Quote.status,
            Quote.kind,
            Quote.text,
            Quote.start,
            Quote.end,
            Quote.pieces,
            QuoteGroup.id,
            QuoteGroup.wording_differs,
            QuoteGroup.attributed_differently,
            published,
        )
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(QuoteGroupMember, QuoteGroupMember.quote_id == Quote.id)
        .outerjoin(QuoteGroup, QuoteGroup.id == QuoteGroupMember.group_id)
        .where(Quote.person_id == person_id)
    )
    if not include_rejected:
        query = query.where(Quote.status != "rejected")
    if after is not None:
        query = query.where(
            or_(published < after.published, and_(published == after.published, Quote.id < after.quote_id))
        )
    query = query.order_by(published.desc(), Quote.id.desc()).limit(limit + 1)
    with store.engine.connect() as conn:
        window = None if include_rejected else _latest_dates(conn, person_id, after, limit)
        if window is not None:
            query = query.where(window)
        rows = conn.execute(query).all()
    more = len(rows) > limit
    quotes = tuple(
        PersonQuote(
            quote_id=r[0],
            article_id=r[1],
            article_title=r[2],
            outlet=r[3],
            published=r[4],
            status=r[5],
            kind=r[6],
            words=verbatim_words(r[7], r[8], r[10] or ()),
            start=r[8],
            end=r[9],
            group_id=r[11],
            wording_differs=bool(r[12]),
            attributed_differently=bool(r[13]),
        )
        for r in rows[:limit]
    )
    cursor = QuotesCursor(rows[limit - 1][14], rows[limit - 1][0]) if more else None
    return PersonQuotesPage(quotes, cursor)


SORT_WHOLE = 2_000  # a person with this many quotes or fewer has them read and sorted whole
MAX_WINDOW_ARTICLES = 5_000  # a window of more articles than this (a day's archive, undated ones) is not worth it


def _latest_dates(
    conn: Connection, person_id: int, after: QuotesCursor | None, limit: int
) -> ColumnElement[bool] | None:
    """The condition that keeps the articles of the person's latest dates (from the cursor's on) holding more
    than `limit` of their counted quotes; None when reading all their quotes is as cheap.

    The two planners want it said differently. SQLite gets the articles' ids, and probes
    `ix_quotes_person_article` for each. PostgreSQL gets the dates: given 2,000 ids it read every article and
    the person's whole range of `ix_quotes_person_id` (40 to 80 ms at a million quotes); given the dates it
    finds the articles by `ix_articles_published` and probes the same index for each (15 to 20 ms)."""
    total = conn.scalar(select(Summary.quotes).where(Summary.person_id == person_id))
    if total is None or total <= SORT_WHOLE:
        return None
    dates = select(PersonQuoteDate.published, PersonQuoteDate.quotes).where(PersonQuoteDate.person_id == person_id)
    if after is not None:
        dates = dates.where(PersonQuoteDate.published <= after.published)
    chosen: list[str] = []
    held = 0
    for date, count in conn.execute(dates.order_by(PersonQuoteDate.published.desc()).limit(limit + 2)):
        chosen.append(date)
        held += count if after is None or date != after.published else 0  # some of the cursor's date were shown
        if held > limit:
            break
    dated = [d for d in chosen if d]
    condition: ColumnElement[bool] = Article.published.in_(dated)
    if "" in chosen:
        condition = or_(condition, Article.published.is_(None), Article.published == "")
    window = select(Article.id).where(condition).limit(MAX_WINDOW_ARTICLES + 1)
    if conn.dialect.name == "postgresql":
        articles = conn.scalar(select(func.count()).select_from(window.subquery())) or 0
        return condition if articles <= MAX_WINDOW_ARTICLES else None
    ids = list(conn.scalars(window))
    return Quote.article_id.in_(ids) if len(ids) <= MAX_WINDOW_ARTICLES else None


# ---- likely duplicates ---------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Case and accents folded: "José" and "jose" are one spelling (the gender suggestion's words)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _given_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """Given names that may be one person's: either missing, or each first name an initial or a short form
    of the other ("M" and "Mark", "Nick" and "Nicholas")."""
    if not a or not b:
        return True
    first_a, first_b = a[0], b[0]
    if first_a == first_b:
        return True
    if len(first_a) == 1 or len(first_b) == 1:
        return first_a[0] == first_b[0]
    shorter, longer = sorted((first_a, first_b), key=len)
    return len(shorter) >= 3 and longer.startswith(shorter)


@dataclass(frozen=True, slots=True)
class DuplicateSuggestion:
    person_id: int
    name: str
    other_id: int
    other_name: str
    reason: str  # "alias" (one's name is the other's alias) or "name" (same surname, compatible given names)


MAX_SURNAME_BLOCK = 300  # a surname shared by more people than this is left to the search


def likely_duplicates(store: Store, *, person_ids: Iterable[int] | None = None) -> list[DuplicateSuggestion]:
    """Pairs of people who may be one person, dismissed pairs left out; only pairs involving `person_ids`
    when given (the people of one article, or the one person open). Those read only the people who share a
    surname key with them (or with one of their aliases) or have their name as an alias, through indexes:
    the same pairs the whole archive gives that involve them, names compared as fold_name compares them."""
    wanted = None if person_ids is None else set(person_ids)
    with store.engine.begin() as conn:
        fill_stale_keys(conn)
        among = None if wanted is None else _candidates(conn, wanted)

        def only(column: Any) -> list[ColumnElement[bool]]:
            return [] if among is None else [column.in_(among)]

        names: dict[int, str] = {
            person_id: name for person_id, name in conn.execute(select(Person.id, Person.name).where(*only(Person.id)))
        }
        surnames: dict[int, str | None] = {
            person_id: surname
            for person_id, surname in conn.execute(
                select(PersonNameKey.person_id, PersonNameKey.surname).where(*only(PersonNameKey.person_id))
            )
        }
        aliases: dict[int, set[str]] = defaultdict(set)
        for person_id, folded in conn.execute(
            select(PersonAlias.person_id, PersonAliasKey.folded)
            .join(PersonAliasKey, PersonAliasKey.alias_id == PersonAlias.id)
            .where(*only(PersonAlias.person_id))
        ):
            if folded:
                aliases[person_id].add(folded)
        dismissed = {
            tuple(pair)
            for pair in conn.execute(
                select(DuplicateDismissal.person_id, DuplicateDismissal.other_id).where(
                    *only(DuplicateDismissal.person_id)
                )
            )
        }
    found: dict[tuple[int, int], str] = {}
    by_name: dict[str, list[int]] = defaultdict(list)
    by_surname: dict[str, list[int]] = defaultdict(list)
    for person_id, name in names.items():
        by_name[fold_name(name)].append(person_id)
        surname = surnames.get(person_id)
        if surname:
            by_surname[surname].append(person_id)
    for person_id, known in aliases.items():
        for alias in known:
            for other in by_name.get(alias, ()):
                if other != person_id:
                    found[(min(person_id, other), max(person_id, other))] = "alias"
    for members in by_surname.values():
        if len(members) < 2 or len(members) > MAX_SURNAME_BLOCK:
            continue
        given = {m: name_parts(names[m])[0] for m in members}
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if _given_compatible(given[a], given[b]):
                    found.setdefault((min(a, b), max(a, b)), "name")
    return [
        DuplicateSuggestion(a, names[a], b, names[b], reason)
        for (a, b), reason in sorted(found.items())
        if (a, b) not in dismissed and (wanted is None or a in wanted or b in wanted)
    ]


def _candidates(conn: Connection, wanted: set[int]) -> set[int]:
    """`wanted` and everyone who might be a duplicate of one of them, by the indexed keys: whoever has the
    surname key of one of their names or aliases (a name equal to their alias shares its key too), and
    whoever has one of their names, folded, as an alias. Their whole surname block is read, so the block
    is judged as the whole archive judges it."""
    ids = list(wanted)
    names = list(conn.scalars(select(Person.name).where(Person.id.in_(ids))))
    own_aliases = list(conn.scalars(select(PersonAlias.alias).where(PersonAlias.person_id.in_(ids))))
    keys = set(conn.scalars(select(PersonNameKey.surname).where(PersonNameKey.person_id.in_(ids))))
    keys |= {surname_key(alias) for alias in own_aliases}
    keys -= {"", None}
    found = set(wanted)
    if keys:  # ix_person_name_keys_surname
        found |= set(conn.scalars(select(PersonNameKey.person_id).where(PersonNameKey.surname.in_(keys))))
    folded = {fold_name(name) for name in names} - {""}
    if folded:  # ix_person_alias_keys_folded
        found |= set(
            conn.scalars(
                select(PersonAlias.person_id)
                .join(PersonAliasKey, PersonAliasKey.alias_id == PersonAlias.id)
                .where(PersonAliasKey.folded.in_(folded))
            )
        )
    return found


def dismiss_duplicate(store: Store, person_id: int, other_id: int, *, user: str) -> None:
    """The editor says these two are different people: the pair is not suggested again."""
    low, high = sorted((person_id, other_id))
    if low == high:
        raise StoreError("a person cannot be a duplicate of themselves")
    with store.engine.begin() as conn:
        if conn.scalar(select(func.count(Person.id)).where(Person.id.in_([low, high]))) != 2:
            raise StoreError(f"there is no person {low} or {high}")
        if conn.scalar(
            select(DuplicateDismissal.id).where(
                DuplicateDismissal.person_id == low, DuplicateDismissal.other_id == high
            )
        ):
            return
        conn.execute(insert(DuplicateDismissal).values(person_id=low, other_id=high, dismissed_by=user))
        _audit(conn, user, low, "dismiss_duplicate", None, {"other_id": high})


def undo_dismissal(store: Store, person_id: int, other_id: int, *, user: str) -> None:
    low, high = sorted((person_id, other_id))
    with store.engine.begin() as conn:
        removed = conn.execute(
            delete(DuplicateDismissal).where(DuplicateDismissal.person_id == low, DuplicateDismissal.other_id == high)
        ).rowcount
        if removed:
            _audit(conn, user, low, "undo_dismiss_duplicate", {"other_id": high}, None)


def _audit(
    conn: Connection,
    user: str,
    person_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    conn.execute(
        insert(Edit).values(
            at=utc_now(), user=user, target="person", target_id=person_id, action=action, before=before, after=after
        )
    )


# ---- gender --------------------------------------------------------------------------------------------------


def set_person_gender(store: Store, person_id: int, gender: str | None, *, user: str) -> str | None:
    """Record (or clear, with None) a person's gender; returns the one it replaced. Always the editor's call.
    (The app runs the undoable operation, annotator.operations.SetPersonGender, over the same store call.)"""
    return store.people.set_gender(person_id, gender, user=user)


# The words that tell a person's gender, from the one lexicon the engine also reads
_PRONOUNS: dict[str, str] = {word: "man" for word in MALE_PRONOUNS} | {word: "woman" for word in FEMALE_PRONOUNS}
_TITLES: dict[str, str] = {word: "man" for word in MALE_HONORIFICS} | {word: "woman" for word in FEMALE_HONORIFICS}


@dataclass(frozen=True, slots=True)
class GenderSuggestion:
    gender: str | None  # None when the evidence is absent or split
    evidence: dict[str, int] = field(default_factory=dict)  # "woman"/"man" -> pronouns and titles seen


def suggest_gender(store: Store, person_id: int) -> GenderSuggestion:
    """What the articles' pronouns say: the speakers written "she" or "he" that the engine or an editor
    resolved to this person, and titles in their aliases and mentions ("Mrs Ardern"). A suggestion only,
    when the evidence points one way at least three times to one."""
    counts: dict[str, int] = defaultdict(int)
    with store.engine.connect() as conn:
        written = conn.execute(
            select(Quote.speaker_text, func.count(Quote.id))
            .where(Quote.person_id == person_id, Quote.status != "rejected", Quote.speaker_text.is_not(None))
            .group_by(Quote.speaker_text)
        ).all()
        alias_rows = conn.scalars(select(PersonAlias.alias).where(PersonAlias.person_id == person_id)).all()
    for text, count in written:
        words = _plain(text or "").replace(".", " ").split()
        if len(words) == 1 and words[0] in _PRONOUNS:
            counts[_PRONOUNS[words[0]]] += count
        elif words and words[0] in _TITLES:
            counts[_TITLES[words[0]]] += count
    for alias in alias_rows:
        words = _plain(alias).replace(".", " ").split()
        if words and words[0] in _TITLES:
            counts[_TITLES[words[0]]] += 1
    evidence = dict(counts)
    ranked = sorted(evidence.items(), key=lambda kv: -kv[1])
    if not ranked:
        return GenderSuggestion(None, evidence)
    best, best_count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return GenderSuggestion(best if best_count >= 3 * max(runner_up, 1) or runner_up == 0 else None, evidence)
