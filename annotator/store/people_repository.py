"""People: canonical speakers with their aliases, and what the engine learns from them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from annotator.db.models import (
    Mention,
    Person,
    PersonAlias,
    PersonAliasKey,
    PersonNameKey,
    Quote,
    utc_now,
)
from annotator.nlp.lexicon import fold_name
from annotator.nlp.types import KnownPerson
from annotator.records import (
    PersonRecord,
    SpeakerCandidate,
)
from annotator.store.audit import AuditLog
from annotator.store.database import Database
from annotator.store.errors import NotFound, StoreError
from annotator.store.name_keys import write_alias_key, write_person_key
from annotator.store.orm_records import escape_like

# The genders an editor may record for a person (annotator/people_archive.py suggests one from pronouns)
PERSON_GENDERS: tuple[str, ...] = ("woman", "man", "nonbinary")


class PeopleRepository:
    """Canonical speakers and their aliases."""

    def __init__(self, db: Database, audit: AuditLog) -> None:
        self.db = db
        self.audit = audit

    def find_or_create_person(self, name: str, *, user: str, aliases: Iterable[str] = ()) -> PersonRecord:
        name = " ".join(name.split())
        if not name:
            raise StoreError("a person needs a name")
        with self.db.transaction() as session:
            person_id = person_named(session, name)
            if person_id is None:
                person_id = self.create_person(session, name, user=user)
            for alias in aliases:
                teach_alias(session, person_id, alias)
        return self.get_person(person_id)

    def add_alias(self, person_id: int, alias: str, *, user: str) -> PersonRecord:
        with self.db.transaction() as session:
            if session.get(Person, person_id) is None:
                raise NotFound(f"there is no person {person_id}")
            if teach_alias(session, person_id, alias):
                self.audit.log(
                    session,
                    user=user,
                    action="add_alias",
                    target="person",
                    target_id=person_id,
                    article_id=None,
                    after={"alias": alias},
                )
        return self.get_person(person_id)

    def get_person(self, person_id: int) -> PersonRecord:
        people = self._people(select(Person).where(Person.id == person_id))
        if not people:
            raise NotFound(f"there is no person {person_id}")
        return people[0]

    def list_people(self) -> list[PersonRecord]:
        return self._people(select(Person).order_by(Person.name))

    def search_people(self, text: str, *, limit: int = 50) -> list[PersonRecord]:
        pattern = f"%{escape_like(text.strip())}%"
        matching = (
            select(Person)
            .outerjoin(PersonAlias, PersonAlias.person_id == Person.id)
            .where(or_(Person.name.ilike(pattern, escape="\\"), PersonAlias.alias.ilike(pattern, escape="\\")))
            .distinct()
            .order_by(Person.name)
            .limit(limit)
        )
        return self._people(matching)

    def find_speakers(self, text: str, *, article_id: int | None = None, limit: int = 30) -> list[SpeakerCandidate]:
        """Who may have said a quote, for the speaker picker: everyone whose name or alias contains each word
        typed ("zuck" and "Mark" both find Mark Zuckerberg), case and accents aside (see fold_name).

        The people the article names come first, then the rest of the database. The article's names
        include those no person has yet (a PERSON mention, a suggested speaker): they are offered with
        `person` None; a surname alone ("Zuckerberg") is left out when the article also gives the full name.
        """
        words = fold_name(text).split()
        typed = text.split()
        in_article = [c for c in self._article_speakers(article_id) if _matches(words, c)] if article_id else []
        seen = {c.person.id for c in in_article if c.person is not None}
        others = [
            SpeakerCandidate(name=p.name, person=p)
            for p in self._people_matching(words, typed, limit=limit + len(seen))
            if p.id not in seen
        ]
        return _ranked(in_article, words) + _ranked(others, words)[: max(0, limit - len(in_article))]

    def _people_matching(self, words: list[str], typed: list[str], *, limit: int) -> list[PersonRecord]:
        if not words:
            return self._people(select(Person).order_by(Person.name).limit(limit))
        # the database narrows by the longest word, folded and as typed ("o'neill" folds to "oneill"; ILIKE
        # folds case, not accents), then every word is checked on the folded name and aliases
        patterns = {f"%{escape_like(max(found, key=len))}%" for found in (words, typed) if found}
        conditions = [
            column.ilike(pattern, escape="\\") for pattern in patterns for column in (Person.name, PersonAlias.alias)
        ]
        matching = (
            select(Person)
            .outerjoin(PersonAlias, PersonAlias.person_id == Person.id)
            .where(or_(*conditions))
            .distinct()
            .order_by(Person.name)
            .limit(limit * 4)
        )
        found = [p for p in self._people(matching) if _matches(words, SpeakerCandidate(name=p.name, person=p))]
        if len(found) < limit:
            found += self._people_by_folded_scan(words, exclude={p.id for p in found}, limit=limit - len(found))
        return found[:limit]

    def _people_by_folded_scan(self, words: list[str], *, exclude: set[int], limit: int) -> list[PersonRecord]:
        """Names whose accents the typed words leave out ("jose" for "José"): ILIKE cannot see them, so the
        names with a non-ASCII letter are folded here (few in a newsroom's list; the rest were searched)."""
        with self.db.read() as session:
            names = select(Person.id, Person.name).where(self._not_ascii(Person.name))
            aliases = select(PersonAlias.person_id, PersonAlias.alias).where(self._not_ascii(PersonAlias.alias))
            rows = [(int(i), str(n)) for i, n in session.execute(names)]
            rows += [(int(i), str(n)) for i, n in session.execute(aliases)]
        ids = sorted(
            {
                person_id
                for person_id, name in rows
                if person_id not in exclude and not name.isascii() and all(w in fold_name(name) for w in words)
            }
        )
        return self._people(select(Person).where(Person.id.in_(ids[:limit])).order_by(Person.name)) if ids else []

    def _not_ascii(self, column: Any) -> Any:
        """Rows whose text has a letter beyond ASCII, tested in the database: only those can hide an accent."""
        if self.db.dialect == "sqlite":
            return column.op("GLOB")("*[^\x01-\x7f]*")
        return column.op("~")("[^\x01-\x7f]")

    def _article_speakers(self, article_id: int) -> list[SpeakerCandidate]:
        people = self.people_in_article(article_id)
        linked = {p.id for p in people}
        with self.db.read() as session:
            names = list(
                session.scalars(
                    select(Mention.text).where(
                        Mention.article_id == article_id, Mention.label == "PERSON", Mention.person_id.is_(None)
                    )
                )
            )
            names += session.scalars(
                select(Quote.speaker_name).where(
                    Quote.article_id == article_id, Quote.person_id.is_(None), Quote.speaker_name.is_not(None)
                )
            )
            by_name = people_named(session, names)
        candidates = [SpeakerCandidate(name=p.name, person=p, in_article=True) for p in people]
        unlinked: dict[str, str] = {}
        for raw in names:
            name = " ".join(raw.split())
            person_id = by_name.get(fold_name(name))
            if person_id is not None:
                if person_id not in linked:  # written as a known person's name or alias
                    linked.add(person_id)
                    candidates.append(SpeakerCandidate(name=name, person=self.get_person(person_id), in_article=True))
            elif name:
                unlinked.setdefault(fold_name(name), name)
        full_names = [set(folded.split()) for folded in unlinked] + [
            set(fold_name(n).split()) for c in candidates if c.person for n in (c.person.name, *c.person.aliases)
        ]
        for folded, name in unlinked.items():
            words = set(folded.split())
            if any(words < other for other in full_names):
                continue  # "Zuckerberg" when the article also says "Mark Zuckerberg"
            candidates.append(SpeakerCandidate(name=name, in_article=True))
        return candidates

    def people_in_article(self, article_id: int) -> list[PersonRecord]:
        """People this article names or quotes: the first choices in the speaker picker."""
        ids = (
            select(Quote.person_id.label("pid"))
            .where(Quote.article_id == article_id, Quote.person_id.is_not(None))
            .union(select(Mention.person_id).where(Mention.article_id == article_id, Mention.person_id.is_not(None)))
            .subquery()
        )
        return self._people(select(Person).where(Person.id.in_(select(ids.c.pid))).order_by(Person.name))

    def known_people(self) -> list[KnownPerson]:
        """People with at least one confirmed or corrected quote: what the engine learns from."""
        verified = select(Quote.person_id).where(Quote.status.in_(("confirmed", "corrected")))
        people = self._people(select(Person).where(Person.id.in_(verified)).order_by(Person.name))
        return [KnownPerson(name=p.name, aliases=p.aliases) for p in people]

    def _people(self, query: Select[Any]) -> list[PersonRecord]:
        with self.db.read() as session:
            people = list(session.scalars(query).unique())
            if not people:
                return []
            ids = [p.id for p in people]
            counts: dict[int | None, int] = {
                person_id: int(count)
                for person_id, count in session.execute(
                    select(Quote.person_id, func.count(Quote.id))
                    .where(Quote.person_id.in_(ids), Quote.status != "rejected")
                    .group_by(Quote.person_id)
                )
            }
            aliases: dict[int, list[str]] = {}
            for person_id, alias in session.execute(
                select(PersonAlias.person_id, PersonAlias.alias)
                .where(PersonAlias.person_id.in_(ids))
                .order_by(PersonAlias.alias)
            ):
                aliases.setdefault(person_id, []).append(alias)
            return [
                PersonRecord(
                    id=p.id,
                    name=p.name,
                    aliases=tuple(aliases.get(p.id, ())),
                    description=p.description,
                    quote_count=int(counts.get(p.id, 0)),
                )
                for p in people
            ]

    def person_for_name(self, session: Session, name: str, *, user: str) -> int:
        """The person called `name` (fold_name equal), created when there is none, in the caller's transaction."""
        name = " ".join(name.split())
        person_id = person_named(session, name)
        if person_id is None:
            person_id = self.create_person(session, name, user=user)
        return person_id

    def create_person(self, session: Session, name: str, *, user: str) -> int:
        person = Person(name=name, created_by=user)
        session.add(person)
        session.flush()
        write_person_key(session, person.id, name)
        self.audit.log(
            session,
            user=user,
            action="create",
            target="person",
            target_id=person.id,
            article_id=None,
            after={"name": name},
        )
        return person.id

    # ---- the editor's changes to people: rename, merge two, split one -----------------------------------

    def rename_person(self, person_id: int, name: str, *, user: str) -> PersonRecord:
        """Correct a person's name; quotes keep pointing at them. A name another person has is refused:
        that is a merge."""
        name = " ".join(name.split())
        if not name:
            raise StoreError("a person needs a name")
        with self.db.transaction() as session:
            person = self._person_row(session, person_id)
            holder = person_named(session, name)
            if holder is not None and holder != person_id:
                raise StoreError(f"{name} is already person {holder}: merge the two instead")
            if self._change(session, person, "name", name, action="rename", user=user):
                session.flush()  # the rename trigger empties the key first
                write_person_key(session, person_id, name)
        return self.get_person(person_id)

    def set_description(self, person_id: int, description: str | None, *, user: str) -> PersonRecord:
        """A short description that tells people apart in lists ("Meta CEO"); empty or None clears it."""
        text = " ".join((description or "").split()) or None
        if text is not None and len(text) > 200:
            raise StoreError("keep the description short (200 characters at most)")
        with self.db.transaction() as session:
            person = self._person_row(session, person_id)
            self._change(session, person, "description", text, action="set_description", user=user)
        return self.get_person(person_id)

    def set_gender(self, person_id: int, gender: str | None, *, user: str) -> str | None:
        """Record (or clear) a person's gender, always the editor's choice; returns the one it replaced."""
        if gender is not None and gender not in PERSON_GENDERS:
            raise StoreError(f"unknown gender {gender!r} (use {', '.join(PERSON_GENDERS)}, or none to clear it)")
        with self.db.transaction() as session:
            person = self._person_row(session, person_id)
            before = person.gender
            self._change(session, person, "gender", gender, action="set_gender", user=user)
        return before

    def merge_person(self, keep_id: int, other_id: int, *, user: str) -> PersonRecord:
        """Two entries are one person: `other`'s quotes, mentions and aliases move to `keep`, its name
        becomes an alias, and `other` is gone."""
        if keep_id == other_id:
            raise StoreError("a person cannot be merged with themselves")
        with self.db.transaction() as session:
            keep = self._person_row(session, keep_id)
            other = self._person_row(session, other_id)
            moved = self._move_quotes(
                session, select(Quote).where(Quote.person_id == other_id), keep, user=user, action="merge_people"
            )
            for mention in session.scalars(select(Mention).where(Mention.person_id == other_id)):
                mention.person_id = keep_id
            known = {fold_name(keep.name), *map(fold_name, _aliases_of(session, keep_id))}
            for alias in session.scalars(select(PersonAlias).where(PersonAlias.person_id == other_id)):
                if fold_name(alias.alias) in known:
                    session.delete(alias)  # `keep` has it already
                else:
                    alias.person_id = keep_id
            session.flush()
            teach_alias(session, keep_id, other.name)
            self.audit.log(
                session,
                user=user,
                action="merge",
                target="person",
                target_id=keep_id,
                article_id=None,
                before={"merged": other_id, "name": other.name},
                after={"name": keep.name, "quotes_moved": moved},
            )
            session.flush()
            session.delete(other)
        return self.get_person(keep_id)

    def split_person(self, person_id: int, name: str, quote_ids: Iterable[int], *, user: str) -> PersonRecord:
        """Some quotes of one person are someone else's: they move to the person called `name` (created
        if the database does not know them yet). Returns that person."""
        ids = sorted(set(quote_ids))
        if not ids:
            raise StoreError("choose the quotes that belong to the other person")
        with self.db.transaction() as session:
            self._person_row(session, person_id)
            quotes = list(session.scalars(select(Quote).where(Quote.id.in_(ids))))
            strangers = sorted(set(ids) - {q.id for q in quotes if q.person_id == person_id})
            if strangers:
                raise StoreError(f"quotes {', '.join(map(str, strangers))} are not attributed to person {person_id}")
            target_id = self.person_for_name(session, name, user=user)
            if target_id == person_id:
                raise StoreError(f"{name} is the same person: choose another name")
            target = self._person_row(session, target_id)
            self._move_quotes(session, select(Quote).where(Quote.id.in_(ids)), target, user=user, action="split_person")
        return self.get_person(target_id)

    def _change(self, session: Session, person: Person, field: str, value: Any, *, action: str, user: str) -> bool:
        """Set one field of a person, logged with its value before and after; False if it had that value."""
        before = getattr(person, field)
        if before == value:
            return False
        self.audit.log(
            session,
            user=user,
            action=action,
            target="person",
            target_id=person.id,
            article_id=None,
            before={field: before},
            after={field: value},
        )
        setattr(person, field, value)
        return True

    def _move_quotes(self, session: Session, query: Select[Any], target: Person, *, user: str, action: str) -> int:
        moved = 0
        for quote in session.scalars(query):
            before = {"person_id": quote.person_id, "speaker_name": quote.speaker_name}
            quote.person_id = target.id
            quote.speaker_name = target.name
            quote.updated_by = user
            quote.updated_at = utc_now()
            self.audit.log_quote(
                session,
                quote,
                user=user,
                action=action,
                before=before,
                after={"person_id": target.id, "speaker_name": target.name},
            )
            moved += 1
        return moved

    @staticmethod
    def _person_row(session: Session, person_id: int) -> Person:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(f"there is no person {person_id}")
        return person


def _matches(words: list[str], candidate: SpeakerCandidate) -> bool:
    names = (candidate.name, *(candidate.person.aliases if candidate.person else ()))
    if candidate.person is not None:
        names = (candidate.person.name, *names)
    haystack = " | ".join(fold_name(n) for n in names)
    return all(word in haystack for word in words)


def _ranked(candidates: list[SpeakerCandidate], words: list[str]) -> list[SpeakerCandidate]:
    """Names with a word starting as typed first ("Mark" before "Denmark"), then alphabetical."""

    def starts_a_word(candidate: SpeakerCandidate) -> bool:
        name_words = fold_name(candidate.name).split()
        return all(any(w.startswith(typed) for w in name_words) for typed in words)

    return sorted(candidates, key=lambda c: (not starts_a_word(c), fold_name(c.name)))


def people_named(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Folded name -> person id for these names (an article's few), each found as `person_named(aliases=True)`
    finds it: look names up with fold_name. Blank names find no one."""
    return people_with_folded_names(session, {fold_name(n) for n in names} - {""})


def person_named(session: Session, name: str, *, aliases: bool = False) -> int | None:
    """The person whose name (or, with `aliases`, whose name or alias) fold_name makes equal to `name`."""
    folded = fold_name(name)
    return people_with_folded_names(session, {folded}, aliases=aliases).get(folded)


def people_with_folded_names(session: Session, folded: Iterable[str], *, aliases: bool = True) -> dict[str, int]:
    """Folded name -> the person with that name, or else (with `aliases`) with that alias, for these folded
    names: a full name wins over somebody's alias, the latest of two people with one name, of two aliases
    the one written first.

    The key tables' indexes find them (annotator/store/name_keys.py), so the cost does not grow with the
    archive. Rows whose keys a trigger emptied (written outside the store since) are read too, few: their
    name or alias is folded here, so they are found all the same, and nothing is written. fold_name decides.
    """
    wanted = sorted(set(folded))
    if not wanted:
        return {}
    found: dict[str, int] = {}
    if aliases:
        for person_id, alias in session.execute(
            select(PersonAlias.person_id, PersonAlias.alias)
            .join(PersonAliasKey, PersonAliasKey.alias_id == PersonAlias.id)
            .where(or_(PersonAliasKey.folded.in_(wanted), PersonAliasKey.folded.is_(None)))
            .order_by(PersonAlias.id)
        ):
            found.setdefault(fold_name(alias), person_id)
    for person_id, name in session.execute(
        select(Person.id, Person.name)
        .join(PersonNameKey, PersonNameKey.person_id == Person.id)
        # a NULL surname marks the row stale: its folded name may be the one before a rename
        .where(or_(PersonNameKey.folded.in_(wanted), PersonNameKey.surname.is_(None)))
        .order_by(Person.id)
    ):
        found[fold_name(name)] = person_id
    return {key: person_id for key, person_id in found.items() if key in wanted}


def _aliases_of(session: Session, person_id: int) -> list[str]:
    return list(session.scalars(select(PersonAlias.alias).where(PersonAlias.person_id == person_id)))


def teach_alias(session: Session, person_id: int, alias: str) -> bool:
    """Remember how a person was written ("Mr Zuckerberg"), unless it is a pronoun or the name itself."""
    alias = " ".join(alias.split())
    folded = fold_name(alias)
    if not folded or folded in _NOT_ALIASES:
        return False
    person = session.get(Person, person_id)
    if person is None or folded in {fold_name(person.name), *map(fold_name, _aliases_of(session, person_id))}:
        return False  # the name itself, or an alias it has already however written ("O’Neil", "O'Neil")
    added = PersonAlias(person_id=person_id, alias=alias)
    session.add(added)
    session.flush()
    write_alias_key(session, added.id, alias)
    return True


_NOT_ALIASES = frozenset(
    ["he", "she", "they", "him", "her", "them", "his", "hers", "their", "i", "we", "you", "it", "who", "this"]
)
