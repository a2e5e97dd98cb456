"""People across the archive, the read side: who speaks, how often, where and when; one person's quotes;
likely duplicate people; a person's gender (the editor's choice) and the suggestion the pronouns give.

Reads go through `store.engine` in short Core reads, like the exporter (annotator/export/rows.py): the
People view pages over 100,000 people, so each page is one keyset query plus indexed look-ups for the
page's own people, never a walk over the whole archive. The two writes here (a gender, a dismissed
duplicate) are one transaction each with their audit row. Merging, splitting and renaming people are
operations (annotator/operations), not this module's business.
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
    Quote,
    QuoteGroup,
    QuoteGroupMember,
    utc_now,
)
from annotator.pieces import verbatim_words
from annotator.records import VERIFIED_STATUSES
from annotator.store import Store, StoreError
from annotator.store.people_repository import PERSON_GENDERS

PeopleSort = Literal["name", "quotes", "verified", "last_seen"]
PEOPLE_SORTS: tuple[str, ...] = ("name", "quotes", "verified", "last_seen")
GENDERS: tuple[str, ...] = PERSON_GENDERS
PAGE_SIZE = 100
_VERIFIED = tuple(sorted(VERIFIED_STATUSES))


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


def _speaks(statuses: Sequence[str] | None = None) -> ColumnElement[bool]:
    """The person has a quote (not rejected, or of these statuses): ix_quotes_person_status answers it."""
    condition = Quote.status.in_(statuses) if statuses else Quote.status != "rejected"
    return exists().where(Quote.person_id == Person.id, condition)


def _filter_conditions(filters: PeopleFilter, *, counted: bool) -> list[ColumnElement[bool]]:
    """`counted`: the query already joins each person's count of quotes, so only people who speak are in it."""
    where: list[ColumnElement[bool]] = []
    if not counted or filters.verified_only:
        where.append(_speaks(_VERIFIED if filters.verified_only else None))
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
                Quote.person_id == Person.id,
                Quote.status != "rejected",
                Article.id == Quote.article_id,
                func.lower(Article.outlet) == filters.outlet.strip().lower(),
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

    Counts sort most first and names A to Z unless `descending` says otherwise. Sorting by name pages through
    the name index; sorting by a count or by last seen counts every person's quotes once per page (the
    quotes' person index), which stays well under a second at a million quotes.
    """
    if sort not in PEOPLE_SORTS:
        raise StoreError(f"cannot sort people by {sort!r} (use {', '.join(PEOPLE_SORTS)})")
    descending = sort != "name" if descending is None else descending
    if sort == "last_seen" and descending and (filters is None or filters == PeopleFilter()):
        return _latest_seen_first(store, after, limit)
    where = _filter_conditions(filters or PeopleFilter(), counted=sort != "name")
    if sort == "name":
        sort_value: Any = Person.name
        query = select(Person.id, Person.name).where(*where)
    else:
        measure: ColumnElement[Any] = (
            func.coalesce(func.max(Article.published), "") if sort == "last_seen" else func.count(Quote.id)
        )
        counted = select(Quote.person_id.label("person_id"), measure.label("value")).where(Quote.person_id.is_not(None))
        if sort == "verified":
            counted = counted.where(Quote.status.in_(_VERIFIED))
        else:
            counted = counted.where(Quote.status != "rejected")
        if sort == "last_seen":
            counted = counted.join(Article, Article.id == Quote.article_id)
        measured = counted.group_by(Quote.person_id).subquery()
        sort_value = measured.c.value
        query = select(Person.id, measured.c.value).join(measured, measured.c.person_id == Person.id).where(*where)
    if after is not None:
        beyond = sort_value < after.value if descending else sort_value > after.value
        query = query.where(or_(beyond, and_(sort_value == after.value, Person.id > after.person_id)))
    query = query.order_by(sort_value.desc() if descending else sort_value, Person.id).limit(limit + 1)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        more = len(rows) > limit
        rows = rows[:limit]
        people = _summaries(conn, [r[0] for r in rows])
    cursor = PeopleCursor(rows[-1][1], rows[-1][0]) if more and rows else None
    return PeoplePage(tuple(people[r[0]] for r in rows), cursor)


WALK_BATCH = 200  # candidates checked against newer quotes at once


def _latest_seen_first(store: Store, after: PeopleCursor | None, limit: int) -> PeoplePage:
    """The people list by last seen, latest first, without counting everyone's quotes.

    Walk the quotes from the newest article back (the articles' date index, then each article's quotes):
    the first time the walk meets a person is their last seen date. A page needs only the next `limit`
    people met, plus the rest of the last date so that ties come in id order. After a cursor the walk
    starts at its date, and people met there who have newer quotes were on earlier pages (an indexed
    check per person). People quoted only in undated articles come last, by id, as the count sorts have
    them (their last seen is "")."""
    newest = Article.published.desc()
    walk = (
        select(Quote.person_id, Article.published)
        .join(Article, Article.id == Quote.article_id)
        .where(Quote.person_id.is_not(None), Quote.status != "rejected", Article.published.is_not(None))
        .order_by(newest)
    )
    if after is not None and after.value != "":
        walk = walk.where(Article.published <= after.value)
    met: set[int] = set()
    found: list[tuple[str, int]] = []
    with store.engine.connect() as conn:
        if after is None or after.value != "":
            found = _walk_people(conn, walk, after, limit, met)
        if len(found) <= limit:  # the dated articles are done: the people of undated ones follow
            found += _undated_people(conn, after, limit + 1 - len(found))
        found.sort(key=lambda row: (_descending_key(row[0]), row[1]))
        more = len(found) > limit
        rows = found[:limit]
        people = _summaries(conn, [person_id for _, person_id in rows])
    cursor = PeopleCursor(rows[-1][0], rows[-1][1]) if more and rows else None
    return PeoplePage(tuple(people[person_id] for _, person_id in rows), cursor)


def _descending_key(value: str) -> tuple[int, ...]:
    return (*(-ord(c) for c in value), 1)  # "" (undated) after every date


def _walk_people(
    conn: Connection, walk: Any, after: PeopleCursor | None, limit: int, met: set[int]
) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    batch: list[tuple[str, int]] = []
    boundary: str | None = None  # once the page is full: the date whose ties must all come in

    def take(batch: list[tuple[str, int]]) -> None:
        shown = _seen_after(conn, [p for _, p in batch], after.value) if after is not None else set()
        found.extend(row for row in batch if row[1] not in shown)

    for person_id, published in conn.execution_options(stream_results=True, yield_per=1000).execute(walk):
        if boundary is not None and published < boundary:
            break
        if person_id in met:
            continue
        met.add(person_id)
        if after is not None and published == after.value and person_id <= after.person_id:
            continue  # on the page before
        batch.append((published, person_id))
        if len(batch) >= WALK_BATCH or (len(found) + len(batch) > limit and after is None):
            take(batch)
            batch = []
            if boundary is None and len(found) > limit:
                boundary = found[limit][0]
    if batch:
        take(batch)
    return found


def _seen_after(conn: Connection, person_ids: Sequence[int], value: str) -> set[int]:
    """Those of `person_ids` quoted in an article newer than `value`: their place was on an earlier page."""
    newer: set[int] = set()
    for person_id in person_ids:
        probe = (
            select(Quote.id)
            .join(Article, Article.id == Quote.article_id)
            .where(Quote.person_id == person_id, Quote.status != "rejected", Article.published > value)
            .limit(1)
        )
        if conn.scalar(probe) is not None:
            newer.add(person_id)
    return newer


def _undated_people(conn: Connection, after: PeopleCursor | None, wanted: int) -> list[tuple[str, int]]:
    dated = exists().where(
        Quote.person_id == Person.id,
        Quote.status != "rejected",
        Article.id == Quote.article_id,
        Article.published.is_not(None),
    )
    query = select(Person.id).where(_speaks(), ~dated).order_by(Person.id).limit(wanted)
    if after is not None and after.value == "":
        query = query.where(Person.id > after.person_id)
    return [("", person_id) for person_id in conn.scalars(query)]


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
    tallies: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"quotes": 0, "verified": 0, "suggested": 0, "outlets": set(), "first": None, "last": None}
    )
    for quoted_id, status, outlet, first, last, count in conn.execute(
        select(
            Quote.person_id,
            Quote.status,
            Article.outlet,
            func.min(Article.published),
            func.max(Article.published),
            func.count(Quote.id),
        )
        .join(Article, Article.id == Quote.article_id)
        .where(Quote.person_id.in_(ids), Quote.status != "rejected")
        .group_by(Quote.person_id, Quote.status, Article.outlet)
    ):
        tally = tallies[quoted_id or 0]
        tally["quotes"] += count
        if status in VERIFIED_STATUSES:
            tally["verified"] += count
        elif status == "suggested":
            tally["suggested"] += count
        if outlet:
            tally["outlets"].add(outlet)
        if first and (tally["first"] is None or first < tally["first"]):
            tally["first"] = first
        if last and (tally["last"] is None or last > tally["last"]):
            tally["last"] = last
    found: dict[int, PersonSummary] = {}
    for person_id, name, description, gender in conn.execute(
        select(Person.id, Person.name, Person.description, Person.gender).where(Person.id.in_(ids))
    ):
        tally = tallies[person_id]
        found[person_id] = PersonSummary(
            person_id=person_id,
            name=name,
            aliases=tuple(aliases.get(person_id, ())),
            description=description,
            gender=gender,
            quotes=tally["quotes"],
            verified=tally["verified"],
            suggested=tally["suggested"],
            outlets=tuple(sorted(tally["outlets"], key=str.casefold)),
            first_seen=tally["first"],
            last_seen=tally["last"],
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
    """A person's quotes across articles, the latest published first, a page at a time."""
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


# ---- likely duplicates ---------------------------------------------------------------------------------------

_HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "fr",
        "sen",
        "rep",
        "gov",
        "pres",
        "president",
        "minister",
    ]
)


def _plain(text: str) -> str:
    """Case and accents folded: "José" and "jose" are one spelling."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_parts(name: str) -> tuple[tuple[str, ...], str]:
    """(given names, surname) of a name, honorifics and punctuation dropped: "Mr. Nick Clegg" -> (("nick",),
    "clegg")."""
    words = ["".join(c for c in w if c.isalnum() or c == "-") for w in _plain(name).split()]
    words = [w for w in words if w and w not in _HONORIFICS]
    if not words:
        return (), ""
    return tuple(words[:-1]), words[-1]


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
    when given (the people of one article, or the one person open)."""
    with store.engine.connect() as conn:
        names: dict[int, str] = {row[0]: row[1] for row in conn.execute(select(Person.id, Person.name))}
        aliases: dict[int, set[str]] = defaultdict(set)
        for person_id, alias in conn.execute(select(PersonAlias.person_id, PersonAlias.alias)):
            aliases[person_id].add(_plain(" ".join(alias.split())))
        dismissed = {
            tuple(pair) for pair in conn.execute(select(DuplicateDismissal.person_id, DuplicateDismissal.other_id))
        }
    wanted = None if person_ids is None else set(person_ids)
    found: dict[tuple[int, int], str] = {}
    by_name: dict[str, list[int]] = defaultdict(list)
    by_surname: dict[str, list[int]] = defaultdict(list)
    parts = {}
    for person_id, name in names.items():
        by_name[_plain(" ".join(name.split()))].append(person_id)
        parts[person_id] = name_parts(name)
        if parts[person_id][1]:
            by_surname[parts[person_id][1]].append(person_id)
    for person_id, known in aliases.items():
        for alias in known:
            for other in by_name.get(alias, ()):
                if other != person_id:
                    found[(min(person_id, other), max(person_id, other))] = "alias"
    for members in by_surname.values():
        if len(members) < 2 or len(members) > MAX_SURNAME_BLOCK:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if _given_compatible(parts[a][0], parts[b][0]):
                    found.setdefault((min(a, b), max(a, b)), "name")
    return [
        DuplicateSuggestion(a, names[a], b, names[b], reason)
        for (a, b), reason in sorted(found.items())
        if (a, b) not in dismissed and (wanted is None or a in wanted or b in wanted)
    ]


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


_PRONOUNS: dict[str, str] = {
    "he": "man",
    "him": "man",
    "his": "man",
    "himself": "man",
    "she": "woman",
    "her": "woman",
    "hers": "woman",
    "herself": "woman",
}
_TITLES: dict[str, str] = {"mr": "man", "sir": "man", "lord": "man", "mrs": "woman", "ms": "woman", "miss": "woman"}
_TITLES.update({"dame": "woman", "lady": "woman"})


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
